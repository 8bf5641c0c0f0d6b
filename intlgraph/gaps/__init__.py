"""Gap analysis: what the programme aims at and what is not (yet) there.

Each gap check has a stable id (:func:`ids`), is a named query in ``queries/gaps/`` and/or a
network function, and gives :class:`Finding` objects: the check id, a title in English and
Russian, a severity (:func:`severity`, a documented rule), the entities involved, the evidence
(tie nodes and triples with their programme sections or reference sources) and, for
suggestions, a score.

>>> import intlgraph
>>> kg = intlgraph.load()
>>> found = intlgraph.gaps(kg, only=["region-uncovered"])
>>> [f.title.en.split(",")[0] for f in found]
['Turkmenistan: no national centre named']
>>> len(intlgraph.gaps.region_uncovered(kg, kind="ig:Negotiation"))
3

The module itself is callable: ``intlgraph.gaps(kg)`` is :func:`gaps`. Most examples of the
checks load the graph with ``engine="oxigraph"`` (the embedded Oxigraph store: the same
findings, faster); ``region-uncovered`` is quicker on the default memory engine.
"""

from __future__ import annotations

import sys
import textwrap
import types
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from intlgraph.gaps.model import (
    SEVERITIES,
    Basis,
    Entity,
    Evidence,
    Finding,
    Findings,
    Source,
    Text,
    severity,
)
from intlgraph.gaps.registry import (
    CheckSpec,
    ReportExtra,
    checks,
    describe,
    get,
    ids,
    register,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    import networkx as nx

    from intlgraph.kg import KnowledgeGraph

__all__ = [
    "SEVERITIES",
    "Basis",
    "CheckSpec",
    "Entity",
    "Evidence",
    "Finding",
    "Findings",
    "ReportExtra",
    "Source",
    "Text",
    "branch_unions_unaffiliated",
    "checks",
    "conventions_not_ratified",
    "describe",
    "gaps",
    "get",
    "goals_without_measures",
    "ids",
    "memberships_sought",
    "partners_without_agreement",
    "planned_without_outcome",
    "region_uncovered",
    "register",
    "run",
    "severity",
    "single_broker_ties",
    "stated_vs_known",
    "suggested_ties",
]


def _expand(value: Any) -> Any:
    """A prefixed name (``o:fprk``) as a full IRI, using the gap queries' prefixes."""
    if isinstance(value, list | tuple):
        return [_expand(v) for v in value]
    if not isinstance(value, str) or "://" in value or ":" not in value:
        return value
    from intlgraph import named_queries

    prefixes = named_queries.get("gaps/partners-without-agreement").prefixes
    prefix, local = value.split(":", 1)
    return prefixes[prefix] + local if prefix in prefixes else value


def run(
    kg: KnowledgeGraph,
    check_id: str,
    *,
    lang: str = "en",
    network: nx.Graph[Any] | None = None,
    **params: Any,
) -> Findings:
    """Run one check with its default parameters overridden by ``params``.

    A check that reads the cooperation network uses ``network`` when it is the network of
    ``kg`` on the check's day (as :func:`intlgraph.network.project` gives it), else
    projects its own.

    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> intlgraph.gaps.run(kg, "memberships-sought")[0].entities[0].label.en
    'General Confederation of Trade Unions'
    >>> G = intlgraph.network.project(kg)
    >>> [f.entities[0].label.en for f in intlgraph.gaps.run(kg, "suggested-ties", top=2,
    ...                                                       network=G)]
    ['Education International', 'European Trade Union Committee for Education']
    """
    from intlgraph.gaps.resolve import finalise

    spec, given = _arguments(kg, check_id, params)
    if network is not None and _takes_network(spec):
        given["network"] = network
    return finalise(kg, spec.run(kg, **given), lang=lang)


def _arguments(
    kg: KnowledgeGraph, check_id: str, params: dict[str, Any]
) -> tuple[CheckSpec, dict[str, Any]]:
    """The check and its arguments: defaults overridden by ``params``, references resolved."""
    from intlgraph.exc import GapCheckError
    from intlgraph.programme import resolve

    spec = get(check_id)
    unknown = set(params) - set(spec.params)
    if unknown:
        known = ", ".join(spec.params) or "none"
        raise GapCheckError(
            f"gap check {check_id}: unknown parameter {', '.join(sorted(unknown))} "
            f"(it takes: {known})"
        )
    merged = {**spec.params, **params}
    return spec, {k: _expand(resolve(kg, v)) for k, v in merged.items() if v is not None}


def _takes_network(spec: CheckSpec) -> bool:
    """Whether the check's function takes the projected network (``network=``)."""
    import inspect

    if not spec.network:
        return False
    try:
        found = inspect.signature(spec.run).parameters
    except (TypeError, ValueError):
        return False
    return "network" in found or any(p.kind is p.VAR_KEYWORD for p in found.values())


def gaps(
    kg: KnowledgeGraph,
    only: Iterable[str] | None = None,
    lang: str = "en",
    *,
    params: dict[str, dict[str, Any]] | None = None,
    progress: Callable[[str], None] | None = None,
    notice: Callable[[str], None] | None = None,
    network: nx.Graph[Any] | None = None,
) -> Findings:
    """Run the gap checks (all, or those in ``only``) and return their findings, in order.

    ``params`` maps a check id to its parameters, e.g.
    ``{"region-uncovered": {"kind": "ig:Negotiation"}}``; ``progress`` is called with each
    check id before it runs. Defaults come from the graph's programme (see
    :mod:`intlgraph.programme`); in a graph without one, the checks that need it are skipped
    and ``notice`` (else ``progress``) is told which and why. The checks that read the
    cooperation network share one projection per day: ``network``, when it is the one of
    ``kg`` on their day (:func:`intlgraph.network.project` of ``kg``, English labels), else
    their own.

    >>> import intlgraph
    >>> kg = intlgraph.load()
    >>> found = intlgraph.gaps(kg, only=["memberships-sought", "region-uncovered"],
    ...                        params={"region-uncovered": {"kind": "ig:Negotiation"}})
    >>> found.counts()
    {'memberships-sought': 1, 'region-uncovered': 3}
    >>> [(f.subject.rsplit("/", 1)[-1], f.severity) for f in found]
    [('gctu', 'high'), ('KGZ', 'low'), ('TJK', 'low'), ('TKM', 'medium')]
    """
    from intlgraph.programme import ProgrammeError, is_reference, programmes

    wanted = list(only) if only else ids()
    for check_id in wanted:
        get(check_id)  # unknown ids fail before anything runs
    params = params or {}

    def needs(spec: CheckSpec) -> bool:
        given = params.get(spec.id, {})
        if any(is_reference(v) and given.get(k) is None for k, v in spec.params.items()):
            return True
        if spec.query is None:
            return False
        from intlgraph import named_queries

        query = named_queries.get(spec.query)
        return any(is_reference(p.default) and p.name not in spec.params for p in query.params)

    needs_programme = [check_id for check_id in wanted if needs(get(check_id))]
    skip: set[str] = set()
    if needs_programme:
        try:
            kg.programme()
        except ProgrammeError as error:
            if programmes(kg) or only:
                raise  # several programmes and none chosen, or checks asked for by name
            skip = set(needs_programme)
            tell = notice or progress
            if tell is not None:
                tell(f"skipped the checks {', '.join(needs_programme)}: {error}")
    from intlgraph.gaps.resolve import finalise
    from intlgraph.network import parse_as_of, project

    # the checks that read the cooperation network share one projection per day (English
    # labels: suggested-ties breaks equal scores by the candidates' names)
    projected: dict[str, nx.Graph[Any]] = {}
    if network is not None and network.graph.get("lang", "en") == "en":
        projected[network.graph.get("as_of", "latest")] = network
    found = Findings(lang=lang)
    for check_id in wanted:
        if check_id in skip:
            continue
        if progress is not None:
            progress(check_id)
        spec, given = _arguments(kg, check_id, params.get(check_id, {}))
        if _takes_network(spec):
            day = parse_as_of(given.get("as_of"))
            key = day.isoformat() if day else "latest"
            if key not in projected:
                projected[key] = project(kg, as_of=day)
            given["network"] = projected[key]
        found.extend(finalise(kg, spec.run(kg, **given), lang=lang))
    return found


def _one(check_id: str, example: str) -> Callable[..., Findings]:
    def check(kg: KnowledgeGraph, *, lang: str = "en", **params: Any) -> Findings:
        return run(kg, check_id, lang=lang, **params)

    spec = get(check_id)
    check.__name__ = check_id.replace("-", "_")
    check.__qualname__ = check.__name__
    check.__doc__ = (
        f"{describe(spec)}\n\nParameters (defaults): {dict(spec.params)}.\n\n"
        + textwrap.dedent(example).strip()
    )
    return check


conventions_not_ratified = _one(
    "conventions-not-ratified",
    """
    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> found = intlgraph.gaps.conventions_not_ratified(kg)
    >>> len(found), found[5].severity, found[5].title.en
    (20, 'high', 'C131 Minimum Wage Fixing Convention, 1970: not ratified by Kazakhstan
    (latest status: pending, 2025-09-10)')
    >>> [e.role for e in found[5].evidence]
    ['programme-aim', 'latest-status', 'planned-measure', 'planned-measure']
    """,
)
partners_without_agreement = _one(
    "partners-without-agreement",
    """
    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> found = intlgraph.gaps.partners_without_agreement(kg)
    >>> [(f.entities[0].label.en, f.severity) for f in found]
    [('Federation of Independent Trade Unions of Russia', 'medium'), ('General Confederation of
    Trade Unions', 'high'), ('International Labour Organization', 'low'), ('International Labour
    Office, Geneva (ILO headquarters)', 'medium'), ('ILO Moscow Office', 'medium'), ('Trades Union
    Congress', 'low')]
    >>> len(intlgraph.gaps.partners_without_agreement(kg, as_of="2021-06-02"))  # and the ITUC
    7
    """,
)
memberships_sought = _one(
    "memberships-sought",
    """
    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> [f.title.en for f in intlgraph.gaps.memberships_sought(kg)]
    ['GCTU: membership sought by FPRK, not (yet) granted']
    >>> intlgraph.gaps.memberships_sought(kg, as_of="2021-06-02")[1].title.en
    'ITUC: membership sought by FPRK, not (yet) granted as of 2021-06-02; known later: restored
    2022-11-01'
    """,
)
branch_unions_unaffiliated = _one(
    "branch-unions-unaffiliated",
    """
    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> found = intlgraph.gaps.branch_unions_unaffiliated(kg)
    >>> [f.title.en for f in found]
    ['Kazprofmetall: no international affiliation known; the programme states memberships in 3
     international organisations',
     'Trade Union of Workers of the Construction Complex and Housing and Communal Services: no
     international affiliation known; the programme states memberships in 3 international
     organisations',
     '12 of the 23 branch unions have no international activity (programme: 11 active, in 25
     distinct international sectoral unions); the graph names 3, 1 with a known affiliation (2
     international bodies)']
    """,
)
region_uncovered = _one(
    "region-uncovered",
    """
    >>> import intlgraph
    >>> kg = intlgraph.load()
    >>> [f.title.en for f in intlgraph.gaps.region_uncovered(kg)]
    ['Turkmenistan: no national centre named, so no memorandum of understanding with FPRK']
    >>> [f.entities[0].label.en for f in intlgraph.gaps.region_uncovered(kg, kind="ig:Negotiation")]
    ['Kyrgyzstan', 'Tajikistan', 'Turkmenistan']
    """,
)
goals_without_measures = _one(
    "goals-without-measures",
    """
    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> intlgraph.gaps.goals_without_measures(kg)  # every goal and task is served
    []
    """,
)
planned_without_outcome = _one(
    "planned-without-outcome",
    """
    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> len(intlgraph.gaps.planned_without_outcome(kg))
    32
    >>> projects = intlgraph.gaps.planned_without_outcome(kg, kinds=["ig:Project"])
    >>> len(projects), projects[0].title.en
    (4, 'Continuing joint projects with United Nations bodies every year (section 4): planned, no
    outcome recorded')
    """,
)
stated_vs_known = _one(
    "stated-vs-known",
    """
    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> found = intlgraph.gaps.stated_vs_known(kg)
    >>> len(found), found[-2].title.en
    (12, 'Memoranda with 12 foreign national centres (10 named): 12 stated, 10 known in the graph')
    """,
)
single_broker_ties = _one(
    "single-broker-ties",
    """
    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> [f.title.en for f in intlgraph.gaps.single_broker_ties(kg)]
    ['EI: reached from FPRK only through KTUESW', 'ETUCE: reached from FPRK only through KTUESW',
    'ILO Committee of Experts on the Application of Conventions and Recommendations: reached from
    FPRK only through ILO']
    """,
)
suggested_ties = _one(
    "suggested-ties",
    """
    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> best = intlgraph.gaps.suggested_ties(kg, top=1)[0]
    >>> best.title.en, round(best.score, 2)
    ('EI: not tied to FPRK, but shares 1 partner with it: KTUESW', 0.91)
    """,
)


class _CallableModule(types.ModuleType):
    """``intlgraph.gaps`` is both this package and, when called, :func:`gaps`."""

    def __call__(
        self, kg: KnowledgeGraph, only: Iterable[str] | None = None, lang: str = "en", **kw: Any
    ) -> Findings:
        return _gaps(kg, only, lang, **kw)


_gaps = gaps
sys.modules[__name__].__class__ = _CallableModule
# ``intlgraph.gaps`` (the lazy export of the package) and ``from intlgraph.gaps import gaps``
# both give this callable module at run time, so ``intlgraph.gaps(kg)`` and
# ``intlgraph.gaps.region_uncovered(kg)`` work whichever is imported first; type checkers
# still see the function above.
globals()["gaps"] = sys.modules[__name__]
