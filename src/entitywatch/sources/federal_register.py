"""Federal Register citations as the US lists write them: ``84 FR 22961, 85 FR 29852``.

The Consolidated Screening List (``federal_register_notice``) and the BIS Denied Persons
List (``FR_Citation``) keep every notice that touched an entry as free text, typed by hand
over three decades. Real values mix ``FR`` / ``F.R.`` / ``Fed. Reg.``, put a date after
the page (``5/21/19``, ``(05/21/2019)``, ``(May 21, 2019)``, ``, 11/19/98``), add the issue
number (``77 FR 58006 (no. 182)``), repeat citations, and drop the volume or the page.
The Nonproliferation Sanctions list (ISN) cites the issue instead of the page
(``Vol. 86, No. 71, 04/15/2021``, ``Notice 2061, Vol. 59, No. 165, 8/26/94``), and so do a
few Entity List rows (``76 FR No. 197 (10/12/2011)``): these are citations with an issue
and no page.

``parse_federal_register_citations`` returns what it can read as citations plus the
fragments it could not read, so that the caller records a DataIssue instead of silently
losing text. It never raises on odd text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from entitywatch.model import FederalRegisterCitation

__all__ = [
    "FIRST_VOLUME_YEAR",
    "NoticeKey",
    "federal_register_volume_year",
    "notice_key",
    "parse_federal_register_citations",
]

#: What identifies a notice: (volume, page, None), or (volume, None, issue) without a page.
NoticeKey = tuple[int, int | None, int | None]

# The Federal Register started in 1936 with volume 1; volume N covers calendar year 1935 + N.
FIRST_VOLUME_YEAR = 1936

# A bare page right after a citation ("82 F.R. 16788, 16789") is taken as the continuation
# page of the same notice when it follows within this many pages; further away it is left
# unparsed, since it is more likely a citation that lost its volume.
_MAX_CONTINUATION_PAGES = 5

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))

# Dates written beside a citation: 5/21/19, 05/21/2019, 2019-05-21, May 21, 2019.
_DATE = rf"""
    (?:
        (?P<us_month>\d{{1,2}})/(?P<us_day>\d{{1,2}})/(?P<us_year>\d{{4}}|\d{{2}})(?![\d/])
      | (?P<iso_year>\d{{4}})-(?P<iso_month>\d{{2}})-(?P<iso_day>\d{{2}})(?!\d)
      | (?P<name_month>{_MONTH_NAME})\.?\s+(?P<name_day>\d{{1,2}}),?\s+(?P<name_year>\d{{4}})(?!\d)
    )
