"""Chinese-script names read the way the official lists write them in Latin script.

Each table is one rule of ``entitywatch.matching.chinese`` (segmentation, pinyin form,
translated form, numbers, traditional characters) or of its dictionaries (``places_cn``,
``chinese_terms``). The real names come from the lists in ../shared/data: the Chinese
names of the OFAC Consolidated (non-SDN) Enhanced XML file, the "Chinese name" column of
the cn_sanctions research table, and the pinyin aliases of the CSL 2022 Entity List.

Forms are written compactly: word tokens as their text, other kinds as ``kind:text``
("place:beijing shangtang keji kaifa legal_form:ltd").
"""

from __future__ import annotations

import csv
import functools
import itertools

import pytest

from entitywatch.matching import legal_forms, places
from entitywatch.matching.chinese import (
    PINYIN,
    TRANSLATED,
    analyze_chinese,
    chinese_number,
    has_han,
    segment,
)
from entitywatch.matching.chinese_terms import (
    ENGLISH_FOR_TERM,
    LEGAL_FORM_SYMBOLS,
    PINYIN_FOR_ENGLISH,
    TERMS,
    pinyin_syllables,
    to_simplified,
)
from entitywatch.matching.places_cn import (
    CHINESE_PLACE_PINYIN,
    CHINESE_PLACE_SPELLINGS,
    CHINESE_PLACES,
    canonical_place,
    english_place,
)
from entitywatch.matching.text import fold_words
from entitywatch.matching.types import Token, TokenKind
from entitywatch.sources import ofac_enhanced_xml
from tests.conftest import shared_file


def render(tokens: list[Token]) -> str:
    return " ".join(
        t.text if t.kind is TokenKind.WORD else f"{t.kind.value}:{t.text}" for t in tokens
    )


def form(name: str, label: str) -> str:
    """The rendered form ``label`` of ``name``; the pinyin one when no other differs."""
    forms = dict((label, tokens) for tokens, label in analyze_chinese(name))
    return render(forms.get(label, forms[PINYIN]))


# --- script detection --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("北京商汤科技开发有限公司", True),  # simplified
        ("商湯集團有限公司", True),  # traditional
        ("AEVEX航天公司", True),  # mixed with Latin
        ("㐀", True),  # extension A
        ("𠮷野家", True),  # extension B
        ("豈", True),  # compatibility ideograph U+F900
        ("Beijing Shangtang Technology", False),
        ("株式会社", True),  # kanji are Han too
        ("ホールディングス", False),  # katakana alone is not
        ("김정은", False),  # hangul is not
        ("〇", False),  # the ideographic zero alone is a numeral, not a name
        ("", False),
    ],
)
def test_has_han(text: str, expected: bool) -> None:
    assert has_han(text) is expected


# --- segmentation: place + trade name + industry + form + rest ----------------------------

