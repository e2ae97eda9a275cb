#!/usr/bin/env python3
"""Scaling of the cases issue 16 names: CPU time (user + system) of `vanban` on inputs of growing
size, so that quadratic work shows as a time per MB that grows with the size.

    nice python3 fuzz/scaling.py --bin target/release/vanban --seed-text fixtures/seeds/angiang-ubnd-kh181-nq03.txt

Cases: a table row that runs on (a numbered row, then N lines that never start the next number);
tables of N garbage rows; one real table line repeated N times (convert and diff); N copies of a
stripped plan through `restore --annotate`.
"""

import argparse
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from campaign import HEADER, WORDS, strip_marks  # noqa: E402


def cpu(args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return t, p.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--seed-text", required=True, help="a real plan (UTF-8 text) with a task table")
    args = ap.parse_args()
    rng = random.Random(16)
    words = lambda n: " ".join(rng.choice(WORDS) for _ in range(n))
    seed = Path(args.seed_text).read_text("utf-8")
    table_line = max((l for l in seed.splitlines() if l[:3].strip().isdigit()), key=len)
    cases = []
    for n in [400, 800, 1600, 6400]:
        body = "1 Xây dựng chính quyền số Sở Nội vụ 2025\n" + "".join(
            f"tiếp tục triển khai các nội dung của nhiệm vụ phần {i} theo kế hoạch\n" for i in range(n))
        cases.append(("convert", f"run-on row, {n} lines", HEADER + body))
    for n in [1000, 3000, 10000]:
        rows = "".join(f"{i} {words(rng.randint(3, 15))}\n" for i in range(1, n + 1))
        cases.append(("convert", f"garbage table, {n} rows", HEADER + rows))
    for n in [500, 2000, 8000]:
        text = HEADER + (table_line + "\n") * n
        cases.append(("convert", f"table line x{n}", text))
        cases.append(("diff", f"table line x{n}", text))
    for n in [10, 40, 80]:
        cases.append(("restore --annotate", f"stripped plan x{n}", strip_marks(seed) * n))
        cases.append(("restore", f"stripped plan x{n}", strip_marks(seed) * n))
    with tempfile.TemporaryDirectory() as d:
        print(f"{'command':20} {'input':28} {'MB':>6} {'CPU s':>7} {'s/MB':>7} exit")
        for i, (command, name, text) in enumerate(cases):
            path = Path(d) / f"case-{i}.txt"
            path.write_text(text, "utf-8")
            # In-process: the work is this process's (a worker's would not be counted).
            argv = [args.bin, *command.split(), *(["--in-process"] if command == "convert" else [])]
            argv += [args.seed_text, str(path)] if command == "diff" else [str(path)]
            t, rc = cpu(argv)
            mb = len(text.encode()) / 1e6
            print(f"{command:20} {name:28} {mb:6.2f} {t:7.2f} {t / mb:7.2f} {rc}",
                  flush=True)


if __name__ == "__main__":
    main()
