//! `Cache-Control` for responses that set none: a year, `immutable`, for the site's files whose
//! names carry their content hash (`/pkg/regionwise.<hash>.wasm`: a new build is a new name),
//! and `no-cache` (keep, but ask before each use) for pages and the other static files, so a
//! new release reaches every browser on its next visit. API answers set their own or none.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::HeaderValue;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};

/// For hashed files: a year, never revalidated.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For pages and unhashed static files: revalidated on every use.
pub const REVALIDATE: &str = "no-cache";

/// Extensions of the static files served from the site root (`public/` and `/pkg`).
const STATIC_EXTENSIONS: [&str; 6] = ["js", "wasm", "css", "svg", "ico", "png"];

/// Sets `Cache-Control` on a response that has none (see the module documentation).
pub async fn cache_control(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    if response.headers().contains_key(CACHE_CONTROL) {
        return response;
    }
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    let value = if is_hashed_site_file(&path) && response.status().is_success() {
        IMMUTABLE
    } else if is_html || is_static_file(&path) {
        REVALIDATE
    } else {
        return response;
    };
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// `/pkg/NAME.HASH.EXT`: cargo-leptos's hashed names, the hash being the file's MD5 in
/// unpadded base64url (22 characters).
pub fn is_hashed_site_file(path: &str) -> bool {
    let Some(file) = path.strip_prefix("/pkg/") else {
        return false;
    };
    let parts: Vec<&str> = file.split('.').collect();
    matches!(parts.as_slice(), [name, hash, extension]
        if !name.is_empty()
            && hash.len() >= 16
            && hash.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && STATIC_EXTENSIONS.contains(extension))
}

fn is_static_file(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, extension)| STATIC_EXTENSIONS.contains(&extension))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hashed_names_under_pkg_are_immutable() {
        assert!(is_hashed_site_file(
            "/pkg/regionwise.aWasmHash123456789abc.wasm"
        ));
        assert!(is_hashed_site_file(
            "/pkg/regionwise.Ab-_cd0123456789xyzQ.css"
        ));
        // A split build's lazily loaded module, shared chunk and loader script.
        assert!(is_hashed_site_file(
            "/pkg/split_part_view_1234567890.Ab-_cd0123456789xyzQ.wasm"
        ));
        assert!(is_hashed_site_file(
            "/pkg/chunk_1.Ab-_cd0123456789xyzQ.wasm"
        ));
        assert!(is_hashed_site_file(
            "/pkg/__wasm_split.Ab-_cd0123456789xyzQ.js"
        ));
        // cargo-leptos's plain names (a build without hashing) and files outside /pkg.
        assert!(!is_hashed_site_file("/pkg/regionwise.wasm"));
        assert!(!is_hashed_site_file("/pkg/regionwise_bg.wasm"));
        assert!(!is_hashed_site_file("/share.js"));
        assert!(!is_hashed_site_file("/pkg/regionwise.short.js"));
        assert!(!is_hashed_site_file(
            "/pkg/../regionwise.aWasmHash123456789abc.wasm"
        ));
        assert!(!is_hashed_site_file(
            "/pkg/regionwise.aWasmHash123456789abc.html"
        ));
    }

    #[test]
    fn static_files_are_known_by_their_extension() {
        assert!(is_static_file("/app-config.js"));
        assert!(is_static_file("/favicon.svg"));
        assert!(!is_static_file("/api/v1/plans"));
        assert!(!is_static_file("/"));
    }
}
