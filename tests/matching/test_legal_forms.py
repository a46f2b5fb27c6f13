"""Legal forms: every spelling becomes one symbol, ambiguous short forms only at the edges."""

from __future__ import annotations

import csv

import pytest

from entitywatch.matching.legal_forms import (
    EDGE_ONLY,
    LEGAL_FORM_FAMILIES,
    LEGAL_FORMS,
    VARIANTS,
    compatible,
    different_jurisdictions,
    family,
    jurisdictions,
    tag_legal_forms,
)
from entitywatch.matching.text import fold_words
from entitywatch.matching.types import Token, TokenKind
from tests.conftest import shared_file


def tagged(name: str) -> str:
    """The name folded and tagged, legal forms shown as <symbol>."""
    return " ".join(
        f"<{item.text}>" if isinstance(item, Token) else item
        for item in tag_legal_forms(fold_words(name))
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # names from the CSL
        ("Limited Liability Company Concord Management and Consulting", "<llc> concord management and consulting"),  # noqa: E501
        ("Konkord Menedzhment I Konsalting, OOO", "konkord menedzhment i konsalting <llc>"),
        ("Avant-Space LLC", "avant space <llc>"),
        ("140 Repair Plant JSC", "140 repair plant <jsc>"),
        ("Open Joint Stock Company 140 Repair Plant", "<ojsc> 140 repair plant"),
        ("Huawei Technologies Co., Ltd.", "huawei technologies <ltd>"),
        ("Huawei Technologies Co", "huawei technologies <co>"),
        ("COMERCIALIZADORA BRIMAR'S, S.A. DE C.V.", "comercializadora brimar <sa de cv>"),
        ("Anvik Technologies Sdn. Bhd.", "anvik technologies <sdn bhd>"),
        ("Oriental Engineers Pvt. Ltd.", "oriental engineers <pvt ltd>"),
        ("OOO Sertal", "<llc> sertal"),
        ("JSC Agat", "<jsc> agat"),
        ("PJSC Gazprom Neft", "<pjsc> gazprom neft"),
        ("GAZPROM NEFT PAO", "gazprom neft <pjsc>"),
        ("AO 10 SRZ", "<jsc> 10 srz"),
        ("Esfahan's Mobarakeh Steel Public Joint Stock Company", "esfahan mobarakeh steel <pjsc>"),
        ("Aktsionernoe Obshchestvo Otkrytogo Tipa Albashki Elevator", "<ojsc> albashki elevator"),
        ("Obshchestvo S Ogranichennoi Otvetstvennostyu 'Molot-Oruzhie'", "<llc> molot oruzhie"),
        ("ZAKRYTOE AKTSIONERNOE OBSHCHESTVO 'IFD KAPITAL'", "<cjsc> ifd kapital"),
        ("TOVARYSTVO Z OBMEZHENOYU VIDPOVIDALNISTYU 'DART'", "<llc> dart"),
        ("Sherkat Sahami Khass Khaybar", "<cjsc> khaybar"),
        ("Federalnoe Gosudarstvennoe Unitarnoe Predpriyatie Optika", "<sue> optika"),
        ("Ekran Scientific Research Institute, FSUE", "ekran scientific research institute <sue>"),
        ("China National Petroleum Company Xinjiang Branch", "china national petroleum <co> xinjiang branch"),  # noqa: E501
        ("Precision Image Corporation", "precision image <inc>"),
        ("China Aerospace Science and Industry Corporation Limited", "china aerospace science and industry <ltd>"),  # noqa: E501
        ("GONZALEZ Y CIA S.C.S.", "gonzalez <co> <lp>"),
        ("ACUAMATERIALES Y CIA LIMITADA", "acuamateriales <co> <ltda>"),
        ("INMOBILIARIA URVALLE CIA. LTDA.", "inmobiliaria urvalle <ltda>"),
        ("X S. de R.L. de C.V.", "x <srl>"),
        ("ABAR PETROLEUM SERVICE SAL (OFFSHORE)", "abar petroleum service <sa>"),
        ("DONCOALTRADE SP. Z O.O.", "doncoaltrade <llc>"),
        ("AL-AQSA E.V.", "al aqsa <ev>"),
        ("KARNER d.o.o. Ljubljana", "karner <llc> ljubljana"),
        ("VTB Banka AD Beograd", "vtb banka <jsc> beograd"),
        ("Siemens AG & Co. KG", "siemens <kg>"),
        ("ATLAS DOVIZ TICARETI A.S.", "atlas doviz ticareti <as>"),
        ("Huawei Technologies Japan K.K.", "huawei technologies japan <kk>"),
        ("Intertranslog OY", "intertranslog <oy>"),
        ("GPB-IPOTEKA OAO, AB", "gpb ipoteka <ojsc> <ab>"),
        ("Societatea cu Raspundere Limitata Pro Logis", "<srl> pro logis"),  # articulated
        ("Kowalczyk Transport Sp. k.", "kowalczyk transport <sp k>"),
        ("Kowalczyk Transport spolka komandytowa", "kowalczyk transport <sp k>"),
        ("Lesna Piekarnia Sp. j.", "lesna piekarnia <sp k>"),
        ("CV Cahaya Abadi", "<cv> cahaya abadi"),
        ("Commanditaire Vennootschap Cahaya Abadi", "<cv> cahaya abadi"),
        ("ANO Iskusstvo Zhizni", "<ano> iskusstvo zhizni"),
        ("Avnei Hadar B.M.", "avnei hadar <ltd>"),
        ('אבני הדר בע"מ', "vny hdr <ltd>"),  # Hebrew "be'eravon mugbal"
        ("«Արամ Շին» ՍՊԸ", "aram shin <llc>"),  # Armenian limited liability company
        ("შპს მეტალი", "<llc> metali"),  # Georgian limited liability company
        # long one-word forms with a typo (one edit; two from sixteen letters)
        ("Siemens Aktiengeselschaft", "siemens <ag>"),
        ("Acme Incorporatd", "acme <inc>"),
        ("Internationale Handelsgesellschaft", "internationale handelsgesellschaft"),
        # pinyin and other transliterations
        ("华为技术有限公司", "hua wei ji shu <ltd>"),
        ("Beijing Zhongguancun Youxian Gongsi", "beijing zhongguancun <ltd>"),
        ("Общество с ограниченной ответственностью «Ромашка»", "<llc> romashka"),
    ],
)  # fmt: skip
def test_legal_forms_become_symbols(name: str, expected: str) -> None:
    assert tagged(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # ambiguous short forms are words in the middle of a name ...
        ("Ling Ao Electronic Technology", "ling ao electronic technology"),
        ("LLC AG Terminal", "<llc> ag terminal"),
        ("Jamaat Ad Dawa As Salafiya", "jamaat ad dawa as salafiya"),
        ("Kim Se Jong", "kim se jong"),
        ("Bunthawee Sae Jang", "bunthawee sae jang"),
        # ... or at a start where the form only stands at the end
        ("AS Sahab Media", "as sahab media"),
        ("KK International Traders", "kk international traders"),
        ("AB Rossiya", "ab rossiya"),
        # and never the whole name
        ("SAS", "sas"),
        ("AO", "ao"),
        # "Co" of "Co-operative" is a word
        ("National Co-operative Bank", "national co operative bank"),
        ("Research and Co-operation Institute", "research and co operation institute"),
        # unambiguous forms are forms even alone (analysis then drops the name)
        ("Co. Ltd", "<ltd>"),
    ],
)
def test_ambiguous_forms_only_at_the_edges(name: str, expected: str) -> None:
    assert tagged(name) == expected


