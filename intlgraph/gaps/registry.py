"""The catalogue of gap checks: one :class:`CheckSpec` per check id, pluggable.

A module adds checks by defining ``GAP_CHECKS`` (a sequence of :class:`CheckSpec`) and being
named in :data:`PLUGINS` (one line), or by calling :func:`register`. A check may also give
the report extra sections (``report``: a function returning :class:`ReportExtra` items).

>>> from intlgraph.gaps import registry
>>> spec = registry.get("region-uncovered")
>>> spec.query, spec.params
('gaps/region-uncovered', {'region': 'region:central-asia', 'kind': 'ig:MemorandumOfUnderstanding'})
>>> registry.describe(spec)
'Countries of a region the programme names whose national centre has no tie of a given kind
with the Federation.'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from intlgraph.gaps import network_checks as net
from intlgraph.gaps import programme_checks as prog
from intlgraph.gaps.model import Draft, Findings, Text

if TYPE_CHECKING:
    import pandas as pd

    from intlgraph.kg import KnowledgeGraph

__all__ = [
    "PLUGINS",
    "CheckSpec",
    "ReportExtra",
    "checks",
    "describe",
    "get",
    "ids",
    "register",
]

#: Modules that may define ``GAP_CHECKS``; imported when present (issue 7 adds peers).
PLUGINS: tuple[str, ...] = ("intlgraph.peers",)


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
     {'method': 'adamic_adar', 'top': 10, 'as_of': None})
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


_BUILTIN: tuple[CheckSpec, ...] = (
    CheckSpec(
        "conventions-not-ratified",
        Text(
            "General Agreement conventions not ratified",
            "Конвенции Генерального соглашения без ратификации",
        ),
        "Conventions the General Agreement 2021-2023 lists (4.2) that Kazakhstan has not "
        "ratified, with the latest status and the planned measures addressing each.",
        prog.conventions_not_ratified,
        {"agreement": "tie:general-agreement-2021-2023", "state": "country:KAZ"},
        query="gaps/conventions-not-ratified",
    ),
    CheckSpec(
        "partners-without-agreement",
        Text(
            "Programme targets without an agreement or membership",
            "Цели программы без соглашения или членства",
        ),
        "Organisations the programme targets (visits, negotiations, initiatives, sought "
        "memberships) with no signed agreement or membership.",
        prog.partners_without_agreement,
        {"focal": "o:fprk", "as_of": None},
        query="gaps/partners-without-agreement",
    ),
    CheckSpec(
        "memberships-sought",
        Text("Memberships sought", "Членство, которого добивается Федерация"),
        "International bodies whose membership the Federation seeks, the steps planned and "
        "what is known later.",
        prog.memberships_sought,
        {"focal": "o:fprk", "as_of": None},
        query="gaps/memberships-sought",
    ),
    CheckSpec(
        "branch-unions-unaffiliated",
        Text(
            "Branch unions without an international affiliation",
            "Отраслевые профсоюзы без международного членства",
        ),
        "Branch unions with no known international affiliation, against the programme's "
        "counts (23 unions, 11 active, in 25 distinct international sectoral unions).",
        prog.branch_unions_unaffiliated,
        query="gaps/branch-unions-unaffiliated",
    ),
    CheckSpec(
        "region-uncovered",
        Text("Countries of a region without a tie", "Страны региона без связи"),
        "Countries of a region the programme names whose national centre has no tie of a "
        "given kind with the Federation.",
        prog.region_uncovered,
        {"region": "region:central-asia", "kind": "ig:MemorandumOfUnderstanding"},
        query="gaps/region-uncovered",
    ),
    CheckSpec(
        "goals-without-measures",
        Text("Goals and tasks without measures", "Цели и задачи без мер"),
        "Goals (3.1) and tasks (3.3) served by no planned measure of sections 4-6 (by the "
        "editors' goal alignments, an interpretation).",
        prog.goals_without_measures,
        query="gaps/goals-without-measures",
    ),
    CheckSpec(
        "planned-without-outcome",
        Text("Planned measures without an outcome", "Запланированные меры без результата"),
        "Planned events, visits, projects and trainings with no recorded outcome (a "
        "monitoring list).",
        prog.planned_without_outcome,
        {"kinds": None},
        query="gaps/planned-without-outcome",
    ),
    CheckSpec(
        "stated-vs-known",
        Text("Stated figures versus known individuals", "Заявленные цифры и известные данные"),
        "Figures the programme states above the individuals the graph knows (where the data "
        "is incomplete).",
        prog.stated_vs_known,
        query="gaps/stated-vs-known",
    ),
    CheckSpec(
        "single-broker-ties",
        Text("Bodies reached through one broker", "Организации, доступные через одного посредника"),
        "International bodies the Federation reaches only through one intermediary (a cut "
        "node in the cooperation network).",
        net.single_broker_ties,
        {"focal": "https://w3id.org/intlgraph/id/org/fprk", "as_of": None},
        network=True,
    ),
    CheckSpec(
        "suggested-ties",
        Text("Suggested ties", "Возможные новые связи"),
        "Organisations close to the Federation in the network but not tied to it (link "
        "prediction), with the shared partners as the reason and a score.",
        net.suggested_ties,
        {"method": "adamic_adar", "top": 10, "as_of": None},
        network=True,
    ),
)

_RUSSIAN: dict[str, str] = {
    "conventions-not-ratified": "Конвенции Генерального соглашения на 2021–2023 годы (4.2), "
    "которые Казахстан не ратифицировал, с последним статусом и мерами по каждой.",
    "partners-without-agreement": "Организации, на которые нацелена программа (визиты, "
    "переговоры, инициативы, искомое членство), без подписанного соглашения или членства.",
    "memberships-sought": "Международные организации, членства в которых добивается "
    "Федерация, запланированные шаги и что известно позже.",
    "branch-unions-unaffiliated": "Отраслевые профсоюзы без известного международного членства "
    "в сравнении с цифрами программы (23 профсоюза, 11 активны, 25 членств).",
    "region-uncovered": "Страны названного программой региона, национальный профцентр которых "
    "не имеет связи данного вида с Федерацией.",
    "goals-without-measures": "Цели (3.1) и задачи (3.3), которым не служит ни одна мера "
    "разделов 4–6 (по соотнесению редакторов — это интерпретация).",
    "planned-without-outcome": "Запланированные мероприятия, визиты, проекты и обучения без "
    "записанного результата (список для мониторинга).",
    "stated-vs-known": "Цифры программы, превышающие число известных графу элементов (где "
    "данные неполны).",
    "single-broker-ties": "Международные организации, с которыми Федерация связана только через "
    "одного посредника (точка сочленения сети).",
    "suggested-ties": "Организации, близкие к Федерации в сети, но не связанные с ней "
    "(предсказание связей), с общими партнёрами как основанием и оценкой.",
}
_BUILTIN = tuple(
    replace(spec, description=Text(str(spec.description), _RUSSIAN[spec.id])) for spec in _BUILTIN
)


def describe(spec: CheckSpec, lang: str = "en") -> str:
    """The check's description in ``lang`` (English when it has only one).

    >>> from intlgraph.gaps import registry
    >>> registry.describe(registry.get("memberships-sought"), "ru")
    'Международные организации, членства в которых добивается Федерация, запланированные шаги
    и что известно позже.'
    """
    return spec.description.get(lang) if isinstance(spec.description, Text) else spec.description


_REGISTRY: dict[str, CheckSpec] = {}
_PLUGINS_LOADED = False


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
    if spec.id in _registry() and not replace:
        raise ValueError(f"a gap check {spec.id!r} is already registered")
    _REGISTRY[spec.id] = spec


def _registry() -> dict[str, CheckSpec]:
    global _PLUGINS_LOADED
    if not _REGISTRY:
        _REGISTRY.update({spec.id: spec for spec in _BUILTIN})
    if not _PLUGINS_LOADED:
        _PLUGINS_LOADED = True
        for name in PLUGINS:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as error:
                if error.name == name:
                    continue
                raise
            for spec in getattr(module, "GAP_CHECKS", ()):
                _REGISTRY.setdefault(spec.id, spec)
    return _REGISTRY


def checks() -> list[CheckSpec]:
    """Every registered check, built-in ones first (in the order of issue 4).

    >>> from intlgraph.gaps import registry
    >>> [(spec.id, spec.network) for spec in registry.checks()][-3:]
    [('single-broker-ties', True), ('suggested-ties', True), ('peer-ratifications', False)]
    """
    return list(_registry().values())


def ids() -> list[str]:
    """The ids of every registered check (:data:`PLUGINS` add theirs after the built-in ones).

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
