//! Lengths as production staff write them: 号 names, pt, mm, Q.
//!
//! Everything inside paiban is in PostScript points (1/72 in); this module
//! is the one place where the other units are turned into points.

/// Points per millimetre.
pub(crate) const PT_PER_MM: f32 = 72.0 / 25.4;

/// The traditional Chinese type sizes (号) and their sizes in points.
pub(crate) const HAO_SIZES: [(&str, f32); 16] = [
    ("初号", 42.0),
    ("小初", 36.0),
    ("一号", 26.0),
    ("小一", 24.0),
    ("二号", 22.0),
    ("小二", 18.0),
    ("三号", 16.0),
    ("小三", 15.0),
    ("四号", 14.0),
    ("小四", 12.0),
    ("五号", 10.5),
    ("小五", 9.0),
    ("六号", 7.5),
    ("小六", 6.5),
    ("七号", 5.5),
    ("八号", 5.0),
];

/// Converts millimetres to points.
pub fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

/// Parses a length such as `"小五"`, `"9pt"`, `"3.2mm"`, `"12.7Q"` or `"1cm"` into points.
///
/// Returns a message fit for a diagnostic when the text is not a length.
pub(crate) fn parse_length(text: &str) -> Result<f32, String> {
    let t = text.trim();
    if let Some((_, pt)) = HAO_SIZES.iter().find(|(name, _)| *name == t) {
        return Ok(*pt);
    }
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let unit = unit.trim();
    let value: f32 = num.parse().map_err(|_| {
        format!(
            "`{text}` is not a length: write a 号 name such as \"小五\", or a number with a unit: \"9pt\", \"3.2mm\", \"12.7Q\""
        )
    })?;
    if !value.is_finite() || value < 0.0 {
        return Err(format!(
            "`{text}` is not a usable length: it must be zero or positive"
        ));
    }
    let factor = match unit {
        "pt" => 1.0,
        "mm" => PT_PER_MM,
        "cm" => PT_PER_MM * 10.0,
        "in" => 72.0,
        "Q" | "q" => PT_PER_MM * 0.25,
        "" => {
            return Err(format!(
                "`{text}` has no unit: write \"{text}pt\" or \"{text}mm\""
            ));
        }
        _ => {
            return Err(format!(
                "`{text}`: unknown unit `{unit}`; use pt, mm, cm, in or Q, or a 号 name such as \"小五\""
            ));
        }
    };
    let pt = value * factor;
    // A number f32 holds may still overflow once turned into points (`3e38in`).
    if !pt.is_finite() {
        return Err(format!(
            "`{text}` is not a usable length: it is far too large"
        ));
    }
    Ok(pt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hao_names_and_units() {
        assert_eq!(parse_length("小五").unwrap(), 9.0);
        assert_eq!(parse_length("初号").unwrap(), 42.0);
        assert_eq!(parse_length("9pt").unwrap(), 9.0);
        assert!((parse_length("3.175mm").unwrap() - 9.0).abs() < 0.001);
        assert!((parse_length("12.7Q").unwrap() - 9.0).abs() < 0.001);
        assert!(parse_length("9").unwrap_err().contains("no unit"));
        assert!(parse_length("9px").unwrap_err().contains("unknown unit"));
        assert!(parse_length("大五").unwrap_err().contains("not a length"));
        assert!(parse_length("-3mm").is_err());
    }
}
