"""Reading clause wording for the risk rules: phrase counts, evidence quotes, subjects, typos."""

from __future__ import annotations

import collections
import difflib
import re
from collections.abc import Callable, Iterable, Sequence

from assistant import model
from assistant.risk import quantities

QUOTE_CHARS = 90
WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
# Words whose change is never a spelling fix, however close they look.
_LOADED_WORDS = frozenset(
    {"shall", "should", "may", "must", "will", "not", "no", "only", "solely", "any", "all", "and",
     "or", "nor", "prior", "written", "consent", "notice", "unless", "except", "lawful",
     "unlawful", "include", "exclude", "includes", "excludes", "now", "never"}
)  # fmt: skip
_NEGATION_PREFIXES = ("un", "non-", "non", "in", "im", "il", "ir", "dis")
# "Section 4.2", "Clause 4.2(a)", "§ 4.2", "Article IV": an explicit reference to another clause.
_CROSS_REFERENCE = re.compile(
    r"(?:\bSections?|\bClauses?|\bArticles?|\bParagraphs?|§)\s*([0-9IVXLC]+(?:\.[0-9]+)*)",
    re.IGNORECASE,
)
# Where the subject of a restriction ends: its first modal verb.
_SUBJECT_END = re.compile(
    r"\b(?:shall|must|will|may|should|agrees?|undertakes?|is\s+required|are\s+required)\b",
    re.IGNORECASE,
)
# A party named in a subject: a capitalised word that is not a sentence opener.
_NOT_PARTIES = ("In", "The", "Each", "Either", "Neither", "No", "Any", "All", "This", "Such",
                "If", "Upon", "It", "They", "Who", "Which")  # fmt: skip
PARTY = re.compile(rf"\b(?!(?:{'|'.join(_NOT_PARTIES)})\b)[A-Z][a-z]+")
# Words that join items of a list: text carrying one adds or removes an item.
LIST_JOIN = re.compile(r",|\b(?:or|and|nor|including|as\s+well\s+as|together\s+with)\b", re.I)


_CONNECTIVES = frozenset({"and", "or", "nor", "and/or"})
_ITEM_MARKER = re.compile(r"\(\w{1,4}\)")


def content_words(text: str) -> list[str]:
    """Words that carry meaning: longer than three letters, or numbers."""
    return meaningful(WORD.findall(text))


def meaningful(words: Iterable[str]) -> list[str]:
    """The words that carry meaning: longer than three letters, or numbers."""
    return [w for w in words if len(w) > 3 or w.isdigit()]


def connective(text: str) -> bool:
    """The text holds nothing but list glue: "and", "or", "nor", commas, item markers "(c)"."""
    bare = _ITEM_MARKER.sub(" ", text)
    return all(w.lower() in _CONNECTIVES for w in WORD.findall(bare))


def net_words(removed: str, added: str) -> tuple[list[str], list[str]]:
    """The words only removed and the words only added, list glue aside.

    A diff may replace "employees" with "affiliates, employees, contractors": nothing was taken
    out, two items went in.
    """
    gone = collections.Counter(w.casefold() for w in WORD.findall(removed))
    came = collections.Counter(w.casefold() for w in WORD.findall(added))
    only_gone, only_came = gone - came, came - gone
    return (
        [w for w in WORD.findall(removed) if _take(only_gone, w)],
        [w for w in WORD.findall(added) if _take(only_came, w)],
    )


def _take(counts: collections.Counter[str], word: str) -> bool:
    """Use up one occurrence of a word that is not list glue; False when none is left."""
    key = word.casefold()
    if key in _CONNECTIVES or counts[key] <= 0:
        return False
    counts[key] -= 1
    return True


