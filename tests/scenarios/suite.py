"""Load the labelled scenarios and judge a `redline-assistant/compare@1` report against them."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.fixtures import docx_builder

HERE = Path(__file__).resolve().parent
SCHEMA = "redline-assistant/compare@1"
RISKS = ("none", "low", "medium", "high", "critical")
KINDS = ("inserted", "deleted", "modified", "moved")
FORMS = ("prohibition", "obligation", "limitation", "condition", "permission")
# The taxonomy ids of PRODUCT.md (AI-use pack, risk language, commercial pack).
CATEGORIES = frozenset(
    {
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
    }
)
_LABEL_KEYS = {
    "id",
    "description",
    "match",
    "pair",
    "min_risk",
    "max_risk",
    "category",
    "kind",
    "favourable",
    "reported",
    "tracked",
    "author",
}
_SCENARIO_KEYS = {"description", "drafts", "side", "partial", "heldout", "change"}
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
_CHANGE_KEYS = (
    "from",
    "to",
    "kind",
    "old_ref",
    "new_ref",
    "old_text",
    "new_text",
    "risk",
    "favourable",
    "categories",
    "reasons",
    "rules",
    "tracked",
    "author",
    "date",
    "diff",
)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(
    r"^\s*(?:(?:section|clause)\s+)?(?:article\s+[ivxlc]+\b|\d+(?:\.\d+)*|\([a-z0-9]+\))[.)]?\s+",
    re.IGNORECASE,
)

Change = dict[str, Any]
Report = dict[str, Any]


class LabelError(ValueError):
    """A labels.toml file breaks the format described in tests/scenarios/README.md."""


@dataclass(frozen=True, slots=True)
class Label:
    """One labelled change: how to find it in the report and what must hold for it."""

    scenario: str
    id: str
    description: str
    match: str
    pair: tuple[int, int] | None = None
    min_risk: str | None = None
    max_risk: str | None = None
    category: str | None = None
    kind: str | None = None
    favourable: bool | None = None
    reported: bool = True
    tracked: bool | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Scenario:
    """A negotiation: its drafts in order, the party the reader represents, and its labels."""

    name: str
    folder: Path
    description: str
    drafts: tuple[str, ...]
    side: str | None
    labels: tuple[Label, ...]
    partial: bool = False
    # Labelled by someone who never saw the rules, and never used to tune them: reported apart.
    heldout: bool = False

    @property
    def single_docx(self) -> bool:
        """Whether this is one .docx compared as its original and current views."""
        return len(self.drafts) == 1

    @property
    def pairs(self) -> list[tuple[int, int]]:
        """The consecutive draft pairs the CLI reports."""
        count = 2 if self.single_docx else len(self.drafts)
        return [(i, i + 1) for i in range(count - 1)]


@dataclass(slots=True)
class Verdict:
    """The outcome of checking one label against a report."""

    label: Label
    matches: list[Change]
    problems: list[str] = field(default_factory=list)

    @property
    def change(self) -> Change | None:
        """The one change the label identifies, if it identifies exactly one."""
        return self.matches[0] if len(self.matches) == 1 else None

    @property
    def ok(self) -> bool:
        """Whether every expectation of the label holds."""
        return not self.problems


@dataclass(frozen=True, slots=True)
class Summary:
    """Suite-level measures: recall on serious weakenings, false alarms on benign edits."""

    serious: int
    caught: int
    benign: int
    false_alarms: int
    benign_unmatched: int
    silent_total: int
    silent_reported: int
    passed: int
    total: int

    @property
    def recall(self) -> float:
        """Share of labels with min_risk >= high that got that risk and the right category."""
        return self.caught / self.serious if self.serious else 1.0

    @property
    def false_alarm_rate(self) -> float:
        """Share of labels with max_risk <= low that were reported above it."""
        return self.false_alarms / self.benign if self.benign else 0.0

    def lines(self) -> list[str]:
        """Human-readable summary lines."""
        return [
            f"labels passed: {self.passed}/{self.total}",
            f"recall (min_risk >= high, risk and category right): {self.caught}/{self.serious}"
            f" = {self.recall:.0%}",
            f"false-alarm rate (max_risk <= low, reported above it): "
            f"{self.false_alarms}/{self.benign} = {self.false_alarm_rate:.0%}"
            f" ({self.benign_unmatched} benign labels not found in the report)",
            f"must-not-report labels (renumbering, markup) reported anyway: "
            f"{self.silent_reported}/{self.silent_total}",
        ]


def normalise(text: str | None) -> str:
    """Text as labels match it: typographic quotes straightened, spaces collapsed, casefolded."""
    return _SPACE.sub(" ", (text or "").translate(_QUOTES)).strip().casefold()


def without_number(text: str | None) -> str:
    """Normalised text without a leading clause number such as "4.2", "(b)" or "Article IV"."""
    return normalise(_NUMBER.sub("", text or ""))


def _bare(text: str | None) -> str:
    """Text without its leading clause number, spaces collapsed, case kept."""
    return _SPACE.sub(" ", _NUMBER.sub("", text or "")).strip()


def rank(risk: str) -> int:
    """Position of a risk level in none < low < medium < high < critical."""
    return RISKS.index(risk)


def load_scenarios(root: Path = HERE) -> list[Scenario]:
    """Every scenario folder under `root` (a folder holding labels.toml), sorted by name."""
    return [load_scenario(path.parent) for path in sorted(root.glob("*/labels.toml"))]


def load_scenario(folder: Path) -> Scenario:
    """Read and validate one scenario's labels.toml."""
    name = folder.name
    with (folder / "labels.toml").open("rb") as handle:
        data = tomllib.load(handle)
    unknown = set(data) - _SCENARIO_KEYS
    if unknown:
        raise LabelError(f"{name}: unknown keys {sorted(unknown)}")
    drafts = data.get("drafts")
    if not isinstance(drafts, list) or not drafts or not all(isinstance(d, str) for d in drafts):
        raise LabelError(f"{name}: drafts must be a non-empty list of file names")
    if len(drafts) == 1 and not drafts[0].endswith(".docx"):
        raise LabelError(f"{name}: a single draft must be a .docx with revisions")
    labels = tuple(_label(name, entry) for entry in data.get("change", []))
    side = data.get("side")
    if side is not None and not isinstance(side, str):
        raise LabelError(f"{name}: side must be a string")
    partial = data.get("partial", False)
    if not isinstance(partial, bool):
        raise LabelError(f"{name}: partial must be true or false")
    heldout = data.get("heldout", False)
    if not isinstance(heldout, bool):
        raise LabelError(f"{name}: heldout must be true or false")
    description = str(data.get("description", ""))
    scenario = Scenario(name, folder, description, tuple(drafts), side, labels, partial, heldout)
    for label in labels:
        if label.pair is not None and label.pair not in scenario.pairs:
            raise LabelError(f"{label.id}: pair {list(label.pair)} is not a consecutive pair")
        if label.pair is None and len(scenario.pairs) > 1:
            raise LabelError(f"{label.id}: scenarios with several pairs need `pair` on each label")
    return scenario


