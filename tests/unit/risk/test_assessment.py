"""Each risk rule fires on a change it is meant for and stays quiet on its near misses."""

from __future__ import annotations

import re

import pytest

from assistant import model, taxonomy
from assistant.risk import assessment, rulebook

# A tiny stand-in for the spaCy detector: category by keyword, any modal makes it a safeguard.
_TOPICS = {
    "bulk_data": re.compile(r"bulk", re.I),
    "breach_notification": re.compile(r"notify .*breach|breach .*notif", re.I),
    "audit_logging": re.compile(r"\blogs?\b", re.I),
    "subprocessors": re.compile(r"sub-?processor", re.I),
    "any_lawful_purpose": re.compile(r"any lawful purpose", re.I),
    "override": re.compile(r"notwithstanding anything", re.I),
    "independent_assessment": re.compile(r"independent assessor", re.I),
    "audit_rights": re.compile(r"books and records", re.I),
    "secure_environment": re.compile(r"accredited environment", re.I),
    "liability_cap": re.compile(r"total liability", re.I),
    "non_compete": re.compile(r"competing business", re.I),
}
_MODAL = re.compile(r"\b(shall|must|will|should|may)\b", re.I)


@pytest.fixture(scope="module")
def judge() -> assessment.Judge:
    return assessment.Judge(rulebook.load(), taxonomy.load())


def _findings(text: str, clause: int, ref: str | None) -> tuple[model.Finding, ...]:
    found = []
    for category, pattern in _TOPICS.items():
        risk_language = category in ("any_lawful_purpose", "override")
        if pattern.search(text) and (risk_language or _MODAL.search(text)):
            found.append(
                model.Finding(
                    category, text, ref, f"{category}.test", model.Form.OBLIGATION, clause
                )
            )
    return tuple(found)


def _draft(
    label: str, texts: list[tuple[str, str]], definitions: tuple[model.Definition, ...] = ()
) -> model.Draft:
    clauses = tuple(model.Clause(ref, (), text, text) for ref, text in texts)
    findings = tuple(f for i, (ref, text) in enumerate(texts) for f in _findings(text, i, ref))
    return model.Draft(
        label, f"{label}.txt", "0" * 64, model.View.CURRENT, 0, clauses, findings, definitions
    )


def _diff(old: str, new: str) -> tuple[model.Edit, ...]:
    from assistant.compare import diffing

    return diffing.diff_words(old, new)


def _modified(judge: assessment.Judge, old: str, new: str, ref: str = "7.4") -> model.Assessment:
    a, b = _draft("v1", [(ref, old)]), _draft("v2", [(ref, new)])
    return judge.assess(
        model.ChangeKind.MODIFIED,
        assessment.Side(a, (0,), a.findings),
        assessment.Side(b, (0,), b.findings),
        _diff(old, new),
    )


def _modified_in(
    judge: assessment.Judge, a: model.Draft, b: model.Draft, index: int
) -> model.Assessment:
    """The verdict on clause `index` of two drafts of the same clauses."""
    old, new = a.clauses[index].text, b.clauses[index].text
    return judge.assess(
        model.ChangeKind.MODIFIED,
        assessment.Side(a, (index,), ()),
        assessment.Side(b, (index,), ()),
        _diff(old, new),
    )


BULK = "Customer shall not use the Services to analyse bulk-acquired data."


def test_struck_safeguard_is_critical_and_names_clause_and_draft(judge: assessment.Judge) -> None:
    a = _draft("v2", [("7.4", BULK), ("7.5", "Fees are due monthly.")])
    b = _draft("v3", [("7.5", "Fees are due monthly.")])
    verdict = judge.assess(
        model.ChangeKind.DELETED, assessment.Side(a, (0,), a.findings), assessment.Side(b, ()), ()
    )
    assert verdict.risk is model.Risk.CRITICAL
    assert verdict.categories == ("bulk_data",)
    assert verdict.rules[0] == "safeguard.struck"
    assert "§7.4" in verdict.reasons[0] and "v3" in verdict.reasons[0]
    assert "no equivalent clause remains" in verdict.reasons[0]


def test_deleting_plain_clause_stays_low(judge: assessment.Judge) -> None:
    a = _draft("v1", [("9.1", "Invoices are sent to the address in the Order.")])
    b = _draft("v2", [])
    verdict = judge.assess(
        model.ChangeKind.DELETED, assessment.Side(a, (0,), a.findings), assessment.Side(b, ()), ()
    )
    assert verdict.risk is model.Risk.LOW and verdict.rules == ("clause.deleted",)


def test_deleting_a_duty_no_category_names_is_high(judge: assessment.Judge) -> None:
    """Without --side every duty is the reader's safeguard, as a new one is a safeguard added."""
    ban = "Provider shall not use emotion recognition to assess a candidate."
    a = _draft("v1", [("4.7", ban)])
    verdict = judge.assess(
        model.ChangeKind.DELETED,
        assessment.Side(a, (0,), a.findings),
        assessment.Side(_draft("v2", []), ()),
        (),
    )
    assert verdict.risk is model.Risk.HIGH and verdict.rules == ("obligation.struck",)
    assert "§4.7" in verdict.reasons[0] and "bound a party" in verdict.reasons[0]
    # its words standing elsewhere in the newer draft (merged into a longer clause): kept
    b = _draft("v2", [("4.6", "Fees are due monthly. " + ban)])
    kept = judge.assess(
        model.ChangeKind.DELETED, assessment.Side(a, (0,), a.findings), assessment.Side(b, ()), ()
    )
    assert kept.risk is model.Risk.LOW and kept.rules == ("safeguard.retained",)


@pytest.mark.parametrize(
    ("new", "rule"),
    [
        (
            "Customer should not use the Services to analyse bulk-acquired data.",
            "modality.weakened",
        ),
        (
            "Customer shall not use the Services to analyse bulk-acquired data, except as "
            "authorized by the Agency.",
            "qualifier.added",
        ),
        (
            "Customer shall not, where practicable, use the Services to analyse bulk data.",
            "qualifier.added",
        ),
        (
            "Customer shall not, where technically practicable, use the Services to analyse "
            "bulk data.",
            "qualifier.added",
        ),
        (
            "Customer will use commercially reasonable efforts not to analyse bulk data.",
            "modality.weakened",
        ),
    ],
)
def test_weakening_is_high(judge: assessment.Judge, new: str, rule: str) -> None:
    verdict = _modified(judge, BULK, new)
    assert verdict.risk is model.Risk.HIGH
    assert rule in verdict.rules
    assert "bulk_data" in verdict.categories
    assert not verdict.favourable