SEGMENTS = [
    # (name, place, trade name, industry, form, rest)
    ("北京商汤科技开发有限公司", ("北京",), "商汤", ("科技", "开发"), ("有限公司",), ""),
    ("天津飞腾信息技术有限公司", ("天津",), "飞腾", ("信息技术",), ("有限公司",), ""),
    ("中科曙光", (), "中科曙光", (), (), ""),
    ("南昌欧菲光科技有限公司", ("南昌",), "欧菲光", ("科技",), ("有限公司",), ""),
    ("兵团", (), "", (), ("兵团",), ""),
    ("新疆生产建设兵团", ("新疆",), "", ("生产建设",), ("兵团",), ""),
    ("新疆生产建设兵团公安局", ("新疆",), "", ("生产建设",), ("兵团", "公安局"), ""),
    ("阿克苏华孚", ("阿克苏",), "华孚", (), (), ""),
    ("阿克苏华孚色纺有限公司", ("阿克苏",), "华孚", ("色纺",), ("有限公司",), ""),
    ("杭州海康威视数字技术股份有限公司", ("杭州",), "海康威视", ("数字", "技术"), ("股份有限公司",), ""),  # noqa: E501
    ("深圳市大疆创新科技有限公司", ("深圳市",), "大疆", ("创新", "科技"), ("有限公司",), ""),
    ("中芯国际集成电路制造有限公司", (), "中芯", ("国际", "集成电路", "制造"), ("有限公司",), ""),
    ("中芯国际集成电路制造（北京）有限公司", ("北京",), "中芯", ("国际", "集成电路", "制造"), ("有限公司",), ""),  # noqa: E501
    ("旷视科技有限公司", (), "旷视", ("科技",), ("有限公司",), ""),
    ("北京旷视科技有限公司", ("北京",), "旷视", ("科技",), ("有限公司",), ""),
    ("云从科技集团股份有限公司", (), "云从", ("科技",), ("集团", "股份有限公司"), ""),
    ("曙光信息产业股份有限公司", (), "曙光", ("信息", "产业"), ("股份有限公司",), ""),
    ("商湯集團有限公司", (), "商汤", (), ("集团", "有限公司"), ""),
    ("依图科技有限公司", (), "依图", ("科技",), ("有限公司",), ""),
    ("华为技术有限公司", (), "华为", ("技术",), ("有限公司",), ""),
    ("中国电子科技集团公司第十四研究所", ("中国",), "", ("电子", "科技"), ("集团", "公司"), "第十四研究所"),  # noqa: E501
    ("新疆维吾尔自治区公安厅", ("新疆维吾尔自治区",), "", (), ("公安厅",), ""),
    ("阿克苏地区公安局", ("阿克苏地区",), "", (), ("公安局",), ""),
    ("广东省深圳市大疆创新科技有限公司", ("广东省", "深圳市"), "大疆", ("创新", "科技"), ("有限公司",), ""),  # noqa: E501
    ("中国航天科工集团有限公司", ("中国",), "", ("航天", "科工"), ("集团", "有限公司"), ""),
    ("北京航空航天大学", ("北京",), "", (), ("航空航天大学",), ""),
    ("海岸间电子公司", (), "海岸间", ("电子",), ("公司",), ""),  # 电子 + 公司, not 电 + 子公司
    ("洛克希德·马丁导弹与火控公司", (), "洛克希德·马丁", ("导弹", "火控"), ("公司",), ""),
    ("AEVEX航天公司", (), "AEVEX", ("航天",), ("公司",), ""),
    ("三井物产航空航天株式会社维修中心", (), "三井物产", ("航空航天",), ("株式会社",), "维修中心"),
    ("美国国家民主基金会", ("美国",), "", ("国家", "民主"), ("基金会",), ""),
    ("北京市场研究", ("北京",), "市场", ("研究",), (), ""),  # 市场 is "market", not 市 city
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "place", "trade_name", "industry", "form_", "rest"),
    SEGMENTS,
    ids=[row[0] for row in SEGMENTS],
)
def test_segment(
    name: str,
    place: tuple[str, ...],
    trade_name: str,
    industry: tuple[str, ...],
    form_: tuple[str, ...],
    rest: str,
) -> None:
    parts = segment(name)
    assert (parts.place, parts.trade_name, parts.industry, parts.form, parts.rest) == (
        place,
        trade_name,
        industry,
        form_,
        rest,
    )


# --- the pinyin form: every part in pinyin, one token per word ----------------------------

