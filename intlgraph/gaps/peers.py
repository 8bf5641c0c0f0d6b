"""Peer comparison: a state's ratifications against a group of countries (gap check).

The instruments compared are those a survey table covers for every state
(``ig:coversInstrument``: the NORMLEX table of the 10 fundamental conventions and P029).
A peer group is an ``ig:PeerGroup`` (``data/peer-groups.ttl``, or a user's own file);
"peers" are its countries other than the state. Ratified means status ``ratified`` (in
force): a pending or denounced record does not count.

* :func:`peer_ratifications` — instruments at least ``min_peers`` peers ratified and the state
  did not (gap findings, check id ``peer-ratifications``);
* :func:`compare` — the same as rows (instrument, peers and years, share), and
  :func:`reverse_view`, what the state ratified and some peers did not;
* :func:`matrix` / :func:`matrix_figure` — states x instruments, ratified cells coloured by year.

The examples load the graph with the embedded Oxigraph engine (``engine="oxigraph"``): the
same answers, and much faster for the comparison with all 187 states.

>>> import intlgraph
>>> from intlgraph.gaps import peers
>>> kg = intlgraph.load(engine="oxigraph")
>>> [f.title.en.split(" (")[0] for f in peers.peer_ratifications(kg)]
['P029 Protocol to the Forced Labour Convention: not ratified by Kazakhstan;
  ratified by 3 of 4 peers in Central Asia']
>>> world = peers.compare(kg, state="KAZ", group="ilo-member-states")
>>> [(gap.code, len(gap.peers), gap.group_peers, gap.share) for gap in world.gaps]
[('P029', 65, 186, 0.3495)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from intlgraph.exc import PeerComparisonError
from intlgraph.gaps.model import Basis, Draft, EvidenceDraft, Findings
from intlgraph.gaps.registry import ReportExtra
from intlgraph.gaps.resolve import finalise
from intlgraph.i18n import message
from intlgraph.namespaces import DCT, ID, IG, STATUS
from intlgraph.output import plain, records
from intlgraph.programme import ProgrammeError, is_reference, programmes, resolve
from intlgraph.results import local_name

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from intlgraph.kg import KnowledgeGraph

__all__ = [
    "CHECK_ID",
    "DEFAULT_GROUP",
    "DEFAULT_STATE",
    "Comparison",
    "PeerGap",
    "compare",
    "matrix",
    "matrix_figure",
    "peer_ratifications",
    "resolve_group",
    "resolve_state",
    "reverse_view",
]

CHECK_ID = "peer-ratifications"
DCT_DATE = DCT + "date"
#: The defaults: the programme's country and its (smallest) peer group, read from the graph
#: (:mod:`intlgraph.programme`).
DEFAULT_STATE = "$country"
DEFAULT_GROUP = "$peer_group"
#: Prefixes a user may write a state or group with.
PREFIXES = {
    "country": ID + "country/",
    "region": ID + "region/",
    "group": ID + "peer-group/",
    "igd": ID,
}
#: How many peers a finding's title names (all of them are in its evidence).
TITLE_PEERS = 5


@dataclass(frozen=True)
class PeerGap:
    """An instrument peers ratified and the state did not: who ratified it, when, what share.

    ``peers`` are (country IRI, year) pairs, earliest first; ``ratifications`` the
    ratification nodes, in the same order.

    >>> import intlgraph
    >>> from intlgraph.gaps import peers
    >>> gap, = peers.compare(intlgraph.load(engine="oxigraph"), group="memorandum-partners").gaps
    >>> gap.code, gap.group_peers, [(iri[-3:], year) for iri, year in gap.peers]
    ('P029', 11, [('UZB', 2019), ('KGZ', 2020), ('TJK', 2020), ('MYS', 2022), ('ITA', 2026)])
    >>> gap.ratifications[0]
    'https://w3id.org/intlgraph/id/ratification/UZB-P029'
    """

    instrument: str
    code: str
    peers: tuple[tuple[str, int | None], ...]
    ratifications: tuple[str, ...]
    group_peers: int

    @property
    def share(self) -> float:
        """The share of the group (without the state) that ratified the instrument.

        >>> import intlgraph
        >>> from intlgraph.gaps import peers
        >>> kg = intlgraph.load(engine="oxigraph")
        >>> peers.compare(kg).gaps[0].share  # P029: 3 of Kazakhstan's 4 Central Asian peers
        0.75
        """
        return round(len(self.peers) / self.group_peers, 4) if self.group_peers else 0.0


@dataclass(frozen=True)
class Comparison:
    """A state against a peer group: its peers and the gaps (instruments it lacks).

    >>> import intlgraph
    >>> from intlgraph.gaps import peers
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> kaz = peers.compare(kg)  # Kazakhstan against Central Asia
    >>> kaz.state, kaz.group
    ('https://w3id.org/intlgraph/id/country/KAZ',
     'https://w3id.org/intlgraph/id/region/central-asia')
    >>> [iri[-3:] for iri in kaz.peers], [gap.code for gap in kaz.gaps]
    (['KGZ', 'TJK', 'TKM', 'UZB'], ['P029'])
    >>> peers.compare(kg, state="UZB").gaps  # Uzbekistan lacks nothing its neighbours ratified
    ()
    """

    state: str
    group: str
    peers: tuple[str, ...]
    gaps: tuple[PeerGap, ...]


def resolve_state(kg: KnowledgeGraph, state: str) -> str:
    """The IRI of a state given as ISO code (``KAZ``), ``country:KAZ`` or IRI; it must be a
    country of the graph.

    >>> import intlgraph
    >>> from intlgraph.gaps import peers
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> peers.resolve_state(kg, "kgz"), peers.resolve_state(kg, "country:TKM")
    ('https://w3id.org/intlgraph/id/country/KGZ', 'https://w3id.org/intlgraph/id/country/TKM')
    >>> peers.resolve_state(kg, "Kazakhstan")
    Traceback (most recent call last):
    intlgraph.exc.PeerComparisonError: no country 'Kazakhstan' in the graph (give an ISO 3166 code)
    """

    text = str(resolve(kg, state.strip()))
    if "://" in text:
        iri = text
    elif ":" in text:
        prefix, local = text.split(":", 1)
        iri = PREFIXES.get(prefix, prefix + ":") + local
    else:
        iri = PREFIXES["country"] + text.upper()
    from rdflib import URIRef

    found = kg.query("ASK { ?state a <https://w3id.org/intlgraph/ont#Country> }", state=URIRef(iri))
    if not found:
        raise PeerComparisonError(f"no country {state!r} in the graph (give an ISO 3166 code)")
    return iri


def groups(kg: KnowledgeGraph, lang: str = "en") -> pd.DataFrame:
    """The peer groups of the graph with their sizes (``queries/peers/groups.rq``).

    >>> import intlgraph
    >>> from intlgraph.gaps import peers
    >>> table = peers.groups(intlgraph.load(engine="oxigraph"))
    >>> table[["group_label", "countries"]].values.tolist()
    [['All ILO member states', 187], ["Countries of the Federation's memorandum partners", 11],
     ['Central Asia', 5]]
    """
    frame: pd.DataFrame = kg.query("peers/groups", lang=lang)
    return frame


def resolve_group(kg: KnowledgeGraph, group: str) -> str:
    """The IRI of a peer group given as IRI, prefixed name, local name or label.

    >>> import intlgraph
    >>> from intlgraph.gaps import peers
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> peers.resolve_group(kg, "memorandum-partners")
    'https://w3id.org/intlgraph/id/peer-group/memorandum-partners'
    >>> peers.resolve_group(kg, "Центрально-Азиатский регион")  # a label, in en or ru
    'https://w3id.org/intlgraph/id/region/central-asia'
    """

    text = str(resolve(kg, group.strip()))
    known = groups(kg)
    iris = [str(i) for i in known["group"]]
    if ":" in text and "://" not in text:
        prefix, local = text.split(":", 1)
        text = PREFIXES.get(prefix, prefix + ":") + local
    if text in iris:
        return text
    wanted = text.casefold()
    matches = [iri for iri in iris if local_name(iri).casefold() == wanted]
    if not matches:
        names = {**kg.labels(iris, "en"), **{}}
        names_ru = kg.labels(iris, "ru")
        matches = [
            iri
            for iri in iris
            if wanted in {names.get(iri, "").casefold(), names_ru.get(iri, "").casefold()}
        ]
    if len(matches) != 1:
        choices = ", ".join(local_name(i) for i in iris) or "none"
        raise PeerComparisonError(f"no peer group {group!r} (known: {choices})")
    return matches[0]


def _rows(kg: KnowledgeGraph, name: str, **params: Any) -> list[dict[str, Any]]:
    return records(kg.query(name, labels=False, **params))


def _year(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.year
    try:
        return int(str(value)[:4])
    except ValueError:
        return None


def _members(kg: KnowledgeGraph, group: str) -> list[str]:
    return [str(r["country"]) for r in _rows(kg, "peers/members", group=group)]


def compare(
    kg: KnowledgeGraph,
    state: str = DEFAULT_STATE,
    group: str = DEFAULT_GROUP,
    min_peers: int = 1,
) -> Comparison:
    """The instruments at least ``min_peers`` peers of ``group`` ratified and ``state`` did not.

    >>> import intlgraph
    >>> from intlgraph.gaps import peers
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> gap, = peers.compare(kg).gaps
    >>> gap.code, [(p[-3:], y) for p, y in gap.peers], gap.share
    ('P029', [('UZB', 2019), ('KGZ', 2020), ('TJK', 2020)], 0.75)
    >>> peers.compare(kg, group="ilo-member-states", min_peers=100).gaps  # P029: 65 of 186
    ()
    """
    if min_peers < 1:
        raise PeerComparisonError(f"min_peers must be at least 1, not {min_peers}")
    state_iri, group_iri = resolve_state(kg, state), resolve_group(kg, group)
    peers = tuple(m for m in _members(kg, group_iri) if m != state_iri)
    by_instrument: dict[str, list[dict[str, Any]]] = {}
    for row in _rows(kg, "peers/peer-ratifications", state=state_iri, group=group_iri):
        by_instrument.setdefault(str(row["instrument"]), []).append(row)
    gaps = []
    for instrument, rows in by_instrument.items():
        ordered = sorted(rows, key=lambda r: (_year(r["year"]) or 9999, str(r["peer"])))
        unique = {str(r["peer"]): r for r in ordered}
        if len(unique) < min_peers:
            continue
        gaps.append(
            PeerGap(
                instrument=instrument,
                code=str(rows[0]["code"]),
                peers=tuple((p, _year(r["year"])) for p, r in unique.items()),
                ratifications=tuple(str(r["ratification"]) for r in unique.values()),
                group_peers=len(peers),
            )
        )
    gaps.sort(key=lambda g: (-len(g.peers), g.code))
    return Comparison(state_iri, group_iri, peers, tuple(gaps))


def _drafts(comparison: Comparison) -> list[Draft]:
    drafts = []
    for gap in comparison.gaps:
        named = gap.peers[:TITLE_PEERS]
        listed_en = ", ".join(f"{{r{i}}} {y or '?'}" for i, (_, y) in enumerate(named))
        more = len(gap.peers) - len(named)
        if more:
            listed_en += f" and {more} more"
        listed_ru = listed_en.replace(f" and {more} more", f" и ещё {more}")
        count = f"{len(gap.peers)} of {gap.group_peers}"
        count_ru = f"{len(gap.peers)} из {gap.group_peers}"
        evidence = [
            EvidenceDraft(
                rat,
                "peer-ratification",
                [(rat, IG + "status", STATUS + "ratified")]
                + ([(rat, DCT_DATE, str(year))] if year else []),
            )
            for rat, (_, year) in zip(gap.ratifications, gap.peers, strict=True)
        ]
        drafts.append(
            Draft(
                gap=CHECK_ID,
                title_en=f"{{e0}}: not ratified by {{e1}}; ratified by {count} peers in {{e2}} "
                f"({listed_en})",
                title_ru=f"{{e0}}: ратифицировали {count_ru} стран группы «{{e2}}» "
                f"({listed_ru}), {{e1}} — нет",
                basis=Basis.SUGGESTION,
                entities=[
                    (gap.instrument, None),
                    (comparison.state, "ig:Country"),
                    (comparison.group, "ig:PeerGroup"),
                ],
                evidence=evidence,
                refs=[peer for peer, _ in named],
            )
        )
    return drafts


def run_check(
    kg: KnowledgeGraph,
    *,
    state: str = DEFAULT_STATE,
    group: str = DEFAULT_GROUP,
    min_peers: int = 1,
) -> list[Draft]:
    """The ``peer-ratifications`` check's draft findings (``queries/gaps/checks.toml`` runs it)."""
    if not _defaults_present(kg, state, group):
        return []  # a graph without the programme's country or peer group: nothing to compare
    return _drafts(compare(kg, state, group, int(min_peers)))


