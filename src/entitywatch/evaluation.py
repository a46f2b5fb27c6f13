"""Evaluation of name-matching algorithms on labelled pairs (issue #3, item 5).

Why this module exists: a change to the matcher is only an improvement if it is measured,
on the same pairs, against the same peers. This module reads the labelled data sets in
``../shared/data/name_match_pairs`` (nomenklatura's name and entity benches, watchman's
Cascade and cross-script pairs), builds pairs from the official lists at run time
(aliases against primary names, and the confusions of a naive matcher), scores them with
an algorithm of ``entitywatch.matching.registry`` and with peers, and computes the
figures that say how good each is: precision, recall and F1 at the algorithm's own
thresholds, PR-AUC, ROC-AUC and the best F1 over all thresholds.

The metrics are written here (no scikit-learn), so that they are small, exact and tested
on hand-made tables. File reading lives here, not in ``matching/``, which stays pure.
The script ``benchmarks/eval_matching.py`` is the command-line front end.
"""

from __future__ import annotations

import csv
import hashlib
import importlib
import random
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils

from entitywatch.errors import InputError
from entitywatch.matching.entities import EntityDescription, compare_entities
from entitywatch.matching.registry import Algorithm, Comparison, Thresholds
from entitywatch.model import NameKind, ParsedList, Party
from entitywatch.sources.reading import iter_csv_rows, read_text

MATCH = "match"
REVIEW = "review"
CLEAR = "clear"

NAME_MATCH_DIR = "name_match_pairs"
NAME_BENCH_FILE = "nomenklatura_name_bench_cases.csv"
LOGIC_V2_FROZEN_FILE = "nomenklatura_name_bench_logicv2_frozen_run.csv"
ENTITY_BENCH_FILE = "nomenklatura_entity_bench_checks.yml"
CASCADE_FILES = ("watchman_cascade_name_pairs.csv", "watchman_cascade_name_pairs_2.csv")
CROSS_SCRIPT_FILE = "watchman_cross_script_pairs.csv"

#: The peer names recorded in the data sets.
LOGIC_V2_FROZEN = "logic-v2 (frozen run)"
WATCHMAN = "watchman (recorded)"
LOGIC_V2_LIVE = "logic-v2 (live)"
NAIVE = "naive token_set_ratio"

#: nomenklatura's name bench calls a pair a match at logic-v2 score >= 0.7 (every
#: ``predicted_match`` of the frozen run agrees); logic-v2 has no review band.
LOGIC_V2_THRESHOLDS = Thresholds(match=0.7, review=0.7)
#: The naive baseline's cut-offs: a common fuzzy-matching choice. Its best-F1 column is
#: the fair comparison, since these are not tuned.
NAIVE_THRESHOLDS = Thresholds(match=0.9, review=0.8)


# --- records ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LabelledPair:
    """Two names, whether they name the same party, and where the pair comes from.

    ``group`` is the data set's own grouping (name_bench's case_group, a derived pair's
    kind), ``category`` a coarse class of the variation (see ``category_group``), and
    ``detail`` the raw label or note, shown in error lists. ``recorded`` holds scores
    that peers gave the pair when the data set was made (logic-v2's frozen run,
    watchman's ``score``).
    """

    name1: str
    name2: str
    schema: str | None
    is_match: bool
    group: str = ""
    category: str = ""
    detail: str = ""
    recorded: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class EntityCheck:
    """A whole-entity check of nomenklatura's entity bench: two property sets, one label."""

    schema: str
    query: Mapping[str, str]
    candidate: Mapping[str, str]
    is_match: bool
    label: str = ""
    section: str = ""


@dataclass(frozen=True, slots=True)
class CrossScriptPair:
    """A name in a non-Latin script, its Latin transliteration, and the least score that
    watchman's embeddings model is expected to give the pair."""

    query: str
    expected: str
    min_score: float
    description: str
    section: str


@dataclass(frozen=True, slots=True)
class Scored:
    """What a scorer said about one pair; ``decision`` is None for a scorer that has no
    thresholds (watchman's recorded scores)."""

    score: float
    decision: str | None
    explanation: Mapping[str, Any] = field(default_factory=dict)


# --- metrics ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Metrics:
    """The figures of one scorer on one set of pairs. None where a figure is undefined
    (no positives, no negatives, no decisions)."""

    n: int
    positives: int
    precision: float | None
    recall: float | None
    f1: float | None
    lenient_precision: float | None
    lenient_recall: float | None
    lenient_f1: float | None
    false_positive_rate: float | None  # share of non-matches called "match"
    pr_auc: float | None
    roc_auc: float | None
    best_f1: float | None
    best_threshold: float | None

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def confusion(labels: Sequence[bool], predicted: Sequence[bool]) -> tuple[int, int, int, int]:
    """(true positives, false positives, false negatives, true negatives)."""
    tp = sum(1 for label, guess in zip(labels, predicted, strict=True) if label and guess)
    fp = sum(1 for label, guess in zip(labels, predicted, strict=True) if not label and guess)
    fn = sum(1 for label, guess in zip(labels, predicted, strict=True) if label and not guess)
    return tp, fp, fn, len(labels) - tp - fp - fn


def precision_recall_f1(
    labels: Sequence[bool], predicted: Sequence[bool]
) -> tuple[float | None, float | None, float | None]:
    """Precision, recall and F1 of yes/no predictions. F1 = 2TP / (2TP + FP + FN), which
    is the harmonic mean of precision and recall and stays defined (0) when TP is 0."""
    tp, fp, fn, _ = confusion(labels, predicted)
    return _ratio(tp, tp + fp), _ratio(tp, tp + fn), _ratio(2 * tp, 2 * tp + fp + fn)


def _descending_groups(
    labels: Sequence[bool], scores: Sequence[float]
) -> Iterator[tuple[int, int]]:
    """(positives, negatives) at each distinct score, from the highest score down: tied
    scores are one threshold, so that ties are never split in an arbitrary order."""
    ordered = sorted(zip(scores, labels, strict=True), key=lambda item: -item[0])
    index = 0
    while index < len(ordered):
        score = ordered[index][0]
        positives = negatives = 0
        while index < len(ordered) and ordered[index][0] == score:
            if ordered[index][1]:
                positives += 1
            else:
                negatives += 1
            index += 1
        yield positives, negatives


def average_precision(labels: Sequence[bool], scores: Sequence[float]) -> float | None:
    """PR-AUC as average precision: sum over thresholds of (recall gained) x precision,
    thresholds at each distinct score (the step-wise definition, no interpolation)."""
    total_positives = sum(labels)
    if total_positives == 0:
        return None
    tp = fp = 0
    area = 0.0
    for positives, negatives in _descending_groups(labels, scores):
        tp += positives
        fp += negatives
        area += (positives / total_positives) * (tp / (tp + fp))
    return area


def roc_auc(labels: Sequence[bool], scores: Sequence[float]) -> float | None:
    """ROC-AUC from ranks (Mann-Whitney U): the chance that a random positive scores
    above a random negative, a tie counting one half. Undefined with one class only."""
    positives = sum(labels)
    negatives = len(labels) - positives
    if positives == 0 or negatives == 0:
        return None
    ordered = sorted(range(len(scores)), key=lambda i: scores[i])
    rank_sum = 0.0
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and scores[ordered[end + 1]] == scores[ordered[start]]:
            end += 1
        average_rank = (start + end) / 2 + 1  # ranks start at 1; ties share their mean
        rank_sum += average_rank * sum(1 for i in ordered[start : end + 1] if labels[i])
        start = end + 1
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def best_f1(labels: Sequence[bool], scores: Sequence[float]) -> tuple[float, float] | None:
    """The best F1 over thresholds "score >= t", and the highest t that reaches it."""
    total_positives = sum(labels)
    if total_positives == 0:
        return None
    ordered = sorted(set(scores), reverse=True)
    tp = fp = 0
    best: tuple[float, float] | None = None
    for threshold, (positives, negatives) in zip(
        ordered, _descending_groups(labels, scores), strict=True
    ):
        tp += positives
        fp += negatives
        f1 = 2 * tp / (tp + fp + total_positives)  # 2TP / (2TP + FP + FN)
        if best is None or f1 > best[0] + 1e-12:
            best = (f1, threshold)
    return best


