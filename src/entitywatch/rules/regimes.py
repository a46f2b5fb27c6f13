"""What a listing means: list code -> regime, measure, consequence and legal authority.

The seed articles describe one company hit by several kinds of measures at once: export
controls (the Entity List), financial sanctions (the SDN list), an investment ban
(NS-CMIC), an import ban (UFLPA), procurement bans (NDAA section 889, the FCC Covered
List, DoD's 1260H list) and China's counter-measures against the companies that comply.
This module is the table that sorts every list code the loaded sources produce into one
of those regimes and says, in plain words, what the measure means and under which law.

The list codes are those the parsers in ``entitywatch.sources`` write (checked by
loading every file in ../shared/data; ``tests/rules/test_regimes.py`` keeps the table
and the parsers in step). A code that is not in the table is never dropped: it is
reported in the ``other`` regime under its own name.

Whether a measure reaches parties that are not named themselves differs by list, and is
part of the table (``reach``):
- OFAC's 50 percent rule: an entity owned 50% or more, directly or indirectly, in the
  aggregate, by blocked persons is blocked too (SDN), and the same holds for the
  Sectoral Sanctions directives (SSI);
- BIS's affiliates rule (interim final rule of 29 September 2025): Entity List and MEU
  licence requirements extend to foreign entities owned 50% or more by listed parties.
  BIS suspended its application for one year from 10 November 2025, so whether it
  applies depends on the date of the transaction; an unlisted affiliate of a listed
  party is in any case a red flag under Supplement No. 3 to 15 CFR Part 732;
- NDAA section 889, section 5949 and the FCC Covered List name the companies "and their
  subsidiaries and affiliates";
- the NS-CMIC investment ban covers only the listed companies themselves (OFAC's CMIC
  guidance: the 50 percent rule does not apply to that list).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from entitywatch.model import Listing


class Regime(StrEnum):
    """A kind of measure, in the order a report lists them."""

    EXPORT = "export"
    FINANCIAL = "financial"
    INVESTMENT = "investment"
    IMPORT = "import"
    PROCUREMENT = "procurement"
    CN_COUNTERMEASURES = "cn_countermeasures"
    OTHER = "other"

    @property
    def label(self) -> str:
        return REGIME_TITLES[self]


REGIME_TITLES: dict[Regime, str] = {
    Regime.EXPORT: "Export controls (EAR, ITAR)",
    Regime.FINANCIAL: "Financial sanctions (OFAC, UN)",
    Regime.INVESTMENT: "Investment ban (NS-CMIC)",
    Regime.IMPORT: "Import ban (UFLPA)",
    Regime.PROCUREMENT: "US procurement and telecom equipment bans",
    Regime.CN_COUNTERMEASURES: "China's counter-measures",
    Regime.OTHER: "Other lists",
}
REGIME_ORDER: tuple[Regime, ...] = tuple(Regime)


class Reach(StrEnum):
    """Whom a measure reaches besides the party it names."""

    NAMED_ONLY = "named_only"  # nothing is said about owned entities or affiliates
    OFAC_FIFTY_PERCENT = "ofac_fifty_percent"  # 50%+ owned by listed parties, aggregated
    BIS_AFFILIATES = "bis_affiliates"  # BIS's 50% affiliates rule (EL, MEU)
    SUBSIDIARIES_AND_AFFILIATES = "subsidiaries_and_affiliates"  # the statute says so
    NOT_EXTENDED = "not_extended"  # the authority said owned entities are not covered


class OwnershipFamily(StrEnum):
    """Lists whose owners' shares are aggregated together under a 50 percent rule."""

    OFAC_BLOCKED = "ofac_blocked"  # SDN: blocked persons
    OFAC_SECTORAL = "ofac_sectoral"  # SSI: persons subject to the sectoral directives
    BIS_ENTITY_LIST = "bis_entity_list"  # EL and MEU: BIS's affiliates rule

    @property
    def label(self) -> str:
        return FAMILY_TITLES[self]


