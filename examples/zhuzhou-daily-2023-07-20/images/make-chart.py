#!/usr/bin/env python3
"""Draw the example's infographic: the 花鼓戏 troupe's shows a year, 2014–2023, as bars.

A piece of placed art as a graphics desk delivers it: an RGBA PNG whose background is
transparent (paiban flattens it onto the paper white), the bars with soft (partly
transparent) edges, the figures and years in a small pixel font. Standard library only;
deterministic.

Run:  python3 make-chart.py      (writes chart-huaguxi.png beside this script)
"""

import os
import struct
import zlib

SHOWS = [62, 78, 95, 104, 118, 126, 88, 112, 190, 227]  # 2014 … 2023 (about 1200 in all)
W, H = 1200, 1040  # the frame on page 6: 3 columns × 24 lines (369 × 319.5 pt), 234 ppi
SCALE = 4  # pixel-font cell size

DIGITS = {
    "0": ["111", "101", "101", "101", "111"],
    "1": ["010", "110", "010", "010", "111"],
    "2": ["111", "001", "111", "100", "111"],
    "3": ["111", "001", "111", "001", "111"],
    "4": ["101", "101", "111", "001", "001"],
    "5": ["111", "100", "111", "001", "111"],
    "6": ["111", "100", "111", "101", "111"],
    "7": ["111", "001", "010", "010", "010"],
    "8": ["111", "101", "111", "101", "111"],
    "9": ["111", "101", "111", "001", "111"],
}


def main():
    px = bytearray(W * H * 4)  # transparent

    def put(x, y, rgba):
        if 0 <= x < W and 0 <= y < H:
            i = (y * W + x) * 4
            px[i : i + 4] = bytes(rgba)

    def text(s, x, y, rgb, scale=SCALE):
        for ch in s:
            for r, row in enumerate(DIGITS[ch]):
                for c, bit in enumerate(row):
                    if bit == "1":
                        for dy in range(scale):
                            for dx in range(scale):
                                put(x + c * scale + dx, y + r * scale + dy, (*rgb, 255))
            x += 4 * scale

    base, top = 950, 110
    step = (W - 160) // len(SHOWS)
    peak = max(SHOWS)
    for k, n in enumerate(SHOWS):
        x0 = 120 + k * step + 12
        x1 = x0 + step - 24
        y0 = base - round((base - top) * n / peak)
        colour = (198, 40, 40) if k == len(SHOWS) - 1 else (230, 120, 40)
        for y in range(y0, base):
            for x in range(x0 - 2, x1 + 2):
                # Soft edges: the outer two pixels of a bar are partly transparent.
                edge = min(x - (x0 - 2), (x1 + 1) - x, y - y0 + 2)
                alpha = 255 if edge >= 2 else (90, 170)[edge]
                put(x, y, (*colour, alpha))
        label = str(n)
        text(label, (x0 + x1) // 2 - len(label) * 2 * SCALE, y0 - 9 * SCALE, (60, 60, 60))
        year = str(2014 + k)[2:]
        text(year, (x0 + x1) // 2 - 4 * SCALE, base + 3 * SCALE, (60, 60, 60))
    for x in range(100, W - 20):  # the axis
        for y in range(base, base + 3):
            put(x, y, (40, 40, 40, 255))

    raw = b"".join(b"\0" + bytes(px[y * W * 4 : (y + 1) * W * 4]) for y in range(H))

    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c))

    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9))
    png += chunk(b"IEND", b"")
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "chart-huaguxi.png")
    with open(out, "wb") as f:
        f.write(png)


if __name__ == "__main__":
    main()
