"""The report: the project's main job (``intlgraph report``).

Build (load) the graph, validate it, run every gap check and the network analysis, and write
one self-contained HTML page — summary figures, each gap with its entities, evidence and
sources, the interactive cooperation map (in an ``<iframe srcdoc>``), plots as data URIs, no
external URL — plus ``gaps.json``, ``findings.csv`` and ``report.md`` beside it.

Every text from the graph is escaped (Jinja2 with autoescape on).

>>> sorted(WORDS["ru"])[:2]
['as_of', 'by_gap']
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intlgraph.gaps.model import SEVERITIES, Findings, Source
from intlgraph.output import atomic_write, csv_safe

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    from matplotlib.figure import Figure

    from intlgraph.gaps.registry import ReportExtra
    from intlgraph.kg import KnowledgeGraph

__all__ = [
    "FILES",
    "WORDS",
    "Written",
    "check_options",
    "render_html",
    "words",
    "write_report",
]

#: The files the report writes, in order.
FILES: tuple[str, ...] = ("report.html", "gaps.json", "findings.csv", "report.md")


def words(lang: str) -> dict[str, str]:
    """The report's wording in ``lang``, from the message catalogue (``report.*`` keys of
    ``intlgraph/messages/<lang>.json``; ``subtitle`` and ``ratifications`` are templates the
    report fills from the programme context).

    >>> words("kk")["summary"], words("ru")["summary"]  # no Kazakh catalogue: English
    ('Summary', 'Сводка')
    """
    from intlgraph.i18n import catalogue

    return {
        key.removeprefix("report."): text
        for key, text in catalogue(lang).items()
        if key.startswith("report.")
    }


#: The report's wording per language with a catalogue (see :func:`words`).
WORDS: dict[str, dict[str, str]] = {lang: words(lang) for lang in ("en", "ru")}

Progress = Callable[[str], None]


@dataclass
class Written:
    """What :func:`write_report` wrote: the folder, the HTML page, every file, the findings.

    >>> from pathlib import Path
    >>> written = Written(Path("report"), Path("report/report.html"),
    ...                   [Path("report", name) for name in FILES])
    >>> [path.name for path in written.files], len(written.findings)
    (['report.html', 'gaps.json', 'findings.csv', 'report.md'], 0)
    """

    directory: Path
    html: Path
    files: list[Path] = field(default_factory=list)
    findings: Findings = field(default_factory=Findings)


def check_options(
    directory: str | Path, *, as_of: str | None = None, overwrite: bool = False
) -> None:
    """Refuse, before anything is loaded, options :func:`write_report` could not honour.

    ``directory`` must be missing, an empty folder, or — with ``overwrite`` — a folder that
    holds only report files (:data:`FILES`; an earlier report, which is replaced whole).
    A file, or a folder holding anything else, is never touched. ``as_of`` must be a day
    (YYYY-MM-DD). Each refusal is an :class:`~intlgraph.exc.IntlgraphError` (one line; the
    command line exits 2).

    >>> import tempfile
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> check_options(folder / "new"), check_options(folder)  # missing, empty: fine
    (None, None)
    >>> (folder / "notes.txt").write_text("mine")
    4
    >>> check_options(folder, overwrite=True)
    Traceback (most recent call last):
    intlgraph.exc.OutputFileError: ...: cannot write (the folder holds files that are not a report's: notes.txt)
    >>> check_options(folder / "notes.txt")
    Traceback (most recent call last):
    intlgraph.exc.OutputFileError: .../notes.txt: cannot write (a file is there, not a folder)
    >>> check_options(folder / "new", as_of="2021-13-01")
    Traceback (most recent call last):
    intlgraph.exc.NetworkError: --as-of '2021-13-01': expected a date YYYY-MM-DD or 'latest'
    """
    from intlgraph.exc import OutputFileError
    from intlgraph.network.projection import parse_as_of

    parse_as_of(as_of)
    out = Path(directory)
    if not out.exists():
        parent = out.parent if str(out.parent) else Path(".")
        if not parent.is_dir():
            raise OutputFileError(out, f"no folder {parent}")
        return
    if not out.is_dir():
        raise OutputFileError(out, "a file is there, not a folder")
    present = sorted(p.name for p in out.iterdir())
    if not present:
        return
    foreign = [name for name in present if name not in FILES]
    if foreign:
        shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise OutputFileError(out, f"the folder holds files that are not a report's: {shown}")
    if not overwrite:
        raise OutputFileError(out, "a report is already there; --force replaces it")


def _publish(temporary: Path, out: Path) -> None:
    """Put the finished folder ``temporary`` in place of ``out`` (missing, empty, or an
    earlier report, set aside and removed once the new one is in place)."""
    import shutil
    import tempfile

    old: Path | None = None
    if out.is_dir():
        if any(out.iterdir()):
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            old.rmdir()
            out.rename(old)
        else:
            out.rmdir()
    try:
        temporary.rename(out)
    except OSError:
        if old is not None:
            old.rename(out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _svg_uri(fig: Figure) -> str:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _findings_plot(findings: Findings, order: list[str], lang: str) -> Figure:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    counts = {gap: dict.fromkeys(SEVERITIES, 0) for gap in order}
    for finding in findings:
        counts.setdefault(finding.gap, dict.fromkeys(SEVERITIES, 0))[finding.severity] += 1
    gaps = [g for g in counts if sum(counts[g].values())] or list(counts)
    fig, ax = plt.subplots(figsize=(9, 0.42 * len(gaps) + 1.2))
    left = [0] * len(gaps)
    colours = {"high": "#c0392b", "medium": "#d68910", "low": "#95a5a6"}
    for sev in SEVERITIES:
        values = [counts[g][sev] for g in gaps]
        ax.barh(gaps, values, left=left, color=colours[sev], label=sev)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel(words(lang)["findings_axis"])
    ax.set_title(words(lang)["findings_by_gap"])
    ax.legend(loc="lower right")
    return fig


def _ratification_plot(kg: KnowledgeGraph, lang: str, title: str) -> Figure:
    """The programme country's known ratifications over time (cumulative), pending ones
    marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    programme = kg.programme()
    frame = kg.query(
        "gaps/ratification-timeline",
        labels=False,
        state=programme.country,
        # without an agreement, the programme itself (it lists no instrument)
        agreement=programme.agreement or programme.iri,
    )
    fig, ax = plt.subplots(figsize=(9, 4))
    ratified = frame[frame["status"].astype(str).str.endswith("/ratified")]
    years = [d.year if isinstance(d, dt.date) else int(str(d)[:4]) for d in ratified["asOf"]]
    if years:
        steps = sorted(years)
        ax.step(steps, range(1, len(steps) + 1), where="post", color="#1f3a5f")
        ax.scatter(steps, range(1, len(steps) + 1), s=14, color="#1f3a5f")
        for (year, code), n in zip(
            sorted(zip(years, ratified["code"], strict=True)), range(1, len(steps) + 1), strict=True
        ):
            ax.annotate(
                str(code), (year, n), fontsize=6, xytext=(3, -3), textcoords="offset points"
            )
    pending = frame[frame["status"].astype(str).str.endswith("/pending")]
    for when, code in zip(pending["asOf"], pending["code"], strict=True):
        year = when.year if isinstance(when, dt.date) else int(str(when)[:4])
        ax.axvline(year, color="#d68910", linestyle="--", linewidth=1)
        ax.annotate(
            f"{code} {words(lang)['pending']}",
            (year, max(len(years), 1) / 2),
            rotation=90,
            fontsize=8,
            color="#d68910",
            xytext=(-10, 0),
            textcoords="offset points",
        )
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(words(lang)["ratified_known"])
    ax.set_title(title)
    return fig


def _table(frame: pd.DataFrame) -> dict[str, Any]:
    return {
        "columns": [str(c) for c in frame.columns],
        "rows": [["" if _missing(v) else v for v in row] for row in frame.itertuples(index=False)],
    }


def _missing(value: Any) -> bool:
    try:
        return bool(value != value) or value is None
    except (TypeError, ValueError):
        return False


def _extra(extra: ReportExtra) -> dict[str, Any]:
    image = None
    if extra.image_png:
        image = "data:image/png;base64," + base64.b64encode(extra.image_png).decode("ascii")
    elif extra.image_svg:
        data = base64.b64encode(extra.image_svg.encode("utf-8")).decode("ascii")
        image = "data:image/svg+xml;base64," + data
    return {
        "title": extra.title,
        "text": extra.text,
        "table": _table(extra.table) if extra.table is not None else None,
        "image": image,
    }


def _ties_by_kind(G: nx.Graph[Any]) -> list[tuple[str, int]]:
    seen: dict[str, str] = {}
    for _, _, data in G.edges(data=True):
        for tie in data.get("ties", []):
            seen.setdefault(str(tie["tie"]), str(tie.get("kind", "tie")))
    counts: dict[str, int] = {}
    for kind in seen.values():
        counts[kind] = counts.get(kind, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _source_rows(findings: Iterable[Any], lang: str) -> list[dict[str, Any]]:
    every: dict[str, Source] = {}
    for finding in findings:
        for source in finding.sources():
            every.setdefault(source.iri, source)
    ordered = sorted(
        every.values(),
        key=lambda s: (0 if s.section else 1, s.section or "", s.file or "", s.row or 0),
    )
    return [{"cite": s.cite(lang), "label": s.label.get(lang), "urls": s.urls} for s in ordered]


def render_html(context: dict[str, Any]) -> str:
    """The report page from ``context`` (``templates/report.html``, autoescaped).

    :func:`write_report` builds the context; every key the template uses must be there:

    >>> summary = {"triples": 3, "organisations": 2, "ties": 1, "findings": 0, "conforms": True,
    ...            "shacl_results": 0, "ties_by_kind": [("<i>memorandum</i>", 1)]}
    >>> html = render_html({"lang": "ru", "words": WORDS["ru"], "generated": "2021-06-02",
    ...     "as_of": None, "severities": [], "severity_words": {}, "summary": summary,
    ...     "by_gap": [], "groups": [], "map_html": "", "map_caption": "", "plots": [],
    ...     "metrics": None, "sources": []})
    >>> "<h1>Анализ пробелов программы международного сотрудничества</h1>" in html
    True
    >>> "&lt;i&gt;memorandum&lt;/i&gt;" in html  # text from the graph is escaped
    True
    """
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html").render(**context)


def write_report(
    kg: KnowledgeGraph,
    directory: str | Path = "report",
    *,
    lang: str = "en",
    as_of: str | None = None,
    progress: Progress | None = None,
    overwrite: bool = False,
) -> Written:
    """Validate ``kg``, run the gap checks and the network analysis, write the report files.

    ``directory`` is checked first (:func:`check_options`: missing, empty, or with
    ``overwrite`` an earlier report); the files are written into a temporary folder beside
    it, renamed into place when complete — a failure leaves nothing behind.

    The report on the bundled graph (most of the run is the SHACL validation of the graph):

    >>> import intlgraph, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     written = write_report(intlgraph.load(), tmp)
    ...     names = sorted(path.name for path in written.directory.iterdir())
    >>> names
    ['findings.csv', 'gaps.json', 'report.html', 'report.md']
    >>> written.findings.counts()["memberships-sought"], len(written.findings)
    (1, 82)
    """
    from intlgraph import maps, network
    from intlgraph.gaps import gaps as run_gaps
    from intlgraph.gaps import render
    from intlgraph.gaps.network_checks import network_of
    from intlgraph.gaps.registry import checks, describe

    def say(message: str) -> None:
        if progress is not None:
            progress(message)

    from intlgraph.programme import ProgrammeError, map_title, programmes, subtitle

    check_options(directory, as_of=as_of, overwrite=overwrite)
    wording = words(lang)
    try:
        country = kg.programme().country
        wording["subtitle"] = subtitle(kg, lang)
    except ProgrammeError:
        if programmes(kg):
            raise  # several programmes and none chosen
        country, wording["subtitle"] = None, ""
    wording["ratifications"] = wording["ratifications"].format(
        country=kg.label(country, lang) if country else "?"
    )
    out = Path(directory)

    say("validating against the SHACL shapes ...")
    validation = kg.validate(lang=lang)
    say(
        f"SHACL: {'conforms' if validation.conforms else 'does not conform'} "
        f"({len(validation.results)} results)"
    )

    specs = checks()
    params: dict[str, dict[str, Any]] = {}
    if as_of:
        params = {s.id: {"as_of": as_of} for s in specs if "as_of" in s.params}
    total = len(specs)
    counter = iter(range(1, total + 1))
    findings = run_gaps(
        kg,
        lang=lang,
        params=params,
        progress=lambda check_id: say(f"gap check {next(counter)}/{total}: {check_id} ..."),
        notice=say,
    )
    say(f"{len(findings)} findings")

    say("projecting the cooperation network ...")
    G = network_of(kg, as_of, lang)
    metrics = network.metrics(G)
    say("drawing the cooperation map ...")
    the_map = maps.cooperation_map(G, lang=lang, title=map_title(kg, lang))
    say("drawing the plots ...")
    plots = [
        {
            "title": wording["findings_by_gap"],
            "uri": _svg_uri(_findings_plot(findings, [s.id for s in specs], lang)),
        }
    ]
    if country is not None:
        plots.append(
            {
                "title": wording["ratifications"],
                "uri": _svg_uri(_ratification_plot(kg, lang, wording["ratifications"])),
            }
        )
    plots.append({"title": wording["timeline"], "uri": _svg_uri(maps.timeline(kg, lang=lang))})

    by_gap = []
    groups = []
    for spec in specs:
        own = findings.only(spec.id)
        counts = {sev: sum(1 for f in own if f.severity == sev) for sev in SEVERITIES}
        by_gap.append(
            {"id": spec.id, "title": spec.title.get(lang), "counts": counts, "total": len(own)}
        )
        extras = [_extra(e) for e in spec.report(kg, own, lang)] if spec.report else []
        groups.append(
            {
                "id": spec.id,
                "title": spec.title.get(lang),
                "description": describe(spec, lang),
                "findings": [_finding_view(f, lang) for f in own],
                "extras": extras,
            }
        )
    top = metrics.head(12)
    keep = [c for c in ("label", "type", "degree", "betweenness", "pagerank") if c in top.columns]
    context = {
        "lang": lang,
        "words": wording,
        "generated": dt.date.today().isoformat(),
        "as_of": as_of,
        "severities": SEVERITIES,
        "severity_words": {s: render.SEVERITY_WORDS[s].get(lang) for s in SEVERITIES},
        "summary": {
            "triples": len(kg),
            "organisations": G.number_of_nodes(),
            "ties": sum(n for _, n in _ties_by_kind(G)),
            "ties_by_kind": _ties_by_kind(G),
            "findings": len(findings),
            "conforms": validation.conforms,
            "shacl_results": len(validation.results),
        },
        "by_gap": by_gap,
        "groups": groups,
        "map_html": the_map.html,
        "map_caption": f"{the_map.nodes} / {the_map.edges} — {wording['network']}",
        "plots": plots,
        "metrics": _table(top[keep].round(3)) if keep else None,
        "sources": _source_rows(findings, lang),
    }
    say("writing the report ...")
    import shutil
    import tempfile

    from intlgraph.exc import OutputFileError

    parent = out.parent if str(out.parent) else Path(".")
    try:
        temporary = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=parent))
    except OSError as error:
        raise OutputFileError(out, error.strerror or str(error)) from None
    try:
        atomic_write(temporary / "report.html", render_html(context))
        atomic_write(temporary / "gaps.json", findings.to_json() + "\n")
        table = csv_safe(findings.to_frame(lang))  # cells a spreadsheet would run get a '
        atomic_write(temporary / "findings.csv", table.to_csv(index=False, lineterminator="\n"))
        atomic_write(temporary / "report.md", _markdown(findings, by_gap, context, lang))
        check_options(out, overwrite=overwrite)  # nothing else appeared there meanwhile
        _publish(temporary, out)
    except OSError as error:
        raise OutputFileError(out, error.strerror or str(error)) from None
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return Written(out, out / "report.html", [out / name for name in FILES], findings)


