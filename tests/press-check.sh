#!/usr/bin/env bash
# Checks the example edition's PDFs with tools that are not ours (poppler, qpdf, Ghostscript):
# what a printing plant's preflight would look at. Run by .ci/run after `cargo test`.
#   tests/press-check.sh            (needs: poppler-utils qpdf ghostscript)
set -euo pipefail
cd "$(dirname "$0")/.."
# The output folders are links to build folders beside them: remove the parent, not the links.
tmp=$(mktemp -d)
out=$tmp/out
out2=$tmp/out2
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
ok() { echo "ok: $*"; }

cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/paiban"
$bin build examples/zhuzhou-daily-2023-07-20/edition.toml -o "$out" >/dev/null
$bin build examples/zhuzhou-daily-2023-07-20/edition.toml -o "$out2" >/dev/null

files=("$out"/edition.pdf "$out"/page-*.pdf)
[ ${#files[@]} -eq 9 ] && ok "9 files" || bad "expected edition.pdf and 8 page files, got ${#files[@]}"

for f in "${files[@]}"; do
  n=$(basename "$f")
  cmp -s "$f" "$out2/$n" && ok "$n: identical bytes in two builds" || bad "$n differs between two builds"
  if qpdf --check "$f" >/tmp/qpdf.log 2>&1; then ok "$n: qpdf --check"; else bad "$n: qpdf --check"; cat /tmp/qpdf.log; fi
  # Every font embedded and subset.
  if pdffonts "$f" | tail -n +3 | awk '$(NF-4)!="yes" || $(NF-3)!="yes" || $(NF-2)!="yes" {bad=1} END {exit bad}'; then
    ok "$n: all fonts embedded, subset, with ToUnicode"
  else bad "$n: a font is not embedded/subset"; pdffonts "$f"; fi
  pdffonts "$f" | grep -q "Type 3" && bad "$n: Type 3 font" || true
  info=$(pdfinfo -box "$f")
  grep -q "PDF subtype: *PDF/X-1:2001" <<<"$info" && ok "$n: PDF/X-1:2001" || bad "$n: pdfinfo does not report PDF/X"
  grep -q "^TrimBox:" <<<"$info" && grep -q "^BleedBox:" <<<"$info" || bad "$n: boxes missing"
  # Ghostscript renders every page without a warning or error.
  if gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=nullpage "$f" >/tmp/gs.log 2>&1 && ! grep -qiE "error|warning" /tmp/gs.log; then
    ok "$n: Ghostscript renders it silently"
  else bad "$n: Ghostscript complained"; head -20 /tmp/gs.log; fi
  # No RGB anywhere: operators, colour spaces or images.
  qpdf --qdf --object-streams=disable "$f" /tmp/qdf.pdf
  if grep -aqE "(^|[[:space:]])(rg|RG)([[:space:]]|$)|DeviceRGB|CalRGB" /tmp/qdf.pdf; then bad "$n: RGB found"; else ok "$n: no RGB"; fi
done

# The placed ads read back with poppler and Ghostscript: their text at its place, their
# fonts embedded, their render matching the ad alone (tests/ad-check.py).
python3 tests/ad-check.py "$out" || fail=$((fail + 1))

# The masthead red as a spot ink ([press] masthead_spot): Ghostscript separates it onto a
# plate of its own, and the file stays sound.
spot=$tmp/spot
cp -r examples/zhuzhou-daily-2023-07-20 "$spot"
printf '\n[press]\nmasthead_spot = "PANTONE 485 C"\n' >>"$spot/edition.toml"
$bin build "$spot/edition.toml" -o "$tmp/spot-out" >/dev/null
f=$tmp/spot-out/page-01.pdf
if qpdf --check "$f" >/tmp/qpdf.log 2>&1; then ok "spot: qpdf --check"; else bad "spot: qpdf --check"; cat /tmp/qpdf.log; fi
(cd "$tmp" && gs -q -dNOPAUSE -dBATCH -dSAFER -r20 -sDEVICE=tiffsep -sOutputFile=sep.tif "$f" >/tmp/gs.log 2>&1) || true
if [ -s "$tmp/sep(PANTONE 485 C).tif" ] && ! grep -qiE "error|warning" /tmp/gs.log; then
  ok "spot: Ghostscript separates PANTONE 485 C onto a plate of its own"
else bad "spot: no PANTONE 485 C plate from Ghostscript"; head -20 /tmp/gs.log; fi

# PDF/X-4 ([press] standard) with Ghostscript's CMYK profile as the output intent: poppler
# reads it as PDF/X-4 on PDF 1.6, qpdf and Ghostscript find nothing wrong.
x4=$tmp/x4
cp -r examples/zhuzhou-daily-2023-07-20 "$x4"
cp "$(ls /usr/share/ghostscript/*/iccprofiles/default_cmyk.icc | head -1)" "$x4/press.icc"
printf '\n[press]\nstandard = "PDF/X-4"\nicc_profile = "press.icc"\n' >>"$x4/edition.toml"
$bin build "$x4/edition.toml" -o "$tmp/x4-out" >/dev/null
for f in "$tmp/x4-out"/edition.pdf "$tmp/x4-out"/page-01.pdf; do
  n=x4/$(basename "$f")
  info=$(pdfinfo "$f")
  grep -q "PDF subtype: *PDF/X-4" <<<"$info" && grep -q "PDF version: *1.6" <<<"$info" &&
    ok "$n: PDF/X-4 on PDF 1.6" || bad "$n: pdfinfo does not report PDF/X-4 on PDF 1.6"
  if qpdf --check "$f" >/tmp/qpdf.log 2>&1; then ok "$n: qpdf --check"; else bad "$n: qpdf --check"; cat /tmp/qpdf.log; fi
  if gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=nullpage "$f" >/tmp/gs.log 2>&1 && ! grep -qiE "error|warning" /tmp/gs.log; then
    ok "$n: Ghostscript renders it silently"
  else bad "$n: Ghostscript complained"; head -20 /tmp/gs.log; fi
done

# Text read back with pdftotext in content order equals the seed articles' text.
pdftotext -raw "$out/edition.pdf" "$out/edition.txt"
python3 - "$out/edition.txt" <<'PY' || fail=$((fail + 1))
import re, sys, tomllib, pathlib
text = re.sub(r"\s", "", open(sys.argv[1], encoding="utf-8").read())
bad = 0
for p in sorted(pathlib.Path("examples/zhuzhou-daily-2023-07-20/articles").glob("01-*.md")):
    _, fm, body = p.read_text(encoding="utf-8").split("+++", 2)
    fm = tomllib.loads(fm)
    want = "".join(fm.get("byline", [])) + fm.get("dateline", "") + body.replace("## ", "") + fm.get("qr_caption", "")
    want = re.sub(r"\s", "", want)
    # The part of a jumped story on page 1, then the rest after the continuation marker.
    n = max(i for i in range(len(want) + 1) if want[:i] in text)
    rest = want[n:]
    if rest and rest not in text:
        print(f"FAIL: pdftotext: {p.name} breaks off after {n} of {len(want)} characters")
        bad += 1
    else:
        print(f"ok: pdftotext recovers {p.name} ({len(want)} characters)")
sys.exit(1 if bad else 0)
PY

ls -l "$out"/*.pdf | awk '{print "size:", $5, $NF}'
if [ "$fail" -gt 0 ]; then echo "press check: $fail failed"; exit 1; fi
echo "press check: all passed"
