"""What the default matcher must decide for pairs of names, with the reason for each case.

These are rules, not tuned answers: each row exercises one behaviour named in the id.
"""

from __future__ import annotations

import pytest

from entitywatch.matching.registry import Comparison, get_algorithm

MATCHES = [
    (
        "brand_vs_legal_name",
        "Hikvision",
        "Hangzhou Hikvision Digital Technology Co., Ltd.",
        "Company",
    ),
    ("short_brand_with_place_abbreviation", "DJI", "SZ DJI Technology Co., Ltd.", "Company"),
    ("legal_form_variants", "Huawei Technologies Co", "Huawei Technologies Co., Ltd.", "Company"),
    (
        "company_limited_spelled_out",
        "Huawei Technologies Company Limited",
        "Huawei Technologies Co., Ltd.",
        "Company",
    ),
    (
        "chinese_script_vs_pinyin",
        "北京商汤科技开发有限公司",
        "Beijing Shangtang Technology Development Co., Ltd.",
        "Company",
    ),
    (
        "acronym_vs_expansion",
        "SMIC",
        "Semiconductor Manufacturing International Corporation",
        "Company",
    ),
    ("acronym_skips_stopwords", "XPCC", "Xinjiang Production and Construction Corps", "Company"),
    ("case_and_punctuation", "iFLYTEK", "IFLYTEK Co., Ltd.", "Company"),
    ("typo_in_surname", "Olaf Scholze", "Olaf Scholz", "Person"),
    ("token_order_of_person", "Frost, William W.", "William W Frost", "Person"),
    ("joined_words", "Good Will Company", "Goodwill Company", "Company"),
    ("ordinal_words_and_digits", "1st International Bank", "First International Bank", "Company"),
    ("diacritics", "Usāma bin Lādin", "Usama bin Ladin", "Person"),
    ("shortened_given_name", "Ben Netanyahu", "Benjamin Netanyahu", "Person"),
    ("title_is_no_evidence", "Mullah Abdul Karim Nazari", "Abdul Karim Nazari", "Person"),
    ("title_before_given_name", "Monsieur Pierre-Alain Durand", "Pierre Durand", "Person"),
    ("initial_of_given_name", "A. Karimov", "Alisher Karimov", "Person"),
    ("son_of_particle_written_two_ways", "Khalid bin Nasser", "Khalid ibn Nasser", "Person"),
    ("article_of_family_name_dropped", "Hamid al-Rashidi", "Hamid Rashidi", "Person"),
    ("patronymic_left_out", "Ivan Petrovich Sidorenko", "Ivan Sidorenko", "Person"),
    ("patronymic_transliterated", "Ivan Aleksandrovich Sidorenko", "Ivan Alexandrovich Sidorenko", "Person"),  # noqa: E501
    ("region_of_a_group", "Vantora", "Vantora Asia Pacific Pte. Ltd.", "Company"),
    ("polish_partnership_spelt_out", "Kowalczyk Transport Sp. k.", "Kowalczyk Transport spolka komandytowa", "Company"),  # noqa: E501
    ("abbreviation_either_way", "Harbor International Freight", "Harbor Intl Freight", "Company"),
    ("label_of_a_payment_field", "FIELD 59: HARBOR FREIGHT PTY LTD", "Harbor Freight Pty Ltd", "Company"),  # noqa: E501
    # the country of the other name's legal form adds nothing; a leading one is a name part
    ("country_of_the_legal_form", "Strait Marine Singapore Pte. Ltd.", "Strait Marine Pte. Ltd.", "Company"),  # noqa: E501
    ("country_leading_the_name", "Korea Sungri Trading Corporation", "Sungri Trading Corporation", "Company"),  # noqa: E501
    ("traditional_and_simplified_characters", "習近平", "习近平", "Person"),
    # one edit that is a transliteration convention counts more than a typo
    ("transliterated_letter_and_middle_name", "Barak Hussein Obama", "Barack Obama", "Person"),
]  # fmt: skip

NON_MATCHES = [
    ("shared_generic_word_only", "Sinochem Group", "LAZARUS GROUP", "Company"),
    ("alias_that_is_a_fragment", "Yixin Science and Technology Co", "and", "Company"),
    ("different_first_name", "Octavian Scholz", "Olaf Scholz", "Person"),
    (
        "numbers_are_identity",
        "CETC 13th Research Institute",
        "CETC 14th Research Institute",
        "Company",
    ),
    ("extra_number", "Management Company 23", "Management Company", "Company"),
    ("similar_but_different_word", "Division Systems Ltd", "Hikvision Systems Ltd", "Company"),
    ("generic_words_only", "Technology Co., Ltd.", "Digital Technology Co., Ltd.", "Company"),
    ("unrelated_companies", "Alibaba Group Holding Limited", "Alfa Group", "Company"),
    # a given name is shortened ("Ben" / "Benjamin"), a family name is written in full
    ("family_name_is_not_shortened", "Anna Berg", "Anna Bergstrom", "Person"),
]


