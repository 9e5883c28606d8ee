//! `spiega serve`: builds the site in memory, serves it over HTTP and rebuilds it on every save.
//!
//! - The site is rendered by the same stages as `spiega build` ([`crate::build::render_cached`]),
//!   with `base_url` replaced by the local address (keeping its sub-path), and served from the
//!   rendered files in memory: public/ is never touched, and a request can only reach a key of
//!   the rendered site ([`paths::resolve`]).
//! - Open tabs get a script, `/__spiega/live.js`, injected into HTML responses only. It listens
//!   to server-sent events at `/__spiega/events`: `reload`, `css` (only stylesheets changed: they
//!   are swapped in place), `build-error` (shown as an overlay on the last good page) and `hello`
//!   (sent on connecting).
//! - A broken save never stops the server: the diagnostics go to the terminal and to the browser,
//!   and the last good build stays served until a save fixes it.

pub mod paths;
pub mod watch;

use std::collections::{BTreeMap, HashMap};
use std::convert::Infallible;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

use crate::build::{BuildError, BuildOptions, RenderOutcome, render_cached};
use crate::diagnostic::{Diagnostic, print_diagnostics, print_status as status};
use crate::load::config::{CONFIG_FILE, load_config};
use crate::render::Output;
use crate::render::content::ContentCache;
use paths::Target;
use watch::{Batch, SiteWatcher};

/// The reload script's URL.
pub const SCRIPT_PATH: &str = "/__spiega/live.js";
/// The server-sent events' URL.
pub const EVENTS_PATH: &str = "/__spiega/events";
/// The reload script.
pub const LIVE_JS: &str = include_str!("live.js");

/// How many ports after a busy one are tried.
const PORT_TRIES: u16 = 20;

/// The tag injected before `</body>` of served HTML; `build` names the build served.
pub fn script_tag(build: &str) -> String {
    format!("<script src=\"{SCRIPT_PATH}\" data-build=\"{build}\"></script>")
}

/// What `spiega serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root (where site.yaml is).
    pub root: PathBuf,
    /// The address to listen on (loopback by default).
    pub interface: IpAddr,
    /// The port to listen on; the next free one is taken if it is busy; 0 lets the system pick.
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
    /// Open a browser once the site is served.
    pub open: bool,
    /// Log every batch of changed files and the timings.
    pub verbose: bool,
}

/// Why `spiega serve` could not start (a broken site is not one: it is served with its errors).
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// There is no site here: site.yaml cannot be read.
    #[error("there is no site to serve")]
    NotASite(Vec<Diagnostic>),
    /// No port could be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The sources cannot be watched.
    #[error("cannot watch {}: {source}", .path.display())]
    Watch {
        /// The site root.
        path: PathBuf,
        /// Why.
        #[source]
        source: notify::Error,
    },
    /// Anything else from the system (the async runtime).
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// What one served build is: the files, under which sub-path, and the error of the latest build
/// if it failed (the files are then the last good build's, or none if no build succeeded yet).
struct Snapshot {
    files: Option<Files>,
    base_path: String,
    build: String,
    error: Option<Arc<str>>,
}

/// What a rebuild tells the open tabs.
#[derive(Debug, Clone)]
enum Message {
    /// Reload the page.
    Reload(Notice),
    /// Only stylesheets changed: swap them.
    Css(Notice),
    /// The build failed: show the diagnostics.
    Error(Arc<str>),
    /// The server is stopping: end the stream.
    Shutdown,
}

/// A successful rebuild, for the event's data.
#[derive(Debug, Clone, serde::Serialize)]
struct Notice {
    /// The new build's id.
    build: String,
    /// The stages' time.
    rebuild_ms: f64,
    /// From the first file event of the batch to the broadcast (debounce included).
    latency_ms: f64,
    /// The URL paths whose bytes changed (at most 100).
    paths: Vec<String>,
}

/// The state shared by the server and the rebuild loop.
struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    events: broadcast::Sender<Message>,
}

impl Shared {
    fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(|e| e.into_inner()))
    }

    fn set(&self, snapshot: Snapshot) {
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
    }
}