PINYIN_FORMS = [
    ("北京商汤科技开发有限公司", "place:beijing shangtang keji kaifa legal_form:ltd"),
    ("天津飞腾信息技术有限公司", "place:tianjin feiteng xinxi jishu legal_form:ltd"),
    ("中科曙光", "zhongke shuguang"),  # four characters: two words
    ("南昌欧菲光科技有限公司", "place:nanchang oufeiguang keji legal_form:ltd"),  # three: one
    ("兵团", "bingtuan"),
    ("新疆生产建设兵团", "place:xinjiang shengchan jianshe bingtuan"),
    ("阿克苏华孚", "place:akesu huafu"),
    (
        "杭州海康威视数字技术股份有限公司",
        "place:hangzhou haikang weishi shuzi jishu legal_form:jsc",
    ),
    ("深圳市大疆创新科技有限公司", "place:shenzhen dajiang chuangxin keji legal_form:ltd"),
    ("中芯国际集成电路制造有限公司", "zhongxin guoji jicheng dianlu zhizao legal_form:ltd"),
    ("商湯集團有限公司", "shangtang jituan legal_form:ltd"),
    ("新疆维吾尔自治区公安厅", "place:xinjiang gonganting"),
    ("香港特别行政区政府", "place:hongkong zhengfu"),  # places are canonical keys
    ("中国人民解放军61398部队", "place:china renmin jiefangjun number:61398 budui"),
    ("洛克希德·马丁导弹与火控公司", "luoke xide mading daodan stopword:yu huokong legal_form:co"),
    ("重庆长安汽车股份有限公司", "place:chongqing changan qiche legal_form:jsc"),  # 重 chong
]


@pytest.mark.parametrize(("name", "expected"), PINYIN_FORMS, ids=[r[0] for r in PINYIN_FORMS])
def test_pinyin_form(name: str, expected: str) -> None:
    assert form(name, PINYIN) == expected


def test_a_brand_is_not_a_transliteration() -> None:
    """海康威视 is "haikang weishi" in pinyin and "Hikvision" in the lists: the pinyin form
    gives the transliteration (which some lists carry as an alias), never the brand."""
    texts = {
        t.text for tokens, _ in analyze_chinese("杭州海康威视数字技术股份有限公司") for t in tokens
    }
    assert {"haikang", "weishi"} <= texts
    assert "hikvision" not in texts


# --- the translated form: industry and organisation words in the lists' English ----------

TRANSLATED_FORMS = [
    (
        "北京商汤科技开发有限公司",
        "place:beijing shangtang technology development legal_form:ltd",
    ),
    (
        "天津飞腾信息技术有限公司",
        "place:tianjin feiteng information technology legal_form:ltd",
    ),
    ("兵团", "corps"),
    (
        "新疆生产建设兵团",
        "place:xinjiang production stopword:and construction corps",
    ),
    (
        "阿克苏华孚色纺有限公司",
        "place:akesu huafu dyed melange yarn legal_form:ltd",
    ),
    (
        "杭州海康威视数字技术股份有限公司",
        "place:hangzhou haikang weishi digital technology legal_form:jsc",
    ),
    (
        "深圳市大疆创新科技有限公司",
        "place:shenzhen dajiang innovation technology legal_form:ltd",
    ),
    (
        "中芯国际集成电路制造有限公司",
        "zhongxin international integrated circuit manufacturing legal_form:ltd",
    ),
    (
        "中国电子科技集团公司第十四研究所",
        "place:china electronics technology group legal_form:co number:14 research institute",
    ),
    # an agency (no legal form) keeps the administrative words of its place
    (
        "新疆维吾尔自治区公安厅",
        "place:xinjiang uyghur autonomous region public security department",
    ),
    ("阿克苏地区公安局", "place:akesu prefecture public security bureau"),
    ("乌鲁木齐市公安局", "place:wulumuqi municipality public security bureau"),
    (
        "北京航空航天大学",
        "place:beijing university stopword:of aeronautics stopword:and astronautics",
    ),
    ("美国国家民主基金会", "place:unitedstates national democracy foundation"),
    ("中国人民解放军61398部队", "place:china people liberation army number:61398 unit"),
    ("AEVEX航天公司", "aevex aerospace legal_form:co"),
]


@pytest.mark.parametrize(
    ("name", "expected"), TRANSLATED_FORMS, ids=[r[0] for r in TRANSLATED_FORMS]
)
def test_translated_form(name: str, expected: str) -> None:
    assert form(name, TRANSLATED) == expected


def test_translated_form_is_left_out_when_it_adds_nothing() -> None:
    assert [label for _, label in analyze_chinese("中科曙光")] == [PINYIN]
    assert [label for _, label in analyze_chinese("旷视科技")] == [PINYIN, TRANSLATED]


