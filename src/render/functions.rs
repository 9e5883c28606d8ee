//! Spiega's template functions (`url`, `get_page`, `get_section`, `trans`, `get_entry`,
//! `entries`, `backrefs`, `menu`, `chart`) and filters (`date`, `num`, `translate`, `slugify`,
//! `json_encode`).
//!
//! They read the resolved site through an `Arc`, and the page values through a `OnceLock` that is
//! filled once Markdown is rendered: reads never take a lock, so rendering in parallel never waits.

use std::sync::{Arc, OnceLock};

use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

use crate::load::front_matter::parse_date;
use crate::markdown::Problem;
use crate::render::dates::format_date;
use crate::render::tera_errors::function_error;
use crate::resolve::ResolvedSite;
use crate::resolve::links::{find_data_page, find_entry};

/// What the functions need: the site, and the values of every entry once they exist.
pub struct FunctionData {
    /// The resolved site.
    pub site: Arc<ResolvedSite>,
    /// One value per library entry (same order), set after Markdown is rendered.
    pub values: OnceLock<Vec<Value>>,
    /// Every data entry's value per language, set after Markdown is rendered.
    pub data_values: OnceLock<crate::render::data::DataValues>,
}

/// The filters every template can use: Tera's built-ins, then Spiega's ([`register`]). The one
/// list "did you mean" hints about an unknown filter weigh.
pub const FILTERS: [&str; 42] = [
    "safe",
    "default",
    "upper",
    "lower",
    "wordcount",
    "escape",
    "escape_html",
    "escape_xml",
    "newlines_to_br",
    "pluralize",
    "trim",
    "trim_start",
    "trim_end",
    "replace",
    "capitalize",
    "title",
    "truncate",
    "indent",
    "str",
    "int",
    "float",
    "length",
    "reverse",
    "split",
    "abs",
    "round",
    "first",
    "last",
    "nth",
    "join",
    "sort",
    "unique",
    "get",
    "values",
    "keys",
    "pairs",
    "group_by",
    // Spiega's.
    "date",
    "num",
    "translate",
    "slugify",
    "json_encode",
];

/// The functions every template can use: Tera's built-ins, then Spiega's.
pub const FUNCTIONS: [&str; 12] = [
    "range",
    "throw",
    // Spiega's.
    "url",
    "get_page",
    "get_section",
    "trans",
    "get_entry",
    "entries",
    "backrefs",
    "menu",
    "social_card",
    "chart",
];

/// The tests (`is odd`) every template can use: Tera's built-ins.
pub const TESTS: [&str; 17] = [
    "string",
    "number",
    "map",
    "bool",
    "array",
    "integer",
    "float",
    "none",
    "iterable",
    "defined",
    "undefined",
    "odd",
    "even",
    "divisible_by",
    "starting_with",
    "ending_with",
    "containing",
];

/// A template function: the site's data, the call's arguments and the render's state to a value.
type SiteFunction = fn(&FunctionData, &Kwargs, &State) -> TeraResult<Value>;

/// Every template function Spiega adds, by name.
const SITE_FUNCTIONS: &[(&str, SiteFunction)] = &[
    ("url", |d, k, s| url(d, k, s).map(Value::from)),
    ("get_page", |d, k, s| get_entry(d, k, s, false)),
    ("get_section", |d, k, s| get_entry(d, k, s, true)),
    ("trans", |d, k, s| trans(d, k, s).map(Value::from)),
    ("get_entry", get_data_entry),
    ("entries", all_entries),
    ("backrefs", backrefs),
    ("menu", |d, k, s| {
        current_lang(d, k, s).map(|lang| crate::render::menu::menu_value(&d.site, &lang))
    }),
    ("social_card", |d, _, s| social_card(d, s)),
    ("chart", chart),
];

/// Registers every function and filter on `tera` (Tera 2 wants them before templates are added).
pub fn register(tera: &mut Tera, data: &Arc<FunctionData>) {
    for &(name, function) in SITE_FUNCTIONS {
        let shared = Arc::clone(data);
        tera.register_function(name, move |kwargs: Kwargs, state: &State| {
            function(&shared, &kwargs, state)
        });
    }
    tera.register_filter("date", date_filter);
    tera.register_filter("num", num_filter);
    tera.register_filter("translate", translate_filter);
    tera.register_filter("slugify", |text: &str, _: Kwargs, _: &State| {
        slug::slugify(text)
    });
    tera.register_filter("json_encode", json_encode);
}

