#!/usr/bin/env bash
# Spiega vs Hugo, side by side, on the same generated corpus.
#
#   bash bench/run.sh
#
# From a fresh machine: installs hugo (Debian) and hyperfine (cargo) if missing, builds Spiega
# and the corpus generator in release, generates the corpora, runs every scenario and writes
# bench/results/<date>.md (also printed). Everything is tunable by environment:
#
#   BENCH_SIZES="1000 10000"   page counts
#   BENCH_SEED=42              corpus seed (fixed, so runs compare)
#   BENCH_FS="tmpfs disk"      where the output goes
#   BENCH_WARMUP=1             hyperfine warmup runs
#   BENCH_RUNS=5               hyperfine runs below 10,000 pages
#   BENCH_RUNS_LARGE=3         hyperfine runs at 10,000 pages and more
#   BENCH_TIME_RUNS=3          /usr/bin/time -v runs per command (median is reported)
#   BENCH_WORK=/var/tmp/spiega-bench      corpora and on-disk outputs (on disk)
#   BENCH_TMPFS=auto           a tmpfs folder; auto: /dev/shm if it is tmpfs, else mount one
#   BENCH_RESULTS=bench/results/<date>.md
#   BENCH_SKIP_BUILD=1         use the binaries already built
#   BENCH_LINKS=internal       internal (@/ and relref, checked) or plain (URLs) links
#   BENCH_FLOOR=1              also time bench/floor (read + pulldown-cmark on rayon + write) in full builds
#   BENCH_SERVE=1              also time the save → reload loop: spiega serve on the bundled site,
#                              and spiega serve vs hugo server on each corpus (bench/serve.mjs)
#   BENCH_SERVE_SAVES=20       saves per engine (5 with hugo server --disableFastRender:
#                              BENCH_SERVE_SAVES_FULL)
#   SPIEGA=target/release/spiega   HUGO=hugo   which binaries to compare
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SIZES=${BENCH_SIZES:-"1000 10000"}
SEED=${BENCH_SEED:-42}
FSES=${BENCH_FS:-"tmpfs disk"}
WARMUP=${BENCH_WARMUP:-1}
RUNS=${BENCH_RUNS:-5}
RUNS_LARGE=${BENCH_RUNS_LARGE:-3}
TIME_RUNS=${BENCH_TIME_RUNS:-3}
WORK=${BENCH_WORK:-/var/tmp/spiega-bench}
TMPFS=${BENCH_TMPFS:-auto}
LINKS=${BENCH_LINKS:-internal}
DATE=$(date -u +%F)
RESULTS=${BENCH_RESULTS:-$HERE/results/$DATE.md}
SPIEGA=${SPIEGA:-$ROOT/target/release/spiega}
HUGO=${HUGO:-hugo}
CORPUS=$HERE/corpus/target/release/corpus
FLOOR=$HERE/floor/target/release/floor
WITH_FLOOR=${BENCH_FLOOR:-1}
HYPERFINE_VERSION=${HYPERFINE_VERSION:-1.20.0}

say() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- tools
apt_updated=
apt_install() {
    [ "$(id -u)" = 0 ] || die "$1 is missing and we are not root: install $1"
    if [ -z "$apt_updated" ]; then apt-get update -qq; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
export PATH="$HOME/.cargo/bin:$PATH"
command -v "$HUGO" >/dev/null || { say "installing hugo (Debian)"; apt_install hugo; }
[ -x /usr/bin/time ] || { say "installing GNU time"; apt_install time; }
command -v jq >/dev/null || { say "installing jq"; apt_install jq; }
command -v hyperfine >/dev/null || {
    say "installing hyperfine $HYPERFINE_VERSION"
    cargo install hyperfine --locked --version "$HYPERFINE_VERSION"
}

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
    say "building Spiega (release)"
    (cd "$ROOT" && cargo build --release)
    say "building the corpus generator (release)"
    cargo build --release --manifest-path "$HERE/corpus/Cargo.toml"
    if [ "$WITH_FLOOR" = 1 ]; then
        say "building the floor program (release)"
        cargo build --release --manifest-path "$HERE/floor/Cargo.toml"
    fi
fi
[ "$WITH_FLOOR" != 1 ] || [ -x "$FLOOR" ] || die "no floor program at $FLOOR (or set BENCH_FLOOR=0)"
[ -x "$SPIEGA" ] || die "no Spiega binary at $SPIEGA"
[ -x "$CORPUS" ] || die "no corpus generator at $CORPUS"

# ---------------------------------------------------------------- where
if [ "$TMPFS" = auto ]; then
    if [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ]; then
        TMPFS=/dev/shm/spiega-bench
    else
        TMPFS=$WORK/tmpfs
        mkdir -p "$TMPFS"
        mountpoint -q "$TMPFS" || mount -t tmpfs -o size=8g tmpfs "$TMPFS" ||
            die "no tmpfs: /dev/shm is not one and mount failed; set BENCH_TMPFS"
    fi
fi
mkdir -p "$WORK" "$TMPFS" "$(dirname "$RESULTS")"
RAW=$WORK/raw
rm -rf "$RAW"
mkdir -p "$RAW"
fs_dir() { case $1 in tmpfs) echo "$TMPFS" ;; disk) echo "$WORK/disk" ;; *) die "unknown fs $1" ;; esac; }