def test_a_duty_turned_into_a_duty_to_consider_is_weakened(judge: assessment.Judge) -> None:
    old = "Provider is required to cooperate fully with any audit of bulk data."
    new = "Provider will consider in good faith any request to cooperate with a bulk data audit."
    verdict = _modified(judge, old, new)
    assert verdict.risk is model.Risk.HIGH and "modality.weakened" in verdict.rules
    same = "Provider shall consider each request to audit bulk data and reply within ten days."
    assert _modified(judge, same, same.replace("reply", "respond")).risk.rank <= model.Risk.LOW.rank


def test_notice_turned_back_into_consent_is_no_qualifier(judge: assessment.Judge) -> None:
    start = "Before each fine-tuning run, Provider shall deliver a manifest of the data to be used"
    old = start + ", and shall notify Customer in writing five days before the run begins."
    new = start + ", and no run shall begin without Customer's prior written approval of it."
    verdict = _modified(judge, old, new)
    assert verdict.favourable and verdict.rules == ("safeguard.strengthened",)
    assert not _modified(judge, new, old).favourable


@pytest.mark.parametrize(
    "new",
    [
        "Customer must not use the Services to analyse bulk-acquired data.",
        "The Customer will not use the Services to analyse bulk-acquired data.",
        "Customer shall not use the Services to analyse bulk acquired data.",
    ],
)
def test_same_force_paraphrase_stays_low(judge: assessment.Judge, new: str) -> None:
    verdict = _modified(judge, BULK, new)
    assert verdict.risk.rank <= model.Risk.LOW.rank, verdict.reasons


def test_punctuation_only_is_none(judge: assessment.Judge) -> None:
    verdict = _modified(judge, BULK, BULK.replace("Services", "services").rstrip(".") + ";")
    assert verdict.risk is model.Risk.NONE and verdict.rules == ("text.cosmetic",)


def test_spelling_fix_is_none_but_not_for_loaded_words(judge: assessment.Judge) -> None:
    assert (
        _modified(
            judge, "The Vendor shall recieve payment.", "The Vendor shall receive payment."
        ).risk
        is model.Risk.NONE
    )
    assert (
        _modified(
            judge, "The Vendor shall not share logs.", "The Vendor shall now share logs."
        ).risk
        is not model.Risk.NONE
    )


def test_consent_to_notice(judge: assessment.Judge) -> None:
    old = "Provider shall not engage a sub-processor without Customer's prior written consent."
    new = "Provider shall not engage a sub-processor without prior written notice to Customer."
    verdict = _modified(judge, old, new)
    assert verdict.risk is model.Risk.HIGH and "consent.to_notice" in verdict.rules


def test_prior_and_written_dropped(judge: assessment.Judge) -> None:
    old = "Provider shall not engage a sub-processor without Customer's prior written consent."
    verdict = _modified(
        judge, old, "Provider shall not engage a sub-processor without Customer's consent."
    )
    assert {"form.prior_dropped", "form.written_dropped"} <= set(verdict.rules)


def test_only_dropped_is_high(judge: assessment.Judge) -> None:
    old = "Provider may use bulk data only to operate the Services and shall log each use."
    new = "Provider may use bulk data to operate the Services and shall log each use."
    assert "limitation.dropped" in _modified(judge, old, new).rules


def test_more_exceptions_to_a_prohibition_narrow_it(judge: assessment.Judge) -> None:
    old = "Provider shall not disclose bulk data to anyone other than its employees."
    wider = "Provider shall not disclose bulk data to anyone other than its affiliates, employees"
    verdict = _modified(judge, old, wider + " and contractors.")
    assert verdict.risk is model.Risk.HIGH and "safeguard.narrowed" in verdict.rules
    # The same items added to what is prohibited widen the prohibition instead.
    banned = "Provider shall not disclose bulk data to its employees."
    listed = "Provider shall not disclose bulk data to its affiliates, employees or contractors."
    more = _modified(judge, banned, listed)
    assert more.favourable and more.risk is model.Risk.LOW


def test_a_limit_taken_off_a_permission_loosens_it(judge: assessment.Judge) -> None:
    old = "Supplier may increase its prices only once in each calendar year."
    loosened = _modified(judge, old, "Supplier may increase its prices once in each calendar year.")
    assert loosened.risk is model.Risk.HIGH and loosened.rules == ("permission.widened",)
    proviso = "Provider reserves the right to update the Services"
    kept = proviso + ", provided that no update reduces the security of the Services."
    struck = _modified(judge, kept, proviso + ".")
    assert struck.risk is model.Risk.HIGH and not struck.favourable
    tightened = _modified(judge, proviso + ".", kept)
    assert tightened.favourable and tightened.risk is model.Risk.LOW


def test_shall_in_a_declaration_is_no_duty(judge: assessment.Judge) -> None:
    """Governing law in the present tense says the same; a party's duty so rewritten does not."""
    old = "This Agreement shall be governed by Ohio law, and its courts shall have jurisdiction."
    same = _modified(
        judge,
        old,
        "This Agreement is governed by Ohio law, and its courts have jurisdiction.",
    )
    assert same.risk.rank <= model.Risk.LOW.rank
    effect = "A match is an investigative lead and {} probable cause to arrest any person."
    restated = _modified(
        judge, effect.format("shall not by itself constitute"), effect.format("does not constitute")
    )
    assert restated.risk.rank <= model.Risk.LOW.rank
    duty = _modified(judge, "Customer shall notify Provider.", "Customer notifies Provider.")
    assert "modality.obligation_removed" in duty.rules


