"""Training runs only when the Rasa inputs change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.engine import sidecar
from tests.conftest import DIALOGEN


def test_fingerprint_follows_training_inputs_only(tmp_path: Path) -> None:
    project = tmp_path / "dialogen"
    shutil.copytree(DIALOGEN, project, ignore=shutil.ignore_patterns("models", ".rasa"))
    before = sidecar.fingerprint(project)
    (project / "tests" / "extra.yml").write_text("version: '3.1'\n")
    assert sidecar.fingerprint(project) == before  # test stories do not change the model
    nlu = project / "data" / "nlu" / "algemeen.yml"
    nlu.write_text(nlu.read_text() + "      - hallootjes\n")
    assert sidecar.fingerprint(project) != before


def test_existing_model_is_reused_without_training(rasa_model: Path, capsys: object) -> None:
    mtime = rasa_model.stat().st_mtime_ns
    assert sidecar.ensure_model(DIALOGEN) == rasa_model
    assert rasa_model.stat().st_mtime_ns == mtime


def test_the_scaled_endpoints_are_chosen_for_postgresql_with_redis() -> None:
    pg, red = "postgresql://bijstand@db:5432/bijstand", "redis://127.0.0.1:6379/2"
    assert sidecar.endpoints_file(pg, red) == sidecar.SCALED_ENDPOINTS
    assert sidecar.endpoints_file(pg, "") == sidecar.ENDPOINTS  # no lock store, no shared trackers
    assert sidecar.endpoints_file("sqlite:///data/x.sqlite3", red) == sidecar.ENDPOINTS
    assert sidecar.endpoints_file("", "") == sidecar.ENDPOINTS
    assert sidecar.endpoints_file("", "", "mijn-endpoints.yml") == "mijn-endpoints.yml"  # RASA_ENDPOINTS wins
    assert (DIALOGEN / sidecar.SCALED_ENDPOINTS).is_file()


def test_scaled_rasa_settings_come_from_the_service_urls() -> None:
    env = sidecar.scaled_env("postgresql+psycopg://u:p%40ss@db.internal:6543/bijstand", "redis://:geheim%21@r:6380/3")
    assert env["RASA_TRACKER_URL"] == "postgresql://u:p%40ss@db.internal:6543/bijstand"  # psycopg2, URL kept
    assert (env["RASA_REDIS_HOST"], env["RASA_REDIS_PORT"], env["RASA_REDIS_DB"]) == ("r", "6380", "3")
    assert env["RASA_REDIS_PASSWORD"] == "geheim!"
    plain = sidecar.scaled_env("postgres://db/b", "redis://localhost")
    assert plain["RASA_TRACKER_URL"] == "postgresql://db/b"
    assert (plain["RASA_REDIS_PORT"], plain["RASA_REDIS_DB"], plain["RASA_REDIS_PASSWORD"]) == ("6379", "0", "")
    for db, red in [("sqlite:///x", "redis://r"), ("postgresql://db/b", "rediss://r"), ("postgresql://db/b", "")]:
        with pytest.raises(sidecar.SidecarError):
            sidecar.scaled_env(db, red)
