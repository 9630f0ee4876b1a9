#!/usr/bin/env python3
"""Generate the synthetic stand-in photos for the zhuzhou-daily-2023-07-20 example.

The real news photos are not available, so every picture in this folder is a
simple synthetic scene drawn by this script. They are placeholders, not photos.

Authoring tool only: the paiban build never runs this script; the JPEGs it
writes are checked in next to it.

Needs:  Python 3 with Pillow and numpy   (pip install Pillow numpy)
Run:    python3 make-images.py           (from any directory; the JPEGs are
                                          written into the folder holding
                                          this script, overwriting old ones)

Output: CMYK JPEGs separated for newsprint (grey-component replacement, so
dark tones are carried by black ink; mild dot-gain compensation; total ink
C+M+Y+K at most 240 %, checked on the decoded file; see "RGB -> CMYK for
newsprint" below), sized for about 200 ppi at their printed size. Baseline
JPEG, quality 82 with optimised Huffman tables, lowered a few steps for a
picture that would otherwise be over 400 kB. Pillow writes CMYK JPEGs with an
Adobe APP14 marker (transform 0) and stores the channel values inverted,
Adobe / Photoshop style, so a PDF writer embedding them with /Filter
/DCTDecode and /ColorSpace /DeviceCMYK must add /Decode [1 0 1 0 1 0 1 0].

Deterministic: fixed random seeds and no clock, so a rerun with the same
Pillow / numpy versions gives byte-identical files.
"""

import math
import os

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

HERE = os.path.dirname(os.path.abspath(__file__))
QUALITY = 82            # JPEG quality, lowered per file only if it would exceed
MIN_QUALITY = 72        # MAX_BYTES (never below MIN_QUALITY)
MAX_BYTES = 400_000


# --------------------------------------------------------------------------
# small drawing toolkit: a float RGB canvas plus RGBA layers drawn with PIL
# --------------------------------------------------------------------------

def lerp(a, b, t):
    return tuple(a[i] + (b[i] - a[i]) * t for i in range(3))


def shade(c, f):
    return tuple(int(max(0, min(255, v * f))) for v in c)


def ci(c):
    return tuple(int(round(max(0, min(255, v)))) for v in c)


class Canvas:
    def __init__(self, w, h):
        self.w, self.h = w, h
        self.a = np.zeros((h, w, 3), np.float32)

    # ---- gradients -------------------------------------------------------
    def vgrad(self, stops, y0=0, y1=None):
        """Fill rows y0..y1 with a vertical gradient; stops = [(t, rgb), ...]."""
        y1 = self.h if y1 is None else y1
        t = (np.arange(y0, y1, dtype=np.float32) - y0) / max(1, (y1 - y0 - 1))
        ts = [s[0] for s in stops]
        for ch in range(3):
            col = np.interp(t, ts, [s[1][ch] for s in stops]).astype(np.float32)
            self.a[y0:y1, :, ch] = col[:, None]

    def layer(self):
        img = Image.new("RGBA", (self.w, self.h), (0, 0, 0, 0))
        return img, ImageDraw.Draw(img)

    def _premul(self, layer, blur):
        bbox = layer.getbbox()
        if bbox is None:
            return None, None
        pad = int(blur * 3) + 2
        x0, y0 = max(0, bbox[0] - pad), max(0, bbox[1] - pad)
        x1, y1 = min(self.w, bbox[2] + pad), min(self.h, bbox[3] + pad)
        sub = layer.crop((x0, y0, x1, y1)).convert("RGBa")
        if blur:
            sub = sub.filter(ImageFilter.GaussianBlur(blur))
        arr = np.asarray(sub, np.float32)
        return (x0, y0, x1, y1), arr

    def over(self, layer, blur=0.7, opacity=1.0):
        """Alpha-composite an RGBA layer (soft edges via premultiplied blur)."""
        box, arr = self._premul(layer, blur)
        if box is None:
            return
        x0, y0, x1, y1 = box
        pre = arr[..., :3] * opacity
        al = arr[..., 3:4] / 255.0 * opacity
        dst = self.a[y0:y1, x0:x1]
        self.a[y0:y1, x0:x1] = pre + dst * (1.0 - al)

    def add(self, layer, blur=0.7, opacity=1.0):
        """Additive light (glows, beams, sparks)."""
        box, arr = self._premul(layer, blur)
        if box is None:
            return
        x0, y0, x1, y1 = box
        self.a[y0:y1, x0:x1] += arr[..., :3] * opacity

    def glow(self, cx, cy, r, color, strength=1.0, rx=None):
        """Additive gaussian glow; rx lets it be elliptical."""
        rx = r if rx is None else rx
        x0, x1 = int(max(0, cx - 3 * rx)), int(min(self.w, cx + 3 * rx + 1))
        y0, y1 = int(max(0, cy - 3 * r)), int(min(self.h, cy + 3 * r + 1))
        if x0 >= x1 or y0 >= y1:
            return
        ys, xs = np.mgrid[y0:y1, x0:x1].astype(np.float32)
        g = np.exp(-(((xs - cx) / rx) ** 2 + ((ys - cy) / r) ** 2)) * strength
        self.a[y0:y1, x0:x1] += g[..., None] * np.array(color, np.float32)

    def blend_array(self, color_arr, alpha, box=None):
        """Blend a float colour array through a float alpha (0..1) in a box."""
        if box is None:
            box = (0, 0, self.w, self.h)
        x0, y0, x1, y1 = box
        al = alpha[..., None] if alpha.ndim == 2 else alpha
        dst = self.a[y0:y1, x0:x1]
        self.a[y0:y1, x0:x1] = color_arr * al + dst * (1 - al)

    def tone(self, factor_map):
        """Multiply the whole picture by a (h, w) map: vignettes, shading."""
        self.a *= factor_map[..., None]

    def finish(self, name, rng, grain=0.8, soften=0.6):
        # a lens-like softening and a little luminance grain, so that the
        # flat vector shapes read more like a (halftoned) photograph.  Kept in
        # floating point right up to the CMYK conversion: with grey-component
        # replacement the CMY of a dark colour is (C' - K) / (1 - K), which
        # would blow the 8-bit steps of a dark RGB gradient (and any grain)
        # up into contour bands and noise on the C, M and Y plates.  So the
        # grain is added after the separation, as ink (see rgb_to_ink).
        a = np.clip(self.a, 0, 255)
        if soften:
            a = gaussian_blur(a, soften)
        noise = rng.normal(0.0, grain, (self.h, self.w, 1)).astype(np.float32)
        path = os.path.join(HERE, name)
        q, tac, size = save_cmyk_jpeg(rgb_to_ink(a, noise[..., 0]), path)
        print("%-30s %dx%d  %7d bytes  quality %d  ink limit %d %%" % (name, self.w, self.h, size, q, tac))


def gaussian_blur(a, sigma):
    """Separable gaussian blur of a float (h, w, ch) array, edges clamped."""
    r = int(math.ceil(3 * sigma))
    x = np.arange(-r, r + 1, dtype=np.float64)
    k = np.exp(-0.5 * (x / sigma) ** 2)
    k = (k / k.sum()).astype(np.float32)
    p = np.pad(a, ((r, r), (0, 0), (0, 0)), mode="edge")
    a = sum(k[i] * p[i:i + a.shape[0]] for i in range(2 * r + 1))
    p = np.pad(a, ((0, 0), (r, r), (0, 0)), mode="edge")
    return sum(k[i] * p[:, i:i + a.shape[1]] for i in range(2 * r + 1))


# --------------------------------------------------------------------------
# RGB -> CMYK for newsprint
# --------------------------------------------------------------------------
#
# Newsprint takes at most 240 % total ink (C+M+Y+K), soaks up ink so that
# midtone dots print noticeably darker, and wants its dark tones carried by
# the black plate.  Pillow's convert("CMYK") does none of that (K = 0, up to
# ~300 % ink), so the conversion is done here, deterministically, in numpy:
#
#  1. C' M' Y' = 1 - R G B, and the grey component g = min(C', M', Y').
#  2. Grey-component replacement: K = g * s(g), s a smoothstep from 0 at
#     g = GCR_START to 1 at g = GCR_FULL, so highlights stay CMY only (no
#     black dots in light skin or sky), midtones get part of their grey in
#     black, and shadows from GCR_FULL on are full GCR (all grey in K).
#     The grey is then taken out of C', M', Y': C = (C' - K) / (1 - K) etc.
#     That is the usual multiplicative form, which keeps the colour under
#     ink-on-paper mixing (RGB = (1 - CMY) * (1 - K)); a plain C' - K would
#     drain the hue out of dark colours (a navy night sky turns grey).
#  3. Dot-gain compensation, mild: assuming a printed tone of
#     v + 4 * DOT_GAIN * v * (1 - v) for a plate value v (DOT_GAIN extra at
#     50 %), every plate is pre-lightened by the inverse of that curve.
#     0 and 100 % stay put.
#  4. Total ink limit: wherever C+M+Y+K exceeds the target, C, M and Y are
#     scaled down together (K kept).  The target starts a little under
#     TAC_LIMIT to leave room for JPEG error, and the saved file is decoded
#     and checked: if any pixel still comes out above TAC_LIMIT the target is
#     lowered and the file written again.

GCR_START = 0.08        # grey level where black ink starts
GCR_FULL = 0.85         # grey level from which all the grey is black ink
DOT_GAIN = 0.08         # midtone dot gain compensated for (8 % at 50 %)
TAC_LIMIT = 2.40        # total area coverage allowed on newsprint (240 %)
TAC_MARGIN = 0.05       # first target is TAC_LIMIT - TAC_MARGIN


def rgb_to_ink(rgb, grain=None):
    """Float RGB (h, w, 3), 0..255 -> ink amounts C, M, Y, K (h, w, 4), 0..1.

    Steps 1-3 above; the total ink limit is applied in save_cmyk_jpeg.
    grain, if given, is (h, w) luminance noise in RGB levels; it is split
    between the black and the CMY plates in the proportion s(g) in which
    the grey it sits on went to black."""
    cmy = 1.0 - np.clip(np.asarray(rgb, np.float64), 0.0, 255.0) / 255.0
    g = cmy.min(axis=2)
    t = np.clip((g - GCR_START) / (GCR_FULL - GCR_START), 0.0, 1.0)
    s = t * t * (3.0 - 2.0 * t)
    k = g * s
    cmy = (cmy - k[..., None]) / np.maximum(1.0 - k, 1e-6)[..., None]
    if grain is not None:
        n = -np.asarray(grain, np.float64) / 255.0      # lighter RGB = less ink
        cmy = cmy + ((1.0 - s) * n)[..., None]
        k = k + s * n
    ink = np.clip(np.concatenate([cmy, k[..., None]], axis=2), 0.0, 1.0)
    dg = 4.0 * DOT_GAIN
    return ((1.0 + dg) - np.sqrt((1.0 + dg) ** 2 - 4.0 * dg * ink)) / (2.0 * dg)


def limit_ink(ink, tac):
    """Scale C, M, Y down (K kept) where C+M+Y+K > tac; return uint8 plates."""
    cmy, k = ink[..., :3], ink[..., 3]
    f = np.minimum(1.0, (tac - k) / np.maximum(cmy.sum(axis=2), 1e-9))
    out = np.concatenate([cmy * f[..., None], k[..., None]], axis=2)
    return np.clip(np.floor(out * 255.0 + 0.5), 0, 255).astype(np.uint8)


