"""Counterparty monitoring benchmark (issue #4 target: delta re-screen of 100,000 in < 60 s).

Scenario, on this machine, in one process (store: SQLite in a temporary home, or
PostgreSQL with --database-url):

1. load an earlier Consolidated Screening List: ../shared/data/csl_2022/consolidated.csv
   without the rows whose start_date is 2019-10-09 or later;
2. import a register of --size counterparties (default 100,000), generated with a fixed
   seed: mostly unlisted company and person names (Chinese, German, US, ... styles) plus
   --variants spellings of listed names (case, legal form, word order, a typo), and
   screen it in full (the initial screening, timed separately);
3. load the later list (the rows up to 2019-10-09 included: the earlier list plus the
   2019-10-09 Entity List additions) and run the monitoring that `entitywatch load`
   runs after a load, i.e. `monitor.after_load`: only the new and changed entries
   against all counterparties. This is the figure the target is about; it includes
   building the full matcher index of the new snapshot (which the next `screen` reuses).

Run: .venv/bin/python benchmarks/bench_monitor.py [--size 100000] [--json]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ENTITYWATCH_SHARED_DATA", REPO.parent / "shared" / "data"))
CSL = SHARED / "csl_2022" / "consolidated.csv"
XINJIANG_DAY = dt.date(2019, 10, 9)

# Word pools for invented, unlisted names (written for this benchmark).
# fmt: off
CN_PLACES = (
    "Shenzhen", "Guangzhou", "Dongguan", "Foshan", "Suzhou", "Wuxi", "Ningbo", "Hangzhou",
    "Xiamen", "Qingdao", "Tianjin", "Chengdu", "Wuhan", "Changsha", "Hefei", "Jinan",
    "Zhengzhou", "Kunming", "Nanning", "Fuzhou", "Shanghai", "Beijing", "Shantou", "Wenzhou",
    "Jiaxing", "Huizhou", "Zhongshan", "Yiwu", "Taizhou", "Changzhou", "Yantai", "Dalian",
)
CN_SYLLABLES = (
    "an", "bai", "bo", "chang", "chen", "da", "de", "fa", "feng", "fu", "gao", "guang", "hai",
    "hao", "hong", "hua", "jia", "jin", "jing", "kai", "kang", "le", "li", "long", "mei",
    "ming", "nan", "peng", "qi", "rui", "sheng", "shun", "tai", "tian", "tong", "wei", "xin",
    "xing", "yang", "yi", "yong", "yuan", "yue", "zhi", "zhong", "bin", "cai", "dong", "en",
    "guo", "heng", "jun", "lan", "lin", "mao", "ning", "ou", "pu", "qing", "ran", "shan",
)
CN_INDUSTRIES = (
    "Electronics", "Trading", "Import and Export", "Precision Machinery", "Textile",
    "Plastic Products", "Packaging", "Logistics", "Furniture", "Lighting", "Hardware",
    "Auto Parts", "Garments", "Optical", "Ceramics", "New Material", "Industrial",
    "Household Products", "Medical Devices", "Food", "Mould", "Printing", "Bags and Cases",
    "Toys", "Valve", "Pump", "Cable", "Battery", "Solar Energy", "Agricultural Products",
)
CN_FORMS = ("Co., Ltd.", "Co. Ltd", "Company Limited", "Trading Co., Ltd.", "Industrial Co., Ltd.")
WEST_SURNAMES = (
    "Müller", "Schmidt", "Weber", "Fischer", "Wagner", "Becker", "Hoffmann", "Schulz", "Koch",
    "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Braun", "Zimmermann", "Krüger",
    "Hartmann", "Lange", "Werner", "Smith", "Johnson", "Miller", "Davis", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Martin", "Jackson", "White", "Harris", "Clark", "Lewis",
    "Walker", "Hall", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams",
    "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker",
    "Evans", "Edwards", "Collins", "Stewart", "Morris", "Rogers", "Reed", "Cook", "Morgan",
    "Bell", "Murphy", "Bailey", "Cooper", "Richardson", "Cox", "Howard", "Ward", "Peterson",
    "Gray", "Ramirez", "Watson", "Brooks", "Kelly", "Sanders", "Price", "Bennett", "Wood",
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
    "Marino", "Greco", "Bruno", "Gallo", "Conti", "Costa", "Giordano", "Mancini", "Dubois",
    "Moreau", "Laurent", "Lefebvre", "Leroy", "Roux", "Fournier", "Girard", "Bonnet",
    "Dupont", "Lambert", "Fontaine", "Rousseau", "Garcia", "Martinez", "Lopez", "Gonzalez",
    "Perez", "Sanchez", "Fernandez", "Gomez", "Diaz", "Moreno", "Alvarez", "Romero",
    "Jansen", "Visser", "Smit", "Bakker", "Meijer", "Mulder", "Bos", "Vos", "Peters",
    "Hendriks", "Nilsson", "Larsson", "Andersson", "Johansson", "Karlsson", "Eriksson",
    "Olsen", "Hansen", "Nielsen", "Kowalski", "Nowak", "Wisniewski", "Novak", "Horvat",
)
WEST_INDUSTRIES = (
    "Maschinenbau", "Logistik", "Elektrotechnik", "Handels", "Metallbau", "Medizintechnik",
    "Software", "Industrial Supply", "Components", "Precision Tools", "Packaging", "Foods",
    "Marine Services", "Engineering", "Textiles", "Optics", "Instruments", "Automation",
    "Chemicals", "Consulting", "Kunststofftechnik", "Antriebstechnik", "Fluid Systems",
    "Laboratory Supplies", "Aerospace Parts", "Semiconductors", "Pharma", "Robotics",
    "Sensors", "Coatings", "Hydraulics", "Freight", "Distribution", "Energy Systems",
)
WEST_PLACES = (
    "Hamburg", "Stuttgart", "Bremen", "Dortmund", "Ohio", "Texas", "Carolina", "Midwest",
    "Pacific", "Atlantic", "Nordic", "Alpine", "Rhein", "Baltic", "Iberia", "Lombardia",
)
WEST_FORMS = ("GmbH", "GmbH & Co. KG", "AG", "LLC", "Inc.", "Ltd", "S.A.", "S.r.l.", "B.V.", "AB")
FIRST_NAMES = (
    "Anna", "Maria", "Laura", "Sofia", "Emma", "Julia", "Elena", "Sarah", "Lena", "Clara",
    "Hannah", "Mia", "Lea", "Paula", "Ines", "Chloe", "Camille", "Giulia", "Francesca",
    "Ingrid", "Astrid", "Thomas", "Michael", "Andreas", "Peter", "Stefan", "Daniel", "Markus",
    "Jan", "David", "Lukas", "John", "James", "Robert", "William", "Richard", "Carlos", "Luis",
    "Javier", "Marco", "Luca", "Pierre", "Jean", "Henrik", "Lars", "Piotr", "Tomasz", "Miguel",
    "Antonio", "Giovanni", "Matteo", "Florian", "Tobias", "Sebastian", "Christopher", "Kevin",
)
WEST_COUNTRIES = ("DE", "US", "IT", "FR", "ES", "NL", "SE", "GB", "PL", "AT", "CH", "DK")
# fmt: on


def _brand(rng: random.Random) -> str:
    return (rng.choice(CN_SYLLABLES) + rng.choice(CN_SYLLABLES)).capitalize()


def unlisted_name(rng: random.Random) -> tuple[str, str, str | None]:
    """(name, type, country) of an invented counterparty."""
    style = rng.random()
    if style < 0.45:
        place, industry, form = (
            rng.choice(CN_PLACES),
            rng.choice(CN_INDUSTRIES),
            rng.choice(CN_FORMS),
        )
        name = f"{place} {_brand(rng)} {industry} {form}"
        return name, "company", "CN" if rng.random() < 0.8 else "HK"
    if style < 0.85:
        surname = rng.choice(WEST_SURNAMES)
        if rng.random() < 0.25:
            surname += f" & {rng.choice(WEST_SURNAMES)}"
        place = f" {rng.choice(WEST_PLACES)}" if rng.random() < 0.4 else ""
        name = f"{surname}{place} {rng.choice(WEST_INDUSTRIES)} {rng.choice(WEST_FORMS)}"
        return name, "company", rng.choice(WEST_COUNTRIES)
    initial = f" {rng.choice('ABCDEFGHJKLMNPRSTW')}." if rng.random() < 0.3 else ""
    name = f"{rng.choice(FIRST_NAMES)}{initial} {rng.choice(WEST_SURNAMES)}"
    return name, "person", rng.choice(WEST_COUNTRIES)


def variant_of(name: str, rng: random.Random) -> str:
    """A spelling of a listed name as a customer master might hold it."""
    kind = rng.randrange(6)
    if kind == 0:
        return name.upper()
    if kind == 1:
        for form in (", Ltd.", " Co., Ltd.", " Co. Ltd.", " Ltd.", " Limited", " Inc."):
            if name.endswith(form):
                return name[: -len(form)]
        return name
    if kind == 2:
        return name.replace("Co., Ltd.", "Company Limited").replace("Ltd.", "Limited")
    if kind == 3:
        words = name.split()
        long_words = [i for i, w in enumerate(words) if len(w) > 6 and w.isalpha()]
        if long_words:
            i = rng.choice(long_words)
            w = words[i]
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]  # two letters swapped
        return " ".join(words)
    if kind == 4:
        return name.replace(",", "").replace(".", "")
    return name


def split_csl(directory: Path) -> tuple[Path, Path, list[dict[str, str]]]:
    """(earlier list, later list, the rows added on 2019-10-09)."""
    with CSL.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = list(reader)

    def start(row: dict[str, str]) -> dt.date | None:
        value = row["start_date"]
        return dt.date.fromisoformat(value) if value and not value.startswith("00") else None

    earlier = [r for r in rows if (s := start(r)) is None or s < XINJIANG_DAY]
    later = [r for r in rows if (s := start(r)) is None or s <= XINJIANG_DAY]
    added = [r for r in later if start(r) == XINJIANG_DAY]
    paths = []
    for name, kept in (("csl_before_2019-10-09.csv", earlier), ("csl_2019-10-09.csv", later)):
        path = directory / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(kept)
        paths.append(path)
    return paths[0], paths[1], added


def write_register(
    path: Path,
    size: int,
    variants: int,
    listed_names: list[str],
    added_names: list[str],
    seed: int,
) -> dict[str, int]:
    """A register CSV of ``size`` rows; a quarter of the variants spell that day's additions."""
    rng = random.Random(seed)
    counts = {"unlisted": 0, "variants_of_listed": 0, "variants_of_2019_10_09_additions": 0}
    names: set[str] = set()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer_id", "name", "country", "type"])
        for number in range(size):
            if (
                number % max(1, size // variants) == 0
                and sum(counts.values()) - counts["unlisted"] < variants
            ):
                if rng.random() < 0.25 and added_names:
                    name = variant_of(rng.choice(added_names), rng)
                    counts["variants_of_2019_10_09_additions"] += 1
                else:
                    name = variant_of(rng.choice(listed_names), rng)
                    counts["variants_of_listed"] += 1
                writer.writerow([f"CP-{number:06d}", name, "", ""])
                names.add(name)
                continue
            name, kind, country = unlisted_name(rng)
            counts["unlisted"] += 1
            writer.writerow([f"CP-{number:06d}", name, country or "", kind])
            names.add(name)
    return {**counts, "distinct_names": len(names)}


def peak_rss_mb() -> int:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) // 1024


