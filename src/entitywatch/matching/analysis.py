"""From a name as written to the forms it is compared in.

The pipeline, each step in a module of its own:
1. ``labels.name_variants``: party labels ("BENEFICIARY:"), vessel prefixes ("M/V"),
   "ex-" / "f.k.a." names and address tails give the names actually meant;
2. a name in Chinese script goes to ``chinese.analyze_chinese`` (place + trade name +
   industry + legal form, in pinyin and in translation);
3. other names are folded to ASCII words (``text.fold_words``), legal forms become
   symbols (``legal_forms.tag_legal_forms``), numbers their value
   (``numbers.number_value``), and each remaining word gets its kind.
"""

from __future__ import annotations

import functools

from entitywatch.matching import chinese, labels, legal_forms, numbers, places, text
from entitywatch.matching.types import NameForm, Token, TokenKind

STOPWORDS: frozenset[str] = frozenset(
    {
        "and", "of", "the", "for", "in", "on", "at", "by", "to", "a", "an",
        "de", "del", "della", "des", "du", "la", "le", "les", "el", "los", "las",
        "y", "e", "et", "und", "der", "die", "das", "van", "von",
    }
)  # fmt: skip


@functools.lru_cache(maxsize=65536)
def analyze_name(name: str, schema: str | None = None) -> tuple[NameForm, ...]:
    """Every form of ``name`` worth comparing; empty when nothing identifying is left
    (an alias that is only "and", or only a legal form)."""
    forms: list[NameForm] = []
    seen: set[tuple[Token, ...]] = set()
    for variant_text, variant in labels.name_variants(name):
        if chinese.has_han(variant_text):
            candidates = [
                (tuple(tokens), label)
                for tokens, label in chinese.analyze_chinese(variant_text, schema)
            ]
        else:
            candidates = [(tuple(tokenize(variant_text, schema)), variant)]
        for tokens, label in candidates:
            if tokens in seen or not any(_is_evidence(t) for t in tokens):
                continue
            seen.add(tokens)
            forms.append(NameForm(original=name, tokens=tokens, variant=label))
    return tuple(forms)


def tokenize(name: str, schema: str | None = None) -> list[Token]:
    """Tokens of a name in a Latin (or transliterated) script."""
    words = text.fold_words(name)
    is_person = schema == "Person"
    # People have no legal form: "PAK, Han Se" must keep "se" as a name.
    tagged: list[str | Token] = list(words) if is_person else legal_forms.tag_legal_forms(words)
    out: list[Token] = []
    index = 0
    while index < len(tagged):
        item = tagged[index]
        if isinstance(item, Token):
            out.append(item)
            index += 1
            continue
        if not is_person:
            length = places.match_place(tagged, index)
            if length:
                words_of_place = [w for w in tagged[index : index + length] if isinstance(w, str)]
                out.append(
                    Token(
                        places.place_key(words_of_place), TokenKind.PLACE, " ".join(words_of_place)
                    )
                )
                index += length
                continue
        out.append(word_token(item))
        index += 1
    return out


def word_token(word: str) -> Token:
    value = numbers.number_value(word)
    if value is not None:
        return Token(value, TokenKind.NUMBER, word)
    if word in STOPWORDS:
        return Token(word, TokenKind.STOPWORD, word)
    if len(word) == 1 and word.isalpha():
        return Token(word, TokenKind.INITIAL, word)
    return Token(word, TokenKind.WORD, word)


def _is_evidence(token: Token) -> bool:
    return token.kind not in (TokenKind.LEGAL_FORM, TokenKind.STOPWORD)
