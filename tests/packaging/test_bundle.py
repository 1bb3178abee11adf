"""The desktop bundle (`make package`), copied out of the checkout and run with no network.

Skipped when dist/redline-assistant/ was never built; `make package-test` builds it first.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.fixtures.app_runs import wait_for_analysis
from tests.packaging.conftest import PROGRAM, ROOT, project_version

SAMPLES = ROOT / "resources" / "samples"
DRAFTS = [f"ai-services-agreement-v{n}.docx" for n in (1, 2, 3)]
GUI_TIMEOUT_S = 90  # loading spaCy and analysing three drafts takes seconds; CI machines are slow


def _environment(home: Path) -> dict[str, str]:
    """The user's environment less anything pointing back at the checkout or a Python set-up."""
    keep = {"PATH", "LANG", "LC_ALL", "TZ", "DISPLAY", "XDG_RUNTIME_DIR"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    return env | {"HOME": str(home), "REDLINE_ASSISTANT_HOME": str(home / "data")}


def _run(
    offline: list[str], bundle: Path, args: list[str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*offline, str(bundle / PROGRAM), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=cwd,
        env=_environment(cwd),
    )


def test_compare_flags_the_struck_bulk_data_clause(
    installed_bundle: Path, offline: list[str], tmp_path: Path
) -> None:
    """v3 of the sample strikes §4.2 (bulk data): the frozen program reports it first, critical."""
    for name in DRAFTS:
        shutil.copy(SAMPLES / name, tmp_path / name)
    args = ["compare", *DRAFTS, "--format", "json", "-o", "r.json"]
    result = _run(offline, installed_bundle, args, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    first = report["changes"][0]
    assert (first["kind"], first["risk"], first["old_ref"]) == ("deleted", "critical", "4.2")
    assert "bulk_data" in first["categories"]
    assert first["new_text"] is None
    assert "Bulk-Acquired Data" in first["old_text"]
    assert [draft["label"] for draft in report["drafts"]] == ["v1", "v2", "v3"]


def test_word_redline_export_works_frozen(
    installed_bundle: Path, offline: list[str], tmp_path: Path
) -> None:
    """The .docx redline needs python-docx's templates, found through a folder of the bundle."""
    for name in DRAFTS[1:]:
        shutil.copy(SAMPLES / name, tmp_path / name)
    args = ["compare", *DRAFTS[1:], "--format", "docx", "-o", "redline.docx"]
    result = _run(offline, installed_bundle, args, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "redline.docx").read_bytes()[:2] == b"PK"


def test_version_comes_from_pyproject(
    installed_bundle: Path, offline: list[str], tmp_path: Path
) -> None:
    """`--version` prints the version pyproject.toml declares."""
    result = _run(offline, installed_bundle, ["--version"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"redline-assistant {project_version()}"


@pytest.mark.parametrize("platform", ["offscreen", "xcb"])
def test_gui_starts_and_analyses_the_sample(
    installed_bundle: Path,
    offline: list[str],
    tmp_path: Path,
    platform: str,
    request: pytest.FixtureRequest,
) -> None:
    """`open --sample` shows the window and analyses the bundled drafts in its worker thread,
    offscreen and on an X server (xcb: the platform a desktop uses).

    The app has no "quit when done": the test watches the audit log for the app's analysis
    record, checks the app is still running, then terminates it.
    """
    env = _environment(tmp_path) | {"QT_QPA_PLATFORM": platform}
    if platform == "xcb":
        env["DISPLAY"] = request.getfixturevalue("x_display")
    log = tmp_path / "data" / "audit.jsonl"
    with subprocess.Popen(
        [*offline, str(installed_bundle / PROGRAM), "open", "--sample"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=env,
    ) as app:
        try:
            record = wait_for_analysis(log, app, GUI_TIMEOUT_S)
            assert app.poll() is None, "the app quit by itself"
        finally:
            app.terminate()
            _, stderr = app.communicate(timeout=30)
    assert "Traceback" not in stderr, stderr
    assert "qt.qpa" not in stderr, stderr  # a platform plugin or its libraries missing
    assert record["details"]["changes"]["critical"] == 1
    samples = [Path(draft["path"]) for draft in record["details"]["drafts"]]
    assert [path.name for path in samples] == DRAFTS
    assert all(path.is_relative_to(installed_bundle) for path in samples), samples


def test_bundle_carries_the_pipelines_and_resources(installed_bundle: Path) -> None:
    """models/ and resources/ go in byte for byte, less the evaluation and training sets."""
    inside = installed_bundle / "_internal"
    assert _files(inside / "models") == _files(ROOT / "models")
    left_out = {"eval", "training"}
    assert _files(inside / "resources") == _files(ROOT / "resources", left_out=left_out)


def _files(folder: Path, left_out: frozenset[str] | set[str] = frozenset()) -> dict[Path, bytes]:
    """The bytes of every file under `folder` but caches, hidden files and a left-out subfolder."""
    found = {}
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        skipped = relative.parts[0] in left_out or "__pycache__" in relative.parts
        if path.is_file() and not skipped and not path.name.startswith("."):
            found[relative] = path.read_bytes()
    return found


def test_bundle_holds_no_tests_caches_or_development_tools(installed_bundle: Path) -> None:
    """Nothing a user does not run: test suites, caches, dev tools, evaluation and training data."""
    unwanted_names = {"tests", "__pycache__", ".pytest_cache", ".mypy_cache", "eval"}
    unwanted_tops = {"pytest", "_pytest", "hypothesis", "mypy", "ruff", "PyInstaller", "tkinter"}
    for path in installed_bundle.rglob("*"):
        relative = path.relative_to(installed_bundle)
        assert not unwanted_names & set(relative.parts), relative
        if relative.parts[0] == "_internal" and len(relative.parts) > 1:
            top = relative.parts[1].split("-")[0].split(".")[0]
            assert top not in unwanted_tops, relative


def test_bundle_carries_the_desktop_integration(installed_bundle: Path) -> None:
    """install.sh, uninstall.sh and share/ sit beside the program, as in packaging/."""
    for script in ("install.sh", "uninstall.sh"):
        assert os.access(installed_bundle / script, os.X_OK), script
    assert _files(installed_bundle / "share") == _files(ROOT / "packaging" / "share")