# --- numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("十四", 14),
        ("十", 10),
        ("二十", 20),
        ("二十三", 23),
        ("一百零八", 108),
        ("两百", 200),
        ("七一一", 711),  # unit numbers are read digit by digit
        ("二〇三", 203),
        ("五", 5),
        ("十四所", None),
        ("", None),
    ],
)
def test_chinese_number(numeral: str, value: int | None) -> None:
    assert chinese_number(numeral) == value


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("中国电子科技集团公司第十四研究所", "14"),  # 第 + numeral before a unit
        ("中国电子科技集团公司第十三研究所", "13"),
        ("七一一研究所", "711"),  # a bare numeral before a numbered unit
        ("航天三院", "3"),
        ("新疆生产建设兵团第一师", "1"),
        ("中国人民解放军61398部队", "61398"),  # digits
        ("第14研究所", "14"),
    ],
)
def test_numbers_become_number_tokens(name: str, number: str) -> None:
    for tokens, _ in analyze_chinese(name):
        assert [t.text for t in tokens if t.kind is TokenKind.NUMBER] == [number]


@pytest.mark.parametrize("name", ["三菱重工株式会社", "三一重工股份有限公司", "四川长虹电器"])
def test_numerals_in_a_trade_name_or_place_stay_words(name: str) -> None:
    for tokens, _ in analyze_chinese(name):
        assert not [t for t in tokens if t.kind is TokenKind.NUMBER]


# --- traditional characters --------------------------------------------------------------


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("商湯集團有限公司", "商汤集团有限公司"),
        ("華為技術有限公司", "华为技术有限公司"),
        ("臺灣積體電路製造股份有限公司", "台湾积体电路制造股份有限公司"),
        ("廣東省深圳市", "广东省深圳市"),
        ("烏魯木齊市公安局", "乌鲁木齐市公安局"),
        ("中華人民共和國", "中华人民共和国"),
        ("資訊科技", "资讯科技"),
        ("北京商汤科技开发有限公司", "北京商汤科技开发有限公司"),  # already simplified
    ],
)
def test_to_simplified(traditional: str, simplified: str) -> None:
    assert to_simplified(traditional) == simplified


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("商湯集團有限公司", "商汤集团有限公司"),  # as the OFAC file writes SenseTime
        ("華為技術有限公司", "华为技术有限公司"),
        ("烏魯木齊市公安局", "乌鲁木齐市公安局"),
        ("廣東省深圳市大疆創新科技有限公司", "广东省深圳市大疆创新科技有限公司"),
    ],
)
def test_traditional_characters_read_like_simplified(traditional: str, simplified: str) -> None:
    assert analyze_chinese(traditional) == analyze_chinese(simplified)


# --- places ------------------------------------------------------------------------------

PROVINCIAL_LEVEL = [
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州",
    "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港",
    "澳门",
]  # fmt: skip


def test_all_34_provincial_level_divisions_are_places() -> None:
    assert len(PROVINCIAL_LEVEL) == 34
    assert [name for name in PROVINCIAL_LEVEL if name not in CHINESE_PLACES] == []


@pytest.mark.parametrize(
    ("hanzi", "pinyin"),
    [
        ("新疆", "xinjiang"),
        ("新疆维吾尔自治区", "xinjiang"),
        ("内蒙古自治区", "neimenggu"),
        ("广西壮族自治区", "guangxi"),
        ("香港特别行政区", "xianggang"),
        ("广东省", "guangdong"),
        ("北京市", "beijing"),
        ("深圳市", "shenzhen"),
        ("阿克苏地区", "akesu"),
        ("克孜勒苏柯尔克孜自治州", "kezilesu"),
        ("巴音郭楞蒙古自治州", "bayinguoleng"),
        ("昌吉回族自治州", "changji"),
        ("伊犁哈萨克自治州", "yili"),
        ("锡林郭勒盟", "xilinguole"),
        ("海淀区", "haidian"),
        # readings pypinyin gets wrong out of context
        ("陕西", "shaanxi"),
        ("长治", "changzhi"),
        ("朝阳", "chaoyang"),
        ("闵行", "minhang"),
        ("漯河", "luohe"),
    ],
)
def test_places_with_and_without_suffix(hanzi: str, pinyin: str) -> None:
    assert CHINESE_PLACES[hanzi] == pinyin