/// The social card of the page being rendered (by its `current_path`): `{url, width, height}`
/// with an absolute URL, or none when it has no card.
fn social_card(data: &FunctionData, state: &State) -> TeraResult<Value> {
    let config = &data.site.loaded.config;
    let Some(current) = state.get::<String>("current_path")? else {
        return Ok(Value::none());
    };
    let relative = current.strip_prefix(config.base_path()).unwrap_or(&current);
    let page_file = format!("{relative}index.html");
    let card = crate::resolve::plan::social_card_path(&page_file);
    if !matches!(
        data.site.plan.get(&card),
        Some(crate::resolve::plan::OutputKind::SocialCard(_))
    ) {
        return Ok(Value::none());
    }
    let mut fields: std::collections::BTreeMap<&str, Value> = std::collections::BTreeMap::new();
    fields.insert("url", Value::from(format!("{}{card}", config.base_url)));
    fields.insert("width", Value::from(crate::render::cards::WIDTH));
    fields.insert("height", Value::from(crate::render::cards::HEIGHT));
    Ok(Value::from(fields))
}

/// The language being rendered: the `lang` argument, else the `lang` variable of the context.
fn current_lang(data: &FunctionData, kwargs: &Kwargs, state: &State) -> TeraResult<String> {
    if let Some(lang) = kwargs.get::<&str>("lang")? {
        return Ok(lang.to_string());
    }
    Ok(state
        .get::<String>("lang")?
        .unwrap_or_else(|| data.site.loaded.config.default_language.clone()))
}

fn url(data: &FunctionData, kwargs: &Kwargs, state: &State) -> TeraResult<String> {
    let path: &str = kwargs.must_get("path")?;
    let absolute = kwargs.get::<bool>("absolute")?.unwrap_or(false);
    let config = &data.site.loaded.config;
    if is_external(path) {
        return Ok(path.to_string());
    }
    let relative = if let Some(link) = path.strip_prefix("@/") {
        let (target, anchor) = link
            .split_once('#')
            .map_or((link, None), |(t, a)| (t, Some(a)));
        let lang = current_lang(data, kwargs, state)?;
        let library = &data.site.library;
        let mut relative =
            match find_data_page(&data.site.data, target, &lang, &config.default_language) {
                Some(found) => found.map_err(link_error)?,
                None => {
                    let index = find_entry(library, target, &lang, &config.default_language)
                        .map_err(link_error)?;
                    library.entries[index].path.clone()
                }
            };
        if let Some(anchor) = anchor {
            relative.push('#');
            relative.push_str(anchor);
        }
        relative
    } else if let Some(lang) = kwargs.get::<&str>("lang")? {
        // An explicit language puts a plain path under that language's prefix (`en/atom.xml`).
        let prefix = crate::resolve::library::language_prefix(config, lang);
        format!("{prefix}{}", path.trim_start_matches('/'))
    } else {
        path.trim_start_matches('/').to_string()
    };
    Ok(if absolute {
        format!("{}{relative}", config.base_url)
    } else {
        format!("{}{relative}", config.base_path())
    })
}

/// `chart(data="…", field="…", …)`: the `chart` shortcode's figure, for templates (same
/// arguments, and `lang`). It has no CSV file, which only charts in pages' Markdown get; two
/// charts of the same data in one template need their own `id`.
fn chart(data: &FunctionData, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let lang = current_lang(data, kwargs, state)?;
    let mut args: std::collections::BTreeMap<String, serde_json::Value> = kwargs.deserialize()?;
    args.remove("lang");
    let failed = |problem: crate::markdown::Problem| {
        let hint = problem
            .hint
            .unwrap_or_else(|| "see docs/charts.md for every argument".to_string());
        function_error(format!("chart(): {}", problem.message), hint)
    };
    let id = crate::resolve::chart_spec::base_id(&args).map_err(failed)?;
    let place = crate::render::chart::Place {
        id,
        csv: None,
        cite: None,
    };
    crate::render::chart::draw(&data.site, &lang, &args, &place)
        .map(|html| Value::safe_string(&html))
        .map_err(failed)
}

/// A broken `@/` path given to a function, with the link's hint.
fn link_error(problem: Problem) -> Error {
    let hint = problem
        .hint
        .unwrap_or_else(|| "the path is relative to content/".to_string());
    function_error(problem.message, hint)
}

fn is_external(path: &str) -> bool {
    path.starts_with("http://")
        || path.starts_with("https://")
        || path.starts_with("//")
        || path.starts_with("mailto:")
        || path.starts_with('#')
}

