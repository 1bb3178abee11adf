"""Restriction detection: every category in several wordings, near misses, forms, definitions."""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from assistant import errors, model
from assistant.clauses import detection

# category: (sentences that must carry it, near misses that must not)
CASES: dict[str, tuple[list[str], list[str]]] = {
    "domestic_surveillance": (
        [
            "Licensee shall not use the Services to surveil U.S. persons.",
            "The Model will not be used for monitoring or tracking of United States citizens.",
            "The Government shall not use the Platform for domestic surveillance.",
            "No output may be used for mass surveillance of Americans.",
            # a condition rather than a modal verb, and a plainer verb
            "It is a condition of this Agreement that the Service is never used to watch"
            " people in the United States.",
        ],
        [
            "The parties discussed surveillance at the kick-off meeting.",
            "Licensee shall monitor the performance of the Services.",
            "Supplier shall not sell products to U.S. persons on a sanctions list.",
        ],
    ),
    "bulk_data": (
        [
            "Licensee shall not run the Platform over bulk-collected datasets.",
            "The Government must not analyze commercially purchased data with the Services.",
            "Customer shall not use data sets acquired in bulk as inputs to the Model.",
        ],
        [
            '"Bulk-Acquired Data" means data sets acquired in bulk.',
            '"Bulk Data" shall mean data obtained from data brokers.',
            "Seller shall ship the goods in bulk containers.",
        ],
    ),
    "autonomous_weapons": (
        [
            "The Services shall not be used to operate autonomous weapons systems.",
            "Any use in lethal targeting must comply with DoD Directive 3000.09.",
            "Customer shall not weaponize the Model.",
            "Customer shall not use the Model to develop or upgrade weapons of any kind.",
            "Automated engagement of targets is excluded from the licence.",
        ],
        [
            "The Provider shall deliver an autonomous vehicle navigation module.",
            "The Supplier shall ship replacement parts for the weapons test range.",
        ],
    ),
    "human_oversight": (
        [
            "Every targeting recommendation shall be subject to human review before action.",
            "A human in the loop must approve each consequential decision.",
            "Decisions shall not be based solely on automated processing.",
            "An operator shall review each Output before it is acted upon.",
            "Until a clinician has validated the recommendation, it shall not be acted on.",
            "A licensed clinician shall review and confirm each triage level.",
            "You may not reject an applicant without a person at your company reviewing the file.",
        ],
        [
            "Employee records shall be maintained by the human resources department.",
            "Supplier shall comply with applicable human rights laws.",
            "The Supplier shall invoice the Hospital for each clinician's time.",
        ],
    ),
    "fine_tuning": (
        [
            "Provider shall not fine-tune the Model on classified data.",
            "Customer Data will not be used to train Provider's models.",
            "Retraining of the Model on operational data shall require Board approval.",
        ],
        [
            "Supplier shall provide training to Customer's staff.",
            "The Contractor shall retrain employees who fail the safety course.",
        ],
    ),
    "secure_environment": (
        [
            "The Model shall be deployed only in an air-gapped environment.",
            "Provider must host the Services in an IL6 accredited enclave.",
            "Access shall be limited to personnel holding a security clearance.",
            "The System may be used only once it holds an Authority to Operate.",
            "Licensee shall hold the copy in a segregated and encrypted environment.",
        ],
        [
            "The documents shall be classified as confidential.",
            # Ordinary English, not an accreditation (a Bonterms services template).
            "Each party will name an individual with authority to operate as its point of contact.",
        ],
    ),
    "audit_logging": (
        [
            "Provider shall retain audit logs for at least 365 days.",
            "Licensee will log all queries submitted to the Model.",
            "The Government may inspect usage logs on request.",
            "Logs may not be deleted by Customer administrators.",
        ],
        [
            "The Contractor shall keep a log of visitors.",
            "The audit shall be conducted annually.",
        ],
    ),
    "technical_safeguards": (
        [
            "Provider shall red-team the Model before each release.",
            "Licensee shall not circumvent or disable any safety filters.",
            "Licensee is prohibited from disabling the safety filters.",
            "Provider will maintain output filtering and abuse monitoring.",
        ],
        [
            "The Contractor shall install a water filter in each unit.",
            # a duty to defeat a safeguard is an override, not a safeguard
            "Provider shall disable any safeguard as directed by the Agency.",
        ],
    ),
    "independent_assessment": (
        [
            "The System shall undergo an independent assessment every twelve months.",
            "Provider shall support test and evaluation consistent with the NIST AI RMF.",
            "A third-party assessor must validate the safety case.",
            "Customer shall give Provider a copy of each assessment report within ten days.",
        ],
        [
            "The Company's independent auditors shall review the financial statements.",
            "Supplier shall submit each invoice to the Customer for approval.",
        ],
    ),
    "purpose_limitation": (
        [
            "Licensee shall use the Platform solely for the Authorized Uses.",
            "The Government may use outputs only for the enumerated purposes in Exhibit A.",
            "Customer shall not use the Model for any other purpose.",
            "Customer may access the API only to test its integration.",
            "Any use of the Software not expressly permitted by Schedule 2 is prohibited.",
            "Use of the Analytics Module is confined to fraud detection on the Bank's cards.",
        ],
        [
            "The purpose of this Agreement is to set out the terms of the pilot.",
            "This translation is provided for convenience or for any other purpose.",
        ],
    ),
    "enforcement": (
        [
            "Provider may suspend access to the Services if Customer misuses them.",
            "Upon a violation of the Usage Policy, Provider may terminate this Agreement.",
            "Any misuse of the Model shall entitle Provider to revoke the licence.",
            "If Customer breaches the usage rules, Provider can suspend the account.",
            "Provider may suspend for abuse without notice.",
            "Any breach of Section 4 shall entitle the Customer to suspend the Services.",
        ],
        ["Either party may terminate this Agreement for convenience on ninety days' notice."],
    ),
    "any_lawful_purpose": (
        [
            "The Government may use the Services for any lawful government purpose.",
            "Outputs can be used for all lawful purposes.",
            "Customer may use the Model for any purpose not prohibited by law.",
            "The outputs are available for any lawful use.",  # risk language needs no cue
            "There is no restriction on the purposes for which the Department may use it.",
        ],
        [
            "Licensee shall comply with all applicable laws.",
            "The Government's use must be lawful.",
        ],
    ),
    "override": (
        [
            "Notwithstanding anything to the contrary herein, the Government may use it.",
            "The Government may, in its sole discretion, modify the Authorized Uses.",
            "The Model shall be operated as directed by the Government.",
            "This Section supersedes any restriction in the Usage Policy.",
            "Any term of the Usage Policy to the contrary notwithstanding, the Agency may use"
            " the Model as it sees fit.",
            "Anything in the Acceptable Use Policy notwithstanding, Customer may direct Provider.",
        ],
        ["The Provider shall act with reasonable discretion."],
    ),
    "data_use": (
        [
            "Provider shall not use Customer Data except to provide the Services.",
            "Vendor will not sell or share personal information of end users.",
            "The Contractor shall not sell or otherwise disclose Agency Data to any third party.",
        ],
        [
            "Customer shall provide the data necessary for onboarding.",
            "Supplier shall not sell the Products below the list price.",
        ],
    ),
    "data_residency": (
        [
            "All Customer Data shall be stored within the United States.",
            "Provider shall not transfer personal data outside the European Economic Area.",
            "Transfers shall be governed by the Standard Contractual Clauses.",
            "Supplier shall host and back up the Customer Data solely in Canada.",
            "Personal data shall be processed by the Vendor only within the European Union.",
        ],
        [
            "The goods shall be delivered within the United States.",
            "Supplier shall keep the data room open only in Business Hours of Sydney.",
        ],
    ),
    "subprocessors": (
        [
            "Processor shall not engage any Subprocessor without prior written authorization.",
            "Supplier may not subcontract any of its obligations without consent.",
        ],
        ["Supplier shall deliver the processors by June."],
    ),
    "data_deletion": (
        [
            "Within thirty days after termination, Provider shall delete all Customer Data.",
            "Recipient shall return or destroy all Confidential Information.",
            "Provider shall certify the destruction of all copies in writing.",
            "Licensee shall remove the Personal Data of a named person from its retrieval index.",
            "Licensee shall not retain any index or embeddings derived from the Archive.",
            "The System shall permanently delete each camera frame ninety (90) days after capture.",
        ],
        [
            "The Contractor shall dispose of construction waste.",
            "Supplier shall remove its equipment from the Customer's premises.",
            "Either party may terminate this Agreement on thirty (30) days' written notice.",
        ],
    ),
    "confidentiality": (
        [
            "Recipient shall hold the Disclosing Party's information in strict confidence.",
            "Each party shall keep the terms of this Agreement confidential.",
        ],
        ["This Agreement shall be governed by the laws of Delaware."],
    ),
    "breach_notification": (
        [
            "Provider shall notify Customer of any Security Incident within 24 hours.",
            "Vendor must report any unauthorized access to Customer Data without undue delay.",
        ],
        ["Either party may terminate this Agreement upon a material breach."],
    ),
    "audit_rights": (
        [
            "Customer shall have the right to audit Supplier's books and records.",
            "Licensor may inspect Licensee's facilities upon reasonable notice.",
        ],
        ["The Company shall deliver audited financial statements within ninety days."],
    ),
    "liability_cap": (
        [
            "In no event shall either party's aggregate liability exceed the fees paid.",
            "Neither party shall be liable for any indirect or consequential damages.",
        ],
        ["Customer shall pay all fees within thirty days."],
    ),
    "non_compete": (
        [
            "During the Term, Distributor shall not sell any competing products.",
            "Consultant agrees not to compete with the Company for two years.",
        ],
        ["The Products shall be priced competitively."],
    ),
    "non_solicit": (
        [
            "Neither party shall solicit the employees of the other party for twelve months.",
            "Contractor shall not hire any employee of Customer during the Term.",
            "Neither party shall entice away any editor or engineer employed by the other party.",
        ],
        ["Distributor shall hire sufficient staff to support sales."],
    ),
    "exclusivity": (
        [
            "Supplier hereby appoints Distributor as its exclusive distributor in the Territory.",
            "Buyer shall purchase its requirements exclusively from Seller.",
            "Supplier shall not appoint any other distributor in the Territory.",
            # a ban on licensing others (CUAD's definition of exclusivity has it)
            "The Licensor shall not, during the Term, grant to any other developer a licence to"
            " train models on the Archive.",
        ],
        [
            "The courts of New York shall have exclusive jurisdiction.",
            "Supplier may appoint other distributors in the Territory.",
        ],
    ),
    "assignment": (
        [
            "Neither party may assign this Agreement without the other party's prior consent.",
            "Any purported assignment in violation of this Section shall be void.",
            "This Agreement shall not be assignable or delegable by Licensee.",
        ],
        [
            "The Company shall assign a project manager to the account.",
            "Vendor shall grant Customer a non-assignable licence to use the Software.",
        ],
    ),
    "ip_ownership": (
        [
            "Contractor hereby assigns to Customer all right, title and interest in the work.",
            "All Work Product shall be the sole and exclusive property of the Company.",
        ],
        ["The Company shall own a building in Austin."],
    ),
    "license_restrictions": (
        [
            "Licensee shall not reverse engineer, decompile or disassemble the Software.",
            "The licence is non-transferable and may not be sublicensed.",
        ],
        ["Licensee shall pay the license fee."],
    ),
}


