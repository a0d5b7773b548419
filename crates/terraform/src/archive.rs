//! The bundle as a deterministic zip: entries in path order under one top-level folder,
//! fixed timestamps and permissions, deflate-compressed — and the digest that names it.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The folder every entry sits in, so unzipping never scatters files.
pub const ROOT_FOLDER: &str = "regionwise-terraform";

pub fn zip(files: &BTreeMap<String, String>) -> Vec<u8> {
    zip_folder(ROOT_FOLDER, files)
}

/// `files` as a deterministic zip, every entry under the folder `root`.
pub fn zip_folder(root: &str, files: &BTreeMap<String, String>) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for (path, text) in files {
        // Writing into memory cannot fail; a failure here is a bug in the zip crate's use.
        writer
            .start_file(format!("{root}/{path}"), options)
            .expect("starting a zip entry in memory");
        writer
            .write_all(text.as_bytes())
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
