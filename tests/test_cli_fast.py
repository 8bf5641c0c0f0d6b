"""``intlgraph query`` without rdflib or pandas (issue 18): plain-row writers, the cached
store and the guard's remembered verdict.

The rows the CLI prints without pandas are the DataFrame path's, byte for byte, for every
catalogue query, format and label setting; a shipped query without parameters takes the fast
path once the store is cached, and that process imports neither rdflib nor pandas; a verdict
entry in the cache can never make a query run that the guard refuses, nor change its form.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import intlgraph
from intlgraph import guard, named_queries, paths
from intlgraph.cli import main
from intlgraph.commands import query as query_command
from intlgraph.exc import ForbiddenQueryError
from intlgraph.output import write_frame, write_rows
from intlgraph.results import labelled_rows, to_frame

CATALOGUE = named_queries.names()
#: Values for the parameters without a default (a few IRIs of the bundled graph).
SAMPLE: dict[str, dict[str, Any]] = {
    "gaps/acronyms-of": {"nodes": ["o:fprk", "o:ituc", "o:gtuc"]},
    "gaps/sources-of": {"nodes": ["o:fprk", "o:ituc", "o:gtuc"]},
    "gaps/types-of": {"nodes": ["o:fprk", "o:ituc", "o:gtuc"]},
    "gaps/ties-between": {"focal": "o:fprk", "others": ["o:ituc", "o:gtuc"]},
}


@pytest.fixture(scope="module")
def kg() -> intlgraph.KnowledgeGraph:
    return intlgraph.load(engine="oxigraph")


@pytest.mark.parametrize("name", CATALOGUE)
def test_plain_rows_print_as_the_frame_does(kg: intlgraph.KnowledgeGraph, name: str) -> None:
    named = named_queries.get(name)
    if named.form != "SELECT":
        pytest.skip("not a SELECT")  # pragma: no cover - every catalogue query is one today
    sample = SAMPLE.get(name, {})
    bindings = named_queries.bind(named, sample, context=kg.programme().defaults())
    table = kg.engine.select(named.text, bindings)
    shorten = query_command.compactor({**kg.prefixes(), **named.prefixes})
    for lang in ("en", "ru", None):
        labels = kg.engine.labels(table.iris(), lang) if lang else None
        frame = to_frame(table, labels)
        columns, rows = labelled_rows(table, labels)
        assert columns == list(frame.columns)
        for fmt in ("table", "csv", "json"):
            expected, got = io.StringIO(), io.StringIO()
            write_frame(frame, fmt, expected, shorten=shorten)
            write_rows(columns, rows, fmt, got, shorten=shorten)
            assert got.getvalue() == expected.getvalue(), (name, lang, fmt)


def test_writers_agree_on_numbers_gaps_and_formulas() -> None:
    from decimal import Decimal

    from intlgraph.results import IRI, Table

    table = Table(
        ["org", "n", "share", "mixed", "flag", "text"],
        [
            [IRI("https://x/a"), 1, Decimal("0.5"), 1, True, "=1+1"],
            [IRI("https://x/b"), None, 2.0, 2.5, None, "-x"],
            [None, 3, None, None, False, None],
        ],
    )
    for labels in ({"https://x/a": "A"}, None):
        frame = to_frame(table, labels)
        columns, rows = labelled_rows(table, labels)
        for fmt in ("table", "csv", "json"):
            expected, got = io.StringIO(), io.StringIO()
            write_frame(frame, fmt, expected)
            write_rows(columns, rows, fmt, got)
            assert got.getvalue() == expected.getvalue(), fmt
    empty = Table(["a"], [])
    expected, got = io.StringIO(), io.StringIO()
    write_frame(to_frame(empty), "table", expected)
    write_rows(*labelled_rows(empty), "table", got)
    assert got.getvalue() == expected.getvalue() == "(none)\n"


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["query", *args, "-q"]) == 0
    return capsys.readouterr().out


def _rows_in_any_order(printed: str, fmt: str) -> Any:
    """The rows of an unordered query's output as a sorted list (the on-disk and the
    in-memory store may give them in different orders)."""
    if fmt == "json":
        return sorted(json.dumps(row, sort_keys=True) for row in json.loads(printed))
    return sorted(printed.splitlines())


def test_the_fast_path_prints_what_the_engines_print(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    bundled_oxigraph: intlgraph.KnowledgeGraph,
) -> None:
    monkeypatch.setenv("INTLGRAPH_CACHE_DIR", str(tmp_path))
    taken: list[bool] = []
    fast = query_command._fast

    def spy(args: Any, named: Any) -> bool:
        taken.append(fast(args, named))
        return taken[-1]

    def usual(name: str, fmt: str, lang: str, labels: bool) -> str:
        """What the usual path of ``intlgraph query`` prints (its own two calls)."""
        kg, named = bundled_oxigraph, named_queries.get(name)
        out = io.StringIO()
        result = kg.query(name, lang, labels=labels)
        query_command.write_result(result, fmt, out, {**kg.prefixes(), **named.prefixes})
        return out.getvalue()

    monkeypatch.setattr(query_command, "_fast", spy)
    _cli(capsys, "cq/cq07")  # builds the cached store (not the fast path: nothing cached yet)
    assert taken == [False]
    without_params = [n for n in CATALOGUE if not named_queries.get(n).params]
    assert len(without_params) > 20
    variants = [("table", "en", True), ("csv", "ru", True), ("json", "en", False)]
    for name in without_params:
        for fmt, lang, labels in variants:
            taken.clear()
            options = ["--format", fmt, "--lang", lang, *([] if labels else ["--no-labels"])]
            printed = _cli(capsys, name, *options)
            assert taken == [True], name
            expected = usual(name, fmt, lang, labels)
            if "ORDER BY" not in named_queries.get(name).text:  # rows in either store's order
                printed, expected = (
                    _rows_in_any_order(printed, fmt),
                    _rows_in_any_order(expected, fmt),
                )
            assert printed == expected, (name, fmt, lang, labels)
    # and the usual path through the command line itself, on a store of its own
    for fmt, lang, labels in variants:
        options = ["--format", fmt, "--lang", lang, *([] if labels else ["--no-labels"])]
        store = ["--engine", "oxigraph", "--store", str(tmp_path / "usual-store")]
        assert _cli(capsys, "cq/cq05", *options, *store) == usual("cq/cq05", fmt, lang, labels)
    taken.clear()  # a parameter, another engine, a graph format: the usual path
    _cli(capsys, "explore/organisation-ties", "-p", "org", "o:gtuc")
    _cli(capsys, "cq/cq07", "--engine", "memory")
    assert taken == [False, False]


def test_a_warm_query_process_imports_neither_rdflib_nor_pandas(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from intlgraph.cli import main\n"
        "code = main(['query', 'cq/cq07', '-q', '--format', 'csv'])\n"
        "heavy = sorted(m for m in ('rdflib', 'pandas', 'numpy') if m in sys.modules)\n"
        "print('HEAVY', heavy, code, file=sys.stderr)\n"
    )
    env = {**os.environ, "INTLGRAPH_CACHE_DIR": str(tmp_path)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        for _ in range(2)
    ]
    assert "'rdflib'" in runs[0].stderr  # the first builds the store, parses the query
    assert "HEAVY [] 0" in runs[1].stderr
    assert runs[0].stdout == runs[1].stdout
    assert runs[1].stdout.startswith("item,visit,visit_label,host,host_label")


# --- the guard's remembered verdict ---------------------------------------------------------


def _entry(text: str) -> Path:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return paths.cache_dir() / "verdicts" / f"{digest}.json"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INTLGRAPH_CACHE_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the guard really checks (a remembered verdict skips that)."""
    seen: list[str] = []
    check = guard.check

    def spy(text: str, prefixes: Any = None) -> guard.QueryInfo:
        seen.append(text)
        return check(text, prefixes)

    monkeypatch.setattr(guard, "check", spy)
    return seen