/// Builds, serves and watches the site until Ctrl-C.
pub fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    if !options.root.join(CONFIG_FILE).is_file() {
        let diagnostics = load_config(&options.root).err().unwrap_or_default();
        return Err(ServeError::NotASite(diagnostics));
    }
    let listener = bind(options.interface, options.port)?;
    let address = listener.local_addr()?;
    let host = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    let origin = format!("http://{}", SocketAddr::new(host, address.port()));
    let watch_root = std::path::absolute(&options.root)?;
    let mut watcher = SiteWatcher::new(&watch_root).map_err(|source| ServeError::Watch {
        path: options.root.clone(),
        source,
    })?;

    let (events, _) = broadcast::channel(64);
    let mut builder = Rebuilder::new(options, origin.clone());
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(Snapshot {
            files: None,
            base_path: builder.base_path.clone(),
            build: builder.build_id(),
            error: None,
        })),
        events,
    });
    builder.run_and_publish(&shared, Instant::now(), true);
    let url = format!("{origin}{}", shared.snapshot().base_path);
    status(
        "Serving",
        &format!("{url} (watching {}; Ctrl-C to stop)", watcher.describe()),
    );
    if options.open {
        open_browser(&url);
    }

    let loop_shared = Arc::clone(&shared);
    std::thread::Builder::new()
        .name("spiega-watch".into())
        .spawn(move || {
            while let Some(batch) = watcher.next_batch() {
                builder.on_batch(&loop_shared, &batch);
            }
        })?;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let app = Router::new()
            .route(EVENTS_PATH, get(events_handler))
            .route(SCRIPT_PATH, get(script_handler))
            .fallback(site_handler)
            .with_state(Arc::clone(&shared));
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown_signal(shared))
            .await
    })?;
    Ok(())
}

/// Binds `port`, or the next free one if it is busy (saying so).
fn bind(interface: IpAddr, port: u16) -> Result<TcpListener, ServeError> {
    let asked = SocketAddr::new(interface, port);
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORT_TRIES)
    };
    let mut error = None;
    for candidate in port..=last {
        match TcpListener::bind(SocketAddr::new(interface, candidate)) {
            Ok(listener) => {
                if candidate != port {
                    warning(&format!("port {port} is busy; using {candidate} instead"));
                }
                return Ok(listener);
            }
            Err(e) if e.kind() == io::ErrorKind::AddrInUse => error = Some(e),
            Err(source) => {
                return Err(ServeError::Bind {
                    addr: asked,
                    source,
                });
            }
        }
    }
    Err(ServeError::Bind {
        addr: asked,
        source: error.unwrap_or_else(|| io::Error::other("no free port")),
    })
}

