//! Writing a generated bundle to disk without leaving half-written output: everything goes
//! to a temporary sibling first and is renamed into place only when complete.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::cli::CliError;

fn failure(path: &Path, cause: impl std::fmt::Display) -> CliError {
    CliError::WriteBundle {
        path: path.display().to_string(),
        cause: cause.to_string(),
    }
}

fn temporary_sibling(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bundle".to_owned());
    path.with_file_name(format!(".{name}.partial-{}", std::process::id()))
}

/// Text files by relative path, as the generators return them.
pub fn text_files(files: &BTreeMap<String, String>) -> impl Iterator<Item = (&str, &[u8])> {
    files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_bytes()))
}

/// Writes `files` (relative path, content) into a new folder `dir`; `dir` must not exist or
/// be empty.
pub fn write_folder<'a>(
    dir: &Path,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<(), CliError> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|err| failure(dir, err))?;
        if entries.next().is_some() {
            return Err(failure(
                dir,
                "the folder exists and is not empty; choose a new one",
            ));
        }
        std::fs::remove_dir(dir).map_err(|err| failure(dir, err))?;
    }
    let staging = temporary_sibling(dir);
    let result = (|| {
        for (relative, content) in files {
            let path = staging.join(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|err| failure(parent, err))?;
            }
            std::fs::write(&path, content).map_err(|err| failure(&path, err))?;
        }
        std::fs::rename(&staging, dir).map_err(|err| failure(dir, err))
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Writes `bytes` to `file`, replacing it only once the new content is complete.
pub fn write_file(file: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let staging = temporary_sibling(file);
    let result = std::fs::write(&staging, bytes)
        .map_err(|err| failure(file, err))
        .and_then(|()| std::fs::rename(&staging, file).map_err(|err| failure(file, err)));
    if result.is_err() {
        let _ = std::fs::remove_file(&staging);
    }
    result
}