def categories(detector: detection.RuleDetector, text: str) -> set[str]:
    """The categories found in one clause holding `text`."""
    findings, _ = detector.detect([model.Clause(None, (), text, text)])
    return {f.category for f in findings}


def test_every_category_has_cases(detector: detection.RuleDetector) -> None:
    from assistant import taxonomy

    ids = {c.id for c in taxonomy.load(taxonomy.bundled_pack_folders()).categories}
    assert set(CASES) == ids
    assert all(len(positive) >= 2 and negative for positive, negative in CASES.values())


@pytest.mark.parametrize(
    ("category", "text"),
    [(category, text) for category, (positive, _) in CASES.items() for text in positive],
)
def test_category_found(detector: detection.RuleDetector, category: str, text: str) -> None:
    assert category in categories(detector, text)


@pytest.mark.parametrize(
    ("category", "text"),
    [(category, text) for category, (_, negative) in CASES.items() for text in negative],
)
def test_near_miss_not_found(detector: detection.RuleDetector, category: str, text: str) -> None:
    assert category not in categories(detector, text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A sentence directing a safeguard to be switched off is an override, not a safeguard.
        ("Provider shall disable the content filters at Customer's request.", {"override"}),
        ("Customer may switch off audit logging for test tenants.", {"override"}),
        # Negated, the same verb is the safeguard itself.
        ("Provider shall not disable the content filters.", {"technical_safeguards"}),
        ("Customer must never switch off audit logging.", {"audit_logging"}),
        # The verb that is the safeguard's own remedy is no defeat.
        ("Provider may disable access to the Services for misuse.", {"enforcement"}),
    ],
)
def test_a_safeguard_switched_off_is_an_override(
    detector: detection.RuleDetector, text: str, found: set[str]
) -> None:
    assert categories(detector, text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # "without human control" says what makes the weapon autonomous: no separate review duty
        (
            "Licensee shall not integrate the Model into any weapon system that can select and"
            " engage targets without further intervention by a human operator.",
            {"autonomous_weapons"},
        ),
        (
            "No component shall be used to trigger a munition in the absence of positive human"
            " control over the engagement decision.",
            {"autonomous_weapons"},
        ),
        # a human's approval required in its own right stays human oversight
        (
            "The Services shall not be used to operate autonomous weapons systems, and a human"
            " operator shall approve each engagement.",
            {"autonomous_weapons", "human_oversight"},
        ),
        # and outside a weapons ban, "without human review" is the oversight safeguard
        (
            "The Provider shall not make any automated decision without human review.",
            {"human_oversight"},
        ),
    ],
)
def test_human_control_in_a_weapons_ban_describes_the_weapon(
    detector: detection.RuleDetector, text: str, found: set[str]
) -> None:
    assert categories(detector, text) == found


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Provider shall submit each new version of the matching algorithm to the NIST vendor"
            " evaluation before release.",
            "independent_assessment.submit_for_evaluation",
        ),
        (
            "The System shall permanently delete each camera frame ninety (90) days after capture.",
            "data_deletion.delete_after_period",
        ),
        (
            "The Contractor shall not sell or otherwise disclose Agency Data to any third party.",
            "data_use.share_defined_data",
        ),
        (
            "The Licensee shall not use the Platform to locate or profile New Zealand citizens.",
            "domestic_surveillance.nationals",
        ),
        (
            "The Model must not dispatch any field unit without the prior approval of a duty"
            " supervisor.",
            "human_oversight.machine_without_approval",
        ),
        (
            "Notwithstanding anything contained herein, the Vendor may disable the filters.",
            "override.notwithstanding_anything_in",
        ),
        (
            "The Agency may suspend the Services at any time without notice if it reasonably"
            " concludes that the Services are being used in breach of clause 3.",
            "enforcement.suspend_if_used_in_breach",
        ),
        (
            "Supplier shall not appoint another distributor or sell the Products directly to"
            " customers located in the Territory.",
            "exclusivity.not_in_territory",
        ),
        (
            "Reseller shall not engage a third party to host or process Customer Data.",
            "subprocessors.engage_third_party",
        ),
        (
            "All reports and other deliverables prepared under this Agreement are owned by the"
            " Client.",
            "ip_ownership.outputs_owned_by",
        ),
    ],
)
def test_a_pattern_names_the_reason(detector: detection.RuleDetector, text: str, rule: str) -> None:
    # The classifier may score such sentences too; the pattern is what explains the finding.
    findings, _ = detector.detect([model.Clause(None, (), text, text)])
    assert rule in {f.rule for f in findings}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # an approval of paperwork by a role, with no machine acting
        (
            "The Contractor shall not submit any invoice without the approval of the"
            " Contracting Officer.",
            "human_oversight",
        ),
        # "notwithstanding any termination" overrides nothing
        ("Notwithstanding any termination of this Agreement, Section 9 shall survive.", "override"),
        # a defined term of people that nobody surveils
        ("The Supplier shall invite Australian Persons to the annual user forum.", "surveillance"),
    ],
)
def test_a_session_8_wording_stays_quiet_on_its_near_miss(
    detector: detection.RuleDetector, text: str, category: str
) -> None:
    assert not {c for c in categories(detector, text) if category in c}


