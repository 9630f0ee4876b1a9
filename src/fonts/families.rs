//! Faces found by family name, as the desk's machines have them installed: in the folders an
//! edition names, the paper's `fonts/` folder, and the system's fonts (the `fontdb` crate
//! reads their name tables).

use std::path::PathBuf;

/// A face found by its family name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFace {
    /// The font file.
    pub path: PathBuf,
    /// The face's index in the file (a collection holds several).
    pub index: u32,
    /// Where it was found ("faces/", "the system's fonts"), for the report.
    pub place: String,
}

/// Places to look for families, searched one after the other: the first place that has the
/// family gives the face, so an edition's own folder wins over what the system has.
pub struct Families {
    places: Vec<Place>,
}

/// One place faces are looked for in, scanned on first need (the system's fonts take a
/// moment to read, and most editions never ask for a family).
struct Place {
    /// A folder, or `None` for the system's fonts.
    folder: Option<PathBuf>,
    db: Option<fontdb::Database>,
}

impl Place {
    /// The faces of this place, reading them the first time.
    fn db(&mut self) -> &fontdb::Database {
        let folder = self.folder.as_deref();
        self.db.get_or_insert_with(|| {
            let mut db = fontdb::Database::new();
            match folder {
                Some(f) => db.load_fonts_dir(f),
                None => db.load_system_fonts(),
            }
            db
        })
    }

    /// How the report names this place.
    fn name(&self) -> String {
        match &self.folder {
            Some(f) => format!("{}/", f.display()),
            None => "the system's fonts".to_string(),
        }
    }
}

impl Families {
    /// Looks in `folders` in order, then (when `system`) the system's fonts.
    pub fn new(folders: &[PathBuf], system: bool) -> Families {
        let mut places: Vec<Place> = Vec::new();
        for f in folders {
            if places
                .iter()
                .any(|p| p.folder.as_deref() == Some(f.as_path()))
            {
                continue;
            }
            places.push(Place {
                folder: Some(f.clone()),
                db: None,
            });
        }
        if system {
            places.push(Place {
                folder: None,
                db: None,
            });
        }
        Families { places }
    }

    /// The face of `family` in the first place that has it.
    ///
    /// A face matches when one of its family names (in any language: 方正书宋 as well as
    /// FZShuSong) or its PostScript name is `family`, case aside. Of a family's faces the
    /// upright one nearest regular weight is taken, then the first by file and index, so the
    /// choice does not depend on the order the folder is read in.
    pub fn find(&mut self, family: &str) -> Option<FoundFace> {
        for place in &mut self.places {
            let name = place.name();
            let db = place.db();
            let best = db
                .faces()
                .filter(|f| {
                    f.families
                        .iter()
                        .any(|(n, _)| n.eq_ignore_ascii_case(family))
                        || f.post_script_name.eq_ignore_ascii_case(family)
                })
                .filter_map(|f| match &f.source {
                    fontdb::Source::File(path) => Some((
                        f.style != fontdb::Style::Normal,
                        f.weight.0.abs_diff(400),
                        path.clone(),
                        f.index,
                    )),
                    _ => None,
                })
                .min();
            if let Some((_, _, path, index)) = best {
                return Some(FoundFace {
                    path,
                    index,
                    place: name,
                });
            }
        }
        None
    }

    /// Every family name the places hold, sorted and each once (for a did-you-mean).
    pub fn names(&mut self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for place in &mut self.places {
            for f in place.db().faces() {
                names.extend(f.families.iter().map(|(n, _)| n.clone()));
                names.push(f.post_script_name.clone());
            }
        }
        names.sort();
        names.dedup();
        names
    }
}
