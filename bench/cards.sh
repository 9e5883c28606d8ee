#!/usr/bin/env bash
# Social cards and images: what they cost a build. For the bundled site and the generated
# 1,000-page corpus (with the explainer theme's card template and fonts added), hyperfine times:
#   no cards  - social_cards: false
#   cold      - cards on, cache folder removed before each run (every card drawn)
#   warm      - cards on, cache kept (every card read from the cache)
# "full": the output folder is removed before every run, so each run renders and writes the whole
# site. "edit": the output is kept and a blank line is appended to one page before every run, so
# each run renders the whole site again and writes what changed (the usual rebuild).
# Needs a release build (cargo build --release) and the corpus generator (bench/run.sh builds it).
# Prints a Markdown table; BENCH_WORK (default /var/tmp/spiega-bench-cards), BENCH_RUNS (5).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
SPIEGA=${SPIEGA:-$REPO/target/release/spiega}
for tool in hyperfine jq; do
  command -v "$tool" >/dev/null && continue
  [ "$(id -u)" = 0 ] || { echo "$tool is missing and this is not root: apt-get install $tool" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null
done
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

echo "| site | build | no cards | cards, cold cache | cards, warm cache | warm over no cards |"
echo "|---|---|---:|---:|---:|---:|"
for name in bundled corpus; do
    site=$WORK/$name
    [ "$name" = corpus ] && site=$WORK/corpus/spiega
    off=$WORK/$name-off
    mkdir -p "$off" && cp -r "$site/." "$off/"
    printf '\nsocial_cards: false\n' >> "$off/site.yaml"
    out=$WORK/out-$name
    page=$(cd "$site" && find content -name '*.md' ! -name '_index*' | sort | sed -n 1p)
    "$SPIEGA" build --root "$site" --output "$out" --quiet   # fills the cache for the warm runs
    hyperfine --warmup 1 --runs "$RUNS" --export-json "$WORK/$name-full.json" \
        -n off --prepare "rm -rf $out" "$SPIEGA build --root $off --output $out --quiet" \
        -n cold --prepare "rm -rf $out $site/.spiega-cache" "$SPIEGA build --root $site --output $out --quiet" \
        -n warm --prepare "rm -rf $out" "$SPIEGA build --root $site --output $out --quiet" >&2
    "$SPIEGA" build --root "$off" --output "$out-off" --quiet
    "$SPIEGA" build --root "$site" --output "$out" --quiet
    hyperfine --warmup 1 --runs "$RUNS" --export-json "$WORK/$name-edit.json" \
        -n off --prepare "echo >> $off/$page" "$SPIEGA build --root $off --output $out-off --quiet" \
        -n cold --prepare "echo >> $site/$page; rm -rf $site/.spiega-cache" "$SPIEGA build --root $site --output $out --quiet" \
        -n warm --prepare "echo >> $site/$page" "$SPIEGA build --root $site --output $out --quiet" >&2
    for op in full edit; do
        jq -r --arg name "$name" --arg op "$op" '
            [.results[] | "\(.mean * 1000 | round) ± \(.stddev * 1000 | round) ms"] as $cells
            | ((.results[2].mean / .results[0].mean - 1) * 100) as $over
            | "| \($name) | \($op) | \($cells[0]) | \($cells[1]) | \($cells[2]) | \($over | . * 10 | round / 10) % |"' \
            "$WORK/$name-$op.json"
    done
done