def _row(*cells: str) -> model.Clause:
    text = " | ".join(c for c in cells if c)
    return model.Clause(None, (), text, text, cells=cells)


def test_rows_of_a_table_take_the_cue_and_category_of_the_clause_pointing_at_it(
    detector: detection.RuleDetector,
) -> None:
    lead = "Provider shall retain Customer Data for no longer than the periods in the table below."
    clauses = [
        model.Clause("8.1", (), lead, lead),
        _row("Data", "Maximum period"),
        _row("Chat transcripts", "30 days"),
        _row("Audit logs of administrator actions", "12 months"),
        model.Clause(
            "8.2", (), "The parties may meet quarterly.", "The parties may meet quarterly."
        ),
        _row("Meeting notes", "30 days"),
    ]
    findings, _ = detector.detect(clauses)
    by_clause = {i: {(f.category, f.rule) for f in findings if f.clause == i} for i in range(6)}
    assert ("data_deletion", "data_deletion.retain_no_longer") in by_clause[0]
    assert by_clause[2] == {("data_deletion", "data_deletion.table_lead_in")}
    # a row that names a category of its own keeps it, and the lead-in's is not added
    named = {category for category, _ in by_clause[3]}
    assert "audit_logging" in named and "data_deletion" not in named
    # a table after a clause that does not point at it takes nothing
    assert by_clause[5] == set()


