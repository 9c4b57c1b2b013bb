"""The installed (non-editable) package works from the repository root, where the README's user stands.

The root is the package itself (pyproject maps ``trialkg`` to ``.``), so no folder there can shadow the
installed copy; this test installs the project into a folder of its own, puts it on the path of commands
run from the root, and checks that they use that copy: the import, and an ingest large enough to take
the parallel path, whose worker processes import the package afresh.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    res = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(ROOT)],
        capture_output=True,
        text=True,
    )
    if res.returncode != 0:
        pytest.fail(f"pip install . failed:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
    return target


def _run_from_root(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(site))
    env.pop("TRIALKG_STORE", None)
    return subprocess.run(list(args), cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_the_installed_package_is_imported_from_the_root(installed: Path) -> None:
    res = _run_from_root(
        installed,
        sys.executable,
        "-c",
        "import trialkg, trialkg.graph, trialkg.ingest.pipeline, trialkg.app.server\n"
        "from trialkg import TrialGraph\n"
        "print(trialkg.__file__)\nprint(TrialGraph.__module__)",
    )
    assert res.returncode == 0, res.stderr[-3000:]
    origin, module = res.stdout.split()
    assert Path(origin) == installed / "trialkg" / "__init__.py"
    assert module == "trialkg.app.client"
    # the installed copy ships the declarative artefacts
    assert (installed / "trialkg" / "ontology" / "shapes.ttl").is_file()
    assert (installed / "trialkg" / "queries" / "trials_by_biomarker_and_line.rq").is_file()
    assert (installed / "trialkg" / "app" / "static" / "index.html").is_file()
    assert (installed / "trialkg" / "app" / "export" / "viz.html").is_file()
    assert (installed / "trialkg" / "graph" / "sparql" / "catalog.rq").is_file()


def test_an_ingest_of_200_files_from_the_root_takes_the_parallel_path(installed: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    res = _run_from_root(installed, sys.executable, "benchmarks/synth.py", str(corpus), "--trials", "200")
    assert res.returncode == 0, res.stderr[-3000:]
    files = sorted((corpus / "abstracts").glob("*.txt"))
    assert len(files) == 200
    store = tmp_path / "store"
    trialkg = installed / "bin" / "trialkg"
    res = _run_from_root(
        installed, str(trialkg), "ingest", str(corpus / "abstracts"), "--store", str(store), "--workers", "2"
    )
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert "BrokenProcessPool" not in res.stderr
    assert "2 workers" in res.stdout, res.stdout[-3000:]
    check = _run_from_root(
        installed,
        sys.executable,
        "-c",
        "import sys\nfrom trialkg import TrialGraph\n"
        "g = TrialGraph(sys.argv[1])\n"
        "rows = g.sparql('SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a "
        "<https://w3id.org/trialkg/ontology#Source> } }')\n"
        "print(rows[0]['n'])",
        str(store),
    )
    assert check.returncode == 0, check.stderr[-3000:]
    assert check.stdout.split() == ["200"], check.stdout