def test_numbers_move_by_category_direction(judge: assessment.Judge) -> None:
    old = "Provider shall notify Customer of any breach within 24 hours."
    weaker = _modified(judge, old, "Provider shall notify Customer of any breach within 72 hours.")
    stronger = _modified(
        judge, old, "Provider shall notify Customer of any breach within 12 hours."
    )
    assert weaker.risk is model.Risk.MEDIUM and "number.weakened" in weaker.rules
    assert stronger.risk is model.Risk.LOW and stronger.favourable
    retention = "Provider shall retain audit logs for twelve (12) months."
    shorter = _modified(judge, retention, "Provider shall retain audit logs for ninety (90) days.")
    assert "number.weakened" in shorter.rules


def test_a_multiple_of_the_fees_is_a_number(judge: assessment.Judge) -> None:
    """'two times the fees' -> 'three times': a cap moved the way its category reads as weaker
    (the taxonomy reads caps from the capped party's side without --side); 'twice' and '2x' are
    multiples too, but a frequency ('three times a year') is not one."""
    old = "Contractor's total liability shall not exceed two times the fees paid in the year."
    raised = _modified(judge, old, old.replace("two times", "three times"))
    assert raised.risk is model.Risk.MEDIUM and "number.weakened" in raised.rules
    assert "'two times' became 'three times'" in raised.reasons[0]
    lowered = _modified(judge, old, old.replace("two times", "1.5x"))
    assert lowered.favourable and "number.strengthened" in lowered.rules
    thrice, twice = old.replace("two times", "three times"), old.replace("two times", "twice")
    assert "number.strengthened" in _modified(judge, thrice, twice).rules
    often = "The Supplier's total liability shall be reviewed three times a year."
    assert "number.weakened" not in _modified(judge, often, often.replace("three", "two")).rules


def test_words_added_inside_an_exception_strengthen_nothing(judge: assessment.Judge) -> None:
    """'written' usually strengthens ('consent' -> 'written consent'); in an exception's new
    item it only lets more through."""
    old = "Customer shall not share bulk data with any agency except pursuant to a court order."
    new = old.replace("court order", "court order, a subpoena or a written request")
    widened = _modified(judge, old, new)
    assert not widened.favourable and widened.risk.rank >= model.Risk.HIGH.rank
    assert "safeguard.strengthened" not in widened.rules


ASSIGN = (
    "Reseller shall not assign this Agreement without Supplier's prior written consent, save"
    " that Reseller may assign it without consent to an affiliate or to a purchaser of its"
    " business"
)


def test_a_condition_put_on_an_exemption_narrows_the_exception(judge: assessment.Judge) -> None:
    """An exemption from consent ("may assign without consent to ...") requires no consent, so
    replacing it with notice and a proviso narrows what the exception lets through."""
    new = ASSIGN.replace("without consent to an affiliate or to", "to") + (
        " on ten days' notice, provided that the purchaser assumes this Agreement."
    )
    verdict = _modified(judge, ASSIGN + ".", new)
    assert verdict.favourable and verdict.risk is model.Risk.LOW
    assert verdict.rules == ("exception.narrowed",)
    # The same proviso struck again lets more through.
    back = _modified(judge, new, new.split(", provided")[0] + ".")
    assert back.risk is model.Risk.HIGH and "exception.widened" in back.rules


def test_proof_demanded_of_an_exception_narrows_it(judge: assessment.Judge) -> None:
    """ "as shown by its written records" is a condition the excepted party must meet."""
    old = (
        "Provider shall keep Customer Data confidential, except information that was known to"
        " Provider before disclosure or is independently developed."
    )
    new = old.replace("before disclosure", "before disclosure, as shown by its written records,")
    verdict = _modified(judge, old, new)
    assert verdict.favourable and verdict.rules == ("exception.narrowed",)
    assert "exception.widened" in _modified(judge, new, old).rules


def test_a_purpose_put_on_an_exception_narrows_it(judge: assessment.Judge) -> None:
    old = (
        "Provider shall store Customer Data only in the United States, except that Provider may"
        " copy it to data centres abroad for disaster recovery and support."
    )
    new = old.replace("to data centres abroad for", "to a second US data centre solely for")
    new = new.replace(" and support", "")
    verdict = _modified(judge, old, new)
    assert verdict.favourable and verdict.rules == ("exception.narrowed",)


def test_consent_in_an_exception_turned_into_notice_still_weakens(
    judge: assessment.Judge,
) -> None:
    """ "except with consent" requires consent: notice instead lets more through."""
    old = "Provider shall not disclose bulk data except with Customer's prior written consent."
    new = "Provider shall not disclose bulk data except on prior written notice to Customer."
    assert "consent.to_notice" in _modified(judge, old, new).rules
    banned = "Neither party may disclose bulk data without the other party's consent."
    notice = banned.replace("the other party's consent", "notice to the other party")
    assert "consent.to_notice" in _modified(judge, banned, notice).rules


@pytest.mark.parametrize(
    ("new", "favourable"),
    [
        ("except as required by an order of a federal court naming the Service.", True),
        ("except as required by a court order or other legal process.", False),
    ],
)
def test_a_catch_all_in_an_exception_decides_its_reach(
    judge: assessment.Judge, new: str, favourable: bool
) -> None:
    old = "Customer shall not share bulk data with any agency except as required by a court"
    before = {True: " order or otherwise by law.", False: " order naming the Service."}
    verdict = _modified(judge, old + before[favourable], old[: old.index("except")] + new)
    assert verdict.favourable is favourable
    assert verdict.risk is (model.Risk.LOW if favourable else model.Risk.HIGH)


def test_an_alternative_added_to_an_exception_is_no_condition(judge: assessment.Judge) -> None:
    old = "Provider shall notify Customer of each breach within 24 hours, except where the police"
    verdict = _modified(
        judge, old + " forbid it.", old + " forbid it or unless notice is impracticable."
    )
    assert not verdict.favourable and verdict.risk is model.Risk.HIGH


def test_a_limit_put_on_an_override_tightens_it_whatever_its_modal(
    judge: assessment.Judge,
) -> None:
    old = "Notwithstanding anything to the contrary, Provider shall follow every Agency direction."
    limited = _modified(judge, old, old[:-1] + ", provided that no direction breaks the law.")
    assert limited.favourable and limited.risk is model.Risk.LOW
    narrower = old[:-1] + " solely as the law allows."
    unlimited = _modified(judge, narrower, old)
    assert not unlimited.favourable and "permission.widened" in unlimited.rules


