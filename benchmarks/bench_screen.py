"""`entitywatch screen-file` throughput and memory (issue #4: >= 3,000 rows/s over 100,000
rows end to end, memory under 1 GB).

What it does, on this machine:
- writes a customer master of ``--rows`` rows (default 100,000; CSV with columns
  Customer ID, Name, Country, Type): mostly unlisted companies and people invented from
  word lists below, in the styles of customer masters in China (Latin and Chinese script),
  Germany, the US and UK, France, Italy, Japan, India, Spain/Brazil and the Netherlands,
  plus about 5% variants (case, punctuation, legal form dropped, a typo) of names from
  the 2022 Consolidated Screening List; deterministic for a ``--seed``;
- loads ../shared/data/csl_2022 and ofac_sdn_2021 into a temporary home, and before each
  measured run warms the matcher index cache with a one-row run (as any earlier
  screening leaves it); a run whose summary shows a long index load rebuilt the index
  (the matcher's code changed in between) and says so;
- runs `entitywatch screen-file` end to end as a subprocess (Python start, index load,
  reading, screening, writing, recording) with each of ``--workers`` (default 1 and 2),
  ``--runs`` times each, and reports the median wall-clock rows/s; the summary's own
  rows/s (screening phase, after the index is loaded) beside it;
- samples the memory of the whole process tree every 50 ms: the sum of RSS (which counts
  the index that forked workers share once per process) and the sum of PSS (shared pages
  divided among the processes that share them: what the tree really costs);
- runs the same reading, row preparation, IPC and writing with a matcher-free screener
  (every row "clear") in process, so that the I/O overhead is known apart from the
  matcher; the matcher's share of a run is the rest.

Run: .venv/bin/python benchmarks/bench_screen.py [--rows 100000] [--runs 3]
     [--workers 1,2] [--seed 7] [--json]
Quick check: --rows 2000 --runs 1.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ENTITYWATCH_SHARED_DATA", REPO.parent / "shared" / "data"))
CSL_2022 = SHARED / "csl_2022" / "consolidated.csv"
OFAC_SDN_2021 = SHARED / "ofac_sdn_2021"
HEADER = ("Customer ID", "Name", "Country", "Type")
TARGET_ROWS_PER_SECOND = 3000
TARGET_MEMORY_BYTES = 1 << 30
INDEX_REBUILT_SECONDS = 8.0

# --- word lists for invented customers -----------------------------------------------------

# fmt: off
CN_PLACES = (
    "Shenzhen", "Shanghai", "Beijing", "Guangzhou", "Hangzhou", "Suzhou", "Ningbo", "Xiamen",
    "Dongguan", "Tianjin", "Chengdu", "Wuhan", "Qingdao", "Foshan", "Zhuhai", "Wenzhou",
    "Changzhou", "Jinan", "Hefei", "Kunshan",
)
CN_SYLLABLES = (
    "hua", "xin", "tian", "long", "jin", "hong", "da", "feng", "sheng", "mei", "tai", "heng",
    "rui", "kai", "yuan", "ming", "jia", "hai", "fu", "an", "bao", "cheng", "de", "guang", "yi",
    "run", "xiang", "li", "wei", "zhong",
)
CN_INDUSTRIES = (
    "Electronics", "Trading", "Import and Export", "Precision Machinery", "Textile",
    "Plastic Products", "Optoelectronics", "Hardware", "Logistics", "Packaging", "Chemical",
    "Auto Parts", "Furniture", "Lighting", "Medical Devices", "New Materials", "Garments",
    "Ceramics", "Printing", "Valve",
)
CN_FORMS = (
    "Co., Ltd.", "Co. Ltd", "Company Limited", "Industrial Co., Ltd.", "Technology Co., Ltd.",
    "Limited", "Trading Co., Ltd.",
)
ZH_PLACES = (
    "深圳市", "上海", "北京", "广州市", "杭州", "苏州", "宁波", "厦门", "东莞市", "青岛",
)
ZH_CORES = (
    "蓝海", "金阳", "天宇", "恒泰", "金龙", "信达", "华美", "瑞丰", "凯达", "鸿运", "宏盛", "佳禾",
)
ZH_INDUSTRIES = (
    "电子", "贸易", "精密机械", "纺织", "塑胶制品", "物流", "包装", "五金", "照明", "化工",
)
ZH_FORMS = (
    "有限公司", "科技有限公司", "实业有限公司", "进出口有限公司",
)
DE_SURNAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann",
    "Schulz", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun",
    "Krüger", "Hartmann",
)
DE_INDUSTRIES = (
    "Maschinenbau", "Logistik", "Elektrotechnik", "Holzbau", "Feinmechanik", "Handel", "Metallbau",
    "Kunststofftechnik", "Antriebstechnik", "Spedition", "Verpackung",
)
DE_FORMS = (
    "GmbH", "GmbH & Co. KG", "AG", "KG", "e.K.", "OHG",
)
EN_FIRST = (
    "North", "Summit", "Blue", "Pioneer", "Lake", "Red", "Harbor", "Ever", "Key", "Silver",
    "Granite", "Prairie", "Atlantic", "Crescent", "Liberty", "Maple", "Iron", "Bay", "Cedar",
    "Falcon", "Oak", "Stone", "Eagle", "River",
)
EN_SECOND = (
    "wind", "ridge", "side", "wood", "green", "stone", "field", "brook", "view", "point", "gate",
    "crest", "", "", "",
)
EN_INDUSTRIES = (
    "Logistics", "Supply", "Foods", "Industrial", "Packaging", "Consulting", "Manufacturing",
    "Distribution", "Components", "Software", "Medical", "Energy", "Marine", "Tooling",
    "Analytics", "Plastics", "Fasteners", "Freight", "Electric", "Holdings",
)
US_FORMS = (
    "Inc.", "LLC", "Corp.", "Co.", "Incorporated", "L.L.C.", "",
)
GB_FORMS = (
    "Ltd", "Limited", "PLC", "LLP", "Ltd.",
)
FR_SURNAMES = (
    "Dubois", "Lefebvre", "Moreau", "Laurent", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
    "Rousseau", "Mercier", "Chevalier",
)
FR_INDUSTRIES = (
    "Transports", "Bâtiment", "Emballages", "Industrie", "Distribution", "Services",
)
FR_FORMS = (
    "SARL", "SAS", "SA", "EURL",
)
IT_SURNAMES = (
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
    "Greco", "Bruno", "Gallo",
)
IT_INDUSTRIES = (
    "Alimentari", "Meccanica", "Costruzioni", "Tessile", "Trasporti", "Arredamenti",
)
IT_FORMS = (
    "S.p.A.", "S.r.l.", "S.n.c.",
)
JP_SURNAMES = (
    "Tanaka", "Suzuki", "Takahashi", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi",
    "Kato", "Yoshida", "Yamada", "Sasaki",
)
JP_INDUSTRIES = (
    "Seiki", "Shoji", "Kogyo", "Denki", "Sangyo", "Butsuryu", "Seisakusho",
)
JP_FORMS = (
    "K.K.", "Co., Ltd.", "Corporation", "Kabushiki Kaisha",
)
IN_SURNAMES = (
    "Sharma", "Patel", "Reddy", "Gupta", "Agarwal", "Mehta", "Iyer", "Nair", "Kapoor", "Joshi",
    "Desai", "Malhotra",
)
IN_INDUSTRIES = (
    "Textiles", "Exports", "Pharma", "Engineering", "Agro Industries", "Infotech", "Polymers",
)
IN_FORMS = (
    "Pvt. Ltd.", "Private Limited", "Limited", "LLP",
)
IB_SURNAMES = (
    "Silva", "Santos", "Oliveira", "Souza", "Pereira", "García", "Martínez", "López", "Sánchez",
    "Fernández", "Gómez", "Ruiz",
)
IB_INDUSTRIES = (
    "Comércio", "Transportes", "Alimentos", "Construcciones", "Distribuciones", "Industrias",
)
IB_FORMS = (
    "Ltda.", "S.A.", "S.L.", "EIRELI",
)
NL_SURNAMES = (
    "de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
)
NL_INDUSTRIES = (
    "Handelsonderneming", "Transport", "Techniek", "Bouw", "Logistiek",
)
NL_FORMS = (
    "B.V.", "N.V.", "V.O.F.",
)
# Towns that customer masters add to a firm's name ("Weber Logistik Bremen GmbH").
TOWNS = {
    "DE": (
        "Hamburg", "Bremen", "Köln", "Stuttgart", "Leipzig", "Dresden", "Hannover", "Nürnberg",
        "Augsburg", "Kassel", "Ulm", "Bielefeld",
    ),
    "FR": (
        "Lyon", "Lille", "Nantes", "Bordeaux", "Toulouse", "Rennes", "Grenoble", "Dijon",
    ),
    "IT": (
        "Milano", "Torino", "Bologna", "Verona", "Brescia", "Padova", "Bergamo", "Parma",
    ),
    "JP": (
        "Osaka", "Nagoya", "Kobe", "Yokohama", "Sendai", "Hiroshima", "Fukuoka", "Kyoto",
    ),
    "IN": (
        "Mumbai", "Pune", "Chennai", "Surat", "Jaipur", "Ludhiana", "Coimbatore", "Indore",
    ),
    "IB": (
        "Madrid", "Valencia", "Sevilla", "Bilbao", "São Paulo", "Curitiba", "Recife", "Campinas",
    ),
    "NL": (
        "Rotterdam", "Utrecht", "Eindhoven", "Tilburg", "Groningen", "Breda", "Zwolle",
    ),
}
MIDDLE_INITIALS = "ABCDEFGHJKLMNPRSTW"
GIVEN = {
    "US": (
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
        "Elizabeth", "William", "Susan", "Thomas", "Karen", "Richard", "Nancy", "Daniel", "Lisa",
        "Matthew", "Betty", "Anthony", "Sandra", "Mark", "Ashley", "Steven", "Emily", "Paul",
        "Donna", "Andrew", "Michelle",
    ),
    "CN": (),  # two syllables of CN_SYLLABLES
    "DE": (
        "Hans", "Anna", "Peter", "Ursula", "Klaus", "Monika", "Jürgen", "Sabine", "Stefan",
        "Katrin",
    ),
    "ES": (
        "María", "José", "Carmen", "Antonio", "Lucía", "Javier", "Elena", "Manuel",
    ),
    "IN": (
        "Rahul", "Priya", "Amit", "Sunita", "Vikram", "Anjali", "Rajesh", "Kavita",
    ),
    "JP": (
        "Hiroshi", "Yuki", "Takeshi", "Akiko", "Kenji", "Naoko",
    ),
    "FR": (
        "Jean", "Marie", "Pierre", "Sophie", "Luc", "Camille",
    ),
    "IT": (
        "Giuseppe", "Francesca", "Marco", "Giulia", "Luca", "Chiara",
    ),
}
SURNAMES = {
    "US": (
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
        "Taylor", "Moore", "Jackson", "Martin", "Thompson", "White", "Harris", "Clark", "Lewis",
        "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker",
        "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips",
        "Evans", "Turner", "Parker", "Collins", "Stewart",
    ),
    "CN": (
        "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
        "Ma", "Zhu", "Hu", "Guo", "He", "Gao", "Lin", "Luo", "Zheng", "Liang",
    ),
    "DE": DE_SURNAMES,
    "ES": IB_SURNAMES,
    "IN": IN_SURNAMES,
    "JP": JP_SURNAMES,
    "FR": FR_SURNAMES,
    "IT": IT_SURNAMES,
}
COUNTRY_NAMES = {
    "CN": "China", "DE": "Germany", "US": "United States", "GB": "United Kingdom",
    "FR": "France", "IT": "Italy", "JP": "Japan", "IN": "India", "ES": "Spain",
    "BR": "Brazil", "NL": "Netherlands",
}
# fmt: on

_LEGAL_FORM_TAIL = re.compile(
    r"[,\s]+(co\.?,?\s*ltd\.?|company limited|limited|ltd\.?|inc\.?|llc|corp\.?|"
    r"corporation|gmbh|s\.?a\.?|plc|jsc|ojsc|llp|b\.v\.)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Customer:
    customer_id: str
    name: str
    country: str
    party_type: str
    origin: str  # company, person, chinese_script, listed_variant


def _company(rng: random.Random) -> tuple[str, str]:
    style = rng.choices(
        ("CN", "DE", "US", "GB", "FR", "IT", "JP", "IN", "IB", "NL"),
        weights=(26, 12, 20, 8, 6, 6, 6, 7, 5, 4),
    )[0]
    pick = rng.choice
    if style == "CN":
        core = (pick(CN_SYLLABLES) + pick(CN_SYLLABLES)).capitalize()
        place = pick(CN_PLACES)
        if rng.random() < 0.25:
            return f"{core} {pick(CN_INDUSTRIES)} ({place}) {pick(CN_FORMS)}", "CN"
        return f"{place} {core} {pick(CN_INDUSTRIES)} {pick(CN_FORMS)}", "CN"
    if style in ("US", "GB"):
        core = pick(EN_FIRST) + pick(EN_SECOND)
        forms = US_FORMS if style == "US" else GB_FORMS
        if rng.random() < 0.2:
            core = f"{pick(SURNAMES['US'])} & {pick(SURNAMES['US'])}"
        return f"{core} {pick(EN_INDUSTRIES)} {pick(forms)}".strip(), style
    surnames, industries, forms = {
        "DE": (DE_SURNAMES, DE_INDUSTRIES, DE_FORMS),
        "FR": (FR_SURNAMES, FR_INDUSTRIES, FR_FORMS),
        "IT": (IT_SURNAMES, IT_INDUSTRIES, IT_FORMS),
        "JP": (JP_SURNAMES, JP_INDUSTRIES, JP_FORMS),
        "IN": (IN_SURNAMES, IN_INDUSTRIES, IN_FORMS),
        "IB": (IB_SURNAMES, IB_INDUSTRIES, IB_FORMS),
        "NL": (NL_SURNAMES, NL_INDUSTRIES, NL_FORMS),
    }[style]
    country = pick(("ES", "BR")) if style == "IB" else style
    town = f" {pick(TOWNS[style])}" if rng.random() < 0.6 else ""
    owner = pick(surnames)
    if rng.random() < 0.25:
        owner = f"{owner} & {pick(surnames)}"
    if style == "FR":
        owner = f"{pick(('Société', 'Groupe', 'Ets'))} {owner}"
    if style == "IB":
        return f"{pick(industries)} {owner}{town} {pick(forms)}", country
    return f"{owner} {pick(industries)}{town} {pick(forms)}", country


def _person(rng: random.Random) -> tuple[str, str]:
    country = rng.choices(
        ("US", "CN", "DE", "ES", "IN", "JP", "FR", "IT"), weights=(25, 25, 10, 10, 10, 6, 7, 7)
    )[0]
    surname = rng.choice(SURNAMES[country])
    if country == "CN":
        given = (rng.choice(CN_SYLLABLES) + rng.choice(CN_SYLLABLES)).capitalize()
        return (f"{surname} {given}" if rng.random() < 0.7 else f"{given} {surname}"), country
    given = rng.choice(GIVEN[country])
    roll = rng.random()
    middle = f" {rng.choice(MIDDLE_INITIALS)}." if rng.random() < 0.5 else ""
    if roll < 0.2:
        return f"{surname.upper()}, {given}{middle}", country
    if country == "ES" and roll < 0.7:
        return f"{given} {surname} {rng.choice(SURNAMES[country])}", country
    if roll < 0.5:
        return f"{given} {rng.choice(GIVEN[country])} {surname}", country
    return f"{given}{middle} {surname}", country


def _chinese_script(rng: random.Random) -> str:
    pick = rng.choice
    return f"{pick(ZH_PLACES)}{pick(ZH_CORES)}{pick(ZH_INDUSTRIES)}{pick(ZH_FORMS)}"


def _variant(rng: random.Random, name: str) -> str:
    """A listed name as a customer master might hold it."""
    roll = rng.random()
    if roll < 0.2:
        return name
    if roll < 0.35:
        return name.upper()
    if roll < 0.45:
        return name.title()
    if roll < 0.6:
        return _LEGAL_FORM_TAIL.sub("", name) or name
    if roll < 0.75:
        return re.sub(r"[.,()]", "", name)
    words = name.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long_words:
        return name
    i = rng.choice(long_words)
    word = words[i]
    j = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:
        words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :]  # swapped letters
    else:
        words[i] = word[:j] + word[j + 1 :]  # a letter dropped
    return " ".join(words)


def listed_names(csl: Path = CSL_2022) -> list[tuple[str, str, str]]:
    """(name, country ISO-2 or "", Person|Company) of every row of the CSL file."""
    found = []
    with open(csl, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = row["name"].strip()
            if not name:
                continue
            country = ""
            tail = row["addresses"].rsplit(",", 1)[-1].strip()
            if len(tail) == 2 and tail.isalpha():
                country = tail.upper()
            party_type = "Person" if row["type"].strip().lower() == "individual" else "Company"
            found.append((name, country, party_type))
    return found


def customers(
    count: int, seed: int, listed: Sequence[tuple[str, str, str]], listed_share: float = 0.05
) -> Iterator[Customer]:
    """``count`` invented customers, about ``listed_share`` of them variants of listed names."""
    rng = random.Random(seed)
    for number in range(1, count + 1):
        roll = rng.random()
        if roll < listed_share and listed:
            name, country, party_type = rng.choice(listed)
            yield Customer(
                f"C{number:07d}", _variant(rng, name), country, party_type, "listed_variant"
            )
            continue
        if roll < listed_share + 0.03:
            name, country, party_type, origin = _chinese_script(rng), "CN", "Company", "zh"
        elif roll < listed_share + 0.33:
            (name, country), party_type, origin = _person(rng), "Person", "person"
        else:
            (name, country), party_type, origin = _company(rng), "Company", "company"
        written = rng.random()
        if written < 0.1:
            country = ""
        elif written < 0.25:
            country = COUNTRY_NAMES.get(country, country)
        if rng.random() < 0.3:
            party_type = ""
        yield Customer(f"C{number:07d}", name, country, party_type, origin)


def write_customer_file(path: Path, rows: Iterator[Customer]) -> dict[str, int]:
    """Write the CSV; counts per origin, and the number of distinct names."""
    origins: dict[str, int] = {}
    names: set[str] = set()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow((row.customer_id, row.name, row.country, row.party_type))
            origins[row.origin] = origins.get(row.origin, 0) + 1
            names.add(row.name)
    return {**origins, "distinct_names": len(names)}


# --- memory of a process tree ---------------------------------------------------------------


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def _memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB; (0, 0) once it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            text = handle.read()
    except OSError:
        return 0, 0
    values = dict(re.findall(r"^(Rss|Pss):\s+(\d+) kB", text, re.MULTILINE))
    return int(values.get("Rss", 0)), int(values.get("Pss", 0))


@dataclass
class MemorySampler:
    """Peak summed RSS and PSS of a process and its descendants, sampled every 50 ms."""

    root: int
    peak_rss_kib: int = 0
    peak_pss_kib: int = 0
    peak_processes: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self._stop.is_set():
            pids = _tree(self.root)
            sizes = [_memory_kib(pid) for pid in pids]
            self.peak_rss_kib = max(self.peak_rss_kib, sum(r for r, _ in sizes))
            self.peak_pss_kib = max(self.peak_pss_kib, sum(p for _, p in sizes))
            self.peak_processes = max(self.peak_processes, sum(1 for r, _ in sizes if r))
            self._stop.wait(0.05)

    def stop(self) -> None:
        self._stop.set()


# --- runs -----------------------------------------------------------------------------------


@dataclass
class CliRun:
    workers: int
    seconds: float
    rows_per_second: float
    screening_rows_per_second: float  # from the summary: after the index is loaded
    index_load_seconds: float
    peak_rss_mib: float
    peak_pss_mib: float
    processes: int
    decisions: dict[str, int]
    matcher_code: str  # hash of the matcher's source at the run (it changes as it is tuned)


def prepare_home(home: Path) -> None:
    """Load the two lists and build the index cache, as `entitywatch load` leaves a home."""
    os.environ["ENTITYWATCH_HOME"] = str(home)
    os.environ.pop("ENTITYWATCH_DATABASE_URL", None)
    from entitywatch.loading import load_list_file
    from entitywatch.screening import load_index
    from entitywatch.store import open_engine

    engine = open_engine()
    try:
        for path in (CSL_2022, OFAC_SDN_2021):
            outcome = load_list_file(engine, path)
            print(f"  loaded {path.name}: {outcome.message}", file=sys.stderr)
        load_index(engine, home)
    finally:
        engine.dispose()


def _warm_index_cache(home: Path, env: dict[str, str]) -> None:
    """A one-row run first: the index cache then matches the matcher's code on disk.

    (Warming in this process would not do: it imported the matcher's code when it
    started, and that code may have changed since.)
    """
    one_row = home / "warm-up.csv"
    one_row.write_text("Name\nAcme\n", encoding="utf-8")
    command = [sys.executable, "-m", "entitywatch", "screen-file", str(one_row)]
    command += ["--out", str(home / "warm-up-out.csv"), "--workers", "1"]
    subprocess.run(command, env=env, check=True, capture_output=True)


def run_cli(home: Path, source: Path, out: Path, workers: int) -> CliRun:
    summary_file = out.with_suffix(".summary.json")
    env = dict(os.environ, ENTITYWATCH_HOME=str(home))
    env.pop("ENTITYWATCH_DATABASE_URL", None)
    _warm_index_cache(home, env)
    from entitywatch.screening import matcher_code_hash  # reads the source files on disk

    code = matcher_code_hash()
    command = [sys.executable, "-m", "entitywatch", "screen-file", str(source), "--out", str(out)]
    command += ["--workers", str(workers), "--summary", str(summary_file)]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    sampler = MemorySampler(process.pid)
    thread = threading.Thread(target=sampler.run, daemon=True)
    thread.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    sampler.stop()
    thread.join()
    if process.returncode != 0:
        raise SystemExit(f"screen-file failed ({process.returncode}):\n{stderr}")
    summary = json.loads(summary_file.read_text(encoding="utf-8"))
    return CliRun(
        workers=workers,
        seconds=round(seconds, 2),
        rows_per_second=round(summary["rows"] / seconds, 1),
        screening_rows_per_second=summary["rows_per_second"],
        index_load_seconds=summary["index_load_seconds"],
        peak_rss_mib=round(sampler.peak_rss_kib / 1024, 1),
        peak_pss_mib=round(sampler.peak_pss_kib / 1024, 1),
        processes=sampler.peak_processes,
        decisions=summary["decisions"],
        matcher_code=code,
    )


class NoMatchScreener:
    """Every row "clear" without looking: what reading, IPC and writing cost alone."""

    def screen_rows(self, queries: Sequence[Any]) -> list[Any]:
        from entitywatch.file_screening.row_screening import CLEAR

        return [None if query is None else CLEAR for query in queries]


def io_only_pass(source: Path, out: Path, workers: int) -> float:
    """rows/s of screen_table with the matcher-free screener (in process, CSV to CSV)."""
    from entitywatch.file_screening.columns import resolve_columns
    from entitywatch.file_screening.readers import open_table
    from entitywatch.file_screening.runner import screen_table
    from entitywatch.file_screening.writers import open_result_writer

    started = time.perf_counter()
    table = open_table(source)
    try:
        columns = resolve_columns(table.header, {}, path=source, header_position="line 1")
        with open_result_writer(out, table.header) as writer:
            counts = screen_table(table, columns, writer, NoMatchScreener(), workers=workers)
            writer.commit()
    finally:
        table.close()
    return counts.rows / (time.perf_counter() - started)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="runs per worker count (median)")
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    for path in (CSL_2022, OFAC_SDN_2021):
        if not path.exists():
            print(f"{path} is absent: this benchmark reads ../shared/data", file=sys.stderr)
            return 2
    worker_counts = [int(w) for w in args.workers.split(",") if w.strip()]
    with tempfile.TemporaryDirectory(prefix="bench-screen-") as temporary:
        root = Path(temporary)
        source = root / "customers.csv"
        mix = write_customer_file(source, customers(args.rows, args.seed, listed_names(CSL_2022)))
        print(f"customer file: {args.rows:,} rows {mix}", file=sys.stderr)
        home = root / "home"
        home.mkdir()
        prepare_home(home)
        io_rates = {w: round(io_only_pass(source, root / f"io-{w}.csv", w), 1) for w in (1, 2)}
        print(f"matcher-free pass (rows/s by workers): {io_rates}", file=sys.stderr)
        runs: dict[int, list[CliRun]] = {}
        for workers in worker_counts:
            for number in range(args.runs):
                run = run_cli(home, source, root / f"out-{workers}-{number}.csv", workers)
                print(f"  {asdict(run)}", file=sys.stderr)
                runs.setdefault(workers, []).append(run)
    report = _report(args.rows, mix, io_rates, runs)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print_report(report)
    return 0


def _report(
    rows: int, mix: dict[str, int], io_rates: dict[int, float], runs: dict[int, list[CliRun]]
) -> dict[str, Any]:
    per_workers = {}
    for workers, items in runs.items():
        rate = statistics.median(r.rows_per_second for r in items)
        screening_rate = statistics.median(r.screening_rows_per_second for r in items)
        io_rate = io_rates.get(workers) or io_rates[max(io_rates)]
        # Of each row's time in the screening phase, what reading/IPC/writing take; the
        # rest is the matcher.
        io_share = min(1.0, screening_rate / io_rate) if io_rate else None
        per_workers[workers] = {
            "runs": len(items),
            "rows_per_second_end_to_end": rate,
            "rows_per_second_screening_phase": screening_rate,
            "median_seconds": statistics.median(r.seconds for r in items),
            "index_load_seconds": statistics.median(r.index_load_seconds for r in items),
            # Loading the cached index takes 1-3 s; far longer means it was rebuilt.
            "index_rebuilt_in_a_run": any(
                r.index_load_seconds > INDEX_REBUILT_SECONDS for r in items
            ),
            "peak_rss_mib": max(r.peak_rss_mib for r in items),
            "peak_pss_mib": max(r.peak_pss_mib for r in items),
            "processes": max(r.processes for r in items),
            "matcher_share_of_screening_time": (
                round(1 - io_share, 3) if io_share is not None else None
            ),
            "decisions": items[-1].decisions,
            "meets_rows_target": rate >= TARGET_ROWS_PER_SECOND,
            "meets_memory_target": max(r.peak_pss_mib for r in items) * 2**20 < TARGET_MEMORY_BYTES,
        }
    codes = {run.matcher_code for items in runs.values() for run in items}
    return {
        "rows": rows,
        # Runs under different matcher code are not comparable (decisions, speed).
        "matcher_code": sorted(codes),
        "file_mix": mix,
        "matcher_free_rows_per_second": io_rates,
        "screen_file": per_workers,
        "targets": {"rows_per_second": TARGET_ROWS_PER_SECOND, "memory_mib": 1024},
        "cpu_count": os.cpu_count(),
    }


def _print_report(report: dict[str, Any]) -> None:
    print(f"screen-file over {report['rows']:,} rows (file mix: {report['file_mix']})")
    if len(report["matcher_code"]) > 1:
        print("  NOTE: the matcher's code changed between runs; they are not comparable")
    io = report["matcher_free_rows_per_second"]
    print(
        "  matcher-free pass (read + prepare + IPC + write, CSV): "
        + ", ".join(f"{w} worker(s) {r:,.0f} rows/s" for w, r in io.items())
    )
    for workers, figures in report["screen_file"].items():
        print(
            f"  {workers} worker(s): {figures['rows_per_second_end_to_end']:,.0f} rows/s end to "
            f"end (median of {figures['runs']}, {figures['median_seconds']} s), "
            f"{figures['rows_per_second_screening_phase']:,.0f} rows/s once the index is "
            f"loaded ({figures['index_load_seconds']} s); peak memory of the "
            f"{figures['processes']} processes: PSS {figures['peak_pss_mib']:,.0f} MiB, "
            f"RSS {figures['peak_rss_mib']:,.0f} MiB; matcher's share of the screening "
            f"time {figures['matcher_share_of_screening_time']:.0%}"
        )
        print(f"    decisions: {figures['decisions']}")
        if figures["index_rebuilt_in_a_run"]:
            print("    (a run rebuilt the index: the matcher's code changed during the benchmark)")
        print(
            f"    target {report['targets']['rows_per_second']:,} rows/s: "
            f"{'met' if figures['meets_rows_target'] else 'NOT met'}; "
            f"memory < 1 GiB: {'met' if figures['meets_memory_target'] else 'NOT met'}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
