"""Corpus gate (QUALITY.md, issue 6): every real .docx python-docx can read, we read too.

test_corpus.py reads a sample; this reads all of them, since one refused real file is a bug the
caps of the pre-flight check (zip sizes and ratios, entry names, XML caps, macros, paragraph
length) must not have. The one exception is the corpus's XXE test file, which carries a DOCTYPE.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from assistant import errors
from assistant.documents import reading

pytestmark = pytest.mark.corpus

DOCTYPE_FILE = "apache-poi/test-data/document/ExternalEntityInText.docx"


def test_no_file_python_docx_reads_is_refused(corpus: Path) -> None:
    with (corpus / "docx" / "CATALOG.tsv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    readable = [row["path"] for row in rows if row["pydocx"] == "ok"]
    assert len(readable) > 1_000  # the whole corpus, not a sample

    refused: dict[str, str] = {}
    for name in readable:
        try:
            reading.read_document(corpus / "docx" / name)
        except errors.UnreadableDocument as refusal:
            refused[name] = refusal.reason

    assert set(refused) <= {DOCTYPE_FILE}, refused
    assert "DOCTYPE" in refused.get(DOCTYPE_FILE, "DOCTYPE")
