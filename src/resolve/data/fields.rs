//! One field's value checked against its schema and typed: texts, URLs, numbers, dates, lists,
//! refs, and translatable values with one text per language.

use std::collections::BTreeMap;

use serde_yaml::Value as Yaml;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::locate::Step;
use crate::load::config::{CheckLevel, FieldConfig, FieldType};
use crate::markdown::safe_url::UrlUse;
use crate::resolve::numbers;

use super::{FieldValue, PartialDate};

/// A value's kind and text, for messages.
pub(super) fn describe(value: &Yaml) -> String {
    match value {
        Yaml::Null => "an empty value".to_string(),
        Yaml::Bool(b) => format!("the boolean `{b}`"),
        Yaml::Number(n) => format!("the number `{n}`"),
        Yaml::String(s) => format!("the text `{s}`"),
        Yaml::Sequence(_) => "a list".to_string(),
        Yaml::Mapping(_) => "a map".to_string(),
        Yaml::Tagged(_) => "a tagged value".to_string(),
    }
}

/// Problems with one field's value, each with the path of the value it is about.
pub(crate) type FieldErrors = Vec<(Vec<Step>, Diagnostic)>;

fn type_error(field: &FieldConfig, value: &Yaml, path: &[Step], expected: &str) -> FieldErrors {
    let name = &field.name;
    let hint = match expected {
        "text" => format!("write the text after `{name}:`; quote it if it holds `: `"),
        "a URL" => "write the full address, starting with `https://`".to_string(),
        "a whole number" => format!("write digits only, e.g. `{name}: 2024`"),
        "a number (without its unit)" => {
            "write the number alone: its unit is the field's `unit` in site.yaml".to_string()
        }
        "`true` or `false`" => format!("write `{name}: true` or `{name}: false`"),
        "a date" => "write `2024`, `2024-03` or `2024-03-27`".to_string(),
        "a list of texts" | "a list of ids" => format!("write a list: `{name}: [a, b]`"),
        "an id" => format!("write one id, e.g. `{name}: some-id`"),
        _ => format!("write one text, or one per language: `{name}: {{it: …, en: …}}`"),
    };
    vec![(
        path.to_vec(),
        Diagnostic::error(format!(
            "`{}` must be {expected}, not {}",
            field.name,
            describe(value)
        ))
        .with_hint(hint),
    )]
}

/// The site's languages (the default one first) and how a translatable value missing one of
/// them is reported (`translations.data` in site.yaml).
pub(super) struct Translating<'a> {
    pub(super) languages: &'a [&'a str],
    pub(super) level: CheckLevel,
}

/// A field's value, typed; problems that do not stop the value (a translation that falls back
/// to the default language's) go to `warnings`.
pub(super) fn check_field(
    field: &FieldConfig,
    value: &Yaml,
    languages: &Translating<'_>,
    path: &[Step],
    warnings: &mut FieldErrors,
) -> Result<Option<FieldValue>, FieldErrors> {
    if matches!(value, Yaml::Null) && !field.required {
        return Ok(None);
    }
    let value = match field.kind {
        FieldType::String => check_string(field, value, path)?,
        FieldType::Url => check_url(field, value, path)?,
        FieldType::Text | FieldType::Markdown => FieldValue::Text(translated(
            field,
            value,
            languages,
            path,
            scalar_text,
            warnings,
        )?),
        FieldType::TextList => FieldValue::TextList(translated(
            field,
            value,
            languages,
            path,
            string_list,
            warnings,
        )?),
        FieldType::Integer => check_integer(field, value, path)?,
        FieldType::Number => check_number(field, value, path)?,
        FieldType::Bool => match value {
            Yaml::Bool(b) => FieldValue::Bool(*b),
            _ => return Err(type_error(field, value, path, "`true` or `false`")),
        },
        FieldType::Date => check_date(field, value, path)?,
        FieldType::List => FieldValue::List(
            string_list(value).ok_or_else(|| type_error(field, value, path, "a list of texts"))?,
        ),
        FieldType::Ref => FieldValue::Ref(
            scalar_text(value).ok_or_else(|| type_error(field, value, path, "an id"))?,
        ),
        FieldType::Refs => FieldValue::Refs(
            string_list(value).ok_or_else(|| type_error(field, value, path, "a list of ids"))?,
        ),
    };
    Ok(Some(value))
}

/// A `string` value: text, one of the field's `enum` values if it has some.
fn check_string(
    field: &FieldConfig,
    value: &Yaml,
    path: &[Step],
) -> Result<FieldValue, FieldErrors> {
    let text = scalar_text(value).ok_or_else(|| type_error(field, value, path, "text"))?;
    if let Some(allowed) = &field.allowed
        && !allowed.contains(&text)
    {
        let hint = crate::suggest::did_you_mean(&text, allowed.iter().map(String::as_str))
            .unwrap_or_else(|| {
                let list: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
                format!("use one of {}", list.join(", "))
            });
        return Err(vec![(
            path.to_vec(),
            Diagnostic::error(format!(
                "`{text}` is not an allowed value of `{}`",
                field.name
            ))
            .with_hint(hint),
        )]);
    }
    Ok(FieldValue::String(text))
}

