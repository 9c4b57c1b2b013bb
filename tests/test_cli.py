"""The command line, run in-process with Typer's runner against a store in a temporary folder."""

from pathlib import Path

from trialkg.app.cli import app
from trialkg.tests.helpers import EXAMPLES, FIXTURES, GOLD, SEEDS, needs_shared
from typer.testing import CliRunner

runner = CliRunner()


def test_ingest_examples_then_query_show_validate(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    res = runner.invoke(app, ["ingest", str(EXAMPLES), "--store", store])
    assert res.exit_code == 0, res.output
    assert "trials" in res.output and "NCT02947685, NCT03809988" in res.output.replace("\n", " ")
    res = runner.invoke(
        app, ["query", "trials_by_biomarker_and_line", "-p", "drug=palbociclib", "--store", store, "-f", "csv"]
    )
    assert res.exit_code == 0
    lines = res.output.strip().splitlines()
    assert lines[0].startswith("trial,nct,acronym,her2_status")
    assert any(",PATINA,positive,positive,metastatic,first-line,maintenance,3,518," in ln for ln in lines)
    res = runner.invoke(app, ["show", "PALMIRA", "--store", store])
    assert res.exit_code == 0 and "second-line" in res.output and "0.84" in res.output
    res = runner.invoke(app, ["validate", "--store", store])
    assert res.exit_code == 0 and "conforms" in res.output
    res = runner.invoke(app, ["show", "NCT00000000", "--store", store])
    assert res.exit_code == 1


def test_store_from_environment_and_rejections_in_the_summary(tmp_path: Path) -> None:
    env = {"TRIALKG_STORE": str(tmp_path / "envstore")}
    res = runner.invoke(
        app, ["ingest", str(FIXTURES / "no_trial.txt"), str(FIXTURES / "news_second_line.txt")], env=env
    )
    assert res.exit_code == 0
    assert "about no trial" in res.output and "rejected" in res.output
    assert (tmp_path / "envstore").is_dir()
    res = runner.invoke(app, ["ingest", str(tmp_path / "missing.txt")], env=env)
    assert res.exit_code == 2 and "no such file" in res.output


@needs_shared
def test_eval_on_the_seeds_passes(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    assert runner.invoke(app, ["ingest", str(SEEDS), "--store", store]).exit_code == 0
    res = runner.invoke(app, ["eval", "--gold", str(GOLD), "--store", store])
    assert res.exit_code == 0, res.output
    assert "100.0%" in res.output and "contradicted" not in res.output.split("all fields")[1]
    res = runner.invoke(app, ["conflicts", "--store", store])
    assert "no conflicts" in res.output
    res = runner.invoke(app, ["validate", "--store", store])
    assert res.exit_code == 0 and "conforms: 5 document graphs" in res.output
