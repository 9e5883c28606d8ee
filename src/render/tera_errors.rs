//! Tera's errors reworded for editors: one message with the real cause, located in the template
//! file (not the template's name), the call chain as notes, and a hint with the nearest name Tera
//! knows (filters, functions, tests, fields, variables, blocks, templates).
//!
//! Tera 2.4.0 hands over three kinds of errors: syntax and rendering errors, which carry a
//! message, a template name and a span; errors about the set of templates (a missing parent, a
//! circle of `extends`); and, for unknown filters, functions, tests, templates and blocks, one
//! plain message holding every report already formatted, which is read back here.

use std::collections::BTreeMap;
use std::ops::Range;

use tera::ErrorKind;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::render::functions::{FILTERS, FUNCTIONS, TESTS};
use crate::render::template_tags::{self, Mismatch};

/// Template sources by name.
pub type Sources = BTreeMap<String, SourceFile>;

/// How Spiega's functions and filters separate a hint from their message, so that the hint
/// becomes the diagnostic's `help` rather than a parenthesis in its message.
const HELP: &str = "\n= help: ";

/// The tags Tera knows, for hints about an unknown one.
const TAGS: [&str; 20] = [
    "if",
    "elif",
    "else",
    "endif",
    "for",
    "endfor",
    "block",
    "endblock",
    "set",
    "set_global",
    "endset",
    "include",
    "extends",
    "filter",
    "endfilter",
    "raw",
    "component",
    "endcomponent",
    "break",
    "continue",
];

/// An error of one of Spiega's functions or filters, with a hint on how to fix it.
pub fn function_error(
    message: impl std::fmt::Display,
    hint: impl std::fmt::Display,
) -> tera::Error {
    tera::Error::message(format!("{message}{HELP}{hint}"))
}

/// One diagnostic for a Tera error met while rendering `template` (or loading the templates).
pub fn tera_diagnostic(
    error: &tera::Error,
    sources: &Sources,
    template: Option<&str>,
) -> Diagnostic {
    let mut found = diagnostics(error, sources, template);
    if found.is_empty() {
        return generic(&error.to_string(), sources, template);
    }
    found.swap_remove(0).1
}

/// Every diagnostic a Tera error holds, each with the template it is about (to leave it out).
pub fn diagnostics(
    error: &tera::Error,
    sources: &Sources,
    template: Option<&str>,
) -> Vec<(String, Diagnostic)> {
    match error.kind() {
        ErrorKind::SyntaxError(report) => {
            vec![(report.filename().to_string(), syntax(report, sources))]
        }
        ErrorKind::RenderingError(report) => {
            let notes = call_chain(&error.to_string(), sources);
            let diagnostic = rendering(report, notes, sources);
            vec![(report.filename().to_string(), diagnostic)]
        }
        ErrorKind::MissingParent { current, parent } => {
            vec![(current.clone(), missing_parent(current, parent, sources))]
        }
        ErrorKind::TemplateNotFound(name) => {
            let within = template.unwrap_or(name);
            vec![(within.to_string(), not_found(name, sources, template))]
        }
        ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => vec![(
            tpl.clone(),
            circle(tpl, inheritance_chain, "extend", sources),
        )],
        ErrorKind::CircularInclude { tpl, include_chain } => {
            vec![(tpl.clone(), circle(tpl, include_chain, "include", sources))]
        }
        ErrorKind::Msg(text) => {
            let reports = reports(text, sources);
            if reports.is_empty() {
                let name = template.unwrap_or_default().to_string();
                vec![(name, generic(text, sources, template))]
            } else {
                reports
            }
        }
        _ => {
            let name = template.unwrap_or_default().to_string();
            vec![(name, generic(&error.to_string(), sources, template))]
        }
    }
}

/// The byte range of a Tera span in a template's text (lines 1-based, columns 0-based chars).
fn range_of(source: &SourceFile, span: &tera::Span) -> Range<usize> {
    let start = source.offset_of(span.start_line, span.start_col + 1);
    let end = source.offset_of(span.end_line, span.end_col + 1).max(start);
    start..end
}

/// A diagnostic at a Tera span of template `name`, or in the file when the template is unknown.
fn at_span(diagnostic: Diagnostic, sources: &Sources, name: &str, span: &tera::Span) -> Diagnostic {
    match sources.get(name) {
        Some(source) => {
            let range = range_of(source, span);
            diagnostic.at(source, range)
        }
        None => diagnostic.in_file(name),
    }
}