FAMILY_TITLES: dict[OwnershipFamily, str] = {
    OwnershipFamily.OFAC_BLOCKED: "OFAC 50 percent rule (blocked persons, SDN)",
    OwnershipFamily.OFAC_SECTORAL: "OFAC 50 percent rule (sectoral directives, SSI)",
    OwnershipFamily.BIS_ENTITY_LIST: "BIS 50 percent affiliates rule (Entity List, MEU)",
}

REACH_NOTES: dict[Reach, str] = {
    Reach.NAMED_ONLY: "The listing names this party only; related parties are not covered "
    "by it, but a listed owner or parent is a red flag to investigate.",
    Reach.OFAC_FIFTY_PERCENT: "OFAC's 50 percent rule: an entity owned 50% or more, directly "
    "or indirectly, in the aggregate, by listed persons is treated as listed itself, even "
    "when it is not named (OFAC guidance of 13 August 2014).",
    Reach.BIS_AFFILIATES: "BIS's affiliates rule (interim final rule of 29 September 2025) "
    "extends the licence requirements to foreign entities owned 50% or more by listed "
    "parties; BIS suspended it for one year from 10 November 2025, so check whether it "
    "applies on the date of the transaction. An unlisted affiliate of a listed party is a "
    "red flag in any case (15 CFR Part 732, Supplement No. 3).",
    Reach.SUBSIDIARIES_AND_AFFILIATES: "The measure covers the named company's "
    "subsidiaries and affiliates as well.",
    Reach.NOT_EXTENDED: "The measure covers the listed company only: OFAC's 50 percent "
    "rule does not apply to the NS-CMIC list, so unlisted subsidiaries are not covered.",
}


@dataclass(frozen=True, slots=True)
class ListRule:
    """What being on one list means."""

    list_code: str
    regime: Regime
    measure: str  # the list's name as a reader knows it
    consequence: str  # what the listing means for the party and those who deal with it
    legal_authority: tuple[str, ...]  # statutes, executive orders, CFR sections
    issuer: str  # the agency that keeps the list
    reach: Reach = Reach.NAMED_ONLY
    family: OwnershipFamily | None = None  # the 50 percent rule family, where one applies
    known: bool = True  # False for the fallback rule of a code not in the table

    @property
    def reach_note(self) -> str:
        return REACH_NOTES[self.reach]

    def to_dict(self) -> dict[str, Any]:
        return {
            "list": self.list_code,
            "regime": self.regime.value,
            "measure": self.measure,
            "consequence": self.consequence,
            "legal_authority": list(self.legal_authority),
            "issuer": self.issuer,
            "reach": self.reach.value,
            "reach_note": self.reach_note,
            "ownership_family": self.family.value if self.family else None,
        }


_ECRA = "Export Control Reform Act of 2018, 50 U.S.C. 4801-4852"
_IEEPA = "International Emergency Economic Powers Act, 50 U.S.C. 1701-1706"
_BIS = "Bureau of Industry and Security (Department of Commerce)"
_OFAC = "Office of Foreign Assets Control (Department of the Treasury)"
_MOFCOM = "Ministry of Commerce of the People's Republic of China"
_AFSL = "Anti-Foreign Sanctions Law of the People's Republic of China (2021), articles 4-6"
_AFSL_MEASURES = (
    "Under China's Anti-Foreign Sanctions Law the party's property in China may be frozen, "
    "Chinese organisations and individuals may be barred from transactions and cooperation "
    "with it, and its staff may be refused entry into China; the measures taken are those "
    "stated in the announcement."
)

