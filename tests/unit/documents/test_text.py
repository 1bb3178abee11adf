"""Plain text and Markdown drafts: encoding checks, blocks, lists, headings, markup stripped."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import errors, model
from assistant.documents import markdown, reading


def _read(tmp_path: Path, content: str | bytes, name: str = "draft.md") -> model.Document:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return reading.read_document(path)


def _texts(tmp_path: Path, content: str, name: str = "draft.md") -> list[str]:
    return [b.text() for b in _read(tmp_path, content, name).blocks]


def _refusal(tmp_path: Path, content: bytes, name: str = "draft.txt") -> str:
    with pytest.raises(errors.UnreadableDocument) as caught:
        _read(tmp_path, content, name)
    return caught.value.reason


def test_document_fields(tmp_path: Path) -> None:
    document = _read(tmp_path, "One.\n", "a.txt")

    assert document.revisions == 0
    assert document.path == str(tmp_path / "a.txt")
    assert len(document.sha256) == 64
    assert document.blocks[0].segments == (model.Segment("One."),)


def test_paragraphs_split_by_blank_lines_and_wrapped_lines_join(tmp_path: Path) -> None:
    content = "The Provider shall\nnot retain data.\n\n\nSecond  paragraph.\r\nstill second\r\n"

    assert _texts(tmp_path, content, "a.txt") == [
        "The Provider shall not retain data.",
        "Second  paragraph. still second",
    ]


def test_list_items_each_start_a_block_and_keep_their_numbers(tmp_path: Path) -> None:
    content = (
        "1. Definitions\n1.1 Data means\nany data.\n(a) first;\na) second;\ni. third;\n"
        "- bullet one\n* bullet two\n+ bullet three\n2.3.4. deep\n"
    )

    assert _texts(tmp_path, content, "a.txt") == [
        "1. Definitions",
        "1.1 Data means any data.",
        "(a) first;",
        "a) second;",
        "i. third;",
        "bullet one",
        "bullet two",
        "bullet three",
        "2.3.4. deep",
    ]


def test_numbers_that_are_not_list_markers_stay_in_the_paragraph(tmp_path: Path) -> None:
    content = "Fees are due within\n30 days of invoice, and\nU.S. persons are protected.\n"

    assert _texts(tmp_path, content, "a.txt") == [
        "Fees are due within 30 days of invoice, and U.S. persons are protected."
    ]


def test_list_levels_follow_indentation(tmp_path: Path) -> None:
    content = (
        "1. Top\n    1. Sub\n        a. Subsub\n    2. Sub two\n\tb. tab-indented\n2. Top two\n"
    )

    document = _read(tmp_path, content)

    assert [b.list_level for b in document.blocks] == [0, 1, 2, 1, 1, 0]


def test_unindented_paragraph_ends_the_list(tmp_path: Path) -> None:
    document = _read(tmp_path, "    1. indented\n\nPlain.\n\n1. again\n")

    assert [b.list_level for b in document.blocks] == [0, None, 0]


def test_markdown_headings(tmp_path: Path) -> None:
    content = (
        "# Agreement\n\n## 1. Scope ##\n###### Deep\n#hashtag not a heading\n\n"
        "Title\n=====\n\nSub\n---\n"
    )

    document = _read(tmp_path, content)

    assert [(b.heading_level, b.text()) for b in document.blocks] == [
        (1, "Agreement"),
        (2, "1. Scope"),
        (6, "Deep"),
        (None, "#hashtag not a heading"),
        (1, "Title"),
        (2, "Sub"),
    ]


def test_list_item_holding_a_heading(tmp_path: Path) -> None:
    (block,) = _read(tmp_path, "1. ## Service  \n").blocks

    assert (block.text(), block.heading_level, block.list_level) == ("1. Service", 2, 0)


def test_txt_files_keep_markdown_characters(tmp_path: Path) -> None:
    assert _texts(tmp_path, "# not a heading **bold**\n", "a.txt") == ["# not a heading **bold**"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("**Provider** shall __not__ sell", "Provider shall not sell"),
        ("*only* for _Authorized Uses_", "only for Authorized Uses"),
        ("***both*** and **_nested_**", "both and nested"),
        ("bulk_acquired_data and __init__ma", "bulk_acquired_data and __init__ma"),
        ("Sign here: __________ date ____", "Sign here: __________ date ____"),
        ("5 * 3 * 2 and a * star", "5 * 3 * 2 and a * star"),
        ("use `code_name` as is", "use code_name as is"),
        (
            "see [Section 4](#sec-4) and [DPA](https://x.test/a_(b) 'title')",
            "see Section 4 and DPA",
        ),
        ("logo ![Acme logo](logo.png) here", "logo here"),
        ("ref [Policy][1] here", "ref Policy here"),
        ('<span class="coverpage_link">Customer</span> will', "Customer will"),
        ('<a href="x">Provider</a>\'s duty', "Provider's duty"),
        ("broken </span. tag", "broken . tag"),
        ("line<br>break<br/>again", "line\nbreak\nagain"),
        ("AT&amp;T &lt;tag&gt; &#8220;quoted&#8221; &nbsp;x", "AT&T <tag> \u201cquoted\u201d x"),
        ("escaped \\*not em\\* and \\_raw\\_", "escaped *not em* and _raw_"),
        ("visit <https://commonpaper.com/a_b_c/> now", "visit https://commonpaper.com/a_b_c/ now"),
        ("~~struck~~ kept", "struck kept"),
        ("<!-- hidden note --> visible", "visible"),
        ("kept <!-- unclosed comment", "kept unclosed comment"),
        ("[Fill in state] stays", "[Fill in state] stays"),
    ],
)
def test_inline_markup_is_stripped(source: str, expected: str) -> None:
    assert markdown.strip_inline(source) == expected


@pytest.mark.parametrize(
    "hostile",
    [
        "*a " * 40_000,
        "`x " * 40_000,
        "<!--" * 40_000,
        "[a](" * 40_000,
        "_a " * 40_000,
        "<a@" * 40_000,
    ],
)
def test_pathological_markup_is_handled_in_linear_time(hostile: str) -> None:
    # A quadratic pattern would take minutes on these 120-160k character paragraphs.
    assert isinstance(markdown.strip_inline(hostile), str)


def test_markdown_list_markers_and_numbering(tmp_path: Path) -> None:
    content = "- [x] Expires in 1 year\n* Second bullet\n3. Third clause\n(b) lettered\n"

    assert _texts(tmp_path, content) == [
        "[x] Expires in 1 year",
        "Second bullet",
        "3. Third clause",
        "(b) lettered",
    ]


def test_bold_numbered_paragraph_is_a_list_item(tmp_path: Path) -> None:
    (block,) = _read(tmp_path, "**1.\tThe Agreement**. Standard terms.\n").blocks

    assert block.text() == "1. The Agreement. Standard terms."
    assert block.list_level == 0


def test_markdown_tables_give_one_block_per_cell(tmp_path: Path) -> None:
    content = (
        "Intro\n\n|| PARTY 1 | PARTY 2 |\n|:--- | :----: | :----: |\n| Signature | | |\n"
        "| Notice Address <label>email</label> | a \\| b | |\n\n| Second | table |\n"
    )

    document = _read(tmp_path, content)

    assert [(b.text(), b.cell) for b in document.blocks] == [
        ("Intro", None),
        ("PARTY 1", model.Cell(0, 0, 1)),
        ("PARTY 2", model.Cell(0, 0, 2)),
        ("Signature", model.Cell(0, 1, 0)),
        ("Notice Address email", model.Cell(0, 2, 0)),
        ("a | b", model.Cell(0, 2, 1)),
        ("Second", model.Cell(1, 0, 0)),
        ("table", model.Cell(1, 0, 1)),
    ]


def test_rules_references_quotes_and_fences(tmp_path: Path) -> None:
    content = (
        "> Quoted **text**\n\n---\n\n[1]: https://example.com\n\n"
        "```\n**raw** line\n  indented\n```\nAfter\n"
    )

    assert _texts(tmp_path, content) == ["Quoted text", "**raw** line\n  indented", "After"]


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    document = _read(tmp_path, b"\xef\xbb\xbfTitle", "a.txt")

    assert [b.text() for b in document.blocks] == ["Title"]


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    reason = _refusal(tmp_path, b"Fees \xff due")

    assert "not valid UTF-8" in reason
    assert "offset 5" in reason


def test_lone_surrogate_bytes_are_invalid_utf8(tmp_path: Path) -> None:
    assert "offset 2" in _refusal(tmp_path, b"ab\xed\xa0\x80cd")


def test_nul_bytes_are_refused(tmp_path: Path) -> None:
    assert _refusal(tmp_path, b"abc\x00def", "a.md") == "contains NUL bytes: not a text file"


def test_utf16_is_explained(tmp_path: Path) -> None:
    assert "UTF-16" in _refusal(tmp_path, "Hello".encode("utf-16"))


def test_whitespace_only_file_has_no_blocks(tmp_path: Path) -> None:
    assert _read(tmp_path, "\n \n\t\n").blocks == ()


def _document_or_reason(path: Path) -> model.Document | str:
    try:
        document = reading.read_document(path)
    except errors.UnreadableDocument as refusal:
        return refusal.reason
    assert document.revisions == 0
    assert all(isinstance(b.text(), str) for b in document.blocks)
    return document


@settings(max_examples=200, deadline=None)
@given(content=st.binary(max_size=300), suffix=st.sampled_from([".txt", ".md"]))
def test_any_bytes_give_a_document_or_a_refusal(content: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"draft{suffix}"
        path.write_bytes(content)
        assert _document_or_reason(path)


@settings(max_examples=200, deadline=None)
@given(content=st.text(max_size=400), suffix=st.sampled_from([".txt", ".md"]))
def test_any_text_round_trips_without_crashing(content: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"draft{suffix}"
        path.write_bytes(content.encode("utf-8", "surrogatepass"))
        assert _document_or_reason(path)


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ,;'", min_size=1, max_size=12)


@settings(max_examples=100, deadline=None)
@given(paragraphs=st.lists(st.lists(_WORD, min_size=1, max_size=12), min_size=1, max_size=6))
def test_plain_prose_survives_word_for_word(paragraphs: list[list[str]]) -> None:
    content = "\n\n".join(" ".join(words) for words in paragraphs)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "draft.txt"
        path.write_text(content, encoding="utf-8")
        document = reading.read_document(path)
    assert " ".join(b.text() for b in document.blocks).split() == content.split()
