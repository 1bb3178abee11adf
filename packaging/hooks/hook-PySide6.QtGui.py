"""QtGui with only the Qt plugins Redline Assistant loads, so their libraries stay out too.

Filtering here, before PyInstaller's binary dependency analysis, also keeps out what the dropped
plugins link to (Wayland, EGL, GTK).
"""

from pathlib import PurePath

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

# Plugin folder -> file names kept (None: the whole folder).
_KEPT = {
    "platforms": {"libqxcb.so", "libqoffscreen.so"},  # X11 (and XWayland); offscreen for tests
    "platforminputcontexts": None,  # compose key and IBus: accents and input methods in notes
    "iconengines": {"libqsvgicon.so"},  # the scalable application icon
    "imageformats": {"libqsvg.so"},
}


def _wanted(source: str, destination: str) -> bool:
    folder = PurePath(destination)
    if "plugins" not in folder.parts:
        return True
    kind = folder.name
    if kind not in _KEPT:
        return False
    names = _KEPT[kind]
    return names is None or PurePath(source).name in names


hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(source, dest) for source, dest in binaries if _wanted(source, dest)]
