"""Exact lookups of drug names in the offline dictionary of ``drug-named-entity-recognition``.

The package ships DrugBank and MeSH names, synonyms and brand names as one compressed table.  Importing
the package also builds an n-gram index for fuzzy matching, which trialkg does not use: ~1.1 s of CPU
and ~300,000 objects in every process that reads documents.  This module reads the same table from the
installed package without importing it, on first use, and matches names as the package's exact mode
does: each pair of adjacent words first, then each word not in a matched pair, case-insensitively.
"""

from __future__ import annotations

import bz2
import importlib.util
import pickle
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE = "drug_named_entity_recognition"
TABLE = "drug_ner_dictionary.pkl.bz2"

Tables = tuple[dict[str, list[str]], dict[str, dict[str, Any]], dict[str, dict[str, Any]]]


def table_path() -> Path:
    """Where the installed package keeps its table (found without importing the package)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the {PACKAGE} package is not installed (pip install drug-named-entity-recognition)")
    return Path(next(iter(spec.submodule_search_locations))) / TABLE


@cache
def tables() -> Tables:
    """(name variant -> canonical names, canonical name -> data, name variant -> data), read once per process."""
    path = table_path()
    try:
        with bz2.open(path, "rb") as f:
            data = pickle.load(f)  # the package's own data file, as trusted as its code
        return data["drug_variant_to_canonical"], data["drug_canonical_to_data"], data["drug_variant_to_variant_data"]
    except (OSError, EOFError, pickle.UnpicklingError, KeyError, TypeError) as e:
        raise RuntimeError(
            f"cannot read the drug dictionary {path} ({type(e).__name__}: {e}); trialkg reads the table of "
            f"{PACKAGE} 2.x (pip install 'drug-named-entity-recognition>=2.0,<3')"
        ) from e


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


__all__ = ["lookup", "table_path", "tables"]
