//! Runtime configuration, read once from the environment at start-up.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `REGIONWISE_ADDR` | `127.0.0.1:3000` | address the server listens on |
//! | `REGIONWISE_DATA_DIR` | `./data` | directory for the embedded SQLite database |
//! | `DATABASE_URL` | `sqlite://$REGIONWISE_DATA_DIR/regionwise.db` | `sqlite:` or `postgres:` URL |
//! | `REGIONWISE_PRICE_REFRESH` | off | refresh prices from the AWS Price List API this often (`24h`) |
//! | `REGIONWISE_PRICE_RELOAD` | `15s` | how often the server looks for a newer price book in the database |
//! | `REGIONWISE_PRICE_OFFERS_URL` | AWS's (the Price List endpoint override when set) | where a refresh reads the bulk Savings Plans price list |
//! | `REGIONWISE_WRITE_LIMIT` | `60` | plan writes per client and minute (0: off) |
//! | `REGIONWISE_COMPUTE_LIMIT` | `300` | estimates, bundles and history pages per client and minute (0: off) |
//! | `REGIONWISE_TRUSTED_PROXIES` | none | proxies (addresses or CIDR blocks, comma-separated) whose `X-Forwarded-For` names the client |
//! | `RUST_LOG` | `info` | log filter (read by [`crate::telemetry`]) |
//!
//! A bad value stops start-up with an error naming the variable. Handlers never read the
//! environment; they get what they need through [`crate::AppState`].

use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;

pub const ADDR_VAR: &str = "REGIONWISE_ADDR";
pub const DATA_DIR_VAR: &str = "REGIONWISE_DATA_DIR";
pub const DATABASE_URL_VAR: &str = "DATABASE_URL";
pub const WRITE_LIMIT_VAR: &str = "REGIONWISE_WRITE_LIMIT";
pub const COMPUTE_LIMIT_VAR: &str = "REGIONWISE_COMPUTE_LIMIT";
pub const TRUSTED_PROXIES_VAR: &str = "REGIONWISE_TRUSTED_PROXIES";
pub const PUBLIC_URL_VAR: &str = "REGIONWISE_PUBLIC_URL";
pub const PRICE_REFRESH_VAR: &str = "REGIONWISE_PRICE_REFRESH";
pub const PRICE_RELOAD_VAR: &str = "REGIONWISE_PRICE_RELOAD";
pub const PRICE_OFFERS_URL_VAR: &str = "REGIONWISE_PRICE_OFFERS_URL";
pub const HEADER_TIMEOUT_VAR: &str = "REGIONWISE_HEADER_TIMEOUT";
pub const REQUEST_TIMEOUT_VAR: &str = "REGIONWISE_REQUEST_TIMEOUT";
pub const MAX_CONNECTIONS_VAR: &str = "REGIONWISE_MAX_CONNECTIONS";
/// Request headers (and the idle wait between requests on a kept-alive connection).
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// A whole request, body included.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections served at once (lowered to fit the open-file limit at start-up).
pub const DEFAULT_MAX_CONNECTIONS: usize = 50_000;

const DEFAULT_PRICE_RELOAD: Duration = Duration::from_secs(15);

/// Plan writes (save, edit, fork, delete) each client may make per minute.
const DEFAULT_WRITE_LIMIT: u32 = 60;
/// Requests that compute (estimates, comparisons, bundles, app configs, history pages) each
/// client may make per minute: a burst of this many, refilled evenly.
const DEFAULT_COMPUTE_LIMIT: u32 = 300;

const DEFAULT_ADDR: &str = "127.0.0.1:3000";
const DEFAULT_DATA_DIR: &str = "data";
const SQLITE_FILE_NAME: &str = "regionwise.db";

