"""Start the real stack (`bijstand run`: Rasa + service) on free ports for evaluations and benchmarks."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from bot.config import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass(frozen=True)
class RunningStack:
    url: str
    rasa_url: str
    pid: int
    ready_seconds: float


@contextlib.contextmanager
def running_stack(data_dir: Path, timeout: float = 300) -> Iterator[RunningStack]:
    """``bijstand run`` in a subprocess; ready when ``/healthz`` reports the engine ready."""
    port, rasa_port = free_port(), free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "RASA_PORT": str(rasa_port),
        "BIJSTAND_DATA_DIR": str(data_dir),
        "KB_CACHE_DIR": os.environ.get("KB_CACHE_DIR", str(ROOT / "data" / "cache")),
    }
    started = time.monotonic()
    data_dir.mkdir(parents=True, exist_ok=True)
    log = (data_dir / "stack.log").open("ab")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the service exited during start-up; see {data_dir / 'stack.log'}")
            try:
                if httpx.get(f"{url}/healthz", timeout=2).json().get("engine") == "ready":
                    break
            except (httpx.HTTPError, ValueError):
                pass
            if time.monotonic() - started > timeout:
                raise RuntimeError(f"not ready after {timeout:.0f} s; see {data_dir / 'stack.log'}")
            time.sleep(0.25)
        yield RunningStack(url, f"http://127.0.0.1:{rasa_port}", proc.pid, time.monotonic() - started)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
        log.close()
