"""Data from a CSV file: a table of numbers, then split into inputs and targets.

A lecturer exports a spreadsheet and imports it as a scenario's data. The file
is read whole and checked whole: every bad row is reported with its line number
in the file (as an editor counts lines, header and blank lines included), and if
there is any, nothing is imported. The last column or columns are the targets;
how many is the caller's choice.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass

from gdviz.core.edits import parse_number
from gdviz.core.files import FileRefused, read_bounded, utf8_text
from gdviz.core.names import node_name
from gdviz.core.scenario import MAX_FILE_BYTES, MAX_NODES, MAX_SAMPLES

DELIMITERS = ("\t", ";", ",")
"""Tried in this order on the first non-blank line: tab and semicolon first, since a
file delimited by them may still hold commas (in names, or as decimal commas)."""
DELIMITER_NAMES = {"\t": "tab", ";": "semicolon", ",": "comma"}
MAX_PROBLEMS = 20
"""Problems listed one by one; the rest are counted ("and 7 more")."""

Problem = tuple[int | None, str]
"""(line number in the file, what is wrong); line None for the file as a whole."""


class CsvError(ValueError):
    """A file whose data cannot be imported, with every problem found (up to a cap)."""

    def __init__(self, problems: list[Problem], more: int = 0) -> None:
        self.problems = problems
        self.more = more
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """One readable line per problem, then "and N more problems" if some were left off."""
        out = [f"line {line}: {text}" if line is not None else text for line, text in self.problems]
        if self.more:
            out.append(f"and {self.more:,} more problem{'s' if self.more != 1 else ''}")
        return out


@dataclass(frozen=True)
class Table:
    """The numbers of a CSV file, one row per sample, with the file line each came from."""

    rows: list[list[float]]
    lines: list[int]
    header: list[str] | None
    delimiter: str

    @property
    def columns(self) -> int:
        return len(self.header) if self.header is not None else len(self.rows[0])


# -- reading the file -----------------------------------------------------------------
def read_text(path: str | os.PathLike[str]) -> str:
    """The file's text. Raises CsvError for a file that is too large or not UTF-8
    (a BOM is allowed), and OSError if it cannot be read."""
    try:
        data = read_bounded(path, MAX_FILE_BYTES)
    except FileRefused as err:
        raise CsvError([(None, str(err))]) from None
    return decode(data)


def decode(data: bytes) -> str:
    """UTF-8 text, with or without a byte-order mark, or CsvError naming the line."""
    if len(data) > MAX_FILE_BYTES:
        raise CsvError([(None, f"the file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}")])
    try:
        return utf8_text(data)
    except FileRefused as err:
        raise CsvError([(None, f"{err} (from a spreadsheet: “CSV UTF-8”)")]) from None
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise CsvError(
            [(line, "is not UTF-8 text; save the file as “CSV UTF-8” from the spreadsheet")]
        ) from None


# -- parsing -----------------------------------------------------------------------------
def detect_delimiter(text: str) -> str:
    """Tab, semicolon or comma: the first of them found on the first non-blank line."""
    first = next((line for line in io.StringIO(text, newline="") if line.strip()), "")
    return next((d for d in DELIMITERS if d in first), ",")


def _records(
    text: str, delimiter: str, limit: int | None = None
) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """Non-blank records (up to ``limit``) with the line each starts on; a record spans
    lines only in quotes. A line the csv module cannot read ends the reading with a problem."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    records: list[tuple[int, list[str]]] = []
    while limit is None or len(records) < limit:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return records, []
        except csv.Error as err:
            return records, [(start, f"cannot be read as CSV ({err})")]
        if any(cell.strip() for cell in cells):  # blank lines and lines of empty cells are skipped
            records.append((start, cells))
    return records, []


def first_rows(text: str, count: int) -> list[tuple[int, list[str]]]:
    """The first ``count`` non-blank rows as text, with their line numbers: a preview that
    works even for a file with bad rows."""
    text = _strip_bom(text)
    return _records(text, detect_delimiter(text), limit=count)[0]


def _is_number(cell: str) -> bool:
    try:
        parse_number(cell)
    except ValueError:
        return False
    return True


def _words(cells: list[str]) -> int:
    """How many cells are text that is not a number (empty cells do not count)."""
    return sum(1 for c in cells if c.strip() and not _is_number(c))


def looks_like_header(text: str) -> bool:
    """Whether the first non-blank row names the columns: it holds a cell that is not a
    number, and the row after it holds fewer such cells (so a file of all text is not
    taken for one header and numbers). A file of one row is a header only if every
    cell in it is a word."""
    return _header_in(_records(_strip_bom(text), detect_delimiter(text), limit=2)[0])


