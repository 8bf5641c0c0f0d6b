"""The catalogue of gap checks: one :class:`CheckSpec` per check id, pluggable.

The built-in checks are declared as data (``queries/gaps/checks.toml``); a folder of the
user's own queries adds checks the same way (:func:`load_checks`, ``--queries DIR``), without
Python. A check whose findings need Python names its function (``run = "module:function"``,
as the built-in ones do), or a module calls :func:`register`. A check may also give the
report extra sections (``report``: a function returning :class:`ReportExtra` items).

>>> from intlgraph.gaps import registry
>>> spec = registry.get("region-uncovered")
>>> spec.query, spec.params
('gaps/region-uncovered', {'region': '$peer_group', 'kind': 'ig:MemorandumOfUnderstanding',
 'focal': '$focal'})
>>> print(registry.describe(spec))
Countries of a region the programme names whose national centre has no tie of a given kind
with the programme's organisation.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intlgraph.exc import GapCheckError
from intlgraph.gaps.model import Draft, Findings, Text

if TYPE_CHECKING:
    import pandas as pd

    from intlgraph.kg import KnowledgeGraph

__all__ = [
    "CheckSpec",
    "ReportExtra",
    "checks",
    "describe",
    "get",
    "ids",
    "load_checks",
    "parse_checks",
    "register",
]


@dataclass(frozen=True)
class ReportExtra:
    """A section a check adds to the report: a title, a paragraph, a table and/or an image.

    Everything is escaped when rendered; ``image_png`` / ``image_svg`` are embedded as data URIs
    in an ``<img>`` (so an SVG cannot run scripts).

    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> spec = intlgraph.gaps.get("peer-ratifications")  # the check with a report hook
    >>> matrix, reverse = spec.report(kg, intlgraph.gaps(kg, only=[spec.id]), "en")
    >>> matrix.title, matrix.image_png[:4], reverse.title
    ('Ratification matrix: Central Asia', b'\x89PNG',
     'What Kazakhstan ratified and its peers did not')
    >>> reverse.table[["code", "peers_without"]].values.tolist()
    [['C155', 'Kyrgyzstan, Turkmenistan'], ['C187', 'Kyrgyzstan, Tajikistan, Turkmenistan']]
    """

    title: str
    text: str = ""
    table: pd.DataFrame | None = None
    image_png: bytes | None = None
    image_svg: str | None = None


Run = Callable[..., list[Draft]]
ReportHook = Callable[["KnowledgeGraph", Findings, str], Sequence[ReportExtra]]


@dataclass(frozen=True)
class CheckSpec:
    """A gap check: stable id, titles, description (en/ru, or English only), the function and
    its default parameters.

    ``run(kg, **params)`` returns draft findings; ``query`` names the query behind it (if
    any); ``network`` marks checks that read the cooperation network.

    >>> import intlgraph
    >>> spec = intlgraph.gaps.get("suggested-ties")
    >>> spec.id, spec.title.ru, spec.network, spec.query, spec.params
    ('suggested-ties', 'Возможные новые связи', True, None,
     {'focal': '$focal', 'method': 'adamic_adar', 'top': 10, 'as_of': None})
    >>> drafts = spec.run(intlgraph.load(engine="oxigraph"), top=1)  # drafts: IRIs, no labels
    >>> drafts[0].title_en, drafts[0].entities[0]
    ('{e0}: not tied to {e1}, but shares 1 partner with it: {e2}',
    ('https://w3id.org/intlgraph/id/org/ei', None))
    """

    id: str
    title: Text
    description: Text | str
    run: Run
    params: Mapping[str, Any] = field(default_factory=dict)
    query: str | None = None
    network: bool = False
    report: ReportHook | None = None


#: The file declaring the built-in checks (in the bundled ``queries/gaps/``).
BUILTIN_FILE = "gaps/checks.toml"


def _function(where: str, dotted: str, key: str) -> Callable[..., Any]:
    module_name, colon, name = dotted.partition(":")
    if not colon:
        raise GapCheckError(f"{where}: {key} = {dotted!r}: expected 'module:function'")
    try:
        found = getattr(importlib.import_module(module_name), name)
    except (ImportError, AttributeError) as error:
        raise GapCheckError(f"{where}: {key} = {dotted!r}: {error}") from None
    if not callable(found):
        raise GapCheckError(f"{where}: {key} = {dotted!r} is not a function")
    return found  # type: ignore[no-any-return]


def _text(where: str, value: Any, key: str) -> Text:
    if isinstance(value, str):
        return Text(value, value)
    if not isinstance(value, dict) or not isinstance(value.get("en"), str):
        raise GapCheckError(f"{where}: {key} needs at least an English text ({key}.en)")
    return Text(value["en"], str(value.get("ru", value["en"])))


def parse_checks(path: Path) -> list[CheckSpec]:
    """The checks a TOML file declares (``[[check]]`` tables; see ``queries/gaps/checks.toml``).

    A check without ``run`` is data only: ``[check.finding]`` names the query column a
    finding is ``about``, the other entity columns (``with``), the title templates
    (``{column}`` is that column's label or value) and the ``basis`` of its severity.

    >>> import pathlib, tempfile
    >>> from intlgraph.gaps import registry
    >>> text = '''[[check]]
    ... id = "untitled"
    ... query = "mine/untitled"
    ... title = { en = "Nodes without a label" }
    ... finding = { about = "node", title.en = "{node}: no label", basis = "data-gap" }
    ... '''
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp, "checks.toml")
    ...     _ = path.write_text(text, encoding="utf-8")
    ...     spec, = registry.parse_checks(path)
    >>> spec.id, spec.title.en, spec.query
    ('untitled', 'Nodes without a label', 'mine/untitled')
    """
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise GapCheckError(f"{path}: {error}") from None
    specs = []
    for number, table in enumerate(data.get("check", []), start=1):
        where = f"{path}, check {number}"
        if not isinstance(table, dict) or not isinstance(table.get("id"), str):
            raise GapCheckError(f"{where}: a check needs an id")
        where = f"{path}, check {table['id']!r}"
        known = {"id", "title", "description", "query", "run", "params", "unset", "network"}
        known |= {"report", "finding"}
        unknown = sorted(set(table) - known)
        if unknown:
            raise GapCheckError(f"{where}: unknown key {', '.join(unknown)}")
        params: dict[str, Any] = dict(table.get("params", {}))
        params.update(dict.fromkeys(table.get("unset", [])))
        query = table.get("query")
        if "run" in table:
            run: Run = _function(where, str(table["run"]), "run")
        elif isinstance(table.get("finding"), dict) and isinstance(query, str):
            run = _data_check(where, str(table["id"]), query, table["finding"])
        else:
            raise GapCheckError(
                f"{where}: a check needs run = 'module:function' or a query and [check.finding]"
            )
        report = table.get("report")
        specs.append(
            CheckSpec(
                table["id"],
                _text(where, table.get("title"), "title"),
                _text(where, table.get("description", table.get("title")), "description"),
                run,
                params,
                query=query,
                network=bool(table.get("network", False)),
                report=_function(where, str(report), "report") if report else None,
            )
        )
    return specs


def _data_check(where: str, check_id: str, query: str, finding: dict[str, Any]) -> Run:
    """A check's run function from its ``[check.finding]`` table (rows -> draft findings)."""
    from intlgraph.gaps.model import Basis, EvidenceDraft

    about = finding.get("about")
    if not isinstance(about, str):
        raise GapCheckError(f"{where}: finding.about names the column a finding is about")
    others = [str(c) for c in finding.get("with", [])]
    title = _text(where, finding.get("title"), "finding.title")
    try:
        basis = Basis(finding.get("basis", "data-gap"))
    except ValueError:
        choices = ", ".join(b.value for b in Basis)
        raise GapCheckError(f"{where}: finding.basis must be one of {choices}") from None
    role = str(finding.get("role", "known"))

    def run(kg: KnowledgeGraph, **params: Any) -> list[Draft]:
        from intlgraph.output import records

        rows = records(kg.query(query, labels=False, **params))
        drafts: list[Draft] = []
        seen: set[str] = set()
        for row in rows:
            if about not in row:
                raise GapCheckError(f"{where}: the query {query} has no column {about!r}")
            node = row[about]
            if node is None or str(node) in seen:
                continue
            seen.add(str(node))
            entities: list[tuple[str, str | None]] = [(str(node), None)]
            entities += [(str(row[c]), None) for c in others if row.get(c) is not None]
            present = [c for c in others if row.get(c) is not None]
            names = {c: f"{{e{i + 1}}}" for i, c in enumerate(present)}
            fields = {k: str(v).replace("{", "{{").replace("}", "}}") for k, v in row.items()}
            fields.update(names)
            fields[about] = "{e0}"
            try:
                title_en = title.en.format_map(fields)
                title_ru = title.ru.format_map(fields)
            except (KeyError, IndexError, ValueError) as error:
                raise GapCheckError(f"{where}: finding.title: no column {error}") from None
            drafts.append(
                Draft(
                    gap=check_id,
                    title_en=title_en,
                    title_ru=title_ru,
                    basis=basis,
                    entities=entities,
                    evidence=[EvidenceDraft(str(node), role, [])],
                )
            )
        return drafts

    return run


