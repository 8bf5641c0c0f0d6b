"""Query results as plain Python values and pandas DataFrames, the same for every engine.

Each engine turns its own result terms into :class:`Table` cells with the converters here:
IRIs become :class:`IRI` (a ``str``), literals become typed values (numbers as numbers, dates
as :class:`datetime.date`, years as ``int``), language-tagged and plain strings as ``str``.

>>> literal_value("2021-06-02", XSD + "date", None)
datetime.date(2021, 6, 2)
>>> literal_value("36", XSD + "integer", None)
36
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from itertools import compress, repeat
from operator import is_
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["IRI", "XSD", "BlankNode", "Table", "labelled_rows", "literal_value", "to_frame"]

XSD = "http://www.w3.org/2001/XMLSchema#"


class IRI(str):
    """An IRI in a result (a ``str`` that remembers it is an IRI)."""

    __slots__ = ()


class BlankNode(str):
    """A blank node in a result, as ``_:label`` (labels differ between engines)."""

    __slots__ = ()


_INTEGER_TYPES = {
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
_FLOAT_TYPES = {XSD + "double", XSD + "float", XSD + "decimal"}


def _date(text: str) -> Any:
    return dt.date.fromisoformat(text[:10]) if len(text) >= 10 else text


def _datetime(text: str) -> Any:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


_CONVERTERS: dict[str, Callable[[str], Any]] = {
    XSD + "boolean": lambda text: text.strip() in {"true", "1"},
    XSD + "date": _date,
    XSD + "dateTime": _datetime,
    XSD + "gYear": int,
}
_CONVERTERS.update({t: int for t in _INTEGER_TYPES})
_CONVERTERS.update({t: float for t in _FLOAT_TYPES})


def literal_value(lexical: str, datatype: str | None, language: str | None) -> Any:
    """The Python value of a literal; the lexical form itself when it cannot be converted."""
    if language or datatype is None:
        return lexical
    convert = _CONVERTERS.get(datatype)
    if convert is None:
        return lexical
    try:
        return convert(lexical)
    except (ValueError, ArithmeticError):
        return lexical


_IRI_OR_NONE: frozenset[type] = frozenset({IRI, type(None)})


class Table:
    """A SELECT result: column names and rows of Python values (``None`` = unbound).

    >>> Table(["a"], [[1], [2]])
    Table(columns=['a'], rows=[[1], [2]])
    """

    __slots__ = ("_cells", "_rows", "_transposed", "columns")

    def __init__(self, columns: list[str], rows: list[list[Any]] | None = None) -> None:
        self.columns = columns
        self._rows: list[list[Any]] | None = [] if rows is None else rows
        self._cells: list[Any] | None = None
        self._transposed: tuple[int, list[tuple[Any, ...]], list[set[type]]] | None = None

    @classmethod
    def from_cells(cls, columns: list[str], cells: list[Any]) -> Table:
        """The table of ``cells``, row after row (at least one column): its columns are
        sliced from them at once, its rows cut only when read — a result that becomes a
        frame never makes a list per row.

        >>> table = Table.from_cells(["a", "b"], [1, 2, 3, None])
        >>> table.column_values(), table.rows
        ([(1, 3), (2, None)], [[1, 2], [3, None]])
        """
        if not columns:
            raise ValueError("a table of cells has at least one column")
        table = cls(columns)
        table._rows, table._cells = None, cells
        return table

    @property
    def rows(self) -> list[list[Any]]:
        """The rows, each a list of values."""
        if self._rows is None:
            cells, width = self._cells or [], len(self.columns)
            with gc_paused():  # lists of plain values: no cycles to collect
                self._rows = [cells[i : i + width] for i in range(0, len(cells), width)]
            self._cells = None
        return self._rows

    @rows.setter
    def rows(self, rows: list[list[Any]]) -> None:
        self._rows, self._cells, self._transposed = rows, None, None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Table):
            return NotImplemented
        return self.columns == other.columns and self.rows == other.rows

    __hash__ = None  # type: ignore[assignment]  # mutable, as a list

    def __repr__(self) -> str:
        return f"Table(columns={self.columns!r}, rows={self.rows!r})"

    def column_values(self) -> list[tuple[Any, ...]]:
        """The cells column by column (one transposition, kept while no row is added: the
        label look-up and the frame both read the columns).

        >>> Table(["a", "b"], [[1, 2], [3, None]]).column_values()
        [(1, 3), (2, None)]
        """
        return self._columns()[1]

    def column_kinds(self) -> list[set[type]]:
        """The types of each column's cells (computed with the columns, once).

        >>> Table(["a", "b"], [[1, "x"], [3, None]]).column_kinds() == [{int}, {str, type(None)}]
        True
        """
        return self._columns()[2]

    def _columns(self) -> tuple[int, list[tuple[Any, ...]], list[set[type]]]:
        kept = self._transposed
        width = len(self.columns)
        if self._rows is None:  # cells not cut into rows yet: sliced, never out of date
            if kept is None:
                cells = self._cells or []
                columns = [tuple(cells[i::width]) for i in range(width)]
                kinds = [set(map(type, values)) for values in columns]
                self._transposed = kept = (len(cells) // width, columns, kinds)
            return kept
        rows = self._rows
        if kept is None or kept[0] != len(rows):
            with gc_paused():  # an iterator per row: a collection would walk the whole heap
                columns = list(zip(*rows, strict=True)) if rows else [()] * width
            kinds = [set(map(type, values)) for values in columns]
            self._transposed = kept = (len(rows), columns, kinds)
        return kept

    def iris(self) -> set[str]:
        """Every IRI in the table (for label look-up); a column of IRIs alone is taken whole
        (no test per cell).

        >>> sorted(Table(["s", "o"], [[IRI("https://x/a"), "https://x/b"]]).iris())
        ['https://x/a']
        """
        found: set[str] = set()
        for values, kinds in zip(self.column_values(), self.column_kinds(), strict=True):
            if IRI not in kinds:
                continue
            if kinds <= _IRI_OR_NONE:
                found.update(values)
                found.discard(None)
            else:
                found.update(v for v in values if type(v) is IRI)
        return found

    def iri_columns(self) -> list[str]:
        """The columns holding at least one IRI."""
        return [
            name
            for name, kinds in zip(self.columns, self.column_kinds(), strict=True)
            if IRI in kinds
        ]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a result's rows or columns are built.

    They are lists and arrays of plain values, never cycles; a collection in between walks
    every object the process holds (a large graph's label map included): 20–30 % of turning
    a 100,000-row result into rows and a frame. The collector's state is restored after.

    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def to_frame(table: Table, labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A DataFrame of ``table``; with ``labels``, an ``<column>_label`` after each IRI column.

    Integer columns with gaps use pandas' nullable ``Int64``.

    >>> t = Table(["org", "n"], [[IRI("https://x/a"), 1], [IRI("https://x/b"), None]])
    >>> df = to_frame(t, {"https://x/a": "A"})
    >>> df["org_label"].tolist(), str(df["n"].dtype)
    (['A', 'b'], 'Int64')
    """
    with gc_paused():
        return _frame(table, labels)


