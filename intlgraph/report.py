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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intlgraph.gaps.model import SEVERITIES, Findings, Source
from intlgraph.ontology import prospective_statuses
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
    intlgraph.exc.OutputFileError: ...: cannot write (the folder holds files ...: notes.txt)
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


def _folder_mode() -> int:
    """The mode a new folder gets from the process's umask (as ``mkdir`` would give it)."""
    import os

    mask = os.umask(0)
    os.umask(mask)
    return 0o777 & ~mask


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

    from intlgraph.maps.static import figure_bytes

    svg = figure_bytes(fig, "svg")
    plt.close(fig)
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _findings_plot(findings: Findings, titles: dict[str, str], lang: str) -> Figure:
    """Findings per gap check (titled in ``lang``), stacked by severity, high first."""
    import textwrap

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from intlgraph.gaps.render import SEVERITY_WORDS

    counts = {gap: dict.fromkeys(SEVERITIES, 0) for gap in titles}
    for finding in findings:
        counts.setdefault(finding.gap, dict.fromkeys(SEVERITIES, 0))[finding.severity] += 1
    gaps = [g for g in counts if sum(counts[g].values())] or list(counts)
    names = [textwrap.fill(titles.get(g, g), 48) for g in gaps]
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(gaps) + 1.2))
    left = [0] * len(gaps)
    colours = {"high": "#c0392b", "medium": "#d68910", "low": "#95a5a6"}
    for sev in SEVERITIES:
        values = [counts[g][sev] for g in gaps]
        ax.barh(names, values, left=left, color=colours[sev], label=SEVERITY_WORDS[sev].get(lang))
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.tick_params(axis="y", labelsize=8)
    ax.set_xlabel(words(lang)["findings_axis"])
    ax.set_title(words(lang)["findings_by_gap"])
    ax.legend(loc="lower right", title=words(lang)["severity"])
    return fig


