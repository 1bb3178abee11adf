"""Clause alignment scenarios: renumbering, moves, edits, splits, merges, duplicates."""

from __future__ import annotations

import random

import pytest

from assistant import model
from assistant.compare import alignment

DRAFT = [
    "Provider will provide the Cloud Service in accordance with the Documentation.",
    "Customer will pay all undisputed invoices within thirty days of receipt.",
    "Licensee shall not run the Platform over bulk-collected datasets.",
    "Each party will protect the other party's Confidential Information with reasonable care.",
    "Provider will retain usage logs for at least seven years and make them available for audit.",
    "Either party may terminate this Agreement if the other party materially breaches it.",
    "This Agreement is governed by the laws of the State of Delaware.",
    "Neither party may assign this Agreement without the prior written consent of the other.",
]

WEAKENED = (
    "Licensee should not, where practicable, run the Platform over bulk-collected datasets, "
    "except as authorized by the Government for any lawful purpose."
)
UNRELATED = "Provider may use subcontractors to perform the Professional Services on its behalf."


def _pair(old: tuple[int, ...], new: tuple[int, ...], *, moved: bool = False) -> model.Pair:
    return model.Pair(old, new, moved)


def _in_place(n: int) -> list[model.Pair]:
    return [_pair((i,), (i,)) for i in range(n)]


def test_renumbered_draft_with_identical_text_pairs_in_place() -> None:
    assert alignment.align(DRAFT, list(DRAFT)) == tuple(_in_place(len(DRAFT)))


def test_punctuation_case_and_spacing_do_not_break_an_exact_match() -> None:
    new = [text.upper().replace(" ", "  ").replace(".", ";") for text in DRAFT]
    assert alignment.align(DRAFT, new) == tuple(_in_place(len(DRAFT)))


def test_a_clause_inserted_at_the_top_renumbers_the_rest_without_moving_them() -> None:
    pairs = alignment.align(DRAFT, [UNRELATED, *DRAFT])
    assert pairs == (_pair((), (0,)), *(_pair((i,), (i + 1,)) for i in range(len(DRAFT))))


def test_a_block_deletion_moves_nothing() -> None:
    pairs = alignment.align(DRAFT, DRAFT[:2] + DRAFT[5:])
    assert [p for p in pairs if not p.new] == [_pair((2,), ()), _pair((3,), ()), _pair((4,), ())]
    assert not any(p.moved for p in pairs)
    assert pairs[2:5] == (_pair((2,), ()), _pair((3,), ()), _pair((4,), ()))  # after old 1


def test_a_clause_moved_to_the_end_is_the_only_one_moved() -> None:
    new = [*DRAFT[:2], *DRAFT[3:], DRAFT[2]]
    pairs = alignment.align(DRAFT, new)
    assert [p for p in pairs if p.moved] == [_pair((2,), (7,), moved=True)]
    assert len(pairs) == len(DRAFT)


def test_swapping_two_clauses_marks_only_one_as_moved() -> None:
    new = list(DRAFT)
    new[3], new[4] = new[4], new[3]
    pairs = alignment.align(DRAFT, new)
    assert sum(p.moved for p in pairs) == 1
    assert {(p.old, p.new) for p in pairs} >= {((3,), (4,)), ((4,), (3,))}


def test_a_moved_and_weakened_clause_still_pairs_and_is_moved() -> None:
    new = [*DRAFT[:2], *DRAFT[3:], WEAKENED]
    pairs = alignment.align(DRAFT, new)
    assert _pair((2,), (7,), moved=True) in pairs
    assert sum(p.moved for p in pairs) == 1


def test_a_heavily_weakened_clause_pairs_with_its_old_self() -> None:
    new = [*DRAFT[:2], WEAKENED, *DRAFT[3:]]
    assert alignment.align(DRAFT, new) == tuple(_in_place(len(DRAFT)))


