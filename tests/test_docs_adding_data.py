"""docs/adding-data.md, run as written: its file, its commands and their output.

How the test reads the page:

* **Files.** A fenced ````` ```turtle ````` block whose preceding non-blank line is the HTML
  comment ``<!-- file: NAME -->`` belongs to the file ``NAME`` (``mine.ttl``, ``bad.ttl``). The
  blocks of one file are joined in page order and written to a temporary directory. A turtle
  block without such a comment belongs to no file.
* **Terminal sessions.** Every ````` ```console ````` block is run. A line starting with ``$ ``
  is a command, and the lines up to the next command are what it prints (stdout and stderr
  together, trailing whitespace ignored). Only two commands may appear: ``intlgraph ARGS``, run
  as ``python -m intlgraph ARGS`` in the temporary directory, and ``echo $?``, which prints the
  exit status of the command before it. A line holding only ``...`` stands for any number of
  lines, none included. Every other line must match exactly. The lines that carry the point
  (the finding that goes away, the counts, SHACL conformance) must be written out in full,
  never elided.
* **Python.** The ````` ```pycon ````` blocks are one doctest session, run in the temporary
  directory.

The test also checks the effect directly in Python:

* which findings go away and that none appear;
* that the example is marked as an illustration in its own namespace and refers only to nodes
  that exist;
* that SHACL finds exactly the stated violations of ``bad.ttl`` and nothing in ``mine.ttl``.

SHACL takes about 9 s per run, so the Python side validates only once. It loads ``mine.ttl`` and
``bad.ttl`` together, with the node of ``bad.ttl`` renamed so that the two files don't describe
the same node. The commands run in background processes while the Python checks run.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO_ROOT
from rdflib import RDF, RDFS, Graph, Literal, URIRef

import intlgraph
from intlgraph.gaps import Findings, branch_unions_unaffiliated
from intlgraph.validate import ValidationReport

PAGE = REPO_ROOT / "docs" / "adding-data.md"

ID = "https://w3id.org/intlgraph/id/"
IG = "https://w3id.org/intlgraph/ont#"
EX = "https://example.org/intlgraph-example/"
PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")

#: What the example is meant to remove: (check id, subject IRI).
GONE = {
    ("partners-without-agreement", ID + "org/tuc"),
    ("planned-without-outcome", ID + "activity/visit-tuc"),
}

#: The gap checks the page runs on the command line.
GAPS = "intlgraph gaps -q --only partners-without-agreement planned-without-outcome"

#: Lines the page must show in full (not behind a ``...``), by the command that prints them.
KEY_LINES = {
    "intlgraph validate -q --data mine.ttl": ["Conforms: the graph satisfies all shapes."],
    "intlgraph validate -q --data bad.ttl": [
        "Does not conform: 2 violations.",
        "- Violation: Example Labour Rights Centre (illustration) "
        "<https://example.org/intlgraph-example/example-ngo> rdfs:label: "
        "needs a Russian rdfs:label (@ru)",
    ],
    GAPS: [
        "partners-without-agreement — Programme targets without an agreement or membership (6)",
        "  low     TUC: a programme target tied to FPRK, but by no signed agreement or membership",
        "planned-without-outcome — Planned measures without an outcome (32)",
        "  medium  Priority working visit: British Trades Union Congress (London) "
        "(section 5.1 item 5): planned, no outcome recorded",
    ],
    GAPS + " --data mine.ttl": [
        "partners-without-agreement — Programme targets without an agreement or membership (5)",
        "planned-without-outcome — Planned measures without an outcome (31)",
    ],
}

#: The violations bad.ttl is stated to give: (property, message).
BAD_VIOLATIONS = {
    (
        "prov:wasDerivedFrom",
        "needs prov:wasDerivedFrom a programme section or a reference record",
    ),
    ("rdfs:label", "needs a Russian rdfs:label (@ru)"),
}


# --- reading the page -------------------------------------------------------------------------


@dataclass
class Block:
    info: str
    text: str
    line: int  # line number of the opening fence
    file: str | None = None


@dataclass
class Step:
    command: str
    expected: list[str] = field(default_factory=list)


def read_blocks(text: str) -> list[Block]:
    """The fenced blocks of a Markdown text, each with the file its comment names (if any)."""
    blocks: list[Block] = []
    lines = text.splitlines()
    previous = ""  # the last non-blank line outside a block
    i = 0
    while i < len(lines):
        opening = re.fullmatch(r"```(\S*)\s*", lines[i])
        if opening is None:
            if lines[i].strip():
                previous = lines[i].strip()
            i += 1
            continue
        end = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == "```")
        named = re.fullmatch(r"<!--\s*file:\s*(\S+)\s*-->", previous)
        body = "\n".join(lines[i + 1 : end]) + "\n"
        blocks.append(Block(opening.group(1), body, i + 1, named.group(1) if named else None))
        previous = ""
        i = end + 1
    return blocks


def read_session(block: Block) -> list[Step]:
    steps: list[Step] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            steps.append(Step(line[2:].strip()))
        else:
            assert steps, f"console block at line {block.line}: output before any command"
            steps[-1].expected.append(line.rstrip())
    return steps


def matches(expected: list[str], actual: str) -> bool:
    """Whether ``actual`` is ``expected`` line by line, a ``...`` line standing for any lines."""
    pattern = "".join(
        r"(?:[^\n]*\n)*?" if line.strip() == "..." else re.escape(line) + r"\n"
        for line in trim(expected)
    )
    text = "".join(f"{line}\n" for line in trim(actual.splitlines()))
    return re.fullmatch(pattern, text) is not None


def trim(lines: list[str]) -> list[str]:
    out = [line.rstrip() for line in lines]
    while out and not out[-1]:
        out.pop()
    return out


# --- the example, set up once -----------------------------------------------------------------


@dataclass
class Example:
    workdir: Path
    files: dict[str, str]
    sessions: list[tuple[Block, list[Step]]]
    pycon: list[Block]
    runs: dict[str, Future[subprocess.CompletedProcess[str]]]


def run_intlgraph(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(command)
    assert argv[0] == "intlgraph", f"only intlgraph commands are run, not {command!r}"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "intlgraph", *argv[1:]],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # what a terminal shows
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Example]:
    """The page's files in a temporary directory; its commands started in the background."""
    blocks = read_blocks(PAGE.read_text(encoding="utf-8"))
    files: dict[str, str] = {}
    for block in blocks:
        if block.file is not None:
            assert block.info == "turtle", f"line {block.line}: a file block must be turtle"
            files[block.file] = files.get(block.file, "") + block.text + "\n"
    workdir = tmp_path_factory.mktemp("adding-data")
    for name, text in files.items():
        (workdir / name).write_text(text, encoding="utf-8")
    sessions = [(b, read_session(b)) for b in blocks if b.info == "console"]
    pycon = [b for b in blocks if b.info == "pycon"]
    commands = {s.command for _, steps in sessions for s in steps if s.command != "echo $?"}
    with ThreadPoolExecutor(max_workers=2) as pool:
        # SHACL first: the slowest commands
        ordered = sorted(commands, key=lambda c: (" validate " not in f" {c} ", c))
        runs = {c: pool.submit(run_intlgraph, c, workdir) for c in ordered}
        yield Example(workdir, files, sessions, pycon, runs)


