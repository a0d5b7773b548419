//! The plan being edited: a JSON document the form writes into field by field, parsed by the
//! planner on every change, and carried in the page address.
//!
//! The form keeps the draft as JSON rather than as a `Plan` so that a half-typed or invalid
//! value (a negative storage size, an empty field) can sit in the form while the last valid
//! plan keeps the results on screen; parsing it with [`Plan::from_json`] yields either a plan
//! or an error that names the field, exactly as the API would. In the address the draft is
//! stored as its difference from the default plan (compact JSON, base64url), so a copied link,
//! a reload or back/forward restores the same inputs without saving anything.

use planner::{DeploymentPattern, Plan, PlanError};
use serde_json::{Map, Value};

/// The plan a new visitor starts from: warm standby between N. Virginia and Ireland with every
/// other input at its documented "medium SaaS" default.
pub const DEFAULT_PLAN: &str = r#"{"name":"Medium SaaS","pattern":"warm_standby","primary_region":"us-east-1","secondary_regions":["eu-west-1"],"database":{"instance_class":"db.r6g.large"}}"#;

/// The query parameter the draft travels in.
pub const URL_PARAMETER: &str = "plan";

/// The most characters of an encoded draft the page accepts from an address.
const MAX_ENCODED_LENGTH: usize = 8_192;

/// The default plan as a complete document: every field present with its value.
pub fn default_document() -> Value {
    let plan = Plan::from_json(DEFAULT_PLAN).expect("the default plan is valid");
    serde_json::to_value(plan).unwrap_or(Value::Null)
}

/// The value at a dotted `path` (`database.storage_gb`).
pub fn get<'a>(document: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(document, |value, field| value.get(field))
}

/// Sets the value at a dotted `path`, creating objects on the way; `None` removes the field.
pub fn set(document: &mut Value, path: &str, value: Option<Value>) {
    let mut fields: Vec<&str> = path.split('.').collect();
    let Some(last) = fields.pop() else {
        return;
    };
    let mut current = document;
    for field in fields {
        if !current.get(field).is_some_and(Value::is_object) {
            if value.is_none() {
                return;
            }
            if let Value::Object(object) = current {
                object.insert(field.to_owned(), Value::Object(Map::new()));
            }
        }
        match current.get_mut(field) {
            Some(next) => current = next,
            None => return,
        }
    }
    if let Value::Object(object) = current {
        match value {
            Some(value) => {
                object.insert(last.to_owned(), value);
            }
            None => {
                object.remove(last);
            }
        }
    }
}

/// The draft an address carries in its `plan` parameter: absent or empty means the default
/// plan; anything else must decode (see [`decode_from_url`]).
/// Sets the task's vCPU, moving its memory to the nearest size Fargate allows for it.
pub fn choose_vcpu(document: &mut Value, vcpu: f64) {
    let memory = get(document, "app.memory_gb")
        .and_then(Value::as_f64)
        .unwrap_or(0.0);
    let options = planner::catalog::fargate_memory_options(vcpu);
    let nearest = options
        .iter()
        .copied()
        .min_by(|a, b| (a - memory).abs().total_cmp(&(b - memory).abs()));
    set(
        document,
        "app.vcpu",
        serde_json::Number::from_f64(vcpu).map(Value::Number),
    );
    if let Some(nearest) = nearest
        && nearest != memory
    {
        set(
            document,
            "app.memory_gb",
            serde_json::Number::from_f64(nearest).map(Value::Number),
        );
    }
}

/// Makes `region` the primary. When it was a secondary, the old primary takes its place
/// among the secondaries, so choosing a standby as the primary swaps the two.
pub fn choose_primary(document: &mut Value, region: &str) {
    let old = get(document, "primary_region")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if let Some(Value::Array(secondaries)) = document.get_mut("secondary_regions")
        && let Some(slot) = secondaries
            .iter_mut()
            .find(|secondary| secondary.as_str() == Some(region))
    {
        match &old {
            Some(old) if old != region => *slot = Value::String(old.clone()),
            _ => *slot = Value::Null,
        }
        secondaries.retain(|secondary| !secondary.is_null());
    }
    set(
        document,
        "primary_region",
        Some(Value::String(region.to_owned())),
    );
}

pub fn from_parameter(encoded: Option<&str>) -> Result<Value, String> {
    match encoded.filter(|encoded| !encoded.is_empty()) {
        None => Ok(default_document()),
        Some(encoded) => decode_from_url(encoded),
    }
}