def _stacked(
    rows: list[str], stacks: list[tuple[str, str, list[int]]], title: str, axis: str
) -> Figure:
    """A horizontal stacked bar chart: ``stacks`` are (name, colour, value per row), drawn
    and listed in the legend in that order."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    fig, ax = plt.subplots(figsize=(9, 0.45 * len(rows) + 1.6))
    left = [0] * len(rows)
    for name, colour, values in stacks:
        ax.barh(rows, values, left=left, color=colour, label=name)
        left = [a + b for a, b in zip(left, values, strict=True)]
    for y, total in enumerate(left):
        ax.annotate(
            str(total),
            (total, y),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="y", labelsize=8.5)
    ax.set_xlabel(axis)
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8)
    return fig


#: The order of statuses in the plots: what is done first, then what is still to do.
_STATUS_ORDER = (
    "done",
    "held",
    "signed",
    "restored",
    "ratified",
    "in-negotiation",
    "sought",
    "planned",
    "pending",
    "denounced",
    "",
)
_STATUS_COLOURS = {
    "done": "#1e8449",
    "held": "#27ae60",
    "signed": "#52be80",
    "restored": "#82e0aa",
    "in-negotiation": "#f5b041",
    "sought": "#d68910",
    "planned": "#f8c471",
    "": "#bfc9ca",
}


def _measures_plot(kg: KnowledgeGraph, lang: str) -> Figure | None:
    """The programme's planned measures per section, stacked by each one's latest status."""
    from intlgraph.maps.style import status_label

    frame = kg.query("explore/planned-measures", labels=False)
    if frame.empty:
        return None
    latest: dict[str, tuple[str, str, str]] = {}  # measure -> (as of, section, status)
    for row in frame.itertuples(index=False):
        when = "" if _missing(row.asOf) else str(row.asOf)
        status = "" if _missing(row.status) else str(row.status).rsplit("/", 1)[-1]
        key = str(row.measure)
        if key not in latest or when > latest[key][0]:
            latest[key] = (when, str(row.section), status)

    def number(section: str) -> tuple[int, ...]:
        return tuple(int(p) if p.isdigit() else 0 for p in section.split("."))

    sections = sorted({s for _, s, _ in latest.values()}, key=number)
    statuses = sorted(
        {st for _, _, st in latest.values()},
        key=lambda st: _STATUS_ORDER.index(st) if st in _STATUS_ORDER else 99,
    )
    wording = words(lang)
    stacks = [
        (
            status_label(st, lang) or wording["status_none"],
            _STATUS_COLOURS.get(st, "#aab7b8"),
            [sum(1 for _, s, x in latest.values() if s == sec and x == st) for sec in sections],
        )
        for st in statuses
    ]
    rows = [f"{wording['section']} {sec}" for sec in sections]
    return _stacked(rows, stacks, wording["measures_by_section"], wording["measures_axis"])


def _partner_plot(G: nx.Graph[Any], lang: str, organisation: str) -> Figure | None:
    """The focal organisation's ties by the type of partner, held or planned."""
    from intlgraph.maps.counts import tie_records
    from intlgraph.maps.style import CATEGORY_STYLE, name

    focal = {n for n, d in G.nodes(data=True) if d.get("category") == "federation"}
    if not focal:
        return None
    planned_words = prospective_statuses()
    tally: dict[str, list[int]] = {}  # category -> [held, planned, no status]
    for _, record in tie_records(G):
        parties = set(record.get("parties") or [])
        if not parties & focal:
            continue
        status = str(record.get("status") or "")
        column = 2 if not status else 1 if status in planned_words else 0
        for category in {G.nodes[p].get("category", "other") for p in parties - focal if p in G}:
            tally.setdefault(str(category), [0, 0, 0])[column] += 1
    if not tally:
        return None
    order = list(CATEGORY_STYLE)
    kinds = sorted(tally, key=lambda c: (-sum(tally[c]), order.index(c) if c in order else 99))
    wording = words(lang)
    stacks = [
        (wording["held"], "#27ae60", [tally[c][0] for c in kinds]),
        (wording["planned"], "#f8c471", [tally[c][1] for c in kinds]),
        (wording["status_none"], "#bfc9ca", [tally[c][2] for c in kinds]),
    ]
    stacks = [s for s in stacks if sum(s[2])]
    title = wording["ties_by_partner"].format(organisation=organisation)
    return _stacked([name(c, lang) for c in kinds], stacks, title, wording["ties_axis"])


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


def _table(frame: pd.DataFrame, lang: str = "en") -> dict[str, Any]:
    """A table for the page; a column with a ``report.col_<name>`` message is headed by it."""
    wording = words(lang)
    return {
        "columns": [wording.get(f"col_{c}", str(c)) for c in frame.columns],
        "rows": [["" if _missing(v) else v for v in row] for row in frame.itertuples(index=False)],
    }


def _missing(value: Any) -> bool:
    try:
        return bool(value != value) or value is None
    except (TypeError, ValueError):
        return False


def _extra(extra: ReportExtra, lang: str) -> dict[str, Any]:
    image = None
    if extra.image_png:
        image = "data:image/png;base64," + base64.b64encode(extra.image_png).decode("ascii")
    elif extra.image_svg:
        data = base64.b64encode(extra.image_svg.encode("utf-8")).decode("ascii")
        image = "data:image/svg+xml;base64," + data
    return {
        "title": extra.title,
        "text": extra.text,
        "table": _table(extra.table, lang) if extra.table is not None else None,
        "image": image,
    }