def test_every_catalogue_query_passes_the_guard_as_its_first_keyword_says() -> None:
    for name in CATALOGUE:
        named = named_queries.get(name)
        info = guard.check(named.text)
        assert info.form == guard.leading_form(named.text) == named.form, name
        assert not info.default_graphs and not info.named_graphs


def test_a_shipped_querys_verdict_is_remembered(cache: Path, parses: list[str]) -> None:
    named = named_queries.get("cq/cq07")
    assert guard.check_shipped(named.text, named.path).form == "SELECT"
    assert parses == [named.text]
    assert json.loads(_entry(named.text).read_text(encoding="utf-8"))["form"] == "SELECT"
    assert guard.check_shipped(named.text, named.path).form == "SELECT"
    assert parses == [named.text]  # not parsed again


@pytest.mark.parametrize(
    "forgery",
    [
        "not json",
        '{"form": "ASK"}',
        "wrong form",
        "other guard",
        "other text",
    ],
)
def test_a_forged_or_stale_verdict_is_ignored_and_replaced(
    cache: Path, parses: list[str], forgery: str
) -> None:
    named = named_queries.get("cq/cq07")
    guard.check_shipped(named.text, named.path)
    entry = _entry(named.text)
    good = json.loads(entry.read_text(encoding="utf-8"))
    forged = {
        "wrong form": json.dumps({**good, "form": "ASK"}),
        "other guard": json.dumps({**good, "guard": "0" * 32}),
        "other text": json.dumps({**good, "text": "0" * 64}),
    }.get(forgery, forgery)
    entry.write_text(forged, encoding="utf-8")
    parses.clear()
    assert guard.check_shipped(named.text, named.path).form == "SELECT"
    assert parses == [named.text]  # parsed again, not trusted
    assert json.loads(entry.read_text(encoding="utf-8")) == good


def test_a_verdict_never_lets_a_refused_query_through(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    own = tmp_path / "mine" / "leak.rq"
    own.parent.mkdir()
    own.write_text(refused, encoding="utf-8")
    # an "accepted" entry forged for the text: the file is not shipped, so it is not read
    _entry(refused).parent.mkdir(parents=True, exist_ok=True)
    _entry(refused).write_text(
        json.dumps(
            {
                "text": hashlib.sha256(refused.encode()).hexdigest(),
                "guard": guard._guard_id(),
                "form": "SELECT",
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(ForbiddenQueryError):
        guard.check_shipped(refused, own)
    # nor by pointing at a shipped file that holds another text
    with pytest.raises(ForbiddenQueryError):
        guard.check_shipped(refused, paths.queries_dir() / "cq" / "cq07.rq")
    # a refusal is never written
    _entry(refused).unlink()
    with pytest.raises(ForbiddenQueryError):
        guard.check_shipped(refused, own)
    assert not _entry(refused).exists()


def test_the_cache_switch_turns_verdicts_off(
    cache: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTLGRAPH_CACHE", "0")
    named = named_queries.get("cq/cq07")
    guard.check_shipped(named.text, named.path)
    guard.check_shipped(named.text, named.path)
    assert len(parses) == 2
    assert not (cache / "verdicts").exists()
