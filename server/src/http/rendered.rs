//! Rendered answers about saved plans, kept in memory and reused while they stay true.
//!
//! A revision never changes, so the share page and the API document of one revision only
//! change when a newer revision is saved (the history, `current_revision`), when the prices
//! change, or for another origin (the configured public URL of the absolute links; never the
//! request's `Host`). The key holds all four. Every request
//! still reads the plan's row — one primary-key lookup — so a revision saved or a plan deleted
//! through another server process is seen at once; only the estimating and rendering are
//! reused. The cache is bounded by bytes and evicts the least useful entries.

use axum::body::Bytes;
use quick_cache::Weighter;
use quick_cache::sync::Cache;

/// Memory the rendered answers may use.
const CAPACITY_BYTES: u64 = 64 * 1024 * 1024;
/// A guess of how many answers fit, for the cache's initial sizing.
const ESTIMATED_ENTRIES: usize = 2_000;

/// Which answer is cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rendering {
    SharePage,
    ApiDocument,
}

/// Everything a rendered answer depends on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RenderKey {
    pub rendering: Rendering,
    pub plan_id: String,
    pub revision: i64,
    pub current_revision: i64,
    pub price_book_version: String,
    pub origin: String,
}

#[derive(Clone)]
struct ByteWeighter;

impl Weighter<RenderKey, Bytes> for ByteWeighter {
    fn weight(&self, key: &RenderKey, value: &Bytes) -> u64 {
        (value.len() + key.plan_id.len() + key.origin.len() + key.price_book_version.len()) as u64
    }
}

/// The cache of rendered answers.
pub struct RenderedCache {
    cache: Cache<RenderKey, Bytes, ByteWeighter>,
}

impl std::fmt::Debug for RenderedCache {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("RenderedCache")
            .field("entries", &self.cache.len())
            .field("bytes", &self.cache.weight())
            .finish()
    }
}

impl Default for RenderedCache {
    fn default() -> Self {
        RenderedCache {
            cache: Cache::with_weighter(ESTIMATED_ENTRIES, CAPACITY_BYTES, ByteWeighter),
        }
    }
}

impl RenderedCache {
    pub fn get(&self, key: &RenderKey) -> Option<Bytes> {
        self.cache.get(key)
    }

    pub fn insert(&self, key: RenderKey, value: Bytes) {
        self.cache.insert(key, value);
    }

    /// Answers held.
    pub fn len(&self) -> usize {
        self.cache.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cache.is_empty()
    }
}