def _ties_by_kind(G: nx.Graph[Any], lang: str) -> list[tuple[str, int]]:
    """Each tie once, counted by its kind (named in ``lang``), most first."""
    from intlgraph.maps.counts import tie_records
    from intlgraph.maps.style import name

    counts: dict[str, int] = {}
    for _, record in tie_records(G):
        kind = name(str(record.get("kind") or "activity"), lang)
        counts[kind] = counts.get(kind, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _links(urls: Iterable[str]) -> list[dict[str, str]]:
    """Source URLs as links named by their site (``kasipodaq.kz``); only http(s) ones."""
    from urllib.parse import urlsplit

    found = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            found.append({"url": url, "site": parts.netloc.removeprefix("www.")})
    return found


def _source_rows(findings: Iterable[Any], lang: str) -> list[dict[str, Any]]:
    every: dict[str, Source] = {}
    for finding in findings:
        for source in finding.sources():
            every.setdefault(source.iri, source)
    ordered = sorted(
        every.values(),
        key=lambda s: (0 if s.section else 1, s.section or "", s.file or "", s.row or 0),
    )
    return [
        {"cite": s.cite(lang), "label": s.label.get(lang), "links": _links(s.urls)} for s in ordered
    ]


def render_html(context: dict[str, Any]) -> str:
    """The report page from ``context`` (``templates/report.html``, autoescaped).

    :func:`write_report` builds the context; every key the template uses must be there:

    >>> summary = {"triples": 3, "organisations": 2, "isolated": 0, "ties": 1, "lines": 1,
    ...            "findings": 0, "conforms": True, "shacl_results": 0,
    ...            "ties_by_kind": [("<i>memorandum</i>", 1)]}
    >>> html = render_html({"lang": "ru", "words": WORDS["ru"], "generated": "2021-06-02",
    ...     "as_of": None, "severities": [], "severity_words": {}, "summary": summary,
    ...     "definitions": "", "by_gap": [], "groups": [], "map_html": "", "map_height": 900,
    ...     "map_caption": "", "plots": [], "metrics": None, "sources": []})
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

    The report on the bundled graph, on the embedded store (as ``intlgraph report`` runs it):

    >>> import intlgraph, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     written = write_report(intlgraph.load(engine="oxigraph"), tmp)
    ...     names = sorted(path.name for path in written.directory.iterdir())
    >>> names
    ['findings.csv', 'gaps.json', 'report.html', 'report.md']
    >>> written.findings.counts()["memberships-sought"], len(written.findings)
    (1, 82)
    """
    from intlgraph import maps, network
    from intlgraph.gaps import gaps as run_gaps
    from intlgraph.gaps import render
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

    say("projecting the cooperation network ...")
    G = network.project(kg, as_of=as_of, lang=lang)  # once: the gap checks read it too
    say(f"{G.number_of_nodes()} organisations, {G.number_of_edges()} lines")

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
        network=G,  # used where it fits (English labels: the checks break ties by name)
    )
    say(f"{len(findings)} findings")

    say("measuring the network ...")
    from intlgraph.maps.counts import counts as count_network
    from intlgraph.maps.style import class_label

    counted = count_network(G)
    numbers = {
        "organisations": counted.organisations,
        "linked": counted.linked,
        "isolated": counted.isolated,
        "ties": counted.ties,
        "lines": counted.lines,
    }
    central = network.most_connected(G, 12) if len(G) else None
    say("drawing the cooperation map ...")
    the_map = maps.cooperation_map(G, lang=lang, title=map_title(kg, lang))
    say("drawing the plots ...")
    titles = {s.id: s.title.get(lang) for s in specs}
    plots = [
        {
            "title": wording["findings_by_gap"],
            "uri": _svg_uri(_findings_plot(findings, titles, lang)),
        }
    ]
    measures = _measures_plot(kg, lang)
    if measures is not None:
        plots.append({"title": wording["measures_by_section"], "uri": _svg_uri(measures)})
    focal = [d for _, d in G.nodes(data=True) if d.get("category") == "federation"]
    short = str(focal[0].get(f"short_{lang}") or focal[0].get("label", "")) if focal else ""
    partners = _partner_plot(G, lang, short)
    if partners is not None:
        plots.append(
            {
                "title": wording["ties_by_partner"].format(organisation=short),
                "uri": _svg_uri(partners),
            }
        )
    if country is not None:
        plots.append(
            {
                "title": wording["ratifications"],
                "uri": _svg_uri(_ratification_plot(kg, lang, wording["ratifications"])),
            }
        )

    by_gap = []
    groups = []
    for spec in specs:
        own = findings.only(spec.id)
        counts = {sev: sum(1 for f in own if f.severity == sev) for sev in SEVERITIES}
        by_gap.append(
            {"id": spec.id, "title": spec.title.get(lang), "counts": counts, "total": len(own)}
        )
        extras = [_extra(e, lang) for e in spec.report(kg, own, lang)] if spec.report else []
        groups.append(
            {
                "id": spec.id,
                "title": spec.title.get(lang),
                "description": describe(spec, lang),
                "findings": [_finding_view(f, lang) for f in own],
                "extras": extras,
            }
        )
    context = {
        "lang": lang,
        "words": wording,
        "generated": dt.date.today().isoformat(),
        "as_of": as_of,
        "severities": SEVERITIES,
        "severity_words": {s: render.SEVERITY_WORDS[s].get(lang) for s in SEVERITIES},
        "summary": {
            "triples": len(kg),
            **numbers,
            "ties_by_kind": _ties_by_kind(G, lang),
            "findings": len(findings),
            "conforms": validation.conforms,
            "shacl_results": len(validation.results),
        },
        "definitions": wording["definitions"].format(**numbers),
        "by_gap": by_gap,
        "groups": groups,
        "map_html": the_map.html,
        "map_height": the_map.frame_height,
        "map_caption": wording["map_caption"].format(**numbers),
        "plots": plots,
        "metrics": _central(central, lang, class_label) if central is not None else None,
        "sources": _source_rows(findings, lang),
    }
    say("writing the report ...")
    import shutil
    import tempfile

    from intlgraph.exc import OutputFileError

    parent = out.parent if str(out.parent) else Path(".")
    try:
        temporary = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=parent))
        temporary.chmod(_folder_mode())  # mkdtemp's 0700 would make the report private
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