def compute_metrics(
    labels: Sequence[bool], scores: Sequence[float], decisions: Sequence[str | None]
) -> Metrics:
    """All figures of one scorer. Decisions give P/R/F1 ("match" is the positive) and
    their lenient variants ("match" or "review" is the positive); a scorer without
    decisions (all None) gets only the threshold-free figures."""
    has_decisions = bool(decisions) and all(d is not None for d in decisions)
    strict: tuple[float | None, float | None, float | None] = (None, None, None)
    lenient = strict
    false_positive_rate = None
    if has_decisions:
        called = [d == MATCH for d in decisions]
        strict = precision_recall_f1(labels, called)
        lenient = precision_recall_f1(labels, [d in (MATCH, REVIEW) for d in decisions])
        _, fp, _, tn = confusion(labels, called)
        false_positive_rate = _ratio(fp, fp + tn)
    best = best_f1(labels, scores)
    return Metrics(
        n=len(labels),
        positives=sum(labels),
        precision=strict[0],
        recall=strict[1],
        f1=strict[2],
        lenient_precision=lenient[0],
        lenient_recall=lenient[1],
        lenient_f1=lenient[2],
        false_positive_rate=false_positive_rate,
        pr_auc=average_precision(labels, scores),
        roc_auc=roc_auc(labels, scores),
        best_f1=best[0] if best else None,
        best_threshold=best[1] if best else None,
    )


# --- scorers ---------------------------------------------------------------------------


class Scorer:
    """Something that scores pairs: the algorithm under test or a peer.

    ``score_pair`` returns None where the scorer has nothing to say about a pair (a
    recorded peer whose run did not include it); such pairs are left out of its figures.
    """

    name: str = ""
    thresholds: Thresholds | None = None
    entity_mode: str = "names"  # how score_check compares: "names" or "entities"

    def score_pair(self, pair: LabelledPair) -> Scored | None:
        raise NotImplementedError

    def score_check(self, check: EntityCheck) -> Scored | None:
        return self.score_names(check_name(check.query), check_name(check.candidate), check.schema)

    def score_names(self, name1: str, name2: str, schema: str | None) -> Scored | None:
        return None

    def decide(self, score: float) -> str | None:
        return self.thresholds.decide(score) if self.thresholds else None


class AlgorithmScorer(Scorer):
    """An algorithm of the registry: its own score, decision and explanation.

    Entity checks are compared as whole entities: with the algorithm's own
    ``compare_entities(query, candidate, schema)`` when it has one, else (``entities``,
    the default) with ``matching.entities.compare_entities`` over the algorithm's name
    scores, the same evidence rules that screening applies. ``entities=False`` scores
    the checks on their names only.
    """

    def __init__(
        self, algorithm: Algorithm, *, entities: bool = True, name: str | None = None
    ) -> None:
        self.algorithm = algorithm
        self.name = name or algorithm.name
        self.thresholds = algorithm.thresholds
        compare_entities = getattr(algorithm, "compare_entities", None)
        self._compare_entities: Callable[..., Comparison] | None = (
            compare_entities if callable(compare_entities) else None
        )
        if self._compare_entities is None and entities:
            self._compare_entities = self._compare_with_evidence
        self.entity_mode = "entities" if self._compare_entities else "names"

    def _compare_with_evidence(
        self, query: Mapping[str, str], candidate: Mapping[str, str], schema: str
    ) -> Comparison:
        return compare_entities(
            EntityDescription.from_properties(schema, query),
            EntityDescription.from_properties(schema, candidate),
            algorithm=self.algorithm,
        ).as_comparison()

    def score_names(self, name1: str, name2: str, schema: str | None) -> Scored:
        return _scored(self.algorithm.compare_names(name1, name2, schema))

    def score_pair(self, pair: LabelledPair) -> Scored:
        return self.score_names(pair.name1, pair.name2, pair.schema)

    def score_check(self, check: EntityCheck) -> Scored | None:
        if self._compare_entities is None:
            return super().score_check(check)
        return _scored(
            self._compare_entities(dict(check.query), dict(check.candidate), check.schema)
        )


def _scored(comparison: Comparison) -> Scored:
    return Scored(comparison.score, comparison.decision, comparison.explanation)


class FunctionScorer(Scorer):
    """A peer given as a function of two names (and optionally of two property sets)."""

    def __init__(
        self,
        name: str,
        names: Callable[[str, str, str | None], float],
        thresholds: Thresholds | None,
        entities: Callable[[Mapping[str, str], Mapping[str, str], str], float] | None = None,
    ) -> None:
        self.name = name
        self.thresholds = thresholds
        self._names = names
        self._entities = entities
        self.entity_mode = "entities" if entities else "names"

    def score_names(self, name1: str, name2: str, schema: str | None) -> Scored:
        score = self._names(name1, name2, schema)
        return Scored(score, self.decide(score))

    def score_pair(self, pair: LabelledPair) -> Scored:
        return self.score_names(pair.name1, pair.name2, pair.schema)

    def score_check(self, check: EntityCheck) -> Scored | None:
        if self._entities is None:
            return super().score_check(check)
        score = self._entities(check.query, check.candidate, check.schema)
        return Scored(score, self.decide(score))


class RecordedScorer(Scorer):
    """A peer's scores as recorded in the data set (``LabelledPair.recorded[key]``)."""

    def __init__(self, key: str, thresholds: Thresholds | None) -> None:
        self.name = key
        self.thresholds = thresholds

    def score_pair(self, pair: LabelledPair) -> Scored | None:
        score = pair.recorded.get(self.name)
        if score is None:
            return None
        return Scored(score, self.decide(score))

    def score_check(self, check: EntityCheck) -> Scored | None:
        return None


def naive_similarity(name1: str, name2: str, schema: str | None = None) -> float:
    """rapidfuzz's token_set_ratio / 100 on lower-cased alphanumerics: the baseline any
    matcher must beat. It finds "Sinochem Group" and "Lazarus Group" 0.56 alike, and
    "Siemens AG" and "Siemens Aktiengesellschaft" only 0.82."""
    return fuzz.token_set_ratio(name1, name2, processor=utils.default_process) / 100.0


def naive_scorer() -> Scorer:
    return FunctionScorer(NAIVE, naive_similarity, NAIVE_THRESHOLDS)


def logic_v2_available() -> bool:
    """True when nomenklatura (and followthemoney) can be imported in this environment."""
    try:
        importlib.import_module("nomenklatura.matching")
        importlib.import_module("followthemoney")
    except ImportError:
        return False
    return True


def logic_v2_scorer() -> Scorer | None:
    """nomenklatura's LogicV2 run live in this process, or None when not installed.

    LogicV2 compares two FollowTheMoney entities. Its name analysis is memoised by
    entity id (an ``lru_cache`` keyed on the entity), so every distinct property set
    must get its own id: the id is a hash of the schema and the properties.
    """
    if not logic_v2_available():
        return None
    matching = importlib.import_module("nomenklatura.matching")
    ftm = importlib.import_module("followthemoney")
    config = matching.ScoringConfig.defaults()

    def entity(side: str, schema: str, properties: Mapping[str, str]) -> Any:
        proxy = ftm.model.make_entity(schema)
        digest = hashlib.sha1(repr((schema, sorted(properties.items()))).encode()).hexdigest()
        proxy.id = f"{side}-{digest}"
        for prop, value in properties.items():
            proxy.add(prop, value, quiet=True)
        return proxy

    def entities(query: Mapping[str, str], candidate: Mapping[str, str], schema: str) -> float:
        result = matching.LogicV2.compare(
            entity("q", schema, query), entity("c", schema, candidate), config
        )
        return float(result.score)

    def names(name1: str, name2: str, schema: str | None) -> float:
        return entities({"name": name1}, {"name": name2}, schema or "LegalEntity")

    return FunctionScorer(LOGIC_V2_LIVE, names, LOGIC_V2_THRESHOLDS, entities)


