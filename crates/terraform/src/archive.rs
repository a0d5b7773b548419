//! The bundle as a deterministic zip: entries in path order under one top-level folder,
//! fixed timestamps and permissions, deflate-compressed — and the digest that names it. The
//! same writer packs the failover function's source for Lambda, so its hash never changes
//! between generations of the same plan.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The folder every entry sits in, so unzipping never scatters files.
pub const ROOT_FOLDER: &str = "regionwise-terraform";

/// The bundle's text and binary files as one zip under [`ROOT_FOLDER`].
pub fn zip(files: &BTreeMap<String, String>, binary_files: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let mut entries: BTreeMap<String, &[u8]> = files
        .iter()
        .map(|(path, text)| (format!("{ROOT_FOLDER}/{path}"), text.as_bytes()))
        .collect();
    entries.extend(
        binary_files
            .iter()
            .map(|(path, bytes)| (format!("{ROOT_FOLDER}/{path}"), bytes.as_slice())),
    );
    zip_entries(&entries)
}

/// `files` as a deterministic zip, every entry under the folder `root`.
pub fn zip_folder(root: &str, files: &BTreeMap<String, String>) -> Vec<u8> {
    let entries: BTreeMap<String, &[u8]> = files
        .iter()
        .map(|(path, text)| (format!("{root}/{path}"), text.as_bytes()))
        .collect();
    zip_entries(&entries)
}

/// `entries` (path inside the archive → content) as a deterministic zip: path order, every
/// timestamp 1980-01-01, permissions 0644.
pub fn zip_entries<C: AsRef<[u8]>>(entries: &BTreeMap<String, C>) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for (path, content) in entries {
        // Writing into memory cannot fail; a failure here is a bug in the zip crate's use.
        writer
            .start_file(path.as_str(), options)
            .expect("starting a zip entry in memory");
        writer
            .write_all(content.as_ref())
            .expect("writing a zip entry in memory");
    }
    writer
        .finish()
        .expect("finishing a zip archive in memory")
        .into_inner()
}

/// The SHA-256 of `bytes` in lower-case hex: what the preview shows and the ETag carries.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    format!("{:x}", sha2::Sha256::digest(bytes))
}
