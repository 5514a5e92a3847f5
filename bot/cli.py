"""``bijstand``: run the assistant, train the dialogue model, check the kennisbank."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path
from types import FrameType

from bot.config import Settings


def _run(args: argparse.Namespace) -> int:
    import uvicorn

    from bot.app import create_app
    from bot.engine import sidecar

    settings = Settings.from_env()
    rasa_port = int(settings.rasa_url.rsplit(":", 1)[-1])
    try:
        model = sidecar.ensure_model(settings.dialogen_dir)
    except sidecar.SidecarError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    log_path = settings.data_dir / "logs" / "rasa.log"
    started = time.monotonic()
    rasa = sidecar.start(
        settings.dialogen_dir,
        model,
        port=rasa_port,
        service_port=settings.port,
        action_token=settings.rasa_action_token,
        log_path=log_path,
        database_url=settings.database_url,  # PostgreSQL + REDIS_URL: shared tracker and lock store
        redis_url=settings.redis_url,
        endpoints=os.environ.get("RASA_ENDPOINTS"),
    )
    print(f"[rasa] starting on 127.0.0.1:{rasa_port} (pid {rasa.pid}, log: {log_path})", flush=True)

    def report_ready() -> None:
        try:
            sidecar.wait_ready(settings.rasa_url, rasa)
            print(f"[rasa] ready after {time.monotonic() - started:.1f} s", flush=True)
        except sidecar.SidecarError as exc:
            print(f"[rasa] {exc}; see {log_path}", file=sys.stderr, flush=True)

    threading.Thread(target=report_ready, daemon=True).start()

    def on_term(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    try:
        app = create_app(settings)
        print(f"[service] http://{settings.host}:{settings.port}/  (Ctrl-C stops both)", flush=True)
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", timeout_graceful_shutdown=2)
    except KeyboardInterrupt:
        pass
    finally:
        sidecar.stop(rasa)
        print("[rasa] stopped", flush=True)
    return 0


def _serve(args: argparse.Namespace) -> int:
    """One service worker, no Rasa of its own: it talks to the Rasa server at RASA_URL (scale-out)."""
    import uvicorn

    from bot.app import create_app

    settings = Settings.from_env()
    if not os.environ.get("RASA_ACTION_TOKEN"):
        print("error: set RASA_ACTION_TOKEN to the token the Rasa server sends with action calls", file=sys.stderr)
        return 1
    app = create_app(settings)
    print(f"[service] http://{settings.host}:{settings.port}/ (Rasa at {settings.rasa_url})", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", timeout_graceful_shutdown=2)
    return 0


def _rasa(args: argparse.Namespace) -> int:
    """Only a Rasa server on 127.0.0.1:RASA_PORT, its actions at RASA_ACTIONS_URL (default: the local PORT)."""
    from bot.engine import sidecar

    settings = Settings.from_env()
    if not os.environ.get("RASA_ACTION_TOKEN"):
        print("error: set RASA_ACTION_TOKEN (the same value as the service workers')", file=sys.stderr)
        return 1
    try:
        model = Path(os.environ["RASA_MODEL"]) if os.environ.get("RASA_MODEL") else None
        model = model or sidecar.ensure_model(settings.dialogen_dir)
        rasa = sidecar.start(
            settings.dialogen_dir,
            model.resolve(),
            port=int(settings.rasa_url.rsplit(":", 1)[-1]),
            service_port=settings.port,
            action_token=settings.rasa_action_token,
            database_url=settings.database_url,
            redis_url=settings.redis_url,
            endpoints=os.environ.get("RASA_ENDPOINTS"),
            actions_url=os.environ.get("RASA_ACTIONS_URL"),
        )
    except sidecar.SidecarError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"[rasa] pid {rasa.pid}, model {model.name}, {settings.rasa_url}", flush=True)

    def on_term(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    try:
        return rasa.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        sidecar.stop(rasa)


def _train(args: argparse.Namespace) -> int:
    from bot.engine import sidecar

    try:
        sidecar.ensure_model(Settings.from_env().dialogen_dir)
    except sidecar.SidecarError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _db_upgrade(args: argparse.Namespace) -> int:
    from bot.store.db import upgrade

    upgrade(Settings.from_env().resolved_database_url())
    print("database schema is up to date")
    return 0


def _kennisbank_check(args: argparse.Namespace) -> int:
    from bot.kennisbank.check import run_check

    return run_check(Settings.from_env().kennisbank_dir, verbose=args.verbose)


def _eval_search(rest: list[str]) -> int:
    from bot.evaluation import search_eval

    return search_eval.main(rest)


def _bench(rest: list[str]) -> int:
    from bot.evaluation import bench

    return bench.main(rest)


def _eval(rest: list[str]) -> int:
    from bot.evaluation import answer_eval

    return answer_eval.main(rest)


DELEGATED = {"eval-search": _eval_search, "bench": _bench, "eval": _eval}


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(prog="bijstand", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="start Rasa and the service (PORT, RASA_PORT, DATABASE_URL)").set_defaults(fn=_run)
    sub.add_parser("train", help="train the Rasa model if its inputs changed").set_defaults(fn=_train)
    # Scale-out (docs/DEPLOYMENT.md): N `serve` workers and M `rasa` servers instead of one `run`.
    sub.add_parser("serve", help="only the service, against the Rasa at RASA_URL").set_defaults(fn=_serve)
    sub.add_parser("rasa", help="only a Rasa server (RASA_PORT, RASA_ACTIONS_URL, RASA_MODEL)").set_defaults(fn=_rasa)
    db = sub.add_parser("db", help="database tasks").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply schema migrations").set_defaults(fn=_db_upgrade)
    kb = sub.add_parser("kennisbank", help="kennisbank tasks").add_subparsers(dest="kb_command", required=True)
    check = kb.add_parser("check", help="validate every kennisbank file (CI runs this)")
    check.add_argument("-v", "--verbose", action="store_true")
    check.set_defaults(fn=_kennisbank_check)
    from bot.handoff.cli import add_arguments as inbox_arguments

    inbox_arguments(sub)  # bijstand inbox add-user | users
    # These have their own options: everything after the command name goes to them.
    sub.add_parser("eval-search", help="search quality on a labelled question set (see --help)")
    sub.add_parser("bench", help="latency, throughput, memory; prints figures (see --help)")
    sub.add_parser("eval", help="a labelled question set through the chat API; report + floors (see --help)")
    raw = sys.argv[1:] if argv is None else argv
    if raw and raw[0] in DELEGATED:
        return DELEGATED[raw[0]](raw[1:])
    args = parser.parse_args(argv)
    result: int = args.fn(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
