#!/bin/sh
# A coverage-guided campaign over every target, one after the other, on one core:
#   fuzz/afl_campaign.sh OUT SECONDS_PER_TARGET [TARGET ...]
# (run from the repository; builds the targets first). 10 s and 2 GiB per input, as issue 16
# asks. Prints each target's executions, paths and edge coverage, crashes and hangs, from
# afl-fuzz's fuzzer_stats; findings stay in OUT/<target>/default/{crashes,hangs}.
set -eu
out=$1; seconds=$2; shift 2
targets=${*:-pdf text word restore diff}
cd "$(dirname "$0")"
cargo afl build --release
mkdir -p "$out"
for t in $targets; do
    AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
        AFL_MAP_SIZE=${AFL_MAP_SIZE:-262144} \
        cargo afl fuzz -i "corpus/$t" -o "$out/$t" -t 10000 -m 2048 -V "$seconds" \
        "target/release/$t" > "$out/$t.log" 2>&1 || echo "$t: afl-fuzz exited $?"
done
for t in $targets; do
    s="$out/$t/default/fuzzer_stats"
    [ -f "$s" ] || { echo "$t: no statistics (see $out/$t.log)"; continue; }
    get() { sed -n "s/^$1 *: //p" "$s"; }
    echo "$t: $(get execs_done) executions in $(get run_time) s, $(get corpus_count) paths," \
        "edges $(get edges_found)/$(get total_edges) ($(get bitmap_cvg))," \
        "crashes $(get saved_crashes), hangs $(get saved_hangs)"
done
