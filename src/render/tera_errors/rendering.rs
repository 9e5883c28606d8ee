//! Tera's rendering errors in words: a field or variable that is not there, an argument missing,
//! a value of the wrong type, an error of Spiega's functions; and the call chain of an error in
//! an included template.

use super::{HELP, Sources, at_span, range_of, sentence};
use crate::diagnostic::Diagnostic;

pub(super) fn rendering(
    report: &tera::ReportError,
    notes: Vec<String>,
    sources: &Sources,
) -> Diagnostic {
    let name = report.filename();
    let source = sources.get(name);
    let written = source
        .map(|s| s.text[range_of(s, report.span())].to_string())
        .unwrap_or_default();
    let before = source.map_or("", |s| {
        let start = range_of(s, report.span()).start;
        &s.text[..start]
    });
    let (message, label, hint) = explain_rendering(report.message(), &written, before);
    let mut diagnostic = Diagnostic::error(message).with_hint(hint);
    if let Some(label) = label {
        diagnostic = diagnostic.with_label(label);
    }
    for note in notes {
        diagnostic = diagnostic.with_note(note);
    }
    at_span(diagnostic, sources, name, report.span())
}

/// A message, a label and a hint.
type Explained = (String, Option<String>, String);

/// Tera's rendering messages as a message, a label and a hint. `written` is the source under the
/// error's span, `before` the template's text before it (to name the value a field is read from).
fn explain_rendering(message: &str, written: &str, before: &str) -> Explained {
    if let Some((message, hint)) = message.split_once(HELP) {
        return (message.to_string(), None, hint.to_string());
    }
    unknown_field(message, before)
        .or_else(|| unknown_variable(message))
        .or_else(|| missing_argument(message, written))
        .or_else(|| wrong_type(message))
        .unwrap_or_else(|| {
            (
                sentence(message),
                None,
                "check the values used here (print one with `| json_encode` to see what it holds)"
                    .to_string(),
            )
        })
}

fn unknown_field(message: &str, before: &str) -> Option<Explained> {
    let rest = message.strip_prefix("Field `")?;
    let (field, after) = rest.split_once("` is not defined.")?;
    let parent = value_before(before);
    let known = listed(after, "Available fields: ");
    let hint = crate::suggest::did_you_mean(field, known.iter().map(String::as_str))
        .unwrap_or_else(|| match known.is_empty() {
            true => format!(
                "`{parent}` has no fields here: check with `{{% if {parent}.{field} %}}` first, or write `{parent}.{field} | default(value=\"\")`"
            ),
            false => format!("`{parent}` has {}", backticked_list(&known)),
        });
    Some((
        format!("`{parent}` has no field `{field}`"),
        Some("unknown field".to_string()),
        hint,
    ))
}

fn unknown_variable(message: &str) -> Option<Explained> {
    let rest = message.strip_prefix("Variable `")?;
    if let Some((name, after)) = rest.split_once("` is not defined.") {
        let known = listed(after, "Available variables: ");
        let hint = crate::suggest::did_you_mean(name, known.iter().map(String::as_str))
            .unwrap_or_else(|| {
                format!(
                    "the variables here are {}; see docs/reference.md for what each template gets",
                    backticked_list(&known)
                )
            });
        return Some((
            format!("unknown variable `{name}`"),
            Some("not defined here".to_string()),
            hint,
        ));
    }
    let (name, _) = rest.split_once("` exists but its value is undefined")?;
    Some((
        format!("the variable `{name}` has no value here"),
        None,
        format!("check with `{{% if {name} is defined %}}` before using it"),
    ))
}

fn missing_argument(message: &str, written: &str) -> Option<Explained> {
    let argument = message
        .strip_prefix("Missing keyword argument `")?
        .trim_end_matches('`');
    let callee = written.split('(').next().unwrap_or_default().trim();
    let given = given_arguments(written);
    let hint = crate::suggest::closest(argument, given.iter().map(String::as_str))
        .map(|typo| format!("did you mean `{argument}` instead of `{typo}`?"))
        .unwrap_or_else(|| format!("add `{argument}=…` to the call"));
    Some((
        format!("`{callee}` needs the argument `{argument}`"),
        None,
        hint,
    ))
}

fn wrong_type(message: &str) -> Option<Explained> {
    let rest = message.strip_prefix("Invalid type for the value, expected `")?;
    let (expected, got) = rest.split_once("` but got `")?;
    let got = got.trim_end_matches('`');
    Some((
        format!(
            "this value is {}, where {} is expected",
            kind(got),
            kind(expected)
        ),
        Some(kind(got)),
        format!(
            "give {} here (print the value with `| json_encode` to see what it holds)",
            kind(expected)
        ),
    ))
}

/// A Tera type name in words.
fn kind(name: &str) -> String {
    match name {
        "string" => "text".to_string(),
        "map/struct" | "map" => "a map".to_string(),
        "array" | "seq" => "a list".to_string(),
        "number" | "integer" | "float" | "i64" | "f64" => "a number".to_string(),
        "bool" => "`true` or `false`".to_string(),
        "none" | "undefined" => "nothing".to_string(),
        other => format!("a `{other}`"),
    }
}

/// The argument names written in a call, `truncate(lenght=3)` giving `lenght`.
fn given_arguments(call: &str) -> Vec<String> {
    let Some((_, args)) = call.split_once('(') else {
        return Vec::new();
    };
    args.split(',')
        .filter_map(|arg| arg.split_once('=').map(|(name, _)| name.trim().to_string()))
        .filter(|name| !name.is_empty())
        .collect()
}

/// The expression a field is read from: `page.extra` in `{{ page.extra.hero }}`.
fn value_before(before: &str) -> String {
    let before = before.strip_suffix('.').unwrap_or(before);
    let start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .map_or(0, |i| i + 1);
    let parent = &before[start..];
    if parent.is_empty() {
        "the value".to_string()
    } else {
        parent.to_string()
    }
}

/// The names after `label` in a Tera message (`Available fields: a, b`).
fn listed(text: &str, label: &str) -> Vec<String> {
    text.split_once(label)
        .map(|(_, names)| {
            names
                .split(',')
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Up to a dozen names, for a hint that lists what there is.
fn backticked_list(names: &[String]) -> String {
    let mut list: Vec<String> = names.iter().take(12).map(|n| format!("`{n}`")).collect();
    if names.len() > 12 {
        list.push(format!("and {} more", names.len() - 12));
    }
    if list.is_empty() {
        "nothing".to_string()
    } else {
        list.join(", ")
    }
}

/// The `called from name:line:col` notes of a rendering error's report, as file positions.
pub(super) fn call_chain(report: &str, sources: &Sources) -> Vec<String> {
    report
        .lines()
        .filter_map(|line| line.strip_prefix("note: called from "))
        .filter_map(|place| {
            let (name, line, column) = split_position(place)?;
            let path = sources
                .get(name)
                .map_or(name.to_string(), |s| s.path.display().to_string());
            Some(format!("called from {path}:{line}:{column}"))
        })
        .collect()
}

/// `name:line:col` split from the right, since a template name may hold a colon.
pub(super) fn split_position(place: &str) -> Option<(&str, usize, usize)> {
    let mut parts = place.trim().rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?, line, column))
}