"""

# "FR", "F.R.", "F.R", "FR.", "Fed. Reg." - any case (one value has "fr").
_FR = r"F(?:ed)?\s?\.?\s?R(?:eg)?\.?"

# A page: plain digits or with thousands separators ("3,456"); not the start of a date.
_PAGE = r"(?:\d{1,3}(?:,\d{3})+|\d{1,6})(?![\d/])"


def _issue_number(group: str) -> str:
    """An issue number ("No. 71", "no 195") captured as ``group``; not the start of a date."""
    return rf"no\.?\s*(?P<{group}>\d{{1,3}})(?![\d/])"


_ISSUE_BEFORE_PAGE = _issue_number("issue_before")
_ISSUE_AFTER_PAGE = _issue_number("issue_after")
_ISSUE_WITHOUT_PAGE = _issue_number("issue")

_CITATION = re.compile(
    rf"""
    (?<![\w.])
    (?:
        (?:
            # 84 FR 22961 / 85FR 1234 / 86.F.R. 3,456 / 76 FR no. 242 pg. 78146
            (?P<volume>\d{{1,3}})\s*\.?\s*{_FR}\s*
            (?:{_ISSUE_BEFORE_PAGE}\s*,?\s*(?:pg|pp?|page)\.?\s*)?
            (?P<page>{_PAGE})
          |
            # "88 39978 5/10/2023": the "F.R." was lost; kept only when the date confirms it
            (?P<bare_volume>\d{{2,3}})\s+(?P<bare_page>\d{{3,6}})(?=\s+\d{{1,2}}/\d{{1,2}}/\d{{2,4}})
        )
        # a page range (22961-22963) or the continuation page (16788, 16789)
        (?:\s*-\s*(?P<range_end>\d{{1,6}})(?![\d/]|\s*\.?\s*{_FR}))?
        (?:\s*,\s*(?P<next_page>\d{{3,6}})(?![\d/]|\s*\.?\s*{_FR}|\s+\d{{3,6}}\b))?
        # the issue number after the page: "(no. 182)" or "No. 195"
        (?:\s*,?\s*\(?\s*{_ISSUE_AFTER_PAGE}\s*\)?)?
      |
        # an issue and no page: "Vol. 86, No. 71", "Notice 2061, Vol. 59, No. 165" (the State
        # Department's public notice number is read past), "76 FR No. 197"
        (?:notice\s+\d{{1,5}}\s*,?\s*)?
        (?:vol(?:ume)?\.?\s*(?P<vol_volume>\d{{1,3}})|(?P<fr_volume>\d{{1,3}})\s*\.?\s*{_FR})
        \s*,?\s*{_ISSUE_WITHOUT_PAGE}
    )
    # the date: " 5/21/19", ", 11/19/98", " (05/21/2019)", " (May 21, 2019)"
    (?:\s*,?\s*\(?\s*{_DATE}\s*\)?)?
    """,
    re.IGNORECASE | re.VERBOSE,
)

# What may sit between citations without being worth reporting.
_SEPARATORS = re.compile(r"^(?:[\s,;.:&()\-]|\band\b)*$", re.IGNORECASE)
_EDGE_SEPARATORS = " \t\r\n,;.:&-"

_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-"})
_SPACES = re.compile(r"[\s\u00a0]+")


def federal_register_volume_year(volume: int) -> int:
    """The calendar year a Federal Register volume covers (volume 1 = 1936).

    Used to sanity-check dates written beside a citation and to tell which century a
    two-digit year belongs to.
    """
    if volume < 1:
        raise ValueError(f"Federal Register volumes start at 1, got {volume}")
    return FIRST_VOLUME_YEAR - 1 + volume


def parse_federal_register_citations(
    text: str | None,
) -> tuple[tuple[FederalRegisterCitation, ...], list[str]]:
    """Read every Federal Register citation in ``text``.

    Returns ``(citations, unparsed)``: the citations in the order written, without
    duplicates (a repeat of the same notice, see ``notice_key``, only fills in the date
    or issue the first lacked), and the fragments of text that are neither a citation nor
    a separator, stripped of the surrounding punctuation (``"FR 12345"``, ``"77 FR"``,
    ``"NEW F.R. NOTICE TO BE PUBLISHED SOON"``). A date that is not a real calendar day,
    or whose year is more than one year away from the volume's year, is not attached to
    the citation; the date text is reported as unparsed instead.
    """
    if not text:
        return (), []
    normalised = _SPACES.sub(" ", text.translate(_DASHES)).strip()
    found: dict[NoticeKey, FederalRegisterCitation] = {}
    unparsed: list[str] = []
    position = 0
    for match in _CITATION.finditer(normalised):
        _keep_leftover(normalised[position : match.start()], unparsed)
        position = match.end()
        citation, problem = _citation_from(match)
        if citation is None:
            _keep_leftover(match.group(0), unparsed)
            continue
        if problem:
            unparsed.append(problem)
        _add_citation(found, citation)
    _keep_leftover(normalised[position:], unparsed)
    return tuple(found.values()), unparsed


def notice_key(citation: FederalRegisterCitation) -> NoticeKey:
    """What tells two citations of the same notice apart from citations of others.

    A page identifies a notice within its volume, whatever issue is written beside it;
    without a page the issue stands in, so "Vol. 86, No. 71" and "Vol. 86, No. 72" are
    two notices. (A page citation and an issue-only citation are never taken for one
    notice: an issue holds many.)
    """
    if citation.page is not None:
        return citation.volume, citation.page, None
    return citation.volume, None, citation.issue


def _citation_from(match: re.Match[str]) -> tuple[FederalRegisterCitation | None, str | None]:
    """Build a citation from one regex match: ``(citation, date text left unparsed)``.

    Returns ``(None, None)`` when the match is not a credible citation (volume 0, a
    volume from the future, page or issue 0, or a bare "volume page date" whose date
    does not confirm it).
    """
    volume, page, issue = _volume_page_issue(match)
    if not _plausible_volume(volume) or page == 0 or issue == 0:
        return None, None
    date = _date_from(match)
    date_text = _date_text(match)
    date_fits = date is not None and abs(date.year - federal_register_volume_year(volume)) <= 1
    if match.group("bare_volume") is not None and not date_fits:
        return None, None
    problem = None
    next_page = match.group("next_page")
    if (
        page is not None
        and next_page is not None
        and not 0 < int(next_page) - page <= _MAX_CONTINUATION_PAGES
    ):
        problem = next_page
    if date_text is not None and not date_fits:
        date = None
        problem = date_text if problem is None else f"{problem} {date_text}"
    return FederalRegisterCitation(volume=volume, page=page, date=date, issue=issue), problem


def _volume_page_issue(match: re.Match[str]) -> tuple[int, int | None, int | None]:
    """The volume, page and issue number a match names; page or issue may be absent."""
    if match.group("issue") is not None:
        volume = match.group("vol_volume") or match.group("fr_volume")
        return int(volume), None, int(match.group("issue"))
    if match.group("bare_volume") is not None:
        return int(match.group("bare_volume")), int(match.group("bare_page")), None
    issue = match.group("issue_before") or match.group("issue_after")
    return (
        int(match.group("volume")),
        int(match.group("page").replace(",", "")),
        int(issue) if issue is not None else None,
    )


def _plausible_volume(volume: int) -> bool:
    """A volume between 1 and next year's; anything else is a typo or not a citation."""
    return volume >= 1 and federal_register_volume_year(volume) <= dt.date.today().year + 1


