"""Candidate retrieval and entity scoring over the parties of a snapshot.

Scoring every listed name for every query is too slow, so the index finds the names
that could reach the caller's minimum score and scores only those, most promising first.

Retrieval mirrors the scorer (``compare.py``): a listed name is reached through every
relation by which the scorer can pair one of its tokens with a query token, the same
token, a spelling variant (within the scorer's edit allowance: words that start alike
are compared in C by rapidfuzz within buckets of first letter and length, and a change of
the first letter is looked up by the rest of the word), a sound, a plural, an
abbreviation, a shortened given name, two adjacent tokens written as one, initials, and
consonant skeletons for names from Hebrew or Arabic script.

While collecting, the index adds up for each name the query weight it could cover and
the candidate weight it could match (each posting key remembers the largest weight a
listed token behind it carries). From these, an *upper bound* of the score that
``compare_forms`` can give: the geometric mean of the two coverages (the scorer's
factors only lower it). Names whose bound is below the minimum are never scored; the
rest are scored in the order of their bounds, and scoring stops once the results
cannot change. Keys whose query weight could not lift a name to the minimum on their
own ("technology") only add to names that stronger keys found (the MaxScore rule).

The index is built once per set of snapshots and serialised with ``to_bytes``; the
screening use case caches it on disk, keyed by the snapshots' hashes.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import gc
import heapq
import pickle
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from entitywatch.matching.algorithm_v1 import best_comparison
from entitywatch.matching.analysis import analyze_name
from entitywatch.matching.compare import (
    ABBREVIATION_SIMILARITY,
    ACRONYM_SIMILARITY,
    CONSONANT_SIMILARITY,
    CONSONANTAL_VARIANT,
    FULL_COVERAGE,
    INITIAL_SIMILARITY,
    JOINED_TYPO_SIMILARITY,
    PHONETIC_SIMILARITY,
    PLURAL_SIMILARITY,
    SHORTENED_SIMILARITY,
    FormComparison,
    PreparedForm,
    _sound,
    abbreviation_forms,
    allowed_spelling_edits,
    consonant_skeleton,
    person_coverage_score,
    plural_variants,
    prepare,
)
from entitywatch.matching.entities import (
    EntityDescription,
    apply_effects,
    entity_evidence,
    largest_bonus,
    normalise_identifier,
)
from entitywatch.matching.types import TokenKind
from entitywatch.matching.weights import INITIAL_WEIGHT, TokenStatistics, TokenWeights
from entitywatch.model import Listing, NameKind, Party

INDEX_FORMAT_VERSION = 6
# Names scored at most when the caller sets no minimum score (best bounds first).
CANDIDATE_LIMIT = 400

# How much a name kind is trusted: a weak alias ("Huawei") is a lead, not a full match.
NAME_KIND_FACTOR = {
    NameKind.PRIMARY.value: 1.0,
    NameKind.ALIAS.value: 1.0,
    NameKind.PREVIOUS.value: 0.97,
    NameKind.WEAK_ALIAS.value: 0.92,
}


@dataclass(frozen=True, slots=True)
class PartyQuery:
    """What a user screens: a name, and optionally what else they know."""

    name: str
    schema: str | None = None
    countries: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    birth_date: str | None = None

    def description(self) -> EntityDescription:
        """What the query says beyond its name, for the entity evidence rules."""
        return EntityDescription.build(
            self.schema,
            countries=self.countries,
            identifiers=self.identifiers,
            birth_dates=[self.birth_date] if self.birth_date else [],
        )


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
    # What the entity evidence rules compare (entities.py), without names and addresses.
    evidence: EntityDescription
    listings: tuple[IndexedListing, ...]
    names: list[int] = field(default_factory=list)

    def __reduce__(self) -> tuple[type[IndexedParty], tuple[object, ...]]:
        return (
            IndexedParty,
            (
                self.party_id, self.schema, self.caption, self.countries, self.evidence,
                self.listings, self.names,
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


@dataclass(slots=True)
class _KeyGroup:
    """The keys through which one part of a query form (a token, two tokens written as
    one, the initials of a run) can reach listed names, and the query weight it covers."""

    weight: float
    # Each key with the highest similarity the scorer can give the pair it stands for.
    keys: list[tuple[str, float]]
    # Keys that only add to names found otherwise: a listed initial standing for a query
    # word is not enough evidence to make a name worth scoring.
    weak_keys: list[tuple[str, float]] = field(default_factory=list)


@dataclass(slots=True)
class _LookupTables:
    """Vocabulary tables for spelling variants (built with the index, cached with it)."""

    words: frozenset[str]
    by_start_length: dict[tuple[str, int], list[str]]
    by_tail: dict[str, list[str]]  # word without its first letter -> words
    person_words: frozenset[str]
    by_start: dict[str, list[str]]  # first letter -> words, sorted (prefix search)
    person_by_start_length: dict[tuple[str, int], list[str]]

    def __reduce__(self) -> tuple[type[_LookupTables], tuple[object, ...]]:
        return (
            _LookupTables,
            (
                self.words,
                self.by_start_length,
                self.by_tail,
                self.person_words,
                self.by_start,
                self.person_by_start_length,
            ),
        )

    @classmethod
    def of(cls, vocabulary: list[str], person_words: dict[str, list[str]]) -> _LookupTables:
        by_start_length: dict[tuple[str, int], list[str]] = defaultdict(list)
        by_tail: dict[str, list[str]] = defaultdict(list)
        by_start: dict[str, list[str]] = defaultdict(list)
        person_by_start_length: dict[tuple[str, int], list[str]] = defaultdict(list)
        for words in person_words.values():
            for word in words:
                person_by_start_length[(word[0], len(word))].append(word)
        for word in vocabulary:
            if len(word) >= 3:
                by_start_length[(word[0], len(word))].append(word)
                by_start[word[0]].append(word)
            if len(word) >= 4:
                by_tail[word[1:]].append(word)
        return cls(
            frozenset(vocabulary),
            dict(by_start_length),
            dict(by_tail),
            frozenset(word for words in person_words.values() for word in words),
            {letter: sorted(words) for letter, words in by_start.items()},
            dict(person_by_start_length),
        )


class MatcherIndex:
    """All names of a set of parties, analysed, weighted and indexed for retrieval."""

    def __init__(self) -> None:
        self.parties: list[IndexedParty] = []
        self.names: list[IndexedName] = []
        self.weights = TokenWeights(TokenStatistics())
        self.postings: dict[str, array[int]] = {}
        # The largest weight a listed token (or run of tokens) behind a key carries.
        self.key_weights: dict[str, float] = {}
        # The smallest total weight among each name's forms (bounds the coverage).
        self.name_totals: array[float] = array("d")
        # 1 for a name of a person (the scorer treats people's names more leniently).
        self.name_is_person = bytearray()
        # Each name's heaviest token: what a query initial could pair with at most.
        self.name_heaviest: array[float] = array("d")
        self.vocabulary: list[str] = []
        self.vocabulary_sounds: dict[str, array[int]] = {}
        # Words of people's names by first letter, sorted (spelling and shortened forms).
        self.person_words: dict[str, list[str]] = {}
        self.identifier_postings: dict[str, list[int]] = {}
        self._variant_memo: dict[tuple[str, bool], tuple[tuple[str, float], ...]] = {}
        self._joined_memo: dict[str, tuple[str, ...]] = {}
        self.lookup = _LookupTables(frozenset(), {}, {}, frozenset(), {}, {})

    # --- building ------------------------------------------------------------------

    @classmethod
    def build(
        cls, parties: Iterable[Party], *, statistics: TokenStatistics | None = None
    ) -> MatcherIndex:
        """The index of ``parties``. Token weights come from their own statistics, or
        from ``statistics`` (another index's: a pair then scores as it does there)."""
        enabled = gc.isenabled()
        gc.disable()  # the build allocates millions of objects that live on
        try:
            index = cls._build(parties, statistics)
        finally:
            _freeze_heap()
            if enabled:
                gc.enable()
        return index

    @classmethod
    def _build(cls, parties: Iterable[Party], borrowed: TokenStatistics | None) -> MatcherIndex:
        index = cls()
        if borrowed is not None:
            index.weights = TokenWeights(borrowed)
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
            if borrowed is None:
                statistics.add_document(party_tokens)
            for identifier in index.parties[number].evidence.identifiers:
                postings_of = index.identifier_postings.setdefault(identifier.value, [])
                if not postings_of or postings_of[-1] != number:
                    postings_of.append(number)
        postings: dict[str, set[int]] = defaultdict(set)
        key_weights: dict[str, float] = {}
        vocabulary: dict[str, int] = {}
        person_words: dict[str, set[str]] = defaultdict(set)
        totals: list[float] = []
        heaviest: list[float] = []
        for party_number, value, kind, forms in analysed:
            prepared = tuple(prepare(form, index.weights) for form in forms)
            name_number = len(index.names)
            index.names.append(IndexedName(party_number, value, kind, prepared))
            index.parties[party_number].names.append(name_number)
            totals.append(min(form.total for form in prepared))
            index.name_is_person.append(index.parties[party_number].schema == "Person")
            heaviest.append(max(max(form.weights, default=0.0) for form in prepared))
            is_person = index.parties[party_number].schema == "Person"
            for prepared_form in prepared:
                for key, weight in _form_keys(prepared_form):
                    postings[key].add(name_number)
                    if weight > key_weights.get(key, -1.0):
                        key_weights[key] = weight
                for token in prepared_form.tokens:
                    if token.kind is TokenKind.WORD or token.kind is TokenKind.PLACE:
                        vocabulary.setdefault(token.text, len(vocabulary))
                        if is_person and len(token.text) >= 3:
                            person_words[token.text[0]].add(token.text)
                for joined in _joined_texts(prepared_form):
                    vocabulary.setdefault(joined, len(vocabulary))
        # Arrays of ints, not lists: they pickle as bytes, so the cached index loads fast.
        index.postings = {key: array("i", sorted(values)) for key, values in postings.items()}
        index.key_weights = key_weights
        index.name_totals = array("d", totals)
        index.name_heaviest = array("d", heaviest)
        index.vocabulary = list(vocabulary)
        index.person_words = {letter: sorted(words) for letter, words in person_words.items()}
        sounds: dict[str, list[int]] = defaultdict(list)
        for number, text in enumerate(index.vocabulary):
            sound = _word_sound(text)
            if sound:
                sounds[sound].append(number)
        index.vocabulary_sounds = {sound: array("i", v) for sound, v in sounds.items()}
        index.lookup = _LookupTables.of(index.vocabulary, index.person_words)
        return index

    # --- retrieval ---------------------------------------------------------------

    def candidate_names(
        self,
        forms: list[PreparedForm],
        limit: int | None = None,
        *,
        min_score: float = 0.0,
    ) -> list[int]:
        """Names that could score at least ``min_score``, highest score bound first."""
        bounds = self.name_bounds(forms, min_score)
        ranked = sorted(bounds, key=lambda n: -bounds[n])
        return ranked if limit is None else ranked[:limit]

    def name_bounds(self, forms: list[PreparedForm], min_score: float = 0.0) -> dict[int, float]:
        """For each name that could score at least ``min_score`` against one of the
        query's forms, an upper bound of that score (see the module docstring)."""
        bounds: dict[int, float] = {}
        totals, is_person = self.name_totals, self.name_is_person
        for form in forms:
            if form.total <= 0:
                continue
            reach = self._reach(form, min_score)
            query_total = form.total
            query_person = form.form.schema == "Person"
            # A bound grows with the query's coverage a as sqrt(a), or as a ** 0.3 for
            # people's names (person_coverage_score with a full candidate): names below
            # this much query weight cannot reach ``min_score``, whatever else they match.
            exponent = 0.3 if query_person or self.has_person_names else 0.5
            needed = query_total * min_score ** (1.0 / exponent) if min_score > 0 else -1.0
            for name, (matched_query, matched_candidate) in reach.items():
                if matched_query < needed:
                    continue
                query_weight = min(matched_query, query_total)
                candidate_total = totals[name]
                if candidate_total <= 0:
                    continue
                coverage = min(1.0, matched_candidate / candidate_total)
                query_coverage = query_weight / query_total
                bound = (query_coverage * coverage) ** 0.5
                if (query_person or is_person[name]) and max(
                    query_coverage, coverage
                ) >= FULL_COVERAGE:
                    bound = max(bound, person_coverage_score(query_coverage, coverage))
                if bound >= min_score and bound > bounds.get(name, -1.0):
                    bounds[name] = bound
        return bounds

    def _reach(self, form: PreparedForm, min_score: float) -> dict[int, list[float]]:
        """For each name the query form reaches: [query weight it could cover, candidate
        weight it could match], both already scaled by the pairs' best similarity."""
        groups, unretrievable = self._query_groups(form)
        person = form.form.schema == "Person" or self.has_person_names
        groups.sort(key=lambda g: -g.weight)
        # What the groups from each one onwards could add to a name they alone reach.
        potential = [0.0] * (len(groups) + 1)
        for number in range(len(groups) - 1, -1, -1):
            potential[number] = potential[number + 1] + groups[number].weight
        reach: dict[int, list[float]] = {}
        postings = self.postings
        key_weights = self.key_weights
        for number, group in enumerate(groups):
            opens = (
                _bound_for_weight(potential[number] + unretrievable, form.total, person=person)
                >= min_score
            )
            keyed = [
                (found, similarity, similarity * key_weights[key])
                for key, similarity in group.keys
                if (found := postings.get(key)) is not None
            ]
            if not keyed:
                continue
            if len(keyed) == 1:  # the common case: straight into the totals
                found, similarity, candidate_weight = keyed[0]
                query_weight = group.weight * similarity
                for name in self._names_to_visit(found, reach, opens):
                    totals = reach.get(name)
                    if totals is None:
                        reach[name] = [query_weight, candidate_weight]
                    else:
                        totals[0] += query_weight
                        totals[1] += candidate_weight
                continue
            # Several keys of one query token: a name counts the best of them once.
            hits: dict[int, tuple[float, float]] = {}
            for found, similarity, candidate_weight in keyed:
                hit = (similarity, candidate_weight)
                for name in self._names_to_visit(found, reach, opens):
                    before = hits.get(name)
                    if before is None:
                        hits[name] = hit
                    elif before[0] < similarity or before[1] < candidate_weight:
                        hits[name] = (max(before[0], similarity), max(before[1], candidate_weight))
            for name, (similarity, candidate_weight) in hits.items():
                totals = reach.get(name)
                if totals is None:
                    reach[name] = [group.weight * similarity, candidate_weight]
                else:
                    totals[0] += group.weight * similarity
                    totals[1] += candidate_weight
        # Weak keys last, once every name that stronger keys reach is known.
        for group in groups:
            for key, similarity in group.weak_keys:
                found = postings.get(key)
                if found is None:
                    continue
                candidate_weight = similarity * key_weights[key]
                for name in self._names_to_visit(found, reach, False):
                    totals = reach[name]
                    totals[0] += group.weight * similarity
                    totals[1] += candidate_weight
        if unretrievable:
            # Query initials pair with any listed word that starts with their letter
            # (similarity 0.7), or with the same listed initial (an exact match).
            heaviest = self.name_heaviest
            for name, totals in reach.items():
                totals[0] += unretrievable
                totals[1] += max(INITIAL_SIMILARITY * heaviest[name], INITIAL_WEIGHT)
        return reach

    @staticmethod
    def _names_to_visit(
        found: array[int], reach: dict[int, list[float]], opens: bool
    ) -> Iterable[int]:
        """All names of a posting list, or (when the key cannot open new names) those of
        them already reached, by whichever of the two is the shorter walk."""
        if opens:
            return found
        if len(found) > 4 * len(reach):
            return [name for name in reach if _contains(found, name)]
        return [name for name in found if name in reach]

    @property
    def has_person_names(self) -> bool:
        return 1 in self.name_is_person

    def _query_groups(self, form: PreparedForm) -> tuple[list[_KeyGroup], float]:
        """The key groups of a query form, and the weight of its query initials (which
        pair with listed words by their first letter, and cannot be looked up)."""
        groups: list[_KeyGroup] = []
        unretrievable = 0.0
        tokens = form.tokens
        consonantal = form.form.variant == CONSONANTAL_VARIANT
        person = form.form.schema == "Person"
        single = sum(1 for t in tokens if t.kind is not TokenKind.NUMBER) == 1
        for position, token in enumerate(tokens):
            weight = form.weights[position]
            text = token.text
            if token.kind is TokenKind.INITIAL:
                unretrievable += weight
                continue
            keys = [("t:" + text, 1.0)]
            weak: list[tuple[str, float]] = []
            if token.kind is not TokenKind.NUMBER:
                keys.extend(("t:" + v, f) for v, f in self.spelling_variants(text, person))
            if token.kind is TokenKind.WORD:
                if single and 3 <= len(text) <= 8 and text.isalpha():
                    # the initials of a listed name ("SMIC")
                    keys.append(("a:" + text, ACRONYM_SIMILARITY))
                skeleton = consonant_skeleton(text)
                if len(skeleton) >= 2:
                    keys.append(("K:" + skeleton, CONSONANT_SIMILARITY))
                    if consonantal:
                        keys.append(("k:" + skeleton, CONSONANT_SIMILARITY))
                # a listed initial standing for this word
                weak.append(("t:" + text[0], INITIAL_SIMILARITY))
            groups.append(_KeyGroup(weight, keys, weak))
        for i in range(len(tokens) - 1):
            first, second = tokens[i], tokens[i + 1]
            if TokenKind.NUMBER in (first.kind, second.kind):
                continue
            joined = first.text + second.text
            keys = [("t:" + joined, 1.0)]
            if len(joined) >= 6:
                keys.extend(
                    ("t:" + v, JOINED_TYPO_SIMILARITY) for v in self.one_edit_variants(joined)
                )
            groups.append(_KeyGroup(form.weights[i] + form.weights[i + 1], keys))
        initials, positions = form.initials, form.initial_positions
        for end in range(3, min(len(initials), 8) + 1):
            run = [p for p in positions[:end] if p >= 0]
            if len(run) >= 2:  # a listed acronym of the query's first words ("SMIC")
                weight = sum(form.weights[p] for p in run)
                groups.append(_KeyGroup(weight, [("t:" + initials[:end], ACRONYM_SIMILARITY)]))
        return groups, unretrievable

    def spelling_variants(self, text: str, person: bool = False) -> tuple[tuple[str, float], ...]:
        """Words the scorer could pair with ``text`` by spelling, sound, plural,
        abbreviation or a shortened given name, each with the highest similarity the
        scorer gives that pair. The scorer is more tolerant where either name is a
        person's: with ``person`` (the query is), for every listed word; otherwise for the
        words of listed people's names."""
        memo = self._variant_memo
        key = (text, person)
        cached = memo.get(key)
        if cached is not None:
            return cached
        found = self._spelling_variants(text, person)
        if len(memo) > 200_000:
            memo.clear()
        memo[key] = found
        return found

    def one_edit_variants(self, text: str) -> tuple[str, ...]:
        """Listed words one edit from ``text`` (two query words written as one listed
        word with a typo: the scorer allows one edit there)."""
        memo = self._joined_memo
        cached = memo.get(text)
        if cached is not None:
            return cached
        lookup = self.lookup
        found = {word for word, _ in self._same_start_variants(text, lookup, True, most=1)}
        found.update(lookup.by_tail.get(text[1:], ()))
        found.update(lookup.by_tail.get(text, ()))
        if text[1:] in lookup.words:
            found.add(text[1:])
        found.discard(text)
        result = tuple(sorted(found))
        if len(memo) > 200_000:
            memo.clear()
        memo[text] = result
        return result

    def _spelling_variants(self, text: str, person: bool) -> tuple[tuple[str, float], ...]:
        found: dict[str, float] = {}

        def add(word: str, similarity: float) -> None:
            if found.get(word, 0.0) < similarity:
                found[word] = similarity

        length = len(text)
        lookup = self.lookup
        if length >= 3:
            for word, distance in self._same_start_variants(text, lookup, person):
                add(word, _spelling_similarity(distance, max(length, len(word))))
        if length >= 4:
            # One edit at the first letter: substituted, inserted or deleted.
            for word in (*lookup.by_tail.get(text[1:], ()), *lookup.by_tail.get(text, ())):
                add(word, _spelling_similarity(1, max(length, len(word))))
            if text[1:] in lookup.words:
                add(text[1:], _spelling_similarity(1, length))
        sound = _word_sound(text)
        if sound:
            for number in self.vocabulary_sounds.get(sound, ()):
                word = self.vocabulary[number]
                if word[0] == text[0]:
                    add(word, PHONETIC_SIMILARITY)
        for word in plural_variants(text):
            add(word, PLURAL_SIMILARITY)
        for expansion in abbreviation_forms(text):
            add(expansion, ABBREVIATION_SIMILARITY)
        if length >= 3:
            for word in self._shortened_variants(text, lookup, person):
                add(word, SHORTENED_SIMILARITY)
        found.pop(text, None)
        return tuple(sorted(found.items()))

    def _same_start_variants(
        self, text: str, lookup: _LookupTables, person: bool, most: int | None = None
    ) -> list[tuple[str, int]]:
        """Words that start like ``text`` and are within the scorer's edit allowance
        (at most ``most`` edits): the allowance for any name among all listed words, and
        the wider one for people's names among the words of listed people's names (among
        all words when the query is a person's name)."""
        length = len(text)
        letter = text[0]
        out: list[tuple[str, int]] = []
        widest = allowed_spelling_edits(length, length + 3, same_start=True, person=True)
        if most is not None:
            widest = min(widest, most)
        for other in range(max(3, length - widest), length + widest + 1):
            shorter, longer = min(length, other), max(length, other)
            general = allowed_spelling_edits(shorter, longer, same_start=True, person=False)
            personal = allowed_spelling_edits(shorter, longer, same_start=True, person=True)
            if most is not None:
                general, personal = min(general, most), min(personal, most)
            key = (letter, other)
            searches = [(lookup.by_start_length.get(key), personal if person else general)]
            if not person and personal > general:
                searches.append((lookup.person_by_start_length.get(key), personal))
            for bucket, cutoff in searches:
                if not bucket or cutoff == 0 or cutoff < longer - shorter:
                    continue
                for word, distance, _ in process.extract(
                    text, bucket, scorer=Levenshtein.distance, score_cutoff=cutoff, limit=None
                ):
                    out.append((word, distance))
        return out

    def _shortened_variants(self, text: str, lookup: _LookupTables, person: bool) -> list[str]:
        """Words of listed people's names that are a shortened form of ``text`` or of
        which ``text`` is one (Ben / Benjamin): two letters shorter or more."""
        bucket = (lookup.by_start if person else self.person_words).get(text[0])
        if not bucket:
            return []
        length = len(text)
        out = []
        start = bisect.bisect_left(bucket, text)
        for word in bucket[start:]:
            if not word.startswith(text):
                break
            if len(word) >= length + 2:
                out.append(word)
        for size in range(3, length - 1):
            prefix = text[:size]
            at = bisect.bisect_left(bucket, prefix)
            if at < len(bucket) and bucket[at] == prefix:
                out.append(prefix)
        return out

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
        """The best-scoring listed parties for ``query``, best first.

        Only names whose score bound reaches ``min_score`` (less what the query's country
        could add) are scored, highest bound first, until no later name could enter the
        ``limit`` best."""
        forms = [prepare(f, self.weights) for f in analyze_name(query.name, query.schema)]
        if query.schema is None and any(f.legal_forms for f in forms):
            # A name with a legal form is a company's, whatever the user left out.
            query = dataclasses.replace(query, schema="Company")
        described = query.description()
        bonus = largest_bonus(described)
        best: dict[int, EntityMatch] = {}
        if forms:
            floor = max(0.0, min_score - bonus)
            bounds = self.name_bounds(forms, floor)
            order = sorted(bounds, key=lambda n: -bounds[n])
            if floor <= 0:
                order = order[:CANDIDATE_LIMIT]
            top: list[float] = []  # the ``limit`` best adjusted scores so far (a min-heap)
            for name_number in order:
                name = self.names[name_number]
                kind_factor = NAME_KIND_FACTOR.get(name.kind, 1.0)
                bound = bounds[name_number] * kind_factor
                if bound < floor:
                    continue
                if len(top) >= limit and top[0] > bound + bonus:
                    break  # no later name can enter the results
                current = best.get(name.party)
                if current is not None and current.name_score >= bound:
                    continue
                party = self.parties[name.party]
                if not _party_in_scope(party, lists, as_of):
                    continue
                comparison = best_comparison(forms, name.forms)
                if comparison is None:
                    continue
                name_score = comparison.score * kind_factor
                if current is not None and current.name_score >= name_score:
                    continue
                best[name.party] = EntityMatch(
                    party, name_score, name_score, name.value, name.kind, comparison, []
                )
                adjusted = apply_effects(name_score, entity_evidence(described, party.evidence))
                if adjusted >= min_score:
                    if len(top) < limit:
                        heapq.heappush(top, adjusted)
                    elif adjusted > top[0]:
                        heapq.heapreplace(top, adjusted)
        self._identifier_hits(query, best, lists, as_of, forms)
        results = []
        for match in best.values():
            match.score = apply_effects(
                match.name_score, entity_evidence(described, match.party.evidence)
            )
            if match.score >= min_score:
                results.append(match)
        results.sort(key=lambda m: (-m.score, -_severity(m.party), m.party.party_id))
        del results[limit:]
        for match in results:  # the explanation, for the results only
            match.adjustments = [
                effect.to_dict() for effect in entity_evidence(described, match.party.evidence)
            ]
        return results

    def _identifier_hits(
        self,
        query: PartyQuery,
        best: dict[int, EntityMatch],
        lists: frozenset[str] | None,
        as_of: dt.date | None,
        forms: list[PreparedForm],
    ) -> None:
        values: set[str] = set()
        for raw in query.identifiers:
            value = normalise_identifier(raw)
            values.add(value)
            if value.startswith("IMO") and value[3:].isdigit():
                values.add(value[3:])  # listed IMO numbers are kept without the prefix
        for value in sorted(values):
            for number in self.identifier_postings.get(value, ()):
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
            _freeze_heap()
            if enabled:
                gc.enable()
        if version != INDEX_FORMAT_VERSION or not isinstance(index, cls):
            raise ValueError("index cache written by another version")
        return index

    def __getstate__(self) -> dict[str, Any]:
        state = {name: getattr(self, name) for name in _STATE_FIELDS}
        key_weights: dict[str, float] = state.pop("key_weights")
        # In the order of the postings' keys, so that they share the key strings.
        state["key_weights"] = array("d", (key_weights[key] for key in self.postings))
        # Posting lists as one flat array with offsets: a hundred thousand small arrays
        # would each cost a call when the cache is read.
        for name in ("postings", "vocabulary_sounds"):
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
        weights_in_key_order = state.pop("key_weights")
        self._variant_memo = {}
        self._joined_memo = {}
        for name in ("postings", "vocabulary_sounds"):
            keys, offsets, flat = state.pop(name)
            setattr(
                self,
                name,
                {key: flat[offsets[i] : offsets[i + 1]] for i, key in enumerate(keys)},
            )
        for name, value in state.items():
            setattr(self, name, value)
        self.key_weights = dict(zip(self.postings, weights_in_key_order, strict=True))


_STATE_FIELDS = (
    "parties", "names", "weights", "postings", "key_weights", "name_totals",
    "name_heaviest", "name_is_person", "vocabulary",
    "vocabulary_sounds", "person_words", "lookup", "identifier_postings",
)  # fmt: skip


def _freeze_heap() -> None:
    """Move every object alive now (the index above all) out of the cyclic garbage
    collector's reach: it holds no cycles to collect, and each full collection would
    otherwise walk its millions of objects, a pause of a second in the middle of a query."""
    gc.freeze()


def _word_sound(text: str) -> str:
    from entitywatch.matching.types import Token

    return _sound(Token(text, TokenKind.WORD))


def _form_keys(form: PreparedForm) -> list[tuple[str, float]]:
    """The posting keys of a listed name's form, each with the weight of the listed token
    (or tokens) behind it: what a query that reaches the name through the key can match."""
    keys: list[tuple[str, float]] = []
    tokens, weights = form.tokens, form.weights
    consonantal = form.form.variant == CONSONANTAL_VARIANT
    for token, weight in zip(tokens, weights, strict=True):
        keys.append(("t:" + token.text, weight))
        if token.kind is TokenKind.WORD:
            # Every name can be reached by its consonants from a query in Hebrew or
            # Arabic script; a name in such a script also by the consonants of a Latin query.
            skeleton = consonant_skeleton(token.text)
            keys.append((("K:" if consonantal else "k:") + skeleton, weight))
    for i in range(len(tokens) - 1):
        if TokenKind.NUMBER in (tokens[i].kind, tokens[i + 1].kind):
            continue
        # "hik vision" found by "hikvision"
        keys.append(("t:" + tokens[i].text + tokens[i + 1].text, weights[i] + weights[i + 1]))
    initials, positions = form.initials, form.initial_positions
    for end in range(3, min(len(initials), 8) + 1):
        run = [p for p in positions[:end] if p >= 0]
        if len(run) >= 2:  # a query acronym of this name's first words ("SMIC")
            keys.append(("a:" + initials[:end], sum(weights[p] for p in run)))
    return keys


def _joined_texts(form: PreparedForm) -> list[str]:
    """Adjacent tokens written as one, which a query may spell with a typo."""
    tokens = form.tokens
    return [
        tokens[i].text + tokens[i + 1].text
        for i in range(len(tokens) - 1)
        if TokenKind.NUMBER not in (tokens[i].kind, tokens[i + 1].kind)
        and len(tokens[i].text) + len(tokens[i + 1].text) >= 6
    ]


def _spelling_similarity(distance: int, longer: int) -> float:
    """The highest similarity the scorer gives words ``distance`` edits apart: as a
    spelling variant, or as two words written as one with a typo (for a single edit)."""
    similarity = max(0.6, 1.0 - distance / longer)
    return max(similarity, JOINED_TYPO_SIMILARITY) if distance == 1 else similarity


def _bound_for_weight(weight: float, query_total: float, *, person: bool) -> float:
    """The best score a name can get when it matches ``weight`` of the query's weight
    (``person``: when either name may be a person's, scored more leniently)."""
    if query_total <= 0:
        return 0.0
    coverage = min(1.0, weight / query_total)
    return person_coverage_score(coverage, 1.0) if person else float(coverage**0.5)


def _contains(postings: array[int], name: int) -> bool:
    at = bisect.bisect_left(postings, name)
    return at < len(postings) and postings[at] == name


def _indexed_party(party: Party) -> IndexedParty:
    evidence = dataclasses.replace(EntityDescription.from_party(party), names=(), addresses=())
    return IndexedParty(
        party_id=party.id,
        schema=party.schema.value,
        caption=party.caption,
        countries=frozenset(party.countries) | frozenset(party.nationalities),
        evidence=evidence,
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
