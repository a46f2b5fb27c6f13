"""Matcher speed benchmark (issue #3, item 6).

Builds the matcher index over the full CSL 2022 CSV plus the OFAC SDN 2021 CSV set (parsed
in process with entitywatch's parsers, no store), then measures on this machine:
- index build time, and index memory three ways: the Python heap the index holds
  (tracemalloc: allocations still alive after ``MatcherIndex.from_bytes``), the growth of
  the process's resident set across the build (build temporaries that the allocator
  keeps count here), and the size of ``MatcherIndex.to_bytes()``;
- single-query latency in process (``MatcherIndex.search`` as ``screen`` calls it), median
  and p99 over a seeded query mix: listed names as written, as news writes them (no legal
  form, no place prefix, brand only, other case and punctuation), with one or two typos,
  names in Chinese script (OFAC's enhanced XML and the cn_sanctions Chinese column, plus
  generated ones), and generated unlisted companies and people;
- batch throughput over 100,000 names of the same mix, in one process and with two
  worker processes that each load the index once from bytes (``--batch-seconds`` caps
  each run; the figure is then over the names done in that time, and says so);
- cold start of ``entitywatch screen NAME --json``: a real subprocess on a data home
  holding the CSL only, its index cache warmed by a first run; median of the later runs;
- nomenklatura's logic-v2, when importable, timed in the same run on the same
  (query, candidate) pairs that the index retrieves for each query.

Run: .venv/bin/python benchmarks/bench_match.py [--queries N] [--batch N] [--json]
With logic-v2: a Python that has nomenklatura (pip install -e '.[bench]') runs the same
script; without entitywatch installed it reads the package from src/.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.util
import json
import math
import multiprocessing
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SRC_ADDED = importlib.util.find_spec("entitywatch") is None
if SRC_ADDED:  # a Python without entitywatch installed (e.g. a venv holding nomenklatura)
    sys.path.insert(0, str(REPO / "src"))

from entitywatch import evaluation  # noqa: E402
from entitywatch.matching.algorithm_v1 import best_comparison, default_thresholds  # noqa: E402
from entitywatch.matching.analysis import analyze_name  # noqa: E402
from entitywatch.matching.compare import prepare  # noqa: E402
from entitywatch.matching.index import MatcherIndex, PartyQuery  # noqa: E402
from entitywatch.model import Party, Schema  # noqa: E402

SHARED = Path(os.environ.get("ENTITYWATCH_SHARED_DATA", REPO.parent / "shared" / "data"))
CSL_FILE = "csl_2022/consolidated.csv"
SDN_DIR = "ofac_sdn_2021"
OFAC_ENHANCED_FILE = "ofac_cons_enhanced_2025/CONS_ENHANCED.ZIP"
CN_SANCTIONS_FILE = "cn_sanctions/sanctions.csv"

TARGET_MEDIAN_MS = 2.0
TARGET_P99_MS = 10.0
TARGET_BATCH_PER_SECOND = 3000.0
TARGET_INDEX_MB = 300.0
TARGET_COLD_START_S = 1.5
RESULT_LIMIT = 10  # as `entitywatch screen` (its default --limit)
COLD_START_NAME = "Hangzhou Hikvision Digital Technology Co., Ltd."
DEFAULT_SEED = 20240603


# --- the query mix -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Query:
    """A name to screen, the kind of query it stands for, and its type when known."""

    name: str
    category: str
    schema: str | None = None


# Shares of the mix. Most names a screening team checks are not listed; the listed ones
# arrive as written, as the press writes them, or mistyped.
MIX: tuple[tuple[str, float], ...] = (
    ("listed", 0.12),
    ("news_style", 0.20),
    ("typo", 0.15),
    ("chinese_listed", 0.07),
    ("chinese_unlisted", 0.03),
    ("unlisted_cn_company", 0.15),
    ("unlisted_western_company", 0.13),
    ("unlisted_person", 0.15),
)
UNLISTED = ("unlisted_cn_company", "unlisted_western_company", "unlisted_person")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Word lists written for this benchmark.
PLACE_PREFIXES = frozenset(
    _words(
        """beijing shanghai shenzhen guangzhou hangzhou tianjin chongqing wuhan chengdu xian
    xi'an nanjing suzhou ningbo dalian qingdao xiamen harbin changsha zhengzhou jinan hefei
    fuzhou shenyang kunming dongguan foshan zhuhai wuxi changzhou guangdong jiangsu
    zhejiang sichuan hubei hunan shandong henan hebei shaanxi shanxi liaoning jilin
    heilongjiang fujian anhui jiangxi yunnan guizhou guangxi hainan gansu xinjiang
    nanchang taiyuan shijiazhuang lanzhou urumqi guiyang nanning hohhot yinchuan xining
    moscow tehran dubai karachi"""
    )
)
TWO_WORD_PLACES = ("hong kong", "inner mongolia", "st. petersburg", "saint petersburg")
GENERIC_WORDS = frozenset(
    _words(
        """technology technologies tech digital electronic electronics science sciences group
    international industrial industry industries trading trade import export holding
    holdings company corporation research institute engineering equipment machinery
    information network networks systems system intelligent precision development
    investment investments logistics shipping services service general national new
    material materials co ltd limited the and of for china chinese joint stock
    manufacturing products optical optoelectronic communication communications software
    aviation aerospace import-export commercial enterprise enterprises bank"""
    )
)
LEGAL_FORM_TAIL = re.compile(
    r"[\s,]*\b(?:co(?:mpany)?\.?,?\s*(?:ltd|limited)\.?|corporation|corp\.?|incorporated|"
    r"inc\.?|limited|ltd\.?|l\.l\.c\.?|llc|gmbh|ag|s\.a\.?|sa|jsc|ojsc|cjsc|pjsc|ooo|zao|oao|"
    r"plc|llp|pte\.?|pvt\.?|sdn\.?\s*bhd\.?|b\.v\.?|bv|n\.v\.?|s\.r\.l\.?|srl|s\.p\.a\.?|"
    r"sarl|fze|fzco|fz-?llc|kg|co\.?)\s*\.?\s*$",
    re.IGNORECASE,
)
LEGAL_FORM_HEAD = re.compile(r"^(?:ooo|oao|zao|pao|ao|jsc|ojsc|cjsc|pjsc|tov|too)\s+", re.I)
PARENTHESIS_TAIL = re.compile(r"\s*\([^()]*\)\s*$")
QUOTES = re.compile(r"[\"'«»“”„]")
PUNCTUATION = re.compile(r"[.,()\"'«»“”]")

PINYIN_SYLLABLES = _words(
    """xin da hua rui heng tai feng sheng yuan hong teng fei hui chuang li lian
    tong ke jia he yu bo jin long kang an mei zhong guang ming tian hai xing chang fu de
    kai wei jun bao cheng yi rong hao shun ning qi hang zhi sen lan"""
)
CN_CITIES = _words(
    """Ningbo Shenzhen Shanghai Beijing Hangzhou Suzhou Guangzhou Tianjin Chengdu Wuhan
    Xi'an Nanjing Qingdao Xiamen Dongguan Foshan Wuxi Changsha Zhengzhou Hefei Jinan
    Dalian Kunming Nanchang Zhuhai"""
)
CN_INDUSTRIES = (
    "Precision Machinery", "Electronic Technology", "Trading", "Import and Export",
    "New Material", "Biotechnology", "Optoelectronic Technology", "Intelligent Equipment",
    "Chemical", "Shipping", "Information Technology", "Automation Equipment", "Logistics",
    "Medical Devices", "Semiconductor", "Hardware Products", "Textile", "Auto Parts",
    "Environmental Protection Technology", "Power Equipment",
)  # fmt: skip
CN_LEGAL_FORMS = (
    "Co., Ltd.", "Co., Ltd", "Company Limited", "Co. Ltd.", "Group Co., Ltd.", "Limited",
)  # fmt: skip
HAN_CITIES = _words("宁波 深圳 上海 北京 杭州 苏州 广州 天津 成都 武汉 西安 南京 青岛 厦门 东莞")
HAN_TRADE_CHARACTERS = "鑫达华瑞恒泰丰盛源宏腾飞辉创新立联信通科嘉和宇博远佳金隆康安美中光明"
HAN_INDUSTRIES = (
    "精密机械", "电子科技", "贸易", "新材料", "光电技术", "生物科技", "进出口贸易",
    "智能装备", "化工", "船舶工程", "信息技术", "自动化设备",
)  # fmt: skip
HAN_LEGAL_FORMS = ("有限公司", "股份有限公司", "集团有限公司", "有限责任公司")
WESTERN_PREFIXES = _words(
    """North South East West Blue Silver Iron Pine Oak Harbor River Summit
    Bright Clear Granite Eagle Falcon Maple Cedar Lake Stone Red Green Golden Atlas Apex
    Vertex Nova Orion Delta Crown Bay"""
)
WESTERN_ROOTS = _words(
    """field gate stone bridge wood view point line way crest ridge port vale
    brook haven works star light"""
)
WESTERN_INDUSTRIES = (
    "Logistics", "Precision Components", "Industrial Supply", "Medical Systems", "Software",
    "Capital", "Energy", "Marine Services", "Aerospace Parts", "Electronics", "Chemicals",
    "Consulting", "Foods", "Textiles", "Instruments", "Robotics", "Analytics",
    "Pharmaceuticals", "Metals", "Packaging", "Trading", "Engineering",
)  # fmt: skip
WESTERN_LEGAL_FORMS = (
    "Inc.", "LLC", "Ltd", "GmbH", "AG", "S.A.", "B.V.", "S.r.l.", "Pty Ltd", "plc", "Corp.",
    "Limited", "",
)  # fmt: skip
PERSON_NAMES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("James", "Mary", "Robert", "Patricia", "Michael", "Jennifer", "William", "Linda",
         "David", "Elizabeth", "Richard", "Susan", "Thomas", "Karen", "Daniel", "Sarah"),
        ("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
         "Anderson", "Taylor", "Moore", "Martin", "Thompson", "White", "Harris", "Clark"),
    ),
    (
        ("José", "María", "Juan", "Carmen", "Luis", "Ana", "Carlos", "Lucía", "Jorge", "Sofía"),
        ("García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez",
         "Sánchez", "Ramírez", "Torres"),
    ),
    (
        ("Wei", "Fang", "Lei", "Jing", "Yong", "Xiaoming", "Jianguo", "Lihua", "Hao", "Min",
         "Qiang", "Yan", "Jun", "Tao", "Xin"),
        ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
         "Sun", "Ma", "Zhu", "Hu"),
    ),
    (
        ("Alexander", "Dmitry", "Sergei", "Andrei", "Olga", "Natalia", "Ivan", "Mikhail",
         "Elena", "Tatiana"),
        ("Ivanov", "Smirnov", "Kuznetsov", "Popov", "Vasiliev", "Petrov", "Sokolov",
         "Mikhailov", "Novikov", "Fedorov"),
    ),
    (
        ("Mohammed", "Ahmed", "Ali", "Hassan", "Fatima", "Omar", "Reza", "Hossein", "Mahmoud",
         "Yousef"),
        ("Al-Sayed", "Hosseini", "Rahimi", "Haddad", "Nasser", "Karimi", "Mansour", "Saleh",
         "Khalil", "Abbasi"),
    ),
    (
        ("Hans", "Klaus", "Stefan", "Petra", "Jürgen", "Monika", "Wolfgang", "Sabine"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
         "Hoffmann", "Schulz"),
    ),
    (
        ("Rajesh", "Priya", "Amit", "Sunita", "Vikram", "Anjali", "Sanjay", "Deepak"),
        ("Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair", "Mehta", "Rao"),
    ),
)  # fmt: skip
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_han(text: str) -> bool:
    return HAN.search(text) is not None


def query_schema(party_schema: str) -> str | None:
    """A screener knows a person from a company, and says no more than that."""
    return "Person" if party_schema == Schema.PERSON.value else None


def listed_pool(parties: Iterable[Party]) -> list[Query]:
    """Every Latin-script name of the parties, with its type as a screener would give it."""
    pool: list[Query] = []
    seen: set[str] = set()
    for party in parties:
        for name in party.names:
            value = name.value.strip()
            if len(value) < 3 or has_han(value) or value in seen:
                continue
            seen.add(value)
            pool.append(Query(value, "listed", query_schema(party.schema.value)))
    return pool


def load_parties(shared: Path = SHARED) -> list[Party]:
    """The parties of the CSL 2022 CSV and of the OFAC SDN 2021 CSV set."""
    from entitywatch.sources import csl, ofac_sdn_csv

    return [
        *csl.parse_csl_csv(shared / CSL_FILE).parties,
        *ofac_sdn_csv.parse(shared / SDN_DIR).parties,
    ]


def load_chinese_names(shared: Path = SHARED) -> list[Query]:
    """Names in Chinese script from OFAC's enhanced XML and the cn_sanctions table."""
    from entitywatch.sources import ofac_enhanced_xml, opensanctions_tables

    parties = [
        *ofac_enhanced_xml.parse(shared / OFAC_ENHANCED_FILE).parties,
        *opensanctions_tables.parse_cn_sanctions(shared / CN_SANCTIONS_FILE).parties,
    ]
    names: dict[str, Query] = {}
    for party in parties:
        for name in party.names:
            if has_han(name.value) and name.value not in names:
                names[name.value] = Query(
                    name.value, "chinese_listed", query_schema(party.schema.value)
                )
    return list(names.values())