/// The query string (`?plan=…`, or nothing for the default plan) that carries `encoded`.
pub fn query_string(encoded: &str) -> String {
    if encoded.is_empty() {
        String::new()
    } else {
        format!("?{URL_PARAMETER}={encoded}")
    }
}

/// The query string that carries `plan`, as the links to the plan's downloads and pages use.
pub fn query_for(plan: &Plan) -> String {
    let document = serde_json::to_value(plan).unwrap_or(Value::Null);
    query_string(&encode_for_url(&document))
}

/// `search` (`?plan=…&saved=…`) with its plan parameter set to `encoded` (dropped when empty)
/// and every other parameter kept, such as the saved plan being edited.
pub fn search_with_plan(search: &str, encoded: &str) -> String {
    let plan_pair = format!("{URL_PARAMETER}={encoded}");
    let others = search
        .strip_prefix('?')
        .unwrap_or(search)
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some(URL_PARAMETER));
    let pairs: Vec<&str> = (!encoded.is_empty())
        .then_some(plan_pair.as_str())
        .into_iter()
        .chain(others)
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// The value of query parameter `name` in a location's `search` (`?plan=…&x=1`), as written:
/// the encoded draft is base64url, which needs no percent-decoding.
pub fn parameter_from_search<'a>(search: &'a str, name: &str) -> Option<&'a str> {
    search
        .strip_prefix('?')
        .unwrap_or(search)
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

/// The plan the draft describes, or the first problem with it (naming the field).
///
/// A single-region plan ignores the secondary regions still ticked in the form, so switching
/// patterns back and forth keeps the user's choice.
pub fn parse(document: &Value) -> Result<Plan, PlanError> {
    let mut document = document.clone();
    if get(&document, "pattern").and_then(Value::as_str)
        == Some(DeploymentPattern::SingleRegion.slug())
    {
        set(
            &mut document,
            "secondary_regions",
            Some(Value::Array(Vec::new())),
        );
    }
    Plan::from_json(&document.to_string())
}

/// The draft as a query value: its difference from the default plan, compact JSON, base64url.
/// Empty when the draft is the default plan.
pub fn encode_for_url(document: &Value) -> String {
    match difference(&default_document(), document) {
        Some(changes) => base64url::encode(changes.to_string().as_bytes()),
        None => String::new(),
    }
}

/// The draft a query value describes: the default plan with the encoded changes applied.
pub fn decode_from_url(encoded: &str) -> Result<Value, String> {
    if encoded.len() > MAX_ENCODED_LENGTH {
        return Err(format!(
            "the plan in the address is longer than {MAX_ENCODED_LENGTH} characters"
        ));
    }
    let bytes = base64url::decode(encoded.trim_end_matches('='))
        .ok_or_else(|| "the plan in the address is not valid base64url".to_owned())?;
    let changes: Value = serde_json::from_slice(&bytes)
        .map_err(|err| format!("the plan in the address is not valid JSON: {err}"))?;
    if !changes.is_object() {
        return Err("the plan in the address is not a JSON object".to_owned());
    }
    let mut document = default_document();
    merge(&mut document, changes);
    Ok(document)
}

/// Unpadded base64url, as the address carries the draft: the `base64` crate on the server, the
/// browser's own `atob`/`btoa` in the browser (the crate's engine cost the first wasm file
/// about 2.5 KB gzipped). Both accept exactly the canonical text [`is_canonical`] checks, so a
/// hand-edited address reads the same on both sides and hydration never disagrees.
mod base64url {
    /// Whether `text` is canonical unpadded base64url: the URL-safe alphabet only, a length a
    /// whole number of bytes can have, and no bits set past the last byte — what the server's
    /// decoder (`URL_SAFE_NO_PAD`) accepts.
    pub(super) fn is_canonical(text: &str) -> bool {
        let digit = |character: u8| match character {
            b'A'..=b'Z' => Some(character - b'A'),
            b'a'..=b'z' => Some(character - b'a' + 26),
            b'0'..=b'9' => Some(character - b'0' + 52),
            b'-' => Some(62),
            b'_' => Some(63),
            _ => None,
        };
        let bytes = text.as_bytes();
        let Some(digits) = bytes.iter().map(|&c| digit(c)).collect::<Option<Vec<u8>>>() else {
            return false;
        };
        let last = digits.last().copied().unwrap_or(0);
        match bytes.len() % 4 {
            1 => false,
            2 => last & 0x0f == 0,
            3 => last & 0x03 == 0,
            _ => true,
        }
    }