def _defaults_present(kg: KnowledgeGraph, state: str, group: str) -> bool:
    """False when the state or group left at its default is not in the graph (a user's own
    graph without the bundled data); a state or group the user names must exist."""

    try:
        if is_reference(state):
            resolve_state(kg, state)
        if is_reference(group):
            resolve_group(kg, group)
    except PeerComparisonError:
        return False
    except ProgrammeError:
        if programmes(kg):  # a programme without a country or peer group: nothing to compare
            try:
                kg.programme()
            except ProgrammeError:
                raise  # several programmes, none chosen
            return False
        return False
    return True


def peer_ratifications(
    kg: KnowledgeGraph,
    state: str = DEFAULT_STATE,
    group: str = DEFAULT_GROUP,
    min_peers: int = 1,
    lang: str = "en",
) -> Findings:
    """The ``peer-ratifications`` gap findings: one per instrument peers ratified, the state not.

    Each finding's title gives the count of peers that ratified it (``3 of 4 peers``:
    :func:`compare` has the share); its evidence is every peer's ratification with its source
    (the NORMLEX table row). The severity is low (basis ``suggestion``); no score, as only
    the network's suggested ties have one.

    >>> import intlgraph
    >>> from intlgraph.gaps import peers
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> found = peers.peer_ratifications(kg, group="memorandum-partners", min_peers=5)
    >>> found[0].title.en
    "P029 Protocol to the Forced Labour Convention: not ratified by Kazakhstan; ratified by 5 of
    11 peers in Countries of the Federation's memorandum partners (Uzbekistan 2019, Kyrgyzstan
    2020, Tajikistan 2020, Malaysia 2022, Italy 2026)"
    >>> found[0].severity, found[0].evidence[0].label.en, found[0].sources()[0].cite()
    ('low', 'Uzbekistan: P029 ratified', 'ilo_fundamental_ratifications_world.csv row 181')
    """

    return finalise(kg, run_check(kg, state=state, group=group, min_peers=min_peers), lang=lang)


