"""Deterministic long contracts as .docx: a first draft and a revision with ~60 scattered edits.

Clause numbers are typed in the text ("7.4 ..."), articles are Heading 1 paragraphs, some articles
end with a service-level table. Safeguard clauses (bulk data, surveillance, audit logs, breach
notice, subprocessors, confidentiality, ...) are mixed with ordinary boilerplate. The revision
applies every kind of edit the risk rules know: struck clause, shall -> should, carve-out,
consent -> notice, 'prior' or 'solely' dropped, 'any lawful purpose', weaker and stronger numbers,
moves (renumbering follows), typo fixes, inserted clauses, ordinary rewording and table edits;
about two edits in three are tracked changes. Files are cached under a directory keyed by the
generator's source, so a second run reuses them.

    python -m tests.bench.generate --pages 200      # prints the paths of the pair
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import random
import re
import string
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from tests.fixtures import docx_builder

WORDS_PER_PAGE = 400
SIZES = (50, 100, 200, 400, 800)
AUTHOR = "Counterparty Counsel"
DATE = "2026-03-02T09:00:00Z"
TRACKED_SHARE = 0.65

Kind = Literal["clause", "lead", "item", "row"]

# -- vocabulary --------------------------------------------------------------------------------

_NUMBER_WORDS = {
    1: "one", 2: "two", 3: "three", 5: "five", 6: "six", 7: "seven", 10: "ten", 12: "twelve",
    14: "fourteen", 15: "fifteen", 18: "eighteen", 24: "twenty-four", 30: "thirty",
    36: "thirty-six", 45: "forty-five", 48: "forty-eight", 60: "sixty", 72: "seventy-two",
    90: "ninety", 96: "ninety-six", 180: "one hundred eighty", 365: "three hundred sixty-five",
    730: "seven hundred thirty",
}  # fmt: skip

_POOLS: dict[str, Sequence[str]] = {
    "party": ("Provider", "Customer"),
    "doc": (
        "the Statement of Work", "the applicable Order Form", "Schedule 2 (Services Description)",
        "Schedule 3 (Fees)", "Schedule 5 (Security Requirements)", "the Data Processing Addendum",
        "the Service Level Agreement", "the Transition Plan", "the Governance Schedule",
        "the Acceptable Use Policy", "the Implementation Plan", "the Exit Plan",
    ),
    "deliverable": (
        "the Deliverables", "each Deliverable", "the Documentation", "any Update", "the Software",
        "the Hosted Services", "the Support Services", "the Professional Services",
        "the Training Materials", "the Implementation Services", "each Release", "the Reports",
        "the Evaluation Harness", "the Model Cards", "the Integration Adapters",
    ),
    "person": (
        "the Contract Manager", "the Service Delivery Manager", "the Authorizing Official",
        "the Contracting Officer", "the Security Officer", "the Data Protection Officer",
        "the Governance Board", "the Steering Committee", "the Chief Information Officer",
    ),
    "site": (
        "Reston", "Arlington", "Columbus", "Denver", "Sacramento", "Austin", "Raleigh", "Omaha",
        "Tacoma", "Albany", "Huntsville", "Boise", "Madison", "Trenton", "Harrisburg", "Norfolk",
    ),
    "law": (
        "the laws of the State of New York", "the laws of the State of Delaware",
        "the laws of England and Wales", "the laws of the Commonwealth of Virginia",
    ),
    "standard": (
        "ISO/IEC 27001", "SOC 2 Type II", "NIST SP 800-53", "FedRAMP High", "ISO/IEC 42001",
        "NIST AI RMF 1.0", "CIS Controls v8",
    ),
    "region": ("the United States", "the European Economic Area", "the United Kingdom", "Canada"),
    "group": (
        "United States persons", "U.S. persons", "United States citizens", "U.S. residents",
    ),
    "service": (
        "Inference API", "Batch Scoring", "Document Search", "Translation Service",
        "Fine-Tuning Console", "Evaluation Portal", "Support Desk", "Identity Gateway",
        "Audit Log Store", "Model Registry", "Data Ingestion Pipeline", "Reporting Dashboard",
    ),
    "topicnoun": (
        "the Services", "the pricing of the Services", "the Model weights", "the security of "
        "the Hosted Services", "the Evaluation Harness", "Customer's mission systems",
        "Provider's research programme", "the Integration Adapters",
    ),
}  # fmt: skip


def _days(rng: random.Random) -> str:
    return _spelled(rng.choice((5, 10, 15, 30, 45, 60, 90)))


def _spelled(n: int) -> str:
    return f"{_NUMBER_WORDS[n]} ({n})"


_GENERATED: dict[str, Callable[[random.Random], str]] = {
    "days": _days,
    "months": lambda rng: _spelled(rng.choice((6, 12, 18, 36))),
    "years": lambda rng: _spelled(rng.choice((2, 3, 5, 7))),
    "hrs": lambda rng: _spelled(rng.choice((24, 48, 72))),
    "ret": lambda rng: _spelled(rng.choice((90, 180, 365))),
    "ref": lambda rng: f"Section {rng.randint(2, 40)}.{rng.randint(1, 12)}",
    "n": lambda rng: f"{rng.randint(1, 480):03d}",
    "mil": lambda rng: str(rng.randint(1, 60)),
    "pct": lambda rng: rng.choice(("one", "one and one half", "two")),
    "amount": lambda rng: f"{rng.randint(1, 20)},000,000",
    "resp": lambda rng: rng.choice(("fifteen (15)", "thirty (30)", "sixty (60)")),
    "nth": lambda rng: rng.choice(("fifth", "tenth", "fifteenth")),
    "weeks": lambda rng: rng.choice(("two (2)", "four (4)", "six (6)")),
    "avail": lambda rng: rng.choice(("99.5", "99.9", "99.95")),
    "credit": lambda rng: str(rng.choice((5, 10, 15, 25))),
    "program": lambda rng: rng.choice(
        (
            f"Task Order {rng.randint(1, 480):03d}",
            f"the {rng.choice(_POOLS['site'])} pilot",
            f"Program {rng.choice(string.ascii_uppercase)}{rng.randint(10, 99)}",
        )
    ),
}

# Ordinary clauses, by the kind of article they belong to.
_BOILERPLATE: dict[str, tuple[str, ...]] = {
    "commercial": (
        "Customer shall pay each undisputed invoice within {days} days after receipt, and any "
        "amount not paid when due shall bear interest at {pct} percent per month from the due "
        "date until the date of payment.",
        "If Customer disputes an invoice in good faith, it shall notify Provider in writing "
        "within {days} days after receipt, stating the reasons for the dispute, and the parties "
        "shall work together to resolve the dispute under {ref}.",
        "All amounts payable under this Agreement are exclusive of sales, use, value added and "
        "similar taxes, which Customer shall pay in addition, except for taxes based on "
        "Provider's net income.",
        "The fees for {deliverable} are fixed for the first {months} months of the Term and may "
        "thereafter be adjusted once in each Contract Year by no more than the change in the "
        "Consumer Price Index.",
        "Provider shall keep complete and accurate records of the Services performed and the "
        "fees charged for {program}, and shall retain those records for {years} years after the "
        "end of the Term.",
        "Provider shall submit invoices for {deliverable} monthly in arrears through the invoice "
        "processing platform designated by {person}, together with the supporting timesheets.",
    ),
    "delivery": (
        "Provider shall deliver {deliverable} to the {site} facility no later than {days} days "
        "after the Milestone M{mil} date set out in {doc}.",
        "Acceptance Tests for {deliverable} shall be conducted in accordance with {doc}, and "
        "Customer shall notify Provider of any Defect within {days} days after the start of "
        "testing.",
        "If {deliverable} fails the Acceptance Tests, Provider shall correct the Defects and "
        "resubmit {deliverable} within {days} days, at its own cost.",
        "Provider warrants that {deliverable} will conform in all material respects to {doc} "
        "for a period of {days} days after Acceptance.",
        "The warranty in {ref} does not apply to any Defect caused by modification of "
        "{deliverable} by anyone other than Provider or by use of {deliverable} in breach of "
        "this Agreement.",
        "Provider shall provide Support Services for {deliverable} from 8:00 to 18:00 Eastern "
        "Time on Business Days, and shall respond to Severity 1 incidents within {resp} minutes.",
        "Provider shall give Customer at least {days} days' notice of any planned maintenance "
        "that may affect the availability of {deliverable}, and shall schedule it outside "
        "Business Hours wherever possible.",
        "Provider shall deliver a monthly service report to {person} no later than the {nth} "
        "Business Day of each month, showing performance against the Service Levels.",
        "Service Credits are Customer's sole monetary remedy for a failure to meet a Service "
        "Level, without prejudice to Customer's right to terminate under {ref}.",
        "Customer shall provide Provider with reasonable access to the {site} premises, systems "
        "and personnel as necessary for Provider to perform {deliverable}.",
    ),
    "people": (
        "{party} shall appoint {person} as its primary point of contact for {deliverable}, and "
        "may replace that person by written notice to the other party.",
        "Provider shall ensure that its personnel assigned to {deliverable} are suitably "
        "qualified and experienced, and shall replace any person whom Customer reasonably "
        "objects to within {days} days.",
        "{party} shall maintain, for the duration of this Agreement and for {years} years after, "
        "commercial general liability insurance with limits of not less than US${amount} per "
        "occurrence.",
        "The parties shall meet at least every {weeks} weeks through the Governance Board to "
        "review progress, risks and open issues under {doc}.",
        "Change requests shall be submitted to {person} using the form in {doc}, and no change "
        "is binding until both parties have signed a Change Order.",
        "{party} shall perform its obligations in relation to {program} in a professional and "
        "workmanlike manner, in accordance with {doc} and Good Industry Practice.",
        "Customer shall be responsible for the accuracy and completeness of the information it "
        "provides to Provider for {program} and for its Users' compliance with {doc}.",
    ),
    "legal": (
        "Either party may terminate this Agreement by written notice if the other party commits "
        "a material breach and fails to remedy it within {days} days after receiving notice of "
        "the breach.",
        "On termination or expiry of this Agreement, Provider shall provide the Transition "
        "Services described in {doc} for up to {months} months at the rates in Schedule 3.",
        "Neither party shall be liable for any failure or delay in performance caused by events "
        "beyond its reasonable control, including fire, flood, epidemic, war, strike or failure "
        "of public utilities affecting the {site} facility.",
        "Any notice under this Agreement shall be in writing and delivered by hand, by "
        "registered mail or by email to the address set out in {doc}, and is effective on "
        "receipt.",
        "This Agreement and any dispute arising out of {program} are governed by {law}, without "
        "regard to conflict of laws principles.",
        "The parties shall attempt in good faith to resolve any dispute through {person} before "
        "either party commences proceedings, and each party shall make a senior executive "
        "available within {days} days of a request.",
        "Except as expressly set out in this Agreement, neither party makes any warranty, "
        "whether express, implied or statutory, including any warranty of merchantability or "
        "fitness for a particular purpose.",
        "Provider shall defend Customer against any claim that {deliverable} infringes a patent, "
        "copyright or trade secret of a third party, and shall pay any damages finally awarded "
        "against Customer on that claim.",
        "No amendment of {doc} is effective unless it is in writing and signed by authorized "
        "representatives of both parties.",
        "If any provision of {doc} is held invalid or unenforceable, the remaining provisions "
        "remain in full force and effect.",
        "Nothing in this Agreement creates a partnership, joint venture, agency or employment "
        "relationship between the parties, and neither party may bind the other in relation to "
        "{program}.",
        "Each party shall comply with all applicable laws, including anti-corruption, export "
        "control and sanctions laws, in performing its obligations in relation to {program}.",
    ),
}  # fmt: skip

# Safeguard sentences, each fired by the bundled packs (checked with `redline-assistant scan`).
_SAFEGUARDS: tuple[str, ...] = (
    "Customer shall not use the Services to analyse, search, correlate or enrich Bulk-Acquired "
    "Data relating to {group}, and shall not input Bulk-Acquired Data into any Model hosted at "
    "the {site} facility.",
    "Customer shall not use the Services or any Output to conduct surveillance, tracking or "
    "profiling of {group} in connection with {program}.",
    "Provider shall retain the Audit Logs generated by {deliverable} for at least {ret} days and "
    "shall make them available to {person} on request.",
    "Provider shall notify Customer of any Security Incident affecting {deliverable} within "
    "{hrs} hours after becoming aware of it.",
    "Provider shall not engage any subprocessor to process Customer Data for {program} without "
    "the prior written consent of Customer.",
    "The Receiving Party shall hold the Disclosing Party's Confidential Information relating to "
    "{topicnoun} in strict confidence, shall use it solely to perform this Agreement and shall "
    "not disclose it to any third party, and these obligations survive termination of this "
    "Agreement for {years} years.",
    "Customer shall use the Services and the Outputs produced under {program} solely for the "
    "Authorized Uses.",
    "No Consequential Action shall be taken on the basis of an Output generated for {program} "
    "without review and approval by a qualified human reviewer.",
    "Provider shall delete all Customer Data held at the {site} facility within {days} days "
    "after termination of this Agreement and shall certify the deletion in writing to {person}.",
    "Provider shall store and process Customer Data only in data centres located in {region}, "
    "and shall not transfer Customer Data outside {region} without the prior written consent "
    "of Customer.",
    "Provider shall not use Customer Data or any Output generated for {program} to train, "
    "fine-tune or improve any Model.",
    "Customer shall not use the Services delivered under {program} to select or engage targets, "
    "or to control any weapon system, without meaningful human control.",
    "Customer may audit Provider's compliance with {ref} once in each Contract Year on {days} "
    "days' prior written notice.",
    "Provider shall deploy the Models used for {program} only within an Accredited Environment "
    "at the {site} facility.",
    "Customer may use Outputs generated under {program} only in support of the Authorized Uses "
    "and subject to the restrictions in {ref}.",
    "Provider's aggregate liability arising out of {deliverable} shall not exceed the fees paid "
    "in the twelve (12) months preceding the claim.",
    "Provider shall log every prompt, Output, User identity and timestamp processed through "
    "{deliverable}, and Customer shall not disable that logging.",
    "Provider shall not assign or subcontract any of its obligations relating to {deliverable} "
    "without the prior written consent of Customer.",
)

_LEAD_IN = "Customer shall not, and shall not permit any User to:"
_ITEMS = (
    "use the Services to surveil, track or profile {group}",
    "input Bulk-Acquired Data into any Model used for {program}",
    "circumvent or disable the safety classifiers applied to {deliverable}",
    "use any Output to take a Consequential Action without human review",
    "reverse engineer, decompile or disassemble the Software delivered under {program}",
    "make the Services available to any person other than a User at the {site} facility",
)

_DEFINITIONS = (
    '"Accredited Environment" means a Customer computing environment that holds a current '
    "authorization to operate at Impact Level 5 or Impact Level 6, or a classified enclave "
    "accredited at the classification level of the data processed in it.",
    '"Authorized Uses" means the uses of the Services listed in Schedule 1, as amended only by '
    "a written instrument signed by both parties.",
    '"Bulk-Acquired Data" means any data set acquired in bulk, without the use of discriminants '
    "to select individual records, including data purchased from commercial data brokers.",
    '"Consequential Action" means any decision or action that affects the liberty, legal '
    "rights, benefits, employment or immigration status of an individual.",
    '"Customer Data" means all data, including prompts, documents and files, that Customer or '
    "its Users submit to the Services, and all Outputs.",
    '"Model" means any artificial intelligence model that Provider makes available as part of '
    "the Services, including any fine-tuned model.",
    '"Output" means any content generated by a Model in response to an input.',
    '"Security Incident" means any actual or reasonably suspected unauthorized access to, or '
    "use, disclosure or exfiltration of, Customer Data, Model weights or the Services.",
    '"User" means an employee or contractor of Customer whom Customer has authorized to access '
    "the Services and who has completed Provider's usage-policy training.",
    '"Audit Logs" means the records of prompts, Outputs, User identities and timestamps kept '
    "under this Agreement.",
)

# Article titles: safeguard topics carry mostly safeguard clauses, the others boilerplate.
_TOPICS: tuple[tuple[str, str | None], ...] = (
    ("Services", "delivery"),
    ("Authorized Uses", None),
    ("Fees and Payment", "commercial"),
    ("Prohibited Uses", None),
    ("Acceptance", "delivery"),
    ("Human Oversight", None),
    ("Personnel", "people"),
    ("Data Protection", None),
    ("Warranties", "legal"),
    ("Information Security", None),
    ("Support and Maintenance", "delivery"),
    ("Audit Logging", None),
    ("Governance", "people"),
    ("Security Incidents", None),
    ("Term and Termination", "legal"),
    ("Subprocessors", None),
    ("Records and Invoicing", "commercial"),
    ("Confidentiality", None),
    ("Insurance", "people"),
    ("Model Governance", None),
    ("Dispute Resolution", "legal"),
    ("Data Residency", None),
    ("General", "legal"),
)
_SERVICE_LEVEL_HEADER = ("Service", "Availability", "Service Credit", "Measurement Period")

_TYPOS = {
    "receipt": "reciept",
    "necessary": "neccessary",
    "accordance": "accordence",
    "performance": "perfomance",
    "writing": "writting",
    "responsible": "responsable",
    "occurrence": "occurence",
    "receiving": "recieving",
    "guarantee": "gaurantee",
    "business": "buisness",
}
_CARVE_OUTS = (
    ", except as otherwise approved in writing by Provider",
    ", unless Provider reasonably determines that compliance is not practicable",
    ", to the extent permitted by applicable law",
    ", other than as required by law or by order of a competent authority",
    ", except where Customer has directed otherwise",
)
_INSERTS = (
    "Notwithstanding anything to the contrary in this Agreement, Provider may suspend or modify "
    "the safeguards in {ref} where it reasonably considers it necessary.",
    "Customer may use the Outputs generated under {program} for any lawful purpose.",
    "Provider shall not use Customer Data to develop any product that competes with the Services.",
    "Each party shall bear its own costs in connection with the negotiation of {doc}.",
    "Provider shall provide Customer with a copy of its {standard} certificate within {days} "
    "days after each renewal.",
)
_REWORDS = (
    " The parties shall record any agreed variation in the minutes of the Governance Board.",
    " Time is of the essence for this obligation.",
)
_HOURS = re.compile(r"within ([a-z-]+) \((\d+)\) hours")
_RETAIN = re.compile(r"for at least ([a-z -]+?) \((\d+)\) days")
_WITHIN_DAYS = re.compile(r"within ([a-z-]+) \((\d+)\) days")
_HOURS_WEAKER = {24: 72, 48: 96, 72: 96}
_HOURS_STRONGER = {24: 12, 48: 24, 72: 24}
_RETAIN_WEAKER = {90: 30, 180: 90, 365: 90}
_RETAIN_STRONGER = {90: 180, 180: 365, 365: 730}


# -- the draft model ---------------------------------------------------------------------------


@dataclass(slots=True)
class Unit:
    """One numbered clause, list item or table row, as it reads in the older and newer draft."""

    kind: Kind
    old: str | None  # None: inserted in the newer draft
    new: str | None  # None: deleted (or moved away) in the newer draft
    safeguard: bool = False
    label: str = ""  # list items: "a"
    table: int = -1  # table rows: which table
    tracked: bool = False
    move: str | None = None  # both ends of a move carry its name
    edit: str = ""


@dataclass(slots=True)
class Article:
    """A numbered article: a heading and its units."""

    title: str
    units: list[Unit] = field(default_factory=list)


@dataclass(slots=True)
class Contract:
    """A whole agreement in both versions."""

    title: str
    preamble: str
    articles: list[Article]
    edits: list[tuple[str, str, bool]] = field(default_factory=list)  # kind, where, tracked


def _fill(template: str, rng: random.Random) -> str:
    values: dict[str, str] = {}
    for _, name, _, _ in string.Formatter().parse(template):
        if name and name not in values:
            values[name] = _GENERATED[name](rng) if name in _GENERATED else rng.choice(_POOLS[name])
    return template.format(**values)


def _boilerplate(group: str | None, rng: random.Random) -> str:
    pool = (
        _BOILERPLATE[group]
        if group and rng.random() < 0.7
        else _BOILERPLATE[rng.choice(tuple(_BOILERPLATE))]
    )
    return _fill(rng.choice(pool), rng)


def _words(text: str) -> int:
    return len(text.split())


def draft_contract(pages: int, seed: int) -> Contract:
    """A first draft of about `pages` pages (400 words each), deterministic for (pages, seed)."""
    rng = random.Random(f"contract-{pages}-{seed}")
    target = pages * WORDS_PER_PAGE
    preamble = (
        'This Master Services and AI Use Agreement (the "Agreement") is entered into as of '
        'January 12, 2026 (the "Effective Date") by and between Aldermoor AI, Inc., a Delaware '
        'corporation ("Provider"), and the Federal Office of Analytic Services ("Customer").'
    )
    contract = Contract("Master Services and AI Use Agreement", preamble, [])
    definitions = Article("Definitions", [Unit("clause", d, d) for d in _DEFINITIONS])
    contract.articles.append(definitions)
    words = _words(preamble) + sum(_words(d) for d in _DEFINITIONS)
    tables = 0
    while words < target:
        index = len(contract.articles) - 1
        title, group = _TOPICS[index % len(_TOPICS)]
        part = index // len(_TOPICS)
        article = Article(f"{title} (Part {part + 1})" if part else title)
        for _ in range(rng.randint(7, 14)):
            if group is None and rng.random() < 0.12:
                article.units.append(Unit("lead", _LEAD_IN, _LEAD_IN, safeguard=True))
                items = rng.sample(_ITEMS, rng.randint(3, 5))
                for k, item in enumerate(items):
                    end = "." if k == len(items) - 1 else ("; or" if k == len(items) - 2 else ";")
                    text = _fill(item, rng) + end
                    article.units.append(Unit("item", text, text, label="abcdef"[k]))
                continue
            safeguard = rng.random() < (0.55 if group is None else 0.04)
            sentences = [_fill(rng.choice(_SAFEGUARDS), rng)] if safeguard else []
            sentences += [_boilerplate(group, rng) for _ in range(rng.randint(1, 2))]
            text = " ".join(sentences)
            article.units.append(Unit("clause", text, text, safeguard=safeguard))
        if group == "delivery" and rng.random() < 0.5:
            rows = [" | ".join(_SERVICE_LEVEL_HEADER)]
            for service in rng.sample(_POOLS["service"], rng.randint(4, 8)):
                avail, credit = _GENERATED["avail"](rng), _GENERATED["credit"](rng)
                rows.append(f"{service} | {avail}% | {credit}% of monthly fees | calendar month")
            article.units += [Unit("row", row, row, table=tables) for row in rows]
            tables += 1
        contract.articles.append(article)
        words += _words(article.title) + sum(_words(u.old or "") for u in article.units)
    return contract


# -- edits -------------------------------------------------------------------------------------

EDIT_MIX: tuple[tuple[str, int], ...] = (
    ("struck", 4),
    ("shall_to_should", 6),
    ("carve_out", 6),
    ("consent_to_notice", 4),
    ("prior_dropped", 4),
    ("solely_dropped", 4),
    ("any_lawful_purpose", 3),
    ("number_weaker", 4),
    ("number_stronger", 3),
    ("moved", 4),
    ("typo_fixed", 6),
    ("inserted", 5),
    ("reworded", 5),
    ("table_cell", 2),
)


def _first_sentence_end(text: str) -> int:
    end = text.find(". ")
    if end >= 0:
        return end
    return len(text) - 1 if text.endswith(".") else len(text)


def _number_edit(text: str, weaker: bool) -> str | None:
    for pattern, table, unit in (
        (_HOURS, _HOURS_WEAKER if weaker else _HOURS_STRONGER, "hours"),
        (_RETAIN, _RETAIN_WEAKER if weaker else _RETAIN_STRONGER, "days"),
    ):
        match = pattern.search(text)
        if match and int(match.group(2)) in table:
            number = table[int(match.group(2))]
            old = f"{match.group(1)} ({match.group(2)}) {unit}"
            return text.replace(old, f"{_spelled(number)} {unit}", 1)
    return None


def _text_edit(kind: str, unit: Unit, rng: random.Random) -> str | None:
    """The newer text of a unit under one in-place edit, or None when the edit does not apply."""
    text = unit.new or ""
    if unit.kind == "row":
        if kind != "table_cell" or "%" not in text:
            return None
        return re.sub(r"99\.9?5?%", "99.0%", text, count=1) if "99." in text else None
    if kind == "table_cell" or unit.kind == "item":
        return None
    if kind == "reworded" and not unit.safeguard:
        match = _WITHIN_DAYS.search(text)
        if match and int(match.group(2)) != 60:
            return text.replace(match.group(0), f"within {_spelled(60)} days", 1)
        return text + rng.choice(_REWORDS)
    if not unit.safeguard or unit.kind == "lead":
        return None
    if kind == "shall_to_should" and re.search(r"\bshall\b", text):
        return re.sub(r"\bshall\b", "should", text, count=1)
    if kind == "carve_out":
        end = _first_sentence_end(text)
        return text[:end] + rng.choice(_CARVE_OUTS) + text[end:]
    if kind == "consent_to_notice" and "written consent of Customer" in text:
        return text.replace("written consent of Customer", "written notice to Customer", 1)
    if kind == "prior_dropped" and "prior written" in text:
        return text.replace("prior written", "written", 1)
    if kind == "solely_dropped" and "solely " in text:
        return text.replace("solely ", "", 1)
    if kind == "any_lawful_purpose":
        for phrase in ("only in support of the Authorized Uses", "solely for the Authorized Uses"):
            if phrase in text:
                return text.replace(phrase, "for any lawful purpose", 1)
    if kind in ("number_weaker", "number_stronger"):
        return _number_edit(text, kind == "number_weaker")
    return None


def revise(contract: Contract, seed: int, budget: int = 60) -> Contract:
    """Apply about `budget` scattered edits (EDIT_MIX scaled) to the newer side of a contract."""
    rng = random.Random(f"revise-{seed}")
    scale = budget / sum(count for _, count in EDIT_MIX)
    used: set[int] = set()
    for kind, count in EDIT_MIX:
        for _ in range(max(1, round(count * scale))):
            _apply(contract, kind, rng, used)
    return contract


def _where(contract: Contract, unit: Unit) -> str:
    for a, article in enumerate(contract.articles, start=1):
        if any(u is unit for u in article.units):
            return f"art. {a} ({article.title})"
    return "?"


def _apply(contract: Contract, kind: str, rng: random.Random, used: set[int]) -> None:
    """Apply one edit of the given kind to a unit not edited yet; skip if none fits."""
    units = [
        (a, k, u)
        for a, article in enumerate(contract.articles)
        for k, u in enumerate(article.units)
        if id(u) not in used and u.old is not None and u.new is not None
    ]
    rng.shuffle(units)
    tracked = rng.random() < TRACKED_SHARE
    if kind == "inserted":
        a = rng.randrange(1, len(contract.articles))
        article = contract.articles[a]
        position = _insert_position(article, rng)
        text = _fill(rng.choice(_INSERTS), rng)
        unit = Unit("clause", None, text, safeguard=True, tracked=tracked, edit=kind)
        article.units.insert(position, unit)
        used.add(id(unit))
        contract.edits.append((kind, f"art. {a + 1} ({article.title})", tracked))
        return
    for a, _k, unit in units:
        if kind == "struck":
            if not unit.safeguard or unit.kind != "clause":
                continue
            unit.new, unit.tracked, unit.edit = None, tracked, kind
        elif kind == "moved":
            if unit.kind != "clause" or a == 0:
                continue
            targets = [t for t in range(1, len(contract.articles)) if abs(t - a) >= 3]
            if not targets:
                continue
            name = f"move{len(contract.edits)}"
            target = contract.articles[rng.choice(targets)]
            arrival = Unit("clause", None, unit.new, unit.safeguard, tracked=tracked, move=name)
            arrival.edit = kind
            target.units.insert(_insert_position(target, rng), arrival)
            unit.new, unit.tracked, unit.move, unit.edit = None, tracked, name, kind
            used.add(id(arrival))
        elif kind == "typo_fixed":
            text = unit.new or ""
            words = [w for w in _TYPOS if re.search(rf"\b{w}\b", text)]
            if unit.kind != "clause" or not words:
                continue
            word = words[0]
            unit.old = re.sub(rf"\b{word}\b", _TYPOS[word], text, count=1)
            unit.tracked, unit.edit = tracked, kind
        else:
            new = _text_edit(kind, unit, rng)
            if new is None or new == unit.new:
                continue
            unit.new, unit.tracked, unit.edit = new, tracked, kind
        used.add(id(unit))
        contract.edits.append((kind, _where(contract, unit), tracked))
        return


def _insert_position(article: Article, rng: random.Random) -> int:
    """A position between clauses (never inside a lead-in's list or a table)."""
    positions = [
        k
        for k in range(len(article.units) + 1)
        if k == len(article.units) or article.units[k].kind in ("clause", "lead")
    ]
    return rng.choice(positions)


def accepted(contract: Contract) -> Contract:
    """The newer draft with every change accepted, as the older side of the next round."""
    articles = [
        Article(
            article.title,
            [
                replace(u, old=u.new, tracked=False, move=None, edit="")
                for u in article.units
                if u.new is not None
            ],
        )
        for article in contract.articles
    ]
    return Contract(contract.title, contract.preamble, articles)


# -- rendering ---------------------------------------------------------------------------------


def _markup(old: str, new: str) -> str:
    """`new` with its differences from `old` as {-deleted-}{+inserted+} word-level markup."""
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append("".join(a[i1:i2]))
            continue
        if i2 > i1:
            out.append("{-" + "".join(a[i1:i2]) + "-}")
        if j2 > j1:
            out.append("{+" + "".join(b[j1:j2]) + "+}")
    return "".join(out)


def render(contract: Contract, side: Literal["old", "new"]) -> docx_builder.DocSpec:
    """The older draft (clean) or the newer draft (tracked edits as revisions) as a DocSpec."""
    blocks: list[docx_builder.Block] = [
        docx_builder.Para(contract.title, style="Title"),
        docx_builder.Para(contract.preamble),
    ]
    for a, article in enumerate(contract.articles, start=1):
        blocks.append(docx_builder.Para(f"{a}. {article.title}", style="Heading 1"))
        old_count = new_count = 0
        rows: list[docx_builder.Row] = []
        for unit in article.units:
            numbered = unit.kind in ("clause", "lead")
            old_ref = new_ref = ""
            if numbered and unit.old is not None:
                old_count += 1
                old_ref = f"{a}.{old_count}"
            if numbered and unit.new is not None:
                new_count += 1
                new_ref = f"{a}.{new_count}"
            if unit.kind != "row" and rows:
                blocks.append(docx_builder.Table(tuple(rows)))
                rows = []
            block = _render_unit(unit, side, old_ref, new_ref)
            if isinstance(block, docx_builder.Row):
                rows.append(block)
            elif block is not None:
                blocks.append(block)
        if rows:
            blocks.append(docx_builder.Table(tuple(rows)))
    revision = docx_builder.Revision(AUTHOR, DATE)
    return docx_builder.DocSpec(tuple(blocks), revision, side == "new", contract.title)


def _render_unit(
    unit: Unit, side: str, old_ref: str, new_ref: str
) -> docx_builder.Para | docx_builder.Row | None:
    """One unit's paragraph (or table row) in the given draft."""
    prefix = f"({unit.label}) " if unit.kind == "item" else ""
    if side == "old":
        if unit.old is None:
            return None
        if unit.kind == "row":
            return docx_builder.Row(tuple(c.strip() for c in unit.old.split("|")))
        return docx_builder.Para(f"{old_ref} {unit.old}" if old_ref else prefix + unit.old)
    if unit.new is None:  # struck, or moved away
        if not unit.tracked or unit.old is None:
            return None
        change: docx_builder.ParaChange = "move-from" if unit.move else "deleted"
        return docx_builder.Para(f"{old_ref} {unit.old}", change=change, move_name=unit.move)
    if unit.old is None:  # inserted, or moved here
        text = f"{new_ref} {unit.new}"
        if not unit.tracked:
            return docx_builder.Para(text)
        change = "move-to" if unit.move else "inserted"
        return docx_builder.Para(text, change=change, move_name=unit.move)
    if unit.kind == "row":
        pairs = zip(unit.old.split("|"), unit.new.split("|"), strict=True)
        cells = tuple(
            _markup(o.strip(), n.strip()) if unit.tracked else n.strip() for o, n in pairs
        )
        return docx_builder.Row(cells)
    body = _markup(unit.old, unit.new) if unit.tracked and unit.old != unit.new else unit.new
    if unit.kind == "item":
        return docx_builder.Para(prefix + body)
    # Renumbering is typed over with tracking on, as counsel does when a clause comes or goes.
    ref = new_ref if old_ref == new_ref else "{-" + old_ref + "-}{+" + new_ref + "+}"
    return docx_builder.Para(f"{ref} {body}")


# -- cache -------------------------------------------------------------------------------------


def cache_dir() -> Path:
    """Where generated drafts live: $REDLINE_BENCH_CACHE, else the temp dir, keyed by source."""
    sources = (Path(__file__), Path(docx_builder.__file__))
    key = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()[:12]
    root = os.environ.get("REDLINE_BENCH_CACHE") or Path(tempfile.gettempdir()) / "redline-bench"
    return Path(root) / key


def _write(contract: Contract, side: Literal["old", "new"], path: Path) -> Path:
    if not path.exists():
        temporary = path.with_name(f".{path.name}.tmp")
        docx_builder.build_docx(render(contract, side), temporary)
        os.replace(temporary, path)
    return path


def word_count(contract: Contract) -> int:
    """Words of the older draft (headings and table cells included)."""
    return sum(
        _words(a.title) + sum(_words(u.old or "") for u in a.units) for a in contract.articles
    ) + _words(contract.preamble)


def pair(pages: int, seed: int = 7, budget: int = 60) -> tuple[Path, Path]:
    """The (older, newer) .docx pair of a contract of `pages` pages, generated once and cached."""
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"msa-{pages}p-s{seed}-e{budget}"
    old, new = folder / f"{stem}-v1.docx", folder / f"{stem}-v2.docx"
    manifest = folder / f"{stem}.json"
    if old.exists() and new.exists() and manifest.exists():
        return old, new
    contract = revise(draft_contract(pages, seed), seed, budget)
    _write(contract, "old", old)
    _write(contract, "new", new)
    summary = {"pages": pages, "words": word_count(contract), "edits": contract.edits}
    manifest.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return old, new


def chain(pages: int = 50, drafts: int = 10, seed: int = 11, budget: int = 20) -> list[Path]:
    """A negotiation of `drafts` successive drafts, each revising the previous one (cached)."""
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"chain-{pages}p-s{seed}-e{budget}"
    paths = [folder / f"{stem}-v{k + 1}.docx" for k in range(drafts)]
    if all(p.exists() for p in paths):
        return paths
    contract = draft_contract(pages, seed)
    _write(contract, "old", paths[0])
    for k in range(1, drafts):
        contract = revise(contract, seed * 100 + k, budget)
        _write(contract, "new", paths[k])
        contract = accepted(contract)
    return paths


def main(argv: Sequence[str] | None = None) -> None:
    """Generate (or find in the cache) the pairs asked for and print their paths."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--chain", action="store_true", help="also the ten 50-page drafts")
    args = parser.parse_args(argv)
    for pages in args.pages:
        old, new = pair(pages)
        summary = json.loads(old.with_name(old.name.replace("-v1.docx", ".json")).read_text())
        print(f"{pages:>4} pages, {summary['words']:,} words, {len(summary['edits'])} edits:")
        print(f"     {old}\n     {new}")
    if args.chain:
        print("\n".join(str(p) for p in chain()))


if __name__ == "__main__":
    main()