def _scheduled(cite: str) -> list[model.Clause]:
    heading = ("Schedule 2: Retention Periods",)
    rows = [
        model.Clause(None, heading, t, t, cells=tuple(t.split(" | ")))
        for t in ("Record | Period", "Chat transcripts | 30 days")
    ]
    return [model.Clause("7.2", ("7. Records",), cite, cite), *rows]


def test_rows_of_a_schedule_take_the_cue_of_the_binding_clause_citing_it(
    detector: detection.RuleDetector,
) -> None:
    cite = "Provider shall retain Customer Data for no longer than the periods in Schedule 2."
    findings, _ = detector.detect(_scheduled(cite))
    assert ("data_deletion", "data_deletion.table_lead_in") in {
        (f.category, f.rule) for f in findings if f.clause == 2
    }
    # A definition citing the schedule binds no one: its rows take nothing.
    definition = '"Retention Periods" means the periods in Schedule 2, which Provider shall apply.'
    findings, _ = detector.detect(_scheduled(definition))
    assert not [f for f in findings if f.clause == 2]


def test_rows_of_a_schedule_cited_as_what_is_let_through_are_allowances(
    detector: detection.RuleDetector,
) -> None:
    """ "The Sub-processors approved ... are listed in Schedule 4": its rows are items of what the
    restriction lets through, in the citing clause's category, whatever their own words name."""
    cite = (
        "Provider shall not engage any Sub-processor without Customer's prior written consent."
        " The Sub-processors approved at the date of this Agreement are listed in Schedule 4."
    )
    heading = ("Schedule 4: Approved Sub-processors",)
    rows = [
        model.Clause(None, heading, t, t, cells=tuple(t.split(" | ")))
        for t in (
            "Halyard Inc. | Model training infrastructure | Oregon",
            "Audio transcription | Not permitted",
        )
    ]
    findings, _ = detector.detect([model.Clause("7.1", (), cite, cite), *rows])
    first = {(f.category, f.form, f.allowance) for f in findings if f.clause == 1}
    assert first == {("subprocessors", model.Form.PERMISSION, True)}
    # a row saying its item is not let through prohibits it
    second = {(f.category, f.form, f.allowance) for f in findings if f.clause == 2}
    assert second == {("subprocessors", model.Form.PROHIBITION, False)}
    # cited without a let-through word, under a title that approves nothing, the rows bind
    plain = cite.replace("approved at the date of this Agreement are listed", "are in")
    titled = [replace(row, heading=("Schedule 4: Sub-processors",)) for row in rows]
    findings, _ = detector.detect([model.Clause("7.1", (), plain, plain), *titled])
    assert not any(f.allowance for f in findings)


