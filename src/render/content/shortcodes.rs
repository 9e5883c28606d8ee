//! The shortcode dispatcher of a page: the built-in `cite`, `timeline`, `chart` and `figure`,
//! and every other call rendered with the theme's `shortcodes/<name>.html` template, its
//! arguments checked against the ones the template uses.

use std::collections::BTreeMap;
use std::sync::Mutex;

use tera::{Context, Value};

use crate::markdown::shortcode::ShortcodeCall;
use crate::markdown::{Problem, ShortcodeRenderer};
use crate::render::content::DataContext;
use crate::render::content::timeline_args::timeline_arguments;
use crate::render::engine::{Engine, SHORTCODE_DIR};
use crate::render::images::PageImages;
use crate::render::timeline::event_value;
use crate::resolve::ResolvedSite;
use crate::resolve::data::SOURCES;
use crate::resolve::timeline::{matches, sorted_events};

/// Renders shortcodes with the theme's `shortcodes/<name>.html` templates, and `cite()` itself.
pub struct EntryShortcodes<'a> {
    site: &'a ResolvedSite,
    engine: &'a Engine,
    lang: &'a str,
    language: Value,
    /// Data values and rendered data fields, for `timeline()`; none while data itself renders.
    data: Option<DataContext<'a>>,
    /// Sources cited so far on this page. A page renders on one thread, so this lock is never
    /// contended; it only makes the renderer `Sync` as the trait asks.
    cited: Mutex<Vec<String>>,
    /// Ids of the charts drawn so far on this page (so that two charts of the same field get
    /// different ids), and how many of the charts resolve found in it were drawn.
    chart_ids: Mutex<(crate::resolve::charts::UniqueIds, usize)>,
    /// The page rendered, by library index (none for data fields): its charts found by resolve
    /// have CSV files.
    pub page: Option<usize>,
    /// The page's images, for `figure()`; none in data fields.
    images: Option<&'a PageImages<'a>>,
}

impl<'a> EntryShortcodes<'a> {
    /// A shortcode renderer for one page (or data field) in `lang`.
    pub fn new(site: &'a ResolvedSite, engine: &'a Engine, lang: &'a str) -> Self {
        Self::with_data(site, engine, lang, None)
    }

    /// A shortcode renderer that can also embed data (`timeline()`).
    pub fn with_data(
        site: &'a ResolvedSite,
        engine: &'a Engine,
        lang: &'a str,
        data: Option<DataContext<'a>>,
    ) -> Self {
        let language = site
            .loaded
            .config
            .language(lang)
            .map_or_else(Value::none, Value::from_serializable);
        Self {
            site,
            engine,
            lang,
            language,
            data,
            cited: Mutex::new(Vec::new()),
            chart_ids: Mutex::new(Default::default()),
            page: None,
            images: None,
        }
    }

    /// The same renderer, showing `figure()` images through `images`.
    pub fn with_images(mut self, images: &'a PageImages<'a>) -> Self {
        self.images = Some(images);
        self
    }

