"""The real-document benchmark runs and keeps its promises: every dev document is ingested and scored,
the strata add up to the part, no stated number's quote is wrong, and the held-out part's errors are
never listed.  No figure of accuracy or speed is asserted (they live in docs/accuracy.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from trialkg.tests.benchmarks import BENCHMARKS

SCRIPT = str(BENCHMARKS / "real_eval.py")


def test_the_dev_part_is_scored_whole(tmp_path: Path) -> None:
    out = tmp_path / "dev.json"
    res = subprocess.run(
        [sys.executable, SCRIPT, "--part", "dev", "--json", str(out)], capture_output=True, text=True, timeout=600
    )
    assert res.returncode == 0, res.stderr[-3000:]
    (dev,) = json.loads(out.read_text())
    n = len(list((BENCHMARKS / "real" / "dev").glob("*.yaml")))
    assert dev["documents"] == n >= 50
    assert dev["strata"]["all"]["documents"] == n
    kinds = [v["documents"] for k, v in dev["strata"].items() if k.startswith("type: ")]
    assert sum(kinds) == n
    assert dev["quotes"]["checked"] > 100 and dev["quotes"]["wrong"] == 0
    assert dev["matched"] + dev["contradicted"] <= dev["gold_facts"]
    assert "details" not in dev


def test_the_held_out_part_s_errors_are_not_listed() -> None:
    res = subprocess.run(
        [sys.executable, SCRIPT, "--part", "heldout", "--details"], capture_output=True, text=True, timeout=60
    )
    assert res.returncode != 0 and "dev part only" in res.stderr
