//! The connection loop of the `regionwise` binary, over real sockets: slow or idle clients are
//! cut off after the configured timeouts, a body trickled too slowly gets 408, and beyond the
//! connection cap a new connection closes the oldest idle one (or itself, when all are busy)
//! while the server keeps answering.
//!
//! Each test starts the binary with short limits (1 s headers, 2 s requests, 8 connections) on
//! an SQLite file in a temporary directory.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    addr: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_regionwise"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("REGIONWISE_DATA_DIR", dir.path())
        .env("REGIONWISE_ADDR", "127.0.0.1:0")
        .env("REGIONWISE_HEADER_TIMEOUT", "1s")
        .env("REGIONWISE_REQUEST_TIMEOUT", "2s")
        .env("REGIONWISE_MAX_CONNECTIONS", "8")
        .env("RUST_LOG", "error")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the binary starts");
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let addr = first_line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line: {first_line:?}"))
        .to_owned();
    Server {
        child,
        addr,
        _dir: dir,
    }
}

fn connect(addr: &str) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(8)))
        .unwrap();
    stream
}

/// Everything the server sends until it closes the connection, and how long that took.
fn read_until_closed(stream: &mut TcpStream) -> (String, Duration) {
    let started = Instant::now();
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(count) => received.extend_from_slice(&buffer[..count]),
            Err(err) if err.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(err) => panic!("the server kept the connection open: {err}"),
        }
    }
    (
        String::from_utf8_lossy(&received).into_owned(),
        started.elapsed(),
    )
}

fn healthz(addr: &str) -> String {
    let mut stream = connect(addr);
    write!(
        stream,
        "GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    read_until_closed(&mut stream).0
}

#[test]
fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let server = start();
    let mut stream = connect(&server.addr);
    write!(stream, "GET /healthz HTTP/1.1\r\nHost: x\r\n").unwrap();
    let (_, waited) = read_until_closed(&mut stream);
    assert!(waited < Duration::from_secs(4), "closed after {waited:?}");
}

#[test]
fn an_idle_kept_alive_connection_is_closed() {
    let server = start();
    let mut stream = connect(&server.addr);
    write!(stream, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let (received, waited) = read_until_closed(&mut stream);
    assert!(received.starts_with("HTTP/1.1 200"), "{received}");
    assert!(waited < Duration::from_secs(4), "closed after {waited:?}");
}

#[test]
fn a_body_trickled_too_slowly_gets_408() {
    let server = start();
    let mut stream = connect(&server.addr);
    write!(
        stream,
        "POST /api/v1/estimate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"pat"
    )
    .unwrap();
    let (received, waited) = read_until_closed(&mut stream);
    assert!(received.starts_with("HTTP/1.1 408"), "{received}");
    assert!(waited < Duration::from_secs(5), "answered after {waited:?}");
}

#[test]
fn at_the_cap_a_new_connection_closes_the_oldest_idle_one() {
    let server = start();
    let stalled: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut stream = connect(&server.addr);
            write!(stream, "GET / HTTP/1.1\r\n").unwrap();
            std::thread::sleep(Duration::from_millis(20));
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    // Eight connections stalled in their headers fill the cap; /healthz still answers at once.
    let started = Instant::now();
    let answer = healthz(&server.addr);
    assert!(answer.starts_with("HTTP/1.1 200"), "at the cap: {answer}");
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "answered after {:?}",
        started.elapsed()
    );
    // The oldest stalled connection made room; the newest is still open.
    let mut stalled = stalled.into_iter();
    let (received, waited) = read_until_closed(&mut stalled.next().unwrap());
    assert!(received.is_empty(), "{received}");
    assert!(
        waited < Duration::from_millis(500),
        "closed after {waited:?}"
    );
}

#[test]
fn when_every_connection_is_busy_a_new_one_closes_and_the_server_recovers() {
    let server = start();
    // Eight requests in progress (their bodies still arriving) fill the cap.
    let busy: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut stream = connect(&server.addr);
            write!(
                stream,
                "POST /api/v1/estimate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{"
            )
            .unwrap();
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let mut extra = connect(&server.addr);
    let _ = write!(extra, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    let (received, waited) = read_until_closed(&mut extra);
    assert!(received.is_empty(), "over the cap: {received}");
    assert!(
        waited < Duration::from_millis(900),
        "closed after {waited:?}"
    );
    // The requests time out (408) and free their slots.
    std::thread::sleep(Duration::from_millis(2_500));
    assert!(healthz(&server.addr).starts_with("HTTP/1.1 200"));
    drop(busy);
}
