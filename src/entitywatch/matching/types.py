"""The vocabulary of the matcher: tokens with kinds, and the forms a name is compared in."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TokenKind(StrEnum):
    """What a token is, which decides how it is compared and how much it weighs."""

    WORD = "word"  # an ordinary word: compared fuzzily, weighted by rarity
    NUMBER = "number"  # digits, ordinals, numerals ("No. 3", "3rd", "III" -> "3"): identity
    LEGAL_FORM = "legal_form"  # "Co., Ltd.", "LLC", "有限公司" -> a symbol such as "ltd"
    PLACE = "place"  # a place name inside a company name ("Beijing", "Hangzhou"): weak
    INITIAL = "initial"  # a single letter standing for a word ("W." in "William W. Frost")
    STOPWORD = "stopword"  # "and", "of", "the": never evidence on its own


@dataclass(frozen=True, slots=True)
class Token:
    """One unit of a name, normalised for comparison.

    ``text`` is the comparable form: ASCII lower case for words, digits for numbers, the
    canonical symbol for legal forms. ``raw`` is the text as written, for explanations.
    """

    text: str
    kind: TokenKind
    raw: str = ""

    def __reduce__(self) -> tuple[type[Token], tuple[str, TokenKind, str]]:
        # Unpickling a frozen dataclass field by field is slow; an index holds 10^5 tokens.
        return (Token, (self.text, self.kind, self.raw))


@dataclass(frozen=True, slots=True)
class NameForm:
    """One way of reading a name, as a sequence of tokens.

    A name can have several forms: as written, without a party label or vessel prefix,
    a Chinese name in pinyin and in translation, ... ``variant`` says which this is.
    """

    original: str
    tokens: tuple[Token, ...]
    variant: str = "as_written"
    schema: str | None = None  # the kind of party the name was analysed as, when known

    def __reduce__(
        self,
    ) -> tuple[type[NameForm], tuple[str, tuple[Token, ...], str, str | None]]:
        return (NameForm, (self.original, self.tokens, self.variant, self.schema))

    @property
    def evidence_tokens(self) -> tuple[Token, ...]:
        """The tokens that carry identity (legal forms and stopwords do not)."""
        return tuple(
            t for t in self.tokens if t.kind not in (TokenKind.LEGAL_FORM, TokenKind.STOPWORD)
        )

    @property
    def legal_forms(self) -> frozenset[str]:
        return frozenset(t.text for t in self.tokens if t.kind is TokenKind.LEGAL_FORM)

    @property
    def key(self) -> str:
        """The evidence tokens joined: equal keys mean the same name up to legal form."""
        return " ".join(t.text for t in self.evidence_tokens)
