"""The floor and the peers, each run as its own process: `python tests/bench/peers.py PEER OLD NEW`.

Stdlib only at import time: the LibreOffice peer runs under the system Python (which has `uno`),
python-redlines under its own throwaway venv. Each prints one line of JSON with what it found.

Peers and how to install them (none is needed by the product; `make bench` skips missing ones):

    apt-get install -y libreoffice-writer-nogui python3-uno      # LibreOffice headless + UNO
    python3 -m venv /tmp/redlines-venv && \
        /tmp/redlines-venv/bin/pip install 'python-redlines[docxodus]'   # python-redlines 2.x
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def paragraphs(path: str) -> list[str]:
    """Every body paragraph's text and every table cell's text, read with python-docx."""
    import docx  # deferred: the LibreOffice and python-redlines interpreters lack it

    document = docx.Document(path)
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.append(" | ".join(cell.text for cell in row.cells))
    return texts


def floor(old: str, new: str) -> dict[str, Any]:
    """Open both drafts with python-docx and read all their text: the least any tool must do."""
    a, b = paragraphs(old), paragraphs(new)
    return {"paragraphs": [len(a), len(b)], "words": sum(len(t.split()) for t in a + b)}


def naive(old: str, new: str) -> dict[str, Any]:
    """Plain difflib paragraph diff of the two drafts' text (no alignment, no judgement)."""
    a, b = paragraphs(old), paragraphs(new)
    lines = list(difflib.unified_diff(a, b, lineterm="", n=0))
    return {"diff_lines": len(lines)}


def libreoffice(old: str, new: str) -> dict[str, Any]:
    """LibreOffice headless `.uno:CompareDocuments` (newer draft open, compared with the older)."""
    import uno  # the system Python's python3-uno
    from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

    soffice = shutil.which("soffice")
    if soffice is None:
        raise RuntimeError("soffice not found")
    with tempfile.TemporaryDirectory(prefix="lo-bench-") as scratch:
        # Copies: the office leaves a lock file beside what it opens, stale if it crashes, and a
        # stale lock makes the next load of that file fail.
        old = str(shutil.copy(old, Path(scratch, "old.docx")))
        new = str(shutil.copy(new, Path(scratch, "new.docx")))
        pipe = f"bench{os.getpid()}"
        profile = Path(scratch, "profile").as_uri()
        office = subprocess.Popen(
            [
                soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible",
                "--norestore", "--nologo", "--nodefault", f"--accept=pipe,name={pipe};urp;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own group: soffice.bin outlives the launcher
        )  # fmt: skip
        try:
            resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext(
                "com.sun.star.bridge.UnoUrlResolver", uno.getComponentContext()
            )
            context = _connect(resolver, f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            manager = context.ServiceManager
            desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
            helper = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)

            def prop(name: str, value: object) -> Any:
                return PropertyValue(Name=name, Value=value)

            # Hidden=True crashed about half the time (QUALITY.md): load visibly, headless anyway.
            document = desktop.loadComponentFromURL(
                Path(new).resolve().as_uri(), "_blank", 0, (prop("Hidden", False),)
            )
            frame = document.getCurrentController().getFrame()
            before = _count(document.getRedlines())
            helper.executeDispatch(
                frame, ".uno:CompareDocuments", "", 0, (prop("URL", Path(old).resolve().as_uri()),)
            )
            after = _count(document.getRedlines())
            target = Path(scratch, "redline.docx").as_uri()
            document.storeToURL(target, (prop("FilterName", "MS Word 2007 XML"),))
            document.close(True)
            with contextlib.suppress(Exception):  # the bridge drops as the office exits
                desktop.terminate()
            return {"redlines_before": before, "redlines": after}
        finally:
            with contextlib.suppress(subprocess.TimeoutExpired):
                office.wait(timeout=10)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(office.pid, signal.SIGKILL)  # hard kill whatever is left of the office


def _connect(resolver: Any, url: str, timeout: float = 60.0) -> Any:
    """The office's component context, retried while soffice starts."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve(url)
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _count(redlines: Any) -> int:
    enumeration = redlines.createEnumeration()
    count = 0
    while enumeration.hasMoreElements():
        enumeration.nextElement()
        count += 1
    return count


def redlines(old: str, new: str) -> dict[str, Any]:
    """python-redlines (Docxodus engine, a .NET program) writing a redline .docx of the pair."""
    from python_redlines.engines import DocxodusEngine  # type: ignore[import-not-found]

    engine = DocxodusEngine()
    output, stdout, _ = engine.run_redline("bench", Path(old).read_bytes(), Path(new).read_bytes())
    found = [line for line in (stdout or "").splitlines() if "revision" in line]
    return {"bytes": len(output), "summary": found[0].strip() if found else ""}


PEERS: dict[str, Callable[[str, str], dict[str, Any]]] = {
    "floor": floor,
    "difflib": naive,
    "libreoffice": libreoffice,
    "redlines": redlines,
}


def main() -> None:
    """Run one peer on one pair and print its result as JSON."""
    name, old, new = sys.argv[1:4]
    print(json.dumps(PEERS[name](old, new)))


if __name__ == "__main__":
    main()
