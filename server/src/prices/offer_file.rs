//! Bulk offer files: streaming an AWS offer file (`{formatVersion, offerCode, version,
//! publicationDate, products: {SKU: {...}}, terms: {OnDemand: {SKU: {...}}, Reserved: ...}}`,
//! hundreds of MB for AmazonRDS or a region of AmazonEC2) with bounded memory.
//!
//! A small scanner walks the bytes once, tracking strings, nesting and the keys of the first
//! three levels. It cuts out each product object (a few hundred bytes), looks at its usage type
//! and parses it with `serde_json` only if a [`Need`](super::needs::Need) might want it; under
//! `terms.OnDemand` and `terms.Reserved` it parses only the terms of the SKUs it kept;
//! everything else (other products' terms) is skipped without being parsed. Memory is one read buffer, the
//! object being cut out, and the kept products. The skipped parts are checked for balanced
//! brackets and closed strings only (the scanner jumps between quotes and brackets there with
//! `memchr`), the parsed parts fully; an error names its byte offset. The `Reserved` terms of
//! kept SKUs are parsed too: their standard reservations join the SKU's price as commitment
//! rates.

use std::collections::HashMap;
use std::io::Read;

use super::assemble::Collector;
use super::progress::Progress;
use super::record::{Product, RecordError, Term, on_demand_price, reserved_rates};

/// Bytes read from the source at a time.
const CHUNK: usize = 1 << 20;
/// Read buffers waiting to be scanned, at most.
const READ_AHEAD: usize = 4;

/// Why an offer file was rejected. Offsets count bytes from the start of the file.
#[derive(Debug, thiserror::Error)]
pub enum OfferFileError {
    #[error("{source_name}: cannot read: {source} (after {offset} bytes)")]
    Read {
        source_name: String,
        offset: u64,
        #[source]
        source: std::io::Error,
    },
    /// The bytes are not JSON; `problem` says what the scanner found instead.
    #[error("{source_name}: not JSON at byte {offset}: {problem}")]
    Syntax {
        source_name: String,
        offset: u64,
        problem: String,
    },
    #[error("{source_name}: truncated: the file ends at byte {offset} inside {inside}")]
    Truncated {
        source_name: String,
        offset: u64,
        inside: String,
    },
    #[error("{source_name}: {source} (byte {offset})")]
    Record {
        source_name: String,
        offset: u64,
        #[source]
        source: RecordError,
    },
    #[error("{source_name}: not an AWS offer file: {problem}")]
    NotOffer {
        source_name: String,
        problem: &'static str,
    },
}

/// What the file said about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfferInfo {
    pub offer_code: Option<String>,
    pub version: Option<String>,
    pub publication_date: Option<String>,
    pub products: u64,
    pub bytes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Object,
    Array,
}

struct Frame {
    container: Container,
    /// The last key read in this object (kept for the first levels only): the path to the
    /// value being read is the stack's keys.
    key: String,
    /// In an object: the next string is a key.
    expect_key: bool,
}

/// What the bytes being cut out are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capture {
    Product,
    OnDemandTerms,
    ReservedTerms,
}

/// A product the collector wants, waiting for its terms.
struct Kept {
    service_code: String,
    needs: Vec<usize>,
}

/// Streams `reader` and offers the prices it finds to
/// `collector`. Nothing is written anywhere; the caller saves the book only on success.
pub fn scan(
    reader: impl Read + Send,
    source_name: &str,
    collector: &mut Collector,
    progress: &Progress,
) -> Result<OfferInfo, OfferFileError> {
    scan_in_chunks(reader, source_name, collector, progress, CHUNK)
}

