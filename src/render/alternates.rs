//! Every language version of what is being rendered (`translations` in templates: `{lang, path,
//! permalink}` in the site's language order), for language switchers and hreflang links.

use std::collections::BTreeMap;

use tera::Value;

use crate::resolve::ResolvedSite;

/// The versions of a page whose path in each language `path_in` gives (relative to the base URL,
/// `None` where there is none).
pub fn alternates(site: &ResolvedSite, path_in: impl Fn(&str) -> Option<String>) -> Value {
    let config = &site.loaded.config;
    let list: Vec<Value> = config
        .language_codes()
        .into_iter()
        .filter_map(|lang| {
            let path = path_in(lang)?;
            let mut fields: BTreeMap<&str, Value> = BTreeMap::new();
            fields.insert("lang", Value::from(lang));
            fields.insert("path", Value::from(format!("{}{path}", config.base_path())));
            fields.insert(
                "permalink",
                Value::from(format!("{}{path}", config.base_url)),
            );
            Some(Value::from(fields))
        })
        .collect();
    Value::from(list)
}
