"""spaCy is imported without its command line: no HTTP client in the analysis process."""

from __future__ import annotations

import subprocess
import sys

# What spaCy's command line pulls in; none of it runs a pipeline.
_CLI_ONLY = ("typer", "click", "rich", "jinja2", "requests", "httpx", "weasel")


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.strip()


def test_detector_loads_without_the_command_line_or_an_http_client() -> None:
    loaded = _run(
        "import sys\n"
        "from assistant.review import analysis\n"
        "analysis.default_detector()\n"
        f"print(','.join(m for m in {_CLI_ONLY!r} if m in sys.modules))"
    )
    assert loaded == ""


def test_spacy_info_and_the_real_command_line_still_work() -> None:
    out = _run(
        "import assistant.clauses, spacy, sys\n"
        "print('spacy.cli' in sys.modules)\n"
        "print(isinstance(spacy.info(), dict))\n"
        "from spacy.cli import train\n"
        "print(callable(train.train))"
    )
    assert out.split() == ["False", "True", "True"]
