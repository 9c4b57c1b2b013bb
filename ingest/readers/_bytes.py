"""Checks shared by every reader: size, emptiness, binary content, encoding."""

from __future__ import annotations

import re

from trialkg.ingest.errors import RejectedDocument
from trialkg.settings import MAX_DOCUMENT_BYTES

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # control characters other than \t \n \f \r


def decode_text(data: bytes, max_bytes: int = MAX_DOCUMENT_BYTES) -> str:
    """UTF-8 text from ``data``, or RejectedDocument with the reason."""
    if len(data) > max_bytes:
        raise RejectedDocument(f"file is too large ({len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB)")
    if not data.strip():
        raise RejectedDocument("file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:  # UTF-16 with its byte-order mark: a text editor's "Unicode" encoding, not binary
            return decode_text(data.decode("utf-16").encode("utf-8"), max_bytes)
        except UnicodeDecodeError:
            raise RejectedDocument("file starts with a UTF-16 byte-order mark but is not valid UTF-16") from None
    sample = data[:8192]
    if b"\x00" in sample:
        raise RejectedDocument("file is binary (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise RejectedDocument(
            f"file is not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}); convert it to UTF-8"
        ) from None
    controls = len(_CONTROL.findall(text, 0, 8192))
    if controls > 0.05 * min(len(text), 8192):
        raise RejectedDocument("file looks binary (many control characters), not text")
    return text
