#!/usr/bin/env bash
# Social cards and images: what they cost a build. For the bundled site and the generated
# 1,000-page corpus (with the explainer theme's card template and fonts added), hyperfine times:
#   no cards  - social_cards: false
#   cold      - cards on, cache folder removed before each run (every card drawn)
#   warm      - cards on, cache kept (every card read from the cache)
# The output folder is removed before every run, so each run renders and writes the whole site.
# Needs a release build (cargo build --release) and the corpus generator (bench/run.sh builds it).
# Prints a Markdown table; BENCH_WORK (default /var/tmp/spiega-bench-cards), BENCH_RUNS (5).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
SPIEGA=${SPIEGA:-$REPO/target/release/spiega}
WORK=${BENCH_WORK:-/var/tmp/spiega-bench-cards}
RUNS=${BENCH_RUNS:-5}
CORPUS=$HERE/corpus/target/release/corpus
[ -x "$CORPUS" ] || cargo build --release --manifest-path "$HERE/corpus/Cargo.toml" >&2
rm -rf "$WORK" && mkdir -p "$WORK"

# The bundled site, and the corpus given the theme's card template and fonts.
mkdir -p "$WORK/bundled"
cp -r "$REPO/site.yaml" "$REPO/content" "$REPO/themes" "$WORK/bundled/"
"$CORPUS" --pages 1000 --seed 42 --out "$WORK/corpus" >/dev/null
mkdir -p "$WORK/corpus/spiega/fonts"
cp "$REPO/themes/explainer/templates/social_card.svg" "$WORK/corpus/spiega/templates/"
cp "$REPO"/themes/explainer/fonts/*.ttf "$WORK/corpus/spiega/fonts/"

echo "| site | no cards | cards, cold cache | cards, warm cache | warm over no cards |"
echo "|---|---:|---:|---:|---:|"
for name in bundled corpus; do
    site=$WORK/$name
    [ "$name" = corpus ] && site=$WORK/corpus/spiega
    off=$WORK/$name-off
    mkdir -p "$off" && cp -r "$site/." "$off/"
    printf '\nsocial_cards: false\n' >> "$off/site.yaml"
    out=$WORK/out-$name
    "$SPIEGA" build --root "$site" --output "$out" --quiet   # fills the cache for the warm runs
    hyperfine --warmup 1 --runs "$RUNS" --export-json "$WORK/$name.json" \
        -n off --prepare "rm -rf $out" "$SPIEGA build --root $off --output $out --quiet" \
        -n cold --prepare "rm -rf $out $site/.spiega-cache" "$SPIEGA build --root $site --output $out --quiet" \
        -n warm --prepare "rm -rf $out" "$SPIEGA build --root $site --output $out --quiet" >&2
    jq -r --arg name "$name" '
        [.results[] | {(.command | tostring): .}] | add as $r
        | [.results[] | "\(.mean * 1000 | round) ± \(.stddev * 1000 | round) ms"] as $cells
        | (.results[2].mean / .results[0].mean - 1) * 100 as $over
        | "| \($name) | \($cells[0]) | \($cells[1]) | \($cells[2]) | \($over | . * 10 | round / 10) % |"' \
        "$WORK/$name.json"
done