/// [`scan`], reading `chunk` bytes at a time (tests cut the file at every byte).
fn scan_in_chunks(
    mut reader: impl Read + Send,
    source_name: &str,
    collector: &mut Collector,
    progress: &Progress,
    chunk: usize,
) -> Result<OfferInfo, OfferFileError> {
    let mut scanner = Scanner {
        source_name: source_name.to_owned(),
        stack: Vec::with_capacity(16),
        in_string: false,
        escaped: false,
        string_is_key: false,
        text: Vec::new(),
        capture: None,
        capture_depth: 0,
        capture_start: 0,
        captured: Vec::with_capacity(8 * 1024),
        seen_top: false,
        top_closed: false,
        kept: HashMap::new(),
        info: OfferInfo::default(),
        offset: 0,
    };
    // A reader thread fills buffers while this one scans the previous: the kernel's copy
    // (about a fifth of the work on a cached file) overlaps the scan. At most `READ_AHEAD`
    // buffers are in flight, so memory stays bounded.
    std::thread::scope(|scope| {
        let (full_sender, full) =
            std::sync::mpsc::sync_channel::<std::io::Result<Vec<u8>>>(READ_AHEAD);
        let (empty_sender, empty) = std::sync::mpsc::channel::<Vec<u8>>();
        scope.spawn(move || {
            loop {
                let mut buffer = empty.try_recv().unwrap_or_else(|_| vec![0u8; chunk]);
                buffer.resize(chunk, 0);
                let read = loop {
                    match reader.read(&mut buffer) {
                        Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                        other => break other,
                    }
                };
                let done = !matches!(read, Ok(read) if read > 0);
                let sent = full_sender.send(read.map(|read| {
                    buffer.truncate(read);
                    buffer
                }));
                if done || sent.is_err() {
                    return;
                }
            }
        });
        for read in full {
            let buffer = read.map_err(|source| OfferFileError::Read {
                source_name: source_name.to_owned(),
                offset: scanner.offset,
                source,
            })?;
            if buffer.is_empty() {
                break;
            }
            scanner.feed(&buffer, collector)?;
            progress.advance(buffer.len() as u64, "");
            let _ = empty_sender.send(buffer);
        }
        Ok(())
    })?;
    scanner.finish()
}

struct Scanner {
    source_name: String,
    stack: Vec<Frame>,
    in_string: bool,
    escaped: bool,
    string_is_key: bool,
    /// The string being read, when it matters (a key of the first levels, a top-level value).
    text: Vec<u8>,
    capture: Option<Capture>,
    /// Nesting depth at which the captured object opened.
    capture_depth: usize,
    capture_start: u64,
    captured: Vec<u8>,
    seen_top: bool,
    top_closed: bool,
    kept: HashMap<String, Kept>,
    info: OfferInfo,
    /// Offset of the first byte of the chunk being fed.
    offset: u64,
}

/// Keys are remembered down to this depth (`terms` → `OnDemand` → SKU).
const KEY_DEPTH: usize = 3;

impl Scanner {
    fn syntax(&self, at: u64, problem: impl Into<String>) -> OfferFileError {
        OfferFileError::Syntax {
            source_name: self.source_name.clone(),
            offset: at,
            problem: problem.into(),
        }
    }

    /// Whether the current string's bytes are needed.
    fn keeps_text(&self) -> bool {
        self.capture.is_none() && self.stack.len() <= KEY_DEPTH
    }

