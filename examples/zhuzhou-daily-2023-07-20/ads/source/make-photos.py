#!/usr/bin/env python3
"""Draw the stand-in photos of the example's ads as CMYK TIFF files.

The ads need a CMYK photo each, as an ad department's would be. These are simple synthetic
scenes (an air conditioner, riverside towers, a car in the hills), separated for newsprint
(grey-component replacement, total ink at most 240 %) and written as uncompressed CMYK
TIFFs with only the standard library. Deterministic: the same run gives the same bytes.

Run:  python3 make-photos.py <folder>     (make-ads.sh runs it)
"""

import struct
import sys


def lerp(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def rect(x0, y0, x1, y1, colour):
    return lambda x, y: colour if x0 <= x < x1 and y0 <= y < y1 else None


def ellipse(cx, cy, rx, ry, colour):
    return lambda x, y: colour if ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1 else None


def hills(points, colour):
    def at(x, y):
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            if x0 <= x <= x1:
                top = y0 + (y1 - y0) * (x - x0) / max(1, x1 - x0)
                return colour if y >= top else None
        return None

    return at


def cmyk(rgb):
    """RGB (0-255) to ink (0-255): full grey-component replacement, ink limited to 240 %."""
    r, g, b = (v / 255 for v in rgb)
    c, m, y = 1 - r, 1 - g, 1 - b
    k = min(c, m, y) * 0.9
    c, m, y = ((v - k) / (1 - k) if k < 1 else 0 for v in (c, m, y))
    total = c + m + y + k
    if total > 2.4:
        s = (2.4 - k) / max(1e-6, c + m + y)
        c, m, y = c * s, m * s, y * s
    return bytes(round(v * 255) for v in (c, m, y, k))


def draw(w, h, sky, shapes, scale=1.0):
    """The scene drawn at `scale` times the size its shapes are given in."""
    w, h = round(w * scale), round(h * scale)
    out = bytearray()
    cache = {}
    for y in range(h):
        base = lerp(sky[0], sky[1], y / (h - 1))
        for x in range(w):
            colour = base
            for s in shapes:
                c = s(x / scale, y / scale)
                if c is not None:
                    colour = c
            px = cache.get(colour)
            if px is None:
                px = cache[colour] = cmyk(colour)
            out += px
    return w, h, bytes(out)


def write_tiff(path, w, h, data):
    """A baseline CMYK TIFF: one strip, uncompressed, 8 bits a sample, 200 ppi."""
    entries = []

    def tag(t, typ, count, value):
        entries.append((t, typ, count, value))

    header = 8
    bits_at = header
    res_at = bits_at + 8
    data_at = res_at + 8
    tag(256, 4, 1, w)
    tag(257, 4, 1, h)
    tag(258, 3, 4, bits_at)
    tag(259, 3, 1, 1)
    tag(262, 3, 1, 5)
    tag(273, 4, 1, data_at)
    tag(277, 3, 1, 4)
    tag(278, 4, 1, h)
    tag(279, 4, 1, len(data))
    tag(282, 5, 1, res_at)
    tag(283, 5, 1, res_at)
    tag(296, 3, 1, 2)
    tag(332, 3, 1, 1)
    ifd_at = data_at + len(data)
    out = bytearray(b"II*\0" + struct.pack("<I", ifd_at))
    out += struct.pack("<4H", 8, 8, 8, 8)
    out += struct.pack("<2I", 200, 1)
    out += data
    out += struct.pack("<H", len(entries))
    for t, typ, count, value in entries:
        if typ == 3 and count == 1:
            out += struct.pack("<HHIHH", t, typ, count, value, 0)
        else:
            out += struct.pack("<HHII", t, typ, count, value)
    out += struct.pack("<I", 0)
    with open(path, "wb") as f:
        f.write(out)


def main(folder):
    white, grey = (242, 242, 242), (205, 205, 205)
    breeze = (150, 210, 240)
    scenes = {
        "photo-kongtiao.tif": (
            900, 560, ((196, 228, 246), (47, 134, 201)),
            [
                rect(160, 140, 740, 300, white),
                rect(200, 260, 700, 276, grey),
                ellipse(690, 180, 14, 14, (60, 200, 90)),
            ]
            + [rect(220 + 140 * i, 330, 244 + 140 * i, 520 - 40 * (i % 2), breeze) for i in range(4)]
            + [ellipse(820, 80, 40, 40, (255, 255, 255))],
        ),
        "photo-jiangjing.tif": (
            1400, 900, ((253, 227, 176), (233, 139, 58)),
            [
                rect(0, 690, 1400, 900, (74, 111, 138)),
                rect(170, 160, 370, 690, (233, 237, 240)),
                rect(460, 90, 670, 690, (233, 237, 240)),
                rect(770, 220, 950, 690, (233, 237, 240)),
                rect(1040, 140, 1230, 690, (233, 237, 240)),
            ]
            + [rect(x + 18, y0 + 30 + 34 * k, x + w - 18, y0 + 46 + 34 * k, (127, 157, 179))
               for x, w, y0 in ((170, 200, 160), (460, 210, 90), (770, 180, 220), (1040, 190, 140))
               for k in range(int((660 - y0) / 34))]
            + [ellipse(100, 700, 150, 50, (46, 125, 50)), ellipse(1320, 700, 170, 50, (46, 125, 50))],
        ),
        "photo-qiche.tif": (
            1600, 1040, ((223, 241, 251), (247, 247, 242)),
            [
                hills([(0, 720), (320, 450), (640, 660), (960, 400), (1280, 620), (1600, 480)], (60, 110, 71)),
                rect(0, 930, 1600, 1040, (90, 90, 90)),
                ellipse(800, 760, 420, 120, (198, 40, 40)),
                ellipse(800, 640, 250, 110, (198, 40, 40)),
                ellipse(700, 640, 90, 60, (144, 202, 249)),
                ellipse(900, 640, 90, 60, (144, 202, 249)),
                ellipse(560, 860, 75, 75, (33, 33, 33)),
                ellipse(1040, 860, 75, 75, (33, 33, 33)),
                ellipse(560, 860, 32, 32, (158, 158, 158)),
                ellipse(1040, 860, 32, 32, (158, 158, 158)),
            ],
        ),
    }
    # The car fills a whole page: drawn larger, for 160 ppi there.
    scales = {"photo-qiche.tif": 1.4}
    for name, (w, h, sky, shapes) in scenes.items():
        write_tiff(f"{folder}/{name}", *draw(w, h, sky, shapes, scales.get(name, 1.0)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
