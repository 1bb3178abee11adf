"""The one exception tree of Redline Assistant.

    AssistantError
    ├── UnreadableDocument   an input file cannot be read (path + specific reason)
    ├── ResourceError        bundled data (patterns, taxonomy, rules, models) missing or invalid
    ├── DiffTimeout          a word diff did not finish within its time budget
    └── AuditError           the audit log cannot be written: the action it records must not run

Vendor exceptions are translated into these at the adapter that calls the vendor library.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error this package raises on purpose."""


class UnreadableDocument(AssistantError):
    """An input file cannot be read; `reason` says why in words a user understands."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ResourceError(AssistantError):
    """Bundled or user-supplied data (patterns, taxonomy, rules, pipeline) is missing or invalid."""


class DiffTimeout(AssistantError):
    """A word diff exceeded its time budget; its result would be a meaningless full replacement."""


class AuditError(AssistantError):
    """The audit log could not record an action, so the action is refused."""
