//! The reports Tera 2.4.0 formats into one plain message when templates name an unknown filter,
//! function, test, template, component or block: read back, each becomes a diagnostic with the
//! nearest name Spiega knows.

use super::rendering::split_position;
use super::{Sources, backticked, sentence};
use crate::diagnostic::Diagnostic;
use crate::render::functions::{FILTERS, FUNCTIONS, TESTS};
use crate::render::template_tags;

/// The reports Tera formats into one message when templates name unknown filters, functions,
/// tests, templates, components or blocks.
pub(super) fn reports(text: &str, sources: &Sources) -> Vec<(String, Diagnostic)> {
    let mut found = Vec::new();
    for chunk in text.split("\n\nerror: ") {
        let chunk = chunk.strip_prefix("error: ").unwrap_or(chunk);
        let mut lines = chunk.lines();
        let Some(message) = lines.next() else {
            continue;
        };
        let Some((name, line, column)) = lines
            .find_map(|l| l.trim_start().strip_prefix("--> "))
            .and_then(split_position)
        else {
            continue;
        };
        let width = chunk
            .lines()
            .last()
            .map_or(0, |underline| underline.matches('^').count());
        let diagnostic = reference(message, sources, name);
        let diagnostic = match sources.get(name) {
            Some(source) => {
                let start = source.offset_of(line, column);
                let end = source.offset_of(line, column + width).max(start);
                diagnostic.at(source, start..end)
            }
            None => diagnostic.in_file(name),
        };
        found.push((name.to_string(), diagnostic));
    }
    found
}

/// A report about a name Tera does not know, with the nearest one it does.
fn reference(message: &str, sources: &Sources, template: &str) -> Diagnostic {
    let named = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .map(|rest| rest.trim_end_matches('`').to_string())
    };
    let nearest = |wrong: &str, known: &[&str], what: &str| {
        crate::suggest::did_you_mean(wrong, known.iter().copied()).unwrap_or_else(|| {
            format!(
                "the {what} are {}; docs/reference.md lists what each does",
                backticked(known)
            )
        })
    };
    if let Some(name) = named("Unknown filter `") {
        return Diagnostic::error(format!("unknown filter `{name}`"))
            .with_label("no such filter")
            .with_hint(nearest(&name, &FILTERS, "filters"));
    }
    if let Some(name) = named("Unknown function `") {
        return Diagnostic::error(format!("unknown function `{name}`"))
            .with_label("no such function")
            .with_hint(nearest(&name, &FUNCTIONS, "functions"));
    }
    if let Some(name) = named("Unknown test `") {
        return Diagnostic::error(format!("unknown test `{name}`"))
            .with_label("no such test")
            .with_hint(nearest(&name, &TESTS, "tests"));
    }
    if let Some(name) = named("Unknown template `") {
        let hint = crate::suggest::did_you_mean(&name, sources.keys().map(String::as_str))
            .unwrap_or_else(|| format!("create templates/{name}, or fix the name"));
        return Diagnostic::error(format!("template `{name}` not found"))
            .with_label("included here")
            .with_hint(hint);
    }
    if let Some(name) = named("Unknown component `") {
        return Diagnostic::error(format!("unknown component `{name}`")).with_hint(format!(
            "define it with `{{% component {name}() %}}…{{% endcomponent %}}`, or fix the name"
        ));
    }
    if let Some(rest) = message.strip_prefix("Block `")
        && let Some((block, _)) = rest.split_once('`')
    {
        let parents = parent_blocks(template, sources);
        let hint = crate::suggest::did_you_mean(block, parents.iter().map(String::as_str))
            .unwrap_or_else(|| {
                format!(
                    "define `{{% block {block} %}}` in the template this one extends, or remove it"
                )
            });
        return Diagnostic::error(format!(
            "no template this one extends has a block `{block}`"
        ))
        .with_hint(hint);
    }
    Diagnostic::error(sentence(message))
        .with_hint("check this name: see docs/reference.md for the filters and functions")
}

/// The blocks of every template `name` extends, nearest first.
fn parent_blocks(name: &str, sources: &Sources) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut seen = vec![name.to_string()];
    let mut current = sources.get(name);
    while let Some(source) = current {
        let Some((parent, _)) = template_tags::extends(&source.text) else {
            break;
        };
        if seen.contains(&parent) {
            break;
        }
        current = sources.get(&parent);
        if let Some(found) = current {
            blocks.extend(template_tags::block_names(&found.text));
        }
        seen.push(parent);
    }
    blocks
}
