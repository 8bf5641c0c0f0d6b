"""The project's 12 competency questions, answered on the bundled graph.

Each test states the programme's answer (data/source/program-2021.ru.md, section in brackets).

Each test runs the named query ``queries/cq/cqNN.rq`` and checks the programme's full answer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import intlgraph
from intlgraph import paths

ID = "https://w3id.org/intlgraph/id/"
ORG = ID + "org/"


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def kg(bundled_kg: intlgraph.KnowledgeGraph) -> intlgraph.KnowledgeGraph:
    return bundled_kg


def run(kg: intlgraph.KnowledgeGraph, name: str) -> pd.DataFrame:
    frame: pd.DataFrame = kg.query(f"cq/{name}")
    return frame


def test_every_question_has_a_query() -> None:
    names = sorted(p.stem for p in Path(paths.queries_dir(), "cq").glob("cq*.rq"))
    assert names == [f"cq{n:02d}" for n in range(1, 13)]


def test_cq01_ratifications_by_category_2021(kg: intlgraph.KnowledgeGraph) -> None:
    df = run(kg, "cq01")
    assert set(df["statedTotal"]) == {24} and set(df["conventionsTotal"]) == {190}
    stated = df.groupby("category")["statedInCategory"].first().rename(index=local).to_dict()
    assert stated == {"fundamental": 8, "governance": 4, "technical": 12}
    known = df.dropna(subset=["code"]).groupby("category")["code"].apply(sorted).rename(index=local)
    assert known["fundamental"] == ["C029", "C087", "C098", "C100", "C105", "C111", "C138", "C182"]
    assert known["governance"] == ["C081", "C122", "C129", "C144"]
    # 9 of the 12 technical ones are identified by the reference tables; 3 stay unknown,
    # and C131 (law passed in 2025) is not counted as of 2021.
    assert known["technical"] == [
        "C088",
        "C135",
        "C148",
        "C155",
        "C156",
        "C162",
        "C167",
        "C183",
        "C187",
    ]
    assert len(df) == 21


def test_cq02_general_agreement_conventions(kg: intlgraph.KnowledgeGraph) -> None:
    df = run(kg, "cq02")
    assert df["code"].tolist() == [
        "C047",
        "C097",
        "C102",
        "C117",
        "C118",
        "C131",
        "C132",
        "C143",
        "C154",
        "C157",
        "C158",
        "C159",
        "C160",
        "C161",
        "C168",
        "C173",
        "C175",
        "C184",
        "C189",
        "C190",
    ]
    titles = dict(zip(df["code"], df["titleRu"], strict=True))
    assert titles["C190"] == "Об искоренении насилия и домогательств в сфере труда"
    assert titles["C047"] == "О сокращении рабочего времени до сорока часов в неделю"
    assert df["titleRu"].notna().all()


def test_cq03_memoranda_with_national_centres(kg: intlgraph.KnowledgeGraph) -> None:
    df = run(kg, "cq03")
    mous = df[df["kind"].str.endswith("MemorandumOfUnderstanding")]
    assert sorted(local(c) for c in mous["country"]) == sorted(
        ["GEO", "MYS", "ARM", "TUR", "MNG", "CHN", "AZE", "TJK", "UZB", "KGZ"]
    )
    assert {local(p) for p in mous["partner"]} >= {"gtuc", "mtuc", "memur-sen", "acftu"}
    protocol = df[df["kind"].str.endswith("ProtocolOfIntentions")]
    assert [local(p) for p in protocol["partner"]] == ["uil"]
    assert set(df["statedMemoranda"]) == {12}


def test_cq04_memoranda_signed_in_2021(kg: intlgraph.KnowledgeGraph) -> None:
    df = run(kg, "cq04").set_index(df_key := "partner")
    assert sorted(local(p) for p in df.index) == ["igwl", "winrock"]
    winrock = df.loc[ORG + "winrock"]
    assert local(winrock["topic"]) == "migrant-workers-rights"
    assert local(winrock["funder"]) == "usaid"
    assert local(df.loc[ORG + "igwl", "topic"]) == "women-workers-rights"
    assert df_key == "partner"


def test_cq05_un_system_partners(kg: intlgraph.KnowledgeGraph) -> None:
    df = run(kg, "cq05")
    assert sorted(local(o) for o in df["organisation"]) == ["ilo", "iom", "un-women"]


def test_cq06_memberships_sought(kg: intlgraph.KnowledgeGraph) -> None:
    df = run(kg, "cq06")
    assert sorted({local(b) for b in df["body"]}) == ["gctu", "ituc"]
    ituc = df[df["body"] == ORG + "ituc"]
    assert sorted(local(s) for s in ituc["step"]) == [
        "contacts-ituc-affiliates",
        "inform-ituc",
        "membership-renewal-algorithms",  # 4.3: for both the ITUC and the GCTU
        "visit-ituc-brussels-membership",
    ]
    assert set(ituc["outcomeStatus"].map(local)) == {"restored"}
    assert set(ituc["outcomeDate"]) == {dt.date(2022, 11, 1)}
    gctu = df[df["body"] == ORG + "gctu"]
    assert [local(s) for s in gctu["step"]] == [
        "membership-renewal-algorithms",
        "support-gctu-commission",
    ]
    assert set(gctu["examiningUnit"].map(local)) == {"gctu-commission"}
    # section 2 dates the Federation's step (its Executive Committee, 2020), not the commission
    assert set(gctu["applicationConsidered"]) == {2020}  # xsd:gYear


def test_cq07_priority_visits(kg: intlgraph.KnowledgeGraph) -> None:
    df = run(kg, "cq07")
    got = [(local(h), local(c)) for h, c in zip(df["host"], df["city"], strict=True)]
    assert got == [
        ("fnpr", "moscow"),
        ("gtuc", "tbilisi"),
        ("atuc", "baku"),
        ("ftu-uzbekistan", "tashkent"),
        ("tuc", "london"),
        ("ituc", "brussels"),
        ("ilo", "geneva"),
    ]


def test_cq08_activities_with_ilo_offices(kg: intlgraph.KnowledgeGraph) -> None:
    df = run(kg, "cq08")
    assert sorted(set(df["item"])) == list(range(1, 11))
    assert (df["item"] == 10).sum() == 3  # ILO projects on three topics
    assert len(df) == 12
    assert set(df["framework"].map(local)) == {"arrangement-ilo-dwt-actrav"}
    assert local(df.loc[df["item"] == 1, "measure"].item()) == "c190-expert-meeting"


def test_cq09_branch_unions_in_international_bodies(kg: intlgraph.KnowledgeGraph) -> None:
    df = run(kg, "cq09")
    stated = df.groupby("union")["statedMemberships"].first().rename(index=local).to_dict()
    assert stated == {"kz-education-union": 4, "kazprofmetall": 3, "kz-construction-union": 3}
    known = df.dropna(subset=["knownBody"])
    assert sorted(local(b) for b in known["knownBody"]) == ["ei", "etuce"]
    assert set(known["union"].map(local)) == {"kz-education-union"}
    assert set(df["branchUnions"]) == {23}
    assert set(df["activeInternationally"]) == {11}
    assert set(df["internationalMemberships"]) == {25}


def test_cq10_training_figures(kg: intlgraph.KnowledgeGraph) -> None:
    df = run(kg, "cq10")
    got = {
        (local(o), local(m), v, local(b))
        for o, m, v, b in zip(
            df["organisation"], df["measure"], df["value"], df["bound"], strict=True
        )
    }
    assert got == {
        ("jilaf", "trainees", 34, "exact"),
        ("jilaf", "planned-trainees", 3, "exact"),
        ("fes", "joint-seminars-per-year", 3, "at-least"),
        ("fes", "planned-trainees", 5, "exact"),
        ("fprk", "trainees", 67, "exact"),
        ("fprk", "planned-trainees", 50, "more-than"),
    }
    partners = {
        local(o) for o, p in zip(df["organisation"], df["partnership"], strict=True) if pd.notna(p)
    }
    assert partners == {"jilaf", "fes"}


def test_cq11_central_asian_countries(kg: intlgraph.KnowledgeGraph) -> None:
    df = run(kg, "cq11")
    assert df["iso"].tolist() == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]


def test_cq12_law_of_4_may_2020(kg: intlgraph.KnowledgeGraph) -> None:
    df = run(kg, "cq12")
    assert set(df["date"]) == {dt.date(2020, 5, 4)}
    assert set(df["titleRu"]) == {
        "О внесении изменений и дополнений в некоторые законодательные акты по вопросам труда"
    }
    changes = df[df["aspect"] == "change"]
    assert [local(i) for i in changes["item"]] == [
        "change-no-mandatory-association",
        "change-simplified-registration",
        "change-employer-representatives",
    ]
    assert {kg.label(i, "ru") for i in changes["item"]} == {
        "исключение обязательной ассоциированности профсоюзов",
        "упрощение процедуры регистрации профсоюзов",
        "уточнение понятия представителей работодателей и их полномочий",
    }
    # section 2 ties the law to the Committee of Experts' remarks; the ITUC is in the sentence
    # before, about the Federation's own work (issue #14, W4)
    assert sorted(local(i) for i in df.loc[df["aspect"] == "responds to", "item"]) == ["ilo-ceacr"]
