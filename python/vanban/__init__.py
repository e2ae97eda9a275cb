"""vanban: Vietnamese government documents (text, PDF) to structured JSON.

The same library as the ``vanban`` command line, called in-process::

    import vanban
    doc = vanban.convert("kh181.pdf")          # dict: the JSON `vanban convert` writes
    doc["document"]["number"]                   # '181/KH-UBND'
    text = vanban.convert_json(data, name="kh181.pdf")   # str, byte-identical to the CLI's

Conversion releases the GIL, so threads convert in parallel; a file that cannot be converted
raises :class:`ConversionError` with its path and the reason. ``python -m vanban`` runs the
command line.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import IO, Any, Dict, Literal, Union

from . import _native

#: What :func:`convert` reads: a path, the document's bytes, or a binary file object.
Source = Union[str, os.PathLike, bytes, bytearray, memoryview, IO[bytes]]
#: A side of :func:`diff`: a converted document (dict), or a source converted now.
DocumentLike = Union[Dict[str, Any], Source]
Mode = Literal["auto", "always", "never"]

__all__ = [
    "ConversionError",
    "convert",
    "convert_json",
    "convert_record",
    "RECORD_FIELDS",
    "diff",
    "restore",
    "schema",
    "__version__",
]

__version__: str = _native.VERSION


class ConversionError(Exception):
    """A document could not be converted: ``path`` names it, ``reason`` says why.

    ``str(error)`` reads ``"<path>: <reason>"``, as the command line reports it. The error
    pickles, so it crosses process boundaries (Spark, Ray, multiprocessing) intact.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def _source(source: Source, name: str | None) -> tuple[Union[str, bytes, bytearray], str | None]:
    """A path or the bytes of a document, and the name to record for it."""
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source), name
    if isinstance(source, (bytes, bytearray)):
        return source, name
    if isinstance(source, memoryview):
        return source.tobytes(), name
    read = getattr(source, "read", None)
    if read is None:
        raise TypeError(
            "source must be a path, bytes or a binary file object, "
            f"not {type(source).__name__}"
        )
    data = read()
    if isinstance(data, str):
        raise TypeError("source is a text-mode file: open it in binary mode ('rb')")
    if not isinstance(data, (bytes, bytearray)):
        data = bytes(data)
    if name is None:
        file_name = getattr(source, "name", None)
        if isinstance(file_name, (str, bytes, os.PathLike)):
            name = os.fsdecode(file_name)
    return data, name


def convert_json(
    source: Source,
    *,
    name: str | None = None,
    restore: Mode = "auto",
    ocr: Mode = "auto",
    encoding: str = "auto",
) -> str:
    """Convert one document to the JSON text ``vanban convert`` writes, byte for byte.

    ``source`` is a path (``str`` or ``os.PathLike``), the document's bytes (``bytes``,
    ``bytearray``, ``memoryview``) or a binary file object. ``name`` is recorded as
    ``source.path`` and its extension helps recognise the format; it defaults to the path, the
    file object's name, or ``"-"`` for bytes (as for standard input).

    ``restore``: ``"auto"`` (restore diacritics only where missing or damaged), ``"always"``,
    ``"never"``. ``ocr``: ``"auto"`` (pages without usable text), ``"always"``, ``"never"``
    (as the command line's ``--ocr``; Tesseract must be installed). ``encoding``: ``"auto"``, ``"utf-8"``,
    ``"tcvn3"``, ``"vni"``, ``"cp1258"``.

    Raises :class:`ConversionError` when the document cannot be read or converted,
    ``ValueError`` for an unknown option value, ``TypeError`` for a source of another type.
    """
    data, name = _source(source, name)
    return _native.convert_json(data, name, restore, ocr, encoding)


def convert(
    source: Source,
    *,
    name: str | None = None,
    restore: Mode = "auto",
    ocr: Mode = "auto",
    encoding: str = "auto",
) -> Dict[str, Any]:
    """Convert one document to a dict: equal to ``json.loads`` of :func:`convert_json`'s text.

    Arguments as for :func:`convert_json`; the schema is :func:`schema`. The dict is built
    directly from the library's document, without writing and parsing JSON text.
    """
    data, name = _source(source, name)
    return _native.convert(data, name, restore, ocr, encoding)


#: The fields of :func:`convert_record`, in order: the columns of a table of documents.
RECORD_FIELDS = ("path", "sha256", "type", "number", "date", "issuer", "title", "json", "error")


def convert_record(
    data: Union[bytes, bytearray, memoryview],
    name: str,
    *,
    restore: Mode = "auto",
    ocr: Mode = "auto",
    encoding: str = "auto",
) -> Dict[str, Any]:
    """One document as a flat record, for tables of documents (Spark, Ray, pandas, Parquet).

    Keys (:data:`RECORD_FIELDS`): ``path`` (``name``), ``sha256`` (of ``data``, for every
    file), ``type``, ``number``, ``date``, ``issuer`` (the issuing body's name), ``title``
    (``None`` where the document has none), ``json`` (the whole JSON :func:`convert_json`
    gives) and ``error``: ``None`` when converted, else the reason — a document that cannot be
    converted is a record, not an exception, so one bad file never fails a job.
    ``ValueError`` for an unknown option value is still raised: that is the caller's mistake.
    """
    record: Dict[str, Any] = dict.fromkeys(RECORD_FIELDS)
    record["path"] = name
    if isinstance(data, memoryview):
        data = data.tobytes()
    try:
        parts = _native.convert_record_parts(data, name, restore, ocr, encoding)
    except ConversionError as error:
        record["sha256"] = hashlib.sha256(data).hexdigest()
        record["error"] = error.reason
        return record
    text, sha256, type_, number, date, issuer, title = parts
    record.update(sha256=sha256, type=type_, number=number, date=date, issuer=issuer,
                  title=title, json=text)
    return record


def restore(text: str, mode: Mode = "auto", *, annotate: bool = False) -> str:
    """Restore missing or OCR-damaged Vietnamese diacritics, line by line (``vanban restore``).

    ``mode``: ``"auto"`` (only where missing or damaged: correct text is returned unchanged),
    ``"always"``, ``"never"``. ``annotate=True`` marks low-confidence restorations as
    ``⟦restored?original⟧``.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    return _native.restore(text, mode, annotate)


def _document_json(side: DocumentLike, restore: str, ocr: str, encoding: str) -> str:
    if isinstance(side, dict):
        return json.dumps(side, ensure_ascii=False)
    if isinstance(side, (str, os.PathLike)):
        return _native.load_document_json(os.fspath(side), restore, ocr, encoding)
    return convert_json(side, restore=restore, ocr=ocr, encoding=encoding)


def diff(
    base: DocumentLike,
    other: DocumentLike,
    *,
    restore: Mode = "auto",
    ocr: Mode = "auto",
    encoding: str = "auto",
) -> Dict[str, Any]:
    """Compare a plan (``other``) with the plan it implements (``base``), as ``vanban diff``.

    Each side is a dict returned by :func:`convert`, a path (any input, or the ``.json``
    ``vanban convert`` wrote), bytes or a binary file object; inputs are converted with the
    given options. Returns the report (``schema(diff=True)``): tasks taken up, leads,
    deadlines, localized targets.
    """
    return _native.diff(
        _document_json(base, restore, ocr, encoding),
        _document_json(other, restore, ocr, encoding),
    )


def schema(diff: bool = False) -> Dict[str, Any]:
    """The JSON Schema of :func:`convert`'s output (``diff=True``: of :func:`diff`'s report)."""
    return json.loads(_native.DIFF_SCHEMA if diff else _native.SCHEMA)
