"""The data contract of the bundled packs, the deontic cues and the built pipeline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import spacy

from assistant import model, resources, taxonomy
from assistant.clauses import build
from tests.fixtures.models import stale_sources

# PRODUCT.md: category ids are part of the machine contract.
AI_USE = [
    "domestic_surveillance",
    "bulk_data",
    "autonomous_weapons",
    "human_oversight",
    "fine_tuning",
    "secure_environment",
    "audit_logging",
    "technical_safeguards",
    "independent_assessment",
    "purpose_limitation",
    "enforcement",
    "any_lawful_purpose",
    "override",
]
COMMERCIAL = [
    "data_use",
    "data_residency",
    "subprocessors",
    "data_deletion",
    "confidentiality",
    "breach_notification",
    "audit_rights",
    "liability_cap",
    "non_compete",
    "non_solicit",
    "exclusivity",
    "assignment",
    "ip_ownership",
    "license_restrictions",
]
RISK_LANGUAGE = {"any_lawful_purpose", "override"}
# Attributes a blank pipeline cannot fill (no tagger, parser, lemmatizer or NER).
UNAVAILABLE = {"LEMMA", "POS", "TAG", "DEP", "MORPH", "ENT_TYPE", "ENT_IOB", "ENT_ID", "SENT_START"}


def pattern_files() -> list[Path]:
    """Every bundled pattern file."""
    packs = [folder / "patterns.jsonl" for folder in taxonomy.bundled_pack_folders()]
    return [*packs, resources.path(build.DEONTIC)]


def lines(path: Path) -> list[dict[str, Any]]:
    """The pattern lines of a file, parsed."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_category_ids_match_the_product_contract() -> None:
    packs = {pack.id: pack for pack in taxonomy.load(taxonomy.bundled_pack_folders()).packs}
    assert [c.id for c in packs["ai_use"].categories] == AI_USE
    assert [c.id for c in packs["commercial"].categories] == COMMERCIAL
    kinds = {c.id: c.kind for pack in packs.values() for c in pack.categories}
    assert {c for c, kind in kinds.items() if kind is taxonomy.Kind.RISK_LANGUAGE} == RISK_LANGUAGE


def test_taxonomy_loads_through_the_loader() -> None:
    loaded = taxonomy.load()
    assert {"ai_use", "commercial"} <= {pack.id for pack in loaded.packs}
    assert all(category.label and category.description for category in loaded.categories)


def test_number_directions() -> None:
    numbers = {c.id: c.numbers for c in taxonomy.load(taxonomy.bundled_pack_folders()).categories}
    assert numbers["audit_logging"] is taxonomy.Numbers.HIGHER_IS_STRONGER
    assert numbers["breach_notification"] is taxonomy.Numbers.LOWER_IS_STRONGER
    assert numbers["data_deletion"] is taxonomy.Numbers.LOWER_IS_STRONGER
    assert numbers["confidentiality"] is taxonomy.Numbers.HIGHER_IS_STRONGER
    for category in RISK_LANGUAGE:
        assert numbers[category] is taxonomy.Numbers.NONE


@pytest.mark.parametrize("folder", taxonomy.bundled_pack_folders(), ids=lambda p: p.name)
def test_pack_patterns_label_its_categories(folder: Path) -> None:
    pack = taxonomy.load_pack(folder)
    labels = [line["label"] for line in lines(pack.patterns)]
    assert set(labels) <= {c.id for c in pack.categories}
    missing = {c.id for c in pack.categories} - set(labels)
    assert not missing, f"categories without a pattern: {sorted(missing)}"


def test_deontic_cues_are_labelled_with_forms() -> None:
    labels = {line["label"] for line in lines(resources.path(build.DEONTIC))}
    assert labels == {form.value for form in model.Form}


def test_ids_are_unique_and_prefixed_by_their_label() -> None:
    seen: set[str] = set()
    for path in pattern_files():
        for line in lines(path):
            assert set(line) == {"label", "id", "pattern"}, line
            assert line["id"].startswith(line["label"] + "."), line["id"]
            assert line["id"] not in seen, f"duplicate id {line['id']} in {path}"
            seen.add(line["id"])


@pytest.mark.parametrize("path", pattern_files(), ids=lambda p: p.parent.name + "/" + p.name)
def test_patterns_load_with_validation(path: Path) -> None:
    nlp = spacy.blank("en")
    ruler: Any = nlp.add_pipe("span_ruler", config={"validate": True})
    ruler.add_patterns(lines(path))  # raises MatchPatternError on any invalid pattern


@pytest.mark.parametrize("path", pattern_files(), ids=lambda p: p.parent.name + "/" + p.name)
def test_patterns_need_no_trained_component(path: Path) -> None:
    for line in lines(path):
        for token in line["pattern"]:
            used = {key.upper() for key in token}
            assert not used & UNAVAILABLE, f"{line['id']} uses {sorted(used & UNAVAILABLE)}"


@pytest.mark.parametrize("path", pattern_files(), ids=lambda p: p.parent.name + "/" + p.name)
def test_patterns_start_with_a_fixed_word(path: Path) -> None:
    # The anchored ruler runs a pattern only where its first word occurs; a pattern without one
    # runs on every token and makes detection slower for everyone.
    for line in lines(path):
        first = {key.upper(): value for key, value in line["pattern"][0].items()}
        assert "OP" not in first, line["id"]
        value = first.get("LOWER", first.get("ORTH"))
        fixed = isinstance(value, str) or (isinstance(value, dict) and set(value) == {"IN"})
        assert fixed, line["id"]


@pytest.mark.model
def test_built_model_is_up_to_date() -> None:
    stale = stale_sources(resources.model_path(build.MODEL), build.sources())
    assert not stale, f"models/{build.MODEL} is out of date ({', '.join(stale)}): run make model"
