#!/usr/bin/env python3
"""Kill test (issue 16): a batch is killed with SIGKILL at random moments, for each output
format; the output folder must then hold no partial file (every file under its final name is
complete: equal to the uninterrupted run's), and a resumed run (`--skip-existing`; a new run
for xlsx, which cannot be added to) must give byte-identical results. The workers of a killed
batch must end too, leaving no temporary file of theirs.

    nice python3 fuzz/kill_test.py --bin target/release/vanban --moments 10 \
        fixtures/seeds fixtures/own fixtures/reference fixtures/pdf
"""

import argparse
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

FORMATS = {
    "json": lambda out: ["-o", str(out)],
    "jsonl": lambda out: ["-o", str(out / "all.jsonl")],
    "csv": lambda out: ["-o", str(out), "--format", "csv"],
    "xlsx": lambda out: ["-o", str(out / "plans.xlsx")],
}


def files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def xlsx_parts(data):
    """A workbook's parts, but its creation time (docProps/core.xml)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def same(fmt, a, b):
    if fmt != "xlsx":
        return a == b
    return a.keys() == b.keys() and all(xlsx_parts(a[k]) == xlsx_parts(b[k]) for k in a)


def batch(binary, inputs, fmt, out, extra=()):
    return [binary, "convert", *inputs, *FORMATS[fmt](out), "-j", "2", "-q", *extra]


def workers_of(pid):
    """Worker processes whose parent is `pid` (from /proc)."""
    kids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    kids.append(int(d.name))
            except (OSError, ValueError, IndexError):
                pass
    return kids


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--moments", type=int, default=10)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("inputs", nargs="+")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    binary = str(Path(args.bin).resolve())
    inputs = [str(Path(i).resolve()) for i in args.inputs]
    failures = 0
    work = Path(tempfile.mkdtemp(prefix="vanban-kill-"))
    try:
        for fmt in FORMATS:
            ref = work / f"ref-{fmt}"
            ref.mkdir()
            start = time.time()
            # Inputs that fail (exit 1) are part of a real batch: the resumed run must end the same.
            ref_rc = subprocess.run(batch(binary, inputs, fmt, ref), stderr=subprocess.DEVNULL).returncode
            assert ref_rc in (0, 1), f"reference run: exit {ref_rc}"
            full = time.time() - start
            expected = files(ref)
            outcomes = {"nothing": 0, "partial-set": 0, "complete": 0}
            for m in range(args.moments):
                out = work / f"{fmt}-{m}"
                out.mkdir()
                at = rng.uniform(0.0, 1.1 * full)
                p = subprocess.Popen(batch(binary, inputs, fmt, out))
                time.sleep(at)
                workers = workers_of(p.pid)
                p.send_signal(signal.SIGKILL)
                p.wait()
                time.sleep(0.5)  # the workers notice their parent is gone
                alive = [w for w in workers if Path(f"/proc/{w}").exists()
                         and "vanban" in Path(f"/proc/{w}/cmdline").read_bytes().decode("latin1")]
                left = files(out)
                finals = {k: v for k, v in left.items() if not k.split("/")[-1].startswith(".")}
                temps = sorted(k for k in left if k.split("/")[-1].startswith("."))
                bad = [k for k, v in finals.items() if k not in expected or not same(fmt, {k: v}, {k: expected[k]})]
                state = "nothing" if not finals else ("complete" if finals.keys() == expected.keys() else "partial-set")
                outcomes[state] += 1
                # Resume: --skip-existing (a workbook cannot be added to: a new run).
                extra = () if fmt == "xlsx" else ("--skip-existing",)
                r = subprocess.run(batch(binary, inputs, fmt, out, extra), capture_output=True)
                resumed = files(out)
                ok = r.returncode == ref_rc and same(fmt, resumed, expected) and not bad and not alive
                print(f"{fmt} kill at {at:5.2f}s of {full:5.2f}s: {state:11} {len(finals):2} files, "
                      f"{len(temps)} temporaries, workers alive {len(alive)}, partial {len(bad)}; "
                      f"resume {'identical' if same(fmt, resumed, expected) else 'DIFFERENT'} (exit {r.returncode})",
                      flush=True)
                if not ok:
                    failures += 1
                    print(f"  FAILED: bad={bad} alive={alive} stderr={r.stderr.decode()[-500:]}", flush=True)
                shutil.rmtree(out)
            print(f"{fmt}: {outcomes}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{failures} failures over {args.moments * len(FORMATS)} kills")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
