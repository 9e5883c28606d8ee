//! Where the cache of processed images and social cards may live (site.yaml `cache_dir`): never
//! among the folders the build reads, never overlapping the one it writes.

use std::path::{Path, PathBuf};

/// Checks that the cache folder `cache_dir` (site.yaml, relative to `root` unless absolute) is
/// outside the site's source folders and outside `output`: the build reads the first and writes
/// the second, and neither must see the cache. Returns what is wrong.
pub fn check_cache_dir(root: &Path, cache_dir: &str, output: Option<&Path>) -> Result<(), String> {
    if cache_dir.trim().is_empty() {
        return Err("`cache_dir` is empty".to_string());
    }
    let cache = lexical(&root.join(cache_dir));
    let root = lexical(root);
    if cache == root {
        return Err(format!("`cache_dir: {cache_dir}` is the site root"));
    }
    for source in super::SOURCE_DIRS {
        if cache.starts_with(root.join(source)) {
            return Err(format!(
                "`cache_dir: {cache_dir}` is inside the site's {source}/ folder"
            ));
        }
    }
    if let Some(output) = output {
        let output = lexical(output);
        if cache.starts_with(&output) || output.starts_with(&cache) {
            return Err(format!(
                "`cache_dir: {cache_dir}` and the output folder `{}` overlap",
                output.display()
            ));
        }
    }
    Ok(())
}

/// An absolute path with `.` and `..` resolved by their names (the folders may not exist yet).
fn lexical(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_stays_out_of_sources_and_output() {
        let root = Path::new("/site");
        assert!(check_cache_dir(root, ".spiega-cache", Some(Path::new("/site/public"))).is_ok());
        assert!(check_cache_dir(root, "/var/cache/spiega", None).is_ok());
        assert!(check_cache_dir(root, "content/.cache", None).is_err());
        assert!(check_cache_dir(root, "public/cache", Some(Path::new("/site/public"))).is_err());
        assert!(check_cache_dir(root, "x/../static", None).is_err());
        assert!(check_cache_dir(root, ".", None).is_err());
    }
}