#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    pub database: DatabaseConfig,
    /// Plan writes per client and minute; 0 turns the limit off.
    pub write_limit_per_minute: u32,
    /// Computing requests per client and minute; 0 turns the limit off.
    pub compute_limit_per_minute: u32,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// The address users reach the site at (`https://plans.example.com`), for the links the
    /// API returns; when unset, links are relative (the request's `Host` is never trusted).
    pub public_url: Option<String>,
    /// How often this server refreshes prices from AWS itself; `None` leaves it to
    /// `regionwise prices refresh`.
    pub price_refresh: Option<Duration>,
    /// How often the server checks the database for a price book another process saved.
    pub price_reload: Duration,
    /// Where a refresh reads the bulk price list files (the Savings Plans price list); `None`
    /// lets [`crate::prices::live::LiveOptions::offers_base`] choose.
    pub price_offers_url: Option<String>,
    /// Timeouts and the connection cap of the connection loop (`listener.rs`).
    pub limits: crate::listener::Limits,
}

/// Which database to use and how to connect to it.
#[derive(Debug, Clone)]
pub struct DatabaseConfig {
    pub target: DatabaseTarget,
    /// The URL with any password replaced by `***`, safe to print.
    pub redacted_url: String,
    /// The variable the setting came from, named in connection errors.
    pub source_var: &'static str,
}

#[derive(Debug, Clone)]
pub enum DatabaseTarget {
    Sqlite(SqliteConnectOptions),
    Postgres(PgConnectOptions),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{var}: `{value}` is not a socket address like 127.0.0.1:3000")]
    BadAddr { var: &'static str, value: String },
    #[error(
        "{var}: `{value}` is not a whole number of requests per minute (0 turns the limit off)"
    )]
    BadRateLimit { var: &'static str, value: String },
    #[error(
        "{var}: `{value}` is not an IP address or CIDR block (list them comma-separated, like 10.0.0.0/8, 192.0.2.1)"
    )]
    BadTrustedProxy { var: &'static str, value: String },
    #[error("{var}: `{value}` is not an http:// or https:// address like https://example.com")]
    BadUrl { var: &'static str, value: String },
    #[error("{var}: `{value}` is not a whole number of connections, at least 1")]
    BadConnectionCount { var: &'static str, value: String },
    #[error("{var}: `{value}` is not a duration like 24h, 30m or 15s")]
    BadDuration { var: &'static str, value: String },
    #[error("{var}: must not be empty")]
    Empty { var: &'static str },
    #[error(
        "{var}: unsupported scheme `{scheme}` (expected sqlite://PATH or postgres://USER@HOST/DB)"
    )]
    UnsupportedScheme { var: &'static str, scheme: String },
    #[error("{var}: cannot parse `{url}`: {cause}")]
    BadDatabaseUrl {
        var: &'static str,
        url: String,
        cause: String,
    },
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads configuration through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let addr_text = lookup(ADDR_VAR).unwrap_or_else(|| DEFAULT_ADDR.to_owned());
        let addr = SocketAddr::from_str(addr_text.trim()).map_err(|_| ConfigError::BadAddr {
            var: ADDR_VAR,
            value: addr_text.clone(),
        })?;

        let data_dir = match lookup(DATA_DIR_VAR) {
            Some(value) if value.trim().is_empty() => {
                return Err(ConfigError::Empty { var: DATA_DIR_VAR });
            }
            Some(value) => PathBuf::from(value),
            None => PathBuf::from(DEFAULT_DATA_DIR),
        };

        let database = match lookup(DATABASE_URL_VAR) {
            Some(url) => DatabaseConfig::from_url(DATABASE_URL_VAR, url.trim())?,
            None => DatabaseConfig::sqlite_file(data_dir.join(SQLITE_FILE_NAME)),
        };

        let per_minute = |var: &'static str, default: u32| match lookup(var) {
            None => Ok(default),
            Some(value) => value
                .trim()
                .parse()
                .map_err(|_| ConfigError::BadRateLimit { var, value }),
        };
        let write_limit_per_minute = per_minute(WRITE_LIMIT_VAR, DEFAULT_WRITE_LIMIT)?;
        let compute_limit_per_minute = per_minute(COMPUTE_LIMIT_VAR, DEFAULT_COMPUTE_LIMIT)?;
        let trusted_proxies = match lookup(TRUSTED_PROXIES_VAR) {
            None => Vec::new(),
            Some(list) => parse_trusted_proxies(&list)?,
        };
        let http_url = |var: &'static str| -> Result<Option<String>, ConfigError> {
            let Some(value) = lookup(var) else {
                return Ok(None);
            };
            let trimmed = value.trim().trim_end_matches('/');
            url::Url::parse(trimmed)
                .ok()
                .filter(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
                .map(|_| Some(trimmed.to_owned()))
                .ok_or(ConfigError::BadUrl { var, value })
        };
        let public_url = http_url(PUBLIC_URL_VAR)?;
        let price_offers_url = http_url(PRICE_OFFERS_URL_VAR)?;

        let duration = |var: &'static str| -> Result<Option<Duration>, ConfigError> {
            let Some(value) = lookup(var) else {
                return Ok(None);
            };
            humantime::parse_duration(value.trim())
                .ok()
                .filter(|duration| !duration.is_zero())
                .map(Some)
                .ok_or(ConfigError::BadDuration { var, value })
        };
        let price_refresh = duration(PRICE_REFRESH_VAR)?;
        let price_reload = duration(PRICE_RELOAD_VAR)?.unwrap_or(DEFAULT_PRICE_RELOAD);
        let max_connections = match lookup(MAX_CONNECTIONS_VAR) {
            None => DEFAULT_MAX_CONNECTIONS,
            Some(value) => value.trim().parse().ok().filter(|count| *count > 0).ok_or(
                ConfigError::BadConnectionCount {
                    var: MAX_CONNECTIONS_VAR,
                    value,
                },
            )?,
        };
        let limits = crate::listener::Limits {
            header_timeout: duration(HEADER_TIMEOUT_VAR)?.unwrap_or(DEFAULT_HEADER_TIMEOUT),
            request_timeout: duration(REQUEST_TIMEOUT_VAR)?.unwrap_or(DEFAULT_REQUEST_TIMEOUT),
            max_connections,
        };

        Ok(Config {
            addr,
            data_dir,
            database,
            write_limit_per_minute,
            compute_limit_per_minute,
            trusted_proxies,
            public_url,
            price_refresh,
            price_reload,
            price_offers_url,
            limits,
        })
    }
}