# ---------------------------------------------------------------- helpers
# Numbers go to $RAW/rows.tsv: N fs op engine wall_mean wall_sd cpu_s rss_kib
ROWS=$RAW/rows.tsv
: >"$ROWS"
NOTES=$RAW/notes.md
: >"$NOTES"
note() { printf '%s\n' "$*" >>"$NOTES"; }

# median of numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# /usr/bin/time -v, TIME_RUNS times; prints "cpu_seconds rss_kib" (medians).
# $1: command to run before each measured run ("" for none); rest: the command (no shell).
timev() {
    local prep=$1; shift
    local out=$RAW/timev.$$ i
    local cpu=() rss=()
    for ((i = 0; i < TIME_RUNS; i++)); do
        [ -z "$prep" ] || bash -c "$prep"
        if ! /usr/bin/time -v -o "$out" "$@" >/dev/null 2>"$out.err"; then
            cat "$out.err" >&2
            echo "nan nan"
            return
        fi
        cpu+=("$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$out")")
        rss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out")")
    done
    echo "$(printf '%s\n' "${cpu[@]}" | median) $(printf '%s\n' "${rss[@]}" | median)"
}

# hyperfine over both engines in one invocation; appends rows for op $3.
# $1 N, $2 fs, $3 op, $4 prepare ("" for none), $5 spiega command, $6 hugo command,
# $7 floor command (optional)
pair() {
    local n=$1 fs=$2 op=$3 prep=$4 s_cmd=$5 h_cmd=$6 f_cmd=${7:-} runs=$RUNS
    [ "$n" -lt 10000 ] || runs=$RUNS_LARGE
    local json=$RAW/$op-$n-$fs.json
    local args=(--warmup "$WARMUP" --runs "$runs" --export-json "$json" --style basic)
    [ -z "$prep" ] || args+=(--prepare "$prep")
    local names=() cmds=()
    if [ -n "$s_cmd" ]; then names+=(spiega); cmds+=("$s_cmd"); fi
    names+=(hugo); cmds+=("$h_cmd")
    if [ -n "$f_cmd" ]; then names+=(floor); cmds+=("$f_cmd"); fi
    local i
    for i in "${!cmds[@]}"; do args+=(-n "${names[$i]}" "${cmds[$i]}"); done
    say "N=$n $fs $op: hyperfine ${names[*]}"
    if ! hyperfine "${args[@]}" >&2; then
        note "- N=$n $fs $op: hyperfine failed (see the log above)"
        return
    fi
    for i in "${!cmds[@]}"; do
        local e=${names[$i]} m sd t
        read -r m sd < <(jq -r --arg e "$e" '.results[] | select(.command == $e) | "\(.mean) \(.stddev // 0)"' "$json")
        # shellcheck disable=SC2086
        t=$(timev "$prep" ${cmds[$i]})
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$fs" "$op" "$e" "$m" "$sd" $t >>"$ROWS"
    done
}

# files under $1 newer than marker $2, and the file count of $1
newer() { find "$1" -type f -newer "$2" | wc -l; }
count() { find "$1" -type f | wc -l; }

