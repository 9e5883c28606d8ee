#!/usr/bin/env bash
# Renders the raster images of the bundled site from their SVG sources in this folder:
# tranche-amazon.<lang>.svg → content/images/tranche-amazon.<lang>.png (960 × 640), with the
# system's Chromium (Debian's `chromium`) and its DejaVu fonts (Debian's `fonts-dejavu-core`).
# Run it after editing a source; the PNGs are committed, so builds never need it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../../content/images"
for lang in it en; do
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size=960,640 --screenshot="$out/tranche-amazon.$lang.png" \
    "file://$here/tranche-amazon.$lang.svg" 2>/dev/null
done
