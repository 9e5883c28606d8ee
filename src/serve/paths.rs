//! Request paths to output files: the only way a request reaches a file is by naming a key of the
//! site rendered in memory, after every suspicious path has been refused.

/// What a request path asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An output file, by its key in the rendered site (`storia/index.html`).
    File(String),
    /// Somewhere else: a folder without its trailing slash, or the root of a sub-path site.
    Redirect(String),
    /// Nothing the site has.
    NotFound,
    /// A path no page can have: `..`, encoded dots, slashes or backslashes, `//`, bad escapes.
    BadRequest,
}

/// Maps a raw (still percent-encoded) request path to a file of the site served under
/// `base_path` (`/` or `/sub/`). `query` is kept on redirects. `exists` says whether the rendered
/// site has a key.
pub fn resolve(
    raw_path: &str,
    query: Option<&str>,
    base_path: &str,
    exists: impl Fn(&str) -> bool,
) -> Target {
    let Some(path) = decode(raw_path) else {
        return Target::BadRequest;
    };
    let query = query.map_or(String::new(), |q| format!("?{q}"));
    let base_path = if base_path.starts_with('/') && base_path.ends_with('/') {
        base_path
    } else {
        "/"
    };
    if base_path != "/" && path == base_path.trim_end_matches('/') {
        return Target::Redirect(format!("{base_path}{query}"));
    }
    let Some(relative) = path.strip_prefix(base_path) else {
        return if path == "/" {
            Target::Redirect(format!("{base_path}{query}"))
        } else {
            Target::NotFound
        };
    };
    if relative.is_empty() || relative.ends_with('/') {
        let key = format!("{relative}index.html");
        return if exists(&key) {
            Target::File(key)
        } else {
            Target::NotFound
        };
    }
    if exists(relative) {
        return Target::File(relative.to_string());
    }
    if exists(&format!("{relative}/index.html")) {
        return Target::Redirect(format!("{raw_path}/{query}"));
    }
    Target::NotFound
}

/// Percent-decodes a request path, refusing anything that could name a file outside the site or
/// that no output key can match: backslashes, `//`, encoded `.`, `/`, `\` or NUL, `.` and `..`
/// segments, control characters, bad escapes and invalid UTF-8.
pub fn decode(raw: &str) -> Option<String> {
    if !raw.starts_with('/') || raw.starts_with("//") || raw.contains('\\') {
        return None;
    }
    let lower = raw.to_ascii_lowercase();
    if ["%2e", "%2f", "%5c", "%00"]
        .iter()
        .any(|e| lower.contains(e))
    {
        return None;
    }
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(decoded).ok()?;
    if path.chars().any(char::is_control) || path.contains('\\') || path.contains("//") {
        return None;
    }
    if path
        .split('/')
        .any(|segment| segment == "." || segment == "..")
    {
        return None;
    }
    Some(path)
}

/// The Content-Type of an output file, by extension.
pub fn content_type(key: &str) -> &'static str {
    let extension = key
        .rsplit('/')
        .next()
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" | "xsl" => "application/xml",
        "atom" => "application/atom+xml",
        "rss" => "application/rss+xml",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "yaml" | "yml" => "application/yaml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "bmp" => "image/bmp",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "wav" => "audio/wav",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Inserts `snippet` before the last `</body>` (any case), or at the end if there is none.
pub fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
    let needle = b"</body>";
    let at = html
        .windows(needle.len())
        .rposition(|window| window.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(key: &str) -> bool {
        matches!(
            key,
            "index.html" | "style.css" | "storia/index.html" | "a b/index.html" | "perché.png"
        )
    }

    fn at(path: &str, base: &str) -> Target {
        resolve(path, None, base, site)
    }

    #[test]
    fn files_folders_and_redirects() {
        assert_eq!(at("/", "/"), Target::File("index.html".into()));
        assert_eq!(at("/style.css", "/"), Target::File("style.css".into()));
        assert_eq!(
            at("/storia/", "/"),
            Target::File("storia/index.html".into())
        );
        assert_eq!(at("/storia", "/"), Target::Redirect("/storia/".into()));
        assert_eq!(
            resolve("/storia", Some("x=1"), "/", site),
            Target::Redirect("/storia/?x=1".into())
        );
        assert_eq!(at("/a%20b/", "/"), Target::File("a b/index.html".into()));
        assert_eq!(
            at("/perch%C3%A9.png", "/"),
            Target::File("perché.png".into())
        );
        assert_eq!(at("/nope", "/"), Target::NotFound);
        assert_eq!(at("/nope/", "/"), Target::NotFound);
    }

    #[test]
    fn a_sub_path_site_is_served_under_its_sub_path() {
        assert_eq!(at("/", "/sub/"), Target::Redirect("/sub/".into()));
        assert_eq!(at("/sub", "/sub/"), Target::Redirect("/sub/".into()));
        assert_eq!(at("/sub/", "/sub/"), Target::File("index.html".into()));
        assert_eq!(
            at("/sub/storia/", "/sub/"),
            Target::File("storia/index.html".into())
        );
        assert_eq!(
            at("/sub/storia", "/sub/"),
            Target::Redirect("/sub/storia/".into())
        );
        assert_eq!(at("/style.css", "/sub/"), Target::NotFound);
        assert_eq!(at("/subway/", "/sub/"), Target::NotFound);
    }

    #[test]
    fn traversal_and_odd_paths_are_refused() {
        for probe in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/Cargo.toml",
            "/..%2fsite.yaml",
            "/..%2Fsite.yaml",
            "/%5c..%5csite.yaml",
            "/\\..\\site.yaml",
            "//etc/passwd",
            "/storia/../../secret",
            "/./index.html",
            "/%00",
            "/a%0a",
            "/%zz",
            "/%",
            "/%ff",
            "relative",
            "/a//b",
        ] {
            assert_eq!(at(probe, "/"), Target::BadRequest, "{probe}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.woff2"), "font/woff2");
        assert_eq!(content_type("a.b/noext"), "application/octet-stream");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        assert_eq!(
            inject(b"<p>x</p></BODY></html>", "<s>"),
            b"<p>x</p><s></BODY></html>"
        );
        assert_eq!(inject(b"<p>x</p>", "<s>"), b"<p>x</p><s>");
    }
}
