"""CSV data: read whole, checked whole, every bad row named by its line in the file."""

from __future__ import annotations

import pytest

from gdviz.core import csv_data
from gdviz.core.csv_data import CsvError
from gdviz.core.scenario import MAX_FILE_BYTES, MAX_SAMPLES


def problems(text: str, header: bool | None = None) -> list[tuple[int | None, str]]:
    with pytest.raises(CsvError) as info:
        csv_data.parse(text, header=header)
    return info.value.problems


def test_a_header_row_is_detected_and_named():
    table = csv_data.parse("x1,x2,y\n1,2,3\n4,5.5,-6\n")
    assert table.header == ["x1", "x2", "y"]
    assert table.rows == [[1.0, 2.0, 3.0], [4.0, 5.5, -6.0]]
    assert table.lines == [2, 3]
    assert table.columns == 3


def test_a_file_of_numbers_has_no_header():
    table = csv_data.parse("1,2,3\n4,5,6")
    assert table.header is None
    assert table.rows == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    assert table.lines == [1, 2]


def test_the_caller_can_force_the_header_either_way():
    forced = csv_data.parse("1,2\n3,4\n", header=True)
    assert forced.header == ["1", "2"] and forced.rows == [[3.0, 4.0]] and forced.lines == [2]
    assert problems("x,y\n3,4\n", header=False) == [
        (1, 'column 1: "x" is not a number; column 2: "y" is not a number')
    ]


@pytest.mark.parametrize(
    ("text", "header"),
    [
        ("x,y\n1,2\n", True),
        ("1,2\n3,4\n", False),
        ("x,2\n1,2\n", True),  # a header may hold a number, if the next row has fewer words
        ("a,b\nc,d\n", False),  # all text: not one header and data
        ("x,y\n", True),  # one row, all words
        ("1;2,5\n", False),  # one row with a bad number is bad data, not a header
        ("\n\n x , y \n1,2\n", True),  # blank lines before the header
    ],
)
def test_header_detection(text, header):
    assert csv_data.looks_like_header(text) is header


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("1,2,3\n", ","),
        ("1;2;3\n", ";"),
        ("1\t2\t3\n", "\t"),
        ("a;b,c;d\n1;2;3\n", ";"),  # commas inside semicolon-separated names
        ("\n\n1\t2\n", "\t"),
    ],
)
def test_delimiters(text, delimiter):
    assert csv_data.detect_delimiter(text) == delimiter
    assert csv_data.parse(text).delimiter == delimiter


def test_semicolon_and_tab_files_read_the_same_numbers():
    expected = [[1.0, 2.5, 3.0], [4.0, 5.0, 6.0]]
    assert csv_data.parse("a;b;c\n1;2.5;3\n4;5;6\n").rows == expected
    assert csv_data.parse("a\tb\tc\n1\t2.5\t3\n4\t5\t6\n").rows == expected
    assert csv_data.parse("1,2.5,3\r\n4,5,6\r\n").rows == expected  # Windows line ends


def test_blank_lines_are_skipped_and_lines_still_counted():
    table = csv_data.parse("\nx,y\n\n1,2\n   \n,\n3,4\n")
    assert table.header == ["x", "y"]
    assert table.rows == [[1.0, 2.0], [3.0, 4.0]]
    assert table.lines == [4, 7]  # the header is line 2; lines 3, 5 and 6 hold nothing


def test_every_bad_row_is_reported_with_its_line_in_the_file():
    text = "x1,x2,y\n1,2,3\n\n4,abc,6\n7,8\n9,,11\n12,nan,inf\n13,14,15\n1,2,3,4\n"
    assert problems(text) == [
        (4, 'column 2: "abc" is not a number'),
        (5, "has 2 columns; the header has 3"),
        (6, "column 2 is empty"),
        (7, "column 2: nan is not a finite number; column 3: inf is not a finite number"),
        (9, "has 4 columns; the header has 3"),
    ]


def test_without_a_header_rows_are_compared_with_the_first_row():
    assert problems("1,2,3\n4,5\n") == [(2, "has 2 columns; the first row has 3")]
    assert problems("1,2\n3\n") == [(2, "has 1 column; the first row has 2")]


def test_the_message_lists_each_line_and_caps_the_list():
    text = "x,y\n" + "".join(f"{k},oops\n" for k in range(30))
    with pytest.raises(CsvError) as info:
        csv_data.parse(text)
    err = info.value
    assert len(err.problems) == 20 and err.more == 10
    assert err.problems[0] == (2, 'column 2: "oops" is not a number')
    assert err.problems[-1][0] == 21
    lines = str(err).splitlines()
    assert lines[0] == 'line 2: column 2: "oops" is not a number'
    assert lines[-1] == "and 10 more problems"


