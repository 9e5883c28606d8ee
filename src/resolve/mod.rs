//! The resolve stage: works out every URL, section, translation, taxonomy and alias, and checks
//! that no two things would be written to the same place.
//!
//! It takes the load stage's output and never touches the disk.

pub mod chart_spec;
pub mod charts;
pub mod data;
pub mod edits;
pub mod library;
pub mod links;
pub mod menu;
pub mod numbers;
pub mod output_path;
pub mod page_links;
pub mod plan;
pub mod refs;
pub mod tables;
pub mod targets;
pub mod taxonomies;
pub mod timeline;
pub mod translations;

use crate::diagnostic::Diagnostic;
use crate::load::LoadedSite;
use crate::load::config::key_span;
use library::{Library, build_library};
use plan::OutputPlan;
use taxonomies::{Taxonomy, collect_taxonomies};

/// An old URL that redirects to an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The relative output file (`old/page/index.html`, or `old.html` as written).
    pub output_file: String,
    /// The entry it redirects to.
    pub target: usize,
    /// Where the alias is written in the entry's front matter.
    pub span: std::ops::Range<usize>,
}

/// The whole site with every URL worked out.
#[derive(Debug)]
pub struct ResolvedSite {
    /// What was loaded.
    pub loaded: LoadedSite,
    /// Pages and sections.
    pub library: Library,
    /// Taxonomies per language.
    pub taxonomies: Vec<Taxonomy>,
    /// Redirects from aliases.
    pub aliases: Vec<Alias>,
    /// Checked data collections (declared and built-in: sources, timeline, glossary).
    pub data: data::DataSet,
    /// The navigation, the same items in every language.
    pub menu: Vec<menu::MenuLink>,
    /// The charts of pages, each with its CSV file.
    pub charts: charts::PageCharts,
    /// Every file the build writes, and what it is.
    pub plan: OutputPlan,
    /// Probable mistakes found on the way (a data value that falls back to the default
    /// language's), reported with [`lints`].
    pub warnings: Vec<Diagnostic>,
}

/// Runs the resolve stage: the site, or every problem found (with those of the load stage).
pub fn resolve_site(loaded: LoadedSite) -> Result<ResolvedSite, Vec<Diagnostic>> {
    let (site, problems) = resolve_checked(loaded);
    if problems.iter().any(Diagnostic::is_error) {
        Err(problems)
    } else {
        Ok(site)
    }
}

/// Runs the resolve stage on whatever is valid, whatever the problems: a mistake leaves out only
/// what depends on it (a page with a broken front matter has no output, a clashing output is
/// not planned), so that the render stage still checks the rest of the site in the same run.
/// Returns the site and every problem found, the load stage's first.
pub fn resolve_checked(mut loaded: LoadedSite) -> (ResolvedSite, Vec<Diagnostic>) {
    let files = std::mem::take(&mut loaded.content.files);
    let mut problems = std::mem::take(&mut loaded.problems);
    problems.extend(data::check_schemas(&loaded.config, &loaded.config_source));
    problems.extend(plan::check_configured_paths(
        &loaded.config,
        &loaded.config_source,
    ));
    problems.extend(tables::type_tables(&loaded.config, &mut loaded.data));
    let (data, data_problems) =
        data::check_data(&loaded.config, &loaded.config_source, &loaded.data);
    // Data warnings (a value falling back to the default language) are reported with lints.
    let (warnings, data_errors): (Vec<_>, Vec<_>) =
        data_problems.into_iter().partition(|d| !d.is_error());
    problems.extend(data_errors);
    let (mut library, library_problems) = build_library(files, &loaded.config);
    problems.extend(library_problems);
    let taxonomy_names: Vec<String> = loaded
        .config
        .taxonomies
        .iter()
        .map(|t| t.name.clone())
        .collect();
    problems.extend(refs::resolve_front_matter_refs(
        &mut library,
        &data,
        &taxonomy_names,
    ));
    problems.extend(refs::check_timeline_pages(&library, &data));
    let (taxonomies, taxonomy_problems) = collect_taxonomies(&library, &loaded.config);
    problems.extend(taxonomy_problems);
    let (aliases, alias_problems) = collect_aliases(&library);
    problems.extend(alias_problems);
    let menu = menu::resolve_menu(&loaded.config, &loaded.config_source, &library, &data)
        .unwrap_or_else(|errors| {
            problems.extend(errors);
            Vec::new()
        });
    let charts = charts::find_charts(&library, &loaded.config);
    let mut site = ResolvedSite {
        loaded,
        library,
        taxonomies,
        aliases,
        data,
        menu,
        charts,
        plan: OutputPlan::default(),
        warnings,
    };
    let (plan, plan_problems) = plan::plan_outputs(&site);
    site.plan = plan;
    problems.extend(plan_problems);
    problems.extend(menu::check_menu_paths(
        &site.loaded.config,
        &site.loaded.config_source,
        &site.plan,
    ));
    (site, problems)
}

