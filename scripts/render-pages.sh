#!/usr/bin/env bash
# Renders the pages of a built edition to PNG for looking at them:
#   scripts/render-pages.sh out [dpi]   → out/png/page-01.png …
# Needs pdftoppm (apt-get install poppler-utils).
set -euo pipefail
dir=${1:-out}
dpi=${2:-60}
mkdir -p "$dir/png"
for f in "$dir"/page-*.pdf; do
  name=$(basename "$f" .pdf)
  pdftoppm -r "$dpi" -png -singlefile "$f" "$dir/png/$name"
done
ls "$dir"/png/*.png
