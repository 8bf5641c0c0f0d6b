"""Languages as data: one message catalogue per language (en and ru complete), a declared
label fallback order, and any language tag the labels carry on the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

from intlgraph import i18n
from intlgraph.report import words
from tests.conftest import FIXTURES, REPO_ROOT, RunCli

MESSAGES = REPO_ROOT / "intlgraph" / "messages"
EXAMPLE = FIXTURES / "programmes" / "example"


def _keys(lang: str) -> set[str]:
    data = json.loads((MESSAGES / f"{lang}.json").read_text(encoding="utf-8"))
    return {k for k in data if not k.startswith("_")}


def test_en_and_ru_are_complete_and_every_used_key_exists() -> None:
    assert _keys("en") == _keys("ru")
    used: set[str] = set()
    for path in (REPO_ROOT / "intlgraph").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"message\(\s*[\"']([a-z_]+\.[a-z_]+)[\"']", text))
    used |= {"report." + key for key in words("en")}
    assert used, "no message keys found in the code"
    assert used <= _keys("en"), used - _keys("en")
    for lang in ("en", "ru"):
        for key in _keys(lang):
            text = i18n.catalogue(lang)[key]
            fields = set(re.findall(r"\{(\w+)\}", text))
            assert fields == set(re.findall(r"\{(\w+)\}", i18n.catalogue("en")[key])), key


def test_a_language_without_a_catalogue_speaks_the_fallback() -> None:
    assert i18n.fallback("kk") == ("kk", "en", "ru")
    assert i18n.message("gaps.none", "kk") == "no gaps found"
    assert i18n.message("gaps.none", "ru") == "пробелов не найдено"
    assert i18n.message("peers.matrix_title", "ru", group="X") == "Матрица ратификаций: X"


def test_lang_takes_any_tag_the_labels_carry(cli: RunCli, tmp_path: Path) -> None:
    kazakh = tmp_path / "kk.ttl"
    kazakh.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://example.org/intlgraph-example/org/exfed> rdfs:label "Мысал федерациясы"@kk .\n',
        encoding="utf-8",
    )
    data = [a for f in sorted(EXAMPLE.glob("*.ttl")) for a in ("--data", str(f))]
    done = cli(
        "query",
        "explore/organisation",
        "--no-bundled-data",
        *data,
        "--data",
        str(kazakh),
        "--lang",
        "kk",
        "--format",
        "json",
        "-q",
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert {row["org_label"] for row in rows} == {"Мысал федерациясы"}
    # a label without a Kazakh version falls back to English
    assert "national trade-union centre" in {row["value_label"] for row in rows}
    bad = cli("stats", "--lang", "e n")
    assert bad.returncode == 2 and "is not a language tag" in bad.stderr
