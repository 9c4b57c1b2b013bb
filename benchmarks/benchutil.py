"""Small helpers the benchmark scripts share: printing a Markdown table, running client threads."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path


def emit(lines: list[str], out: Path | None) -> None:
    """Print the table's lines, and write them to ``out`` when given."""
    text = "\n".join(lines) + "\n"
    print(text)
    if out:
        out.write_text(text, encoding="utf-8")


def run_clients(client: Callable[[], None], concurrency: int) -> float:
    """Run ``client`` in ``concurrency`` threads at once; the seconds until the last one ends."""
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return time.perf_counter() - t0
