//! The articles the blocks name: each read once, however many blocks place it, with its
//! photos looked for on the disk.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::Check;
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::edition::resources::{file_names, unusable_file};
use crate::edition::{Article, SourceFile};
use crate::input::{
    ENCODING_NAMES, MAX_ARTICLE_BYTES, MAX_PHOTO_BYTES, TextEncoding, regular_file,
};

/// The articles read so far, and where each was placed.
pub(crate) struct ArticleShelf {
    /// The encoding articles are in unless their front matter names another (`[paper] encoding`).
    encoding: TextEncoding,
    /// Article by its canonical path, as an index into `articles`.
    index: BTreeMap<PathBuf, usize>,
    /// Articles in the order first placed.
    pub(crate) articles: Vec<Article>,
    /// Where each article was placed so far: (page, the block's `article` span).
    pub(crate) placed: Vec<Vec<(u32, Range<usize>)>>,
}

impl ArticleShelf {
    /// An empty shelf for articles in the encoding `[paper] encoding` names (UTF-8 if none).
    pub(crate) fn new(check: &mut Check, encoding: Option<&Spanned<String>>) -> Self {
        ArticleShelf {
            encoding: encoding.map_or(TextEncoding::Utf8, |e| text_encoding(check, e)),
            index: BTreeMap::new(),
            articles: Vec::new(),
            placed: Vec::new(),
        }
    }

    /// The article a block names, read on its first use; `None` when it cannot be used.
    pub(crate) fn find_or_read(
        &mut self,
        check: &mut Check,
        name: &Spanned<String>,
    ) -> Option<usize> {
        let path = check.base.join(name.get_ref());
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if let Some(i) = self.index.get(&key) {
            return Some(*i);
        }
        if let Some(d) = unusable_file(check.src, name, &path, "article file", MAX_ARTICLE_BYTES) {
            check.push(d);
            return None;
        }
        if let Some(d) = check.outside(check.src, name.span(), &path, "article file") {
            check.push(d);
            return None;
        }
        match Article::load_in(&path, self.encoding) {
            Ok(a) => {
                check_photo_files(check, &a, &path);
                self.articles.push(a);
                self.placed.push(Vec::new());
                self.index.insert(key, self.articles.len() - 1);
                Some(self.articles.len() - 1)
            }
            Err(e) => {
                check.errors.extend(e);
                None
            }
        }
    }
}

/// Every photo file an article names is there (with a did-you-mean when it is not).
fn check_photo_files(check: &mut Check, article: &Article, path: &Path) {
    let src = SourceFile::read_in(path, "article file", MAX_ARTICLE_BYTES, article.encoding).ok();
    for ph in &article.photos {
        let message = match regular_file(&ph.file, MAX_PHOTO_BYTES) {
            Ok(_) => {
                if let Some(s) = &src
                    && let Some(d) = check.outside(s, ph.span.clone(), &ph.file, "photo file")
                {
                    check.push(d);
                }
                continue;
            }
            Err(e) => format!("photo file `{}` {e}", ph.file.display()),
        };
        let mut d = match &src {
            Some(s) => s.error(ph.span.clone(), message),
            None => Diagnostic::file(path, message),
        };
        let names = file_names(ph.file.parent().unwrap_or(Path::new(".")));
        let name = ph
            .file
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(s) = did_you_mean(&name, names.iter().map(String::as_str)) {
            d = d.with_help(format!("did you mean `{s}`?"));
        }
        check.push(d);
    }
}

/// The encoding an `encoding = "…"` names; an unknown name is an error (and UTF-8 is read).
fn text_encoding(check: &mut Check, name: &Spanned<String>) -> TextEncoding {
    if let Some(e) = TextEncoding::from_name(name.get_ref()) {
        return e;
    }
    let d = check
        .src
        .error(
            name.span(),
            format!("unknown text encoding `{}`", name.get_ref()),
        )
        .with_code(Code::UnknownValue);
    let d = match did_you_mean(name.get_ref(), ENCODING_NAMES) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(format!(
            "articles can be read in {} (GBK and GB2312 text is read as GB18030)",
            ENCODING_NAMES.join(", ")
        )),
    };
    check.push(d);
    TextEncoding::Utf8
}