    #[cfg(not(feature = "hydrate"))]
    pub(super) fn encode(bytes: &[u8]) -> String {
        use base64::Engine as _;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    #[cfg(not(feature = "hydrate"))]
    pub(super) fn decode(text: &str) -> Option<Vec<u8>> {
        use base64::Engine as _;
        if !is_canonical(text) {
            return None;
        }
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(text)
            .ok()
    }

    /// `btoa` takes a "binary string": one character per byte.
    #[cfg(feature = "hydrate")]
    pub(super) fn encode(bytes: &[u8]) -> String {
        let binary: String = bytes.iter().map(|&byte| char::from(byte)).collect();
        let standard = leptos::prelude::window().btoa(&binary).unwrap_or_default();
        standard
            .trim_end_matches('=')
            .replace('+', "-")
            .replace('/', "_")
    }

    #[cfg(feature = "hydrate")]
    pub(super) fn decode(text: &str) -> Option<Vec<u8>> {
        if !is_canonical(text) {
            return None;
        }
        let mut standard = text.replace('-', "+").replace('_', "/");
        standard.push_str(&"=".repeat((4 - text.len() % 4) % 4));
        let binary = leptos::prelude::window().atob(&standard).ok()?;
        // One character per byte, each below U+0100.
        binary
            .chars()
            .map(|character| u8::try_from(character).ok())
            .collect()
    }
}

/// What `changed` sets differently from `base`: objects field by field, anything else whole.
/// Fields `base` has and `changed` lacks are encoded as `null`.
fn difference(base: &Value, changed: &Value) -> Option<Value> {
    match (base, changed) {
        (Value::Object(base), Value::Object(changed)) => {
            let mut out = Map::new();
            for (field, value) in changed {
                let delta = match base.get(field) {
                    Some(original) => difference(original, value),
                    None => Some(value.clone()),
                };
                if let Some(delta) = delta {
                    out.insert(field.clone(), delta);
                }
            }
            for field in base.keys() {
                if !changed.contains_key(field) {
                    out.insert(field.clone(), Value::Null);
                }
            }
            (!out.is_empty()).then_some(Value::Object(out))
        }
        _ => (base != changed).then(|| changed.clone()),
    }
}

/// Applies `changes` (as [`difference`] makes them) to `document`.
fn merge(document: &mut Value, changes: Value) {
    match (document, changes) {
        (Value::Object(document), Value::Object(changes)) => {
            for (field, change) in changes {
                if change.is_null() {
                    document.remove(&field);
                } else if let Some(existing) = document.get_mut(&field) {
                    merge(existing, change);
                } else {
                    document.insert(field, change);
                }
            }
        }
        (document, change) => *document = change,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_base64url_is_what_the_servers_decoder_accepts() {
        use base64::Engine as _;
        let alphabet = [
            "A", "B", "Q", "g", "w", "z", "0", "-", "_", "=", "+", "/", " ", "é",
        ];
        // Every string of up to four characters from the alphabet.
        let mut layer = vec![String::new()];
        let mut texts = layer.clone();
        for _ in 0..4 {
            layer = layer
                .iter()
                .flat_map(|text| {
                    alphabet
                        .iter()
                        .map(move |character| format!("{text}{character}"))
                })
                .collect();
            texts.extend(layer.iter().cloned());
        }
        assert!(texts.len() > 40_000);
        for text in &texts {
            let accepted = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(text)
                .is_ok();
            assert_eq!(base64url::is_canonical(text), accepted, "{text:?}");
        }
    }

    #[test]
    fn a_new_vcpu_moves_memory_to_the_nearest_size_it_allows() {
        let mut document = serde_json::json!({"app": {"vcpu": 1.0, "memory_gb": 2.0}});
        choose_vcpu(&mut document, 8.0);
        assert_eq!(document["app"]["memory_gb"], 16.0);
        document["app"]["memory_gb"] = serde_json::json!(30.0);
        choose_vcpu(&mut document, 8.0);
        assert_eq!(document["app"]["memory_gb"], 28.0);
        choose_vcpu(&mut document, 0.25);
        assert_eq!(
            document["app"],
            serde_json::json!({"vcpu": 0.25, "memory_gb": 2.0})
        );
    }

    #[test]
    fn choosing_a_secondary_as_primary_swaps_the_two() {
        let mut document = serde_json::json!({
            "primary_region": "us-east-1",
            "secondary_regions": ["eu-west-1", "us-west-2"],
        });
        choose_primary(&mut document, "us-west-2");
        assert_eq!(document["primary_region"], "us-west-2");
        assert_eq!(
            document["secondary_regions"],
            serde_json::json!(["eu-west-1", "us-east-1"])
        );
        choose_primary(&mut document, "ap-south-1");
        assert_eq!(document["primary_region"], "ap-south-1");
        assert_eq!(
            document["secondary_regions"],
            serde_json::json!(["eu-west-1", "us-east-1"]),
            "a region that was no secondary changes nothing else"
        );
    }
    use serde_json::json;

    #[test]
    fn an_absent_or_empty_parameter_is_the_default_plan_and_the_query_follows_the_encoding() {
        assert_eq!(from_parameter(None), Ok(default_document()));
        assert_eq!(from_parameter(Some("")), Ok(default_document()));
        assert!(from_parameter(Some("not-base64!")).is_err());
        let mut document = default_document();
        set(&mut document, "database.storage_gb", Some(json!(900)));
        let encoded = encode_for_url(&document);
        assert_eq!(from_parameter(Some(&encoded)), Ok(document));
        assert_eq!(query_string(&encoded), format!("?plan={encoded}"));
        assert_eq!(query_string(""), "");
    }

    #[test]
    fn reads_the_plan_parameter_from_a_location_search() {
        assert_eq!(
            parameter_from_search("?plan=abc-_1", "plan"),
            Some("abc-_1")
        );
        assert_eq!(parameter_from_search("?x=1&plan=abc", "plan"), Some("abc"));
        assert_eq!(parameter_from_search("?planner=abc", "plan"), None);
        assert_eq!(parameter_from_search("", "plan"), None);
    }

    #[test]
    fn the_default_document_parses_to_the_default_plan() {
        let plan = parse(&default_document()).unwrap();
        assert_eq!(plan, Plan::from_json(DEFAULT_PLAN).unwrap());
        assert_eq!(encode_for_url(&default_document()), "");
    }

    #[test]
    fn a_changed_draft_round_trips_through_the_address_compactly() {
        let mut draft = default_document();
        set(&mut draft, "database.storage_gb", Some(json!(2048)));
        set(&mut draft, "pattern", Some(json!("hot_standby")));
        set(&mut draft, "targets.rto_seconds", Some(json!(120)));
        let encoded = encode_for_url(&draft);
        assert!(encoded.len() < 120, "{encoded}");
        assert_eq!(decode_from_url(&encoded).unwrap(), draft);
        // Removing an optional field survives the trip too.
        set(&mut draft, "targets", None);
        assert_eq!(decode_from_url(&encode_for_url(&draft)).unwrap(), draft);
    }

    #[test]
    fn an_invalid_value_names_its_field() {
        let mut draft = default_document();
        set(&mut draft, "database.storage_gb", Some(json!(-5)));
        let err = parse(&draft).unwrap_err();
        assert_eq!(err.path, "database.storage_gb");
    }

    #[test]
    fn single_region_ignores_the_ticked_secondaries() {
        let mut draft = default_document();
        set(&mut draft, "pattern", Some(json!("single_region")));
        assert!(parse(&draft).unwrap().secondary_regions.is_empty());
        assert_eq!(
            get(&draft, "secondary_regions"),
            Some(&json!(["eu-west-1"]))
        );
    }

    #[test]
    fn a_bad_address_is_an_error_not_a_panic() {
        assert!(decode_from_url("%%%").is_err());
        assert!(decode_from_url(&base64url::encode(b"[1]")).is_err());
        assert!(decode_from_url(&base64url::encode(b"{")).is_err());
        assert!(decode_from_url(&"A".repeat(MAX_ENCODED_LENGTH + 1)).is_err());
    }

    #[test]
    fn a_new_plan_in_the_address_keeps_the_other_parameters() {
        assert_eq!(search_with_plan("", "abc"), "?plan=abc");
        assert_eq!(search_with_plan("?plan=old", ""), "");
        assert_eq!(
            search_with_plan("?plan=old&saved=ID&revision=2", "new"),
            "?plan=new&saved=ID&revision=2"
        );
        assert_eq!(
            search_with_plan("?saved=ID&planet=x", ""),
            "?saved=ID&planet=x"
        );
    }
}