    fn feed(&mut self, chunk: &[u8], collector: &mut Collector) -> Result<(), OfferFileError> {
        let mut position = 0;
        let mut next_square = 0;
        while position < chunk.len() {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                    self.take(chunk, position, position + 1);
                    position += 1;
                    continue;
                }
                match memchr::memchr2(b'"', b'\\', &chunk[position..]) {
                    None => {
                        self.take(chunk, position, chunk.len());
                        position = chunk.len();
                    }
                    Some(found) => {
                        let at = position + found;
                        self.take(chunk, position, at + 1);
                        position = at + 1;
                        if chunk[at] == b'\\' {
                            self.escaped = true;
                        } else {
                            self.in_string = false;
                            self.end_string();
                        }
                    }
                }
                continue;
            }
            // Inside an object being cut out, or below the levels whose keys matter, only
            // strings and brackets change the state: jump (copying when cutting out) to the
            // next `"`, `{`, `}`, `[` or `]`. The bytes jumped over are not checked; the parts
            // that are parsed are, by serde_json.
            if self.seen_top && (self.capture.is_some() || self.stack.len() > KEY_DEPTH) {
                // The next `[` or `]` is remembered until passed, so each byte is searched
                // for square brackets once however many runs it is part of.
                if next_square < position {
                    next_square = memchr::memchr2(b'[', b']', &chunk[position..])
                        .map_or(chunk.len(), |found| position + found);
                }
                let rest = &chunk[position..next_square];
                let run = memchr::memchr3(b'"', b'{', b'}', rest).unwrap_or(rest.len());
                if self.capture.is_some() {
                    self.captured.extend_from_slice(&rest[..run]);
                }
                position += run;
                if position == chunk.len() {
                    break;
                }
            }
            let byte = chunk[position];
            let at = self.offset + position as u64;
            if self.capture.is_some() {
                self.captured.push(byte);
            }
            match byte {
                b' ' | b'\n' | b'\r' | b'\t' => {}
                _ if self.top_closed => {
                    return Err(self.syntax(at, "unexpected data after the end of the document"));
                }
                _ if !self.seen_top => {
                    if byte != b'{' {
                        return Err(self.syntax(
                            at,
                            format!(
                                "expected `{{` to open the offer file, found `{}`",
                                byte.escape_ascii()
                            ),
                        ));
                    }
                    self.seen_top = true;
                    self.open(Container::Object, at);
                }
                b'"' => {
                    self.in_string = true;
                    self.string_is_key = self.stack.last().is_some_and(|frame| {
                        frame.container == Container::Object && frame.expect_key
                    });
                    self.text.clear();
                }
                b'{' => self.open(Container::Object, at),
                b'[' => self.open(Container::Array, at),
                b'}' | b']' => {
                    let expected = if byte == b'}' {
                        Container::Object
                    } else {
                        Container::Array
                    };
                    match self.stack.last() {
                        Some(frame) if frame.container == expected => {}
                        _ => return Err(self.syntax(at, format!("unexpected `{}`", byte as char))),
                    }
                    self.close(collector)?;
                }
                b':' => {
                    if let Some(frame) = self.stack.last_mut() {
                        frame.expect_key = false;
                    }
                }
                b',' => {
                    if let Some(frame) = self.stack.last_mut() {
                        frame.expect_key = frame.container == Container::Object;
                    }
                }
                b'-'
                | b'0'..=b'9'
                | b'.'
                | b'e'
                | b'E'
                | b'+'
                | b't'
                | b'r'
                | b'u'
                | b'f'
                | b'a'
                | b'l'
                | b's'
                | b'n' => {}
                other => {
                    return Err(
                        self.syntax(at, format!("unexpected byte `{}`", other.escape_ascii()))
                    );
                }
            }
            position += 1;
        }
        self.offset += chunk.len() as u64;
        Ok(())
    }

    /// Copies string bytes `chunk[from..to]` where they are needed.
    #[inline]
    fn take(&mut self, chunk: &[u8], from: usize, to: usize) {
        if self.capture.is_some() {
            self.captured.extend_from_slice(&chunk[from..to]);
        } else if self.keeps_text() {
            self.text.extend_from_slice(&chunk[from..to]);
        }
    }

    fn end_string(&mut self) {
        if !self.keeps_text() {
            return;
        }
        // `text` holds the string's bytes and its closing quote.
        self.text.pop();
        let text = String::from_utf8_lossy(&self.text).into_owned();
        let depth = self.stack.len();
        if self.string_is_key {
            if let Some(frame) = self.stack.last_mut() {
                frame.key = text;
            }
        } else if depth == 1 {
            let key = self.stack[0].key.as_str();
            match key {
                "offerCode" => self.info.offer_code = Some(text),
                "version" => self.info.version = Some(text),
                "publicationDate" => self.info.publication_date = Some(text),
                _ => {}
            }
        }
    }

    /// The last key read in the innermost open object.
    fn current_key(&self) -> &str {
        self.stack
            .last()
            .map(|frame| frame.key.as_str())
            .unwrap_or("")
    }

    fn open(&mut self, container: Container, at: u64) {
        if self.capture.is_none() && container == Container::Object {
            let path: Vec<&str> = self.stack.iter().map(|frame| frame.key.as_str()).collect();
            let capture = match path.as_slice() {
                ["products", _sku] => Some(Capture::Product),
                ["terms", "OnDemand", sku] if self.kept.contains_key(*sku) => {
                    Some(Capture::OnDemandTerms)
                }
                ["terms", "Reserved", sku] if self.kept.contains_key(*sku) => {
                    Some(Capture::ReservedTerms)
                }
                _ => None,
            };
            if let Some(capture) = capture {
                self.capture = Some(capture);
                self.capture_depth = self.stack.len() + 1;
                self.capture_start = at;
                self.captured.clear();
                self.captured.push(b'{');
            }
        }
        self.stack.push(Frame {
            container,
            key: String::new(),
            expect_key: container == Container::Object,
        });
    }

    fn close(&mut self, collector: &mut Collector) -> Result<(), OfferFileError> {
        let depth = self.stack.len();
        self.stack.pop();
        if self.stack.is_empty() {
            self.top_closed = true;
        }
        if self.capture.is_some() && depth == self.capture_depth {
            let capture = self.capture.take();
            let sku = self.current_key().to_owned();
            match capture {
                Some(Capture::Product) => self.product(sku, collector)?,
                Some(Capture::OnDemandTerms) => self.terms(&sku, collector)?,
                Some(Capture::ReservedTerms) => self.reserved(&sku, collector)?,
                None => {}
            }
        }
        Ok(())
    }

    /// A wanted record that does not read; a JSON error is placed at its own byte.
    fn record_error(&self, source: RecordError) -> OfferFileError {
        let json_error = match &source {
            RecordError::Syntax(err)
            | RecordError::Product { source: err, .. }
            | RecordError::OnDemandTerms { source: err, .. }
            | RecordError::ReservedTerms { source: err, .. } => Some(err),
            _ => None,
        };
        let offset = json_error
            .map(|err| self.capture_start + offset_in(&self.captured, err.line(), err.column()))
            .unwrap_or(self.capture_start);
        OfferFileError::Record {
            source_name: self.source_name.clone(),
            offset,
            source,
        }
    }

    fn product(&mut self, sku: String, collector: &mut Collector) -> Result<(), OfferFileError> {
        self.info.products += 1;
        collector.records_read += 1;
        // Most products match no need: decide from the usage type before parsing.
        let Some(usage_type) = quick_usage_type(&self.captured) else {
            return Ok(());
        };
        if !collector.has_usage_type(usage_type) {
            return Ok(());
        }
        let product: Product = serde_json::from_slice(&self.captured).map_err(|source| {
            self.record_error(RecordError::Product {
                sku: sku.clone(),
                source,
            })
        })?;
        let service_code = product
            .service_code()
            .map(str::to_owned)
            .or_else(|| self.info.offer_code.clone())
            .unwrap_or_default();
        let needs = collector.wanted_by(&service_code, &product);
        if !needs.is_empty() {
            self.kept.insert(
                product.sku.clone(),
                Kept {
                    service_code,
                    needs,
                },
            );
        }
        Ok(())
    }

    /// A kept SKU's `Reserved` terms: its standard reservations, for the price it is offered.
    fn reserved(&mut self, sku: &str, collector: &mut Collector) -> Result<(), OfferFileError> {
        let Some(kept) = self.kept.get(sku) else {
            return Ok(());
        };
        let terms: HashMap<String, Term> =
            serde_json::from_slice(&self.captured).map_err(|source| {
                self.record_error(RecordError::ReservedTerms {
                    sku: sku.to_owned(),
                    source,
                })
            })?;
        let provenance = self.provenance(&kept.service_code, sku);
        let rates =
            reserved_rates(sku, &terms, &provenance).map_err(|err| self.record_error(err))?;
        if !rates.is_empty() {
            for &need in &kept.needs {
                collector.add_commitments(need, sku, rates.clone());
            }
        }
        Ok(())
    }

    fn provenance(&self, service_code: &str, sku: &str) -> String {
        format!(
            "AWS offer file {service_code} SKU {sku}{}",
            self.info
                .version
                .as_deref()
                .map(|version| format!(" (version {version})"))
                .unwrap_or_default()
        )
    }

    fn terms(&mut self, sku: &str, collector: &mut Collector) -> Result<(), OfferFileError> {
        let Some(kept) = self.kept.get(sku) else {
            return Ok(());
        };
        let terms: HashMap<String, Term> =
            serde_json::from_slice(&self.captured).map_err(|source| {
                self.record_error(RecordError::OnDemandTerms {
                    sku: sku.to_owned(),
                    source,
                })
            })?;
        let price = on_demand_price(sku, terms.values()).map_err(|err| self.record_error(err))?;
        let provenance = self.provenance(&kept.service_code, sku);
        for &need in &kept.needs {
            collector.offer(need, sku, price.clone(), provenance.clone());
        }
        Ok(())
    }

    fn finish(mut self) -> Result<OfferInfo, OfferFileError> {
        if !self.seen_top {
            return Err(self.syntax(self.offset, "the file is empty"));
        }
        if !self.top_closed {
            let mut inside: Vec<&str> = self
                .stack
                .iter()
                .map(|frame| frame.key.as_str())
                .filter(|key| !key.is_empty())
                .collect();
            if self.in_string {
                inside.push("a string");
            }
            return Err(OfferFileError::Truncated {
                source_name: self.source_name.clone(),
                offset: self.offset,
                inside: if inside.is_empty() {
                    "the top-level object".to_owned()
                } else {
                    format!("`{}`", inside.join("."))
                },
            });
        }
        if self.info.products == 0 {
            return Err(OfferFileError::NotOffer {
                source_name: self.source_name.clone(),
                problem: "it has no `products`",
            });
        }
        self.info.bytes = self.offset;
        Ok(std::mem::take(&mut self.info))
    }
}

