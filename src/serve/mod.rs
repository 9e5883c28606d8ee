//! `spiega serve`: builds the site in memory, serves it over HTTP and rebuilds it on every save.
//!
//! - The site is rendered by the same stages as `spiega build` ([`crate::pipeline::prepare_site`]),
//!   with `base_url` replaced by the local address (keeping its sub-path), and served from the
//!   rendered files in memory: public/ is never touched, and a request can only reach a key of
//!   the rendered site ([`paths::resolve`]).
//! - Open tabs get a script, `/__spiega/live.js`, injected into HTML responses only. It listens
//!   to server-sent events at `/__spiega/events`: `reload`, `css` (only stylesheets changed: they
//!   are swapped in place), `update` (sent once the rest of a rebuild is done, after a reload
//!   that showed the edited pages first: tabs showing one of its `paths` reload),
//!   `build-error` (shown as an overlay on the last good page) and `hello` (sent on connecting).
//! - A save that changes only Markdown bodies redoes only what it affects
//!   ([`crate::incremental`]).
//! - A broken save never stops the server: the diagnostics go to the terminal and to the browser,
//!   and the last good build stays served until a save fixes it.

mod outputs;
pub mod paths;
mod rebuild;
pub mod watch;

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

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

use crate::console::{print_diagnostics, print_status as status};
use crate::diagnostic::Diagnostic;
use crate::load::config::{CONFIG_FILE, load_config};
use crate::markdown::html::escape_html;
use crate::render::Output;
use paths::Target;
use rebuild::Rebuilder;
use watch::SiteWatcher;

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
    /// More files changed after a reload (the rest of a rebuild): tabs showing one reload.
    Update(Notice),
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
    /// How many more changed than `paths` names.
    more: usize,
}

/// The files of a served build, by relative path.
type Files = Arc<BTreeMap<String, Arc<Output>>>;

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
    let mut builder = Rebuilder::new(
        options.root.clone(),
        options.drafts,
        options.verbose,
        origin.clone(),
    );
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(Snapshot {
            files: None,
            base_path: builder.base_path.clone(),
            build: builder.build_id(),
            error: None,
        })),
        events,
    });
    builder.rebuild_all(&shared, Instant::now(), true, None);
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
                builder.on_batch(&loop_shared, &batch, &mut watcher);
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
        Message::Update(notice) => ("update", serde_json::to_string(notice)),
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
fn file_bytes(
    snapshot: &Snapshot,
    files: &BTreeMap<String, Arc<Output>>,
    key: &str,
) -> Option<Vec<u8>> {
    let bytes = match &**files.get(key)? {
        Output::Bytes(bytes) => bytes.clone(),
        Output::Copy(source) => crate::load::read::file_bytes(source).ok()?,
    };
    if paths::content_type(key).starts_with("text/html") {
        Some(paths::inject(&bytes, &script_tag(&snapshot.build)))
    } else {
        Some(bytes)
    }
}

fn not_found(snapshot: &Snapshot, files: &BTreeMap<String, Arc<Output>>) -> Response {
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
    // No build yet: `none` makes the tab reload on the first good build, whatever changed.
    let bytes = paths::inject(html.as_bytes(), &script_tag("none"));
    respond(
        StatusCode::INTERNAL_SERVER_ERROR,
        "text/html; charset=utf-8",
        bytes,
    )
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
    fn the_script_tag_names_the_build() {
        assert_eq!(
            script_tag("7-1"),
            "<script src=\"/__spiega/live.js\" data-build=\"7-1\"></script>"
        );
        assert!(LIVE_JS.contains(EVENTS_PATH));
    }
}
