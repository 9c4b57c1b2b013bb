"""A real ``trialkg serve`` process on 127.0.0.1 over a store holding examples/ (PATINA, PALMIRA)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from trialkg.app.client import TrialGraph
from trialkg.tests.helpers import EXAMPLES


@dataclass
class Server:
    base: str
    store: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(store: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    cmd = [sys.executable, "-m", "trialkg.app.cli", "serve", "--store", str(store), "--port", str(port), *extra]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ})
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            with urllib.request.urlopen(base + "/health", timeout=1) as r:
                if r.status == 200:
                    return proc, base
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read().decode() if proc.stdout else "server exited") from None
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("trialkg serve did not answer /health within 20 s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("served") / "store"
    with TrialGraph(store) as g:
        report = g.ingest([EXAMPLES])
        assert not report.rejected
    return store


@pytest.fixture(scope="session")
def server(example_store: Path) -> Iterator[Server]:
    proc, base = start(example_store, "--max-rows", "500", "--cors", "http://example.org")
    yield Server(base, example_store)
    stop(proc)
