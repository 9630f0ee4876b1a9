//! Colour separation through ICC profiles (the `moxcms` crate): an RGB photo from its own
//! embedded profile (sRGB when it has none) to the press's CMYK profile, and CMYK back to
//! sRGB for screen proofs through the same profile.
//!
//! The press profile knows the plant: its dot gain, its black generation, its total ink. A
//! photo separated through it prints as the plant expects, which paiban's own formula
//! ([`super::rgb_to_cmyk`]) can only approximate; that formula stays for editions that give
//! no profile.

use moxcms::{
    ColorProfile, DataColorSpace, Layout, ProfileText, RenderingIntent, Transform8BitExecutor,
    TransformOptions,
};
use std::sync::Arc;

/// The JPEG APP2 segment's signature before each piece of an embedded ICC profile.
pub(crate) const ICC_SIGNATURE: &[u8; 12] = b"ICC_PROFILE\0";

/// The press's CMYK output profile, read for separating photos and converting proofs.
pub struct PressProfile {
    /// RGB (sRGB) → CMYK, perceptual: photos without a profile of their own.
    from_srgb: Arc<Transform8BitExecutor>,
    /// CMYK → sRGB, relative colorimetric: what the press prints, shown on a screen proof.
    to_srgb: Arc<Transform8BitExecutor>,
    /// The profile itself, for photos that bring their own source profile.
    profile: ColorProfile,
    /// Its description, for the report.
    pub name: String,
}

impl std::fmt::Debug for PressProfile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PressProfile")
            .field("name", &self.name)
            .finish()
    }
}

/// Perceptual rendering for photos: the whole of an RGB photo's gamut is compressed into
/// what newsprint can print, keeping its gradations, as the plants' own separations do.
fn photo_options() -> TransformOptions {
    TransformOptions {
        rendering_intent: RenderingIntent::Perceptual,
        ..TransformOptions::default()
    }
}

impl PressProfile {
    /// Reads a CMYK output profile (checked beforehand by `icc::check_output_profile`) and
    /// builds its transforms; says what is wrong when `moxcms` cannot use it.
    pub fn read(bytes: &[u8]) -> Result<PressProfile, String> {
        let profile = ColorProfile::new_from_slice(bytes)
            .map_err(|e| format!("its tables cannot be read ({e})"))?;
        if profile.color_space != DataColorSpace::Cmyk {
            return Err("it is not a CMYK profile".into());
        }
        let srgb = ColorProfile::new_srgb();
        let from_srgb = srgb
            .create_transform_8bit(Layout::Rgb, &profile, Layout::Rgba, photo_options())
            .map_err(|e| format!("it cannot separate RGB ({e})"))?;
        let to_srgb = profile
            .create_transform_8bit(
                Layout::Rgba,
                &srgb,
                Layout::Rgb,
                TransformOptions {
                    rendering_intent: RenderingIntent::RelativeColorimetric,
                    ..TransformOptions::default()
                },
            )
            .map_err(|e| format!("it cannot convert CMYK back to RGB ({e})"))?;
        let name = profile
            .description
            .as_ref()
            .map(text)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "the press profile".into());
        Ok(PressProfile {
            from_srgb,
            to_srgb,
            profile,
            name,
        })
    }

    /// Separates 8-bit RGB samples to ink-positive CMYK (0 = no ink), from `source` — a
    /// photo's embedded RGB profile — or from sRGB when it is `None`.
    pub(crate) fn separate(
        &self,
        rgb: &[u8],
        source: Option<&ColorProfile>,
    ) -> Result<Vec<u8>, String> {
        let own;
        let transform = match source {
            Some(p) => {
                own = p
                    .create_transform_8bit(
                        Layout::Rgb,
                        &self.profile,
                        Layout::Rgba,
                        photo_options(),
                    )
                    .map_err(|e| e.to_string())?;
                &own
            }
            None => &self.from_srgb,
        };
        let mut cmyk = vec![0u8; rgb.len() / 3 * 4];
        transform
            .transform(rgb, &mut cmyk)
            .map_err(|e| e.to_string())?;
        Ok(cmyk)
    }

    /// Converts ink-positive CMYK samples to sRGB as the press would print them, for proofs.
    pub fn to_srgb(&self, cmyk: &[u8]) -> Result<Vec<u8>, String> {
        let mut rgb = vec![0u8; cmyk.len() / 4 * 3];
        self.to_srgb
            .transform(cmyk, &mut rgb)
            .map_err(|e| e.to_string())?;
        Ok(rgb)
    }
}

/// A photo's embedded profile, when it can separate its RGB samples: read, and RGB.
pub(crate) fn rgb_source(icc: &[u8]) -> Result<ColorProfile, String> {
    let p = ColorProfile::new_from_slice(icc)
        .map_err(|e| format!("its embedded ICC profile cannot be read ({e})"))?;
    if p.color_space != DataColorSpace::Rgb {
        return Err(format!(
            "its embedded ICC profile is for {}, not RGB",
            format!("{:?}", p.color_space).to_uppercase()
        ));
    }
    Ok(p)
}

/// The description of a profile read for the report.
pub(crate) fn profile_name(p: &ColorProfile) -> String {
    p.description
        .as_ref()
        .map(text)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "no description".into())
}

/// A profile text as plain words.
fn text(t: &ProfileText) -> String {
    match t {
        ProfileText::PlainString(s) => s.clone(),
        ProfileText::Localizable(v) => v.first().map(|s| s.value.clone()).unwrap_or_default(),
        ProfileText::Description(d) => d.ascii_string.clone(),
    }
    .trim_end_matches('\0')
    .trim()
    .to_string()
}

/// The ICC profile a JPEG embeds, put together from its APP2 `ICC_PROFILE` pieces in their
/// sequence order; `None` when it has none or the pieces do not make a whole.
pub(crate) fn embedded_profile(pieces: &mut [(u8, u8, &[u8])]) -> Option<Vec<u8>> {
    let count = pieces.first()?.1;
    pieces.sort_by_key(|p| p.0);
    let whole = pieces.len() == count as usize
        && pieces
            .iter()
            .enumerate()
            .all(|(i, p)| p.0 as usize == i + 1 && p.1 == count);
    whole.then(|| pieces.iter().flat_map(|p| p.2.iter().copied()).collect())
}