def strip_legal_form(name: str) -> str:
    """ "Hangzhou Hikvision Digital Technology Co., Ltd. (Hikvision)" -> "... Technology"."""
    text = PARENTHESIS_TAIL.sub("", name).strip()
    text = LEGAL_FORM_HEAD.sub("", text)
    for _ in range(3):
        shorter = LEGAL_FORM_TAIL.sub("", text).strip(" ,.-")
        if shorter == text or len(shorter) < 3:
            break
        text = shorter
    return QUOTES.sub("", text).strip()


def strip_place_prefix(name: str) -> str:
    lowered = name.lower()
    for place in TWO_WORD_PLACES:
        if lowered.startswith(place + " "):
            return name[len(place) + 1 :].strip()
    first, _, rest = name.partition(" ")
    if rest and first.lower().strip(",") in PLACE_PREFIXES:
        return rest.strip()
    return name


def brand_of(name: str) -> str | None:
    """The word the press uses for a company: its first distinctive word."""
    core = strip_place_prefix(strip_legal_form(name))
    words: list[str] = re.findall(r"[A-Za-z][A-Za-z\-]+", core)
    for word in words:
        lowered = word.lower()
        if len(word) >= 4 and lowered not in GENERIC_WORDS and lowered not in PLACE_PREFIXES:
            return word if not word.isupper() else word.title()
    return None


