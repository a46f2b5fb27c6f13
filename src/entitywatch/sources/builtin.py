"""Imports every built-in source module so that their formats are registered.

Order matters for detection only where two sniffers could both claim a file: the more
specific format comes first.
"""

from entitywatch.sources import (  # noqa: F401
    bis_dpl,
    csl,
    ftm_jsonl,
    generic_csv,
    ofac_enhanced_xml,
    ofac_sdn_csv,
    opensanctions_tables,
    un_sc_xml,
)
