"""Settings: where the store and the cache live, limits on input size."""

from __future__ import annotations

import os
from pathlib import Path

STORE_ENV = "TRIALKG_STORE"
CACHE_ENV = "TRIALKG_CACHE"
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # larger files are rejected, not truncated


def default_store_path() -> Path:
    """``$XDG_DATA_HOME/trialkg/store`` (``~/.local/share/trialkg/store`` when unset)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "trialkg" / "store"


def store_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The store location: an explicit path, else ``$TRIALKG_STORE``, else the default."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env)
    return default_store_path()


def cache_dir() -> Path:
    """Where data derived from installed packages is kept (safe to delete): ``$TRIALKG_CACHE``, else
    ``$XDG_CACHE_HOME/trialkg`` (``~/.cache/trialkg`` when unset)."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "trialkg"