/// A `url` value: a safe link, with its `http(s)://`.
fn check_url(field: &FieldConfig, value: &Yaml, path: &[Step]) -> Result<FieldValue, FieldErrors> {
    let text = scalar_text(value).ok_or_else(|| type_error(field, value, path, "a URL"))?;
    if let Err(danger) = crate::markdown::safe_url::check(&text, UrlUse::Link) {
        return Err(vec![(
            path.to_vec(),
            Diagnostic::error(danger.to_string()).with_hint(danger.hint()),
        )]);
    }
    if !(text.starts_with("https://") || text.starts_with("http://")) {
        return Err(vec![(
            path.to_vec(),
            Diagnostic::error(format!("`{text}` is not a URL"))
                .with_hint("write the full address, starting with `https://`"),
        )]);
    }
    Ok(FieldValue::String(text))
}

/// An `integer` value, inside the field's bounds.
fn check_integer(
    field: &FieldConfig,
    value: &Yaml,
    path: &[Step],
) -> Result<FieldValue, FieldErrors> {
    match value {
        Yaml::Number(n) if n.as_i64().is_some() => {
            let whole = n.as_i64().unwrap_or_default();
            // Whole numbers of a schema are far below 2^53, where f64 stops being exact.
            numbers::check_range(field, whole as f64, &n.to_string(), path)?;
            Ok(FieldValue::Integer(whole))
        }
        _ => Err(type_error(field, value, path, "a whole number")),
    }
}

/// A `number` value: finite, inside the field's bounds.
fn check_number(
    field: &FieldConfig,
    value: &Yaml,
    path: &[Step],
) -> Result<FieldValue, FieldErrors> {
    match value {
        Yaml::Number(n) => {
            let number = n.as_f64().unwrap_or(f64::NAN);
            numbers::check_finite(field, number, &n.to_string(), path)?;
            numbers::check_range(field, number, &n.to_string(), path)?;
            Ok(FieldValue::Number(number))
        }
        _ => Err(type_error(
            field,
            value,
            path,
            "a number (without its unit)",
        )),
    }
}

/// A `date` value: a year, a month or a day.
fn check_date(field: &FieldConfig, value: &Yaml, path: &[Step]) -> Result<FieldValue, FieldErrors> {
    let text = scalar_text(value).ok_or_else(|| type_error(field, value, path, "a date"))?;
    let date = PartialDate::parse(&text).map_err(|message| {
        let hint = crate::load::front_matter::date_hint(&text)
            .replace("YYYY-MM-DD", "YYYY, YYYY-MM or YYYY-MM-DD");
        vec![(path.to_vec(), Diagnostic::error(message).with_hint(hint))]
    })?;
    Ok(FieldValue::Date(date))
}

fn scalar_text(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Number(n) => Some(n.to_string()),
        Yaml::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn string_list(value: &Yaml) -> Option<Vec<String>> {
    match value {
        Yaml::Sequence(items) => items.iter().map(scalar_text).collect(),
        _ => None,
    }
}

/// A translatable value: the same for every language, or a map with one entry per language. A
/// map that lacks a language but has the default one's falls back to it unless
/// `translations.data` is `error`.
fn translated<T: Clone>(
    field: &FieldConfig,
    value: &Yaml,
    translating: &Translating<'_>,
    path: &[Step],
    parse: impl Fn(&Yaml) -> Option<T>,
    warnings: &mut FieldErrors,
) -> Result<BTreeMap<String, T>, FieldErrors> {
    let languages = translating.languages;
    if let Some(single) = parse(value) {
        return Ok(languages
            .iter()
            .map(|l| ((*l).to_string(), single.clone()))
            .collect());
    }
    let Yaml::Mapping(map) = value else {
        return Err(type_error(
            field,
            value,
            path,
            "text, or a map with one text per language",
        ));
    };
    let mut texts = BTreeMap::new();
    let mut errors = Vec::new();
    for (key, text) in map {
        let lang = scalar_text(key).unwrap_or_default();
        let mut text_path = path.to_vec();
        text_path.push(Step::Key(lang.clone()));
        if !languages.contains(&lang.as_str()) {
            let hint = crate::suggest::did_you_mean(&lang, languages.iter().copied())
                .unwrap_or_else(|| format!("the site's languages are {}", languages.join(", ")));
            let mut key_path = path.to_vec();
            key_path.push(Step::KeyName(lang.clone()));
            errors.push((
                key_path,
                Diagnostic::error(format!("`{lang}` is not a language of the site"))
                    .with_hint(hint),
            ));
            continue;
        }
        match parse(text) {
            Some(parsed) => {
                texts.insert(lang, parsed);
            }
            None => errors.extend(type_error(field, text, &text_path, "text")),
        }
    }
    let default = languages.first().copied().unwrap_or_default();
    let fallback = texts.get(default).cloned();
    for lang in languages {
        if texts.contains_key(*lang) || !errors.is_empty() {
            continue;
        }
        let message = format!("`{}` is missing its `{lang}` translation", field.name);
        match (&fallback, translating.level) {
            (Some(text), level) if level != CheckLevel::Error => {
                if level == CheckLevel::Warn {
                    warnings.push((
                        path.to_vec(),
                        Diagnostic::warning(message).with_hint(format!(
                            "add `{lang}: …` to the map; meanwhile `{lang}` pages show the `{default}` text"
                        )),
                    ));
                }
                texts.insert((*lang).to_string(), text.clone());
            }
            _ => errors.push((
                path.to_vec(),
                Diagnostic::error(message).with_hint(format!("add `{lang}: …` to the map")),
            )),
        }
    }
    if errors.is_empty() {
        Ok(texts)
    } else {
        Err(errors)
    }
}
