//! A page's CFF subset cut from the edition's: the combined file's subset of a face already
//! holds every glyph program of every page, desubroutinised, so a page's own subset is the
//! same table with fewer charstrings. Cutting it costs a copy where subsetting the face again
//! costs a parse of the whole face and a decompilation of every glyph.
//!
//! The cut is only taken from tables laid out as `subsetter` writes CID-keyed fonts (header,
//! names, top DICT, strings, empty global subroutines, charset in format 2, private DICTs,
//! FDSelect in format 0, FDArray, CharStrings last, offsets in five bytes); anything else is
//! refused and the caller subsets as before. The names and private DICTs depend on which
//! font DICTs the glyphs use, so they come from a *skeleton*: the subset of one glyph of
//! each font DICT the page uses. The result is byte for byte what subsetting the face to the
//! page's glyphs gives (tested below against `subsetter` for every CFF face we ship).

/// Where the parts of a subset CFF table lie.
pub(super) struct CffLayout {
    charset: usize,
    fd_select: usize,
    fd_array: usize,
    char_strings: usize,
    /// Positions of the five-byte operands of CharStrings and FDArray in the top DICT.
    char_strings_operand: usize,
    fd_array_operand: usize,
    glyphs: usize,
    /// Start of the CharStrings INDEX's offsets, their size, and the start of its data
    /// (offsets count from the byte before it).
    offsets: usize,
    off_size: usize,
    data: usize,
}

fn be(bytes: &[u8], at: usize, size: usize) -> Option<usize> {
    let b = bytes.get(at..at.checked_add(size)?)?;
    Some(b.iter().fold(0usize, |v, x| (v << 8) | *x as usize))
}

/// The end of the INDEX that starts at `at`, and its count.
fn skip_index(cff: &[u8], at: usize) -> Option<(usize, usize)> {
    let count = be(cff, at, 2)?;
    if count == 0 {
        return Some((at + 2, 0));
    }
    let off_size = be(cff, at + 2, 1)?;
    if !(1..=4).contains(&off_size) {
        return None;
    }
    let offsets = at + 3;
    let last = be(cff, offsets + count * off_size, off_size)?;
    let data = offsets + (count + 1) * off_size - 1;
    Some((data.checked_add(last)?, count))
}

impl CffLayout {
    /// Reads the layout of a table `subsetter` wrote, or `None` for any other.
    pub(super) fn read(cff: &[u8]) -> Option<CffLayout> {
        if cff.get(..4)? != [1, 0, 4, 4] {
            return None;
        }
        let (top, _) = skip_index(cff, 4)?;
        // Top DICT INDEX with one DICT.
        if be(cff, top, 2)? != 1 {
            return None;
        }
        let off_size = be(cff, top + 2, 1)?;
        if !(1..=4).contains(&off_size) {
            return None;
        }
        let start = top + 3 + 2 * off_size - 1 + be(cff, top + 3, off_size)?;
        let end = top + 3 + 2 * off_size - 1 + be(cff, top + 3 + off_size, off_size)?;
        let dict = cff.get(start..end)?;
        let (mut charset, mut fd_select, mut fd_array, mut char_strings) = (None, None, None, None);
        let (mut cs_at, mut fa_at) = (None, None);
        let mut i = 0;
        // The last operand's value and position when it was a five-byte integer.
        let mut last: Option<(usize, usize)> = None;
        while i < dict.len() {
            let b = dict[i];
            match b {
                0..=21 => {
                    let op = if b == 12 {
                        i += 1;
                        0x0c00 | *dict.get(i)? as u16
                    } else {
                        b as u16
                    };
                    i += 1;
                    match op {
                        15 => charset = last,
                        17 => {
                            char_strings = last;
                            cs_at = last.map(|(_, at)| at);
                        }
                        0x0c24 => {
                            fd_array = last;
                            fa_at = last.map(|(_, at)| at);
                        }
                        0x0c25 => fd_select = last,
                        _ => {}
                    }
                    last = None;
                }
                28 => {
                    i += 3;
                    last = None;
                }
                29 => {
                    let v = be(dict, i + 1, 4)?;
                    last = Some((v, start + i));
                    i += 5;
                }
                30 => {
                    // A real number: nibbles up to one that is 0xf.
                    i += 1;
                    loop {
                        let n = *dict.get(i)?;
                        i += 1;
                        if n & 0x0f == 0x0f || n >> 4 == 0x0f {
                            break;
                        }
                    }
                    last = None;
                }
                32..=246 => {
                    i += 1;
                    last = None;
                }
                247..=254 => {
                    i += 2;
                    last = None;
                }
                _ => return None,
            }
        }
        let (charset, _) = charset?;
        let (fd_select, _) = fd_select?;
        let (fd_array, _) = fd_array?;
        let (char_strings, _) = char_strings?;
        let (cs_at, fa_at) = (cs_at?, fa_at?);
        // The operands are rewritten in the part of the table a cut copies.
        if !(cs_at + 5 <= charset && fa_at + 5 <= charset) {
            return None;
        }
        if !(charset < fd_select && fd_select < fd_array && fd_array < char_strings) {
            return None;
        }
        let (cs_end, glyphs) = skip_index(cff, char_strings)?;
        if cs_end != cff.len() || glyphs < 2 {
            return None;
        }
        if cff.get(charset) != Some(&2)
            || charset + 5 > fd_select
            || be(cff, charset + 3, 2)? != glyphs - 2
        {
            return None;
        }
        if cff.get(fd_select) != Some(&0) || fd_select + 1 + glyphs != fd_array {
            return None;
        }
        let off_size = be(cff, char_strings + 2, 1)?;
        let offsets = char_strings + 3;
        Some(CffLayout {
            charset,
            fd_select,
            fd_array,
            char_strings,
            char_strings_operand: cs_at,
            fd_array_operand: fa_at,
            glyphs,
            offsets,
            off_size,
            data: offsets + (glyphs + 1) * off_size - 1,
        })
    }