def test_an_interval_between_recurring_duties_is_stronger_when_shorter(
    judge: assessment.Judge,
) -> None:
    """'At least once every N months': 'at least' bounds how often, so a longer N is weaker."""
    old = "An independent assessor shall test the System at least once every twelve (12) months."
    rarer = _modified(judge, old, old.replace("twelve (12)", "twenty-four (24)"))
    assert "number.weakened" in rarer.rules and not rarer.favourable
    oftener = _modified(judge, old, old.replace("twelve (12)", "six (6)"))
    assert oftener.favourable


def test_a_retention_cue_far_before_its_period_still_decides(judge: assessment.Judge) -> None:
    """'Keep ... records ... for six years': a longer period keeps the audit trail longer, although
    audit rights read numbers as notice periods (shorter is stronger)."""
    old = (
        "Distributor shall keep complete books and records of all sales made under this Agreement"
        " in the Territory for six (6) years."
    )
    longer = _modified(judge, old, old.replace("six (6)", "seven (7)"))
    assert longer.favourable and "number.weakened" not in longer.rules
    # The cue must be in the number's own sentence: a deadline in the one before does not count.
    two = (
        "Supplier shall report within ten days. It shall keep books and records for six (6) years."
    )
    assert "number.weakened" in _modified(judge, two, two.replace("six (6)", "two (2)")).rules


def test_a_ban_on_keeping_data_longer_than_a_period_is_a_maximum(
    judge: assessment.Judge,
) -> None:
    """ "shall not retain ... for more than 90 days": 'retain' names no minimum here."""
    old = "Provider shall not retain bulk data for more than 90 days after receipt."
    longer = _modified(judge, old, old.replace("90 days", "180 days"))
    assert "number.weakened" in longer.rules and not longer.favourable


def test_a_notice_period_the_right_holder_gives_is_stronger_when_shorter(
    judge: assessment.Judge,
) -> None:
    """ "On giving at least 30 Business Days' notice, the Customer may audit": more notice
    burdens the audit right, whatever 'at least' says."""
    old = "On giving at least 10 Business Days' notice, the Customer may audit books and records."
    later = _modified(judge, old, old.replace("10 Business", "30 Business"))
    assert "number.weakened" in later.rules and not later.favourable


def test_each_before_a_minimum_period_counts_entries_not_time(judge: assessment.Judge) -> None:
    """'Retain each log entry for not less than 24 months': 'each' counts entries, not time, so
    'retain' makes the period a minimum and a shorter one is weaker; a maximum ('no more than')
    reads the other way round."""
    old = (
        "The Licensee shall log every retrieval and shall retain each log entry for not less"
        " than 24 months."
    )
    shorter = _modified(judge, old, old.replace("24 months", "6 months"))
    assert "number.weakened" in shorter.rules and not shorter.favourable
    capped = "Customer shall keep bulk-acquired data for no more than 30 days."
    longer = _modified(judge, capped, capped.replace("30 days", "90 days"))
    assert "number.weakened" in longer.rules and not longer.favourable


@pytest.mark.parametrize(
    "lead", ["Save in respect of archived copies, ", "With the exception of archived copies, "]
)
def test_a_british_carve_out_is_a_qualifier(judge: assessment.Judge, lead: str) -> None:
    """'Save in respect of ...' put before a ban carves out of it, whatever the register."""
    carved = _modified(judge, BULK, lead + BULK[0].lower() + BULK[1:])
    assert carved.risk is model.Risk.HIGH and not carved.favourable
    assert "qualifier.added" in carved.rules


def test_a_number_restyled_in_words_is_cosmetic(judge: assessment.Judge) -> None:
    """'30 days' -> 'thirty (30) days' changes no duty; 'thirty (60)' is not the same number."""
    old = "Provider shall delete all logs within 30 days of termination."
    restyled = _modified(judge, old, old.replace("30 days", "thirty (30) days"))
    assert restyled.rules == ("text.cosmetic",) and restyled.risk is model.Risk.NONE
    assert "text.cosmetic" not in _modified(judge, old, old.replace("30", "thirty (60)")).rules
    assert "text.cosmetic" not in _modified(judge, old, old.replace("30", "sixty")).rules


def test_notice_turned_back_into_consent_strengthens(judge: assessment.Judge) -> None:
    """The mirror of consent.to_notice: a consent requirement reinstated in place of notice."""
    notice = "Customer shall not analyse bulk data without giving prior written notice to Provider."
    consent = "Customer shall not analyse bulk data without the prior written consent of Provider."
    back = _modified(judge, notice, consent)
    assert back.favourable and back.risk is model.Risk.LOW
    assert back.rules == ("safeguard.strengthened",)
    assert "consent.to_notice" in _modified(judge, consent, notice).rules


def test_strengthening_is_low_and_favourable(judge: assessment.Judge) -> None:
    old = "Customer should not use the Services to analyse bulk-acquired data."
    verdict = _modified(judge, old, BULK)
    assert verdict.risk is model.Risk.LOW and verdict.favourable
    assert verdict.rules == ("safeguard.strengthened",)


def test_any_lawful_purpose_inserted_anywhere_is_high(judge: assessment.Judge) -> None:
    old = "Customer may use the Services for the Authorized Uses."
    new = "Customer may use the Services for any lawful purpose."
    verdict = _modified(judge, old, new, ref="2.1")
    assert verdict.risk is model.Risk.HIGH and "risk_language.inserted" in verdict.rules
    assert "any_lawful_purpose" in verdict.categories


def test_inserted_override_clause_is_high(judge: assessment.Judge) -> None:
    a = _draft("v1", [("1.1", "Fees are due monthly.")])
    b = _draft(
        "v2",
        [
            ("1.1", "Fees are due monthly."),
            ("1.2", "Notwithstanding anything to the contrary, the Agency decides."),
        ],
    )
    verdict = judge.assess(
        model.ChangeKind.INSERTED, assessment.Side(a, ()), assessment.Side(b, (1,), b.findings), ()
    )
    assert verdict.risk is model.Risk.HIGH and "override" in verdict.categories