def reverse_view(
    kg: KnowledgeGraph, state: str = DEFAULT_STATE, group: str = DEFAULT_GROUP, lang: str = "en"
) -> pd.DataFrame:
    """What the state ratified and some peers did not: instrument, the state's year, the
    peers without it and the share of peers that ratified it too.

    >>> import intlgraph
    >>> from intlgraph.gaps import peers
    >>> view = peers.reverse_view(intlgraph.load(engine="oxigraph"))
    >>> view[["code", "state_year", "peers_without", "share"]].values.tolist()
    [['C155', 1996, 'Kyrgyzstan, Turkmenistan', 0.5],
     ['C187', 2015, 'Kyrgyzstan, Tajikistan, Turkmenistan', 0.25]]
    """
    import pandas as pd

    state_iri, group_iri = resolve_state(kg, state), resolve_group(kg, group)
    peers = [m for m in _members(kg, group_iri) if m != state_iri]
    frame = kg.query("peers/state-only-ratifications", lang=lang, state=state_iri, group=group_iri)
    records = []
    for instrument, rows in frame.groupby("instrument", sort=False):
        without = sorted(set(rows["peer_label"]))
        records.append(
            {
                "instrument": str(instrument),
                "code": str(rows["code"].iloc[0]),
                "state_year": _year(plain(rows["stateYear"].iloc[0])),
                "peers_without": ", ".join(without),
                "peers_ratified": len(peers) - len(without),
                "group_peers": len(peers),
                "share": round((len(peers) - len(without)) / len(peers), 4) if peers else 0.0,
            }
        )
    columns = [
        "instrument",
        "code",
        "state_year",
        "peers_without",
        "peers_ratified",
        "group_peers",
        "share",
    ]
    frame = pd.DataFrame(records, columns=columns).sort_values("code", ignore_index=True)
    return frame.astype({"state_year": "Int64", "peers_ratified": "Int64", "group_peers": "Int64"})


