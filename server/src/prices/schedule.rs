//! Keeping a running server's prices current.
//!
//! Two background tasks: the **reloader** looks at the database's current version every
//! `REGIONWISE_PRICE_RELOAD` and swaps it in when it changed (a `regionwise prices refresh`
//! run, or another server instance, saved it); the optional **refresher**
//! (`REGIONWISE_PRICE_REFRESH=24h`) fetches live prices when the stored book is older than that
//! interval. With several instances on one PostgreSQL only the holder of an advisory lock
//! refreshes, and it re-reads the book's age under the lock, so one refresh serves all.

use std::time::Duration;

use super::{CurrentPrices, RefreshOptions};
use crate::db::Database;

/// How often the refresher checks whether a refresh is due.
const REFRESH_CHECK: Duration = Duration::from_secs(60);

/// Starts the reloader, and the refresher when `refresh_every` is set.
pub fn spawn(
    prices: CurrentPrices,
    database: Database,
    reload_every: Duration,
    refresh_every: Option<Duration>,
    refresh_options: RefreshOptions,
) {
    tokio::spawn(reload_loop(prices.clone(), database.clone(), reload_every));
    if let Some(every) = refresh_every {
        tokio::spawn(refresh_loop(prices, database, every, refresh_options));
    }
}

async fn reload_loop(prices: CurrentPrices, database: Database, every: Duration) {
    let mut ticker = tokio::time::interval(every);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        reload(&prices, &database).await;
    }
}

/// Swaps in the database's current version if it is not the one in use.
pub async fn reload(prices: &CurrentPrices, database: &Database) {
    let stored = match database.current_price_book().await {
        Ok(Some(stored)) => stored,
        Ok(None) => return,
        Err(err) => {
            tracing::warn!(%err, "cannot check for a newer price book");
            return;
        }
    };
    if stored.version == prices.get().version {
        return;
    }
    match database.load_price_book(&stored).await {
        Ok(book) => {
            // The bundled snapshot always parses (a test proves it).
            let book = match super::bundled_snapshot() {
                Ok(snapshot) => super::with_new_products(book, &snapshot),
                Err(_) => book,
            };
            tracing::info!(
                version = %book.version,
                as_of = %book.as_of,
                entries = book.entries().len(),
                "price book updated"
            );
            prices.replace_with_report(book, stored.report());
        }
        Err(err) => {
            tracing::warn!(%err, version = %stored.version, "cannot load the new price book; keeping the one in use")
        }
    }
}

async fn refresh_loop(
    prices: CurrentPrices,
    database: Database,
    every: Duration,
    options: RefreshOptions,
) {
    let check = every.min(REFRESH_CHECK);
    loop {
        tokio::time::sleep(check).await;
        if !is_due(&database, every).await {
            continue;
        }
        let lock = match database.try_lock_price_refresh().await {
            Ok(Some(lock)) => lock,
            Ok(None) => {
                tracing::debug!("another instance is refreshing prices");
                continue;
            }
            Err(err) => {
                tracing::warn!(%err, "cannot take the price refresh lock");
                continue;
            }
        };
        // Another instance may have refreshed between the check and the lock.
        if is_due(&database, every).await {
            match super::refresh(&database, &options).await {
                Ok(summary) => tracing::info!(
                    version = %summary.version,
                    priced = summary.priced,
                    changed = summary.changed.len(),
                    kept = summary.kept().count(),
                    "prices refreshed"
                ),
                Err(err) => {
                    tracing::warn!(%err, "price refresh failed; keeping the price book in use");
                    lock.release().await;
                    // Try again after a full interval, not every check.
                    tokio::time::sleep(every.saturating_sub(check)).await;
                    continue;
                }
            }
        }
        lock.release().await;
        reload(&prices, &database).await;
    }
}

/// Whether the stored book is older than `every` (or there is none).
async fn is_due(database: &Database, every: Duration) -> bool {
    match database.current_price_book().await {
        Ok(Some(stored)) => {
            let age_ms = crate::clock::now_ms().saturating_sub(stored.created_at_ms);
            age_ms >= every.as_millis() as i64
        }
        Ok(None) => true,
        Err(err) => {
            tracing::warn!(%err, "cannot read the price book's age");
            false
        }
    }
}
