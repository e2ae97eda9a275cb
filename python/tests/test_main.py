"""`python -m vanban` is the command line: same output, same exit codes."""

from __future__ import annotations

import subprocess
import sys

from conftest import FIXTURES, run_cli


def python_m(*args, input: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "vanban", *map(str, args)],
        input=input,
        capture_output=True,
        timeout=600,
    )


def test_convert_writes_what_the_binary_writes(cli, tmp_path):
    seed = FIXTURES / "seeds" / "angiang-ubnd-kh181-nq03.txt"
    done = python_m("convert", seed)
    assert done.returncode == 0, done.stderr
    assert done.stdout == run_cli(cli, "convert", seed).stdout
    # A folder into -o: one JSON per input, byte-identical to the binary's.
    for runner, out in ((python_m, tmp_path / "py"), (lambda *a: run_cli(cli, *a), tmp_path / "bin")):
        assert runner("convert", FIXTURES / "seeds", "-o", out).returncode == 0
    py_files = sorted(p.relative_to(tmp_path / "py") for p in (tmp_path / "py").rglob("*.json"))
    bin_files = sorted(p.relative_to(tmp_path / "bin") for p in (tmp_path / "bin").rglob("*.json"))
    assert py_files == bin_files and len(py_files) >= 5
    for rel in py_files:
        assert (tmp_path / "py" / rel).read_bytes() == (tmp_path / "bin" / rel).read_bytes()


def test_schema_and_version(cli):
    assert python_m("schema").stdout == run_cli(cli, "schema").stdout
    assert python_m("--version").stdout == run_cli(cli, "--version").stdout


def test_exit_codes(tmp_path):
    missing = tmp_path / "missing.txt"
    done = python_m("convert", missing)
    assert done.returncode == 1
    assert f"vanban: {missing}: cannot read" in done.stderr.decode()
    done = python_m("no-such-command")
    assert done.returncode == 2
    assert b"python -m vanban" in done.stderr, "usage names how the command was run"
    assert python_m("--help").returncode == 0


def test_restore_reads_standard_input():
    done = python_m("restore", "-", input="Ke hoach thuc hien\n".encode())
    assert done.returncode == 0
    assert done.stdout.decode() == "Kế hoạch thực hiện\n"