def test_inserted_clause_that_switches_off_a_safeguard(judge: assessment.Judge) -> None:
    a = _draft("v1", [("7.4", BULK)])
    b = _draft(
        "v2",
        [
            ("7.4", BULK),
            ("7.9", "Section 7.4 does not apply to data obtained for national security purposes."),
        ],
    )
    verdict = judge.assess(
        model.ChangeKind.INSERTED, assessment.Side(a, ()), assessment.Side(b, (1,), b.findings), ()
    )
    assert verdict.risk is model.Risk.HIGH and "carveout.new_clause" in verdict.rules
    assert "bulk_data" in verdict.categories


def test_added_safeguard_is_favourable(judge: assessment.Judge) -> None:
    a = _draft("v1", [])
    b = _draft("v2", [("7.4", BULK)])
    verdict = judge.assess(
        model.ChangeKind.INSERTED, assessment.Side(a, ()), assessment.Side(b, (0,), b.findings), ()
    )
    assert verdict.risk is model.Risk.LOW and verdict.favourable


def _inserted(judge: assessment.Judge, text: str) -> model.Assessment:
    a, b = _draft("v1", []), _draft("v2", [("5.5", text)])
    return judge.assess(
        model.ChangeKind.INSERTED, assessment.Side(a, ()), assessment.Side(b, (0,), b.findings), ()
    )


def test_a_new_duty_no_category_names_is_a_safeguard_added_unless_it_binds_your_side() -> None:
    duty = "Supplier shall give six months' written notice before discontinuing any Product."
    reader = assessment.Judge(rulebook.load(), taxonomy.load())
    added = _inserted(reader, duty)
    assert added.favourable and added.rules == ("safeguard.added",)
    supplier = assessment.Judge(rulebook.load(), taxonomy.load(), side="Supplier")
    assert not _inserted(supplier, duty).favourable
    buyer = assessment.Judge(rulebook.load(), taxonomy.load(), side="Buyer")
    assert _inserted(buyer, duty).favourable
    definition = '"Product" shall mean each product listed in Schedule 1.'
    assert "safeguard.added" not in _inserted(reader, definition).rules


def test_narrowed_definition_used_by_safeguard(judge: assessment.Judge) -> None:
    old_def = '"Bulk Data" means data sets acquired in bulk, including commercially purchased data.'
    new_def = '"Bulk Data" means data sets acquired in bulk, excluding commercially purchased data.'
    use = "Customer shall not analyse Bulk Data with the Services."
    definition = (model.Definition("Bulk Data", new_def, 0, (1,)),)
    a = _draft(
        "v1", [("1.3", old_def), ("7.4", use)], (model.Definition("Bulk Data", old_def, 0, (1,)),)
    )
    b = _draft("v2", [("1.3", new_def), ("7.4", use)], definition)
    verdict = _modified_in(judge, a, b, 0)
    assert verdict.risk is model.Risk.HIGH and "definition.narrowed" in verdict.rules
    assert "bulk_data" in verdict.categories
    assert "§7.4" in verdict.reasons[0]


def test_an_exclusion_taken_out_of_a_definition_widens_it(judge: assessment.Judge) -> None:
    """Reworded as well ("purchased" -> "purchased or licensed"), it still covers more."""
    old_def = (
        '"Bulk Data" means data sets purchased from a data broker, but does not include vehicle'
        " location data held by the Vendor."
    )
    new_def = '"Bulk Data" means data sets purchased or licensed from a data broker or aggregator.'
    use = "Customer shall not analyse Bulk Data with the Services."
    a = _draft(
        "v1", [("1.3", old_def), ("7.4", use)], (model.Definition("Bulk Data", old_def, 0, (1,)),)
    )
    b = _draft(
        "v2", [("1.3", new_def), ("7.4", use)], (model.Definition("Bulk Data", new_def, 0, (1,)),)
    )
    verdict = _modified_in(judge, a, b, 0)
    assert verdict.favourable and verdict.rules == ("definition.widened",)
    assert "bulk_data" in verdict.categories and "does not include" in verdict.reasons[0]


def _definition_change(judge: assessment.Judge, old_def: str, new_def: str) -> model.Assessment:
    use = "Customer shall deploy the Models only within an Accredited Environment."
    term = "Accredited Environment"
    a = _draft("v1", [("1.8", old_def), ("6.1", use)], (model.Definition(term, old_def, 0, (1,)),))
    b = _draft("v2", [("1.8", new_def), ("6.1", use)], (model.Definition(term, new_def, 0, (1,)),))
    return _modified_in(judge, a, b, 0)


def test_items_added_to_a_definition_widen_what_uses_it_one_way_or_the_other(
    judge: assessment.Judge,
) -> None:
    """More items in what a duty covers is favourable; in what a limit lets through, high."""
    old = '"Accredited Environment" means an enclave.'
    new = '"Accredited Environment" means an enclave, a cloud region or a vendor site.'
    # "only within an Accredited Environment": the wider term lets more through.
    loosened = _definition_change(judge, old, new)
    assert loosened.risk is model.Risk.HIGH and loosened.rules == ("definition.loosened",)
    qualified = '"Accredited Environment" means an enclave, in each case on a Government site.'
    assert "definition.loosened" not in _definition_change(judge, old, qualified).rules


def test_a_number_in_a_definition_is_judged_as_its_users_read_numbers(
    judge: assessment.Judge,
) -> None:
    """IL6 -> IL5 in the definition a secure-environment clause relies on weakens that clause
    (the category reads higher impact levels as stronger); IL5 -> IL6 strengthens it."""
    il6 = '"Accredited Environment" means an enclave authorized at Impact Level 6 (IL6).'
    il5 = il6.replace("6 (IL6)", "5 (IL5)")
    weaker = _definition_change(judge, il6, il5)
    assert weaker.risk is model.Risk.MEDIUM and "number.weakened" in weaker.rules
    assert "secure_environment" in weaker.categories and not weaker.favourable
    assert 'definition of "Accredited Environment"' in weaker.reasons[0]
    assert "§6.1" in weaker.reasons[0]
    stronger = _definition_change(judge, il5, il6)
    assert stronger.favourable and stronger.risk is model.Risk.LOW


