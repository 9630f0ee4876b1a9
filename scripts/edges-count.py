#!/usr/bin/env python3
"""Counts what the edges edition (tests/edges) shows of the typography at the edges, from
the PDFs and report.json a build wrote: lines sticking out of their text column, lines with a
gap between two CJK characters wider than 1/3 em, 〓 set against the graphemes no face has,
intro (楷体) quotes set at least half an em wide, and spaces written beside CJK marks in the
text layer. Usage: edges-count.py <out-dir> (needs pdftotext from poppler-utils)."""
import json, re, subprocess, sys, html

EM = 9.0
# Page number -> (characters per text column, text columns) as tests/edges/edition.toml has it.
PAGES = {1: (13, 1), 2: (11, 1), 3: (6, 2), 4: (8, 4), 5: (4, 12)}
# Graphemes of edges.md that no shipped face has, per article (👍🏽 in the title and the
# body, 👨‍👩‍👧 in the body): what an ideal build sets as 〓.
MISSING_GRAPHEMES = 3
LOOSE = EM / 3 + 0.05
# Marks whose right half is blank: a line-end one is set half width, its box is not.
CLOSING = "，。、；：？！”’）》」』"
# Words above this (pt from the top) are the running head and folio.
RUNNING_HEAD = 70.0
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def wide(c):
    o = ord(c)
    return 0x2E80 <= o <= 0x9FFF or 0xFF00 <= o <= 0xFFEF or c in "“”‘’—…·"


def words(pdf):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    return [(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in WORD.findall(out)]


def main(out):
    totals = dict(stick_out=0, loose=0, geta=0, missing_reported=0, quotes=0, quotes_full=0, spaces=0)
    report = json.load(open(f"{out}/report.json"))
    totals["missing_reported"] = len(report["missing_glyphs"])
    for page, (chars, tcols) in PAGES.items():
        pdf = f"{out}/page-{page:02}.pdf"
        ws = words(pdf)
        # 9 pt text, not titles, not the running head and folio at the top of the page.
        body = [w for w in ws if 10.0 < w[3] - w[1] < 13.5 and w[1] > RUNNING_HEAD]
        # A line-start opening quote's box takes in its blank half, left of the column.
        x0 = min(w[0] for w in body if w[4][:1] not in "“‘（《")
        pitch = (chars + 1) * EM
        lines = {}
        for w in body:
            col = int((w[0] - x0 + EM / 2 + 0.5) // pitch)
            right = x0 + col * pitch + chars * EM
            # A line-end mark's box keeps the blank half that was cut away.
            blank = EM / 2 if w[4] and w[4][-1] in CLOSING else 0.0
            lines.setdefault((col, round(w[1])), []).append((w, w[2] - blank > right + 0.5))
        for entries in lines.values():
            totals["stick_out"] += any(out for _, out in entries)
            line = sorted(w for w, _ in entries)
            for a, b in zip(line, line[1:]):
                if wide(a[4][-1]) and wide(b[4][0]) and b[0] - a[2] > LOOSE:
                    totals["loose"] += 1
                    break
        for w in ws:
            totals["geta"] += w[4].count("〓")
        # The intro: 楷体 at 9 pt, the only text whose box is 10.66 pt high.
        for w in [w for w in ws if 10.0 < w[3] - w[1] < 11.0]:
            t = w[4]
            q = sum(t.count(c) for c in "“”‘’")
            if q == 0:
                continue
            rest = sum(1 for c in t if wide(c) and c not in "“”‘’")
            per_quote = (w[2] - w[0] - rest * EM) / q
            totals["quotes"] += q
            if per_quote >= EM * 0.45:
                totals["quotes_full"] += q
        raw = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True).stdout
        totals["spaces"] += len(re.findall(r"[“”‘’，。、：；] | [“”‘’，。、：；]", raw))
    articles = len(PAGES)
    print(f"lines sticking out of their measure: {totals['stick_out']}")
    print(f"lines looser than 1/3 em between CJK characters: {totals['loose']}")
    print(f"〓 set: {totals['geta']} (missing_glyphs entries {totals['missing_reported']}) "
          f"for {MISSING_GRAPHEMES * articles} graphemes no face has")
    print(f"intro quotes in 楷体 at least 1/2 em wide: {totals['quotes_full']} of {totals['quotes']}")
    print(f"spaces beside CJK marks in the text layer: {totals['spaces']}")
    print("subheads broken inside a word: n/a")


main(sys.argv[1])
