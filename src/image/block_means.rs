//! A photo at an eighth of its size, read from its JPEG's DC coefficients alone: each 8 × 8
//! block gives its mean. Ink coverage needs no more, and reading only the block means skips
//! the dequantisation, the inverse DCT and the buffers of a full decoder.
//!
//! Only the JPEGs a press photo usually is are read here — baseline (SOF0/SOF1), Huffman-coded,
//! 8-bit, one interleaved scan, every component sampled 1 × 1, grey or CMYK. Anything else, and
//! any data this reader finds damaged, gives `None`, and the caller decodes with the general
//! decoder: its results on such files then stay exactly what they were.
//!
//! The samples are those `jpeg-decoder` gives when scaled to 1/8 (its 1 × 1 inverse DCT:
//! `(DC × Q₀ + 1024) / 8`, clamped; CMYK complemented), byte for byte, so the ink figures
//! do not move.

/// Bits a Huffman look-up takes at once; longer codes are decoded bit by bit.
const LOOKUP_BITS: u32 = 10;

/// A Huffman table: a look-up on the next `LOOKUP_BITS` bits for short codes, and the
/// canonical code ranges for the longer ones.
struct Huffman {
    /// For each `LOOKUP_BITS`-bit prefix: code length << 8 | symbol, or 0 when the code is
    /// longer.
    lookup: Box<[u16; 1 << LOOKUP_BITS]>,
    /// For each code length 1..=16: one past the largest code of that length (as a
    /// left-aligned 16-bit value), 0 when none.
    max_code: [u32; 17],
    /// For each code length: the index in `symbols` of its first code minus that code.
    offset: [i32; 17],
    /// The symbols, in code order.
    symbols: Vec<u8>,
    /// For AC tables, each `LOOKUP_BITS`-bit prefix holding a whole coefficient (code and
    /// magnitude bits): the bits it takes | the step in the block << 5 (`END_OF_BLOCK` for
    /// the end of block); 0 for anything else.
    coefficient: Box<[u16; 1 << LOOKUP_BITS]>,
}

/// The step of an end of block in `Huffman::coefficient`.
const END_OF_BLOCK: u16 = 0x7F;

impl Huffman {
    /// Builds a table from a DHT segment's 16 counts and its symbols; `None` if the counts
    /// give more codes than fit.
    fn new(counts: &[u8], symbols: &[u8]) -> Option<Huffman> {
        let mut lookup = Box::new([0u16; 1 << LOOKUP_BITS]);
        let mut max_code = [0u32; 17];
        let mut offset = [0i32; 17];
        let mut code = 0u32;
        let mut k = 0usize;
        for len in 1..=16u32 {
            let n = u32::from(counts[len as usize - 1]);
            offset[len as usize] = k as i32 - code as i32;
            for _ in 0..n {
                if code >= 1 << len {
                    return None;
                }
                if len <= LOOKUP_BITS {
                    let shift = LOOKUP_BITS - len;
                    let entry = (len as u16) << 8 | u16::from(symbols[k]);
                    for e in &mut lookup[(code << shift) as usize..((code + 1) << shift) as usize] {
                        *e = entry;
                    }
                }
                code += 1;
                k += 1;
            }
            max_code[len as usize] = if n > 0 { code << (16 - len) } else { 0 };
            code <<= 1;
        }
        let mut coefficient = Box::new([0u16; 1 << LOOKUP_BITS]);
        for (fast, &e) in coefficient.iter_mut().zip(lookup.iter()) {
            *fast = {
                let (len, rs) = (e >> 8, e & 0xFF);
                let (run, size) = (rs >> 4, rs & 0x0F);
                match (e, size) {
                    (0, _) => 0,
                    (_, 0) if run == 0 => len | END_OF_BLOCK << 5,
                    (_, 0) => 0,
                    _ if len + size <= LOOKUP_BITS as u16 => (len + size) | (run + 1) << 5,
                    _ => 0,
                }
            };
        }
        Some(Huffman {
            lookup,
            max_code,
            offset,
            symbols: symbols.to_vec(),
            coefficient,
        })
    }
}