def test_a_number_in_a_definition_no_safeguard_uses_is_not_judged(
    judge: assessment.Judge,
) -> None:
    old = '"Cure Period" means thirty (30) days after written notice of a failure.'
    a = _draft("v1", [("1.2", old)], (model.Definition("Cure Period", old, 0, ()),))
    new = old.replace("thirty (30)", "sixty (60)")
    b = _draft("v2", [("1.2", new)], (model.Definition("Cure Period", new, 0, ()),))
    verdict = _modified_in(judge, a, b, 0)
    assert "number.weakened" not in verdict.rules and "number.strengthened" not in verdict.rules


def test_a_party_described_anew_in_the_preamble_narrows_nothing(
    judge: assessment.Judge,
) -> None:
    old = (
        'This Agreement (the "Agreement") is made between Acme Inc., a Delaware corporation'
        ' ("Provider"), and Blue LLC, 12 High Street, Springfield ("Customer").'
    )
    new = old.replace(", 12 High Street, Springfield", "")  # words removed: no narrowing
    use = "Customer shall not analyse bulk data under this Agreement."

    def draft(label: str, text: str) -> model.Draft:
        terms = ("Agreement", "Provider", "Customer")
        return _draft(
            label,
            [(None, text), ("7.4", use)],
            tuple(model.Definition(t, text, 0, (1,)) for t in terms),
        )

    a, b = draft("v1", old), draft("v2", new)
    verdict = _modified_in(judge, a, b, 0)
    assert verdict.risk.rank <= model.Risk.LOW.rank and "definition.narrowed" not in verdict.rules


def test_untracked_edit_to_safeguard_says_so(judge: assessment.Judge) -> None:
    a, b = (
        _draft("v1", [("7.4", BULK)]),
        _draft("v2", [("7.4", BULK.replace("Services", "Platform"))]),
    )
    verdict = judge.assess(
        model.ChangeKind.MODIFIED,
        assessment.Side(a, (0,), a.findings),
        assessment.Side(b, (0,), b.findings),
        _diff(a.clauses[0].text, b.clauses[0].text),
        tracked=False,
    )
    assert "revision.untracked" in verdict.rules
    assert any("without a revision mark" in r for r in verdict.reasons)


def test_moved_unchanged_is_none(judge: assessment.Judge) -> None:
    a, b = _draft("v1", [("7.4", BULK)]), _draft("v2", [("9.1", BULK)])
    verdict = judge.assess(
        model.ChangeKind.MOVED,
        assessment.Side(a, (0,), a.findings),
        assessment.Side(b, (0,), b.findings),
        (),
    )
    assert verdict.risk is model.Risk.NONE and verdict.rules == ("clause.moved",)


def test_an_equivalent_admitted_beside_a_named_standard_is_a_qualifier(
    judge: assessment.Judge,
) -> None:
    strict = "Provider shall host the Services only in an environment holding FedRAMP Moderate."
    loose = strict.replace("Moderate.", "Moderate or an equivalent certification.")
    widened = _modified(judge, strict, loose)
    assert widened.risk is model.Risk.HIGH and "qualifier.added" in widened.rules
    narrowed = _modified(judge, loose, strict)
    assert narrowed.favourable and narrowed.risk.rank <= model.Risk.LOW.rank


def test_solely_added_to_a_prohibition_s_ground_narrows_it(judge: assessment.Judge) -> None:
    ban = "The City shall not use the Platform to track any person {}on the basis of protest."
    narrowed = _modified(judge, ban.format(""), ban.format("solely "))
    assert narrowed.risk is model.Risk.HIGH and not narrowed.favourable
    assert "prohibition.narrowed" in narrowed.rules
    assert "solely on the basis of" in narrowed.reasons[0]
    automated = "Provider shall not make any decision based {}on automated processing."
    assert (
        "prohibition.narrowed"
        in _modified(judge, automated.format(""), automated.format("solely ")).rules
    )
    # the same word limiting a right or a duty is a limit, as before
    right = "Provider may suspend the account {}on the basis of a court order."
    limited = _modified(judge, right.format(""), right.format("solely "))
    assert limited.favourable and "prohibition.narrowed" not in limited.rules


def test_a_schedule_s_verbless_prohibition_binds_like_shall_not(judge: assessment.Judge) -> None:
    restyled = _modified(
        judge,
        "The City shall not connect the System to any weapon.",
        "No connection of the System to any weapon; no use of force by the System.",
    )
    assert restyled.risk.rank <= model.Risk.LOW.rank
    dropped = _modified(
        judge,
        "No connection of the System to any weapon.",
        "The City may connect the System to any weapon.",
    )
    assert dropped.risk is model.Risk.HIGH


def test_a_remedy_made_the_only_one_is_a_weakening(judge: assessment.Judge) -> None:
    kept = "Service credits are without prejudice to Customer's other rights and remedies."
    sole = "Service credits are Customer's sole and exclusive remedy for any missed level."
    prefix = "Provider shall apply service credits to the next invoice. "
    made = _modified(judge, prefix + kept, prefix + sole)
    assert made.risk is model.Risk.MEDIUM and "remedy.made_exclusive" in made.rules
    assert _modified(judge, prefix + sole, prefix + kept).favourable


def _item_inserted(judge: assessment.Judge, lead: str, item: str) -> model.Assessment:
    a = _draft("v1", [("6.4", lead), ("6.4(a)", "the nature of the incident;")])
    b = _draft("v2", [("6.4", lead), ("6.4(a)", "the nature of the incident;"), ("6.4(b)", item)])
    return judge.assess(
        model.ChangeKind.INSERTED, assessment.Side(a, ()), assessment.Side(b, (2,), b.findings), ()
    )