@pytest.mark.parametrize("hanzi", ["阿里", "东方", "中卫", "福田", "金山", "北京省"])
def test_trade_names_that_are_also_places_are_not_in_the_table(hanzi: str) -> None:
    """阿里 (Ngari) would take Alibaba's trade name, 金山 (Jinshan) Kingsoft's."""
    assert hanzi not in CHINESE_PLACES


# The Latin spellings of Xinjiang places in the Entity List's public security bureaus.
CSL_XINJIANG_SPELLINGS = [
    ("Aksu", "akesu"),
    ("Aqsu", "akesu"),
    ("Akesu", "akesu"),
    ("Hetian", "hetian"),
    ("Hotan", "hetian"),
    ("Kashgar", "kashi"),
    ("Kashi", "kashi"),
    ("Kelamayi", "kelamayi"),
    ("Karamay", "kelamayi"),
    ("Qaramay", "kelamayi"),
    ("Kezilesu", "kezilesu"),
    ("Kezilsu", "kezilesu"),
    ("Boertala", "boertala"),
    ("Bortala", "boertala"),
    ("Bayingolin", "bayinguoleng"),
    ("Tumushuke", "tumushuke"),
    ("Tumxuk", "tumushuke"),
    ("Turfan", "tulufan"),
    ("Turpan", "tulufan"),
    ("Hami", "hami"),
    ("Kumul", "hami"),
    ("Qumul", "hami"),
    ("Yili", "yili"),
    ("Ili", "yili"),
    ("Changji", "changji"),
    ("Tacheng", "tacheng"),
    ("Altay", "aletai"),
    ("Shihezi", "shihezi"),
    ("Wujiaqu", "wujiaqu"),
    ("Urumqi", "wulumuqi"),
]


@pytest.mark.parametrize(("spelling", "pinyin"), CSL_XINJIANG_SPELLINGS)
def test_alternative_spellings_of_places(spelling: str, pinyin: str) -> None:
    assert spelling.lower() in CHINESE_PLACE_PINYIN
    assert canonical_place(spelling) == pinyin


@pytest.mark.parametrize(
    ("spelling", "pinyin"),
    [
        ("Hong Kong", "xianggang"),
        ("Macao", "aomen"),
        ("Peking", "beijing"),
        ("Harbin", "haerbin"),
        ("Hohhot", "huhehaote"),
        ("Xi'an", "xian"),
        ("Kaohsiung", "gaoxiong"),
        ("Hangzhou", "hangzhou"),
        ("Technology", None),
    ],
)
def test_canonical_place(spelling: str, pinyin: str | None) -> None:
    assert canonical_place(spelling) == pinyin


@pytest.mark.parametrize(
    ("pinyin", "english"),
    [("wulumuqi", "urumqi"), ("akesu", "aksu"), ("xianggang", "hongkong"), ("beijing", "beijing")],
)
def test_english_place(pinyin: str, english: str) -> None:
    assert english_place(pinyin) == english


def test_no_spelling_names_two_places() -> None:
    owners: dict[str, set[str]] = {}
    for pinyin, others in CHINESE_PLACE_SPELLINGS.items():
        for spelling in others:
            owners.setdefault(spelling, set()).add(pinyin)
    for pinyin in set(CHINESE_PLACES.values()):
        owners.setdefault(pinyin, set()).add(pinyin)
    assert {s: o for s, o in owners.items() if len(o) > 1} == {}


