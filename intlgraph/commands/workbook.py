"""``intlgraph workbook export|import``: the graph as a spreadsheet workbook, and back."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from intlgraph.cli import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    graph_options,
    load_graph,
    progress,
)

if TYPE_CHECKING:
    from intlgraph.cli import Subcommands


def run_export(args: argparse.Namespace) -> int:
    from intlgraph.workbook import export_workbook

    kg = load_graph(args)
    started = time.perf_counter()
    summary = export_workbook(kg, args.output)
    rows = sum(n for name, n in summary.rows.items() if name != "triples")
    progress(
        args,
        f"wrote {args.output}: {rows} rows on {len(summary.rows) - 1} sheets, "
        f"{summary.leftover} triple{'s' if summary.leftover != 1 else ''} on the triples sheet "
        f"({summary.triples} in all) in {time.perf_counter() - started:.1f} s",
    )
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from intlgraph.workbook import WorkbookError, read_workbook
    from intlgraph.workbook.check import shacl_findings

    base = load_graph(args)
    started = time.perf_counter()
    try:
        conversion = read_workbook(args.workbook, known=base.graph)
    except WorkbookError as error:
        for line in error.lines:
            print(line, file=sys.stderr)
        count = len(error.lines)
        print(
            f"intlgraph: error: {args.workbook}: {count} problem{'s' if count != 1 else ''}; "
            "nothing written",
            file=sys.stderr,
        )
        return EXIT_USAGE
    graph = conversion.graph
    progress(
        args,
        f"read {len(conversion.origins)} rows, {len(graph)} triples in "
        f"{time.perf_counter() - started:.1f} s",
    )
    findings: list[str] = []
    if not args.no_validate:
        progress(args, "validating against the SHACL shapes ...")
        findings = shacl_findings(conversion, base.graph, lang=args.lang)
        for line in findings:
            print(line, file=sys.stderr)
        progress(args, f"{len(findings)} finding{'s' if len(findings) != 1 else ''}")
    text = graph.serialize(format="turtle")
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        from intlgraph.output import atomic_file

        with atomic_file(Path(args.output), "w") as handle:
            handle.write(text)
        progress(args, f"wrote {args.output}")
    return EXIT_FINDINGS if findings else EXIT_OK


def register(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "workbook",
        help="the graph as a spreadsheet workbook (.xlsx or .csv folder), and back",
        description="Export the loaded graph's data to a workbook (one sheet per kind of "
        "thing, drop-downs for closed lists, a README sheet in en and ru), or import a "
        "workbook back to Turtle. The column mapping is CSVW metadata bundled with intlgraph.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    export = actions.add_parser(
        "export",
        parents=[graph_options("memory")],
        help="write the graph's data as an .xlsx workbook (or a folder of .csv files)",
        description="Write the data of the loaded graph (without the ontology) as a workbook: "
        "an .xlsx file, or a folder of .csv files for any other -o. Facts no column holds "
        "go to the 'triples' sheet, so importing the workbook gives the same triples.",
    )
    export.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="FILE.xlsx or a folder for .csv"
    )
    export.set_defaults(handler=run_export)
    imp = actions.add_parser(
        "import",
        parents=[graph_options("memory")],
        help="turn a workbook (.xlsx or .csv folder) into Turtle, then run the SHACL shapes",
        description="Read a workbook into RDF. A bad cell is reported as sheet!cell with its "
        "value, exit 2, and nothing is written. The loaded graph (bundled ontology and data, "
        "--data files) supplies what references may name and what the shapes check against; "
        "SHACL findings are reported against the sheet row they come from (exit 1).",
    )
    imp.add_argument("workbook", metavar="WORKBOOK", help="FILE.xlsx or a folder of .csv files")
    imp.add_argument(
        "-o", "--output", metavar="FILE", default=None, help="write Turtle here (default: stdout)"
    )
    imp.add_argument(
        "--no-validate", action="store_true", help="do not run the SHACL shapes after reading"
    )
    imp.set_defaults(handler=run_import)
    parser.add_argument(
        "--columns",
        action="store_true",
        help="print the column reference (every sheet and column, from the mapping) and exit",
    )
    parser.set_defaults(handler=lambda args: _columns_or_usage(parser, args))


def _columns_or_usage(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if getattr(args, "columns", False):
        from intlgraph.workbook.files import column_reference
        from intlgraph.workbook.mapping import load_mapping

        sys.stdout.write(column_reference(load_mapping()))
        return EXIT_OK
    parser.print_help(sys.stderr)
    return EXIT_USAGE
