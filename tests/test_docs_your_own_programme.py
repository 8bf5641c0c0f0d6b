"""docs/your-own-programme.md, run as written.

* Every ```` ```turtle ```` excerpt must be in the example programme's files
  (tests/fixtures/programmes/example/*.ttl), so the page and the files cannot drift apart.
* A block after ``<!-- file: NAME -->`` is written to ``NAME`` in a copy of the example folder.
* Every ```` ```console ```` block is run in that copy: ``$ intlgraph ARGS`` runs
  ``python -m intlgraph ARGS``, ``$ echo $?`` prints the exit status of the command before it;
  the lines up to the next command are what it prints (stdout, then stderr). A line ``...``
  stands for any number of lines.
* The ```` ```text ```` block is the start of the report's ``report.md`` (``...`` inside a
  line stands for any text).
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

from tests.conftest import FIXTURES, REPO_ROOT, run_cli

PAGE = REPO_ROOT / "docs" / "your-own-programme.md"
EXAMPLE = FIXTURES / "programmes" / "example"
BLOCK = re.compile(r"(?:<!-- file: (?P<file>\S+) -->\n)?```(?P<lang>\w+)\n(?P<body>.*?)```", re.S)


def blocks(lang: str) -> list[tuple[str | None, str]]:
    text = PAGE.read_text(encoding="utf-8")
    return [(m["file"], m["body"]) for m in BLOCK.finditer(text) if m["lang"] == lang]


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` fits ``expected``, where a line ``...`` is any number of lines."""
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head == "...":
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == head and matches(rest, actual[1:])


def test_turtle_excerpts_are_the_example_files() -> None:
    files = "\n".join(p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.ttl")))
    excerpts = blocks("turtle")
    assert len(excerpts) >= 4
    for _, body in excerpts:
        assert body in files, f"not in the example's files:\n{body}"


def test_commands_run_as_written(tmp_path: Path) -> None:
    work = tmp_path / "example"
    shutil.copytree(EXAMPLE, work)
    written = []
    for lang in ("sparql", "toml"):
        for name, body in blocks(lang):
            if name:
                target = work / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(body, encoding="utf-8")
                written.append(name)
    assert written == ["my-queries/mine/centres-without-memorandum.rq", "my-queries/checks.toml"]
    sessions = blocks("console")
    assert len(sessions) == 6
    commands = 0
    for _, body in sessions:
        lines = body.rstrip("\n").split("\n")
        steps: list[tuple[str, list[str]]] = []
        for line in lines:
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                steps[-1][1].append(line)
        status = None
        for command, expected in steps:
            if command == "echo $?":
                output = [str(status)]
            else:
                argv = shlex.split(command)
                assert argv[0] == "intlgraph", command
                done = run_cli(*argv[1:], cwd=work)
                status = done.returncode
                output = (done.stdout + done.stderr).rstrip("\n").split("\n")
                output = [line.rstrip() for line in output] if output != [""] else []
                commands += 1
            assert matches([e.rstrip() for e in expected], output), (
                f"$ {command}\nexpected:\n" + "\n".join(expected) + "\ngot:\n" + "\n".join(output)
            )
    assert commands == 6
    (text,) = [body for _, body in blocks("text")]
    report = (work / "example-report" / "report.md").read_text(encoding="utf-8")
    pattern = "".join(
        ".*".join(re.escape(part) for part in line.split("...")) + "\n"
        for line in text.splitlines()
    )
    assert re.match(pattern, report), report[:300]