def test_a_schedule_titled_as_approved_lists_what_is_let_through(
    detector: detection.RuleDetector,
) -> None:
    """ "shall not add a person to Schedule 2" binds, but "Schedule 2 - Approved Sub-processors"
    lists who may process: its rows are allowances."""
    cite = (
        "Provider shall not engage any person other than an approved sub-processor, and shall"
        " not add a person to Schedule 2 without Customer's prior written consent."
    )
    for title, allowed in (
        ("Schedule 2 - Approved Sub-processors", True),
        ("Schedule 2 - Sub-processors", False),
    ):
        row = model.Clause(
            None,
            (title,),
            "Acme Ltd | Hosting | Sydney",
            "Acme Ltd | Hosting | Sydney",
            cells=("Acme Ltd", "Hosting", "Sydney"),
        )
        findings, _ = detector.detect([model.Clause("6.1", (), cite, cite), row])
        assert {f.allowance for f in findings if f.clause == 1} == {allowed}


def test_a_mixed_table_lets_items_through_and_binds_its_periods(
    detector: detection.RuleDetector,
) -> None:
    """A caption ("Table 2: Sites and Retention") names the table a clause cites; rows of a table
    cited both as what is let through and as the periods that bind are allowances unless they
    set a period."""
    cites = [
        "Provider shall store and process Customer Data only at the Approved Sites in Table 2.",
        "Provider shall delete Customer Data within the periods set out in Table 2.",
        "Table 2: Approved Sites and Retention",
    ]
    rows = ["Primary site | Ashburn, Virginia", "Customer Data | Deleted within 30 days"]
    clauses = [model.Clause(f"3.{n}", (), t, t) for n, t in enumerate(cites[:2], 1)]
    clauses += [model.Clause(None, (), cites[2], cites[2])]
    clauses += [model.Clause(None, (), t, t, cells=tuple(t.split(" | "))) for t in rows]
    findings, _ = detector.detect(clauses)
    site = {(f.form, f.allowance) for f in findings if f.clause == 3}
    assert site and all(allowance for _, allowance in site)
    period = {(f.category, f.allowance) for f in findings if f.clause == 4}
    assert ("data_deletion", False) in period


def test_rows_under_a_lead_in_ending_with_a_colon_bind_as_it_does(
    detector: detection.RuleDetector,
) -> None:
    lead = (
        "Provider shall retain each class of record for no longer than the period in the"
        " following retention schedule:"
    )
    row = "Chat transcripts | 30 days"
    clauses = [model.Clause("6.5", (), lead, lead), _row(*row.split(" | "))]
    findings, _ = detector.detect(clauses)
    assert "data_deletion" in {f.category for f in findings if f.clause == 1}


def test_rows_under_a_lead_in_approving_the_list_are_allowances(
    detector: detection.RuleDetector,
) -> None:
    """ "consents to the following Subcontractors ...:" grants the rows, even one whose own words
    carry a cue ("Read-only access")."""
    lead = "The Ministry consents to the following Subcontractors for the services shown:"
    rows = ["Maple Ridge Ltd | Hosting | Toronto", "Brightwater LLC | Support | Read-only access"]
    clauses = [model.Clause("9.2", (), lead, lead), *(_row(*r.split(" | ")) for r in rows)]
    findings, _ = detector.detect(clauses)
    for row in (1, 2):
        assert {(f.category, f.allowance) for f in findings if f.clause == row} == {
            ("subprocessors", True)
        }


def _reviewer_agreement(definition: str) -> list[model.Clause]:
    texts = [
        definition,
        "Provider shall not use the Services to analyse bulk data.",  # an AI-use finding
        "Provider shall not execute any Account Action without the approval of a Bank Reviewer.",
    ]
    return [model.Clause(f"1.{n}", (), t, t) for n, t in enumerate(texts, 1)]


def test_a_defined_reviewer_of_outputs_is_human_oversight(
    detector: detection.RuleDetector,
) -> None:
    reviewer = (
        '"Bank Reviewer" means an employee of Bank designated by Bank to review Outputs before'
        " any Account Action is taken."
    )
    findings, _ = detector.detect(_reviewer_agreement(reviewer))
    assert (2, detection.REVIEWER_RULE) in {(f.clause, f.rule) for f in findings}
    # a role with authority over the agreement, not over a machine's output, reviews nothing
    officer = reviewer.replace(
        "designated by Bank to review Outputs before any Account Action is taken",
        "with authority to administer and terminate this Agreement",
    )
    findings, _ = detector.detect(_reviewer_agreement(officer))
    assert not [f for f in findings if f.rule == detection.REVIEWER_RULE]
    # in an agreement with no AI-use finding, the role is left alone
    plain = _reviewer_agreement(reviewer)
    del plain[1]
    findings, _ = detector.detect(plain)
    assert not [f for f in findings if f.rule == detection.REVIEWER_RULE]


