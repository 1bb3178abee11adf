"""Word diffs: granularity, readability after semantic cleanup, unicode, budgets."""

from __future__ import annotations

import random

import pytest

from assistant import errors, model
from assistant.compare import diffing

DELETE, EQUAL, INSERT = model.Op.DELETE, model.Op.EQUAL, model.Op.INSERT


def _ops(edits: tuple[model.Edit, ...]) -> list[tuple[int, str]]:
    return [(int(edit.op), edit.text) for edit in edits]


def test_a_changed_word_is_replaced_whole_not_letter_by_letter() -> None:
    edits = diffing.diff_words("Licensee shall comply.", "Licensee should comply.")
    assert _ops(edits) == [(0, "Licensee "), (-1, "shall"), (1, "should"), (0, " comply.")]


def test_weakened_prohibition_reads_as_one_replacement_and_one_insertion() -> None:
    edits = diffing.diff_words("shall not", "should not where practicable")
    assert _ops(edits) == [(-1, "shall"), (1, "should"), (0, " not"), (1, " where practicable")]


def test_carve_out_in_a_sentence_keeps_the_unchanged_words_equal() -> None:
    old = "Licensee shall not run the Platform over bulk-collected datasets."
    new = (
        "Licensee should not, where practicable, run the Platform over bulk-collected datasets, "
        "except as authorized by the Government."
    )
    edits = diffing.diff_words(old, new)
    assert [e.text for e in edits if e.op is INSERT] == [
        "should",
        ", where practicable,",
        ", except as authorized by the Government",
    ]
    assert [e.text for e in edits if e.op is DELETE] == ["shall"]


def test_edits_are_typed_values() -> None:
    edits = diffing.diff_words("a b", "a c")
    assert all(isinstance(e, model.Edit) and isinstance(e.op, model.Op) for e in edits)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("", "", []),
        ("same text", "same text", [(0, "same text")]),
        ("", "new clause", [(1, "new clause")]),
        ("old clause", "", [(-1, "old clause")]),
    ],
)
def test_trivial_inputs(old: str, new: str, expected: list[tuple[int, str]]) -> None:
    assert _ops(diffing.diff_words(old, new)) == expected


def test_unicode_words_accents_and_non_latin_scripts() -> None:
    old = "Le prestataire doit notifier le client — 顧客データ 🙂 naïve"
    new = "Le prestataire peut notifier le client — 顧客データ 🙂 naïve"
    assert _ops(diffing.diff_words(old, new)) == [
        (0, "Le prestataire "),
        (-1, "doit"),
        (1, "peut"),
        (0, " notifier le client — 顧客データ 🙂 naïve"),
    ]


def test_a_combining_accent_belongs_to_its_word() -> None:
    edits = diffing.diff_words("cafe au lait", "cafe\u0301 au lait")
    assert _ops(edits) == [(-1, "cafe"), (1, "cafe\u0301"), (0, " au lait")]


def test_text_holding_private_use_characters_round_trips() -> None:
    old, new = "\ue000 shall \ue001", "\ue001 shall \ue000"
    edits = diffing.diff_words(old, new)
    assert "".join(e.text for e in edits if e.op is not INSERT) == old
    assert "".join(e.text for e in edits if e.op is not DELETE) == new


def test_vocabulary_beyond_the_basic_private_use_area_stays_word_level() -> None:
    words = [f"w{n}" for n in range(8_000)]  # 8,000 words + a space: more than 6,400 tokens
    old = " ".join(words)
    new = " ".join([*words[:5_000], "changed", *words[5_001:]])
    edits = diffing.diff_words(old, new)
    assert [(e.op, e.text) for e in edits if e.op is not EQUAL] == [
        (DELETE, "w5000"),
        (INSERT, "changed"),
    ]


def test_vocabulary_beyond_every_private_use_area_falls_back_exactly() -> None:
    old = " ".join(f"w{n}" for n in range(140_000))
    new = old + " tail"
    assert _ops(diffing.diff_words(old, new)) == [(0, old), (1, " tail")]


def test_hitting_the_time_budget_raises_instead_of_replacing_everything() -> None:
    rng = random.Random(0)
    vocabulary = [f"term{n}" for n in range(300)]
    old = " ".join(rng.choice(vocabulary) for _ in range(20_000))
    new = " ".join(rng.choice(vocabulary) for _ in range(20_000))
    with pytest.raises(errors.DiffTimeout):
        diffing.diff_words(old, new, timeout=0.001)


def test_a_budget_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        diffing.diff_words("a", "b", timeout=0)
