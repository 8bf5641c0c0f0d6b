"""Static pictures for papers (matplotlib): the network drawn with the map's styling, and a
timeline of ties by year. Both return a matplotlib figure (not shown: no window opens) and
write it when given a path.

>>> import intlgraph, tempfile
>>> from pathlib import Path
>>> from intlgraph import maps
>>> with tempfile.TemporaryDirectory() as tmp:
...     fig = maps.timeline(intlgraph.load(engine="oxigraph"), Path(tmp) / "timeline.png")
...     (Path(tmp) / "timeline.png").read_bytes()[:4]
b'\x89PNG'
>>> [label.get_text() for label in fig.axes[0].get_xticklabels()]
['2009', '2019', '2020', '2021', '2022', '2024']
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intlgraph.exc import NetworkError
from intlgraph.maps.style import (
    CATEGORY_STYLE,
    MARKERS,
    UI,
    display_label,
    edge_colour,
    name,
    node_style,
)
from intlgraph.maps.style import title as default_title
from intlgraph.ontology import prospective_statuses

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.figure import Figure

    from intlgraph.kg import KnowledgeGraph

__all__ = ["figure", "figure_bytes", "tie_years", "timeline"]


def figure_bytes(fig: Figure, fmt: str, *, dpi: float | None = None) -> bytes:
    """``fig`` as a ``fmt`` file (``"png"``, ``"svg"``, ``"pdf"``), cropped to what it draws.

    An SVG carries no date and salted ids, so the same figure gives the same bytes:

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([1, 2], [3, 4])
    >>> figure_bytes(fig, "svg") == figure_bytes(fig, "svg")
    True
    >>> figure_bytes(fig, "png")[:4]
    b'\\x89PNG'
    """
    import io

    import matplotlib

    buffer = io.BytesIO()
    options: dict[str, Any] = {"metadata": {"Date": None}} if fmt == "svg" else {}
    with matplotlib.rc_context({"svg.hashsalt": "intlgraph"}):
        fig.savefig(buffer, format=fmt, dpi=dpi or "figure", bbox_inches="tight", **options)
    return buffer.getvalue()


def _save(fig: Figure, path: str | Path | None) -> None:
    if path is None:
        return
    target = Path(path)
    if target.suffix.lower() not in {".png", ".svg", ".pdf"}:
        raise NetworkError(f"{target}: figures are written as .png, .svg or .pdf")
    from intlgraph.output import atomic_write

    atomic_write(target, figure_bytes(fig, target.suffix.lower()[1:], dpi=200))


def figure(
    G: nx.Graph[Any],
    path: str | Path | None = None,
    *,
    lang: str = "en",
    size_by: str = "degree",
    title: str | None = None,
    labels: int = 25,
    seed: int = 7,
    figsize: tuple[float, float] = (11.0, 8.0),
) -> Figure:
    """The network drawn like the interactive map (colour and marker by type, size by
    ``size_by``, edge colour by tie kind, dashed when planned), with a legend; the ``labels``
    biggest nodes are labelled. Writes PNG, SVG or PDF when ``path`` is given.

    >>> import intlgraph, tempfile
    >>> from pathlib import Path
    >>> from intlgraph import maps, network
    >>> G = network.project(intlgraph.load(engine="oxigraph"), kinds=["membership", "agreement"])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     fig = maps.figure(G, Path(tmp) / "network.svg", lang="ru", labels=10)
    ...     svg = (Path(tmp) / "network.svg").read_text(encoding="utf-8")
    >>> svg.startswith("<?xml"), "ФПРК" in svg
    (True, True)
    >>> fig.axes[0].get_title(), fig.axes[0].get_legend().get_texts()[0].get_text()
    ('Международное сотрудничество ФПРК', 'Федерация')
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from intlgraph.maps.interactive import layout
    from intlgraph.network.measures import node_measure

    if lang not in UI:
        raise NetworkError(f"unknown language {lang!r}; choose from {', '.join(UI)}")
    pos = layout(G, seed=seed)
    sizes, margins, sample = node_measure(G, size_by, seed=seed)
    top = max(sizes.values(), default=1.0) or 1.0
    fig, ax = plt.subplots(figsize=figsize)
    plt.close(fig)
    if margins is not None:  # a sampled size measure says so on the figure
        spread = sorted(margins.values())
        fig.text(
            0.01,
            0.01,
            UI[lang]["sample_note"].format(
                measure=name(size_by, lang),
                k=f"{sample:,}",
                n=f"{len(G):,}",
                margin=f"{spread[-1]:.2g}",
                median=f"{spread[len(spread) // 2]:.2g}",
            ),
            fontsize=7,
        )
    for a, b, data in G.edges(data=True):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        ax.plot(
            [x1, x2],
            [-y1, -y2],
            color=edge_colour(str(data.get("kind", ""))),
            linestyle="--" if data.get("planned") else "-",
            linewidth=0.6 + 0.4 * min(4, int(data.get("weight", 1))),
            alpha=0.7,
            zorder=1,
        )
    categories: dict[str, None] = {}
    for node, data in G.nodes(data=True):
        category = str(data.get("category") or "other")
        categories[category] = None
        colour, shape = node_style(category)
        x, y = pos[node]
        ax.scatter(
            [x],
            [-y],
            s=30 + 400 * (sizes.get(node, 0.0) / top),
            c=colour,
            marker=MARKERS.get(shape, "o"),
            edgecolors="#444444",
            linewidths=0.5,
            zorder=2,
        )
    for node in sorted(G, key=lambda n: -sizes.get(n, 0.0))[:labels]:
        x, y = pos[node]
        ax.annotate(
            display_label(G.nodes[node], lang, node, limit=24),
            (x, -y),
            fontsize=7,
            ha="center",
            va="bottom",
            xytext=(0, 5),
            textcoords="offset points",
            zorder=3,
        )
    order = list(CATEGORY_STYLE)
    handles = [
        Line2D(
            [],
            [],
            marker=MARKERS.get(node_style(c)[1], "o"),
            color="none",
            markerfacecolor=node_style(c)[0],
            markeredgecolor="#444444",
            markersize=8,
            label=name(c, lang),
        )
        for c in sorted(categories, key=lambda c: order.index(c) if c in order else 99)
    ]
    kinds = sorted({str(d.get("kind", "")) for *_, d in G.edges(data=True)})
    handles += [Line2D([], [], color=edge_colour(k), label=name(k, lang)) for k in kinds]
    handles.append(Line2D([], [], color="#555555", linestyle="--", label=UI[lang]["planned"]))
    ax.legend(
        handles=handles, loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8, frameon=False
    )
    ax.set_title(title if title is not None else default_title(G, lang))
    ax.set_axis_off()
    fig.tight_layout()
    _save(fig, path)
    return fig


