"""Download registry and PubMed/PMC records through the public APIs, politely, into an on-disk cache.

Identifiers: ``NCT01234567`` (ClinicalTrials.gov API v2 study JSON), ``PMID:12345678`` or a bare
number (PubMed efetch XML), ``PMC1234567`` (PMC efetch JATS XML).  Requests are spaced (NCBI asks
for at most 3 per second without an API key), retried with back-off on 429 and 5xx, and cached: a
record already in the cache is not downloaded again unless ``refresh`` is set.  The API base URLs can
be changed with TRIALKG_CTGOV_URL and TRIALKG_EUTILS_URL (tests point them at a loopback server).
"""

from __future__ import annotations

import logging
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

CTGOV_URL = "https://clinicaltrials.gov/api/v2"
EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
USER_AGENT = "trialkg (clinical trial knowledge graph; https://w3id.org/trialkg)"


class FetchError(Exception):
    """A record could not be downloaded; the message says which and why."""


@dataclass(frozen=True)
class Record:
    ident: str  # normalized: NCT01234567, PMID:123, PMC123
    url: str
    filename: str


def parse_id(text: str) -> Record:
    t = text.strip()
    ctgov = os.environ.get("TRIALKG_CTGOV_URL", CTGOV_URL).rstrip("/")
    eutils = os.environ.get("TRIALKG_EUTILS_URL", EUTILS_URL).rstrip("/")
    if m := re.fullmatch(r"(?i)(NCT\d{8})", t):
        nct = m.group(1).upper()
        return Record(nct, f"{ctgov}/studies/{nct}?format=json", f"{nct}.json")
    if m := re.fullmatch(r"(?i)(?:PMID:?\s*)?(\d{1,9})", t):
        pmid = m.group(1)
        query = urllib.parse.urlencode({"db": "pubmed", "id": pmid, "retmode": "xml"})
        return Record(f"PMID:{pmid}", f"{eutils}/efetch.fcgi?{query}", f"pubmed-{pmid}.xml")
    if m := re.fullmatch(r"(?i)(?:PMCID:?\s*)?PMC(\d{1,9})", t):
        pmc = m.group(1)
        query = urllib.parse.urlencode({"db": "pmc", "id": pmc, "retmode": "xml"})
        return Record(f"PMC{pmc}", f"{eutils}/efetch.fcgi?{query}", f"PMC{pmc}.xml")
    raise FetchError(
        f"{text!r} is not an NCT number, PMID or PMC id (examples: NCT02947685, PMID:40294349, PMC12169856)"
    )


class Fetcher:
    def __init__(self, cache: Path, min_interval: float = 0.34, retries: int = 3, timeout: float = 30.0) -> None:
        self.cache = cache
        self.min_interval = min_interval
        self.retries = retries
        self.timeout = timeout
        self._last = 0.0

    def _wait(self) -> None:
        pause = self.min_interval - (time.monotonic() - self._last)
        if pause > 0:
            time.sleep(pause)
        self._last = time.monotonic()

    def get(self, record: Record, refresh: bool = False) -> tuple[Path, bool]:
        """The cached file of the record (downloaded when needed) and whether it came from the cache."""
        path = self.cache / record.filename
        if path.exists() and path.stat().st_size > 0 and not refresh:
            return path, True
        self.cache.mkdir(parents=True, exist_ok=True)
        data = self._download(record)
        tmp = path.with_suffix(path.suffix + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)  # a crash never leaves half a record in the cache
        return path, False

    def _download(self, record: Record) -> bytes:
        delay = 1.0
        for attempt in range(1, self.retries + 1):
            self._wait()
            req = urllib.request.Request(record.url, headers={"User-Agent": USER_AGENT})
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    data: bytes = resp.read()
                if not data.strip():
                    raise FetchError(f"{record.ident}: the server answered with an empty record")
                if b"<ERROR>" in data[:500] or b"<eFetchResult>" in data[:500]:
                    raise FetchError(f"{record.ident}: not found ({data[:200].decode('utf-8', 'replace')})")
                return data
            except urllib.error.HTTPError as e:
                if e.code == 404:
                    raise FetchError(f"{record.ident}: not found (HTTP 404 from {record.url})") from None
                if e.code in (429, 500, 502, 503, 504) and attempt < self.retries:
                    retry_after = e.headers.get("Retry-After") if e.headers else None
                    wait = float(retry_after) if retry_after and retry_after.isdigit() else delay
                    log.warning("%s: HTTP %s, retrying in %.1f s", record.ident, e.code, wait)
                    time.sleep(wait)
                    delay *= 2
                    continue
                raise FetchError(f"{record.ident}: HTTP {e.code} from {record.url}") from None
            except (urllib.error.URLError, TimeoutError, OSError) as e:
                reason = getattr(e, "reason", e)
                if attempt < self.retries:
                    time.sleep(delay)
                    delay *= 2
                    continue
                raise FetchError(
                    f"{record.ident}: cannot reach {urllib.parse.urlsplit(record.url).netloc} ({reason}); "
                    "are you offline? Cached records are used without the network."
                ) from None
        raise FetchError(f"{record.ident}: gave up after {self.retries} attempts")


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "trialkg" / "records"
