"""trialkg fetch: records downloaded from a real HTTP server on 127.0.0.1 that replays recorded
responses (the fixture files), cached, retried on 503, ingested; clear errors offline and for bad ids."""

import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
from trialkg.app.fetch import Fetcher, FetchError, parse_id
from trialkg.tests.helpers import FIXTURES

RESPONSES = {
    ("/api/v2/studies/NCT02947685", ""): FIXTURES / "ctgov_patina.json",
    ("/eutils/efetch.fcgi", "pubmed:40294349"): FIXTURES / "pubmed_palmira.xml",
}


class _Replay(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []
    fail_first = 0

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        q = parse_qs(url.query)
        key = (url.path, f"{q['db'][0]}:{q['id'][0]}" if "db" in q else "")
        type(self).hits.append(self.path)
        if type(self).fail_first > 0:
            type(self).fail_first -= 1
            self.send_response(503)
            self.send_header("Retry-After", "0")
            self.end_headers()
            return
        path = RESPONSES.get(key)
        if path is None:
            self.send_response(404)
            self.end_headers()
            return
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Replay)
    _Replay.hits = []
    _Replay.fail_first = 0
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_ids_are_parsed_and_bad_ones_explained() -> None:
    assert parse_id("nct02947685").filename == "NCT02947685.json"
    assert parse_id("PMID:40294349").ident == "PMID:40294349"
    assert parse_id("PMC12169856").filename == "PMC12169856.xml"
    with pytest.raises(FetchError, match="not an NCT number, PMID or PMC id"):
        parse_id("NCT123")


def test_fetch_retries_caches_and_ingests(server: str, tmp_path: Path) -> None:
    env = os.environ | {
        "TRIALKG_CTGOV_URL": f"{server}/api/v2",
        "TRIALKG_EUTILS_URL": f"{server}/eutils",
        "TRIALKG_STORE": str(tmp_path / "store"),
    }
    _Replay.fail_first = 1  # the first request gets a 503 and is retried
    cmd = [
        sys.executable,
        "-m",
        "trialkg.app.cli",
        "fetch",
        "NCT02947685",
        "PMID:40294349",
        "--cache",
        str(tmp_path / "c"),
    ]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == ["NCT02947685.json", "pubmed-40294349.xml"]
    assert len(_Replay.hits) == 3
    assert "trial NCT02947685" in out.stderr and "trial NCT03809988" in out.stderr
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and len(_Replay.hits) == 3  # both served from the cache
    assert again.stderr.count("(cached)") == 2


def test_missing_record_and_offline_give_clear_errors(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRIALKG_CTGOV_URL", f"{server}/api/v2")
    f = Fetcher(tmp_path, min_interval=0, retries=2)
    with pytest.raises(FetchError, match="NCT00000000: not found"):
        f.get(parse_id("NCT00000000"))
    monkeypatch.setenv("TRIALKG_CTGOV_URL", "http://127.0.0.1:9/api/v2")  # nothing listens on port 9
    with pytest.raises(FetchError, match="are you offline"):
        Fetcher(tmp_path, min_interval=0, retries=1).get(parse_id("NCT02947685"))