def comparison_frame(comparison: Comparison, kg: KnowledgeGraph, lang: str = "en") -> pd.DataFrame:
    """The gaps of a comparison as a table: instrument, peers with years, counts, share.

    >>> import intlgraph
    >>> from intlgraph.gaps import peers
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> table = peers.comparison_frame(peers.compare(kg, group="memorandum-partners"), kg)
    >>> table.drop(columns="instrument").to_dict("records")
    [{'code': 'P029',
      'peers': 'Uzbekistan 2019, Kyrgyzstan 2020, Tajikistan 2020, Malaysia 2022, Italy 2026',
      'peers_ratified': 5, 'group_peers': 11, 'share': 0.4545}]
    """
    import pandas as pd

    names = kg.labels([p for g in comparison.gaps for p, _ in g.peers], lang)
    records = [
        {
            "instrument": gap.instrument,
            "code": gap.code,
            "peers": ", ".join(
                f"{names.get(p, local_name(p))} {y or ''}".strip() for p, y in gap.peers
            ),
            "peers_ratified": len(gap.peers),
            "group_peers": gap.group_peers,
            "share": gap.share,
        }
        for gap in comparison.gaps
    ]
    columns = ["instrument", "code", "peers", "peers_ratified", "group_peers", "share"]
    frame = pd.DataFrame(records, columns=columns)
    return frame.astype({"peers_ratified": "Int64", "group_peers": "Int64", "share": "float64"})