# --- loading the labelled data sets ----------------------------------------------------


def _csv_records(path: Path, required: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with a header, as dicts; missing columns and short rows are
    InputErrors naming the file and line."""
    rows = iter_csv_rows(read_text(path), path)
    try:
        _, header = next(rows)
    except StopIteration:
        raise InputError("the file is empty", path=path, position="line 1") from None
    missing = set(required) - set(header)
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(sorted(missing))}", path=path, position="line 1"
        )
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InputError(
                f"expected {len(header)} fields, found {len(row)}",
                path=path,
                position=f"line {line}",
            )
        yield line, dict(zip(header, row, strict=True))


def _boolean(value: str, path: Path, line: int, column: str) -> bool:
    text = value.strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    raise InputError(f"{column} is {value!r}, not true/false", path=path, position=f"line {line}")


def _number(value: str, path: Path, line: int, column: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise InputError(
            f"{column} is {value!r}, not a number", path=path, position=f"line {line}"
        ) from None


_NAME_BENCH_COLUMNS = ("case_group", "schema", "name1", "name2", "is_match", "category", "notes")


def load_logic_v2_frozen(path: Path) -> dict[tuple[str, str, str], float]:
    """logic-v2's frozen scores by (schema, name1, name2). The run file's case_group
    names differ from cases.csv's ("synth_corp_positives"), so the names are the key."""
    scores: dict[tuple[str, str, str], float] = {}
    for line, row in _csv_records(path, ("schema", "name1", "name2", "score")):
        scores[(row["schema"], row["name1"], row["name2"])] = _number(
            row["score"], path, line, "score"
        )
    return scores


def load_name_bench(cases: Path, frozen_run: Path | None = None) -> list[LabelledPair]:
    """nomenklatura's name bench (``cases.csv``), with logic-v2's frozen score where its
    run covered the pair."""
    frozen = load_logic_v2_frozen(frozen_run) if frozen_run is not None else {}
    pairs: list[LabelledPair] = []
    for line, row in _csv_records(cases, _NAME_BENCH_COLUMNS):
        key = (row["schema"], row["name1"], row["name2"])
        recorded = {LOGIC_V2_FROZEN: frozen[key]} if key in frozen else {}
        detail = row["category"] if row["category"] not in ("", _LLM_CATEGORY) else ""
        detail = "; ".join(part for part in (detail, row["notes"]) if part)
        pairs.append(
            LabelledPair(
                name1=row["name1"],
                name2=row["name2"],
                schema=row["schema"] or None,
                is_match=_boolean(row["is_match"], cases, line, "is_match"),
                group=row["case_group"],
                category=category_group(row["name1"], row["name2"], row["category"], row["notes"]),
                detail=detail,
                recorded=recorded,
            )
        )
    return pairs


def load_cascade(path: Path) -> list[LabelledPair]:
    """A watchman Cascade name-pair file, with watchman's current ``score`` recorded."""
    pairs: list[LabelledPair] = []
    required = ("case_group", "schema", "name1", "name2", "is_match", "category", "score")
    for line, row in _csv_records(path, required):
        pairs.append(
            LabelledPair(
                name1=row["name1"],
                name2=row["name2"],
                schema=row["schema"] or None,
                is_match=_boolean(row["is_match"], path, line, "is_match"),
                group=row["case_group"],
                category=row["category"],
                detail=row["category"],
                recorded={WATCHMAN: _number(row["score"], path, line, "score")},
            )
        )
    return pairs


def load_cross_script(path: Path) -> list[CrossScriptPair]:
    """watchman's cross-script pairs: ``#`` comment lines name the section that follows."""
    pairs: list[CrossScriptPair] = []
    section = ""
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            section = stripped.lstrip("#").strip()
            continue
        fields = next(csv.reader([line]))
        if len(fields) != 4:
            raise InputError(
                f"expected 4 fields, found {len(fields)}",
                path=path,
                position=f"line {number}",
                hint="rows are Query,Expected Match,Min Score,Description",
            )
        query, expected, minimum, description = (f.strip() for f in fields)
        pairs.append(
            CrossScriptPair(
                query, expected, _number(minimum, path, number, "Min Score"), description, section
            )
        )
    return pairs


def load_entity_bench(path: Path) -> list[EntityCheck]:
    """nomenklatura's entity bench (``checks.yml``)."""
    text = read_text(path)
    document = parse_simple_yaml(text, path)
    items = document.get("checks") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise InputError("no 'checks' list", path=path, position="line 1")
    sections = _item_sections(text)
    checks: list[EntityCheck] = []
    for index, item in enumerate(items):
        position = f"checks[{index}]"
        if not isinstance(item, dict):
            raise InputError("a check is not a mapping", path=path, position=position)
        query, candidate = item.get("query"), item.get("candidate")
        match, schema = item.get("match"), item.get("schema")
        if not isinstance(query, dict) or not isinstance(candidate, dict):
            raise InputError("a check lacks query or candidate", path=path, position=position)
        if not isinstance(match, bool) or not isinstance(schema, str):
            raise InputError("a check lacks match or schema", path=path, position=position)
        checks.append(
            EntityCheck(
                schema=schema,
                query=_properties(query, path, position),
                candidate=_properties(candidate, path, position),
                is_match=match,
                label=str(item.get("label") or ""),
                section=sections[index] if index < len(sections) else "",
            )
        )
    return checks


def _properties(mapping: Mapping[str, Any], path: Path, position: str) -> dict[str, str]:
    properties: dict[str, str] = {}
    for key, value in mapping.items():
        if isinstance(value, bool | dict | list):
            raise InputError(f"property {key} is not text", path=path, position=position)
        properties[key] = str(value)
    return properties


def _item_sections(text: str) -> list[str]:
    """The comment heading each top-level check stands under ("# Short names"), in
    order: the checks file groups its checks by such comments."""
    sections: list[str] = []
    current = ""
    for line in text.splitlines():
        comment = re.match(r"^ {0,2}#\s*(.*)$", line)
        if comment:
            current = comment.group(1).strip()
        elif re.match(r"^  - ", line):
            sections.append(current)
    return sections


def check_name(properties: Mapping[str, str]) -> str:
    """The name of one side of an entity check: ``name``, or the name parts joined."""
    if properties.get("name"):
        return properties["name"]
    parts = ("firstName", "middleName", "fatherName", "lastName")
    return " ".join(properties[p] for p in parts if properties.get(p))


# --- a YAML subset ----------------------------------------------------------------------


@dataclass(slots=True)
class _YamlLine:
    number: int
    indent: int
    text: str


def parse_simple_yaml(text: str, path: Path) -> Any:
    """The subset of YAML that the entity bench uses: block mappings and sequences,
    plain scalars (continued on more-indented lines, folded with a space), quoted
    scalars, comments, and ``true``/``false``. Anything else (flow collections, block
    scalars, anchors, tabs) is refused with the line, rather than read wrongly.

    Written here because the project has no YAML dependency and needs only this.
    """
    lines: list[_YamlLine] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise InputError(
                "tab indentation is not supported", path=path, position=f"line {number}"
            )
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        lines.append(_YamlLine(number, len(raw) - len(raw.lstrip(" ")), stripped))
    if not lines:
        return None
    parser = _YamlParser(lines, path)
    value = parser.block(0, lines[0].indent)
    if parser.index != len(lines):
        line = lines[parser.index]
        raise InputError("unexpected indentation", path=path, position=f"line {line.number}")
    return value


_YAML_KEY = re.compile(
    r"^(?P<key>[^\s\"'#\-\[\]{}][^:#]*?|\"[^\"]*\"|'[^']*'):(?:\s+(?P<rest>.*))?$"
)


class _YamlParser:
    def __init__(self, lines: list[_YamlLine], path: Path) -> None:
        self.lines = lines
        self.path = path
        self.index = 0

    def error(self, message: str, line: _YamlLine) -> InputError:
        return InputError(message, path=self.path, position=f"line {line.number}")

    def block(self, index: int, indent: int) -> Any:
        self.index = index
        line = self.lines[index]
        if line.text == "-" or line.text.startswith("- "):
            return self.sequence(indent)
        return self.mapping(indent)

    def sequence(self, indent: int) -> list[Any]:
        items: list[Any] = []
        while self.index < len(self.lines):
            line = self.lines[self.index]
            if line.indent != indent or not (line.text == "-" or line.text.startswith("- ")):
                break
            rest = line.text[1:].strip()
            if not rest:
                child = self.lines[self.index + 1] if self.index + 1 < len(self.lines) else None
                if child is None or child.indent <= indent:
                    raise self.error("an empty sequence item", line)
                items.append(self.block(self.index + 1, child.indent))
                continue
            item_indent = indent + (len(line.text) - len(rest))
            if _YAML_KEY.match(rest):
                # "- key: value": a mapping whose first key sits after the dash.
                self.lines[self.index] = _YamlLine(line.number, item_indent, rest)
                items.append(self.mapping(item_indent))
            else:
                items.append(self.scalar(rest, indent, line))
        return items

    def mapping(self, indent: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while self.index < len(self.lines):
            line = self.lines[self.index]
            if line.indent < indent:
                break
            if line.indent > indent:
                raise self.error("unexpected indentation", line)
            if line.text.startswith("- "):
                break
            found = _YAML_KEY.match(line.text)
            if found is None:
                raise self.error("expected 'key: value'", line)
            key = _unquote(found["key"], line, self)
            if key in result:
                raise self.error(f"duplicate key {key!r}", line)
            rest = (found["rest"] or "").strip()
            if rest.startswith("#"):
                rest = ""
            if rest:
                result[key] = self.scalar(rest, indent, line)
                continue
            following = self.lines[self.index + 1] if self.index + 1 < len(self.lines) else None
            nested = following is not None and (
                following.indent > indent
                or (following.indent == indent and following.text.startswith("- "))
            )
            if nested and following is not None:
                result[key] = self.block(self.index + 1, following.indent)
            else:
                result[key] = None
                self.index += 1
        return result

    def scalar(self, text: str, indent: int, line: _YamlLine) -> Any:
        """A scalar starting on the current line; a plain one goes on over the following
        lines that are indented deeper than its key."""
        self.index += 1
        if text[0] in "[{|>&*!%@`":
            raise self.error(f"unsupported YAML syntax {text[0]!r}", line)
        if text[0] in "\"'":
            return _quoted(text, line, self)
        parts = [_strip_comment(text)]
        while self.index < len(self.lines) and self.lines[self.index].indent > indent:
            parts.append(_strip_comment(self.lines[self.index].text))
            self.index += 1
        value = " ".join(part for part in parts if part)
        if value in ("true", "True", "TRUE"):
            return True
        if value in ("false", "False", "FALSE"):
            return False
        if value in ("null", "~"):
            return None
        return value


def _strip_comment(text: str) -> str:
    position = text.find(" #")
    return (text[:position] if position >= 0 else text).strip()


def _unquote(key: str, line: _YamlLine, parser: _YamlParser) -> str:
    return str(_quoted(key, line, parser)) if key[:1] in "\"'" else key.strip()


def _quoted(text: str, line: _YamlLine, parser: _YamlParser) -> str:
    quote = text[0]
    body: list[str] = []
    index = 1
    while index < len(text):
        char = text[index]
        if quote == "'" and char == "'":
            if text[index + 1 : index + 2] == "'":
                body.append("'")
                index += 2
                continue
            break
        if quote == '"' and char == "\\":
            escaped = text[index + 1 : index + 2]
            body.append({"n": "\n", "t": "\t", "": ""}.get(escaped, escaped))
            index += 2
            continue
        if quote == '"' and char == '"':
            break
        body.append(char)
        index += 1
    else:
        raise parser.error("an unclosed quoted string (multi-line ones are not supported)", line)
    tail = text[index + 1 :].strip()
    if tail and not tail.startswith("#"):
        raise parser.error("text after a quoted string", line)
    return "".join(body)


# --- category groups -------------------------------------------------------------------

_LLM_CATEGORY = "LLM-proposed deviation"
#: Categories that say where a case comes from, not what varies: the note says that.
_GENERIC_CATEGORIES = frozenset({"", _LLM_CATEGORY, "Customer-provided deviation", "Failed test"})

#: Coarse classes of name variation, each with the words of the category or note that put
#: a pair in it. Checked in order: the first class with a word in the text wins.
CATEGORY_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("place or country qualifier", ("geographic", "city", "country", "jurisdiction", "region")),
    ("legal form", ("legal-form", "legal form", "entity-form", "llc", "plc", "n.a.", "org_class")),
    ("numbers and series", ("roman", "numeral", "series", "vintage", "digit", "ordinal")),
    (
        "business words",
        (
            "industry", "line-of-business", "sector", "domain-word", "brand",
            "functional-token", "structural-token", "prefix-token", "compound", "latin word",
            "norse-word", "common-noun", "antonym", "morpholog", "nominalisation", "synonym",
            "common company", "overlap",
        ),
    ),
    ("stopwords", ("'the'", "& vs and", "stopword")),
    ("diacritics", ("diacritic", "cedilla", "accent", "stripped")),
    (
        "transliteration",
        ("translit", "wade-giles", "pinyin", "romanisation", "en-gb", "en-us", "orthography"),
    ),
    (
        "initials, abbreviations, nicknames, titles",
        ("initial", "abbreviation", "acronym", "nickname", "diminutive", "title"),
    ),
    ("word order", ("reorder", "patronymic reversal", "last-first", "word reordering")),
    (
        "punctuation, case, spacing",
        (
            "period", "comma", "hyphen", "casing", "camelcase", "space", "joining",
            "splitting", "special character", "merge_split",
        ),
    ),
    (
        "spelling and typos",
        (
            "typo", "character", "vowel", "consonant", "char sub", "letter", "spelling",
            "phonetic", "misspelling", "doubl", "plausible-alternate", "variant", "shift",
            "alphanumeric", "near-homophone", "syllable", "retroflex", "plural", "tiny defect",
            "surname-ending", "tail-rewrite",
        ),
    ),
    (
        "name parts added or dropped",
        (
            "added", "addition", "dropped", "drop", "insertion", "truncation", "duplication",
            "partial", "extra",
        ),
    ),
    ("contextual words", ("contextual",)),
    ("different name part", ("swap", "sub", "collision", "patronymic", "nisbah")),
    ("different party", ("different", "first token only")),
)  # fmt: skip


def scripts_of(text: str) -> frozenset[str]:
    """The scripts of a text's letters, by the first word of their Unicode names
    (LATIN, CYRILLIC, ARABIC, CJK, HANGUL ...)."""
    found = set()
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            if name:
                found.add(name.split()[0])
    return frozenset(found)


def is_cross_script(name1: str, name2: str) -> bool:
    scripts1, scripts2 = scripts_of(name1), scripts_of(name2)
    return bool(scripts1 and scripts2) and scripts1 != scripts2


def category_group(name1: str, name2: str, category: str, notes: str) -> str:
    """A coarse class for a name-bench case, so that errors can be counted by kind.

    Pairs in two scripts are "cross-script" whatever their note; nomenklatura's unit
    test cases keep their origin; the rest are classed by the words of their category,
    or of their note where the category is the generic "LLM-proposed deviation".
    """
    if is_cross_script(name1, name2):
        return "cross-script"
    if category.endswith("_tps"):
        return "nomenklatura unit tests: matches"
    if category.endswith("_fps"):
        return "nomenklatura unit tests: non-matches"
    if category == "logic_v2_cases":
        return "nomenklatura unit tests: logic-v2 cases"
    text = (notes if category in _GENERIC_CATEGORIES else category).lower()
    if not text:
        return "uncategorised"
    for group, words in CATEGORY_RULES:
        if any(word in text for word in words):
            return group
    return "other"


# --- pairs derived from the official lists ---------------------------------------------


def name_key(name: str) -> str:
    """Lower-cased alphanumeric tokens in sorted order: the form token_sort_ratio
    compares, and the identity two names must not share to make a negative pair."""
    return " ".join(sorted(utils.default_process(name).split()))


@dataclass(frozen=True, slots=True)
class _PoolName:
    party: Party
    value: str
    key: str


@dataclass(slots=True)
class _Pool:
    """The names a negative may be drawn from, with their keys (computed once)."""

    names: list[_PoolName] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)


