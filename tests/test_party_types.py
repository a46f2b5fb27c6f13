"""Party types as users and customer masters write them, read as one table everywhere
(`screen --type`, screen-file's type column, the counterparty register)."""

from __future__ import annotations

import pytest

from entitywatch.model import Schema, schema_for_party_type


@pytest.mark.parametrize(
    ("written", "schema"),
    [
        ("Person", Schema.PERSON),
        ("individual", Schema.PERSON),
        ("Natural_Person", Schema.PERSON),
        ("  private   person ", Schema.PERSON),
        ("Corporation", Schema.COMPANY),
        ("organisation", Schema.ORGANIZATION),
        ("Legal-Entity", Schema.LEGAL_ENTITY),
        ("LegalEntity", Schema.LEGAL_ENTITY),
        ("ship", Schema.VESSEL),
        ("AIRCRAFT", Schema.AIRCRAFT),
        ("partnership", None),
        ("", None),
    ],
)
def test_party_type_words(written: str, schema: Schema | None) -> None:
    assert schema_for_party_type(written) is schema
