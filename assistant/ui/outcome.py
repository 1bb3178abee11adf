"""What the window needs from an analysis, as protocols, so it never imports the engine eagerly.

`assistant.review.analysis.Review` satisfies `Review`; tests hand the window a fake `Analyser`
(the httpx MockTransport idea) and hand-built reviews.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from assistant import model
from assistant.ui import session

Progress = Callable[[str], None]


class Review(Protocol):
    """The result of analysing a negotiation: drafts, changes riskiest first, safeguard lineage."""

    @property
    def drafts(self) -> tuple[model.Draft, ...]:
        """The drafts in order."""
        ...

    @property
    def changes(self) -> tuple[model.Change, ...]:
        """Assessed changes, riskiest first."""
        ...

    @property
    def lineage(self) -> tuple[tuple[model.LineageCell, ...], ...]:
        """Rows of safeguard categories, one cell per draft."""
        ...


class Analyser(Protocol):
    """Runs the use case; called on a worker thread, never on the UI thread."""

    def prepare(self) -> None:
        """Load whatever is slow to load (the detector), so that the first analysis is quick."""
        ...

    def analyse(self, paths: Sequence[str], progress: Progress) -> Review:
        """Analyse the drafts in the given order; raises UnreadableDocument for a bad file."""
        ...

    def category_labels(self) -> Mapping[str, str]:
        """Human labels of the taxonomy's category ids."""
        ...


@dataclass(frozen=True, slots=True)
class Outcome:
    """A finished analysis with everything the window shows for it."""

    paths: tuple[str, ...]
    review: Review
    labels: Mapping[str, str]
    session: session.ReviewSession
    session_file: Path
    keys: tuple[str, ...]  # the stable key of each change, in review order
    notice: str | None = None  # something the user should know (e.g. a session set aside)
