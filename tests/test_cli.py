"""The command line: help, exit codes, formats, errors without tracebacks."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from conftest import (
    FIXTURE_GRAPH_ARGS,
    FIXTURE_SHAPES,
    FIXTURE_VIOLATING,
    FIXTURES,
    RunCli,
)

import intlgraph
from intlgraph.cli import main

SHAPES_ARGS = ["--shapes", str(FIXTURE_SHAPES)]
VIOLATING_ARGS = [*FIXTURE_GRAPH_ARGS, "--data", str(FIXTURE_VIOLATING)]


@pytest.mark.parametrize("command", [[], ["validate"], ["stats"]])
def test_help(cli: RunCli, command: list[str]) -> None:
    result = cli(*command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: intlgraph")
    assert result.stderr == ""
    if command:
        for option in ("--data", "--lang", "--format", "--quiet", "--no-bundled"):
            assert option in result.stdout


def test_version(cli: RunCli) -> None:
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"intlgraph {intlgraph.__version__}"


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: intlgraph" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error(cli: RunCli) -> None:
    result = cli("stats", "--colour", "red")
    assert result.returncode == 2
    assert "unrecognized arguments" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_conforming_exits_0(cli: RunCli) -> None:
    result = cli("validate", *FIXTURE_GRAPH_ARGS, *SHAPES_ARGS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Conforms")
    assert "loading 2 files" in result.stderr
    assert "0 findings" in result.stderr


def test_validate_findings_exit_1(cli: RunCli) -> None:
    result = cli("validate", *VIOLATING_ARGS, *SHAPES_ARGS, "--lang", "ru")
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("Does not conform")
    assert "Сломанное членство" in result.stdout
    assert "У связи должен быть источник." in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("bad_args", "expected"),
    [
        (["--data", str(FIXTURES / "malformed.ttl")], "malformed.ttl, line 4: bad syntax"),
        (["--data", str(FIXTURES / "notes.txt")], "notes.txt: unknown file type"),
        (["--data", "no/such/file.ttl"], "file.ttl: no such file"),
        (["--data", str(FIXTURES / "latin1.ttl")], "latin1.ttl, line 2: not valid UTF-8"),
        ([*SHAPES_ARGS[:1], str(FIXTURES / "malformed.ttl")], "malformed.ttl, line 4"),
        ([*SHAPES_ARGS[:1], str(FIXTURES / "unusable_shapes.ttl")], "unusable SHACL shapes"),
    ],
)
def test_bad_input_exits_2_without_traceback(
    cli: RunCli, bad_args: list[str], expected: str
) -> None:
    result = cli("validate", *FIXTURE_GRAPH_ARGS, *SHAPES_ARGS, *bad_args)
    assert result.returncode == 2
    assert result.stdout == ""
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("intlgraph: error: ")
    assert expected in last_line
    assert "Traceback" not in result.stderr


ENGINE_BY_COMMAND = {
    ("report",): "oxigraph",
    ("gaps",): "oxigraph",
    ("map",): "oxigraph",
    ("stats",): "oxigraph",
    ("compare",): "oxigraph",
    ("query", "cq/cq07"): "oxigraph",
    ("sparql", "ASK {}"): "oxigraph",
    ("serve",): "oxigraph",
    # these write the files' own literals ("1.50", not Oxigraph's canonical 1.5)
    ("export", "--format", "ttl"): "memory",
    ("push", "http://127.0.0.1:1/store"): "memory",
    ("validate",): "memory",
    ("workbook", "export", "-o", "book.xlsx"): "memory",
}


@pytest.mark.parametrize("argv", list(ENGINE_BY_COMMAND), ids=" ".join)
def test_each_command_has_its_default_engine(argv: tuple[str, ...]) -> None:
    from intlgraph.cli import build_parser, engine_of

    parser = build_parser()
    assert engine_of(parser.parse_args(argv)) == ENGINE_BY_COMMAND[argv]
    assert engine_of(parser.parse_args([*argv, "--store", "dir"])) == "oxigraph"
    for engine in ("memory", "oxigraph"):
        assert engine_of(parser.parse_args([*argv, "--engine", engine])) == engine


@pytest.mark.parametrize(
    ("fmt", "engine"),
    [("ttl", "memory"), ("nt", "memory"), ("void", "oxigraph"), ("csv", "oxigraph")],
)
def test_export_keeps_literals_only_where_it_writes_them(
    fmt: str, engine: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The whole graph is written by rdflib (each literal as its file wrote it); a network or
    a description comes from the faster engine."""
    import intlgraph.kg

    used: list[str] = []
    real = intlgraph.kg.load

    def load(*args: object, **options: object) -> intlgraph.KnowledgeGraph:
        used.append(str(options["engine"]))
        return real(*args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(intlgraph.kg, "load", load)
    args = ["export", *FIXTURE_GRAPH_ARGS, "--format", fmt, "-o", str(tmp_path / "out"), "-q"]
    assert main(args) == 0
    assert used == [engine]


def test_a_store_without_engine_is_an_oxigraph_store(cli: RunCli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    done = cli("validate", *FIXTURE_GRAPH_ARGS, *SHAPES_ARGS, "--store", str(store), "-q")
    assert done.returncode == 0, done.stderr
    assert store.is_dir() and any(store.iterdir())


def test_an_ill_typed_literal_is_one_warning_line(cli: RunCli, tmp_path: Path) -> None:
    """rdflib logs a literal it cannot read as a value with a traceback; the CLI prints one
    line and goes on (the memory engine, as validate uses by default)."""
    data = tmp_path / "ill-typed.ttl"
    data.write_text(
        "@prefix ex: <https://example.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'ex:a ex:count "many"^^xsd:integer .\n',
        encoding="utf-8",
    )
    result = cli("stats", "--engine", "memory", "--no-bundled", "--data", str(data), "-q")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "intlgraph: warning: Failed to convert Literal lexical form to value. "
        "Datatype=http://www.w3.org/2001/XMLSchema#integer, Converter=<class 'int'>"
    ]


def test_stats_bad_input_exits_2(cli: RunCli) -> None:
    result = cli("stats", "--quiet", "--data", str(FIXTURES / "notes.txt"))
    assert result.returncode == 2
    assert result.stderr.startswith("intlgraph: error: ")
    assert "Traceback" not in result.stderr


def test_validate_json(cli: RunCli) -> None:
    result = cli("validate", *VIOLATING_ARGS, *SHAPES_ARGS, "--format", "json", "-q")
    assert result.returncode == 1
    assert result.stderr == ""
    payload = json.loads(result.stdout)
    assert payload["conforms"] is False
    assert {"focus", "label_en", "label_ru", "message_en", "path", "severity"} <= set(
        payload["results"][0]
    )


def test_validate_csv(cli: RunCli) -> None:
    result = cli("validate", *VIOLATING_ARGS, *SHAPES_ARGS, "--format", "csv", "-q")
    assert result.returncode == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows
    assert all(row["severity"] == "Violation" for row in rows)


def test_stats_json(cli: RunCli) -> None:
    result = cli("stats", *FIXTURE_GRAPH_ARGS, "--format", "json", "--lang", "ru")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) == {"by_class", "by_source", "by_status"}
    statuses = {row["label"]: row["count"] for row in payload["by_status"]}
    assert statuses == {"действует": 2, "планируется": 1}