def test_the_token_keeps_the_words_as_written() -> None:
    items = tag_legal_forms(["huawei", "technologies", "co", "ltd"])
    assert items == ["huawei", "technologies", Token("ltd", TokenKind.LEGAL_FORM, "co ltd")]
    assert tag_legal_forms([]) == []
    assert tag_legal_forms(["acme"]) == ["acme"]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("ltd", "ltd", True),
        ("ltd", "co", True),  # Huawei Technologies Co., Ltd. / Huawei Technologies Co
        ("llc", "llc", True),  # Limited Liability Company ... / ..., OOO
        ("ojsc", "jsc", True),  # Open Joint Stock Company 140 Repair Plant / JSC 140 ...
        ("pjsc", "cjsc", True),  # the 2014 Russian reform renamed OAO/ZAO to PAO/AO
        ("ltd", "gmbh", True),  # both limited companies
        ("ltd", "jsc", True),  # 股份有限公司 is "Co., Ltd." in English
        ("inc", "sa", True),
        ("co", "kg", True),  # GmbH & Co. KG
        ("co", "sue", True),
        ("pte ltd", "pvt ltd", True),
        ("sa", "sa de cv", True),
        ("llc", "jsc", False),  # OOO X and AO X are two companies
        ("gmbh", "ag", False),
        ("sarl", "sa", False),
        ("llc", "lp", False),
        ("ltd", "lp", False),
        ("inc", "sue", False),
        ("ev", "gmbh", False),
        ("ltd", "unknown", True),  # a symbol this module does not know is never a conflict
        ("ano", "llc", False),  # a non-profit organisation is not a company
        ("sp k", "ltd", False),  # a partnership is not a limited company
    ],
)
def test_compatible(a: str, b: str, expected: bool) -> None:
    assert compatible(a, b) is expected
    assert compatible(b, a) is expected