# Names alike in most words, told apart by one rule: at most a lead for review, and the
# explanation names the rule (the factor that lowered the score).
TOLD_APART = [
    ("initials_differ", "Peter J. Lindqvist", "Peter K. Lindqvist", "Person", "initials differ"),
    ("initial_against_other_given_name", "Karl O. Brandt", "Karl Dieter Brandt", "Person", "initials differ"),  # noqa: E501
    ("patronymics_differ", "Oleg Ivanovich Sokolov", "Oleg Petrovich Sokolov", "Person", "patronymics differ"),  # noqa: E501
    ("own_and_fathers_name_swapped", "Faisal bin Khalid al-Harbi", "Khalid bin Faisal al-Harbi", "Person", "father's and own name swapped"),  # noqa: E501
    ("incompatible_legal_forms", "Halvorsen Maschinen AG", "Halvorsen Maschinen GmbH", "Company", "legal forms differ"),  # noqa: E501
    ("legal_forms_of_two_countries", "Orlova Trade OOO", "Orlova Trade Ltda.", "Company", "companies of different countries' laws"),  # noqa: E501
    ("non_profit_against_company", "ANO Iskusstvo Zhizni", "OOO Iskusstvo Zhizni", "Company", "legal forms differ"),  # noqa: E501
    ("sister_companies_differ_in_a_word", "Tamberlin Systems, Inc.", "Tamberlin Industries, Inc.", "Company", "a word differs"),  # noqa: E501
    ("bracketed_numbers_differ", "Meridian Assets (2011) Ltd", "Meridian Assets (2016) Ltd", "Company", "numbers differ"),  # noqa: E501
    ("national_subsidiary", "Halden Pumps Inc.", "Halden Pumps Canada Ltd.", "Company", "a country subsidiary"),  # noqa: E501
    ("hangul_syllable_differs", "박민준", "박민중", "Person", "written syllables differ"),
    ("han_character_reads_differently", "李明华", "李敏华", "Person", "written syllables differ"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "name1", "name2", "schema", "reason"), TOLD_APART, ids=[m[0] for m in TOLD_APART]
)
def test_these_names_are_told_apart(  # type: ignore[no-untyped-def]
    compare, rule: str, name1: str, name2: str, schema: str, reason: str
) -> None:
    result: Comparison = compare(name1, name2, schema)
    assert result.decision != "match", (rule, result.score, result.explanation)
    assert reason in [f["reason"] for f in result.explanation["factors"]], result.explanation


@pytest.fixture(scope="module")
def compare() -> object:
    return get_algorithm("entitywatch-v1").compare_names


@pytest.mark.parametrize(("rule", "name1", "name2", "schema"), MATCHES, ids=[m[0] for m in MATCHES])
def test_these_names_match(compare, rule: str, name1: str, name2: str, schema: str) -> None:  # type: ignore[no-untyped-def]
    result: Comparison = compare(name1, name2, schema)
    assert result.decision == "match", (rule, result.score, result.explanation)


@pytest.mark.parametrize(
    ("rule", "name1", "name2", "schema"), NON_MATCHES, ids=[m[0] for m in NON_MATCHES]
)
def test_these_names_do_not_match(compare, rule: str, name1: str, name2: str, schema: str) -> None:  # type: ignore[no-untyped-def]
    result: Comparison = compare(name1, name2, schema)
    assert result.decision == "clear", (rule, result.score, result.explanation)


def test_scores_are_symmetric_enough(compare) -> None:  # type: ignore[no-untyped-def]
    forward = compare("Hikvision", "Hangzhou Hikvision Digital Technology Co., Ltd.", "Company")
    backward = compare("Hangzhou Hikvision Digital Technology Co., Ltd.", "Hikvision", "Company")
    assert abs(forward.score - backward.score) < 1e-9


def test_explanation_names_what_matched_and_what_did_not(compare) -> None:  # type: ignore[no-untyped-def]
    result = compare("Hikvision", "Hangzhou Hikvision Digital Technology Co., Ltd.", "Company")
    explanation = result.explanation
    assert [m["how"] for m in explanation["matched"]] == ["exact"]
    unmatched = {item["token"].lower() for item in explanation["unmatched_candidate"]}
    assert {"hangzhou", "digital", "technology"} <= unmatched
    assert explanation["coverage_query"] == 1.0


LEADS_FOR_REVIEW = [
    # A three-letter acronym stands for many names: alone it is a lead, not a match.
    ("three_letter_acronym", "Huawei Technologies Co., Ltd.", "HTC", "Company"),
    ("three_letter_acronym_reversed", "ASP", "Anta Sports Products Limited", "Company"),
    ("three_letter_acronym_with_legal_form", "Chengdu GaStone Technology", "CGT JSC", "Company"),
]


@pytest.mark.parametrize(
    ("rule", "name1", "name2", "schema"),
    LEADS_FOR_REVIEW,
    ids=[m[0] for m in LEADS_FOR_REVIEW],
)
def test_these_names_are_leads_for_review(
    compare, rule: str, name1: str, name2: str, schema: str
) -> None:  # type: ignore[no-untyped-def]
    result: Comparison = compare(name1, name2, schema)
    assert result.decision == "review", (rule, result.score, result.explanation)
    assert [m["how"] for m in result.explanation["matched"]] == ["acronym"]


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("Boris Johnson", "Alexander Boris de Pfeffel Johnson"),
        ("Ilie Bolojan", "Ilie Gavril Bolojan"),
    ],
)
def test_a_persons_extra_given_names_cost_little(compare, short: str, full: str) -> None:  # type: ignore[no-untyped-def]
    result: Comparison = compare(short, full, "Person")
    assert result.decision == "match", (result.score, result.explanation)
    reasons = [f["reason"] for f in result.explanation["factors"]]
    assert "extra names on one side only" in reasons


def test_one_shared_given_name_is_not_enough(compare) -> None:  # type: ignore[no-untyped-def]
    result: Comparison = compare("Boris Petrov", "Boris Ivanovich Johnson", "Person")
    assert result.decision != "match", (result.score, result.explanation)
