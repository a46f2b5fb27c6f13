"""Guessing a party's schema from its name when the source does not say."""

from __future__ import annotations

import re

from entitywatch.model import Schema

# Words that mark an organisation rather than a person (legal forms and institutions).
_ORGANISATION_WORDS = re.compile(
    r"\b(co|corp|corporation|company|companies|ltd|limited|llc|l\.l\.c|inc|incorporated|"
    r"gmbh|ag|s\.?a|s\.?a\.?s|s\.?r\.?l|b\.?v|n\.?v|plc|pte|pvt|sdn|bhd|jsc|ojsc|cjsc|pjsc|"
    r"oao|zao|ooo|pao|ao|fzc|fze|fzco|llp|lp|group|holding|holdings|trading|industries|"
    r"industry|international|enterprise|enterprises|factory|plant|works|institute|"
    r"university|academy|center|centre|bureau|agency|ministry|department|office|"
    r"association|foundation|organization|organisation|bank|shipping|airlines|airline|"
    r"technology|technologies|tech|electronics|engineering|systems|services|solutions|"
    r"laboratory|laboratories|lab|labs|research|design|concern|firm|partners|partnership|"
    r"establishment|committee|council|army|force|forces|police|security|bureau|"
    r"brigade|regiment|directorate|administration|authority|commission|"
    r"公司|集团|研究所|大学|局|厂)\b",
    re.IGNORECASE,
)
_COMPANY_WORDS = re.compile(
    r"\b(co|corp|corporation|company|ltd|limited|llc|inc|incorporated|gmbh|ag|s\.?a|"
    r"plc|pte|pvt|sdn|bhd|jsc|ojsc|cjsc|pjsc|oao|zao|ooo|pao|fzc|fze|fzco|llp|"
    r"ltda|sarl|s\.r\.l|trading|holding|holdings)\b|有限公司|公司",
    re.IGNORECASE,
)


def guess_schema(name: str) -> Schema:
    """Company when a legal form appears, Organization for institutions, else LegalEntity.

    A name without any organisation word is left as LegalEntity rather than Person:
    guessing Person wrongly would make the matcher compare birth dates that do not exist.
    """
    if _COMPANY_WORDS.search(name):
        return Schema.COMPANY
    if _ORGANISATION_WORDS.search(name):
        return Schema.ORGANIZATION
    return Schema.LEGAL_ENTITY
