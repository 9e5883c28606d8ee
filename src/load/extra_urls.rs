//! Dangerous URLs in free-form YAML maps (a page's or the site's `extra`): every string that would
//! run script if a template put it in an `href` or a `src`, with its path for locating it.

use crate::diagnostic::locate::Step;
use crate::markdown::safe_url::{DangerousUrl, UrlUse, check};

/// Every string under `map` (a free-form map such as `extra`) that is a dangerous URL, with its
/// path below `map`, in document order.
pub fn find_in_map(map: &serde_yaml::Mapping) -> Vec<(Vec<Step>, DangerousUrl)> {
    let mut found = Vec::new();
    walk_map(map, &mut Vec::new(), &mut found);
    found
}

fn walk_map(
    map: &serde_yaml::Mapping,
    path: &mut Vec<Step>,
    found: &mut Vec<(Vec<Step>, DangerousUrl)>,
) {
    // Only string keys can be located (and templates only reach those).
    for (key, item) in map.iter().filter_map(|(k, v)| Some((k.as_str()?, v))) {
        path.push(Step::Key(key.to_string()));
        walk_yaml(item, path, found);
        path.pop();
    }
}

fn walk_yaml(
    value: &serde_yaml::Value,
    path: &mut Vec<Step>,
    found: &mut Vec<(Vec<Step>, DangerousUrl)>,
) {
    match value {
        serde_yaml::Value::String(text) => {
            if let Err(danger) = check(text, UrlUse::Value) {
                found.push((path.clone(), danger));
            }
        }
        serde_yaml::Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                walk_yaml(item, path, found);
                path.pop();
            }
        }
        serde_yaml::Value::Mapping(map) => walk_map(map, path, found),
        serde_yaml::Value::Tagged(tagged) => walk_yaml(&tagged.value, path, found),
        serde_yaml::Value::Null | serde_yaml::Value::Bool(_) | serde_yaml::Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_dangerous_values_deep_in_yaml() {
        let yaml: serde_yaml::Mapping = serde_yaml::from_str(
            "hero: ok\nlinks:\n  - {url: 'https://x.org/'}\n  - {url: ' JavaScript:alert(1)'}\n\
             n: 3\nimg: !tag data:image/svg+xml,<svg>\n",
        )
        .unwrap_or_default();
        let found: Vec<(Vec<Step>, String)> = find_in_map(&yaml)
            .into_iter()
            .map(|(path, danger)| (path, danger.shown()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    vec![
                        Step::Key("links".into()),
                        Step::Index(1),
                        Step::Key("url".into())
                    ],
                    "javascript:".to_string()
                ),
                (
                    vec![Step::Key("img".into())],
                    "data:image/svg+xml".to_string()
                )
            ]
        );
    }
}
