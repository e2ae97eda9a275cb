//! What a batch converts: the command line's paths (files as given, folders walked), the paths
//! listed by `--files-from`, and standard input (`-`), as one lazy stream in input order. A
//! folder is walked as it is read and a list as its lines arrive, so the first document can be
//! converted before the last path is known.

use super::Failure;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// The extensions a folder walk converts (lowercase, without the dot). Files named on the
/// command line or in `--files-from` are converted whatever their name (the bytes say what they
/// are); in a walked folder, other files are counted as skipped, each with the reason.
/// Ingest backends that add a format add its extensions here.
pub const DOCUMENT_EXTENSIONS: &[&str] = &[
    "txt", "pdf", "docx", "doc", "rtf", "png", "jpg", "jpeg", "tif", "tiff",
];

/// The name standard input takes in `source.path` and in messages.
pub const STDIN_NAME: &str = "<stdin>";

/// One input file and the output name it maps to (relative to the output folder, without
/// extension): its stem, or its path inside a walked folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file.
    pub path: PathBuf,
    /// Its output's path under the output folder, without extension.
    pub out_name: PathBuf,
}

/// One entry of the input stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A file to convert.
    File(Input),
    /// Standard input's bytes, read when their turn comes.
    Stdin,
    /// Not converted, and why (a walked file of a format vanban does not read).
    Skipped(Failure),
    /// Cannot be read: a missing path, an unreadable folder or list.
    Failed(Failure),
}

/// Where the paths come from, in this order: each command-line argument (`-` is standard
/// input), then the lines of `files_from` (`-`: standard input).
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Files, folders, and `-` for standard input.
    pub paths: Vec<PathBuf>,
    /// A file listing paths one per line (`-`: standard input).
    pub files_from: Option<PathBuf>,
}

impl Sources {
    /// Whether the stream holds at most one document by construction: one file or `-`, no list.
    /// (A folder may hold one document, but that is only known by walking it.)
    pub fn is_single_file(&self) -> bool {
        self.files_from.is_none()
            && self.paths.len() == 1
            && (is_stdin(&self.paths[0]) || !self.paths[0].is_dir())
    }

    /// Whether standard input is read twice (`-` and `--files-from -`): a usage error.
    pub fn stdin_twice(&self) -> bool {
        let lists = self.files_from.as_deref().is_some_and(is_stdin);
        self.paths.iter().filter(|p| is_stdin(p)).count() + usize::from(lists) > 1
    }

    /// The lazy stream of items.
    pub fn items(self) -> impl Iterator<Item = Item> + Send + 'static {
        let listed = self.files_from.map(listed_paths).into_iter().flatten();
        self.paths
            .into_iter()
            .map(Entry::Path)
            .chain(listed)
            .flat_map(expand)
    }
}

/// Whether a path argument means standard input (`-`).
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// A path as given, or a failure met while reading the list.
enum Entry {
    Path(PathBuf),
    Failed(Failure),
}

/// The paths of a `--files-from` list, one per line, read as they come (blank lines ignored, a
/// final `\r` dropped).
fn listed_paths(list: PathBuf) -> Box<dyn Iterator<Item = Entry> + Send> {
    let reader: Box<dyn BufRead + Send> = if is_stdin(&list) {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        match std::fs::File::open(&list) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                return Box::new(std::iter::once(Entry::Failed(Failure {
                    path: list,
                    reason: format!("cannot read the list of inputs: {e}"),
                })))
            }
        }
    };
    let mut failed = false;
    Box::new(
        reader
            .split(b'\n')
            .map_while(move |line| {
                if failed {
                    return None;
                }
                Some(match line {
                    Ok(mut bytes) => {
                        if bytes.last() == Some(&b'\r') {
                            bytes.pop();
                        }
                        Entry::Path(path_from_bytes(bytes))
                    }
                    Err(e) => {
                        failed = true;
                        Entry::Failed(Failure {
                            path: list.clone(),
                            reason: format!("cannot read the list of inputs: {e}"),
                        })
                    }
                })
            })
            .filter(|e| !matches!(e, Entry::Path(p) if p.as_os_str().is_empty())),
    )
}

#[cfg(unix)]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

