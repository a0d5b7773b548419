//! Writing a generated bundle to disk without leaving half-written output: everything goes
//! to a temporary sibling first (created exclusively, under a random name, so a planted file or
//! symlink cannot be written through) and is renamed into place only when complete.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why a bundle could not be written: the path, and the I/O error or the rule it broke.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: the folder exists and is not empty; choose a new one")]
    FolderNotEmpty { path: String },
}

fn failure(path: &Path, source: std::io::Error) -> WriteError {
    WriteError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// The folder a temporary sibling of `path` goes in, and the prefix of its name.
fn sibling_parts(path: &Path) -> (PathBuf, String) {
    let parent = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bundle".to_owned());
    (parent, format!(".{name}.partial-"))
}

/// A `tempfile` builder for a sibling named `prefix…` whose mode, on Unix, is the ordinary
/// `mode` rather than `tempfile`'s owner-only one (it becomes the output once renamed).
fn staging_builder(prefix: &str, mode: u32) -> tempfile::Builder<'_, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix);
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(mode));
    #[cfg(not(unix))]
    let _ = mode;
    builder
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
) -> Result<(), WriteError> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|err| failure(dir, err))?;
        if entries.next().is_some() {
            return Err(WriteError::FolderNotEmpty {
                path: dir.display().to_string(),
            });
        }
        std::fs::remove_dir(dir).map_err(|err| failure(dir, err))?;
    }
    // A fresh folder with an unpredictable name, created by us (never an existing path or a
    // symlink someone planted); removed with its content if anything fails.
    let (parent, prefix) = sibling_parts(dir);
    let staging = staging_builder(&prefix, 0o755)
        .tempdir_in(&parent)
        .map_err(|err| failure(&parent, err))?;
    for (relative, content) in files {
        let path = staging.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|err| failure(parent, err))?;
        }
        std::fs::write(&path, content).map_err(|err| failure(&path, err))?;
    }
    std::fs::rename(staging.path(), dir).map_err(|err| failure(dir, err))?;
    // Renamed into place: nothing left to clean up.
    let _ = staging.keep();
    Ok(())
}

/// Writes `bytes` to `file`, replacing it only once the new content is complete.
pub fn write_file(file: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    // Created exclusively under an unpredictable name (no symlink is followed), deleted if
    // anything fails, renamed over `file` when complete.
    let (parent, prefix) = sibling_parts(file);
    let mut staging = staging_builder(&prefix, 0o644)
        .tempfile_in(&parent)
        .map_err(|err| failure(&parent, err))?;
    std::io::Write::write_all(&mut staging, bytes).map_err(|err| failure(file, err))?;
    staging
        .persist(file)
        .map_err(|err| failure(file, err.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_symlink_is_written_through_at_the_output_or_a_predictable_staging_name() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "keep me").unwrap();
        let output = dir.path().join("bundle.zip");
        std::os::unix::fs::symlink(&victim, &output).unwrap();
        // A staging name someone could predict (the old `.NAME.partial-PID`), planted.
        let predictable = dir
            .path()
            .join(format!(".bundle.zip.partial-{}", std::process::id()));
        std::os::unix::fs::symlink(&victim, &predictable).unwrap();
        write_file(&output, b"zip bytes").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        assert!(
            !std::fs::symlink_metadata(&output)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&output).unwrap(), b"zip bytes");
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(&output).unwrap().permissions(),
        );
        assert_eq!(mode & 0o777, 0o644);
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names
                .iter()
                .filter(|name| name.contains(".partial-"))
                .count(),
            1,
            "nothing left but the planted link: {names:?}"
        );
    }

    #[test]
    fn a_folder_is_written_whole_with_ordinary_modes() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("bundle");
        write_folder(&output, [("a/b.tf", &b"x"[..]), ("README.md", &b"y"[..])]).unwrap();
        assert_eq!(std::fs::read(output.join("a/b.tf")).unwrap(), b"x");
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(&output).unwrap().permissions(),
        );
        assert_eq!(mode & 0o777, 0o755);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no staging left"
        );
    }
}