def _central(
    top: pd.DataFrame, lang: str, class_label: Callable[[str, str], str]
) -> dict[str, Any] | None:
    """The most central organisations (:func:`intlgraph.network.most_connected`): name, type
    (its class's label), partners, betweenness and PageRank printed alike (three decimals)."""
    if top.empty:
        return None
    wording = words(lang)
    rows = []
    for data in top.to_dict("records"):
        rows.append(
            [
                str(data["label"]),
                class_label(str(data["type"]), lang) if data["type"] else "",
                str(int(data["degree"])),
                f"{float(data['betweenness']):.3f}",
                f"{float(data['pagerank']):.3f}",
            ]
        )
    columns = [
        wording["col_organisation"],
        wording["col_type"],
        wording["partners"],
        wording["col_betweenness"],
        wording["col_pagerank"],
    ]
    return {"columns": columns, "rows": rows, "numeric": [False, False, True, True, True]}


def _finding_view(finding: Any, lang: str) -> dict[str, Any]:
    """A finding as the page shows it: its entities by name and type (the class's label),
    each piece of evidence as a sentence with its sources and their links; IRIs and
    triples kept for the folded "data" part."""
    from intlgraph.gaps.render import role
    from intlgraph.maps.style import class_label

    def type_name(term: str) -> str:
        local = term.split(":", 1)[-1].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        return class_label(local, lang) if local else ""

    return {
        "severity": finding.severity,
        "title": finding.title.get(lang),
        "score": finding.score,
        "entities": [
            {"label": e.label.get(lang), "type": type_name(e.type), "iri": e.iri}
            for e in finding.entities
        ],
        "evidence": [
            {
                "role": role(item.role, lang),
                "label": item.label.get(lang),
                "node": item.node,
                "sources": [{"cite": s.cite(lang), "links": _links(s.urls)} for s in item.sources],
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
        context["definitions"],
        "",
        f"| {words['check']} | " + " | ".join(SEVERITIES) + f" | {words['total']} |",
        "|---|" + "---:|" * (len(SEVERITIES) + 1),
    ]
    for row in by_gap:
        cells = " | ".join(str(row["counts"][s]) for s in SEVERITIES)
        lines.append(f"| `{row['id']}` | {cells} | {row['total']} |")
    lines += ["", f"## {words['gaps']}", "", render.to_markdown(findings, lang)]
    return "\n".join(lines)