fn syntax(report: &tera::ReportError, sources: &Sources) -> Diagnostic {
    let name = report.filename();
    let message = report.message();
    let source = sources.get(name);
    // "Unknown tag" at an end tag (or the end of the template) may mean that a block tag was
    // left open before it; at any other tag, it is that tag's name that is wrong.
    let at_end_tag = source.is_some_and(|s| s.text[range_of(s, report.span())].starts_with("end"));
    let unclosed_hint =
        (message == "Unknown tag" && at_end_tag) || message == "Unexpected end of input";
    if unclosed_hint
        && let Some(source) = source
        && let Some(mismatch) = template_tags::mismatch(&source.text)
    {
        return mismatched(source, &mismatch);
    }
    let (message, hint) = explain_syntax(message, source, report.span());
    at_span(
        Diagnostic::error(message).with_hint(hint),
        sources,
        name,
        report.span(),
    )
}

/// A block tag left open, or an end tag that closes nothing, found by reading the tags.
fn mismatched(source: &SourceFile, mismatch: &Mismatch) -> Diagnostic {
    match mismatch {
        Mismatch::Unclosed {
            name,
            opener,
            met: Some((end, span)),
        } => {
            let line = source.line_col(span.start).0;
            Diagnostic::error(format!(
                "`{{% {name} %}}` is not closed before `{{% {end} %}}`"
            ))
            .at(source, opener.clone())
            .with_label("opened here")
            .with_note(format!("`{{% {end} %}}` on line {line} comes first"))
            .with_hint(format!("add `{{% end{name} %}}` before line {line}"))
        }
        Mismatch::Unclosed {
            name,
            opener,
            met: None,
        } => Diagnostic::error(format!("`{{% {name} %}}` is never closed"))
            .at(source, opener.clone())
            .with_label("opened here")
            .with_hint(format!("add `{{% end{name} %}}` where its body ends")),
        Mismatch::Stray { name, span } => {
            let opener = name.strip_prefix("end").unwrap_or(name);
            Diagnostic::error(format!("`{{% {name} %}}` closes nothing"))
                .at(source, span.clone())
                .with_hint(format!(
                    "remove it, or add the `{{% {opener} … %}}` it should close"
                ))
        }
    }
}

/// Tera's syntax messages as a message and a hint.
fn explain_syntax(
    message: &str,
    source: Option<&SourceFile>,
    span: &tera::Span,
) -> (String, String) {
    if message == "Unknown tag" {
        let tag = source
            .map(|s| {
                let range = range_of(s, span);
                s.text[range].to_string()
            })
            .unwrap_or_default();
        let hint = crate::suggest::did_you_mean(&tag, TAGS)
            .unwrap_or_else(|| format!("the tags are {}", backticked(&TAGS)));
        return (format!("unknown tag `{tag}`"), hint);
    }
    if message == "Unexpected end of input" {
        return (
            "the template ends inside a tag or an expression".to_string(),
            "close the last `{{` with `}}`, or the last `{%` with `%}`".to_string(),
        );
    }
    if let Some(rest) = message.strip_prefix("Found ")
        && let Some((found, expected)) = rest.split_once(" but expected ")
    {
        let expected = expected.trim_end_matches('.');
        let shown = if expected.starts_with('`') {
            expected.to_string()
        } else {
            format!("`{expected}`")
        };
        let hint = match expected {
            "}}" => "close the expression with `}}`".to_string(),
            "%}" => "close the tag with `%}`".to_string(),
            _ => format!("write {shown} here"),
        };
        return (format!("expected {shown} here, found {found}"), hint);
    }
    if message.starts_with("This content would be ignored") {
        return (
            "a template that extends another may only hold blocks".to_string(),
            "put this inside one of the parent's `{% block %}`s, or remove it".to_string(),
        );
    }
    if message.starts_with("`extends` needs to be the first tag") {
        return (
            "`extends` must be the first tag of the template".to_string(),
            "move `{% extends … %}` to the top of the file".to_string(),
        );
    }
    (
        sentence(message),
        "check this tag's syntax: tags are `{% name … %}`, expressions `{{ … }}`".to_string(),
    )
}

