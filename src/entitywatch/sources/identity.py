"""Stable party identifiers.

A party's id must stay the same when the same source record is loaded again from a later
file, so that history (first seen, last seen, changed) can be computed by comparing
snapshots. Sources with a durable key of their own (OFAC entity numbers, UN DATAIDs) use
it; the others derive a key from what identifies the record (list, name, country).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def identity_key(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of ``text`` used inside ids."""
    if text.isascii():
        return _NON_WORD.sub(" ", text.lower()).strip()
    folded = unicodedata.normalize("NFKD", text).casefold()
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", folded).strip()


def make_party_id(prefix: str, *parts: str | None) -> str:
    """``prefix-<16 hex>``, a hash of the normalised parts (None and "" are skipped)."""
    material = "\x1f".join(identity_key(p) for p in parts if p)
    digest = hashlib.sha1(material.encode("utf-8")).hexdigest()[:16]
    return f"{prefix}-{digest}"


class IdAllocator:
    """Gives distinct ids for records that derive the same key within one file.

    The n-th record with a given key gets ``key``, ``key-2``, ``key-3``... in file order,
    which stays stable as long as the source keeps its order for the duplicates.
    """

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def allocate(self, base_id: str) -> str:
        count = self._seen.get(base_id, 0) + 1
        self._seen[base_id] = count
        return base_id if count == 1 else f"{base_id}-{count}"
