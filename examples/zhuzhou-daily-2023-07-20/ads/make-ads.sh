#!/bin/sh
# Makes the example's ad PDFs the way an ad department would deliver them: each ad is a
# one-page edition of its own (source/<ad>.toml), set by paiban in the ad's own faces with a
# CMYK photo, at the ad's real size, with 3 mm bleed and crop marks. The PDFs are checked in;
# run this again only after changing source/.
#
#   tonglan.pdf   通栏 for page 2      352.4 × 79.4 mm
#   fenlei.pdf    分类广告 for page 2  130.2 × 55.6 mm
#   banban.pdf    半版 for page 6      352.4 × 241.3 mm
#   zhengban.pdf  整版 for page 7      390 × 545 mm
#
# Usage: examples/zhuzhou-daily-2023-07-20/ads/make-ads.sh   (from anywhere; needs python3,
# and paiban on PATH or PAIBAN=/path/to/paiban, else it is built with cargo)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${PAIBAN:-}" ]; then
    paiban=$PAIBAN
elif command -v paiban >/dev/null 2>&1; then
    paiban=paiban
else
    (cd "$here/../../.." && cargo build --release --quiet)
    paiban="${CARGO_TARGET_DIR:-$here/../../../target}/release/paiban"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The photos are drawn, not shot: see source/make-photos.py.
mkdir -p "$here/source/photos"
python3 "$here/source/make-photos.py" "$here/source/photos"
for ad in tonglan fenlei banban zhengban; do
    "$paiban" build -q --crop-marks "$here/source/$ad.toml" -o "$work/$ad"
    cp "$work/$ad/page-01.pdf" "$here/$ad.pdf"
    echo "$ad.pdf"
done
