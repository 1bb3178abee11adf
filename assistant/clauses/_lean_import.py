"""Import spaCy without its command line.

`spacy/__init__.py` imports `spacy.cli.info` for the one name `spacy.info`, and that loads the
whole `spacy` command: typer, click, rich, jinja2, requests, weasel and httpx. None of it is
needed to load or run a pipeline, and it costs about 0.3 s of every fresh start (a third of
importing spaCy; `make bench`). It also means the analysis never loads an HTTP client, which
suits a tool that must not touch the network.

So while spaCy itself is imported, `spacy.cli` and `spacy.cli.info` are stand-ins in
`sys.modules`; they are removed right after, so a later `import spacy.cli` (the training
scripts) imports the real command line as usual. `spacy.info` then imports it on first call.
"""

from __future__ import annotations

import sys
import types
from typing import Any

_STAND_INS = ("spacy.cli", "spacy.cli.info")


def _info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`, importing the real command line on first use."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> None:
    """Import spaCy, skipping its command line; nothing happens when it is already imported."""
    if "spacy" in sys.modules:
        return
    cli = types.ModuleType(_STAND_INS[0])
    info = types.ModuleType(_STAND_INS[1])
    info.info = _info  # type: ignore[attr-defined]
    cli.info = info  # type: ignore[attr-defined]
    sys.modules.update(dict(zip(_STAND_INS, (cli, info), strict=True)))
    try:
        import spacy  # noqa: F401  (the import is the point)
    finally:
        for name in _STAND_INS:
            if sys.modules.get(name) in (cli, info):
                del sys.modules[name]