def test_safeguard_needs_a_cue_in_the_same_sentence(detector: detection.RuleDetector) -> None:
    text = "Bulk-acquired data is discussed in the annex. Licensee shall keep records."
    assert "bulk_data" not in categories(detector, text)


def test_a_key_terms_row_binds_as_written(detector: detection.RuleDetector) -> None:
    # Cover pages and order forms set the negotiated terms in two-cell rows with no modal verb.
    row = "Quality audit notice | 10 Business Days"
    findings, _ = detector.detect([model.Clause(None, (), row, row)])
    assert [(f.category, f.form) for f in findings] == [("audit_rights", model.Form.OBLIGATION)]
    for text in (
        "Quality audit notice: 10 Business Days",  # a line of prose, not a table row
        "Quality audit notice | 10 Business Days | Schedule 2",  # not a name and its value
        "Notice required before any quality audit of the Supplier's site | 10 Business Days",
        "A-3 | Analysis of foreign intelligence, excluding bulk-acquired data",  # an id, no name
    ):
        assert categories(detector, text) == set(), text


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("Licensee shall not analyse bulk-acquired data.", model.Form.PROHIBITION),
        ("No Party shall analyse bulk-acquired data.", model.Form.PROHIBITION),
        ("In no event may the Government analyse bulk-acquired data.", model.Form.PROHIBITION),
        ("Licensee is prohibited from analysing bulk-acquired data.", model.Form.PROHIBITION),
        ("Licensee shall use the Platform solely for the Authorized Uses.", model.Form.LIMITATION),
        ("Provider shall retain audit logs for 365 days.", model.Form.OBLIGATION),
        ("Provider agrees to retain audit logs for 365 days.", model.Form.OBLIGATION),
        ("Unless agreed otherwise, audit logs are retained for 90 days.", model.Form.CONDITION),
        ("The Government may inspect usage logs.", model.Form.PERMISSION),
        (
            "No later than 30 days after termination, Provider shall delete all Customer Data.",
            model.Form.OBLIGATION,
        ),
        # Cues without a modal verb: contractions, "is to be", "not permitted" at the end,
        # "entitles", "for no other purpose".
        ("Licensee won't analyse bulk-acquired data.", model.Form.PROHIBITION),
        ("You don't analyse bulk-acquired data.", model.Form.PROHIBITION),
        ("Bulk-acquired data is not to be analysed by Licensee.", model.Form.PROHIBITION),
        ("Analysis of bulk-acquired data is not permitted.", model.Form.PROHIBITION),
        ("Audit logs are to be retained for 365 days.", model.Form.OBLIGATION),
        (
            "Licensee may use the Platform for the Authorized Uses and for no other purpose.",
            model.Form.LIMITATION,
        ),
        ("Misuse of the Service entitles Provider to suspend access.", model.Form.PERMISSION),
    ],
)
def test_form_is_the_strongest_cue(
    detector: detection.RuleDetector, text: str, form: model.Form
) -> None:
    findings, _ = detector.detect([model.Clause(None, (), text, text)])
    assert findings
    assert {f.form for f in findings} == {form}


def test_finding_fields(detector: detection.RuleDetector) -> None:
    text = "Bulk Data. Licensee shall not run the Platform over bulk-collected datasets."
    clauses = [model.Clause("1", (), "Nothing here.", ""), model.Clause("7.4", (), text, text)]
    findings, _ = detector.detect(clauses)
    (finding,) = findings
    sentence = "Licensee shall not run the Platform over bulk-collected datasets."
    assert finding == model.Finding(
        category="bulk_data",
        text=sentence,
        ref="7.4",
        rule="bulk_data.bulk_acquired",
        form=model.Form.PROHIBITION,
        clause=1,
        start=text.index(sentence),
        end=len(text),
    )


def test_findings_are_ordered_and_one_per_sentence_and_category(
    detector: detection.RuleDetector,
) -> None:
    clauses = [
        model.Clause(None, (), "", "Licensee shall not surveil U.S. persons."),  # struck: skipped
        model.Clause(
            None,
            (),
            "Notwithstanding anything to the contrary, the Government may use it for any "
            "lawful purpose. Licensee shall not surveil U.S. persons or monitor U.S. citizens.",
            "",
        ),
    ]
    findings, _ = detector.detect(clauses)
    keys = [(f.clause, f.start, f.category) for f in findings]
    assert keys == sorted(keys)
    assert [f.category for f in findings] == [
        "any_lawful_purpose",
        "override",
        "domestic_surveillance",
    ]
    assert all(f.clause == 1 for f in findings)
    assert findings[0].form is model.Form.PERMISSION


def test_detection_is_deterministic(detector: detection.RuleDetector) -> None:
    clauses = [model.Clause(None, (), text, text) for text in CASES["override"][0] * 3]
    assert detector.detect(clauses) == detector.detect(clauses)


