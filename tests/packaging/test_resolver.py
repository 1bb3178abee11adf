"""assistant.resources in a frozen bundle: everything resolves under sys._MEIPASS, nothing else."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from assistant import errors, resources


def test_frozen_bundle_resolves_under_meipass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "resources" / "rules").mkdir(parents=True)
    (tmp_path / "resources" / "rules" / "risk_rules.toml").write_text("", encoding="utf-8")
    (tmp_path / "models" / "redline_en").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.path("rules/risk_rules.toml") == tmp_path / "resources/rules/risk_rules.toml"
    assert resources.model_path("redline_en") == tmp_path / "models" / "redline_en"
    # What the bundle lacks is missing, even though the checkout has it.
    with pytest.raises(errors.ResourceError):
        resources.path("playbooks/ai_use.toml")
