"""How much a token says about identity.

A word that appears in many listed names ("technology", "group", "international")
says little; a rare word ("hikvision", "megvii") says a lot. Weights come from document
frequencies over the loaded lists when they are known (``TokenStatistics``), and from a
short list of words that are generic in any list of company names otherwise, so that a
pair of names can be compared on its own.

Weights are *distinctiveness* in [0, 1]: the square of a normalised inverse document
frequency, so that generic words count an order of magnitude less than rare ones.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from entitywatch.matching import chinese_terms
from entitywatch.matching.types import Token, TokenKind

# Words that are generic in any list of organisation names, with the weight they get
# when no statistics are loaded. Written for entitywatch from the words the lists use.
GENERIC_WORDS: dict[str, float] = {
    word: weight
    for weight, words in (
        (0.03, "technology technologies tech science sciences company corporation group"),
        (0.05, "international industrial industry industries trading trade information"),
        (0.05, "development holding holdings enterprise enterprises services service"),
        (0.06, "engineering electronics electronic systems system network networks"),
        (0.06, "national general global limited investment investments management"),
        (0.08, "manufacturing equipment products product import export logistics"),
        (0.08, "research institute center centre university academy factory plant"),
        (0.08, "bureau department ministry office agency committee administration"),
        (0.08, "communication communications digital software intelligent materials"),
        (0.10, "bank shipping energy oil gas petroleum chemical chemicals machinery"),
        (0.10, "construction design solutions consulting partners associates capital"),
        (0.10, "new first central state public united joint stock branch co operative"),
        (0.12, "scientific production association foundation trust fund financial"),
        (0.12, "security defense defence military aviation aerospace marine"),
        (0.05, "com net org www online"),  # web-domain words: "JD.com"
        (0.08, "people peoples government municipal municipality prefecture province"),
        (0.08, "provincial county district city regional region autonomous"),
    )
    for word in words.split()
}


def generic_weight(text: str) -> float | None:
    """The weight of a generic word in English, or in pinyin ("keji" is "technology")."""
    weight = GENERIC_WORDS.get(text)
    if weight is not None:
        return weight
    if text.endswith("s") and text[:-1] in GENERIC_WORDS:
        return GENERIC_WORDS[text[:-1]]
    return pinyin_generic_weights().get(text)


@functools.cache
def pinyin_generic_weights() -> dict[str, float]:
    """Pinyin industry words weighted as their English rendering ("keji" as "technology")."""
    out: dict[str, float] = {}
    for pinyin, english in chinese_terms.ENGLISH_FOR_TERM.items():
        weights = [GENERIC_WORDS[w] for w in english[0].split() if w in GENERIC_WORDS]
        if weights:
            out[pinyin] = max(weights)
    return out


PLACE_WEIGHT_FACTOR = 0.25  # a place inside a company name is weak evidence
# A patronymic ("Viktorovich", "Oleksandrovych", "Petrovna") repeats the father's given
# name: lists write it, news and payments leave it out ("Sergey Lavrov" / "Sergey
# Viktorovich Lavrov"), and many people share it. Weak evidence, present or missing.
PATRONYMIC_WEIGHT_FACTOR = 0.15
PATRONYMIC_SUFFIXES: tuple[str, ...] = (
    "ovich", "evich", "ovych", "evych", "ovitch", "evitch", "ovna", "evna", "ivna", "ichna",
    "oglu", "ogly", "avich", "auna", "awna",
)  # fmt: skip
_PATRONYMIC_MIN_LENGTH = 8  # "Ilyich" or "Petrovna" may be names; "Viktorovich" is not
SHORT_TOKEN_CAP = 0.35  # two-letter tokens are mostly abbreviations (SZ, BJ, HK)
INITIAL_WEIGHT = 0.15
NUMBER_WEIGHT = 1.0  # numbers are identity: "No. 3" is not "No. 8"
MIN_WEIGHT = 0.02


@dataclass(slots=True)
class TokenStatistics:
    """Document frequencies of token texts over a set of parties (each counted once)."""

    documents: int = 0
    frequencies: Counter[str] = field(default_factory=Counter)

    def add_document(self, tokens: Iterable[str]) -> None:
        self.documents += 1
        self.frequencies.update(set(tokens))

    def idf_weight(self, text: str) -> float | None:
        """Squared normalised IDF in [0, 1]; None for a token the lists never use."""
        frequency = self.frequencies.get(text, 0)
        if self.documents < 50 or frequency == 0:
            return None
        top = math.log(self.documents + 1)
        idf = math.log((self.documents + 1) / (frequency + 0.5))
        return max(MIN_WEIGHT, min(1.0, idf / top)) ** 2


@dataclass(slots=True)
class TokenWeights:
    """Weight of each token for the matcher, from statistics and the generic list."""

    statistics: TokenStatistics | None = None
    _cache: dict[tuple[str, TokenKind], float] = field(default_factory=dict)

    def weight(self, token: Token) -> float:
        key = (token.text, token.kind)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        value = self._compute(token)
        self._cache[key] = value
        return value

    def _compute(self, token: Token) -> float:
        kind = token.kind
        if kind is TokenKind.LEGAL_FORM or kind is TokenKind.STOPWORD:
            return 0.0
        if kind is TokenKind.NUMBER:
            return NUMBER_WEIGHT
        if kind is TokenKind.INITIAL:
            return INITIAL_WEIGHT
        weight = 1.0
        if self.statistics is not None:
            from_statistics = self.statistics.idf_weight(token.text)
            if from_statistics is not None:
                weight = from_statistics
        generic = generic_weight(token.text)
        if generic is not None:
            weight = min(weight, generic)
        if len(token.text) == 2:
            weight = min(weight, SHORT_TOKEN_CAP)
        if kind is TokenKind.PLACE:
            weight *= PLACE_WEIGHT_FACTOR
        return max(MIN_WEIGHT, weight)


def is_patronymic(text: str) -> bool:
    """Whether a word has the form of a patronymic ("viktorovich", "oleksandrovych")."""
    return len(text) >= _PATRONYMIC_MIN_LENGTH and text.endswith(PATRONYMIC_SUFFIXES)


def patronymic_positions(tokens: Sequence[Token], schema: str | None) -> frozenset[int]:
    """Positions of the patronymics of a person's name: words of that form in a name of
    three words or more, never its first word, nor its last when another word before it has
    the form too. In "Alexander Lukashevich" or "Abramovich, Roman" the "-evich" word is the
    family name; in "Sergey Viktorovich Lavrov" and "LAVROV, Sergey Viktorovich" the
    patronymic is the third part, in "Roman Arkadyevich Abramovich" the second."""
    if schema != "Person":
        return frozenset()
    words = [i for i, token in enumerate(tokens) if token.kind is TokenKind.WORD]
    if len(words) < 3:
        return frozenset()
    found = [i for i in words[1:] if is_patronymic(tokens[i].text)]
    if len(found) > 1 and found[-1] == words[-1]:
        found.pop()
    return frozenset(found)