def _builtin() -> list[CheckSpec]:
    from intlgraph import paths

    return parse_checks(paths.queries_dir() / BUILTIN_FILE)


def load_checks(folder: str | Path) -> list[CheckSpec]:
    """Register the checks declared in a folder's ``checks.toml`` / ``*.check.toml`` files
    (each replacing a check with its id); :func:`intlgraph.named_queries.add_dir` calls it.

    >>> import pathlib, tempfile
    >>> from intlgraph.gaps import registry
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     registry.load_checks(tmp)
    []
    """
    found: list[CheckSpec] = []
    for path in sorted(Path(folder).rglob("*.toml")):
        if path.name == "checks.toml" or path.name.endswith(".check.toml"):
            found += parse_checks(path)
    for spec in found:
        register(spec, replace=True)
    return found


def describe(spec: CheckSpec, lang: str = "en") -> str:
    """The check's description in ``lang`` (English when it has only one).

    >>> from intlgraph.gaps import registry
    >>> registry.describe(registry.get("memberships-sought"), "ru")
    'Международные организации, членства в которых добивается организация программы,
    запланированные шаги и что известно позже.'
    """
    return spec.description.get(lang) if isinstance(spec.description, Text) else spec.description


_REGISTRY: dict[str, CheckSpec] = {}