fn get_entry(
    data: &FunctionData,
    kwargs: &Kwargs,
    state: &State,
    section: bool,
) -> TeraResult<Value> {
    let path: &str = kwargs.must_get("path")?;
    let lang = current_lang(data, kwargs, state)?;
    let site = &data.site;
    let index = find_entry(
        &site.library,
        path,
        &lang,
        &site.loaded.config.default_language,
    )
    .map_err(link_error)?;
    let entry = &site.library.entries[index];
    let what = if section { "get_section" } else { "get_page" };
    if entry.is_section() != section {
        let other = if section { "get_page" } else { "get_section" };
        return Err(function_error(
            format!(
                "{what}: `{path}` is not a {}",
                if section { "section" } else { "page" }
            ),
            format!("use `{other}(path=\"{path}\")`"),
        ));
    }
    let values = data.values.get().ok_or_else(|| {
        function_error(
            format!("{what} is not available inside shortcodes, which render before pages exist"),
            "pass what the shortcode needs as an argument instead",
        )
    })?;
    values.get(index).cloned().ok_or_else(|| {
        function_error(
            format!("{what}: no value for `{path}`"),
            "the page has a mistake of its own, reported with it",
        )
    })
}

fn trans(data: &FunctionData, kwargs: &Kwargs, state: &State) -> TeraResult<String> {
    let key: &str = kwargs.must_get("key")?;
    let lang = current_lang(data, kwargs, state)?;
    let strings = data.site.loaded.translations.get(&lang);
    match strings.and_then(|s| s.get(key)) {
        Some(text) => Ok(text.clone()),
        None => {
            let known = strings
                .map(|s| s.keys().map(String::as_str).collect::<Vec<_>>())
                .unwrap_or_default();
            let hint = crate::suggest::did_you_mean(key, known)
                .unwrap_or_else(|| format!("add `{key}: …` to i18n/{lang}.yaml (or the theme's)"));
            Err(function_error(
                format!("missing UI string `{key}` for language `{lang}`"),
                hint,
            ))
        }
    }
}

fn date_filter(value: &str, kwargs: Kwargs, state: &State) -> TeraResult<String> {
    let format = kwargs.get::<&str>("format")?.unwrap_or("%Y-%m-%d");
    let lang = match kwargs.get::<&str>("lang")? {
        Some(lang) => lang.to_string(),
        None => state.get::<String>("lang")?.unwrap_or_default(),
    };
    // The value is left out of the message, so that the mistake, met on every page, is said once.
    let date = parse_date(value).map_err(|_| {
        function_error(
            "the `date` filter got a value that is not a date written YYYY-MM-DD",
            "give the filter a date written YYYY-MM-DD, such as `page.date`",
        )
    })?;
    format_date(date.0, format, &lang).map_err(|message| {
        function_error(
            format!("date: {message}"),
            "use strftime codes such as `%-d %B %Y` in `format`",
        )
    })
}

/// A number written the language's way (`1.299,5` in Italian, `1,299.5` in English); `lang`
/// defaults to the page's, `decimals` (at most) to 6.
fn num_filter(value: &Value, kwargs: Kwargs, state: &State) -> TeraResult<String> {
    let number = value
        .as_number()
        .map(|n| n.as_float())
        .or_else(|| value.as_str().and_then(|s| s.trim().parse::<f64>().ok()))
        .ok_or_else(|| {
            function_error(
                "the `num` filter got a value that is not a number",
                "give the filter a number field, or text such as `3.5`",
            )
        })?;
    let lang = match kwargs.get::<&str>("lang")? {
        Some(lang) => lang.to_string(),
        None => state.get::<String>("lang")?.unwrap_or_default(),
    };
    let decimals = kwargs.get::<usize>("decimals")?.unwrap_or(6);
    Ok(crate::render::numbers::format_number(
        number, &lang, decimals,
    ))
}

/// A text of site.yaml written once or per language (`label: Tags` or `label: {it: Tag, en:
/// Tags}`) in the page's language (or `lang`); `default` when there is none.
fn translate_filter(value: &Value, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
    if value.is_string() {
        return Ok(value.clone());
    }
    let lang = match kwargs.get::<&str>("lang")? {
        Some(lang) => lang.to_string(),
        None => state.get::<String>("lang")?.unwrap_or_default(),
    };
    let found = value
        .as_map()
        .and_then(|map| map.get(&tera::value::Key::Str(&lang)))
        .filter(|text| !text.is_none());
    match (found, kwargs.get::<Value>("default")?) {
        (Some(text), _) => Ok(text.clone()),
        (None, Some(default)) => Ok(default),
        (None, None) => Err(function_error(
            format!("translate: no text for the language `{lang}`"),
            format!("add `{lang}: …` to the value in site.yaml, or give `default=`"),
        )),
    }
}

