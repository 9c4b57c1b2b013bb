"""Exact lookups of drug names in the offline dictionary of ``drug-named-entity-recognition``.

The package ships DrugBank and MeSH names, synonyms and brand names as one compressed table.  Importing
the package also builds an n-gram index for fuzzy matching, which trialkg does not use: ~1.1 s of CPU
and ~300,000 objects in every process that reads documents.  This module reads the same table from the
installed package without importing it, on first use, and matches names as the package's exact mode
does: each pair of adjacent words first, then each word not in a matched pair, case-insensitively.

Decompressing and unpickling the table takes ~0.3 s, in every process that reads documents (each
worker of a parallel ingest, each ``trialkg ingest``).  The first read keeps the table uncompressed in
the cache folder (``settings.cache_dir``; marshal, the format of Python's own ``__pycache__``), named
by the table file's size and modification time and the Python version, which later processes load in
~0.07 s; an unreadable or stale cache is read past, an unwritable folder only costs the speed.
"""

from __future__ import annotations

import bz2
import gc
import importlib.util
import logging
import marshal
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from trialkg.settings import cache_dir

log = logging.getLogger(__name__)

PACKAGE = "drug_named_entity_recognition"
TABLE = "drug_ner_dictionary.pkl.bz2"
CACHE_PREFIX = "drug-dictionary-"

Tables = tuple[dict[str, list[str]], dict[str, dict[str, Any]], dict[str, dict[str, Any]]]


def table_path() -> Path:
    """Where the installed package keeps its table (found without importing the package)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the {PACKAGE} package is not installed (pip install drug-named-entity-recognition)")
    return Path(next(iter(spec.submodule_search_locations))) / TABLE


@cache
def tables() -> Tables:
    """(name variant -> canonical names, canonical name -> data, name variant -> data), read once per
    process: from the cache when it holds this table, else from the package (then cached)."""
    path = table_path()
    cached = cache_file(path)
    found = _read_cache(cached) if cached else None
    if found is not None:
        return found
    data = _read_table(path)
    if cached:
        _write_cache(cached, data)
    return data


def cache_file(table: Path) -> Path | None:
    """The cache file for this table file and this Python (None when the table cannot be stat'ed)."""
    try:
        st = table.stat()
    except OSError:
        return None
    tag = f"{st.st_size}-{st.st_mtime_ns}-py{sys.version_info[0]}{sys.version_info[1]}-m{marshal.version}"
    return cache_dir() / f"{CACHE_PREFIX}{tag}.marshal"


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No garbage collection while ~140,000 containers are built (halves the time of a load)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _read_table(path: Path) -> Tables:
    try:
        with bz2.open(path, "rb") as f, _gc_paused():
            data = pickle.load(f)  # the package's own data file, as trusted as its code
        return data["drug_variant_to_canonical"], data["drug_canonical_to_data"], data["drug_variant_to_variant_data"]
    except (OSError, EOFError, pickle.UnpicklingError, KeyError, TypeError) as e:
        raise RuntimeError(
            f"cannot read the drug dictionary {path} ({type(e).__name__}: {e}); trialkg reads the table of "
            f"{PACKAGE} 2.x (pip install 'drug-named-entity-recognition>=2.0,<3')"
        ) from e


def _read_cache(cached: Path) -> Tables | None:
    """The cached tables, or None when there is no usable cache file (missing, truncated, not three dicts)."""
    try:
        raw = cached.read_bytes()
        with _gc_paused():
            data = marshal.loads(raw)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(data, tuple) and len(data) == 3 and all(isinstance(d, dict) for d in data)):
        log.debug("%s does not hold the drug tables; reading the package's table", cached)
        return None
    return data[0], data[1], data[2]


def _write_cache(cached: Path, data: Tables) -> None:
    """Write the cache file whole (a temporary file renamed) and remove this Python's cache of other table files;
    a folder that cannot be written is skipped (the next process reads the package's table again)."""
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cached.parent, prefix=".tmp-" + CACHE_PREFIX)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(marshal.dumps(data))
            os.replace(tmp, cached)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        same_python = cached.name[cached.name.index("-py") :]  # another Python keeps its own file
        for old in cached.parent.glob(CACHE_PREFIX + "*" + same_python):
            if old != cached:
                old.unlink(missing_ok=True)
    except (OSError, ValueError) as e:
        log.debug("cannot cache the drug dictionary in %s: %s", cached.parent, e)


def lookup(words: list[str]) -> list[tuple[Mapping[str, Any], int, int]]:
    """Dictionary entries named by ``words``: (entry, first word, end word), pairs of words before
    single words, each in word order; a word of a matched pair is not looked up alone.  An entry is
    the canonical drug's data updated with the matched name variant's."""
    to_canonical, canonical_data, variant_data = tables()
    out: list[tuple[Mapping[str, Any], int, int]] = []
    in_pair: set[int] = set()
    for i in range(len(words) - 1):
        variant = (words[i] + " " + words[i + 1]).lower()
        canonicals = to_canonical.get(variant)
        if canonicals:
            out.extend(({**canonical_data.get(c, {}), **variant_data.get(variant, {})}, i, i + 2) for c in canonicals)
            in_pair.update((i, i + 1))
    for i, word in enumerate(words):
        if i in in_pair:
            continue
        variant = word.lower()
        canonicals = to_canonical.get(variant)
        if canonicals:
            out.extend(({**canonical_data.get(c, {}), **variant_data.get(variant, {})}, i, i + 1) for c in canonicals)
    return out


@cache
def _self_named() -> frozenset[str]:
    to_canonical, canonical_data, _ = tables()
    return frozenset(
        name
        for name, data in canonical_data.items()
        if name not in to_canonical and data.get("drugbank_id") and data.get("medline_plus_id")
    )


def under_own_name(word: str) -> Mapping[str, Any] | None:
    """A canonical drug (with DrugBank and MedlinePlus entries) that the table of name variants lacks under
    its own name ("nicotine" is there only as "nicotine bitartrate"), named by ``word``."""
    variant = word.lower()
    return tables()[1].get(variant) if variant in _self_named() else None


__all__ = ["cache_file", "lookup", "table_path", "tables", "under_own_name"]
