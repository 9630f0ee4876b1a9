//! ICC output profiles: the checks a press profile must pass before it is embedded as a
//! PDF/X output intent.
//!
//! A RIP trusts the output intent: a file with `CMYK` at the right place but nothing
//! behind it would go to the plant under a PDF/X claim and fail there, or worse, print
//! wrong colours. So the profile's header and tag table are read and checked (ICC.1:2010
//! §7) before anything is written.

/// Length of the profile header.
const HEADER_LEN: usize = 128;
/// Where the tag count stands: right after the header.
const TAG_COUNT_AT: usize = HEADER_LEN;
/// Length of one tag table entry: signature, offset, size.
const TAG_ENTRY_LEN: usize = 12;
/// Most tags a profile may list: real press profiles have 10–30; a larger count is a
/// damaged file, not a profile.
const MAX_TAGS: u32 = 1000;
/// Where the device class stands in the header.
const DEVICE_CLASS_AT: usize = 12;
/// Where the colour space of the data stands in the header.
const COLOUR_SPACE_AT: usize = 16;
/// Where the profile connection space stands in the header.
const PCS_AT: usize = 20;
/// Where the `acsp` file signature stands in the header.
const SIGNATURE_AT: usize = 36;

/// Tags an output profile must have, each with the alternatives that serve the same end:
/// its name, and the tables from the press's CMYK to the connection space and back.
const REQUIRED_TAGS: [(&[&[u8; 4]], &str); 3] = [
    (&[b"desc"], "a description (desc)"),
    (
        &[b"A2B0", b"D2B0"],
        "a table from CMYK to the connection space (A2B0)",
    ),
    (
        &[b"B2A0", b"B2D0"],
        "a table from the connection space to CMYK (B2A0)",
    ),
];

/// Checks that `bytes` are a CMYK output (printer) profile whose tag table lies inside the
/// file; returns what is wrong, in words fit for a diagnostic.
pub(crate) fn check_output_profile(bytes: &[u8]) -> Result<(), String> {
    if bytes.len() < HEADER_LEN + 4 {
        return Err(format!(
            "it has only {} bytes, fewer than an ICC profile's header",
            bytes.len()
        ));
    }
    if &bytes[SIGNATURE_AT..SIGNATURE_AT + 4] != b"acsp" {
        return Err("it has no `acsp` signature at byte 36: it is not an ICC profile".into());
    }
    let declared = be_u32(bytes, 0);
    if declared as usize != bytes.len() {
        return Err(format!(
            "its header gives a size of {declared} bytes but the file has {}: it is cut short or damaged",
            bytes.len()
        ));
    }
    let field = |at: usize| String::from_utf8_lossy(&bytes[at..at + 4]).into_owned();
    if &bytes[DEVICE_CLASS_AT..DEVICE_CLASS_AT + 4] != b"prtr" {
        return Err(format!(
            "its device class is `{}`, not `prtr`: it is not an output (press) profile",
            field(DEVICE_CLASS_AT).trim_end()
        ));
    }
    if &bytes[COLOUR_SPACE_AT..COLOUR_SPACE_AT + 4] != b"CMYK" {
        return Err(format!(
            "its colour space is `{}`, not CMYK",
            field(COLOUR_SPACE_AT).trim_end()
        ));
    }
    let pcs = &bytes[PCS_AT..PCS_AT + 4];
    if pcs != b"XYZ " && pcs != b"Lab " {
        return Err(format!(
            "its connection space is `{}`, not XYZ or Lab: it is damaged",
            field(PCS_AT).trim_end()
        ));
    }
    let tags = tag_table(bytes)?;
    for (alternatives, what) in REQUIRED_TAGS {
        if !tags.iter().any(|t| alternatives.contains(t)) {
            return Err(format!("it has no {what}"));
        }
    }
    Ok(())
}

