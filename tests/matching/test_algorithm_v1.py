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
]

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
]


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
