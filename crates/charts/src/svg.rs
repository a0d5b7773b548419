//! Finishing touches on plotters' SVG: scale to the container and carry an accessible title.

/// Makes `svg` scale to its container's width and gives it a role and title.
pub(crate) fn finish(svg: String, title: &str) -> String {
    let escaped = escape(title);
    let Some(start) = svg.find("<svg") else {
        return svg;
    };
    let Some(end) = svg[start..].find('>').map(|offset| start + offset) else {
        return svg;
    };
    let opening = &svg[start..end];
    let mut attributes: Vec<String> = Vec::new();
    for part in split_attributes(&opening[4..]) {
        if part.starts_with("width=") || part.starts_with("height=") {
            continue;
        }
        attributes.push(part);
    }
    if !attributes.iter().any(|part| part.starts_with("viewBox=")) {
        attributes.push(format!(
            r#"viewBox="0 0 {} {}""#,
            crate::WIDTH,
            crate::HEIGHT
        ));
    }
    format!(
        r#"{}<svg width="100%" role="img" aria-label="{escaped}" {}><title>{escaped}</title>{}"#,
        &svg[..start],
        attributes.join(" "),
        &svg[end + 1..]
    )
}

/// The `name="value"` pairs of an opening tag's attribute text.
fn split_attributes(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for character in text.chars() {
        match character {
            '"' => {
                quoted = !quoted;
                current.push(character);
            }
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    parts.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

/// Escapes text for SVG content and attribute values. A character XML 1.0 forbids even
/// escaped (a control character other than tab and line breaks, U+FFFE, U+FFFF) becomes
/// U+FFFD, so no text can make the document unreadable.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(character),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            _ => out.push(character),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_svg_scales_and_is_titled() {
        let svg = r#"<svg width="560" height="340" viewBox="0 0 560 340" xmlns="http://www.w3.org/2000/svg"><rect/></svg>"#;
        let finished = finish(svg.to_owned(), "Cost <by> region");
        assert!(finished.starts_with(r#"<svg width="100%" role="img" aria-label="Cost &lt;by&gt; region" viewBox="0 0 560 340""#), "{finished}");
        assert!(finished.contains("<title>Cost &lt;by&gt; region</title><rect/>"));
        assert!(!finished.contains(r#"height="340""#));
    }

    #[test]
    fn characters_xml_forbids_are_replaced() {
        assert_eq!(escape("a\u{b}b\u{ffff}&\n"), "a\u{fffd}b\u{fffd}&amp;\n");
    }
}