RULES: tuple[ListRule, ...] = (
    # --- export controls -----------------------------------------------------------------
    ListRule(
        "EL",
        Regime.EXPORT,
        "Entity List (15 CFR Part 744, Supplement No. 4)",
        "A licence is required to export, reexport or transfer (in-country) to this party "
        "the items its entry names (for most entries, all items subject to the EAR); no "
        "licence exception may be used unless the entry says so, and applications are "
        "reviewed under the entry's licence review policy.",
        ("15 CFR 744.11", "15 CFR Part 744, Supplement No. 4", _ECRA),
        _BIS,
        Reach.BIS_AFFILIATES,
        OwnershipFamily.BIS_ENTITY_LIST,
    ),
    ListRule(
        "MEU",
        Regime.EXPORT,
        "Military End-User List (15 CFR Part 744, Supplement No. 7)",
        "A licence is required to export, reexport or transfer (in-country) to this military "
        "end user the items listed in Supplement No. 2 to Part 744; applications are reviewed "
        "with a presumption of denial.",
        ("15 CFR 744.21", "15 CFR Part 744, Supplement No. 7", _ECRA),
        _BIS,
        Reach.BIS_AFFILIATES,
        OwnershipFamily.BIS_ENTITY_LIST,
    ),
    ListRule(
        "MIEU",
        Regime.EXPORT,
        "Military-Intelligence End User (15 CFR 744.22)",
        "A licence is required to export, reexport or transfer (in-country) any item subject "
        "to the EAR to this military-intelligence end user; applications are reviewed with "
        "a presumption of denial.",
        ("15 CFR 744.22", _ECRA),
        _BIS,
    ),
    ListRule(
        "UVL",
        Regime.EXPORT,
        "Unverified List (15 CFR Part 744, Supplement No. 6)",
        "BIS could not verify this party's bona fides: before any export, reexport or "
        "transfer of items subject to the EAR, obtain a UVL statement from it; no licence "
        "exception may be used, and Electronic Export Information must be filed for every "
        "export to it.",
        ("15 CFR 744.15", "15 CFR Part 744, Supplement No. 6", "15 CFR 758.1(b)(8)", _ECRA),
        _BIS,
    ),
    ListRule(
        "DPL",
        Regime.EXPORT,
        "Denied Persons List (BIS denial orders)",
        "Export privileges denied: no one may take part, directly or indirectly, in any "
        "transaction involving items subject to the EAR with this person, as the denial "
        "order sets out.",
        ("15 CFR 764.2(k)", "15 CFR Part 764, Supplement No. 1", _ECRA),
        _BIS,
    ),
    ListRule(
        "DTC",
        Regime.EXPORT,
        "ITAR debarment (AECA)",
        "Debarred from taking part, directly or indirectly, in exports of defence articles, "
        "technical data and defence services controlled by the ITAR.",
        ("22 CFR 127.7", "Arms Export Control Act, 22 U.S.C. 2778"),
        "Directorate of Defense Trade Controls (Department of State)",
    ),
    ListRule(
        "ISN",
        Regime.EXPORT,
        "Nonproliferation sanctions (Department of State)",
        "The measures depend on the statute or order named in the listing: typically no US "
        "government procurement from the party, no US government assistance, and no new "
        "licences for items on the US Munitions List or the Commerce Control List; read the "
        "listing's Federal Register notice.",
        (
            "Iran, North Korea, and Syria Nonproliferation Act, 50 U.S.C. 1701 note",
            "E.O. 12938",
            "the statute or order named in the listing's programs",
        ),
        "Bureau of International Security and Nonproliferation (Department of State)",
    ),
    # --- financial sanctions -------------------------------------------------------------
    ListRule(
        "SDN",
        Regime.FINANCIAL,
        "Specially Designated Nationals and Blocked Persons List",
        "Blocked: all property and interests in property of the party in the United States "
        "or in the possession or control of US persons are blocked, and US persons may not "
        "deal with it, directly or indirectly; entities owned 50% or more by blocked "
        "persons are blocked too.",
        (_IEEPA, "31 CFR Chapter V (the programme named in the listing)"),
        _OFAC,
        Reach.OFAC_FIFTY_PERCENT,
        OwnershipFamily.OFAC_BLOCKED,
    ),
    ListRule(
        "SSI",
        Regime.FINANCIAL,
        "Sectoral Sanctions Identifications List (E.O. 13662 directives)",
        "Not blocked: US persons are prohibited only from the dealings that the party's "
        "directive names (new debt or new equity of the stated maturities, or goods, "
        "services and technology for certain oil projects); entities owned 50% or more by "
        "listed persons are subject to the same directive.",
        ("E.O. 13662", "31 CFR Part 589", _IEEPA),
        _OFAC,
        Reach.OFAC_FIFTY_PERCENT,
        OwnershipFamily.OFAC_SECTORAL,
    ),
    ListRule(
        "MBS",
        Regime.FINANCIAL,
        "Non-SDN Menu-Based Sanctions List (NS-MBS)",
        "Not blocked: only the sanctions chosen from a statutory menu and stated in the "
        "listing's notice apply (for example a ban on US export licences, on loans from US "
        "financial institutions or on foreign-exchange transactions under US jurisdiction).",
        (
            "Countering America's Adversaries Through Sanctions Act, 22 U.S.C. 9501-9573",
            "E.O. 13846",
            "E.O. 13849",
        ),
        _OFAC,
    ),
    ListRule(
        "CAP",
        Regime.FINANCIAL,
        "Correspondent Account or Payable-Through Account Sanctions List (CAPTA)",
        "US financial institutions may not open or maintain correspondent or payable-through "
        "accounts for this foreign financial institution, or only under the conditions the "
        "listing states.",
        ("31 CFR Part 561", "E.O. 14024 and its Directive 2", _IEEPA),
        _OFAC,
    ),
    ListRule(
        "561",
        Regime.FINANCIAL,
        "Part 561 List (Iranian Financial Sanctions Regulations)",
        "US financial institutions may not open or maintain correspondent or payable-through "
        "accounts for this foreign financial institution.",
        ("31 CFR 561.201", _IEEPA),
        _OFAC,
    ),
    ListRule(
        "FSE",
        Regime.FINANCIAL,
        "Foreign Sanctions Evaders List (E.O. 13608)",
        "US persons may not engage in transactions involving goods, services or technology "
        "provided to or by this party; its property is not blocked.",
        ("E.O. 13608", _IEEPA),
        _OFAC,
    ),
    ListRule(
        "PLC",
        Regime.FINANCIAL,
        "Non-SDN Palestinian Legislative Council List",
        "A member of the Palestinian Legislative Council elected on the slate of a designated "
        "terrorist organisation: not blocked, but dealings are restricted under the terrorism "
        "sanctions regulations except as OFAC's general licences authorise.",
        ("31 CFR Part 594", "31 CFR Part 597"),
        _OFAC,
    ),
    ListRule(
        "ISA",
        Regime.FINANCIAL,
        "Non-SDN Iran Sanctions Act List",
        "Not blocked: the sanctions selected under the Iran Sanctions Act and stated in the "
        "listing apply.",
        ("Iran Sanctions Act of 1996, 50 U.S.C. 1701 note",),
        "Department of State and Department of the Treasury",
    ),
    ListRule(
        "UN",
        Regime.FINANCIAL,
        "UN Security Council Consolidated List",
        "Asset freeze, travel ban and/or arms embargo under the Security Council resolution "
        "named in the listing; binding on every UN member state.",
        ("Charter of the United Nations, Chapter VII", "the resolution named in the listing"),
        "United Nations Security Council",
    ),
    # --- investment ----------------------------------------------------------------------
    ListRule(
        "CMIC",
        Regime.INVESTMENT,
        "Non-SDN Chinese Military-Industrial Complex Companies List (NS-CMIC)",
        "US persons may not purchase or sell publicly traded securities of this company, or "
        "securities derived from them or designed to give investment exposure to them: "
        "purchases are prohibited from 60 days after the listing, and sales made solely to "
        "divest are allowed until 365 days after it. Property is not blocked.",
        (
            "E.O. 13959 as amended by E.O. 14032",
            "31 CFR Part 586 (Chinese Military-Industrial Complex Sanctions Regulations)",
        ),
        _OFAC,
        Reach.NOT_EXTENDED,
    ),
    # --- import --------------------------------------------------------------------------
    ListRule(
        "UFLPA",
        Regime.IMPORT,
        "UFLPA Entity List",
        "Rebuttable presumption: goods mined, produced or manufactured wholly or in part by "
        "this entity are presumed to be made with forced labour and are barred from entry "
        "into the United States under 19 U.S.C. 1307, unless the importer shows full "
        "compliance with CBP's guidance, answers CBP's requests completely and proves by "
        "clear and convincing evidence that the goods were not made with forced labour.",
        (
            "Uyghur Forced Labor Prevention Act, Pub. L. 117-78, sections 2(d)(2)(B) and 3",
            "19 U.S.C. 1307 (Tariff Act of 1930, section 307)",
        ),
        "Forced Labor Enforcement Task Force (Department of Homeland Security)",
    ),
    # --- procurement ---------------------------------------------------------------------
    ListRule(
        "NDAA-889",
        Regime.PROCUREMENT,
        "NDAA FY2019 section 889 (telecommunications and video surveillance equipment)",
        "Executive agencies may not procure telecommunications or video surveillance "
        "equipment or services produced or provided by this company or its subsidiaries and "
        "affiliates (section 889(a)(1)(A)), nor contract with an entity that uses such "
        "equipment or services as a substantial or essential component of any system "
        "(section 889(a)(1)(B)).",
        (
            "John S. McCain NDAA for FY2019, Pub. L. 115-232, section 889",
            "FAR 4.2102",
            "FAR 52.204-24, 52.204-25 and 52.204-26",
        ),
        "United States Congress (implemented in the Federal Acquisition Regulation)",
        Reach.SUBSIDIARIES_AND_AFFILIATES,
    ),
    ListRule(
        "NDAA-5949",
        Regime.PROCUREMENT,
        "NDAA FY2023 section 5949 (semiconductors)",
        "From 23 December 2027 executive agencies may not procure, or contract with entities "
        "that use, products or services containing semiconductor products or services "
        "produced or provided by this company or its subsidiaries and affiliates.",
        ("James M. Inhofe NDAA for FY2023, Pub. L. 117-263, section 5949",),
        "United States Congress",
        Reach.SUBSIDIARIES_AND_AFFILIATES,
    ),
    ListRule(
        "NDAA-154",
        Regime.PROCUREMENT,
        "NDAA FY2024 section 154 (batteries)",
        "From 1 October 2027 the Department of Defense may not procure batteries produced by "
        "this company.",
        ("NDAA for FY2024, Pub. L. 118-31, section 154",),
        "United States Congress",
    ),
    ListRule(
        "NDAA-1286",
        Regime.PROCUREMENT,
        "NDAA FY2019 section 1286 (foreign institutions and talent programmes of concern)",
        "Listed by the Department of Defense as a foreign institution or talent programme "
        "that threatens research security: DoD restricts research funding of projects whose "
        "key personnel take part in its programmes or are affiliated with it.",
        ("John S. McCain NDAA for FY2019, Pub. L. 115-232, section 1286 (10 U.S.C. 4001 note)",),
        "Department of Defense",
    ),
    ListRule(
        "FCC-COVERED",
        Regime.PROCUREMENT,
        "FCC Covered List (Secure and Trusted Communications Networks Act)",
        "Equipment and services on the Covered List pose an unacceptable risk to US national "
        "security: federal universal service funds may not be used to buy or maintain them, "
        "and the FCC no longer authorises new equipment of the listed producers (including "
        "the subsidiaries and affiliates the entry names).",
        (
            "Secure and Trusted Communications Networks Act of 2019, 47 U.S.C. 1601-1609",
            "47 CFR 1.50002",
            "47 CFR 2.903",
        ),
        "Federal Communications Commission",
        Reach.SUBSIDIARIES_AND_AFFILIATES,
    ),
    ListRule(
        "DOD-1260H",
        Regime.PROCUREMENT,
        "DoD list of Chinese military companies (NDAA FY2021 section 1260H)",
        "Named by the Department of Defense as a Chinese military company operating in the "
        "United States: the Department may not contract with it directly from 30 June 2026, "
        "nor indirectly from 30 June 2027.",
        (
            "William M. (Mac) Thornberry NDAA for FY2021, Pub. L. 116-283, section 1260H",
            "NDAA for FY2024, Pub. L. 118-31, section 805",
        ),
        "Department of Defense",
    ),
    # --- China's counter-measures --------------------------------------------------------
    ListRule(
        "CN-UEL",
        Regime.CN_COUNTERMEASURES,
        "Unreliable Entity List (MOFCOM)",
        "China's Ministry of Commerce may prohibit or restrict the entity's China-related "
        "imports and exports and its investment in China, refuse entry to its staff, revoke "
        "their work permits and impose fines; the measures taken are those stated in the "
        "announcement.",
        (
            "Provisions on the Unreliable Entity List (MOFCOM Order No. 4 of 2020)",
            "Foreign Trade Law of the People's Republic of China",
        ),
        _MOFCOM,
    ),
    ListRule(
        "CN-ECL",
        Regime.CN_COUNTERMEASURES,
        "Export Control Control List (MOFCOM)",
        "Exports of Chinese dual-use items to this party are prohibited.",
        (
            "Export Control Law of the People's Republic of China (2020), article 18",
            "Regulations on the Export Control of Dual-Use Items (2024)",
        ),
        _MOFCOM,
    ),
    ListRule(
        "CN-ECWL",
        Regime.CN_COUNTERMEASURES,
        "Export Control Watch List (MOFCOM)",
        "Exporters of Chinese dual-use items to this party may not use general licences and "
        "must submit end-use and end-user risk assessments and undertakings.",
        ("Regulations on the Export Control of Dual-Use Items (2024)",),
        _MOFCOM,
    ),
    ListRule(
        "CN-CM",
        Regime.CN_COUNTERMEASURES,
        "List of Targets of Countermeasures",
        _AFSL_MEASURES,
        (_AFSL,),
        "Government of the People's Republic of China",
    ),
    ListRule(
        "CN-AFSL",
        Regime.CN_COUNTERMEASURES,
        "Countermeasures under the Anti-Foreign Sanctions Law",
        _AFSL_MEASURES,
        (_AFSL,),
        "Government of the People's Republic of China",
    ),
    ListRule(
        "CN-TW",
        Regime.CN_COUNTERMEASURES,
        "Sanctions on Taiwan-related parties (Taiwan Affairs Office)",
        "The party and its staff may be refused entry into mainland China, Hong Kong and "
        "Macao, and mainland organisations may be barred from dealing with it; the measures "
        "are those stated in the announcement.",
        ("the announcement cited as the listing's source", _AFSL),
        "Taiwan Affairs Office of the State Council",
    ),
    ListRule(
        "CN-OTHER",
        Regime.CN_COUNTERMEASURES,
        "Counter-sanctions announced without a named list",
        "Counter-sanctions announced by China's government (typically entry bans and a ban "
        "on dealings with Chinese organisations); the measures are those stated in the "
        "announcement.",
        ("the announcement cited as the listing's source",),
        "Government of the People's Republic of China",
    ),
)