def matrix(
    kg: KnowledgeGraph, group: str = DEFAULT_GROUP, state: str = DEFAULT_STATE, lang: str = "en"
) -> pd.DataFrame:
    """States x instruments: the year of each ratification in force, ``den. YYYY`` for a
    denunciation, ``pending``, empty if not ratified. The state comes first.

    >>> import intlgraph
    >>> from intlgraph.gaps import peers
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> m = peers.matrix(kg)
    >>> list(m.index), m.loc["Kazakhstan", "P029"], m.loc["Uzbekistan", "P029"]
    (['Kazakhstan', 'Kyrgyzstan', 'Tajikistan', 'Turkmenistan', 'Uzbekistan'], '', '2019')
    >>> peers.matrix(kg, group="memorandum-partners").loc["Malaysia", "C105"]
    'den. 1990'
    """
    import pandas as pd

    cells = _cells(kg, group, state)
    names = kg.labels(cells.countries, lang)
    table = {
        names.get(c, local_name(c)): [
            _cell_text(cells.values.get((c, code))) for code in cells.codes
        ]
        for c in cells.countries
    }
    return pd.DataFrame.from_dict(table, orient="index", columns=list(cells.codes))


@dataclass(frozen=True)
class _Cells:
    countries: list[str]
    codes: list[str]
    values: dict[tuple[str, str], tuple[str, int | None, int | None]]


def _cells(kg: KnowledgeGraph, group: str, state: str) -> _Cells:
    state_iri, group_iri = resolve_state(kg, state), resolve_group(kg, group)
    members = _members(kg, group_iri)
    countries = [state_iri] + [m for m in members if m != state_iri]
    codes = [str(r["code"]) for r in _rows(kg, "peers/instruments")]
    values: dict[tuple[str, str], tuple[str, int | None, int | None]] = {}
    for row in _rows(kg, "peers/matrix", state=state_iri, group=group_iri):
        status = local_name(str(row["status"]))
        key = (str(row["country"]), str(row["code"]))
        current = values.get(key)
        if current is None or current[0] != "ratified":  # a ratification in force wins
            values[key] = (status, _year(row["year"]), _year(row["endYear"]))
    return _Cells(countries, codes, values)


def _cell_text(value: tuple[str, int | None, int | None] | None) -> str:
    if value is None:
        return ""
    status, year, end = value
    if status == "ratified":
        return str(year or "?")
    if status == "denounced":
        return f"den. {end or '?'}"
    return status


