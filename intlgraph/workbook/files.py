"""Sheets to and from files: an ``.xlsx`` workbook (openpyxl) or a folder of ``.csv`` files.

The workbook carries a README sheet (every column explained in en and ru), drop-downs for
the closed lists (their values on a hidden ``lists`` sheet) and cells stored as text where
a spreadsheet would otherwise turn ``2021`` into a number or ``2021-06`` into a date.
Files are written atomically (a temporary file renamed into place).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from intlgraph.exc import InputFileError, IntlgraphError
from intlgraph.output import atomic_file
from intlgraph.workbook.convert import (
    PREFIXES_SHEET,
    TRIPLES_SHEET,
    Schema,
    Sheet,
    column_letter,
)
from intlgraph.workbook.mapping import Column, Table
from intlgraph.workbook.mapping import Mapping as WorkbookMapping

__all__ = [
    "MAX_CELLS",
    "MAX_FILE_BYTES",
    "column_reference",
    "read_sheets",
    "write_csv_folder",
    "write_xlsx",
]

#: Bounds on what an input workbook may make intlgraph read.
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024
MAX_CELLS = 5_000_000

#: Extra empty rows under the data that get drop-downs, for a person to add rows.
SPARE_ROWS = 500

_README = "README"
_LISTS = "lists"

INTRO = {
    "en": [
        "intlgraph workbook: one sheet per kind of thing, one row per resource, one column per "
        "property.",
        "The id column names the resource: a prefixed name (o:fprk) with a prefix of the "
        "'prefixes' sheet, or a full IRI.",
        "Lists in one cell: references (organisations, sources, topics...) separated by commas; "
        "texts one per line (Alt+Enter).",
        "Dates: YYYY-MM-DD, or YYYY-MM / YYYY where the column says so. Drop-down columns take "
        "only their listed values.",
        "Facts that no column holds are on the 'triples' sheet (subject, predicate, object, "
        "type: iri, @lang, a datatype, or empty for plain text).",
        "Turn it into RDF: intlgraph workbook import FILE.xlsx -o FILE.ttl (errors name "
        "sheet!cell; the SHACL shapes then run).",
    ],
    "ru": [
        "Рабочая книга intlgraph: лист на каждый вид сущностей, строка на ресурс, колонка на "
        "свойство.",
        "Колонка id называет ресурс: имя с префиксом (o:fprk) из листа 'prefixes' или полный IRI.",
        "Списки в одной ячейке: ссылки (организации, источники, темы...) через запятую; тексты "
        "по одному на строке (Alt+Enter).",
        "Даты: ГГГГ-ММ-ДД, или ГГГГ-ММ / ГГГГ, где колонка это допускает. Колонки с выпадающим "
        "списком принимают только его значения.",
        "Факты, для которых нет колонки, — на листе 'triples' (субъект, предикат, объект, тип: "
        "iri, @язык, тип данных или пусто для простого текста).",
        "Преобразование в RDF: intlgraph workbook import FILE.xlsx -o FILE.ttl (ошибки "
        "указывают лист!ячейку; затем проверяются формы SHACL).",
    ],
}

README_HEADER = (
    "sheet",
    "column",
    "title (en)",
    "название (ru)",
    "explanation (en)",
    "пояснение (ru)",
    "RDF",
    "cell",
)


def cell_syntax(column: Column) -> str:
    """How a cell of ``column`` is written (for the README and the column reference).

    >>> from intlgraph.workbook.mapping import load_mapping
    >>> cell_syntax(load_mapping().table("ties").column("parties"))
    'references, comma-separated'
    """
    if column.kind == "subject":
        return "prefixed name or IRI (required)"
    if column.kind == "kind":
        return "drop-down: a class of this sheet"
    if column.kind == "flag":
        return "drop-down: yes / empty"
    if column.kind == "closed":
        return "drop-down"
    several = column.separator is not None
    if column.kind == "ref":
        text = "references, comma-separated" if several else "one reference"
    else:
        text = {
            "string": "text",
            "integer": "whole number",
            "date": "date YYYY-MM-DD",
            "gYear": "year YYYY",
            "ig:anyDate": "date YYYY-MM-DD, YYYY-MM or YYYY",
        }.get(column.datatype or "string", "text")
        if column.lang:
            text += f" @{column.lang}"
        if several:
            text += ", one per line"
    return text + (" (required)" if column.required else "")


def readme_rows(mapping: WorkbookMapping) -> list[list[str]]:
    """The README sheet's column table: one row per column of every sheet."""
    rows: list[list[str]] = []
    for table in mapping.tables:
        for column in table.columns:
            rdf = column.property or "the row's subject"
            if column.flag_value:
                rdf = f"rdf:type {column.flag_value}"
            rows.append(
                [
                    table.name,
                    column.name,
                    column.title("en"),
                    column.title("ru"),
                    column.description.get("en", ""),
                    column.description.get("ru", ""),
                    rdf,
                    cell_syntax(column),
                ]
            )
    return rows