@pytest.fixture(scope="module")
def python_session(example: Example) -> dict[str, Any]:
    """Run the page's pycon blocks as one doctest session; the names they defined."""
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.REPORT_NDIFF)
    report = io.StringIO()
    names: dict[str, Any] = {}
    attempted = failed = 0
    with contextlib.chdir(example.workdir):
        for block in example.pycon:
            # block.line is the fence; doctest counts from the line after it. A DocTest works on
            # a copy of the names it is given: hand that copy on to the next block.
            test = parser.get_doctest(block.text, names, PAGE.name, str(PAGE), block.line)
            result = runner.run(test, out=report.write, clear_globs=False)
            names = test.globs
            attempted, failed = attempted + result.attempted, failed + result.failed
    assert attempted > 0, "no pycon examples on the page"
    assert failed == 0, report.getvalue()
    return names


# --- the page's own structure -----------------------------------------------------------------


def test_the_page_has_its_files_and_sessions(example: Example) -> None:
    assert set(example.files) == {"mine.ttl", "bad.ttl"}
    shown = {s.command for _, steps in example.sessions for s in steps}
    assert set(KEY_LINES) <= shown
    for _, steps in example.sessions:
        for step in steps:
            assert step.command == "echo $?" or step.command.startswith("intlgraph ")
            for key in KEY_LINES.get(step.command, []):
                assert key in step.expected, f"{step.command}: must show {key!r} in full"
        # every validate / gaps command states its exit status
        for i, step in enumerate(steps):
            if step.command.startswith(("intlgraph validate", "intlgraph gaps")):
                assert i + 1 < len(steps) and steps[i + 1].command == "echo $?", step.command


