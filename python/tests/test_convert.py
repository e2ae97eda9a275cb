"""The Python API gives what the command line gives, for every fixture it converts."""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import shutil
from pathlib import Path

import pytest

import vanban
from conftest import FIXTURES, run_cli


def test_every_fixture_the_cli_converts_gives_the_same_json(cli_batch):
    assert len(cli_batch.outputs) >= 100, "the fixtures folder should give many documents"
    mismatched = []
    for path, expected in cli_batch.outputs.items():
        text = vanban.convert_json(path)
        if text != expected:
            mismatched.append(path)
            continue
        # The dict is the same JSON, parsed.
        assert vanban.convert(path) == json.loads(expected), path
    assert mismatched == []


def test_bytes_with_a_name_give_the_same_json_as_the_path(cli_batch):
    for path, expected in cli_batch.outputs.items():
        data = Path(path).read_bytes()
        assert vanban.convert_json(data, name=path) == expected, path


def test_every_fixture_the_cli_refuses_raises_with_the_same_reason(cli_batch):
    # fixtures/pdf/bad holds broken PDFs: the CLI must refuse some, or this test tests nothing.
    assert cli_batch.failures, "expected some fixtures the CLI refuses"
    for path, reason in cli_batch.failures.items():
        with pytest.raises(vanban.ConversionError) as caught:
            vanban.convert(path)
        assert caught.value.path == path
        assert caught.value.reason == reason
        assert str(caught.value) == f"{path}: {reason}"


def _seed() -> Path:
    return FIXTURES / "seeds" / "angiang-ubnd-kh181-nq03.txt"


def _pdf() -> Path:
    return FIXTURES / "tables" / "kh-bentre-chitieu.pdf"


@pytest.mark.parametrize("kind", ["path", "pathlib", "bytes", "bytearray", "memoryview", "file", "bytesio"])
def test_every_kind_of_source(cli, kind):
    pdf = _pdf()
    expected = run_cli(cli, "convert", pdf).stdout.decode("utf-8")
    data = pdf.read_bytes()
    name = str(pdf)
    if kind == "path":
        got = vanban.convert_json(str(pdf))
    elif kind == "pathlib":
        got = vanban.convert_json(pdf)
    elif kind == "bytes":
        got = vanban.convert_json(data, name=name)
    elif kind == "bytearray":
        got = vanban.convert_json(bytearray(data), name=name)
    elif kind == "memoryview":
        got = vanban.convert_json(memoryview(data), name=name)
    elif kind == "file":
        with open(pdf, "rb") as f:  # the name comes from the file object
            got = vanban.convert_json(f)
    else:
        got = vanban.convert_json(io.BytesIO(data), name=name)
    assert got == expected


def test_bytes_without_a_name_are_recognised_by_their_content():
    doc = vanban.convert(_pdf().read_bytes())
    assert doc["source"]["format"] == "pdf"
    assert doc["source"]["path"] == "-"


def test_name_overrides_the_recorded_path():
    doc = vanban.convert(_seed(), name="kh181.txt")
    assert doc["source"]["path"] == "kh181.txt"
    assert doc["document"]["number"] == "181/KH-UBND"


@pytest.mark.parametrize(
    "option, cli_args, changes",
    [
        # The stripped file is restored by "auto" as by "always"; "never" keeps it as it is.
        ({"restore": "never"}, ["--restore", "never"], True),
        ({"restore": "always"}, ["--restore", "always"], False),
        # The TCVN3 file is detected as such: naming its encoding changes nothing; naming
        # another one reads it differently.
        ({"encoding": "tcvn3"}, ["--encoding", "tcvn3"], False),
        ({"encoding": "vni"}, ["--encoding", "vni"], True),
    ],
)
def test_options_reach_the_library(cli, option, cli_args, changes):
    # A stripped (no diacritics) document for restore; a TCVN3 file for encodings.
    source = {
        "restore": FIXTURES / "restore" / "heldout" / "nq71_trich.ocr.txt",
        "encoding": FIXTURES / "encodings" / "plan.tcvn3.txt",
    }[next(iter(option))]
    expected = run_cli(cli, "convert", *cli_args, source)
    assert expected.returncode == 0, expected.stderr
    got = vanban.convert_json(source, **option)
    assert got == expected.stdout.decode("utf-8")
    assert (got != vanban.convert_json(source)) == changes


@pytest.mark.parametrize(
    "data, name, reason",
    [
        (b"", None, "empty file"),
        (b"   \n\t\n", None, "no text"),
        (b"abc\x00def", None, "binary data"),
        (b"plain text", "x.pdf", "not a PDF"),
        (b"%PDF-1.7\n1 0 obj\n<<", "cut.pdf", "PDF"),
    ],
)
def test_bad_input_raises_conversion_error(cli, tmp_path, data, name, reason):
    with pytest.raises(vanban.ConversionError) as caught:
        vanban.convert(data, name=name)
    error = caught.value
    assert error.path == (name or "-")
    assert reason in error.reason
    # The CLI gives the same reason for the same bytes in a file.
    path = tmp_path / (name or "input.txt")
    path.write_bytes(data)
    done = run_cli(cli, "convert", path)
    assert done.returncode == 1
    assert done.stderr.decode("utf-8").strip() == f"vanban: {path}: {error.reason}"


def test_invalid_utf8_with_encoding_utf8_names_the_offset():
    with pytest.raises(vanban.ConversionError) as caught:
        vanban.convert("Kế hoạch".encode() + b"\xff\xfe", encoding="utf-8")
    assert "offset" in caught.value.reason