def _party_keys(party: Party) -> frozenset[str]:
    return frozenset(name_key(n.value) for n in party.names)


def derive_pairs(
    parsed: ParsedList,
    *,
    positives: int,
    random_negatives: int,
    seed: int,
    alias_filter: Callable[[Party, str], bool] | None = None,
    same_list_only: bool = False,
    min_length: int = 3,
) -> list[LabelledPair]:
    """Labelled pairs from one parsed list, built at run time and sampled with ``seed``.

    - positives: an alias of a party (as a query would write it) against the party's
      primary name, for aliases of ``min_length`` characters or more (and that
      ``alias_filter`` accepts); ``positives`` of them are sampled;
    - hard negatives: for each sampled positive, the alias against the most similar
      name of another party (rapidfuzz token_sort_ratio), the confusions of a naive
      matcher. A party that shares a name with the alias's party (the same entity listed
      twice) is never taken; ``same_list_only`` keeps to parties of the same sub-list
      (the CSL lists one company on several sub-lists);
    - random negatives: a sampled alias against a random name of another party.
    """
    rng = random.Random(seed)
    candidates: list[tuple[Party, str, str]] = []
    for party in parsed.parties:
        primary = party.caption
        for name in party.names:
            if name.kind is NameKind.PRIMARY or len(name.value.strip()) < min_length:
                continue
            if alias_filter is not None and not alias_filter(party, name.value):
                continue
            candidates.append((party, name.value, primary))
    chosen = rng.sample(candidates, min(positives, len(candidates)))
    pools = _name_pools(parsed.parties, same_list_only, min_length)
    keys_of = {party.id: _party_keys(party) for party in parsed.parties}
    pairs: list[LabelledPair] = []
    for party, alias, primary in chosen:
        schema = party.schema.value
        pairs.append(LabelledPair(alias, primary, schema, True, "alias", "alias", party.id))
        pool = pools[_list_of(party) if same_list_only else ""]
        other = _most_similar_other(alias, party, keys_of, pool)
        if other is not None:
            detail = f"{party.id} vs {other.party.id}"
            pairs.append(
                LabelledPair(alias, other.value, schema, False, "hard negative", "", detail)
            )
    everyone = [n for pool in pools.values() for n in pool.names]
    for _ in range(min(random_negatives, len(chosen))):
        party, alias, _primary = rng.choice(chosen)
        other = _random_other(rng, party, keys_of, everyone)
        if other is not None:
            detail = f"{party.id} vs {other.party.id}"
            pairs.append(
                LabelledPair(
                    alias, other.value, party.schema.value, False, "random negative", "", detail
                )
            )
    return pairs


