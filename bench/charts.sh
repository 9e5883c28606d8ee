#!/usr/bin/env bash
# The cost of charts: generates the corpus (bench/corpus, BENCH_PAGES pages, 10,000 by default)
# twice, once as generated plus a 12-row collection and a 12-row series, and once with 1,000
# charts as well (one on every BENCH_PAGES/1000-th page: bars with a highlight, columns, dot
# plots and lines with an annotation in turn, each with its CSV file), then times `spiega build`
# of both into tmpfs with hyperfine and prints the share of the build the charts take, in wall
# time and in CPU time (user + system).
# Knobs: BENCH_PAGES (10000), BENCH_WORK (/var/tmp/spiega-bench), BENCH_OUT (/dev/shm/spiega-charts),
# BENCH_RUNS (10), BENCH_SEED (42), BENCH_SKIP_BUILD, SPIEGA.
set -euo pipefail
cd "$(dirname "$0")/.."
export PAGES
WORK=${BENCH_WORK:-/var/tmp/spiega-bench}
RUNS=${BENCH_RUNS:-10}
PAGES=${BENCH_PAGES:-10000}
OUT=${BENCH_OUT:-/dev/shm/spiega-charts}
EVERY=$((PAGES / 1000))
SEED=${BENCH_SEED:-42}
SPIEGA=${SPIEGA:-$PWD/target/release/spiega}
for tool in hyperfine jq; do
  command -v "$tool" >/dev/null && continue
  [ "$(id -u)" = 0 ] || { echo "$tool is missing and this is not root: apt-get install $tool" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null
done
[ -n "${BENCH_SKIP_BUILD:-}" ] || cargo build --release --quiet
cargo build --release --quiet --manifest-path bench/corpus/Cargo.toml
mkdir -p "$WORK"
CORPUS="$WORK/charts-corpus"
rm -rf "$CORPUS"
bench/corpus/target/release/corpus --pages "$PAGES" --seed "$SEED" --out "$CORPUS" >/dev/null
for variant in plain charts; do
  rm -rf "$WORK/$variant"
  cp -r "$CORPUS/spiega" "$WORK/$variant"
  mkdir -p "$WORK/$variant/content/data"
  cat >>"$WORK/$variant/site.yaml" <<'YAML'
collections:
  - name: measures
    title_field: name
    fields:
      - {name: name, type: text, required: true, label: Item}
      - {name: low, type: number, unit: kg, label: Low}
      - {name: high, type: number, unit: kg, label: High}
series:
  - name: monthly
    x: {name: month, type: date, label: Month}
    fields:
      - {name: value, type: number, unit: t, label: Value}
YAML
  {
    echo "id,name,low,high"
    for i in $(seq 1 12); do echo "m$i,Measure number $i,$((i * 37 % 101)).5,$((i * 53 % 211 + 100))"; done
  } >"$WORK/$variant/content/data/measures.csv"
  {
    echo "month,value"
    for i in $(seq 1 12); do printf '2024-%02d,%d.25\n' "$i" $((i * 29 % 97 + 10)); done
  } >"$WORK/$variant/content/data/monthly.csv"
done
n=0
charts=0
while IFS= read -r -d '' page; do
  n=$((n + 1))
  [ $(((n - 1) % EVERY)) -eq 0 ] || continue
  case $((charts % 4)) in
    0) call='{{ chart(data="measures", field="high", highlight="m3", note="A note.") }}' ;;
    1) call='{{ chart(data="measures", field="low", type="column") }}' ;;
    2) call='{{ chart(data="measures", field=["low", "high"], type="dot") }}' ;;
    3) call='{{ chart(data="monthly", type="line", annotate=["2024-06: midyear"]) }}' ;;
  esac
  printf '\n%s\n' "$call" >>"$page"
  charts=$((charts + 1))
done < <(find "$WORK/charts/content" -name '*.md' ! -name '_index*' -print0 | sort -z)
echo "pages: $n, charts: $charts"
mkdir -p "$OUT"
hyperfine --warmup 1 --runs "$RUNS" --export-json "$WORK/charts.json" \
  -n plain "rm -rf $OUT/plain && $SPIEGA build --root $WORK/plain --output $OUT/plain --quiet" \
  -n charts "rm -rf $OUT/charts && $SPIEGA build --root $WORK/charts --output $OUT/charts --quiet"
jq -r '.results | (map({(.command): {wall: .mean, cpu: (.user + .system)}}) | add) as $m
  | "\(env.PAGES) pages, wall: plain \($m.plain.wall * 1000 | round) ms, with 1,000 charts \($m.charts.wall * 1000 | round) ms (charts: \((($m.charts.wall - $m.plain.wall) / $m.charts.wall * 1000 | round) / 10) %); CPU: plain \($m.plain.cpu * 1000 | round) ms, with charts \($m.charts.cpu * 1000 | round) ms (charts: \((($m.charts.cpu - $m.plain.cpu) / $m.charts.cpu * 1000 | round) / 10) %)"' \
  "$WORK/charts.json"
rm -rf "$OUT"
