"""``intlgraph gaps``: run the gap checks and print their findings."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from intlgraph.cli import EXIT_FINDINGS, EXIT_OK, graph_options, load_graph, progress
from intlgraph.output import csv_safe

if TYPE_CHECKING:
    from intlgraph.cli import Subcommands

FORMATS = ("table", "json", "md", "csv")


def parse_params(items: list[str], as_of: str | None) -> dict[str, dict[str, Any]]:
    """``--param ID.NAME=VALUE`` options (and ``--as-of``) as per-check parameters.

    >>> parse_params(["region-uncovered.kind=ig:Negotiation"], None)
    {'region-uncovered': {'kind': 'ig:Negotiation'}}
    """
    from intlgraph.exc import GapCheckError
    from intlgraph.gaps import checks, get

    params: dict[str, dict[str, Any]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        check_id, dot, name = key.rpartition(".")
        if not sep or not dot or not name:
            raise GapCheckError(f"--param {item!r}: expected CHECK.NAME=VALUE")
        spec = get(check_id)
        if name not in spec.params:
            known = ", ".join(spec.params) or "none"
            raise GapCheckError(f"--param {item!r}: {check_id} takes: {known}")
        current = params.setdefault(check_id, {})
        if name == "kinds":
            current.setdefault(name, []).extend(v for v in value.replace(",", " ").split() if v)
        else:
            current[name] = int(value) if name == "top" and value.isdigit() else value
    if as_of:
        for spec in checks():
            if "as_of" in spec.params:
                params.setdefault(spec.id, {}).setdefault("as_of", as_of)
    return params


def run(args: argparse.Namespace) -> int:
    from intlgraph.cli import add_query_dirs
    from intlgraph.gaps import checks, gaps, render

    add_query_dirs(args)
    if args.list:
        for spec in checks():
            defaults = ", ".join(f"{k}={v}" for k, v in spec.params.items() if v is not None)
            print(f"{spec.id}\t{spec.title.get(args.lang)}\t{defaults}")
        return EXIT_OK
    from intlgraph.gaps import get

    for check_id in args.only:
        get(check_id)  # an unknown id fails before the graph loads
    params = parse_params(args.param, args.as_of)
    kg = load_graph(args)
    found = gaps(
        kg,
        only=args.only or None,
        lang=args.lang,
        params=params,
        progress=lambda check_id: progress(args, f"gap check {check_id} ..."),
        notice=lambda message: print(f"intlgraph: warning: {message}", file=sys.stderr),
    )
    total = len(found)
    progress(args, f"{total} finding{'s' if total != 1 else ''}")
    out = sys.stdout
    if args.format == "json":
        out.write(found.to_json() + "\n")
    elif args.format == "md":
        out.write(render.to_markdown(found, args.lang))
    elif args.format == "csv":
        table = csv_safe(found.to_frame(args.lang))  # no live formulas in a spreadsheet
        out.write(table.to_csv(index=False, lineterminator="\n"))
    else:
        out.write(render.to_text(found, args.lang))
    return EXIT_FINDINGS if total else EXIT_OK


def register(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "gaps",
        parents=[graph_options()],
        help="run the gap checks: what the programme aims at and what is not (yet) there",
        description="Run the gap checks (all, or --only some) and print the findings: check id, "
        "title, severity, entities, evidence and sources. Exit 0 if there is no finding, 1 if "
        "there are findings, 2 on bad input.",
    )
    parser.add_argument(
        "--only",
        metavar="ID",
        nargs="+",
        action="extend",
        default=[],
        help="run only these checks (see --list); repeatable",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="output: text listing, JSON array of findings, Markdown or CSV (default: table)",
    )
    parser.add_argument(
        "--param",
        metavar="ID.NAME=VALUE",
        action="append",
        default=[],
        help="a check parameter, e.g. region-uncovered.kind=ig:Negotiation; repeatable",
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        default=None,
        help="judge the checks that take as_of by the ties known on this day (YYYY-MM-DD)",
    )
    parser.add_argument("--list", action="store_true", help="list the checks and exit")
    parser.set_defaults(handler=run)
