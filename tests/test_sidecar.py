"""Training runs only when the Rasa inputs change."""

from __future__ import annotations

import shutil
from pathlib import Path

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
