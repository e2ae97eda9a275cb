"""The Spark job (examples/spark/convert_archive.py) in local mode, run as a user runs it
(spark-submit --master local[2]), on a folder of a few hundred files with bad ones among them:
its Parquet holds one row per file, each as the Python API converts it, failures marked."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import vanban
from conftest import FIXTURES, REPO

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install pyspark)")
pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is not installed")
pytest.importorskip("pandas", reason="pandas is not installed")

JOB = REPO / "examples" / "spark" / "convert_archive.py"


def _spark_submit() -> Path:
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java for Spark (apt-get install default-jre-headless)")
    path = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    return path


def _archive(root: Path) -> list[Path]:
    """Every fixture twice (copies in two folders: the job sees distinct paths), plus files no
    converter accepts. Returns the files written."""
    for copy in ("a", "b"):
        shutil.copytree(FIXTURES, root / copy, ignore=shutil.ignore_patterns("expected", "gold"))
    bad = root / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "nul.txt").write_bytes(b"Ke hoach\x00\x01\x02")
    (bad / "cut.pdf").write_bytes((FIXTURES / "tables" / "kh-bentre-chitieu.pdf").read_bytes()[:3000])
    (bad / "not-a.pdf").write_bytes("Kế hoạch số 1/KH-UBND".encode())
    (bad / "blank.txt").write_bytes(b" \n \n")
    # Names Spark writes differently as a URI and as a path (spaces, %, +, Vietnamese).
    (bad / "trống rỗng +%20.txt").write_bytes(b"")
    shutil.copy(FIXTURES / "seeds" / "angiang-ubnd-kh181-nq03.txt", root / "kế hoạch 181 +%41.txt")
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_spark_job_writes_one_row_per_file_with_failures_marked(tmp_path):
    spark_submit = _spark_submit()
    files = _archive(tmp_path / "archive")
    assert 300 <= len(files) <= 600
    out = tmp_path / "out.parquet"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    done = subprocess.run(
        [str(spark_submit), "--master", "local[2]", "--conf", "spark.ui.enabled=false",
         str(JOB), str(tmp_path / "archive"), str(out)],
        capture_output=True, env=env, timeout=900,
    )
    assert done.returncode == 0, done.stderr.decode()[-5000:]

    rows = pq.read_table(out).to_pylist()
    assert len(rows) == len(files)
    by_path = {Path(r["path"].removeprefix("file:")): r for r in rows}
    assert sorted(by_path) == files, "one row per file, none lost, none twice"
    # Spark's file scan skips zero-length files; the job gives them their row all the same.
    for empty in ("empty.txt", "trống rỗng +%20.txt"):
        assert by_path[tmp_path / "archive" / "bad" / empty]["error"] == "empty file"

    def expected(row):
        try:
            return vanban.convert_json(Path(row["path"].removeprefix("file:")), name=row["path"])
        except vanban.ConversionError as error:
            return error

    with ThreadPoolExecutor() as pool:  # the GIL is released: use every core
        expectations = list(pool.map(expected, by_path.values()))
    failed = 0
    for (path, row), expected in zip(by_path.items(), expectations):
        assert row["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), path
        if isinstance(expected, vanban.ConversionError):
            failed += 1
            assert row["error"] == expected.reason, path
            assert row["json"] is None and row["number"] is None, path
            continue
        assert row["error"] is None, (path, row["error"])
        assert row["json"] == expected, path
        document = json.loads(expected)["document"]
        assert row["type"] == document["type"]
        assert row["number"] == document["number"]
        assert row["date"] == document["date"]
        assert row["title"] == document["title"]
        assert row["issuer"] == (document["issuer"] or {}).get("name")
    # The six bad files and the bad fixtures (two copies each) failed; the rest converted.
    assert failed >= 6 + 2 * 5, failed
    assert len(rows) - failed >= 250
    # Not vacuous: the seeds, our own documents and the tables carry numbers (18 per copy).
    assert sum(1 for r in rows if r["number"]) >= 2 * 15
