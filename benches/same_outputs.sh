#!/bin/sh
# Byte-compares what two vanban binaries write, for changes that must not change any output
# (speed work). Writes every output of BIN into OUT_DIR; run it once per binary and `diff -r`
# the two folders:
#
#   benches/same_outputs.sh /tmp/vanban-base /tmp/out-base STRIPPED_DIR
#   benches/same_outputs.sh target/release/vanban /tmp/out-new STRIPPED_DIR
#   diff -r /tmp/out-base /tmp/out-new && echo same
#
# STRIPPED_DIR: documents without their marks, e.g. `stripped/` of `examples/cli_bench.rs`'s work
# folder. Outputs: `restore` and `restore --annotate` of each of its texts and of every text of
# fixtures/, and `convert` JSON of it and of fixtures/ (the OCR cache, if set, keeps scans quick).
set -eu
bin=$1 out=$2 stripped=$3
here=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$out"
mkdir -p "$out/restore" "$out/annotate"
find "$stripped" "$here/fixtures" -name '*.txt' | sort | while read -r f; do
    name=$(printf '%s' "$f" | tr '/' '_')
    "$bin" restore "$f" >"$out/restore/$name" 2>&1 || echo "exit $?" >>"$out/restore/$name"
    "$bin" restore --annotate "$f" >"$out/annotate/$name" 2>&1 || echo "exit $?" >>"$out/annotate/$name"
done
"$bin" convert "$stripped" -o "$out/convert-stripped" --jobs 1 -q 2>"$out/convert-stripped.err" || true
"$bin" convert "$here/fixtures" -o "$out/convert-fixtures" -q 2>"$out/convert-fixtures.err" || true
# (the messages name the output folder, which differs from run to run)
sed -i "s|$out|OUT|g" "$out"/*.err
