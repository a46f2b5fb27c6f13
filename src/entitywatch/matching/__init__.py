"""Name and entity matching: pure functions and in-memory structures, no I/O.

``analysis`` turns a name into comparable forms (tokens with kinds), ``compare`` scores
two forms with a per-feature explanation, ``entity`` scores a query party against a
listed party, ``index`` finds the candidates worth scoring, ``registry`` names the
algorithms so that they can be compared.
"""
