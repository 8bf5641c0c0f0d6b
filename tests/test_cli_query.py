"""``intlgraph queries``, ``intlgraph query`` and ``intlgraph sparql`` on the bundled graph."""

from __future__ import annotations

import csv
import io
import json
import subprocess

from conftest import RunCli, run_cli

ORG = "https://w3id.org/intlgraph/id/org/"
CQ07_HOSTS = ["fnpr", "gtuc", "atuc", "ftu-uzbekistan", "tuc", "ituc", "ilo"]


def rows(stdout: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(stdout)))


def run_stdin(text: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, stdin=text)


def test_queries_lists_the_catalogue(cli: RunCli) -> None:
    table = cli("queries")
    assert table.returncode == 0, table.stderr
    assert "cq/cq07  Priority working visits and their cities" in table.stdout
    assert "    -p org (iri, default: $focal) the organisation" in table.stdout
    listed = json.loads(cli("queries", "--group", "explore", "--format", "json").stdout)
    names = {q["name"] for q in listed}
    assert "explore/latest-status" in names and all(n.startswith("explore/") for n in names)
    latest = next(q for q in listed if q["name"] == "explore/latest-status")
    assert latest["parameters"] == "as_of (date, default: 2100-01-01) the day to look from"
    bad = cli("queries", "--group", "nope")
    assert bad.returncode == 2 and "no query group 'nope'" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_query_cq07_json_gives_the_seven_hosts(cli: RunCli) -> None:
    result = cli("query", "cq/cq07", "--format", "json", "-q")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert [r["host"] for r in records] == [ORG + h for h in CQ07_HOSTS]
    assert [r["item"] for r in records] == list(range(1, 8))
    assert records[1]["host_label"] == "Georgian Trade Unions Confederation"
    assert records[1]["city_label"] == "Tbilisi"
    assert result.stderr == ""


def test_query_labels_in_russian_and_without_labels(cli: RunCli) -> None:
    russian = rows(cli("query", "cq/cq07", "--lang", "ru", "--format", "csv", "-q").stdout)
    assert russian[1]["host_label"] == "Объединение профсоюзов Грузии"
    bare = rows(cli("query", "cq/cq07", "--no-labels", "--format", "csv", "-q").stdout)
    assert list(bare[0]) == ["item", "visit", "host", "city", "country"]


def test_query_table_shows_prefixed_names(cli: RunCli) -> None:
    result = cli("query", "explore/sources-of", "-p", "resource", "tie:m-fprk-gctu-2021", "-q")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["resource", "resource_label"]
    assert len(lines) == 2 + 4  # header, rule, sections 2, 3.1, 4.3 and a reference row
    assert "src:ref-affiliations-3" in result.stdout and "affiliations.csv" in result.stdout
    # without -p the resource is the programme's organisation (the default $focal)
    focal = cli("query", "explore/sources-of", "-q", "--no-labels", "--format", "csv")
    assert focal.returncode == 0, focal.stderr
    assert {line.split(",")[0] for line in focal.stdout.splitlines()[1:]} == {
        "https://w3id.org/intlgraph/id/org/fprk"
    }


def test_query_parameters(cli: RunCli) -> None:
    ties = rows(cli("query", "explore/organisation-ties", "-p", "org", "o:gtuc", "--format", "csv",
                    "-q").stdout)  # fmt: skip
    assert [(r["tie"].rsplit("/", 1)[1], r["section"]) for r in ties] == [
        ("mou-gtuc", "2"),
        ("negotiation-gtuc", "2"),
        ("visit-gtuc", "5.1"),
    ]
    assert {r["counterpart"] for r in ties} == {ORG + "fprk"}
    then = rows(cli("query", "explore/latest-status", "-p", "as_of", "2021-06-02", "--format",
                    "csv", "-q").stdout)  # fmt: skip
    ituc = [r for r in then if r["otherParty"] == ORG + "ituc" and r["kind_label"] == "membership"]
    assert [r["status_label"] for r in ituc] == ["sought"]
    now = rows(cli("query", "explore/latest-status", "--format", "csv", "-q").stdout)
    ituc = [r for r in now if r["otherParty"] == ORG + "ituc" and r["kind_label"] == "membership"]
    assert [(r["status_label"], r["asOf"]) for r in ituc] == [("restored", "2022-11-01")]


