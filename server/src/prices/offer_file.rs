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
//!
//! AWS's Savings Plans files ([`super::savings_plans`]) are read by the same scan: their
//! `products` are an array of plans and their `terms.savingsPlan` an array of plans with
//! `rates`; each plan and each rate is cut out on its own, so a file's size does not matter.

use std::collections::HashMap;
use std::io::Read;

use super::assemble::Collector;
use super::progress::Progress;
use super::record::{Product, RecordError, Term, on_demand_price, reserved_rates};
use super::savings_plans::{self, PlanProduct, PlanRate};
use planner::commitment::{CommitmentTerm, PaymentOption};

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
    /// A Savings Plans file's region (offer files name theirs per product).
    pub region_code: Option<String>,
    /// Whether this is a Savings Plans file (its `products` are an array of plans).
    pub savings_plans: bool,
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
    SavingsPlan,
    SavingsPlanRate,
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
        plans: HashMap::new(),
        plan_date: None,
        key_depth: KEY_DEPTH,
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
    /// A Savings Plans file's Compute Savings Plans, by plan SKU.
    plans: HashMap<String, (CommitmentTerm, PaymentOption)>,
    /// The `effectiveDate` of the Savings Plans term being read.
    plan_date: Option<String>,
    /// How deep keys are remembered where the scanner is: [`KEY_DEPTH`], or
    /// [`SAVINGS_PLAN_KEY_DEPTH`] inside `terms.savingsPlan` (kept apart so an offer file's
    /// terms are skipped as fast as before).
    key_depth: usize,
    info: OfferInfo,
    /// Offset of the first byte of the chunk being fed.
    offset: u64,
}

