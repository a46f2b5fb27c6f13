"""Names in Chinese script, read the way the official lists write them in Latin script.

A Chinese organisation name is built as place + trade name + industry + organisation
form: 北京 / 商汤 / 科技 开发 / 有限公司. The lists' English names keep that structure
but treat each part differently: the place is spelled in pinyin (or a conventional
spelling: 阿克苏 Aksu), the trade name is transliterated (商汤 Shangtang) or replaced by
a brand, the industry words are translated (科技 开发 "Technology Development") and the
organisation form becomes a legal form ("Co., Ltd."). So ``analyze_chinese`` segments the
name (``segment``) and reads it in two forms:

- ``pinyin``: every part in pinyin, one token per word (北京 -> PLACE "beijing", 商汤 ->
  "shangtang", 科技 -> "keji"), the organisation form as a legal-form symbol ("ltd"). It
  matches the pinyin aliases the lists carry ("Beijing Shangtang Keji", "Zhongke
  Shuguang", "Bingtuan");
- ``translated``: place and trade name in pinyin, industry and organisation words in the
  English the lists use (科技 "technology", 兵团 "corps"). It matches the English names
  ("Tianjin Feiteng Information Technology", "Xinjiang Production and Construction
  Corps").

In both forms a place token's text is the key ``places.place_key`` gives its pinyin, the
same for every spelling of the place (阿克苏 -> "akesu", as Aksu, Aqsu and Akesu are; 香港
-> "hongkong"; 中国 -> "china"), so that the Latin-script side can compare it exactly.

Segmentation is dictionary-driven (``places_cn``, ``chinese_terms``), longest match,
without a statistical segmenter: places are read from the start of the name, organisation
forms, numbers (第十四研究所 -> 14) and industry words from its end, and what is left in
between starts with the trade name. Unknown words are never dropped: they are read in
pinyin.

Limits, stated plainly:

- A brand is not a transliteration. 海康威视 reads "haikang weishi", while the lists say
  "Hikvision"; 中芯国际 is "zhongxin guoji", the lists "SMIC" / "Semiconductor
  Manufacturing International". For such names only the place, industry and legal form
  words can match, and those are weak evidence by design (``weights``): the Chinese name
  alone does not find the listed party unless the lists also carry the pinyin alias
  (some do: "Beijing Shangtang", "Nanchang Oufeiguang", "Zhongke Shuguang").
- Translations are the ones the lists use most; the others are in
  ``chinese_terms.ENGLISH_FOR_TERM`` for the scorer, not in the tokens.
- Foreign names written in Chinese (洛克希德·马丁 Lockheed Martin) are phonetic
  renderings: their pinyin resembles the original only loosely.
- Traditional characters are converted to simplified with a table of the characters
  that organisation names use (``chinese_terms.TRADITIONAL_TO_SIMPLIFIED``); pinyin reads
  both scripts anyway.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from entitywatch.matching import places
from entitywatch.matching.chinese_terms import (
    LONGEST_TERM,
    TERMS,
    Term,
    TermKind,
    pinyin_syllables,
    to_simplified,
)
from entitywatch.matching.places_cn import LONGEST_PLACE, PLACE_NAMES
from entitywatch.matching.text import fold_words
from entitywatch.matching.types import Token, TokenKind

PINYIN = "pinyin"
TRANSLATED = "translated"

# CJK unified ideographs: the basic block, extension A, extensions B-G (planes 2 and 3)
# and the compatibility ideographs (which NFKC maps to unified ones anyway).
_HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN = re.compile(f"[{_HAN_CLASS}]")
_IDEOGRAPHIC_ZERO = "\u3007"  # 〇, a numeral written among hanzi

_DIGITS = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000}
_NUMERALS = frozenset(_DIGITS) | frozenset(_MULTIPLIERS)
_ORDINAL_PREFIX = "第"

# Placeholders in the coded name: one character per atom that is not a hanzi.
_SEP = "\ue000"  # a separator: space, punctuation, ·
_LATIN = "\ue001"  # a word in Latin (or any non-Han) script
_ARABIC = "\ue002"  # a run of digits
_GROUP = "\ue003"  # a bracketed group, analysed on its own
_OPAQUE = frozenset({_SEP, _LATIN, _ARABIC, _GROUP})

# A run of text in another script is one atom from its first word character to its last
# ("Teledyne FLIR", "E&S"), so that ``fold_words`` reads it as it reads Latin names.
_WORD_CHAR = rf"[^\W_{_HAN_CLASS}{_IDEOGRAPHIC_ZERO}]"
_ATOM = re.compile(
    rf"(?P<han>[{_HAN_CLASS}{_IDEOGRAPHIC_ZERO}])"
    rf"|(?P<word>{_WORD_CHAR}(?:[^{_HAN_CLASS}{_IDEOGRAPHIC_ZERO}·•・]*{_WORD_CHAR})?)"
    r"|(?P<sep>.)",
    re.DOTALL,
)
_BRACKETED = re.compile(r"[(\[【〔]([^()\[\]【】〔〕]*)[)\]】〕]")

# A place suffix is not one when it starts a word: 北京市场 is Beijing + market.
_NOT_AFTER_SUFFIX = {"市": "场政", "区": "块域"}

# Connectors that split an unknown run; 和 is left out, it is common in trade names (丰和).
_RUN_CONNECTORS = frozenset("与及暨")

# English words of translations that carry no identity.
_ENGLISH_STOPWORDS = frozenset({"and", "of", "the", "for", "in"})


class Role(StrEnum):
    """What a piece of a Chinese name is."""

    PLACE = "place"
    COUNTRY = "country"
    TRADE_NAME = "trade_name"
    INDUSTRY = "industry"
    ORGANISATION = "organisation"
    LEGAL_FORM = "legal_form"
    NUMBER = "number"
    ADMINISTRATIVE = "administrative"
    ETHNIC = "ethnic"
    CONNECTOR = "connector"
    OTHER = "other"  # a word the dictionaries do not know, after the trade name


_ROLE_OF_KIND = {
    TermKind.LEGAL_FORM: Role.LEGAL_FORM,
    TermKind.ORGANISATION: Role.ORGANISATION,
    TermKind.NUMBERED_UNIT: Role.ORGANISATION,
    TermKind.INDUSTRY: Role.INDUSTRY,
    TermKind.ADMINISTRATIVE: Role.ADMINISTRATIVE,
    TermKind.ETHNIC: Role.ETHNIC,
    TermKind.CONNECTOR: Role.CONNECTOR,
    TermKind.FOREIGN_COUNTRY: Role.COUNTRY,
}


@dataclass(frozen=True, slots=True)
class Piece:
    """A segment of a Chinese name with its role.

    ``text`` is as written (simplified characters; a Latin word as is). ``value`` is the
    place's pinyin, the legal-form symbol, the number's digits or the term's hanzi.
    ``suffix`` is the administrative suffix a place was written with (市, 维吾尔自治区).
    """

    text: str
    role: Role
    value: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class ChineseNameParts:
    """The segmentation of a Chinese organisation name, for explanations and tests.

    深圳市大疆创新科技有限公司 -> place ("深圳市",), trade_name "大疆", industry
    ("创新", "科技"), form ("有限公司",), rest "". ``rest`` is what follows the
    organisation form as written (第十四研究所 in 中国电子科技集团公司第十四研究所).
    """

    place: tuple[str, ...]
    trade_name: str
    industry: tuple[str, ...]
    form: tuple[str, ...]
    rest: str
    pieces: tuple[Piece, ...]


def has_han(text: str) -> bool:
    """Whether ``text`` holds a Chinese character (simplified, traditional or rare)."""
    return not text.isascii() and _HAN.search(text) is not None


def chinese_number(text: str) -> int | None:
    """The value of a number in Chinese numerals: 十四 -> 14, 七一一 -> 711, 一百零八 -> 108.

    Numerals without 十/百/千 are read digit by digit, as unit numbers are (七〇七所).
    """
    if not text or any(ch not in _NUMERALS for ch in text):
        return None
    if not any(ch in _MULTIPLIERS for ch in text):
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total = current = 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        else:
            total += (current or 1) * _MULTIPLIERS[ch]
            current = 0
    return total + current


def segment(text: str) -> ChineseNameParts:
    """The parts of a Chinese organisation name: place, trade name, industry, form, rest."""
    return _segment(text)


def analyze_chinese(text: str, schema: str | None = None) -> list[tuple[list[Token], str]]:
    """The token forms of a name in Chinese script, each with its variant label.

    ``[(pinyin tokens, "pinyin"), (translated tokens, "translated")]``; the translated
    form is left out when it equals the pinyin one. A person's name (``schema`` "Person")
    is read as surname + given name in pinyin only.
    """
    return [(list(tokens), label) for tokens, label in _analyze(text, schema)]


# --- segmentation ---------------------------------------------------------------------


@dataclass(slots=True)
class _Coded:
    """A name as one code per atom: a hanzi stands for itself, anything else for a
    placeholder, so that dictionary keys can be looked up in plain string slices."""

    codes: str
    atoms: list[str]
    groups: dict[int, tuple[Piece, ...]]


def _normalise(text: str) -> str:
    return to_simplified(unicodedata.normalize("NFKC", text))


def _encode(text: str) -> _Coded:
    codes: list[str] = []
    atoms: list[str] = []
    groups: dict[int, tuple[Piece, ...]] = {}
    position = 0
    for match in _BRACKETED.finditer(text):
        _encode_plain(text[position : match.start()], codes, atoms)
        inner = match.group(1).strip()
        if inner:
            groups[len(codes)] = _group_pieces(inner)
            codes.append(_GROUP)
            atoms.append(match.group(0))
        position = match.end()
    _encode_plain(text[position:], codes, atoms)
    return _Coded("".join(codes), atoms, groups)


def _encode_plain(text: str, codes: list[str], atoms: list[str]) -> None:
    for match in _ATOM.finditer(text):
        kind, value = match.lastgroup, match.group(0)
        if kind == "han":
            codes.append(value)
        elif kind == "word":
            codes.append(_ARABIC if value.isdecimal() else _LATIN)
        else:
            codes.append(_SEP)
        atoms.append(value)


def _group_pieces(inner: str) -> tuple[Piece, ...]:
    """The pieces of a bracketed group: a place (（北京）) or a name of its own."""
    place = PLACE_NAMES.get(inner)
    if place is not None:
        return (Piece(inner, Role.PLACE, place.pinyin, place.suffix),)
    return _segment(inner).pieces


@functools.lru_cache(maxsize=16384)
def _segment(text: str) -> ChineseNameParts:
    coded = _encode(_normalise(text))
    scanner = _Scanner(coded)
    prefix, start = scanner.places_at_start()
    tail, end = scanner.strip_end(start)
    trade, trade_end = scanner.trade_name(start, end)
    middle = scanner.forward(trade_end, end)
    trade_text = "".join(coded.atoms[start:trade_end]).strip(" ·•・-_/,，、")
    return _parts(prefix, trade, trade_text, middle + tail)


def _parts(
    prefix: list[Piece], trade: list[Piece], trade_text: str, after: list[Piece]
) -> ChineseNameParts:
    place_names = [p.text for p in prefix if p.role in (Role.PLACE, Role.COUNTRY)]
    industry: list[str] = []
    form: list[str] = []
    index = 0
    while index < len(after) and after[index].role in (*_INDUSTRY_ROLES, Role.PLACE):
        _collect(after[index], industry, place_names)
        index += 1
    while index < len(after) and after[index].role in _FORM_ROLES:
        _collect(after[index], form, place_names)
        index += 1
    return ChineseNameParts(
        place=tuple(place_names),
        trade_name=trade_text,
        industry=tuple(industry),
        form=tuple(form),
        rest="".join(p.text for p in after[index:]),
        pieces=tuple(prefix + trade + after),
    )


_INDUSTRY_ROLES = (Role.INDUSTRY, Role.OTHER, Role.CONNECTOR, Role.ETHNIC, Role.ADMINISTRATIVE)
_FORM_ROLES = (Role.ORGANISATION, Role.LEGAL_FORM, Role.PLACE)


def _collect(piece: Piece, words: list[str], place_names: list[str]) -> None:
    """A place in brackets inside a name (中芯国际集成电路制造（北京）有限公司) is still
    the place of the name; connectors are not words of their own."""
    if piece.role is Role.PLACE:
        place_names.append(piece.text)
    elif piece.role is not Role.CONNECTOR:
        words.append(piece.text)


class _Scanner:
    """Longest-match readings of a coded name, from the start and from the end."""

    def __init__(self, coded: _Coded) -> None:
        self.coded = coded
        self.codes = coded.codes

    # places ------------------------------------------------------------------------

    def places_at_start(self) -> tuple[list[Piece], int]:
        """The places a name starts with (广东省深圳市 is two), and where they end."""
        pieces: list[Piece] = []
        index = self._skip_separators(0, len(self.codes))
        while index < len(self.codes):
            group = self.coded.groups.get(index)
            if group is not None and all(p.role is Role.PLACE for p in group):
                pieces.extend(group)
                index = self._skip_separators(index + 1, len(self.codes))
                continue
            found = self._place_at(index) or self._country_at(index)
            if found is None:
                break
            pieces.append(found)
            index = self._skip_separators(index + len(found.text), len(self.codes))
        return pieces, index

    def _place_at(self, index: int) -> Piece | None:
        codes = self.codes
        for length in range(min(LONGEST_PLACE, len(codes) - index), 1, -1):
            key = codes[index : index + length]
            place = PLACE_NAMES.get(key)
            if place is None:
                continue
            following = codes[index + length : index + length + 1]
            if place.suffix and following and following in _NOT_AFTER_SUFFIX.get(key[-1], ""):
                continue
            return Piece(key, Role.PLACE, place.pinyin, place.suffix)
        return None

    def _country_at(self, index: int) -> Piece | None:
        for length in range(min(LONGEST_TERM, len(self.codes) - index), 1, -1):
            term = TERMS.get(self.codes[index : index + length])
            if term is not None and term.kind is TermKind.FOREIGN_COUNTRY:
                return Piece(term.hanzi, Role.COUNTRY, term.hanzi)
        return None

    # the end: organisation forms, numbers, industry words --------------------------------

    def strip_end(self, start: int) -> tuple[list[Piece], int]:
        """The known words a name ends with (read backwards), and where they begin."""
        pieces: list[Piece] = []
        end = len(self.codes)
        while end > start:
            if self.codes[end - 1] == _SEP:
                end -= 1
                continue
            if self.codes[end - 1] == _ARABIC:
                pieces.append(self._number_piece(end - 1, end))
                end -= 1
                continue
            group = self.coded.groups.get(end - 1)
            if group is not None:
                pieces.extend(reversed(group))
                end -= 1
                continue
            term = self._term_ending_at(end, start)
            if term is None:
                break
            pieces.append(_term_piece(term))
            end -= len(term.hanzi)
            end = self._number_before(end, start, term, pieces)
        pieces.reverse()
        return self._give_back_loose_words(pieces, end)

    def _term_ending_at(self, end: int, start: int) -> Term | None:
        """The word a stretch ends with: the longest, unless a shorter one lets the
        text before it end with a word too (电子 + 公司, not 电 + 子公司)."""
        best: Term | None = None
        best_score = 0
        for term in self._terms_ending_at(end, start):
            before = self._terms_ending_at(end - len(term.hanzi), start)
            covered = max((len(t.hanzi) for t in before if len(t.hanzi) > 1), default=0)
            score = len(term.hanzi) + covered
            if score > best_score:
                best, best_score = term, score
        return best

    def _terms_ending_at(self, end: int, start: int) -> list[Term]:
        """Every word a stretch ends with, longest first."""
        found: list[Term] = []
        for length in range(min(LONGEST_TERM, end - start), 0, -1):
            term = TERMS.get(self.codes[end - length : end])
            if term is not None and term.kind is not TermKind.FOREIGN_COUNTRY:
                found.append(term)
        return found

    def _number_before(self, end: int, start: int, unit: Term, pieces: list[Piece]) -> int:
        """A number written before an organisation unit: 第十四研究所, 七一一所, 61398部队."""
        if not unit.is_organisation:
            return end
        begin = end
        if begin > start and self.codes[begin - 1] == _ARABIC:
            begin -= 1
        else:
            while begin > start and self.codes[begin - 1] in _NUMERALS:
                begin -= 1
        ordinal = begin > start and self.codes[begin - 1] == _ORDINAL_PREFIX
        if begin == end or not (ordinal or unit.kind is TermKind.NUMBERED_UNIT):
            return end
        if ordinal:
            begin -= 1
        pieces.append(self._number_piece(begin, end))
        return begin

    def _number_piece(self, begin: int, end: int) -> Piece:
        written = "".join(self.coded.atoms[begin:end])
        digits = written.removeprefix(_ORDINAL_PREFIX)
        value = int(digits) if digits.isdecimal() else chinese_number(digits)
        return Piece(written, Role.NUMBER, str(value))

    @staticmethod
    def _give_back_loose_words(pieces: list[Piece], end: int) -> tuple[list[Piece], int]:
        """A single-character word or a connector next to the trade name is more likely
        part of it (华为所? 同和) than a word of its own: it goes back to the trade name."""
        while pieces and pieces[0].role in (
            Role.CONNECTOR,
            Role.ORGANISATION,
            Role.ADMINISTRATIVE,
            Role.INDUSTRY,
        ):
            first = pieces[0]
            if first.role is not Role.CONNECTOR and len(first.text) > 1:
                break
            pieces.pop(0)
            end += len(first.text)
        return pieces, end

    # the middle: the trade name and what follows it ------------------------------------

    def trade_name(self, start: int, end: int) -> tuple[list[Piece], int]:
        """The trade name: from the start of what is left to the first known word.

        At least two hanzi (or one Latin word) are kept, so that a known word inside a
        short trade name does not cut it (中芯国际 is 中芯 + 国际, not 中 + ...).
        """
        start = self._skip_separators(start, end)
        if start >= end:
            return [], start
        minimum = start + (2 if self.codes[start] not in _OPAQUE else 1)
        cut = end
        for index in range(minimum, end):
            if self.codes[index] in _OPAQUE:
                continue
            term = self._known_word_at(index, end)
            if term is not None and term.kind is not TermKind.CONNECTOR:
                cut = index
                break
        return self._unknown_pieces(start, cut, Role.TRADE_NAME), cut

    def forward(self, start: int, end: int) -> list[Piece]:
        """Known and unknown words between the trade name and the stripped end."""
        pieces: list[Piece] = []
        index = start
        unknown_from = start
        while index < end:
            code = self.codes[index]
            if code in _OPAQUE:
                index += 1
                continue
            number_end = self._ordinal_at(index, end)
            term = self._known_word_at(index, end) if number_end is None else None
            if number_end is None and term is None:
                index += 1
                continue
            pieces.extend(self._unknown_pieces(unknown_from, index, Role.OTHER))
            if number_end is not None:
                pieces.append(self._number_piece(index, number_end))
                index = number_end
            elif term is not None:
                pieces.append(_term_piece(term))
                index += len(term.hanzi)
            unknown_from = index
        pieces.extend(self._unknown_pieces(unknown_from, end, Role.OTHER))
        return pieces

    def _known_word_at(self, index: int, end: int) -> Term | None:
        for length in range(min(LONGEST_TERM, end - index), 0, -1):
            term = TERMS.get(self.codes[index : index + length])
            if term is None:
                continue
            if length == 1 and term.kind is not TermKind.CONNECTOR:
                continue
            return term
        return None

    def _ordinal_at(self, index: int, end: int) -> int | None:
        if self.codes[index] != _ORDINAL_PREFIX:
            return None
        stop = index + 1
        if stop < end and self.codes[stop] == _ARABIC:
            return stop + 1
        while stop < end and self.codes[stop] in _NUMERALS:
            stop += 1
        return stop if stop > index + 1 else None

    def _unknown_pieces(self, start: int, end: int, role: Role) -> list[Piece]:
        """Hanzi runs, Latin words and digits of a stretch no dictionary knows; 与
        ("and") inside it stays a connector (吉布斯与考克斯 Gibbs & Cox)."""
        pieces: list[Piece] = []
        run_from = start
        for index in range(start, end + 1):
            code = self.codes[index] if index < end else _SEP
            if code not in _OPAQUE and code not in _RUN_CONNECTORS:
                continue
            if index > run_from:
                pieces.append(Piece(self.codes[run_from:index], role))
            if index < end:
                pieces.extend(self._atom_pieces(index, code, role))
            run_from = index + 1
        return pieces

    def _atom_pieces(self, index: int, code: str, role: Role) -> tuple[Piece, ...]:
        if code in (_LATIN, _ARABIC):
            return (Piece(self.coded.atoms[index], role),)
        if code == _GROUP:
            return self.coded.groups[index]
        if code in _RUN_CONNECTORS:
            return (_term_piece(TERMS[code]),)
        return ()

    def _skip_separators(self, index: int, end: int) -> int:
        while index < end and self.codes[index] == _SEP:
            index += 1
        return index


def _term_piece(term: Term) -> Piece:
    role = _ROLE_OF_KIND[term.kind]
    value = term.english[0] if role is Role.LEGAL_FORM else term.hanzi
    return Piece(term.hanzi, role, value)


# --- tokens ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=16384)
def _analyze(text: str, schema: str | None) -> tuple[tuple[tuple[Token, ...], str], ...]:
    if schema == "Person":
        return _person_forms(text)
    parts = _segment(text)
    is_agency = not any(p.role is Role.LEGAL_FORM for p in parts.pieces)
    pinyin: list[Token] = []
    translated: list[Token] = []
    for piece in parts.pieces:
        pinyin.extend(_pinyin_tokens(piece))
        translated.extend(_translated_tokens(piece, is_agency))
    forms: list[tuple[tuple[Token, ...], str]] = [(tuple(pinyin), PINYIN)]
    if translated != pinyin:
        forms.append((tuple(translated), TRANSLATED))
    return tuple(forms)


def _pinyin_tokens(piece: Piece) -> list[Token]:
    role = piece.role
    if role is Role.PLACE:
        return [Token(places.place_key([piece.value]), TokenKind.PLACE, piece.text)]
    if role is Role.COUNTRY:
        english = fold_words(TERMS[piece.text].english[0])
        return [Token(places.place_key(english), TokenKind.PLACE, piece.text)]
    if role is Role.LEGAL_FORM:
        return [Token(piece.value, TokenKind.LEGAL_FORM, piece.text)]
    if role is Role.NUMBER:
        return [Token(piece.value, TokenKind.NUMBER, piece.text)]
    if role is Role.CONNECTOR:
        return [Token(_joined_pinyin(piece.text), TokenKind.STOPWORD, piece.text)]
    if not has_han(piece.text):
        return _latin_tokens(piece.text)
    term = TERMS.get(piece.text) if role not in (Role.TRADE_NAME, Role.OTHER) else None
    if term is not None and term.pinyin:
        return [Token(term.pinyin, TokenKind.WORD, piece.text)]
    return [Token(word, TokenKind.WORD, raw) for word, raw in _pinyin_words(piece.text)]


def _translated_tokens(piece: Piece, is_agency: bool) -> list[Token]:
    role = piece.role
    if role is Role.PLACE:
        tokens = _pinyin_tokens(piece)
        if is_agency and piece.suffix:
            tokens.extend(_suffix_tokens(piece.suffix))
        return tokens
    if role in (Role.COUNTRY, Role.TRADE_NAME, Role.OTHER, Role.LEGAL_FORM, Role.NUMBER):
        return _pinyin_tokens(piece)
    term = TERMS.get(piece.text)
    if term is None:
        return _pinyin_tokens(piece)
    return _english_tokens(term.english[0], piece.text)


def _suffix_tokens(suffix: str) -> list[Token]:
    """新疆维吾尔自治区 -> "uyghur autonomous region" after the place, for agencies."""
    tokens: list[Token] = []
    index = 0
    while index < len(suffix):
        for length in range(len(suffix) - index, 0, -1):
            term = TERMS.get(suffix[index : index + length])
            if term is not None:
                tokens.extend(_english_tokens(term.english[0], term.hanzi))
                index += length
                break
        else:
            index += 1
    return tokens


def _english_tokens(english: str, raw: str) -> list[Token]:
    """A translation as word tokens, folded like the English names are."""
    return [
        Token(word, TokenKind.STOPWORD if word in _ENGLISH_STOPWORDS else TokenKind.WORD, raw)
        for word in fold_words(english)
    ]


def _latin_tokens(text: str) -> list[Token]:
    """A word written in Latin script inside a Chinese name (AEVEX航天公司), folded like
    the Latin-script names are."""
    tokens: list[Token] = []
    for word in fold_words(text):
        if word.isdecimal():
            tokens.append(Token(str(int(word)), TokenKind.NUMBER, word))
        elif word in _ENGLISH_STOPWORDS:
            tokens.append(Token(word, TokenKind.STOPWORD, word))
        elif len(word) == 1 and word.isalpha():
            tokens.append(Token(word, TokenKind.INITIAL, word))
        else:
            tokens.append(Token(word, TokenKind.WORD, word))
    return tokens


def _joined_pinyin(hanzi: str) -> str:
    return "".join(pinyin_syllables(hanzi))


def _pinyin_words(hanzi: str) -> list[tuple[str, str]]:
    """A run of hanzi as pinyin words, the way the lists write them: one word for up to
    three characters (商汤 shangtang, 欧菲光 oufeiguang), two-character words for longer
    runs (海康威视 haikang weishi), the last word taking an odd character."""
    syllables = pinyin_syllables(hanzi)
    if len(syllables) != len(hanzi):  # a character pypinyin could not read
        return [("".join(syllables), hanzi)] if syllables else []
    if len(hanzi) <= 3:
        return [("".join(syllables), hanzi)]
    words: list[tuple[str, str]] = []
    index = 0
    while index < len(hanzi):
        size = 3 if len(hanzi) - index == 3 else 2
        words.append(("".join(syllables[index : index + size]), hanzi[index : index + size]))
        index += size
    return words


# Two-character surnames; every other surname is one character.
_COMPOUND_SURNAMES = frozenset(
    {
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "令狐",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "百里",
        "呼延",
        "申屠",
        "太史",
        "澹台",
        "公羊",
        "万俟",
        "闻人",
        "赫连",
        "钟离",
    }
)
# Surnames whose reading differs from the character's common reading.
_SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "朴": "piao", "查": "zha",
    "区": "ou", "盖": "ge", "乐": "yue", "折": "she", "繁": "po", "种": "chong",
    "尉迟": "yuchi", "万俟": "moqi", "长孙": "zhangsun", "单于": "chanyu", "覃": "qin",
}  # fmt: skip


def _person_forms(text: str) -> tuple[tuple[tuple[Token, ...], str], ...]:
    """A person's name: surname and given name, each one pinyin word (习近平 -> xi jinping).

    A name written with a separator (贝拉克·奥巴马, a foreign name) keeps its parts.
    """
    name = _normalise(text).strip()
    parts = [p for p in re.split(r"[\s·•・.\-]+", name) if p]
    tokens: list[Token] = []
    if len(parts) == 1 and has_han(name) and 2 <= len(name) <= 4:
        split = 2 if name[:2] in _COMPOUND_SURNAMES and len(name) > 2 else 1
        surname, given = name[:split], name[split:]
        surname_pinyin = _SURNAME_READINGS.get(surname) or _joined_pinyin(surname)
        tokens.append(Token(surname_pinyin, TokenKind.WORD, surname))
        tokens.append(Token(_joined_pinyin(given), TokenKind.WORD, given))
    else:
        for part in parts:
            if has_han(part):
                tokens.append(Token(_joined_pinyin(part), TokenKind.WORD, part))
            else:
                tokens.extend(_latin_tokens(part))
    return ((tuple(t for t in tokens if t.text), PINYIN),)
