"""Hypothesis properties of word diffs and clause alignment."""

from __future__ import annotations

import itertools
import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import model
from assistant.compare import alignment, diffing

_PIECES = ["shall", "should", "not", " ", "  ", "\n", ",", ".", "the", "Provider", "é", "顧客", "—"]
texts = st.one_of(st.text(), st.lists(st.sampled_from(_PIECES)).map("".join))

_WORDS = ["provider", "customer", "shall", "not", "data", "audit", "logs", "use", "only", "any"]
clause = st.one_of(
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6).map(" ".join),
    st.text(min_size=1, max_size=20),
)
clauses = st.lists(clause, max_size=12)
distinct = st.lists(
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6).map(" ".join),
    unique=True,
    max_size=12,
)


@given(texts, texts)
def test_diff_round_trips(old: str, new: str) -> None:
    edits = diffing.diff_words(old, new)
    assert "".join(e.text for e in edits if e.op is not model.Op.INSERT) == old
    assert "".join(e.text for e in edits if e.op is not model.Op.DELETE) == new


@given(texts, texts)
def test_diff_has_no_empty_or_split_edits(old: str, new: str) -> None:
    edits = diffing.diff_words(old, new)
    assert all(e.text for e in edits)
    assert all(a.op is not b.op for a, b in itertools.pairwise(edits))


def _check_partition(pairs: tuple[model.Pair, ...], n_old: int, n_new: int) -> None:
    olds = Counter(i for p in pairs for i in p.old)
    news = Counter(j for p in pairs for j in p.new)
    assert olds == Counter(range(n_old))
    assert news == Counter(range(n_new))
    assert all(p.old or p.new for p in pairs)


@given(clauses, clauses)
@settings(max_examples=200)
def test_every_index_appears_exactly_once(old: list[str], new: list[str]) -> None:
    pairs = alignment.align(old, new)
    _check_partition(pairs, len(old), len(new))
    assert alignment.align(old, new) == pairs  # deterministic


@given(clauses, clauses)
def test_output_follows_the_new_draft_with_deletions_after_their_old_neighbour(
    old: list[str], new: list[str]
) -> None:
    pairs = alignment.align(old, new)
    firsts = [p.new[0] for p in pairs if p.new]
    assert firsts == sorted(firsts)
    for k, pair in enumerate(pairs):
        if not pair.new and pair.old[0] > 0:
            assert old and pair.old[0] - 1 in pairs[k - 1].old


@given(clauses, clauses)
def test_pairs_not_moved_keep_their_order(old: list[str], new: list[str]) -> None:
    kept = [p.old[0] for p in alignment.align(old, new) if p.old and p.new and not p.moved]
    assert kept == sorted(kept)


@given(clauses)
def test_identical_drafts_pair_every_clause_in_place(texts: list[str]) -> None:
    pairs = alignment.align(texts, texts)
    assert pairs == tuple(model.Pair((i,), (i,)) for i in range(len(texts)))


@given(distinct, st.randoms(use_true_random=False))
def test_a_permutation_of_distinct_clauses_matches_them_all(
    texts: list[str], rng: random.Random
) -> None:
    shuffled = list(texts)
    rng.shuffle(shuffled)
    pairs = alignment.align(texts, shuffled)
    assert all(len(p.old) == len(p.new) == 1 for p in pairs)
    assert all(texts[p.old[0]] == shuffled[p.new[0]] for p in pairs)


@given(clauses, clause, st.integers(min_value=0))
def test_inserting_a_clause_is_one_insertion_without_moves(
    texts: list[str], extra: str, at: int
) -> None:
    at %= len(texts) + 1
    pairs = alignment.align(texts, [*texts[:at], extra, *texts[at:]])
    assert sum(not p.old for p in pairs) == 1
    assert all(len(p.old) <= 1 and len(p.new) <= 1 and not p.moved for p in pairs)


@given(st.lists(clause, min_size=1, max_size=12), st.integers(min_value=0))
def test_deleting_a_clause_is_one_deletion_without_moves(texts: list[str], at: int) -> None:
    at %= len(texts)
    pairs = alignment.align(texts, [*texts[:at], *texts[at + 1 :]])
    assert sum(not p.new for p in pairs) == 1
    assert all(len(p.old) <= 1 and len(p.new) <= 1 and not p.moved for p in pairs)


@given(texts, texts)
def test_similarity_is_a_symmetric_score_in_the_unit_interval(a: str, b: str) -> None:
    score = alignment.similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert score == alignment.similarity(b, a)


@given(clauses, st.lists(clause, min_size=1, max_size=4), st.integers(min_value=0))
def test_a_block_insertion_moves_nothing(texts: list[str], block: list[str], at: int) -> None:
    at %= len(texts) + 1
    pairs = alignment.align(texts, [*texts[:at], *block, *texts[at:]])
    assert sum(not p.old for p in pairs) == len(block)
    assert not any(p.moved for p in pairs)