def in_exception(diff: Sequence[model.Edit], op: model.Op, limits: bool = False) -> bool:
    """Every piece of one kind lies inside an exception ("anyone other than its employees"):
    after an exception word in the same sentence of its own side's text. `limits`: or after a
    limit ("deployed only in the Secure Environment"), which lets through only what follows it
    just as an exception does: within a few words, or further in the same sentence part while
    no modal verb opens another duty and no condition begins ("shall use the Service only to
    screen applications ... in the Program")."""

    def inside(side: str) -> bool:
        if _follows(side, _EXCEPTION):
            return True
        near = list(_LIMIT.finditer(side)) if limits else []
        if not near:
            return False
        after = side[near[-1].end() :]
        words = len(WORD.findall(after))
        ended = _CLAUSE_BREAK.search(after) or _LIMIT_ENDS.search(after)
        return words <= _LIMIT_REACH or (words <= _LIMIT_SPAN and not ended)

    return _every_piece(diff, op, inside)


def carve_out_struck(diff: Sequence[model.Edit], patterns: Sequence[re.Pattern[str]]) -> bool:
    """Every deleted piece holding one of the phrases is a carve-out struck whole (", except
    where the Ministry's written policy permits ..."): the phrase went with the exception, so
    the restriction reaches more, not less."""
    pieces = [e.text for e in diff if e.op is model.Op.DELETE and first_match(patterns, e.text)]
    return bool(pieces) and all(_OPENS_EXCEPTION.match(p) for p in pieces)


def _every_piece(diff: Sequence[model.Edit], op: model.Op, inside: Callable[[str], bool]) -> bool:
    """Every non-blank piece of one kind is `inside`, judged on its side's text before it."""
    side = ""
    found = False
    for edit in diff:
        if edit.op is op and edit.text.strip():
            if not inside(side):
                return False
            found = True
        if edit.op is op or edit.op is model.Op.EQUAL:
            side += edit.text
    return found


def _follows(side: str, phrase: re.Pattern[str]) -> bool:
    """The end of the text lies after the phrase, in the same sentence part."""
    cues = list(phrase.finditer(side))
    return bool(cues) and not _CLAUSE_BREAK.search(side, cues[-1].end())


def exemptions_blanked(text: str) -> str:
    """The text without its exemptions from consent or notice, which require neither: "save
    that the Vendor may assign without consent to an affiliate", "Provider may suspend the
    Services without notice". "shall not assign without consent" and "Neither party may assign
    without consent" require it and stay."""

    def blank(match: re.Match[str]) -> str:
        part = _CLAUSE_BREAK.split(text[: match.start()])[-1]
        cues = list(_EXCEPTION.finditer(part))
        if cues:
            part = part[cues[-1].end() :]
        if (cues or _PERMITS.search(part)) and not _NEGATIVE.search(part):
            return " " * len(match.group(0))
        return match.group(0)

    return _EXEMPTION.sub(blank, text)


def items_added(diff: Sequence[model.Edit]) -> bool:
    """The inserted pieces add list items and nothing else ("diagnosis or treatment" ->
    "diagnosis, treatment, triage or referral"): short items joined by list glue, none of them
    a clause that qualifies the others (", in each case held in the EHR")."""
    pieces = [e.text for e in diff if e.op is model.Op.INSERT and e.text.strip()]
    if not any(LIST_JOIN.search(p) for p in pieces):
        return False
    items = [i.split() for p in pieces for i in LIST_JOIN.split(p) if i.strip()]
    return bool(items) and all(
        len(i) <= _ITEM_WORDS and not _QUALIFYING.intersection(w.casefold() for w in i)
        for i in items
    )


def limits_term(term: str, text: str) -> bool:
    """The text lets through only what the term covers: the term follows "only", "solely",
    "limited to", "other than", "except" ... within a few words ("solely for the Authorized
    Uses"; "for any purpose other than a Permitted Purpose")."""
    pattern = re.compile(
        _LIMITING + r"\s+(?:[\w'-]+\s+){0,4}?" + re.escape(term) + r"(?:e?s)?(?!\w)", re.IGNORECASE
    )
    return pattern.search(text) is not None