# ---------------------------------------------------------------- run
SPIEGA_OK=()
for n in $SIZES; do
    src=$WORK/corpus-$n
    say "corpus: $n pages, seed $SEED"
    "$CORPUS" --pages "$n" --seed "$SEED" --out "$src" --links "$LINKS"
    S=$src/spiega H=$src/hugo

    # Does Spiega build this corpus at all? If not, say why and time Hugo alone.
    probe=$(fs_dir "${FSES%% *}")/probe-$n
    rm -rf "$probe"
    spiega_ok=1
    if ! "$SPIEGA" build --root "$S" --output "$probe" --quiet 2>"$RAW/spiega-error-$n.txt"; then
        spiega_ok=
        note "- N=$n: \`spiega build\` failed; Hugo timed alone. Its error:"
        note '```'
        head -c 3000 "$RAW/spiega-error-$n.txt" >>"$NOTES"
        note '```'
        say "spiega build failed at N=$n:"; cat "$RAW/spiega-error-$n.txt" >&2
    fi
    rm -rf "$probe"
    SPIEGA_OK+=("$n:${spiega_ok:-0}")

    first_fs=1
    for fs in $FSES; do
        d=$(fs_dir "$fs")
        mkdir -p "$d"
        os=$d/out-spiega-$n oh=$d/out-hugo-$n of=$d/out-floor-$n
        f_build=
        [ "$WITH_FLOOR" != 1 ] || f_build="$FLOOR $S/content $of"
        s_build="$SPIEGA build --root $S --output $os --quiet"
        h_build="$HUGO --source $H --destination $oh --quiet"
        [ -n "$spiega_ok" ] || s_build=

        # sync: the last run's dirty pages are flushed before the next one starts.
        pair "$n" "$fs" full "rm -rf $os $oh $of; sync" "$s_build" "$h_build" "$f_build"

        # No-change rebuild: both outputs exist from the last full run.
        [ -z "$spiega_ok" ] || [ -d "$os" ] || $s_build
        [ -d "$oh" ] || $h_build
        pair "$n" "$fs" rebuild "" "$s_build" "$h_build"

        # What does a no-change rebuild write? Count files newer than a marker.
        for e in spiega hugo; do
            if [ $e = spiega ]; then [ -n "$spiega_ok" ] || continue; out=$os cmd=$s_build
            else out=$oh cmd=$h_build; fi
            marker=$RAW/marker-$e
            before=$(count "$out")
            touch "$marker"; sleep 0.05
            $cmd >/dev/null 2>&1 || true
            printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$fs" "$e" "$(newer "$out" "$marker")" "$before/$(count "$out")" >>"$RAW/written.tsv"
        done

        # check does not write: time it once per N, on the first filesystem.
        if [ -n "$first_fs" ]; then
            s_check="$SPIEGA check --root $S"
            [ -n "$spiega_ok" ] || s_check=
            pair "$n" "-" check "" "$s_check" "$HUGO --source $H --renderToMemory --quiet"
            first_fs=
        fi
        rm -rf "$os" "$oh" "$of"
    done
done