def _date_text(match: re.Match[str]) -> str | None:
    for group in ("us_year", "iso_year", "name_year"):
        if match.group(group) is not None:
            start = min(
                match.start(name)
                for name in ("us_month", "iso_year", "name_month")
                if match.group(name) is not None
            )
            return match.string[start : match.end(group)]
    return None


def _date_from(match: re.Match[str]) -> dt.date | None:
    """The date written beside the citation, or None if absent or not a calendar day."""
    if match.group("us_year") is not None:
        year = _full_year(match.group("us_year"))
        month, day = int(match.group("us_month")), int(match.group("us_day"))
    elif match.group("iso_year") is not None:
        year = int(match.group("iso_year"))
        month, day = int(match.group("iso_month")), int(match.group("iso_day"))
    elif match.group("name_year") is not None:
        year = int(match.group("name_year"))
        month = _MONTHS[match.group("name_month").lower()]
        day = int(match.group("name_day"))
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _full_year(digits: str) -> int:
    """Four-digit year from "19" or "2019"; two digits pivot at 50 (98 -> 1998, 15 -> 2015).

    The pivot is safe because the lists hold no notice before 1950 or after 2049.
    """
    year = int(digits)
    if len(digits) == 4:
        return year
    return 1900 + year if year >= 50 else 2000 + year


def _add_citation(
    found: dict[NoticeKey, FederalRegisterCitation], citation: FederalRegisterCitation
) -> None:
    """Keep the first citation of a notice; a later repeat only fills a missing date or
    issue number."""
    key = notice_key(citation)
    earlier = found.get(key)
    if earlier is None:
        found[key] = citation
        return
    found[key] = replace(
        earlier,
        date=earlier.date if earlier.date is not None else citation.date,
        issue=earlier.issue if earlier.issue is not None else citation.issue,
    )


def _keep_leftover(fragment: str, unparsed: list[str]) -> None:
    """Record text between citations unless it is only separators ("; ", ", and ")."""
    if _SEPARATORS.match(fragment):
        return
    cleaned = fragment.strip(_EDGE_SEPARATORS)
    if cleaned.startswith("(") and ")" not in cleaned:
        cleaned = cleaned[1:].strip()
    if cleaned:
        unparsed.append(cleaned)