def _frame(table: Table, labels: Mapping[str, str] | None) -> pd.DataFrame:
    import pandas as pd

    data: dict[str, Any] = {}
    # columns at once (one transposition), object columns as numpy arrays pandas takes as
    # they are: a 100,000-row result converts in a fraction of its query's time
    columns = zip(table.columns, table.column_values(), table.column_kinds(), strict=True)
    for name, values, kinds in columns:
        data[name] = _column(values, kinds)
        if labels is not None and IRI in kinds:
            data[f"{name}_label"] = _text_array(_label_column(values, labels, kinds))
    # the arrays are this frame's own: not copying them again saves ~0.02 ms a column
    return pd.DataFrame(data, copy=False)


def labelled_rows(
    table: Table, labels: Mapping[str, str] | None = None
) -> tuple[list[str], list[list[Any]]]:
    """The columns and rows :func:`to_frame` would give, as plain Python values and without
    pandas (the CLI prints a result with them): an ``<column>_label`` after each IRI column,
    numbers of a column typed as the frame types them, a missing value ``None``.

    >>> t = Table(["org", "n"], [[IRI("https://x/a"), 1], [IRI("https://x/b"), None]])
    >>> labelled_rows(t, {"https://x/a": "A"})
    (['org', 'org_label', 'n'], [['https://x/a', 'A', 1], ['https://x/b', 'b', None]])
    """
    names: list[str] = []
    columns: list[Sequence[Any]] = []
    columns_of = zip(table.columns, table.column_values(), table.column_kinds(), strict=True)
    for name, values, kinds in columns_of:
        names.append(name)
        columns.append(_plain_column(values, kinds))
        if labels is not None and IRI in kinds:
            names.append(f"{name}_label")
            columns.append(_label_column(values, labels, kinds))
    return names, [list(row) for row in zip(*columns, strict=True)] if table.rows else []