def test_unreadable_paths_raise_conversion_error(tmp_path):
    for path in (tmp_path / "missing.txt", tmp_path):
        with pytest.raises(vanban.ConversionError) as caught:
            vanban.convert(path)
        assert caught.value.path == str(path)
        assert caught.value.reason.startswith("cannot read")


def test_conversion_error_pickles():
    # Spark and Ray send exceptions between processes.
    try:
        vanban.convert(b"")
    except vanban.ConversionError as error:
        again = pickle.loads(pickle.dumps(error))
    assert isinstance(again, vanban.ConversionError)
    assert (again.path, again.reason, str(again)) == ("-", "empty file", "-: empty file")


@pytest.mark.parametrize(
    "kwargs",
    [{"restore": "sometimes"}, {"encoding": "latin-9"}, {"ocr": "maybe"}, {"restore": "AUTO"}],
)
def test_unknown_option_values_are_value_errors(kwargs):
    with pytest.raises(ValueError) as caught:
        vanban.convert(_seed(), **kwargs)
    assert not isinstance(caught.value, vanban.ConversionError)


def test_ocr_modes_reach_the_library():
    # A text file has no pages to OCR: every mode gives the default's document.
    for mode in ["auto", "always", "never"]:
        assert vanban.convert(_seed(), ocr=mode) == vanban.convert(_seed())


def test_sources_of_other_types_are_type_errors(tmp_path):
    with pytest.raises(TypeError):
        vanban.convert(42)
    text_file = tmp_path / "a.txt"
    text_file.write_text("Kế hoạch", encoding="utf-8")
    with open(text_file, encoding="utf-8") as f, pytest.raises(TypeError) as caught:
        vanban.convert(f)
    assert "binary mode" in str(caught.value)


def test_a_document_converted_twice_is_byte_identical(tmp_path):
    copy = tmp_path / "copy.txt"
    shutil.copy(_seed(), copy)
    assert vanban.convert_json(copy) == vanban.convert_json(copy)


def test_version_is_the_cli_version(cli):
    out = run_cli(cli, "--version").stdout.decode().split()
    assert out == ["vanban", vanban.__version__]


@pytest.mark.parametrize("diff", [False, True])
def test_schema_is_the_cli_schema(cli, diff):
    args = ["schema", "--diff"] if diff else ["schema"]
    assert vanban.schema(diff=diff) == json.loads(run_cli(cli, *args).stdout)
    assert vanban.schema(diff=diff)["$schema"].startswith("https://json-schema.org/")


def test_restore_is_the_cli_restore(cli):
    # Held-out stripped text: the CLI reads the file, Python gets the same text as a str.
    path = FIXTURES / "restore" / "heldout" / "kien_truc.ocr.txt"
    text = path.read_text(encoding="utf-8")
    for args, kwargs in [([], {}), (["--annotate"], {"annotate": True}), (["--mode", "always"], {"mode": "always"})]:
        expected = run_cli(cli, "restore", *args, path).stdout.decode("utf-8")
        assert vanban.restore(text, **kwargs) == expected, args
    assert vanban.restore(text) != text
    clean = (FIXTURES / "restore" / "heldout" / "kien_truc.txt").read_text(encoding="utf-8")
    assert vanban.restore(clean) == clean
    assert vanban.restore(text, mode="never") == text
    with pytest.raises(ValueError):
        vanban.restore(text, mode="sometimes")


def test_diff_is_the_cli_diff(cli):
    base = FIXTURES / "reference" / "nq03_NQ-CP_2025_full.txt"
    other = _seed()
    expected = json.loads(run_cli(cli, "diff", base, other).stdout)
    assert vanban.diff(base, other) == expected
    # From converted dicts, and from bytes, the same report.
    assert vanban.diff(vanban.convert(base), vanban.convert(other)) == expected
    assert vanban.diff(str(base), other.read_bytes()) != {}
    assert expected["summary"], "the report should have a summary"


def test_diff_reads_the_json_convert_wrote(cli, tmp_path):
    base = FIXTURES / "reference" / "nq03_NQ-CP_2025_full.txt"
    other_json = tmp_path / "kh181.json"
    other_json.write_text(vanban.convert_json(_seed()), encoding="utf-8")
    assert vanban.diff(base, other_json) == vanban.diff(base, _seed())


def test_diff_of_something_that_is_not_a_document():
    with pytest.raises(ValueError):
        vanban.diff({"not": "a document"}, _seed())


def test_convert_record_flattens_a_document():
    data = _seed().read_bytes()
    record = vanban.convert_record(data, "kh181.txt")
    assert tuple(record) == vanban.RECORD_FIELDS
    doc = vanban.convert(data, name="kh181.txt")
    assert record["json"] == vanban.convert_json(data, name="kh181.txt")
    assert record["sha256"] == doc["source"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert (record["type"], record["number"], record["date"], record["title"]) == (
        doc["document"]["type"], "181/KH-UBND", doc["document"]["date"], doc["document"]["title"])
    assert record["issuer"] == doc["document"]["issuer"]["name"]
    assert record["error"] is None


def test_convert_record_marks_a_failure_instead_of_raising():
    record = vanban.convert_record(b"\x00\x01binary", "junk.txt")
    assert record["path"] == "junk.txt"
    assert record["error"].startswith("binary data")
    assert record["sha256"] == hashlib.sha256(b"\x00\x01binary").hexdigest()
    assert all(record[k] is None for k in ("type", "number", "date", "issuer", "title", "json"))
    with pytest.raises(ValueError):  # the caller's mistake is still an exception
        vanban.convert_record(b"x", "x.txt", restore="sometimes")
