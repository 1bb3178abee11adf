"""Desktop integration (packaging/share, install.sh, uninstall.sh), checked without a bundle.

install.sh and uninstall.sh run against a stand-in bundle (a shell script in place of the
program) in a temporary home whose path holds a space.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy
import pytest
from PySide6 import QtGui, QtWidgets

from tests.packaging.conftest import PACKAGING, PROGRAM, ROOT

SHARE = PACKAGING / "share"
DESKTOP = SHARE / "applications" / "redline-assistant.desktop"
METAINFO = SHARE / "metainfo" / "org.redline_assistant.RedlineAssistant.metainfo.xml"
HICOLOR = SHARE / "icons" / "hicolor"
OPENED_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/pdf",
    "text/plain",
    "text/markdown",
}


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign] # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_opens_drafts_with_the_app() -> None:
    """The menu entry starts the app on the files given and offers itself for drafts' types."""
    entry = _entry(DESKTOP)
    assert entry["Exec"] == "redline-assistant open %F"
    assert entry["Icon"] == "redline-assistant"
    assert set(filter(None, entry["MimeType"].split(";"))) == OPENED_TYPES
    assert entry["Terminal"] == "false"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_desktop_entry_is_valid() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and not result.stdout, result.stdout


def test_metainfo_agrees_with_the_desktop_entry_and_pyproject() -> None:
    """AppStream names the same launcher, types and licence as the entry and pyproject.toml."""
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert component.findtext("provides/binary") == PROGRAM
    assert {e.text for e in component.findall("provides/mediatype")} == OPENED_TYPES
    with (ROOT / "pyproject.toml").open("rb") as stream:
        licence = tomllib.load(stream)["project"]["license"]
    assert component.findtext("project_license") == licence


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream")
def test_metainfo_is_valid() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("size", [16, 32, 48, 64, 128, 256])
def test_icon_png_is_the_current_rendering_of_the_svg(
    qapp: QtWidgets.QApplication, size: int
) -> None:
    """Each PNG is the SVG rendered at its size (rerun packaging/render_icons.py after an edit);
    a little leeway per channel lets another Qt release antialias differently."""
    spec = importlib.util.spec_from_file_location("render_icons", PACKAGING / "render_icons.py")
    assert spec is not None and spec.loader is not None
    render_icons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render_icons)
    png = QtGui.QImage(str(HICOLOR / f"{size}x{size}" / "apps" / "redline-assistant.png"))
    assert (png.width(), png.height()) == (size, size)
    assert numpy.abs(_rgba(png) - _rgba(render_icons.render(size))).max() <= 16


def _rgba(image: QtGui.QImage) -> numpy.ndarray:
    rgba = image.convertToFormat(QtGui.QImage.Format.Format_RGBA8888)
    return numpy.frombuffer(rgba.constBits(), numpy.uint8).astype(int)


def _stand_in_bundle(folder: Path) -> Path:
    """A bundle with packaging/'s desktop files and a script in place of the frozen program."""
    bundle = folder / "redline-assistant"
    shutil.copytree(SHARE, bundle / "share")
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy(PACKAGING / script, bundle / script)
    program = bundle / PROGRAM
    program.write_text('#!/bin/sh\necho "stand-in $*"\n', encoding="utf-8")
    program.chmod(0o755)
    return bundle


def _sh(script: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(home), "PATH": os.environ["PATH"], "LANG": "C.UTF-8"}
    return subprocess.run(
        ["sh", str(script)], capture_output=True, text=True, env=env, timeout=60, check=False
    )


def test_install_and_uninstall_for_one_user(tmp_path: Path) -> None:
    """install.sh puts program, link, menu entry, icons and metainfo under the home; uninstall.sh
    removes them and leaves the user's data and other programs' entries alone."""
    home = tmp_path / "home of a user"
    data = home / ".local" / "share"
    bundle = _stand_in_bundle(tmp_path)
    other_entry = data / "applications" / "other.desktop"
    other_entry.parent.mkdir(parents=True)
    other_entry.write_text("[Desktop Entry]\n", encoding="utf-8")
    audit_log = data / "redline-assistant" / "audit.jsonl"
    audit_log.parent.mkdir(parents=True)
    audit_log.write_text("{}\n", encoding="utf-8")

    for _ in range(2):  # a second install replaces the first
        installed = _sh(bundle / "install.sh", home)
        assert installed.returncode == 0, installed.stderr

    prefix = home / ".local" / "opt" / "redline-assistant"
    link = home / ".local" / "bin" / PROGRAM
    run = subprocess.run([str(link), "--version"], capture_output=True, text=True, check=True)
    assert run.stdout == "stand-in --version\n"
    entry = _entry(data / "applications" / DESKTOP.name)
    assert entry["Exec"] == f'"{prefix / PROGRAM}" open %F'
    assert entry["TryExec"] == str(prefix / PROGRAM)
    for size in (16, 32, 48, 64, 128, 256):
        assert (data / f"icons/hicolor/{size}x{size}/apps/redline-assistant.png").is_file()
    assert (data / "icons/hicolor/scalable/apps/redline-assistant.svg").is_file()
    assert (data / "metainfo" / METAINFO.name).read_bytes() == METAINFO.read_bytes()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(
            ["desktop-file-validate", str(data / "applications" / DESKTOP.name)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert check.returncode == 0 and not check.stdout, check.stdout
    if shutil.which("update-desktop-database"):
        cache = (data / "applications" / "mimeinfo.cache").read_text("utf-8")
        assert "application/pdf=redline-assistant.desktop;" in cache

    removed = _sh(prefix / "uninstall.sh", home)
    assert removed.returncode == 0, removed.stderr
    assert not prefix.exists()
    assert not link.is_symlink()
    assert not (data / "applications" / DESKTOP.name).exists()
    assert not list(data.glob("icons/hicolor/*/apps/redline-assistant.*"))
    assert not (data / "metainfo" / METAINFO.name).exists()
    assert other_entry.is_file()
    assert audit_log.read_text("utf-8") == "{}\n"


def test_install_refuses_to_run_outside_a_bundle(tmp_path: Path) -> None:
    """Run from packaging/ itself (no program beside it), install.sh says so and does nothing."""
    result = _sh(PACKAGING / "install.sh", tmp_path)
    assert result.returncode == 2
    assert "bundle folder" in result.stderr
    assert not (tmp_path / ".local").exists()
