//! The `regionwise` binary as a process: start-up failures name their cause in one line, the
//! server serves on a real socket, and SIGTERM shuts it down cleanly.
//!
//! These tests start the binary Cargo built for them (`CARGO_BIN_EXE_regionwise`) with a
//! controlled environment; the database is an SQLite file in a temporary directory.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn regionwise(data_dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_regionwise"));
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("REGIONWISE_DATA_DIR", data_dir)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null());
    command
}

fn run_to_end(mut command: Command) -> Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().expect("wait works").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the process did not exit within 30 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("output reads")
}

/// The last non-empty line of standard error.
fn error_line(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn an_unparsable_database_url_stops_startup_naming_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = regionwise(dir.path());
    command.env("DATABASE_URL", "mysql://root@localhost/db");
    let output = run_to_end(command);
    assert!(!output.status.success());
    let line = error_line(&output);
    assert!(
        line.starts_with("regionwise: error: DATABASE_URL: unsupported scheme `mysql`"),
        "{line}"
    );
}

#[test]
fn an_unreachable_database_stops_startup_naming_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens on port 9 (discard) here; the connection is refused at once.
    let mut command = regionwise(dir.path());
    command.env(
        "DATABASE_URL",
        "postgres://postgres:hunter2@127.0.0.1:9/regionwise",
    );
    let output = run_to_end(command);
    assert!(!output.status.success());
    let line = error_line(&output);
    assert!(
        line.starts_with("regionwise: error: DATABASE_URL: cannot open postgres://postgres:***@127.0.0.1:9/regionwise:"),
        "{line}"
    );
    assert!(!String::from_utf8_lossy(&output.stderr).contains("hunter2"));
}

#[test]
fn a_port_in_use_stops_startup_naming_the_address() {
    let dir = tempfile::tempdir().unwrap();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap();
    let mut command = regionwise(dir.path());
    command.env("REGIONWISE_ADDR", addr.to_string());
    let output = run_to_end(command);
    assert!(!output.status.success());
    let line = error_line(&output);
    assert!(
        line.starts_with(&format!(
            "regionwise: error: REGIONWISE_ADDR: cannot listen on {addr}:"
        )),
        "{line}"
    );
}

/// A running server, killed if the test fails before it stops it.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(data_dir: &std::path::Path, database_url: Option<&str>) -> Server {
    let mut command = regionwise(data_dir);
    if let Some(url) = database_url {
        command.env("DATABASE_URL", url);
    }
    let mut child = command
        .env("REGIONWISE_ADDR", "127.0.0.1:0")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut first_line = String::new();
    BufReader::new(stdout).read_line(&mut first_line).unwrap();
    let addr = first_line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line: {first_line:?}"))
        .to_owned();
    Server { child, addr }
}

fn http_get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {response:?}"));
    (status, response)
}

/// Checks a started server is ready and serves the planner page, then stops it with SIGTERM and
/// expects a clean exit.
fn check_serves_then_stops_on_sigterm(mut server: Server, expected_backend: &str) {
    let (status, body) = http_get(&server.addr, "/readyz");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""status":"ready""#), "{body}");
    assert!(
        body.contains(&format!(r#""backend":"{expected_backend}""#)),
        "{body}"
    );
    let (status, body) = http_get(&server.addr, "/");
    assert_eq!(status, 200);
    assert!(body.contains(r#"<label for="primary-region">Primary region</label>"#));
    assert!(body.contains(r#"data-testid="total-monthly-cost""#));

    let pid = server.child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "no exit within 15 s of SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "graceful shutdown exits 0, got {status}");
}

#[test]
fn the_server_creates_its_sqlite_file_serves_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("fresh").join("data");
    let server = start_server(&data_dir, None);
    assert!(
        data_dir.join("regionwise.db").exists(),
        "the SQLite file is created on first run"
    );
    check_serves_then_stops_on_sigterm(server, "sqlite");
}

/// A PostgreSQL database for one synchronous test, dropped with it.
struct PostgresDatabase {
    database: Option<test_postgres::TestPostgres>,
    runtime: tokio::runtime::Runtime,
}

impl PostgresDatabase {
    fn create() -> PostgresDatabase {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let database = runtime.block_on(test_postgres::TestPostgres::create("process"));
        PostgresDatabase {
            database: Some(database),
            runtime,
        }
    }

    fn url(&self) -> String {
        self.database.as_ref().expect("not dropped yet").url.clone()
    }
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        if let Some(database) = self.database.take() {
            self.runtime.block_on(database.drop_now());
        }
    }
}

#[test]
fn the_server_runs_on_postgresql_and_stops_on_sigterm() {
    let database = PostgresDatabase::create();
    let dir = tempfile::tempdir().unwrap();
    let server = start_server(dir.path(), Some(&database.url()));
    check_serves_then_stops_on_sigterm(server, "postgres");
    assert!(
        !dir.path().join("regionwise.db").exists(),
        "no SQLite file when DATABASE_URL names PostgreSQL"
    );
}
