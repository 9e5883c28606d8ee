//! Tera's errors as Spiega reports them.
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
