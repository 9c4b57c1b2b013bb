"""Errors that reject one document with a reason a person can act on."""

from __future__ import annotations


class RejectedDocument(Exception):
    """The document cannot be ingested; ``reason`` says why (the path is added by the pipeline)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
