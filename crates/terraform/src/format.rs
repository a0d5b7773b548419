//! HCL text in `terraform fmt`'s canonical form.
//!
//! hcl-rs's formatter already writes Terraform's indentation and spacing; what it leaves out
//! is the alignment `terraform fmt` (hclwrite) applies: in a run of consecutive lines that
//! each assign a whole one-line expression, the `=` signs line up one column after the
//! longest name. [`terraform_fmt`] adds exactly that, following hclwrite's rule: a line takes
//! part when it has a `=` (not `==`, `=>`, `<=`, `>=`, `!=`) outside strings after its first
//! token and the rest of the line opens no more brackets than it closes; any other line,
//! blank ones included, ends the run. The test suite checks the result byte for byte against
//! HashiCorp's own formatter.

use hcl::Body;

/// The body as `terraform fmt` would write it.
pub fn terraform_fmt(body: &Body) -> String {
    let text = hcl::format::to_string(body).unwrap_or_else(|error| {
        // hcl-rs fails only on identifiers it cannot write; this crate builds them all.
        panic!("the generator built HCL that hcl-rs cannot format: {error}")
    });
    align_assignments(&close_empty_blocks(&space_object_for_expressions(&text)))
}

/// `none {      }` → `none {}`: hcl-rs indents the closing brace of an empty block on the
/// same line.
pub fn close_empty_blocks(text: &str) -> String {
    let mut output = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (content, newline) = match line.strip_suffix('\n') {
            Some(content) => (content, "\n"),
            None => (line, ""),
        };
        match content.strip_suffix('}').map(str::trim_end) {
            Some(open)
                if open.ends_with('{')
                    && content.len() > open.len() + 1
                    && !open.trim_start().starts_with('"') =>
            {
                output.push_str(open);
                output.push('}');
            }
            _ => output.push_str(content),
        }
        output.push_str(newline);
    }
    output
}

/// `{for k, v in m : k => v}` → `{ for k, v in m : k => v }`: hclwrite puts a space inside
/// every object brace, hcl-rs none around a for expression.
pub fn space_object_for_expressions(text: &str) -> String {
    let mut output = String::with_capacity(text.len());
    let mut closers: Vec<bool> = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    for (index, character) in text.char_indices() {
        if in_string {
            match character {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            output.push(character);
            continue;
        }
        match character {
            '"' => {
                in_string = true;
                output.push(character);
            }
            '{' => {
                let for_expression = text[index + 1..].starts_with("for ");
                output.push('{');
                if for_expression {
                    output.push(' ');
                }
                closers.push(for_expression);
            }
            '}' => {
                if closers.pop() == Some(true) {
                    output.push(' ');
                }
                output.push('}');
            }
            _ => output.push(character),
        }
    }
    output
}

/// Aligns the `=` of consecutive one-line assignments, as hclwrite does.
pub fn align_assignments(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let assignments: Vec<Option<usize>> = lines.iter().map(|line| assignment(line)).collect();
    let mut output = String::with_capacity(text.len() + text.len() / 8);
    let mut start = 0;
    while start < lines.len() {
        let mut end = start;
        while end < lines.len() && assignments[end].is_some() {
            end += 1;
        }
        if end == start {
            output.push_str(lines[start]);
            output.push('\n');
            start += 1;
            continue;
        }
        let widest = (start..end)
            .filter_map(|index| assignments[index].map(|equals| lead_width(lines[index], equals)))
            .max()
            .unwrap_or(0);
        for index in start..end {
            let line = lines[index];
            let equals = assignments[index].unwrap_or(0);
            let lead = line[..equals].trim_end();
            output.push_str(lead);
            output.push_str(&" ".repeat(widest - lead.len() + 1));
            output.push_str(&line[equals..]);
            output.push('\n');
        }
        start = end;
    }
    // `split` yields one empty piece after the final newline: drop the newline it added.
    output.pop();
    output
}

fn lead_width(line: &str, equals: usize) -> usize {
    line[..equals].trim_end().len()
}

/// The byte offset of the line's assignment `=`, when the line is a one-line assignment.
fn assignment(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut in_string = false;
    let mut escaped = false;
    let mut depth: i32 = 0;
    let mut equals = None;
    let mut seen_token = false;
    for (index, &byte) in bytes.iter().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => {
                in_string = true;
                seen_token = true;
            }
            b'{' | b'[' | b'(' => depth += 1,
            b'}' | b']' | b')' => depth -= 1,
            b'=' if equals.is_none() && seen_token => {
                let before = index.checked_sub(1).map(|i| bytes[i]);
                let after = bytes.get(index + 1).copied();
                let operator = matches!(before, Some(b'=' | b'!' | b'<' | b'>'))
                    || matches!(after, Some(b'=' | b'>'));
                if !operator {
                    equals = Some(index);
                    depth = 0;
                }
            }
            b' ' | b'\t' => {}
            _ => seen_token = true,
        }
    }
    equals.filter(|_| depth == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_a_run_of_one_line_assignments() {
        let text = "a = 1\nlonger = 2\nobj = {\n  x = 1\n  yy = \"a = b\"\n}\n\nz = [1]\n";
        assert_eq!(
            align_assignments(text),
            "a      = 1\nlonger = 2\nobj = {\n  x  = 1\n  yy = \"a = b\"\n}\n\nz = [1]\n"
        );
    }

    #[test]
    fn object_for_expressions_get_spaces_inside_their_braces() {
        assert_eq!(
            space_object_for_expressions(
                "v = {for k, c in x : k => c.id}\nw = [for a in b : a]\ns = \"{for \"\n"
            ),
            "v = { for k, c in x : k => c.id }\nw = [for a in b : a]\ns = \"{for \"\n"
        );
    }

    #[test]
    fn empty_blocks_close_on_their_line() {
        assert_eq!(
            close_empty_blocks("a {\n  none {      }\n  b {}\n}\n"),
            "a {\n  none {}\n  b {}\n}\n"
        );
    }

    #[test]
    fn comparison_operators_and_strings_are_not_assignments() {
        assert_eq!(assignment("  \"a = b\""), None);
        assert_eq!(assignment("x = a == b ? 1 : 0"), Some(2));
        assert_eq!(assignment("x = { for k, v in m : k => v }"), Some(2));
        assert_eq!(assignment("tags = {"), None);
        assert_eq!(assignment("}"), None);
        assert_eq!(assignment("name = \"${var.a}-x\""), Some(5));
    }
}
