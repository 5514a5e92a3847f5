"""Every dialogue flow has a Rasa test story (dialogen/tests/); they must all pass against the trained model."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from bot.engine import sidecar
from tests.conftest import DIALOGEN


def test_all_test_stories_pass(rasa_model: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            str(sidecar.RASA_BIN),
            "test",
            "core",
            "--stories",
            "tests/test_stories.yml",
            "--model",
            str(rasa_model),
            "--out",
            str(tmp_path),
        ],
        cwd=DIALOGEN,
        env=sidecar.rasa_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    failed = (tmp_path / "failed_test_stories.yml").read_text()
    assert "None of the test stories failed" in failed, failed[:4000]
    report = json.loads((tmp_path / "story_report.json").read_text())
    assert report["conversation_accuracy"]["accuracy"] == 1.0
    assert report["conversation_accuracy"]["total"] >= 20  # the flows of issue 4 are all there