def test_every_symbol_has_exactly_one_family() -> None:
    in_families = [symbol for symbols in LEGAL_FORM_FAMILIES.values() for symbol in symbols]
    assert sorted(in_families) == sorted(LEGAL_FORMS)
    assert family("llc") == "limited"
    assert family("ooo") is None  # "ooo" is a variant; its symbol is "llc"


def test_every_edge_only_variant_is_a_variant() -> None:
    """A typo in EDGE_ONLY would silently leave an ambiguous form tagged everywhere."""
    assert all(tuple(variant.split()) in VARIANTS for variant in EDGE_ONLY)


def test_no_ambiguous_two_letter_form_is_tagged_anywhere() -> None:
    two_letter_anywhere = [
        " ".join(words)
        for words, variant in VARIANTS.items()
        if variant.position is None and len("".join(words)) <= 2 and words != ("co",)
    ]
    assert two_letter_anywhere == []


@pytest.mark.parametrize(
    ("name", "symbols"),
    [
        ("Konkord Menedzhment I Konsalting, OOO", ["llc"]),
        ("Avant-Space LLC", ["llc"]),
        ("140 Repair Plant JSC", ["jsc"]),
        ("Open Joint Stock Company 140 Repair Plant", ["ojsc"]),
        ("Huawei Technologies Co., Ltd. (Huawei)", ["ltd"]),
        ("Anvik Technologies Sdn. Bhd.", ["sdn bhd"]),
    ],
)
def test_real_csl_names(name: str, symbols: list[str]) -> None:
    """The names above are in the 2022 CSL as written (names or aliases)."""
    path = shared_file("csl_2022/consolidated.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        names = {
            alias.strip().removeprefix("and ")
            for row in csv.DictReader(handle)
            for alias in [row["name"], *row["alt_names"].split(";")]
        }
    assert name in names
    forms = [item.text for item in tag_legal_forms(fold_words(name)) if isinstance(item, Token)]
    assert forms == symbols


def test_no_csl_name_loses_all_its_words_to_an_ambiguous_form() -> None:
    path = shared_file("csl_2022/consolidated.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            words = fold_words(row["name"])
            items = tag_legal_forms(words)
            forms_only = not any(isinstance(item, str) for item in items)
            ambiguous = any(isinstance(item, Token) and item.raw in EDGE_ONLY for item in items)
            assert not (forms_only and ambiguous), row["name"]


@pytest.mark.parametrize(
    ("name_a", "name_b", "expected"),
    [
        ("Korvessa GmbH", "Korvessa Sdn. Bhd.", True),  # German and Malaysian law
        ("Orlova Trade OOO", "Orlova Trade Ltda.", True),  # "OOO": Russian or post-Soviet law
        ("Orlova Trade OOO", "Orlova Trade UAB", True),  # "UAB" is Lithuanian
        ("Orlova Trade OOO", "Orlova Trade TOO", False),  # Kazakhstan writes both
        ("Orlova Trade OOO", "Orlova Trade LLC", False),  # "LLC" is used everywhere
        ("Orlova Trade OOO", "Orlova Trade Limited Liability Company", False),
        ("Orlova Trade GmbH", "Orlova Trade AG", False),  # both German (other forms: compatible)
        ("Orlova Trade Ltd", "Orlova Trade GmbH", False),  # "Ltd" is used everywhere
    ],
)
def test_different_jurisdictions(name_a: str, name_b: str, expected: bool) -> None:
    def jurisdictions_of(name: str) -> frozenset[str]:
        return jurisdictions(
            [item for item in tag_legal_forms(fold_words(name)) if isinstance(item, Token)]
        )

    assert different_jurisdictions(jurisdictions_of(name_a), jurisdictions_of(name_b)) is expected
