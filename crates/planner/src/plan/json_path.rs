//! The JSON path of the field a serde_json decoding error points at.
//!
//! serde_json says where in the text decoding stopped (line and column), not which field it
//! was reading. Tracking the path while decoding (`serde_path_to_error`) wraps every decoder in
//! a second copy, which cost the browser's first wasm file about 9 KB gzipped. A plan decodes
//! with serde_json alone; only when that fails is the text scanned up to the error's position,
//! and the path is the fields and array items open there: `database.storage_gb`,
//! `secondary_regions[1]`. A key just read names the field (an unknown field's error points
//! right after its key); a finished object or array names its own field (a missing field's
//! error points after the object's `}`). The tests hold it to `serde_path_to_error`'s paths
//! over many broken plans.

/// One level of nesting open at the position.
enum Open {
    /// An object, with the key of the member being read, if one has been.
    Object { key: Option<String> },
    /// An array, with the index of the item being read.
    Array { index: usize },
}

/// The path of the field `error` concerns in `json`, the text it was decoded from. Empty for
/// the document itself.
pub(super) fn path_of(json: &str, error: &serde_json::Error) -> String {
    // serde_json's line counts from 1; its column counts bytes from the line's start.
    let line_start = json
        .split_inclusive('\n')
        .take(error.line().saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let end = (line_start + error.column()).min(json.len());
    let read = &json.as_bytes()[..end];
    let (mut open, ended_after_key) = open_at(read);
    let message = error.to_string();
    // An enum written as an object names its variant by the key: an unknown variant is the
    // enum field's error, not a field of its own (an unknown field keeps its key).
    let variant_key = ended_after_key && message.starts_with("unknown variant");
    // "expected value" points just past the bracket that should have been a value (an array
    // where an enum goes): the error is the field's, not its first item's.
    let rejected_bracket = message.starts_with("expected value")
        && matches!(read.trim_ascii_end().last(), Some(b'[' | b'{'));
    if variant_key || rejected_bracket {
        open.pop();
    }
    format(&open)
}

/// The objects and arrays open at the end of `text`, outermost first, and whether `text` ends
/// right after an object's key.
fn open_at(text: &[u8]) -> (Vec<Open>, bool) {
    let mut open: Vec<Open> = Vec::new();
    // In an object, whether the next string is a key.
    let mut expecting_key = false;
    let mut after_key = false;
    let mut at = 0;
    while at < text.len() {
        let byte = text[at];
        at += 1;
        if !byte.is_ascii_whitespace() {
            after_key = false;
        }
        match byte {
            b'{' => {
                open.push(Open::Object { key: None });
                expecting_key = true;
            }
            b'[' => open.push(Open::Array { index: 0 }),
            b'}' | b']' => {
                open.pop();
                expecting_key = false;
            }
            b',' => match open.last_mut() {
                Some(Open::Object { .. }) => expecting_key = true,
                Some(Open::Array { index }) => *index += 1,
                None => {}
            },
            b':' => expecting_key = false,
            b'"' => {
                let (string, next) = read_string(text, at);
                at = next;
                if expecting_key && let Some(Open::Object { key }) = open.last_mut() {
                    *key = Some(string);
                    expecting_key = false;
                    after_key = true;
                }
            }
            _ => {}
        }
    }
    (open, after_key)
}

/// The string starting after the quote at `at - 1`, unescaped as far as it goes, and the
/// position after its closing quote (or the end of `text`).
fn read_string(text: &[u8], mut at: usize) -> (String, usize) {
    let mut bytes = Vec::new();
    while at < text.len() {
        match text[at] {
            b'"' => return (String::from_utf8_lossy(&bytes).into_owned(), at + 1),
            b'\\' if at + 1 < text.len() => {
                let escaped = text[at + 1];
                at += 2;
                match escaped {
                    b'n' => bytes.push(b'\n'),
                    b't' => bytes.push(b'\t'),
                    b'r' => bytes.push(b'\r'),
                    b'b' => bytes.push(0x08),
                    b'f' => bytes.push(0x0c),
                    b'u' => {
                        let unit = text
                            .get(at..at + 4)
                            .and_then(|hex| std::str::from_utf8(hex).ok())
                            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                            .and_then(char::from_u32)
                            .unwrap_or(char::REPLACEMENT_CHARACTER);
                        at = (at + 4).min(text.len());
                        bytes.extend_from_slice(unit.encode_utf8(&mut [0; 4]).as_bytes());
                    }
                    other => bytes.push(other),
                }
            }
            other => {
                bytes.push(other);
                at += 1;
            }
        }
    }
    (String::from_utf8_lossy(&bytes).into_owned(), at)
}

/// `a.b[1].c`, as `serde_path_to_error` writes a path.
fn format(open: &[Open]) -> String {
    let mut path = String::new();
    for level in open {
        match level {
            Open::Object { key: Some(key) } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Open::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
            Open::Object { key: None } => {}
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Plan;

    /// The path `serde_path_to_error` names for `json`, and the one [`path_of`] finds.
    fn both_paths(json: &str) -> Option<(String, String)> {
        let deserializer = &mut serde_json::Deserializer::from_str(json);
        let error = serde_path_to_error::deserialize::<_, Plan>(deserializer).err()?;
        let expected = error.path().to_string();
        let expected = if expected == "." {
            String::new()
        } else {
            expected
        };
        let found = path_of(json, error.inner());
        Some((expected, found))
    }

    /// A plan with every field written out (defaults included), so every field gets broken.
    fn minimal() -> serde_json::Value {
        let example = include_str!("../../../../examples/active-active.json");
        let mut plan = serde_json::to_value(Plan::from_json(example).unwrap()).unwrap();
        plan["residency"] = serde_json::json!(["us", "eu"]);
        plan["targets"]["monthly_budget_usd"] = serde_json::json!("12500.50");
        plan
    }

    /// Every way of breaking one field of a plan: a wrong type, an unknown key beside it, the
    /// field removed (a missing required field names its object).
    fn broken_plans() -> Vec<String> {
        fn walk(value: &serde_json::Value, pointer: String, out: &mut Vec<String>) {
            match value {
                serde_json::Value::Object(map) => {
                    out.push(pointer.clone());
                    for (key, child) in map {
                        walk(child, format!("{pointer}/{key}"), out);
                    }
                }
                serde_json::Value::Array(items) => {
                    out.push(pointer.clone());
                    for (index, child) in items.iter().enumerate() {
                        walk(child, format!("{pointer}/{index}"), out);
                    }
                }
                _ => out.push(pointer),
            }
        }
        let plan = minimal();
        let mut pointers = Vec::new();
        walk(&plan, String::new(), &mut pointers);
        let replacements = [
            serde_json::json!("a \"quoted\" \\ text"),
            serde_json::json!(-1),
            serde_json::json!(1.5),
            serde_json::json!(true),
            serde_json::json!(null),
            serde_json::json!([1, {"x": "]"}]),
            serde_json::json!({"nested": {"deeper": [2]}}),
        ];
        let mut broken = Vec::new();
        for pointer in pointers.iter().filter(|pointer| !pointer.is_empty()) {
            for replacement in &replacements {
                let mut plan = minimal();
                *plan.pointer_mut(pointer).unwrap() = replacement.clone();
                broken.push(plan.to_string());
                broken.push(serde_json::to_string_pretty(&plan).unwrap());
            }
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            let mut plan = minimal();
            let Some(object) = plan.pointer_mut(parent).and_then(|p| p.as_object_mut()) else {
                continue;
            };
            object.remove(key);
            broken.push(plan.to_string());
            let mut plan = minimal();
            let object = plan
                .pointer_mut(parent)
                .and_then(|p| p.as_object_mut())
                .unwrap();
            object.insert("unknown \u{e9}\\\"key".to_owned(), serde_json::json!(1));
            broken.push(plan.to_string());
            broken.push(serde_json::to_string_pretty(&plan).unwrap());
        }
        broken
    }

    #[test]
    fn names_the_same_field_as_serde_path_to_error() {
        let mut compared = 0;
        let mut differing = Vec::new();
        for json in broken_plans() {
            if let Some((expected, found)) = both_paths(&json) {
                if found != expected {
                    differing.push(format!("{expected} vs {found} in {json}"));
                }
                compared += 1;
            }
        }
        assert!(differing.is_empty(), "{}", differing.join("\n"));
        assert!(
            compared > 200,
            "only {compared} broken plans failed to decode"
        );
    }

    #[test]
    fn names_fields_and_items_in_pretty_and_compact_text() {
        let mut plan = minimal();
        plan["secondary_regions"] = serde_json::json!(["eu-west-1", 7]);
        for json in [
            plan.to_string(),
            serde_json::to_string_pretty(&plan).unwrap(),
        ] {
            assert_eq!(both_paths(&json).unwrap().1, "secondary_regions[1]");
        }
        plan = minimal();
        plan["database"]["storage_gb"] = serde_json::json!("lots");
        assert_eq!(
            both_paths(&plan.to_string()).unwrap().1,
            "database.storage_gb"
        );
    }

    #[test]
    fn the_document_itself_has_the_empty_path() {
        for json in ["\"a plan\"", "", "[]", "{}", " 7 "] {
            assert_eq!(
                both_paths(json),
                Some((String::new(), String::new())),
                "{json}"
            );
        }
    }
}
