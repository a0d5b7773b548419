//! Keeping text from the plan inert in the generated files.
//!
//! The only free text a plan carries into the config is its name, and it goes only into
//! comments: [`comment`] makes it one line (control characters become spaces) and, for files
//! that ERB evaluates before anything else (Rails' `database.yml`), [`erb_comment`] also
//! escapes `<%`. Every other value is a region code from the catalogue, a number, or a
//! placeholder built here; string literals are still written through [`string_literal`].

/// `text` as the rest of a one-line comment.
pub fn comment(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `text` as the rest of a one-line comment in a file ERB renders first.
pub fn erb_comment(text: &str) -> String {
    comment(text).replace("<%", "<%%")
}

/// A double-quoted string literal valid in JSON, TOML (basic string), YAML (double-quoted
/// scalar), Python and TypeScript: JSON's escapes are a subset of each.
pub fn string_literal(text: &str) -> String {
    serde_json::to_string(text).expect("a string always serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_stay_on_one_line_and_erb_stays_text() {
        assert_eq!(comment("a\nb\r\tc"), "a b  c");
        assert_eq!(erb_comment("x <%= `rm -rf /` %>"), "x <%%= `rm -rf /` %>");
    }

    #[test]
    fn string_literals_escape_quotes_and_control_characters() {
        assert_eq!(string_literal("a\"b\\c\n"), r#""a\"b\\c\n""#);
    }
}