def save_cmyk_jpeg(ink, path):
    """Write the ink amounts as a CMYK JPEG within the total ink limit.

    The array handed to Pillow holds ink amounts (0 = no ink, 255 = solid);
    Pillow's JPEG writer stores them inverted, Adobe style, and inverts them
    back on reading.  A file that would be over MAX_BYTES is written again
    at a lower quality (a full fourth plate costs bytes).  Returns (quality,
    ink target in %, file size)."""
    tac = TAC_LIMIT - TAC_MARGIN
    quality = QUALITY
    while True:
        plates = limit_ink(ink, tac)
        Image.fromarray(plates, mode="CMYK").save(path, "JPEG", quality=quality, optimize=True)
        with Image.open(path) as im:
            back = np.asarray(im, np.int32)
        size = os.path.getsize(path)
        if back.sum(axis=2).max() > round(TAC_LIMIT * 255):
            tac -= 0.05
            if tac < 2.0:
                raise RuntimeError("%s: cannot keep the total ink under the limit" % path)
        elif size > MAX_BYTES and quality > MIN_QUALITY:
            quality -= 1
        else:
            return quality, round(tac * 100), size


def vignette(w, h, strength=0.35, power=2.0):
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    d = np.sqrt(((xs - w / 2) / (w / 2)) ** 2 + ((ys - h / 2) / (h / 2)) ** 2) / math.sqrt(2)
    return 1.0 - strength * d ** power


# --------------------------------------------------------------------------
# noise
# --------------------------------------------------------------------------

def value_noise1d(n, rng, cells):
    pts = rng.random(cells + 2)
    x = np.linspace(0, cells, n)
    i = np.minimum(x.astype(int), cells)
    f = x - i
    f = f * f * (3 - 2 * f)
    return pts[i] * (1 - f) + pts[i + 1] * f


def fractal1d(n, rng, cells=3, octaves=6, persistence=0.5):
    total = np.zeros(n)
    amp, norm = 1.0, 0.0
    for o in range(octaves):
        total += amp * value_noise1d(n, rng, cells * 2 ** o)
        norm += amp
        amp *= persistence
    return total / norm


def noise2d(h, w, rng, cx, cy, octaves=4, persistence=0.5):
    acc = np.zeros((h, w), np.float32)
    amp, norm = 1.0, 0.0
    for o in range(octaves):
        gx, gy = cx * 2 ** o + 1, cy * 2 ** o + 1
        g = (rng.random((gy, gx)) * 255).astype(np.uint8)
        im = Image.fromarray(g, "L").resize((w, h), Image.BICUBIC)
        acc += amp * np.asarray(im, np.float32) / 255.0
        norm += amp
        amp *= persistence
    return acc / norm


# --------------------------------------------------------------------------
# people
# --------------------------------------------------------------------------

SKIN = [(230, 188, 158), (214, 170, 138), (238, 200, 170), (200, 152, 120)]
HAIR = [(28, 24, 22), (40, 32, 28), (20, 18, 18), (70, 60, 55)]


def person(d, x, yf, h, shirt, pants, skin=SKIN[0], hair=HAIR[0], vest=None,
           hat=None, pose="down", stride=0.0, shoes=(38, 36, 36), bib=False,
           stripes=None, sleeve=None, face=True):
    """A stylised standing/walking/running person, feet at (x, yf), height h."""
    r = h * 0.07
    hy = yf - h + r
    sh_y = yf - h * 0.83
    hip_y = yf - h * 0.47
    tw = h * 0.125
    hw = h * 0.095
    lw = h * 0.048
    sleeve = sleeve or shirt
    dk_pants = shade(pants, 0.75)
    # legs
    for sgn in (-1, 1):
        s = stride * sgn
        top = x + sgn * hw * 0.5
        bot = top + s * h * 0.16
        knee = (top + bot) / 2 + abs(s) * h * 0.04
        col = pants if sgn < 0 else dk_pants
        d.polygon([(top - lw, hip_y), (top + lw, hip_y), (knee + lw * 0.9, yf - h * 0.25),
                   (bot + lw * 0.75, yf - h * 0.03), (bot - lw * 0.75, yf - h * 0.03),
                   (knee - lw * 0.9, yf - h * 0.25)], fill=col)
        if stripes and pose != "run":
            sy = yf - h * 0.16
            d.polygon([(bot - lw * 0.85, sy), (bot + lw * 0.85, sy),
                       (bot + lw * 0.85, sy + h * 0.025), (bot - lw * 0.85, sy + h * 0.025)],
                      fill=stripes)
        d.ellipse([bot - lw * 1.1 + s * h * 0.02, yf - h * 0.045,
                   bot + lw * 1.3 + s * h * 0.02, yf + h * 0.005], fill=shoes)
    # torso
    torso = [(x - tw, sh_y), (x + tw, sh_y), (x + hw * 1.08, hip_y + h * 0.03),
             (x - hw * 1.08, hip_y + h * 0.03)]
    d.polygon(torso, fill=shirt)
    d.polygon([(x + tw * 0.45, sh_y), (x + tw, sh_y), (x + hw * 1.08, hip_y + h * 0.03),
               (x + hw * 0.45, hip_y + h * 0.03)], fill=shade(shirt, 0.8))
    d.ellipse([x - tw - h * 0.03, sh_y, x - tw + h * 0.06, sh_y + h * 0.08], fill=sleeve)
    d.ellipse([x + tw - h * 0.06, sh_y, x + tw + h * 0.03, sh_y + h * 0.08],
              fill=shade(sleeve, 0.85))
    if vest:
        d.polygon([(x - tw * 0.98, sh_y + h * 0.005), (x - tw * 0.38, sh_y), (x, sh_y + h * 0.11),
                   (x + tw * 0.38, sh_y), (x + tw * 0.98, sh_y + h * 0.005),
                   (x + hw * 1.12, hip_y + h * 0.045), (x - hw * 1.12, hip_y + h * 0.045)],
                  fill=vest)
        d.polygon([(x + tw * 0.5, sh_y + h * 0.01), (x + tw * 0.98, sh_y + h * 0.005),
                   (x + hw * 1.12, hip_y + h * 0.045), (x + hw * 0.5, hip_y + h * 0.045)],
                  fill=shade(vest, 0.78))
        # small logo patch on the chest
        d.rectangle([x - tw * 0.75, sh_y + h * 0.08, x - tw * 0.3, sh_y + h * 0.11],
                    fill=(245, 215, 90))
    if stripes:
        for fy in (0.62, 0.72):
            yy = yf - h * fy
            d.polygon([(x - tw * 0.98, yy), (x + tw * 0.98, yy), (x + tw * 0.96, yy + h * 0.025),
                       (x - tw * 0.96, yy + h * 0.025)], fill=stripes)
    if bib:
        d.rectangle([x - tw * 0.5, sh_y + h * 0.12, x + tw * 0.5, sh_y + h * 0.2],
                    fill=(245, 245, 240))
        d.rectangle([x - tw * 0.3, sh_y + h * 0.145, x + tw * 0.3, sh_y + h * 0.175],
                    fill=(40, 40, 50))
    # arms
    aw = max(1, int(h * 0.07))
    for sgn in (-1, 1):
        sx, sy = x + sgn * (tw - h * 0.015), sh_y + h * 0.03
        if pose == "run":
            swing = -sgn * (1 if stride >= 0 else -1)
            ex, ey = sx + sgn * h * 0.02, sy + h * 0.13 + swing * h * 0.03
            hx, hy2 = ex - sgn * h * 0.03, ey - h * 0.05 + swing * h * 0.04
        elif pose == "hold":        # hands together in front of the chest
            ex, ey = sx + sgn * h * 0.02, sy + h * 0.17
            hx, hy2 = x + sgn * h * 0.05, sy + h * 0.2
        elif pose == "broom":       # both hands to the viewer's left, low
            ex, ey = sx - h * 0.04, sy + h * 0.16
            hx, hy2 = x - h * 0.12 + sgn * h * 0.05, sy + h * (0.27 if sgn < 0 else 0.2)
        elif pose == "wave" and sgn > 0:
            ex, ey = sx + h * 0.09, sy - h * 0.06
            hx, hy2 = sx + h * 0.11, sy - h * 0.2
        else:
            ex, ey = sx + sgn * h * 0.035, sy + h * 0.16
            hx, hy2 = sx + sgn * h * 0.045, sy + h * 0.3
        col = sleeve if sgn < 0 else shade(sleeve, 0.85)
        d.line([(sx, sy), (ex, ey), (hx, hy2)], fill=col, width=aw, joint="curve")
        hr = h * 0.026
        d.ellipse([hx - hr, hy2 - hr, hx + hr, hy2 + hr], fill=skin)
    # neck and head
    d.rectangle([x - h * 0.028, hy + r * 0.6, x + h * 0.028, sh_y + h * 0.02], fill=shade(skin, 0.85))
    d.ellipse([x - r * 0.88, hy - r, x + r * 0.88, hy + r], fill=skin)
    d.chord([x - r * 0.92, hy - r * 1.08, x + r * 0.92, hy + r * 0.75], 180, 360, fill=hair)
    if face and h > 120:
        ew = max(1, r * 0.13)
        for sgn in (-1, 1):
            d.ellipse([x + sgn * r * 0.35 - ew, hy + r * 0.05 - ew, x + sgn * r * 0.35 + ew,
                       hy + r * 0.05 + ew], fill=(40, 30, 28))
    if hat:
        d.chord([x - r * 1.0, hy - r * 1.15, x + r * 1.0, hy + r * 0.5], 180, 360, fill=hat)
        d.rectangle([x - r * 1.0, hy - r * 0.36, x + r * 1.45, hy - r * 0.2], fill=shade(hat, 0.85))


# --------------------------------------------------------------------------
# 1. guidao-night-construction.jpg — night construction, exhibition hall frame
# --------------------------------------------------------------------------