/// One path as items: a file, standard input, or a folder's documents.
fn expand(entry: Entry) -> Box<dyn Iterator<Item = Item> + Send> {
    let path = match entry {
        Entry::Path(path) => path,
        Entry::Failed(f) => return Box::new(std::iter::once(Item::Failed(f))),
    };
    if is_stdin(&path) {
        return Box::new(std::iter::once(Item::Stdin));
    }
    match std::fs::metadata(&path) {
        Ok(m) if m.is_dir() => Box::new(walk(path)),
        Ok(_) => Box::new(std::iter::once(Item::File(Input {
            out_name: PathBuf::from(stem(&path)),
            path,
        }))),
        Err(e) => Box::new(std::iter::once(Item::Failed(Failure {
            path,
            reason: format!("cannot read: {e}"),
        }))),
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".into())
}

/// A folder's files, recursively, sorted by name within each folder. Hidden files and folders
/// (names starting with a dot: version control, the temporary files of a running batch) are not
/// walked; symbolic links to folders are not followed (no loops); a link to a file is a file.
fn walk(root: PathBuf) -> impl Iterator<Item = Item> + Send {
    let walker = walkdir::WalkDir::new(&root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    walker.filter_map(move |entry| match entry {
        Ok(e) if e.file_type().is_dir() => None,
        Ok(e) if e.path_is_symlink() && e.path().is_dir() => Some(Item::Skipped(Failure {
            path: e.into_path(),
            reason: "skipped: a link to a folder (links are not followed: no loops)".into(),
        })),
        Ok(e) => {
            let path = e.into_path();
            Some(match unsupported(&path) {
                Some(reason) => Item::Skipped(Failure { path, reason }),
                None => {
                    let out_name = path.strip_prefix(&root).unwrap_or(&path).with_extension("");
                    Item::File(Input { path, out_name })
                }
            })
        }
        Err(e) => Some(Item::Failed(Failure {
            path: e.path().map_or_else(|| root.clone(), Path::to_path_buf),
            reason: format!(
                "cannot read folder: {}",
                e.io_error()
                    .map_or_else(|| e.to_string(), |io| io.to_string())
            ),
        })),
    })
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// Why a walked file is not converted, or `None` when it is a document.
fn unsupported(path: &Path) -> Option<String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if ext
        .as_deref()
        .is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e))
    {
        return None;
    }
    let what = match ext {
        Some(e) => format!("unsupported format .{e}"),
        None => "no extension".to_string(),
    };
    Some(format!(
        "skipped: {what} (a folder is walked for {})",
        supported_list()
    ))
}

/// ".txt, .pdf"
pub fn supported_list() -> String {
    DOCUMENT_EXTENSIONS
        .iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(items: impl Iterator<Item = Item>, root: &Path) -> Vec<String> {
        items
            .map(|i| match i {
                Item::File(f) => format!("file {}", f.path.strip_prefix(root).unwrap().display()),
                Item::Skipped(f) => {
                    format!("skip {}", f.path.strip_prefix(root).unwrap().display())
                }
                Item::Failed(f) => format!("fail {}", f.path.display()),
                Item::Stdin => "stdin".into(),
            })
            .collect()
    }

    #[test]
    fn walks_sorted_skipping_hidden_and_reporting_other_formats() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for f in [
            "b.txt",
            "a.PDF",
            "c.docx",
            "d.odt",
            "sub/z.txt",
            ".git/x.txt",
            ".hidden.txt",
            "noext",
        ] {
            let p = d.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(d.join("sub"), d.join("sub-link")).unwrap();
        let sources = Sources {
            paths: vec![d.to_path_buf()],
            files_from: None,
        };
        assert_eq!(
            names(sources.items(), d),
            [
                "file a.PDF",
                "file b.txt",
                "file c.docx",
                "skip d.odt",
                "skip noext",
                "file sub/z.txt",
                #[cfg(unix)]
                "skip sub-link",
            ]
        );
    }

    #[test]
    fn lists_are_read_line_by_line() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.txt"), "x").unwrap();
        std::fs::write(d.join("b.md"), "x").unwrap();
        let list = d.join("list");
        let a = d.join("a.txt");
        let b = d.join("b.md");
        std::fs::write(
            &list,
            format!(
                "{}\r\n\n{}\n{}\n",
                a.display(),
                b.display(),
                d.join("gone.txt").display()
            ),
        )
        .unwrap();
        let sources = Sources {
            paths: vec![PathBuf::from("-")],
            files_from: Some(list),
        };
        let items: Vec<Item> = sources.items().collect();
        assert_eq!(items[0], Item::Stdin);
        // Named files are converted whatever their extension.
        assert!(matches!(&items[1], Item::File(f) if f.path == a && f.out_name == Path::new("a")));
        assert!(matches!(&items[2], Item::File(f) if f.path == b));
        assert!(matches!(&items[3], Item::Failed(f) if f.reason.starts_with("cannot read")));
        assert_eq!(items.len(), 4);
    }
}
