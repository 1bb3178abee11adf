"""The pipeline build: components, manifest, reproducibility, clear errors on bad data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import errors, resources, taxonomy
from assistant.clauses import build, ruler, sentences


def test_pipeline_components(pipeline: Path) -> None:
    nlp = build.load(pipeline)
    assert nlp.pipe_names == ["sentences", build.CATEGORIES, build.MODALITY]
    assert nlp.get_pipe_meta("sentences").factory == sentences.FACTORY
    for name in (build.CATEGORIES, build.MODALITY):
        assert nlp.get_pipe_meta(name).factory == ruler.FACTORY
        assert nlp.get_pipe_config(name)["validate"] is True
        assert nlp.get_pipe_config(name)["spans_key"] == name


def test_manifest_hashes_every_source(pipeline: Path) -> None:
    manifest = json.loads((pipeline / build.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["sources"] == build.digests(build.sources())
    assert {
        "assistant/clauses/build.py",
        "resources/deontic.jsonl",
        "resources/packs/ai_use/patterns.jsonl",
        "resources/packs/ai_use/taxonomy.toml",
        "resources/packs/commercial/patterns.jsonl",
        "resources/packs/commercial/taxonomy.toml",
    } <= set(manifest["sources"])


def test_build_is_reproducible(pipeline: Path, tmp_path: Path) -> None:
    again = build.build(tmp_path / build.MODEL)
    files = sorted(p.relative_to(pipeline) for p in pipeline.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for name in files:
        assert (pipeline / name).read_bytes() == (again / name).read_bytes(), name


def test_main_builds_into_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build.main([str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / build.MANIFEST).is_file()
    assert "built" in capsys.readouterr().out


def test_bad_pattern_line_names_the_file_and_line(tmp_path: Path) -> None:
    source = tmp_path / "patterns.jsonl"
    source.write_text('{"label": "x", "id": "x.a", "pattern": []}\nnot json\n', encoding="utf-8")
    with pytest.raises(errors.ResourceError, match=r"patterns.jsonl:2"):
        build.read_patterns(source)


def test_pattern_without_id_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "patterns.jsonl"
    source.write_text('{"label": "x", "pattern": [{"LOWER": "a"}]}\n', encoding="utf-8")
    with pytest.raises(errors.ResourceError, match="needs a label, an id and a pattern"):
        build.read_patterns(source)


def test_label_outside_the_pack_is_refused(tmp_path: Path) -> None:
    pack = taxonomy.load_pack(taxonomy.bundled_pack_folders()[0])
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "taxonomy.toml").write_bytes((pack.folder / "taxonomy.toml").read_bytes())
    (folder / "patterns.jsonl").write_text(
        '{"label": "nope", "id": "nope.a", "pattern": [{"LOWER": "a"}]}\n', encoding="utf-8"
    )
    with pytest.raises(errors.ResourceError, match="labels not in the pack"):
        build.create_pipeline([taxonomy.load_pack(folder)], resources.path(build.DEONTIC))