def test_definitions_and_their_users(detector: detection.RuleDetector) -> None:
    clauses = [
        model.Clause(None, (), '"Bulk-Acquired Data" means data sets acquired in bulk.', ""),
        model.Clause(None, (), "Licensee shall not analyse Bulk-Acquired Data.", ""),
        model.Clause(None, (), "Licensee shall not analyse bulk-acquired data.", ""),
        model.Clause(None, (), "Bulk-Acquired Datasets are out of scope.", ""),
        model.Clause(
            None, (), 'Acme Inc. (the "Provider") and the agency (hereinafter "Customer").', ""
        ),
        model.Clause(None, (), "The Provider shall notify Customer. Bulk-Acquired Data too.", ""),
        model.Clause(None, (), "“Data” has the meaning given in Section 1.", ""),
    ]
    _, definitions = detector.detect(clauses)
    by_term = {d.term: d for d in definitions}
    assert list(by_term) == ["Bulk-Acquired Data", "Provider", "Customer", "Data"]
    bulk = by_term["Bulk-Acquired Data"]
    assert bulk.text == '"Bulk-Acquired Data" means data sets acquired in bulk.'
    assert (bulk.clause, bulk.used_in) == (0, (1, 5))
    assert by_term["Provider"].used_in == (5,)
    assert by_term["Customer"].used_in == (5,)
    # "Bulk-Acquired Data" is found as itself, not as a use of "Data"
    assert by_term["Data"].used_in == ()


def test_a_plural_uses_the_defined_term(detector: detection.RuleDetector) -> None:
    clauses = [
        model.Clause(None, (), '"U.S. Person" has the meaning given in Executive Order 12333.', ""),
        model.Clause(None, (), "Customer shall not surveil U.S. Persons.", ""),
        model.Clause(None, (), "A U.S. Person's name is not a selector.", ""),
        model.Clause(None, (), "A U.S. Personal computer is not a person.", ""),
    ]
    _, (definition,) = detector.detect(clauses)
    assert definition.used_in == (1, 2)


def test_definition_text_is_the_defining_sentence(detector: detection.RuleDetector) -> None:
    text = 'This Section sets terms. "Authorized Uses" shall mean the uses in Exhibit A. More.'
    _, (definition,) = detector.detect([model.Clause(None, (), text, text)])
    assert definition.text == '"Authorized Uses" shall mean the uses in Exhibit A.'


def _write_pack(folder: Path, patterns: list[dict[str, object]]) -> Path:
    folder.mkdir(parents=True)
    (folder / "taxonomy.toml").write_text(
        '[pack]\nid = "export"\nlabel = "Export"\n\n[[category]]\nid = "export_control"\n'
        'kind = "safeguard"\nlabel = "Export control"\ndescription = "No export."\n',
        encoding="utf-8",
    )
    lines = "\n".join(json.dumps(p) for p in patterns)
    (folder / "patterns.jsonl").write_text(lines + "\n", encoding="utf-8")
    return folder


EXPORT: dict[str, object] = {
    "label": "export_control",
    "id": "export_control.export_controlled",
    "pattern": [{"LOWER": "export"}, {"LOWER": "controlled"}],
}


def test_user_pack_adds_a_category_at_run_time(pipeline: Path, tmp_path: Path) -> None:
    from assistant import resources

    _write_pack(resources.data_home() / "packs" / "export", [EXPORT])
    detector = detection.RuleDetector(pipeline)  # user packs come from REDLINE_ASSISTANT_HOME
    text = "Licensee shall not share export controlled items."
    findings, _ = detector.detect([model.Clause(None, (), text, text)])
    assert [(f.category, f.rule) for f in findings] == [
        ("export_control", "export_control.export_controlled")
    ]


def test_user_pack_with_a_foreign_label_is_refused(pipeline: Path, tmp_path: Path) -> None:
    folder = _write_pack(tmp_path / "export", [{**EXPORT, "label": "bulk_data"}])
    with pytest.raises(errors.ResourceError, match="labels not in the pack"):
        detection.RuleDetector(pipeline, packs=[folder])


def test_user_pack_with_an_invalid_pattern_is_refused(pipeline: Path, tmp_path: Path) -> None:
    folder = _write_pack(tmp_path / "export", [{**EXPORT, "pattern": [{"LOWR": "export"}]}])
    with pytest.raises(errors.ResourceError, match="invalid pattern"):
        detection.RuleDetector(pipeline, packs=[folder])


def test_missing_pipeline_is_a_resource_error(tmp_path: Path) -> None:
    with pytest.raises(errors.ResourceError):
        detection.RuleDetector(tmp_path / "nowhere", packs=[])


@pytest.mark.model
def test_bundled_model_detects() -> None:
    detector = detection.RuleDetector(packs=[])
    text = "Licensee shall not run the Platform over bulk-collected datasets."
    assert categories(detector, text) == {"bulk_data"}


