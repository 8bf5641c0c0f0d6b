"""``intlgraph map``: write the interactive cooperation map (an offline HTML page)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from intlgraph.cli import EXIT_OK, graph_options, load_graph, progress

if TYPE_CHECKING:
    import networkx as nx

    from intlgraph.cli import Subcommands


def network_options() -> argparse.ArgumentParser:
    """``--kinds``, ``--include``, ``--as-of``: which part of the network to take."""
    from intlgraph.network.projection import INCLUDE, KINDS

    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("network")
    group.add_argument(
        "--kinds",
        metavar="KIND",
        nargs="+",
        choices=KINDS,
        default=None,
        help=f"only these tie kinds (default: all): {', '.join(KINDS)}",
    )
    group.add_argument(
        "--include",
        metavar="NODES",
        nargs="+",
        choices=INCLUDE,
        default=["organisation"],
        help=f"node kinds besides organisations: {', '.join(INCLUDE[1:])}",
    )
    group.add_argument(
        "--as-of",
        metavar="DATE",
        default=None,
        help="the network as known on this day (YYYY-MM-DD); default: latest known",
    )
    group.add_argument(
        "--no-isolates", action="store_true", help="leave out organisations without ties"
    )
    return parent


def project(args: argparse.Namespace) -> nx.Graph[Any]:
    """Load the graph and project the network as ``args`` ask (``args.map_title``: the
    programme's map title, when ``--title`` is not given)."""
    from intlgraph.network.projection import parse_as_of, project
    from intlgraph.programme import map_title

    as_of = parse_as_of(args.as_of)  # a bad date fails before loading
    kg = load_graph(args)
    args.map_title = map_title(kg, args.lang)
    progress(args, "projecting the network ...")
    G = project(
        kg,
        include=args.include,
        kinds=args.kinds,
        as_of=as_of,
        lang=args.lang,
        isolates=not args.no_isolates,
    )
    progress(args, f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
    return G


def run(args: argparse.Namespace) -> int:
    from intlgraph.maps import cooperation_map

    G = project(args)
    title = args.title if args.title is not None else args.map_title
    page = cooperation_map(
        G, lang=args.lang, size_by=args.size_by, title=title, renderer=args.renderer
    )
    if args.output in (None, "-"):
        sys.stdout.write(page.html)
    else:
        page.save(args.output)
        progress(args, f"wrote {args.output}")
    return EXIT_OK


def register(commands: Subcommands) -> None:
    from intlgraph.maps.interactive import RENDERERS, SIZE_BY, WEBGL_LIMIT

    parser = commands.add_parser(
        "map",
        parents=[graph_options(), network_options()],
        help="write the interactive cooperation map (offline HTML)",
        description="Write the cooperation network as one self-contained HTML page: colour "
        "and shape by organisation type, size by a centrality, ties coloured by kind and "
        "dashed when planned, search, filters and tooltips. Nothing is loaded from the "
        "network when the page opens.",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", default=None, help="write here (default: stdout)"
    )
    parser.add_argument(
        "--size-by", choices=SIZE_BY, default="degree", help="node size (default: degree)"
    )
    parser.add_argument("--title", default=None, help="the page's heading")
    parser.add_argument(
        "--renderer",
        metavar="NAME",
        choices=RENDERERS,
        default="auto",
        help=f"{', '.join(RENDERERS)}: vis-network (canvas) or webgl (sigma.js); auto: webgl "
        f"above {WEBGL_LIMIT:,} nodes (default: auto)",
    )
    parser.set_defaults(handler=run)
