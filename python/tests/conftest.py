"""Shared fixtures: the repository, the `vanban` binary of the same build, and its output on
every fixture, against which the Python package is compared."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures"


def _find_cli() -> Path | None:
    """VANBAN_CLI if set (CI sets it: missing is then an error), else a binary in target/."""
    given = os.environ.get("VANBAN_CLI")
    if given:
        path = Path(given)
        if not path.is_file():
            raise RuntimeError(f"VANBAN_CLI={given} is not a file")
        return path
    for profile in ("release", "debug"):
        path = REPO / "target" / profile / "vanban"
        if path.is_file():
            return path
    return None


@pytest.fixture(scope="session")
def cli() -> Path:
    path = _find_cli()
    if path is None:
        pytest.skip("no vanban binary: build it (cargo build --release) or set VANBAN_CLI")
    return path


def run_cli(cli: Path, *args, input: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(cli), *map(str, args)], input=input, capture_output=True, timeout=600
    )


@dataclass
class CliBatch:
    """What `vanban convert FIXTURES -o OUT` gave: the JSON text of each converted input
    (keyed by the path recorded in it) and the reason of each failure (keyed by path)."""

    outputs: dict[str, str]
    failures: dict[str, str]


@pytest.fixture(scope="session")
def cli_batch(cli, tmp_path_factory) -> CliBatch:
    out = tmp_path_factory.mktemp("cli-out")
    done = run_cli(cli, "convert", FIXTURES, "-o", out)
    assert done.returncode in (0, 1), done.stderr.decode()
    outputs = {}
    for path in sorted(out.rglob("*.json")):
        text = path.read_text(encoding="utf-8")
        outputs[json.loads(text)["source"]["path"]] = text
    # Each failure is reported as "vanban: <path>: <reason>"; other lines (the summary) are not,
    # nor files the folder walk passes over ("skipped: unsupported format .py ..."): given
    # alone, such a file is converted, so it is not a document the library refuses.
    failures = {}
    prefix = f"vanban: {FIXTURES}{os.sep}"
    for line in done.stderr.decode("utf-8").splitlines():
        if line.startswith(prefix):
            path, reason = line[len("vanban: ") :].split(": ", 1)
            if not reason.startswith("skipped: "):
                failures[path] = reason
    # x.txt beside x.pdf: both would write x.json, so the batch refuses the second. That is
    # the batch's output naming, not the document: convert such a file alone, to stdout.
    for path, reason in list(failures.items()):
        if reason.startswith("output ") and "is already written" in reason:
            alone = run_cli(cli, "convert", path)
            assert alone.returncode == 0, alone.stderr
            outputs[path] = alone.stdout.decode("utf-8")
            del failures[path]
    return CliBatch(outputs, failures)