def _list_of(party: Party) -> str:
    return party.listings[0].list_code if party.listings else ""


def _name_pools(parties: Sequence[Party], by_list: bool, min_length: int) -> dict[str, _Pool]:
    pools: dict[str, _Pool] = {}
    for party in parties:
        pool = pools.setdefault(_list_of(party) if by_list else "", _Pool())
        for name in party.names:
            if len(name.value.strip()) >= min_length:
                key = name_key(name.value)
                pool.names.append(_PoolName(party, name.value, key))
                pool.keys.append(key)
    return pools


def _most_similar_other(
    query: str, party: Party, keys_of: Mapping[str, frozenset[str]], pool: _Pool
) -> _PoolName | None:
    """The pool name closest to ``query`` by token_sort_ratio (fuzz.ratio on sorted-token
    keys, which is what token_sort_ratio computes) of a party sharing no name with
    ``party``; ties go to the earlier name in the list, so the choice is stable."""
    own = keys_of[party.id]
    query_key = name_key(query)
    for limit in (25, 400):
        for _key, _score, index in process.extract(
            query_key, pool.keys, scorer=fuzz.ratio, processor=None, limit=limit
        ):
            other = pool.names[index]
            if other.party.id != party.id and not (own & keys_of[other.party.id]):
                return other
    return None


def _random_other(
    rng: random.Random,
    party: Party,
    keys_of: Mapping[str, frozenset[str]],
    pool: Sequence[_PoolName],
) -> _PoolName | None:
    own = keys_of[party.id]
    for _ in range(20):
        other = rng.choice(pool)
        if other.party.id != party.id and not (own & keys_of[other.party.id]):
            return other
    return None


def ofac_alt_names(path: Path) -> set[tuple[str, str]]:
    """(party id, alternate name) of every row of OFAC's ``alt.csv`` in the set at
    ``path``: the names that OFAC lists as AKAs, as opposed to those read from remarks."""
    from entitywatch.sources import ofac_sdn_csv

    files = ofac_sdn_csv.locate_files(path)
    if files.alt is None:
        raise InputError("the OFAC set has no alt.csv", path=path)
    names: set[tuple[str, str]] = set()
    for _line, fields in ofac_sdn_csv.read_rows(files.alt, ofac_sdn_csv.ALT_COLUMNS, []):
        ent_num, alt_name = fields[0], fields[3]
        if ent_num and alt_name:
            names.add((ofac_sdn_csv.party_id_for(ent_num), alt_name))
    return names


def derive_csl_pairs(path: Path, *, positives: int, seed: int) -> list[LabelledPair]:
    """Derived pairs of the trade.gov CSL (negatives within each sub-list)."""
    from entitywatch.sources import csl

    parsed = csl.parse_csl_csv(path)
    return derive_pairs(
        parsed,
        positives=positives,
        random_negatives=positives // 2,
        seed=seed,
        same_list_only=True,
    )


def derive_ofac_pairs(path: Path, *, positives: int, seed: int) -> list[LabelledPair]:
    """Derived pairs of the OFAC SDN CSV set: alt.csv names against the SDN name."""
    from entitywatch.sources import ofac_sdn_csv

    return ofac_pairs(ofac_sdn_csv.parse(path), ofac_alt_names(path), positives, seed)


def ofac_pairs(
    parsed: ParsedList, alt_names: set[tuple[str, str]], positives: int, seed: int
) -> list[LabelledPair]:
    """Derived pairs of a parsed OFAC SDN set, aliases limited to its alt.csv names."""
    return derive_pairs(
        parsed,
        positives=positives,
        random_negatives=positives // 2,
        seed=seed,
        alias_filter=lambda party, name: (party.id, name) in alt_names,
    )


# --- evaluation ------------------------------------------------------------------------