def change_case_or_punctuation(name: str, rng: random.Random) -> str:
    choice = rng.randrange(5)
    if choice == 0:
        return name.lower()
    if choice == 1:
        return name.upper()
    if choice == 2:
        return name.title()
    if choice == 3:
        return " ".join(PUNCTUATION.sub(" ", name).split())
    return name.replace("&", "and") if "&" in name else name.replace(" and ", " & ")


def person_as_news(name: str, rng: random.Random) -> str:
    """ "SMITH, John Robert" -> "John Smith" or "John Robert Smith"."""
    if "," in name:
        family, _, given = name.partition(",")
        words = [*given.split(), *family.split()]
    else:
        words = name.split()
    if len(words) > 2 and rng.random() < 0.5:
        words = [words[0], words[-1]]
    return " ".join(w.title() if w.isupper() else w for w in words)


def news_style(name: str, schema: str | None, rng: random.Random) -> str | None:
    """The listed name as a news article writes it, or None when no change applies."""
    if schema == "Person":
        variants = [person_as_news(name, rng), change_case_or_punctuation(name, rng)]
    else:
        variants = [strip_legal_form(name), strip_place_prefix(strip_legal_form(name))]
        brand = brand_of(name)
        if brand:
            variants.append(brand)
        variants.append(change_case_or_punctuation(name, rng))
    changed = [v for v in variants if v and v != name and len(v) >= 3]
    if not changed:
        return None
    chosen = rng.choice(changed)
    if rng.random() < 0.3:
        chosen = change_case_or_punctuation(chosen, rng)
    return chosen if chosen != name else None


def _keyboard_neighbour(letter: str, rng: random.Random) -> str:
    lowered = letter.lower()
    for row in KEYBOARD_ROWS:
        position = row.find(lowered)
        if position != -1:
            options = [row[i] for i in (position - 1, position + 1) if 0 <= i < len(row)]
            replacement = rng.choice(options)
            return replacement.upper() if letter.isupper() else replacement
    return letter


def add_typos(name: str, rng: random.Random, edits: int) -> str | None:
    """One or two edits (wrong key, dropped, doubled or swapped letter) inside words of four
    letters or more, never on a word's first letter."""
    text = name
    for _ in range(edits):
        positions = [
            match.start() + offset
            for match in re.finditer(r"[A-Za-z]{4,}", text)
            for offset in range(1, len(match.group()))
        ]
        if not positions:
            return None
        at = rng.choice(positions)
        operation = rng.randrange(4)
        if operation == 0:
            text = text[:at] + _keyboard_neighbour(text[at], rng) + text[at + 1 :]
        elif operation == 1:
            text = text[:at] + text[at + 1 :]
        elif operation == 2:
            text = text[:at] + text[at] + text[at:]
        elif at + 1 < len(text) and text[at + 1].isalpha():
            text = text[:at] + text[at + 1] + text[at] + text[at + 2 :]
        else:
            text = text[:at] + text[at + 1 :]
    return text if text != name else None


