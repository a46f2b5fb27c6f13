"""Use cases that say what a listing means: export licence determination, exposure
across regimes (export, financial, investment, import, procurement, counter-measures),
and ownership chains."""
