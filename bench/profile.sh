#!/usr/bin/env bash
# Where does a Spiega build spend its time? A sampling profile of one full build.
#
#   bash bench/profile.sh [PAGES]        (default 1000)
#
# Uses perf with the cpu-clock software event (hardware counters are not available in this VM);
# falls back to valgrind --tool=callgrind if perf cannot record. Writes the top functions (self
# time) to stdout; the raw data stays in $BENCH_WORK.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PAGES=${1:-1000}
SEED=${BENCH_SEED:-42}
WORK=${BENCH_WORK:-/var/tmp/spiega-bench}
SPIEGA=${SPIEGA:-$ROOT/target/release/spiega}
CORPUS=$HERE/corpus/target/release/corpus
OUT=${BENCH_TMPFS:-/dev/shm/spiega-bench}/profile-out
mkdir -p "$WORK" "$(dirname "$OUT")"

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
    (cd "$ROOT" && cargo build --release)
    cargo build --release --manifest-path "$HERE/corpus/Cargo.toml"
fi
src=$WORK/corpus-$PAGES
[ -d "$src/spiega" ] || "$CORPUS" --pages "$PAGES" --seed "$SEED" --out "$src"
rm -rf "$OUT"

if command -v perf >/dev/null && perf record -e cpu-clock -o /dev/null true 2>/dev/null; then
    data=$WORK/spiega-$PAGES.perf
    perf record -e cpu-clock -F 1999 -g -o "$data" \
        "$SPIEGA" build --root "$src/spiega" --output "$OUT" --quiet 2>&1 | grep -v '^\[' || true
    echo "## perf: self time, top functions ($PAGES pages, full build)"
    perf report -i "$data" --no-children --sort symbol --stdio --percent-limit 0.7 -g none 2>/dev/null |
        grep -E '^ +[0-9.]+%' | head -40
    echo
    echo "## perf: inclusive time (children), top functions"
    perf report -i "$data" --children --sort symbol --stdio --percent-limit 3 -g none 2>/dev/null |
        grep -E '^ +[0-9.]+%' | head -40
else
    command -v valgrind >/dev/null || { echo "neither perf nor valgrind works here" >&2; exit 1; }
    data=$WORK/callgrind.$PAGES.out
    valgrind --tool=callgrind --callgrind-out-file="$data" \
        "$SPIEGA" build --root "$src/spiega" --output "$OUT" --quiet
    callgrind_annotate "$data" | head -60
fi
rm -rf "$OUT"
