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
>>> len(region_uncovered(kg, kind="ig:Negotiation"))
3

The module itself is callable: ``intlgraph.gaps(kg)`` is :func:`gaps`.
"""

from __future__ import annotations

import sys
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


def run(kg: KnowledgeGraph, check_id: str, *, lang: str = "en", **params: Any) -> Findings:
    """Run one check with its default parameters overridden by ``params``.

    >>> import intlgraph
    >>> run(intlgraph.load(), "memberships-sought")[0].entities[0].label.en
    'General Confederation of Trade Unions'
    """
    from intlgraph.exc import GapCheckError
    from intlgraph.gaps.resolve import finalise

    spec = get(check_id)
    unknown = set(params) - set(spec.params)
    if unknown:
        known = ", ".join(spec.params) or "none"
        raise GapCheckError(
            f"gap check {check_id}: unknown parameter {', '.join(sorted(unknown))} "
            f"(it takes: {known})"
        )
    merged = {**spec.params, **params}
    given = {k: _expand(v) for k, v in merged.items() if v is not None}
    return finalise(kg, spec.run(kg, **given), lang=lang)


def gaps(
    kg: KnowledgeGraph,
    only: Iterable[str] | None = None,
    lang: str = "en",
    *,
    params: dict[str, dict[str, Any]] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Findings:
    """Run the gap checks (all, or those in ``only``) and return their findings, in order.

    ``params`` maps a check id to its parameters, e.g.
    ``{"region-uncovered": {"kind": "ig:Negotiation"}}``; ``progress`` is called with each
    check id before it runs.
    """
    wanted = list(only) if only else ids()
    for check_id in wanted:
        get(check_id)  # unknown ids fail before anything runs
    params = params or {}
    found = Findings(lang=lang)
    for check_id in wanted:
        if progress is not None:
            progress(check_id)
        found.extend(run(kg, check_id, lang=lang, **params.get(check_id, {})))
    return found


def _one(check_id: str) -> Callable[..., Findings]:
    def check(kg: KnowledgeGraph, *, lang: str = "en", **params: Any) -> Findings:
        return run(kg, check_id, lang=lang, **params)

    spec = get(check_id)
    check.__name__ = check_id.replace("-", "_")
    check.__qualname__ = check.__name__
    check.__doc__ = f"{describe(spec)}\n\nParameters (defaults): {dict(spec.params)}."
    return check


conventions_not_ratified = _one("conventions-not-ratified")
partners_without_agreement = _one("partners-without-agreement")
memberships_sought = _one("memberships-sought")
branch_unions_unaffiliated = _one("branch-unions-unaffiliated")
region_uncovered = _one("region-uncovered")
goals_without_measures = _one("goals-without-measures")
planned_without_outcome = _one("planned-without-outcome")
stated_vs_known = _one("stated-vs-known")
single_broker_ties = _one("single-broker-ties")
suggested_ties = _one("suggested-ties")


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