    /// The sources cited, in order of first use.
    pub fn into_cited(self) -> Vec<String> {
        self.cited
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn timeline(&self, call: &ShortcodeCall<'_>) -> Result<String, Problem> {
        let Some(data) = self.data else {
            return Err(Problem {
                message: "`timeline` cannot be used inside data files".to_string(),
                hint: None,
            });
        };
        let (filters, limit) = timeline_arguments(self.site, &call.args)?;
        let events: Vec<Value> = sorted_events(self.site)
            .into_iter()
            .filter(|event| filters.iter().all(|f| matches(event, f)))
            .take(limit.unwrap_or(usize::MAX))
            .map(|event| event_value(self.site, event, self.lang, data.values, data.fields))
            .collect();
        let mut context = Context::new();
        context.insert_value("events", Value::from(events));
        context.insert("lang", self.lang);
        context.insert_value("language", self.language.clone());
        context.insert(
            "timeline_path",
            &crate::resolve::timeline::timeline_path(self.site, self.lang)
                .map(|p| format!("{}{p}", self.site.loaded.config.base_path())),
        );
        let template = format!("{SHORTCODE_DIR}timeline.html");
        self.engine
            .render_shortcode("timeline", &template, &context)
    }

    fn figure(&self, call: &ShortcodeCall<'_>) -> Result<String, Problem> {
        let page = crate::render::figure::FigureContext {
            engine: self.engine,
            lang: self.lang,
            language: &self.language,
            images: self.images,
        };
        crate::render::figure::render_figure(&page, call, |id| {
            let mut args = BTreeMap::new();
            args.insert("id".to_string(), serde_json::Value::String(id.to_string()));
            self.cite(&ShortcodeCall {
                args,
                ..call.clone()
            })
        })
    }

    fn cite(&self, call: &ShortcodeCall<'_>) -> Result<String, Problem> {
        if let Some(other) = call.args.keys().find(|k| *k != "id") {
            return Err(Problem {
                message: format!("unknown argument `{other}` for shortcode `cite`"),
                hint: Some("`cite` takes `id`".to_string()),
            });
        }
        let Some(id) = call.args.get("id").and_then(|v| v.as_str()) else {
            return Err(Problem {
                message: "`cite` needs the id of a source".to_string(),
                hint: Some(
                    "write `{{ cite(id=\"…\") }}` with an id from content/data/sources.yaml"
                        .to_string(),
                ),
            });
        };
        self.cite_id(id)
    }

    /// Draws a chart; one that resolve found in this page gets its id and CSV file.
    fn chart(&self, call: &ShortcodeCall<'_>) -> Result<String, Problem> {
        let base = crate::resolve::chart_spec::base_id(&call.args)?;
        let (id, csv) = {
            let mut guard = self
                .chart_ids
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let (used, drawn) = &mut *guard;
            // Charts render in source order, as resolve found them: the next one found is
            // checked first, so that a page of many charts costs linear time.
            let found = self.page.and_then(|page| {
                let charts = self.site.charts.of_entry(page);
                let fits = |c: &&crate::resolve::charts::PageChart| {
                    c.args == call.args && !used.contains(&c.id)
                };
                charts
                    .get(*drawn)
                    .filter(fits)
                    .or_else(|| charts.iter().find(fits))
                    .cloned()
            });
            match found {
                Some(chart) => {
                    used.insert(&chart.id);
                    *drawn += 1;
                    let planned = self.site.plan.get(&chart.file).is_some();
                    let base_path = self.site.loaded.config.base_path();
                    (
                        chart.id,
                        planned.then(|| format!("{base_path}{}", chart.file)),
                    )
                }
                None => (used.take(base), None),
            }
        };
        let cite = |source: &str| self.cite_id(source);
        let place = crate::render::chart::Place {
            id,
            csv,
            cite: Some(&cite),
        };
        crate::render::chart::draw(self.site, self.lang, &call.args, &place)
    }

    /// The citation marker of a source, numbered by first use on the page.
    fn cite_id(&self, id: &str) -> Result<String, Problem> {
        let sources = self.site.data.get(SOURCES);
        if sources.is_some_and(|c| c.get(id).is_none() && c.knows(id)) {
            // A source kept out for a mistake of its own: reported there, not here.
            return Ok(String::new());
        }
        let Some((collection, entry)) = sources.and_then(|c| c.get(id).map(|e| (c, e))) else {
            let hint = sources
                .and_then(|c| crate::suggest::did_you_mean(id, c.ids()))
                .or_else(|| Some("add it to content/data/sources.yaml".to_string()));
            return Err(Problem {
                message: format!("unknown source `{id}`"),
                hint,
            });
        };
        let number = {
            let mut cited = self
                .cited
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            match cited.iter().position(|c| c == id) {
                Some(i) => i + 1,
                None => {
                    cited.push(id.to_string());
                    cited.len()
                }
            }
        };
        let mut context = Context::new();
        context.insert("id", id);
        context.insert("number", &number);
        context.insert("title", &collection.title(entry, self.lang));
        context.insert("lang", self.lang);
        let template = format!("{SHORTCODE_DIR}cite.html");
        self.engine.render_shortcode("cite", &template, &context)
    }
}

impl ShortcodeRenderer for EntryShortcodes<'_> {
    fn render(&self, call: &ShortcodeCall<'_>) -> Result<String, Problem> {
        match call.name {
            "cite" => return self.cite(call),
            "timeline" => return self.timeline(call),
            "figure" => return self.figure(call),
            "chart" => return self.chart(call),
            _ => {}
        }
        if self
            .engine
            .is_broken(&format!("{SHORTCODE_DIR}{}.html", call.name))
        {
            // Its template has a mistake, reported there: the call would only echo it.
            return Ok(String::new());
        }
        let Some(arguments) = self.engine.shortcodes.get(call.name) else {
            let names = self.engine.shortcodes.keys().map(String::as_str);
            let hint = crate::suggest::did_you_mean(call.name, names).or_else(|| {
                let list: Vec<String> = self
                    .engine
                    .shortcodes
                    .keys()
                    .map(|n| format!("`{n}`"))
                    .collect();
                Some(if list.is_empty() {
                    format!("create templates/{SHORTCODE_DIR}{}.html", call.name)
                } else {
                    format!("known shortcodes: {}", list.join(", "))
                })
            });
            return Err(Problem {
                message: format!("unknown shortcode `{}`", call.name),
                hint,
            });
        };
        for name in call.args.keys() {
            if !arguments.contains(name) {
                let hint = crate::suggest::did_you_mean(name, arguments.iter().map(String::as_str))
                    .or_else(|| Some(takes(call.name, arguments)));
                return Err(Problem {
                    message: format!("unknown argument `{name}` for shortcode `{}`", call.name),
                    hint,
                });
            }
        }
        let mut context = Context::new();
        for (name, value) in &call.args {
            context.insert_value(name.clone(), Value::from_serializable(value));
        }
        if let Some(body) = call.body {
            context.insert_value("body", Value::safe_string(body));
        }
        context.insert("lang", self.lang);
        context.insert_value("language", self.language.clone());
        let template = format!("{SHORTCODE_DIR}{}.html", call.name);
        let inline = call.body.is_none();
        self.engine
            .render_shortcode(call.name, &template, &context)
            // A template file's last newline would put a space before the punctuation that
            // follows an inline shortcode ("the timeline ."); block output keeps its lines.
            .map(|html| {
                if inline {
                    html.trim_end().to_string()
                } else {
                    html
                }
            })
    }
}

fn takes(name: &str, arguments: &std::collections::BTreeSet<String>) -> String {
    if arguments.is_empty() {
        format!("`{name}` takes no arguments")
    } else {
        let list: Vec<String> = arguments.iter().map(|a| format!("`{a}`")).collect();
        format!("`{name}` takes {}", list.join(", "))
    }
}