/// The signatures of the profile's tags, once each entry is known to lie inside the file.
fn tag_table(bytes: &[u8]) -> Result<Vec<&[u8; 4]>, String> {
    let count = be_u32(bytes, TAG_COUNT_AT);
    let table_end = (count as usize)
        .checked_mul(TAG_ENTRY_LEN)
        .and_then(|n| n.checked_add(TAG_COUNT_AT + 4));
    if count > MAX_TAGS || table_end.is_none_or(|end| end > bytes.len()) {
        return Err(format!(
            "it lists {count} tags, more than the file holds: it is damaged"
        ));
    }
    let mut tags = Vec::with_capacity(count as usize);
    for i in 0..count as usize {
        let at = TAG_COUNT_AT + 4 + i * TAG_ENTRY_LEN;
        let signature: &[u8; 4] = bytes[at..at + 4].try_into().unwrap_or(&[0; 4]);
        let offset = u64::from(be_u32(bytes, at + 4));
        let size = u64::from(be_u32(bytes, at + 8));
        if offset + size > bytes.len() as u64 {
            return Err(format!(
                "its tag `{}` runs past the end of the file: it is cut short or damaged",
                String::from_utf8_lossy(signature)
            ));
        }
        tags.push(signature);
    }
    Ok(tags)
}

/// The big-endian 32-bit number at `at` (the caller has checked the bytes are there).
fn be_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A minimal, well-formed CMYK output profile with the given tags (each 12 bytes of
    /// data).
    pub(crate) fn profile(tags: &[&[u8; 4]]) -> Vec<u8> {
        let mut p = vec![0u8; HEADER_LEN];
        p[DEVICE_CLASS_AT..DEVICE_CLASS_AT + 4].copy_from_slice(b"prtr");
        p[COLOUR_SPACE_AT..COLOUR_SPACE_AT + 4].copy_from_slice(b"CMYK");
        p[PCS_AT..PCS_AT + 4].copy_from_slice(b"Lab ");
        p[SIGNATURE_AT..SIGNATURE_AT + 4].copy_from_slice(b"acsp");
        p.extend((tags.len() as u32).to_be_bytes());
        let data_at = p.len() + tags.len() * TAG_ENTRY_LEN;
        for (i, t) in tags.iter().enumerate() {
            p.extend(*t);
            p.extend(((data_at + i * 12) as u32).to_be_bytes());
            p.extend(12u32.to_be_bytes());
        }
        p.extend(vec![0u8; tags.len() * 12]);
        let len = p.len() as u32;
        p[0..4].copy_from_slice(&len.to_be_bytes());
        p
    }

    #[test]
    fn a_complete_press_profile_passes() {
        assert_eq!(
            check_output_profile(&profile(&[b"desc", b"A2B0", b"B2A0"])),
            Ok(())
        );
    }

    #[test]
    fn each_fault_is_named() {
        let good = profile(&[b"desc", b"A2B0", b"B2A0"]);
        let spoil = |at: usize, with: &[u8]| {
            let mut p = good.clone();
            p[at..at + with.len()].copy_from_slice(with);
            check_output_profile(&p).unwrap_err()
        };
        assert!(spoil(36, b"xxxx").contains("`acsp`"));
        assert!(spoil(0, &[0, 0, 9, 9]).contains("gives a size"));
        assert!(spoil(12, b"mntr").contains("device class is `mntr`"));
        assert!(spoil(16, b"RGB ").contains("colour space is `RGB`"));
        assert!(spoil(20, b"junk").contains("connection space"));
        assert!(spoil(128, &[0, 1, 0, 0]).contains("65536 tags"));
        assert!(spoil(140, &[0, 0, 1, 0]).contains("tag `desc` runs past"));
        let no_table = profile(&[b"desc", b"A2B0"]);
        assert!(
            check_output_profile(&no_table)
                .unwrap_err()
                .contains("B2A0")
        );
        assert!(
            check_output_profile(&good[..100])
                .unwrap_err()
                .contains("only 100 bytes")
        );
    }
}