/// The entropy-coded data read bit by bit: stuffed zero bytes dropped, and zero bits given
/// past a marker (counted, so that reading into them is known).
#[derive(Clone)]
struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    /// The next bits, left-aligned.
    buf: u64,
    count: u32,
    /// How many of the buffered bits (the last ones) are padding past a marker.
    padded: u32,
    /// Whether a marker (or the end of the data) has been reached.
    at_marker: bool,
}

impl<'a> Bits<'a> {
    fn new(data: &'a [u8], pos: usize) -> Bits<'a> {
        Bits {
            data,
            pos,
            buf: 0,
            count: 0,
            padded: 0,
            at_marker: false,
        }
    }

    /// Fills the buffer to at least 57 bits.
    #[inline]
    fn fill(&mut self) {
        // Eight bytes without a 0xFF among them (no stuffing, no marker) go in at once.
        if !self.at_marker
            && let Some(next) = self.data.get(self.pos..self.pos + 8)
        {
            let x = u64::from_be_bytes(next.try_into().unwrap_or_default());
            let v = !x;
            let has_ff = v.wrapping_sub(0x0101_0101_0101_0101) & !v & 0x8080_8080_8080_8080;
            if has_ff == 0 && self.count <= 56 {
                let bytes = (64 - self.count) / 8;
                let taken = if bytes == 8 { x } else { x >> (64 - 8 * bytes) };
                self.buf |= taken << (64 - self.count - 8 * bytes);
                self.count += 8 * bytes;
                self.pos += bytes as usize;
                return;
            }
        }
        self.fill_bytewise();
    }

    /// Fills the buffer a byte at a time, near stuffed bytes, markers and the data's end.
    #[cold]
    fn fill_bytewise(&mut self) {
        while self.count <= 56 {
            let mut byte = 0u8;
            if self.at_marker {
                self.padded += 8;
            } else {
                match self.data.get(self.pos) {
                    Some(0xFF) if self.data.get(self.pos + 1) == Some(&0) => {
                        byte = 0xFF;
                        self.pos += 2;
                    }
                    Some(0xFF) | None => {
                        self.at_marker = true;
                        self.padded += 8;
                    }
                    Some(&b) => {
                        byte = b;
                        self.pos += 1;
                    }
                }
            }
            self.buf |= u64::from(byte) << (56 - self.count);
            self.count += 8;
        }
    }

    /// Whether more bits were taken than the data holds.
    fn overrun(&self) -> bool {
        self.count < self.padded
    }

    /// Takes `n` (at most 16, and no more than are buffered) bits.
    #[inline]
    fn take(&mut self, n: u32) -> u32 {
        if n == 0 {
            return 0;
        }
        let v = (self.buf >> (64 - n)) as u32;
        self.consume(n);
        v
    }

    #[inline]
    fn consume(&mut self, n: u32) {
        self.buf <<= n;
        self.count -= n;
    }

    /// Decodes one Huffman symbol; needs 16 bits buffered. `None` for a code not in the table.
    // Inlined even where the compiler would call it: every block's DC code comes through here.
    #[inline(always)]
    fn symbol(&mut self, table: &Huffman) -> Option<u8> {
        let entry = table.lookup[(self.buf >> (64 - LOOKUP_BITS)) as usize];
        if entry != 0 {
            self.consume(u32::from(entry >> 8));
            return Some(entry as u8);
        }
        let bits16 = (self.buf >> 48) as u32;
        for len in LOOKUP_BITS + 1..=16 {
            if bits16 < table.max_code[len as usize] {
                let code = bits16 >> (16 - len);
                let at = table.offset[len as usize] + code as i32;
                self.consume(len);
                return table.symbols.get(usize::try_from(at).ok()?).copied();
            }
        }
        None
    }

    /// Steps over a restart marker `RSTn` after the padding of the interval before it.
    fn restart(&mut self, n: u8) -> Option<()> {
        self.fill();
        if !self.at_marker || self.count - self.padded >= 8 {
            return None;
        }
        if self.data.get(self.pos..self.pos + 2)? != [0xFF, 0xD0 + n] {
            return None;
        }
        *self = Bits::new(self.data, self.pos + 2);
        Some(())
    }
}

/// A component of the frame.
struct Component {
    id: u8,
    quant: usize,
}

/// What the headers before the scan say.
#[derive(Default)]
struct Headers {
    quant: [Option<u16>; 4],
    dc: [Option<Huffman>; 4],
    ac: [Option<Huffman>; 4],
    frame: Option<(u16, u16, Vec<Component>)>,
    restart: u16,
    adobe_transform: Option<u8>,
}

/// The photo's samples at 1/8 scale, as `jpeg-decoder` gives them scaled to 1/8: width,
/// height and the samples (interleaved for CMYK, and complemented as that decoder gives
/// them). `None` for a JPEG this reader does not read, or finds damaged.
pub fn block_means(data: &[u8]) -> Option<(u16, u16, Vec<u8>)> {
    if !data.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut h = Headers::default();
    let mut i = 2usize;
    loop {
        if *data.get(i)? != 0xFF {
            return None;
        }
        let marker = *data.get(i + 1)?;
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            i += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([*data.get(i + 2)?, *data.get(i + 3)?]));
        let seg = data.get(i + 4..(i + 2 + len).max(i + 4))?;
        if len < 2 {
            return None;
        }
        match marker {
            0xC0 | 0xC1 => h.frame = Some(frame(seg)?),
            0xC2..=0xCF if marker != 0xC4 => return None,
            0xC4 => huffman_tables(seg, &mut h)?,
            0xDB => quant_tables(seg, &mut h)?,
            0xDD => h.restart = u16::from_be_bytes([*seg.first()?, *seg.get(1)?]),
            0xEE if seg.starts_with(b"Adobe") => h.adobe_transform = Some(*seg.get(11)?),
            0xDA => return scan(data, i + 2 + len, seg, &h),
            0xD8 | 0xD9 => return None,
            _ => {}
        }
        i += 2 + len;
    }
}