/// Every alias of every entry, each checked to stay inside the output folder.
fn collect_aliases(library: &Library) -> (Vec<Alias>, Vec<Diagnostic>) {
    let mut aliases = Vec::new();
    let mut problems = Vec::new();
    for (i, entry) in library.entries.iter().enumerate() {
        let file = &entry.file;
        for alias in &entry.front().aliases {
            let span = front_value_span(file, "aliases", alias);
            match output_path::output_path(alias) {
                Ok(path) => aliases.push(Alias {
                    output_file: alias_file(&path),
                    target: i,
                    span,
                }),
                Err(problem) => problems.push(
                    Diagnostic::error(format!("the alias `{}` {problem}", alias.trim()))
                        .at(&file.source, span)
                        .with_hint(problem.hint()),
                ),
            }
        }
    }
    (aliases, problems)
}

/// The file an alias path is written to: as written when it names an HTML file, else the
/// `index.html` of its folder.
fn alias_file(path: &str) -> String {
    if path.ends_with(".html") || path.ends_with(".htm") {
        path.to_string()
    } else if path.is_empty() {
        "index.html".to_string()
    } else {
        format!("{}/index.html", path.trim_end_matches('/'))
    }
}

/// The span of `value` as written in the front matter after `key:`, else the key's.
fn front_value_span(
    file: &crate::load::content::ContentFile,
    key: &str,
    value: &str,
) -> std::ops::Range<usize> {
    let key_at = key_span(&file.source, key);
    let front_end = file.front_range.end.max(key_at.end);
    let value = value.trim();
    file.source
        .text
        .get(key_at.end..front_end)
        .and_then(|after| after.find(value))
        .filter(|_| !value.is_empty())
        .map_or(key_at.clone(), |i| {
            key_at.end + i..key_at.end + i + value.len()
        })
}

/// Things that are probably mistakes (`--strict` makes them errors). Translation checks are
/// errors when site.yaml's `translations` says so: the caller fails on those.
pub fn lints(site: &ResolvedSite) -> Vec<Diagnostic> {
    let mut warnings = site.warnings.clone();
    warnings.extend(translations::check(site));
    let default_language = &site.loaded.config.default_language;
    for entry in &site.library.entries {
        if entry.implicit || entry.file.broken {
            continue;
        }
        let source = &entry.file.source;
        let has_default = entry
            .translations
            .iter()
            .any(|&t| site.library.entries[t].lang() == default_language);
        if !has_default {
            warnings.push(
                Diagnostic::warning(format!(
                    "this {} has no version in the default language `{default_language}`",
                    if entry.is_section() {
                        "section"
                    } else {
                        "page"
                    }
                ))
                .at(source, key_span(source, "title"))
                .with_hint(format!("add `{}` in `{default_language}`", entry.key())),
            );
        }
        if let Some(section) = entry.section {
            let parent = &site.library.entries[section];
            let sorted_by_date = parent.front().sort_by.unwrap_or_default()
                == crate::load::front_matter::SortBy::Date;
            if !entry.is_section() && sorted_by_date && entry.front().date.is_none() {
                warnings.push(
                    Diagnostic::warning(format!(
                        "this page has no `date`, so it is listed last in {}",
                        parent.file.source.path.display()
                    ))
                    .at(source, key_span(source, "title"))
                    .with_hint("add `date: YYYY-MM-DD`, or `sort_by: weight` in the section's front matter"),
                );
            }
        }
    }
    warnings
}
