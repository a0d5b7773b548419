//! What the process-level tests share: a PostgreSQL database of a test's own (the
//! workspace's `test-postgres`), the real `regionwise` server started as a process, and a
//! minimal HTTP/1.1 client that reports a dead server as `None` instead of failing.
//!
//! PostgreSQL comes from `REGIONWISE_TEST_POSTGRES_URL` (default: the local server, trust
//! auth); each test creates its own database and drops it.

#![allow(dead_code)] // each test file uses its own part

pub mod price_list;

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};

pub use test_postgres::TestPostgres;

/// One running server process.
pub struct Server {
    pub child: Child,
    pub addr: String,
}

impl Server {
    /// Starts `regionwise serve` on a free port over `DATABASE_URL=database_url` (or the
    /// SQLite file in `data_dir`), and waits until it listens.
    pub async fn start(database_url: Option<&str>, data_dir: &Path) -> Server {
        Server::start_with(database_url, data_dir, &[]).await
    }

    /// [`Server::start`] with more environment variables.
    pub async fn start_with(
        database_url: Option<&str>,
        data_dir: &Path,
        env: &[(&str, &str)],
    ) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_regionwise"));
        command
            .arg("serve")
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("REGIONWISE_ADDR", "127.0.0.1:0")
            .env("REGIONWISE_DATA_DIR", data_dir)
            .env("REGIONWISE_WRITE_LIMIT", "0")
            .env("REGIONWISE_COMPUTE_LIMIT", "0")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        if let Some(url) = database_url {
            command.env("DATABASE_URL", url);
        }
        command.envs(env.iter().copied());
        let mut child = command.spawn().expect("the regionwise binary starts");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let addr = tokio::time::timeout(Duration::from_secs(30), async {
            while let Some(line) = lines.next_line().await.unwrap() {
                if let Some(addr) = line.strip_prefix("listening on http://") {
                    return addr.to_owned();
                }
            }
            panic!("the server exited before listening");
        })
        .await
        .expect("the server listens within 30 s");
        // Keep draining stdout so the server never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Server { child, addr }
    }

    /// SIGKILL: no graceful shutdown, no flushing.
    pub async fn kill(mut self) {
        self.child.kill().await.unwrap();
    }
}

pub struct Answer {
    pub status: u16,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|err| panic!("not JSON ({err}): {}", self.body))
    }
}

/// One HTTP/1.1 request on its own connection; `None` when the connection fails (a killed
/// server).
pub async fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Option<Answer> {
    let mut stream = TcpStream::connect(addr).await.ok()?;
    let mut text = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(body);
    stream.write_all(text.as_bytes()).await.ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.ok()?;
    let raw = String::from_utf8(raw).ok()?;
    let (head, body) = raw.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some(Answer {
        status,
        body: body.to_owned(),
    })
}
