//! Which characters a plan's free text (its name) may hold, and how generated files keep
//! text inert.
//!
//! A name travels into comments of generated code and config (TypeScript, YAML, Ruby, Python,
//! Java properties, TOML, HCL, dotenv) and into Markdown. Those languages disagree on what
//! ends a line: JavaScript and YAML 1.1 also break lines at U+2028 and U+2029, YAML 1.1 at
//! U+0085, and bidirectional controls (U+202A–E, U+2066–9) make text read differently from
//! how it runs. So names reject every character of the Unicode general categories Cc
//! (control), Cf (format), Zl (line separator) and Zp (paragraph separator), and generators
//! still pass text through [`inert`] wherever it enters a file. [`name_prefix`] derives the
//! short, file- and identifier-safe name (`medium-saas`) that prefixes the bundle's resources
//! and names the plan's downloads.

/// The ranges of general category Cf (format); a test checks them against
/// `unicode-properties` for every code point.
const FORMAT: [(char, char); 21] = [
    ('\u{ad}', '\u{ad}'),
    ('\u{600}', '\u{605}'),
    ('\u{61c}', '\u{61c}'),
    ('\u{6dd}', '\u{6dd}'),
    ('\u{70f}', '\u{70f}'),
    ('\u{890}', '\u{891}'),
    ('\u{8e2}', '\u{8e2}'),
    ('\u{180e}', '\u{180e}'),
    ('\u{200b}', '\u{200f}'),
    ('\u{202a}', '\u{202e}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206f}'),
    ('\u{feff}', '\u{feff}'),
    ('\u{fff9}', '\u{fffb}'),
    ('\u{110bd}', '\u{110bd}'),
    ('\u{110cd}', '\u{110cd}'),
    ('\u{13430}', '\u{1343f}'),
    ('\u{1bca0}', '\u{1bca3}'),
    ('\u{1d173}', '\u{1d17a}'),
    ('\u{e0001}', '\u{e0001}'),
    ('\u{e0020}', '\u{e007f}'),
];

/// Whether `character` is of category Cc, Cf, Zl or Zp: never allowed in free text.
pub fn is_forbidden(character: char) -> bool {
    character.is_control()
        || matches!(character, '\u{2028}' | '\u{2029}')
        || FORMAT
            .iter()
            .any(|&(first, last)| (first..=last).contains(&character))
}

/// The first forbidden character of `text`, if any.
pub fn first_forbidden(text: &str) -> Option<char> {
    text.chars().find(|&character| is_forbidden(character))
}

/// `text` with every forbidden character replaced by a space: one line in every language
/// the generators write, reading as it runs.
pub fn inert(text: &str) -> String {
    text.chars()
        .map(|character| {
            if is_forbidden(character) {
                ' '
            } else {
                character
            }
        })
        .collect()
}

/// Resource names add suffixes of up to 30 characters; AWS caps several (ALB, target group)
/// at 32.
pub const MAX_PREFIX_LENGTH: usize = 20;

/// The default resource name prefix: the plan's name in lower case, letters and digits with
/// single dashes, starting with a letter, at most 20 characters (`Medium SaaS` → `medium-saas`).
pub fn name_prefix(plan_name: &str) -> String {
    let mut prefix = String::new();
    for character in plan_name.chars().flat_map(char::to_lowercase) {
        if character.is_ascii_alphanumeric() {
            if prefix.is_empty() && character.is_ascii_digit() {
                prefix.push_str("plan-");
            }
            prefix.push(character);
        } else if !prefix.is_empty() && !prefix.ends_with('-') {
            prefix.push('-');
        }
        if prefix.len() >= MAX_PREFIX_LENGTH {
            break;
        }
    }
    prefix.truncate(MAX_PREFIX_LENGTH);
    let prefix = prefix.trim_end_matches('-');
    if prefix.len() < 2 {
        "regionwise".to_owned()
    } else {
        prefix.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

    #[test]
    fn forbidden_is_exactly_cc_cf_zl_and_zp() {
        for code in 0..=0x10_FFFF_u32 {
            let Some(character) = char::from_u32(code) else {
                continue;
            };
            let expected = matches!(
                character.general_category(),
                GeneralCategory::Control
                    | GeneralCategory::Format
                    | GeneralCategory::LineSeparator
                    | GeneralCategory::ParagraphSeparator
            );
            assert_eq!(is_forbidden(character), expected, "U+{code:04X}");
        }
    }

    #[test]
    fn inert_text_has_no_line_break_in_any_language() {
        let text = "a\u{2028}b\u{2029}c\u{85}d\u{202e}e\u{2066}f\nx\u{200b}y";
        assert_eq!(inert(text), "a b c d e f x y");
        assert_eq!(first_forbidden(text), Some('\u{2028}'));
        assert_eq!(first_forbidden("Checkout — EU"), None);
    }
}
