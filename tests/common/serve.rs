//! Helpers for the `spiega serve` tests: start the server on a free loopback port (killed on
//! drop), raw HTTP/1.1 requests over std::net, and a server-sent events reader. Every wait has a
//! deadline, so no test can hang.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the server may take to build a fixture and start (a debug build on a busy machine).
pub const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a request or an event may take.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// A running `spiega serve`, killed on drop.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// The URL printed, e.g. `http://127.0.0.1:PORT/sub/`.
    pub url: String,
    /// The URL's path (`/` or `/sub/`).
    pub base_path: String,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// `spiega serve --root <root> --port 0 <extra>`, waiting until it serves.
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        Self::try_start(root, &["--port", "0"], extra, &[]).expect("the server starts")
    }

    /// Starts with explicit port arguments and extra environment variables; the error is the
    /// stderr when it did not start.
    pub fn try_start(
        root: &Path,
        port: &[&str],
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> Result<Server, String> {
        // SPIEGA_SERVE_BIN runs another build of the binary, e.g. the release one for timings.
        let binary = std::env::var_os("SPIEGA_SERVE_BIN")
            .unwrap_or_else(|| env!("CARGO_BIN_EXE_spiega").into());
        let mut child = Command::new(binary)
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(port)
            .args(extra)
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spiega serve starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let (lines, lines_rx) = channel::<String>();
        let pipe = child.stderr.take().expect("stderr is piped");
        let log = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                log.lock().unwrap().push_str(&format!("{line}\n"));
                let _ = lines.send(line);
            }
        });
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines_rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(url) = line.trim_start().strip_prefix("Serving ") {
                        let url = url.split_whitespace().next().unwrap().to_string();
                        let rest = url.strip_prefix("http://").expect("an http URL");
                        let slash = rest.find('/').unwrap();
                        let server = Server {
                            child,
                            addr: rest[..slash].to_string(),
                            base_path: rest[slash..].to_string(),
                            url,
                            stderr,
                        };
                        return Ok(server);
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let _ = child.wait();
                    return Err(stderr.lock().unwrap().clone());
                }
                Err(RecvTimeoutError::Timeout) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!(
                        "the server did not start in time:\n{}",
                        stderr.lock().unwrap()
                    );
                }
            }
        }
    }

    /// Everything the server printed so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until stderr contains `needle`.
    pub fn wait_stderr(&self, needle: &str) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let text = self.stderr();
            if text.contains(needle) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "the server never printed {needle:?}:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> Response {
        request(&self.addr, "GET", path)
    }

    /// `GET` of a path under the site's sub-path (`"a/"` → `/sub/a/`).
    pub fn page(&self, relative: &str) -> Response {
        self.get(&format!("{}{relative}", self.base_path))
    }

    /// Opens the event stream.
    pub fn events(&self) -> Events {
        Events::open(&self.addr)
    }

    /// Sends SIGINT (Ctrl-C) and waits for the exit code.
    pub fn interrupt(mut self) -> Option<i32> {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status.code();
            }
            assert!(Instant::now() < deadline, "the server did not stop");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A parsed HTTP response.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

impl Response {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One raw HTTP/1.1 request with `Connection: close`; `path` is sent exactly as given.
pub fn request(addr: &str, method: &str, path: &str) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect to the server");
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    stream.set_write_timeout(Some(TIMEOUT)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send the request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the response");
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Response {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&data[..line_end])
                .split(';')
                .next()
                .unwrap()
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        let stop = (start + size).min(data.len());
        out.extend_from_slice(&data[start..stop]);
        data = &data[(stop + 2).min(data.len())..];
    }
    out
}

/// One server-sent event.
#[derive(Debug, Clone)]
pub struct SseEvent {
    /// `event:`.
    pub name: String,
    /// `data:` (lines joined with `\n`).
    pub data: String,
    /// When it was read.
    pub at: Instant,
}

/// A connection to `/__spiega/events`, read by a thread.
pub struct Events {
    events: Receiver<SseEvent>,
    stream: TcpStream,
}

impl Events {
    fn open(addr: &str) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect to the server");
        stream.set_read_timeout(Some(START_TIMEOUT)).unwrap();
        write!(
            stream,
            "GET /__spiega/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send the request");
        let reader = stream.try_clone().unwrap();
        let (sender, events) = channel();
        std::thread::spawn(move || read_events(reader, &sender));
        Events { events, stream }
    }

    /// The next event named `name`, skipping others (keep-alive comments are not events).
    pub fn wait(&self, name: &str) -> SseEvent {
        self.try_wait(name, TIMEOUT)
            .unwrap_or_else(|| panic!("no `{name}` event in time"))
    }

    /// The next event named `name` within `timeout`, skipping others.
    pub fn try_wait(&self, name: &str, timeout: Duration) -> Option<SseEvent> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(event) if event.name == name => return Some(event),
                Ok(_) => continue,
                Err(_) => return None,
            }
        }
    }

    /// The next event of any name within `timeout`.
    pub fn next(&self, timeout: Duration) -> Option<SseEvent> {
        self.events.recv_timeout(timeout).ok()
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}

/// Reads the response head, then de-chunks the body and splits it into events.
fn read_events(mut stream: TcpStream, sender: &std::sync::mpsc::Sender<SseEvent>) {
    let mut buffer: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 4096];
    // The head.
    let body_start = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buffer[..body_start]).to_ascii_lowercase();
    let chunked = head.contains("transfer-encoding: chunked");
    let mut raw: Vec<u8> = buffer[body_start..].to_vec();
    let mut text = String::new();
    loop {
        // Move whole chunks from `raw` into `text`.
        if chunked {
            while let Some(line_end) = raw.windows(2).position(|w| w == b"\r\n") {
                let size_text = String::from_utf8_lossy(&raw[..line_end]).into_owned();
                let Ok(size) =
                    usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16)
                else {
                    return;
                };
                if size == 0 {
                    return;
                }
                let start = line_end + 2;
                if raw.len() < start + size + 2 {
                    break;
                }
                text.push_str(&String::from_utf8_lossy(&raw[start..start + size]));
                raw.drain(..start + size + 2);
            }
        } else {
            text.push_str(&String::from_utf8_lossy(&raw));
            raw.clear();
        }
        // Split complete events.
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            let mut name = String::from("message");
            let mut data = Vec::new();
            let mut any = false;
            for line in block.lines() {
                if let Some(value) = line.strip_prefix("event:") {
                    name = value.trim().to_string();
                    any = true;
                } else if let Some(value) = line.strip_prefix("data:") {
                    data.push(value.strip_prefix(' ').unwrap_or(value).to_string());
                    any = true;
                }
            }
            if any {
                let event = SseEvent {
                    name,
                    data: data.join("\n"),
                    at: Instant::now(),
                };
                if sender.send(event).is_err() {
                    return;
                }
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => raw.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Removes the injected reload script from a served HTML page.
pub fn strip_script(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body);
    let start = "<script src=\"/__spiega/live.js\"";
    match text.find(start) {
        Some(at) => {
            let end = text[at..].find("</script>").expect("the tag ends") + at + "</script>".len();
            let mut out = text[..at].to_string();
            out.push_str(&text[end..]);
            out.into_bytes()
        }
        None => body.to_vec(),
    }
}
