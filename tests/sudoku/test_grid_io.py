"""Parsing and formatting: every input layout, and errors that carry line numbers."""
import pytest
from hypothesis import given, settings, strategies as st

from eagerflow.sudoku.grid_io import (BLANKS, NOTEBOOK_PUZZLE, NotUTF8, check_grid, format_grid,
                                      format_line, grid_problem, parse_bytes, parse_text,
                                      split_lines)

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
    assert got[2] == (3, "bad character 'x' at cell 41 (expected 1-9, or one of . 0 - _ * for "
                         "a blank)")
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


def test_line_breaks_are_newline_cr_and_crlf_only():
    assert split_lines("a\nb\r\nc\rd\n") == ["a", "b", "c", "d"]
    assert split_lines("a\fb\x1cc\x1dd\x1ee\x85f\u2028g\u2029h\x0bi") == [
        "a\fb\x1cc\x1dd\x1ee\x85f\u2028g\u2029h\x0bi"]
    assert split_lines("") == [] and split_lines("\n") == [""] and split_lines("a") == ["a"]
    odd = P[:40] + "\f" + P[41:]
    entries = parse_text("\n".join([P, odd, "\x1c", P[:10] + "\u2028" + P[11:], P + "\x85", P]))
    assert [(e.line, e.error is None) for e in entries] == [
        (1, True), (2, False), (4, False), (5, True), (6, True)]
    assert entries[1].error.startswith("bad character '\\x0c' at cell 41")
    assert entries[2].error.startswith("bad character '\\u2028' at cell 11")


def test_wrong_length_also_names_a_bad_character():
    (e,) = parse_text("7")
    assert e.error == "wrong length: 1 character, expected 81"
    (e,) = parse_text(P + "\f.")
    assert e.error == ("wrong length: 83 characters, expected 81; bad character '\\x0c' at "
                       "cell 82 (expected 1-9, or one of . 0 - _ * for a blank)")


@pytest.mark.parametrize("blank", list(BLANKS))
def test_common_blanks(blank):
    (e,) = parse_text(P.replace(".", blank))
    assert e.error is None and e.puzzle == P.replace(".", "0")
    rows = [P[9 * r:9 * r + 9].replace(".", blank) for r in range(9)]
    (g,) = parse_text("\n".join(rows))
    assert g.is_grid and g.puzzle == P.replace(".", "0")


def test_separator_lines_and_rows_of_dashes():
    text = "\n".join(["+-------+-------+-------+", "---+---+---", "=====", "-" * 21, "| - |",
                      "-" * 81, "- - - | - - - | - - -"])
    entries = parse_text(text)
    assert [(e.line, e.puzzle, e.error) for e in entries] == [
        (6, "0" * 81, None), (7, None, "incomplete grid: 1 of 9 rows")]
    grid = format_grid(P).replace(".", "-")                 # '-' blanks and '-' rule lines
    (e,) = parse_text(grid)
    assert e.puzzle == P.replace(".", "0")


def test_bytes_utf8_with_and_without_byte_order_mark():
    data = (P + "\n" + P + "\r\n").encode()
    for raw in (data, b"\xef\xbb\xbf" + data):
        entries = parse_bytes(raw, "f")
        assert [(e.line, e.puzzle) for e in entries] == [(1, P.replace(".", "0")),
                                                         (2, P.replace(".", "0"))]
    (e,) = parse_text("\ufeff" + P)
    assert e.error is None


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"])
def test_utf16_and_utf32_raise_not_utf8(encoding):
    with pytest.raises(NotUTF8, match="not UTF-8: it looks like UTF-(16|32)"):
        parse_bytes((P + "\n").encode(encoding), "f")


def test_lines_that_are_not_utf8():
    data = b"# caf\xe9\n" + P.encode() + b"\n" + P[:5].encode() + b"\xe9\xff" + P[7:].encode()
    entries = parse_bytes(data, "f")
    assert [(e.line, e.error) for e in entries] == [
        (2, None), (3, "not UTF-8: byte 0xe9 at byte 6 of the line")]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789.|+- ,x\n\r\t_*=\f\x85\u2028\ufeff", max_size=400))
def test_parse_never_raises(text):
    lines = max(1, len(split_lines(text)))
    for entries in (parse_text(text), parse_bytes(text.encode())):
        for e in entries:
            assert (e.puzzle is None) != (e.error is None)
            assert 1 <= e.line <= lines
            if e.puzzle is not None:
                assert len(e.puzzle) == 81 and grid_problem(e.puzzle) is None


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_parse_bytes_never_raises_but_not_utf8(data):
    try:
        entries = parse_bytes(data)
    except NotUTF8:
        return
    for e in entries:
        assert (e.puzzle is None) != (e.error is None) and e.line >= 1