def _finding_view(finding: Any, lang: str) -> dict[str, Any]:
    from intlgraph.gaps.render import role

    other = "en" if lang == "ru" else "ru"
    return {
        "severity": finding.severity,
        "title": finding.title.get(lang),
        "score": finding.score,
        "entities": [
            {"label": e.label.get(lang), "other": e.label.get(other), "type": e.type, "iri": e.iri}
            for e in finding.entities
        ],
        "evidence": [
            {
                "role": role(item.role, lang),
                "label": item.label.get(lang),
                "node": item.node,
                "sources": "; ".join(
                    s.cite(lang) + (f" ({', '.join(s.urls)})" if s.urls else "")
                    for s in item.sources
                ),
                "triples": [" ".join(_short(x) for x in t) for t in item.triples],
            }
            for item in finding.evidence
        ],
    }


def _short(term: str) -> str:
    for prefix, namespace in (
        ("ig:", "https://w3id.org/intlgraph/ont#"),
        ("status:", "https://w3id.org/intlgraph/vocab/status/"),
        ("bound:", "https://w3id.org/intlgraph/vocab/bound/"),
        ("rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
        ("", "https://w3id.org/intlgraph/id/"),
    ):
        if term.startswith(namespace):
            return prefix + term[len(namespace) :]
    return term


def _markdown(
    findings: Findings, by_gap: list[dict[str, Any]], context: dict[str, Any], lang: str
) -> str:
    from intlgraph.gaps import render

    words = context["words"]
    summary = context["summary"]
    lines = [
        f"# {words['title']}",
        "",
        f"{words['subtitle']} · {context['generated']}",
        "",
        f"- {words['triples']}: {summary['triples']}",
        f"- {words['organisations']}: {summary['organisations']}",
        f"- {words['ties']}: {summary['ties']}",
        f"- {words['shacl']}: {words['conforms'] if summary['conforms'] else words['violations']}",
        f"- {words['findings']}: {summary['findings']}",
        "",
        f"| {words['check']} | " + " | ".join(SEVERITIES) + f" | {words['total']} |",
        "|---|" + "---:|" * (len(SEVERITIES) + 1),
    ]
    for row in by_gap:
        cells = " | ".join(str(row["counts"][s]) for s in SEVERITIES)
        lines.append(f"| `{row['id']}` | {cells} | {row['total']} |")
    lines += ["", f"## {words['gaps']}", "", render.to_markdown(findings, lang)]
    return "\n".join(lines)