def tie_years(source: KnowledgeGraph | nx.Graph[Any]) -> list[dict[str, Any]]:
    """Every tie once (by IRI) with its kind, status and year (its date, planned year or
    as-of year); from a knowledge graph (its full network) or from a projected graph.

    >>> import intlgraph
    >>> from intlgraph.maps.static import tie_years
    >>> ties = tie_years(intlgraph.load(engine="oxigraph"))
    >>> len(ties), [(t["label"], t["kind"], t["year"]) for t in ties[:1]]
    (94, [('FPRK listed as a GCTU affiliate (2009)', 'membership', 2009)])
    >>> sum(t["year"] == 2021 for t in ties)  # the programme's year
    88
    """
    import networkx as nx

    if isinstance(source, nx.Graph):
        G = source
    else:
        from intlgraph.network.projection import project

        G = project(source, include=("organisation", "event"), history=True)
    seen: dict[str, dict[str, Any]] = {}
    for *_, data in G.edges(data=True):
        for tie in data.get("ties", []):
            if tie.get("tie") and tie.get("year") and tie["kind"] != "instrument":
                seen.setdefault(tie["tie"], tie)
    return sorted(seen.values(), key=lambda t: (t["year"], t["tie"]))


def timeline(
    source: KnowledgeGraph | nx.Graph[Any],
    path: str | Path | None = None,
    *,
    lang: str = "en",
    title: str | None = None,
    figsize: tuple[float, float] = (9.0, 4.5),
) -> Figure:
    """Ties by year, stacked by kind (hatched: planned or sought), e.g. agreements signed,
    memberships, planned events. Writes PNG, SVG or PDF when ``path`` is given.

    >>> import intlgraph
    >>> from intlgraph import maps, network
    >>> G = network.project(intlgraph.load(engine="oxigraph"), kinds=["visit"])
    >>> ax = maps.timeline(G, lang="ru", title="Рабочие визиты").axes[0]
    >>> ax.get_ylabel(), ax.get_legend_handles_labels()[1]
    ('связи', ['рабочий визит (запланировано или добивается)'])
    """
    import matplotlib.pyplot as plt

    rows = tie_years(source)
    years = sorted({r["year"] for r in rows})
    kinds = sorted({r["kind"] for r in rows})
    counts = Counter(
        (r["year"], r["kind"], r.get("status") in prospective_statuses()) for r in rows
    )
    fig, ax = plt.subplots(figsize=figsize)
    plt.close(fig)
    positions = list(range(len(years)))
    bottom = [0] * len(years)
    for kind in kinds:
        for planned in (False, True):
            heights = [counts[(y, kind, planned)] for y in years]
            if not any(heights):
                continue
            ax.bar(
                positions,
                heights,
                bottom=bottom,
                color=edge_colour(kind),
                hatch="//" if planned else None,
                edgecolor="white",
                label=name(kind, lang) + (f" ({UI[lang]['planned']})" if planned else ""),
            )
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    ax.set_xticks(positions, [str(y) for y in years])
    ax.set_ylabel("ties" if lang == "en" else "связи")
    if title is None:
        from intlgraph.programme import map_title

        is_graph = hasattr(source, "nodes")
        title = default_title(source, lang) if is_graph else map_title(source, lang)  # type: ignore[arg-type]
    ax.set_title(title or UI[lang]["title"])
    if years:
        ax.legend(fontsize=7, frameon=False, loc="upper left")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    _save(fig, path)
    return fig
