"""Threads: the same results at any thread count, and the GIL released while converting."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import vanban
from conftest import FIXTURES


def _documents() -> list[str]:
    paths = sorted(str(p) for p in FIXTURES.rglob("*") if p.suffix in (".txt", ".pdf"))
    assert len(paths) >= 100
    return paths


def _convert(path: str) -> str:
    try:
        return vanban.convert_json(path)
    except vanban.ConversionError as error:
        return f"error: {error}"


def test_threads_give_identical_results():
    paths = _documents()
    serial = [_convert(p) for p in paths]
    # Each document twice, interleaved, so that threads convert the same input at once.
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(_convert, paths + paths))
    assert parallel == serial + serial
    assert any(r.startswith("error: ") for r in serial), "some fixtures should fail"


def _timed(data: bytes) -> float:
    start = time.perf_counter()
    vanban.convert_json(data, name="plan.txt")
    return time.perf_counter() - start


def test_the_gil_is_released_while_converting():
    # While another thread converts a large document, this thread must keep running Python: its
    # longest pause stays far below one conversion's duration. With the GIL held during a
    # conversion, the pause would last the whole conversion.
    text = (FIXTURES / "reference" / "nq03_NQ-CP_2025_full.txt").read_bytes()
    # A document long enough (>= 0.3 s) that scheduling noise cannot pass for a held GIL.
    data = text * max(1, round(0.3 / _timed(text)))
    one = _timed(data)
    done = threading.Event()

    def work():
        for _ in range(3):
            vanban.convert_json(data, name="plan.txt")
        done.set()

    worker = threading.Thread(target=work)
    longest = 0.0
    last = time.perf_counter()
    worker.start()
    while not done.is_set():
        time.sleep(0.001)
        now = time.perf_counter()
        longest = max(longest, now - last)
        last = now
    worker.join()
    assert longest < one / 2, f"main thread paused {longest:.3f} s; one conversion takes {one:.3f} s"