def _label_column(
    values: Sequence[Any], labels: Mapping[str, str], kinds: set[type] | None = None
) -> list[Any]:
    """The label of each IRI of ``values`` (its local name if it has none), else ``None``.
    ``kinds``: the types of the values, if known.

    >>> _label_column([IRI("https://x/a"), None, IRI("https://x/b")], {"https://x/a": "A"})
    ['A', None, 'b']
    >>> _label_column([IRI("https://x/a"), "https://x/a"], {"https://x/a": "A"})
    ['A', None]
    """
    if kinds is None:
        kinds = set(map(type, values))
    if kinds <= _IRI_OR_NONE:  # IRIs (and gaps) only: no test per cell
        # every cell looked up (in C), then the few gaps filled: half the time of looking up
        # each distinct IRI through a dict of its own (a 100,000-row result, 1M triples)
        found = list(map(labels.get, values))
        if None not in found:
            return found
        unlabelled = set(compress(values, map(is_, found, repeat(None))))
        unlabelled.discard(None)  # a gap
        if not unlabelled:
            return found
        local = {iri: local_name(iri) for iri in unlabelled}
        return list(map(local.get, values, found))
    distinct = set(values)
    # a text equal to an IRI of the column is no IRI: each cell's type decides
    named = {v: labels.get(v) or local_name(v) for v in distinct if type(v) is IRI}
    return [named[v] if type(v) is IRI else None for v in values]


def _plain_column(values: Sequence[Any], kinds: set[type]) -> Sequence[Any]:
    """``values`` as :func:`_column` types them, as Python values (floats where it makes a
    float column, ``None`` for a gap); ``kinds``: the types of the values."""
    kinds = kinds - {type(None)}
    if kinds and kinds <= {float, Decimal}:  # a float64 column (ints make it an object one)
        return [float(v) if v is not None else None for v in values]
    return values


def _text_array(values: Sequence[Any]) -> Any:
    """``values`` (text and ``None``) as a numpy object array: pandas types it as it types
    the object array of :func:`_objects` (its string dtype), without the extension-array
    look-ups a pandas array costs per column (~0.05 ms: the fixed cost of a small query)."""
    import numpy as np

    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _objects(values: Sequence[Any]) -> Any:
    """``values`` as a pandas object array (built through numpy: no per-item inference)."""
    import numpy as np
    import pandas as pd

    array = np.empty(len(values), dtype=object)
    array[:] = values
    return pd.array(array, dtype=object, copy=False)  # type: ignore[call-overload,arg-type,unused-ignore]


def _column(values: Sequence[Any], kinds: set[type] | None = None) -> Any:
    """``values`` as a pandas array: int64, nullable Int64 or float64 where they fit
    (``kinds``: the types of the values, if known)."""
    import pandas as pd

    kinds = (set(map(type, values)) if kinds is None else kinds) - {type(None)}
    if kinds and kinds <= {str, IRI}:
        return _text_array(values)
    if not kinds or not kinds <= {int, float, Decimal} or bool in kinds:
        return _objects(values)
    missing = None in values
    if kinds == {int}:
        return pd.array(list(values), dtype="Int64" if missing else "int64")
    if int not in kinds:
        return pd.array([float(v) if v is not None else None for v in values], dtype="float64")
    return _objects(values)


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    >>> local_name("https://w3id.org/intlgraph/id/org/fnpr")
    'fnpr'
    """
    tail = iri.rstrip("/#")
    for separator in ("#", "/"):
        if separator in tail:
            tail = tail.rsplit(separator, 1)[1]
    return tail or iri


def pick_label(candidates: Iterable[tuple[str, str | None]], lang: str) -> str | None:
    """The label in ``lang``, else in the other project language, else untagged, else any.

    >>> pick_label([("Федерация", "ru"), ("Federation", "en")], "ru")
    'Федерация'
    """
    by_lang: dict[str | None, str] = {}
    for text, language in sorted(candidates, key=lambda c: (c[1] or "", c[0])):
        by_lang.setdefault(language or None, text)
    for wanted in (lang, "en" if lang != "en" else "ru", None):
        if wanted in by_lang:
            return by_lang[wanted]
    return next(iter(by_lang.values()), None)
