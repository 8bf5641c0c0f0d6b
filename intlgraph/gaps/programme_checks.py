"""The gap checks answered by named queries (``queries/gaps/*.rq``).

Each function takes the graph and its parameters and returns :class:`~intlgraph.gaps.model.Draft`
findings; :func:`intlgraph.gaps.run` looks up their labels and sources.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from intlgraph.gaps.model import Basis, Draft, EvidenceDraft
from intlgraph.namespaces import ID, IG, RDF, STATUS
from intlgraph.output import records
from intlgraph.programme import resolve
from intlgraph.results import local_name

if TYPE_CHECKING:
    from intlgraph.kg import KnowledgeGraph

__all__ = [
    "branch_unions_unaffiliated",
    "conventions_not_ratified",
    "goals_without_measures",
    "memberships_sought",
    "partners_without_agreement",
    "planned_without_outcome",
    "region_uncovered",
    "stated_vs_known",
]

MEASURE = ID + "measure/"
RDF_VALUE = RDF + "value"
EDITORS = ID + "editors"
_ACHIEVED = {STATUS + "held", STATUS + "restored"}
_NOT_YET = {STATUS + "planned", STATUS + "sought"}

Row = dict[str, Any]


def _rows(kg: KnowledgeGraph, name: str, **params: Any) -> list[Row]:
    given = {k: v for k, v in params.items() if v is not None}
    return records(kg.query(f"gaps/{name}", labels=False, **given))


def _text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _day(value: Any) -> str:
    """A date-ish value as ISO text for comparing (``2022-11`` < ``2022-11-01``)."""
    return _text(value) if value is not None else ""


def _status(iri: Any) -> str:
    return local_name(str(iri)) if iri else ""


def _group(rows: Iterable[Row], key: str) -> dict[str, list[Row]]:
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(str(row[key]), []).append(row)
    return groups


def _unique(values: Iterable[Any]) -> list[str]:
    return list(dict.fromkeys(str(v) for v in values if v is not None))


def _existing_ties(
    kg: KnowledgeGraph, focal: str, others: list[str], as_of: str | None = None
) -> tuple[dict[str, list[Row]], dict[str, list[Row]]]:
    """Per organisation: the ties with ``focal`` that exist (known on ``as_of``) and later ones."""
    if not others:
        return {}, {}
    now: dict[str, list[Row]] = {}
    later: dict[str, list[Row]] = {}
    for row in _rows(kg, "ties-between", focal=focal, others=others):
        if row["planned"] or str(row["status"]) in _NOT_YET:
            continue
        bucket = later if as_of and row["asOf"] and _day(row["asOf"]) > as_of else now
        bucket.setdefault(str(row["others"]), []).append(row)
    return now, later


def _tie_evidence(rows: Iterable[Row], role: str) -> list[EvidenceDraft]:
    out: dict[str, EvidenceDraft] = {}
    for row in rows:
        tie = str(row["tie"])
        triples = [(tie, IG + "status", str(row["status"]))] if row["status"] else []
        if row["asOf"]:
            triples.append((tie, IG + "asOf", _text(row["asOf"])))
        out.setdefault(tie, EvidenceDraft(tie, role, triples))
    return list(out.values())


# --- conventions-not-ratified ------------------------------------------------------------


def conventions_not_ratified(
    kg: KnowledgeGraph, *, agreement: str | None = None, state: str | None = None
) -> list[Draft]:
    """Conventions the General Agreement lists that the state has not ratified (latest status)."""
    drafts = []
    for convention, rows in _group(
        _rows(kg, "conventions-not-ratified", agreement=agreement, state=state), "convention"
    ).items():
        first = rows[0]
        listing, country = str(first["agreement"]), str(first["state"])
        records = {str(r["ratification"]): r for r in rows if r["ratification"]}
        latest = max(records.values(), key=lambda r: _day(r["asOf"]), default=None)
        evidence = [
            EvidenceDraft(listing, "programme-aim", [(listing, IG + "listsInstrument", convention)])
        ]
        if latest is not None:
            rat = str(latest["ratification"])
            triples = [(rat, IG + "status", str(latest["status"]))]
            if latest["asOf"]:
                triples.append((rat, IG + "asOf", _text(latest["asOf"])))
            evidence.append(EvidenceDraft(rat, "latest-status", triples))
            status = _status(latest["status"])
            when = f", {_text(latest['asOf'])}" if latest["asOf"] else ""
            # the status by its label in each language (the vocabulary's skos:prefLabel)
            status_en = kg.label(str(latest["status"]), "en") or status
            status_ru = kg.label(str(latest["status"]), "ru") or status
            title_en = f"{{e0}}: not ratified by {{e1}} (latest status: {status_en}{when})"
            title_ru = f"{{e0}}: не ратифицирована ({{e1}}; последний статус: {status_ru}{when})"
        else:
            title_en = "{e0}: not ratified by {e1}"
            title_ru = "{e0}: не ратифицирована ({e1})"
        for measure in _unique(r["measure"] for r in rows):
            evidence.append(
                EvidenceDraft(
                    measure, "planned-measure", [(measure, IG + "addressesInstrument", convention)]
                )
            )
        drafts.append(
            Draft(
                gap="conventions-not-ratified",
                title_en=title_en,
                title_ru=title_ru,
                basis=Basis.GOAL_BLOCKED,
                entities=[(convention, None), (country, "ig:Country")],
                evidence=evidence,
            )
        )
    return drafts


# --- partners-without-agreement ------------------------------------------------------------


def partners_without_agreement(
    kg: KnowledgeGraph, *, focal: str | None = None, as_of: str | dt.date | None = None
) -> list[Draft]:
    """Programme targets with no signed or held agreement and no membership that holds."""
    focal = focal or resolve(kg, "$focal")
    day = _text(as_of) if as_of else None
    rows = _rows(kg, "partners-without-agreement", focal=focal, as_of=day)
    groups = _group(rows, "target")
    existing, later = _existing_ties(kg, focal, list(groups), day)
    drafts = []
    for target, target_rows in groups.items():
        kinds = {str(r["kind"]) for r in target_rows}
        evidence = []
        for measure in _unique(r["measure"] for r in target_rows):
            sought = any(
                str(r["measure"]) == measure and str(r["kind"]) == IG + "Membership"
                for r in target_rows
            )
            role = "sought-membership" if sought else "planned-measure"
            evidence.append(EvidenceDraft(measure, role, [(measure, IG + "party", target)]))
        ties = existing.get(target, [])
        evidence += _tie_evidence(ties, "existing-tie")
        evidence += _tie_evidence(later.get(target, []), "known-later")
        if IG + "Membership" in kinds:
            basis = Basis.GOAL_BLOCKED
            title_en = "{e0}: membership sought by {e1}, not held; no signed agreement"
            title_ru = "{e0}: {e1} добивается членства, членства нет; нет подписанного соглашения"
        elif ties:
            basis = Basis.WEAK_TIE
            title_en = (
                "{e0}: a programme target tied to {e1}, but by no signed agreement or membership"
            )
            title_ru = (
                "{e0}: цель программы; связь с {e1} есть, "
                "но нет подписанного соглашения или членства"
            )
        else:
            basis = Basis.NO_TIE
            title_en = "{e0}: a programme target with no tie to {e1} at all"
            title_ru = "{e0}: цель программы без каких-либо связей с {e1}"
        if day:
            title_en += f" (as of {day})"
            title_ru += f" (на {day})"
        drafts.append(
            Draft(
                gap="partners-without-agreement",
                title_en=title_en,
                title_ru=title_ru,
                basis=basis,
                entities=[(target, None), (focal, None)],
                evidence=evidence,
            )
        )
    return drafts


# --- memberships-sought ----------------------------------------------------------------------

_ROLE_OF = {
    "step": "planned-step",
    "outcome": "outcome",
    "record": "other-record",
    "sub-body": "sub-body-membership",
}


def memberships_sought(
    kg: KnowledgeGraph, *, focal: str | None = None, as_of: str | dt.date | None = None
) -> list[Draft]:
    """Bodies whose membership the federation seeks and no outcome has granted (yet)."""
    focal = focal or resolve(kg, "$focal")
    day = _text(as_of) if as_of else None
    rows = _rows(kg, "memberships-sought", focal=focal, as_of=day)
    drafts = []
    for membership, group in _group(rows, "membership").items():
        body = str(group[0]["body"])
        evidence = [
            EvidenceDraft(
                membership, "sought-membership", [(membership, IG + "status", STATUS + "sought")]
            )
        ]
        later_notes: list[str] = []
        for row in group:
            if not row["related"]:
                continue
            related, role = str(row["related"]), _ROLE_OF.get(str(row["role"]), "related")
            triples = []
            if row["relatedStatus"]:
                triples.append((related, IG + "status", str(row["relatedStatus"])))
            if row["relatedOn"]:
                triples.append((related, IG + "asOf", _text(row["relatedOn"])))
            if row["role"] == "outcome":
                triples.insert(0, (related, IG + "outcomeOf", membership))
            is_later = bool(day and row["relatedOn"] and _day(row["relatedOn"]) > day)
            if is_later and role != "planned-step":
                role = "known-later"
                later_notes.append(
                    f"{_status(row['relatedStatus'])} {_text(row['relatedOn'])}".strip()
                )
            if not any(e.node == related for e in evidence):
                evidence.append(EvidenceDraft(related, role, triples))
        title_en = "{e0}: membership sought by {e1}, not (yet) granted"
        title_ru = "{e0}: {e1} добивается членства, членство (пока) не получено"
        if later_notes:
            notes = ", ".join(dict.fromkeys(later_notes))
            title_en += f" as of {day}; known later: {notes}"
            title_ru += f" на {day}; позже: {notes}"
        drafts.append(
            Draft(
                gap="memberships-sought",
                title_en=title_en,
                title_ru=title_ru,
                basis=Basis.GOAL_BLOCKED,
                entities=[(body, None), (focal, None)],
                evidence=evidence,
            )
        )
    return drafts


# --- branch-unions-unaffiliated ----------------------------------------------------------------


def branch_unions_unaffiliated(kg: KnowledgeGraph) -> list[Draft]:
    """Branch unions with no known international affiliation, against the stated counts."""
    drafts = []
    for union, rows in _group(_rows(kg, "branch-unions-unaffiliated"), "union").items():
        figure, stated = rows[0]["figure"], rows[0]["stated"]
        evidence = []
        if figure:
            evidence.append(
                EvidenceDraft(str(figure), "stated-figure", [(str(figure), RDF_VALUE, str(stated))])
            )
            title_en = (
                f"{{e0}}: no international affiliation known; the programme states memberships "
                f"in {stated} international organisations"
            )
            title_ru = (
                f"{{e0}}: международное членство неизвестно; программа указывает членство "
                f"в {stated} международных организациях"
            )
            basis = Basis.DATA_GAP
        else:
            title_en, title_ru = (
                "{e0}: no known international affiliation",
                "{e0}: международное членство неизвестно",
            )
            basis = Basis.NO_TIE
        drafts.append(
            Draft(
                gap="branch-unions-unaffiliated",
                title_en=title_en,
                title_ru=title_ru,
                basis=basis,
                entities=[(union, None)],
                evidence=evidence,
            )
        )
    drafts += _branch_union_totals(kg)
    return drafts


def _branch_union_totals(kg: KnowledgeGraph) -> list[Draft]:
    """One finding for the branch unions the programme counts but the graph cannot name."""
    wanted = {
        MEASURE + "branch-unions": "total",
        MEASURE + "branch-unions-active-internationally": "active",
        MEASURE + "international-memberships-of-branch-unions": "bodies",
    }
    figures: dict[str, tuple[str, int, list[str]]] = {}
    for figure, rows in _group(_rows(kg, "stated-vs-known"), "figure").items():
        key = wanted.get(str(rows[0]["measure"]))
        if key:
            figures[key] = (figure, int(rows[0]["value"]), _unique(r["item"] for r in rows))
    if {"total", "active"} - set(figures):
        return []
    total, active = figures["total"], figures["active"]
    inactive = total[1] - active[1]
    if inactive <= 0:
        return []
    evidence = [
        EvidenceDraft(fig, "stated-figure", [(fig, RDF_VALUE, str(value))])
        for fig, value, _ in figures.values()
    ]
    for _figure, _value, items in figures.values():
        evidence += [EvidenceDraft(item, "known", []) for item in items]
    bodies = figures.get("bodies")
    known_bodies = len(bodies[2]) if bodies else 0
    stated_bodies = bodies[1] if bodies else 0
    return [
        Draft(
            gap="branch-unions-unaffiliated",
            title_en=(
                f"{inactive} of the {total[1]} branch unions have no international activity "
                f"(programme: {active[1]} active, in {stated_bodies} distinct international "
                f"sectoral unions); the graph names {len(total[2])}, {len(active[2])} with a known "
                f"affiliation ({known_bodies} international bodies)"
            ),
            title_ru=(
                f"{inactive} из {total[1]} отраслевых профсоюзов не ведут международной "
                f"деятельности (программа: {active[1]} активны, состоят в {stated_bodies} "
                f"различных международных отраслевых профсоюзах); в графе названы "
                f"{len(total[2])}, с известным членством {len(active[2])} "
                f"({known_bodies} международных организаций)"
            ),
            basis=Basis.NO_TIE,
            entities=[(active[0], "ig:StatedFigure"), (total[0], "ig:StatedFigure")],
            evidence=evidence,
        )
    ]


# --- region-uncovered --------------------------------------------------------------------------


def region_uncovered(
    kg: KnowledgeGraph,
    *,
    region: str | None = None,
    kind: str | None = None,
    focal: str | None = None,
) -> list[Draft]:
    """Countries of a region whose national centre has no tie of ``kind`` with the federation."""
    focal = focal or resolve(kg, "$focal")
    rows = _rows(kg, "region-uncovered", region=region, kind=kind, focal=focal)
    groups = _group(rows, "country")
    centres = {c: _unique(r["centre"] for r in g) for c, g in groups.items()}
    existing, _ = _existing_ties(kg, focal, sorted({x for cs in centres.values() for x in cs}))
    drafts = []
    for country, group in groups.items():
        the_region, the_kind = str(group[0]["region"]), str(group[0]["kind"])
        evidence = [
            EvidenceDraft(
                the_region, "programme-aim", [(the_region, IG + "includesCountry", country)]
            )
        ]
        for measure in _unique(r["measure"] for r in group):
            evidence.append(
                EvidenceDraft(
                    measure, "planned-measure", [(measure, IG + "targetCountry", country)]
                )
            )
        named = centres[country]
        ties = [t for c in named for t in existing.get(c, [])]
        evidence += _tie_evidence(ties, "existing-tie")
        if not named:
            title_en = "{e0}: no national centre named, so no {r0} with {e1}"
            title_ru = "{e0}: национальный профцентр не назван, поэтому нет связи «{r0}» с {e1}"
        else:
            title_en = "{e0}: the national centre {e2} has no {r0} with {e1}"
            title_ru = "{e0}: у национального профцентра {e2} нет связи «{r0}» с {e1}"
        drafts.append(
            Draft(
                gap="region-uncovered",
                title_en=title_en,
                title_ru=title_ru,
                basis=Basis.WEAK_TIE if ties else Basis.NO_TIE,
                entities=[(country, "ig:Country"), (focal, None), *((c, None) for c in named)],
                evidence=evidence,
                refs=[the_kind],
            )
        )
    return drafts


# --- goals-without-measures --------------------------------------------------------------------


def goals_without_measures(kg: KnowledgeGraph) -> list[Draft]:
    """Goals and tasks no planned measure of the programme serves (editors' links)."""
    drafts = []
    for row in _rows(kg, "goals-without-measures"):
        aim, kind, number = str(row["aim"]), str(row["kind"]), row["ordinal"]
        is_goal = kind == IG + "Goal"
        what_en = f"Goal {number}" if is_goal else f"Task {number}"
        what_ru = f"Цель {number}" if is_goal else f"Задача {number}"
        drafts.append(
            Draft(
                gap="goals-without-measures",
                title_en=f"{what_en}: no planned measure of the programme serves it "
                "(by the editors' goal alignments, an interpretation)",
                title_ru=f"{what_ru}: ей не служит ни одна мера программы "
                "(по соотнесению редакторов — это интерпретация)",
                basis=Basis.NO_MEASURE,
                entities=[(aim, None), (EDITORS, None)],
                evidence=[EvidenceDraft(aim, "programme-aim", [])],
            )
        )
    return drafts


# --- planned-without-outcome -------------------------------------------------------------------


def planned_without_outcome(kg: KnowledgeGraph, *, kinds: list[str] | None = None) -> list[Draft]:
    """Planned events, visits, projects and trainings with no recorded outcome."""
    drafts = []
    for measure, rows in _group(
        _rows(kg, "planned-without-outcome", kinds=kinds), "measure"
    ).items():
        sections = _unique(r["number"] for r in rows)
        item = rows[0]["item"]
        where = ", ".join(sections) + (f" item {item}" if item else "")
        where_ru = ", ".join(sections) + (f" п. {item}" if item else "")
        status = next((str(r["status"]) for r in rows if r["status"]), None)
        triples = [(measure, IG + "status", status)] if status else []
        drafts.append(
            Draft(
                gap="planned-without-outcome",
                title_en=f"{{e0}} (section {where}): planned, no outcome recorded",
                title_ru=f"{{e0}} (раздел {where_ru}): запланировано, результат не записан",
                basis=Basis.NO_OUTCOME,
                entities=[(measure, None)],
                evidence=[EvidenceDraft(measure, "planned-measure", triples)],
            )
        )
    return drafts


# --- stated-vs-known ----------------------------------------------------------------------------


def stated_vs_known(kg: KnowledgeGraph) -> list[Draft]:
    """Figures the sources state above the individuals the graph knows for them."""
    drafts = []
    for figure, rows in _group(_rows(kg, "stated-vs-known"), "figure").items():
        value, bound = int(rows[0]["value"]), _status(rows[0]["bound"])
        items = _unique(r["item"] for r in rows)
        known = len(items)
        complete = known > value if bound == "more-than" else known >= value
        if complete:
            continue
        triples = [(figure, RDF_VALUE, str(value))]
        if rows[0]["bound"]:
            triples.append((figure, IG + "bound", str(rows[0]["bound"])))
        drafts.append(
            Draft(
                gap="stated-vs-known",
                title_en=f"{{e0}}: {value} stated, {known} known in the graph",
                title_ru=f"{{e0}}: указано {value}, в графе известно {known}",
                basis=Basis.DATA_GAP,
                entities=[
                    (figure, "ig:StatedFigure"),
                    (str(rows[0]["measure"]), "ig:FigureMeasure"),
                ],
                evidence=[
                    EvidenceDraft(figure, "stated-figure", triples),
                    *(EvidenceDraft(item, "known", []) for item in items),
                ],
            )
        )
    return drafts
