"""Comparing two names, form against form, with an explanation of every part.

The tokens of the two forms are aligned one to one (a token may also pair with two
adjacent tokens written as one word, "Hik Vision" / "Hikvision", or with the initials of
a run of tokens, "XPCC" / "Xinjiang Production and Construction Corps"). Each side's
*coverage* is the weighted share of its tokens that found a partner, weights being the
tokens' distinctiveness (``weights.py``): a listed name that adds only generic words and
places to the query ("Hikvision" vs "Hangzhou Hikvision Digital Technology Co., Ltd.")
keeps a high coverage; a name that shares only generic words ("Sinochem Group" vs
"Lazarus Group") gets almost none. The score is the geometric mean of the two
coverages, then:
- numbers are identity: an unpaired number on each side ("13th" vs "14th") halves it;
- legal forms are compared as symbols: incompatible forms ("AG" / "GmbH") and forms of
  different countries' laws ("OOO" / "Ltda.") cost a good part of it, missing ones nothing;
- two full legal names that each have a word the other lacks ("BAE Systems, Inc." / "BAE
  Industries, Inc.") or of which one adds a country ("... Canada Ltd.") are sister
  companies and subsidiaries;
- in people's names, initials that the other name contradicts ("William G." / "William
  W."), two different patronymics, and own and father's names swapped around "bin" lower
  it; a family name is never paired as a shortened given name ("Lind" / "Lindemann");
- a match resting on generic words only is scaled down (``MIN_EVIDENCE``).
Every factor only lowers a score: the candidate index bounds scores from the token pairs
alone (``index.py``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import jellyfish
from rapidfuzz.distance import Levenshtein

from entitywatch.matching import legal_forms, places
from entitywatch.matching.types import NameForm, Token, TokenKind
from entitywatch.matching.weights import (
    PATRONYMIC_WEIGHT_FACTOR,
    TokenWeights,
    generic_weight,
    patronymic_positions,
)

# Abbreviations common in company names, written out (both directions are tried).
ABBREVIATIONS: dict[str, str] = {
    "intl": "international", "int": "international", "natl": "national",
    "tech": "technology", "techs": "technologies", "mfg": "manufacturing",
    "eng": "engineering", "engg": "engineering", "dev": "development",
    "sci": "science", "univ": "university", "inst": "institute", "assn": "association",
    "assoc": "association", "bros": "brothers", "ind": "industries", "inds": "industries",
    "elec": "electronics", "grp": "group", "svcs": "services", "svc": "service",
    "hldgs": "holdings", "hldg": "holding", "mgmt": "management", "mgt": "management",
    "st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "dept": "department",
    "govt": "government", "gov": "government", "min": "ministry", "acad": "academy",
    "res": "research", "ctr": "center", "cntr": "center", "centre": "center",
    "co-op": "cooperative", "coop": "cooperative", "chem": "chemical",
    "pharm": "pharmaceutical", "pharma": "pharmaceutical", "petrochem": "petrochemical",
    "telecom": "telecommunications", "telecoms": "telecommunications",
    "comm": "communications", "commun": "communications", "equip": "equipment",
    "instr": "instruments", "mach": "machinery", "aero": "aeronautical",
}  # fmt: skip
# Every other side of each abbreviation pair: "international" is written "intl" and "int".
_ABBREVIATION_FORMS: dict[str, tuple[str, ...]] = {}
for _short, _long in ABBREVIATIONS.items():
    _ABBREVIATION_FORMS[_short] = (*_ABBREVIATION_FORMS.get(_short, ()), _long)
    _ABBREVIATION_FORMS[_long] = (*_ABBREVIATION_FORMS.get(_long, ()), _short)

EXACT = "exact"
FUZZY = "spelling"
TRANSLITERATION = "transliteration"
PHONETIC = "sound"
INITIAL = "initial"
JOINED = "joined"
ACRONYM = "acronym"
ABBREVIATION = "abbreviation"
PLURAL = "plural"
SHORTENED = "shortened"

# The similarity of each kind of inexact token pair (the index's score bound uses them).
INITIAL_SIMILARITY = 0.7
ABBREVIATION_SIMILARITY = 0.95
PLURAL_SIMILARITY = 0.95
NAME_PLURAL_SIMILARITY = 0.4  # a distinctive word and its plural (below the spelling floor)
SHORTENED_SIMILARITY = 0.75
PHONETIC_SIMILARITY = 0.8
CONSONANT_SIMILARITY = 0.8
JOINED_TYPO_SIMILARITY = 0.9
# One edit that is a transliteration convention ("Wladimir" / "Vladimir"); at most the
# similarity the index assumes for any pair one edit apart (JOINED_TYPO_SIMILARITY).
TRANSLITERATION_SIMILARITY = 0.9
ACRONYM_SIMILARITY = 0.9
# Three letters stand for many names ("HTC", "ASP", "CGT"): such an acronym alone is a
# lead for review, never a match; four letters or more ("SMIC", "XPCC", "CETC") are rarer.
SHORT_ACRONYM_SIMILARITY = 0.7

MIN_EVIDENCE = 0.30  # matched weight below this scales the score down proportionally
NUMBER_CONFLICT_FACTOR = 0.5
PLACE_CONFLICT_FACTOR = 0.8
COUNTRY_SUBSIDIARY_FACTOR = 0.74  # two full legal names, a country in one only
INITIAL_CONFLICT_FACTOR = 0.8
PART_CONFLICT_FACTOR = 0.85
LINEAGE_SWAP_FACTOR = 0.6  # own and father's names swapped around "bin": another person
SYLLABLE_CONFLICT_FACTOR = 0.7  # two names in Han or Hangul that read differently
PATRONYMIC_CONFLICT_FACTOR = 0.7  # an unpaired patronymic on each side: another father
PATRONYMIC_SPELLING_SIMILARITY = 0.6  # two patronymics this alike are one, transliterated
WORD_CONFLICT_FACTOR = 0.78  # an unpaired word on each side, however generic
PART_CONFLICT_MIN_WEIGHT = 0.3  # an unpaired word this distinctive on each side conflicts
UNMATCHED_FLOOR = 0.2  # weight of an unpaired word when both names are full legal names
LEGAL_FORM_CONFLICT_FACTOR = 0.7
JURISDICTION_CONFLICT_FACTOR = 0.7


@dataclass(frozen=True, slots=True)
class PreparedForm:
    """A name form with what comparing it needs, computed once (at index build time)."""

    form: NameForm
    tokens: tuple[Token, ...]  # evidence tokens only
    weights: tuple[float, ...]
    sounds: tuple[str, ...]
    total: float
    legal_forms: frozenset[str]
    # First letters of the evidence tokens and legal forms ("Semiconductor Manufacturing
    # International Corporation" -> "smic"), with the evidence token each letter stands
    # for (-1 for a legal form), for matching acronyms.
    initials: str
    initial_positions: tuple[int, ...]
    # What each token counts towards MIN_EVIDENCE: its weight, but at least MIN_EVIDENCE
    # for a word that is not generic. Weights are relative to the loaded lists: on the
    # Entity List alone "huawei" is in 70 entries and weighs little, yet an exact
    # "Huawei Technologies Co., Ltd." rests on far more than generic words.
    evidence_weights: tuple[float, ...] = ()

    def __reduce__(self) -> tuple[type[PreparedForm], tuple[object, ...]]:
        # Unpickling a frozen dataclass field by field is slow; an index holds 10^4 forms.
        return (
            PreparedForm,
            (
                self.form, self.tokens, self.weights, self.sounds, self.total,
                self.legal_forms, self.initials, self.initial_positions,
                self.evidence_weights,
            ),
        )  # fmt: skip


def prepare(form: NameForm, weights: TokenWeights) -> PreparedForm:
    tokens = form.evidence_tokens
    patronymics = patronymic_positions(tokens, form.schema)
    token_weights = tuple(
        weights.weight(t) * (PATRONYMIC_WEIGHT_FACTOR if i in patronymics else 1.0)
        for i, t in enumerate(tokens)
    )
    letters: list[str] = []
    positions: list[int] = []
    evidence_number = 0
    for token in form.tokens:
        if token.kind is TokenKind.STOPWORD:
            continue
        if token.kind is TokenKind.LEGAL_FORM:
            first = (token.raw or token.text)[:1].lower()
            if first.isalpha():
                letters.append(first)
                positions.append(-1)
            continue
        letters.append(token.text[:1])
        positions.append(evidence_number)
        evidence_number += 1
    return PreparedForm(
        form=form,
        tokens=tokens,
        weights=token_weights,
        sounds=tuple(_sound(t) for t in tokens),
        total=sum(token_weights),
        legal_forms=form.legal_forms,
        initials="".join(letters),
        initial_positions=tuple(positions),
        evidence_weights=tuple(
            max(weight, MIN_EVIDENCE)
            if i not in patronymics and _distinctive_word(token)
            else weight
            for i, (token, weight) in enumerate(zip(tokens, token_weights, strict=True))
        ),
    )


FULL_COVERAGE = 0.999


def person_coverage_score(coverage_a: float, coverage_b: float) -> float:
    """The score of two people's names one of which is covered in full: the short name's
    coverage counts fully, the extra names of the long one in part. The candidate index
    bounds scores with it too (it grows with both coverages)."""
    full, part = max(coverage_a, coverage_b), min(coverage_a, coverage_b)
    return float(full**0.5 * part**0.3)


def _distinctive_word(token: Token) -> bool:
    """A word that can identify a party on its own: not generic, not a place, not an
    abbreviation of two letters."""
    return (
        token.kind is TokenKind.WORD and len(token.text) >= 3 and generic_weight(token.text) is None
    )


def _sound(token: Token) -> str:
    if token.kind is not TokenKind.WORD or len(token.text) < 4 or not token.text.isalpha():
        return ""
    return str(jellyfish.metaphone(token.text))


def allowed_spelling_edits(shorter: int, longer: int, *, same_start: bool, person: bool) -> int:
    """How many edits two words of these lengths may differ by and still pair (0: none).

    More than one typo only where the words start alike: "division" is not "hikvision",
    though two edits apart. Names of people get more tolerance (transliterations). The
    candidate index uses the same rule, so that it retrieves every pair scored here."""
    if not (shorter >= 4 or (person and shorter >= 3 and same_start)):
        return 0
    if not same_start:
        return 1
    allowed = 1 if longer <= 7 else 2 if longer <= 12 else 3
    if person and shorter >= 5:
        allowed = max(allowed, 2)
    return allowed


def plural_variants(text: str) -> tuple[str, ...]:
    """The words ``_is_plural_of`` could pair with ``text`` (technology / technologies)."""
    out = [text + "s", text + "es"]
    if text.endswith("y"):
        out.append(text[:-1] + "ies")
    if text.endswith("ies"):
        out.append(text[:-3] + "y")
    if text.endswith("es"):
        out.append(text[:-2])
    if text.endswith("s"):
        out.append(text[:-1])
    return tuple(out)


def abbreviation_forms(text: str) -> tuple[str, ...]:
    """Every other side of the abbreviation pairs of ``text`` ("international" -> "intl",
    "int"); the scorer pairs a token with any of them, and the index retrieves them all."""
    return _ABBREVIATION_FORMS.get(text, ())


def token_similarity(
    a: Token, b: Token, sound_a: str = "", sound_b: str = "", *, person: bool = False
) -> tuple[float, str]:
    """How alike two tokens are, in [0, 1], and how they were found alike.

    Names of people get more spelling tolerance (transliterations: Merkel / Merkur,
    Sergey / Sergejs) and shortened given names (Ben / Benjamin)."""
    if a.kind is TokenKind.NUMBER or b.kind is TokenKind.NUMBER:
        same = a.kind is b.kind and a.text == b.text
        return (1.0, EXACT) if same else (0.0, "")
    if a.text == b.text:
        return 1.0, EXACT
    if a.kind is TokenKind.INITIAL or b.kind is TokenKind.INITIAL:
        initial, word = (a, b) if a.kind is TokenKind.INITIAL else (b, a)
        if word.kind is not TokenKind.INITIAL and word.text.startswith(initial.text):
            return INITIAL_SIMILARITY, INITIAL
        return 0.0, ""
    if b.text in _ABBREVIATION_FORMS.get(a.text, ()):
        return ABBREVIATION_SIMILARITY, ABBREVIATION
    if (_is_plural_of(a.text, b.text) or _is_plural_of(b.text, a.text)) and (
        generic_weight(a.text) is not None or generic_weight(b.text) is not None
    ):
        # technology / technologies; a rare word's plural is a new word
        return PLURAL_SIMILARITY, PLURAL
    if not person and (_is_plural_of(a.text, b.text) or _is_plural_of(b.text, a.text)):
        # A rare word's plural is a new word: "Cacaueiro" / "Cacaueiros", "Fraternite" /
        # "Fraternites" name two ships or two firms (people's names inflect: "Lavrovs").
        return NAME_PLURAL_SIMILARITY, FUZZY
    shorter, longer = sorted((len(a.text), len(b.text)))
    same_start = a.text[0] == b.text[0]
    allowed = allowed_spelling_edits(shorter, longer, same_start=same_start, person=person)
    if allowed:
        distance = Levenshtein.distance(a.text, b.text, score_cutoff=allowed)
        if distance == 1 and is_transliteration_edit(a.text, b.text):
            return TRANSLITERATION_SIMILARITY, TRANSLITERATION
        if distance <= allowed:
            return max(0.6, 1.0 - distance / longer), FUZZY
    if person and shorter >= 3 and longer >= shorter + 2 and same_start:
        short_text, long_text = (a.text, b.text) if len(a.text) < len(b.text) else (b.text, a.text)
        if long_text.startswith(short_text):
            return SHORTENED_SIMILARITY, SHORTENED
    if (
        sound_a
        and sound_a == sound_b
        and same_start
        and shorter >= 5
        and Levenshtein.distance(a.text, b.text, score_cutoff=2) <= 2
    ):
        # Sound alone is too loose ("netease" and "ntesy" share a metaphone key).
        return PHONETIC_SIMILARITY, PHONETIC
    return 0.0, ""


CONSONANTAL_VARIANT = "consonantal_script"
CONSONANTS = "consonants"
_DIGRAPHS = (("sh", "s"), ("ch", "k"), ("kh", "k"), ("ph", "b"), ("th", "t"), ("ts", "z"),
             ("tz", "z"), ("x", "ks"))  # fmt: skip
_CONSONANT_CLASSES = str.maketrans(
    {"c": "k", "q": "k", "g": "k", "p": "b", "f": "b", "j": "z", "a": None, "e": None,
     "i": None, "o": None, "u": None, "v": None, "w": None, "y": None, "h": None, "'": None}
)  # fmt: skip


# Letters that transliterations of one name interchange ("Wladimir" / "Vladimir", "Qasr" /
# "Kasr", "Zavyalov" / "Zavjalov"), and letters they add or drop ("Barak" / "Barack",
# "Kholmogrant" / "Holmogrant", "Hasan" / "Hassan").
_INTERCHANGED: tuple[frozenset[str], ...] = (
    frozenset("ckq"), frozenset("vw"), frozenset("iyj"), frozenset("sz"),
)  # fmt: skip
_ADDED_OR_DROPPED = frozenset("h")


def is_transliteration_edit(a: str, b: str) -> bool:
    """Whether two words one edit apart differ by a transliteration convention, not a typo:
    interchanged letters of one class, an added "h", a "c" before "k", a doubled letter."""
    if len(a) == len(b):
        i = next(k for k in range(len(a)) if a[k] != b[k])
        return any(a[i] in group and b[i] in group for group in _INTERCHANGED)
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    extra = long[i]
    return (
        extra in _ADDED_OR_DROPPED
        or (extra == "c" and long[i + 1 : i + 2] == "k")
        or (i > 0 and long[i - 1] == extra)
        or long[i + 1 : i + 2] == extra
    )


def consonant_skeleton(text: str) -> str:
    """The consonants of a word, in classes that survive transliteration from Hebrew or
    Arabic, which write few vowels: "almog" and "lmvg" both give "lmk"."""
    for digraph, replacement in _DIGRAPHS:
        text = text.replace(digraph, replacement)
    skeleton = text.translate(_CONSONANT_CLASSES)
    return "".join(ch for i, ch in enumerate(skeleton) if i == 0 or skeleton[i - 1] != ch)


def consonant_similarity(a: Token, b: Token) -> tuple[float, str]:
    """Tokens alike in their consonants (one side transliterated from an abjad script)."""
    if a.kind is not TokenKind.WORD or b.kind is not TokenKind.WORD:
        return 0.0, ""
    skeleton_a, skeleton_b = consonant_skeleton(a.text), consonant_skeleton(b.text)
    shorter = min(len(skeleton_a), len(skeleton_b))
    if shorter < 2:
        return 0.0, ""
    allowed = 0 if shorter < 4 else 1
    if Levenshtein.distance(skeleton_a, skeleton_b, score_cutoff=allowed) <= allowed:
        return CONSONANT_SIMILARITY, CONSONANTS
    return 0.0, ""


def _is_plural_of(plural: str, singular: str) -> bool:
    """English plurals of words of five letters or more: technologies / technology."""
    if len(singular) < 5 or not plural.startswith(singular[:-1]):
        return False
    return plural in (singular + "s", singular + "es") or (
        singular.endswith("y") and plural == singular[:-1] + "ies"
    )


@dataclass(slots=True)
class _Pair:
    similarity: float
    query: tuple[int, ...]
    candidate: tuple[int, ...]
    how: str
    value: float = 0.0


@dataclass(slots=True)
class FormComparison:
    """The result of comparing one query form with one candidate form."""

    score: float
    query: PreparedForm
    candidate: PreparedForm
    pairs: list[_Pair] = field(default_factory=list)
    coverage_query: float = 0.0
    coverage_candidate: float = 0.0
    factors: list[tuple[str, float]] = field(default_factory=list)

    def explain(self) -> dict[str, Any]:
        q, c = self.query, self.candidate
        matched_q = {i for p in self.pairs for i in p.query}
        matched_c = {j for p in self.pairs for j in p.candidate}
        return {
            "query_name": q.form.original,
            "query_form": q.form.variant,
            "candidate_name": c.form.original,
            "candidate_form": c.form.variant,
            "matched": [
                {
                    "query": " ".join(q.tokens[i].raw or q.tokens[i].text for i in p.query),
                    "candidate": " ".join(c.tokens[j].raw or c.tokens[j].text for j in p.candidate),
                    "how": p.how,
                    "similarity": round(p.similarity, 3),
                    "weight": round(
                        sum(q.weights[i] for i in p.query) + sum(c.weights[j] for j in p.candidate),
                        3,
                    ),
                }
                for p in self.pairs
            ],
            "unmatched_query": [
                {"token": q.tokens[i].raw or q.tokens[i].text, "weight": round(q.weights[i], 3)}
                for i in range(len(q.tokens))
                if i not in matched_q
            ],
            "unmatched_candidate": [
                {"token": c.tokens[j].raw or c.tokens[j].text, "weight": round(c.weights[j], 3)}
                for j in range(len(c.tokens))
                if j not in matched_c
            ],
            "coverage_query": round(self.coverage_query, 3),
            "coverage_candidate": round(self.coverage_candidate, 3),
            "factors": [{"reason": reason, "factor": factor} for reason, factor in self.factors],
            "score": round(self.score, 4),
        }


def compare_forms(q: PreparedForm, c: PreparedForm) -> FormComparison:
    """Align the tokens of two prepared forms and score the alignment."""
    result = FormComparison(score=0.0, query=q, candidate=c)
    if not q.tokens or not c.tokens or q.total <= 0 or c.total <= 0:
        return result
    pairs = _candidate_pairs(q, c)
    if not pairs:
        return result
    chosen = _assign(pairs)
    result.pairs = chosen
    paired_q: set[int] = set()
    paired_c: set[int] = set()
    matched_q = matched_c = evidence_q = evidence_c = 0.0
    for pair in chosen:
        paired_q.update(pair.query)
        paired_c.update(pair.candidate)
        matched_q += sum(q.weights[i] for i in pair.query) * pair.similarity
        matched_c += sum(c.weights[j] for j in pair.candidate) * pair.similarity
        evidence_q += sum(q.evidence_weights[i] for i in pair.query) * pair.similarity
        evidence_c += sum(c.evidence_weights[j] for j in pair.candidate) * pair.similarity
    total_q, total_c = q.total, c.total
    if q.legal_forms and c.legal_forms:
        # Two full legal names: a word one of them adds is part of a different name
        # ("Crystalord Systems Limited" vs "Crystalord Ltd"), even a generic one.
        total_q += _unmatched_floor(q, paired_q)
        total_c += _unmatched_floor(c, paired_c)
    coverage_q = min(1.0, matched_q / total_q)
    coverage_c = min(1.0, matched_c / total_c)
    result.coverage_query, result.coverage_candidate = coverage_q, coverage_c
    score = (coverage_q * coverage_c) ** 0.5
    if (
        len(chosen) >= 2
        and max(coverage_q, coverage_c) >= FULL_COVERAGE
        and "Person" in (q.form.schema, c.form.schema)
    ):
        # A person's name written in full on one side and shorter on the other ("Boris
        # Johnson" / "Alexandre Boris de Pfeffel Johnson"): every word of the short name,
        # two at least, found in the long one; the long one's extra given names cost less.
        lenient = person_coverage_score(coverage_q, coverage_c)
        if lenient > score:
            result.factors.append(("extra names on one side only", round(lenient / score, 3)))
            score = lenient
    evidence = min(evidence_q, evidence_c)
    if score > 0 and evidence < MIN_EVIDENCE:
        factor = evidence / MIN_EVIDENCE
        result.factors.append(("only generic or weak words in common", round(factor, 3)))
        score *= factor
    if _loose_on_both_sides(q, c, paired_q, paired_c, TokenKind.NUMBER):
        result.factors.append(("numbers differ", NUMBER_CONFLICT_FACTOR))
        score *= NUMBER_CONFLICT_FACTOR
    if _lineage_swapped(q, c, chosen):
        # "Abdullah bin Omar" (Abdullah, son of Omar) is not "Omar bin Abdullah".
        result.factors.append(("father's and own name swapped", LINEAGE_SWAP_FACTOR))
        score *= LINEAGE_SWAP_FACTOR
    if _patronymics_differ(q, c, paired_q, paired_c):
        # "Sergey Ivanovich Lavrov" is not "Sergey Viktorovich Lavrov": another father.
        result.factors.append(("patronymics differ", PATRONYMIC_CONFLICT_FACTOR))
        score *= PATRONYMIC_CONFLICT_FACTOR
    elif _different_parts(q, c, paired_q, paired_c):
        result.factors.append(("name parts differ", PART_CONFLICT_FACTOR))
        score *= PART_CONFLICT_FACTOR
    elif (
        q.legal_forms
        and c.legal_forms
        and _loose_on_both_sides(q, c, paired_q, paired_c, TokenKind.WORD)
    ):
        # Two full legal names, each with a word the other lacks, however generic: "BAE
        # Systems, Inc." / "BAE Industries, Inc.", "Agro Exports Pvt. Ltd." / "Agro
        # Imports Pvt. Ltd.": sister companies differ in exactly such a word. (Without
        # legal forms, "... Research Center" / "... Research Institute" are as often one
        # organisation's names in two translations.)
        result.factors.append(("a word differs", WORD_CONFLICT_FACTOR))
        score *= WORD_CONFLICT_FACTOR
    if "Person" in (q.form.schema, c.form.schema) and _east_asian_readings_differ(q, c):
        # "김종은" is not "김정은", "习近朋" not "习近平": names written in Han or Hangul on
        # both sides are compared syllable by syllable as written (with tones for Han, so
        # that traditional and simplified characters of one name read alike).
        result.factors.append(("written syllables differ", SYLLABLE_CONFLICT_FACTOR))
        score *= SYLLABLE_CONFLICT_FACTOR
    if "Person" in (q.form.schema, c.form.schema) and _initials_differ(q, c, paired_q, paired_c):
        # "William G. Frost" is not "William W. Frost", "Hans O. Friedrich" not "Hans
        # Joachim Friedrich": an initial that the other name's unpaired part contradicts.
        result.factors.append(("initials differ", INITIAL_CONFLICT_FACTOR))
        score *= INITIAL_CONFLICT_FACTOR
    if q.legal_forms and c.legal_forms and _country_on_one_side(q, c, paired_q, paired_c):
        # "Nakamura Precision Tooling Canada Ltd." is the Canadian subsidiary of
        # "Nakamura Precision Tooling Inc.", "Banco Santander Chile S.A." a bank of its own.
        result.factors.append(("a country subsidiary", COUNTRY_SUBSIDIARY_FACTOR))
        score *= COUNTRY_SUBSIDIARY_FACTOR
    if _loose_on_both_sides(q, c, paired_q, paired_c, TokenKind.PLACE):
        # "Bank of China (Hong Kong)" is not "Bank of China (Australia)"; "Chengdu Huawei"
        # is not "Beijing Huawei": branches in different places are different parties.
        result.factors.append(("places differ", PLACE_CONFLICT_FACTOR))
        score *= PLACE_CONFLICT_FACTOR
    if q.legal_forms and c.legal_forms:
        if legal_forms.different_jurisdictions(_jurisdictions(q), _jurisdictions(c)):
            result.factors.append(
                ("companies of different countries' laws", JURISDICTION_CONFLICT_FACTOR)
            )
            score *= JURISDICTION_CONFLICT_FACTOR
        elif not _legal_forms_compatible(q, c):
            result.factors.append(("legal forms differ", LEGAL_FORM_CONFLICT_FACTOR))
            score *= LEGAL_FORM_CONFLICT_FACTOR
    result.score = max(0.0, min(1.0, score))
    return result


# Token pairs recur across the names a query is compared with ("technology" meets
# "technology" hundreds of times), and similarity depends only on the two tokens' text
# and kind (sounds derive from them) and the two flags: remember the answers.
_SIMILARITY_MEMO: dict[tuple[str, TokenKind, str, TokenKind, bool, bool], tuple[float, str]] = {}
_SIMILARITY_MEMO_SIZE = 500_000


def _candidate_pairs(q: PreparedForm, c: PreparedForm) -> list[_Pair]:
    pairs: list[_Pair] = []
    qt, ct = q.tokens, c.tokens
    person = "Person" in (q.form.schema, c.form.schema)
    consonantal = CONSONANTAL_VARIANT in (q.form.variant, c.form.variant)
    memo = _SIMILARITY_MEMO
    for i, a in enumerate(qt):
        for j, b in enumerate(ct):
            key = (a.text, a.kind, b.text, b.kind, person, consonantal)
            found = memo.get(key)
            if found is None:
                found = token_similarity(a, b, q.sounds[i], c.sounds[j], person=person)
                if found[0] == 0 and consonantal:
                    found = consonant_similarity(a, b)
                if len(memo) >= _SIMILARITY_MEMO_SIZE:
                    memo.clear()
                memo[key] = found
            if found[0] > 0:
                if found[1] == SHORTENED and (
                    (i == len(qt) - 1 and i > 0) or (j == len(ct) - 1 and j > 0)
                ):
                    # A family name is written in full: "Lind" is not "Lindemann".
                    continue
                pairs.append(_Pair(found[0], (i,), (j,), found[1]))
    pairs.extend(_joined_pairs(q, c, query_side=True))
    pairs.extend(_joined_pairs(c, q, query_side=False))
    pairs.extend(_acronym_pairs(q, c, query_side=True))
    pairs.extend(_acronym_pairs(c, q, query_side=False))
    for pair in pairs:
        weight = sum(q.weights[i] for i in pair.query) + sum(c.weights[j] for j in pair.candidate)
        pair.value = pair.similarity * weight
    return pairs


def _joined_pairs(split: PreparedForm, whole: PreparedForm, *, query_side: bool) -> list[_Pair]:
    """Two adjacent tokens of one side written as one token on the other ("Hik Vision")."""
    out: list[_Pair] = []
    tokens = split.tokens
    if len(tokens) < 2:
        return out
    whole_tokens = whole.tokens
    longest = max(len(token.text) for token in whole_tokens)
    for i in range(len(tokens) - 1):
        a, b = tokens[i], tokens[i + 1]
        joined = a.text + b.text
        size = len(joined)
        if size > longest + 1 or a.kind is TokenKind.NUMBER or b.kind is TokenKind.NUMBER:
            continue
        for j, token in enumerate(whole_tokens):
            text = token.text
            if text == joined:
                similarity = 1.0
            elif size < 6 or not -1 <= len(text) - size <= 1:
                continue
            elif Levenshtein.distance(text, joined, score_cutoff=1) <= 1:
                similarity = JOINED_TYPO_SIMILARITY
            else:
                continue
            pair = (
                _Pair(similarity, (i, i + 1), (j,), JOINED)
                if query_side
                else _Pair(similarity, (j,), (i, i + 1), JOINED)
            )
            out.append(pair)
    return out


def _acronym_pairs(short: PreparedForm, long: PreparedForm, *, query_side: bool) -> list[_Pair]:
    """A token that is the initials of a run of tokens of the other side ("SMIC")."""
    out: list[_Pair] = []
    initials = long.initials
    if len(initials) < 2:
        return out
    # An acronym stands alone ("SMIC", "CETC 55"): in "IRISL MTI" the "MTI" is a part of
    # a longer name, and pairing it with "Megvii Technology Inc." would be a coincidence.
    others = [t for t in short.tokens if t.kind is not TokenKind.NUMBER]
    if len(others) != 1:
        return out
    for i, token in enumerate(short.tokens):
        text = token.text
        # Acronyms of three letters or more, formed from the start of the other name
        # ("SMIC", "XPCC", "CETC"): a two-letter token or a run from the middle of a
        # name is as often a coincidence as an acronym.
        if token.kind is not TokenKind.WORD or not 3 <= len(text) <= 8 or not text.isalpha():
            continue
        if not initials.startswith(text):
            continue
        run = tuple(p for p in long.initial_positions[: len(text)] if p >= 0)
        if len(run) >= 2:
            similarity = ACRONYM_SIMILARITY if len(text) >= 4 else SHORT_ACRONYM_SIMILARITY
            out.append(
                _Pair(similarity, (i,), run, ACRONYM)
                if query_side
                else _Pair(similarity, run, (i,), ACRONYM)
            )
    return out


def _assign(pairs: list[_Pair]) -> list[_Pair]:
    """Greedy one-to-one assignment, most valuable pairs first."""
    pairs.sort(key=lambda p: (-p.value, -p.similarity))
    used_q: set[int] = set()
    used_c: set[int] = set()
    chosen: list[_Pair] = []
    for pair in pairs:
        if used_q.intersection(pair.query) or used_c.intersection(pair.candidate):
            continue
        chosen.append(pair)
        used_q.update(pair.query)
        used_c.update(pair.candidate)
    return chosen


def _loose_on_both_sides(
    q: PreparedForm, c: PreparedForm, matched_q: set[int], matched_c: set[int], kind: TokenKind
) -> bool:
    """Whether each side has a token of ``kind`` that found no partner (a conflict)."""
    loose_q = any(t.kind is kind and i not in matched_q for i, t in enumerate(q.tokens))
    loose_c = any(t.kind is kind and j not in matched_c for j, t in enumerate(c.tokens))
    return loose_q and loose_c


def _initials_differ(
    q: PreparedForm, c: PreparedForm, matched_q: set[int], matched_c: set[int]
) -> bool:
    """One side has an unpaired initial and the other an unpaired initial or word (a name
    part in its place that the initial does not stand for)."""

    def loose(form: PreparedForm, matched: set[int], kinds: tuple[TokenKind, ...]) -> bool:
        return any(token.kind in kinds and i not in matched for i, token in enumerate(form.tokens))

    if not (_latin(q.form.original) and _latin(c.form.original)):
        # A syllable transliterated from Hangul or Han ("이" -> "i") is not an initial.
        return False
    initial, name_part = (TokenKind.INITIAL,), (TokenKind.INITIAL, TokenKind.WORD)
    return (loose(q, matched_q, initial) and loose(c, matched_c, name_part)) or (
        loose(c, matched_c, initial) and loose(q, matched_q, name_part)
    )


_SON_OF: frozenset[str] = frozenset({"bin", "ibn", "bint", "binti", "ould"})


def _lineage_links(form: PreparedForm) -> list[tuple[int, int]]:
    """(own name, father's name) as evidence-token positions around each "bin" / "ibn"."""
    links: list[tuple[int, int]] = []
    previous = -1
    pending = False
    evidence = 0
    for token in form.form.tokens:
        if token.kind in (TokenKind.LEGAL_FORM, TokenKind.STOPWORD):
            pending = pending or (token.text in _SON_OF and previous >= 0)
            continue
        if pending:
            links.append((previous, evidence))
            pending = False
        previous = evidence
        evidence += 1
    return links


def _lineage_swapped(q: PreparedForm, c: PreparedForm, chosen: list[_Pair]) -> bool:
    """Whether a name and the father's name around "bin" are paired the other way round."""
    if "Person" not in (q.form.schema, c.form.schema):
        return False
    links_q, links_c = _lineage_links(q), _lineage_links(c)
    if not links_q or not links_c:
        return False
    partner = {i: j for pair in chosen for i in pair.query for j in pair.candidate}
    return any(
        partner.get(own) == father_c and partner.get(father) == own_c
        for own, father in links_q
        for own_c, father_c in links_c
    )


def _unpaired_patronymics(form: PreparedForm, matched: set[int]) -> list[str]:
    positions = patronymic_positions(form.tokens, form.form.schema)
    return [form.tokens[i].text for i in positions if i not in matched]


def _patronymics_differ(
    q: PreparedForm, c: PreparedForm, matched_q: set[int], matched_c: set[int]
) -> bool:
    """Each side has an unpaired patronymic, and none is another transliteration of one of
    the other's ("Iurievich" / "Yurevich", "Mykolayovych" / "Nikolayevich" are one)."""
    loose_q = _unpaired_patronymics(q, matched_q)
    loose_c = _unpaired_patronymics(c, matched_c) if loose_q else []
    if not loose_c:
        return False
    return not any(
        consonant_skeleton(a) == consonant_skeleton(b)
        or Levenshtein.normalized_similarity(a, b) >= PATRONYMIC_SPELLING_SIMILARITY
        for a in loose_q
        for b in loose_c
    )


_EAST_ASIAN = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7a3]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _east_asian_readings_differ(q: PreparedForm, c: PreparedForm) -> bool:
    reading_q = _east_asian_reading(q.form.original)
    if reading_q is None:
        return False
    reading_c = _east_asian_reading(c.form.original)
    return reading_c is not None and reading_q != reading_c


