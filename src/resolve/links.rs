//! `@/` internal links: from a content path to the entry it names.

use crate::markdown::Problem;
use crate::resolve::library::Library;

/// Finds the entry an `@/` link names (the part after `@/`, without `#anchor`), in `lang` if it
/// exists there, else in the default language.
///
/// Accepted forms: `articles/deal.md`, `articles/deal.en.md` (a given language),
/// `articles/` or `articles` (the section), `bundle/` (a page bundle).
pub fn find_entry(
    library: &Library,
    target: &str,
    lang: &str,
    default_language: &str,
) -> Result<usize, Problem> {
    let target = target.trim_start_matches('/');
    for (key, link_lang) in candidates(target, lang) {
        if let Some(i) = library
            .get(&key, &link_lang)
            .or_else(|| library.get(&key, default_language))
        {
            return Ok(i);
        }
    }
    let hint = crate::suggest::did_you_mean(target, library.keys()).or_else(|| {
        Some("the path is relative to content/, e.g. `@/articles/deal.md`".to_string())
    });
    Err(Problem {
        message: format!("broken internal link: no page `{target}` in content/"),
        hint,
    })
}

/// The keys a link target may mean, most likely first.
fn candidates(target: &str, lang: &str) -> Vec<(String, String)> {
    let mut keys = Vec::new();
    if let Some(stem) = target.strip_suffix(".md") {
        keys.push((target.to_string(), lang.to_string()));
        if let Some((base, suffix)) = stem.rsplit_once('.') {
            keys.push((format!("{base}.md"), suffix.to_string()));
        }
    } else {
        let dir = target.trim_end_matches('/');
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        keys.push((format!("{prefix}_index.md"), lang.to_string()));
        keys.push((format!("{prefix}index.md"), lang.to_string()));
    }
    keys
}

/// Resolves `data/<collection>/<id>` (the part after `@/`) to the entry's page path in `lang`.
/// Returns `None` when the target is not a data link at all.
pub fn find_data_page(
    data: &crate::resolve::data::DataSet,
    target: &str,
    lang: &str,
    default_language: &str,
) -> Option<Result<String, Problem>> {
    let rest = target.trim_start_matches('/').strip_prefix("data/")?;
    let (name, id) = rest
        .trim_end_matches('/')
        .split_once('/')
        .unwrap_or((rest, ""));
    let Some(collection) = data.get(name) else {
        return Some(Err(Problem {
            message: format!("broken internal link: no collection `{name}`"),
            hint: crate::suggest::did_you_mean(name, data.keys().map(String::as_str)).or_else(
                || {
                    Some(
                        "write `@/data/<collection>/<id>`, with a collection of site.yaml"
                            .to_string(),
                    )
                },
            ),
        }));
    };
    if !collection.knows(id) {
        return Some(Err(Problem {
            message: format!("broken internal link: no `{name}` entry has the id `{id}`"),
            hint: crate::suggest::did_you_mean(id, collection.ids()).or_else(|| {
                Some(format!(
                    "the ids of `{name}` are in content/data/{name}.yaml"
                ))
            }),
        }));
    }
    let path = collection
        .entry_path(id, lang)
        .or_else(|| collection.entry_path(id, default_language));
    Some(path.ok_or_else(|| Problem {
        message: format!("broken internal link: `{name}` entries have no pages"),
        hint: Some(format!("give the collection `{name}` `paths` in site.yaml")),
    }))
}