REGIME_RULES: dict[str, ListRule] = {rule.list_code: rule for rule in RULES}


def rule_for(list_code: str, list_name: str | None = None) -> ListRule:
    """The rule of a list code; a code not in the table goes to the ``other`` regime under
    its own name, so that no listing is ever dropped from a report."""
    rule = REGIME_RULES.get(list_code.upper())
    if rule is not None:
        return rule
    name = list_name or list_code
    return ListRule(
        list_code=list_code,
        regime=Regime.OTHER,
        measure=name,
        consequence=(
            f"entitywatch has no rule for list {list_code!r}: read the listing's source to "
            "learn what it means for this party."
        ),
        legal_authority=(),
        issuer="",
        known=False,
    )


def family_codes(family: OwnershipFamily) -> frozenset[str]:
    """The list codes whose listed parties count as owners under ``family``'s rule."""
    return frozenset(rule.list_code for rule in RULES if rule.family is family)


# --- NS-CMIC dates ----------------------------------------------------------------------

#: E.O. 13959 s. 1(c) as amended by E.O. 14032: purchases are prohibited from this many days
#: after the listing (12:01 a.m. eastern daylight time)...
CMIC_PURCHASE_DELAY = dt.timedelta(days=60)
#: ... and sales made solely to divest are allowed until this many days after it.
CMIC_DIVESTMENT_WINDOW = dt.timedelta(days=365)