def matrix_figure(
    kg: KnowledgeGraph, group: str = DEFAULT_GROUP, state: str = DEFAULT_STATE, lang: str = "en"
) -> Figure:
    """The matrix as a matplotlib figure: ratified cells coloured by year (a colour bar), the
    year written in the cell; denounced cells hatched grey, pending ones outlined; the state's
    row first and in bold.

    >>> import intlgraph, tempfile
    >>> from pathlib import Path
    >>> from intlgraph.gaps import peers
    >>> fig = peers.matrix_figure(intlgraph.load(engine="oxigraph"), lang="ru")
    >>> fig.axes[0].get_title()
    'Центрально-Азиатский регион: ратификации основополагающих инструментов МОТ'
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     fig.savefig(Path(tmp) / "matrix.svg")
    ...     (Path(tmp) / "matrix.svg").stat().st_size > 10_000
    True
    """
    from matplotlib import colormaps
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    cells = _cells(kg, group, state)
    names = kg.labels([*cells.countries, resolve_group(kg, group)], lang)
    years = [v[1] for v in cells.values.values() if v[0] == "ratified" and v[1]]
    first, last = min(years, default=1950), max(years, default=2026)
    norm = Normalize(first, last)
    cmap = colormaps["viridis"]
    rows, cols = len(cells.countries), len(cells.codes)
    small = rows > 40
    # a Figure outside pyplot: no backend switch, no global state, shown by Jupyter as it is
    fig = Figure(figsize=(1.2 + 0.7 * cols, 1.2 + (0.16 if small else 0.45) * rows))
    ax = fig.subplots()
    for r, country in enumerate(cells.countries):
        for c, code in enumerate(cells.codes):
            value = cells.values.get((country, code))
            face: Any
            if value is None:
                face, hatch, edge = "white", None, "#dddddd"
            elif value[0] == "ratified":
                face, hatch, edge = cmap(norm(value[1] or first)), None, "white"
            elif value[0] == "denounced":
                face, hatch, edge = "#bbbbbb", "///", "#555555"
            else:
                face, hatch, edge = "white", None, "#d62728"
            ax.add_patch(
                Rectangle(
                    (c, r),
                    1,
                    1,
                    facecolor=face,
                    edgecolor=edge,
                    hatch=hatch,
                    linewidth=0.8 if value and value[0] == "pending" else 0.5,
                )
            )
            if value is not None and not small:
                text = _cell_text(value)
                light = value[0] == "ratified" and norm(value[1] or first) < 0.6
                ax.text(
                    c + 0.5,
                    r + 0.5,
                    text,
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if light else "black",
                )
    ax.set_xlim(0, cols)
    ax.set_ylim(rows, 0)
    ax.set_xticks([c + 0.5 for c in range(cols)], cells.codes, rotation=90, fontsize=8)
    labels = [names.get(c, local_name(c)) for c in cells.countries]
    ax.set_yticks([r + 0.5 for r in range(rows)], labels, fontsize=5 if small else 8)
    ax.get_yticklabels()[0].set_fontweight("bold")
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    group_name = names.get(resolve_group(kg, group), local_name(group))
    ax.set_title(message("peers.figure_title", lang, group=group_name), fontsize=10)
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, fraction=0.04)
    bar.set_label(message("peers.figure_year", lang), fontsize=8)
    note = message("peers.figure_note", lang)
    fig.text(0.01, 0.005, note, fontsize=7, color="#555555")
    fig.tight_layout(rect=(0, 0.02, 1, 1))
    return fig


def report_sections(kg: KnowledgeGraph, findings: Findings, lang: str) -> Sequence[ReportExtra]:
    """The report's extra sections: the matrix figure and the reverse view (default group)."""
    import io

    if not _defaults_present(kg, DEFAULT_STATE, DEFAULT_GROUP):
        return []
    fig = matrix_figure(kg, lang=lang)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    reverse = reverse_view(kg, lang=lang).drop(columns=["instrument"])
    state, group = resolve_state(kg, DEFAULT_STATE), resolve_group(kg, DEFAULT_GROUP)
    names = {"state": kg.label(state, lang), "group": kg.label(group, lang)}
    return [
        ReportExtra(
            message("peers.matrix_title", lang, **names),
            message("peers.matrix_text", lang, **names),
            image_png=buffer.getvalue(),
        ),
        ReportExtra(
            message("peers.reverse_title", lang, **names),
            message("peers.reverse_text", lang, **names),
            table=reverse,
        ),
    ]
