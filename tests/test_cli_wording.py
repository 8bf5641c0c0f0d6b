"""The command line's wording where a researcher meets it: an IRI parameter written wrong, an
IRI the graph does not know."""

from __future__ import annotations

from conftest import run_cli


def test_a_bad_iri_is_named_once_with_what_to_write() -> None:
    result = run_cli("query", "explore/organisation-ties", "-p", "org", "fprk", "-q")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "intlgraph: error: explore/organisation-ties: parameter org: 'fprk' is not an IRI: "
        "write <https://...>, https://... or a prefixed name such as ig:Membership"
    ]


def test_an_unknown_iri_is_pointed_out() -> None:
    result = run_cli(
        "query",
        "explore/organisation-ties",
        "-p",
        "org",
        "o:nonexistent",
        "--engine",
        "oxigraph",
        "-q",
    )
    assert result.returncode == 0  # an empty answer is an answer
    assert result.stdout.strip() == "(none)"
    assert result.stderr.splitlines() == [
        "intlgraph: note: parameter org: o:nonexistent has no label in the graph: an unknown "
        "IRI? (no rows)"
    ]
    known = run_cli(
        "query",
        "explore/organisation-ties",
        "-p",
        "org",
        "o:gtuc",
        "--engine",
        "oxigraph",
        "-q",
    )
    assert known.returncode == 0 and known.stderr == "" and "(none)" not in known.stdout