# The CSL writes "Listing Date (CMIC): 03 Jun 2021", OFAC's XML "... (CMIC): 2021-06-03".
_CMIC_DATE_LABELS = {
    "listing_date": r"Listing Date \(CMIC\)",
    "purchases_prohibited_from": r"Effective Date \(CMIC\)",
    "divestment_allowed_until": r"Purchase/Sales For Divestment Date \(CMIC\)",
}
_DATE_TEXT = r"(?P<date>\d{4}-\d{2}-\d{2}|\d{1,2} [A-Za-z]{3,9}\.? \d{4})"


@dataclass(frozen=True, slots=True)
class CmicDates:
    """The dates of an NS-CMIC listing: stated by OFAC where the listing carries them,
    computed from the listing date otherwise (``computed`` names the computed ones)."""

    listing_date: dt.date | None
    purchases_prohibited_from: dt.date | None
    divestment_allowed_until: dt.date | None
    computed: tuple[str, ...] = ()
    discrepancies: tuple[str, ...] = ()

    def status_on(self, day: dt.date) -> str:
        """What a US person may do on ``day``, in words."""
        if self.purchases_prohibited_from is None:
            return "the listing date is unknown: treat purchases and sales as prohibited"
        if day < self.purchases_prohibited_from:
            return f"purchases become prohibited on {self.purchases_prohibited_from.isoformat()}"
        text = f"purchases prohibited since {self.purchases_prohibited_from.isoformat()}"
        if self.divestment_allowed_until is None:
            return text
        if day <= self.divestment_allowed_until:
            return (
                f"{text}; sales solely to divest allowed until "
                f"{self.divestment_allowed_until.isoformat()}"
            )
        return (
            f"{text}; the divestment window closed on "
            f"{self.divestment_allowed_until.isoformat()}: purchases and sales are prohibited"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "listing_date": _iso(self.listing_date),
            "purchases_prohibited_from": _iso(self.purchases_prohibited_from),
            "divestment_allowed_until": _iso(self.divestment_allowed_until),
            "computed": list(self.computed),
            "discrepancies": list(self.discrepancies),
        }