def test_an_item_added_to_a_duty_s_list_strengthens_it(judge: assessment.Judge) -> None:
    duty = _item_inserted(
        judge, "Each notice shall describe, to the extent known:", "the name of the officer."
    )
    assert duty.favourable and duty.rules == ("safeguard.added",)
    # the same item under a list of exceptions lets more through: not a safeguard added
    exception = _item_inserted(
        judge, "Recipient shall not disclose the Data except:", "as required by a regulator."
    )
    assert not exception.favourable and "safeguard.added" not in exception.rules


def test_data_kept_without_a_time_limit_is_no_safeguard(judge: assessment.Judge) -> None:
    row = "Aggregated Data | no maximum period | retained by Provider"
    a, b = _draft("v1", []), _draft("v2", [(None, row)])
    inserted = judge.assess(
        model.ChangeKind.INSERTED, assessment.Side(a, ()), assessment.Side(b, (0,), b.findings), ()
    )
    assert inserted.risk is model.Risk.MEDIUM and not inserted.favourable
    assert inserted.rules == ("retention.unlimited",)
    old = "Provider shall retain the recordings for twelve months."
    kept = _modified(judge, old, "Provider shall retain the recordings indefinitely.")
    assert "retention.unlimited" in kept.rules and not kept.favourable


def test_a_judge_never_hands_one_draft_s_findings_to_another(
    judge: assessment.Judge, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The caches are keyed by id(draft), and a collected draft's id is reused: force every id
    to collide, and the second definition change must still be read by its own users."""
    monkeypatch.setattr(assessment, "id", lambda _: 0, raising=False)
    fresh = assessment.Judge(rulebook.load(), taxonomy.load())
    il6 = '"Accredited Environment" means an enclave authorized at Impact Level 6 (IL6).'
    il5 = il6.replace("6 (IL6)", "5 (IL5)")
    term = "Accredited Environment"
    for use in (
        "Customer shall not analyse data of an Accredited Environment in bulk.",  # bulk_data
        "Customer shall deploy the Models only within an Accredited Environment.",
    ):
        a = _draft("v1", [("1.8", il6), ("6.1", use)], (model.Definition(term, il6, 0, (1,)),))
        b = _draft("v2", [("1.8", il5), ("6.1", use)], (model.Definition(term, il5, 0, (1,)),))
        verdict = fresh.assess(
            model.ChangeKind.MODIFIED,
            assessment.Side(a, (0,), ()),
            assessment.Side(b, (0,), ()),
            _diff(il6, il5),
        )
    assert "secure_environment" in verdict.categories and "bulk_data" not in verdict.categories


INSURED = "Supplier shall maintain liability insurance with limits of not less than {}."
CAPPED = "Each party's total liability under this Agreement is limited to {}."


@pytest.mark.parametrize(
    ("clause", "figure", "spelled", "other"),
    [
        (INSURED, "$2,000,000", "Two Million Dollars ($2,000,000)", "Three"),
        (CAPPED, "AUD 20,000,000", "twenty million Australian dollars (AUD 20,000,000)", "thirty"),
    ],
)
def test_an_amount_spelled_out_beside_its_figure_is_cosmetic(
    judge: assessment.Judge, clause: str, figure: str, spelled: str, other: str
) -> None:
    old = clause.format(figure)
    assert _modified(judge, old, clause.format(spelled)).rules == ("text.cosmetic",)
    # Other words before the same figure are a change, whatever the brackets hold.
    first = spelled.split()[0]
    wrong = spelled.replace(first, other, 1)
    assert _modified(judge, old, clause.format(wrong)).rules != ("text.cosmetic",)


def test_consent_put_on_an_absolute_ban_is_a_carve_out(judge: assessment.Judge) -> None:
    """ "shall not X" -> "shall not X without consent" lets X through once consent is given; the
    same requirement said with "unless" is no change of force."""
    ban = "Reseller shall not disclose bulk data to any third party"
    gated = _modified(judge, ban + ".", ban + " without Supplier's prior written consent.")
    assert gated.risk is model.Risk.HIGH and "qualifier.added" in gated.rules
    same = ban + " unless Supplier has given its prior written consent."
    assert _modified(judge, ban + " without Supplier's prior written consent.", same).risk in (
        model.Risk.NONE,
        model.Risk.LOW,
    )


def test_items_added_after_a_duty_s_only_let_more_through(judge: assessment.Judge) -> None:
    """ "deployed only in X" -> "only in X or Y" admits more, like items added to an exception;
    the pronoun swapped for its referent ("leave it" -> "leave that environment") says the same."""
    old = "Customer shall deploy the Models only within the Accredited Environment, and bulk data"
    wider = _modified(
        judge,
        old + " shall not leave it.",
        old.replace("Environment,", "Environment or any other environment Provider approves,")
        + " shall not leave that environment.",
    )
    assert wider.risk is model.Risk.HIGH and "safeguard.narrowed" in wider.rules
    # Far from the limit, an item added to what is banned reaches further.
    ban = "Customer shall deploy the Models only within the Accredited Environment and shall not"
    ban += " analyse bulk data about protesters"
    more = _modified(judge, ban + ".", ban + " or journalists.")
    assert more.favourable


def test_a_limit_reaches_the_whole_list_it_opens(judge: assessment.Judge) -> None:
    """ "only to screen ... and to prioritise ... in the Program": a program added at the end of
    a long purpose list is still admitted by the "only"."""
    old = (
        "The Ministry shall use the Service only to screen applications for eligibility and to"
        " prioritise files for Human Review in the Program, and not for any other purpose."
    )
    new = old.replace("in the Program,", "in the Program and in any other program of the Ministry,")
    verdict = _modified(judge, old, new)
    assert verdict.risk is model.Risk.HIGH and not verdict.favourable


def test_a_carve_out_struck_whole_takes_its_words_with_it(judge: assessment.Judge) -> None:
    """ "written" went with the carve-out it stood in: the safeguard reaches more."""
    old = (
        "No Consequential Decision shall be made unless a human has reviewed the file, except"
        " where the Ministry's written policy permits an automatic suspension."
    )
    new = "No Consequential Decision shall be made unless a human has reviewed the file."
    verdict = _modified(judge, old, new)
    assert verdict.favourable and "form.written_dropped" not in verdict.rules
    # "written" dropped from what an exception requires still lets more through
    gate = "Provider shall not disclose Bulk Data except with Customer's prior written consent."
    looser = _modified(judge, gate, gate.replace("written ", ""))
    assert looser.risk is model.Risk.HIGH and "form.written_dropped" in looser.rules


def test_one_alternative_added_after_only_lets_more_through(judge: assessment.Judge) -> None:
    old = "Provider shall process Trial Data only in de-identified form and for no other purpose."
    new = old.replace("de-identified form", "de-identified or pseudonymized form")
    verdict = _modified(judge, old, new)
    assert verdict.risk is model.Risk.HIGH and "safeguard.narrowed" in verdict.rules


def test_a_validation_laboratory_is_an_independent_check(judge: assessment.Judge) -> None:
    old = "Each output shall be validated by an independent laboratory before any submission."
    new = old.replace("an independent laboratory", "Provider's internal validation team")
    assert "form.independence_dropped" in _modified(judge, old, new).rules


def test_a_party_s_own_staff_is_no_new_owner(judge: assessment.Judge) -> None:
    old = "Provider shall store Customer Data only in Canada. It may be accessed from abroad."
    new = old.replace("abroad.", "abroad only by named members of the Provider's own Personnel.")
    assert "ownership.shifted" not in _modified(judge, old, new).rules


def test_an_item_taken_out_of_a_definition_s_exclusion_widens_it(judge: assessment.Judge) -> None:
    term = "Bulk Data"
    old = '"Bulk Data" means data acquired in bulk, but excluding public records and'
    old += " any data the Customer collected itself."
    new = '"Bulk Data" means data acquired in bulk, but excluding public records.'
    use = "Customer shall not analyse Bulk Data."
    a = _draft("v1", [("1.2", old), ("4.1", use)], (model.Definition(term, old, 0, (1,)),))
    b = _draft("v2", [("1.2", new), ("4.1", use)], (model.Definition(term, new, 0, (1,)),))
    verdict = _modified_in(judge, a, b, 0)
    assert verdict.favourable and verdict.rules == ("definition.widened",)
    assert "from what it excludes" in verdict.reasons[0]


def test_a_non_compete_radius_is_a_number_read_by_its_category(judge: assessment.Judge) -> None:
    old = "Developer shall not operate a competing business within ten (10) miles of any Shop."
    shorter = _modified(judge, old, old.replace("ten (10) miles", "five kilometres"))
    assert shorter.risk is model.Risk.MEDIUM and "number.weakened" in shorter.rules
    wider = _modified(judge, old, old.replace("ten (10) miles", "twenty (20) kilometres"))
    assert wider.favourable


def _carve_out(judge: assessment.Judge, old: str, new: str) -> model.Assessment:
    """A change to 4.3(b), which the bulk-data ban of 4.1 names as its exception."""
    ban = "Reseller shall not resell bulk data in the Territory, except as provided in Section 4.3."
    a = _draft("v1", [("4.1", ban), ("4.3(b)", old)])
    b = _draft("v2", [("4.1", ban), ("4.3(b)", new)])
    return _modified_in(judge, a, b, 1)


def test_a_carve_out_a_safeguard_points_to_reads_as_a_permission(judge: assessment.Judge) -> None:
    old = "to supply packaged data sets to universities and hospitals;"
    wider = _carve_out(
        judge, old, "to supply packaged data sets to universities, hospitals, banks and insurers;"
    )
    assert wider.risk is model.Risk.HIGH and not wider.favourable
    assert "bulk_data" in wider.categories
    limited = _carve_out(judge, old, old.replace("to universities", "solely to universities"))
    assert limited.favourable and limited.risk is model.Risk.LOW


def test_a_new_owner_named_is_a_weakening_not_a_widening(judge: assessment.Judge) -> None:
    """ "Customer owns X and Y" -> "Customer owns X, and Provider owns Y": more words, and the
    ownership of Y moved."""
    old = "As between the parties, Customer shall own all rights in bulk data and its analyses."
    new = (
        "As between the parties, Customer shall own all rights in bulk data, and Provider shall"
        " own all rights in its analyses."
    )
    verdict = _modified(judge, old, new)
    assert verdict.risk is model.Risk.HIGH and not verdict.favourable
    assert "ownership.shifted" in verdict.rules and "Provider" in verdict.reasons[0]


def test_a_mutual_duty_made_one_way_reaches_less(judge: assessment.Judge) -> None:
    old = "Neither party shall disclose bulk data received from the other party."
    new = "Reseller shall not disclose bulk data received from Supplier."
    verdict = _modified(judge, old, new)
    assert verdict.risk is model.Risk.HIGH and "safeguard.narrowed" in verdict.rules
    assert "both parties" in verdict.reasons[0]
    for same in (
        "Neither of the parties shall disclose bulk data it receives.",
        "Bulk data received from the other party shall not be disclosed by either party.",
    ):
        assert "safeguard.narrowed" not in _modified(judge, old, same).rules


def test_only_a_pronoun_swapped_for_its_referent_reads_as_unchanged() -> None:
    swap = _diff("must not leave it.", "must not leave that environment.")
    assert all(e.op is model.Op.EQUAL for e in assessment._referents_named(swap))
    glue = (model.Edit(model.Op.DELETE, ","), model.Edit(model.Op.INSERT, " or"))
    assert assessment._referents_named(glue) == glue


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("The limits in Sections 11.1 and 11.2 do not apply", {"11.1", "11.2"}),
        ("a breach of Clauses 4, 6 or 9 of this Agreement", {"4", "6", "9"}),
        # a number after the list is a quantity, not a clause
        ("under Section 5, 30 days after notice", {"5"}),
    ],
)
def test_a_cited_list_of_clauses_names_each_of_them(text: str, refs: set[str]) -> None:
    from assistant.risk import wording

    assert wording.cited_refs(text) == refs


def test_an_exception_pointing_at_a_list_of_clauses_names_each_of_them() -> None:
    from assistant.risk import wording

    text = "Franchisor shall not operate a Shop, except as provided in Sections 4.3 and 4.4."
    assert wording.excepted_refs(text) == {"4.3", "4.4"}
    assert wording.excepted_refs("Franchisor shall comply with Section 4.3.") == set()