_ITEM_WORDS = 3
_QUALIFYING = frozenset(
    {"that", "which", "who", "whom", "where", "when", "held", "in", "each", "case", "provided",
     "only", "solely", "unless", "except", "if", "subject"}
)  # fmt: skip
_EXCEPTION = re.compile(
    r"\b(?:other\s+than|except(?:ing)?|save|excluding|apart\s+from|with\s+the\s+exception\s+of"
    r"|(?:does|do|shall)\s+not\s+include)\b",
    re.IGNORECASE,
)
_OPENS_EXCEPTION = re.compile(r"[\s,;(]*(?:" + _EXCEPTION.pattern + r"|\bunless\b)", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[.;:](?:\s|$)")
_EXEMPTION = re.compile(
    r"\bwithout\s+(?:[\w'’]+\s+){0,6}?(?:consent|approval|authori[sz]ation|permission|notice|notification)\b",
    re.IGNORECASE,
)
_PERMITS = re.compile(r"\bmay\b(?!\s+not\b)|\b(?:is|are)\s+(?:free|entitled)\s+to\b", re.I)
_NEGATIVE = re.compile(r"\b(?:not|no|neither|nor|never)\b", re.IGNORECASE)
_LIMIT = re.compile(r"\b(?:only|solely|exclusively|(?:limited|restricted|confined)\s+to)\b", re.I)
_LIMIT_REACH = 8  # words from a limit to what it admits: "only in the Secure Environment"
_LIMIT_SPAN = 30  # ... at most, in one sentence part with no other duty opened
# What ends the list a limit opens: another duty, or a condition on the whole ("may only share
# Usage Data if it is aggregated": words added to the condition tighten it).
_LIMIT_ENDS = re.compile(
    r"\b(?:shall|must|will|may|should|if|unless|provided|where|when|subject)\b", re.IGNORECASE
)
# What lets through only what follows it: a limit, or an exception ("other than", "except").
_LIMITING = f"(?:{_LIMIT.pattern}|{_EXCEPTION.pattern})"


def normal(text: str) -> str:
    """Whitespace collapsed."""
    return " ".join(text.split())


def short(text: str) -> str:
    """The text on one line, cut to a quotable length."""
    text = normal(text)
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"


def tally(patterns: Sequence[re.Pattern[str]], text: str) -> int:
    """How often the phrases occur in the text."""
    return sum(len(p.findall(text)) for p in patterns)


def grew(
    patterns: Sequence[re.Pattern[str]], before: str, after: str
) -> tuple[re.Pattern[str], ...]:
    """The patterns that match more often in `after`, if the set as a whole does, else none.

    The phrases of one rule are interchangeable ("shall" and "must"; "unless" and "except"), so
    swapping one for another is not a change of force: only the total decides.
    """
    if tally(patterns, after) <= tally(patterns, before):
        return ()
    grown = tuple(p for p in patterns if len(p.findall(after)) > len(p.findall(before)))
    return grown or tuple(patterns)


def coordinated(diff: Sequence[model.Edit], patterns: Sequence[re.Pattern[str]]) -> bool:
    """Every deleted piece holding a phrase gave way to a coordination ("and ...", "or ..."):
    the phrase's force carries over to what follows, as in "shall log X and retain Y"."""
    pieces = [
        i for i, e in enumerate(diff) if e.op is model.Op.DELETE and first_match(patterns, e.text)
    ]
    if not pieces:
        return False
    for index in pieces:
        following = diff[index + 1] if index + 1 < len(diff) else None
        if following is None or following.op is not model.Op.INSERT:
            return False
        if not _COORDINATION.match(following.text.strip()):
            return False
    return True


_COORDINATION = re.compile(r"(?:and|or|nor|,|;)(?:\s|$)", re.IGNORECASE)


def first_match(patterns: Iterable[re.Pattern[str]], text: str) -> str | None:
    """The text the first matching pattern matched."""
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return match.group(0)
    return None


def joined(diff: Sequence[model.Edit], op: model.Op) -> str:
    """The diff pieces of one kind, joined with an ellipsis."""
    return " … ".join(e.text.strip() for e in diff if e.op is op and e.text.strip())


def _whole_sentence(diff: Sequence[model.Edit], index: int) -> bool:
    """Whether the insertion at `index` is a sentence of its own, not words inside one."""
    edit = diff[index]
    before = "".join(e.text for e in diff[:index] if e.op is not model.Op.DELETE).rstrip()
    return (
        edit.op is model.Op.INSERT
        and (not before or before.endswith((".", ";", ":")))
        and edit.text.strip().endswith((".", ";"))
    )


def without_new_sentences(diff: Sequence[model.Edit]) -> str:
    """The new text minus insertions that are whole sentences of their own."""
    return "".join(
        e.text
        for i, e in enumerate(diff)
        if e.op is not model.Op.DELETE and not _whole_sentence(diff, i)
    )


def whole_sentences(diff: Sequence[model.Edit]) -> bool:
    """Every insertion of the diff is a sentence of its own."""
    inserted = [i for i, e in enumerate(diff) if e.op is model.Op.INSERT and e.text.strip()]
    return bool(inserted) and all(_whole_sentence(diff, i) for i in inserted)


def evidence(
    diff: Sequence[model.Edit],
    op: model.Op,
    patterns: Sequence[re.Pattern[str]],
    source: str,
) -> str:
    """Quote the diff pieces of one kind holding the phrases, with what they replaced.

    `source` is the text the phrases were counted in (old text for removals, new for additions):
    when no single diff piece holds a phrase, the phrase is quoted from there.
    """
    quotes: list[str] = []
    for index, edit in enumerate(diff):
        if edit.op is not op or not any(p.search(edit.text) for p in patterns):
            continue
        if op is model.Op.INSERT:
            previous = diff[index - 1] if index > 0 else None
            if previous is not None and previous.op is model.Op.DELETE:
                quotes.append(f"'{short(previous.text)}' became '{short(edit.text)}'")
            else:
                quotes.append(f"'{short(edit.text)}' was added")
        else:
            following = diff[index + 1] if index + 1 < len(diff) else None
            if following is not None and following.op is model.Op.INSERT:
                quotes.append(f"'{short(edit.text)}' became '{short(following.text)}'")
            else:
                quotes.append(f"'{short(edit.text)}' was removed")
    if quotes:
        return "; ".join(dict.fromkeys(quotes))
    phrase = first_match(patterns, source) or "a key phrase"
    return f"'{phrase}' was {'added' if op is model.Op.INSERT else 'removed'}"


def vocabulary(texts: Iterable[str]) -> collections.Counter[str]:
    """How often each word (case-folded) occurs in the texts."""
    # Count words as written first (in C), then fold the far fewer distinct ones.
    written = collections.Counter(WORD.findall("\n".join(texts)))
    folded: collections.Counter[str] = collections.Counter()
    for word, count in written.items():
        folded[word.casefold()] += count
    return folded


# A number written in words, in figures or both ("thirty (30)", "thirty", "30"): one figure.
_WORDED_NUMBER = re.compile(
    rf"\b(?P<word>{quantities.WORD_ALTERNATIVES})\b(?!-)(?:\s*\(\s*(?P<paren>\d+)\s*\))?",
    re.IGNORECASE,
)


# Words an amount may be spelled out in before its figure: "Two Million Dollars ($2,000,000)".
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_CURRENCY_WORDS = frozenset(
    {"dollars", "dollar", "pounds", "pound", "sterling", "euros", "euro", "australian",
     "canadian", "new", "zealand", "united", "states", "us", "u.s", "and"}
)  # fmt: skip
_PARENTHESISED = re.compile(r"\(\s*([^()]*\d[^()]*?)\s*\)")
_AMOUNT_WORD = re.compile(r"[A-Za-z][A-Za-z.-]*")


def _spelled_value(words: Sequence[str]) -> int | None:
    """The value of a number spelled out ("twenty million"), None when a word is no number."""
    total = current = 0
    for word in words:
        if word in quantities.WORDS and word != "hundred":
            current += quantities.WORDS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
        else:
            return None
    return total + current


def _amounts_in_figures(text: str) -> str:
    """Amounts spelled out before the same figure in brackets kept as the figure only:
    "twenty million Australian dollars (AUD 20,000,000)" -> "AUD 20,000,000"."""
    out: list[str] = []
    last = 0
    for match in _PARENTHESISED.finditer(text):
        run: list[tuple[int, str]] = []  # the words just before the bracket, last first
        edge = match.start()
        for word in reversed(list(_AMOUNT_WORD.finditer(text, last, match.start()))):
            lowered = word.group(0).lower().rstrip(".")
            known = lowered in quantities.WORDS or lowered in _SCALES
            if text[word.end() : edge].strip() or not (known or lowered in _CURRENCY_WORDS):
                break
            run.append((word.start(), lowered))
            edge = word.start()
        run.reverse()
        while run and not (run[0][1] in quantities.WORDS or run[0][1] in _SCALES):
            run.pop(0)  # "and Five Hundred ...": the run starts at its first number word
        spelled = [w for _, w in run if w not in _CURRENCY_WORDS]
        value = _spelled_value(spelled) if spelled else None
        digits = re.sub(r"[^\d.]", "", match.group(1)).strip(".")
        if value is not None and digits and float(digits) == value:
            out.append(text[last : run[0][0]] + match.group(1))
            last = match.end()
    return "".join(out) + text[last:]


def _figures(text: str) -> str:
    """The text with every number in figures, so restyling a number changes no word."""
    text = _amounts_in_figures(text)

    def figure(match: re.Match[str]) -> str:
        value = quantities.WORDS[match.group("word").lower()]
        paren = match.group("paren")
        return match.group(0) if paren is not None and int(paren) != value else str(value)

    return _WORDED_NUMBER.sub(figure, text)


def cosmetic(old: str, new: str, known: collections.Counter[str]) -> bool:
    """Only punctuation, case, spelling or the style of a number differs.

    A changed word is a spelling fix only when the pair is close, is not a negation of the
    other ("authorized"/"unauthorized"), holds no loaded word or number, and the old spelling is
    used nowhere else in the older draft (`known` counts its words): a real word used elsewhere
    ("employees" -> "employers") is a change of meaning.
    """
    before = [w.casefold() for w in WORD.findall(old)]
    after = [w.casefold() for w in WORD.findall(new)]
    if before == after:
        return True
    if WORD.findall(_figures(old).casefold()) == WORD.findall(_figures(new).casefold()):
        return True  # "30 days" -> "thirty (30) days"
    if len(before) != len(after):
        return False
    in_clause = collections.Counter(before)
    for a, b in zip(before, after, strict=True):
        if a == b:
            continue
        if a in _LOADED_WORDS or b in _LOADED_WORDS or a.isdigit() or b.isdigit():
            return False
        if _negation_of(a, b) or known[a] > in_clause[a]:
            return False
        if len(a) < 4 or difflib.SequenceMatcher(None, a, b).ratio() < 0.8:
            return False
    return True


def _negation_of(a: str, b: str) -> bool:
    shorter, longer = sorted((a, b), key=len)
    return any(longer == prefix + shorter for prefix in _NEGATION_PREFIXES)


# A clause a restriction's exception points to: "except as provided in Section 4.3", "other than
# as set out in clause 9", "subject to Section 4.3".
_EXCEPTED_BY_REFERENCE = re.compile(
    r"\b(?:except|other\s+than|save|subject\s+to)\s+(?:as\s+)?(?:(?:otherwise\s+)?(?:provided|set"
    r"\s+(?:out|forth)|permitted|described|specified|reserved)\s+)?(?:in|under|by)?\s*"
    + _CROSS_REFERENCE.pattern,
    re.IGNORECASE,
)


# Who owns: "Customer owns", "Provider shall retain all right, title", "is owned by the Agency".
_OWNER_FIRST = re.compile(
    r"\b((?:[A-Z][A-Za-z]+\s+){0,2}[A-Z][A-Za-z]+)(?:['’]s)?\s+(?:shall\s+|will\s+|does\s+)?(?:own|owns|retains?\s+(?:all\s+"
    r"|sole\s+|exclusive\s+)?(?:right|title|ownership))\b"
)
_OWN_ADJECTIVE = re.compile(r"['’]s\s+own$")
_OWNER_AFTER = re.compile(
    r"\b(?:owned\s+by|vest(?:s|ed)?\s+in|belongs?\s+to|(?:sole\s+|exclusive\s+)?property\s+of)"
    r"\s+(?:the\s+)?([A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+){0,2})"
)

_MUTUAL = re.compile(
    r"\b(?:(?:neither|each|either|both)(?:\s+of\s+the)?\s+part(?:y|ies)|the\s+parties)\b", re.I
)


def mutual(text: str) -> bool | None:
    """Whether the duty binds both parties ("Neither party shall"): the words before its first
    modal verb name both; None without a modal verb."""
    before, *after = _SUBJECT_END.split(text, maxsplit=1)
    return bool(_MUTUAL.search(before)) if after else None


def names_both(text: str) -> bool:
    """The text names both parties anywhere ("may not be assigned by either party")."""
    return _MUTUAL.search(text) is not None


def owners(text: str) -> set[str]:
    """The parties the text names as owners of something."""
    named = set()
    for pattern in (_OWNER_FIRST, _OWNER_AFTER):
        for match in pattern.finditer(text):
            if _OWN_ADJECTIVE.search(match.group(0)):
                continue  # "the Vendor's own Personnel" owns nothing
            words = match.group(1).split()
            while words and words[0] in _NOT_PARTIES:
                words.pop(0)  # "The Licensor retains"
            if words:
                named.add(" ".join(words))
    return named


def excepted_refs(text: str) -> set[str]:
    """Clause numbers the text names as its exceptions ("except as provided in Section 4.3")."""
    return _refs(_EXCEPTED_BY_REFERENCE, text)


# Further numbers of a cited list: "Sections 11.1 and 11.2", "Clauses 4, 6 or 9".
_MORE_REFS = re.compile(
    r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)((?>[0-9]+(?:\.[0-9]+)*))"
    r"(?!\s*(?:%|per\b|percent|(?:business\s+|calendar\s+)?(?:hours?|days?|weeks?|months?|years?)\b))",
    re.IGNORECASE,
)