def register(spec: CheckSpec, *, replace: bool = False) -> None:
    """Add a check to the catalogue (``replace=True`` to override one with the same id).

    The catalogue lives as long as the process. Here the built-in ``suggested-ties`` is
    replaced by a version with other defaults, then put back:

    >>> import dataclasses, intlgraph
    >>> from intlgraph.gaps import registry
    >>> builtin = registry.get("suggested-ties")
    >>> registry.register(builtin)
    Traceback (most recent call last):
    ValueError: a gap check 'suggested-ties' is already registered
    >>> jaccard = {**builtin.params, "method": "jaccard", "top": 2}
    >>> registry.register(dataclasses.replace(builtin, params=jaccard), replace=True)
    >>> [f.score for f in intlgraph.gaps.suggested_ties(intlgraph.load(engine="oxigraph"))]
    [0.025641, 0.025641]
    >>> registry.register(builtin, replace=True)
    """
    if not replace and spec.id in _registry():
        raise ValueError(f"a gap check {spec.id!r} is already registered")
    _REGISTRY[spec.id] = spec


def _registry() -> dict[str, CheckSpec]:
    if not _REGISTRY:
        _REGISTRY.update({spec.id: spec for spec in _builtin()})
    return _REGISTRY


def checks() -> list[CheckSpec]:
    """Every registered check, built-in ones first (in the order of issue 4).

    >>> from intlgraph.gaps import registry
    >>> [(spec.id, spec.network) for spec in registry.checks()][-3:]
    [('single-broker-ties', True), ('suggested-ties', True), ('peer-ratifications', False)]
    """
    return list(_registry().values())


def ids() -> list[str]:
    """The ids of every registered check (those :func:`register` adds after the built-in ones).

    >>> from intlgraph.gaps import registry
    >>> registry.ids()
    ['conventions-not-ratified', 'partners-without-agreement', 'memberships-sought',
     'branch-unions-unaffiliated', 'region-uncovered', 'goals-without-measures',
     'planned-without-outcome', 'stated-vs-known', 'single-broker-ties', 'suggested-ties',
     'peer-ratifications']
    """
    return list(_registry())


def get(check_id: str) -> CheckSpec:
    """The check ``check_id`` (raises :class:`~intlgraph.exc.GapCheckError` if unknown).

    >>> from intlgraph.gaps import registry
    >>> registry.get("memberships-sought").title.en
    'Memberships sought'
    >>> registry.get("memberships")
    Traceback (most recent call last):
    intlgraph.exc.GapCheckError: no gap check 'memberships'; the checks are: ...
    """
    from intlgraph.exc import GapCheckError

    registry = _registry()
    if check_id in registry:
        return registry[check_id]
    known = ", ".join(registry)
    raise GapCheckError(f"no gap check {check_id!r}; the checks are: {known}")
