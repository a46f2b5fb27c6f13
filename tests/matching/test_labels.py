"""The names meant by a name as written: labels, prefixes, aliases, brackets, address tails."""

from __future__ import annotations

import csv

import pytest

from entitywatch.matching.labels import name_variants
from entitywatch.matching.legal_forms import tag_legal_forms
from entitywatch.matching.text import fold_words
from tests.conftest import shared_file

AS_WRITTEN = "as_written"


@pytest.mark.parametrize(
    ("written", "variants"),
    [
        # party labels of payment messages and trade documents: never part of the name
        ("BENEFICIARY: ACME LTD", [("ACME LTD", "without_label")]),
        ("BENEFICIARY NAME: HUAWEI TECHNOLOGIES CO LTD", [("HUAWEI TECHNOLOGIES CO LTD", "without_label")]),  # noqa: E501
        ("Ordering Customer: Acme Trading GmbH", [("Acme Trading GmbH", "without_label")]),
        ("SHIPPER: ACME TRADING LLC", [("ACME TRADING LLC", "without_label")]),
        ("CONSIGNEE : SINOCHEM INTERNATIONAL", [("SINOCHEM INTERNATIONAL", "without_label")]),
        ("NOTIFY PARTY: ACME TRADING LLC", [("ACME TRADING LLC", "without_label")]),
        ("APPLICANT: ACME TRADING LLC", [("ACME TRADING LLC", "without_label")]),
        ("ATTN: ACME TRADING LLC", [("ACME TRADING LLC", "without_label")]),
        ("BANK: BANK MELLI IRAN", [("BANK MELLI IRAN", "without_label")]),
        ("C/O ACME TRADING LLC", [("ACME TRADING LLC", "without_label")]),
        ("FOR THE ACCOUNT OF SINOCHEM INTERNATIONAL", [("SINOCHEM INTERNATIONAL", "without_label")]),  # noqa: E501
        (":59:/DE89370400440532013000 ACME GMBH", [("ACME GMBH", "without_label")]),
        ("FIELD 59: ACME TRADING PTY LTD", [("ACME TRADING PTY LTD", "without_label")]),
        ("MESSRS. ACME TRADING OU", [("ACME TRADING OU", "without_label")]),
        ("BANK MELLI IRAN", [("BANK MELLI IRAN", AS_WRITTEN)]),  # "BANK" without a colon is a word
        # a party sent in care of another: both are meant
        ("JOHN DOE C/O ACME TRADING LLC", [("JOHN DOE C/O ACME TRADING LLC", AS_WRITTEN), ("JOHN DOE", "primary_part"), ("ACME TRADING LLC", "care_of_party")]),  # noqa: E501
        # vessel prefixes
        ("M/V ADRIAN DARYA 1", [("M/V ADRIAN DARYA 1", AS_WRITTEN), ("ADRIAN DARYA 1", "vessel_prefix_removed")]),  # noqa: E501
        ("MV GRACE 1", [("MV GRACE 1", AS_WRITTEN), ("GRACE 1", "vessel_prefix_removed")]),
        ("M.T. ABYAN", [("M.T. ABYAN", AS_WRITTEN), ("ABYAN", "vessel_prefix_removed")]),
        ("SS AMBER", [("SS AMBER", AS_WRITTEN), ("AMBER", "vessel_prefix_removed")]),
        ("MY AVIATION COMPANY LIMITED", [("MY AVIATION COMPANY LIMITED", AS_WRITTEN)]),  # a company
        ("TS COMPANY", [("TS COMPANY", AS_WRITTEN)]),
        ("Mt Everest Trading", [("Mt Everest Trading", AS_WRITTEN)]),
        # former names and aliases
        ("ADRIAN DARYA 1 (ex-GRACE 1)", [("ADRIAN DARYA 1 (ex-GRACE 1)", AS_WRITTEN), ("ADRIAN DARYA 1", "primary_part"), ("GRACE 1", "former_name")]),  # noqa: E501
        ("ADRIAN DARYA 1 ex GRACE 1", [("ADRIAN DARYA 1 ex GRACE 1", AS_WRITTEN), ("ADRIAN DARYA 1", "primary_part"), ("GRACE 1", "former_name")]),  # noqa: E501
        ("Acme Ltd (formerly Zenith Ltd)", [("Acme Ltd (formerly Zenith Ltd)", AS_WRITTEN), ("Acme Ltd", "primary_part"), ("Zenith Ltd", "former_name")]),  # noqa: E501
        ("Acme Ltd f.k.a. Zenith Ltd", [("Acme Ltd f.k.a. Zenith Ltd", AS_WRITTEN), ("Acme Ltd", "primary_part"), ("Zenith Ltd", "former_name")]),  # noqa: E501
        ("Acme Ltd fka Zenith Ltd", [("Acme Ltd fka Zenith Ltd", AS_WRITTEN), ("Acme Ltd", "primary_part"), ("Zenith Ltd", "former_name")]),  # noqa: E501
        ("Acme Ltd formerly known as Zenith Ltd", [("Acme Ltd formerly known as Zenith Ltd", AS_WRITTEN), ("Acme Ltd", "primary_part"), ("Zenith Ltd", "former_name")]),  # noqa: E501
        ("Acme Ltd a.k.a. Zenith", [("Acme Ltd a.k.a. Zenith", AS_WRITTEN), ("Acme Ltd", "primary_part"), ("Zenith", "alias_part")]),  # noqa: E501
        ("Acme Ltd aka Zenith", [("Acme Ltd aka Zenith", AS_WRITTEN), ("Acme Ltd", "primary_part"), ("Zenith", "alias_part")]),  # noqa: E501
        ("Acme Ltd (a.k.a. Zenith)", [("Acme Ltd (a.k.a. Zenith)", AS_WRITTEN), ("Acme Ltd", "primary_part"), ("Zenith", "alias_part")]),  # noqa: E501
        ("Acme Ltd also known as Zenith", [("Acme Ltd also known as Zenith", AS_WRITTEN), ("Acme Ltd", "primary_part"), ("Zenith", "alias_part")]),  # noqa: E501
        ("Acme Ltd d/b/a Zenith Stores", [("Acme Ltd d/b/a Zenith Stores", AS_WRITTEN), ("Acme Ltd", "primary_part"), ("Zenith Stores", "alias_part")]),  # noqa: E501
        ("John Smith t/a Zenith Stores", [("John Smith t/a Zenith Stores", AS_WRITTEN), ("John Smith", "primary_part"), ("Zenith Stores", "alias_part")]),  # noqa: E501
        # the same, from the CSL
        ("Gazprom Promgaz, AO (f.k.a. Otkrytoe Aktsionernoe Obshchestvo Gazprom Promgaz)", [("Gazprom Promgaz, AO (f.k.a. Otkrytoe Aktsionernoe Obshchestvo Gazprom Promgaz)", AS_WRITTEN), ("Gazprom Promgaz, AO", "primary_part"), ("Otkrytoe Aktsionernoe Obshchestvo Gazprom Promgaz", "former_name")]),  # noqa: E501
        ("Mexpar International, Inc. (a.k.a. Pasadena Aerospace; Aviation Logistics and Supply)", [("Mexpar International, Inc. (a.k.a. Pasadena Aerospace; Aviation Logistics and Supply)", AS_WRITTEN), ("Mexpar International, Inc.", "primary_part"), ("Pasadena Aerospace", "alias_part"), ("Aviation Logistics and Supply", "alias_part")]),  # noqa: E501
        ("Precision Image Corporation (a.k.a. Precision Industries, Inc.; CK Enterprises, Inc.)", [("Precision Image Corporation (a.k.a. Precision Industries, Inc.; CK Enterprises, Inc.)", AS_WRITTEN), ("Precision Image Corporation", "primary_part"), ("Precision Industries, Inc.", "alias_part"), ("CK Enterprises, Inc.", "alias_part")]),  # noqa: E501
        ("Chitron Electronics Company Ltd., a.k.a. Chi-Chung Electronics Company Ltd. (Chitron-Shenzhen)", [("Chitron Electronics Company Ltd., a.k.a. Chi-Chung Electronics Company Ltd. (Chitron-Shenzhen)", AS_WRITTEN), ("Chitron Electronics Company Ltd.", "primary_part"), ("Chi-Chung Electronics Company Ltd. (Chitron-Shenzhen)", "alias_part"), ("Chi-Chung Electronics Company Ltd.", "without_parenthesis"), ("Chitron-Shenzhen", "parenthesised_alias")]),  # noqa: E501
        ("PEARL (A.K.A. NEI-CHIEN CHU) LI", [("PEARL (A.K.A. NEI-CHIEN CHU) LI", AS_WRITTEN), ("PEARL LI", "primary_part"), ("NEI-CHIEN CHU", "alias_part")]),  # noqa: E501
        ("F.K.A. Office of Scientific and Industrial Studies (OSIS)", [("Office of Scientific and Industrial Studies (OSIS)", "without_label"), ("Office of Scientific and Industrial Studies", "without_parenthesis"), ("OSIS", "parenthesised_alias")]),  # noqa: E501
        ("and Yichang Testing Technology Research Institute a.k.a. Yichang Institute of Testing Technology", [("Yichang Testing Technology Research Institute a.k.a. Yichang Institute of Testing Technology", "without_label"), ("Yichang Testing Technology Research Institute", "primary_part"), ("Yichang Institute of Testing Technology", "alias_part")]),  # noqa: E501
        # "ex" opening a name is part of it, and so is an "AKA" inside a word
        ("EX-CLE SOLUCIONES BIOMETRICAS C.A.", [("EX-CLE SOLUCIONES BIOMETRICAS C.A.", AS_WRITTEN)]),  # noqa: E501
        ("YK-AKA", [("YK-AKA", AS_WRITTEN)]),
        ("AKA Trading Ltd", [("AKA Trading Ltd", AS_WRITTEN)]),
        ("a.k.a. Zenith Trading Ltd", [("Zenith Trading Ltd", "without_label")]),
        # bracketed acronyms and brands
        ("Semiconductor Manufacturing International Corporation (SMIC)", [("Semiconductor Manufacturing International Corporation (SMIC)", AS_WRITTEN), ("Semiconductor Manufacturing International Corporation", "without_parenthesis"), ("SMIC", "parenthesised_alias")]),  # noqa: E501
        ("Xinjiang Production and Construction Corps (XPCC)", [("Xinjiang Production and Construction Corps (XPCC)", AS_WRITTEN), ("Xinjiang Production and Construction Corps", "without_parenthesis"), ("XPCC", "parenthesised_alias")]),  # noqa: E501
        ("Huawei Technologies Co., Ltd. (Huawei)", [("Huawei Technologies Co., Ltd. (Huawei)", AS_WRITTEN), ("Huawei Technologies Co., Ltd.", "without_parenthesis"), ("Huawei", "parenthesised_alias")]),  # noqa: E501
        ("NAFTIRAN INTERTRADE CO. (NICO) LIMITED", [("NAFTIRAN INTERTRADE CO. (NICO) LIMITED", AS_WRITTEN), ("NAFTIRAN INTERTRADE CO. LIMITED", "without_parenthesis"), ("NICO", "parenthesised_alias")]),  # noqa: E501
        # bracketed places, legal forms, generic words, notes: only removed
        # a bracketed place stays in the name: it weighs little, and conflicts with another place
        ("Huawei Technologies (HK) Co., Limited", [("Huawei Technologies (HK) Co., Limited", AS_WRITTEN)]),  # noqa: E501
        ("Hangxing Electronics (Lianyungang) Co., Ltd.", [("Hangxing Electronics (Lianyungang) Co., Ltd.", AS_WRITTEN)]),  # noqa: E501
        ("SINO ENERGY SHIPPING (HONG KONG) LTD", [("SINO ENERGY SHIPPING (HONG KONG) LTD", AS_WRITTEN)]),  # noqa: E501
        # a bracketed number stays too: numbers are identity ("(2011)" vs "(2016)")
        ("Meridian Assets (2011) Ltd", [("Meridian Assets (2011) Ltd", AS_WRITTEN)]),
        ("Oriental Engineers (Pvt.) Ltd.", [("Oriental Engineers (Pvt.) Ltd.", AS_WRITTEN), ("Oriental Engineers Ltd.", "without_parenthesis")]),  # noqa: E501
        ("Hangzhou Hikvision Digital Technology (Group) Co., Ltd.", [("Hangzhou Hikvision Digital Technology (Group) Co., Ltd.", AS_WRITTEN), ("Hangzhou Hikvision Digital Technology Co., Ltd.", "without_parenthesis")]),  # noqa: E501
        ("ABAR PETROLEUM SERVICE SAL (OFFSHORE)", [("ABAR PETROLEUM SERVICE SAL (OFFSHORE)", AS_WRITTEN), ("ABAR PETROLEUM SERVICE SAL", "without_parenthesis")]),  # noqa: E501
        ("Ri Sung Chol (aka Ri Su'ng-ch'o'l) (DPRK individual)", [("Ri Sung Chol (aka Ri Su'ng-ch'o'l) (DPRK individual)", AS_WRITTEN), ("Ri Sung Chol (DPRK individual)", "primary_part"), ("Ri Sung Chol", "without_parenthesis"), ("Ri Su'ng-ch'o'l", "alias_part")]),  # noqa: E501
        ("Sichuan Academy (including power plants)", [("Sichuan Academy (including power plants)", AS_WRITTEN), ("Sichuan Academy", "without_parenthesis")]),  # noqa: E501
        # quotes are kept: they hold the trade name itself
        ("AKTSIONERNOE OBSHCHESTVO 'DRUZHBA'", [("AKTSIONERNOE OBSHCHESTVO 'DRUZHBA'", AS_WRITTEN)]),  # noqa: E501
        # affiliates: the affiliate is the party, the parent's alias is not its name
        ("Huawei Technologies Co., Ltd. (Huawei).  Affiliated Entity:  Hangzhou Huawei Enterprises", [("Huawei Technologies Co., Ltd. (Huawei). Affiliated Entity: Hangzhou Huawei Enterprises", AS_WRITTEN), ("Hangzhou Huawei Enterprises", "affiliate_name")]),  # noqa: E501
        ("China Electronics Technology Group Corporation 13th Research Institute (CETC 13).  Subordinate Institution - Bowei Integrated Circuits", [("China Electronics Technology Group Corporation 13th Research Institute (CETC 13). Subordinate Institution - Bowei Integrated Circuits", AS_WRITTEN), ("Bowei Integrated Circuits", "affiliate_name")]),  # noqa: E501
        # address tails after a legal form, made of places only
        ("Huawei Technologies Co., Ltd., Shenzhen, Guangdong", [("Huawei Technologies Co., Ltd., Shenzhen, Guangdong", AS_WRITTEN), ("Huawei Technologies Co., Ltd.", "without_location")]),  # noqa: E501
        ("Xiamen Meiya Pico Information Co., Ltd., Xiamen, China", [("Xiamen Meiya Pico Information Co., Ltd., Xiamen, China", AS_WRITTEN), ("Xiamen Meiya Pico Information Co., Ltd.", "without_location")]),  # noqa: E501
        ("Zhongguancun Co Ltd, Haidian District, Beijing 100085, PRC", [("Zhongguancun Co Ltd, Haidian District, Beijing 100085, PRC", AS_WRITTEN), ("Zhongguancun Co Ltd", "without_location")]),  # noqa: E501
        ("ACME TRADING LTD, CN", [("ACME TRADING LTD, CN", AS_WRITTEN), ("ACME TRADING LTD", "without_location")]),  # noqa: E501
        ("Huawei Technologies Co. Ltd., Tsim Sha Tsui", [("Huawei Technologies Co. Ltd., Tsim Sha Tsui", AS_WRITTEN)]),  # not known as a place  # noqa: E501
        ("Acme Trading, SA", [("Acme Trading, SA", AS_WRITTEN)]),  # a legal form, not Saudi Arabia
        ("Moscow Institute of Physics and Technology, Moscow, Russia", [("Moscow Institute of Physics and Technology, Moscow, Russia", AS_WRITTEN)]),  # no legal form  # noqa: E501
        ("'ABBAS, Rim", [("'ABBAS, Rim", AS_WRITTEN)]),
        # whitespace
        ("  Acme   Trading  Ltd  ", [("Acme Trading Ltd", AS_WRITTEN)]),
        # nothing meaningful: nothing at all
        ("Ltd", []),
        ("and", []),
        ("Co., Ltd.", []),
        ("", []),
        ("BENEFICIARY:", []),
    ],
)  # fmt: skip
def test_name_variants(written: str, variants: list[tuple[str, str]]) -> None:
    assert name_variants(written) == variants


def _meaningful(text: str) -> bool:
    joining = {"and", "of", "the", "y", "e", "et", "de"}
    items = tag_legal_forms(fold_words(text))
    return any(isinstance(item, str) and item not in joining for item in items)


def test_variants_of_every_csl_name_are_unique_stripped_and_meaningful() -> None:
    """All names and aliases of the 2022 CSL; the name as written comes first unless a
    label was removed from it."""
    path = shared_file("csl_2022/consolidated.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        names = [
            alias
            for row in csv.DictReader(handle)
            for alias in [row["name"], *row["alt_names"].split("; ")]
            if alias.strip()
        ]
    for name in names:
        variants = name_variants(name)
        texts = [text for text, _ in variants]
        assert len(texts) == len(set(texts)), name
        assert all(text == text.strip() and text and _meaningful(text) for text in texts), name
        if variants and variants[0][1] == AS_WRITTEN:
            assert fold_words(variants[0][0]) == fold_words(name), name
