"""Writing tables as aligned text, CSV or JSON (the CLI's ``--format``), and files atomically.

Every file intlgraph writes goes through :func:`atomic_write`: a temporary file beside the
target, renamed over it once complete, so a full disk or a crash never leaves a truncated
file. CSV meant for people (``--format csv``, ``findings.csv``) passes through
:func:`csv_safe`: a cell a spreadsheet would run as a formula gets a leading ``'``.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FORMATS",
    "FORMULA_STARTS",
    "atomic_write",
    "csv_safe",
    "neutralise",
    "plain",
    "records",
    "write_frame",
    "write_tables",
    "write_text_table",
]

FORMATS: tuple[str, ...] = ("table", "csv", "json")


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as JSON-ready dicts (missing values become ``None``)."""
    return [{str(k): plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


Shorten = Callable[[str], str]


def write_frame(
    frame: pd.DataFrame, fmt: str, out: TextIO, *, shorten: Shorten | None = None
) -> None:
    """Write one table in ``fmt`` (``table``, ``csv`` or ``json``).

    ``shorten`` (e.g. ``KnowledgeGraph.compact``) rewrites IRIs in ``table`` output.
    """
    if fmt == "csv":
        out.write(csv_safe(frame).to_csv(index=False, lineterminator="\n"))
    elif fmt == "json":
        _write_json(records(frame), out)
    else:
        write_text_table(frame, out, shorten=shorten)


def write_tables(
    tables: Mapping[str, pd.DataFrame],
    fmt: str,
    out: TextIO,
    *,
    shorten: Shorten | None = None,
) -> None:
    """Write several named tables.

    ``table``: a titled block per table; ``json``: an object of row lists;
    ``csv``: one CSV whose first column ``table`` names the table of each row.
    """
    if fmt == "json":
        _write_json({name: records(frame) for name, frame in tables.items()}, out)
    elif fmt == "csv":
        import pandas as pd

        frames = [frame.assign(table=name) for name, frame in tables.items()]
        names = dict.fromkeys(c for frame in tables.values() for c in frame.columns)
        columns = ["table", *names]
        combined = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        write_frame(combined.reindex(columns=columns), "csv", out)
    else:
        for number, (name, frame) in enumerate(tables.items()):
            if number:
                out.write("\n")
            out.write(f"{name}:\n")
            write_text_table(frame, out, shorten=shorten)


def write_text_table(frame: pd.DataFrame, out: TextIO, *, shorten: Shorten | None = None) -> None:
    """Aligned plain text: text columns to the left, numeric columns to the right."""
    if frame.empty:
        out.write("(none)\n")
        return
    columns = [str(c) for c in frame.columns]
    cells = [[_cell(v, shorten) for v in row] for row in frame.itertuples(index=False)]
    numeric = [
        all(isinstance(plain(v), int | float) for v in frame[c] if plain(v) is not None)
        for c in frame.columns
    ]
    widths = [max([len(col)] + [len(r[i]) for r in cells]) for i, col in enumerate(columns)]

    def line(values: list[str]) -> str:
        padded = [
            v.rjust(w) if is_num else v.ljust(w)
            for v, w, is_num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(padded).rstrip() + "\n"

    out.write(line(columns))
    out.write(line(["-" * w for w in widths]))
    for row in cells:
        out.write(line(row))


def _write_json(value: Any, out: TextIO) -> None:
    json.dump(value, out, ensure_ascii=False, indent=2, default=_json_default)
    out.write("\n")


def _json_default(value: Any) -> Any:
    """Dates and times as ISO 8601 (``2021-06-02``, ``2021-06-02T10:00:00``), else ``str``."""
    isoformat = getattr(value, "isoformat", None)
    return isoformat() if callable(isoformat) else str(value)


def plain(value: Any) -> Any:
    """numpy scalars -> Python, NaN / NA -> None.

    >>> plain(float("nan")) is None
    True
    """
    if value is None:
        return None
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, str):
        value = item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in {"NAType", "NaTType"}:
        return None
    return value


def _cell(value: Any, shorten: Shorten | None = None) -> str:
    cell = plain(value)
    if cell is None:
        return ""
    if shorten is not None and isinstance(cell, str) and cell.startswith(("http://", "https://")):
        return shorten(cell)
    return str(cell)


#: First characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """``value`` with a leading ``'`` if it is text a spreadsheet would run as a formula.

    Numbers stay numbers (``-3`` is a number, not a formula).

    >>> neutralise("=1+1"), neutralise("@SUM(A1)"), neutralise("-1"), neutralise(-1)
    ("'=1+1", "'@SUM(A1)", "'-1", -1)
    >>> neutralise("ILO")
    'ILO'
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) are :func:`neutralise`-d.

    >>> import pandas as pd
    >>> csv_safe(pd.DataFrame({"acronym": ["=1+1", "ITUC"], "n": [1, -2]})).values.tolist()
    [["'=1+1", 1], ['ITUC', -2]]
    """
    import pandas as pd

    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(str(c)) if isinstance(c, str) else c for c in safe.columns]
    return safe


@contextlib.contextmanager
def atomic_file(path: str | Path, mode: str = "wb") -> Iterator[IO[Any]]:
    """A file opened for writing that appears at ``path`` whole, or not at all.

    The data goes to a temporary file beside ``path``; when the block ends it is flushed to
    disk, given the mode ``path`` had (or the umask's default) and renamed into place. On an
    error the temporary file is removed and ``path`` keeps its previous content; an OSError
    becomes :class:`~intlgraph.exc.OutputFileError` naming the file and the reason.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "out.csv"
    >>> with atomic_file(target, "w") as handle:
    ...     _ = handle.write("a,b\\n")
    >>> target.read_text(encoding="utf-8"), oct(target.stat().st_mode & 0o777) != "0o600"
    ('a,b\\n', True)
    """
    from intlgraph.exc import OutputFileError

    target = Path(path)
    temporary: str | None = None
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.",
            suffix=".tmp",
            dir=target.parent if str(target.parent) else ".",
        )
        with os.fdopen(descriptor, mode, encoding=None if "b" in mode else "utf-8") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        try:
            permissions = target.stat().st_mode & 0o777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            permissions = 0o666 & ~umask
        os.chmod(temporary, permissions)
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        raise OutputFileError(target, error.strerror or str(error)) from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def atomic_write(path: str | Path, data: str | bytes, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` whole or not at all (:func:`atomic_file`).

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "out.txt"
    >>> atomic_write(target, "hello\\n").read_text(encoding="utf-8")
    'hello\\n'
    >>> atomic_write(target / "inside-a-file.txt", "x")
    Traceback (most recent call last):
    intlgraph.exc.OutputFileError: .../out.txt/inside-a-file.txt: cannot write (Not a directory)
    """
    with atomic_file(path, "wb") as handle:
        handle.write(data.encode(encoding) if isinstance(data, str) else data)
    return Path(path)