def test_the_example_is_an_illustration(example: Example) -> None:
    """Only new nodes in ex:, each labelled as an illustration, each citing the made-up record."""
    mine = Graph().parse(data=example.files["mine.ttl"], format="turtle")
    subjects = set(mine.subjects())
    assert subjects and all(str(s).startswith(EX) for s in subjects)
    for node in subjects:
        labels = {
            (str(o), o.language) for o in mine.objects(node, RDFS.label) if isinstance(o, Literal)
        }
        assert {lang for _, lang in labels} == {"en", "ru"}, node
        assert any("illustration" in text for text, lang in labels if lang == "en"), node
        assert any("иллюстрация" in text for text, lang in labels if lang == "ru"), node
    record = URIRef(EX + "note-1")
    assert (record, RDF.type, URIRef(IG + "ReferenceRecord")) in mine
    assert "not a sourced fact" in str(mine.value(record, RDFS.label))
    for node in subjects - {record}:
        assert set(mine.objects(node, PROV_DERIVED)) == {record}, node


# --- the effect, checked directly -------------------------------------------------------------


def test_python_session_runs_as_shown(python_session: dict[str, Any]) -> None:
    assert {"before", "after", "kg"} <= set(python_session)


def test_the_two_findings_go_away_and_nothing_else_changes(
    python_session: dict[str, Any],
) -> None:
    before: Findings = python_session["before"]
    after: Findings = python_session["after"]
    kg: intlgraph.KnowledgeGraph = python_session["kg"]
    pairs_before = {(f.gap, f.subject) for f in before}
    pairs_after = {(f.gap, f.subject) for f in after}
    assert pairs_before >= GONE
    assert pairs_before - pairs_after == GONE
    assert pairs_after - pairs_before == set()
    counts_before, counts_after = before.counts(), after.counts()
    for gap in ("partners-without-agreement", "planned-without-outcome"):
        assert counts_after[gap] == counts_before[gap] - 1
    # the file refers to nodes that exist in the bundled graph
    assert kg.query(
        f"PREFIX ig: <{IG}> "
        "ASK { ?outcome ig:outcomeOf ?visit . ?visit a ig:PlannedMeasure , ig:WorkingVisit ;"
        " ig:host ?tuc . ?mou a ig:MemorandumOfUnderstanding ; ig:party ?tuc , ?fprk ;"
        " ig:status ?signed }",
        outcome=URIRef(EX + "outcome-visit-tuc"),
        visit=URIRef(ID + "activity/visit-tuc"),
        tuc=URIRef(ID + "org/tuc"),
        mou=URIRef(EX + "mou-fprk-tuc"),
        fprk=URIRef(ID + "org/fprk"),
        signed=URIRef("https://w3id.org/intlgraph/vocab/status/signed"),
    )
    # the page says: explore/organisation-ties now lists the memorandum among the TUC's ties
    ties = kg.query("explore/organisation-ties", org="o:tuc", labels=False)
    assert EX + "mou-fprk-tuc" in {str(tie) for tie in ties["tie"]}


