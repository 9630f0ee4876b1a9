#!/usr/bin/env python3
"""Checks the example's placed ads with tools that are not ours (poppler, Ghostscript).

For the 通栏 on page 2, the 分类 box beside it and the 半版 on page 6:
  * pdftotext -bbox finds the ad's words on the page where the ad alone puts them, moved
    to the ad's space (to 0.05 pt);
  * pdffonts lists every font of the ad's file in the page's file, embedded;
  * Ghostscript renders the page and the ad alone at 72 dpi, and the ad's space on the page
    matches the ad's trim (mean absolute difference at most 6/255 a sample, the two pixel
    grids registered to within a pixel), while the same comparison 3 mm off fails (so the
    check can fail).

Run by tests/press-check.sh:  python3 tests/ad-check.py <build folder>
"""

import html
import os
import re
import subprocess
import sys
import tempfile

MM = 72 / 25.4
# The broadsheet's grid (layouts/broadsheet.toml): 8 columns of 13 characters of 9 pt with
# 1-character gutters, centred on the 390 mm trim; body lines 13.5 pt apart from 31 mm.
LEFT = (390 * MM - 111 * 9) / 2
TOP = 31 * MM
PITCH, EM, CHAR = 13.5, 9.0, 9.0


def space(column, line):
    """The top-left corner of a grid area, pt from the trim's top-left."""
    return LEFT + (column - 1) * 14 * CHAR, TOP + (line - 1) * PITCH


ADS = [
    # (page file, ad file, the space's column and line, its size in pt)
    ("page-02.pdf", "tonglan.pdf", space(1, 86), (999.0, 225.0)),
    ("page-02.pdf", "fenlei.pdf", space(6, 73), (369.0, 157.5)),
    ("page-06.pdf", "banban.pdf", space(1, 52), (999.0, 684.0)),
]
TOLERANCE = 6 / 255

failures = 0


def ok(msg):
    print(f"ok: {msg}")


def bad(msg):
    global failures
    failures += 1
    print(f"FAIL: {msg}")


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def trim(pdf):
    """The TrimBox's lower-left and upper-right corners, from pdfinfo."""
    for line in run("pdfinfo", "-box", pdf).splitlines():
        if line.startswith("TrimBox:"):
            return [float(v) for v in line.split()[1:5]]
    raise SystemExit(f"{pdf}: no TrimBox")


def media_height(pdf):
    for line in run("pdfinfo", "-box", pdf).splitlines():
        if line.startswith("MediaBox:"):
            return float(line.split()[4])
    raise SystemExit(f"{pdf}: no MediaBox")


def words(pdf):
    """Each word's text and top-left corner, pt from the trim's top-left corner."""
    x0, _, _, y1 = trim(pdf)
    top = media_height(pdf) - y1
    out = run("pdftotext", "-bbox", pdf, "-")
    found = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out):
        found.append((html.unescape(m.group(3)), float(m.group(1)) - x0, float(m.group(2)) - top))
    return found


def check_text(page, ad, at):
    ad_words = words(ad)
    on_page = {}
    for w, x, y in words(page):
        on_page.setdefault(w, []).append((x, y))
    missing = 0
    worst = 0.0
    for w, x, y in ad_words:
        want = (at[0] + x, at[1] + y)
        near = [abs(px - want[0]) + abs(py - want[1]) for px, py in on_page.get(w, [])]
        if not near or min(near) > 0.1:
            missing += 1
        else:
            worst = max(worst, min(near))
    name = os.path.basename(ad)
    if ad_words and missing == 0:
        ok(f"{name}: its {len(ad_words)} words are on the page at their places (within {worst:.3f} pt)")
    else:
        bad(f"{name}: {missing} of {len(ad_words)} words not found at their places on the page")


def fonts(pdf):
    rows = run("pdffonts", pdf).splitlines()[2:]
    return {r.split()[0]: r.split()[-5] for r in rows}