def cited_refs(text: str) -> set[str]:
    """Clause numbers the text cites ("Section 4.2" -> "4.2"; "Sections 4 and 6" -> both)."""
    return _refs(_CROSS_REFERENCE, text)


def _refs(pattern: re.Pattern[str], text: str) -> set[str]:
    """The clause numbers each match of `pattern` names (its group 1), with the further
    numbers of a list after it."""
    refs: set[str] = set()
    for match in pattern.finditer(text):
        refs.add(match.group(1))
        end = match.end()
        while more := _MORE_REFS.match(text, end):
            refs.add(more.group(1))
            end = more.end()
    return refs


def within(ref: str, cited: Iterable[str]) -> bool:
    """Whether a clause ref is one of the cited numbers or nested under one."""
    return any(ref == c or ref.startswith((f"{c}.", f"{c}(")) for c in cited)


def governing_modal(sentence: str) -> str | None:
    """The sentence's first modal verb, lower-cased ("shall", "should", "may", ...)."""
    match = _SUBJECT_END.search(sentence)
    return match.group(0).split()[0].lower() if match else None


def subject(sentence: str) -> str | None:
    """The words naming whom a restriction is about: before its first modal verb, or just after
    it when the sentence opens with the modal ("In no event shall Supplier's liability");
    None when the sentence has no modal verb (a definition, a statement)."""
    before, *after = _SUBJECT_END.split(sentence, maxsplit=1)
    if not after:
        return None
    if PARTY.search(before):
        return before
    return " ".join(after[0].split()[:6])