def cmic_dates(listing: Listing) -> CmicDates:
    """Listing date, start of the purchase ban and end of the divestment window.

    OFAC publishes all three dates with each NS-CMIC entry (the CSL's ``ids`` column and the
    Enhanced XML both carry them, and the parsers keep them in the listing's remarks). A
    stated date wins; a missing one is computed from the listing date under E.O. 13959 as
    amended by E.O. 14032 (60 and 365 days). A stated date that differs from the computed
    one is kept and reported as a discrepancy rather than silently corrected.
    """
    stated = _stated_cmic_dates(listing.remarks or "")
    listed = stated.get("listing_date") or listing.start_date
    computed_values = {
        "listing_date": listing.start_date,
        "purchases_prohibited_from": listed + CMIC_PURCHASE_DELAY if listed else None,
        "divestment_allowed_until": listed + CMIC_DIVESTMENT_WINDOW if listed else None,
    }
    values: dict[str, dt.date | None] = {}
    computed: list[str] = []
    discrepancies: list[str] = []
    for key, fallback in computed_values.items():
        found = stated.get(key)
        if found is None:
            values[key] = fallback
            if fallback is not None and key != "listing_date":
                computed.append(key)
            continue
        values[key] = found
        if fallback is not None and found != fallback and key != "listing_date":
            discrepancies.append(
                f"{key}: OFAC states {found.isoformat()}, the rule gives {fallback.isoformat()}"
            )
    return CmicDates(
        listing_date=values["listing_date"],
        purchases_prohibited_from=values["purchases_prohibited_from"],
        divestment_allowed_until=values["divestment_allowed_until"],
        computed=tuple(computed),
        discrepancies=tuple(discrepancies),
    )


def _stated_cmic_dates(remarks: str) -> dict[str, dt.date]:
    found: dict[str, dt.date] = {}
    for key, label in _CMIC_DATE_LABELS.items():
        match = re.search(label + r"\s*:\s*" + _DATE_TEXT, remarks, re.IGNORECASE)
        if match is None:
            continue
        day = _parse_date(match["date"])
        if day is not None:
            found[key] = day
    return found


def _parse_date(text: str) -> dt.date | None:
    for pattern in ("%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%d %b. %Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
