//! The site's built files (`/pkg`): whether cargo-leptos gave them hashed names, and the
//! stylesheet's address.
//!
//! With `hash-files = true` (the workspace's `[[workspace.metadata.leptos]]`), `cargo leptos
//! build` names the script, wasm and stylesheet `regionwise.<hash>.<ext>` and writes the
//! hashes to `hash.txt` beside the binary (`js: …`, `wasm: …`, `css: …`). A server whose
//! `hash.txt` names files that are in the site's `pkg` folder serves those names (Leptos's
//! `HydrationScripts` reads the same file); a binary built by plain `cargo`, as the Rust tests
//! build it, has no `hash.txt` and serves the plain names. A hashed name changes whenever the
//! file does, so browsers may keep it for a year without asking again
//! ([`crate::http::caching`]).

use std::path::{Path, PathBuf};

use leptos::config::LeptosOptions;

/// What the server found of the site's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFiles {
    /// Whether the script, wasm and stylesheet carry their content hash in their names.
    pub hashed: bool,
    /// The stylesheet's address, e.g. `/pkg/regionwise.Xy3….css`.
    pub stylesheet_href: String,
}

/// The hashes `hash.txt` gives, by file kind (`js`, `wasm`, `css`).
fn read_hashes(hash_file: &Path) -> Option<Vec<(String, String)>> {
    let text = std::fs::read_to_string(hash_file).ok()?;
    Some(
        text.lines()
            .filter_map(|line| line.split_once(':'))
            .map(|(kind, hash)| (kind.trim().to_owned(), hash.trim().to_owned()))
            .filter(|(_, hash)| !hash.is_empty())
            .collect(),
    )
}

/// The site's files for `options`, with `hash_file` the `hash.txt` cargo-leptos wrote (beside
/// the running binary, see [`hash_file_beside_binary`]).
pub fn detect(options: &LeptosOptions, hash_file: &Path) -> SiteFiles {
    let name = options.output_name.as_ref();
    let pkg = options.site_pkg_dir.as_ref();
    let plain = SiteFiles {
        hashed: false,
        stylesheet_href: format!("/{pkg}/{name}.css"),
    };
    let Some(hashes) = read_hashes(hash_file) else {
        return plain;
    };
    let hash_of = |kind: &str| {
        hashes
            .iter()
            .find(|(known, _)| known == kind)
            .map(|(_, hash)| hash.as_str())
    };
    let (Some(js), Some(wasm), Some(css)) = (hash_of("js"), hash_of("wasm"), hash_of("css")) else {
        return plain;
    };
    // A hash.txt left from another build names files this site does not have.
    let site_pkg = Path::new(options.site_root.as_ref()).join(pkg);
    let present = [(js, "js"), (wasm, "wasm"), (css, "css")]
        .iter()
        .all(|(hash, extension)| {
            site_pkg
                .join(format!("{name}.{hash}.{extension}"))
                .is_file()
        });
    if !present {
        return plain;
    }
    SiteFiles {
        hashed: true,
        stylesheet_href: format!("/{pkg}/{name}.{css}.css"),
    }
}

/// Where cargo-leptos writes `hash.txt` for the running binary: beside it.
pub fn hash_file_beside_binary(options: &LeptosOptions) -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
        .unwrap_or_default()
        .join(options.hash_file.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[&str], hash_txt: Option<&str>) -> (tempfile::TempDir, LeptosOptions, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let pkg = dir.path().join("site").join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        for file in files {
            std::fs::write(pkg.join(file), "x").unwrap();
        }
        let hash_file = dir.path().join("hash.txt");
        if let Some(text) = hash_txt {
            std::fs::write(&hash_file, text).unwrap();
        }
        let options = LeptosOptions::builder()
            .output_name("regionwise")
            .site_root(dir.path().join("site").to_str().unwrap())
            .build();
        (dir, options, hash_file)
    }

    const HASHES: &str =
        "js: aJsHash0123456789abcd\nwasm: aWasmHash123456789abc\ncss: aCssHash0123456789abc\n";

    #[test]
    fn hashed_names_when_hash_txt_names_files_the_site_has() {
        let (_dir, options, hash_file) = site(
            &[
                "regionwise.aJsHash0123456789abcd.js",
                "regionwise.aWasmHash123456789abc.wasm",
                "regionwise.aCssHash0123456789abc.css",
            ],
            Some(HASHES),
        );
        assert_eq!(
            detect(&options, &hash_file),
            SiteFiles {
                hashed: true,
                stylesheet_href: "/pkg/regionwise.aCssHash0123456789abc.css".into()
            }
        );
    }

    #[test]
    fn plain_names_without_hash_txt_or_with_a_stale_one() {
        let plain = SiteFiles {
            hashed: false,
            stylesheet_href: "/pkg/regionwise.css".into(),
        };
        let (_dir, options, hash_file) = site(&["regionwise.js", "regionwise.css"], None);
        assert_eq!(detect(&options, &hash_file), plain);
        // hash.txt from another build: its wasm is not in this site.
        let (_dir, options, hash_file) = site(
            &[
                "regionwise.aJsHash0123456789abcd.js",
                "regionwise.aCssHash0123456789abc.css",
            ],
            Some(HASHES),
        );
        assert_eq!(detect(&options, &hash_file), plain);
    }
}