/// Keys are remembered down to this depth (`terms` → `OnDemand` → SKU) ...
const KEY_DEPTH: usize = 3;
/// ... and one deeper inside a Savings Plans file's `terms.savingsPlan` (`terms` →
/// `savingsPlan` → [plan] → `rates`, and the plan's `effectiveDate`).
const SAVINGS_PLAN_KEY_DEPTH: usize = 4;

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
        self.capture.is_none() && self.stack.len() <= self.key_depth
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
            if self.seen_top && (self.capture.is_some() || self.stack.len() > self.key_depth) {
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
                "regionCode" => self.info.region_code = Some(text),
                _ => {}
            }
        } else if depth == 4
            && self.stack[1].key == "savingsPlan"
            && self.stack[3].key == "effectiveDate"
        {
            self.plan_date = Some(text);
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
        if container == Container::Array
            && self.stack.len() == 2
            && self.stack[0].key == "terms"
            && self.stack[1].key == "savingsPlan"
        {
            self.key_depth = SAVINGS_PLAN_KEY_DEPTH;
        }
        if self.capture.is_none() && container == Container::Object {
            let path: Vec<&str> = self.stack.iter().map(|frame| frame.key.as_str()).collect();
            let capture = match path.as_slice() {
                // A Savings Plans file's `products` is an array: its elements have no key.
                ["products", ""] => Some(Capture::SavingsPlan),
                ["products", _sku] => Some(Capture::Product),
                ["terms", "OnDemand", sku] if self.kept.contains_key(*sku) => {
                    Some(Capture::OnDemandTerms)
                }
                ["terms", "Reserved", sku] if self.kept.contains_key(*sku) => {
                    Some(Capture::ReservedTerms)
                }
                ["terms", "savingsPlan", "", "rates", ""] => Some(Capture::SavingsPlanRate),
                ["terms", "savingsPlan", ""] => {
                    self.plan_date = None;
                    None
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
        if self.stack.len() < SAVINGS_PLAN_KEY_DEPTH - 1 {
            self.key_depth = KEY_DEPTH;
        }
        if self.capture.is_some() && depth == self.capture_depth {
            let capture = self.capture.take();
            let sku = self.current_key().to_owned();
            match capture {
                Some(Capture::Product) => self.product(sku, collector)?,
                Some(Capture::OnDemandTerms) => self.terms(&sku, collector)?,
                Some(Capture::ReservedTerms) => self.reserved(&sku, collector)?,
                Some(Capture::SavingsPlan) => self.savings_plan(collector)?,
                Some(Capture::SavingsPlanRate) => self.savings_plan_rate(collector)?,
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
            | RecordError::ReservedTerms { source: err, .. }
            | RecordError::SavingsPlan { source: err, .. } => Some(err),
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

    /// A plan of a Savings Plans file: remembered when it is a Compute Savings Plan.
    fn savings_plan(&mut self, collector: &mut Collector) -> Result<(), OfferFileError> {
        self.info.products += 1;
        self.info.savings_plans = true;
        collector.records_read += 1;
        let product: PlanProduct = serde_json::from_slice(&self.captured).map_err(|source| {
            self.record_error(RecordError::SavingsPlan {
                part: "product",
                source,
            })
        })?;
        if let Some(plan) = savings_plans::plan_of(&product) {
            self.plans.insert(product.sku, plan);
        }
        Ok(())
    }

    /// A rate of a Savings Plans file's plan: offered to the collector when a Compute Savings
    /// Plan discounts a usage type some need has.
    fn savings_plan_rate(&mut self, collector: &mut Collector) -> Result<(), OfferFileError> {
        // Most rates discount EC2 and Lambda usage: decide before parsing.
        let Some(usage_type) = quick_string(&self.captured, b"\"discountedUsageType\"") else {
            return Ok(());
        };
        if !collector.has_usage_type(usage_type) {
            return Ok(());
        }
        let rate: PlanRate = serde_json::from_slice(&self.captured).map_err(|source| {
            self.record_error(RecordError::SavingsPlan {
                part: "rate",
                source,
            })
        })?;
        let Some(&plan) = self.plans.get(rate.plan_sku()) else {
            return Ok(());
        };
        let Some(region) = rate
            .region_code
            .as_deref()
            .or(self.info.region_code.as_deref())
        else {
            return Ok(());
        };
        let date = self
            .plan_date
            .as_deref()
            .or(self.info.publication_date.as_deref())
            .unwrap_or_default();
        let provenance = format!("AWS Savings Plans file{}", self.version_note());
        if let Some(commitment) = savings_plans::rate_of(&rate, plan, date, &provenance)
            .map_err(|err| self.record_error(err))?
        {
            collector.add_savings_plan_rate(
                &rate.service_code,
                &rate.usage_type,
                region,
                commitment,
            );
        }
        Ok(())
    }

    fn provenance(&self, service_code: &str, sku: &str) -> String {
        format!(
            "AWS offer file {service_code} SKU {sku}{}",
            self.version_note()
        )
    }

    /// ` (version …)` when the file named its version.
    fn version_note(&self) -> String {
        self.info
            .version
            .as_deref()
            .map(|version| format!(" (version {version})"))
            .unwrap_or_default()
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
    quick_string(product, b"\"usagetype\"")
}

/// The string value of the first `key` (quoted) in an object's bytes, without parsing it.
fn quick_string<'a>(object: &'a [u8], key: &[u8]) -> Option<&'a str> {
    let start = memchr::memmem::find(object, key)? + key.len();
    let rest = &object[start..];
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
    use planner::commitment::CommitmentRate;

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

    /// The need for Aurora PostgreSQL db.r6g.large in us-east-1 (read once: the truncation
    /// tests scan thousands of times).
    fn needs() -> Vec<Need> {
        static NEEDS: std::sync::OnceLock<Vec<Need>> = std::sync::OnceLock::new();
        NEEDS
            .get_or_init(|| {
                let snapshot = crate::prices::bundled_snapshot().unwrap();
                crate::prices::needs::all(&snapshot)
                    .0
                    .into_iter()
                    .filter(|need| {
                        need.key == "aurora_postgresql.instance:db.r6g.large"
                            && need.region == "us-east-1"
                    })
                    .collect()
            })
            .clone()
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

    /// A Compute Savings Plans file for us-east-1 in AWS's layout (made here, figures
    /// invented): a 1-year no-upfront and a 3-year all-upfront Compute Savings Plan, an EC2
    /// Instance Savings Plan that is not read, and rates for Fargate vCPU hours, for an EC2
    /// instance and for Fargate in us-east-2 (a rate's own `discountedRegionCode` counts).
    const SAVINGS_PLANS: &str = r#"{
  "version" : "20261115000000",
  "publicationDate" : "2026-11-15T00:00:00Z",
  "regionCode" : "us-east-1",
  "products" : [ {
    "sku" : "PLAN1YRNO",
    "productFamily" : "ComputeSavingsPlans",
    "serviceCode" : "ComputeSavingsPlans",
    "usageType" : "ComputeSP:1yrNoUpfront",
    "operation" : "",
    "attributes" : { "purchaseOption" : "No Upfront", "granularity" : "hourly", "instanceType" : "", "purchaseTerm" : "1yr", "locationType" : "AWS Region", "location" : "Any" }
  }, {
    "sku" : "PLAN3YRALL",
    "productFamily" : "ComputeSavingsPlans",
    "serviceCode" : "ComputeSavingsPlans",
    "usageType" : "ComputeSP:3yrAllUpfront",
    "operation" : "",
    "attributes" : { "purchaseOption" : "All Upfront", "granularity" : "hourly", "instanceType" : "", "purchaseTerm" : "3yr", "locationType" : "AWS Region", "location" : "Any" }
  }, {
    "sku" : "EC2PLAN",
    "productFamily" : "EC2InstanceSavingsPlans",
    "serviceCode" : "ComputeSavingsPlans",
    "usageType" : "EC2SP:m5.1yrNoUpfront",
    "operation" : "",
    "attributes" : { "purchaseOption" : "No Upfront", "purchaseTerm" : "1yr", "instanceType" : "m5", "note" : "a \"quoted\" [bracket} \\ here" }
  } ],
  "terms" : {
    "savingsPlan" : [ {
      "sku" : "PLAN1YRNO",
      "description" : "1 year No Upfront Compute Savings Plan",
      "effectiveDate" : "2026-11-01T00:00:00Z",
      "leaseContractLength" : { "duration" : 1, "unit" : "year" },
      "rates" : [ {
        "discountedSku" : "EC2SKU",
        "discountedUsageType" : "BoxUsage:m5.large",
        "discountedOperation" : "RunInstances",
        "discountedServiceCode" : "AmazonEC2",
        "rateCode" : "PLAN1YRNO.EC2SKU",
        "unit" : "Hrs",
        "discountedRate" : { "price" : "0.0650000000", "currency" : "USD" },
        "discountedRegionCode" : "us-east-1",
        "discountedInstanceType" : "m5.large"
      }, {
        "discountedSku" : "FARGATEVCPU",
        "discountedUsageType" : "USE1-Fargate-vCPU-Hours:perCPU",
        "discountedOperation" : "",
        "discountedServiceCode" : "AmazonECS",
        "rateCode" : "PLAN1YRNO.FARGATEVCPU",
        "unit" : "Hrs",
        "discountedRate" : { "price" : "0.0323800000", "currency" : "USD" },
        "discountedRegionCode" : "us-east-1",
        "discountedInstanceType" : ""
      }, {
        "discountedSku" : "FARGATEVCPU2",
        "discountedUsageType" : "USE2-Fargate-vCPU-Hours:perCPU",
        "discountedOperation" : "",
        "discountedServiceCode" : "AmazonECS",
        "rateCode" : "PLAN1YRNO.FARGATEVCPU2",
        "unit" : "Hrs",
        "discountedRate" : { "price" : "0.0323800000", "currency" : "USD" },
        "discountedRegionCode" : "us-east-2",
        "discountedInstanceType" : ""
      } ]
    }, {
      "sku" : "PLAN3YRALL",
      "description" : "3 year All Upfront Compute Savings Plan",
      "effectiveDate" : "2026-10-01T00:00:00Z",
      "leaseContractLength" : { "duration" : 3, "unit" : "year" },
      "rates" : [ {
        "discountedSku" : "FARGATEVCPU",
        "discountedUsageType" : "USE1-Fargate-vCPU-Hours:perCPU",
        "discountedOperation" : "",
        "discountedServiceCode" : "AmazonECS",
        "rateCode" : "PLAN3YRALL.FARGATEVCPU",
        "unit" : "Hrs",
        "discountedRate" : { "price" : "0.0202400000", "currency" : "USD" },
        "discountedRegionCode" : "us-east-1",
        "discountedInstanceType" : ""
      } ]
    }, {
      "sku" : "EC2PLAN",
      "description" : "1 year No Upfront m5 EC2 Instance Savings Plan in us-east-1",
      "effectiveDate" : "2026-11-01T00:00:00Z",
      "leaseContractLength" : { "duration" : 1, "unit" : "year" },
      "rates" : [ {
        "discountedSku" : "FARGATEVCPU",
        "discountedUsageType" : "USE1-Fargate-vCPU-Hours:perCPU",
        "discountedOperation" : "",
        "discountedServiceCode" : "AmazonECS",
        "rateCode" : "EC2PLAN.FARGATEVCPU",
        "unit" : "Hrs",
        "discountedRate" : { "price" : "0.0010000000", "currency" : "USD" }
      } ]
    } ]
  }
}
"#;

    /// The Fargate vCPU line in us-east-1, from the file above.
    fn savings_plan_rates(
        bytes: &[u8],
        chunk: usize,
    ) -> Result<Vec<CommitmentRate>, OfferFileError> {
        let snapshot = crate::prices::bundled_snapshot().unwrap();
        let needs = crate::prices::needs::all(&snapshot)
            .0
            .into_iter()
            .filter(|need| need.key.starts_with("fargate.") && need.region.starts_with("us-east-"))
            .collect();
        let mut collector = Collector::new(needs, Vec::new());
        let progress = Progress::new("test", 0, Unit::Bytes);
        let info = scan_in_chunks(bytes, "sp.json", &mut collector, &progress, chunk)?;
        assert!(info.savings_plans);
        assert_eq!(info.region_code.as_deref(), Some("us-east-1"));
        assert_eq!(info.products, 3);
        let made = crate::prices::assemble::Made::now(planner::PriceSource::OfferFile);
        let assembled = collector.finish(&made, &snapshot, &snapshot);
        assert_eq!(
            assembled.summary.priced, 0,
            "no on-demand price in the file"
        );
        assert_eq!(
            assembled.summary.savings_plan_lines, 2,
            "the vCPU lines of us-east-1 and -2"
        );
        let entry = assembled
            .book
            .lookup("fargate.vcpu_hours", "us-east-1")
            .unwrap();
        let before = snapshot.lookup("fargate.vcpu_hours", "us-east-1").unwrap();
        assert_eq!(
            entry.usd_per_unit, before.usd_per_unit,
            "on-demand unchanged"
        );
        Ok(entry
            .commitments
            .iter()
            .filter(|rate| rate.verified)
            .cloned()
            .collect())
    }

    #[test]
    fn a_savings_plans_file_gives_fargate_its_compute_savings_plan_rates() {
        for chunk in [1, 5, 64, 4096, CHUNK] {
            let rates = savings_plan_rates(SAVINGS_PLANS.as_bytes(), chunk).unwrap();
            assert_eq!(
                crate::prices::record::tests::summary_of(&rates),
                [
                    (
                        CommitmentTerm::OneYear,
                        PaymentOption::NoUpfront,
                        "0".to_owned(),
                        "0.03238".to_owned(),
                    ),
                    // 0.02024 × 26,280 hours, all paid at purchase.
                    (
                        CommitmentTerm::ThreeYear,
                        PaymentOption::AllUpfront,
                        "531.9072".to_owned(),
                        "0".to_owned(),
                    ),
                ],
                "chunk {chunk}"
            );
            // Each plan's own effectiveDate.
            let dates: Vec<&str> = rates
                .iter()
                .map(|rate| rate.effective_date.as_str())
                .collect();
            assert_eq!(dates, ["2026-11-01", "2026-10-01"]);
            assert!(
                rates[0].provenance.contains("version 20261115000000"),
                "{}",
                rates[0].provenance
            );
            assert!(rates[0].provenance.ends_with("rate PLAN1YRNO.FARGATEVCPU"));
        }
    }

    #[test]
    fn every_truncation_of_a_savings_plans_file_is_an_error_with_its_offset() {
        let bytes = SAVINGS_PLANS.trim_end().as_bytes();
        for cut in 1..bytes.len() {
            match run(&bytes[..cut], 13) {
                Err(OfferFileError::Truncated { offset, .. }) => assert_eq!(offset, cut as u64),
                other => panic!("cut at {cut}: {:?}", other.map(|(info, _)| info)),
            }
        }
    }

    #[test]
    fn a_bad_savings_plan_rate_names_itself_and_its_byte() {
        let bad = SAVINGS_PLANS.replacen("\"0.0202400000\"", "\"soon\"", 1);
        let err = savings_plan_rates(bad.as_bytes(), 4096).unwrap_err();
        assert!(
            err.to_string()
                .contains("Savings Plans rate PLAN3YRALL.FARGATEVCPU: discountedRate.price `soon`"),
            "{err}"
        );
        let bad = SAVINGS_PLANS.replacen(
            "\"rateCode\" : \"PLAN3YRALL.FARGATEVCPU\"",
            "\"rateCode\" : 3",
            1,
        );
        let err = savings_plan_rates(bad.as_bytes(), 4096).unwrap_err();
        let OfferFileError::Record { offset, .. } = &err else {
            panic!("{err}");
        };
        assert!(
            err.to_string().contains("Savings Plans rate: invalid type"),
            "{err}"
        );
        assert_eq!(&bad[*offset as usize..*offset as usize + 1], "3", "{err}");
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