/// The frame header: width, height and the components (all must be sampled 1 × 1).
fn frame(seg: &[u8]) -> Option<(u16, u16, Vec<Component>)> {
    let (&precision, rest) = seg.split_first()?;
    let height = u16::from_be_bytes([*rest.first()?, *rest.get(1)?]);
    let width = u16::from_be_bytes([*rest.get(2)?, *rest.get(3)?]);
    let n = usize::from(*rest.get(4)?);
    if precision != 8 || width == 0 || height == 0 || !matches!(n, 1 | 4) {
        return None;
    }
    let mut components = Vec::with_capacity(n);
    for c in rest.get(5..5 + 3 * n)?.chunks_exact(3) {
        if c[1] != 0x11 || c[2] > 3 {
            return None;
        }
        components.push(Component {
            id: c[0],
            quant: usize::from(c[2]),
        });
    }
    Some((width, height, components))
}

/// A DHT segment's tables.
fn huffman_tables(mut seg: &[u8], h: &mut Headers) -> Option<()> {
    while let Some((&tc_th, rest)) = seg.split_first() {
        let counts = rest.get(..16)?;
        let total: usize = counts.iter().map(|&c| usize::from(c)).sum();
        let symbols = rest.get(16..16 + total)?;
        let table = Huffman::new(counts, symbols)?;
        let id = usize::from(tc_th & 0x0F);
        match tc_th >> 4 {
            0 if id < 4 => h.dc[id] = Some(table),
            1 if id < 4 => h.ac[id] = Some(table),
            _ => return None,
        }
        seg = &rest[16 + total..];
    }
    Some(())
}

/// A DQT segment's tables: only the first (DC) entry of each is needed.
fn quant_tables(mut seg: &[u8], h: &mut Headers) -> Option<()> {
    while let Some((&pq_tq, rest)) = seg.split_first() {
        let id = usize::from(pq_tq & 0x0F);
        let wide = pq_tq >> 4;
        if id > 3 || wide > 1 {
            return None;
        }
        let size = if wide == 1 { 128 } else { 64 };
        let table = rest.get(..size)?;
        h.quant[id] = Some(if wide == 1 {
            u16::from_be_bytes([table[0], table[1]])
        } else {
            u16::from(table[0])
        });
        seg = &rest[size..];
    }
    Some(())
}