    /// How many glyphs the table holds.
    pub(super) fn glyphs(&self) -> usize {
        self.glyphs
    }

    /// The font DICT (of this table) glyph `i` uses; `i` below [`CffLayout::glyphs`] and
    /// `cff` the table the layout was read from.
    pub(super) fn fd(&self, cff: &[u8], i: usize) -> u8 {
        cff[self.fd_select + 1 + i]
    }

    /// Glyph `i`'s charstring.
    fn charstring<'a>(&self, cff: &'a [u8], i: usize) -> Option<&'a [u8]> {
        let at = self.offsets + i * self.off_size;
        let a = be(cff, at, self.off_size)?;
        let b = be(cff, at + self.off_size, self.off_size)?;
        cff.get(self.data + a..self.data + b)
    }
}

/// The subset of the glyphs at `ranks` (positions in `edition`, ascending, the first 0 for
/// .notdef) cut from the edition's table, with names, private DICTs and font DICTs from
/// `skeleton`: a subset whose glyphs use exactly the font DICTs the chosen glyphs use.
pub(super) fn cut(
    edition: (&[u8], &CffLayout),
    skeleton: (&[u8], &CffLayout),
    ranks: &[usize],
) -> Option<Vec<u8>> {
    let (ed, ed_layout) = edition;
    let (sk, sk_layout) = skeleton;
    let n = ranks.len();
    if n < 2
        || ranks[0] != 0
        || n > u16::MAX as usize
        || ranks.iter().any(|&r| r >= ed_layout.glyphs)
    {
        return None;
    }
    // The chosen glyphs' font DICTs, numbered among themselves as the skeleton numbers them.
    let mut fds: Vec<u8> = ranks.iter().map(|&r| ed_layout.fd(ed, r)).collect();
    let mut used = fds.clone();
    used.sort_unstable();
    used.dedup();
    let mut sk_fds: Vec<u8> = (0..sk_layout.glyphs).map(|i| sk_layout.fd(sk, i)).collect();
    sk_fds.sort_unstable();
    sk_fds.dedup();
    if sk_fds.len() != used.len() {
        return None;
    }
    for fd in &mut fds {
        *fd = used.binary_search(fd).ok()? as u8;
    }
    let charstrings: Vec<&[u8]> = ranks
        .iter()
        .map(|&r| ed_layout.charstring(ed, r))
        .collect::<Option<_>>()?;
    let total: usize = charstrings.iter().map(|c| c.len()).sum::<usize>() + 1;
    let off_size = match total {
        0..=0xff => 1,
        0x100..=0xffff => 2,
        0x1_0000..=0xff_ffff => 3,
        _ => 4,
    };
    let fd_array_len = sk_layout.char_strings - sk_layout.fd_array;
    let fd_array = sk_layout.fd_select + 1 + n;
    let char_strings = fd_array + fd_array_len;
    let mut out = Vec::with_capacity(char_strings + 3 + (n + 1) * off_size + total);
    out.extend_from_slice(&sk[..sk_layout.fd_select]);
    out[sk_layout.charset + 3..sk_layout.charset + 5]
        .copy_from_slice(&((n - 2) as u16).to_be_bytes());
    out.push(0);
    out.extend_from_slice(&fds);
    out.extend_from_slice(&sk[sk_layout.fd_array..sk_layout.char_strings]);
    out.extend_from_slice(&(n as u16).to_be_bytes());
    out.push(off_size as u8);
    let mut offset = 1usize;
    out.extend_from_slice(&(offset as u32).to_be_bytes()[4 - off_size..]);
    for c in &charstrings {
        offset += c.len();
        out.extend_from_slice(&(offset as u32).to_be_bytes()[4 - off_size..]);
    }
    for c in &charstrings {
        out.extend_from_slice(c);
    }
    for (at, value) in [
        (sk_layout.char_strings_operand, char_strings),
        (sk_layout.fd_array_operand, fd_array),
    ] {
        out[at] = 29;
        out[at + 1..at + 5].copy_from_slice(&i32::try_from(value).ok()?.to_be_bytes());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subset_cff(font: &[u8], gids: &[u16]) -> Vec<u8> {
        let mut remapper = subsetter::GlyphRemapper::new();
        for g in gids {
            remapper.remap(*g);
        }
        let otf = subsetter::subset(font, 0, &remapper).expect("subset");
        let raw = ttf_parser::RawFace::parse(&otf, 0).expect("subset parses");
        raw.table(ttf_parser::Tag::from_bytes(b"CFF "))
            .expect("CFF table")
            .to_vec()
    }

    /// Every CFF face we ship: a page's subset cut from an edition's equals the face
    /// subset to the page's glyphs directly, for glyph sets over one font DICT and several.
    #[test]
    fn a_cut_is_the_subset_of_the_same_glyphs() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        let mut tried = 0;
        for entry in std::fs::read_dir(&dir).expect("fonts folder") {
            let path = entry.expect("entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("otf") {
                continue;
            }
            let font = std::fs::read(&path).expect("font");
            let face = ttf_parser::Face::parse(&font, 0).expect("face");
            let count = face.number_of_glyphs();
            // The edition: glyphs spread over the whole face (so over several font DICTs).
            let edition: Vec<u16> = (0..count).step_by(37).collect();
            let ed_cff = subset_cff(&font, &edition);
            let ed_layout = CffLayout::read(&ed_cff).expect("edition layout");
            assert_eq!(ed_layout.glyphs(), edition.len());
            let pages: [Vec<u16>; 4] = [
                edition.iter().copied().step_by(3).collect(),
                edition.iter().copied().take(40).collect(),
                [0, edition[edition.len() / 2]].to_vec(),
                edition.clone(),
            ];
            for page in pages {
                let ranks: Vec<usize> = page
                    .iter()
                    .map(|g| edition.binary_search(g).expect("in edition"))
                    .collect();
                // A skeleton: the first glyph of each font DICT the page uses.
                let mut skeleton: Vec<u16> = vec![0];
                let mut seen = vec![ed_layout.fd(&ed_cff, 0)];
                for &r in &ranks {
                    let fd = ed_layout.fd(&ed_cff, r);
                    if !seen.contains(&fd) {
                        seen.push(fd);
                        skeleton.push(edition[r]);
                    }
                }
                if skeleton.len() < 2 {
                    skeleton.push(page[1]);
                }
                skeleton.sort_unstable();
                let sk_cff = subset_cff(&font, &skeleton);
                let sk_layout = CffLayout::read(&sk_cff).expect("skeleton layout");
                let cut = cut((&ed_cff, &ed_layout), (&sk_cff, &sk_layout), &ranks).expect("cut");
                assert!(
                    cut == subset_cff(&font, &page),
                    "{}: {page:?}",
                    path.display()
                );
                tried += 1;
            }
        }
        assert!(tried >= 24, "only {tried} cuts tried");
    }

    #[test]
    fn other_tables_are_refused() {
        assert!(CffLayout::read(&[1, 0, 4, 1, 0, 0]).is_none());
        assert!(CffLayout::read(&[]).is_none());
        let font = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/NotoSansSC-Regular.otf"),
        )
        .expect("font");
        let raw = ttf_parser::RawFace::parse(&font, 0).expect("face");
        let original = raw
            .table(ttf_parser::Tag::from_bytes(b"CFF "))
            .expect("CFF");
        assert!(CffLayout::read(original).is_none(), "the face's own table");
        let cff = subset_cff(&font, &[0, 5, 900]);
        for len in [10, cff.len() / 2, cff.len() - 1] {
            assert!(CffLayout::read(&cff[..len]).is_none());
        }
    }
}
