"""``intlgraph export``: the cooperation network (GEXF, GraphML, JSON, CSV), the whole graph
(JSON-LD, TriG, N-Triples, Turtle) or the dataset's VoID/DCAT description (Turtle)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from intlgraph.cli import EXIT_OK, graph_options, load_graph, progress
from intlgraph.commands.map import network_options, project
from intlgraph.exc import IntlgraphError

if TYPE_CHECKING:
    from intlgraph.cli import Subcommands

NETWORK_FORMATS = ("gexf", "graphml", "json", "csv")
GRAPH_FORMATS = ("jsonld", "trig", "nt", "ttl")
FORMATS = (*NETWORK_FORMATS, *GRAPH_FORMATS, "void")


def _network_options_given(args: argparse.Namespace) -> list[str]:
    given = []
    if args.kinds is not None:
        given.append("--kinds")
    if args.include != ["organisation"]:
        given.append("--include")
    if args.as_of is not None:
        given.append("--as-of")
    if args.no_isolates:
        given.append("--no-isolates")
    return given


def _text(args: argparse.Namespace) -> str:
    if args.format in NETWORK_FORMATS:
        from intlgraph.exports import export

        text = export(project(args), None, args.format)
        assert text is not None
        return text
    given = _network_options_given(args)
    if given:
        raise IntlgraphError(
            f"{', '.join(given)} choose part of the network: they do not apply to "
            f"--format {args.format}, which writes the whole graph"
        )
    kg = load_graph(args)
    if args.format == "void":
        from intlgraph.void import describe

        progress(args, "describing the dataset ...")
        return describe(kg).serialize(format="turtle")
    from intlgraph.exports import serialize_graph

    progress(args, f"serialising {len(kg)} triples as {args.format} ...")
    return serialize_graph(kg.graph, args.format)


def run(args: argparse.Namespace) -> int:
    if args.format not in GRAPH_FORMATS:
        # a network or a description keeps no literal of the files: the faster engine
        args.default_engine = "oxigraph"
    text = _text(args)
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        from intlgraph.output import atomic_write

        atomic_write(args.output, text)
        progress(args, f"wrote {args.output}")
    return EXIT_OK


def register(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "export",
        parents=[graph_options("memory"), network_options()],
        help="write the network (GEXF, GraphML, JSON, CSV), the whole graph (JSON-LD, TriG, "
        "N-Triples, Turtle) or its VoID/DCAT description",
        description="Write the cooperation network for other tools: GEXF for Gephi (tie "
        "dates as spells, for its timeline), GraphML for Cytoscape, node-link JSON, or a CSV "
        "edge list. Or write the whole graph for linked-data tools (JSON-LD, TriG, N-Triples, "
        "Turtle: each reads back as the same graph), or the VoID/DCAT description of the "
        "dataset, generated from the graph, for a data catalogue (Turtle).",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        required=True,
        help="the network: gexf, graphml, json or csv; the whole graph: jsonld, trig, nt or "
        "ttl; void: the dataset's VoID/DCAT description",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", default=None, help="write here (default: stdout)"
    )
    parser.set_defaults(handler=run)
