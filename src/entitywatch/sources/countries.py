"""Country names and codes as the sources write them -> ISO 3166-1 alpha-2."""

from __future__ import annotations

import functools

import pycountry

# Names the official lists use that pycountry does not resolve (or resolves differently).
_ALIASES: dict[str, str] = {
    "burma": "MM",
    "russia": "RU",
    "iran": "IR",
    "syria": "SY",
    "north korea": "KP",
    "korea, north": "KP",
    "korea north": "KP",
    "democratic people's republic of korea": "KP",
    "south korea": "KR",
    "korea, south": "KR",
    "republic of korea": "KR",
    "korea": "KR",
    "taiwan": "TW",
    "china": "CN",
    "people's republic of china": "CN",
    "prc": "CN",
    "hong kong": "HK",
    "macau": "MO",
    "macao": "MO",
    "vietnam": "VN",
    "laos": "LA",
    "moldova": "MD",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "congo, democratic republic of the": "CD",
    "democratic republic of the congo": "CD",
    "congo, republic of the": "CG",
    "cote d'ivoire": "CI",
    "côte d'ivoire": "CI",
    "ivory coast": "CI",
    "uk": "GB",
    "united kingdom": "GB",
    "great britain": "GB",
    "england": "GB",
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states": "US",
    "united states of america": "US",
    "uae": "AE",
    "turkey": "TR",
    "czech republic": "CZ",
    "the netherlands": "NL",
    "netherlands antilles": "AN",
    "west bank": "PS",
    "gaza": "PS",
    "palestinian": "PS",
    "kosovo": "XK",
    "crimea": "UA",
    "region: crimea": "UA",
    "brunei": "BN",
    "micronesia": "FM",
    "the bahamas": "BS",
    "bahamas": "BS",
    "gambia": "GM",
    "the gambia": "GM",
    "st. kitts and nevis": "KN",
    "st. vincent and the grenadines": "VC",
    "st. lucia": "LC",
    "swaziland": "SZ",
    "macedonia": "MK",
    "east timor": "TL",
    "cape verde": "CV",
    "yugoslavia": "YU",
    "serbia and montenegro": "CS",
    "soviet union": "SU",
    "former soviet union": "SU",
    "iran (islamic republic of)": "IR",
    "china, hong kong special administrative region": "HK",
    "china, macao special administrative region": "MO",
    "state of palestine": "PS",
    "bolivia (plurinational state of)": "BO",
    "venezuela (bolivarian republic of)": "VE",
    "micronesia (federated states of)": "FM",
    "cote d ivoire": "CI",
    "bahamas, the": "BS",
    "macedonia, the former yugoslav republic of": "MK",
    "north macedonia, the republic of": "MK",
    "man, isle of": "IM",
    "st. kitts & nevis": "KN",
}


@functools.lru_cache(maxsize=4096)
def to_iso2(value: str | None) -> str | None:
    """ISO-2 code for a country name or code, or None when it cannot be resolved."""
    if not value:
        return None
    text = value.strip().strip(".").strip()
    if not text:
        return None
    if len(text) == 2 and text.isalpha():
        code = text.upper()
        return code if pycountry.countries.get(alpha_2=code) or code in {"XK", "EU"} else None
    key = text.casefold()
    if key in _ALIASES:
        return _ALIASES[key]
    if len(text) == 3 and text.isalpha():
        country = pycountry.countries.get(alpha_3=text.upper())
        if country is not None:
            return str(country.alpha_2)
    # No fuzzy search: a wrong country is worse than none, and fuzzy search is slow.
    for candidate in (text, text.removeprefix("The ").removeprefix("the ")):
        try:
            return str(pycountry.countries.lookup(candidate).alpha_2)
        except LookupError:
            continue
    return None