@dataclass(slots=True)
class ScoredRun:
    """One scorer's results on one data set, index-aligned with the pairs."""

    scorer: Scorer
    results: list[Scored | None]
    seconds: float


def run_scorer(scorer: Scorer, pairs: Sequence[LabelledPair]) -> ScoredRun:
    start = time.perf_counter()
    results = [scorer.score_pair(pair) for pair in pairs]
    return ScoredRun(scorer, results, time.perf_counter() - start)


def run_checks(scorer: Scorer, checks: Sequence[EntityCheck]) -> ScoredRun:
    start = time.perf_counter()
    results = [scorer.score_check(check) for check in checks]
    return ScoredRun(scorer, results, time.perf_counter() - start)


def metrics_of(run: ScoredRun, labels: Sequence[bool], indices: Iterable[int]) -> Metrics:
    """Figures of ``run`` on the pairs at ``indices`` that it scored."""
    kept = [i for i in indices if run.results[i] is not None]
    scored = [run.results[i] for i in kept]
    return compute_metrics(
        [labels[i] for i in kept],
        [s.score for s in scored if s is not None],
        [s.decision for s in scored if s is not None],
    )


def _slices(values: Sequence[str]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for index, value in enumerate(values):
        groups.setdefault(value or "(none)", []).append(index)
    return dict(sorted(groups.items()))


def evaluate_pairs(
    name: str,
    title: str,
    pairs: Sequence[LabelledPair],
    scorers: Sequence[Scorer],
    *,
    slices: Mapping[str, Callable[[LabelledPair], str]] | None = None,
    subsets: Mapping[str, Callable[[LabelledPair], bool]] | None = None,
    error_categories: bool = False,
    worst: int = 25,
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """The report of one labelled data set: figures per scorer, per slice (schema,
    group...), the errors of the algorithm under test (``scorers[0]``) by category, and
    its worst errors. A plain dict, ready for JSON and for ``render_markdown``."""
    labels = [p.is_match for p in pairs]
    runs = [run_scorer(scorer, pairs) for scorer in scorers]
    everything = range(len(pairs))
    report: dict[str, Any] = {
        "name": name,
        "title": title,
        "kind": "pairs",
        "n": len(pairs),
        "positives": sum(labels),
        "notes": list(notes),
        "scorers": [_scorer_summary(run, metrics_of(run, labels, everything)) for run in runs],
        "slices": {},
    }
    for slice_name, belongs in (subsets or {}).items():
        chosen = [i for i, p in enumerate(pairs) if belongs(p)]
        report["slices"].setdefault("subset", {})[slice_name] = _slice_figures(runs, labels, chosen)
    for family, key in (slices or {}).items():
        groups = _slices([key(p) for p in pairs])
        report["slices"][family] = {
            value: _slice_figures(runs, labels, indices) for value, indices in groups.items()
        }
    if error_categories:
        report["errors_by_category"] = errors_by_category(pairs, runs[0])
    report["worst_errors"] = worst_errors(pairs, runs[0], worst)
    return report


def _scorer_summary(run: ScoredRun, metrics: Metrics) -> dict[str, Any]:
    scorer = run.scorer
    return {
        "scorer": scorer.name,
        "thresholds": (
            {"match": scorer.thresholds.match, "review": scorer.thresholds.review}
            if scorer.thresholds
            else None
        ),
        "seconds": round(run.seconds, 3),
        **metrics.to_dict(),
    }


def _slice_figures(
    runs: Sequence[ScoredRun], labels: Sequence[bool], indices: Sequence[int]
) -> dict[str, Any]:
    return {
        "n": len(indices),
        "positives": sum(1 for i in indices if labels[i]),
        "scorers": {run.scorer.name: metrics_of(run, labels, indices).to_dict() for run in runs},
    }


def errors_by_category(pairs: Sequence[LabelledPair], run: ScoredRun) -> list[dict[str, Any]]:
    """Per category: pairs, false negatives, false positives and reviews of the
    algorithm under test, most errors first: where it fails."""
    rows: dict[str, dict[str, Any]] = {}
    for pair, result in zip(pairs, run.results, strict=True):
        if result is None:
            continue
        row = rows.setdefault(
            pair.category or "(none)",
            {"category": pair.category or "(none)", "n": 0, "positives": 0, "fn": 0, "fp": 0,
             "review_positives": 0, "review_negatives": 0},
        )  # fmt: skip
        row["n"] += 1
        row["positives"] += pair.is_match
        if result.decision == REVIEW:
            row["review_positives" if pair.is_match else "review_negatives"] += 1
        if pair.is_match and result.decision != MATCH:
            row["fn"] += 1
        elif not pair.is_match and result.decision == MATCH:
            row["fp"] += 1
    for row in rows.values():
        row["errors"] = row["fn"] + row["fp"]
    return sorted(rows.values(), key=lambda r: (-r["errors"], -r["n"], r["category"]))


def worst_errors(pairs: Sequence[LabelledPair], run: ScoredRun, limit: int) -> list[dict[str, Any]]:
    """The ``limit`` errors of the run furthest from its match threshold, half false
    positives (non-matches called "match", by how far above) and half false negatives
    (matches not called "match", by how far below) where there are enough of each."""
    thresholds = run.scorer.thresholds
    if thresholds is None:
        return []
    errors: list[tuple[float, dict[str, Any]]] = []
    for pair, result in zip(pairs, run.results, strict=True):
        if result is None:
            continue
        if pair.is_match and result.decision != MATCH:
            kind, severity = "FN", thresholds.match - result.score
        elif not pair.is_match and result.decision == MATCH:
            kind, severity = "FP", result.score - thresholds.match
        else:
            continue
        errors.append(
            (
                severity,
                {
                    "kind": kind,
                    "score": result.score,
                    "decision": result.decision,
                    "name1": pair.name1,
                    "name2": pair.name2,
                    "schema": pair.schema,
                    "group": pair.group,
                    "category": pair.category,
                    "detail": pair.detail,
                    "recorded": dict(pair.recorded),
                    "explanation": result.explanation,
                },
            )
        )
    errors.sort(key=lambda item: (-item[0], item[1]["name1"], item[1]["name2"]))
    false_positives = [e for _, e in errors if e["kind"] == "FP"]
    false_negatives = [e for _, e in errors if e["kind"] == "FN"]
    # Half of each kind where both are plentiful: unmatchable aliases ("HALHUL GANG" for
    # the PFLP) must not crowd out the false positives, nor the reverse.
    fp_quota = max(limit - len(false_negatives), (limit + 1) // 2)
    chosen = false_positives[:fp_quota]
    chosen += false_negatives[: limit - len(chosen)]
    return sorted(chosen, key=lambda e: (e["kind"] != "FP", -abs(e["score"] - thresholds.match)))


def check_accuracy(checks: Sequence[EntityCheck], run: ScoredRun) -> dict[str, Any]:
    """Accuracy on entity checks: a match must be called "match", a non-match must not.
    Strict also counts "review" wrong on non-matches; lenient counts "review" right on
    matches. Reviews are counted apart."""
    right = strict = lenient = scored = 0
    reviews_positive = reviews_negative = 0
    for check, result in zip(checks, run.results, strict=True):
        if result is None or result.decision is None:
            continue
        scored += 1
        decision = result.decision
        if decision == REVIEW:
            if check.is_match:
                reviews_positive += 1
            else:
                reviews_negative += 1
        if check.is_match:
            right += decision == MATCH
            strict += decision == MATCH
            lenient += decision in (MATCH, REVIEW)
        else:
            right += decision != MATCH
            strict += decision == CLEAR
            lenient += decision != MATCH
    return {
        "checks": scored,
        "accuracy": _ratio(right, scored),
        "strict_accuracy": _ratio(strict, scored),
        "lenient_accuracy": _ratio(lenient, scored),
        "reviews_on_matches": reviews_positive,
        "reviews_on_non_matches": reviews_negative,
    }


def evaluate_checks(
    name: str, title: str, checks: Sequence[EntityCheck], scorers: Sequence[Scorer], worst: int
) -> dict[str, Any]:
    """The report of the entity bench: accuracy and the usual figures per scorer, by
    schema and by the file's sections."""
    labels = [c.is_match for c in checks]
    runs = [run_checks(scorer, checks) for scorer in scorers]
    everything = range(len(checks))
    rows = []
    for run in runs:
        summary = _scorer_summary(run, metrics_of(run, labels, everything))
        summary.update(check_accuracy(checks, run))
        summary["mode"] = run.scorer.entity_mode
        rows.append(summary)
    slices: dict[str, Any] = {}
    for family, values in (
        ("schema", [c.schema for c in checks]),
        ("section", [c.section for c in checks]),
    ):
        slices[family] = {
            value: _slice_figures(runs, labels, indices)
            for value, indices in _slices(values).items()
        }
    as_pairs = [
        LabelledPair(
            check_name(c.query), check_name(c.candidate), c.schema, c.is_match, c.section,
            c.section, c.label,
        )
        for c in checks
    ]  # fmt: skip
    return {
        "name": name,
        "title": title,
        "kind": "checks",
        "n": len(checks),
        "positives": sum(labels),
        "notes": [],
        "scorers": rows,
        "slices": slices,
        "worst_errors": worst_errors(as_pairs, runs[0], worst),
    }


def evaluate_cross_script(
    name: str, title: str, pairs: Sequence[CrossScriptPair], scorers: Sequence[Scorer]
) -> dict[str, Any]:
    """Every pair is a match: per pair, each scorer's score against watchman's minimum;
    per scorer, how many reach the minimum, and recall at "match" and "match or review"."""
    rows: list[dict[str, Any]] = [
        {
            "query": p.query,
            "expected": p.expected,
            "min_score": p.min_score,
            "section": p.section,
            "scores": {},
        }
        for p in pairs
    ]
    summaries = []
    for scorer in scorers:
        start = time.perf_counter()
        results = [scorer.score_names(p.query, p.expected, "Person") for p in pairs]
        seconds = time.perf_counter() - start
        scored = [(p, r) for p, r in zip(pairs, results, strict=True) if r is not None]
        for row, result in zip(rows, results, strict=True):
            if result is not None:
                row["scores"][scorer.name] = {"score": result.score, "decision": result.decision}
        summaries.append(
            {
                "scorer": scorer.name,
                "n": len(scored),
                "reach_min_score": sum(1 for p, r in scored if r.score >= p.min_score),
                "recall": _ratio(sum(1 for _, r in scored if r.decision == MATCH), len(scored)),
                "lenient_recall": _ratio(
                    sum(1 for _, r in scored if r.decision in (MATCH, REVIEW)), len(scored)
                ),
                "mean_score": _ratio(sum(r.score for _, r in scored), len(scored)),
                "seconds": round(seconds, 3),
            }
        )
    return {
        "name": name,
        "title": title,
        "kind": "cross_script",
        "n": len(pairs),
        "positives": len(pairs),
        "notes": [
            "min_score is what watchman's embeddings model is expected to reach; other "
            "scorers' scales differ, so 'reach' is indicative only"
        ],
        "scorers": summaries,
        "pairs": rows,
    }


# --- rendering -------------------------------------------------------------------------


def _figure(value: Any, digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


_NUMERIC_CELL = re.compile(r"^(—|-?[\d.]+( \([\d.]+\))?|(R|FPR) [\d.—]+|[\d.—]+ / [\d.—]+)$")


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A markdown table; columns whose cells are all figures are right-aligned."""
    body = [[cell.replace("|", "\\|").replace("\n", " ") for cell in row] for row in rows]
    numeric = [
        bool(body) and all(_NUMERIC_CELL.match(row[i]) for row in body) for i in range(len(header))
    ]
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---:" if right else "---" for right in numeric) + "|")
    lines.extend("| " + " | ".join(row) + " |" for row in body)
    return lines


_MAIN_HEADER = ("algorithm", "n", "P", "R", "F1", "lenient F1", "PR-AUC", "ROC-AUC", "best F1 (t)")


def _main_row(name: str, m: Mapping[str, Any]) -> list[str]:
    best = m.get("best_f1")
    best_text = "—" if best is None else f"{best:.3f} ({m['best_threshold']:.3f})"
    return [
        name,
        _figure(m["n"]),
        _figure(m["precision"]),
        _figure(m["recall"]),
        _figure(m["f1"]),
        _figure(m["lenient_f1"]),
        _figure(m["pr_auc"]),
        _figure(m["roc_auc"]),
        best_text,
    ]


def _render_slices(report: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    for family, groups in report.get("slices", {}).items():
        if not groups:
            continue
        names = [row["scorer"] for row in report["scorers"]]
        lines += [
            "",
            f"By {family} (each cell: F1 at the default threshold / ROC-AUC; where a "
            "slice holds only matches, R: their recall; only non-matches, FPR: the share "
            "called 'match'):",
            "",
        ]
        rows = []
        for value, figures in groups.items():
            cells = [value, str(figures["n"]), str(figures["positives"])]
            cells += [_slice_cell(figures["scorers"].get(scorer)) for scorer in names]
            rows.append(cells)
        lines += _table([family, "n", "matches", *names], rows)
    return lines


def _slice_cell(m: Mapping[str, Any] | None) -> str:
    if m is None or m["n"] == 0:
        return "—"
    if m["positives"] == m["n"]:
        return f"R {_figure(m['recall'])}"
    if m["positives"] == 0:
        return f"FPR {_figure(m['false_positive_rate'])}"
    return f"{_figure(m['f1'])} / {_figure(m['roc_auc'])}"


def _render_errors(report: Mapping[str, Any], algorithm: str) -> list[str]:
    lines: list[str] = []
    every_category = report.get("errors_by_category", [])
    categories = [r for r in every_category if r["errors"]]
    if every_category:
        lines += ["", f"Errors of {algorithm} by category (FN: a match not called 'match'):"]
        if len(categories) < len(every_category):
            lines.append(f"({len(every_category) - len(categories)} categories without error.)")
        lines.append("")
        rows = [
            [
                r["category"], str(r["n"]), str(r["positives"]), str(r["fn"]), str(r["fp"]),
                str(r["review_positives"]), str(r["review_negatives"]), str(r["errors"]),
            ]
            for r in categories
        ]  # fmt: skip
        header = ["category", "n", "matches", "FN", "FP", "review (m)", "review (non-m)", "errors"]
        lines += _table(header, rows)
    errors = report.get("worst_errors", [])
    if errors:
        lines += ["", f"Worst {len(errors)} errors of {algorithm}:", ""]
        rows = []
        for e in errors:
            recorded = ", ".join(f"{k}: {v:.3f}" for k, v in e["recorded"].items())
            rows.append(
                [
                    e["kind"], f"{e['score']:.3f}", e["decision"] or "—", e["name1"], e["name2"],
                    e["schema"] or "", e["category"] or e["group"], e["detail"][:60], recorded,
                ]
            )  # fmt: skip
        header = ["", "score", "decision", "name1", "name2", "schema", "category", "detail",
                  "peers recorded"]  # fmt: skip
        lines += _table(header, rows)
    return lines


def render_markdown(report: Mapping[str, Any]) -> str:
    """The whole report as markdown: one section per data set."""
    algorithm = report["algorithm"]
    lines = [
        f"# Matching evaluation: {algorithm}",
        "",
        f"Thresholds of {algorithm}: match >= {report['thresholds']['match']}, "
        f"review >= {report['thresholds']['review']}. Peers: {', '.join(report['peers'])}.",
        "P, R, F1: 'match' is the positive; lenient F1: 'match' or 'review' is. "
        "best F1 (t): the best F1 over all thresholds, at score >= t.",
    ]
    cut_offs = {
        row["scorer"]: row["thresholds"]
        for data in report["datasets"]
        for row in data["scorers"]
        if row.get("thresholds") and row["scorer"] != algorithm
    }
    for scorer, bands in cut_offs.items():
        lines.append(f"- {scorer}: match >= {bands['match']}, review >= {bands['review']}")
    for note in report.get("notes", []):
        lines.append(f"- {note}")
    for data in report["datasets"]:
        lines += ["", f"## {data['title']}", ""]
        lines.append(f"{data['n']} items, {data['positives']} matches.")
        for note in data.get("notes", []):
            lines.append(f"- {note}")
        lines.append("")
        if data["kind"] == "cross_script":
            lines += _render_cross_script(data)
            continue
        lines += _table(_MAIN_HEADER, [_main_row(r["scorer"], r) for r in data["scorers"]])
        if data["kind"] == "checks":
            lines += ["", "Accuracy on the checks (review: counted apart):", ""]
            header = ["algorithm", "mode", "checks", "accuracy", "strict", "lenient",
                      "reviews (m)", "reviews (non-m)"]  # fmt: skip
            rows = [
                [
                    r["scorer"], r["mode"], str(r["checks"]), _figure(r["accuracy"]),
                    _figure(r["strict_accuracy"]), _figure(r["lenient_accuracy"]),
                    str(r["reviews_on_matches"]), str(r["reviews_on_non_matches"]),
                ]
                for r in data["scorers"]
            ]  # fmt: skip
            lines += _table(header, rows)
        lines += _render_slices(data)
        lines += _render_errors(data, algorithm)
        timings = ", ".join(f"{r['scorer']} {r['seconds']:.1f}s" for r in data["scorers"])
        lines += ["", f"Time: {timings}."]
    return "\n".join(lines) + "\n"


def _render_cross_script(data: Mapping[str, Any]) -> list[str]:
    names = [s["scorer"] for s in data["scorers"]]
    rows = [
        [
            s["scorer"], str(s["n"]), str(s["reach_min_score"]), _figure(s["recall"]),
            _figure(s["lenient_recall"]), _figure(s["mean_score"]),
        ]
        for s in data["scorers"]
    ]  # fmt: skip
    lines = _table(
        ["algorithm", "n", "reach min score", "recall", "lenient recall", "mean score"], rows
    )
    lines += [""]
    pair_rows = []
    for p in data["pairs"]:
        cells = [p["query"], p["expected"], f"{p['min_score']:.2f}"]
        for scorer in names:
            s = p["scores"].get(scorer)
            cells.append("—" if s is None else f"{s['score']:.3f} {s['decision'] or ''}".strip())
        pair_rows.append(cells)
    lines += _table(["query", "expected", "min", *names], pair_rows)
    return lines


# --- the whole evaluation --------------------------------------------------------------

DATASETS = ("name_bench", "cascade", "entity_bench", "cross_script", "derived")


def evaluate(
    algorithm: Algorithm,
    shared_data: Path,
    *,
    peers: Sequence[Scorer] = (),
    datasets: Sequence[str] = DATASETS,
    derived_positives: int = 1000,
    seed: int = 20240607,
    worst: int = 25,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Score ``algorithm`` and ``peers`` on the data sets in ``shared_data`` (the folder
    ``../shared/data``); returns the report as a plain dict."""
    say = progress or (lambda message: None)
    ours = AlgorithmScorer(algorithm)
    scorers = [ours, *peers]
    folder = shared_data / NAME_MATCH_DIR
    reports: list[dict[str, Any]] = []
    by_schema: dict[str, Callable[[LabelledPair], str]] = {"schema": lambda p: p.schema or ""}
    if "name_bench" in datasets:
        say("name_bench")
        pairs = load_name_bench(folder / NAME_BENCH_FILE, folder / LOGIC_V2_FROZEN_FILE)
        frozen = sum(1 for p in pairs if LOGIC_V2_FROZEN in p.recorded)
        reports.append(
            evaluate_pairs(
                "name_bench",
                "nomenklatura name_bench (cases.csv)",
                pairs,
                [*scorers, RecordedScorer(LOGIC_V2_FROZEN, LOGIC_V2_THRESHOLDS)],
                slices={
                    **by_schema,
                    "case_group": lambda p: p.group,
                    "category group": lambda p: p.category,
                },
                error_categories=True,
                worst=worst,
                notes=[
                    f"{LOGIC_V2_FROZEN}: logic-v2's scores from nomenklatura's frozen run "
                    f"(covers {frozen} of the {len(pairs)} cases; threshold 0.7)"
                ],
            )
        )
    if "cascade" in datasets:
        for index, file_name in enumerate(CASCADE_FILES, start=1):
            say(f"cascade {index}")
            pairs = load_cascade(folder / file_name)
            reports.append(
                evaluate_pairs(
                    f"cascade_{index}",
                    f"watchman Cascade name pairs, file {index} ({file_name})",
                    pairs,
                    [*scorers, RecordedScorer(WATCHMAN, None)],
                    slices=by_schema,
                    error_categories=True,
                    worst=worst,
                    notes=[
                        f"{WATCHMAN}: watchman's own Similarity score (column 'score'); the "
                        "files state no match threshold, so only its threshold-free "
                        "figures and best F1 are given"
                    ],
                )
            )
    if "entity_bench" in datasets:
        say("entity_bench")
        checks = load_entity_bench(folder / ENTITY_BENCH_FILE)
        # The same algorithm on the names alone, beside it: what the evidence changes.
        names_only = AlgorithmScorer(
            algorithm, entities=False, name=f"{algorithm.name} (names only)"
        )
        reports.append(
            evaluate_checks(
                "entity_bench",
                "nomenklatura entity_bench (checks.yml)",
                checks,
                [ours, names_only, *peers],
                worst,
            )
        )
    if "cross_script" in datasets:
        say("cross_script")
        cross = load_cross_script(folder / CROSS_SCRIPT_FILE)
        reports.append(
            evaluate_cross_script("cross_script", "watchman cross-script pairs", cross, scorers)
        )
    if "derived" in datasets:
        derived = (
            ("csl", "trade.gov CSL 2022", "csl_2022/consolidated.csv", derive_csl_pairs),
            ("ofac", "OFAC SDN 2021 (alt.csv)", "ofac_sdn_2021", derive_ofac_pairs),
        )
        for key, label, relative, build in derived:
            say(f"derived {key}")
            pairs = build(shared_data / relative, positives=derived_positives, seed=seed)
            reports.append(
                evaluate_pairs(
                    f"derived_{key}",
                    f"derived pairs: {label}",
                    pairs,
                    scorers,
                    slices={**by_schema, "pair kind": lambda p: p.group},
                    subsets={
                        "aliases + hard negatives": lambda p: p.group != "random negative",
                        "aliases + random negatives": lambda p: p.group != "hard negative",
                    },
                    worst=worst,
                    notes=[
                        f"built at run time from {relative} with seed {seed}: "
                        f"{derived_positives} sampled aliases against their primary name, "
                        "the most similar name of another party (token_sort_ratio) and "
                        "random names of other parties as non-matches"
                    ],
                )
            )
    return {
        "algorithm": algorithm.name,
        "thresholds": {"match": algorithm.thresholds.match, "review": algorithm.thresholds.review},
        "peers": [scorer.name for scorer in peers],
        "notes": [],
        "datasets": reports,
    }


def report_json_default(value: Any) -> Any:
    """For ``json.dumps``: explanations may hold tuples, sets or dataclasses."""
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    if hasattr(value, "__dataclass_fields__"):
        return {name: getattr(value, name) for name in value.__dataclass_fields__}
    return str(value)