def check_fonts(page, ad):
    mine, theirs = fonts(page), fonts(ad)
    name = os.path.basename(ad)
    lost = [f for f in theirs if mine.get(f) != "yes"]
    if theirs and not lost:
        ok(f"{name}: its fonts ({', '.join(sorted(theirs))}) are embedded in {os.path.basename(page)}")
    else:
        bad(f"{name}: fonts not embedded on the page: {lost or 'none found'}")


def render(pdf, folder, stem, shift=(0.0, 0.0)):
    """The trim area at 72 dpi as (width, height, RGB bytes); `shift` moves the drawing right
    and down by less than a pixel, so that the ad alone falls on the same pixel grid as in
    its space on the page."""
    out = os.path.join(folder, stem + ".ppm")
    subprocess.run(
        ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dUseTrimBox", "-r72",
         "-sDEVICE=ppmraw", f"-sOutputFile={out}",
         "-c", f"<</PageOffset [{shift[0]:.4f} {-shift[1]:.4f}]>> setpagedevice", "-f", pdf],
        check=True, capture_output=True,
    )
    data = open(out, "rb").read()
    # P6, then width, height and maxval, with `#` comment lines between.
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1:pos + 1 + w * h * 3]


def mean_diff(page, ad, at, size):
    """Mean absolute difference between the ad's render and the page's at `at`, 0–1."""
    pw, ph, pix = page
    aw, ah, apx = ad
    ox, oy = int(at[0]), int(at[1])  # the space's corner, pixels (72 dpi: 1 pt a pixel)
    w, h = min(aw, round(size[0])), min(ah, round(size[1]))
    total = 0
    for y in range(h):
        py = oy + y
        if not 0 <= py < ph:
            total += 255 * 3 * w
            continue
        a = apx[y * aw * 3:(y * aw + w) * 3]
        start = (py * pw + ox) * 3
        b = pix[start:start + w * 3]
        if len(b) < len(a):
            b = b + bytes(len(a) - len(b))
        total += sum(abs(i - j) for i, j in zip(a, b))
    return total / (w * h * 3 * 255)


def main(build, ads):
    with tempfile.TemporaryDirectory() as tmp:
        renders = {}
        for page, ad, at, size in ADS:
            page_pdf = os.path.join(build, page)
            ad_pdf = os.path.join(ads, ad)
            check_text(page_pdf, ad_pdf, at)
            check_fonts(page_pdf, ad_pdf)
            if page not in renders:
                renders[page] = render(page_pdf, tmp, page)
            # Two renderers' pixel grids meet to within a pixel: the best of a half-pixel
            # shift and a one-pixel step right or down is taken (a misplaced ad is millimetres
            # off, and fails below).
            best = None
            for shift in ((0.0, 0.0), (0.5, 0.5)):
                alone = render(ad_pdf, tmp, ad, shift)
                for dx, dy in ((0, 0), (1, 0), (0, 1), (1, 1)):
                    d = mean_diff(renders[page], alone, (at[0] + dx, at[1] + dy), size)
                    if best is None or d < best[0]:
                        best = (d, alone, dx, dy)
            d, alone, dx, dy = best
            if d <= TOLERANCE:
                ok(f"{ad}: Ghostscript's page matches the ad alone in its space (mean difference {d * 255:.2f}/255)")
            else:
                bad(f"{ad}: the page's render differs from the ad's in its space: {d * 255:.2f}/255")
            off = mean_diff(renders[page], alone, (at[0] + dx + 3 * MM, at[1] + dy + 3 * MM), size)
            if off > TOLERANCE:
                ok(f"{ad}: placed 3 mm off, the comparison fails as it must ({off * 255:.2f}/255)")
            else:
                bad(f"{ad}: the comparison does not see a 3 mm shift ({off * 255:.2f}/255)")
    return failures


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    ads = os.path.join(here, "..", "examples", "zhuzhou-daily-2023-07-20", "ads")
    sys.exit(1 if main(sys.argv[1], ads) else 0)
