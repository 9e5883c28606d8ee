#!/usr/bin/env bash
# Scaling of diagnostics: does `spiega check` stay linear when a site holds thousands of mistakes?
#
#   bash bench/scaling.sh
#
# Copies the bundled site into a temporary folder once per case and size, adds N of one thing to
# it, times `spiega check` on each copy and prints, per case, the growth ratio from the smallest
# to the largest N. A linear cost gives about 10x from 1,000 to 10,000; the script fails (exit 1)
# when a ratio is above SCALING_MAX. Cases:
#
#   keys     N unknown front-matter keys in one page (N errors)
#   refs     N refs to missing ids in one data entry's list (N errors)
#   terms    N glossary terms no page uses (N warnings; the check succeeds)
#   tags     N tags on one page (no diagnostic: N term pages)
#   nesting  `[` N times nested in front matter (one error: the nesting limit)
#
# Environment:
#   SCALING_SIZES="1000 10000"   values of N (the ratio is last / first)
#   SCALING_CASES="keys refs terms tags nesting"
#   SCALING_RUNS=3               timed runs per variant (hyperfine), after one warmup
#   SCALING_MAX=12               the largest ratio accepted
#   SCALING_WORK=(mktemp -d)     where the variants are written (removed at the end if made here)
#   SCALING_SKIP_BUILD=1         use the binary already built
#   SPIEGA=target/release/spiega
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SIZES=${SCALING_SIZES:-"1000 10000"}
CASES=${SCALING_CASES:-"keys refs terms tags nesting"}
RUNS=${SCALING_RUNS:-3}
MAX=${SCALING_MAX:-12}
SPIEGA=${SPIEGA:-$ROOT/target/release/spiega}

say() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }
die() { printf 'scaling: %s\n' "$*" >&2; exit 1; }

if [ -z "${SCALING_WORK:-}" ]; then
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
else
    WORK=$SCALING_WORK
    mkdir -p "$WORK"
fi

command -v hyperfine >/dev/null || {
    [ "$(id -u)" = 0 ] || die "hyperfine is missing and we are not root: install it"
    say "installing hyperfine (Debian)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null
}
command -v jq >/dev/null || die "jq is missing: apt-get install jq"
if [ -z "${SCALING_SKIP_BUILD:-}" ]; then
    say "building Spiega (release)"
    (cd "$ROOT" && cargo build --release --quiet)
fi
[ -x "$SPIEGA" ] || die "no binary at $SPIEGA"

# The bundled site, copied: only what a build reads.
copy_site() {
    mkdir -p "$1"
    cp -r "$ROOT/site.yaml" "$ROOT/content" "$ROOT/themes" "$1/"
}

# Inserts the lines of file $2 into the front matter of page $1, right after its opening `---`.
into_front_matter() {
    local page=$1 lines=$2
    { head -n 1 "$page"; cat "$lines"; tail -n +2 "$page"; } >"$page.new"
    mv "$page.new" "$page"
}

make_keys() {
    local site=$1 n=$2
    seq -f 'chiave_ignota_%05g: 1' 1 "$n" >"$site/lines"
    into_front_matter "$site/content/perche-conta.md" "$site/lines"
}

make_refs() {
    local site=$1 n=$2
    {
        printf '\n- id: scaling-bad-refs\n  name: "Scaling"\n  vendor: amazon\n  kind: asic\n'
        printf '  use: "x"\n  announced: 2020-01-01\n  sources: [neuron-trainium]\n  competitors:\n'
        seq -f '    - missing-chip-%05g' 1 "$n"
    } >>"$site/content/data/chips.yaml"
}

make_terms() {
    local site=$1 n=$2
    seq -f '%05g' 1 "$n" | while read -r i; do
        printf -- '- id: scaling-term-%s\n  term: {it: "zqx termine %s", en: "zqx term %s"}\n  definition: "Mai usato."\n' "$i" "$i" "$i"
    done >>"$site/content/data/glossary.yaml"
}

make_tags() {
    local site=$1 n=$2
    { echo 'taxonomies:'; echo '  tags:'; seq -f '    - etichetta-%05g' 1 "$n"; } >"$site/lines"
    into_front_matter "$site/content/perche-conta.md" "$site/lines"
}

make_nesting() {
    local site=$1 n=$2
    { printf 'extra: {deep: '; head -c "$n" /dev/zero | tr '\0' '['; head -c "$n" /dev/zero | tr '\0' ']'; echo '}'; } >"$site/lines"
    into_front_matter "$site/content/perche-conta.md" "$site/lines"
}

declare -A MEAN
for case in $CASES; do
    for n in $SIZES; do
        site=$WORK/$case-$n
        rm -rf "$site"
        copy_site "$site"
        "make_$case" "$site" "$n"
        rm -f "$site/lines"
        say "$case, N=$n"
        # -i: a site with errors exits 1, which is the point here.
        hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json "$site.json" \
            "$SPIEGA check --root $site" >&2
        MEAN[$case-$n]=$(jq '.results[0].mean' "$site.json")
    done
done

first=${SIZES%% *}
last=${SIZES##* }
status=0
printf '\n| case | N=%s | N=%s | ratio |\n|---|---:|---:|---:|\n' "$first" "$last"
for case in $CASES; do
    a=${MEAN[$case-$first]}
    b=${MEAN[$case-$last]}
    ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f", b / a }')
    printf '| %s | %.3f s | %.3f s | %sx |\n' "$case" "$a" "$b" "$ratio"
    if awk -v r="$ratio" -v m="$MAX" 'BEGIN { exit !(r > m) }'; then
        printf 'scaling: %s grows %sx from N=%s to N=%s (more than %sx)\n' "$case" "$ratio" "$first" "$last" "$MAX" >&2
        status=1
    fi
done
exit $status
