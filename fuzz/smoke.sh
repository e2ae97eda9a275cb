#!/bin/sh
# A short smoke run of the coverage-guided fuzzer, for CI: builds the AFL++ targets, fuzzes each
# for SECONDS (default 20) from its seed corpus, 10 s and 2 GiB per input, and fails on any
# crash or hang found (the inputs are kept in $OUT/<target>/default/{crashes,hangs}).
#   fuzz/smoke.sh [SECONDS] [OUT]
set -eu
seconds=${1:-20}
out=${2:-${TMPDIR:-/tmp}/vanban-fuzz-smoke}
cd "$(dirname "$0")"
cargo afl build --release --locked
rm -rf "$out" && mkdir -p "$out"
status=0
for t in pdf text word restore diff; do
    AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
        AFL_BENCH_UNTIL_CRASH=1 \
        cargo afl fuzz -i "corpus/$t" -o "$out/$t" -t 10000 -m 2048 -V "$seconds" \
        "target/release/$t" > "$out.$t.log" 2>&1 || true
    stats="$out/$t/default/fuzzer_stats"
    if [ ! -f "$stats" ]; then
        echo "fuzz smoke: $t did not run (see $out.$t.log)" >&2
        tail -20 "$out.$t.log" >&2
        status=1
        continue
    fi
    get() { sed -n "s/^$1 *: //p" "$stats"; }
    echo "fuzz smoke: $t: $(get execs_done) executions, $(get corpus_count) paths," \
        "crashes $(get saved_crashes), hangs $(get saved_hangs)"
    if [ "$(get saved_crashes)" != 0 ] || [ "$(get saved_hangs)" != 0 ]; then
        status=1
    fi
done
exit $status