def test_list_items_take_the_cue_of_their_lead_in(detector: detection.RuleDetector) -> None:
    clauses = [
        model.Clause("7.4", (), "Licensee shall not:", ""),
        model.Clause("7.4(a)", (), "surveil U.S. persons;", ""),
        model.Clause("7.4(b)", (), "use the Platform to:", ""),
        model.Clause("7.4(b)(i)", (), "analyse bulk-acquired data; or", ""),
        model.Clause("7.4(c)", (), "operate autonomous weapons.", ""),
        model.Clause("7.5", (), "Bulk-acquired data is described in Annex B.", ""),
        model.Clause(None, (), "The Government may rely on:", ""),
        model.Clause("(a)", (), "air-gapped enclaves.", ""),
    ]
    findings, _ = detector.detect(clauses)
    assert [(f.ref, f.category, f.form) for f in findings] == [
        ("7.4(a)", "domestic_surveillance", model.Form.PROHIBITION),
        ("7.4(b)(i)", "bulk_data", model.Form.PROHIBITION),
        ("7.4(c)", "autonomous_weapons", model.Form.PROHIBITION),
        ("(a)", "secure_environment", model.Form.PERMISSION),
    ]


def test_cached_parses_give_the_same_findings_in_any_context(
    detector: detection.RuleDetector,
) -> None:
    """A clause text parsed for one draft is reused for the next, with its own index and lead-in."""
    lead = model.Clause("7.4", (), "Licensee shall not:", "Licensee shall not:")
    item = model.Clause("7.4(a)", (), "surveil U.S. persons;", "surveil U.S. persons;")
    alone = model.Clause(None, (), "surveil U.S. persons;", "surveil U.S. persons;")
    first, _ = detector.detect([lead, item])
    again, _ = detector.detect([lead, item])
    assert first == again
    assert any(f.clause == 1 and f.form is model.Form.PROHIBITION for f in first)
    # The same text without its lead-in has no cue of its own, so no safeguard finding.
    shifted, _ = detector.detect([alone])
    assert all(f.category != "domestic_surveillance" for f in shifted)


def _many_clauses() -> list[model.Clause]:
    """Several hundred distinct clauses: every case text and a wording only the trained
    classifier knows, each in a few numbered variants."""
    texts = [text for cases in CASES.values() for group in cases for text in group]
    texts.append(
        "Licensee may not transfer any of its rights hereunder to a third party without the "
        "written approval of Licensor."
    )
    return [
        model.Clause(f"{n}.{i}", (), f"{text} ({n})", f"{text} ({n})")
        for n in range(1, 5)
        for i, text in enumerate(texts)
    ]


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the children forked, with a low enough bar that these clauses are split, and as
    if this were the only thread (an earlier test may leave an idle one behind)."""
    monkeypatch.setattr(detection, "_PARALLEL_MIN", 40)
    monkeypatch.setattr(detection, "_may_fork", lambda: True)
    started: list[int] = []
    real = detection._fork

    def counted(*args: Any) -> Any:
        started.append(1)
        return real(*args)

    monkeypatch.setattr(detection, "_fork", counted)
    return started


def test_parallel_parsing_finds_exactly_what_one_process_finds(
    pipeline: Path, detector: detection.RuleDetector, forks: list[int]
) -> None:
    clauses = _many_clauses()
    detector.forget()
    alone = detector.detect(clauses)
    split = detection.RuleDetector(pipeline, packs=[], workers=3).detect(clauses)
    assert len(forks) == 2
    assert split == alone
    assert sum(f.rule.endswith(detection.MODEL_RULE_SUFFIX) for f in split[0]) > 0


def test_a_failed_child_costs_time_not_findings(
    pipeline: Path,
    detector: detection.RuleDetector,
    forks: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(detection, "_child_main", lambda *_: os._exit(3))
    clauses = _many_clauses()
    detector.forget()
    split = detection.RuleDetector(pipeline, packs=[], workers=2).detect(clauses)
    assert len(forks) == 1
    assert split == detector.detect(clauses)


def test_a_stuck_child_is_killed_and_its_texts_parsed_here(
    pipeline: Path,
    detector: detection.RuleDetector,
    forks: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(detection, "_child_main", lambda *_: time.sleep(60))
    monkeypatch.setattr(detection, "_CHILD_GRACE", 0.5)
    clauses = _many_clauses()
    detector.forget()
    started = time.monotonic()
    split = detection.RuleDetector(pipeline, packs=[], workers=2).detect(clauses)
    assert time.monotonic() - started < 30
    assert split == detector.detect(clauses)


def test_no_fork_while_other_threads_run(pipeline: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In the app a Qt thread may hold a lock at the fork: the child could wait on it forever."""
    monkeypatch.setattr(detection, "_PARALLEL_MIN", 40)
    forks: list[int] = []
    monkeypatch.setattr(detection, "_fork", lambda *_: forks.append(1))
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        findings, _ = detection.RuleDetector(pipeline, packs=[], workers=2).detect(_many_clauses())
    finally:
        stop.set()
        other.join()
    assert findings
    assert forks == []


def test_a_deeming_sentence_binds(detector: detection.RuleDetector) -> None:
    """'Is treated as an assignment' extends the ban on assignment as 'shall' would."""
    text = "A change in control of Reseller is treated as an assignment for the purposes of 15.1."
    (finding,) = detector.detect([model.Clause("15.2", (), text, text)])[0]
    assert (finding.category, finding.form) == ("assignment", model.Form.OBLIGATION)
    notice = "A notice sent by courier is deemed received two business days after dispatch."
    assert detector.detect([model.Clause("20.1", (), notice, notice)])[0] == ()
