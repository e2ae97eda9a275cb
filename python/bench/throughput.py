"""Throughput of the Python API against the `vanban` binary, and of the Spark job by cores, on a
folder of distinct documents (no copies).

    python python/bench/throughput.py prepare DOCS --corpus ../shared/corpus ../shared/corpus-extra \
        --copy ../shared/seeds ../shared/reference ../shared/real/pdf ../shared/real/text
    python python/bench/throughput.py api DOCS --cli target/release/vanban --rounds 5
    python python/bench/throughput.py spark DOCS --rounds 3
    python python/bench/throughput.py instructions DOCS --every 6

`prepare` cuts each corpus file into documents at its chapters ("Chương …" headings) and copies
the other folders' .txt and .pdf files, keeping only what the binary converts. `api` runs, in
fresh processes, interleaved round by round: the binary (`convert DOCS --format jsonl --jobs N` into
/dev/null) and Python processes converting the same files through `vanban.convert_json` (str) and
`vanban.convert` (dict), on one thread and on N threads; it prints medians of wall time and of CPU time (user + system, which
other load on the machine disturbs less). `spark` runs the Spark job with local[1] and local[2].
`instructions` counts the instructions (valgrind's callgrind, every thread and every process: the
binary's batch runs in worker processes) of the binary and of
the Python API on one thread, and of Python's start-up alone: counts no other load changes.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHAPTER = re.compile(r"^Chương [IVXLC0-9]+\b", re.MULTILINE)


def prepare(out: Path, corpus: list[Path], copy: list[Path], cli: Path) -> None:
    out.mkdir(parents=True, exist_ok=False)
    count = 0
    for folder in corpus:
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            starts = [m.start() for m in CHAPTER.finditer(text)] or [0]
            for k, (a, b) in enumerate(zip(starts, starts[1:] + [len(text)])):
                chapter = text[a:b].strip()
                if len(chapter) >= 2000:  # a chapter, not a stray heading
                    (out / f"{path.stem}.{k:03}.txt").write_text(chapter + "\n", encoding="utf-8")
                    count += 1
    for folder in copy:
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in (".txt", ".pdf") and path.is_file():
                shutil.copy(path, out / f"{folder.name}.{path.name}")
                count += 1
    # Keep only what the binary converts: the benchmark measures conversions, not refusals.
    done = subprocess.run([str(cli), "convert", str(out), "--format", "jsonl"],
                          capture_output=True)
    for line in done.stderr.decode("utf-8", "replace").splitlines():
        m = re.match(rf"^vanban: ({re.escape(str(out))}/[^:]+): ", line)
        if m:
            Path(m.group(1)).unlink()
            count -= 1
    files = sorted(out.iterdir())
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} documents, {size / 1e6:.1f} MB in {out}")


PYTHON_LOOP = """
import sys, vanban
from concurrent.futures import ThreadPoolExecutor
convert = getattr(vanban, sys.argv[1], None)  # "none": start-up only
threads = int(sys.argv[2])
paths = sys.argv[3:]
if convert is None:
    pass
elif threads == 1:
    for p in paths:
        convert(p)
else:
    with ThreadPoolExecutor(threads) as pool:
        for _ in pool.map(convert, paths, chunksize=8):
            pass