/// Serialises a value as JSON that is safe inside `<script>` (JSON-LD): `<`, `>` and `&` are
/// written as `\u` escapes so the text can never close the script element.
fn json_encode(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<Value> {
    let pretty = kwargs.get::<bool>("pretty")?.unwrap_or(false);
    let json = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    }
    .map_err(|error| {
        function_error(
            format!("json_encode: {error}"),
            "give the filter a value that JSON can hold",
        )
    })?;
    let safe = json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    Ok(Value::safe_string(&safe))
}

fn data_values<'a>(
    data: &'a FunctionData,
    what: &str,
) -> TeraResult<&'a crate::render::data::DataValues> {
    data.data_values.get().ok_or_else(|| {
        function_error(
            format!(
                "{what} is not available inside shortcodes, which render before data pages exist"
            ),
            "pass what the shortcode needs as an argument instead",
        )
    })
}

fn collection_named<'a>(
    data: &'a FunctionData,
    name: &str,
    what: &str,
) -> TeraResult<&'a crate::resolve::data::Collection> {
    data.site.data.get(name).ok_or_else(|| {
        let known = data.site.data.keys().map(String::as_str);
        let hint = crate::suggest::did_you_mean(name, known)
            .unwrap_or_else(|| "collections are declared in site.yaml's `collections`".to_string());
        function_error(format!("{what}: no collection `{name}`"), hint)
    })
}

fn get_data_entry(data: &FunctionData, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let name: &str = kwargs.must_get("collection")?;
    let id: &str = kwargs.must_get("id")?;
    let lang = current_lang(data, kwargs, state)?;
    let collection = collection_named(data, name, "get_entry")?;
    if collection.get(id).is_none() && collection.knows(id) {
        // An entry kept out for a mistake of its own: reported there, not here.
        return Ok(crate::render::data::left_out_value(collection, id));
    }
    if collection.get(id).is_none() {
        let hint = crate::suggest::did_you_mean(id, collection.ids())
            .unwrap_or_else(|| format!("the ids of `{name}` are in content/data/{name}.yaml"));
        return Err(function_error(
            format!("get_entry: no `{name}` entry has the id `{id}`"),
            hint,
        ));
    }
    data_values(data, "get_entry")?
        .get(&data.site, name, id, &lang)
        .ok_or_else(|| {
            function_error(
                format!("get_entry: no value for `{name}/{id}`"),
                "the entry has a mistake of its own, reported with it",
            )
        })
}

fn all_entries(data: &FunctionData, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let name: &str = kwargs.must_get("collection")?;
    let lang = current_lang(data, kwargs, state)?;
    collection_named(data, name, "entries")?;
    let mut list: Vec<Value> = data_values(data, "entries")?
        .all(name, &lang)
        .unwrap_or_default()
        .to_vec();
    list.sort_by(|a, b| a.get_from_path("id").cmp(&b.get_from_path("id")));
    Ok(Value::from(list))
}

fn backrefs(data: &FunctionData, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let name: &str = kwargs.must_get("collection")?;
    let field: &str = kwargs.must_get("field")?;
    let id: &str = kwargs.must_get("id")?;
    let lang = current_lang(data, kwargs, state)?;
    let collection = collection_named(data, name, "backrefs")?;
    if collection.field(field).is_none() {
        let names = collection.config.fields.iter().map(|f| f.name.as_str());
        let hint = crate::suggest::did_you_mean(field, names.clone()).unwrap_or_else(|| {
            let list: Vec<String> = names.map(|n| format!("`{n}`")).collect();
            format!("`{name}` has the fields {}", list.join(", "))
        });
        return Err(function_error(
            format!("backrefs: `{name}` has no field `{field}`"),
            hint,
        ));
    }
    let values = data_values(data, "backrefs")?
        .all(name, &lang)
        .unwrap_or_default();
    let found: Vec<Value> = collection
        .entries
        .iter()
        .zip(values)
        .filter(|(entry, _)| entry.refs(field).iter().any(|r| r == id))
        .map(|(_, value)| value.clone())
        .collect();
    Ok(Value::from(found))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hints_know_every_registered_function() {
        let registered: Vec<&str> = SITE_FUNCTIONS.iter().map(|(name, _)| *name).collect();
        assert_eq!(registered, FUNCTIONS[2..]);
    }
}
