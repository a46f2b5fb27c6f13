"""Candidate retrieval and entity scoring over the parties of a snapshot.

Scoring every listed name for every query is too slow, so the index finds the names
worth scoring: those sharing a token with the query, a token the query spells
differently (found through a character-trigram index over the *vocabulary*, then
checked with the same edit-distance rule the scorer uses), a token that sounds the
same (metaphone), two adjacent tokens written as one, or initials. Only tokens that
carry evidence open postings: a name that shares nothing but "technology" with the
query could not reach the review threshold anyway.

The index is built once per set of snapshots and serialised with ``to_bytes``; the
screening use case caches it on disk, keyed by the snapshots' hashes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import pickle
import re
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import Levenshtein

from entitywatch.matching.algorithm_v1 import best_comparison
from entitywatch.matching.analysis import analyze_name
from entitywatch.matching.compare import (
    CONSONANTAL_VARIANT,
    FormComparison,
    PreparedForm,
    _sound,
    consonant_skeleton,
    prepare,
)
from entitywatch.matching.types import TokenKind
from entitywatch.matching.weights import TokenStatistics, TokenWeights
from entitywatch.model import Listing, NameKind, Party

INDEX_FORMAT_VERSION = 1
POSTING_MIN_WEIGHT = 0.08  # tokens below this weight only open postings when nothing else can
CANDIDATE_LIMIT = 400  # names scored in full per query, best pre-scores first

# How much a name kind is trusted: a weak alias ("Huawei") is a lead, not a full match.
NAME_KIND_FACTOR = {
    NameKind.PRIMARY.value: 1.0,
    NameKind.ALIAS.value: 1.0,
    NameKind.PREVIOUS.value: 0.97,
    NameKind.WEAK_ALIAS.value: 0.92,
}

_IDENTIFIER_JUNK = re.compile(r"[\s\-./]")


def normalise_identifier(value: str) -> str:
    return _IDENTIFIER_JUNK.sub("", value).upper()


@dataclass(frozen=True, slots=True)
class PartyQuery:
    """What a user screens: a name, and optionally what else they know."""

    name: str
    schema: str | None = None
    countries: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    birth_date: str | None = None


@dataclass(slots=True)
class IndexedName:
    party: int
    value: str
    kind: str
    forms: tuple[PreparedForm, ...]

    def __reduce__(self) -> tuple[type[IndexedName], tuple[object, ...]]:
        # The default pickling of slotted dataclasses goes field by field, slowly.
        return (IndexedName, (self.party, self.value, self.kind, self.forms))


@dataclass(slots=True)
class IndexedListing:
    list_code: str
    start_date: dt.date | None
    end_date: dt.date | None

    def __reduce__(self) -> tuple[type[IndexedListing], tuple[object, ...]]:
        return (IndexedListing, (self.list_code, self.start_date, self.end_date))


@dataclass(slots=True)
class IndexedParty:
    party_id: str
    schema: str
    caption: str
    countries: frozenset[str]
    identifiers: frozenset[str]
    birth_years: frozenset[int]
    listings: tuple[IndexedListing, ...]
    names: list[int] = field(default_factory=list)

    def __reduce__(self) -> tuple[type[IndexedParty], tuple[object, ...]]:
        return (
            IndexedParty,
            (
                self.party_id, self.schema, self.caption, self.countries, self.identifiers,
                self.birth_years, self.listings, self.names,
            ),
        )  # fmt: skip


@dataclass(slots=True)
class EntityMatch:
    """One listed party as a result: score, best name, and the explanation."""

    party: IndexedParty
    score: float
    name_score: float
    matched_name: str
    matched_name_kind: str
    comparison: FormComparison
    adjustments: list[dict[str, Any]]

    def explain(self) -> dict[str, Any]:
        return {
            "name": self.comparison.explain(),
            "matched_name_kind": self.matched_name_kind,
            "name_score": round(self.name_score, 4),
            "adjustments": self.adjustments,
            "score": round(self.score, 4),
        }


def _trigrams(text: str) -> set[str]:
    padded = f"^{text}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _allowed_edits(length_a: int, length_b: int) -> int:
    shorter, longer = sorted((length_a, length_b))
    if shorter < 4:
        return 0
    return 1 if longer <= 7 else 2 if longer <= 12 else 3


class MatcherIndex:
    """All names of a set of parties, analysed, weighted and indexed for retrieval."""

    def __init__(self) -> None:
        self.parties: list[IndexedParty] = []
        self.names: list[IndexedName] = []
        self.weights = TokenWeights(TokenStatistics())
        self.postings: dict[str, array[int]] = {}
        self.vocabulary: list[str] = []
        self.vocabulary_grams: dict[str, array[int]] = {}
        self.vocabulary_sounds: dict[str, array[int]] = {}
        self.identifier_postings: dict[str, list[int]] = {}

    # --- building ------------------------------------------------------------------

    @classmethod
    def build(cls, parties: Iterable[Party]) -> MatcherIndex:
        index = cls()
        statistics = index.weights.statistics
        assert statistics is not None
        analysed: list[tuple[int, str, str, tuple[Any, ...]]] = []
        for party in parties:
            number = len(index.parties)
            index.parties.append(_indexed_party(party))
            party_tokens: set[str] = set()
            for name in party.names:
                forms = analyze_name(name.value, party.schema.value)
                if not forms:
                    continue
                analysed.append((number, name.value, name.kind.value, forms))
                for form in forms:
                    party_tokens.update(t.text for t in form.evidence_tokens)
            statistics.add_document(party_tokens)
            for identifier in index.parties[number].identifiers:
                index.identifier_postings.setdefault(identifier, []).append(number)
        postings: dict[str, set[int]] = defaultdict(set)
        vocabulary: dict[str, int] = {}
        for party_number, value, kind, forms in analysed:
            prepared = tuple(prepare(form, index.weights) for form in forms)
            name_number = len(index.names)
            index.names.append(IndexedName(party_number, value, kind, prepared))
            index.parties[party_number].names.append(name_number)
            for prepared_form in prepared:
                for key in _form_keys(prepared_form):
                    postings[key].add(name_number)
                for token in prepared_form.tokens:
                    if token.kind is TokenKind.WORD and token.text not in vocabulary:
                        vocabulary[token.text] = len(vocabulary)
        # Arrays of ints, not lists: they pickle as bytes, so the cached index loads fast.
        index.postings = {key: array("i", sorted(values)) for key, values in postings.items()}
        index.vocabulary = list(vocabulary)
        grams: dict[str, list[int]] = defaultdict(list)
        sounds: dict[str, list[int]] = defaultdict(list)
        for number, text in enumerate(index.vocabulary):
            if len(text) >= 4:
                for gram in _trigrams(text):
                    grams[gram].append(number)
            sound = _word_sound(text)
            if sound:
                sounds[sound].append(number)
        index.vocabulary_grams = {gram: array("i", v) for gram, v in grams.items()}
        index.vocabulary_sounds = {sound: array("i", v) for sound, v in sounds.items()}
        return index

    # --- retrieval ---------------------------------------------------------------

    def candidate_names(self, forms: list[PreparedForm], limit: int = CANDIDATE_LIMIT) -> list[int]:
        """Names worth scoring for a query, best pre-scores first."""
        prescore: dict[int, float] = defaultdict(float)
        for form in forms:
            strong = [w >= POSTING_MIN_WEIGHT for w in form.weights]
            use_weak = not any(strong)
            for position, token in enumerate(form.tokens):
                weight = form.weights[position]
                if not strong[position] and not use_weak:
                    continue
                for key in self._query_keys(form, position):
                    for name in self.postings.get(key, ()):
                        if prescore[name] < 50:
                            prescore[name] += weight
                if token.kind is TokenKind.WORD:
                    for variant in self._spelling_variants(token.text):
                        for name in self.postings.get("t:" + variant, ()):
                            prescore[name] += weight * 0.8
                    skeleton = consonant_skeleton(token.text)
                    if len(skeleton) >= 2:
                        if form.form.variant == CONSONANTAL_VARIANT:
                            keys: tuple[str, ...] = ("k:" + skeleton, "K:" + skeleton)
                        else:
                            keys = ("K:" + skeleton,)
                        for key in keys:
                            for name in self.postings.get(key, ()):
                                prescore[name] += weight * 0.6
            for key in _joined_and_acronym_query_keys(form):
                for name in self.postings.get(key, ()):
                    prescore[name] += 0.5
        ranked = sorted(prescore, key=lambda n: -prescore[n])
        return ranked[:limit]

    def _query_keys(self, form: PreparedForm, position: int) -> list[str]:
        token = form.tokens[position]
        keys = ["t:" + token.text]
        if token.kind is TokenKind.WORD and 2 <= len(token.text) <= 8 and token.text.isalpha():
            keys.append("a:" + token.text)  # the query token may be a listed name's initials
        return keys

    def _spelling_variants(self, text: str) -> list[str]:
        """Vocabulary words the scorer would pair with ``text`` by spelling or sound."""
        found: set[str] = set()
        if len(text) >= 4:
            grams = _trigrams(text)
            counts: dict[int, int] = defaultdict(int)
            for gram in grams:
                for number in self.vocabulary_grams.get(gram, ()):
                    counts[number] += 1
            # An edit changes at most three trigrams; allow for the length difference.
            needed = max(1, len(grams) - 3 * _allowed_edits(len(text), len(text) + 3))
            for number, count in counts.items():
                if count < needed:
                    continue
                word = self.vocabulary[number]
                allowed = _allowed_edits(len(text), len(word))
                if word[0] != text[0]:
                    allowed = min(allowed, 1)
                if allowed and Levenshtein.distance(text, word, score_cutoff=allowed) <= allowed:
                    found.add(word)
        sound = _word_sound(text)
        if sound:
            for number in self.vocabulary_sounds.get(sound, ()):
                word = self.vocabulary[number]
                if word[0] == text[0]:
                    found.add(word)
        found.discard(text)
        return sorted(found)

    # --- scoring -----------------------------------------------------------------

    def search(
        self,
        query: PartyQuery,
        *,
        limit: int = 10,
        lists: frozenset[str] | None = None,
        as_of: dt.date | None = None,
        min_score: float = 0.0,
    ) -> list[EntityMatch]:
        """The best-scoring listed parties for ``query``, best first."""
        forms = [prepare(f, self.weights) for f in analyze_name(query.name, query.schema)]
        if query.schema is None and any(f.legal_forms for f in forms):
            # A name with a legal form is a company's, whatever the user left out.
            query = dataclasses.replace(query, schema="Company")
        best: dict[int, EntityMatch] = {}
        if forms:
            for name_number in self.candidate_names(forms):
                name = self.names[name_number]
                party = self.parties[name.party]
                if not _party_in_scope(party, lists, as_of):
                    continue
                comparison = best_comparison(forms, name.forms)
                if comparison is None:
                    continue
                name_score = comparison.score * NAME_KIND_FACTOR.get(name.kind, 1.0)
                current = best.get(name.party)
                if current is not None and current.name_score >= name_score:
                    continue
                best[name.party] = EntityMatch(
                    party, name_score, name_score, name.value, name.kind, comparison, []
                )
        self._identifier_hits(query, best, lists, as_of, forms)
        results = []
        for match in best.values():
            _adjust(match, query)
            if match.score >= min_score:
                results.append(match)
        results.sort(key=lambda m: (-m.score, -_severity(m.party), m.party.party_id))
        return results[:limit]

    def _identifier_hits(
        self,
        query: PartyQuery,
        best: dict[int, EntityMatch],
        lists: frozenset[str] | None,
        as_of: dt.date | None,
        forms: list[PreparedForm],
    ) -> None:
        for raw in query.identifiers:
            for number in self.identifier_postings.get(normalise_identifier(raw), ()):
                party = self.parties[number]
                if number in best or not _party_in_scope(party, lists, as_of):
                    continue
                names = [self.names[n] for n in party.names]
                comparison = None
                chosen = names[0] if names else None
                for name in names:
                    result = best_comparison(forms, name.forms) if forms else None
                    if result is not None and (
                        comparison is None or result.score > comparison.score
                    ):
                        comparison, chosen = result, name
                if comparison is None or chosen is None:
                    continue
                best[number] = EntityMatch(
                    party,
                    comparison.score,
                    comparison.score,
                    chosen.value,
                    chosen.kind,
                    comparison,
                    [],
                )

    # --- persistence ---------------------------------------------------------------

    def to_bytes(self) -> bytes:
        return pickle.dumps((INDEX_FORMAT_VERSION, self), protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, data: bytes) -> MatcherIndex:
        # Unpickling creates ~10^5 tracked objects; with the cyclic GC on, it would sweep
        # the growing heap every few hundred allocations (2.5 s instead of 0.5 s).
        enabled = gc.isenabled()
        gc.disable()
        try:
            version, index = pickle.loads(data)
        finally:
            if enabled:
                gc.enable()
        if version != INDEX_FORMAT_VERSION or not isinstance(index, cls):
            raise ValueError("index cache written by another version")
        return index

    def __getstate__(self) -> dict[str, Any]:
        state = {name: getattr(self, name) for name in _STATE_FIELDS}
        # Posting lists as one flat array with offsets: a hundred thousand small arrays
        # would each cost a call when the cache is read.
        for name in ("postings", "vocabulary_grams", "vocabulary_sounds"):
            table: dict[str, array[int]] = state.pop(name)
            keys = list(table)
            offsets = array("i", [0])
            flat: array[int] = array("i")
            for key in keys:
                flat.extend(table[key])
                offsets.append(len(flat))
            state[name] = (keys, offsets, flat)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name in ("postings", "vocabulary_grams", "vocabulary_sounds"):
            keys, offsets, flat = state.pop(name)
            setattr(
                self,
                name,
                {key: flat[offsets[i] : offsets[i + 1]] for i, key in enumerate(keys)},
            )
        for name, value in state.items():
            setattr(self, name, value)


_STATE_FIELDS = (
    "parties", "names", "weights", "postings", "vocabulary", "vocabulary_grams",
    "vocabulary_sounds", "identifier_postings",
)  # fmt: skip


def _word_sound(text: str) -> str:
    from entitywatch.matching.types import Token

    return _sound(Token(text, TokenKind.WORD))


def _form_keys(form: PreparedForm) -> set[str]:
    keys: set[str] = set()
    tokens = form.tokens
    consonantal = form.form.variant == CONSONANTAL_VARIANT
    for token in tokens:
        keys.add("t:" + token.text)
        if token.kind is TokenKind.WORD:
            # Every name can be reached by its consonants from a query in Hebrew or
            # Arabic script; a name in such a script also by the consonants of a Latin query.
            keys.add(("K:" if consonantal else "k:") + consonant_skeleton(token.text))
    for i in range(len(tokens) - 1):
        keys.add("t:" + tokens[i].text + tokens[i + 1].text)  # "hik vision" found by "hikvision"
    initials = form.initials
    if len(initials) >= 2:
        for start in range(len(initials)):
            for end in range(start + 2, min(len(initials), start + 8) + 1):
                keys.add("a:" + initials[start:end])
    return keys


def _joined_and_acronym_query_keys(form: PreparedForm) -> set[str]:
    """Keys for a listed name that is one word where the query has two, or the initials
    of the query ("Semiconductor Manufacturing International Corporation" -> "smic")."""
    keys: set[str] = set()
    tokens = form.tokens
    for i in range(len(tokens) - 1):
        keys.add("t:" + tokens[i].text + tokens[i + 1].text)
    initials = form.initials
    if len(initials) >= 2:
        for start in range(len(initials)):
            for end in range(start + 2, min(len(initials), start + 8) + 1):
                keys.add("t:" + initials[start:end])
    return keys


def _indexed_party(party: Party) -> IndexedParty:
    years: set[int] = set()
    for value in party.birth_dates:
        if len(value) >= 4 and value[:4].isdigit():
            years.add(int(value[:4]))
    return IndexedParty(
        party_id=party.id,
        schema=party.schema.value,
        caption=party.caption,
        countries=frozenset(party.countries) | frozenset(party.nationalities),
        identifiers=frozenset(normalise_identifier(i.value) for i in party.identifiers if i.value),
        birth_years=frozenset(years),
        listings=tuple(_indexed_listing(listing) for listing in party.listings),
    )


def _indexed_listing(listing: Listing) -> IndexedListing:
    return IndexedListing(listing.list_code, listing.start_date, listing.end_date)


# Among equal scores, the party whose listing restricts most comes first.
_LIST_SEVERITY = {"SDN": 9, "DPL": 9, "UN": 8, "EL": 7, "MEU": 6, "MIEU": 6, "FSE": 5,
                  "SSI": 4, "UVL": 4, "CMIC": 3}  # fmt: skip


def _severity(party: IndexedParty) -> int:
    return max((_LIST_SEVERITY.get(listing.list_code, 1) for listing in party.listings), default=0)


def _party_in_scope(
    party: IndexedParty, lists: frozenset[str] | None, as_of: dt.date | None
) -> bool:
    for listing in party.listings:
        if lists is not None and listing.list_code not in lists:
            continue
        if as_of is not None:
            if listing.start_date is not None and listing.start_date > as_of:
                continue
            if listing.end_date is not None and listing.end_date <= as_of:
                continue
        return True
    return False


_COMPATIBLE_SCHEMAS = {
    "Person": {"Person", "LegalEntity"},
    "Company": {"Company", "Organization", "LegalEntity"},
    "Organization": {"Company", "Organization", "LegalEntity"},
    "LegalEntity": {"Person", "Company", "Organization", "LegalEntity", "Vessel", "Aircraft"},
    "Vessel": {"Vessel", "LegalEntity"},
    "Aircraft": {"Aircraft", "LegalEntity"},
}
SCHEMA_CONFLICT_FACTOR = 0.7
COUNTRY_MISMATCH_FACTOR = 0.92
COUNTRY_MATCH_BONUS = 0.03
BIRTH_YEAR_MISMATCH_FACTOR = 0.8
IDENTIFIER_MATCH_FLOOR = 0.97


def _adjust(match: EntityMatch, query: PartyQuery) -> None:
    """Evidence beyond the name: type, country, identifiers, birth date."""
    score = match.name_score
    party = match.party
    notes = match.adjustments
    if query.schema and party.schema not in _COMPATIBLE_SCHEMAS.get(query.schema, {party.schema}):
        score *= SCHEMA_CONFLICT_FACTOR
        notes.append(
            {
                "feature": "type",
                "query": query.schema,
                "candidate": party.schema,
                "effect": f"x{SCHEMA_CONFLICT_FACTOR}",
                "why": "different kinds of party",
            }
        )
    wanted = {c.upper() for c in query.countries if c}
    if wanted and party.countries:
        if wanted & party.countries:
            score = min(1.0, score + COUNTRY_MATCH_BONUS)
            notes.append(
                {
                    "feature": "country",
                    "query": sorted(wanted),
                    "candidate": sorted(party.countries),
                    "effect": f"+{COUNTRY_MATCH_BONUS}",
                    "why": "same country",
                }
            )
        else:
            score *= COUNTRY_MISMATCH_FACTOR
            notes.append(
                {
                    "feature": "country",
                    "query": sorted(wanted),
                    "candidate": sorted(party.countries),
                    "effect": f"x{COUNTRY_MISMATCH_FACTOR}",
                    "why": "no country in common",
                }
            )
    shared = {normalise_identifier(i) for i in query.identifiers} & party.identifiers
    if shared:
        score = max(score, IDENTIFIER_MATCH_FLOOR)
        notes.append(
            {
                "feature": "identifier",
                "values": sorted(shared),
                "effect": f">={IDENTIFIER_MATCH_FLOOR}",
                "why": "the same identifier",
            }
        )
    if query.birth_date and party.birth_years and query.birth_date[:4].isdigit():
        year = int(query.birth_date[:4])
        if any(abs(year - y) <= 1 for y in party.birth_years):
            notes.append({"feature": "birth_date", "effect": "none", "why": "birth year agrees"})
        else:
            score *= BIRTH_YEAR_MISMATCH_FACTOR
            notes.append(
                {
                    "feature": "birth_date",
                    "query": query.birth_date,
                    "candidate": sorted(party.birth_years),
                    "effect": f"x{BIRTH_YEAR_MISMATCH_FACTOR}",
                    "why": "birth years differ",
                }
            )
    match.score = max(0.0, min(1.0, score))
