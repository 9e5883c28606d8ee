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

mod rendering;
mod reports;
#[cfg(test)]
mod tests;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::render::template_tags::{self, Mismatch};
use rendering::{call_chain, rendering};
use reports::reports;

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

fn backticked(names: &[&str]) -> String {
    let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    list.join(", ")
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