def test_stats_csv_and_by(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", *FIXTURE_GRAPH_ARGS, "--format", "csv", "--quiet"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {row["table"] for row in rows} == {"by_class", "by_source", "by_status"}
    assert main(["stats", *FIXTURE_GRAPH_ARGS, "--format", "csv", "--by", "source", "-q"]) == 0
    captured = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(captured.out)))
    assert [row["key"] for row in rows] == ["4.1", "4.2", "4.10", "ratifications.csv"]
    assert captured.err == ""


def test_stats_table_is_aligned(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", *FIXTURE_GRAPH_ARGS, "--by", "status", "--quiet"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "by_status:"
    header, rule, *rows = lines[1:]
    assert header.split() == ["status", "label", "count"]
    assert set(rule.replace(" ", "")) == {"-"}
    assert len(rows) == 2
    # the count column is right-aligned under its header
    assert all(len(row) == len(header) for row in rows)


def test_quiet_top_level_flag_also_works(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--quiet", "stats", *FIXTURE_GRAPH_ARGS, "--by", "class"]) == 0
    assert capsys.readouterr().err == ""


def test_console_script_is_installed(tmp_path: Path) -> None:
    import subprocess

    script = Path(sys.executable).parent / "intlgraph"
    if not script.exists():
        pytest.skip("intlgraph is not installed as a console script in this environment")
    result = subprocess.run(
        [str(script), "--version"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"intlgraph {intlgraph.__version__}"


def test_readme_main_job(cli: RunCli) -> None:
    validate = cli("validate", "--quiet")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    stats = cli("stats", "--quiet", "--format", "json")
    assert stats.returncode == 0, stats.stderr
    assert set(json.loads(stats.stdout)) == {"by_class", "by_source", "by_status"}
