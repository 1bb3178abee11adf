"""Shared test set-up: every test gets its own data home; corpus paths skip cleanly when absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep tests away from the real user data folder (PRODUCT.md: tests always set it)."""
    monkeypatch.setenv("REDLINE_ASSISTANT_HOME", str(tmp_path_factory.mktemp("home")))


@pytest.fixture
def corpus() -> Path:
    """The shared real-document corpus; skips the test when a fresh clone does not have it."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    return CORPUS