# --- the dictionaries --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pinyin", "english"),
    [
        ("keji", "technology"),
        ("jishu", "technology"),
        ("dianzi", "electronics"),
        ("bingtuan", "corps"),
        ("gonganju", "public security bureau"),
        ("yanjiusuo", "research institute"),
        ("jichengdianlu", "integrated circuit"),
        ("zhongxin", "center"),
    ],
)
def test_english_for_term(pinyin: str, english: str) -> None:
    assert english in ENGLISH_FOR_TERM[pinyin]


def test_pinyin_for_english() -> None:
    assert {"keji", "jishu"} <= set(PINYIN_FOR_ENGLISH["technology"])


@pytest.mark.parametrize(
    ("hanzi", "symbol"),
    [
        ("有限公司", "ltd"),
        ("股份有限公司", "jsc"),
        ("有限责任公司", "llc"),
        ("公司", "co"),
        ("株式会社", "kk"),
    ],
)
def test_legal_form_symbols_are_those_of_legal_forms(hanzi: str, symbol: str) -> None:
    assert LEGAL_FORM_SYMBOLS[hanzi] == symbol
    assert symbol in legal_forms.LEGAL_FORMS


def test_every_term_has_an_english_rendering() -> None:
    assert [hanzi for hanzi, term in TERMS.items() if not term.english] == []


def test_pinyin_reads_phrases() -> None:
    assert pinyin_syllables("银行") == ("yin", "hang")
    assert pinyin_syllables("重庆") == ("chong", "qing")
    assert pinyin_syllables("绿色") == ("lu", "se")  # ü is written u


# --- people ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("习近平", "xi jinping"),
        ("王伟", "wang wei"),
        ("欧阳修", "ouyang xiu"),  # compound surname
        ("曾庆红", "zeng qinghong"),  # surname reading
        ("贝拉克·奥巴马", "beilake aobama"),  # a foreign name keeps its parts
    ],
)
def test_person_names(name: str, expected: str) -> None:
    [(tokens, label)] = analyze_chinese(name, schema="Person")
    assert (render(tokens), label) == (expected, PINYIN)


# --- the real lists ----------------------------------------------------------------------


@functools.cache
def _ofac_chinese_names() -> list[tuple[str, str, str]]:
    parsed = ofac_enhanced_xml.parse(shared_file("ofac_cons_enhanced_2025/CONS_ENHANCED.ZIP"))
    return [
        (party.id, party.names[0].value, name.value)
        for party in parsed.parties
        for name in party.names
        if name.script == "Hani"
    ]


# The CMIC companies, each with the Chinese name the file gives and its trade name in pinyin.
OFAC_CHINESE = [
    ("ofac-33091", "Megvii Technology Limited", "旷视科技有限公司", "kuangshi"),
    ("ofac-33111", "SZ DJI Technology Co., Ltd.", "深圳市大疆创新科技有限公司", "dajiang"),
    ("ofac-33112", "Cloudwalk Technology Co., Ltd.", "云从科技集团股份有限公司", "yuncong"),
    ("ofac-33113", "Dawning Information Industry Co., Ltd", "曙光信息产业股份有限公司", "shuguang"),
    ("ofac-33114", "Sensetime Group Limited", "商湯集團有限公司", "shangtang"),  # traditional
    ("ofac-33893", "Yitu Limited", "依图科技有限公司", "yitu"),
]


@pytest.mark.shared_data
def test_ofac_enhanced_chinese_names_are_the_cmic_companies() -> None:
    assert _ofac_chinese_names() == [row[:3] for row in OFAC_CHINESE]


@pytest.mark.shared_data
@pytest.mark.parametrize(("party_id", "primary", "chinese", "trade_pinyin"), OFAC_CHINESE)
def test_ofac_enhanced_chinese_names_yield_their_trade_name(
    party_id: str, primary: str, chinese: str, trade_pinyin: str
) -> None:
    assert (party_id, primary, chinese) in _ofac_chinese_names()
    forms = analyze_chinese(chinese)
    assert all(trade_pinyin in [t.text for t in tokens] for tokens, _ in forms)
    translated = dict((label, tokens) for tokens, label in forms)[TRANSLATED]
    english = {w for w in fold_words(primary)}
    assert {t.text for t in translated} & english, "industry or form words in common"


