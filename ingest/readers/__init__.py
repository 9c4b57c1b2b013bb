"""Readers: one module per input format, each exposing ``read(data: bytes, path: str) -> Document``.

Register a new reader with one line in ``READERS`` (file suffix -> modules).  When several formats
share a suffix (.xml, .json) each module also has ``accepts(head: bytes) -> bool`` and the first
that accepts the file's first bytes reads it.  ``tests`` check that every module is registered.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from trialkg.ingest.document import Document
from trialkg.ingest.errors import RejectedDocument

Reader = Callable[[bytes, str], Document]

READERS: dict[str, tuple[str, ...]] = {
    ".txt": ("text",),
    ".text": ("text",),
    ".md": ("text",),
    ".html": ("html",),
    ".htm": ("html",),
    ".xhtml": ("html",),
    ".xml": ("pubmed", "jats"),
    ".nxml": ("jats",),
    ".json": ("ctgov",),
}
SNIFF_BYTES = 4096


def reader_for(path: str | Path, head: bytes = b"") -> Reader:
    """The reader for a file, chosen by suffix and, where a suffix is shared, by its first bytes."""
    suffix = Path(path).suffix.lower()
    names = READERS.get(suffix)
    if names is None:
        known = ", ".join(sorted(READERS))
        raise RejectedDocument(f"unsupported file type {suffix or '(none)'!r}; readers exist for {known}")
    for name in names:
        module = import_module(f"{__name__}.{name}")
        accepts = getattr(module, "accepts", None)
        if len(names) == 1 or accepts is None or accepts(head[:SNIFF_BYTES]):
            reader: Reader = module.read
            return reader
    raise RejectedDocument(f"{suffix} file is none of the formats read here ({', '.join(names)})")


def supported_suffixes() -> set[str]:
    return set(READERS)


def safe_xml_options() -> dict[str, bool]:
    """The lxml parser options every XML input is read with, here and by ``trialkg split``: no DTD, no
    entities, no network, no huge nodes."""
    from trialkg.ingest.readers._xml import SAFE_PARSING

    return dict(SAFE_PARSING)
