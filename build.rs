//! Compile-time work:
//! - the identity of this Spiega: a hash of its own sources, built-in theme and lock file, so that
//!   a build stamp (src/stamp.rs) made by one Spiega is never trusted by a different one, without
//!   reading the running binary at every build;
//! - the built-in theme: every file of themes/explainer/ listed for `include_bytes!`, so that
//!   `theme: explainer` works in a site with no themes/ folder.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// The folder of the built-in theme.
const THEME: &str = "themes/explainer";

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed={THEME}");
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-changed=Cargo.toml");
    let mut theme = Vec::new();
    collect(Path::new(THEME), &mut theme);
    theme.sort();
    write_theme_list(&theme);
    let mut files = Vec::new();
    collect(Path::new("src"), &mut files);
    files.extend(theme);
    files.push(PathBuf::from("Cargo.lock"));
    files.push(PathBuf::from("Cargo.toml"));
    files.sort();
    let mut hasher = DefaultHasher::new();
    for file in &files {
        file.hash(&mut hasher);
        std::fs::read(file).unwrap_or_default().hash(&mut hasher);
    }
    println!(
        "cargo:rustc-env=SPIEGA_SOURCE_HASH={:016x}",
        hasher.finish()
    );
}

/// Writes `$OUT_DIR/builtin_theme.rs`: `(path in the theme, bytes)` of every theme file, sorted.
fn write_theme_list(files: &[PathBuf]) {
    let (Ok(out), Ok(manifest)) = (
        std::env::var("OUT_DIR"),
        std::env::var("CARGO_MANIFEST_DIR"),
    ) else {
        return;
    };
    let mut list = String::from("&[\n");
    for file in files {
        let Ok(relative) = file.strip_prefix(THEME) else {
            continue;
        };
        let name = relative.to_string_lossy().replace('\\', "/");
        if name.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        let absolute = Path::new(&manifest).join(file);
        list.push_str(&format!(
            "    ({name:?}, include_bytes!({:?}).as_slice()),\n",
            absolute.to_string_lossy()
        ));
    }
    list.push(']');
    // A failed write shows as a compile error in src/load/builtin.rs, which includes the file.
    let _ = std::fs::write(Path::new(&out).join("builtin_theme.rs"), list);
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
