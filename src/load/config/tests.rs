//! site.yaml's tests: defaults, unknown keys, base URLs, translations and `extra`.

use super::*;

fn parse(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
    parse_config(&SourceFile::new("site.yaml", text))
}

#[test]
fn fills_defaults_and_normalises_the_base_url() {
    let config = parse("title: T\nbase_url: https://example.org/sub\n").ok();
    let config = config.as_ref();
    assert_eq!(
        config.map(|c| c.base_url.as_str()),
        Some("https://example.org/sub/")
    );
    assert_eq!(config.map(SiteConfig::base_path), Some("/sub/"));
    assert_eq!(config.map(SiteConfig::origin), Some("https://example.org"));
    assert_eq!(config.map(|c| c.languages.len()), Some(1));
}

#[test]
fn unknown_key_suggests_the_nearest() {
    let errors = parse("title: T\nbase_url: https://e.org/\ntaxonomis: []\n").err();
    let error = errors.and_then(|e| e.into_iter().next());
    assert_eq!(error.as_ref().map(|e| e.position().1), Some(3));
    assert_eq!(
        error.and_then(|e| e.hint),
        Some("did you mean `taxonomies`?".to_string())
    );
}

#[test]
fn nested_unknown_key_is_found() {
    let errors =
        parse("title: T\nbase_url: https://e.org/\nmarkdown:\n  smart_punctation: true\n").err();
    let error = errors.and_then(|e| e.into_iter().next());
    assert_eq!(error.as_ref().map(|e| e.position().1), Some(4));
    assert_eq!(
        error.and_then(|e| e.hint),
        Some("did you mean `smart_punctuation`?".to_string())
    );
}

#[test]
fn raw_html_is_on_by_default_and_can_be_turned_off() {
    let config = |markdown: &str| {
        parse(&format!("title: T\nbase_url: https://e.org/\n{markdown}"))
            .map(|c| c.markdown.raw_html)
            .map_err(|e| e.into_iter().map(|e| e.hint).collect::<Vec<_>>())
    };
    assert_eq!(config(""), Ok(true));
    assert_eq!(config("markdown:\n  raw_html: false\n"), Ok(false));
    assert_eq!(
        config("markdown:\n  raw_htm: false\n"),
        Err(vec![Some("did you mean `raw_html`?".to_string())])
    );
}

#[test]
fn a_script_url_in_extra_is_an_error_at_its_value() {
    let errors = parse(
        "title: T\nbase_url: https://e.org/\nextra:\n  brand: B\n  links: [\"vbscript:x\"]\n",
    )
    .err()
    .unwrap_or_default();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].message,
        "`extra` holds a `vbscript:` URL, which runs script if a theme links to it"
    );
    assert_eq!((errors[0].position().1, errors[0].position().2), (5, 11));
}

#[test]
fn translations_take_one_level_or_one_per_kind() {
    let levels = |yaml: &str| {
        parse(&format!("title: T\nbase_url: https://e.org/\n{yaml}"))
            .map(|c| (c.translations.pages, c.translations.data))
            .map_err(|e| {
                e.into_iter()
                    .map(|e| (e.message, e.hint))
                    .collect::<Vec<_>>()
            })
    };
    assert_eq!(levels(""), Ok((CheckLevel::Warn, CheckLevel::Error)));
    assert_eq!(
        levels("translations: ignore\n"),
        Ok((CheckLevel::Ignore, CheckLevel::Ignore))
    );
    assert_eq!(
        levels("translations: {data: warn}\n"),
        Ok((CheckLevel::Warn, CheckLevel::Warn))
    );
    assert_eq!(
        levels("translations:\n  pages: error\n"),
        Ok((CheckLevel::Error, CheckLevel::Error))
    );
    let wrong = levels("translations: warnn\n").err().unwrap_or_default();
    assert_eq!(wrong.len(), 1, "{wrong:?}");
    assert_eq!(
        wrong[0].1.as_deref(),
        Some("did you mean `warn`?"),
        "{wrong:?}"
    );
    let wrong = levels("translations: {page: warn}\n")
        .err()
        .unwrap_or_default();
    assert_eq!(
        wrong[0].1.as_deref(),
        Some("did you mean `pages`?"),
        "{wrong:?}"
    );
}

#[test]
fn a_relative_base_url_is_an_error_at_its_line() {
    let errors = parse("title: T\nbase_url: /sub/\n")
        .err()
        .unwrap_or_default();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].position().1, 2);
}