@functools.lru_cache(maxsize=4096)
def _east_asian_reading(name: str) -> tuple[str, ...] | None:
    """The syllables of a name written wholly in Han, kana or Hangul characters (Han with
    tones), None for a name in any other script."""
    letters = [ch for ch in unicodedata.normalize("NFKC", name) if ch.isalnum()]
    if not letters or not all(_EAST_ASIAN.match(ch) for ch in letters):
        return None
    from pypinyin import Style, pinyin

    return tuple(pinyin(ch, style=Style.TONE3)[0][0] if _HAN.match(ch) else ch for ch in letters)


def _latin(text: str) -> bool:
    """Whether a name is written in the Latin script (with any diacritics)."""
    return all(ord(ch) <= 0x24F or not ch.isalpha() for ch in text)


def _country_on_one_side(
    q: PreparedForm, c: PreparedForm, matched_q: set[int], matched_c: set[int]
) -> bool:
    """One side has an unpaired country after the start of its name, the other no unpaired
    place. A leading country is part of a name ("Korea Sungrisan Trading"), and a country
    under whose law the other name's legal form is ("Strait Shipbrokers Singapore Pte.
    Ltd." / "Strait Shipbrokers Pte. Ltd.") adds nothing."""

    def laws(form: PreparedForm) -> frozenset[str]:
        return frozenset(
            country
            for symbol in form.legal_forms
            for country in legal_forms.JURISDICTIONS.get(symbol, ())
        )

    def country(form: PreparedForm, matched: set[int], other: PreparedForm) -> bool:
        other_laws = laws(other)
        for i, token in enumerate(form.tokens):
            if i == 0 or i in matched or token.kind is not TokenKind.PLACE:
                continue
            code = places.country_code(token.text)
            if code is not None and code not in other_laws:
                return True
        return False

    def any_place(form: PreparedForm, matched: set[int]) -> bool:
        return any(
            t.kind is TokenKind.PLACE and i not in matched for i, t in enumerate(form.tokens)
        )

    return (country(q, matched_q, c) and not any_place(c, matched_c)) or (
        country(c, matched_c, q) and not any_place(q, matched_q)
    )


