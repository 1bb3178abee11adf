"""Value objects shared by every layer: documents, clauses, findings, edits and assessed changes.

All are frozen, slotted dataclasses; closed sets are enums whose values are the JSON spellings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum


class View(StrEnum):
    """Which side of a file's tracked revisions a draft stands for."""

    ORIGINAL = "original"  # revisions rejected
    CURRENT = "current"  # revisions accepted


class RevisionKind(StrEnum):
    """A tracked-change mark in a Word file."""

    INSERTION = "insertion"
    DELETION = "deletion"
    MOVE_FROM = "move_from"
    MOVE_TO = "move_to"


@dataclass(frozen=True, slots=True)
class Revision:
    """One tracked revision mark: what kind, who made it and when (ISO 8601, as Word wrote it)."""

    kind: RevisionKind
    author: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of text in a block, unrevised or under one revision mark."""

    text: str
    revision: Revision | None = None

    def visible_in(self, view: View) -> bool:
        """Whether this text is part of the given view of the file."""
        if self.revision is None:
            return True
        removed = (RevisionKind.DELETION, RevisionKind.MOVE_FROM)
        if view is View.ORIGINAL:
            return self.revision.kind in removed
        return self.revision.kind not in removed


@dataclass(frozen=True, slots=True)
class Cell:
    """Where a block sits in a table (0-based indices; nested tables stack)."""

    table: int
    row: int
    column: int


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph (or table-cell paragraph) of a file, in reading order.

    `label` is numbering the file computes outside the text (Word automatic numbering); numbering
    typed into the text stays in the segments. `original_label` is set only where tracked
    revisions number the paragraph differently in the original view: clauses inserted or struck
    above it, or a tracked change of its numbering ("" when it had no number then). `mark` is a
    revision of the paragraph itself (an inserted or deleted paragraph mark).
    """

    segments: tuple[Segment, ...]
    style: str | None = None
    heading_level: int | None = None
    label: str | None = None
    list_level: int | None = None
    cell: Cell | None = None
    mark: Revision | None = None
    original_label: str | None = None

    def text(self, view: View = View.CURRENT) -> str:
        """The block's text in one view of the file."""
        return "".join(s.text for s in self.segments if s.visible_in(view))

    def label_in(self, view: View) -> str | None:
        """The computed label the block shows in one view of the file."""
        if view is View.ORIGINAL and self.original_label is not None:
            return self.original_label or None
        return self.label

    @property
    def revisions(self) -> tuple[Revision, ...]:
        """Every revision mark touching this block, paragraph mark included."""
        marks = tuple(s.revision for s in self.segments if s.revision is not None)
        return marks + ((self.mark,) if self.mark is not None else ())


@dataclass(frozen=True, slots=True)
class Comment:
    """A reviewer comment anchored in the file."""

    author: str | None
    date: str | None
    text: str
    block: int | None = None  # index of the block it is anchored to