def run(size: int, variants: int, seed: int, database_url: str | None, runs: int) -> dict[str, Any]:
    if not CSL.exists():
        raise SystemExit(f"{CSL} is absent: this benchmark reads the real list in ../shared/data")
    if runs > 1 and database_url:
        raise SystemExit("--runs above 1 copies the SQLite store between runs: use SQLite")
    from entitywatch.loading import load_list_file
    from entitywatch.monitor import after_load
    from entitywatch.monitor.register import import_register
    from entitywatch.store import open_engine

    with tempfile.TemporaryDirectory(prefix="bench-monitor-") as temporary:
        work = Path(temporary)
        home = work / "initial"
        home.mkdir()
        url = database_url or f"sqlite:///{home / 'entitywatch.db'}"
        engine = open_engine(url)
        earlier, later, added = split_csl(work)
        with later.open(encoding="utf-8", newline="") as handle:
            listed = [row["name"] for row in csv.DictReader(handle) if row["name"]]
        register = work / "register.csv"
        composition = write_register(
            register, size, variants, listed, [r["name"] for r in added], seed
        )
        figures: dict[str, Any] = {"register": {"size": size, **composition}}

        started = time.perf_counter()
        first = load_list_file(engine, earlier)
        figures["load_earlier_s"] = round(time.perf_counter() - started, 2)
        figures["earlier_parties"] = first.snapshot.parties

        started = time.perf_counter()
        imported = import_register(engine, home, register)
        figures["import_and_initial_screening_s"] = round(time.perf_counter() - started, 2)
        assert imported.run is not None
        figures["initial_screening"] = imported.run.summary()
        engine.dispose()

        # Each run starts from the store as the initial screening left it, in a home with
        # no matcher index cached for the new list (as after a real load).
        delta_runs: list[dict[str, Any]] = []
        for number in range(runs):
            run_home = work / f"run-{number}"
            run_home.mkdir()
            run_url = url
            if not database_url:
                for suffix in ("", "-wal", "-shm"):
                    source = home / f"entitywatch.db{suffix}"
                    if source.exists():
                        shutil.copy(source, run_home / source.name)
                run_url = f"sqlite:///{run_home / 'entitywatch.db'}"
            engine = open_engine(run_url)
            started = time.perf_counter()
            second = load_list_file(engine, later)
            load_seconds = time.perf_counter() - started
            started = time.perf_counter()
            delta = after_load(engine, run_home)
            seconds = time.perf_counter() - started
            assert delta is not None
            delta_runs.append(
                {"load_later_s": round(load_seconds, 2), "delta_rescreen_s": round(seconds, 2),
                 "summary": delta.summary()}
            )  # fmt: skip
            figures["later_parties"] = second.snapshot.parties
            engine.dispose()
        figures["delta_runs"] = delta_runs
        seconds_per_run = [float(r["delta_rescreen_s"]) for r in delta_runs]
        figures["delta_rescreen_median_s"] = round(statistics.median(seconds_per_run), 2)
        figures["peak_rss_mb"] = peak_rss_mb()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--variants", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=20191009)
    parser.add_argument("--runs", type=int, default=1, help="delta re-screens (median)")
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (default SQLite)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = run(args.size, args.variants, args.seed, args.database_url, args.runs)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    initial, register = figures["initial_screening"], figures["register"]
    print(
        f"register: {register['size']:,} counterparties, {register['distinct_names']:,} distinct "
        f"names ({register['unlisted']:,} invented unlisted names, "
        f"{register['variants_of_listed']:,} variants of listed names, "
        f"{register['variants_of_2019_10_09_additions']:,} of the 2019-10-09 additions)"
    )
    print(
        f"earlier list: {figures['earlier_parties']:,} parties, loaded in "
        f"{figures['load_earlier_s']} s; later list: {figures['later_parties']:,} parties"
    )
    print(
        f"initial screening (everyone against everything): "
        f"{initial['seconds']['total']:.1f} s, {initial['new_alerts']:,} alerts "
        f"({initial['new_matches']:,} match, {initial['new_reviews']:,} review)"
    )
    for number, delta_run in enumerate(figures["delta_runs"], 1):
        delta = delta_run["summary"]
        print(
            f"delta re-screen {number}: {delta['changed_entries']:,} new or changed entries x "
            f"{delta['screened_against_changes']:,} counterparties in "
            f"{delta_run['delta_rescreen_s']} s (load {delta_run['load_later_s']} s): "
            f"{delta['new_alerts']:,} new alerts ({delta['new_matches']:,} match, "
            f"{delta['new_reviews']:,} review)"
        )
        phases = ", ".join(f"{k} {v:.2f} s" for k, v in delta["seconds"].items())
        print(f"  phases: {phases}")
    print(f"delta re-screen, median: {figures['delta_rescreen_median_s']} s (target < 60 s)")
    print(f"peak RSS: {figures['peak_rss_mb']:,} MB")


if __name__ == "__main__":
    main()