def test_unknown_query_and_bad_parameter_exit_2(cli: RunCli) -> None:
    unknown = cli("query", "cq/cq7")
    assert unknown.returncode == 2
    assert "no query named 'cq/cq7'" in unknown.stderr and "did you mean cq/cq07" in unknown.stderr
    for args, message in [
        (["-p", "nope", "1"], "explore/organisation: parameter nope: unknown parameter"),
        (["-p", "org", "not an iri"], "explore/organisation: parameter org: 'not an iri' is not"),
        (["-p", "org", "o:a", "-p", "org", "o:b"], "parameter org: takes one value, not a list"),
    ]:
        bad = cli("query", "explore/organisation", *args)
        assert bad.returncode == 2, bad.stderr
        assert message in bad.stderr
        assert "Traceback" not in bad.stderr and bad.stdout == ""


def test_sparql_from_stdin(cli: RunCli) -> None:
    query = (
        "PREFIX ig: <https://w3id.org/intlgraph/ont#>\n"
        "SELECT ?org WHERE { ?org a ig:FocalFederation }\n"
    )
    result = run_stdin(query, "sparql", "-", "--format", "json", "-q")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {
            "org": ORG + "fprk",
            "org_label": "Federation of Trade Unions of the Republic of Kazakhstan",
        }
    ]
    ask = run_stdin("ASK { ?s a <https://w3id.org/intlgraph/ont#Nothing> }", "sparql", "-", "-q")
    assert (ask.returncode, ask.stdout) == (0, "false\n")


def test_sparql_construct_as_turtle_and_ntriples() -> None:
    query = (
        "PREFIX ig: <https://w3id.org/intlgraph/ont#>\n"
        "CONSTRUCT { ?org ig:country ?country } WHERE { ?org a ig:FocalFederation ;"
        " ig:country ?country }\n"
    )
    turtle = run_stdin(query, "sparql", "-", "-q")
    assert turtle.returncode == 0, turtle.stderr
    assert "@prefix ig: <https://w3id.org/intlgraph/ont#> ." in turtle.stdout
    triples = run_stdin(query, "sparql", "-", "--format", "nt", "-q")
    assert triples.stdout == (
        "<https://w3id.org/intlgraph/id/org/fprk> <https://w3id.org/intlgraph/ont#country> "
        "<https://w3id.org/intlgraph/id/country/KAZ> .\n"
    )
    wrong = run_stdin(query, "sparql", "-", "--format", "csv", "-q")
    assert wrong.returncode == 2 and "is for SELECT results" in wrong.stderr


def test_sparql_refuses_service_and_bad_input(cli: RunCli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    service = run_stdin("SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }",
                        "sparql", "-")  # fmt: skip
    assert service.returncode == 2
    assert "refused: the query uses SERVICE" in service.stderr
    assert "Traceback" not in service.stderr and service.stdout == ""
    missing = cli("sparql", str(tmp_path / "missing.rq"))
    assert missing.returncode == 2 and "missing.rq: no such file" in missing.stderr
    broken = tmp_path / "broken.rq"
    broken.write_text("SELEKT ?s WHERE { ?s ?p ?o }", encoding="utf-8")
    syntax = cli("sparql", str(broken), "-q")
    assert syntax.returncode == 2 and "intlgraph: error: malformed query:" in syntax.stderr
    assert "Traceback" not in syntax.stderr


def test_oxigraph_engine_gives_the_same_output(cli: RunCli) -> None:
    outputs = {}
    for args in (
        ("cq/cq07",),
        ("explore/conventions-by-status", "-p", "category", "category:fundamental", "--format",
         "csv"),
    ):  # fmt: skip
        memory = cli("query", *args, "-q")
        oxigraph = cli("query", *args, "-q", "--engine", "oxigraph")
        assert memory.returncode == oxigraph.returncode == 0, oxigraph.stderr
        assert memory.stdout == oxigraph.stdout
        outputs[args[0]] = memory.stdout
    assert "o:gtuc            Georgian Trade Unions Confederation" in outputs["cq/cq07"]
    codes = [r["code"] for r in rows(outputs["explore/conventions-by-status"])]
    assert codes == ["C029", "C087", "C098", "C100", "C105", "C111", "C138", "C155", "C182",
                     "C187", "P029"]  # fmt: skip
