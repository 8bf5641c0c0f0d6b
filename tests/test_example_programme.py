"""A second, fictional programme (tests/fixtures/programmes/example): the toolkit reads whose
programme it is from the graph, gives exactly the findings its data implies, and names nothing
of the bundled programme."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import intlgraph
from intlgraph.programme import ProgrammeError
from tests.conftest import FIXTURES, RunCli

EXAMPLE = FIXTURES / "programmes" / "example"
FILES = sorted(EXAMPLE.glob("*.ttl"))
DATA_ARGS = ["--no-bundled-data", *(arg for f in FILES for arg in ("--data", str(f)))]
EX = "https://example.org/intlgraph-example/"

#: Names of the bundled programme's organisations, country, region and agreement: none of
#: them may appear in anything the toolkit prints about the example.
BUNDLED_NAMES = (
    "FPRK",
    "ФПРК",
    "fprk",
    "FTURK",
    "Kazakhstan",
    "Казахстан",
    "KAZ",
    "Central Asia",
    "central-asia",
    "Центрально-Азиатский",
    "general-agreement-2021-2023",
    "Federation of Trade Unions of the Republic",
    "Федерация профсоюзов Республики",
    "p2021",
)

#: Every finding the example's data implies: (check, severity, English title).
EXPECTED = [
    (
        "conventions-not-ratified",
        "high",
        "C190 Violence and Harassment Convention, 2019: not ratified by Ruritania (example)",
    ),
    ("partners-without-agreement", "medium", "SLC: a programme target with no tie to EXFED at all"),
    (
        "partners-without-agreement",
        "high",
        "EWCU: membership sought by EXFED, not held; no signed agreement",
    ),
    ("memberships-sought", "high", "EWCU: membership sought by EXFED, not (yet) granted"),
    (
        "branch-unions-unaffiliated",
        "low",
        "EXMU: no international affiliation known; the programme states memberships in 2 "
        "international organisations",
    ),
    (
        "branch-unions-unaffiliated",
        "medium",
        "3 of the 5 branch unions have no international activity (programme: 2 active, in 0 "
        "distinct international sectoral unions); the graph names 2, 1 with a known "
        "affiliation (0 international bodies)",
    ),
    (
        "region-uncovered",
        "medium",
        "Graustark (example): no national centre named, so no memorandum of understanding with "
        "EXFED",
    ),
    (
        "region-uncovered",
        "medium",
        "Syldavia (example): the national centre SLC has no memorandum of understanding with EXFED",
    ),
    (
        "goals-without-measures",
        "medium",
        "Goal 2: no planned measure of the programme serves it (by the editors' goal "
        "alignments, an interpretation)",
    ),
    (
        "planned-without-outcome",
        "medium",
        "Working visit: Syldavian Labour Congress (example) (section 3.2 item 1): planned, no "
        "outcome recorded",
    ),
    (
        "stated-vs-known",
        "low",
        "5 branch unions in the federation (example): 5 stated, 2 known in the graph",
    ),
    (
        "stated-vs-known",
        "low",
        "2 branch unions active internationally (example): 2 stated, 1 known in the graph",
    ),
    (
        "stated-vs-known",
        "low",
        "3 memoranda with foreign national centres (example): 3 stated, 1 known in the graph",
    ),
    (
        "stated-vs-known",
        "low",
        "EXMU: 2 international memberships (example): 2 stated, 0 known in the graph",
    ),
    ("single-broker-ties", "low", "ETI: reached from EXFED only through EXTU"),
    ("suggested-ties", "low", "ESF: not tied to EXFED, but shares 2 partners with it: BUC, ELA"),
    ("suggested-ties", "low", "ETI: not tied to EXFED, but shares 1 partner with it: EXTU"),
    (
        "peer-ratifications",
        "low",
        "C187 Promotional Framework for Occupational Safety and Health Convention, 2006: not "
        "ratified by Ruritania (example); ratified by 2 of 3 peers in Example region (Borduria "
        "(example) 2026, Syldavia (example) 2027)",
    ),
]


@pytest.fixture(scope="module")
def example() -> intlgraph.KnowledgeGraph:
    return intlgraph.load(data=False, extra=FILES, engine="oxigraph")


def assert_no_bundled_names(text: str, where: str) -> None:
    found = [name for name in BUNDLED_NAMES if name in text]
    assert not found, f"{where} names the bundled programme: {found}"


def test_the_context_is_read_from_the_graph(example: intlgraph.KnowledgeGraph) -> None:
    context = example.programme()
    assert context.iri == EX + "source/programme"
    assert context.focal == EX + "org/exfed"
    assert context.country == EX + "country/ruritania"
    assert context.date == "2030-03-15"
    assert context.peer_groups == (EX + "country/example-region",)
    assert context.agreements == (EX + "tie/national-agreement",)
    assert context.languages == ("en", "ru")
    assert [s.rsplit("/", 1)[-1] for s in context.sections] == ["s1", "s2", "s3", "s3.1", "s3.2"]


def test_every_check_gives_exactly_the_findings_the_data_implies(
    example: intlgraph.KnowledgeGraph,
) -> None:
    found = intlgraph.gaps(example)
    assert [(f.gap, f.severity, f.title.en) for f in found] == EXPECTED
    assert {f.gap for f in found} == set(intlgraph.gaps.ids())  # every check fires
    assert_no_bundled_names(found.to_json(), "gaps.json")
    russian = intlgraph.gaps(example, lang="ru").to_frame("ru").to_csv()
    assert "ЭКСФЕД" in russian
    assert_no_bundled_names(russian, "the Russian findings")


def test_named_queries_default_to_the_programme(example: intlgraph.KnowledgeGraph) -> None:
    ties = example.query("explore/organisation-ties", labels=False)  # org: $focal
    assert {str(t).rsplit("/", 1)[-1] for t in ties["tie"]} >= {"mou-bordurian", "m-exfed-ewcu"}
    members = example.query("peers/members", labels=False)  # group: $peer_group
    assert len(members) == 4


def test_two_programmes_need_a_choice() -> None:
    both = intlgraph.load(extra=FILES, engine="oxigraph")
    with pytest.raises(ProgrammeError, match=r"holds 2 programmes .*--programme IRI"):
        both.programme()
    with pytest.raises(ProgrammeError, match="holds 2 programmes"):
        intlgraph.gaps(both)
    assert both.programme(EX + "source/programme").focal == EX + "org/exfed"
    both.programme_choice = "src:p2021"
    assert both.programme().focal == "https://w3id.org/intlgraph/id/org/fprk"
    with pytest.raises(ProgrammeError, match="is not a programme of the graph"):
        both.programme("src:nothing")


def test_no_programme_says_so(cli: RunCli, tmp_path: Path) -> None:
    bare = intlgraph.load(data=False)
    with pytest.raises(ProgrammeError, match="holds no programme"):
        bare.programme()
    with pytest.raises(ProgrammeError, match="holds no programme"):
        bare.query("explore/organisation-ties")
    done = cli("gaps", "--no-bundled-data", "--only", "memberships-sought")
    assert done.returncode == 2
    assert "holds no programme" in done.stderr and "Traceback" not in done.stderr
    # every check: those that need a programme are skipped, with the reason
    done = cli("gaps", "--no-bundled-data", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "skipped" in done.stderr and "holds no programme" in done.stderr


def test_cli_programme_option(cli: RunCli) -> None:
    args = ["gaps", "--only", "memberships-sought", "--format", "json", "-q", "--data"]
    both = [*args, str(EXAMPLE / "ties.ttl"), *(a for f in FILES for a in ("--data", str(f)))]
    done = cli(*both)
    assert done.returncode == 2 and "--programme IRI" in done.stderr
    done = cli(*both, "--programme", EX + "source/programme")
    assert done.returncode == 1, done.stderr
    assert [f["title"]["en"] for f in json.loads(done.stdout)] == [
        "EWCU: membership sought by EXFED, not (yet) granted"
    ]
    done = cli(*both, "--programme", "src:p2021")
    assert done.returncode == 1, done.stderr
    assert "GCTU" in done.stdout
    done = cli(*both, "--programme", "src:elsewhere")
    assert done.returncode == 2 and "not a programme of the graph" in done.stderr


def test_no_output_names_the_bundled_programme(cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "report"
    done = cli("report", *DATA_ARGS, "-o", str(out), "-q")
    assert done.returncode in (0, 1), done.stderr
    for name in ("report.html", "gaps.json", "findings.csv", "report.md"):
        assert_no_bundled_names((out / name).read_text(encoding="utf-8"), name)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Example Federation of Labour, programme of 15 March 2030" in page
    assert "Known ILO ratifications of Ruritania (example) over time" in page
    assert "International cooperation of the EXFED" in page
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert f"- findings: {len(EXPECTED)}" in markdown
    # the CLI's default engine (Oxigraph) writes the very bytes rdflib's would
    on_memory = tmp_path / "report-memory"
    done = cli("report", *DATA_ARGS, "-o", str(on_memory), "-q", "--engine", "memory")
    assert done.returncode in (0, 1), done.stderr
    for name in ("report.html", "gaps.json", "findings.csv", "report.md"):
        assert (on_memory / name).read_bytes() == (out / name).read_bytes(), name
    ru = tmp_path / "report-ru"
    done = cli("report", *DATA_ARGS, "-o", str(ru), "--lang", "ru", "-q")
    assert done.returncode in (0, 1), done.stderr
    page = (ru / "report.html").read_text(encoding="utf-8")
    assert "Примерная федерация труда, программа от 15 марта 2030 г." in page
    assert_no_bundled_names(page, "the Russian report")

    outputs = {
        "gaps": cli("gaps", *DATA_ARGS, "--format", "json", "-q"),
        "map": cli("map", *DATA_ARGS, "-q"),
        "compare": cli("compare", *DATA_ARGS, "--reverse", "--matrix", "-q"),
        "stats": cli("stats", *DATA_ARGS, "-q"),
        "gaps-ru": cli("gaps", *DATA_ARGS, "--lang", "ru", "-q"),
    }
    for name, result in outputs.items():
        assert result.returncode in (0, 1), (name, result.stderr)
        assert "Traceback" not in result.stderr
        assert_no_bundled_names(result.stdout, name)
        assert_no_bundled_names(result.stderr, name)
    assert "International cooperation of the EXFED" in outputs["map"].stdout
    assert "C187" in outputs["compare"].stdout and "Syldavia" in outputs["compare"].stdout
    assert outputs["compare"].returncode == 1  # Ruritania lacks C187
    assert len(json.loads(outputs["gaps"].stdout)) == len(EXPECTED)


def test_the_readme_tour_on_the_example(cli: RunCli, tmp_path: Path) -> None:
    """The README's 10-minute tour, its main commands, on the example programme."""
    validate = cli("validate", *DATA_ARGS, "-q")
    assert validate.returncode == 0, validate.stdout + validate.stderr  # it conforms
    stats = cli("stats", *DATA_ARGS, "--format", "json", "-q")
    by_class = {r["label"]: r["count"] for r in json.loads(stats.stdout)["by_class"]}
    assert by_class["ratification"] == 3 and by_class["stated figure"] == 4
    queries = cli("query", "explore/organisation", *DATA_ARGS, "--format", "json", "-q")
    assert queries.returncode == 0, queries.stderr
    assert "Example Federation of Labour" in queries.stdout
    region = cli("gaps", "--only", "region-uncovered", *DATA_ARGS, "-q")
    assert region.returncode == 1
    assert "Graustark (example): no national centre named" in region.stdout
    export = cli("export", "--format", "csv", *DATA_ARGS, "-q")
    assert export.returncode == 0 and "exfed" in export.stdout
    for result in (validate, stats, queries, region, export):
        assert_no_bundled_names(result.stdout, "tour")


def test_a_graph_of_many_programmes_names_ten_in_the_error() -> None:
    """A world graph may hold hundreds of programmes: the error names ten and counts the rest."""
    from rdflib import Graph

    from intlgraph.programme import ProgrammeError, context

    ttl = "".join(
        f"<https://example.org/p{i:02d}> a <https://w3id.org/intlgraph/ont#Programme> ; "
        f"<http://purl.org/dc/terms/creator> <https://example.org/o{i:02d}> .\n"
        for i in range(12)
    )
    kg = intlgraph.KnowledgeGraph(Graph().parse(data=ttl, format="turtle"))
    with pytest.raises(ProgrammeError) as caught:
        context(kg)
    message = str(caught.value)
    assert message.startswith("the graph holds 12 programmes (https://example.org/p00, ")
    assert "/p09 and 2 more)" in message and "/p10" not in message
