"""Legal forms ("Co., Ltd.", "OOO", "Joint Stock Company", "S.A. de C.V.") as symbols.

A legal form says what kind of company a name belongs to, never which one: "Huawei
Technologies Co., Ltd." and "Huawei Technologies Co" are the same company, and so are
"Limited Liability Company Concord Management and Consulting" and "Konkord Menedzhment I
Konsalting, OOO". So every spelling of a form, in every language the lists use, becomes
one canonical symbol (``Token(symbol, TokenKind.LEGAL_FORM, raw)``), the scorer leaves it
out of the identity evidence and only compares the symbols: compatible forms cost
nothing, incompatible ones a little (``compatible``).

Recognition is table-driven: ``LEGAL_FORMS`` lists, symbol by symbol, the variants as they
are written; they are folded with ``text.fold_words`` at import, so the table and the
names always agree on spelling ("Sp. z o.o." becomes "sp z oo" on both sides). The
longest variant starting at a word wins ("co ltd" over "co"), anywhere in the name.

False positives matter more than misses: a word tagged as a legal form is lost as
evidence. Short forms that are also ordinary words, initials or syllables of names ("AO",
"AS", "AB", "SA", "SE", "AG", "OY", "Sae" ...) are listed in ``EDGE_ONLY`` with where they
may stand: at the start of the name (only the first word: "AO Agat", "OOO Sertal"), at its
end (in the run of forms that ends the name, after at least one other word; places may
follow: "VTB Banka AD Beograd"), or both. "Ling Ao Electronic Technology" keeps its "Ao",
"LLC AG Terminal" its "AG", "AB Rossiya" its "AB". A name is never reduced to nothing by
them: "SAS" alone stays a word.

"Co" is a legal form anywhere except before "op" / "operative" / "operation"...
("Co-operative" is a word, not a company form).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from rapidfuzz.distance import Levenshtein

from entitywatch.matching import places
from entitywatch.matching.text import fold_words
from entitywatch.matching.types import Token, TokenKind

# Symbol -> its variants as written. "a|b" offers alternative spellings of one word, so
# that the transliterations of one Russian form fit on a line. One symbol per line.
LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    # generic company words: compatible with every company form
    "co": ("Co", "Company", "& Co", "and Company", "y Cia", "y Compania", "& Cie", "et Cie", "und Co", "Compania", "Compagnie", "Companhia", "Compagnia", "Kompaniya|kompania", "Sherkat|sherkate", "Sirketi", "Gongsi", "gong si", "Hoesa"),  # noqa: E501
    "inc": ("Inc", "Incorporated", "Corporation", "Corp", "Korporatsiya|korporatsia|korporatsiia", "Corporacion"),  # noqa: E501
    "ltd": ("Ltd", "Limited", "Co Ltd", "Co Limited", "Company Ltd", "Company Limited", "Limited Company", "Ltd Co", "Ltd Company", "Corporation Limited", "Corporation Ltd", "Corp Ltd", "Limited Sirketi", "Ltd Sti", "Sti", "Youxian Gongsi", "you xian gong si", "Youxian Zeren Gongsi", "you xian ze ren gong si", "Gufen Youxian Gongsi", "gu fen you xian gong si", "Gufen Gongsi", "gu fen gong si", "Yugen Kaisha", "Yuhan Hoesa", "yu han hoe sa", "B M", "BM", "Beeravon Mugbal", "v m"),  # noqa: E501
    # limited liability companies (private, shares not traded)
    "llc": ("LLC", "L L C", "PLLC", "Limited Liability Company", "Limited Liability Co", "Ltd Liability Co", "Limited Liability Corporation", "OOO", "Obshchestvo|obschestvo|obshestvo s ogranichennoy|ogranichennoi|ogranichennoj|ogranichenoy|ogranichenoi otvetstvennostyu|otvetstvennostiyu|otvetstvennostju|otvetstvenostyu", "Obshchestvo|obschestvo s dopolnitelnoy|dopolnitelnoi otvetstvennostyu", "ODO", "TOV", "Tovarystvo|tovaristvo z obmezhenoyu|obmezhenoiu|obmezhenoju vidpovidalnistyu|vidpovidalnistiu", "TOO", "Tovarishchestvo s ogranichennoy|ogranichennoi otvetstvennostyu", "Sp. z o.o.", "Sp z o o", "Spolka z ograniczona odpowiedzialnoscia", "s.r.o.", "s r o", "spol. s r.o.", "d.o.o.", "d o o", "Drustvo sa ogranicenom odgovornoscu", "OOD", "EOOD", "WLL", "W L L", "SPC", "UAB", "SIA", "OU", "MChJ", "spy", "shp"),  # noqa: E501
    "gmbh": ("GmbH", "mbH", "GesmbH", "Ges mbH", "Gesellschaft mit beschrankter|beschraenkter Haftung"),  # noqa: E501
    "ug": ("UG", "UG haftungsbeschrankt", "Unternehmergesellschaft"),
    "sarl": ("SARL", "S A R L", "EURL", "Societe a responsabilite limitee"),
    "srl": ("SRL", "S R L", "Societa a responsabilita limitata", "Sociedad de Responsabilidad Limitada", "Societate|societatea cu raspundere limitata", "S de RL", "S de R L", "S de RL de CV", "S de R L de C V", "SC de RL", "SC de RL de CV", "SPR de RL", "SPR de RL de CV", "Sociedad de Responsabilidad Limitada de Capital Variable"),  # noqa: E501
    "ltda": ("Ltda", "Limitada", "Lda", "Cia Ltda", "Cia Limitada"),
    "bv": ("BV", "B V", "Besloten Vennootschap"),
    "pte ltd": ("Pte Ltd", "Pte Limited", "Pte"),
    "pvt ltd": ("Pvt Ltd", "Pvt Limited", "Private Limited", "Private Ltd", "Pvt"),
    "pty ltd": ("Pty Ltd", "Pty Limited", "Proprietary Limited", "Pty"),
    "sdn bhd": ("Sdn Bhd", "Sendirian Berhad"),
    "kft": ("Kft", "Korlatolt felelossegu tarsasag"),
    "pt": ("PT", "Perseroan Terbatas"),
    "fze": ("FZE", "Free Zone Establishment"),
    "fzc": ("FZC",),
    "fzco": ("FZCO", "FZ Co", "FZ LLC", "Free Zone Company"),
    # joint-stock companies (shares; public or not)
    "jsc": ("JSC", "Joint Stock Company", "Joint Stock Co", "Joint Stock", "AO", "Aktsionernoe|aktsionernoye|akcionernoe Obshchestvo|obschestvo", "Aktsionernaya Kompaniya", "Aktsionerne Tovarystvo|tovaristvo", "AD", "EAD", "Akcionarsko Drustvo", "Sherkat Sahami", "Jusik Hoesa", "Chusik Hoesa", "ju sig hoe sa", "jusighoesa"),  # noqa: E501
    "pjsc": ("PJSC", "PAO", "Public Joint Stock Company", "Public Joint Stock Co", "Public JSC", "Publichnoe Aktsionernoe Obshchestvo|obschestvo", "Publichne Aktsionerne Tovarystvo|tovaristvo", "Sherkat Sahami Aam|am", "Sahami Aam|am", "PSC", "Public Shareholding Company", "QPSC"),  # noqa: E501
    "ojsc": ("OJSC", "OAO", "Open Joint Stock Company", "Open Joint Stock Co", "Open JSC", "Otkrytoe|otkrytoye Aktsionernoe|aktsionernoye Obshchestvo|obschestvo", "Aktsionernoe Obshchestvo Otkrytogo Tipa", "AOOT", "Vidkryte Aktsionerne Tovarystvo|tovaristvo"),  # noqa: E501
    "cjsc": ("CJSC", "ZAO", "Closed Joint Stock Company", "Closed Joint Stock Co", "Closed JSC", "Closed Type Joint Stock Company", "Zakrytoe|zakrytoye Aktsionernoe|aktsionernoye Obshchestvo|obschestvo", "Aktsionernoe Obshchestvo Zakrytogo Tipa", "AOZT", "Zakryte Aktsionerne Tovarystvo|tovaristvo", "Private Joint Stock Company", "Private Joint Stock Co", "Private Joint Stock", "Private JSC", "PrJSC", "Non Public Joint Stock Company", "Nepublichnoe Aktsionernoe Obshchestvo", "Privatne Aktsionerne Tovarystvo|tovaristvo", "PrAT", "Sherkat Sahami Khass|khas|khaas", "Sahami Khass|khas|khaas"),  # noqa: E501
    "plc": ("PLC", "P L C", "Public Limited Company", "Public Company Limited", "Public Co Ltd", "Public Co Limited", "Public Ltd Co", "PCL"),  # noqa: E501
    "ag": ("AG", "Aktiengesellschaft", "KGaA"),
    "sa": ("SA", "S A", "Sociedad Anonima", "Societe Anonyme", "Sociedade Anonima", "Societa Anonima", "Spolka Akcyjna", "SAL", "S A L", "SAL Offshore", "SAL Off Shore", "SAL Holding", "SAE", "S A E", "SAOG", "SAOC"),  # noqa: E501
    "sa de cv": ("SA de CV", "S A de C V", "SAPI de CV", "S A P I de C V", "SAB de CV", "S A B de C V", "Sociedad Anonima de Capital Variable"),  # noqa: E501
    "sas": ("SAS", "S A S", "SASU", "Societe par actions simplifiee", "Sociedad por acciones simplificada"),  # noqa: E501
    "nv": ("NV", "N V", "Naamloze Vennootschap"),
    "spa": ("SpA", "S p A", "Societa per Azioni"),
    "se": ("SE", "Societas Europaea"),
    "as": ("AS", "A S", "ASA", "Aksjeselskap", "Aktieselskab", "Anonim Sirketi", "Akciova spolecnost", "Aktsiaselts"),  # noqa: E501
    "ab": ("AB", "Aktiebolag", "Aktiebolaget"),
    "oy": ("Oy", "Oyj", "Osakeyhtio"),
    "bhd": ("Bhd", "Berhad"),
    "zrt": ("Zrt", "Nyrt"),
    "kk": ("KK", "K K", "Kabushiki Kaisha", "Kabushiki Gaisha", "Kabushikigaisha", "Kabushikikaisha", "zhu shi hui she"),  # noqa: E501
    # partnerships
    "llp": ("LLP", "L L P", "Limited Liability Partnership"),
    "lp": ("LP", "L P", "Limited Partnership", "S en C", "Sociedad en Comandita", "S en C S", "SCS", "S C S", "Sociedad en Comandita Simple", "SCA", "Societe en commandite"),  # noqa: E501
    "kg": ("KG", "Kommanditgesellschaft", "Co KG", "and Co KG", "GmbH and Co KG", "AG and Co KG"),
    # Polish partnerships (spolka komandytowa, jawna, komandytowo-akcyjna) and the
    # Dutch / Indonesian commanditaire vennootschap
    "sp k": ("Sp k", "Spolka komandytowa", "Sp j", "Spolka jawna", "SKA", "S K A", "Spolka komandytowo akcyjna"),  # noqa: E501
    "cv": ("CV", "Commanditaire Vennootschap"),
    # state enterprises and institutions of the Soviet tradition
    "sue": ("State Unitary Enterprise", "Federal State Unitary Enterprise", "Municipal Unitary Enterprise", "Republican Unitary Enterprise", "Unitary Enterprise", "FSUE", "FGUP", "SUE", "GUP", "Federalnoe Gosudarstvennoe Unitarnoe Predpriyatie", "Gosudarstvennoe Unitarnoe Predpriyatie", "Unitarnoe Predpriyatie"),  # noqa: E501
    "fsi": ("Federal State Institution", "Federal State Budgetary Institution", "Federal State Budgetary Establishment", "Federal State Autonomous Institution", "Federal Autonomous Institution", "Federal Government Institution", "Federal State Government Institution", "Federalnoe Gosudarstvennoe Byudzhetnoe|budzhetnoe Uchrezhdenie", "Federalnoe Gosudarstvennoe Avtonomnoe Uchrezhdenie", "Federalnoe Gosudarstvennoe Kazennoe Uchrezhdenie", "Federalnoe Kazennoe Uchrezhdenie", "FGBU", "FGAU", "FGKU", "FKU"),  # noqa: E501
    # associations and non-profit organisations
    "ev": ("e.V.", "E V", "eingetragener Verein"),
    "ano": ("ANO", "Avtonomnaya Nekommercheskaya Organizatsiya|organizatsia", "Autonomous Non Profit Organization|organisation", "Autonomous Nonprofit Organization|organisation"),  # noqa: E501
}  # fmt: skip

# Symbol families: within a family every form is compatible with every other. See
# ``compatible`` for how the families relate.
LEGAL_FORM_FAMILIES: dict[str, frozenset[str]] = {
    # "Co", "Inc"/"Corporation" and "Ltd"/"Limited" translate any company form: Chinese
    # 股份有限公司 (joint-stock) is "Co., Ltd." in English, Hong Kong's public companies
    # are "Limited", "Corporation" renders 公司 and корпорация alike.
    "generic": frozenset({"co", "inc", "ltd"}),
    "limited": frozenset({"llc", "gmbh", "ug", "sarl", "srl", "ltda", "bv", "pte ltd", "pvt ltd", "pty ltd", "sdn bhd", "kft", "pt", "fze", "fzc", "fzco"}),  # noqa: E501
    # Russian OAO/ZAO became PAO/AO in 2014, lists use both for one company: the jsc
    # variants are one family, their symbols differ only for the explanation.
    "stock": frozenset({"jsc", "pjsc", "ojsc", "cjsc", "plc", "ag", "sa", "sa de cv", "sas", "nv", "spa", "se", "as", "ab", "oy", "bhd", "zrt", "kk"}),  # noqa: E501
    "partnership": frozenset({"llp", "lp", "kg", "sp k", "cv"}),
    "state": frozenset({"sue", "fsi"}),
    "association": frozenset({"ev", "ano"}),
}  # fmt: skip


class Position(Enum):
    """Where an ambiguous variant may stand in a name to count as a legal form."""

    START = "start"  # only as the first word(s): "OAO Gazprom"
    END = "end"  # only in the run of forms that ends the name: "Volkswagen AG"
    EDGE = "edge"  # either


# Folded variants that are also ordinary words, initials or name syllables -> where they
# may stand. Every other variant is a legal form wherever it is.
EDGE_ONLY: dict[str, Position] = {
    **dict.fromkeys(("spy", "shp", "cv", "ano", "ao", "oao", "zao", "pao", "too", "tov", "odo", "gup", "oy", "pt", "doo", "d o o", "uab", "sia"), Position.EDGE),  # noqa: E501
    **dict.fromkeys(("sa", "s a", "sal", "s a l", "sae", "s a e", "sas", "s a s", "se", "ag", "kg", "ug", "bv", "b v", "nv", "n v", "spa", "s p a", "ad", "ead", "lp", "l p", "as", "a s", "asa", "scs", "s c s", "sca", "ev", "e v", "ab", "kk", "ou", "spc", "psc", "sti", "lda", "k k", "gong si", "pvt", "pte", "pty", "b m", "bm", "v m", "sp k", "sp j", "ska", "s k a"), Position.END),  # noqa: E501
    **dict.fromkeys(("sue", "prat"), Position.START),
}  # fmt: skip

# Words after which "co" is part of a word ("co-operative"), not a company form.
_CO_CONTINUATIONS: frozenset[str] = frozenset(
    {"op", "ops", "operative", "operatives", "operation", "operations", "operating",
     "ordination", "ordinating", "owner", "owners", "founder", "founders", "author"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Variant:
    symbol: str
    position: Position | None  # None: anywhere


def _expand(variant: str) -> list[str]:
    """Every spelling of a variant with "a|b" alternatives ("x a|b" -> "x a", "x b")."""
    choices = [word.split("|") for word in variant.split(" ")]
    return [" ".join(words) for words in itertools.product(*choices)]


def _build_variants() -> dict[tuple[str, ...], _Variant]:
    table: dict[tuple[str, ...], _Variant] = {}
    for symbol, variants in LEGAL_FORMS.items():
        for variant in variants:
            for spelling in _expand(variant):
                words = tuple(fold_words(spelling))
                if words in table and table[words].symbol != symbol:
                    raise ValueError(f"legal form {spelling!r} listed for two symbols")
                table[words] = _Variant(symbol, EDGE_ONLY.get(" ".join(words)))
    return table


VARIANTS: dict[tuple[str, ...], _Variant] = _build_variants()


def _lengths_by_first(table: dict[tuple[str, ...], _Variant]) -> dict[str, tuple[int, ...]]:
    """First word -> lengths of the variants starting with it, longest first: one dict
    lookup per word tells whether a form can start there."""
    lengths: dict[str, set[int]] = {}
    for words in table:
        lengths.setdefault(words[0], set()).add(len(words))
    return {first: tuple(sorted(found, reverse=True)) for first, found in lengths.items()}


_LENGTHS_BY_FIRST: dict[str, tuple[int, ...]] = _lengths_by_first(VARIANTS)
_FAMILY_OF: dict[str, str] = {
    symbol: family for family, symbols in LEGAL_FORM_FAMILIES.items() for symbol in symbols
}
_COMPANY_FAMILIES: frozenset[str] = frozenset({"generic", "limited", "stock"})


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    variant: _Variant


def tag_legal_forms(words: list[str]) -> list[str | Token]:
    """``words`` with each run forming a legal form replaced by one LEGAL_FORM token.

    >>> tag_legal_forms(["huawei", "technologies", "co", "ltd"])[-1]
    Token(text='ltd', kind=<TokenKind.LEGAL_FORM: 'legal_form'>, raw='co ltd')
    """
    spans = _find_spans(words)
    out: list[str | Token] = []
    if not spans:
        out.extend(words)
        return out
    accepted = _accept(spans, words)
    index = 0
    for span in accepted:
        out.extend(words[index : span.start])
        raw = " ".join(words[span.start : span.end])
        out.append(Token(span.variant.symbol, TokenKind.LEGAL_FORM, raw))
        index = span.end
    out.extend(words[index:])
    return out


# Long one-word forms are recognised with a typo ("Aktiengeselschaft", "Incorporatd"):
# a word this long one edit away (two from sixteen letters) is no other word.
_TYPO_MIN_LENGTH = 12
_LONG_VARIANTS: dict[str, tuple[tuple[str, _Variant], ...]] = {}
for _words, _variant in VARIANTS.items():
    if len(_words) == 1 and len(_words[0]) >= _TYPO_MIN_LENGTH:
        _LONG_VARIANTS[_words[0][0]] = (
            *_LONG_VARIANTS.get(_words[0][0], ()),
            (_words[0], _variant),
        )


def _misspelt_form(word: str) -> _Variant | None:
    """The long one-word form ``word`` is a misspelling of, if any."""
    if len(word) < _TYPO_MIN_LENGTH - 1:
        return None
    allowed = 2 if len(word) >= 16 else 1
    for spelling, variant in _LONG_VARIANTS.get(word[0], ()):
        if abs(len(spelling) - len(word)) <= allowed and (
            Levenshtein.distance(word, spelling, score_cutoff=allowed) <= allowed
        ):
            return variant
    return None


def _find_spans(words: Sequence[str]) -> list[_Span]:
    """Leftmost-longest matches of every variant, ambiguous ones included."""
    spans: list[_Span] = []
    index, count = 0, len(words)
    while index < count:
        lengths = _LENGTHS_BY_FIRST.get(words[index])
        span = None if lengths is None else _longest_at(words, index, lengths)
        if span is None:
            misspelt = _misspelt_form(words[index])
            if misspelt is not None:
                spans.append(_Span(index, index + 1, misspelt))
            index += 1
            continue
        spans.append(span)
        index = span.end
    return spans


def _longest_at(words: Sequence[str], index: int, lengths: tuple[int, ...]) -> _Span | None:
    for length in lengths:
        end = index + length
        if end > len(words):
            continue
        variant = VARIANTS.get(tuple(words[index:end]))
        if variant is None:
            continue
        if words[end - 1] == "co" and end < len(words) and words[end] in _CO_CONTINUATIONS:
            continue
        return _Span(index, end, variant)
    return None


def _accept(spans: list[_Span], words: Sequence[str]) -> list[_Span]:
    """The spans that are legal forms where they stand (see ``EDGE_ONLY``)."""
    if all(span.variant.position is None for span in spans):
        return spans
    at_end = _end_run(spans, words)
    accepted = [
        span
        for span in spans
        if span.variant.position is None
        or (span.start == 0 and span.variant.position is not Position.END)
        or (span.start > 0 and span in at_end and span.variant.position is not Position.START)
    ]
    covered = sum(span.end - span.start for span in accepted)
    if covered == len(words):
        # Nothing would be left but forms: ambiguous ones are words after all ("SAS").
        accepted = [span for span in accepted if span.variant.position is None]
    return accepted


def _end_run(spans: list[_Span], words: Sequence[str]) -> list[_Span]:
    """The spans forming the run of forms at the end of the name, places after it allowed
    ("VTB Banka AD Beograd", "Karner DOO Ljubljana")."""
    end = len(words)
    while end > 0 and (start := _place_start(words, end)) < end:
        end = start
    run: list[_Span] = []
    for span in reversed(spans):
        if span.end != end:
            break
        run.append(span)
        end = span.start
    return run


def _place_start(words: Sequence[str], end: int) -> int:
    """Start of a place name ending exactly at ``end`` (``end`` itself when there is none).
    Places are at most four words, so at most four starts are tried."""
    for start in range(max(0, end - 4), end):
        if places.match_place(words, start) == end - start:
            return start
    return end


def compatible(symbol_a: str, symbol_b: str) -> bool:
    """Whether two legal-form symbols can belong to one company.

    - equal symbols, or symbols of one family (``LEGAL_FORM_FAMILIES``): compatible;
    - a generic form ("co", "inc", "ltd") is compatible with every company form (generic,
      limited, stock); "co" also with partnerships ("& Co. KG") and state enterprises
      (which English texts call "company" as often as "enterprise");
    - a symbol of no family (unknown to this module) is compatible with anything;
    - otherwise not: "OOO X" and "AO X", "X GmbH" and "X AG", "X LLC" and "X LP" are
      different companies more often than not. The scorer only applies a small penalty.
    """
    if symbol_a == symbol_b:
        return True
    family_a, family_b = _FAMILY_OF.get(symbol_a), _FAMILY_OF.get(symbol_b)
    if family_a is None or family_b is None or family_a == family_b:
        return True
    if "co" in (symbol_a, symbol_b):
        return True
    if "generic" in (family_a, family_b):
        return family_a in _COMPANY_FAMILIES and family_b in _COMPANY_FAMILIES
    return False


def family(symbol: str) -> str | None:
    """The family of a legal-form symbol ("ooo" is not a symbol: its symbol is "llc")."""
    return _FAMILY_OF.get(symbol)


# Legal forms that exist under one or a few national laws. Two full names whose forms
# belong to different countries name different companies (a subsidiary abroad), however
# alike the rest: "Korvessa Industrial GmbH" is not "Korvessa Industrial Sdn. Bhd.".
# Forms used everywhere (co, ltd, inc, llc, corp, sa, plc) have no entry.
JURISDICTIONS: dict[str, frozenset[str]] = {
    symbol: frozenset(countries.split())
    for symbol, countries in (
        ("gmbh", "de at ch li"), ("ag", "de at ch li"), ("ug", "de"), ("kg", "de at"),
        ("srl", "it ro md ar"), ("spa", "it"), ("sarl", "fr lu ma tn dz sn ci cm be ch"),
        ("sas", "fr co"), ("bv", "nl be"), ("nv", "nl be"), ("sdn bhd", "my"), ("bhd", "my"),
        ("pte ltd", "sg"), ("pvt ltd", "in pk np lk bd"), ("pty ltd", "au za"),
        ("ltda", "br co pt cl"), ("sa de cv", "mx sv"), ("kft", "hu"), ("zrt", "hu"),
        ("oy", "fi"), ("ab", "se fi"), ("as", "no dk cz sk ee"), ("kk", "jp"),
        ("fze", "ae"), ("fzc", "ae"), ("fzco", "ae"), ("pt", "id"),
    )
}  # fmt: skip


# Spellings of a form used everywhere that belong to one region's law: "OOO" is a limited
# liability company (symbol "llc"), but one of Russian or post-Soviet law. Keyed by the
# folded words as written (the token's ``raw``).
SPELLING_JURISDICTIONS: dict[str, frozenset[str]] = {
    spelling: frozenset(countries.split())
    for countries, spellings in (
        ("ru by kz kg uz tj am az", ("ooo", "obshchestvo s ogranichennoy otvetstvennostyu",
                                     "obshchestvo s ogranichennoi otvetstvennostyu",
                                     "obschestvo s ogranichennoy otvetstvennostyu", "odo")),
        ("ua", ("tov", "tovarystvo z obmezhenoyu vidpovidalnistyu")),
        ("kz", ("too",)),
        ("pl", ("sp z oo", "sp z o o", "spolka z ograniczona odpowiedzialnoscia")),
        ("cz sk", ("s r o", "sro", "spol s r o", "spol s ro")),
        ("si hr rs ba me mk", ("d o o", "doo", "drustvo sa ogranicenom odgovornoscu")),
        ("bg", ("ood", "eood")),
        ("lt", ("uab",)),
        ("lv", ("sia",)),
        ("ee", ("ou",)),
        ("uz", ("mchj",)),
        ("ru by kz kg uz tj am az ua", ("ao", "oao", "zao", "pao", "ojsc", "cjsc", "pjsc")),
    )
    for spelling in spellings
}  # fmt: skip


def jurisdictions(forms: Sequence[Token]) -> frozenset[str]:
    """The symbols of legal-form tokens, with the spellings that belong to one region's
    law ("OOO") standing for themselves, for ``different_jurisdictions``."""
    return frozenset(
        f"={token.raw}" if token.raw in SPELLING_JURISDICTIONS else token.text for token in forms
    )


def _countries(symbol: str) -> frozenset[str] | None:
    if symbol.startswith("="):
        return SPELLING_JURISDICTIONS[symbol[1:]]
    return JURISDICTIONS.get(symbol)


def different_jurisdictions(symbols_a: frozenset[str], symbols_b: frozenset[str]) -> bool:
    """Whether both names carry country-specific legal forms of no common country.

    ``symbols_*`` are legal-form symbols or the output of ``jurisdictions``."""
    countries_a = [found for s in symbols_a if (found := _countries(s)) is not None]
    countries_b = [found for s in symbols_b if (found := _countries(s)) is not None]
    if not countries_a or not countries_b:
        return False
    return not any(a & b for a in countries_a for b in countries_b)