def _header_in(records: list[tuple[int, list[str]]]) -> bool:
    if not records:
        return False
    first = _words(records[0][1])
    if len(records) == 1:
        return first == len(records[0][1])
    return first > 0 and _words(records[1][1]) < first


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _fast_numbers(cells: list[str]) -> list[float] | None:
    """The row's numbers when every cell is a plain finite number (the common case, 3x faster
    than ``parse_number``); None sends the row through ``parse_number`` for its messages."""
    try:
        values = [float(c) for c in cells]
    except ValueError:
        return None
    return values if all(-1e300 <= v <= 1e300 for v in values) else None  # NaN fails both


def _cell_problem(column: int, cell: str, delimiter: str) -> str:
    if not cell.strip():
        return f"column {column} is empty"
    try:
        parse_number(cell)
    except ValueError as err:
        hint = " (write decimals with a point)" if delimiter != "," and "," in cell else ""
        return f"column {column}: {err}{hint}"
    raise AssertionError("a number has no problem")


def parse(text: str, header: bool | None = None) -> Table:
    """The table of numbers in CSV ``text``. ``header`` None detects a header row.

    Raises CsvError listing every bad row by line number: a row with another number
    of columns than the first row, a cell that is empty or not a finite number.
    """
    text = _strip_bom(text)
    delimiter = detect_delimiter(text)
    records, problems = _records(text, delimiter)
    if not records:
        raise CsvError(problems or [(None, "the file holds no data")])
    if header is None:
        header = _header_in(records)
    names = [c.strip() for c in records[0][1]] if header else None
    data = records[1:] if header else records
    if not data:
        raise CsvError(problems or [(None, "the file has a header row but no rows of numbers")])
    if len(data) > MAX_SAMPLES:
        raise CsvError([(None, f"the file has {len(data):,} rows of data; the limit is {MAX_SAMPLES:,}")])
    columns = len(names) if names is not None else len(data[0][1])
    if columns > MAX_NODES:
        raise CsvError([(records[0][0], f"has {columns:,} columns; the limit is {MAX_NODES:,}")])
    first = "the header has" if names is not None else "the first row has"

    rows: list[list[float]] = []
    lines: list[int] = []
    bad: list[Problem] = []
    for line, cells in data:
        if len(cells) != columns:
            bad.append((line, f"has {len(cells)} column{'s' * (len(cells) != 1)}; {first} {columns}"))
            continue
        values = _fast_numbers(cells)
        if values is None:
            try:
                values = [parse_number(c) for c in cells]
            except ValueError:
                problems_here = [
                    _cell_problem(k, c, delimiter) for k, c in enumerate(cells, start=1) if not _is_number(c)
                ]
                bad.append((line, "; ".join(problems_here)))
                continue
        rows.append(values)
        lines.append(line)
    bad += problems
    if bad:
        raise CsvError(bad[:MAX_PROBLEMS], more=len(bad) - MAX_PROBLEMS if len(bad) > MAX_PROBLEMS else 0)
    return Table(rows, lines, names, delimiter)


# -- inputs and targets --------------------------------------------------------------------
def check_targets(columns: int, targets: int) -> None:
    """CsvError unless the last ``targets`` columns leave at least one input column."""
    if columns < 2:
        raise CsvError([(None, "the data needs at least two columns: inputs, then targets")])
    if not 1 <= targets <= columns - 1:
        raise CsvError(
            [(None, f"choose 1 to {columns - 1} target columns: at least one column must stay an input")]
        )


def split(table: Table, targets: int) -> tuple[list[list[float]], list[list[float]]]:
    """(inputs, targets): the last ``targets`` columns are the targets, the rest inputs."""
    check_targets(table.columns, targets)
    cut = table.columns - targets
    return [row[:cut] for row in table.rows], [row[cut:] for row in table.rows]


def column_roles(columns: int, targets: int) -> list[str]:
    """What each column becomes, named as the diagram names the nodes: ``x0``, ...,
    then ``target`` (or ``target of output_0``, ... for several outputs)."""
    inputs = columns - targets
    layers = (inputs, targets)
    names = [f"input {node_name(layers, 0, k)}" for k in range(inputs)]
    if targets == 1:
        return [*names, "target"]
    return [*names, *(f"target of {node_name(layers, 1, k)}" for k in range(targets))]


def summary(rows: int, columns: int, targets: int, layers: list[int]) -> str:
    """One sentence for the import dialog: what the data holds and how the network changes."""
    inputs = columns - targets
    text = (
        f"{rows:,} row{'s' * (rows != 1)}: {inputs} input{'s' * (inputs != 1)}, "
        f"{targets} target{'s' * (targets != 1)}"
    )
    changes = []
    if inputs != layers[0]:
        changes.append(f"input layer will change from {layers[0]} to {inputs} nodes")
    if targets != layers[-1]:
        changes.append(f"output layer will change from {layers[-1]} to {targets} nodes")
    if changes:
        text += " — the network's " + " and its ".join(changes)
    return text