def _unmatched_floor(form: PreparedForm, matched: set[int]) -> float:
    """What raising unpaired words to ``UNMATCHED_FLOOR`` adds to a form's total."""
    return sum(
        UNMATCHED_FLOOR - weight
        for position, (token, weight) in enumerate(zip(form.tokens, form.weights, strict=True))
        if position not in matched
        and token.kind in (TokenKind.WORD, TokenKind.PLACE)
        and weight < UNMATCHED_FLOOR
    )


def _different_parts(
    q: PreparedForm, c: PreparedForm, matched_q: set[int], matched_c: set[int]
) -> bool:
    """Each side has a distinctive word the other lacks: "... AL-DULAIMI" vs "... AL-TIKRITI"
    names a different person, however much else agrees."""

    def loose(form: PreparedForm, matched: set[int]) -> bool:
        # Patronymics are compared by ``_patronymics_differ``.
        patronymics = patronymic_positions(form.tokens, form.form.schema)
        return any(
            token.kind is TokenKind.WORD
            and form.weights[i] >= PART_CONFLICT_MIN_WEIGHT
            and i not in patronymics
            for i, token in enumerate(form.tokens)
            if i not in matched
        )

    return loose(q, matched_q) and loose(c, matched_c)


def _jurisdictions(form: PreparedForm) -> frozenset[str]:
    return legal_forms.jurisdictions(
        [t for t in form.form.tokens if t.kind is TokenKind.LEGAL_FORM]
    )


def _legal_forms_compatible(q: PreparedForm, c: PreparedForm) -> bool:
    return any(legal_forms.compatible(a, b) for a in q.legal_forms for b in c.legal_forms)
