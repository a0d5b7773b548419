//! Keeping text from the plan inert in the generated files.
//!
//! The only free text a plan carries into the config is its name, and it goes only into
//! comments: [`comment`] makes it one line in every language the config is written in
//! (control, format and line/paragraph separator characters become spaces, see
//! [`planner::plan::text`]; validation already rejects them, this holds for any text) and,
//! for files that ERB evaluates before anything else (Rails' `database.yml`), [`erb_comment`]
//! also escapes `<%`. Every other value is a region code from the catalogue, a number, or a
//! placeholder built here; string literals are still written through [`string_literal`].

use planner::plan::text;

/// `text` as the rest of a one-line comment.
pub fn comment(text: &str) -> String {
    text::inert(text)
}

/// `text` as the rest of a one-line comment in a file ERB renders first.
pub fn erb_comment(text: &str) -> String {
    comment(text).replace("<%", "<%%")
}

/// A double-quoted string literal valid in JSON, TOML (basic string), YAML (double-quoted
/// scalar), Python and TypeScript: JSON's escapes are a subset of each. Format and
/// line/paragraph separator characters, which JSON leaves raw, are written as `\uXXXX` too
/// (a forbidden character outside the Basic Multilingual Plane, which has no escape common to
/// all five, becomes U+FFFD).
pub fn string_literal(text: &str) -> String {
    let json = serde_json::to_string(text).expect("a string always serialises");
    json.chars()
        .map(|character| match character {
            c if !text::is_forbidden(c) => c.to_string(),
            c if u32::from(c) <= 0xFFFF => format!("\\u{:04x}", u32::from(c)),
            _ => '\u{fffd}'.to_string(),
        })
        .collect()
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
        assert_eq!(
            string_literal("a\u{2028}b\u{202e}c\u{e0041}"),
            "\"a\\u2028b\\u202ec\u{fffd}\""
        );
        let decoded: String = serde_json::from_str(&string_literal("x\u{2029}y")).unwrap();
        assert_eq!(decoded, "x\u{2029}y");
    }

    #[test]
    fn comments_never_break_a_line_in_javascript_or_yaml() {
        assert_eq!(comment("a\u{2028}b\u{2029}c\u{85}d"), "a b c d");
    }
}