impl DatabaseConfig {
    /// The embedded default: an SQLite file, created on first use.
    pub fn sqlite_file(path: PathBuf) -> DatabaseConfig {
        DatabaseConfig {
            redacted_url: format!("sqlite://{}", path.display()),
            target: DatabaseTarget::Sqlite(
                SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true),
            ),
            source_var: DATA_DIR_VAR,
        }
    }

    /// Parses a `sqlite:` or `postgres:` URL given in the variable `var`.
    pub fn from_url(var: &'static str, url: &str) -> Result<DatabaseConfig, ConfigError> {
        if url.is_empty() {
            return Err(ConfigError::Empty { var });
        }
        let redacted_url = redact_password(url);
        let bad_url = |cause: String| ConfigError::BadDatabaseUrl {
            var,
            url: redacted_url.clone(),
            cause,
        };
        let scheme = url.split_once(':').map(|(scheme, _)| scheme).unwrap_or("");
        let target = match scheme {
            "sqlite" => DatabaseTarget::Sqlite(
                SqliteConnectOptions::from_str(url)
                    .map_err(|err| bad_url(err.to_string()))?
                    .create_if_missing(true),
            ),
            "postgres" | "postgresql" => {
                // Parse with `url` first: it reports malformed URLs more precisely than sqlx.
                url::Url::parse(url).map_err(|err| bad_url(err.to_string()))?;
                DatabaseTarget::Postgres(
                    PgConnectOptions::from_str(url).map_err(|err| bad_url(err.to_string()))?,
                )
            }
            _ => {
                return Err(ConfigError::UnsupportedScheme {
                    var,
                    scheme: scheme.to_owned(),
                });
            }
        };
        Ok(DatabaseConfig {
            target,
            redacted_url,
            source_var: var,
        })
    }
}

/// Replaces the password of a URL with `***`, leaving anything unparsable untouched
/// except for a conservative cut at the `@`.
pub fn redact_password(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            // Setting a password only fails for URLs that cannot have one.
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(_) => url.to_owned(),
        Err(_) => match url.rsplit_once('@') {
            Some((_, host)) => format!("***@{host}"),
            None => url.to_owned(),
        },
    }
}

