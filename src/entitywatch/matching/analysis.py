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
import re

from entitywatch.matching import chinese, labels, legal_forms, numbers, places, text
from entitywatch.matching.types import NameForm, Token, TokenKind

STOPWORDS: frozenset[str] = frozenset(
    {
        "and", "of", "the", "for", "in", "on", "at", "by", "to", "a", "an",
        "de", "del", "della", "des", "du", "la", "le", "les", "el", "los", "las",
        "y", "e", "et", "und", "der", "die", "das", "van", "von",
    }
)  # fmt: skip


# Titles and honorifics before a person's name ("Mr.", "Dr.", "President Erdoğan",
# "Monsieur", "Shaikh", "Mullah"): they say what a person is, never who. In a person's
# name they are no evidence (like stopwords), so that "Dr. Rami Makhlouf" is "Rami
# Makhlouf" and a title on one side only costs nothing. Only words that are rarely names
# themselves ("Amir", "Sultan", "Sayyid" are names as often as titles: not here).
PERSON_TITLES: frozenset[str] = frozenset(
    {
        "mr", "mrs", "ms", "mx", "miss", "dr", "prof", "professor", "sir", "dame", "lord",
        "lady", "president", "prasident", "presidente", "prezident", "monsieur", "madame",
        "mme", "mlle", "herr", "frau", "senor", "senora", "sheikh", "shaikh", "sheik",
        "shaykh", "cheikh", "mullah", "mulla", "maulana", "mawlana", "maulvi", "mawlawi",
        "haji", "hajji", "hadji", "general", "colonel", "lieutenant", "reverend",
        "excellency", "honourable", "honorable",
    }
)  # fmt: skip
# Particles of people's names that say how the next name relates ("bin" / "ibn": son of,
# "al-" / "el-": the article of a family or tribal name, "ould", "bint"): written, dropped
# or swapped for one another ("Osama bin Laden" / "Usama ibn Laden", "Bashar al-Assad" /
# "Bashar Assad"), they are no evidence of identity.
PERSON_PARTICLES: frozenset[str] = frozenset(
    {"bin", "ibn", "bint", "binti", "al", "el", "ul", "ould", "da", "do", "dos", "das", "di"}
)
# Conjunctions of Spanish and Portuguese names ("Ortega y Gasset") stay stopwords in a
# person's name; every other single letter is an initial ("A. Khamenei", "Thomas A. Lind").
_PERSON_CONJUNCTIONS: frozenset[str] = frozenset({"y", "e"})


# Scripts that write consonants and leave most vowels out (Hebrew, Arabic, Syriac,
# Thaana): their transliterations are compared by consonant skeleton (compare.py).
_CONSONANTAL_SCRIPT = re.compile(
    r"[\u0590-\u05ff\u0600-\u06ff\u0700-\u074f\u0750-\u077f\u0780-\u07bf\ufb1d-\ufdff\ufe70-\ufeff]"
)
CONSONANTAL = "consonantal_script"


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
            label = CONSONANTAL if _CONSONANTAL_SCRIPT.search(variant_text) else variant
            candidates = [(tuple(tokenize(variant_text, schema)), label)]
        for raw_tokens, label in candidates:
            tokens = tuple(_interned(t) for t in raw_tokens)
            if tokens in seen or not any(_is_evidence(t) for t in tokens):
                continue
            seen.add(tokens)
            forms.append(NameForm(original=name, tokens=tokens, variant=label, schema=schema))
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
        if is_person:
            out.append(person_word_token(item, last=index == len(tagged) - 1))
        else:
            out.append(word_token(item))
        index += 1
    return _merge_number_words(out)


_TENS = {"20", "30", "40", "50", "60", "70", "80", "90"}


def _merge_number_words(tokens: list[Token]) -> list[Token]:
    """ "Forty Four", "forty-four" and "Forty 4" are the number 44, as one token."""
    out: list[Token] = []
    for token in tokens:
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.kind is TokenKind.NUMBER
            and token.kind is TokenKind.NUMBER
            and previous.text in _TENS
            and len(token.text) == 1
            and token.text != "0"
            and not previous.raw.isdigit()
        ):
            out[-1] = Token(
                str(int(previous.text) + int(token.text)),
                TokenKind.NUMBER,
                f"{previous.raw} {token.raw}",
            )
            continue
        out.append(token)
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


def person_word_token(word: str, *, last: bool = False) -> Token:
    """A word of a person's name: titles and particles are no evidence, single letters are
    initials. A particle is followed by the name it introduces: a last "Bin" is a name
    ("Ko Tae Bin")."""
    if word in PERSON_TITLES or (word in PERSON_PARTICLES and not last):
        return Token(word, TokenKind.STOPWORD, word)
    if len(word) == 1 and word.isalpha() and word not in _PERSON_CONJUNCTIONS:
        return Token(word, TokenKind.INITIAL, word)
    return word_token(word)


_TOKENS: dict[Token, Token] = {}


def _interned(token: Token) -> Token:
    """One object per distinct token: an index of the lists holds the same few thousand
    tokens many times over, and shares them in memory and in its cache file."""
    return _TOKENS.setdefault(token, token)


def _is_evidence(token: Token) -> bool:
    return token.kind not in (TokenKind.LEGAL_FORM, TokenKind.STOPWORD)