# ---------------------------------------------------------------- report
ver() { "$@" 2>&1 | head -1; }
{
    echo "# Spiega vs Hugo: $DATE"
    echo
    echo "Command: \`bash bench/run.sh\` (sizes: $SIZES; seed $SEED; links: $LINKS;" \
        "hyperfine --warmup $WARMUP --runs $RUNS, $RUNS_LARGE at 10,000 pages; /usr/bin/time -v ×$TIME_RUNS, median)."
    echo
    echo "Machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo))," \
        "$(free -g | awk '/Mem:/ {print $2}') GiB memory, Linux $(uname -r)." \
        "tmpfs: \`$TMPFS\` ($(df -T --output=fstype "$TMPFS" | tail -1)); disk: \`$WORK/disk\` ($(df -T --output=fstype "$WORK" | tail -1))."
    echo
    echo "Versions: spiega $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet -- src Cargo.toml Cargo.lock 2>/dev/null || echo ' (+ uncommitted changes)');" \
        "$(ver "$HUGO" version | cut -d' ' -f1-2); $(ver hyperfine --version); $(ver rustc --version | cut -d' ' -f1-2)."
    echo
    echo "Ratios are Spiega / Hugo: below 1 means Spiega is faster or smaller."
    echo "Wall: hyperfine mean ± σ. CPU: user + system. RSS: peak resident set."
    echo
    echo "| pages | output | operation | Spiega wall | Hugo wall | wall ratio | Spiega CPU | Hugo CPU | CPU ratio | Spiega RSS | Hugo RSS | RSS ratio | floor wall |"
    echo "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '
        function sec(x) { return x == "nan" || x == "" ? "—" : sprintf("%.3f s", x) }
        function mib(x) { return x == "nan" || x == "" ? "—" : sprintf("%.0f MiB", x / 1024) }
        function ratio(a, b) { return (a == "" || b == "" || a == "nan" || b == "nan" || b == 0) ? "—" : sprintf("**%.2fx**", a / b) }
        {
            k = $1 SUBSEP $2 SUBSEP $3
            if (!(k in seen)) { seen[k] = 1; order[++n] = k }
            m[k, $4] = $5; sd[k, $4] = $6; cpu[k, $4] = $7; rss[k, $4] = $8
        }
        END {
            for (i = 1; i <= n; i++) {
                k = order[i]; split(k, p, SUBSEP)
                sw = (k SUBSEP "spiega") in m ? sprintf("%.3f ± %.3f s", m[k, "spiega"], sd[k, "spiega"]) : "—"
                hw = (k SUBSEP "hugo") in m ? sprintf("%.3f ± %.3f s", m[k, "hugo"], sd[k, "hugo"]) : "—"
                fw = (k SUBSEP "floor") in m ? sprintf("%.3f s", m[k, "floor"]) : "—"
                printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", p[1], p[2], p[3],
                    sw, hw, ratio(m[k, "spiega"], m[k, "hugo"]),
                    sec(cpu[k, "spiega"]), sec(cpu[k, "hugo"]), ratio(cpu[k, "spiega"], cpu[k, "hugo"]),
                    mib(rss[k, "spiega"]), mib(rss[k, "hugo"]), ratio(rss[k, "spiega"], rss[k, "hugo"]), fw
            }
        }' "$ROWS"
    echo
    echo "\`check\`: \`spiega check --root X\` against \`hugo --renderToMemory\` (Hugo has no check-only mode)."
    echo "Floor: \`bench/floor\` reads every page, renders its Markdown with pulldown-cmark on rayon and writes it, nothing else."
    echo
    if [ -s "$RAW/written.tsv" ]; then
        echo "Files written by a no-change rebuild (newer than a marker; files before/after):"
        echo
        echo "| pages | output | engine | files written | files before/after |"
        echo "|---:|---|---|---:|---:|"
        awk -F'\t' '{printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5}' "$RAW/written.tsv"
        echo
    fi
    echo "## Targets"
    echo
    awk -F'\t' -v written="$RAW/written.tsv" '
        { m[$1, $2, $3, $4] = $5; rss[$1, $2, $3, $4] = $8; if ($1 > big) big = $1; if (small == "" || $1 < small) small = $1 }
        function have(k) { return (k in m) && m[k] != "" }
        function line(name, ok, detail) { printf "- %s %s: %s\n", (ok == "" ? "n/a" : (ok ? "met" : "NOT met")), name, detail }
        END {
            while ((getline l < written) > 0) { split(l, w, "\t"); if (w[3] == "spiega") wr[w[1], w[2]] = w[4] }
            if (have(10000 SUBSEP "tmpfs" SUBSEP "full" SUBSEP "spiega") && have(10000 SUBSEP "tmpfs" SUBSEP "full" SUBSEP "hugo")) {
                r = m[10000, "tmpfs", "full", "spiega"] / m[10000, "tmpfs", "full", "hugo"]
                line("full build, 10,000 pages, tmpfs ≤ 0.30x Hugo wall", r <= 0.30, sprintf("%.2fx", r))
            } else line("full build, 10,000 pages, tmpfs ≤ 0.30x Hugo wall", "", "not measured")
            if (have(1000 SUBSEP "tmpfs" SUBSEP "full" SUBSEP "spiega") && have(1000 SUBSEP "tmpfs" SUBSEP "full" SUBSEP "hugo")) {
                r = m[1000, "tmpfs", "full", "spiega"] / m[1000, "tmpfs", "full", "hugo"]
                line("full build, 1,000 pages, tmpfs ≤ 0.50x Hugo wall", r <= 0.50, sprintf("%.2fx", r))
            } else line("full build, 1,000 pages, tmpfs ≤ 0.50x Hugo wall", "", "not measured")
            if ((10000 SUBSEP "tmpfs" SUBSEP "full" SUBSEP "spiega") in rss && rss[10000, "tmpfs", "full", "spiega"] != "nan" && rss[10000, "tmpfs", "full", "hugo"] > 0) {
                r = rss[10000, "tmpfs", "full", "spiega"] / rss[10000, "tmpfs", "full", "hugo"]
                line("peak memory, full build, 10,000 pages ≤ 0.25x Hugo", r <= 0.25, sprintf("%.2fx", r))
            } else line("peak memory, full build, 10,000 pages ≤ 0.25x Hugo", "", "not measured")
            for (k in m) {
                split(k, p, SUBSEP)
                if (p[3] != "rebuild" || p[4] != "spiega" || !have(p[1] SUBSEP p[2] SUBSEP "full" SUBSEP "spiega")) continue
                r = m[k] / m[p[1], p[2], "full", "spiega"]
                wn = ((p[1] SUBSEP p[2]) in wr) ? wr[p[1], p[2]] : "?"
                line(sprintf("no-change rebuild, %s pages, %s ≤ 0.30x own full build and writes no file", p[1], p[2]),
                    r <= 0.30 && wn == "0", sprintf("%.2fx, %s files written", r, wn))
            }
            if (have(1000 SUBSEP "tmpfs" SUBSEP "full" SUBSEP "spiega") && have(10000 SUBSEP "tmpfs" SUBSEP "full" SUBSEP "spiega")) {
                r = m[10000, "tmpfs", "full", "spiega"] / m[1000, "tmpfs", "full", "spiega"]
                line("growth 1,000 → 10,000 pages ≤ 10x wall (full, tmpfs)", r <= 10, sprintf("%.1fx", r))
            } else line("growth 1,000 → 10,000 pages ≤ 10x wall (full, tmpfs)", "", "not measured")
        }' "$ROWS"
    if [ -s "$NOTES" ]; then
        echo
        echo "## Notes"
        echo
        cat "$NOTES"
    fi
} >"$RESULTS"
cp "$ROWS" "${RESULTS%.md}.tsv"