def trade_name(rng: random.Random) -> str:
    return (rng.choice(PINYIN_SYLLABLES) + rng.choice(PINYIN_SYLLABLES)).title()


def unlisted_cn_company(rng: random.Random) -> str:
    """ "Ningbo Xinda Precision Machinery Co., Ltd." and the like."""
    parts = [] if rng.random() < 0.2 else [rng.choice(CN_CITIES)]
    parts += [trade_name(rng), rng.choice(CN_INDUSTRIES), rng.choice(CN_LEGAL_FORMS)]
    return " ".join(parts)


def unlisted_han_company(rng: random.Random) -> str:
    """ "宁波鑫达精密机械有限公司" and the like."""
    city = rng.choice(HAN_CITIES) + ("市" if rng.random() < 0.3 else "")
    trade = "".join(rng.sample(HAN_TRADE_CHARACTERS, 2))
    return city + trade + rng.choice(HAN_INDUSTRIES) + rng.choice(HAN_LEGAL_FORMS)


def unlisted_western_company(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.6:
        core = rng.choice(WESTERN_PREFIXES) + rng.choice(WESTERN_ROOTS)
    elif roll < 0.8:
        family = rng.choice(rng.choice(PERSON_NAMES)[1])
        core = f"{family} & {rng.choice(('Sons', 'Partners', 'Brothers', 'Co.'))}"
    else:
        families = rng.choice(PERSON_NAMES)[1]
        core = f"{rng.choice(families)} {rng.choice(families)}"
    return " ".join(
        part
        for part in (core, rng.choice(WESTERN_INDUSTRIES), rng.choice(WESTERN_LEGAL_FORMS))
        if part
    )


def unlisted_person(rng: random.Random) -> str:
    given_names, family_names = rng.choice(PERSON_NAMES)
    given, family = rng.choice(given_names), rng.choice(family_names)
    roll = rng.random()
    if roll < 0.6:
        return f"{given} {family}"
    if roll < 0.8:
        return f"{family.upper()}, {given}"
    if roll < 0.9:
        return f"{given} {rng.choice(given_names)[0]}. {family}"
    return f"{given} {family} {rng.choice(family_names)}"


def _makers(
    pool: Sequence[Query], chinese: Sequence[Query]
) -> dict[str, Callable[[random.Random], Query | None]]:
    def listed(rng: random.Random) -> Query | None:
        return rng.choice(pool) if pool else None

    def as_news(rng: random.Random) -> Query | None:
        if not pool:
            return None
        source = rng.choice(pool)
        text = news_style(source.name, source.schema, rng)
        return Query(text, "news_style", source.schema) if text else None

    def typo(rng: random.Random) -> Query | None:
        if not pool:
            return None
        source = rng.choice(pool)
        text = add_typos(source.name, rng, 1 if rng.random() < 0.7 else 2)
        return Query(text, "typo", source.schema) if text else None

    def chinese_listed(rng: random.Random) -> Query | None:
        return rng.choice(chinese) if chinese else None

    return {
        "listed": listed,
        "news_style": as_news,
        "typo": typo,
        "chinese_listed": chinese_listed,
        "chinese_unlisted": lambda rng: Query(unlisted_han_company(rng), "chinese_unlisted"),
        "unlisted_cn_company": lambda rng: Query(unlisted_cn_company(rng), "unlisted_cn_company"),
        "unlisted_western_company": lambda rng: Query(
            unlisted_western_company(rng), "unlisted_western_company"
        ),
        "unlisted_person": lambda rng: Query(unlisted_person(rng), "unlisted_person", "Person"),
    }


def quotas(count: int) -> list[tuple[str, int]]:
    """Queries per category (largest remainders, so that they add up to ``count``)."""
    exact = [(category, count * share) for category, share in MIX]
    result = {category: int(value) for category, value in exact}
    left = count - sum(result.values())
    by_remainder = sorted(exact, key=lambda item: -(item[1] - int(item[1])))
    for category, _ in by_remainder[:left]:
        result[category] += 1
    return [(category, result[category]) for category, _ in MIX]


def generate_queries(
    parties: Sequence[Party], chinese: Sequence[Query], count: int, seed: int
) -> list[Query]:
    """``count`` distinct query names in the proportions of ``MIX``, the same for a seed.
    A category whose source runs dry (few Chinese names) is topped up with unlisted ones."""
    rng = random.Random(seed)
    makers = _makers(listed_pool(parties), chinese)
    seen: set[str] = set()
    queries: list[Query] = []

    def draw(category: str, wanted: int) -> int:
        made = 0
        for _ in range(wanted * 20 + 50):
            if made == wanted:
                break
            query = makers[category](rng)
            if query is None or query.name in seen:
                continue
            seen.add(query.name)
            queries.append(query)
            made += 1
        return made

    missing = 0
    for category, wanted in quotas(count):
        missing += wanted - draw(category, wanted)
    turn, turns = 0, missing * 10 + 100
    while missing > 0 and turn < turns:
        missing -= draw(UNLISTED[turn % len(UNLISTED)], 1)
        turn += 1
    rng.shuffle(queries)
    return queries


# --- measuring ---------------------------------------------------------------------------


def rss_mb() -> float:
    """The resident set of this process now, in MB (Linux /proc; peak RSS elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return peak_rss_mb()


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages: other work on the machine slows the figures."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return []


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (share in [0, 100])."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(share / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(slots=True)
class BuildFigures:
    parties: int
    names: int
    postings: int
    vocabulary: int
    build_seconds: float
    rss_before_mb: float
    rss_after_mb: float
    rss_growth_mb: float
    peak_rss_mb: float
    traced_build_peak_mb: float | None = None


def build_index(
    parties: Sequence[Party], *, trace: bool = False
) -> tuple[MatcherIndex, BuildFigures]:
    """Build the index, timing it and measuring the process's memory around it. With
    ``trace``, tracemalloc records the peak of Python allocations during the build (slower,
    so the time is then not comparable)."""
    gc.collect()
    before = rss_mb()
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    index = MatcherIndex.build(parties)
    seconds = time.perf_counter() - start
    traced: float | None = None
    if trace:
        traced = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    gc.collect()
    after = rss_mb()
    figures = BuildFigures(
        parties=len(index.parties),
        names=len(index.names),
        postings=len(index.postings),
        vocabulary=len(index.vocabulary),
        build_seconds=seconds,
        rss_before_mb=before,
        rss_after_mb=after,
        rss_growth_mb=after - before,
        peak_rss_mb=peak_rss_mb(),
        traced_build_peak_mb=traced,
    )
    return index, figures


@dataclass(slots=True)
class SizeFigures:
    bytes_mb: float
    to_bytes_seconds: float
    from_bytes_seconds: float
    heap_mb: float  # Python allocations alive after from_bytes: what a screening holds
    load_peak_mb: float  # tracemalloc peak during from_bytes (the bytes not included)


def measure_size(index: MatcherIndex) -> tuple[bytes, SizeFigures]:
    start = time.perf_counter()
    data = index.to_bytes()
    to_bytes = time.perf_counter() - start
    gc.collect()
    start = time.perf_counter()
    loaded = MatcherIndex.from_bytes(data)
    from_bytes = time.perf_counter() - start
    del loaded
    gc.collect()
    tracemalloc.start()
    loaded = MatcherIndex.from_bytes(data)
    heap, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del loaded
    gc.collect()
    figures = SizeFigures(len(data) / 2**20, to_bytes, from_bytes, heap / 2**20, peak / 2**20)
    return data, figures


def review_floor() -> float:
    """The lowest score `entitywatch screen` returns (see screening.screen)."""
    return default_thresholds().review * 0.75


def screen_query(index: MatcherIndex, query: Query, min_score: float) -> str:
    """Search as ``screening.screen`` does; the decision of the best result."""
    found = index.search(
        PartyQuery(query.name, query.schema), limit=RESULT_LIMIT, min_score=min_score
    )
    return default_thresholds().decide(found[0].score) if found else "clear"


@dataclass(slots=True)
class LatencyFigures:
    queries: int
    median_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float
    by_category: dict[str, dict[str, float]] = field(default_factory=dict)
    decisions: dict[str, dict[str, int]] = field(default_factory=dict)
    slowest: list[tuple[str, str, float]] = field(default_factory=list)


def measure_latency(
    index: MatcherIndex, queries: Sequence[Query], *, warmup: Sequence[Query] = ()
) -> LatencyFigures:
    """Time each query alone. The analysis memo is emptied first: the build filled it with
    the listed names, which a screening process that loads its index does not have."""
    floor = review_floor()
    for query in warmup:
        screen_query(index, query, floor)
    analyze_name.cache_clear()
    times: list[float] = []
    by_category: dict[str, list[float]] = defaultdict(list)
    decisions: dict[str, Counter[str]] = defaultdict(Counter)
    for query in queries:
        start = time.perf_counter()
        decision = screen_query(index, query, floor)
        elapsed = (time.perf_counter() - start) * 1000
        times.append(elapsed)
        by_category[query.category].append(elapsed)
        decisions[query.category][decision] += 1
    order = sorted(range(len(queries)), key=lambda i: -times[i])[:10]
    return LatencyFigures(
        queries=len(times),
        median_ms=statistics.median(times),
        p90_ms=percentile(times, 90),
        p99_ms=percentile(times, 99),
        max_ms=max(times),
        mean_ms=statistics.fmean(times),
        by_category={
            category: {
                "queries": len(values),
                "median_ms": statistics.median(values),
                "p99_ms": percentile(values, 99),
            }
            for category, values in sorted(by_category.items())
        },
        decisions={category: dict(counts) for category, counts in sorted(decisions.items())},
        slowest=[(queries[i].name, queries[i].category, times[i]) for i in order],
    )


@dataclass(slots=True)
class BatchFigures:
    workers: int
    names_wanted: int
    names_done: int
    seconds: float
    names_per_second: float
    capped: bool
    worker_load_seconds: float | None = None  # wall time until every worker had its index


_WORKER_INDEX: MatcherIndex | None = None


def _worker_start(data: bytes, ready: Any) -> None:
    """Pool initializer: load the index once, from bytes, and say so."""
    global _WORKER_INDEX
    _WORKER_INDEX = MatcherIndex.from_bytes(data)
    ready.put(os.getpid())


def _worker_screen(chunk: list[tuple[str, str | None]]) -> int:
    assert _WORKER_INDEX is not None
    floor = review_floor()
    for name, schema in chunk:
        screen_query(_WORKER_INDEX, Query(name, "", schema), floor)
    return len(chunk)


def batch_in_process(
    index: MatcherIndex, queries: Sequence[Query], max_seconds: float
) -> BatchFigures:
    analyze_name.cache_clear()
    floor = review_floor()
    done = 0
    start = time.perf_counter()
    for query in queries:
        screen_query(index, query, floor)
        done += 1
        if done % 50 == 0 and time.perf_counter() - start > max_seconds:
            break
    seconds = time.perf_counter() - start
    return BatchFigures(1, len(queries), done, seconds, done / seconds, done < len(queries))


def batch_in_workers(
    data: bytes, queries: Sequence[Query], workers: int, max_seconds: float, chunk: int = 100
) -> BatchFigures:
    """Screen the names with ``workers`` fresh processes (spawn: nothing inherited from this
    one, whose heap holds the lists and a built index), each loading the index from
    ``data`` once; the clock starts when every worker has its index."""
    context = multiprocessing.get_context("spawn")
    ready = context.Queue()
    chunks = [
        [(q.name, q.schema) for q in queries[i : i + chunk]] for i in range(0, len(queries), chunk)
    ]
    launched = time.perf_counter()
    pool = context.Pool(workers, initializer=_worker_start, initargs=(data, ready))
    try:
        for _ in range(workers):
            ready.get(timeout=600)
        loaded = time.perf_counter() - launched
        done = 0
        start = time.perf_counter()
        for count in pool.imap_unordered(_worker_screen, chunks):
            done += count
            if time.perf_counter() - start > max_seconds:
                break
        seconds = time.perf_counter() - start
    finally:
        pool.terminate()
        pool.join()
    return BatchFigures(
        workers, len(queries), done, seconds, done / seconds, done < len(queries), loaded
    )


@dataclass(slots=True)
class ColdStartFigures:
    list_file: str
    load_seconds: float
    first_screen_seconds: float  # builds and caches the index
    runs_seconds: list[float]
    median_seconds: float
    cache_mb: float
    cache_from_bytes_seconds: float  # in this process, for the breakdown
    cli_version_seconds: float  # interpreter start + CLI import, for the breakdown
    decision: str
    rebuilt_runs: int = 0  # runs that rebuilt the cache (matcher code changed): not counted


def child_environment(home: Path) -> dict[str, str]:
    environment = dict(os.environ, ENTITYWATCH_HOME=str(home))
    environment.pop("ENTITYWATCH_DATABASE_URL", None)
    if SRC_ADDED:
        paths = [str(REPO / "src"), environment.get("PYTHONPATH", "")]
        environment["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    return environment


def run_cli(environment: dict[str, str], *arguments: str) -> tuple[float, str]:
    """Run ``python -m entitywatch ARGUMENTS``; (wall seconds, stdout)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "entitywatch", *arguments],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"entitywatch {' '.join(arguments)} failed: {done.stderr.strip()}")
    return elapsed, done.stdout


