//! The resolve stage: works out every URL, section, translation, taxonomy and alias, and checks
//! that no two things would be written to the same place.
//!
//! It takes the load stage's output and never touches the disk.

pub mod data;
pub mod edits;
pub mod library;
pub mod links;
pub mod refs;
pub mod taxonomies;

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::load::LoadedSite;
use crate::load::config::key_span;
use library::{Library, build_library};
use taxonomies::{Taxonomy, collect_taxonomies};

/// An old URL that redirects to an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The relative output file (`old/page/index.html`, or `old.html` as written).
    pub output_file: String,
    /// The entry it redirects to.
    pub target: usize,
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
}

/// Runs the resolve stage.
pub fn resolve_site(mut loaded: LoadedSite) -> Result<ResolvedSite, Vec<Diagnostic>> {
    let files = std::mem::take(&mut loaded.content.files);
    let mut problems = std::mem::take(&mut loaded.problems);
    problems.extend(data::check_schemas(&loaded.config, &loaded.config_source));
    let (data, data_problems) = data::check_data(&loaded.config, &loaded.data);
    problems.extend(data_problems);
    let mut library = match build_library(files, &loaded.config) {
        Ok(library) => library,
        Err(errors) => {
            problems.extend(errors);
            return Err(problems);
        }
    };
    problems.extend(refs::resolve_front_matter_refs(&mut library, &data));
    problems.extend(refs::check_timeline_pages(&library, &data));
    let taxonomies = collect_taxonomies(&library, &loaded.config).unwrap_or_else(|errors| {
        problems.extend(errors);
        Vec::new()
    });
    if !problems.is_empty() {
        return Err(problems);
    }
    let aliases = collect_aliases(&library);
    check_unique_outputs(&library, &taxonomies, &aliases, &data, &loaded.config)?;
    Ok(ResolvedSite {
        loaded,
        library,
        taxonomies,
        aliases,
        data,
    })
}

fn collect_aliases(library: &Library) -> Vec<Alias> {
    let mut aliases = Vec::new();
    for (i, entry) in library.entries.iter().enumerate() {
        for alias in &entry.front().aliases {
            let trimmed = alias.trim().trim_start_matches('/');
            let output_file = if trimmed.ends_with(".html") || trimmed.ends_with(".htm") {
                trimmed.to_string()
            } else if trimmed.is_empty() {
                "index.html".to_string()
            } else {
                format!("{}/index.html", trimmed.trim_end_matches('/'))
            };
            aliases.push(Alias {
                output_file,
                target: i,
            });
        }
    }
    aliases
}

/// Two things that would write the same file are an error naming both sources.
fn check_unique_outputs(
    library: &Library,
    taxonomies: &[Taxonomy],
    aliases: &[Alias],
    data: &data::DataSet,
    config: &crate::load::config::SiteConfig,
) -> Result<(), Vec<Diagnostic>> {
    let mut owners: BTreeMap<String, String> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut claim = |file: String, owner: String, diagnostic: &dyn Fn(&str) -> Diagnostic| {
        if let Some(previous) = owners.get(&file) {
            problems.push(diagnostic(previous));
        } else {
            owners.insert(file, owner);
        }
    };
    for taxonomy in taxonomies {
        let owner = format!("taxonomy `{}` ({})", taxonomy.name, taxonomy.lang);
        claim(taxonomy.path.clone() + "index.html", owner.clone(), &|_| {
            Diagnostic::error("duplicate taxonomy")
        });
        for term in &taxonomy.terms {
            claim(term.path.clone() + "index.html", owner.clone(), &|_| {
                Diagnostic::error("duplicate term")
            });
        }
    }
    let generated = [
        ("timeline", config.timeline.as_ref().map(|t| &t.paths)),
        ("glossary", config.glossary.as_ref().map(|g| &g.paths)),
    ];
    for (what, paths) in generated {
        let Some(paths) = paths else {
            continue;
        };
        for lang in paths.keys() {
            let Some(path) = crate::load::config::page_path(paths, lang) else {
                continue;
            };
            let file = format!("{path}index.html");
            let owner = format!("the {what} page ({lang}, `{what}.paths` in site.yaml)");
            claim(file, owner, &|_| {
                Diagnostic::error("duplicate generated page")
            });
        }
    }
    for (name, collection) in data {
        for entry in &collection.entries {
            for lang in config.language_codes() {
                if let Some(path) = collection.entry_path(&entry.id, lang) {
                    let owner = format!(
                        "the `{name}` entry `{}` in {}",
                        entry.id,
                        collection.source.path.display()
                    );
                    claim(format!("{path}index.html"), owner, &|_| {
                        Diagnostic::error("duplicate data page")
                    });
                }
            }
        }
    }
    for entry in &library.entries {
        let file = entry.output_file();
        let source = entry.file.source.clone();
        let url = format!("/{}", entry.path);
        claim(file, source.path.display().to_string(), &|previous| {
            Diagnostic::error(format!(
                "two pages would be written to the same URL `{url}`"
            ))
            .at(&source, key_span(&source, "title"))
            .with_note(format!("`{url}` is also produced by {previous}"))
            .with_hint("give one of them another file name or a different `slug`")
        });
    }
    for alias in aliases {
        let entry = &library.entries[alias.target];
        let source = entry.file.source.clone();
        let file = alias.output_file.clone();
        claim(
            file.clone(),
            format!("an alias in {}", source.path.display()),
            &|previous| {
                Diagnostic::error(format!("the alias `{file}` would overwrite another output"))
                    .at(&source, key_span(&source, "aliases"))
                    .with_note(format!("`{file}` is also produced by {previous}"))
                    .with_hint("remove the alias or change it")
            },
        );
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Things that are probably mistakes but do not stop a build (`--strict` makes them errors).
pub fn lints(site: &ResolvedSite) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let default_language = &site.loaded.config.default_language;
    for entry in &site.library.entries {
        if entry.implicit {
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