def test_decimal_commas_get_a_hint():
    assert problems("x;y\n1;2,5\n") == [(2, 'column 2: "2,5" is not a number (write decimals with a point)')]


def test_numbers_as_people_write_them():
    table = csv_data.parse(' 1 , "2" ,−3,1e3\n')
    assert table.rows == [[1.0, 2.0, -3.0, 1000.0]]
    assert problems("1,1e400\n") == [(1, "column 2: 1e400 is not a finite number")]


def test_quoted_fields_may_span_lines_and_rows_keep_their_first_line():
    table = csv_data.parse('"first\ninput",y\n1,2\n"3",4\n')
    assert table.header == ["first\ninput", "y"] and table.lines == [3, 4]
    assert problems('"a\nb",y\n1,2\nx,4\n') == [(4, 'column 1: "x" is not a number')]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file holds no data"),
        ("\n \n", "the file holds no data"),
        ("x,y\n\n", "the file has a header row but no rows of numbers"),
    ],
)
def test_files_without_data(text, message):
    assert problems(text) == [(None, message)]


def test_too_many_rows():
    text = "1,2\n" * (MAX_SAMPLES + 1)
    assert problems(text) == [(None, f"the file has {MAX_SAMPLES + 1:,} rows of data; the limit is 100,000")]
    assert len(csv_data.parse(text[4:]).rows) == MAX_SAMPLES


def test_read_text_accepts_a_bom_and_refuses_other_encodings(tmp_path):
    good = tmp_path / "excel.csv"
    good.write_bytes("x,y\r\n1,2\r\n".encode("utf-8-sig"))
    table = csv_data.parse(csv_data.read_text(good))
    assert table.header == ["x", "y"] and table.rows == [[1.0, 2.0]]
    latin = tmp_path / "latin.csv"
    latin.write_bytes("a,b\n1,2\nTempérature,3\n".encode("latin-1"))
    with pytest.raises(CsvError) as info:
        csv_data.read_text(latin)
    assert info.value.problems == [
        (3, "is not UTF-8 text; save the file as “CSV UTF-8” from the spreadsheet")
    ]


def test_read_text_refuses_large_files_and_folders(tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"1,2\n" * (MAX_FILE_BYTES // 4 + 1))
    with pytest.raises(CsvError, match="is 4,194,308 bytes; the limit is 4,194,304"):
        csv_data.read_text(big)
    with pytest.raises(CsvError, match="is a folder"):
        csv_data.read_text(tmp_path)
    with pytest.raises(FileNotFoundError):
        csv_data.read_text(tmp_path / "missing.csv")


def test_split_takes_the_last_columns_as_targets():
    table = csv_data.parse("a,b,c,d\n1,2,3,4\n5,6,7,8\n")
    assert csv_data.split(table, 1) == ([[1.0, 2.0, 3.0], [5.0, 6.0, 7.0]], [[4.0], [8.0]])
    assert csv_data.split(table, 3) == ([[1.0], [5.0]], [[2.0, 3.0, 4.0], [6.0, 7.0, 8.0]])


@pytest.mark.parametrize("targets", [0, 4, -1])
def test_split_keeps_at_least_one_input_and_one_target(targets):
    table = csv_data.parse("1,2,3,4\n")
    with pytest.raises(
        CsvError, match="choose 1 to 3 target columns: at least one column must stay an input"
    ):
        csv_data.split(table, targets)


def test_one_column_cannot_be_split():
    with pytest.raises(CsvError, match="at least two columns"):
        csv_data.split(csv_data.parse("y\n1\n2\n"), 1)


def test_column_roles_name_columns_as_the_diagram_names_nodes():
    assert csv_data.column_roles(3, 1) == ["input x0", "input x1", "target"]
    assert csv_data.column_roles(3, 2) == ["input x0", "target of output_0", "target of output_1"]


def test_summary_says_how_the_network_changes():
    assert csv_data.summary(12, 3, 1, [3, 2, 1]) == (
        "12 rows: 2 inputs, 1 target — the network's input layer will change from 3 to 2 nodes"
    )
    assert csv_data.summary(1, 3, 1, [2, 2, 1]) == "1 row: 2 inputs, 1 target"
    assert csv_data.summary(5, 4, 2, [3, 1]) == (
        "5 rows: 2 inputs, 2 targets — the network's input layer will change from 3 to 2 nodes"
        " and its output layer will change from 1 to 2 nodes"
    )


def test_first_rows_preview_a_file_even_with_bad_rows():
    text = "\ufeffx,y\n\n1,abc\n2,3\n4,5\n"
    assert csv_data.first_rows(text, 3) == [(1, ["x", "y"]), (3, ["1", "abc"]), (4, ["2", "3"])]