/// A component of the scan, with its tables.
struct ScanComponent<'a> {
    /// Its place in the frame (and in each output pixel).
    place: usize,
    quant: i32,
    dc: &'a Huffman,
    ac: &'a Huffman,
}

/// Reads the one scan (header `seg`, entropy-coded data from `start`): every block's DC
/// coefficient, the AC ones only stepped over.
fn scan(data: &[u8], start: usize, seg: &[u8], h: &Headers) -> Option<(u16, u16, Vec<u8>)> {
    let (width, height, components) = h.frame.as_ref()?;
    let n = components.len();
    let cmyk = match (n, h.adobe_transform) {
        (1, _) => false,
        (4, None | Some(0)) => true,
        _ => return None,
    };
    if usize::from(*seg.first()?) != n
        || seg.len() != 1 + 2 * n + 3
        || seg[1 + 2 * n..] != [0, 63, 0]
    {
        return None;
    }
    let mut order = Vec::with_capacity(n);
    for s in seg[1..1 + 2 * n].chunks_exact(2) {
        let place = components.iter().position(|c| c.id == s[0])?;
        if order.iter().any(|c: &ScanComponent| c.place == place) {
            return None;
        }
        order.push(ScanComponent {
            place,
            quant: i32::from(h.quant[components[place].quant]?),
            dc: h.dc.get(usize::from(s[1] >> 4))?.as_ref()?,
            ac: h.ac.get(usize::from(s[1] & 0x0F))?.as_ref()?,
        });
    }
    let (w, hgt) = (
        usize::from(width.div_ceil(8)),
        usize::from(height.div_ceil(8)),
    );
    let blocks = w * hgt * n;
    // Each block takes at least two bits (its DC and its end of block): a header claiming
    // more blocks than the data could hold is not believed.
    if blocks / 4 > data.len() - start {
        return None;
    }
    let mut out = vec![0u8; blocks];
    let mut bits = Bits::new(data, start);
    let mut predictors = [0i16; 4];
    let mut restarts = 0u8;
    let interval = usize::from(h.restart);
    for mcu in 0..w * hgt {
        if interval > 0 && mcu > 0 && mcu % interval == 0 {
            bits.restart(restarts)?;
            restarts = (restarts + 1) & 7;
            predictors = [0; 4];
        }
        for c in &order {
            let dc = block(&mut bits, c, &mut predictors[c.place])?;
            // jpeg-decoder's 1 × 1 inverse DCT: dequantised DC over 8, level-shifted,
            // divided towards zero, clamped.
            let v =
                (i32::from(dc).wrapping_mul(c.quant).wrapping_add(1024) / 8).clamp(0, 255) as u8;
            out[mcu * n + c.place] = if cmyk { 255 - v } else { v };
        }
        if bits.overrun() {
            return None;
        }
    }
    ends(&bits)?;
    Some((w as u16, hgt as u16, out))
}

/// Decodes one block: its DC coefficient (the predictor updated), the AC ones skipped.
// Inlined into the scan loop: a call's register saves cost a tenth of the scan.
#[inline(always)]
fn block(bits: &mut Bits, c: &ScanComponent, predictor: &mut i16) -> Option<i16> {
    // 32 bits hold a DC code and its magnitude bits (16 + 11 at most).
    if bits.count < 32 {
        bits.fill();
    }
    let size = u32::from(bits.symbol(c.dc)?);
    if size > 11 {
        return None;
    }
    let diff = extend(bits.take(size), size);
    *predictor = predictor.wrapping_add(diff);
    let mut k = 1u32;
    while k < 64 {
        if bits.count < 32 {
            bits.fill();
        }
        let fast = c.ac.coefficient[(bits.buf >> (64 - LOOKUP_BITS)) as usize];
        if fast != 0 {
            bits.consume(u32::from(fast & 0x1F));
            let step = u32::from(fast >> 5);
            if step == u32::from(END_OF_BLOCK) {
                break;
            }
            k += step;
            if k > 64 {
                return None;
            }
            continue;
        }
        let rs = u32::from(bits.symbol(c.ac)?);
        let (run, size) = (rs >> 4, rs & 0x0F);
        if size == 0 {
            if run != 15 {
                break;
            }
            k += 16;
        } else {
            k += run;
            if k >= 64 {
                return None;
            }
            bits.consume(size);
            k += 1;
        }
    }
    Some(*predictor)
}

