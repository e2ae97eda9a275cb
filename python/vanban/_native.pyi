"""Type stubs of the native module: see ``vanban/__init__.py`` for the public API."""

import os
from typing import Any, Union

VERSION: str
SCHEMA: str
DIFF_SCHEMA: str

def convert_json(
    source: Union[bytes, bytearray, str, os.PathLike[str]],
    name: str | None = None,
    restore: str = "auto",
    ocr: str = "auto",
    encoding: str = "auto",
) -> str: ...
def convert(
    source: Union[bytes, bytearray, str, os.PathLike[str]],
    name: str | None = None,
    restore: str = "auto",
    ocr: str = "auto",
    encoding: str = "auto",
) -> dict[str, Any]: ...
def convert_record_parts(
    source: Union[bytes, bytearray, str, os.PathLike[str]],
    name: str | None = None,
    restore: str = "auto",
    ocr: str = "auto",
    encoding: str = "auto",
) -> tuple[str, str, str | None, str | None, str | None, str | None, str | None]: ...
def load_document_json(
    path: Union[str, os.PathLike[str]],
    restore: str = "auto",
    ocr: str = "auto",
    encoding: str = "auto",
) -> str: ...
def restore(text: str, mode: str = "auto", annotate: bool = False) -> str: ...
def diff(base: str, other: str) -> dict[str, Any]: ...
def run_cli(argv: list[str]) -> int: ...