/// Waits for Ctrl-C (or SIGTERM), then ends the event streams so that the server can stop.
async fn shutdown_signal(shared: Arc<Shared>) {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        let term = async {
            match terminate.as_mut() {
                Some(signal) => {
                    signal.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term => {},
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
    status("Stopping", "the server");
    let _ = shared.events.send(Message::Shutdown);
    // A client that keeps a connection open must not keep the process alive.
    std::thread::spawn(|| {
        std::thread::sleep(Duration::from_secs(2));
        std::process::exit(0);
    });
}

/// Runs the stages again on each change and tells the open tabs.
struct Rebuilder {
    root: PathBuf,
    drafts: bool,
    verbose: bool,
    /// `http://127.0.0.1:1111`.
    origin: String,
    /// The sub-path of site.yaml's base_url, kept while serving (`/spiega/`).
    base_path: String,
    /// The text of site.yaml the cache was made with: any change to it drops the cache.
    config_text: Option<String>,
    cache: Option<ContentCache>,
    /// The last good build and the size and time of every copied file in it.
    previous: Option<(Files, HashMap<String, Stamp>)>,
    /// A number for this server and one per good build, so that tabs left from another run or
    /// build reload.
    server: u64,
    generation: u64,
}

type Stamp = Option<(u64, SystemTime)>;
type Files = Arc<BTreeMap<String, Output>>;

impl Rebuilder {
    fn new(options: &ServeOptions, origin: String) -> Self {
        let server = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64 % 1_000_000_000);
        let mut this = Self {
            root: options.root.clone(),
            drafts: options.drafts,
            verbose: options.verbose,
            origin,
            base_path: "/".to_string(),
            config_text: None,
            cache: None,
            previous: None,
            server,
            generation: 0,
        };
        this.read_base_path();
        this
    }

    fn build_id(&self) -> String {
        format!("{}-{}", self.server, self.generation)
    }

    /// Reads site.yaml's sub-path; keeps the previous one if site.yaml is broken.
    fn read_base_path(&mut self) {
        let text = std::fs::read_to_string(self.root.join(CONFIG_FILE)).ok();
        if text != self.config_text {
            self.cache = None;
            self.config_text = text;
        }
        if let Ok((config, _)) = load_config(&self.root) {
            let base_path = config.base_path().to_string();
            if base_path != self.base_path {
                self.cache = None;
                self.base_path = base_path;
            }
        }
    }

    fn render(&mut self) -> Result<RenderOutcome, BuildError> {
        self.read_base_path();
        let options = BuildOptions {
            root: self.root.clone(),
            drafts: self.drafts,
            base_url: Some(format!("{}{}", self.origin, self.base_path)),
            strict: false,
        };
        render_cached(&options, &mut self.cache)
    }

    fn on_batch(&mut self, shared: &Shared, batch: &Batch) {
        if self.verbose {
            let names: Vec<String> = batch
                .paths
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            status("Changed", &names.join(", "));
        }
        self.run_and_publish(shared, batch.first, false);
    }

    /// Rebuilds, swaps the served site and tells the open tabs. `since` is when the change was
    /// seen.
    fn run_and_publish(&mut self, shared: &Shared, since: Instant, first: bool) {
        let started = Instant::now();
        // A bug in a stage must not stop the server: it is reported like a site error.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.render()))
            .unwrap_or_else(|panic| {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                self.cache = None;
                Err(BuildError::Site(vec![
                    Diagnostic::error(format!("internal error while building: {message}"))
                        .with_hint("this is a bug in Spiega; please report it"),
                ]))
            });
        let rebuild = started.elapsed();
        let before = shared.snapshot();
        match result {
            Ok(outcome) => {
                print_diagnostics(&outcome.warnings);
                let files = outcome.site.files;
                let stamps = stamps(&files);
                let changed = match &self.previous {
                    Some((old, old_stamps)) => changed_keys(old, old_stamps, &files, &stamps),
                    None => files.keys().cloned().collect(),
                };
                let recovered = before.error.is_some() || before.files.is_none();
                let pages: usize = outcome.site.pages_per_language.iter().map(|(_, n)| n).sum();
                if let (Some(old), false) = (&before.files, recovered || !changed.is_empty()) {
                    self.previous = Some((Arc::clone(old), stamps));
                    let ms = millis(rebuild);
                    status("Rebuilt", &format!("in {ms:.0} ms: no output changed"));
                    return;
                }
                self.generation += 1;
                let files = Arc::new(files);
                self.previous = Some((Arc::clone(&files), stamps));
                shared.set(Snapshot {
                    files: Some(files),
                    base_path: self.base_path.clone(),
                    build: self.build_id(),
                    error: None,
                });
                let css_only = !recovered && changed.iter().all(|key| key.ends_with(".css"));
                let notice = |latency: Duration| Notice {
                    build: self.build_id(),
                    rebuild_ms: millis(rebuild),
                    latency_ms: millis(latency),
                    paths: changed
                        .iter()
                        .take(100)
                        .map(|key| format!("{}{key}", self.base_path))
                        .collect(),
                };
                let what = if css_only {
                    let _ = shared.events.send(Message::Css(notice(since.elapsed())));
                    "stylesheets swapped"
                } else {
                    let _ = shared.events.send(Message::Reload(notice(since.elapsed())));
                    "reload"
                };
                let latency = since.elapsed();
                if first {
                    status(
                        "Built",
                        &format!(
                            "{pages} pages, {} files in {:.0} ms",
                            changed.len(),
                            millis(rebuild)
                        ),
                    );
                } else {
                    let plural = if changed.len() == 1 { "" } else { "s" };
                    status(
                        "Rebuilt",
                        &format!(
                            "in {:.0} ms ({:.0} ms after the change): {} file{plural} changed, {what}",
                            millis(rebuild),
                            millis(latency),
                            changed.len(),
                        ),
                    );
                }
                if self.verbose && !first {
                    let shown: Vec<&str> = changed.iter().take(10).map(String::as_str).collect();
                    let more = changed.len().saturating_sub(shown.len());
                    let more = if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    };
                    status("Updated", &format!("{}{more}", shown.join(", ")));
                }
            }
            Err(error) => {
                let diagnostics = match error {
                    BuildError::Site(diagnostics) => diagnostics,
                    BuildError::Write(other) => vec![Diagnostic::error(other.to_string())],
                };
                print_diagnostics(&diagnostics);
                let text: Arc<str> = diagnostics
                    .iter()
                    .map(|d| d.render(false))
                    .collect::<Vec<_>>()
                    .join("\n\n")
                    .into();
                shared.set(Snapshot {
                    files: before.files.clone(),
                    base_path: before.base_path.clone(),
                    build: before.build.clone(),
                    error: Some(Arc::clone(&text)),
                });
                let _ = shared.events.send(Message::Error(text));
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                let plural = if errors == 1 { "" } else { "s" };
                let serving = if before.files.is_some() {
                    "serving the last good build"
                } else {
                    "serving the errors"
                };
                status(
                    "Failed",
                    &format!(
                        "{errors} error{plural} in {:.0} ms; {serving} until a save fixes them",
                        millis(rebuild)
                    ),
                );
            }
        }
    }
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The size and modification time of every copied file, to see which changed.
fn stamps(files: &BTreeMap<String, Output>) -> HashMap<String, Stamp> {
    files
        .iter()
        .filter_map(|(key, output)| match output {
            Output::Copy(source) => {
                let stamp = std::fs::metadata(source)
                    .ok()
                    .and_then(|m| Some((m.len(), m.modified().ok()?)));
                Some((key.clone(), stamp))
            }
            Output::Bytes(_) => None,
        })
        .collect()
}

/// The keys added, removed or whose bytes differ between two builds.
fn changed_keys(
    old: &BTreeMap<String, Output>,
    old_stamps: &HashMap<String, Stamp>,
    new: &BTreeMap<String, Output>,
    new_stamps: &HashMap<String, Stamp>,
) -> Vec<String> {
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(key, output)| {
            old.get(*key) != Some(output)
                || (matches!(output, Output::Copy(_))
                    && old_stamps.get(*key) != new_stamps.get(*key))
        })
        .map(|(key, _)| key.clone())
        .collect();
    changed.extend(old.keys().filter(|key| !new.contains_key(*key)).cloned());
    changed.sort();
    changed
}

/// `/__spiega/live.js`.
async fn script_handler() -> Response {
    respond(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        LIVE_JS.as_bytes().to_vec(),
    )
}

/// `/__spiega/events`: a `hello` with the current build (and error, if any), then every
/// rebuild's event until the server stops.
async fn events_handler(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = shared.events.subscribe();
    let snapshot = shared.snapshot();
    let hello = serde_json::json!({
        "build": snapshot.build,
        "error": snapshot.error.as_deref(),
    });
    let hello = Event::default()
        .event("hello")
        .retry(Duration::from_millis(500))
        .data(hello.to_string());
    let updates = BroadcastStream::new(receiver).map_while(|message| match message {
        Ok(Message::Shutdown) => None,
        Ok(message) => Some(sse_event(&message)),
        // A tab too slow to keep up reloads.
        Err(_) => Some(Event::default().event("reload").data("{}")),
    });
    Sse::new(tokio_stream::once(hello).chain(updates).map(Ok)).keep_alive(KeepAlive::default())
}

fn sse_event(message: &Message) -> Event {
    let (name, data) = match message {
        Message::Reload(notice) => ("reload", serde_json::to_string(notice)),
        Message::Css(notice) => ("css", serde_json::to_string(notice)),
        Message::Error(text) => (
            "build-error",
            serde_json::to_string(&serde_json::json!({ "text": &**text })),
        ),
        Message::Shutdown => ("shutdown", Ok("{}".to_string())),
    };
    Event::default()
        .event(name)
        .data(data.unwrap_or_else(|_| "{}".to_string()))
}

/// Every other URL: a file of the site, a redirect, the site's 404 page, or the errors if no
/// build succeeded yet.
async fn site_handler(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = respond(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            b"405 Method Not Allowed\n".to_vec(),
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let snapshot = shared.snapshot();
    let Some(files) = &snapshot.files else {
        return error_page(&snapshot);
    };
    let target = paths::resolve(uri.path(), uri.query(), &snapshot.base_path, |key| {
        files.contains_key(key)
    });
    match target {
        Target::File(key) => match file_bytes(&snapshot, files, &key) {
            Some(bytes) => respond(StatusCode::OK, paths::content_type(&key), bytes),
            None => not_found(&snapshot, files),
        },
        Target::Redirect(location) => {
            let mut response = respond(
                StatusCode::FOUND,
                "text/plain; charset=utf-8",
                format!("Redirecting to {location}\n").into_bytes(),
            );
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Target::NotFound => not_found(&snapshot, files),
        Target::BadRequest => respond(
            StatusCode::BAD_REQUEST,
            "text/plain; charset=utf-8",
            b"400 Bad Request\n".to_vec(),
        ),
    }
}

/// A file's bytes, with the reload script if it is HTML.
fn file_bytes(snapshot: &Snapshot, files: &BTreeMap<String, Output>, key: &str) -> Option<Vec<u8>> {
    let bytes = match files.get(key)? {
        Output::Bytes(bytes) => bytes.clone(),
        Output::Copy(source) => std::fs::read(source).ok()?,
    };
    if paths::content_type(key).starts_with("text/html") {
        Some(paths::inject(&bytes, &script_tag(&snapshot.build)))
    } else {
        Some(bytes)
    }
}

fn not_found(snapshot: &Snapshot, files: &BTreeMap<String, Output>) -> Response {
    match file_bytes(snapshot, files, "404.html") {
        Some(bytes) => respond(StatusCode::NOT_FOUND, "text/html; charset=utf-8", bytes),
        None => respond(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            b"404 Not Found\n".to_vec(),
        ),
    }
}

/// The page served for every URL while no build has succeeded.
fn error_page(snapshot: &Snapshot) -> Response {
    let text = snapshot
        .error
        .as_deref()
        .unwrap_or("The site is being built.");
    let html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>The site did not build</title></head>\n<body>\n<h1>The site did not build</h1>\n<pre>{}</pre>\n<p>Fix the file and save: this page reloads by itself.</p>\n</body>\n</html>\n",
        escape_html(text)
    );
    let bytes = paths::inject(html.as_bytes(), &script_tag(&snapshot.build));
    respond(
        StatusCode::INTERNAL_SERVER_ERROR,
        "text/html; charset=utf-8",
        bytes,
    )
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn respond(status: StatusCode, content_type: &'static str, bytes: Vec<u8>) -> Response {
    let mut response = (status, Body::from(bytes)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Opens the served URL in a browser; a failure is only a warning.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut command = std::process::Command::new("cmd");
        command.args(["/C", "start", ""]);
        command
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    match command.spawn() {
        Ok(mut child) => {
            let url = url.to_string();
            std::thread::spawn(move || {
                if !child.wait().is_ok_and(|s| s.success()) {
                    warning(&format!("could not open a browser; open {url} yourself"));
                }
            });
        }
        Err(error) => warning(&format!(
            "could not open a browser ({error}); open {url} yourself"
        )),
    }
}

fn warning(message: &str) {
    print_diagnostics(&[Diagnostic::warning(message.to_string())]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_keys_sees_bytes_copies_and_removals() {
        let mut old = BTreeMap::new();
        old.insert("a.html".to_string(), Output::Bytes(b"a".to_vec()));
        old.insert("gone.html".to_string(), Output::Bytes(b"g".to_vec()));
        old.insert("s.css".to_string(), Output::Copy(PathBuf::from("/x/s.css")));
        let mut new = old.clone();
        new.remove("gone.html");
        new.insert("a.html".to_string(), Output::Bytes(b"b".to_vec()));
        let t = SystemTime::UNIX_EPOCH;
        let old_stamps = HashMap::from([("s.css".to_string(), Some((1, t)))]);
        let new_stamps = HashMap::from([("s.css".to_string(), Some((2, t)))]);
        assert_eq!(
            changed_keys(&old, &old_stamps, &new, &new_stamps),
            ["a.html", "gone.html", "s.css"]
        );
        assert!(changed_keys(&old, &old_stamps, &old, &old_stamps).is_empty());
    }

    #[test]
    fn the_script_tag_names_the_build() {
        assert_eq!(
            script_tag("7-1"),
            "<script src=\"/__spiega/live.js\" data-build=\"7-1\"></script>"
        );
        assert!(LIVE_JS.contains(EVENTS_PATH));
    }
}