/// A coefficient's value from its `size` magnitude bits (JPEG's EXTEND).
fn extend(v: u32, size: u32) -> i16 {
    if size == 0 {
        0
    } else if v < 1 << (size - 1) {
        (v as i32 - (1 << size) + 1) as i16
    } else {
        v as i16
    }
}

/// Checks that the scan's data ends where its blocks do, at the end-of-image marker.
fn ends(bits: &Bits) -> Option<()> {
    let mut bits = bits.clone();
    bits.fill();
    if !bits.at_marker || bits.count - bits.padded >= 8 {
        return None;
    }
    let rest = bits.data.get(bits.pos..)?;
    let marker = rest.iter().position(|&b| b != 0xFF)?;
    (marker > 0 && rest[marker] == 0xD9).then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    /// Every JPEG file in the repository (examples, tests, fuzz seeds).
    fn repository_jpegs() -> Vec<PathBuf> {
        fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, found);
                } else if std::fs::read(&p).is_ok_and(|d| d.starts_with(&[0xFF, 0xD8])) {
                    found.push(p);
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = Vec::new();
        for dir in ["examples", "tests", "fuzz/seeds", "benches"] {
            walk(&root.join(dir), &mut found);
        }
        found.sort();
        found
    }

    /// What jpeg-decoder gives scaled to 1/8.
    fn reference(data: &[u8]) -> Option<(u16, u16, Vec<u8>)> {
        let mut decoder = jpeg_decoder::Decoder::new(data);
        decoder.read_info().ok()?;
        let info = decoder.info()?;
        let (w, h) = decoder
            .scale(info.width.div_ceil(8), info.height.div_ceil(8))
            .ok()?;
        Some((w, h, decoder.decode().ok()?))
    }

    #[test]
    fn block_means_are_the_scaled_decoders_samples_byte_for_byte() {
        let mut read = 0;
        for path in repository_jpegs() {
            let data = std::fs::read(&path).unwrap();
            let ours = block_means(&data);
            eprintln!("{}: {}", path.display(), ours.is_some());
            if let Some(ours) = ours {
                assert!(reference(&data) == Some(ours), "{}", path.display());
                read += 1;
            }
            if path.components().any(|c| c.as_os_str() == "examples") {
                assert!(block_means(&data).is_some(), "{}", path.display());
            }
        }
        assert!(read >= 9, "only {read} JPEGs read");
    }

    #[test]
    fn damaged_data_gives_none_or_the_same_samples_never_a_panic() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let data =
            std::fs::read(root.join("examples/zhuzhou-daily-2023-07-20/images/deng-xuetong.jpg"))
                .unwrap();
        // Cut short anywhere: the end marker is gone, so nothing is read.
        for cut in (0..data.len()).step_by(997) {
            assert!(block_means(&data[..cut]).is_none(), "cut at {cut}");
        }
        // Bytes flipped: whatever is read must be what jpeg-decoder reads.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..200 {
            let mut bad = data.clone();
            for _ in 0..4 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let at = (state % bad.len() as u64) as usize;
                bad[at] ^= (state >> 32) as u8 | 1;
            }
            if let Some(ours) = block_means(&bad) {
                assert!(reference(&bad) == Some(ours));
            }
        }
        // Headers only, and a frame claiming far more blocks than the data holds.
        let header_end = data.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
        assert!(block_means(&data[..header_end + 20]).is_none());
        let mut huge = data.clone();
        let sof = huge.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        huge[sof + 5..sof + 9].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
        assert!(block_means(&huge).is_none());
    }
}
