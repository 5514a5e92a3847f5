"""Train and start the Rasa sidecar from its own Python 3.10 venv (``.venv-rasa``)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx

from bot.config import ROOT

RASA_VENV = ROOT / ".venv-rasa"
RASA_BIN = RASA_VENV / "bin" / "rasa"
TRAINING_INPUTS = ("config.yml", "domain", "data", "domain.yml", "komponenten")
#: One Rasa server: trackers and locks in memory.
ENDPOINTS = "endpoints.yml"
#: Several Rasa servers: trackers in PostgreSQL, locks in Redis (docs/DEPLOYMENT.md).
SCALED_ENDPOINTS = "endpoints-schaal.yml"


class SidecarError(Exception):
    """The Rasa sidecar could not be trained or started; the message says what to do."""


def rasa_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONWARNINGS="ignore",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
    )
    env.pop("PYTHONPATH", None)
    env.update(extra or {})
    return env


def fingerprint(project: Path) -> str:
    """Hash of everything ``rasa train`` reads, plus the locked Rasa environment."""
    digest = hashlib.sha256()
    files: list[Path] = []
    for name in (*TRAINING_INPUTS, "requirements-rasa.lock"):
        p = project / name
        if p.is_file():
            files.append(p)
        elif p.is_dir():
            files.extend(sorted(q for q in p.rglob("*") if q.is_file()))
    for f in files:
        digest.update(str(f.relative_to(project)).encode())
        digest.update(b"\0")
        digest.update(f.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def endpoints_file(database_url: str, redis_url: str, explicit: str | None = None) -> str:
    """``RASA_ENDPOINTS`` when given; the scaled file when the service runs on PostgreSQL with Redis."""
    if explicit:
        return explicit
    if database_url.startswith(("postgresql", "postgres:")) and redis_url:
        return SCALED_ENDPOINTS
    return ENDPOINTS


def scaled_env(database_url: str, redis_url: str, *, lock_prefix: str = "bijstand") -> dict[str, str]:
    """The ``RASA_*`` variables of ``endpoints-schaal.yml``, derived from the service's own two URLs."""
    if not database_url.startswith(("postgresql", "postgres:")):
        raise SidecarError(f"{SCALED_ENDPOINTS} needs DATABASE_URL=postgresql://... (the shared tracker store)")
    redis = urlsplit(redis_url)
    if redis.scheme != "redis":
        raise SidecarError(f"{SCALED_ENDPOINTS} needs REDIS_URL=redis://[:password@]host[:port][/db]")
    # The Rasa venv has psycopg2, the default driver of a plain postgresql:// URL.
    tracker = "postgresql://" + database_url.split("://", 1)[1]
    return {
        "RASA_TRACKER_URL": tracker,
        "RASA_REDIS_HOST": redis.hostname or "127.0.0.1",
        "RASA_REDIS_PORT": str(redis.port or 6379),
        "RASA_REDIS_DB": redis.path.strip("/") or "0",
        "RASA_REDIS_PASSWORD": unquote(redis.password or ""),
        "RASA_LOCK_PREFIX": lock_prefix,
    }


def model_path(project: Path) -> Path:
    return project / "models" / f"bijstand-{fingerprint(project)}.tar.gz"


def ensure_model(project: Path, *, quiet: bool = False) -> Path:
    """Train only when the inputs changed since the last model; otherwise reuse it."""
    target = model_path(project)
    if target.is_file():
        if not quiet:
            print(f"[rasa] model is up to date: {target.relative_to(project)}", flush=True)
        return target
    if not RASA_BIN.exists():
        raise SidecarError(f"{RASA_BIN} is missing: run `make venv-rasa` (needs CPython 3.10, e.g. pyenv 3.10.13)")
    print(f"[rasa] training data changed; training {target.name} (this takes about a minute)", flush=True)
    started = time.monotonic()
    proc = subprocess.run(
        [
            str(RASA_BIN),
            "train",
            "--domain",
            "domain",
            "--fixed-model-name",
            target.name.removesuffix(".tar.gz"),
            "--out",
            "models",
        ],
        cwd=project,
        env=rasa_env(),
        stdout=subprocess.DEVNULL if quiet else None,
        stderr=subprocess.STDOUT if quiet else None,
        check=False,
    )
    if proc.returncode != 0 or not target.is_file():
        raise SidecarError(f"rasa train failed (exit {proc.returncode}); see the output above")
    for old in (project / "models").glob("bijstand-*.tar.gz"):
        if old != target:
            old.unlink()
    print(f"[rasa] trained in {time.monotonic() - started:.0f} s", flush=True)
    return target


def start(
    project: Path,
    model: Path,
    *,
    port: int,
    service_port: int,
    action_token: str,
    log_path: Path | None = None,
    database_url: str = "",
    redis_url: str = "",
    endpoints: str | None = None,
    actions_url: str | None = None,
) -> subprocess.Popen[bytes]:
    """Start ``rasa run`` bound to 127.0.0.1; its action endpoint points back at the service.

    With a PostgreSQL ``database_url`` and a ``redis_url`` (or ``endpoints=SCALED_ENDPOINTS``) the server keeps
    its trackers in that database and locks conversations in Redis, so several servers can share the work.
    """
    if not RASA_BIN.exists():
        raise SidecarError(f"{RASA_BIN} is missing: run `make venv-rasa`")
    endpoints = endpoints_file(database_url, redis_url, endpoints)
    env = {
        "SVC_PORT": str(service_port),
        "RASA_ACTION_TOKEN": action_token,
        "RASA_ACTIONS_URL": actions_url or f"http://127.0.0.1:{service_port}/rasa/actions",
    }
    if endpoints == SCALED_ENDPOINTS:
        env.update(scaled_env(database_url, redis_url))
    out = None
    if log_path is not None:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        out = log_path.open("ab")
    return subprocess.Popen(
        [
            str(RASA_BIN),
            "run",
            "--enable-api",
            "-i",
            "127.0.0.1",
            "-p",
            str(port),
            "-m",
            str(model),
            "--endpoints",
            endpoints,
            "--credentials",
            "credentials.yml",
        ],
        cwd=project,
        env=rasa_env(env),
        stdout=out,
        stderr=subprocess.STDOUT if out else None,
        start_new_session=True,
    )


def wait_ready(url: str, proc: subprocess.Popen[bytes], timeout: float = 240.0) -> float:
    """Block until ``GET /status`` reports a loaded model; return the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if proc.poll() is not None:
            raise SidecarError(f"rasa exited with code {proc.returncode} while loading")
        try:
            r = httpx.get(f"{url}/status", timeout=2.0)
            if r.status_code == 200 and r.json().get("model_id"):
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SidecarError(f"rasa not ready after {timeout:.0f} s")


def stop(proc: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


if __name__ == "__main__":  # pragma: no cover - used by `make train`
    try:
        ensure_model(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dialogen")
    except SidecarError as exc:
        sys.exit(f"error: {exc}")
