"""The maps' shared look: colours and shapes by organisation type, colours by tie kind, and
the words of the legend in English and Russian.

>>> from intlgraph.maps import style
>>> style.node_style("national-centre"), style.edge_colour("membership")
(('#1f77b4', 'dot'), '#d62728')
>>> style.name("membership", "ru"), style.UI["ru"]["title"]
('членство', 'Международное сотрудничество')
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CATEGORY_STYLE",
    "KIND_COLOURS",
    "MARKERS",
    "UI",
    "display_label",
    "edge_colour",
    "name",
    "node_style",
]

#: category -> (colour, vis-network shape)
CATEGORY_STYLE: dict[str, tuple[str, str]] = {
    "federation": ("#d62728", "star"),
    "branch-union": ("#ff7f0e", "triangle"),
    "national-centre": ("#1f77b4", "dot"),
    "international-union-body": ("#9467bd", "hexagon"),
    "un-system": ("#17becf", "square"),
    "unit": ("#9edae5", "triangleDown"),
    "foundation": ("#2ca02c", "diamond"),
    "ngo": ("#bcbd22", "diamond"),
    "government": ("#8c564b", "square"),
    "social-partners": ("#e377c2", "triangleDown"),
    "company": ("#7f7f7f", "square"),
    "country": ("#c7c7c7", "dot"),
    "convention": ("#f7b6d2", "triangle"),
    "event": ("#ffbb78", "dot"),
    "other": ("#aaaaaa", "dot"),
}

#: vis-network shape -> matplotlib marker
MARKERS: dict[str, str] = {
    "star": "*",
    "triangle": "^",
    "dot": "o",
    "hexagon": "h",
    "square": "s",
    "triangleDown": "v",
    "diamond": "D",
}

#: tie kind -> edge colour
KIND_COLOURS: dict[str, str] = {
    "membership": "#d62728",
    "office": "#c49c94",
    "agreement": "#1f77b4",
    "cooperation": "#2ca02c",
    "training": "#9467bd",
    "negotiation": "#ff7f0e",
    "visit": "#8c564b",
    "project": "#e377c2",
    "event": "#17becf",
    "consultation": "#bcbd22",
    "information": "#7f7f7f",
    "support": "#6b8fb3",
    "initiative": "#98df8a",
    "activity": "#c5b0d5",
    "structure": "#b0b0b0",
    "ratification": "#ff9896",
    "instrument": "#f7b6d2",
    "based-in": "#dddddd",
}

_NAMES: dict[str, tuple[str, str]] = {
    # categories
    "federation": ("the programme's organisation", "организация программы"),
    "branch-union": ("branch union", "отраслевой профсоюз"),
    "national-centre": ("national trade-union centre", "национальный профцентр"),
    "international-union-body": ("international union body", "международное профобъединение"),
    "un-system": ("UN system", "система ООН"),
    "unit": ("unit of an organisation", "подразделение"),
    "foundation": ("foundation", "фонд"),
    "ngo": ("NGO", "НПО"),
    "government": ("government", "государственный орган"),
    "social-partners": ("social partners", "социальные партнёры"),
    "company": ("company", "предприятие"),
    "country": ("country", "страна"),
    "convention": ("ILO convention", "конвенция МОТ"),
    "event": ("event", "мероприятие"),
    "other": ("other", "другое"),
    # tie kinds
    "membership": ("membership", "членство"),
    "office": ("office held", "должность в организации"),
    "agreement": ("agreement", "соглашение"),
    "cooperation": ("cooperation", "сотрудничество"),
    "training": ("training", "обучение"),
    "negotiation": ("negotiation", "переговоры"),
    "visit": ("working visit", "рабочий визит"),
    "project": ("project", "проект"),
    "consultation": ("consultation", "консультации"),
    "information": ("information", "информирование"),
    "support": ("support", "содействие"),
    "initiative": ("initiative", "инициатива"),
    "activity": ("joint activity", "совместная деятельность"),
    "structure": ("part of", "входит в состав"),
    "ratification": ("ratification", "ратификация"),
    "instrument": ("ILO instrument", "инструмент МОТ"),
    "based-in": ("based in", "страна"),
    # node sizes
    "degree": ("number of partners", "число партнёров"),
    "betweenness": ("betweenness", "посредничество"),
    "closeness": ("closeness", "близость"),
    "eigenvector": ("eigenvector centrality", "центральность по собственному вектору"),
    "weight": ("number of ties", "число связей"),
    "none": ("equal", "одинаковый"),
}

#: The words of the page, by language.
UI: dict[str, dict[str, str]] = {
    "en": {
        "title": "International cooperation",
        "search": "Find",
        "type": "Type",
        "kind": "Tie",
        "all": "all",
        "legend_nodes": "Organisations",
        "legend_ties": "Ties",
        "held": "held, signed, done",
        "planned": "planned or sought",
        "size_note": "size: {size_by}",
        "sample_note": "{measure} estimated from {k} of {n} source nodes (seeded); "
        "95% margin up to ±{margin} (median ±{median})",
        "count": "%n nodes, %e ties shown",
        "degree": "partners",
        "status": "status",
        "date": "date",
        "as_of": "as of",
        "source": "source",
    },
    "ru": {
        "title": "Международное сотрудничество",
        "search": "Найти",
        "type": "Тип",
        "kind": "Связь",
        "all": "все",
        "legend_nodes": "Организации",
        "legend_ties": "Связи",
        "held": "действует, подписано, проведено",
        "planned": "запланировано или добивается",
        "size_note": "размер: {size_by}",
        "sample_note": "{measure}: оценка по {k} из {n} исходных узлов (с зерном); "
        "95% погрешность до ±{margin} (медиана ±{median})",
        "count": "показано: %n узлов, %e связей",
        "degree": "партнёров",
        "status": "статус",
        "date": "дата",
        "as_of": "по состоянию на",
        "source": "источник",
    },
}


def name(key: str, lang: str = "en") -> str:
    """The display name of a category or tie kind in ``lang`` (the key itself if unknown).

    >>> from intlgraph.maps.style import name
    >>> name("international-union-body"), name("visit", "ru"), name("betweenness", "ru")
    ('international union body', 'рабочий визит', 'посредничество')
    >>> name("GlobalUnionFederation")  # not a category: as given
    'GlobalUnionFederation'
    """
    pair = _NAMES.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "ru" else pair[0]


def title(G: Any, lang: str = "en") -> str:
    """The default title of a map of ``G``: the international cooperation of its one focal
    organisation (category ``federation``), by its short name; else a plain title.

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node("x", category="federation", short_en="EXF", short_ru="ЭКФ")
    >>> title(G), title(G, "ru"), title(nx.Graph())
    ('International cooperation of the EXF', 'Международное сотрудничество ЭКФ',
     'International cooperation')
    """
    from intlgraph.i18n import message

    focal = [data for _, data in G.nodes(data=True) if data.get("category") == "federation"]
    if len(focal) != 1:
        return UI[lang]["title"] if lang in UI else UI["en"]["title"]
    data = focal[0]
    name = data.get(f"short_{lang}") or data.get("short_en") or data.get("label") or ""
    return message("map.title", lang, organisation=name) if name else UI[lang]["title"]


def node_style(category: str) -> tuple[str, str]:
    """``(colour, vis shape)`` of a node category (grey dot when unknown).

    >>> from intlgraph.maps.style import MARKERS, node_style
    >>> node_style("federation"), MARKERS[node_style("federation")[1]]  # a matplotlib star
    (('#d62728', 'star'), '*')
    >>> node_style("international-union-body"), node_style("trade-association")
    (('#9467bd', 'hexagon'), ('#aaaaaa', 'dot'))
    """
    return CATEGORY_STYLE.get(category, CATEGORY_STYLE["other"])


def edge_colour(kind: str) -> str:
    """The colour of a tie kind.

    >>> from intlgraph.maps.style import edge_colour
    >>> edge_colour("agreement"), edge_colour("no-such-kind")
    ('#1f77b4', '#999999')
    """
    return KIND_COLOURS.get(kind, "#999999")


def display_label(data: dict[str, Any], lang: str, node: Any = "", limit: int = 32) -> str:
    """The short label a map shows for a node: its acronym in ``lang`` (or English), else
    its label, cut at ``limit`` characters.

    >>> import intlgraph
    >>> from intlgraph import network
    >>> from intlgraph.maps.style import display_label
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> display_label(G.nodes[network.ORG + "ituc"], "ru")
    'МКП'
    >>> display_label(G.nodes[network.ORG + "ilo-geneva"], "en")  # no acronym: the label, cut
    'International Labour Office, Gene…'
    """
    text = str(
        data.get(f"short_{lang}")
        or data.get("short_en")
        or data.get(f"label_{lang}")
        or data.get("label")
        or str(node).rsplit("/", 1)[-1]
    )
    return text if len(text) <= limit else text[: limit + 1].rstrip() + "…"


def full_label(data: dict[str, Any], lang: str, node: Any = "") -> str:
    """The full name of a node in ``lang``.

    >>> from intlgraph.maps.style import full_label
    >>> node = {"label_en": "International Trade Union Confederation",
    ...         "label_ru": "Международная конфедерация профсоюзов"}
    >>> full_label(node, "ru")
    'Международная конфедерация профсоюзов'
    >>> full_label({}, "en", "https://w3id.org/intlgraph/id/org/ituc")  # no label: the IRI's end
    'ituc'
    """
    return str(data.get(f"label_{lang}") or data.get("label") or str(node).rsplit("/", 1)[-1])
