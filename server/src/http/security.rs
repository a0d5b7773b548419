//! Security headers for every response.
//!
//! HTML pages set their own Content-Security-Policy with a per-response nonce (see
//! `app::csp`); every response that did not set one gets [`DEFAULT_POLICY`], which allows
//! nothing — right for JSON, harmless for static files.

use axum::Router;
use http::HeaderValue;
use http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use tower_http::set_header::SetResponseHeaderLayer;

/// The CSP of responses that are not pages.
pub const DEFAULT_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// Adds the security headers a handler did not set itself.
pub fn with_security_headers(router: Router) -> Router {
    let defaults = [
        (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (X_FRAME_OPTIONS, "DENY"),
        (REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (
            http::HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), payment=()",
        ),
        (CONTENT_SECURITY_POLICY, DEFAULT_POLICY),
    ];
    defaults.into_iter().fold(router, |router, (name, value)| {
        router.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ))
    })
}