@dataclass(frozen=True, slots=True)
class Coverage:
    """What a reader could not analyse, and what it noticed but did not follow."""

    not_analysed: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A file as read: blocks carrying both views of any tracked revisions."""

    path: str
    sha256: str
    blocks: tuple[Block, ...]
    revisions: int = 0  # count of revision marks (insertions, deletions, moves)
    comments: tuple[Comment, ...] = ()
    coverage: Coverage = field(default_factory=Coverage)


@dataclass(frozen=True, slots=True)
class Clause:
    """A numbered or headed unit of a draft.

    `text` is the clause in the draft's view without its reference label; `original_text` the same
    blocks with revisions rejected ("" when the whole clause is a tracked insertion). `heading` is
    the path of headings above it, outermost first. A table row is one clause whose text joins
    its non-empty cells with " | "; `cells` holds every cell of it as `text` shows them, empty
    ones included (() for a clause that is not a row).
    """

    ref: str | None
    heading: tuple[str, ...]
    text: str
    original_text: str
    revisions: tuple[Revision, ...] = ()
    blocks: tuple[int, ...] = ()
    cells: tuple[str, ...] = ()


class Form(StrEnum):
    """Deontic form of a restriction sentence."""

    PROHIBITION = "prohibition"
    OBLIGATION = "obligation"
    LIMITATION = "limitation"
    CONDITION = "condition"
    PERMISSION = "permission"


# The rule id ending of a table row listing what a safeguard lets through: the rows of "Schedule
# 4: Approved Sub-processors" under "The Sub-processors approved ... are listed in Schedule 4".
ALLOWANCE_RULE_SUFFIX = ".table_allowance"


@dataclass(frozen=True, slots=True)
class Finding:
    """A restriction or risk-language sentence found in a clause."""

    category: str
    text: str  # the sentence carrying it
    ref: str | None
    rule: str  # id of the pattern that fired
    form: Form
    clause: int  # index into Draft.clauses
    start: int = 0  # character offsets of the sentence inside the clause text
    end: int = 0

    @property
    def allowance(self) -> bool:
        """A row of a list of what a safeguard lets through: more rows let more through."""
        return self.rule.endswith(ALLOWANCE_RULE_SUFFIX)


@dataclass(frozen=True, slots=True)
class Definition:
    """A defined term ("Bulk Data" means ...) and the clauses whose text uses it."""

    term: str
    text: str
    clause: int
    used_in: tuple[int, ...] = ()


class PlaybookStatus(StrEnum):
    """Where a draft stands against one required safeguard of a playbook."""

    PRESENT = "present"
    WEAK = "weak"  # present, but only in non-binding words
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class PlaybookEntry:
    """A draft's status against one requirement of the playbook, with where it was found."""

    category: str
    status: PlaybookStatus
    message: str
    refs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Draft:
    """One version of the agreement as analysed: a view of a document, segmented and detected.

    `struck` holds clauses whose every word is a tracked deletion: gone from this view, kept so a
    deletion can be traced to its revision mark.
    """

    label: str
    path: str
    sha256: str
    view: View
    revisions: int
    clauses: tuple[Clause, ...]
    findings: tuple[Finding, ...] = ()
    definitions: tuple[Definition, ...] = ()
    coverage: Coverage = field(default_factory=Coverage)
    comments: tuple[Comment, ...] = ()
    struck: tuple[Clause, ...] = ()
    playbook: tuple[PlaybookEntry, ...] = ()


class Op(IntEnum):
    """A diff operation, valued as in the JSON contract."""

    DELETE = -1
    EQUAL = 0
    INSERT = 1


@dataclass(frozen=True, slots=True)
class Edit:
    """One piece of a word diff."""

    op: Op
    text: str


@dataclass(frozen=True, slots=True)
class Pair:
    """Clauses aligned across two drafts (indices into each draft's clauses).

    Empty `old` is an insertion, empty `new` a deletion; several on one side is a split or merge.
    `moved` is true when the clause changed position relative to its neighbours.
    """

    old: tuple[int, ...]
    new: tuple[int, ...]
    moved: bool = False


class Risk(StrEnum):
    """Risk level of a change, ordered from none to critical."""

    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 for none up to 4 for critical."""
        return _RISK_ORDER.index(self)


_RISK_ORDER = (Risk.NONE, Risk.LOW, Risk.MEDIUM, Risk.HIGH, Risk.CRITICAL)


class ChangeKind(StrEnum):
    """What happened to an aligned clause pair."""

    INSERTED = "inserted"
    DELETED = "deleted"
    MODIFIED = "modified"
    MOVED = "moved"


@dataclass(frozen=True, slots=True)
class Assessment:
    """The verdict of the risk rules on one change."""

    risk: Risk
    favourable: bool
    categories: tuple[str, ...]
    reasons: tuple[str, ...]
    rules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Change:
    """One reported difference between consecutive drafts, assessed."""

    from_draft: int
    to_draft: int
    kind: ChangeKind
    old: tuple[Clause, ...]
    new: tuple[Clause, ...]
    diff: tuple[Edit, ...]
    assessment: Assessment
    tracked: bool | None = None
    author: str | None = None
    date: str | None = None
    # Its pair's index in the alignment: the newer draft's reading order, a deletion after its
    # old neighbour. Sorts changes of equal risk.
    order: int = 0


class Presence(StrEnum):
    """What became of a safeguard category in one draft, relative to the drafts before it."""

    PRESENT = "present"
    WEAKENED = "weakened"
    STRUCK = "struck"
    REINSTATED = "reinstated"
    ABSENT = "absent"


@dataclass(frozen=True, slots=True)
class LineageCell:
    """One cell of the safeguard tracker: a category in a draft.

    `changes` are indices into the review's change list that explain the state (empty for the
    first draft and for unchanged cells).
    """

    category: str
    draft: int
    state: Presence
    refs: tuple[str, ...] = ()
    changes: tuple[int, ...] = ()
