//! Ads on the page: each in its reserved space, its trim where the space is (centred when it
//! differs within the tolerance, never scaled); a space whose file is not in yet is drawn
//! as a labelled box, `广告位：<label>（待稿）`.

use super::PageFurniture;
use super::rules::THIN_RULE;
use crate::compose::line::emit_line;
use crate::compose::styles::StyleKey;
use crate::diag::display_path;
use crate::display::{Cmyk, Item, PlacedAd, Rect, TextRole};
use crate::edition::{Ad, AdPlace};
use crate::report::Warning;
use crate::text::TextStyle;
use crate::units::PT_PER_MM;

/// The placeholder's label is set this many times the running head's size (黑体).
const LABEL_SCALE: f32 = 2.0;
/// Differences of size below this are measuring error, not worth a word, pt.
const SAME_SIZE: f32 = 0.05;
/// Lowest effective resolution of an ad's image before the desk is told, ppi: ads made
/// for newsprint are often 150–200 ppi, and below 150 the pixels show.
pub(crate) const MIN_AD_PPI: f32 = 150.0;

impl PageFurniture<'_> {
    /// The page's ads, drawn into `items`; what the desk should know goes to `warnings`.
    pub(super) fn add_ads(&self, items: &mut Vec<Item>, warnings: &mut Vec<Warning>) {
        for ad in &self.page.ads {
            let placed = self.place_ad(ad);
            if placed.pdf.is_none() {
                self.placeholder(&placed, items);
            }
            for message in ad_warnings(self.page.number, &placed) {
                warnings.push(Warning {
                    file: display_path(&self.edition.path),
                    line: Some(ad.line),
                    column: Some(1),
                    message,
                });
            }
            items.push(Item::Ad(Box::new(placed)));
        }
    }

    /// Where the ad goes: its space, where its trim lands, what it is clipped to.
    fn place_ad(&self, ad: &Ad) -> PlacedAd {
        let (rect, clip) = match ad.place {
            AdPlace::Grid(a) => {
                let r = self.grid.area_rect(&a);
                (r, r)
            }
            AdPlace::Page => {
                let (w, h) = self.template.trim;
                let b = self.template.bleed;
                (
                    Rect {
                        x: 0.0,
                        y: 0.0,
                        w,
                        h,
                    },
                    Rect {
                        x: -b,
                        y: -b,
                        w: w + 2.0 * b,
                        h: h + 2.0 * b,
                    },
                )
            }
        };
        let trim_at = match &ad.pdf {
            Some(p) => (
                rect.x + (rect.w - p.trim.width()) / 2.0,
                rect.y + (rect.h - p.trim.height()) / 2.0,
            ),
            None => (rect.x, rect.y),
        };
        PlacedAd {
            pdf: ad.pdf.clone(),
            rect,
            trim_at,
            clip,
            label: ad.label.clone(),
            advertiser: ad.advertiser.clone(),
            size: ad.size.clone(),
            file: ad.file_name.clone(),
        }
    }

    /// The box of a space whose ad is not in: a thin 100 % K rule around it and its label in
    /// 黑体 in the middle.
    fn placeholder(&self, ad: &PlacedAd, items: &mut Vec<Item>) {
        let r = ad.rect;
        let inset = THIN_RULE / 2.0;
        items.push(Item::Frame {
            rect: Rect {
                x: r.x + inset,
                y: r.y + inset,
                w: r.w - 2.0 * inset,
                h: r.h - 2.0 * inset,
            },
            width: THIN_RULE,
            color: Cmyk::BLACK,
        });
        let base = self.styles.get(StyleKey::RunningHead);
        let mut style = TextStyle {
            size: base.size * LABEL_SCALE,
            color: Cmyk::BLACK,
            ..base
        };
        let text = format!("广告位：{}（待稿）", ad.label);
        let (mut p, mut l) = self.line(&text, style);
        // A narrow space takes the label smaller rather than over its rule.
        let room = r.w - 2.0 * style.size;
        if l.width > room && room > 0.0 {
            style.size *= room / l.width;
            (p, l) = self.line(&text, style);
        }
        let x = r.x + (r.w - l.width) / 2.0;
        let baseline = r.y + r.h / 2.0 + style.size * 0.38;
        emit_line(items, &p, &l, x, baseline, TextRole::Furniture);
    }
}

/// What the desk should know about a placed ad: no file yet, a trim that differs from the
/// space within the tolerance (centred), a full-page ad without bleed, images of low
/// resolution.
pub(crate) fn ad_warnings(page: u32, ad: &PlacedAd) -> Vec<String> {
    let mm = |v: f32| v / PT_PER_MM;
    let mut out = Vec::new();
    let Some(pdf) = &ad.pdf else {
        out.push(format!(
            "the ad space “{}” on page {page} has no file yet: a placeholder box is drawn (an error under --strict)",
            ad.label
        ));
        return out;
    };
    let (w, h) = (pdf.trim.width(), pdf.trim.height());
    if (w - ad.rect.w).abs() > SAME_SIZE || (h - ad.rect.h).abs() > SAME_SIZE {
        out.push(format!(
            "the ad “{}” on page {page} is {:.1} × {:.1} mm and its space {:.1} × {:.1} mm: within 1 mm, it is centred in the space",
            ad.label,
            mm(w),
            mm(h),
            mm(ad.rect.w),
            mm(ad.rect.h)
        ));
    }
    if ad.clip.w > ad.rect.w + SAME_SIZE {
        let need = (ad.clip.w - ad.rect.w) / 2.0;
        let b = &pdf.bleed;
        let have = (pdf.trim.x0 - b.x0)
            .min(pdf.trim.y0 - b.y0)
            .min(b.x1 - pdf.trim.x1)
            .min(b.y1 - pdf.trim.y1);
        if have + SAME_SIZE < need {
            out.push(format!(
                "the full-page ad “{}” on page {page} has {:.1} mm of bleed, the page {:.1} mm: the paper shows at its edges if the cut wanders",
                ad.label,
                mm(have.max(0.0)),
                mm(need)
            ));
        }
    }
    for img in &pdf.images {
        if let Some(ppi) = img.effective_ppi()
            && ppi < MIN_AD_PPI
        {
            out.push(format!(
                "the ad “{}” on page {page}: its image /{} is {ppi:.0} ppi as placed, below {MIN_AD_PPI:.0}",
                ad.label, img.name
            ));
        }
    }
    out
}