def column_reference(mapping: WorkbookMapping) -> str:
    """The column reference in Markdown: one table per sheet (docs/workbook.md shows it).

    >>> from intlgraph.workbook.mapping import load_mapping
    >>> print(column_reference(load_mapping()).splitlines()[0])
    ### `organisations` — organisations / организации
    """
    lines: list[str] = []
    for table in mapping.tables:
        classes = ", ".join(f"`{_short(c)}`" for c in table.classes)
        lines += [
            f"### `{table.name}` — {table.titles.get('en', '')} / {table.titles.get('ru', '')}",
            "",
            f"{table.description.get('en', '')} {table.description.get('ru', '')} "
            f"Rows: resources of {classes} (and their subclasses).",
            "",
            "| column | RDF | cell | en | ru |",
            "| --- | --- | --- | --- | --- |",
        ]
        for row in readme_rows(mapping):
            if row[0] != table.name:
                continue
            _, name, _, _, en, ru, rdf, cell = row
            rdf_text = " ".join(_short(part) for part in rdf.split(" "))
            lines.append(f"| `{name}` | {rdf_text} | {cell} | {_md(en)} | {_md(ru)} |")
        lines.append("")
    return "\n".join(lines)


def _short(iri: str) -> str:
    from intlgraph.workbook.mapping import CSVW_PREFIXES

    for prefix, namespace in CSVW_PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _md(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - openpyxl is a core dependency
        raise IntlgraphError(
            "workbooks need openpyxl: pip install 'intlgraph' (it is a dependency) "
            "or pip install openpyxl"
        ) from None
    return openpyxl


def write_xlsx(
    sheets: Mapping[str, Sheet],
    mapping: WorkbookMapping,
    schema: Schema,
    path: str | Path,
) -> None:
    """Write ``sheets`` as an ``.xlsx`` workbook with README, drop-downs and text cells."""
    openpyxl = _openpyxl()
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    readme = book.active
    readme.title = _README
    bold = Font(bold=True)
    readme.append([mapping.titles.get("en", "")])
    readme["A1"].font = Font(bold=True, size=14)
    readme.append([mapping.titles.get("ru", "")])
    for en, ru in zip(INTRO["en"], INTRO["ru"], strict=True):
        readme.append([en])
        readme.append([ru])
    readme.append([])
    readme.append(list(README_HEADER))
    for cell in readme[readme.max_row]:
        cell.font = bold
    for row in readme_rows(mapping):
        readme.append(row)
    for letter, width in zip("ABCDEFGH", (14, 20, 22, 26, 60, 60, 44, 30), strict=True):
        readme.column_dimensions[letter].width = width

    lists = book.create_sheet(_LISTS)
    lists.sheet_state = "hidden"
    list_column = 0

    for table in mapping.tables:
        sheet = sheets[table.name]
        ws = book.create_sheet(table.name)
        ws.append(sheet.header)
        for cell in ws[1]:
            cell.font = bold
        ws.freeze_panes = "B2"
        for row in sheet.rows:
            ws.append(row)
        last = len(sheet.rows) + 1 + SPARE_ROWS
        for i, column in enumerate(table.columns):
            letter = column_letter(i)
            ws.column_dimensions[letter].width = _width(column)
            text_cells = column.kind != "literal" or column.datatype != "integer"
            for (cell,) in ws.iter_rows(
                min_row=2, max_row=len(sheet.rows) + 1, min_col=i + 1, max_col=i + 1
            ):
                if cell.value is None:
                    continue
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                if text_cells:
                    cell.number_format = "@"
                if column.separator == "\n":
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            values = _dropdown_values(column, table, schema)
            if values is None:
                continue
            list_letter = column_letter(list_column)
            list_column += 1
            lists.cell(row=1, column=list_column, value=f"{table.name}.{column.name}")
            for n, value in enumerate(values, start=2):
                lists.cell(row=n, column=list_column, value=value).data_type = "s"
            validation = DataValidation(
                type="list",
                formula1=f"={_LISTS}!${list_letter}$2:${list_letter}${len(values) + 1}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.name,
                error=f"{column.name}: choose a value of the list",
            )
            validation.add(f"{letter}2:{letter}{last}")
            ws.add_data_validation(validation)
        ws.auto_filter.ref = f"A1:{column_letter(len(table.columns) - 1)}{len(sheet.rows) + 1}"

    for name in (TRIPLES_SHEET, PREFIXES_SHEET):
        sheet = sheets[name]
        ws = book.create_sheet(name)
        ws.append(sheet.header)
        for cell in ws[1]:
            cell.font = bold
        for row in sheet.rows:
            ws.append(row)
        for (cell,) in [(c,) for r in ws.iter_rows(min_row=2) for c in r]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                cell.number_format = "@"
        for letter in "ABCD":
            ws.column_dimensions[letter].width = 36
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(Path(path)) as handle:
        book.save(handle)


def _width(column: Column) -> int:
    if column.kind in ("subject", "kind"):
        return 26
    if column.kind == "literal" and column.datatype == "string":
        return 40
    if column.kind == "literal" or column.kind in ("flag", "closed"):
        return 12
    return 22


def _dropdown_values(column: Column, table: Table, schema: Schema) -> list[str] | None:
    if column.kind == "flag":
        return ["yes"]
    if column.kind in ("closed", "kind"):
        return list(schema.closed_values(column, table))
    return None


def write_csv_folder(sheets: Mapping[str, Sheet], folder: str | Path) -> None:
    """Write one ``NAME.csv`` per sheet into ``folder`` (UTF-8, header row first)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, sheet in sheets.items():
        with atomic_file(folder / f"{name}.csv", "w") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(sheet.header)
            for row in sheet.rows:
                writer.writerow(["" if v is None else v for v in row])


def read_sheets(path: str | Path) -> dict[str, Sheet]:
    """The sheets of an ``.xlsx`` file or of a folder of ``.csv`` files (name = file stem).

    Raises :class:`~intlgraph.exc.InputFileError` for a missing, oversized or unreadable file.
    """
    path = Path(path)
    if path.is_dir():
        return _read_csv_folder(path)
    if not path.is_file():
        raise InputFileError(path, "no such file")
    if path.suffix.lower() != ".xlsx":
        raise InputFileError(path, "expected an .xlsx workbook or a folder of .csv files")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputFileError(path, f"too large ({size} bytes; at most {MAX_FILE_BYTES})")
    openpyxl = _openpyxl()
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise InputFileError(path, f"not a readable .xlsx workbook ({error})") from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise InputFileError(
            path, f"too large unpacked ({unzipped} bytes; at most {MAX_UNZIPPED_BYTES})"
        )
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise InputFileError(path, f"not a readable .xlsx workbook ({error})") from None
    sheets: dict[str, Sheet] = {}
    cells = 0
    try:
        for ws in book.worksheets:
            if ws.title in (_README, _LISTS):
                continue
            rows = ws.iter_rows(values_only=True)
            header = next(rows, ())
            sheet = Sheet(ws.title, ["" if h is None else str(h) for h in header])
            width = len(sheet.header)
            for row in rows:
                values = list(row)
                while values and values[-1] is None:
                    values.pop()
                cells += max(len(values), width)
                if cells > MAX_CELLS:
                    raise InputFileError(path, f"too many cells (more than {MAX_CELLS})")
                sheet.rows.append(values)
            while sheet.rows and not sheet.rows[-1]:
                sheet.rows.pop()
            sheets[ws.title] = sheet
    finally:
        book.close()
    return sheets


def _read_csv_folder(folder: Path) -> dict[str, Sheet]:
    sheets: dict[str, Sheet] = {}
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise InputFileError(folder, "no .csv files in this folder")
    total = sum(f.stat().st_size for f in files)
    if total > MAX_FILE_BYTES:
        raise InputFileError(folder, f"too large ({total} bytes of CSV; at most {MAX_FILE_BYTES})")
    for file in files:
        try:
            with file.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.reader(handle))
        except UnicodeDecodeError:
            raise InputFileError(file, "not UTF-8 text") from None
        except csv.Error as error:
            raise InputFileError(file, f"bad CSV ({error})") from None
        header = rows[0] if rows else []
        sheets[file.stem] = Sheet(file.stem, header, [list(r) for r in rows[1:]])
    return sheets