def _cache_files(home: Path) -> list[Path]:
    return sorted((home / "index-cache").glob("*.pickle"))


def cold_start(list_file: Path, runs: int = 5, name: str = COLD_START_NAME) -> ColdStartFigures:
    """`entitywatch screen NAME --json` as a user runs it, on a home holding ``list_file``.

    The index cache is keyed by the matcher's source code: a run during which that code
    changed (someone editing the matcher while this runs) rebuilt the index and is not a
    cold start from the cache, so it is counted apart and run again."""
    with tempfile.TemporaryDirectory() as directory:
        home = Path(directory)
        environment = child_environment(home)
        load_seconds, _ = run_cli(environment, "load", str(list_file))
        first, _ = run_cli(environment, "screen", name, "--json")
        times: list[float] = []
        rebuilt = 0
        decision = ""
        while len(times) < runs and rebuilt <= runs:
            before = _cache_files(home)
            elapsed, output = run_cli(environment, "screen", name, "--json")
            decision = str(json.loads(output)["decision"])
            if _cache_files(home) != before:
                rebuilt += 1
                continue
            times.append(elapsed)
        caches = _cache_files(home)
        if not caches or not times:
            raise SystemExit("`entitywatch screen` did not start from a stable index cache")
        cache = caches[0].read_bytes()
        loads = []
        for _ in range(3):
            start = time.perf_counter()
            MatcherIndex.from_bytes(cache)
            loads.append(time.perf_counter() - start)
        versions = [run_cli(environment, "version")[0] for _ in range(max(1, min(runs, 3)))]
    return ColdStartFigures(
        list_file=str(list_file),
        load_seconds=load_seconds,
        first_screen_seconds=first,
        runs_seconds=times,
        median_seconds=statistics.median(times),
        cache_mb=len(cache) / 2**20,
        cache_from_bytes_seconds=statistics.median(loads),
        cli_version_seconds=statistics.median(versions),
        decision=decision,
        rebuilt_runs=rebuilt,
    )


