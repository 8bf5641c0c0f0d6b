"""The gap checks against the programme's own answers (issue 4), on the bundled graph.

Every expected answer is derived from the programme text (data/source/program-2021.ru.md) and
the data: e.g. the General Agreement lists 20 conventions (4.2) and Kazakhstan has ratified
none of them (C131: law passed in 2025, ILO registration not verified: pending); of the
Central Asian countries (5.3) only Turkmenistan has no memorandum (its national centre is not
named); of the priority-visit targets (5.1) the Federation of Independent Trade Unions of
Russia, the British TUC, the ITUC and the ILO had no signed agreement or membership in 2021.
User files passed with ``load(extra=...)`` show that recording an outcome, a memorandum or a
ratification removes the finding.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, RunCli

import intlgraph
from intlgraph.gaps import SEVERITIES, Basis, CheckSpec, Findings, Text, severity
from intlgraph.gaps.model import Draft

ID = "https://w3id.org/intlgraph/id/"
ORG = ID + "org/"
ACT = ID + "activity/"
TIE = ID + "tie/"
FIG = ID + "figure/"
COUNTRY = ID + "country/"
ILO = ID + "instrument/"
IG = "https://w3id.org/intlgraph/ont#"

GA_CONVENTIONS = [
    "C047", "C097", "C102", "C117", "C118", "C131", "C132", "C143", "C154", "C157",
    "C158", "C159", "C160", "C161", "C168", "C173", "C175", "C184", "C189", "C190",
]  # fmt: skip


BUILT_IN = [
    "conventions-not-ratified", "partners-without-agreement", "memberships-sought",
    "branch-unions-unaffiliated", "region-uncovered", "goals-without-measures",
    "planned-without-outcome", "stated-vs-known", "single-broker-ties", "suggested-ties",
]  # fmt: skip


def local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def kg(bundled_kg: intlgraph.KnowledgeGraph) -> intlgraph.KnowledgeGraph:
    return bundled_kg


@pytest.fixture(scope="module")
def found(kg: intlgraph.KnowledgeGraph) -> Findings:
    result: Findings = intlgraph.gaps(kg)
    return result


def subjects(findings: Findings, gap: str) -> list[str]:
    return [local(s) for s in findings.subjects(gap)]


def evidence_of(finding: intlgraph.gaps.Finding) -> dict[str, str]:
    return {local(e.node): e.role for e in finding.evidence}


# --- conventions-not-ratified -----------------------------------------------------------------


def test_general_agreement_conventions_none_ratified_c131_pending(found: Findings) -> None:
    own = found.only("conventions-not-ratified")
    assert subjects(found, "conventions-not-ratified") == GA_CONVENTIONS
    assert {f.severity for f in own} == {"high"}
    assert all(local(f.entities[1].iri) == "KAZ" for f in own)
    by_code = {local(f.subject): f for f in own}
    # C131 is shown with its latest status (pending since the Mazhilis passed the law in 2025)
    c131 = by_code["C131"]
    assert "pending" in c131.title.en and "2025-09-10" in c131.title.en
    assert evidence_of(c131)["KAZ-C131"] == "latest-status"
    rat = next(e for e in c131.evidence if local(e.node) == "KAZ-C131")
    assert (rat.node, IG + "status", "https://w3id.org/intlgraph/vocab/status/pending") in set(
        rat.triples
    )
    assert "kz_ratifications.csv" in {s.file for s in rat.sources}
    # the other 19 have no ratification record at all
    others = [f for code, f in by_code.items() if code != "C131"]
    assert len(others) == 19
    assert all("latest-status" not in evidence_of(f).values() for f in others)
    # the planned measures addressing each: the 4.2 consultations on all 20, plus the C131
    # working group and the C190 expert meeting (4.1 item 1)
    assert all(
        evidence_of(f).get("ga-ratification-consultations") == "planned-measure" for f in own
    )
    assert "c131-working-group" in evidence_of(c131)
    assert "c190-expert-meeting" in evidence_of(by_code["C190"])
    ga = next(e for e in own[0].evidence if e.role == "programme-aim")
    assert local(ga.node) == "general-agreement-2021-2023"
    assert [s.section for s in ga.sources] == ["4.2"]


def test_a_later_ratification_removes_the_convention() -> None:
    kg = intlgraph.load(extra=[FIXTURES / "gaps_ratified.ttl"], engine="oxigraph")
    found = intlgraph.gaps.conventions_not_ratified(kg)
    assert [local(s) for s in found.subjects()] == [c for c in GA_CONVENTIONS if c != "C190"]


# --- partners-without-agreement ---------------------------------------------------------------


def test_targets_without_agreement_latest(found: Findings) -> None:
    own = {local(f.subject): f for f in found.only("partners-without-agreement")}
    # ITUC membership was restored in November 2022, so only these remain
    assert sorted(own) == ["fnpr", "gctu", "ilo", "ilo-geneva", "ilo-moscow-office", "tuc"]
    assert {k: f.severity for k, f in own.items()} == {
        "fnpr": "medium",  # no tie at all
        "gctu": "high",  # membership sought, not held (goal 5)
        "ilo": "low",  # cooperation, but no agreement
        "ilo-geneva": "medium",
        "ilo-moscow-office": "medium",  # 4.1 item 9: a visit, no tie (issue #14, W6)
        "tuc": "low",  # negotiations held (section 2), no agreement
    }
    assert evidence_of(own["ilo"])["cooperation-ilo"] == "existing-tie"
    assert evidence_of(own["tuc"])["negotiation-tuc"] == "existing-tie"
    assert evidence_of(own["fnpr"]) == {"visit-fnpr": "planned-measure"}


def test_priority_visit_targets_without_agreement_in_2021(kg: intlgraph.KnowledgeGraph) -> None:
    found = intlgraph.gaps.partners_without_agreement(kg, as_of="2021-06-02")
    own = {local(f.subject): f for f in found}
    assert sorted(own) == ["fnpr", "gctu", "ilo", "ilo-geneva", "ilo-moscow-office", "ituc", "tuc"]
    priority = {local(f.subject) for f in found if any(
        e.role == "planned-measure" and e.sources and e.sources[0].section == "5.1"
        for e in f.evidence
    )}  # fmt: skip
    assert priority == {"fnpr", "tuc", "ituc", "ilo"}
    # the ITUC: sought in 2021, restored later (shown as what is known later)
    assert evidence_of(own["ituc"])["m-fprk-ituc-2022"] == "known-later"
    assert own["ituc"].severity == "high"


def test_a_memorandum_removes_the_target() -> None:
    kg = intlgraph.load(extra=[FIXTURES / "gaps_memorandum.ttl"], engine="oxigraph")
    found = intlgraph.gaps.partners_without_agreement(kg)
    assert "fnpr" not in {local(s) for s in found.subjects()}
    assert len(found) == 5


# --- memberships-sought -----------------------------------------------------------------------


def test_memberships_sought(kg: intlgraph.KnowledgeGraph, found: Findings) -> None:
    assert subjects(found, "memberships-sought") == ["gctu"]
    gctu = found.only("memberships-sought")[0]
    assert gctu.severity == "high"
    assert evidence_of(gctu) == {
        "m-fprk-gctu-2021": "sought-membership",
        "m-fprk-gctu-2009": "other-record",  # the conflicting 2009 listing
        "membership-renewal-algorithms": "planned-step",  # 4.3: both bodies
        "support-gctu-commission": "planned-step",
    }
    in_2021 = intlgraph.gaps.memberships_sought(kg, as_of="2021-06-02")
    assert [local(s) for s in in_2021.subjects()] == ["gctu", "ituc"]
    ituc = in_2021[1]
    assert "known later: restored 2022-11-01" in ituc.title.en
    assert evidence_of(ituc) == {
        "m-fprk-ituc-2021": "sought-membership",
        "m-fprk-ituc-2022": "known-later",
        "contacts-ituc-affiliates": "planned-step",
        "inform-ituc": "planned-step",
        "visit-ituc-brussels-membership": "planned-step",
        "membership-renewal-algorithms": "planned-step",
    }  # the chairman's ITUC-PERC office (2024) is not a membership (issue #14, R1)


def test_an_outcome_grants_the_membership() -> None:
    kg = intlgraph.load(extra=[FIXTURES / "gaps_ratified.ttl"], engine="oxigraph")
    assert len(intlgraph.gaps.memberships_sought(kg)) == 0
    assert "gctu" not in {
        local(s) for s in intlgraph.gaps.partners_without_agreement(kg).subjects()
    }


# --- branch-unions-unaffiliated ---------------------------------------------------------------


def test_branch_unions_unaffiliated(found: Findings) -> None:
    own = found.only("branch-unions-unaffiliated")
    assert subjects(found, "branch-unions-unaffiliated") == [
        "kazprofmetall",
        "kz-construction-union",
        "branch-unions-active-2021",
    ]
    assert [f.severity for f in own] == ["low", "low", "medium"]
    assert own[0].title.en.endswith(
        "the programme states memberships in 3 international organisations"
    )
    total = own[2].title.en
    assert total.startswith("12 of the 23 branch unions have no international activity")
    assert "(programme: 11 active, in 25 distinct international sectoral unions)" in total
    assert "names 3, 1 with a known affiliation (2 international bodies)" in total


# --- region-uncovered -------------------------------------------------------------------------


def test_central_asia_without_memorandum_is_turkmenistan(found: Findings) -> None:
    assert subjects(found, "region-uncovered") == ["TKM"]
    tkm = found.only("region-uncovered")[0]
    assert "no national centre named" in tkm.title.en
    assert "национальный профцентр не назван" in tkm.title.ru
    assert [local(e.iri) for e in tkm.entities] == ["TKM", "fprk"]  # no centre is invented
    assert tkm.severity == "medium"
    assert evidence_of(tkm)["central-asia-bilateral-meetings"] == "planned-measure"


def test_region_uncovered_by_tie_kind(kg: intlgraph.KnowledgeGraph) -> None:
    negotiations = intlgraph.gaps.region_uncovered(kg, kind="ig:Negotiation")
    assert [local(s) for s in negotiations.subjects()] == ["KGZ", "TJK", "TKM"]
    centres = {local(f.subject): [local(e.iri) for e in f.entities[2:]] for f in negotiations}
    assert centres == {"KGZ": ["ftu-kyrgyzstan"], "TJK": ["fitu-tajikistan"], "TKM": []}
    # a memorandum is an agreement: subclasses count
    agreements = intlgraph.gaps.region_uncovered(kg, kind=IG + "Agreement")
    assert [local(s) for s in agreements.subjects()] == ["TKM"]


def test_a_memorandum_with_a_turkmen_centre_covers_the_region() -> None:
    kg = intlgraph.load(extra=[FIXTURES / "gaps_memorandum.ttl"], engine="oxigraph")
    assert len(intlgraph.gaps.region_uncovered(kg)) == 0


# --- goals-without-measures -------------------------------------------------------------------


def test_goals_without_measures(found: Findings) -> None:
    # every goal (3.1) and task (3.3) is served by a measure of sections 4-6 (editors' links)
    assert subjects(found, "goals-without-measures") == []
    kg = intlgraph.load(extra=[FIXTURES / "gaps_goal.ttl"], engine="oxigraph")
    extra = intlgraph.gaps.goals_without_measures(kg)
    assert [local(s) for s in extra.subjects()] == ["g12-test"]
    assert "editors" in extra[0].title.en and "интерпретация" in extra[0].title.ru
    assert local(extra[0].entities[1].iri) == "editors"


# --- planned-without-outcome ------------------------------------------------------------------


def test_planned_without_outcome(found: Findings) -> None:
    names = subjects(found, "planned-without-outcome")
    assert len(names) == len(set(names)) == 32
    visits = [
        f"visit-{t}" for t in ("fnpr", "gtuc", "atuc", "ftu-uzbekistan", "tuc", "ituc", "ilo")
    ]
    assert set(visits) <= set(names)
    assert {"ilo-project-osh-recovery", "fes-women-seminars", "member-training-2021"} <= set(names)
    assert "un-joint-projects" in names  # section 4: joint projects with UN bodies every year
    # not events, visits, projects or trainings
    assert not {"aral-cross-border-cooperation", "ga-ratification-consultations"} & set(names)
    assert {f.severity for f in found.only("planned-without-outcome")} == {"medium"}


def test_an_outcome_removes_the_planned_measure() -> None:
    kg = intlgraph.load(extra=[FIXTURES / "gaps_outcome.ttl"], engine="oxigraph")
    names = [local(s) for s in intlgraph.gaps.planned_without_outcome(kg).subjects()]
    assert "visit-fnpr" not in names and len(names) == 31


def test_planned_without_outcome_other_kinds(kg: intlgraph.KnowledgeGraph) -> None:
    found = intlgraph.gaps.planned_without_outcome(kg, kinds=["ig:Consultation"])
    assert [local(s) for s in found.subjects()] == [
        "c131-working-group",
        "ga-ratification-consultations",
    ]


# --- stated-vs-known --------------------------------------------------------------------------


def test_stated_versus_known(found: Findings) -> None:
    got = {}
    for f in found.only("stated-vs-known"):
        stated, known = f.title.en.rsplit(": ", 1)[1].split(", ")
        got[local(f.subject)] = (int(stated.split()[0]), int(known.split()[0]))
    assert got == {
        "memoranda-national-centres-2021": (12, 10),
        "branch-unions-2021": (23, 3),
        "branch-unions-active-2021": (11, 1),
        "branch-union-memberships-2021": (25, 2),
        "education-union-memberships-2021": (4, 2),
        "kazprofmetall-memberships-2021": (3, 0),
        "construction-union-memberships-2021": (3, 0),
        "kz-ratified-2021": (24, 21),
        "kz-ratified-technical-2021": (12, 9),
        "kz-ratified-2024": (25, 21),
        "kz-ratified-2025": (28, 21),
        "partner-organisations-2021": (36, 22),  # USAID is no partner of the FPRK (#14, U3)
    }
    memoranda = next(f for f in found if local(f.subject) == "memoranda-national-centres-2021")
    known = sorted(local(e.node) for e in memoranda.evidence if e.role == "known")
    assert len(known) == 10 and "mou-gtuc" in known and "mou-ftu-kyrgyzstan" in known


# --- the two network checks -------------------------------------------------------------------


def test_single_broker_ties(found: Findings) -> None:
    brokers = {local(f.subject): local(f.entities[2].iri) for f in found.only("single-broker-ties")}
    assert brokers == {
        "ei": "kz-education-union",  # the education union's affiliations (reference table)
        "etuce": "kz-education-union",
        "ilo-ceacr": "ilo",
    }  # the GCTU Executive Committee is tied to the Federation by its resolution (section 2)


def test_suggested_ties(found: Findings) -> None:
    own = found.only("suggested-ties")
    assert own and all(f.score is not None and f.severity == "low" for f in own)
    assert [f.score for f in own] == sorted((f.score for f in own), reverse=True)  # type: ignore[type-var]
    # the UN is no suggestion: section 4 plans joint projects with UN bodies every year
    assert "un" not in {local(f.subject) for f in own}
    top = own[0]
    assert local(top.subject) == "ei"
    assert [local(e.iri) for e in top.entities[2:]] == ["kz-education-union"]
    assert "shares 1 partner" in top.title.en


# --- the findings' shape ----------------------------------------------------------------------


def test_json_fields_exactly(found: Findings) -> None:
    records = json.loads(found.to_json())
    assert len(records) == len(found) > 0
    for record in records:
        assert list(record) == ["gap", "title", "severity", "entities", "evidence", "score"]
        assert set(record["title"]) == {"en", "ru"} and all(record["title"].values())
        assert record["severity"] in SEVERITIES
        assert record["entities"]
        for entity in record["entities"]:
            assert list(entity) == ["iri", "label", "type"]
            assert set(entity["label"]) == {"en", "ru"}
        for item in record["evidence"]:
            assert list(item) == ["node", "label", "type", "role", "triples", "sources"]
            for source in item["sources"]:
                assert list(source) == ["iri", "label", "section", "file", "row", "urls"]
        if record["gap"] in BUILT_IN:  # a plugin check (e.g. peer-ratifications) may score
            assert (record["score"] is not None) == (record["gap"] == "suggested-ties")
    frame = found.to_frame()
    assert len(frame) == len(found) and frame.loc[0, "gap"] == "conventions-not-ratified"


def test_every_finding_traces_to_a_source(found: Findings) -> None:
    for finding in found:
        if finding.gap in {"goals-without-measures"}:
            continue
        assert finding.sources(), finding.title.en


def test_severity_rule() -> None:
    assert {b.value: severity(b) for b in Basis} == {
        "goal-blocked": "high",
        "no-tie": "medium",
        "no-outcome": "medium",
        "no-measure": "medium",
        "weak-tie": "low",
        "data-gap": "low",
        "suggestion": "low",
    }


def test_engines_agree(found: Findings) -> None:
    ox = intlgraph.load(engine="oxigraph")
    sparql_checks = [s.id for s in intlgraph.gaps.checks() if s.query]
    assert (
        ox_json(ox, sparql_checks)
        == Findings([f for f in found if f.gap in sparql_checks]).to_json()
    )


def ox_json(kg: intlgraph.KnowledgeGraph, only: list[str]) -> str:
    result: Findings = intlgraph.gaps(kg, only=only)
    return result.to_json()


def test_fresh_interpreter_gets_the_callable_module() -> None:
    import subprocess
    import sys

    code = (
        "import intlgraph\n"
        "g = intlgraph.gaps\n"
        "from intlgraph.gaps import gaps\n"
        "print(callable(g), callable(gaps), g is gaps, callable(g.region_uncovered))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "True", "True"]


def test_callable_module_and_unknown_ids(kg: intlgraph.KnowledgeGraph) -> None:
    import intlgraph.gaps as module

    assert callable(module) and len(module(kg, only=["region-uncovered"])) == 1
    with pytest.raises(intlgraph.IntlgraphError, match="no gap check 'nope'"):
        intlgraph.gaps(kg, only=["nope"])
    with pytest.raises(intlgraph.IntlgraphError, match="unknown parameter colour"):
        intlgraph.gaps.region_uncovered(kg, colour="red")


def test_registry_is_pluggable(kg: intlgraph.KnowledgeGraph) -> None:
    from intlgraph.gaps import registry

    def one(kg: intlgraph.KnowledgeGraph, *, who: str) -> list[Draft]:
        return [Draft("test-plugin", "{e0}: test", "{e0}: тест", Basis.DATA_GAP, [(who, None)])]

    spec = CheckSpec("test-plugin", Text("Test", "Тест"), "a test check", one, {"who": "o:fprk"})
    intlgraph.gaps.register(spec)
    try:
        got = intlgraph.gaps(kg, only=["test-plugin"])
        assert [(f.gap, f.title.en, f.severity) for f in got] == [
            ("test-plugin", "FPRK: test", "low")
        ]
        assert "test-plugin" in intlgraph.gaps.ids()
    finally:
        registry._REGISTRY.pop("test-plugin")


# --- command line -----------------------------------------------------------------------------


def test_cli_gaps_json_and_exit_codes(cli: RunCli, tmp_path: Path) -> None:
    result = cli("gaps", "--only", "region-uncovered", "--format", "json", "-q")
    assert result.returncode == 1, result.stderr  # findings
    records = json.loads(result.stdout)
    assert [r["entities"][0]["label"]["en"] for r in records] == ["Turkmenistan"]
    result = cli("gaps", "--only", "region-uncovered", "--param",
                 "region-uncovered.kind=ig:Negotiation", "--lang", "ru", "-q")  # fmt: skip
    assert result.returncode == 1
    assert "Кыргызстан" in result.stdout and "Туркменистан" in result.stdout
    result = cli("gaps", "--only", "goals-without-measures", "--format", "md", "-q")
    assert result.returncode == 0 and "goals-without-measures" not in result.stdout
    result = cli("gaps", "--only", "nope")
    assert result.returncode == 2
    assert "intlgraph: error: no gap check 'nope'" in result.stderr
    assert "Traceback" not in result.stderr
    listed = cli("gaps", "--list")
    assert listed.returncode == 0
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()][:10] == BUILT_IN


def test_single_separators_agree_with_minimum_node_cuts() -> None:
    """The block-cut-tree separators (linear) flag exactly the pairs a flow-based minimum
    node cut of size one separates, and each broker named does cut the pair apart."""
    import random

    import networkx as nx

    from intlgraph.gaps.network_checks import single_separators

    rng = random.Random(20261204)
    flagged = 0
    for trial in range(120):
        n = rng.randint(5, 30)
        G = nx.relabel_nodes(
            nx.gnm_random_graph(n, rng.randint(n - 1, 2 * n), seed=trial), lambda i: f"n{i}"
        )
        targets = nx.node_connected_component(G, "n0") - {"n0"} - set(G["n0"])
        found = single_separators(G, "n0", targets)
        for target in targets:
            assert (len(nx.minimum_node_cut(G, "n0", target)) == 1) == (target in found)
            if target in found:
                cut = G.copy()
                cut.remove_node(found[target])
                assert not nx.has_path(cut, "n0", target)
                flagged += 1
    assert flagged > 100  # the random graphs do have brokers to find


def test_network_checks_share_one_projection(
    bundled_oxigraph: intlgraph.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The network checks of one run read one projected network, the one given when it fits
    (the report's), and project their own for another day; the findings are the same (on the
    embedded store: five projections; the findings on both engines are pinned above and in
    tests/test_parity.py)."""
    from intlgraph import network

    kg = bundled_oxigraph

    only = ["single-broker-ties", "suggested-ties"]
    expected = intlgraph.gaps(kg, only=only).to_records()
    given = network.project(kg)
    calls: list[object] = []
    real = network.project

    def counted(*args: Any, **kw: Any) -> Any:
        calls.append(kw.get("as_of"))
        return real(*args, **kw)

    monkeypatch.setattr(network, "project", counted)
    assert intlgraph.gaps(kg, only=only, network=given).to_records() == expected
    assert calls == []
    assert intlgraph.gaps(kg, only=only).to_records() == expected
    assert len(calls) == 1  # one projection for both checks
    calls.clear()
    dated = {check: {"as_of": "2021-06-02"} for check in only}
    intlgraph.gaps(kg, only=only, params=dated, network=given)  # another day: projected
    assert [str(day) for day in calls] == ["2021-06-02"]
    russian = network.project(kg, lang="ru")  # names break ties: English only
    calls.clear()
    assert intlgraph.gaps(kg, only=only, network=russian).to_records() == expected
    assert len(calls) == 1