@pytest.fixture(scope="module")
def validated(example: Example) -> tuple[intlgraph.KnowledgeGraph, ValidationReport]:
    """One load and one SHACL run for the Python checks: the bundled graph, ``mine.ttl``,
    ``bad.ttl`` with its node renamed (both files describe ``ex:example-ngo``) and a complete
    but unaffiliated branch union (the page says it would add a finding)."""
    renamed = URIRef(EX + "example-ngo-bad")
    bad = Graph().parse(data=example.files["bad.ttl"], format="turtle")
    for p, o in list(bad.predicate_objects(URIRef(EX + "example-ngo"))):
        bad.remove((URIRef(EX + "example-ngo"), p, o))
        bad.add((renamed, p, o))
    bad_file = example.workdir / "bad-renamed.ttl"
    bad.serialize(bad_file, format="turtle")
    union = example.workdir / "union.ttl"
    union.write_text(
        f"""
@prefix ig: <{IG}> .
@prefix rdfs: <{RDFS}> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<{EX}union> a ig:BranchUnion ;
    rdfs:label "Example union (illustration)"@en , "Пример профсоюза (иллюстрация)"@ru ;
    prov:wasDerivedFrom <{EX}note-1> .
""",
        encoding="utf-8",
    )
    kg = intlgraph.load(extra=[example.workdir / "mine.ttl", bad_file, union])
    return kg, kg.validate()


def test_shacl_mine_conforms_and_bad_gives_the_stated_violations(
    validated: tuple[intlgraph.KnowledgeGraph, ValidationReport],
) -> None:
    _, report = validated
    assert not report.conforms
    found = {(r.focus, r.severity, r.path, r.message_en) for r in report.results}
    renamed = EX + "example-ngo-bad"
    # only the two stated violations, both on the node of bad.ttl: nothing in mine.ttl
    assert found == {(renamed, "Violation", path, message) for path, message in BAD_VIOLATIONS}


def test_a_new_branch_union_adds_a_finding(
    validated: tuple[intlgraph.KnowledgeGraph, ValidationReport],
) -> None:
    """The page says new nodes can add findings, e.g. an unaffiliated branch union."""
    kg, _ = validated
    assert EX + "union" in branch_unions_unaffiliated(kg).subjects()


def test_the_bad_example_is_the_stated_mistake(example: Example) -> None:
    """The mistake shown is exactly a missing Russian label and a missing source."""
    bad = Graph().parse(data=example.files["bad.ttl"], format="turtle")
    node = URIRef(EX + "example-ngo")
    assert [o for o in bad.objects(node, RDFS.label)] == [
        Literal("Example Labour Rights Centre (illustration)", lang="en")
    ]
    assert not list(bad.objects(node, PROV_DERIVED))


# --- the commands, as the page shows them -----------------------------------------------------


def test_console_sessions_print_what_the_page_shows(example: Example) -> None:
    mismatches: list[str] = []
    for block, steps in example.sessions:
        last: subprocess.CompletedProcess[str] | None = None
        for step in steps:
            if step.command == "echo $?":
                assert last is not None, f"line {block.line}: echo $? before any command"
                actual = f"{last.returncode}\n"
            else:
                last = example.runs[step.command].result()
                actual = last.stdout
            if not matches(step.expected, actual):
                shown = "\n".join(step.expected)
                mismatches.append(
                    f"console block at line {block.line}: `$ {step.command}`\n"
                    f"--- the page shows:\n{shown}\n--- the command printed:\n{actual}"
                )
    assert not mismatches, f"{PAGE.name}: " + "\n\n".join(mismatches)