"""


def timed(argv: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one child process and its descendants."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{argv[:4]} … failed ({done.returncode}):\n"
                 + done.stderr.decode("utf-8", "replace")[-3000:])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def api(docs: Path, cli: Path, rounds: int, threads: list[int]) -> None:
    paths = [str(p) for p in sorted(docs.iterdir())]
    size = sum(os.path.getsize(p) for p in paths)
    runs = {}
    for n in threads:
        runs[f"cli --jobs {n}"] = [str(cli), "convert", str(docs), "--format", "jsonl", "--jobs", str(n)]
        for function in ("convert_json", "convert"):
            runs[f"{function} x{n}"] = [sys.executable, "-c", PYTHON_LOOP, function, str(n), *paths]
    times = {name: [] for name in runs}
    for _ in range(rounds):
        for name, argv in runs.items():  # interleaved: load on the machine hits all alike
            times[name].append(timed(argv))
    print(f"{len(paths)} documents, {size / 1e6:.1f} MB, {rounds} rounds, medians:")
    for name, samples in times.items():
        wall = statistics.median(w for w, _ in samples)
        cpu = statistics.median(c for _, c in samples)
        print(f"  {name:16} wall {wall:7.2f} s  {len(paths) / wall:7.1f} docs/s   "
              f"cpu {cpu:7.2f} s  {len(paths) / cpu:7.1f} docs/cpu-s")


def instructions(docs: Path, cli: Path, every: int) -> None:
    # Every `every`-th document (callgrind runs ~50 times slower than the program).
    paths = [str(p) for p in sorted(docs.iterdir())][every - 1 :: every]

    def count(argv: list[str]) -> int:
        # Every process: the binary converts a batch in worker processes, one per thread.
        done = subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes",
                               "--callgrind-out-file=/dev/null", *argv],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
        return sum(int(n) for n in re.findall(r"Collected : (\d+)", done.stderr.decode()))

    loop = [sys.executable, "-c", PYTHON_LOOP]
    binary = count([str(cli), "convert", *paths, "--format", "jsonl", "--jobs", "1"])
    in_process = count([str(cli), "convert", *paths, "--format", "jsonl", "--jobs", "1",
                        "--in-process"])
    start = count([*loop, "none", "1", *paths])
    print(f"{len(paths)} documents, instructions (callgrind Ir):")
    print(f"  cli --jobs 1       {binary:15,}  (a worker process, as by default)")
    print(f"  cli --in-process   {in_process:15,}  {in_process / binary - 1:+6.1%}")
    print(f"  python start-up    {start:15,}  (import vanban, no conversion)")
    for function in ("convert_json", "convert"):
        n = count([*loop, function, "1", *paths])
        print(f"  {function:17}  {n:15,}  {n / binary - 1:+6.1%} over the binary, "
              f"{(n - start) / binary - 1:+6.1%} without Python's start-up")


def spark(docs: Path, rounds: int, cores: list[int], pin: bool, conf: list[str]) -> None:
    """The Spark job on `docs` and on a folder of its first document alone (the job's fixed cost:
    JVM, session, planning, Parquet commit), with local[n] for each n of `cores`, interleaved.
    With `pin`, the whole job (JVM, driver, Python workers) runs on n CPUs (taskset), as an
    executor given n cores by its container: local[n] alone still lets the JVM's compiler and
    garbage-collector threads use every core of the machine."""
    import pyspark

    submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    job = REPO / "examples" / "spark" / "convert_archive.py"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    paths = sorted(docs.iterdir())
    extra = [arg for c in conf for arg in ("--conf", c)]
    times = {(n, folder): [] for n in cores for folder in ("all", "one")}
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one"
        one.mkdir()
        shutil.copy(paths[0], one / paths[0].name)
        for r in range(rounds):
            for n in cores:
                for folder, src in (("all", docs), ("one", one)):
                    out = Path(tmp) / f"out-{n}-{folder}-{r}"
                    pinned = ["taskset", "-c", f"0-{n - 1}"] if pin else []
                    argv = [*pinned, str(submit), "--master", f"local[{n}]", "--conf",
                            "spark.ui.enabled=false", *extra, str(job), str(src), str(out)]
                    times[(n, folder)].append(timed(argv, env=env))
                    wall, cpu = times[(n, folder)][-1]
                    print(f"  round {r + 1}: local[{n}] {folder:3} wall {wall:6.2f} s, "
                          f"cpu {cpu:6.2f} s", flush=True)
    print(f"Spark job, {len(paths)} documents, {rounds} rounds{', pinned' if pin else ''}, "
          "medians of the whole job (JVM, driver and Python workers; CPU = user + system of all "
          "its processes); 'beyond' = the job less the same job on one document:")

    def median(n: int, folder: str, k: int) -> float:
        return statistics.median(sample[k] for sample in times[(n, folder)])

    base = median(cores[0], "all", 0)
    base_beyond = base - median(cores[0], "one", 0)
    for n in cores:
        wall, fixed = median(n, "all", 0), median(n, "one", 0)
        print(f"  local[{n}]  wall {wall:7.2f} s  {len(paths) / wall:6.1f} docs/s  "
              f"speed-up {base / wall:4.2f}   cpu {median(n, 'all', 1):7.2f} s   "
              f"fixed {fixed:6.2f} s, beyond {wall - fixed:6.2f} s: "
              f"speed-up {base_beyond / (wall - fixed):4.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("out", type=Path)
    p.add_argument("--corpus", type=Path, nargs="*", default=[])
    p.add_argument("--copy", type=Path, nargs="*", default=[])
    p.add_argument("--cli", type=Path, default=REPO / "target" / "release" / "vanban")
    a = sub.add_parser("api")
    a.add_argument("docs", type=Path)
    a.add_argument("--cli", type=Path, default=REPO / "target" / "release" / "vanban")
    a.add_argument("--rounds", type=int, default=5)
    a.add_argument("--threads", type=int, nargs="*", default=[1, 2])
    i = sub.add_parser("instructions")
    i.add_argument("docs", type=Path)
    i.add_argument("--cli", type=Path, default=REPO / "target" / "release" / "vanban")
    i.add_argument("--every", type=int, default=6, help="measure every N-th document")
    s = sub.add_parser("spark")
    s.add_argument("docs", type=Path)
    s.add_argument("--rounds", type=int, default=3)
    s.add_argument("--cores", type=int, nargs="*", default=[1, 2])
    s.add_argument("--pin", action="store_true",
                   help="run local[n] on n CPUs (taskset), as an executor with n cores")
    s.add_argument("--conf", action="append", default=[], help="K=V passed to spark-submit")
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.out, args.corpus, args.copy, args.cli)
    elif args.command == "api":
        api(args.docs, args.cli, args.rounds, args.threads)
    elif args.command == "instructions":
        instructions(args.docs, args.cli, args.every)
    else:
        spark(args.docs, args.rounds, args.cores, args.pin, args.conf)


if __name__ == "__main__":
    main()