def test_an_unrelated_replacement_is_a_deletion_and_an_insertion() -> None:
    new = [*DRAFT[:2], UNRELATED, *DRAFT[3:]]
    pairs = alignment.align(DRAFT, new)
    assert pairs[1:4] == (_pair((1,), (1,)), _pair((2,), ()), _pair((), (2,)))
    assert len(pairs) == len(DRAFT) + 1


def test_a_clause_rewritten_in_place_between_paired_neighbours_pairs() -> None:
    # Below the usual threshold, but the only clause removed and the only one added between the
    # same neighbours: a rewrite, as in a prohibition turned into an opt-out permission.
    old = [
        *DRAFT[:2],
        "Provider shall not use Customer Data to train or improve any model without Customer's "
        "prior written consent.",
        "Provider will delete Customer Data within thirty days after the end of the term.",
        *DRAFT[3:],
    ]
    new = [
        *DRAFT[:2],
        "Provider may use Customer Data to train and improve its models unless Customer opts "
        "out in the admin console.",
        "Provider will delete Customer Data within ninety days after the end of the term.",
        *DRAFT[3:],
    ]
    assert alignment.SOLE <= alignment.similarity(old[2], new[2]) < alignment.SIMILAR
    assert alignment.align(old, new) == tuple(_in_place(len(old)))


def test_a_lone_rewrite_that_kept_its_number_pairs_at_a_lower_bar() -> None:
    # A list item cut down from a catch-all to one narrow purpose shares few words with it.
    old = [*DRAFT[:2], "any other lawful purpose.", *DRAFT[3:]]
    new = [
        *DRAFT[:2],
        "any other purpose, limited to investigating a serious offence and approved in writing"
        " by a senior officer.",
        *DRAFT[3:],
    ]
    assert alignment.SOLE_SAME_REF <= alignment.similarity(old[2], new[2]) < alignment.SOLE
    refs = [f"1.{n}" for n in range(len(old))]
    assert alignment.align(old, new, (refs, refs)) == tuple(_in_place(len(old)))
    # without the same number it stays a deletion and an insertion
    assert alignment.align(old, new) != tuple(_in_place(len(old)))
    renumbered = [*refs[:2], "1.9", *refs[3:]]
    assert alignment.align(old, new, (refs, renumbered)) != tuple(_in_place(len(old)))


def test_a_deleted_first_clause_comes_first() -> None:
    pairs = alignment.align(DRAFT, DRAFT[1:])
    assert pairs[0] == _pair((0,), ())


def test_a_clause_split_in_two_is_one_pair() -> None:
    first = "Provider will retain usage logs for at least seven years."
    second = "Provider will make the usage logs available to Customer for audit on request."
    old = [*DRAFT[:4], f"{first} {second}", *DRAFT[5:]]
    new = [*DRAFT[:4], first, second, *DRAFT[5:]]
    pairs = alignment.align(old, new)
    assert _pair((4,), (4, 5)) in pairs
    assert len(pairs) == len(DRAFT)


def test_two_clauses_merged_into_one_are_one_pair() -> None:
    first = "Provider will retain usage logs for at least seven years."
    second = "Provider will make the usage logs available to Customer for audit on request."
    old = [*DRAFT[:4], first, second, *DRAFT[5:]]
    new = [*DRAFT[:4], f"{first} {second}", *DRAFT[5:]]
    assert _pair((4, 5), (4,)) in alignment.align(old, new)


def test_a_heading_split_off_its_clause_is_a_split() -> None:
    old = [*DRAFT[:4], "Insurance During the Term, Provider will carry commercial insurance."]
    new = [*DRAFT[:4], "Insurance", "During the Term, Provider will carry commercial insurance."]
    assert alignment.align(old, new)[-1] == _pair((4,), (4, 5))


def test_an_edited_clause_next_to_an_insertion_is_not_a_split() -> None:
    new = [*DRAFT[:2], WEAKENED, UNRELATED, *DRAFT[3:]]
    pairs = alignment.align(DRAFT, new)
    assert pairs[2:4] == (_pair((2,), (2,)), _pair((), (3,)))