@dataclass(slots=True)
class PeerFigures:
    queries: int
    pairs: int
    ours_median_ms: float  # analysing the query + scoring the same pairs (best_comparison)
    ours_p99_ms: float
    ours_per_pair_us: float
    logic_v2_median_ms: float  # LogicV2.compare over the same pairs
    logic_v2_p99_ms: float
    logic_v2_per_pair_us: float
    ratio_median: float


FTM_SCHEMA = {"Aircraft": "Airplane"}
WARM_UP_PAIRS = (
    ("Company", "Acme Trading Co., Ltd.", "ACME TRADING LIMITED"),
    ("Person", "SMITH, John Robert", "John R. Smith"),
    ("Organization", "华为技术有限公司", "Huawei Technologies Co., Ltd."),
    ("LegalEntity", "OOO Rostec", "Rostekh"),
    ("Vessel", "M/V Ocean Star", "OCEAN STAR"),
)


def time_logic_v2(index: MatcherIndex, queries: Sequence[Query]) -> PeerFigures | None:
    """LogicV2 on the (query, candidate name) pairs the index retrieves for each query,
    beside entitywatch's scoring of the same pairs; None when nomenklatura is absent.

    Entities are made before the clock starts. Each pair is compared as entities of the
    candidate's schema. LogicV2 analyses a candidate name when it first sees the entity
    (it memoises by entity id, and each candidate name gets one entity for the run), while
    entitywatch analysed the listed names when it built the index.
    """
    if not evaluation.logic_v2_available():
        return None
    matching = importlib.import_module("nomenklatura.matching")
    ftm = importlib.import_module("followthemoney")
    config = matching.ScoringConfig.defaults()
    compare = matching.LogicV2.compare

    def entity(entity_id: str, schema: str, name: str) -> Any:
        proxy = ftm.model.make_entity(FTM_SCHEMA.get(schema, schema))
        proxy.id = entity_id
        proxy.add("name", name, quiet=True)
        return proxy

    # Both sides load data on first use (name tables, transliteration): not per query.
    for number, (schema, left, right) in enumerate(WARM_UP_PAIRS):
        compare(
            entity(f"warm-q{number}", schema, left),
            entity(f"warm-c{number}", schema, right),
            config,
        )
        analyze_name(left, schema if schema == "Person" else None)
    candidates: dict[int, Any] = {}
    ours: list[float] = []
    theirs: list[float] = []
    pairs = 0
    for number, query in enumerate(queries):
        analyze_name.cache_clear()
        start = time.perf_counter()
        forms = [prepare(f, index.weights) for f in analyze_name(query.name, query.schema)]
        analysed = time.perf_counter() - start
        if not forms:
            continue
        retrieved = index.candidate_names(forms)
        query_entities: dict[str, Any] = {}
        work: list[tuple[Any, Any, Any]] = []
        for name_number in retrieved:
            name = index.names[name_number]
            schema = index.parties[name.party].schema
            if schema not in query_entities:
                query_entities[schema] = entity(f"q{number}-{schema}", schema, query.name)
            if name_number not in candidates:
                candidates[name_number] = entity(f"c{name_number}", schema, name.value)
            work.append((query_entities[schema], candidates[name_number], name.forms))
        start = time.perf_counter()
        for _, _, candidate_forms in work:
            best_comparison(forms, candidate_forms)
        ours.append((analysed + time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        for query_entity, candidate_entity, _ in work:
            compare(query_entity, candidate_entity, config)
        theirs.append((time.perf_counter() - start) * 1000)
        pairs += len(work)
    if not ours:
        return None
    return PeerFigures(
        queries=len(ours),
        pairs=pairs,
        ours_median_ms=statistics.median(ours),
        ours_p99_ms=percentile(ours, 99),
        ours_per_pair_us=sum(ours) * 1000 / max(1, pairs),
        logic_v2_median_ms=statistics.median(theirs),
        logic_v2_p99_ms=percentile(theirs, 99),
        logic_v2_per_pair_us=sum(theirs) * 1000 / max(1, pairs),
        ratio_median=statistics.median(theirs) / max(1e-9, statistics.median(ours)),
    )


# --- report --------------------------------------------------------------------------------


def verdict(value: float, target: float, *, at_most: bool) -> str:
    if math.isnan(value):
        return "n/a"
    ok = value <= target if at_most else value >= target
    return "ok" if ok else "MISSED"


def figure_rows(report: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(figure, measured, target, verdict) rows of the main table."""
    rows: list[tuple[str, str, str, str]] = []
    build, size = report["build"], report["size"]
    rows.append(("index build (s)", f"{build['build_seconds']:.1f}", "", ""))
    rows.append(
        (
            "index memory: heap held after from_bytes (MB)",
            f"{size['heap_mb']:.0f}",
            f"<= {TARGET_INDEX_MB:.0f}",
            verdict(size["heap_mb"], TARGET_INDEX_MB, at_most=True),
        )
    )
    rows.append(
        ("index memory: RSS growth over build (MB)", f"{build['rss_growth_mb']:.0f}", "", "")
    )
    if build.get("traced_build_peak_mb") is not None:
        rows.append(
            (
                "index memory: tracemalloc peak of build (MB)",
                f"{build['traced_build_peak_mb']:.0f}",
                "",
                "",
            )
        )
    rows.append(("index to_bytes size (MB)", f"{size['bytes_mb']:.1f}", "", ""))
    rows.append(("index from_bytes (s)", f"{size['from_bytes_seconds']:.2f}", "", ""))
    latency = report["latency"]
    rows.append(
        (
            f"single query median (ms, {latency['queries']} queries)",
            f"{latency['median_ms']:.2f}",
            f"<= {TARGET_MEDIAN_MS:g}",
            verdict(latency["median_ms"], TARGET_MEDIAN_MS, at_most=True),
        )
    )
    rows.append(
        (
            "single query p99 (ms)",
            f"{latency['p99_ms']:.2f}",
            f"<= {TARGET_P99_MS:g}",
            verdict(latency["p99_ms"], TARGET_P99_MS, at_most=True),
        )
    )
    for batch in report["batch"]:
        label = "1 process" if batch["workers"] == 1 else f"{batch['workers']} workers"
        done = f"{batch['names_done']:,} of {batch['names_wanted']:,} names"
        if batch["capped"]:
            done += ", time cap"
        rows.append(
            (
                f"batch {label} (names/s; {done})",
                f"{batch['names_per_second']:.0f}",
                f">= {TARGET_BATCH_PER_SECOND:g}",
                verdict(batch["names_per_second"], TARGET_BATCH_PER_SECOND, at_most=False),
            )
        )
    cold = report.get("cold_start")
    if cold:
        rows.append(
            (
                f"cold start `screen --json`, median of {len(cold['runs_seconds'])} (s)"
                + (
                    f"; {cold['rebuilt_runs']} rebuilt, not counted" if cold["rebuilt_runs"] else ""
                ),
                f"{cold['median_seconds']:.2f}",
                f"<= {TARGET_COLD_START_S:g}",
                verdict(cold["median_seconds"], TARGET_COLD_START_S, at_most=True),
            )
        )
        rows.append(
            ("  of which: `entitywatch version` (s)", f"{cold['cli_version_seconds']:.2f}", "", "")
        )
        rows.append(
            (
                f"  of which: from_bytes of the {cold['cache_mb']:.1f} MB CSL cache (s)",
                f"{cold['cache_from_bytes_seconds']:.2f}",
                "",
                "",
            )
        )
    peer = report.get("logic_v2")
    if peer:
        rows.append(
            (
                f"same pairs, entitywatch: median per query (ms; {peer['pairs']:,} pairs)",
                f"{peer['ours_median_ms']:.2f}",
                "",
                "",
            )
        )
        rows.append(
            (
                "same pairs, logic-v2: median per query (ms)",
                f"{peer['logic_v2_median_ms']:.2f}",
                "",
                "",
            )
        )
        rows.append(
            (
                "same pairs, entitywatch p99 / logic-v2 p99 (ms)",
                f"{peer['ours_p99_ms']:.1f} / {peer['logic_v2_p99_ms']:.1f}",
                "",
                "",
            )
        )
        rows.append(
            (
                "same pairs, per pair: entitywatch / logic-v2 (us)",
                f"{peer['ours_per_pair_us']:.0f} / {peer['logic_v2_per_pair_us']:.0f}",
                "",
                "",
            )
        )
    return rows


def format_table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(header)).rstrip()]
    lines.append("  ".join("-" * width for width in widths))
    for row in rows:
        lines.append("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    return "\n".join(lines)


def print_report(report: dict[str, Any]) -> None:
    build = report["build"]
    print(
        f"entitywatch matcher benchmark: {report['lists']}: {build['parties']:,} parties, "
        f"{build['names']:,} names, {build['postings']:,} posting keys, "
        f"{build['vocabulary']:,} words; python {report['python']}; logic-v2 "
        f"{'timed' if report.get('logic_v2') else 'not installed'}; load average "
        f"{report.get('load_average_at_start')} at start, {report.get('load_average_at_end')} "
        "at end (2 cores)"
    )
    print()
    print(format_table(figure_rows(report), ("figure", "measured", "target", "verdict")))
    print()
    latency = report["latency"]
    category_rows = [
        (
            category,
            str(int(values["queries"])),
            f"{values['median_ms']:.2f}",
            f"{values['p99_ms']:.2f}",
            ", ".join(
                f"{decision} {count}"
                for decision, count in sorted(latency["decisions"][category].items())
            ),
        )
        for category, values in latency["by_category"].items()
    ]
    print(
        format_table(
            category_rows, ("query category", "queries", "median ms", "p99 ms", "decisions")
        )
    )
    print()
    print(
        "slowest queries: "
        + "; ".join(
            f"{name!r} ({category}) {ms:.0f} ms" for name, category, ms in latency["slowest"][:5]
        )
    )
    print(
        f"memory: RSS {build['rss_before_mb']:.0f} MB before the build (lists parsed), "
        f"{build['rss_after_mb']:.0f} MB after, peak {build['peak_rss_mb']:.0f} MB; heap = "
        "Python allocations alive after MatcherIndex.from_bytes, by tracemalloc"
    )


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=1000, help="single-query mix size")
    parser.add_argument("--batch", type=int, default=100_000, help="names in the batch run")
    parser.add_argument(
        "--batch-seconds",
        type=float,
        default=300.0,
        help="stop each batch run after this long (the rate is over the names done)",
    )
    parser.add_argument("--workers", type=int, default=2, help="worker processes (batch)")
    parser.add_argument("--cold-runs", type=int, default=5, help="timed `screen` runs")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--trace-build", action="store_true", help="tracemalloc the build")
    parser.add_argument("--skip-cold-start", action="store_true")
    parser.add_argument("--skip-logic-v2", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--json-out", type=Path, help="also write the figures as JSON here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    options = parse_arguments(argv)
    if not (SHARED / CSL_FILE).exists():
        raise SystemExit(f"{SHARED / CSL_FILE} is absent: this benchmark reads ../shared/data")

    def log(text: str) -> None:
        if not options.json:
            print(text, file=sys.stderr)

    log("parsing the lists ...")
    parties = load_parties()
    chinese = load_chinese_names()
    log(f"building the index over {len(parties):,} parties ...")
    index, build = build_index(parties, trace=options.trace_build)
    data, size = measure_size(index)
    queries = generate_queries(parties, chinese, options.queries, options.seed)
    warmup = generate_queries(parties, chinese, 30, options.seed + 1)
    batch_names = generate_queries(parties, chinese, options.batch, options.seed + 2)
    del parties, chinese  # a screening process holds its index, not the parsed lists
    gc.collect()
    log(f"timing {len(queries):,} single queries ...")
    latency = measure_latency(index, queries, warmup=warmup)
    report: dict[str, Any] = {
        "lists": "CSL 2022 CSV + OFAC SDN 2021 CSV",
        "python": sys.version.split()[0],
        "load_average_at_start": load_average(),
        "build": asdict(build),
        "size": asdict(size),
        "latency": asdict(latency),
        "mix": dict(quotas(options.queries)),
        "batch": [],
    }
    log(f"batch over {len(batch_names):,} names, 1 process ...")
    report["batch"].append(asdict(batch_in_process(index, batch_names, options.batch_seconds)))
    if options.workers > 1:
        log(f"batch over {len(batch_names):,} names, {options.workers} workers ...")
        report["batch"].append(
            asdict(batch_in_workers(data, batch_names, options.workers, options.batch_seconds))
        )
    if not options.skip_logic_v2:
        log("logic-v2 on the same candidates ...")
        peer = time_logic_v2(index, queries)
        report["logic_v2"] = asdict(peer) if peer else None
    if not options.skip_cold_start:
        del index, data
        gc.collect()
        log("cold start of `entitywatch screen` ...")
        report["cold_start"] = asdict(cold_start(SHARED / CSL_FILE, options.cold_runs))
    report["load_average_at_end"] = load_average()
    if options.json_out:
        options.json_out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    if options.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print_report(report)


if __name__ == "__main__":
    main()
