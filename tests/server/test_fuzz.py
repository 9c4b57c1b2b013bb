"""Fuzzing the REST routes with schemathesis: requests generated from the OpenAPI document (its
coverage phase: boundary and invalid values for every parameter, then 40 fuzzed requests per route,
deterministic) against a real ``trialkg serve``; the check is that none gets a 5xx.  Run through the
schemathesis CLI, which does not depend on pytest's internals."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx

from .conftest import Server


def test_no_server_errors(server: Server, tmp_path: Path) -> None:
    report = tmp_path / "junit.xml"
    cmd = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        server.base + "/openapi.json",
        "--checks",
        "not_a_server_error",
        "--max-examples",
        "40",
        "--generation-deterministic",
        "--phases",
        "coverage,fuzzing",
        "--report",
        "junit",
        "--report-junit-path",
        str(report),
    ]
    # run in the test's folder: the CLI keeps a cache (.schemathesis/) in its working directory
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert out.returncode == 0, out.stdout[-4000:]
    routes = len(httpx.get(server.base + "/openapi.json").json()["paths"])
    cases = ET.parse(report).getroot().iter("testcase")
    tested = [c for c in cases if c.find("skipped") is None]
    assert len(tested) >= routes > 20  # every operation was exercised
    assert not any(c.find("failure") is not None or c.find("error") is not None for c in tested)
    assert "generated" in out.stdout and "passed" in out.stdout