@functools.cache
def _cn_sanctions_chinese_names() -> dict[str, str]:
    """Distinct Chinese names of the cn_sanctions table -> the Type of their row."""
    path = shared_file("cn_sanctions/sanctions.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {row["Chinese name"].strip(): row["Type"] for row in rows if row["Chinese name"].strip()}


# The cn_sanctions names that are made of known words only (no trade name). Two are read
# wrongly, and kept here so that a change shows: 中山 is Sun Yat-sen, not the city, and
# 三五 is "III-V", not 35.
CN_SANCTIONS_WITHOUT_TRADE_NAME = {
    "美国国家民主基金会", "民主联盟基金会", "香港民主委员会", "台湾民主基金会", "宇航环境公司",
    "通用动力信息技术公司", "日本电气网络传感器株式会社", "日本海洋联合株式会社", "航空装备研究所",
    "美国稀土公司", "通用动力公司", "监控研究公司", "国际海洋工程公司", "中山科学研究院",
    "国际造船股份有限公司", "三五实验室",
}  # fmt: skip


@pytest.mark.shared_data
def test_cn_sanctions_chinese_names_all_give_a_form_with_their_trade_name() -> None:
    """414 distinct Chinese names (261 of companies and organisations, mostly foreign
    names written in Chinese, the rest people): each gives at least one form with
    evidence, and every trade name found (hanzi in pinyin, Latin words folded) is in its
    pinyin form: unknown words are never dropped."""
    names = _cn_sanctions_chinese_names()
    assert len(names) == 414
    assert sum(1 for kind in names.values() if kind != "Person") == 261
    without_trade_name = set()
    for name in names:
        assert has_han(name), name
        forms = analyze_chinese(name)
        assert forms and all(
            any(t.kind not in (TokenKind.LEGAL_FORM, TokenKind.STOPWORD) for t in tokens)
            for tokens, _ in forms
        ), name
        trade_name = segment(name).trade_name
        if not trade_name:
            without_trade_name.add(name)
            continue
        words = [
            "".join(pinyin_syllables(run)) if is_han else "".join(fold_words(run))
            for is_han, run in (
                (is_han, "".join(chars))
                for is_han, chars in itertools.groupby(trade_name, key=has_han)
            )
        ]
        pinyin_tokens = dict((label, tokens) for tokens, label in forms)[PINYIN]
        joined = "".join(t.text for t in pinyin_tokens)
        assert all(word in joined for word in words), name
    assert without_trade_name == CN_SANCTIONS_WITHOUT_TRADE_NAME


# --- Chinese names against the English names the lists pair them with --------------------

PAIRS = [
    # (Chinese name, English name in a list, words both sides share in the translated form)
    (
        "北京商汤科技开发有限公司",
        "Beijing Shangtang Technology Development Co., Ltd.",  # CSL alias of SenseTime
        {"beijing", "shangtang", "technology", "development"},
    ),
    (
        "天津飞腾信息技术有限公司",
        "Tianjin Feiteng Information Technology",  # CSL alias of Tianjin Phytium
        {"tianjin", "feiteng", "information", "technology"},
    ),
    ("中科曙光", "Zhongke Shuguang", {"zhongke", "shuguang"}),  # CSL alias of Sugon
    ("曙光信息产业股份有限公司", "Shuguang Information Industry", {"shuguang", "information", "industry"}),  # noqa: E501
    ("南昌欧菲光科技有限公司", "Nanchang Oufeiguang Technology", {"nanchang", "oufeiguang", "technology"}),  # noqa: E501
    ("兵团", "Bingtuan", {"bingtuan"}),  # the pinyin form
    (
        "新疆生产建设兵团",
        "Xinjiang Production and Construction Corps",
        {"xinjiang", "production", "construction", "corps"},
    ),
    ("阿克苏华孚", "Akesu Huafu", {"akesu", "huafu"}),
    ("阿克苏华孚色纺有限公司", "Aksu Huafu Dyed Melange Yarn", {"akesu", "huafu", "dyed", "melange", "yarn"}),  # noqa: E501
    (
        "杭州海康威视数字技术股份有限公司",
        "Hangzhou Hikvision Digital Technology Co., Ltd.",  # the brand cannot match
        {"hangzhou", "digital", "technology"},
    ),
    ("杭州海康威视数字技术股份有限公司", "Hangzhou Haikang Weishi Shuzi Jishu", {"hangzhou", "haikang", "weishi", "shuzi", "jishu"}),  # noqa: E501
    (
        "深圳市大疆创新科技有限公司",
        "Shenzhen Dajiang Innovation Technology",
        {"shenzhen", "dajiang", "innovation", "technology"},
    ),
    ("深圳市大疆创新科技有限公司", "SZ DJI Technology Co., Ltd.", {"technology"}),
    (
        "中芯国际集成电路制造有限公司",
        "Semiconductor Manufacturing International Corporation",
        {"manufacturing", "international"},
    ),
    ("旷视科技有限公司", "Megvii Technology Limited", {"technology"}),
    ("云从科技集团股份有限公司", "Cloudwalk Technology Co., Ltd.", {"technology"}),
    ("商湯集團有限公司", "Sensetime Group Limited", {"group"}),
    ("依图科技有限公司", "Yitu Technologies", {"yitu"}),
    (
        "新疆维吾尔自治区公安厅",
        "Public Security Department of Xinjiang Uygar Autonomous Region",  # SDN alias
        {"xinjiang", "public", "security", "department", "autonomous", "region"},
    ),
    (
        "中国电子科技集团公司第十四研究所",
        "China Electronics Technology Group Corporation 14th Research Institute",
        {"china", "electronics", "technology", "group", "14", "research", "institute"},
    ),
    ("喀什地区公安局", "Kashgar Prefecture Public Security Bureau", {"kashi", "prefecture", "public", "security", "bureau"}),  # noqa: E501
]  # fmt: skip


def _english_keys(english: str) -> set[str]:
    """The English name's words, places as their canonical key (Aksu -> akesu)."""
    words = fold_words(english)
    keys = {places.place_key([word]) for word in words}
    return keys | {w.removesuffix("th") for w in words if w[:1].isdigit()}


@pytest.mark.parametrize(("chinese", "english", "shared"), PAIRS, ids=[p[1] for p in PAIRS])
def test_chinese_and_english_names_share_words(
    chinese: str, english: str, shared: set[str]
) -> None:
    english_keys = _english_keys(english)
    best = max(
        (
            {t.text for t in tokens if t.kind not in (TokenKind.LEGAL_FORM, TokenKind.STOPWORD)}
            & english_keys
            for tokens, _ in analyze_chinese(chinese)
        ),
        key=len,
    )
    assert best == shared


@pytest.mark.parametrize(
    ("chinese", "english"),
    [
        ("北京商汤科技开发有限公司", "Beijing Shangtang Technology Development Co., Ltd."),
        ("杭州海康威视数字技术股份有限公司", "Hangzhou Hikvision Digital Technology Co., Ltd."),
        ("云从科技集团股份有限公司", "Cloudwalk Technology Co., Ltd."),
        ("商湯集團有限公司", "Sensetime Group Limited"),
        ("三菱材料株式会社", "Mitsubishi Materials Corporation"),
    ],
)
def test_legal_forms_are_compatible_with_the_english_ones(chinese: str, english: str) -> None:
    theirs = {
        t.text for t in legal_forms.tag_legal_forms(fold_words(english)) if isinstance(t, Token)
    }
    ours = {
        t.text
        for tokens, _ in analyze_chinese(chinese)
        for t in tokens
        if t.kind is TokenKind.LEGAL_FORM
    }
    assert theirs and ours
    assert all(legal_forms.compatible(a, b) for a in ours for b in theirs)