fn rendering(report: &tera::ReportError, notes: Vec<String>, sources: &Sources) -> Diagnostic {
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

/// Tera's rendering messages as a message, a label and a hint. `written` is the source under the
/// error's span, `before` the template's text before it (to name the value a field is read from).
fn explain_rendering(
    message: &str,
    written: &str,
    before: &str,
) -> (String, Option<String>, String) {
    if let Some((message, hint)) = message.split_once(HELP) {
        return (message.to_string(), None, hint.to_string());
    }
    if let Some(rest) = message.strip_prefix("Field `")
        && let Some((field, after)) = rest.split_once("` is not defined.")
    {
        let parent = value_before(before);
        let known = listed(after, "Available fields: ");
        let hint = crate::suggest::did_you_mean(field, known.iter().map(String::as_str))
            .unwrap_or_else(|| match known.is_empty() {
                true => format!(
                    "`{parent}` has no fields here: check with `{{% if {parent}.{field} %}}` first, or write `{parent}.{field} | default(value=\"\")`"
                ),
                false => format!("`{parent}` has {}", backticked_list(&known)),
            });
        return (
            format!("`{parent}` has no field `{field}`"),
            Some("unknown field".to_string()),
            hint,
        );
    }
    if let Some(rest) = message.strip_prefix("Variable `") {
        if let Some((name, after)) = rest.split_once("` is not defined.") {
            let known = listed(after, "Available variables: ");
            let hint = crate::suggest::did_you_mean(name, known.iter().map(String::as_str))
                .unwrap_or_else(|| {
                    format!(
                        "the variables here are {}; see docs/reference.md for what each template gets",
                        backticked_list(&known)
                    )
                });
            return (
                format!("unknown variable `{name}`"),
                Some("not defined here".to_string()),
                hint,
            );
        }
        if let Some((name, _)) = rest.split_once("` exists but its value is undefined") {
            return (
                format!("the variable `{name}` has no value here"),
                None,
                format!("check with `{{% if {name} is defined %}}` before using it"),
            );
        }
    }
    if let Some(rest) = message.strip_prefix("Missing keyword argument `") {
        let argument = rest.trim_end_matches('`');
        let callee = written
            .split('(')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        let given = given_arguments(written);
        let hint = crate::suggest::closest(argument, given.iter().map(String::as_str))
            .map(|typo| format!("did you mean `{argument}` instead of `{typo}`?"))
            .unwrap_or_else(|| format!("add `{argument}=…` to the call"));
        return (
            format!("`{callee}` needs the argument `{argument}`"),
            None,
            hint,
        );
    }
    if let Some(rest) = message.strip_prefix("Invalid type for the value, expected `")
        && let Some((expected, got)) = rest.split_once("` but got `")
    {
        let got = got.trim_end_matches('`');
        return (
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
        );
    }
    (
        sentence(message),
        None,
        "check the values used here (print one with `| json_encode` to see what it holds)"
            .to_string(),
    )
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

fn backticked(names: &[&str]) -> String {
    let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    list.join(", ")
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

/// A Tera message as a sentence of ours: no capital, no full stop.
fn sentence(message: &str) -> String {
    let message = message.trim().trim_end_matches('.');
    let mut chars = message.chars();
    match chars.next() {
        Some(first) if first.is_uppercase() && !chars.next().is_some_and(char::is_uppercase) => {
            first
                .to_lowercase()
                .chain(message.chars().skip(1))
                .collect()
        }
        _ => message.to_string(),
    }
}

/// The `called from name:line:col` notes of a rendering error's report, as file positions.
fn call_chain(report: &str, sources: &Sources) -> Vec<String> {
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
fn split_position(place: &str) -> Option<(&str, usize, usize)> {
    let mut parts = place.trim().rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?, line, column))
}

/// The reports Tera formats into one message when templates name unknown filters, functions,
/// tests, templates, components or blocks.
fn reports(text: &str, sources: &Sources) -> Vec<(String, Diagnostic)> {
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

fn missing_parent(current: &str, parent: &str, sources: &Sources) -> Diagnostic {
    let hint = crate::suggest::did_you_mean(parent, sources.keys().map(String::as_str))
        .unwrap_or_else(|| format!("create templates/{parent}, or fix the name"));
    let diagnostic = Diagnostic::error(format!(
        "`{current}` extends `{parent}`, which does not exist"
    ))
    .with_hint(hint);
    locate_text(diagnostic, sources.get(current), parent)
}

fn not_found(name: &str, sources: &Sources, template: Option<&str>) -> Diagnostic {
    let hint = crate::suggest::did_you_mean(name, sources.keys().map(String::as_str))
        .unwrap_or_else(|| format!("create templates/{name}"));
    let diagnostic = Diagnostic::error(format!("template `{name}` not found")).with_hint(hint);
    let within = template.and_then(|t| sources.get(t));
    locate_text(diagnostic, within, name)
}

/// Templates that extend (or include: `verb`) one another in a circle, located at `tpl`'s tag.
fn circle(tpl: &str, chain: &[String], verb: &str, sources: &Sources) -> Diagnostic {
    let mut names: Vec<&str> = vec![tpl];
    names.extend(chain.iter().map(String::as_str));
    if names.last() != Some(&tpl) {
        names.push(tpl);
    }
    let path = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(" → ");
    let tag = if verb == "extend" { "extends" } else { verb };
    let diagnostic = Diagnostic::error(format!("templates {verb} one another in a circle: {path}"))
        .with_hint(format!(
            "one of them must not {verb} the next: remove or change its `{{% {tag} … %}}`"
        ));
    locate_text(diagnostic, sources.get(tpl), tag)
}

/// A Tera error with no position of its own, in the template being rendered.
fn generic(message: &str, sources: &Sources, template: Option<&str>) -> Diagnostic {
    let diagnostic = Diagnostic::error(sentence(message.lines().next().unwrap_or(message)))
        .with_hint("check the template named here; docs/reference.md lists what templates get");
    match template.and_then(|t| sources.get(t)) {
        Some(source) => diagnostic.in_file(source.path.clone()),
        None => diagnostic,
    }
}

/// Points a diagnostic at the first occurrence of `needle` in a template, or at the file.
fn locate_text(diagnostic: Diagnostic, source: Option<&SourceFile>, needle: &str) -> Diagnostic {
    match source {
        Some(source) => match source.text.find(needle) {
            Some(start) => diagnostic.at(source, start..start + needle.len()),
            None => diagnostic.in_file(source.path.clone()),
        },
        None => diagnostic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(templates: &[(&str, &str)]) -> Sources {
        templates
            .iter()
            .map(|(name, text)| {
                let source = SourceFile::new(format!("templates/{name}"), *text);
                ((*name).to_string(), source)
            })
            .collect()
    }

    fn load(templates: &[(&str, &str)]) -> Vec<Diagnostic> {
        let mut tera = tera::Tera::new();
        match tera.add_raw_templates(templates.iter().copied()) {
            Ok(()) => Vec::new(),
            Err(error) => diagnostics(&error, &sources(templates), None)
                .into_iter()
                .map(|(_, d)| d)
                .collect(),
        }
    }

    fn render(templates: &[(&str, &str)]) -> Diagnostic {
        let mut tera = tera::Tera::new();
        let loaded = tera.add_raw_templates(templates.iter().copied());
        assert!(loaded.is_ok(), "{loaded:?}");
        let mut context = tera::Context::new();
        context.insert("page", &serde_json::json!({"title": "T", "extra": {}}));
        let error = tera.render(templates[0].0, &context).err();
        let error = error.unwrap_or_else(|| tera::Error::message("rendered"));
        tera_diagnostic(&error, &sources(templates), Some(templates[0].0))
    }

    #[test]
    fn an_unknown_filter_is_one_message_at_its_name_with_the_nearest_filter() {
        let found = load(&[("p.html", "a\n{{ page.title | upperr }}")]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "unknown filter `upperr`");
        assert_eq!(found[0].hint.as_deref(), Some("did you mean `upper`?"));
        assert_eq!(found[0].position().1, 2);
        assert_eq!(found[0].position().2, 17);
        let text = found[0].to_string();
        assert_eq!(text.matches("upperr").count(), 2, "{text}");
    }

    #[test]
    fn a_missing_endif_is_blamed_on_the_if() {
        let found = load(&[("p.html", "{% block x %}\n{% if a %}b\n{% endblock x %}")]);
        assert_eq!(
            found[0].message,
            "`{% if %}` is not closed before `{% endblock %}`"
        );
        assert_eq!(found[0].position().1, 2);
        assert_eq!(
            found[0].hint.as_deref(),
            Some("add `{% endif %}` before line 3")
        );
    }

    #[test]
    fn an_unknown_field_names_the_value_and_the_nearest_field() {
        let found = render(&[("p.html", "{{ page.titel }}")]);
        assert_eq!(found.message, "`page` has no field `titel`");
        assert_eq!(found.hint.as_deref(), Some("did you mean `title`?"));
        let nested = render(&[("p.html", "{{ page.extra.hero }}")]);
        assert_eq!(nested.message, "`page.extra` has no field `hero`");
    }

    #[test]
    fn an_error_in_an_included_template_has_its_call_chain() {
        let found = render(&[
            ("a.html", "\n{% include \"p/x.html\" %}"),
            ("p/x.html", "{{ page.nope }}"),
        ]);
        assert_eq!(
            found.position().0.map(|p| p.display().to_string()),
            Some("templates/p/x.html".to_string())
        );
        assert_eq!(found.notes, ["called from templates/a.html:2:12"]);
    }

    #[test]
    fn a_circle_of_extends_is_located_and_named() {
        let found = load(&[
            ("a.html", "{% extends \"b.html\" %}"),
            ("b.html", "{% extends \"a.html\" %}"),
        ]);
        assert_eq!(
            found[0].message,
            "templates extend one another in a circle: `a.html` → `b.html` → `a.html`"
        );
        assert!(found[0].location.is_some());
    }

    #[test]
    fn a_misspelt_argument_is_named() {
        let found = render(&[("a.html", "{{ page.title | truncate(lenght=3) }}")]);
        assert_eq!(found.message, "`truncate` needs the argument `length`");
        assert_eq!(
            found.hint.as_deref(),
            Some("did you mean `length` instead of `lenght`?")
        );
    }
}