/// The `usagetype` attribute's value in a product object's bytes, without parsing it (a value
/// with escapes is returned raw; usage types have none).
fn quick_usage_type(product: &[u8]) -> Option<&str> {
    let key = b"\"usagetype\"";
    let start = memchr::memmem::find(product, key)? + key.len();
    let rest = &product[start..];
    let colon = rest.iter().position(|&b| b == b':')?;
    let rest = &rest[colon + 1..];
    let open = rest.iter().position(|&b| b == b'"')?;
    let rest = &rest[open + 1..];
    let close = memchr::memchr(b'"', rest)?;
    std::str::from_utf8(&rest[..close]).ok()
}

/// The byte offset of serde_json's 1-based `line`/`column` in `bytes`.
fn offset_in(bytes: &[u8], line: usize, column: usize) -> u64 {
    let mut line_start = 0;
    for _ in 1..line {
        match memchr::memchr(b'\n', &bytes[line_start..]) {
            Some(newline) => line_start += newline + 1,
            None => break,
        }
    }
    (line_start + column.saturating_sub(1)) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prices::needs::Need;
    use crate::prices::progress::Unit;

    /// An offer file in the real layout: a product Regionwise wants (its usage type and, in a
    /// description, strings with escaped quotes, braces and a backslash), one it does not, and
    /// the terms of both, with a Reserved section after.
    const OFFER: &str = r#"{
  "formatVersion" : "v1.0",
  "disclaimer" : "Prices \"may\" change {see} [terms] \\ ok",
  "offerCode" : "AmazonRDS",
  "version" : "20261120000000",
  "publicationDate" : "2026-11-20T00:00:00Z",
  "products" : {
    "WANTED1" : {
      "sku" : "WANTED1",
      "productFamily" : "Database Instance",
      "attributes" : {
        "servicecode" : "AmazonRDS",
        "regionCode" : "us-east-1",
        "databaseEngine" : "Aurora PostgreSQL",
        "usagetype" : "InstanceUsage:db.r6g.large",
        "note" : "a \"quoted\" {brace} ]"
      }
    },
    "OTHER1" : {
      "sku" : "OTHER1",
      "productFamily" : "Database Instance",
      "attributes" : { "servicecode" : "AmazonRDS", "regionCode" : "us-east-1", "usagetype" : "InstanceUsage:db.m1.small" }
    }
  },
  "terms" : {
    "OnDemand" : {
      "OTHER1" : { "OTHER1.JRTCKXETXF" : { "effectiveDate" : "2026-11-01T00:00:00Z", "priceDimensions" : { "OTHER1.JRTCKXETXF.6YS6EN2CT7" : { "unit" : "Hrs", "beginRange" : "0", "pricePerUnit" : { "USD" : "0.0100000000" } } } } },
      "WANTED1" : { "WANTED1.JRTCKXETXF" : { "effectiveDate" : "2026-11-01T00:00:00Z", "priceDimensions" : { "WANTED1.JRTCKXETXF.6YS6EN2CT7" : { "unit" : "Hrs", "beginRange" : "0", "endRange" : "Inf", "appliesTo" : [ ], "pricePerUnit" : { "USD" : "0.2790000000" } } } } }
    },
    "Reserved" : {
      "WANTED1" : { "WANTED1.4NA7Y494T4" : { "effectiveDate" : "2026-11-01T00:00:00Z", "priceDimensions" : { "X" : { "unit" : "Hrs", "pricePerUnit" : { "USD" : "0.1" } } }, "termAttributes" : { "LeaseContractLength" : "1yr" } } }
    }
  },
  "attributesList" : { }
}
"#;

    fn needs() -> Vec<Need> {
        let snapshot = crate::prices::bundled_snapshot().unwrap();
        crate::prices::needs::all(&snapshot)
            .0
            .into_iter()
            .filter(|need| {
                need.key == "aurora_postgresql.instance:db.r6g.large" && need.region == "us-east-1"
            })
            .collect()
    }

    fn run(bytes: &[u8], chunk: usize) -> Result<(OfferInfo, Collector), OfferFileError> {
        let mut collector = Collector::new(needs(), Vec::new());
        let progress = Progress::new("test", 0, Unit::Bytes);
        let info = scan_in_chunks(bytes, "offer.json", &mut collector, &progress, chunk)?;
        Ok((info, collector))
    }

    fn price_found(collector: Collector) -> Option<String> {
        let snapshot = crate::prices::bundled_snapshot().unwrap();
        let made = crate::prices::assemble::Made::now(planner::PriceSource::OfferFile);
        let assembled = collector.finish(&made, &snapshot, &snapshot);
        (assembled.summary.priced == 1).then(|| {
            assembled
                .book
                .lookup("aurora_postgresql.instance:db.r6g.large", "us-east-1")
                .unwrap()
                .usd_per_unit
                .to_string()
        })
    }

    #[test]
    fn finds_the_wanted_price_whatever_the_read_size() {
        for chunk in [1, 2, 3, 7, 64, 4096, CHUNK] {
            let (info, collector) = run(OFFER.as_bytes(), chunk).unwrap();
            assert_eq!(
                info.offer_code.as_deref(),
                Some("AmazonRDS"),
                "chunk {chunk}"
            );
            assert_eq!(info.version.as_deref(), Some("20261120000000"));
            assert_eq!(info.products, 2);
            assert_eq!(info.bytes, OFFER.len() as u64);
            assert_eq!(collector.records_read, 2);
            assert_eq!(
                price_found(collector).as_deref(),
                Some("0.279"),
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn every_truncation_is_an_error_with_its_offset_never_a_panic() {
        let bytes = OFFER.trim_end().as_bytes();
        for cut in 0..bytes.len() {
            match run(&bytes[..cut], 13) {
                Err(OfferFileError::Truncated { offset, .. }) => {
                    assert_eq!(offset, cut as u64)
                }
                Err(OfferFileError::Syntax { offset, .. }) => {
                    assert_eq!((cut, offset), (0, 0), "only the empty file")
                }
                other => panic!("cut at {cut}: {:?}", other.map(|(info, _)| info)),
            }
        }
    }

    #[test]
    fn not_json_and_broken_structure_name_the_byte() {
        let err = run(b"<html>denied</html>", 4096).err().unwrap();
        assert_eq!(
            err.to_string(),
            "offer.json: not JSON at byte 0: expected `{` to open the offer file, found `<`"
        );
        let broken = OFFER.replacen("\"OTHER1\" : {", "\"OTHER1\" : [", 1);
        let at = broken.find("\"OTHER1\" : [").unwrap();
        let err = run(broken.as_bytes(), 4096).err().unwrap().to_string();
        assert!(err.contains("not JSON at byte"), "{err}");
        assert!(err.contains("unexpected `}`"), "{err} (opened at {at})");
        let trailing = format!("{OFFER}x");
        let err = run(trailing.as_bytes(), 4096).err().unwrap().to_string();
        assert!(err.contains("after the end of the document"), "{err}");
    }

    #[test]
    fn a_bad_wanted_record_is_an_error_at_its_offset() {
        let bad = OFFER.replace("\"0.2790000000\"", "\"free\"");
        let err = run(bad.as_bytes(), 4096).err().unwrap();
        let OfferFileError::Record { offset, source, .. } = &err else {
            panic!("{err}");
        };
        assert!(
            matches!(source, RecordError::BadPrice { value, .. } if value == "free"),
            "{source}"
        );
        assert!(err.to_string().contains("pricePerUnit.USD `free`"), "{err}");
        assert_eq!(&bad[*offset as usize..*offset as usize + 1], "{", "{err}");
        // A product that is not an object's worth of fields is named with the byte it breaks at.
        let bad = OFFER.replace(
            "\"productFamily\" : \"Database Instance\",\n      \"attributes\"",
            "\"productFamily\" : 7,\n      \"attributes\"",
        );
        let err = run(bad.as_bytes(), 4096).err().unwrap().to_string();
        assert!(err.contains("product WANTED1: invalid type"), "{err}");
    }

    #[test]
    fn a_json_document_that_is_not_an_offer_file_is_named_as_such() {
        let err = run(br#"{"hello": ["world"]}"#, 4096).err().unwrap();
        assert_eq!(
            err.to_string(),
            "offer.json: not an AWS offer file: it has no `products`"
        );
    }
}
