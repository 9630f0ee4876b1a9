"""Writes PaibanTestExtB.ttf: a tiny TrueType face for the fallback test.

It has a glyph (a framed square with a cross, drawn on a 1000-unit em) for two
CJK Extension B characters that the body face NotoSerifSC-Regular.otf lacks:
U+20000 𠀀 and U+2A6A5 𪚥. Made for paiban's tests; public domain (CC0).
Needs fontTools:  python3 make-font.py
"""
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

CHARS = [0x20000, 0x2A6A5]


def box(cross):
    pen = TTGlyphPen(None)
    # outer square, clockwise (TrueType), inner square counter-clockwise
    for (x0, y0, x1, y1), cw in ((80, -80, 920, 800), True), ((160, 0, 840, 720), False):
        pts = [(x0, y0), (x0, y1), (x1, y1), (x1, y0)]
        if not cw:
            pts.reverse()
        pen.moveTo(pts[0])
        for p in pts[1:]:
            pen.lineTo(p)
        pen.closePath()
    if cross:
        for pts in ([(440, 0), (440, 720), (560, 720), (560, 0)], [(160, 300), (160, 420), (840, 420), (840, 300)]):
            pen.moveTo(pts[0])
            for p in pts[1:]:
                pen.lineTo(p)
            pen.closePath()
    return pen.glyph()


names = [".notdef"] + ["u%X" % c for c in CHARS]
fb = FontBuilder(1000, isTTF=True)
fb.setupGlyphOrder(names)
fb.setupCharacterMap({c: "u%X" % c for c in CHARS})
fb.setupGlyf({".notdef": box(False), **{"u%X" % c: box(True) for c in CHARS}})
fb.setupHorizontalMetrics({n: (1000, 80) for n in names})
fb.setupHorizontalHeader(ascent=880, descent=-120)
fb.setupNameTable({"familyName": "Paiban Test ExtB", "styleName": "Regular",
                   "psName": "PaibanTestExtB-Regular", "copyright": "CC0, made for paiban's tests"})
fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
fb.setupPost()
fb.save("PaibanTestExtB.ttf")
