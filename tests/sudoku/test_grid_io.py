"""Parsing and formatting: every input layout, and errors that carry line numbers."""
from hypothesis import given, settings, strategies as st

from eagerflow.sudoku.grid_io import (NOTEBOOK_PUZZLE, check_grid, format_grid, format_line,
                                      grid_problem, parse_text)

P = "4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......"
S = "417369825632158947958724316825437169791586432346912758289643571573291684164875293"


def test_lines_with_dots_and_zeros():
    entries = parse_text(P + "\n# a comment\n" + P.replace(".", "0") + "\r\n\n")
    assert [e.line for e in entries] == [1, 3]
    assert all(e.error is None and e.puzzle == P.replace(".", "0") for e in entries)


def test_grid_text_round_trips_through_format_grid():
    text = format_grid(P) + "\n\n" + format_grid(NOTEBOOK_PUZZLE) + "\n"
    entries = parse_text(text)
    assert [e.puzzle for e in entries] == [P.replace(".", "0"), NOTEBOOK_PUZZLE.replace(".", "0")]
    assert all(e.is_grid for e in entries)
    assert entries[1].line == 13       # 11 lines of the first grid, one blank line
    assert format_line(entries[0].puzzle) == P


def test_plain_grid_without_separators():
    rows = [P[9 * r:9 * r + 9] for r in range(9)]
    (entry,) = parse_text("\n".join(rows))
    assert entry.puzzle == P.replace(".", "0") and entry.line == 1


def test_kaggle_csv_with_header():
    entries = parse_text(f"quizzes,solutions\n{P},{S}\n")
    assert len(entries) == 1
    assert entries[0].line == 2 and entries[0].given_solution == S


def test_errors_have_line_numbers_and_reasons():
    bad_row = "11" + P[2:]
    bad_col = P[:36] + "1" + P[37:]
    bad_box = "9" + P[1:10] + "9" + P[11:]
    text = "\n".join([P, P[:80], P[:40] + "x" + P[41:], bad_row, bad_col, bad_box, P]) + "\n"
    entries = parse_text(text, "f.txt")
    got = [(e.line, e.error) for e in entries]
    assert got[0] == (1, None) and got[-1] == (7, None)
    assert got[1] == (2, "wrong length: 80 characters, expected 81")
    assert got[2] == (3, "bad character 'x' at cell 41")
    assert got[3] == (4, "digit 1 repeated in row 1")
    assert got[4] == (5, "digit 1 repeated in column 1")
    assert got[5] == (6, "digit 9 repeated in box 1")
    assert all(e.source == "f.txt" for e in entries)


def test_incomplete_grid_is_reported():
    rows = [P[9 * r:9 * r + 9] for r in range(5)]
    (entry,) = parse_text("\n".join(rows) + "\n")
    assert entry.error == "incomplete grid: 5 of 9 rows" and entry.line == 1


def test_check_grid():
    assert check_grid(S, P) is None
    assert check_grid(S[:80], P) == "not 81 digits 1-9"
    swapped = S[1] + S[0] + S[2:]
    assert check_grid(swapped) is not None
    other_puzzle = "5" + P[1:]
    assert "given 5" in check_grid(S, other_puzzle)
    assert grid_problem("0" * 81) is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789.|+- ,x\n\r\t", max_size=400))
def test_parse_never_raises(text):
    for e in parse_text(text):
        assert (e.puzzle is None) != (e.error is None)
        assert e.line >= 1
        if e.puzzle is not None:
            assert len(e.puzzle) == 81 and grid_problem(e.puzzle) is None