# ---------------------------------------------------------------- the serve loop
# Save → reload event, as a tab sees it. On the bundled site (no peer can build it): tests/serve.rs's
# measurement (an ignored test) with the release binary. On each corpus: bench/serve.mjs, spiega
# serve and hugo server side by side, saving the same page (Hugo as it runs by default, with fast
# render; and with --disableFastRender, which re-renders every page like Spiega's update pass).
if [ "${BENCH_SERVE:-1}" = 1 ]; then
    say "serve loop: save → reload on the bundled site"
    serve_out=$(cd "$ROOT" && SPIEGA_SERVE_BIN="$SPIEGA" cargo test --release --test serve -- \
        --ignored --nocapture save_to_reload 2>/dev/null | grep -E 'median' || true)
    {
        echo
        echo "## The serve loop"
        echo
        echo "Bundled site, 20 saves of content/storia/accordo.md (target: reload event under 50 ms):"
        echo
        if [ -n "$serve_out" ]; then
            printf '%s\n' "$serve_out" | sed 's/^/- /'
        else
            echo "- not measured (the serve measurement did not run)"
        fi
    } >>"$RESULTS"
    for n in $SIZES; do
        for hugo_args in "" "--disableFastRender"; do
            saves=${BENCH_SERVE_SAVES:-20}
            [ -n "$hugo_args" ] && saves=${BENCH_SERVE_SAVES_FULL:-5}
            say "serve loop: $n pages, hugo server $hugo_args"
            side=$(node "$HERE/serve.mjs" --spiega "$SPIEGA" --spiega-site "$WORK/corpus-$n/spiega" \
                --hugo "$HUGO" --hugo-site "$WORK/corpus-$n/hugo" \
                --page content/articles/page-00002.md --saves "$saves" \
                --hugo-args "$hugo_args" 2>&1 || true)
            {
                echo
                echo "$n pages, save → reload, $saves saves each, side by side (hugo server ${hugo_args:-default}):"
                echo
                printf '%s\n' "$side" | sed 's/^/- /'
            } >>"$RESULTS"
        done
    done
fi
cat "$RESULTS"
say "written: $RESULTS"