def night_construction():
    W, H = 1800, 1200
    rng = np.random.default_rng(1001)
    c = Canvas(W, H)
    GY = 930
    c.vgrad([(0, (3, 5, 14)), (0.5, (10, 17, 38)), (0.74, (26, 36, 66)), (0.775, (46, 44, 60)),
             (0.78, (22, 20, 22)), (1.0, (9, 9, 11))])
    # faint clouds lit from below by the city
    n = noise2d(H, W, rng, 6, 3, octaves=4)
    cloud = np.clip((n - 0.5) * 2.2, 0, 1) * np.linspace(0.2, 1, H)[:, None] ** 1.5
    cloud[GY:] = 0
    c.a += cloud[..., None] * np.array([22, 24, 34], np.float32)
    c.glow(900, GY, 120, (60, 38, 20), 0.6, rx=1100)      # city glow on the horizon
    # stars
    lay, d = c.layer()
    for _ in range(140):
        x, y = rng.random() * W, rng.random() * 420
        b = int(90 + rng.random() * 120)
        d.point((x, y), fill=(b, b, min(255, b + 20), 255))
    c.add(lay, blur=0.5)

    lamps = [(230, 360), (1590, 420)]
    # light beams from the floodlights
    lay, d = c.layer()
    for lx, ly in lamps:
        tx = 900
        d.polygon([(lx, ly), (tx - 420, GY + 60), (tx + 420, GY + 60)], fill=(70, 62, 45, 255))
    c.add(lay, blur=40, opacity=0.35)

    # --- steel framework of the exhibition hall ---------------------------
    x0, x1 = 420, 1390
    def top(x):
        return 560 - 120 * math.sin(math.pi * (x - x0) / (x1 - x0))

    def lit(x, y, base=0.35):
        b = base
        for lx, ly in lamps:
            dd = math.hypot(x - lx, y - ly)
            b += 260.0 / (dd + 120)
        b = min(1.15, b)
        return ci((205 * b, 168 * b, 120 * b))

    # back plane (darker, offset: depth)
    lay, d = c.layer()
    ox, oy = 55, -38
    cols = list(range(x0, x1 + 1, 74))
    for x in cols:
        d.line([(x + ox, top(x) + oy + 40), (x + ox, GY + oy * 0.3)], fill=(48, 52, 66, 255), width=6)
    for yy in (700, 820):
        d.line([(x0 + ox, yy + oy), (x1 + ox, yy + oy)], fill=(44, 48, 60, 255), width=4)
    pts = [(x + ox, top(x) + oy) for x in range(x0, 1150, 8)]
    d.line(pts, fill=(50, 54, 70, 255), width=6)
    # purlins joining the two planes
    for x in cols:
        if x <= 1150:
            d.line([(x, top(x)), (x + ox, top(x) + oy)], fill=(70, 66, 66, 255), width=4)
    c.over(lay, blur=1.0)

    lay, d = c.layer()
    for i, x in enumerate(cols):
        ytop = top(x) + 45 if x <= 1150 else top(x) + 45 + (60 if i % 2 else 0)
        d.line([(x, ytop), (x, GY)], fill=lit(x, 700) + (255,), width=11)
        d.line([(x - 4, ytop), (x - 4, GY)], fill=lit(x, 600, 0.55) + (255,), width=3)
    # horizontal girts and X bracing
    for yy in (700, 820):
        for a, b in zip(cols[:-1], cols[1:]):
            d.line([(a, yy), (b, yy)], fill=lit((a + b) / 2, yy) + (255,), width=6)
    for a, b in list(zip(cols[:-1], cols[1:]))[::3]:
        d.line([(a, 700), (b, 820)], fill=lit(a, 760) + (255,), width=4)
        d.line([(b, 700), (a, 820)], fill=lit(a, 760) + (255,), width=4)
    # arched roof truss (finished part only: the right end is still open)
    xs = list(range(x0, 1151, 6))
    d.line([(x, top(x)) for x in xs], fill=lit(800, 480) + (255,), width=9)
    d.line([(x, top(x) + 45) for x in xs], fill=lit(800, 520) + (255,), width=7)
    for k, x in enumerate(range(x0, 1150, 37)):
        xa, xb = x, x + 37
        if k % 2 == 0:
            d.line([(xa, top(xa) + 45), (xb, top(xb))], fill=lit(x, 500) + (255,), width=4)
        else:
            d.line([(xa, top(xa)), (xb, top(xb) + 45)], fill=lit(x, 500) + (255,), width=4)
    # a beam being lifted, hanging from the crane hook
    d.line([(1180, 445), (1330, 458)], fill=lit(1250, 450) + (255,), width=10)
    c.over(lay, blur=0.8)

    # --- tower crane ----------------------------------------------------------
    lay, d = c.layer()
    crane = (150, 128, 52, 255)
    crane_dk = (96, 84, 40, 255)
    mx = 1470
    d.line([(mx - 14, GY), (mx - 14, 175)], fill=crane, width=5)
    d.line([(mx + 14, GY), (mx + 14, 175)], fill=crane_dk, width=5)
    for y in range(GY, 180, -28):
        d.line([(mx - 14, y), (mx + 14, y - 28)], fill=crane_dk, width=3)
        d.line([(mx - 14, y), (mx + 14, y)], fill=crane_dk, width=2)
    # jib (to the left) and counter-jib
    jt, jb = 168, 196
    d.line([(mx, jt), (170, jt + 10)], fill=crane, width=4)
    d.line([(mx, jb), (170, jb)], fill=crane, width=5)
    for x in range(mx, 180, -30):
        yt = jt + 10 * (mx - x) / (mx - 170)
        d.line([(x, jb), (x - 15, yt + 10 * 15 / (mx - 170))], fill=crane_dk, width=2)
        d.line([(x - 15, yt), (x - 30, jb)], fill=crane_dk, width=2)
    d.line([(mx, jt), (1720, jt + 6)], fill=crane, width=4)
    d.line([(mx, jb), (1720, jb)], fill=crane, width=5)
    d.rectangle([1640, jb, 1710, jb + 50], fill=(70, 68, 66, 255))           # counterweight
    d.polygon([(mx - 14, 175), (mx + 14, 175), (mx, 92)], outline=crane, fill=None)
    d.line([(mx, 92), (560, jt + 6)], fill=crane_dk, width=2)                  # tie rods
    d.line([(mx, 92), (1700, jt + 4)], fill=crane_dk, width=2)
    d.rectangle([mx - 34, 198, mx + 4, 236], fill=(120, 110, 70, 255))         # cab
    d.rectangle([mx - 30, 204, mx - 6, 222], fill=(230, 210, 150, 255))        # lit cab window
    # trolley, cables and hook
    d.rectangle([1240, jb - 4, 1276, jb + 10], fill=crane)
    d.line([(1252, jb + 10), (1252, 418)], fill=(120, 120, 120, 255), width=2)
    d.line([(1264, jb + 10), (1264, 418)], fill=(120, 120, 120, 255), width=2)
    d.rectangle([1246, 416, 1270, 436], fill=(180, 140, 40, 255))
    d.line([(1258, 436), (1190, 447)], fill=(110, 110, 110, 255), width=2)
    d.line([(1258, 436), (1320, 456)], fill=(110, 110, 110, 255), width=2)
    c.over(lay, blur=0.7)
    c.glow(172, jb, 5, (255, 40, 30), 2.5)          # aviation lights
    c.glow(172, jb, 16, (255, 30, 20), 0.4)
    c.glow(mx, 94, 5, (255, 40, 30), 2.5)
    c.glow(mx, 94, 16, (255, 30, 20), 0.4)

    # --- ground, site clutter ------------------------------------------------
    lay, d = c.layer()
    for i in range(24):
        x = rng.random() * W
        w = 40 + rng.random() * 140
        hgt = 10 + rng.random() * 40
        g = int(16 + rng.random() * 20)
        yb = GY + 30 + rng.random() * 200
        d.rectangle([x, yb - hgt, x + w, yb], fill=(g, g, g + 4, 255))
    # a site hoarding in the foreground
    d.rectangle([0, 1090, W, 1200], fill=(14, 16, 20, 255))
    for x in range(0, W, 120):
        d.line([(x, 1090), (x, 1200)], fill=(28, 30, 34, 255), width=3)
    c.over(lay, blur=1.0)

    # --- floodlights -------------------------------------------------------
    lay, d = c.layer()
    for lx, ly in lamps:
        d.line([(lx, ly), (lx, GY + 60)], fill=(40, 40, 44, 255), width=9)
        d.rectangle([lx - 50, ly - 22, lx + 50, ly + 6], fill=(60, 60, 64, 255))
        for k in range(4):
            d.rectangle([lx - 46 + k * 24, ly - 18, lx - 28 + k * 24, ly + 2], fill=(255, 250, 225, 255))
    c.over(lay, blur=0.8)
    for lx, ly in lamps:
        c.glow(lx, ly - 8, 30, (255, 240, 200), 1.0, rx=70)
        c.glow(lx, ly - 8, 110, (255, 210, 150), 0.45, rx=160)
        c.glow(lx, ly, 420, (120, 95, 60), 0.30)
        c.glow(lx + (900 - lx) * 0.5, GY + 80, 80, (110, 90, 60), 0.5, rx=380)   # lit ground

    # --- welding sparks -----------------------------------------------------
    sparks = [(642, 700), (898, 484), (1172, 820), (1030, 700), (515, 820)]
    lay, d = c.layer()
    for sx, sy in sparks:
        for _ in range(170):
            ang = rng.uniform(-math.pi, math.pi)
            sp = abs(rng.normal(0, 1))
            dx = math.cos(ang) * sp * 45
            dy = abs(math.sin(ang)) * sp * 40 + abs(rng.normal(0, 1)) ** 1.6 * 70
            x, y = sx + dx, sy + dy
            t = min(1, math.hypot(dx, dy) / 150)
            col = ci(lerp((255, 236, 170), (255, 110, 20), t))
            if rng.random() < 0.25:      # short streaks of falling sparks
                d.line([(x, y), (x + dx * 0.08, y + 6 + dy * 0.1)], fill=col + (255,), width=2)
            else:
                rr = 1.0 + rng.random() * 1.8
                d.ellipse([x - rr, y - rr, x + rr, y + rr], fill=col + (255,))
    c.add(lay, blur=0.6)
    c.add(lay, blur=4, opacity=0.8)
    for sx, sy in sparks:
        c.glow(sx, sy, 7, (255, 255, 240), 3.0)
        c.glow(sx, sy, 30, (255, 180, 80), 0.9)
        c.glow(sx, sy + 20, 120, (255, 120, 40), 0.18)
    c.tone(vignette(W, H, 0.3))
    c.finish("guidao-night-construction.jpg", rng, soften=0.8)


# --------------------------------------------------------------------------
# 2. deng-xuetong.jpg — portrait with the red admission letter
# --------------------------------------------------------------------------