/// `10.0.0.0/8, 192.0.2.1`: networks, or single addresses as one-address networks.
fn parse_trusted_proxies(list: &str) -> Result<Vec<ipnet::IpNet>, ConfigError> {
    list.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<ipnet::IpNet>()
                .or_else(|_| item.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| ConfigError::BadTrustedProxy {
                    var: TRUSTED_PROXIES_VAR,
                    value: item.to_owned(),
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_use_an_sqlite_file_in_the_data_dir() {
        let config = config(&[]).unwrap();
        assert_eq!(config.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.data_dir, PathBuf::from("data"));
        assert_eq!(config.database.redacted_url, "sqlite://data/regionwise.db");
        assert!(matches!(config.database.target, DatabaseTarget::Sqlite(_)));
    }

    #[test]
    fn urls_must_be_http_addresses_naming_their_variable() {
        let urls = config(&[
            ("REGIONWISE_PUBLIC_URL", "https://plans.example.com/"),
            ("REGIONWISE_PRICE_OFFERS_URL", "http://127.0.0.1:9000"),
        ])
        .unwrap();
        assert_eq!(
            urls.public_url.as_deref(),
            Some("https://plans.example.com")
        );
        assert_eq!(
            urls.price_offers_url.as_deref(),
            Some("http://127.0.0.1:9000")
        );
        assert_eq!(
            config(&[("REGIONWISE_PRICE_OFFERS_URL", "ftp://prices")])
                .unwrap_err()
                .to_string(),
            "REGIONWISE_PRICE_OFFERS_URL: `ftp://prices` is not an http:// or https:// address like https://example.com"
        );
    }

    #[test]
    fn data_dir_moves_the_default_database() {
        let config = config(&[(DATA_DIR_VAR, "/var/lib/rw")]).unwrap();
        assert_eq!(
            config.database.redacted_url,
            "sqlite:///var/lib/rw/regionwise.db"
        );
    }

    #[test]
    fn postgres_url_selects_postgres() {
        let config = config(&[(DATABASE_URL_VAR, "postgres://app:secret@db:5432/rw")]).unwrap();
        assert!(matches!(
            config.database.target,
            DatabaseTarget::Postgres(_)
        ));
        assert_eq!(
            config.database.redacted_url,
            "postgres://app:***@db:5432/rw"
        );
    }

    #[test]
    fn bad_values_name_their_variable() {
        let error = config(&[(ADDR_VAR, "localhost")]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "REGIONWISE_ADDR: `localhost` is not a socket address like 127.0.0.1:3000"
        );
        let error = config(&[(DATABASE_URL_VAR, "mysql://root@db/x")]).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("DATABASE_URL: unsupported scheme `mysql`")
        );
        let error = config(&[(DATABASE_URL_VAR, "postgres://u:pw@db:notaport/x")]).unwrap_err();
        let message = error.to_string();
        assert!(
            message.starts_with("DATABASE_URL: cannot parse"),
            "{message}"
        );
        assert!(!message.contains("pw"), "password leaked: {message}");
        let error = config(&[(DATA_DIR_VAR, " ")]).unwrap_err();
        assert_eq!(error.to_string(), "REGIONWISE_DATA_DIR: must not be empty");
        let error = config(&[(COMPUTE_LIMIT_VAR, "lots")]).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("REGIONWISE_COMPUTE_LIMIT: `lots`")
        );
        let error = config(&[(TRUSTED_PROXIES_VAR, "10.0.0.0/8, proxy.internal")]).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("REGIONWISE_TRUSTED_PROXIES: `proxy.internal` is not an IP address"),
            "{error}"
        );
    }

    #[test]
    fn trusted_proxies_take_addresses_and_networks() {
        let config = config(&[(TRUSTED_PROXIES_VAR, " 10.0.0.0/8,192.0.2.1 , ::1")]).unwrap();
        let listed: Vec<String> = config
            .trusted_proxies
            .iter()
            .map(|net| net.to_string())
            .collect();
        assert_eq!(listed, ["10.0.0.0/8", "192.0.2.1/32", "::1/128"]);
        assert_eq!(config.compute_limit_per_minute, 300);
    }
}
