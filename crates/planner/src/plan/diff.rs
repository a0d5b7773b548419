//! What changed between two versions of a plan, field by field, for a saved plan's history.
//!
//! Both plans are compared in their complete form (defaults filled in), flattened to JSON
//! paths (`database.instance_class`, `secondary_regions`); a list of plain values counts as
//! one field, so adding a region reads as one change. Values are shown as JSON text.

use serde::Serialize;
use serde_json::Value;

use super::Plan;

/// One field that differs; `None` on a side where the field is absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub path: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl FieldChange {
    /// The change as people say it: "Storage: 500 → 3,000 GB", "Secondary regions: us-west-2 →
    /// us-west-2, eu-west-1".
    pub fn summary(&self) -> String {
        let label = super::fields::label(&self.path).unwrap_or(&self.path);
        let unit = super::fields::number_field(&self.path)
            .map(|field| {
                if field.of.is_empty() {
                    field.after.to_owned()
                } else {
                    format!(" {}", field.of)
                }
            })
            .unwrap_or_default();
        let shown = |value: &Option<String>| match value.as_deref() {
            None | Some("null") => "(none)".to_owned(),
            Some(json) if self.path == "pattern" => {
                let slug = readable(json);
                crate::DeploymentPattern::ALL
                    .into_iter()
                    .find(|pattern| pattern.slug() == slug)
                    .map_or(slug, |pattern| pattern.profile().title.to_owned())
            }
            Some(json) => readable(json),
        };
        format!(
            "{label}: {} → {}{unit}",
            shown(&self.before),
            shown(&self.after)
        )
    }
}

/// A JSON value as text for people: strings without quotes, lists joined, whole numbers with
/// thousands separators.
fn readable(json: &str) -> String {
    match serde_json::from_str::<Value>(json) {
        Ok(Value::String(text)) => text,
        Ok(Value::Array(items)) if items.is_empty() => "(none)".to_owned(),
        Ok(Value::Array(items)) => items
            .iter()
            .map(|item| readable(&item.to_string()))
            .collect::<Vec<_>>()
            .join(", "),
        Ok(Value::Number(number)) if number.is_u64() => {
            crate::display::group_thousands(&number.to_string())
        }
        _ => json.to_owned(),
    }
}

/// The fields that differ between `before` and `after`, in path order.
pub fn diff(before: &Plan, after: &Plan) -> Vec<FieldChange> {
    let mut old = Vec::new();
    let mut new = Vec::new();
    flatten(
        "",
        &serde_json::to_value(before).unwrap_or(Value::Null),
        &mut old,
    );
    flatten(
        "",
        &serde_json::to_value(after).unwrap_or(Value::Null),
        &mut new,
    );
    let mut paths: Vec<&String> = old.iter().chain(new.iter()).map(|(path, _)| path).collect();
    paths.sort();
    paths.dedup();
    let value_at = |fields: &[(String, String)], path: &str| {
        fields
            .iter()
            .find(|(candidate, _)| candidate == path)
            .map(|(_, value)| value.clone())
    };
    paths
        .into_iter()
        .filter_map(|path| {
            let (before, after) = (value_at(&old, path), value_at(&new, path));
            (before != after).then(|| FieldChange {
                path: path.clone(),
                before,
                after,
            })
        })
        .collect()
}

fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    let join = |key: &str| {
        if prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{prefix}.{key}")
        }
    };
    match value {
        Value::Object(fields) => {
            for (key, field) in fields {
                flatten(&join(key), field, out);
            }
        }
        Value::Array(items) if items.iter().any(|item| item.is_object() || item.is_array()) => {
            for (index, item) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{index}]"), item, out);
            }
        }
        other => out.push((prefix.to_owned(), other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(json: &str) -> Plan {
        Plan::from_json(json).unwrap()
    }

    const BASE: &str = r#"{"pattern":"warm_standby","primary_region":"us-east-1","secondary_regions":["us-west-2"],"database":{"instance_class":"db.r6g.large"}}"#;

    #[test]
    fn changes_read_as_people_say_them() {
        let after = plan(
            r#"{"pattern":"warm_standby","primary_region":"us-east-1","secondary_regions":["us-west-2","eu-west-1"],"database":{"instance_class":"db.r6g.large","storage_gb":3000}}"#,
        );
        let summaries: Vec<String> = diff(&plan(BASE), &after)
            .iter()
            .map(FieldChange::summary)
            .collect();
        assert_eq!(
            summaries,
            [
                "Storage: 500 → 3,000 GB",
                "Secondary regions: us-west-2 → us-west-2, eu-west-1"
            ]
        );
    }

    #[test]
    fn identical_plans_have_no_changes() {
        assert_eq!(diff(&plan(BASE), &plan(BASE)), vec![]);
    }

    #[test]
    fn each_changed_field_is_named_once_with_both_values() {
        let after = plan(
            r#"{"pattern":"warm_standby","primary_region":"us-east-1","secondary_regions":["us-west-2","eu-west-1"],"database":{"instance_class":"db.r7g.xlarge"}}"#,
        );
        let changes = diff(&plan(BASE), &after);
        assert_eq!(
            changes,
            vec![
                FieldChange {
                    path: "database.instance_class".into(),
                    before: Some("\"db.r6g.large\"".into()),
                    after: Some("\"db.r7g.xlarge\"".into()),
                },
                FieldChange {
                    path: "secondary_regions".into(),
                    before: Some("[\"us-west-2\"]".into()),
                    after: Some("[\"us-west-2\",\"eu-west-1\"]".into()),
                },
            ]
        );
    }
}