def portrait():
    W, H = 1000, 1250
    rng = np.random.default_rng(2002)
    c = Canvas(W, H)
    c.vgrad([(0, (214, 206, 192)), (0.55, (196, 186, 170)), (1, (150, 140, 128))])
    # out-of-focus window light (upper left) and a bookshelf (right)
    lay, d = c.layer()
    d.rectangle([40, 60, 360, 640], fill=(255, 250, 236, 255))
    d.rectangle([190, 60, 212, 640], fill=(200, 196, 186, 255))
    d.rectangle([40, 330, 360, 350], fill=(200, 196, 186, 255))
    c.over(lay, blur=38, opacity=0.75)
    lay, d = c.layer()
    for i in range(5):
        y = 130 + i * 190
        d.rectangle([720, y, 1000, y + 16], fill=(120, 96, 70, 255))
        x = 730
        while x < 990:
            bw = 18 + rng.random() * 26
            col = [(150, 60, 50), (60, 80, 120), (200, 180, 140), (70, 110, 80), (170, 150, 110)][rng.integers(5)]
            d.rectangle([x, y - 110 - rng.random() * 40, x + bw, y], fill=col + (255,))
            x += bw + 3
    c.over(lay, blur=22, opacity=0.65)
    c.glow(200, 300, 260, (40, 34, 20), 0.6)

    cx = 500
    skin, skin_dk = (236, 196, 166), (206, 160, 128)
    shirt, shirt_dk = (246, 246, 242), (196, 198, 200)
    # shoulders / torso (white school shirt)
    lay, d = c.layer()
    d.polygon([(cx - 70, 770), (cx - 250, 812), (cx - 330, 860), (cx - 385, 950), (cx - 420, H),
               (cx + 420, H), (cx + 385, 950), (cx + 330, 860), (cx + 250, 812), (cx + 70, 770)],
              fill=shirt + (255,))
    d.ellipse([cx - 405, 818, cx - 255, 990], fill=shirt + (255,))
    d.ellipse([cx + 255, 818, cx + 405, 990], fill=shirt + (255,))
    c.over(lay, blur=1.2)
    ys, xs = np.mgrid[0:H, 0:W].astype(np.float32)
    body = np.asarray(lay.split()[3], np.float32) / 255
    side = np.clip((xs - cx) / 410, -1, 1)
    fold = 1 - 0.12 * np.clip(np.sin((xs - cx) / 60.0 + ys / 200.0), 0, 1) ** 4
    f = (0.97 - 0.16 * (side + 1) / 2 - 0.12 * side ** 6) * fold
    c.a = c.a * (1 - body[..., None]) + (c.a * f[..., None]) * body[..., None]
    # neck with shadow, collar
    lay, d = c.layer()
    d.rectangle([cx - 58, 620, cx + 58, 820], fill=skin_dk + (255,))
    d.polygon([(cx - 58, 770), (cx + 58, 770), (cx, 860)], fill=skin_dk + (255,))
    d.polygon([(cx - 75, 760), (cx - 150, 800), (cx - 100, 880), (cx - 8, 862)], fill=(252, 252, 250, 255))
    d.polygon([(cx + 75, 760), (cx + 150, 800), (cx + 100, 880), (cx + 8, 862)], fill=(226, 228, 230, 255))
    c.over(lay, blur=1.0)
    # head
    lay, d = c.layer()
    d.ellipse([cx - 150, 470, cx - 108, 570], fill=skin_dk + (255,))    # ears
    d.ellipse([cx + 108, 470, cx + 150, 570], fill=skin_dk + (255,))
    d.ellipse([cx - 128, 330, cx + 128, 690], fill=skin + (255,))
    c.over(lay, blur=1.2)
    head = np.asarray(lay.split()[3], np.float32)[300:720, 340:660] / 255
    hx = (xs[300:720, 340:660] - (cx - 40)) / 150
    hy = (ys[300:720, 340:660] - 480) / 220
    hf = np.clip(1.05 - 0.18 * np.sqrt(hx ** 2 + hy ** 2) ** 2, 0.75, 1.1)
    c.a[300:720, 340:660] *= (1 - head[..., None] * (1 - hf[..., None]))
    lay, d = c.layer()
    # hair: short, with a fringe
    d.chord([cx - 138, 318, cx + 138, 600], 180, 360, fill=(30, 24, 22, 255))
    d.polygon([(cx - 138, 459), (cx - 130, 540), (cx - 112, 470), (cx - 60, 440), (cx - 10, 455),
               (cx + 50, 436), (cx + 112, 470), (cx + 130, 540), (cx + 138, 459)],
              fill=(30, 24, 22, 255))
    # eyes, brows, nose, mouth
    for sgn in (-1, 1):
        ex = cx + sgn * 50
        d.ellipse([ex - 18, 530, ex + 18, 548], fill=(250, 248, 244, 255))
        d.ellipse([ex - 9, 529, ex + 9, 548], fill=(44, 30, 26, 255))
        d.line([(ex - 26, 505 + (3 if sgn < 0 else 0)), (ex + 24, 500 + (0 if sgn < 0 else 3))],
               fill=(50, 36, 30, 255), width=7)
    d.line([(cx + 4, 560), (cx + 10, 600), (cx - 6, 606)], fill=(196, 146, 116, 255), width=4)
    d.arc([cx - 46, 590, cx + 46, 648], 20, 160, fill=(170, 80, 70, 255), width=7)
    c.over(lay, blur=1.0)
    c.glow(cx - 72, 600, 22, (30, -10, -10), 0.8)          # cheeks
    c.glow(cx + 72, 600, 22, (30, -10, -10), 0.8)

    # arms and hands holding the red admission letter
    for sgn in (-1, 1):
        sh_p, el, hd = (cx + sgn * 330, 905), (cx + sgn * 345, 1120), (cx + sgn * 215, 1128)
        lay, d = c.layer()
        d.line([sh_p, el, hd], fill=skin_dk + (255,), width=92, joint="curve")
        d.ellipse([el[0] - 46, el[1] - 46, el[0] + 46, el[1] + 46], fill=skin_dk + (255,))
        # short sleeve
        d.polygon([(sh_p[0] - 60, 870), (sh_p[0] + 60, 870), (sh_p[0] + sgn * 8 + 58, 1000),
                   (sh_p[0] + sgn * 8 - 58, 1000)], fill=(shirt if sgn < 0 else shirt_dk) + (255,))
        d.ellipse([sh_p[0] - 62, 835, sh_p[0] + 62, 915], fill=(shirt if sgn < 0 else shirt_dk) + (255,))
        # shadow the arm throws on the body, then the arm itself
        sh_l = Image.new("RGBA", (W, H), (0, 0, 0, 0))
        sh_l.paste(Image.new("RGBA", (W, H), (60, 56, 54, 255)), (-sgn * 14, 8), lay.split()[3])
        c.over(sh_l, blur=12, opacity=0.35)
        c.over(lay, blur=1.3)
        # seam line at the sleeve hem
        lay, d = c.layer()
        d.line([(sh_p[0] + sgn * 8 - 58, 1000), (sh_p[0] + sgn * 8 + 58, 1000)], fill=(170, 170, 170, 255), width=3)
        c.over(lay, blur=1.0)
    # the letter: tilted red card with gold border, emblem and "text" bars
    env = Image.new("RGBA", (420, 290), (0, 0, 0, 0))
    e = ImageDraw.Draw(env)
    e.rectangle([0, 0, 419, 289], fill=(196, 28, 34, 255))
    e.rectangle([14, 14, 405, 275], outline=(232, 190, 96, 255), width=5)
    e.rectangle([26, 26, 393, 263], outline=(232, 190, 96, 255), width=2)
    e.ellipse([180, 48, 240, 108], outline=(240, 200, 100, 255), width=6)
    e.ellipse([196, 64, 224, 92], fill=(240, 200, 100, 255))
    for i, wdt in enumerate((220, 170, 250)):
        e.rectangle([210 - wdt // 2, 140 + i * 34, 210 + wdt // 2, 156 + i * 34], fill=(238, 196, 100, 255))
    ea = np.asarray(env, np.float32)
    gy, gx = np.mgrid[0:290, 0:420].astype(np.float32)
    sh = 1.12 - 0.30 * (gx / 420) - 0.12 * (gy / 290)
    ea[..., :3] = np.clip(ea[..., :3] * sh[..., None], 0, 255)
    env = Image.fromarray(ea.astype(np.uint8), "RGBA").rotate(4, resample=Image.BICUBIC, expand=True)
    shadow = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    shadow.paste(Image.new("RGBA", env.size, (40, 30, 30, 255)), (cx - env.size[0] // 2 + 18, 935),
                 env.split()[3])
    c.over(shadow, blur=14, opacity=0.45)
    lay = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    lay.paste(env, (cx - env.size[0] // 2, 915), env)
    c.over(lay, blur=0.7)
    # fingers over the card edges
    lay, d = c.layer()
    for sgn in (-1, 1):
        hx0 = cx + sgn * 205
        d.ellipse([hx0 - 42, 1060, hx0 + 42, 1190], fill=skin + (255,))
        for k in range(3):
            fx = hx0 - sgn * (22 + k * 6)
            fy = 1080 + k * 30
            d.ellipse([fx - 30, fy, fx + 30, fy + 26], fill=(228, 186, 156, 255))
        d.ellipse([hx0 - sgn * 8 - 16, 1010, hx0 - sgn * 8 + 16, 1075], fill=(232, 192, 162, 255))
    c.over(lay, blur=1.2)
    c.tone(vignette(W, H, 0.28))
    c.finish("deng-xuetong.jpg", rng)


# --------------------------------------------------------------------------
# 3. p2-photo.jpg — river, long bridge and skyline at dusk
# --------------------------------------------------------------------------

def river_bridge():
    W, H = 1600, 1000
    rng = np.random.default_rng(3003)
    c = Canvas(W, H)
    SH = 600
    c.vgrad([(0, (42, 48, 98)), (0.35, (96, 86, 140)), (0.62, (206, 124, 110)),
             (0.85, (246, 170, 100)), (1.0, (252, 196, 128))], 0, SH)
    n = noise2d(SH, W, rng, 3, 2, octaves=4)
    streak = np.asarray(Image.fromarray((n * 255).astype(np.uint8)).resize((W // 8, SH)).resize((W, SH)),
                        np.float32) / 255
    cl = np.clip((streak - 0.55) * 3, 0, 1) * (np.linspace(0, 1, SH) ** 0.7)[:, None]
    c.a[:SH] = c.a[:SH] * (1 - 0.35 * cl[..., None]) + cl[..., None] * np.array([60, 30, 60]) * 0.35
    c.glow(1150, 565, 26, (255, 250, 220), 3.0)
    c.glow(1150, 565, 110, (255, 190, 110), 0.7)
    c.glow(1150, 560, 320, (140, 70, 40), 0.45, rx=600)

    # skyline: far hazy layer, then a darker near layer with lit windows
    lay, d = c.layer()
    x = 0
    while x < W:
        bw = 30 + rng.random() * 70
        bh = 40 + rng.random() * 110
        d.rectangle([x, SH - bh, x + bw, SH], fill=(128, 96, 124, 255))
        x += bw + rng.random() * 6
    c.over(lay, blur=1.5)
    lay, d = c.layer()
    wins = []
    x = -10
    while x < W:
        bw = 40 + rng.random() * 90
        bh = 50 + rng.random() * 160
        if rng.random() < 0.12:
            bh = 250 + rng.random() * 90
        col = (int(44 + rng.random() * 16), int(40 + rng.random() * 10), int(72 + rng.random() * 16), 255)
        d.rectangle([x, SH - bh, x + bw, SH], fill=col)
        if bh > 250:
            d.polygon([(x + bw * 0.3, SH - bh), (x + bw * 0.7, SH - bh), (x + bw * 0.5, SH - bh - 50)], fill=col)
        for wy in np.arange(SH - bh + 10, SH - 6, 11):
            for wx in np.arange(x + 6, x + bw - 6, 9):
                if rng.random() < 0.22:
                    wins.append((wx, wy))
        x += bw + rng.random() * 25
    for wx, wy in wins:
        b = rng.random()
        d.rectangle([wx, wy, wx + 3, wy + 4], fill=ci(lerp((255, 214, 140), (255, 240, 200), b)) + (255,))
    c.over(lay, blur=0.6)
    # trees/embankment at the waterline
    lay, d = c.layer()
    d.rectangle([0, SH - 8, W, SH + 2], fill=(30, 30, 44, 255))
    for i in range(120):
        x = rng.random() * W
        rr = 6 + rng.random() * 10
        d.ellipse([x - rr, SH - 8 - rr, x + rr, SH - 8 + rr * 0.6], fill=(32, 34, 46, 255))
    c.over(lay, blur=0.8)

    # water: dark gradient plus a wavy reflection of sky and skyline
    c.vgrad([(0, (120, 88, 112)), (0.4, (66, 56, 86)), (1, (26, 26, 46))], SH, H)
    src = c.a[SH - (H - SH):SH][::-1].copy()
    rows = np.arange(H - SH)
    out = np.empty_like(src)
    for r_ in rows:
        shift = int(round(math.sin(r_ * 0.9) * (1 + r_ * 0.03) + math.sin(r_ * 0.23) * 3))
        out[r_] = np.roll(src[r_], shift, axis=0)
    out = np.asarray(Image.fromarray(np.clip(out, 0, 255).astype(np.uint8)).filter(
        ImageFilter.BoxBlur(2)), np.float32)
    fade = (0.62 * np.exp(-rows / 260.0))[:, None, None]
    c.a[SH:] = c.a[SH:] * (1 - fade) + out * fade
    # sun glitter
    lay, d = c.layer()
    for i in range(260):
        y = SH + 4 + abs(rng.normal(0, 1)) * 130
        x = 1150 + rng.normal(0, 14 + (y - SH) * 0.22)
        ln = 6 + rng.random() * 26
        d.line([(x - ln, y), (x + ln, y)], fill=(255, 200, 130, 255), width=1 + int(rng.random() * 2))
    c.add(lay, blur=0.8, opacity=0.55)

    # the bridge (cable-stayed) in front of the skyline
    DY, PIER = 668, 712
    lay, d = c.layer()
    bcol = (30, 28, 44, 255)
    d.rectangle([-5, DY - 16, W + 5, DY], fill=bcol)
    d.rectangle([-5, DY - 20, W + 5, DY - 16], fill=(70, 60, 80, 255))
    for px in range(40, W, 150):
        d.rectangle([px - 9, DY, px + 9, PIER], fill=bcol)
    for tx in (470, 1080):
        d.polygon([(tx - 34, PIER), (tx - 20, PIER), (tx - 4, 440), (tx - 12, 440)], fill=bcol)
        d.polygon([(tx + 34, PIER), (tx + 20, PIER), (tx + 4, 440), (tx + 12, 440)], fill=bcol)
        d.rectangle([tx - 12, 430, tx + 12, 470], fill=bcol)
        for k in range(1, 12):
            for sgn in (-1, 1):
                d.line([(tx, 450 + k * 8), (tx + sgn * k * 27, DY - 18)], fill=(50, 46, 66, 255), width=1)
    c.over(lay, blur=0.6)
    bridge = lay
    # reflection of the bridge
    refl = bridge.transpose(Image.FLIP_TOP_BOTTOM)
    off = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    off.paste(refl.crop((0, H - PIER, W, H - PIER + (H - PIER))), (0, PIER))
    c.over(off, blur=3, opacity=0.45)
    lay, d = c.layer()
    for x in range(0, W, 22):
        d.ellipse([x - 2, DY - 23, x + 2, DY - 19], fill=(255, 226, 160, 255))
    c.add(lay, blur=0.5)
    c.add(lay, blur=5, opacity=1.2)
    c.tone(vignette(W, H, 0.25))
    c.finish("p2-photo.jpg", rng)


# --------------------------------------------------------------------------
# 4. p3-photo.jpg — volunteers in red vests in a residential courtyard
# --------------------------------------------------------------------------

def tree(c, rng, x, yb, r, trunk_h, greens):
    lay, d = c.layer()
    d.polygon([(x - r * 0.08, yb), (x + r * 0.08, yb), (x + r * 0.04, yb - trunk_h),
               (x - r * 0.04, yb - trunk_h)], fill=(86, 66, 50, 255))
    cy = yb - trunk_h - r * 0.55
    for i in range(60):
        ang = rng.random() * 2 * math.pi
        dist = rng.random() ** 0.6 * r
        ex, ey = x + math.cos(ang) * dist, cy + math.sin(ang) * dist * 0.7
        er = r * (0.18 + rng.random() * 0.22)
        lit = 0.5 - 0.5 * (ex - x + (ey - cy)) / (2 * r)  # light from the upper left
        col = ci(lerp(greens[0], greens[1], np.clip(lit + rng.normal(0, 0.12), 0, 1)))
        d.ellipse([ex - er, ey - er, ex + er, ey + er], fill=col + (255,))
    c.over(lay, blur=1.3)


def courtyard():
    W, H = 1600, 1000
    rng = np.random.default_rng(4004)
    c = Canvas(W, H)
    GY = 560
    c.vgrad([(0, (138, 180, 226)), (0.45, (186, 212, 236)), (0.56, (214, 226, 236)),
             (0.561, (172, 168, 158)), (1, (128, 124, 116))])
    # apartment blocks
    blocks = [(-20, 70, 520, (214, 198, 172)), (560, 10, 1100, (226, 214, 192)),
              (1140, 100, 1620, (206, 190, 170))]
    for bx0, by0, bx1, col in blocks:
        lay, d = c.layer()
        d.rectangle([bx0, by0, bx1, GY], fill=col + (255,))
        d.rectangle([bx0, by0, bx1, by0 + 14], fill=shade(col, 0.8) + (255,))
        for fy in range(by0 + 40, GY - 30, 58):
            d.rectangle([bx0, fy + 36, bx1, fy + 42], fill=shade(col, 1.06) + (255,))
            for wx in range(bx0 + 24, bx1 - 40, 74):
                d.rectangle([wx, fy, wx + 44, fy + 32], fill=(96, 110, 126, 255))
                d.rectangle([wx, fy, wx + 44, fy + 8], fill=(150, 168, 186, 255))
                d.line([(wx + 22, fy), (wx + 22, fy + 32)], fill=(200, 200, 196, 255), width=2)
                if rng.random() < 0.2:
                    d.rectangle([wx + 46, fy + 14, wx + 66, fy + 30], fill=(236, 236, 232, 255))
        c.over(lay, blur=0.8)
        ys = np.linspace(0, 1, GY - max(0, by0))
        c.a[max(0, by0):GY, max(0, bx0):min(W, bx1)] *= (1 - 0.18 * ys)[:, None, None]
    # shaded sides between blocks
    lay, d = c.layer()
    d.rectangle([520, 70, 560, GY], fill=(150, 140, 124, 255))
    d.rectangle([1100, 100, 1140, GY], fill=(160, 150, 134, 255))
    c.over(lay, blur=1)
    # hedge and lawn
    lay, d = c.layer()
    for i in range(200):
        x = rng.random() * W
        rr = 12 + rng.random() * 18
        g = rng.random()
        d.ellipse([x - rr, GY - 30 - rr * 0.5, x + rr, GY + 10], fill=ci(lerp((40, 86, 40), (86, 140, 64), g)) + (255,))
    d.polygon([(0, 620), (360, 600), (260, 1000), (0, 1000)], fill=(88, 128, 62, 255))
    d.polygon([(W, 620), (1240, 600), (1340, 1000), (W, 1000)], fill=(80, 122, 58, 255))
    c.over(lay, blur=1.5)
    # paving joints
    lay, d = c.layer()
    for k in range(-14, 15):
        d.line([(800 + k * 40, GY + 40), (800 + k * 190, H)], fill=(110, 106, 98, 255), width=2)
    for y in (620, 660, 712, 778, 860, 960):
        d.line([(0, y), (W, y)], fill=(112, 108, 100, 255), width=2)
    c.over(lay, blur=1.0, opacity=0.6)
    # dappled shade under the trees
    n = noise2d(H - GY, W, rng, 10, 4)
    sh = np.clip((n - 0.45) * 3, 0, 1) * 0.35
    c.a[GY:] *= (1 - sh[..., None])
    for tx, tr, th in [(640, 80, 90), (1000, 90, 100)]:
        tree(c, rng, tx, GY + 20, tr, th, ((40, 80, 36), (120, 170, 80)))
    for tx, tr, th in [(130, 200, 300), (1470, 220, 330)]:
        tree(c, rng, tx, 760, tr, th, ((30, 66, 30), (118, 168, 74)))

    # volunteers
    red = (206, 32, 34)
    people = [(420, 700, 250, "hold"), (560, 720, 260, "down"), (780, 760, 300, "wave"),
              (960, 740, 280, "down"), (1160, 800, 330, "hold"), (300, 900, 400, "down"),
              (640, 950, 430, "hold"), (1050, 960, 440, "down")]
    shirts = [(240, 240, 236), (70, 90, 140), (230, 230, 226), (150, 160, 170), (245, 245, 240),
              (60, 70, 90), (236, 236, 230), (200, 210, 220)]
    pants = [(50, 56, 70), (36, 40, 52), (70, 70, 76), (40, 44, 60)]
    for i, (x, yf, h, pose) in enumerate(sorted(people, key=lambda p: p[1])):
        lay, d = c.layer()
        d.ellipse([x - h * 0.16, yf - h * 0.03, x + h * 0.22, yf + h * 0.03], fill=(40, 40, 36, 255))
        c.over(lay, blur=h * 0.02, opacity=0.45)
        lay, d = c.layer()
        person(d, x, yf, h, shirts[i % len(shirts)], pants[i % len(pants)], skin=SKIN[i % 4],
               hair=HAIR[i % 4], vest=red, hat=red if i % 3 == 0 else None, pose=pose,
               stride=0.25 if i % 2 else 0.0)
        if pose == "hold" and h > 300:      # a clipboard
            d.rectangle([x - h * 0.07, yf - h * 0.66, x + h * 0.07, yf - h * 0.54], fill=(240, 240, 235, 255))
        c.over(lay, blur=0.8)
    c.tone(vignette(W, H, 0.22))
    c.finish("p3-photo.jpg", rng)


# --------------------------------------------------------------------------
# 5. p4-photo.jpg — factory hall, long train car body, overhead crane
# --------------------------------------------------------------------------

def factory():
    W, H = 1600, 1000
    rng = np.random.default_rng(5005)
    c = Canvas(W, H)
    CX, CY, F = 1000, 470, 900
    XL, XR, YF, YC = -2.0, 1.25, -0.6, 1.7
    FOG = np.array([176, 188, 200], np.float32)

    def P(X, Y, Z):
        return (CX + F * X / Z, CY - F * Y / Z)

    def fog(col, Z):
        t = 1 - math.exp(-(Z - 1) / 7.0)
        return ci(np.array(col, np.float32) * (1 - t) + FOG * t)

    ZB = 9.0
    lay, d = c.layer()
    # floor, walls, ceiling, back wall
    d.polygon([P(XL, YF, 0.6), P(XR, YF, 0.6), P(XR, YF, ZB), P(XL, YF, ZB)], fill=(128, 136, 146, 255))
    d.polygon([P(XL, YF, 0.6), P(XL, YC, 0.6), P(XL, YC, ZB), P(XL, YF, ZB)], fill=(96, 108, 124, 255))
    d.polygon([P(XR, YF, 0.6), P(XR, YC, 0.6), P(XR, YC, ZB), P(XR, YF, ZB)], fill=(112, 124, 140, 255))
    d.polygon([P(XL, YC, 0.6), P(XR, YC, 0.6), P(XR, YC, ZB), P(XL, YC, ZB)], fill=(58, 68, 84, 255))
    d.polygon([P(XL, YF, ZB), P(XR, YF, ZB), P(XR, YC, ZB), P(XL, YC, ZB)], fill=(170, 182, 196, 255))
    c.over(lay, blur=0)
    # depth shading of floor and ceiling
    ys = np.arange(H, dtype=np.float32)
    floor_t = np.clip((ys - CY) / (H - CY), 0, 1)
    ceil_t = np.clip((CY - ys) / CY, 0, 1)
    c.a *= (1 - 0.25 * floor_t ** 1.5 - 0.35 * ceil_t ** 1.2)[:, None, None]
    lay, d = c.layer()
    # skylight strips in the roof
    for xa, xb in ((-1.3, -0.9), (0.1, 0.5)):
        d.polygon([P(xa, YC, 0.6), P(xb, YC, 0.6), P(xb, YC, ZB), P(xa, YC, ZB)], fill=(206, 218, 232, 255))
    c.over(lay, blur=1.5, opacity=0.85)
    # back wall windows
    lay, d = c.layer()
    for k in range(6):
        xa = XL + 0.2 + k * 0.52
        d.polygon([P(xa, 0.6, ZB), P(xa + 0.34, 0.6, ZB), P(xa + 0.34, 1.4, ZB), P(xa, 1.4, ZB)],
                  fill=(226, 234, 242, 255))
    c.over(lay, blur=1)
    # columns and roof trusses
    lay, d = c.layer()
    for Z in np.arange(1.2, ZB, 0.9):
        cw = 0.09
        col = fog((70, 84, 104), Z)
        for X, s in ((XL, 1), (XR, -1)):
            d.polygon([P(X, YF, Z), P(X + s * cw, YF, Z), P(X + s * cw, YC, Z), P(X, YC, Z)], fill=col + (255,))
        tcol = fog((80, 92, 110), Z)
        lw = max(1, int(14 / Z))
        d.line([P(XL, YC - 0.05, Z), P(XR, YC - 0.05, Z)], fill=tcol + (255,), width=lw)
        d.line([P(XL, YC - 0.32, Z), P(XR, YC - 0.32, Z)], fill=tcol + (255,), width=max(1, lw - 1))
        n = 14
        for k in range(n):
            xa = XL + (XR - XL) * k / n
            xb = XL + (XR - XL) * (k + 1) / n
            if k % 2:
                d.line([P(xa, YC - 0.05, Z), P(xb, YC - 0.32, Z)], fill=tcol + (255,), width=max(1, lw // 2))
            else:
                d.line([P(xa, YC - 0.32, Z), P(xb, YC - 0.05, Z)], fill=tcol + (255,), width=max(1, lw // 2))
        # crane runway rails along the walls
    for X in (XL + 0.09, XR - 0.09):
        d.line([P(X, 1.05, 0.8), P(X, 1.05, ZB)], fill=(60, 70, 86, 255), width=6)
    c.over(lay, blur=0.8)
    for Z in np.arange(1.65, ZB, 0.9):       # high-bay lamps
        for X in (-1.1, 0.3):
            x, y = P(X, YC - 0.36, Z)
            c.glow(x, y, 14 / Z * 2, (255, 250, 235), 1.6)
            c.glow(x, y, 90 / Z * 2, (160, 170, 180), 0.18)
    # floor markings
    lay, d = c.layer()
    for X in (-1.75, 0.95):
        d.polygon([P(X, YF, 0.6), P(X + 0.06, YF, 0.6), P(X + 0.06, YF, ZB), P(X, YF, ZB)], fill=(212, 182, 60, 255))
    for Z in np.arange(1.0, ZB, 0.9):
        d.line([P(XL, YF, Z), P(XR, YF, Z)], fill=(112, 118, 126, 255), width=2)
    c.over(lay, blur=0.8, opacity=0.8)

    # train car body on its bogies: side face (X = XB) and front end (Z = Z0)
    XA, XB, Y0, Y1, Z0, Z1 = -1.55, -0.7, -0.28, 0.55, 2.0, 8.8
    lay, d = c.layer()
    for X in (XA + 0.18, XB - 0.18):        # rails
        d.line([P(X, YF, 0.7), P(X, YF, ZB)], fill=(176, 182, 190, 255), width=4)
    for Z in np.arange(0.8, ZB, 0.35):      # sleepers
        d.line([P(XA + 0.1, YF, Z), P(XB - 0.1, YF, Z)], fill=(84, 88, 96, 255), width=max(1, int(12 / Z)))
    c.over(lay, blur=0.8)
    # shadow under the car on the floor
    lay, d = c.layer()
    d.polygon([P(XA, YF, Z0), P(XB + 0.12, YF, Z0), P(XB + 0.12, YF, Z1), P(XA, YF, Z1)], fill=(20, 24, 30, 255))
    c.over(lay, blur=10, opacity=0.5)
    lay, d = c.layer()
    for Zb in (Z0 + 0.35, Z1 - 1.3):        # bogies with wheels
        d.polygon([P(XB - 0.06, YF + 0.08, Zb), P(XB - 0.06, Y0, Zb), P(XB - 0.06, Y0, Zb + 0.95),
                   P(XB - 0.06, YF + 0.08, Zb + 0.95)], fill=fog((38, 42, 50), Zb) + (255,))
        for Zw in (Zb + 0.2, Zb + 0.75):
            wx, wy = P(XB - 0.06, YF + 0.15, Zw)
            wr = 0.16 * F / Zw
            d.ellipse([wx - wr * 0.55, wy - wr, wx + wr * 0.55, wy + wr], fill=fog((70, 74, 82), Zw) + (255,))
            d.ellipse([wx - wr * 0.2, wy - wr * 0.35, wx + wr * 0.2, wy + wr * 0.35], fill=fog((120, 124, 130), Zw) + (255,))
    c.over(lay, blur=0.8)
    lay, d = c.layer()
    d.polygon([P(XB, Y0, Z0), P(XB, Y1, Z0), P(XB, Y1, Z1), P(XB, Y0, Z1)], fill=(206, 212, 218, 255))
    c.over(lay, blur=0.7)
    # vertical shading of the side (rounded body: lighter upper belt, darker skirt)
    alpha = np.asarray(lay.split()[3], np.float32) / 255
    yy = np.mgrid[0:H, 0:W][0].astype(np.float32)
    top_y = np.interp(np.arange(W), [P(XB, Y1, Z1)[0], P(XB, Y1, Z0)[0]], [P(XB, Y1, Z1)[1], P(XB, Y1, Z0)[1]])
    bot_y = np.interp(np.arange(W), [P(XB, Y0, Z1)[0], P(XB, Y0, Z0)[0]], [P(XB, Y0, Z1)[1], P(XB, Y0, Z0)[1]])
    v = np.clip((yy - top_y[None, :]) / np.maximum(1, bot_y - top_y)[None, :], 0, 1)
    f = 1.04 - 0.10 * v - 0.22 * np.clip((v - 0.78) / 0.22, 0, 1) - 0.25 * np.clip((0.1 - v) / 0.1, 0, 1)
    c.a = c.a * (1 - alpha[..., None]) + (c.a * f[..., None]) * alpha[..., None]
    lay, d = c.layer()
    # blue stripe, window openings (unglazed body shell), doors
    d.polygon([P(XB, -0.1, Z0), P(XB, -0.03, Z0), P(XB, -0.03, Z1), P(XB, -0.1, Z1)], fill=(40, 90, 160, 255))
    Z = Z0 + 0.3
    while Z < Z1 - 0.4:
        d.polygon([P(XB, 0.1, Z), P(XB, 0.36, Z), P(XB, 0.36, Z + 0.34), P(XB, 0.1, Z + 0.34)],
                  fill=fog((44, 54, 70), Z) + (255,))
        Z += 0.5
    for Zd in (Z0 + 1.32, Z0 + 3.82):
        d.polygon([P(XB, -0.24, Zd), P(XB, 0.44, Zd), P(XB, 0.44, Zd + 0.2), P(XB, -0.24, Zd + 0.2)],
                  fill=fog((150, 158, 168), Zd) + (255,))
    # front end: cab face with windscreen, headlights and stripe
    d.polygon([P(XA, Y0, Z0), P(XB, Y0, Z0), P(XB, Y1, Z0), P(XA, Y1, Z0)], fill=(176, 184, 194, 255))
    d.polygon([P(XA + 0.08, 0.16, Z0), P(XB - 0.08, 0.16, Z0), P(XB - 0.08, 0.44, Z0), P(XA + 0.08, 0.44, Z0)],
              fill=(34, 44, 58, 255))
    d.polygon([P(XA + 0.2, 0.44, Z0), P(XA + 0.32, 0.44, Z0), P(XA + 0.18, 0.16, Z0), P(XA + 0.08, 0.16, Z0)],
              fill=(70, 84, 102, 255))
    d.polygon([P(XA, -0.1, Z0), P(XB, -0.1, Z0), P(XB, -0.03, Z0), P(XA, -0.03, Z0)], fill=(36, 80, 146, 255))
    for X in (XA + 0.1, XB - 0.2):
        d.polygon([P(X, -0.2, Z0), P(X + 0.1, -0.2, Z0), P(X + 0.1, -0.15, Z0), P(X, -0.15, Z0)],
                  fill=(236, 238, 232, 255))
    cx_, cy_ = P((XA + XB) / 2, -0.25, Z0)
    d.rectangle([cx_ - 16, cy_, cx_ + 16, cy_ + 30], fill=(40, 44, 52, 255))      # coupler
    c.over(lay, blur=0.8)
    # overhead crane across the hall
    ZC = 3.0
    lay, d = c.layer()
    d.polygon([P(XL, 1.12, ZC), P(XR, 1.12, ZC), P(XR, 1.28, ZC), P(XL, 1.28, ZC)], fill=(196, 160, 44, 255))
    d.polygon([P(XL, 1.12, ZC), P(XR, 1.12, ZC), P(XR, 1.12, ZC + 0.25), P(XL, 1.12, ZC + 0.25)], fill=(150, 120, 36, 255))
    tx = -0.9
    d.polygon([P(tx - 0.15, 1.28, ZC), P(tx + 0.15, 1.28, ZC), P(tx + 0.15, 1.4, ZC), P(tx - 0.15, 1.4, ZC)], fill=(90, 96, 104, 255))
    for dx in (-0.04, 0.04):
        d.line([P(tx + dx, 1.12, ZC), P(tx + dx, 0.95, ZC)], fill=(50, 54, 60, 255), width=3)
    d.polygon([P(tx - 0.07, 0.95, ZC), P(tx + 0.07, 0.95, ZC), P(tx + 0.05, 0.87, ZC), P(tx - 0.05, 0.87, ZC)],
              fill=(200, 160, 40, 255))
    c.over(lay, blur=0.8)
    # two workers at the front of the car
    for X, Z, pose in ((-0.15, 3.0, "down"), (0.45, 4.4, "wave")):
        x, yf = P(X, YF, Z)
        h = F * 1.05 / Z
        lay, d = c.layer()
        d.ellipse([x - h * 0.15, yf - h * 0.02, x + h * 0.15, yf + h * 0.02], fill=(30, 34, 40, 255))
        c.over(lay, blur=3, opacity=0.4)
        lay, d = c.layer()
        person(d, x, yf, h, (50, 84, 140), (44, 70, 120), hat=(240, 240, 236), pose=pose, stride=0.1)
        c.over(lay, blur=0.7)
    c.tone(vignette(W, H, 0.3))
    c.finish("p4-photo.jpg", rng)


# --------------------------------------------------------------------------
# 6. p5-photo.jpg — sanitation worker with broom on a sun-baked street
# --------------------------------------------------------------------------

def hot_street():
    W, H = 1600, 1000
    rng = np.random.default_rng(6006)
    c = Canvas(W, H)
    VX, VY = 760, 440
    c.vgrad([(0, (150, 196, 238)), (0.3, (196, 222, 242)), (0.44, (236, 240, 238)), (1, (236, 240, 238))])
    c.glow(1380, 70, 60, (255, 255, 245), 2.0)
    c.glow(1380, 70, 330, (120, 100, 60), 0.55)

    def on_ray(px, py, y):
        """x where the line from (px, py) to the vanishing point crosses height y."""
        return VX + (px - VX) * (y - VY) / (py - VY)

    # buildings: left facades in sun, right facades in shade
    lay, d = c.layer()
    d.polygon([(0, -10), (VX - 90, VY - 40), (VX - 90, VY + 6), (0, 760)], fill=(236, 222, 196, 255))
    d.polygon([(W, 60), (VX + 90, VY - 30), (VX + 90, VY + 6), (W, 760)], fill=(150, 146, 150, 255))
    c.over(lay, blur=0.8)
    lay, d = c.layer()
    for k in range(12):           # window columns in perspective
        t = k / 12.0
        for side, col in ((-1, (120, 140, 160)), (1, (70, 80, 96))):
            if side < 0:
                xa, xb = (VX - 90) * t ** 0.6, (VX - 90) * (t + 0.045) ** 0.6
                xa, xb = xa, min(VX - 92, xb)
            else:
                xa, xb = W - (W - VX - 90) * t ** 0.6, W - (W - VX - 90) * (t + 0.045) ** 0.6
            for f in np.linspace(0.08, 0.8, 7):
                def yat(x, ff):
                    if side < 0:
                        top = -10 + (VY - 40 + 10) * x / (VX - 90)
                        bot = 760 + (VY + 6 - 760) * x / (VX - 90)
                    else:
                        top = 60 + (VY - 30 - 60) * (W - x) / (W - VX - 90)
                        bot = 760 + (VY + 6 - 760) * (W - x) / (W - VX - 90)
                    return top + (bot - top) * ff
                d.polygon([(xa, yat(xa, f)), (xb, yat(xb, f)), (xb, yat(xb, f + 0.05)), (xa, yat(xa, f + 0.05))],
                          fill=col + (255,))
    c.over(lay, blur=0.7)
    # road and pavements
    lay, d = c.layer()
    d.polygon([(0, 760), (VX - 90, VY + 6), (VX + 90, VY + 6), (W, 760), (W, H), (0, H)], fill=(214, 204, 186, 255))
    d.polygon([(on_ray(150, H, VY + 6), VY + 6), (on_ray(1460, H, VY + 6), VY + 6), (1460, H), (150, H)],
              fill=(150, 146, 142, 255))
    c.over(lay, blur=0.8)
    ys = np.arange(H, dtype=np.float32)
    road = np.clip((ys - VY) / (H - VY), 0, 1)
    c.a[VY:] *= (0.92 + 0.12 * road[VY:])[:, None, None]
    lay, d = c.layer()
    # dashed centre line and kerbs
    yy = VY + 12
    k = 0
    while yy < H:
        step = 6 + (yy - VY) * 0.18
        if k % 2 == 0:
            d.polygon([(on_ray(800, H, yy) - 0.012 * (yy - VY), yy), (on_ray(800, H, yy) + 0.012 * (yy - VY), yy),
                       (on_ray(800, H, yy + step) + 0.012 * (yy + step - VY), yy + step),
                       (on_ray(800, H, yy + step) - 0.012 * (yy + step - VY), yy + step)], fill=(248, 248, 244, 255))
        yy += step
        k += 1
    for px in (150, 1460):
        d.line([(on_ray(px, H, VY + 6), VY + 6), (px, H)], fill=(232, 228, 220, 255), width=5)
    c.over(lay, blur=0.8)
    # street trees and their hard shadows (sun high, to the right)
    for side in (-1, 1):
        for t in (0.12, 0.3, 0.55, 1.0):
            y = VY + 20 + (H - VY) * t * 0.62
            x = on_ray(80 if side < 0 else 1530, H, y)
            r = 24 + 150 * t
            lay, d = c.layer()
            d.ellipse([x - r * 1.5 - r * 0.6, y - r * 0.12, x + r * 1.3 - r * 0.6, y + r * 0.28], fill=(70, 70, 80, 255))
            c.over(lay, blur=r * 0.06, opacity=0.5)
            tree(c, rng, x, y, r, r * 1.3, ((26, 64, 34), (110, 160, 70)))
    # heat haze: a mirage (sky reflected on the hot asphalt) near the vanishing
    # point, then shimmering rows across the whole far part of the street
    ys_, xs_ = np.mgrid[VY:VY + 90, VX - 400:VX + 400].astype(np.float32)
    mir = np.exp(-((xs_ - VX) / 80) ** 2 - ((ys_ - VY - 42) / 11) ** 2) * 0.8
    c.blend_array(np.full(mir.shape + (3,), (222, 232, 240), np.float32), mir, (VX - 400, VY, VX + 400, VY + 90))
    y0, y1 = VY - 40, VY + 200
    src = c.a[y0:y1].copy()
    for r_ in range(y1 - y0):
        amp = 3.5 * math.sin(math.pi * r_ / (y1 - y0))
        xs = np.arange(W) + amp * np.sin(np.arange(W) / 23.0 + r_ * 0.7) * np.sin(r_ * 0.31)
        xi = np.clip(np.round(xs).astype(int), 0, W - 1)
        c.a[y0 + r_] = src[r_, xi]
    c.glow(VX, VY - 10, 60, (40, 30, 10), 0.5, rx=420)

    # the sanitation worker with broom
    x, yf, h = 1040, 940, 520
    lay, d = c.layer()
    person(d, x, yf, h, (242, 118, 24), (232, 108, 20), skin=SKIN[3], pose="broom",
           stride=0.12, stripes=(214, 220, 222), hat=(226, 204, 150))
    d.line([(x - h * 0.14, yf - h * 0.57), (x - h * 0.55, yf - h * 0.04)], fill=(196, 168, 102, 255), width=int(h * 0.018))
    d.polygon([(x - h * 0.52, yf - h * 0.08), (x - h * 0.72, yf + h * 0.01), (x - h * 0.42, yf + h * 0.03)],
              fill=(138, 110, 60, 255))
    # sun hat brim
    d.ellipse([x - h * 0.13, yf - h * 0.95, x + h * 0.13, yf - h * 0.915], fill=(210, 186, 130, 255))
    # cast shadow: the figure sheared down and to the left
    sil = lay.split()[3]
    shadow = sil.transform((W, H), Image.AFFINE, (1, -1.2, 1.2 * yf, 0, 1 / 0.35, yf - yf / 0.35),
                           resample=Image.BILINEAR)
    sl = Image.new("RGBA", (W, H), (48, 46, 50, 255))
    sl.putalpha(shadow)
    c.over(sl, blur=2, opacity=0.55)
    c.over(lay, blur=0.8)
    # glare: a gentle bloom around the brightest parts
    bright = np.clip((c.a.mean(axis=2) - 200) / 55, 0, 1)
    bl = np.asarray(Image.fromarray((bright * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(18)),
                    np.float32) / 255
    c.a += bl[..., None] * 18
    c.finish("p5-photo.jpg", rng)


# --------------------------------------------------------------------------
# 7. p6-photo.jpg — museum hall, white porcelain vases on plinths, spotlights
# --------------------------------------------------------------------------

def smooth_profile(ctrl, steps=40):
    """Catmull-Rom curve through the (t, radius) control points."""
    P = np.array(ctrl, np.float64)
    P = np.vstack([2 * P[0] - P[1], P, 2 * P[-1] - P[-2]])
    u = np.linspace(0, 1, steps, endpoint=False)[:, None]
    segs = []
    for i in range(1, len(P) - 2):
        p0, p1, p2, p3 = P[i - 1], P[i], P[i + 1], P[i + 2]
        segs.append(0.5 * (2 * p1 + (-p0 + p2) * u + (2 * p0 - 5 * p1 + 4 * p2 - p3) * u ** 2
                           + (-p0 + 3 * p1 - 3 * p2 + p3) * u ** 3))
    segs.append(P[-2][None, :])
    pts = np.vstack(segs)
    return np.maximum.accumulate(pts[:, 0]), pts[:, 1]


def vase(c, cx, base, height, ctrl, tint=(246, 245, 238), pattern=None):
    t, r = smooth_profile(ctrl)
    top = int(base - height)
    ys = np.arange(top, int(base) + 1, dtype=np.float32)
    tt = (base - ys) / height
    rr = np.interp(tt, t, r) * height
    rmax = int(r.max() * height) + 3
    x0, x1 = int(cx - rmax), int(cx + rmax)
    xs = np.arange(x0, x1, dtype=np.float32)
    X, R = np.meshgrid(xs - cx, rr)
    alpha = np.clip(R - np.abs(X) + 0.5, 0, 1)
    nrm = np.clip(X / np.maximum(R, 1), -1, 1)
    z = np.sqrt(1 - nrm ** 2)
    diff = np.clip(0.25 + 0.85 * (z * 0.75 - nrm * 0.55), 0.12, 1.15)
    spec = np.exp(-((nrm + 0.42) / 0.07) ** 2) * 0.5 + np.exp(-((nrm - 0.62) / 0.05) ** 2) * 0.12
    vert = 1.0 - 0.18 * np.clip((0.12 - tt) / 0.12, 0, 1)[:, None]
    col = np.array(tint, np.float32)[None, None, :] * (diff * vert)[..., None] + 255 * spec[..., None]
    if pattern is not None:
        col = pattern(col, nrm, tt[:, None] + 0 * X, z)
    c.blend_array(np.clip(col, 0, 255), alpha, (x0, top, x1, int(base) + 1))
    # dark mouth
    mr = np.interp(1.0, t, r) * height
    lay, d = c.layer()
    d.ellipse([cx - mr * 0.8, top - mr * 0.12, cx + mr * 0.8, top + mr * 0.18], fill=(60, 58, 56, 255))
    c.over(lay, blur=0.8)


def museum():
    W, H = 1600, 1000
    rng = np.random.default_rng(7007)
    c = Canvas(W, H)
    FY = 760
    c.vgrad([(0, (24, 24, 30)), (0.6, (44, 42, 48)), (0.76, (52, 48, 50)), (0.761, (40, 36, 34)), (1, (22, 20, 20))])
    # wall panel lines and a far lit display case
    lay, d = c.layer()
    for x in range(0, W, 400):
        d.line([(x, 0), (x, FY)], fill=(34, 34, 40, 255), width=3)
    d.rectangle([40, 330, 180, 700], fill=(80, 76, 70, 255))
    d.rectangle([52, 342, 168, 688], fill=(120, 112, 96, 255))
    c.over(lay, blur=3)
    c.glow(110, 520, 130, (60, 50, 36), 0.5)
    plinths = [(400, 260, 690, "meiping", 330), (820, 280, 650, "yuhuchun", 380), (1240, 300, 700, "jar", 290)]
    profiles = {
        "meiping": [(0, 0.12), (0.05, 0.13), (0.4, 0.19), (0.7, 0.26), (0.82, 0.2), (0.9, 0.07), (0.95, 0.06), (1, 0.09)],
        "yuhuchun": [(0, 0.11), (0.05, 0.13), (0.25, 0.24), (0.42, 0.2), (0.6, 0.08), (0.72, 0.05), (0.9, 0.07), (1, 0.12)],
        "jar": [(0, 0.15), (0.08, 0.18), (0.5, 0.33), (0.7, 0.3), (0.88, 0.17), (0.94, 0.15), (1, 0.16)],
    }
    # spotlight beams
    lay, d = c.layer()
    for px, pw, ptop, kind, vh in plinths:
        d.polygon([(px - 30, 0), (px + 30, 0), (px + pw * 0.55, ptop), (px - pw * 0.55, ptop)], fill=(90, 84, 70, 255))
    c.add(lay, blur=30, opacity=0.45)
    for px, pw, ptop, kind, vh in plinths:
        c.glow(px, ptop - vh * 0.5, vh * 0.55, (70, 62, 50), 0.55, rx=vh * 0.5)
        c.glow(px, 0, 30, (255, 248, 230), 0.9, rx=45)
        # floor light pool and reflection
        c.glow(px, FY + 120, 40, (60, 56, 50), 0.5, rx=pw * 0.7)
    for px, pw, ptop, kind, vh in plinths:
        lay, d = c.layer()
        d.polygon([(px - pw / 2, ptop), (px + pw / 2, ptop), (px + pw / 2 + 30, ptop - 22), (px - pw / 2 + 30, ptop - 22)],
                  fill=(236, 232, 224, 255))
        d.rectangle([px - pw / 2, ptop, px + pw / 2, FY + 60], fill=(178, 174, 166, 255))
        d.polygon([(px + pw / 2, ptop), (px + pw / 2 + 30, ptop - 22), (px + pw / 2 + 30, FY + 40), (px + pw / 2, FY + 60)],
                  fill=(110, 106, 100, 255))
        d.rectangle([px - 40, ptop + 60, px + 40, ptop + 100], fill=(226, 222, 212, 255))      # label
        for k in range(3):
            d.line([(px - 30, ptop + 70 + k * 9), (px + 30 - k * 12, ptop + 70 + k * 9)], fill=(90, 86, 80, 255), width=2)
        c.over(lay, blur=0.8)
        # light falloff down the plinth front
        yy = np.arange(ptop, FY + 60)
        f = 1.0 - 0.45 * (yy - ptop) / (FY + 60 - ptop)
        c.a[ptop:FY + 60, int(px - pw / 2):int(px + pw / 2)] *= f[:, None, None]
        # contact shadow under the vase
        c.glow(px + 10, ptop - 10, 8, (-60, -60, -60), 0.8, rx=vh * 0.22)

    def blue_white(col, nrm, tt, z):
        band = (np.abs(tt - 0.3) < 0.012) | (np.abs(tt - 0.75) < 0.01)
        wave = np.abs(tt - (0.5 + 0.05 * np.sin(nrm * 9))) < 0.02
        m = (band | wave) & (np.abs(nrm) < 0.97)
        blue = np.array([46, 70, 150], np.float32)
        out = col.copy()
        out[m] = out[m] * 0.25 + blue * (col[m].mean(axis=1, keepdims=True) / 255) * 0.8
        return out

    for i, (px, pw, ptop, kind, vh) in enumerate(plinths):
        vase(c, px, ptop - 8, vh, profiles[kind], tint=(246, 245, 238) if i != 1 else (244, 246, 240),
             pattern=blue_white if i == 2 else None)
    # reflection of plinths and vases in the polished floor
    src = c.a[FY - 220:FY + 60][::-1].copy()
    nrow = H - FY - 60
    refl = src[:nrow]
    fade = (0.28 * np.exp(-np.arange(nrow) / 70.0))[:, None, None]
    c.a[FY + 60:H] = c.a[FY + 60:H] * (1 - fade) + refl * fade
    c.tone(vignette(W, H, 0.35))
    c.finish("p6-photo.jpg", rng)


# --------------------------------------------------------------------------
# 8. p7-photo.jpg — road race start: runners and the start arch
# --------------------------------------------------------------------------

def race_start():
    W, H = 1600, 1000
    rng = np.random.default_rng(8008)
    c = Canvas(W, H)
    VX, VY = 800, 420
    c.vgrad([(0, (120, 170, 226)), (0.4, (196, 220, 240)), (0.42, (210, 206, 196)), (1, (150, 146, 142))])
    lay, d = c.layer()
    # buildings lining the road
    x = 0
    while x < 560:
        bw = 60 + rng.random() * 90
        bh = 120 + rng.random() * 200
        col = ci(lerp((210, 200, 186), (170, 180, 196), rng.random()))
        d.rectangle([x, VY - bh * (1 - x / 900), x + bw, VY + 10], fill=col + (255,))
        x += bw
    x = W
    while x > 1040:
        bw = 60 + rng.random() * 90
        bh = 120 + rng.random() * 200
        col = ci(lerp((196, 186, 170), (160, 170, 186), rng.random()))
        d.rectangle([x - bw, VY - bh * (1 - (W - x) / 900), x, VY + 10], fill=col + (255,))
        x -= bw
    c.over(lay, blur=1.2)
    # green trees along both sides
    for i in range(30):
        x = rng.random() * 500 if i % 2 else W - rng.random() * 500
        tree(c, rng, x, VY + 40 + rng.random() * 40, 40 + rng.random() * 40, 30, ((40, 86, 40), (120, 170, 80)))
    # road
    lay, d = c.layer()
    d.polygon([(VX - 40, VY + 4), (VX + 40, VY + 4), (W + 300, H), (-300, H)], fill=(112, 112, 116, 255))
    c.over(lay, blur=1)

    # start arch (inflatable, red)
    acx, aby, arx, ary, th = 800, 700, 470, 500, 80
    lay, d = c.layer()
    pts_o, pts_i = [], []
    for k in range(0, 181, 2):
        a = math.radians(k)
        pts_o.append((acx + (arx + th / 2) * math.cos(a), aby - (ary + th / 2) * math.sin(a)))
        pts_i.append((acx + (arx - th / 2) * math.cos(a), aby - (ary - th / 2) * math.sin(a)))
    d.polygon(pts_o + pts_i[::-1], fill=(200, 26, 36, 255))
    c.over(lay, blur=1)
    lay, d = c.layer()
    pts = [(acx + (arx - th * 0.1) * math.cos(math.radians(k)), aby - (ary - th * 0.1) * math.sin(math.radians(k)))
           for k in range(0, 181, 2)]
    d.line(pts, fill=(255, 120, 110, 255), width=int(th * 0.22))
    c.over(lay, blur=6, opacity=0.7)
    lay, d = c.layer()
    # white "lettering" blocks on the arch top, and a blue banner hanging below
    for k in range(62, 120, 8):
        a = math.radians(k)
        x, y = acx + arx * math.cos(a), aby - ary * math.sin(a)
        d.rectangle([x - 16, y - 16, x + 16, y + 16], fill=(250, 246, 236, 255))
    d.rectangle([560, 300, 1040, 370], fill=(30, 70, 160, 255))
    for k in range(8):
        d.rectangle([590 + k * 56, 318, 630 + k * 56, 352], fill=(240, 240, 236, 255))
    d.line([(560, 300), (600, aby - ary + 20)], fill=(60, 60, 60, 255), width=2)
    d.line([(1040, 300), (1000, aby - ary + 20)], fill=(60, 60, 60, 255), width=2)
    # arch feet (black ballast bags)
    for sx in (acx - arx, acx + arx):
        d.rectangle([sx - 60, aby - 14, sx + 60, aby + 10], fill=(30, 30, 32, 255))
    c.over(lay, blur=0.8)
    # balloons
    lay, d = c.layer()
    for i in range(40):
        side = -1 if i % 2 else 1
        x = acx + side * (arx + 60 + rng.random() * 140)
        y = 260 + rng.random() * 260
        col = [(230, 40, 40), (250, 200, 40), (40, 120, 220), (250, 250, 250), (240, 120, 30)][i % 5]
        d.ellipse([x - 13, y - 16, x + 13, y + 16], fill=col + (255,))
    c.over(lay, blur=1)

    # crowd of runners, far to near
    palette = [(226, 40, 40), (250, 140, 30), (250, 210, 50), (40, 110, 210), (40, 170, 90),
               (245, 245, 245), (230, 90, 150), (120, 70, 180), (30, 180, 200), (240, 240, 240)]
    runners = []
    for i in range(400):
        u = rng.random()
        y = 540 + (H + 100 - 540) * u ** 1.6
        s = (y - VY) / (H - VY)
        half = 160 + (y - VY - 20) / (H - VY - 20) * (W / 2 + 300 - 160)
        x = VX + (rng.random() * 2 - 1) * half * 0.95
        runners.append((y, x, s))
    runners.sort()
    lay, d = c.layer()
    far = True
    for i, (y, x, s) in enumerate(runners):
        if far and y > 700:      # shallow depth of field: the far crowd is softer
            c.over(lay, blur=1.4)
            lay, d = c.layer()
            far = False
        h = 330 * s * (0.9 + rng.random() * 0.2)
        person(d, x, y, h, palette[rng.integers(len(palette))], [(30, 30, 40), (20, 20, 24), (60, 60, 80)][rng.integers(3)],
               skin=SKIN[rng.integers(4)], hair=HAIR[rng.integers(4)], pose="run" if rng.random() < 0.7 else "down",
               stride=rng.uniform(-0.5, 0.5), bib=True, sleeve=None,
               hat=(250, 250, 250) if rng.random() < 0.2 else None, face=h > 200)
    c.over(lay, blur=0.7)
    c.tone(vignette(W, H, 0.25))
    c.finish("p7-photo.jpg", rng, soften=1.3)


# --------------------------------------------------------------------------
# 9. p8-photo.jpg — layered green mountains over a misty river (ink-wash)
# --------------------------------------------------------------------------

def mountains():
    W, H = 1600, 1000
    rng = np.random.default_rng(9009)
    c = Canvas(W, H)
    paper = np.array([238, 238, 230], np.float32)
    c.vgrad([(0, (222, 228, 226)), (0.5, (236, 238, 232)), (1, (232, 234, 228))])
    tex = noise2d(H, W, rng, 60, 40, octaves=3)
    c.a += (tex[..., None] - 0.5) * 8
    xs = np.arange(W)
    ys = np.arange(H, dtype=np.float32)[:, None]
    layers = [
        (330, 140, (186, 200, 194), 3, 240),
        (420, 180, (150, 172, 160), 4, 230),
        (520, 170, (104, 136, 116), 5, 220),
        (620, 200, (66, 100, 78), 5, 200),
        (700, 240, (34, 60, 44), 6, 180),
    ]
    river_top = 760
    for li, (base, amp, col, cells, depth) in enumerate(layers):
        ridge = base - amp * fractal1d(W, rng, cells=cells, octaves=7, persistence=0.52) ** 1.3
        if li >= 3:   # near hills open up in the middle for the river
            side = np.abs(xs - (820 if li == 3 else 760)) / (W / 2)
            ridge = ridge + (1 - np.clip(side * 1.6, 0, 1)) ** 2 * (200 if li == 3 else 260)
        inside = (ys >= ridge[None, :]).astype(np.float32)
        depthv = np.clip((ys - ridge[None, :]) / depth, 0, 1)
        # ink is densest just under the ridge and washes out downwards into mist
        a = inside * (1 - depthv ** 0.8) * 0.95
        a = a * (ys < river_top + 30)          # the water covers the rest
        streak = noise2d(H, W, rng, 60, 10, octaves=3)
        colarr = np.array(col, np.float32)[None, None, :] * (0.88 + 0.24 * streak[..., None])
        edge = np.exp(-np.clip(ys - ridge[None, :], 0, None) / 10.0) * inside
        colarr = colarr * (1 - 0.25 * edge[..., None])
        c.blend_array(colarr, np.clip(a, 0, 1))
        if li >= 2:   # dotted trees along the ridge
            lay, d = c.layer()
            for i in range(int(W / (14 - li * 2))):
                x = rng.random() * W
                y = ridge[int(x)] + rng.random() * 12
                rr = (1.5 + li * 0.8) * (0.6 + rng.random())
                d.ellipse([x - rr, y - rr * 1.6, x + rr, y + rr], fill=ci(shade(col, 0.7)) + (255,))
            c.over(lay, blur=0.8, opacity=0.85)
        # mist band after each layer
        mist = np.exp(-((ys - (base + 40)) / 38.0) ** 2) * 0.5
        c.a = c.a * (1 - mist[..., None]) + paper * mist[..., None]
    # river
    rt = river_top
    water = np.clip((ys - rt) / (H - rt), 0, 1)
    banks = np.clip((ys - (rt - 10)) / 50.0, 0, 1) * np.ones((1, W), np.float32)
    wc = np.array([214, 222, 218], np.float32)[None, None, :] * (1 - 0.12 * water[..., None])
    c.blend_array(wc, banks * 0.94)
    # faint reflection of the hills and horizontal water strokes
    src = c.a[rt - 180:rt][::-1]
    m = banks[rt:rt + 180, :, None] * 0.22
    c.a[rt:rt + 180] = c.a[rt:rt + 180] * (1 - m) + src * m
    lay, d = c.layer()
    for i in range(90):
        y = rt + 10 + rng.random() * (H - rt - 10)
        x = 800 + rng.normal(0, 300)
        ln = 30 + rng.random() * 160
        d.line([(x - ln, y), (x + ln, y)], fill=(150, 166, 160, 255), width=1 + int(rng.random() * 2))
    c.over(lay, blur=1.2, opacity=0.5)
    # near banks (dark ink) at the bottom corners
    lay, d = c.layer()
    left = [(0, 820)] + [(x, 840 + 30 * math.sin(x / 60.0) + x * 0.22) for x in range(0, 380, 10)] + [(430, H), (0, H)]
    d.polygon(left, fill=(40, 60, 46, 255))
    right = [(W, 790)] + [(W - x, 810 + 20 * math.sin(x / 50.0) + x * 0.3) for x in range(0, 330, 10)] + [(W - 380, H), (W, H)]
    d.polygon(right, fill=(48, 70, 54, 255))
    c.over(lay, blur=2.5, opacity=0.9)
    # a small boat with a boatman
    lay, d = c.layer()
    bx, by = 930, 860
    d.polygon([(bx - 60, by), (bx + 60, by), (bx + 45, by + 10), (bx - 45, by + 10)], fill=(50, 50, 46, 255))
    d.polygon([(bx - 10, by), (bx + 10, by), (bx + 6, by - 26), (bx - 6, by - 26)], fill=(50, 50, 46, 255))
    d.ellipse([bx - 14, by - 36, bx + 14, by - 26], fill=(60, 58, 50, 255))
    d.line([(bx + 8, by - 22), (bx + 50, by + 22)], fill=(60, 58, 50, 255), width=2)
    c.over(lay, blur=0.8)
    c.a = c.a * 0.97 + paper * 0.03
    c.finish("p8-photo.jpg", rng)


if __name__ == "__main__":
    night_construction()
    portrait()
    river_bridge()
    courtyard()
    factory()
    hot_street()
    museum()
    race_start()
    mountains()
