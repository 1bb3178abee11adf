"""Alignment of real successive contract versions (../shared/corpus/versions, Markdown)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from assistant import model
from assistant.compare import alignment

pytestmark = pytest.mark.corpus

_ITEM = re.compile(r"^\s*(?:\d+\.|\([a-z0-9]+\)|[-*])\s|^\s*#")
_MARKUP = re.compile(r"<[^>]+>|\*\*|__")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_NUMBER = re.compile(r"^(?:#+\s*)?(?:(?:\d+\.)+\d*|\d+|\([a-z0-9]+\)|[a-z]\.)\s*")


def _paragraphs(path: Path) -> list[str]:
    """Clause-like paragraphs of a Markdown contract: blocks and list items, numbers removed."""
    blocks: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or _ITEM.match(line):
            blocks.append([])
        blocks[-1].append(line)
    texts = (" ".join(_LINK.sub(r"\1", _MARKUP.sub("", " ".join(b))).split()) for b in blocks)
    cleaned = (_NUMBER.sub("", text).lstrip("# ").strip() for text in texts)
    return [text for text in cleaned if text]


def _counts(pairs: tuple[model.Pair, ...]) -> Counter[str]:
    return Counter(
        "inserted" if not p.old else "deleted" if not p.new else "moved" if p.moved else "paired"
        for p in pairs
    )


STEPS = [
    ("CommonPaper__CSA/CSA/tags/1.0.md", "CommonPaper__CSA/CSA/tags/1.1.md"),
    ("CommonPaper__CSA/CSA/tags/2.0.md", "CommonPaper__CSA/CSA/tags/2.1.md"),
    ("CommonPaper__DPA/DPA/tags/1.0.md", "CommonPaper__DPA/DPA/tags/1.1.md"),
    ("CommonPaper__PSA/psa/tags/1.0.md", "CommonPaper__PSA/psa/tags/1.1.md"),
    (
        "Bonterms__Professional-Services-Agreement/published/PSA_V1.0.md",
        "Bonterms__Professional-Services-Agreement/published/PSA_V1.1.md",
    ),
    (
        "Bonterms__Professional-Services-Agreement/published/PSA_V1.1.md",
        "Bonterms__Professional-Services-Agreement/published/PSA_V1.2.md",
    ),
]


@pytest.mark.parametrize(("before", "after"), STEPS)
def test_a_small_revision_pairs_nearly_every_paragraph(
    corpus: Path, before: str, after: str
) -> None:
    old = _paragraphs(corpus / "versions" / before)
    new = _paragraphs(corpus / "versions" / after)
    pairs = alignment.align(old, new)
    counts = _counts(pairs)
    assert len(old) > 50
    assert counts["paired"] >= 0.95 * min(len(old), len(new))
    assert counts["inserted"] + counts["deleted"] <= 4
    assert counts["moved"] == 0


@pytest.mark.parametrize(("before", "after"), STEPS)
def test_a_paragraph_kept_verbatim_pairs_with_itself(corpus: Path, before: str, after: str) -> None:
    old = _paragraphs(corpus / "versions" / before)
    new = _paragraphs(corpus / "versions" / after)
    once_old = {t for t, n in Counter(old).items() if n == 1}
    once_new = {t for t, n in Counter(new).items() if n == 1}
    for pair in alignment.align(old, new):
        if len(pair.old) == len(pair.new) == 1 and old[pair.old[0]] in once_old & once_new:
            assert new[pair.new[0]] == old[pair.old[0]]
        assert not (len(pair.old) == 1 and not pair.new and old[pair.old[0]] in once_new)


def test_csa_1_0_to_1_1_splits_the_headings_off_their_paragraphs(corpus: Path) -> None:
    tags = corpus / "versions" / "CommonPaper__CSA" / "CSA" / "tags"
    old, new = _paragraphs(tags / "1.0.md"), _paragraphs(tags / "1.1.md")
    splits = [p for p in alignment.align(old, new) if len(p.new) == 2]
    assert [new[p.new[0]] for p in splits] == [
        "USING THIS AGREEMENT",
        "Disclaimer of Warranties",
        "Insurance",
    ]


def test_the_csa_2_0_rewrite_still_pairs_most_sections(corpus: Path) -> None:
    tags = corpus / "versions" / "CommonPaper__CSA" / "CSA" / "tags"
    old, new = _paragraphs(tags / "1.1.md"), _paragraphs(tags / "2.0.md")
    pairs = alignment.align(old, new)
    assert sorted(i for p in pairs for i in p.old) == list(range(len(old)))
    assert sorted(j for p in pairs for j in p.new) == list(range(len(new)))
    assert sum(1 for p in pairs if p.old and p.new) >= len(new) // 2
