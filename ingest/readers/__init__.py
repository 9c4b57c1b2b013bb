"""Readers: one module per input format, each exposing ``read(data: bytes, path: str) -> Document``.

Register a new reader with one line in ``READERS`` (file suffix -> module).  ``tests`` check that
every module in this package is registered.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from trialkg.ingest.document import Document
from trialkg.ingest.errors import RejectedDocument

Reader = Callable[[bytes, str], Document]

READERS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}


def reader_for(path: str | Path) -> Reader:
    suffix = Path(path).suffix.lower()
    name = READERS.get(suffix)
    if name is None:
        known = ", ".join(sorted(READERS))
        raise RejectedDocument(f"unsupported file type {suffix or '(none)'!r}; readers exist for {known}")
    module = import_module(f"{__name__}.{name}")
    reader: Reader = module.read
    return reader


def supported_suffixes() -> set[str]:
    return set(READERS)
