"""A pipeline built from the current resources/ once per session: tests never see a stale one."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.clauses import build, detection


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled pipeline, freshly built into a temporary folder."""
    return build.build(tmp_path_factory.mktemp("pipeline") / build.MODEL)


@pytest.fixture(scope="session")
def detector(pipeline: Path) -> detection.RuleDetector:
    """A detector over the fresh pipeline with no user packs."""
    return detection.RuleDetector(pipeline, packs=[])
