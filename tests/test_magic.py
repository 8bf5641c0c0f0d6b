"""The ``%%sparql`` cell magic, in a real IPython shell (``%load_ext intlgraph``)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell

from intlgraph import magic

ORG = "https://w3id.org/intlgraph/id/org/"
MEMBERSHIPS = """PREFIX ig: <https://w3id.org/intlgraph/ont#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX o: <https://w3id.org/intlgraph/id/org/>
SELECT ?tie ?body ?status WHERE {
  ?tie a ig:Membership ; org:member o:fprk ; org:organization ?body ; ig:status ?status .
}
ORDER BY ?tie"""


@pytest.fixture(scope="module")
def shell() -> InteractiveShell:
    ip = InteractiveShell.instance()
    result = ip.run_cell("%load_ext intlgraph")
    assert result.success, result.error_in_exec
    return ip


def cell(ip: InteractiveShell, text: str) -> Any:
    result = ip.run_cell(text)
    if not result.success:
        raise result.error_in_exec or result.error_before_exec or AssertionError(text)
    return result.result


def test_load_ext_registers_the_cell_magic(shell: InteractiveShell) -> None:
    assert "sparql" in shell.magics_manager.magics["cell"]
    assert "sparql" in shell.magics_manager.magics["line"]


def test_line_magic_runs_a_named_query(shell: InteractiveShell) -> None:
    cell(shell, "ties = %sparql --name explore/organisation-ties -p org o:gtuc --lang ru")
    ties = shell.user_ns["ties"]
    assert ties["tie"].tolist() == [
        "https://w3id.org/intlgraph/id/tie/mou-gtuc",
        "https://w3id.org/intlgraph/id/tie/negotiation-gtuc",
        "https://w3id.org/intlgraph/id/activity/visit-gtuc",
    ]
    assert ties["status_label"].tolist() == ["подписано", "проведено", "запланировано"]
    # every default: no cell, no comment line needed
    visits = cell(shell, "%sparql --name cq/cq07")
    assert visits["city_label"].tolist()[:3] == ["Moscow", "Tbilisi", "Baku"]
    # -p and cell lines together
    uncovered = cell(
        shell,
        "%%sparql --name gaps/region-uncovered -p kind ig:Negotiation --no-labels\n"
        "region = region:central-asia",
    )
    assert sorted(set(uncovered["country"])) == [
        "https://w3id.org/intlgraph/id/country/" + code for code in ("KGZ", "TJK", "TKM")
    ]


def test_select_cell_returns_a_frame_with_labels(shell: InteractiveShell) -> None:
    frame = cell(shell, "%%sparql\n" + MEMBERSHIPS)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == [
        "tie", "tie_label", "body", "body_label", "status", "status_label",
    ]  # fmt: skip
    bodies = dict(zip(frame["tie"].str.rsplit("/", n=1).str[1], frame["body_label"], strict=True))
    assert bodies["m-fprk-ituc-2022"] == "International Trade Union Confederation"
    assert set(frame.loc[frame["tie"].str.endswith("m-fprk-ituc-2021"), "status_label"]) == {
        "sought"
    }


def test_lang_output_variable_and_no_labels(shell: InteractiveShell) -> None:
    cell(shell, "%%sparql --lang ru -o memberships\n" + MEMBERSHIPS)
    frame = shell.user_ns["memberships"]
    ituc = frame[frame["body"] == ORG + "ituc"]
    assert set(ituc["body_label"]) == {"Международная конфедерация профсоюзов"}
    bare = cell(shell, "%%sparql --no-labels\n" + MEMBERSHIPS)
    assert list(bare.columns) == ["tie", "body", "status"]


def test_named_query_with_cell_parameters(shell: InteractiveShell) -> None:
    frame = cell(
        shell, "%%sparql --name explore/organisation-ties\n# the Georgian centre\norg = o:gtuc"
    )
    assert [t.rsplit("/", 1)[1] for t in frame["tie"]] == ["mou-gtuc", "negotiation-gtuc",
                                                           "visit-gtuc"]  # fmt: skip
    then = cell(shell, "%%sparql --name explore/latest-status\nas_of = '2021-06-02'")
    ituc = then[(then["otherParty"] == ORG + "ituc") & (then["kind_label"] == "membership")]
    assert ituc["status_label"].tolist() == ["sought"]


def test_ask_and_oxigraph_engine(shell: InteractiveShell) -> None:
    ask = "%%sparql --engine oxigraph\nASK { ?s a <https://w3id.org/intlgraph/ont#Ratification> }"
    assert cell(shell, ask) is True
    memory = cell(shell, "%%sparql\n" + MEMBERSHIPS)
    oxigraph = cell(shell, "%%sparql --engine oxigraph\n" + MEMBERSHIPS)
    pd.testing.assert_frame_equal(memory, oxigraph)


def test_graph_is_loaded_once_per_engine(shell: InteractiveShell) -> None:
    cell(shell, "%%sparql\nASK { ?s ?p ?o }")
    first = magic.graph_for("memory")
    cell(shell, "%%sparql --lang ru\nASK { ?s ?p ?o }")
    assert magic.graph_for("memory") is first
    assert magic.graph_for("oxigraph") is not first
    assert magic.graph_for("oxigraph").engine.name == "oxigraph"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("%%sparql --name explore/nope\nx = 1", "no query named 'explore/nope'"),
        ("%%sparql --name explore/organisation\norg = not an iri", "parameter org"),
        ("%%sparql --name explore/organisation\njust words", "expected `key = value`"),
        ("%%sparql\nSELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", "refused"),
        ("%%sparql --engine nope\nASK {}", "invalid choice"),
        ("%sparql SELECT * WHERE { ?s ?p ?o }", "a SPARQL query goes in a %%sparql cell"),
        ("%%sparql -p org o:gtuc\nASK {}", "-p is for named queries"),
    ],
)
def test_mistakes_are_usage_errors(shell: InteractiveShell, text: str, message: str) -> None:
    from IPython.core.error import UsageError

    result = shell.run_cell(text)
    assert not result.success
    assert isinstance(result.error_in_exec, UsageError)
    assert message in str(result.error_in_exec)


def test_parse_params_lists_and_quotes() -> None:
    assert magic.parse_params('a = 1\na = 2\nb = "x y"\n\n# c = 3') == {
        "a": ["1", "2"],
        "b": "x y",
    }