def test_duplicate_boilerplate_clauses_align_in_order() -> None:
    old = [DRAFT[0], "Reserved.", DRAFT[1], "Reserved.", DRAFT[2], "Reserved.", DRAFT[3]]
    new = [DRAFT[0], "Reserved.", DRAFT[1], DRAFT[2], "Reserved.", DRAFT[3]]
    assert alignment.align(old, new) == (
        _pair((0,), (0,)),
        _pair((1,), (1,)),
        _pair((2,), (2,)),
        _pair((3,), ()),
        _pair((4,), (3,)),
        _pair((5,), (4,)),
        _pair((6,), (5,)),
    )


def test_a_duplicate_gone_here_and_added_there_is_a_move_not_a_deletion() -> None:
    # A safeguard stated twice whose copy moved must not read as struck: the text is still there.
    old = [DRAFT[0], DRAFT[2], DRAFT[1], DRAFT[2], DRAFT[3]]
    new = [DRAFT[0], DRAFT[2], DRAFT[1], DRAFT[3], DRAFT[2]]
    pairs = alignment.align(old, new)
    assert all(p.old and p.new for p in pairs)
    assert sum(p.moved for p in pairs) == 1  # it swapped places with DRAFT[3]: one of them moved


def test_empty_drafts() -> None:
    assert alignment.align([], []) == ()
    assert alignment.align(["A clause."], []) == (_pair((0,), ()),)
    assert alignment.align([], ["A clause."]) == (_pair((), (0,)),)


# The thresholds, from both sides ---------------------------------------------------------------

EDITED = [
    (DRAFT[2], WEAKENED),
    (
        "The Provider shall not use the Service for domestic surveillance of U.S. persons.",
        "The Provider should not, where practicable, use the Service for domestic surveillance "
        "of U.S. persons, except as directed by the Government.",
    ),
    (
        "Customer must notify Provider in writing within 30 days.",
        "Customer may notify Provider orally within 60 days, where practicable.",
    ),
]


@pytest.mark.parametrize(("old", "new"), EDITED)
def test_heavily_edited_clauses_score_above_the_pairing_threshold(old: str, new: str) -> None:
    assert alignment.similarity(old, new) >= alignment.SIMILAR


@pytest.mark.parametrize(
    ("old", "new"), [(a, b) for a in DRAFT for b in [*DRAFT, UNRELATED] if a != b]
)
def test_unrelated_clauses_score_below_the_pairing_threshold(old: str, new: str) -> None:
    assert alignment.similarity(old, new) < alignment.SIMILAR


def test_similarity_ignores_case_punctuation_and_spacing() -> None:
    assert alignment.similarity("Provider's DATA, only.", "provider’s  data only") == 1.0
    assert alignment.similarity("", "") == 1.0
    assert alignment.similarity("—", "Provider") == 0.0


# Larger drafts: the bounded paths --------------------------------------------------------------


def _synthetic(count: int, rng: random.Random) -> list[str]:
    vocabulary = [f"word{n}" for n in range(4_000)]
    common = ["the", "Provider", "Customer", "shall", "not", "of", "and", "any", "to", "data"]
    return [
        " ".join(rng.choice(vocabulary if rng.random() < 0.6 else common) for _ in range(25))
        for _ in range(count)
    ]


def _touch(text: str, rng: random.Random) -> str:
    words = text.split()
    words[rng.randrange(len(words))] = "should"
    return " ".join(words)


def test_a_draft_with_every_clause_edited_still_pairs_in_place() -> None:
    rng = random.Random(1)
    old = _synthetic(120, rng)  # no exact anchor at all: one 120 x 120 gap, scored in a band
    new = [_touch(text, rng) for text in old]
    assert alignment.align(old, new) == tuple(_in_place(120))


def test_a_clause_moved_far_and_edited_is_found_through_its_rare_words() -> None:
    rng = random.Random(2)
    old = _synthetic(300, rng)
    new = [*old[:10], *old[11:250], _touch(old[10], rng), *old[250:]]
    pairs = alignment.align(old, new)
    assert [p for p in pairs if p.moved] == [_pair((10,), (249,), moved=True)]
    assert all(p.old and p.new for p in pairs)
