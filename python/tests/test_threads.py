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


def _count_until(stop) -> tuple[int, float]:
    """Counts in a pure-Python loop until `stop()`: how much Python this thread ran."""
    count, start = 0, time.perf_counter()
    while not stop():
        count += 1
    return count, time.perf_counter() - start


def test_the_gil_is_released_while_converting():
    # While another thread converts, this thread keeps running Python at about its own speed
    # alone (a share near 1). With the GIL held during a conversion it would stall for the
    # whole conversion: a GIL-holding call (json.loads of a large text) in the same harness gives
    # 0.2-0.3. A share of its speed alone, so that load on the machine slows both alike.
    data = (FIXTURES / "reference" / "nq03_NQ-CP_2025_full.txt").read_bytes() * 4
    deadline = time.perf_counter() + 0.3
    alone, seconds = _count_until(lambda: time.perf_counter() > deadline)
    rate = alone / seconds

    done = threading.Event()

    def work():
        for _ in range(3):
            vanban.convert_json(data, name="plan.txt")
        done.set()

    worker = threading.Thread(target=work)
    worker.start()
    during, seconds = _count_until(done.is_set)
    worker.join()
    share = during / (rate * seconds)
    assert share > 0.6, f"this thread ran at {share:.0%} of its speed alone during {seconds:.2f} s"
