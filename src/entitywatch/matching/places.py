"""Place names inside names: recognised so that they weigh as weak evidence.

Company names carry the place they are registered in ("Beijing ...", "... Shenzhen Co.,
Ltd.", "Huawei Technologies (Hong Kong) Ltd", "Gazprom Neft Moscow"), and addresses
trail after names in screening inputs ("..., Xiamen, China"). Two companies that share
only "Beijing" and "Technology" are not the same company, so ``analysis`` tags places
(``TokenKind.PLACE``) in company names and the scorer treats them as weak evidence;
``labels`` uses ``is_place_name`` to recognise an address tail.

What counts as a place:
- every country of ISO 3166 (pycountry: name, official name, common name) and the short
  names the lists use ("Russia", "Iran", "North Korea", "DPRK", "UK", "USA", "UAE",
  "PRC", "Burma"); not adjectives ("Chinese", "Russian" stay words: they are part of
  names such as "Russian Railways", and an adjective is not a registration place);
- Chinese provinces, municipalities, prefecture cities and the districts the lists use,
  from ``places_cn.CHINESE_PLACE_PINYIN``, also when the pinyin is split into syllables
  ("Xi An", "Shen Zhen"): consecutive short words are joined and looked up;
- world capitals and the cities and regions that appear in listed names (Moscow /
  Moskva, Saint Petersburg / St Petersburg, Tehran, Dubai, Singapore, Pyongyang ...).

Multi-word places ("Hong Kong", "United Arab Emirates", "Inner Mongolia") match as one.
ISO two-letter codes are not places here: "AS", "SA", "CO" are far more often legal
forms or initials.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import pycountry

from entitywatch.matching.text import fold_words
from entitywatch.matching.types import Token

try:  # written by the "chinese" helper; a small built-in table stands in when absent
    from entitywatch.matching import places_cn as _places_cn

    CHINESE_PLACE_PINYIN: frozenset[str] = _places_cn.CHINESE_PLACE_PINYIN
except ImportError:  # pragma: no cover - only while places_cn.py does not exist
    _places_cn = None  # type: ignore[assignment]
    CHINESE_PLACE_PINYIN = frozenset(
        (
            "beijing", "tianjin", "shanghai", "chongqing", "hebei", "shanxi", "liaoning",
            "jilin", "heilongjiang", "jiangsu", "zhejiang", "anhui", "fujian", "jiangxi",
            "shandong", "henan", "hubei", "hunan", "guangdong", "hainan", "sichuan", "guizhou",
            "yunnan", "shaanxi", "gansu", "qinghai", "taiwan", "neimenggu", "guangxi", "xizang",
            "ningxia", "xinjiang", "xianggang", "aomen", "shenzhen", "guangzhou", "hangzhou",
            "nanjing", "wuhan", "chengdu", "xian", "shenyang", "dalian", "haerbin", "changchun",
            "qingdao", "jinan", "zhengzhou", "changsha", "hefei", "fuzhou", "xiamen", "nanchang",
            "kunming", "guiyang", "nanning", "lanzhou", "xining", "yinchuan", "wulumuqi", "lasa",
            "huhehaote", "shijiazhuang", "taiyuan", "suzhou", "wuxi", "ningbo", "dongguan",
            "foshan", "zhuhai", "dandong", "mianyang",
        )
    )  # fmt: skip

# Canonical key -> the ways the lists write it (folded at import). One place per line;
# the key is what ``place_key`` returns, so that "USA" and "United States" compare equal.
COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "china": ("China", "PRC", "P.R. China", "P. R. China", "PR China", "People's Republic of China", "Mainland China", "Zhongguo", "Zhong Guo"),  # noqa: E501
    "russia": ("Russia", "Russian Federation", "Rossiya", "Rossiyskaya Federatsiya", "Rossiiskaya Federatsiya"),  # noqa: E501
    "iran": ("Iran", "Islamic Republic of Iran", "I.R. Iran", "IR Iran"),
    "northkorea": ("North Korea", "DPRK", "DPR Korea", "Korea DPR", "Democratic People's Republic of Korea"),  # noqa: E501
    "southkorea": ("South Korea", "Republic of Korea", "ROK"),
    "korea": ("Korea",),
    "hongkong": ("Hong Kong", "Hongkong", "HK", "HKSAR", "Xianggang", "Xiang Gang"),
    "macau": ("Macau", "Macao", "Aomen"),
    "taiwan": ("Taiwan", "Republic of China", "Chinese Taipei"),
    "unitedstates": ("United States", "United States of America", "USA", "America"),
    "unitedkingdom": ("United Kingdom", "UK", "Great Britain", "Britain"),
    "unitedarabemirates": ("United Arab Emirates", "UAE", "Emirates"),
    "syria": ("Syria", "Syrian Arab Republic"),
    "vietnam": ("Vietnam", "Viet Nam"),
    "laos": ("Laos", "Lao PDR", "Lao People's Democratic Republic"),
    "myanmar": ("Myanmar", "Burma"),
    "belarus": ("Belarus", "Byelorussia"),
    "czechia": ("Czechia", "Czech Republic"),
    "turkey": ("Turkey", "Turkiye", "Türkiye"),
    "ivorycoast": ("Ivory Coast", "Cote d'Ivoire"),
    "netherlands": ("Netherlands", "The Netherlands", "Holland"),
    "northmacedonia": ("North Macedonia", "Macedonia"),
    "palestine": ("Palestine", "State of Palestine", "Palestinian Territories", "West Bank"),
    "gaza": ("Gaza", "Gaza Strip"),
    "drcongo": ("DR Congo", "DRC", "Democratic Republic of the Congo", "Democratic Republic of Congo"),  # noqa: E501
    "ussr": ("USSR", "Soviet Union"),
    "yugoslavia": ("Yugoslavia",),
    "vatican": ("Vatican", "Vatican City", "Holy See"),
    "kosovo": ("Kosovo",),
    "england": ("England",),
    "scotland": ("Scotland",),
    "wales": ("Wales",),
    "northernireland": ("Northern Ireland",),
}  # fmt: skip

# Regions that are not countries, one per line.
REGION_NAMES: dict[str, tuple[str, ...]] = {
    "innermongolia": (
        "Inner Mongolia", "Nei Mongol", "Neimenggu", "Nei Menggu",
        "Inner Mongolia Autonomous Region",
    ),
    "tibet": ("Tibet", "Xizang", "Tibet Autonomous Region", "Xizang Autonomous Region"),
    # China's autonomous regions under their official English names: the lists write
    # "Xinjiang Uighur Autonomous Region (XUAR) ... Public Security Bureau" where a news
    # article writes "Xinjiang Public Security Bureau".
    "xinjiang": (
        "Xinjiang", "Xinjiang Uighur Autonomous Region", "Xinjiang Uyghur Autonomous Region",
        "Xinjiang Uygur Autonomous Region", "Xinjiang Weiwuer Autonomous Region",
    ),
    "guangxi": ("Guangxi", "Guangxi Zhuang Autonomous Region"),
    "ningxia": ("Ningxia", "Ningxia Hui Autonomous Region"),
    "crimea": ("Crimea", "Krym", "Republic of Crimea"),
    "donbas": ("Donbas", "Donbass"),
    "siberia": ("Siberia",),
    "kurdistan": ("Kurdistan",),
    "punjab": ("Punjab",),
    "sindh": ("Sindh",),
    "balochistan": ("Balochistan", "Baluchistan"),
    "kashmir": ("Kashmir",),
    "chechnya": ("Chechnya",),
    "abkhazia": ("Abkhazia",),
    "southossetia": ("South Ossetia",),
    "transnistria": ("Transnistria",),
    "mindanao": ("Mindanao",),
    # Continents and world regions: "Faberlic Europe", "Marubeni Asia Pacific", "Huawei
    # Technologies Middle East": a region company of a group is named after its area.
    "europe": ("Europe", "Eastern Europe", "Western Europe", "Central Europe"),
    "asia": ("Asia", "Asia Pacific", "Asia-Pacific", "Central Asia", "East Asia", "South Asia", "South East Asia", "Southeast Asia"),  # noqa: E501
    "africa": ("Africa", "East Africa", "West Africa", "North Africa", "Southern Africa"),
    "middleeast": ("Middle East", "Near East"),
    "fareast": ("Far East",),
    "eurasia": ("Eurasia",),
    "latinamerica": ("Latin America", "South America", "Central America", "North America"),
    "caribbean": ("Caribbean",),
    "oceania": ("Oceania",),
    "scandinavia": ("Scandinavia", "Nordic"),
    "balkans": ("Balkans", "Balkan"),
    "caucasus": ("Caucasus",),
}  # fmt: skip

# Capitals and the cities that appear in listed names, one per line.
CITY_NAMES: dict[str, tuple[str, ...]] = {
    # Russia, Ukraine, Belarus, the Caucasus and Central Asia
    "moscow": ("Moscow", "Moskva"),
    "saintpetersburg": ("Saint Petersburg", "St Petersburg", "St. Petersburg", "Sankt Peterburg", "Sankt-Peterburg", "Leningrad"),  # noqa: E501
    "novosibirsk": ("Novosibirsk",),
    "yekaterinburg": ("Yekaterinburg", "Ekaterinburg"),
    "nizhnynovgorod": ("Nizhny Novgorod", "Nizhniy Novgorod", "Nizhnii Novgorod"),
    "kazan": ("Kazan",),
    "samara": ("Samara",),
    "chelyabinsk": ("Chelyabinsk",),
    "omsk": ("Omsk",),
    "tomsk": ("Tomsk",),
    "perm": ("Perm",),
    "ufa": ("Ufa",),
    "krasnoyarsk": ("Krasnoyarsk",),
    "voronezh": ("Voronezh",),
    "vladivostok": ("Vladivostok",),
    "kaliningrad": ("Kaliningrad",),
    "rostovondon": ("Rostov-on-Don", "Rostov na Donu", "Rostov"),
    "tula": ("Tula",),
    "izhevsk": ("Izhevsk",),
    "saratov": ("Saratov",),
    "volgograd": ("Volgograd",),
    "irkutsk": ("Irkutsk",),
    "khabarovsk": ("Khabarovsk",),
    "murmansk": ("Murmansk",),
    "arkhangelsk": ("Arkhangelsk",),
    "severodvinsk": ("Severodvinsk",),
    "zelenograd": ("Zelenograd",),
    "sevastopol": ("Sevastopol",),
    "simferopol": ("Simferopol",),
    "kerch": ("Kerch",),
    "kyiv": ("Kyiv", "Kiev"),
    "kharkiv": ("Kharkiv", "Kharkov"),
    "odesa": ("Odesa", "Odessa"),
    "donetsk": ("Donetsk",),
    "luhansk": ("Luhansk", "Lugansk"),
    "minsk": ("Minsk",),
    "baku": ("Baku",),
    "tbilisi": ("Tbilisi",),
    "yerevan": ("Yerevan",),
    "tashkent": ("Tashkent",),
    "almaty": ("Almaty", "Alma-Ata"),
    "astana": ("Astana", "Nur-Sultan"),
    "bishkek": ("Bishkek",),
    "dushanbe": ("Dushanbe",),
    "ashgabat": ("Ashgabat",),
    # Middle East and North Africa
    "tehran": ("Tehran", "Teheran"),
    "mashhad": ("Mashhad",),
    "isfahan": ("Isfahan", "Esfahan"),
    "tabriz": ("Tabriz",),
    "shiraz": ("Shiraz",),
    "qom": ("Qom",),
    "karaj": ("Karaj",),
    "ahvaz": ("Ahvaz", "Ahwaz"),
    "bandarabbas": ("Bandar Abbas",),
    "dubai": ("Dubai",),
    "abudhabi": ("Abu Dhabi",),
    "sharjah": ("Sharjah",),
    "ajman": ("Ajman",),
    "rasalkhaimah": ("Ras al Khaimah", "Ras al-Khaimah"),
    "fujairah": ("Fujairah",),
    "damascus": ("Damascus",),
    "aleppo": ("Aleppo",),
    "latakia": ("Latakia",),
    "beirut": ("Beirut",),
    "baghdad": ("Baghdad",),
    "basra": ("Basra", "Basrah"),
    "erbil": ("Erbil",),
    "mosul": ("Mosul",),
    "amman": ("Amman",),
    "riyadh": ("Riyadh",),
    "jeddah": ("Jeddah", "Jiddah"),
    "doha": ("Doha",),
    "manama": ("Manama",),
    "muscat": ("Muscat",),
    "kuwaitcity": ("Kuwait City",),
    "sanaa": ("Sanaa", "Sana'a"),
    "aden": ("Aden",),
    "cairo": ("Cairo",),
    "tripoli": ("Tripoli",),
    "benghazi": ("Benghazi",),
    "khartoum": ("Khartoum",),
    "tunis": ("Tunis",),
    "algiers": ("Algiers",),
    "casablanca": ("Casablanca",),
    "istanbul": ("Istanbul",),
    "ankara": ("Ankara",),
    "izmir": ("Izmir",),
    "mersin": ("Mersin",),
    # South and East Asia
    "kabul": ("Kabul",),
    "kandahar": ("Kandahar",),
    "karachi": ("Karachi",),
    "lahore": ("Lahore",),
    "islamabad": ("Islamabad",),
    "rawalpindi": ("Rawalpindi",),
    "peshawar": ("Peshawar",),
    "quetta": ("Quetta",),
    "delhi": ("Delhi",),
    "newdelhi": ("New Delhi",),
    "mumbai": ("Mumbai", "Bombay"),
    "bengaluru": ("Bengaluru", "Bangalore"),
    "chennai": ("Chennai", "Madras"),
    "hyderabad": ("Hyderabad",),
    "kolkata": ("Kolkata", "Calcutta"),
    "dhaka": ("Dhaka",),
    "colombo": ("Colombo",),
    "kathmandu": ("Kathmandu",),
    "singapore": ("Singapore",),
    "kualalumpur": ("Kuala Lumpur",),
    "bangkok": ("Bangkok",),
    "jakarta": ("Jakarta",),
    "manila": ("Manila",),
    "hanoi": ("Hanoi", "Ha Noi"),
    "hochiminhcity": ("Ho Chi Minh City", "Saigon"),
    "yangon": ("Yangon", "Rangoon"),
    "naypyidaw": ("Naypyidaw", "Nay Pyi Taw"),
    "phnompenh": ("Phnom Penh",),
    "vientiane": ("Vientiane",),
    "pyongyang": ("Pyongyang",),
    "nampo": ("Nampo",),
    "sinuiju": ("Sinuiju",),
    "seoul": ("Seoul",),
    "busan": ("Busan", "Pusan"),
    "tokyo": ("Tokyo",),
    "osaka": ("Osaka",),
    "taipei": ("Taipei",),
    "kaohsiung": ("Kaohsiung",),
    "ulaanbaatar": ("Ulaanbaatar", "Ulan Bator"),
    # Europe, the Americas, Africa, Oceania
    "london": ("London",),
    "paris": ("Paris",),
    "berlin": ("Berlin",),
    "frankfurt": ("Frankfurt",),
    "hamburg": ("Hamburg",),
    "munich": ("Munich", "Munchen", "Muenchen"),
    "vienna": ("Vienna", "Wien"),
    "zurich": ("Zurich",),
    "geneva": ("Geneva", "Geneve"),
    "rome": ("Rome", "Roma"),
    "milan": ("Milan", "Milano"),
    "madrid": ("Madrid",),
    "barcelona": ("Barcelona",),
    "athens": ("Athens",),
    "piraeus": ("Piraeus",),
    "sofia": ("Sofia",),
    "bucharest": ("Bucharest",),
    "budapest": ("Budapest",),
    "prague": ("Prague", "Praha"),
    "warsaw": ("Warsaw", "Warszawa"),
    "riga": ("Riga",),
    "vilnius": ("Vilnius",),
    "tallinn": ("Tallinn",),
    "helsinki": ("Helsinki",),
    "stockholm": ("Stockholm",),
    "oslo": ("Oslo",),
    "copenhagen": ("Copenhagen",),
    "amsterdam": ("Amsterdam",),
    "rotterdam": ("Rotterdam",),
    "brussels": ("Brussels",),
    "antwerp": ("Antwerp",),
    "limassol": ("Limassol",),
    "nicosia": ("Nicosia",),
    "larnaca": ("Larnaca",),
    "valletta": ("Valletta",),
    "belgrade": ("Belgrade", "Beograd"),
    "zagreb": ("Zagreb",),
    "ljubljana": ("Ljubljana",),
    "sarajevo": ("Sarajevo",),
    "banjaluka": ("Banja Luka",),
    "podgorica": ("Podgorica",),
    "skopje": ("Skopje",),
    "tirana": ("Tirana",),
    "chisinau": ("Chisinau",),
    "newyork": ("New York",),
    "losangeles": ("Los Angeles",),
    "miami": ("Miami",),
    "houston": ("Houston",),
    "toronto": ("Toronto",),
    "vancouver": ("Vancouver",),
    "mexicocity": ("Mexico City",),
    "guadalajara": ("Guadalajara",),
    "monterrey": ("Monterrey",),
    "culiacan": ("Culiacan",),
    "tijuana": ("Tijuana",),
    "panamacity": ("Panama City",),
    "caracas": ("Caracas",),
    "maracaibo": ("Maracaibo",),
    "havana": ("Havana", "La Habana"),
    "bogota": ("Bogota",),
    "medellin": ("Medellin",),
    "cali": ("Cali",),
    "lima": ("Lima",),
    "quito": ("Quito",),
    "managua": ("Managua",),
    "buenosaires": ("Buenos Aires",),
    "saopaulo": ("Sao Paulo",),
    "riodejaneiro": ("Rio de Janeiro",),
    "nairobi": ("Nairobi",),
    "kampala": ("Kampala",),
    "addisababa": ("Addis Ababa",),
    "mogadishu": ("Mogadishu",),
    "lagos": ("Lagos",),
    "abuja": ("Abuja",),
    "johannesburg": ("Johannesburg",),
    "capetown": ("Cape Town",),
    "sydney": ("Sydney",),
    "melbourne": ("Melbourne",),
    "auckland": ("Auckland",),
}  # fmt: skip

# Country names of ISO 3166 that are far more often an ordinary word in a name.
_NOT_PLACES: frozenset[str] = frozenset({"reunion"})

# Words that make a place name an administrative unit ("Guangdong Province",
# "Shenzhen City", "Longgang District"), for ``is_place_name``. A known place may take
# any of them; an unknown name only the unambiguous ones (not "city", not "region").
_ADMIN_WORDS: frozenset[str] = frozenset(
    {"province", "city", "municipality", "district", "county", "prefecture", "region",
     "oblast", "krai", "kray", "governorate", "state", "sar", "sheng", "shi", "qu"}
)  # fmt: skip
_STRONG_ADMIN_WORDS: frozenset[str] = frozenset(
    {"province", "district", "county", "prefecture", "oblast", "krai", "kray", "governorate"}
)
_MAX_SYLLABLE = 6  # "zhuang", "shuang": the longest pinyin syllables
_MAX_SPLIT_PINYIN = 4  # "wu lu mu qi" (Urumqi) is four syllables


def _fold_key(text: str) -> tuple[str, ...]:
    return tuple(fold_words(text))


def _build_table() -> dict[tuple[str, ...], str]:
    """Every known spelling of a place as a word tuple -> its canonical key.

    The hand-written tables come first, so that their canonical keys win ("Russian
    Federation" -> "russia"); pycountry adds every other country and its long names. The
    short head of an inverted name ("Congo" of "Congo, The Democratic Republic of the") is
    added last, so that it keeps meaning the country whose whole name it is.
    """
    table: dict[tuple[str, ...], str] = {}
    for names in (COUNTRY_NAMES, REGION_NAMES, CITY_NAMES):
        for key, spellings in names.items():
            for spelling in spellings:
                table.setdefault(_fold_key(spelling), key)
    heads: list[tuple[str, str]] = []
    for country in pycountry.countries:
        # The short name first: it gives the canonical key when no hand-written one does.
        country_spellings = [
            getattr(country, "common_name", None) or _uninverted(country.name),
            country.name,
            getattr(country, "official_name", None),
        ]
        known = [_fold_key(s) for s in country_spellings if s]
        canonical = next((table[k] for k in known if k in table), "".join(known[0]))
        for words in known:
            _add_country_spelling(table, words, canonical)
        heads.append((_head(country.name), canonical))
    for head, canonical in heads:
        _add_country_spelling(table, _fold_key(head), canonical)
    return table


def _add_country_spelling(
    table: dict[tuple[str, ...], str], words: tuple[str, ...], canonical: str
) -> None:
    if words and " ".join(words) not in _NOT_PLACES:
        table.setdefault(words, canonical)


def _head(name: str) -> str:
    """A pycountry name without its inverted or bracketed tail: "Korea, Republic of" ->
    "Korea", "Holy See (Vatican City State)" -> "Holy See"."""
    return name.split(",")[0].split("(")[0].strip()


def _uninverted(name: str) -> str:
    """The name in reading order: "Korea, Republic of" -> "Republic of Korea", "Congo,
    The Democratic Republic of the" -> "Democratic Republic of Congo"; other names
    without their bracketed tail."""
    head, _, tail = name.partition(",")
    tail = tail.strip().removeprefix("The ").removeprefix("the ")
    if tail.endswith((" of", " of the")):
        return f"{tail.removesuffix(' the')} {head}"
    return name.split("(")[0].strip()


def _lengths_by_first(table: dict[tuple[str, ...], str]) -> dict[str, tuple[int, ...]]:
    """First word -> the lengths of the known places starting with it, longest first, so
    that scanning a name costs one dict lookup per word that starts no place."""
    lengths: dict[str, set[int]] = {}
    for words in table:
        lengths.setdefault(words[0], set()).add(len(words))
    return {first: tuple(sorted(found, reverse=True)) for first, found in lengths.items()}


PLACES: dict[tuple[str, ...], str] = _build_table()
# The canonical keys of countries (and territories with an ISO code: "hongkong") -> their
# ISO 3166 code in lower case.
COUNTRY_CODES: dict[str, str] = {
    PLACES[words]: country.alpha_2.lower()
    for country in pycountry.countries
    if (words := _fold_key(country.name)) in PLACES
}


def country_code(key: str) -> str | None:
    """The ISO code of the country a place key (``place_key``) names; None for a city or a
    region."""
    return COUNTRY_CODES.get(key)


_LENGTHS_BY_FIRST: dict[str, tuple[int, ...]] = _lengths_by_first(PLACES)


def match_place(items: Sequence[str | Token], index: int) -> int:
    """How many consecutive words starting at ``items[index]`` form a place name (0: none).

    Items already tagged (legal forms, as ``Token``) end a place. The longest match wins:
    "Hong Kong" over "Hong", "United Arab Emirates" over nothing shorter; a Chinese place
    written in split syllables ("Xi An", "Nei Meng Gu") matches as the joined pinyin.
    """
    first = items[index]
    if not isinstance(first, str):
        return 0
    best = 0
    for length in _LENGTHS_BY_FIRST.get(first, ()):
        if length <= best:
            break
        words = _words_at(items, index, length)
        if words is not None and tuple(words) in PLACES:
            best = length
            break
    return max(best, _split_pinyin_place(items, index))


def _words_at(items: Sequence[str | Token], index: int, length: int) -> list[str] | None:
    """The ``length`` words from ``index`` on, or None when the run is cut short."""
    words = items[index : index + length]
    if len(words) < length or not all(isinstance(word, str) for word in words):
        return None
    return [word for word in words if isinstance(word, str)]


def _split_pinyin_place(items: Sequence[str | Token], index: int) -> int:
    """Length of the longest run of syllable-sized words that joins into a Chinese place."""
    joined = ""
    best = 0
    for offset in range(_MAX_SPLIT_PINYIN):
        if index + offset >= len(items):
            break
        word = items[index + offset]
        if not isinstance(word, str) or (offset and len(word) > _MAX_SYLLABLE):
            break
        if offset == 0 and len(word) > _MAX_SYLLABLE and word not in CHINESE_PLACE_PINYIN:
            break
        joined += word
        if joined in CHINESE_PLACE_PINYIN:
            best = offset + 1
    return best


def place_key(words: Sequence[str]) -> str:
    """The canonical key of a recognised place ("usa" -> "unitedstates", "st petersburg" ->
    "saintpetersburg", "kashgar" -> the pinyin "kashi"); the joined words otherwise.

    ``analysis`` could use it as the text of PLACE tokens, so that two spellings of one
    place compare equal; today it joins the words as written.
    """
    known = PLACES.get(tuple(words))
    if known is not None:
        return known
    joined = "".join(words)
    if _places_cn is not None:
        return _places_cn.canonical_place(joined) or joined
    return joined


@functools.lru_cache(maxsize=8192)
def is_place_name(text: str) -> bool:
    """Whether ``text`` is nothing but a place: "Shenzhen", "Guangdong Province", "Hong
    Kong SAR", "P.R. China", "Beijing 100085", "Longgang District", "Shenzhen Guangdong".

    Used on the comma-separated parts trailing a company name, to tell an address tail
    ("Huawei Technologies Co., Ltd., Shenzhen, Guangdong") from part of the name. Postal
    codes around the place are allowed; a street or a building is not a place.
    """
    words = [word for word in fold_words(text) if not word.isdigit()]
    if not words:
        return False
    if _covered_by_places(words):
        return True
    # "Longgang District": an unknown name made a place by an unambiguous admin word.
    return words[-1] in _STRONG_ADMIN_WORDS and len(words) >= 2


def _covered_by_places(words: list[str]) -> bool:
    """Every word belongs to a known place, each place optionally followed by admin words."""
    index = 0
    matched_any = False
    while index < len(words):
        length = match_place(words, index)
        if length:
            index += length
            matched_any = True
        elif matched_any and words[index] in _ADMIN_WORDS:
            index += 1
        else:
            return False
    return matched_any