def _label(scenario: str, entry: dict[str, Any]) -> Label:
    unknown = set(entry) - _LABEL_KEYS
    label_id = entry.get("id")
    if unknown:
        raise LabelError(f"{scenario}/{label_id}: unknown keys {sorted(unknown)}")
    for key in ("id", "description", "match"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise LabelError(f"{scenario}/{label_id}: `{key}` must be a non-empty string")
    pair = entry.get("pair")
    if pair is not None:
        if not (isinstance(pair, list) and len(pair) == 2 and pair[1] == pair[0] + 1):
            raise LabelError(f"{label_id}: pair must be [i, i + 1]")
        pair = (int(pair[0]), int(pair[1]))
    for key in ("min_risk", "max_risk"):
        if key in entry and entry[key] not in RISKS:
            raise LabelError(f"{label_id}: {key} must be one of {RISKS}")
    if (
        "min_risk" in entry
        and "max_risk" in entry
        and rank(entry["min_risk"]) > rank(entry["max_risk"])
    ):
        raise LabelError(f"{label_id}: min_risk is above max_risk")
    if "category" in entry and entry["category"] not in CATEGORIES:
        raise LabelError(f"{label_id}: unknown category {entry['category']!r}")
    if "kind" in entry and entry["kind"] not in KINDS:
        raise LabelError(f"{label_id}: kind must be one of {KINDS}")
    for key in ("favourable", "reported", "tracked"):
        if key in entry and not isinstance(entry[key], bool):
            raise LabelError(f"{label_id}: {key} must be true or false")
    reported = entry.get("reported", True)
    if not reported and set(entry) - {"id", "description", "match", "pair", "reported"}:
        raise LabelError(f"{label_id}: a label with reported = false takes no other expectation")
    return Label(
        scenario=scenario,
        id=entry["id"],
        description=entry["description"],
        match=entry["match"],
        pair=pair,
        min_risk=entry.get("min_risk"),
        max_risk=entry.get("max_risk"),
        category=entry.get("category"),
        kind=entry.get("kind"),
        favourable=entry.get("favourable"),
        reported=reported,
        tracked=entry.get("tracked"),
        author=entry.get("author"),
    )


def resolve_draft(scenario: Scenario, entry: str, build_dir: Path) -> Path:
    """The file of a draft entry: as it is, or built from `<stem>.docspec` into `build_dir`."""
    path = (scenario.folder / entry).resolve()
    if path.exists():
        return path
    spec = path.with_suffix(".docspec")
    if path.suffix == ".docx" and spec.exists():
        target = build_dir / spec.parent.name / path.name
        if not target.exists():
            docx_builder.build_docspec(spec, target)
        return target
    raise LabelError(f"{scenario.name}: draft {entry!r} not found (nor {spec.name})")


def draft_paths(scenario: Scenario, build_dir: Path) -> list[Path]:
    """All draft files of a scenario, in order, building any .docx from its docspec."""
    return [resolve_draft(scenario, entry, build_dir) for entry in scenario.drafts]


def matching_changes(label: Label, report: Report) -> list[Change]:
    """Changes of the label's pair whose old or new text contains the label's match."""
    needle = normalise(label.match)
    found = []
    for change in report.get("changes", []):
        if label.pair is not None and (change.get("from"), change.get("to")) != label.pair:
            continue
        texts = (normalise(change.get("old_text")), normalise(change.get("new_text")))
        if any(needle in text for text in texts):
            found.append(change)
    return found


def describe(change: Change) -> str:
    """A readable one-paragraph account of a change for failure messages."""

    def clip(text: Any) -> str:
        value = str(text)
        return value if len(value) <= 140 else value[:137] + "..."

    return (
        f"[{change.get('from')}->{change.get('to')}] kind={change.get('kind')}"
        f" risk={change.get('risk')} favourable={change.get('favourable')}"
        f" categories={change.get('categories')} tracked={change.get('tracked')}"
        f" author={change.get('author')!r}\n"
        f"    refs: {change.get('old_ref')!r} -> {change.get('new_ref')!r}\n"
        f"    rules: {change.get('rules')}\n"
        f"    reasons: {[clip(r) for r in change.get('reasons') or []]}\n"
        f"    old: {clip(change.get('old_text'))!r}\n"
        f"    new: {clip(change.get('new_text'))!r}"
    )


def judge(label: Label, report: Report) -> Verdict:
    """Check every expectation of `label` against `report`."""
    verdict = Verdict(label, matching_changes(label, report))
    where = f" in pair {list(label.pair)}" if label.pair else ""
    if not label.reported:
        if verdict.matches:
            verdict.problems.append(
                f"expected no change matching {label.match!r}{where} (renumbering or markup only),"
                f" found {len(verdict.matches)}:\n"
                + "\n".join(describe(c) for c in verdict.matches)
            )
        return verdict
    if len(verdict.matches) != 1:
        shown = "\n".join(describe(c) for c in verdict.matches[:5])
        verdict.problems.append(
            f"match {label.match!r}{where} identifies {len(verdict.matches)} changes,"
            f" expected exactly one" + (f":\n{shown}" if shown else "")
        )
        return verdict
    change = verdict.matches[0]
    risk = change.get("risk")
    if risk not in RISKS:
        verdict.problems.append(f"risk {risk!r} is not one of {RISKS}")
    else:
        if label.min_risk and rank(risk) < rank(label.min_risk):
            verdict.problems.append(f"risk {risk} is below min_risk {label.min_risk}")
        if label.max_risk and rank(risk) > rank(label.max_risk):
            verdict.problems.append(f"risk {risk} is above max_risk {label.max_risk}")
    if label.category and label.category not in (change.get("categories") or []):
        verdict.problems.append(
            f"category {label.category} missing from {change.get('categories')}"
        )
    if label.kind and change.get("kind") != label.kind:
        verdict.problems.append(f"kind {change.get('kind')!r}, expected {label.kind!r}")
    if label.favourable is not None and change.get("favourable") is not label.favourable:
        verdict.problems.append(
            f"favourable {change.get('favourable')!r}, expected {label.favourable}"
        )
    if label.tracked is not None and change.get("tracked") is not label.tracked:
        verdict.problems.append(f"tracked {change.get('tracked')!r}, expected {label.tracked}")
    if label.author is not None and change.get("author") != label.author:
        verdict.problems.append(f"author {change.get('author')!r}, expected {label.author!r}")
    if verdict.problems:
        verdict.problems.append("the change:\n" + describe(change))
    return verdict


def summarise(verdicts: Iterable[Verdict]) -> Summary:
    """Compute recall, false-alarm rate and must-not-report noise over verdicts."""
    serious = caught = benign = false_alarms = unmatched = silent = noisy = passed = total = 0
    for verdict in verdicts:
        label, change = verdict.label, verdict.change
        total += 1
        passed += verdict.ok
        if not label.reported:
            silent += 1
            noisy += bool(verdict.matches)
            continue
        risk = change.get("risk") if change else None
        if label.min_risk and rank(label.min_risk) >= rank("high"):
            serious += 1
            caught += bool(
                risk in RISKS
                and rank(risk) >= rank(label.min_risk)
                and (
                    label.category is None or label.category in (change or {}).get("categories", [])
                )
            )
        if label.max_risk and rank(label.max_risk) <= rank("low"):
            benign += 1
            if change is None:
                unmatched += 1
            elif risk in RISKS and rank(risk) > rank(label.max_risk):
                false_alarms += 1
    return Summary(serious, caught, benign, false_alarms, unmatched, silent, noisy, passed, total)


def all_labels(scenarios: Sequence[Scenario]) -> list[Label]:
    """Every label of every scenario, in scenario order."""
    return [label for scenario in scenarios for label in scenario.labels]


def contract_problems(report: dict[str, Any], scenario: Scenario) -> list[str]:
    """Every way a report departs from the compare@1 contract of PRODUCT.md."""
    problems: list[str] = []
    if report.get("schema") != SCHEMA:
        problems.append(f"schema is {report.get('schema')!r}, expected {SCHEMA!r}")
    drafts = report.get("drafts")
    expected = 2 if scenario.single_docx else len(scenario.drafts)
    if not isinstance(drafts, list) or len(drafts) != expected:
        return [*problems, f"expected {expected} drafts, got {drafts!r:.200}"]
    problems += _draft_problems(drafts, scenario)
    changes = report.get("changes")
    if not isinstance(changes, list):
        return [*problems, "changes is not a list"]
    for index, change in enumerate(changes):
        found = _change_problems(change, drafts, scenario.single_docx)
        problems += [f"changes[{index}]: {p}" for p in found]
    if not problems:
        keys = [(-rank(c["risk"]), c["from"]) for c in changes]
        if keys != sorted(keys):
            problems.append("changes are not sorted by risk (critical first), then by pair")
    return problems


def _draft_problems(drafts: list[Any], scenario: Scenario) -> list[str]:
    problems: list[str] = []
    for index, draft in enumerate(drafts):
        where = f"drafts[{index}]"
        if not isinstance(draft, dict):
            problems.append(f"{where} is not an object")
            continue
        for key, kind in (("label", str), ("path", str), ("sha256", str), ("revisions", int)):
            if not isinstance(draft.get(key), kind):
                problems.append(f"{where}.{key} is {draft.get(key)!r}")
        if isinstance(draft.get("sha256"), str) and not _SHA256.match(draft["sha256"]):
            problems.append(f"{where}.sha256 is not a lowercase hex SHA-256")
        findings = draft.get("findings")
        if not isinstance(findings, list):
            problems.append(f"{where}.findings is not a list")
        else:
            for j, finding in enumerate(findings):
                problems += [f"{where}.findings[{j}]: {p}" for p in _finding_problems(finding)]
        coverage = draft.get("coverage")
        if not isinstance(coverage, dict) or not all(
            isinstance(coverage.get(k), list) for k in ("not_analysed", "warnings")
        ):
            problems.append(f"{where}.coverage lacks not_analysed/warnings lists")
        if "playbook" in draft and not isinstance(draft["playbook"], list):
            problems.append(f"{where}.playbook is not a list")
    labels = [d.get("label") for d in drafts if isinstance(d, dict)]
    if len(set(labels)) != len(labels):
        problems.append(f"draft labels are not distinct: {labels}")
    if scenario.single_docx and not problems:
        first, second = drafts
        stem = scenario.drafts[0].rsplit("/", 1)[-1].removesuffix(".docx")
        if first["path"] != second["path"] or first["sha256"] != second["sha256"]:
            problems.append("a single .docx: both drafts must carry the same path and sha256")
        if (first["label"], second["label"]) != (f"{stem} (original)", f"{stem} (current)"):
            problems.append(
                f"single .docx labels are {labels}, expected '<stem> (original|current)'"
            )
    return problems


def _finding_problems(finding: Any) -> list[str]:
    if not isinstance(finding, dict):
        return ["not an object"]
    problems = []
    if finding.get("category") not in CATEGORIES:
        problems.append(f"unknown category {finding.get('category')!r}")
    for key in ("text", "rule"):
        if not isinstance(finding.get(key), str) or not finding[key]:
            problems.append(f"{key} is {finding.get(key)!r}")
    if finding.get("ref") is not None and not isinstance(finding["ref"], str):
        problems.append(f"ref is {finding['ref']!r}")
    if finding.get("form") not in FORMS:
        problems.append(f"form {finding.get('form')!r} is not one of {FORMS}")
    return problems


def _change_problems(change: Any, drafts: list[dict[str, Any]], single: bool) -> list[str]:
    if not isinstance(change, dict):
        return ["not an object"]
    missing = [key for key in _CHANGE_KEYS if key not in change]
    if missing:
        return [f"missing keys {missing}"]
    problems = []
    start, end = change["from"], change["to"]
    if not (isinstance(start, int) and end == start + 1 and 0 <= start < len(drafts) - 1):
        problems.append(f"from/to {start!r}->{end!r} is not a consecutive pair")
        return problems
    kind = change["kind"]
    if kind not in KINDS:
        problems.append(f"kind {kind!r}")
    absent_old, absent_new = kind == "inserted", kind == "deleted"
    for side, absent in (("old", absent_old), ("new", absent_new)):
        text, ref = change[f"{side}_text"], change[f"{side}_ref"]
        if absent and text is not None:
            problems.append(f"{kind} change has {side}_text")
        if not absent and not (isinstance(text, str) and text.strip()):
            problems.append(f"{side}_text is {text!r}")
        if ref is not None and not isinstance(ref, str):
            problems.append(f"{side}_ref is {ref!r}")
    if change["risk"] not in RISKS:
        problems.append(f"risk {change['risk']!r}")
    if not isinstance(change["favourable"], bool):
        problems.append(f"favourable {change['favourable']!r}")
    for key in ("categories", "reasons", "rules"):
        value = change[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"{key} is not a list of strings")
    if not change["reasons"] or not change["rules"]:
        problems.append("every change needs at least one reason and one rule id")
    unknown = set(change["categories"] or []) - CATEGORIES
    if unknown:
        problems.append(f"unknown categories {sorted(unknown)}")
    tracked = change["tracked"]
    # One .docx compared with itself: how "revisions" is split between its two views is open.
    newer_revisions = None if single else drafts[end].get("revisions")
    if newer_revisions == 0 and tracked is not None:
        problems.append(f"tracked is {tracked!r}, but the newer draft has no revision marks")
    if newer_revisions and tracked not in (True, False):
        problems.append(f"tracked is {tracked!r}, but the newer draft has revision marks")
    if tracked is not True and (change["author"] is not None or change["date"] is not None):
        problems.append("author/date must be null unless the change is a tracked revision")
    if tracked is True and not (
        isinstance(change["author"], str) and _ISO_DATE.match(str(change["date"]))
    ):
        problems.append("a tracked change needs the revision's author and ISO 8601 date")
    # Case matters here: PRODUCT.md reports case-only edits (risk none); only the number may not.
    if kind != "moved" and _bare(change["old_text"]) == _bare(change["new_text"]):
        problems.append("reported, but only the clause number or whitespace differs")
    diff = change["diff"]
    if not isinstance(diff, list) or not all(
        isinstance(op, list) and len(op) == 2 and op[0] in (-1, 0, 1) and isinstance(op[1], str)
        for op in diff
    ):
        problems.append("diff is not a list of [op, text] with op in -1, 0, 1")
    return problems
