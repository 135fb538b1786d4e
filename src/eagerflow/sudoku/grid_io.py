"""Reading and writing Sudoku puzzles: 81-character lines, 9-line grids and `puzzle,solution` CSV.

Parsing never raises on bad input: every puzzle becomes an `Entry`, and a malformed one carries
its line number and the reason in `error`, so the rest of a batch can still be solved.

Input rules:

* Lines end at ``\n``, ``\r\n`` or ``\r`` only, as a text editor counts them: form feeds,
  ``\x1c``-``\x1e``, ``\x85``, ``\u2028`` and the like inside a line are characters of that line.
* Bytes are UTF-8; a leading UTF-8 byte-order mark is skipped. A line that is not UTF-8 is an
  invalid entry ("not UTF-8 ..."), except a ``#`` comment, which is skipped anyway; a file that
  looks like UTF-16 or UTF-32 (a byte-order mark or NUL bytes) raises `NotUTF8`.
* A cell is a digit ``1``-``9`` or a blank, one of `BLANKS` (``. 0 - _ *``); spaces, tabs and
  ``|`` between cells are ignored.
* Skipped: blank lines, ``#`` comments, CSV headers such as ``quizzes,solutions`` and separator
  lines made of ``- + = |`` and spaces (a line of exactly 9 or 81 ``-`` is a row or a puzzle of
  blanks, not a separator).
"""
import re
from dataclasses import dataclass
from typing import Iterable, List, Optional, Tuple, Union

__all__ = ["Entry", "NotUTF8", "parse_text", "parse_bytes", "split_lines", "check_grid",
           "grid_problem", "format_line", "format_grid", "NOTEBOOK_PUZZLE", "BLANKS"]

# The puzzle of the seed notebook (cell 33), row by row.
NOTEBOOK_PUZZLE = ("3.65.84.." "52......." ".87....31" "..3.1..8." "9..863..5"
                   ".5..9.6.." "13....25." ".......74" "..52.63..")

BLANKS = ".0-_*"                                 # characters that mean an empty cell
_DIGITS = "123456789"
_CELL_SEPARATORS = str.maketrans("", "", " \t|")   # ignored between the cells of a line
_SEPARATOR_LINE = re.compile(r"[-+=|\s]*")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")
_EXPECTED = "expected 1-9, or one of " + " ".join(BLANKS) + " for a blank"
_BAD_CHARACTER = re.compile("[^1-9" + re.escape(BLANKS) + "]")
_BLANKS_TO_ZERO = str.maketrans({ch: "0" for ch in BLANKS})


class NotUTF8(ValueError):
    """The whole input is in another encoding (UTF-16 or UTF-32): nothing in it can be read."""


@dataclass
class Entry:
    """One puzzle as read: `puzzle` is 81 chars of '0'-'9' (0 = blank) when well formed."""
    source: str
    line: int
    puzzle: Optional[str] = None
    error: Optional[str] = None
    given_solution: Optional[str] = None
    is_grid: bool = False


def _unit_cells():
    rows = [[r * 9 + c for c in range(9)] for r in range(9)]
    cols = [[r * 9 + c for r in range(9)] for c in range(9)]
    boxes = [[(3 * (b // 3) + i) * 9 + 3 * (b % 3) + j for i in range(3) for j in range(3)]
             for b in range(9)]
    return [("row", rows), ("column", cols), ("box", boxes)]


_UNITS = _unit_cells()


def grid_problem(digits: str) -> Optional[str]:
    """The first repeated digit in a row, column or box of an 81-char '0'-'9' string, or None."""
    for kind, units in _UNITS:
        for k, cells in enumerate(units):
            seen = set()
            for cell in cells:
                d = digits[cell]
                if d != "0":
                    if d in seen:
                        return f"digit {d} repeated in {kind} {k + 1}"
                    seen.add(d)
    return None


def check_grid(solution: str, puzzle: Optional[str] = None) -> Optional[str]:
    """Why `solution` is not a complete valid grid (that keeps `puzzle`'s givens), or None."""
    if len(solution) != 81 or any(ch not in _DIGITS for ch in solution):
        return "not 81 digits 1-9"
    problem = grid_problem(solution)
    if problem:
        return problem
    if puzzle is not None:
        for cell, (p, s) in enumerate(zip(puzzle, solution)):
            if p not in BLANKS and p != s:
                return f"given {p} at row {cell // 9 + 1}, column {cell % 9 + 1} changed to {s}"
    return None


def _normalise(chars: str, source: str, line: int, is_grid=False, line_of=None) -> Entry:
    """Check 81 puzzle characters; `line_of(i)` gives the input line of character i."""
    line_of = line_of or (lambda i: line)
    bad = _BAD_CHARACTER.search(chars)
    if bad is not None:
        at = bad.start()
        where = f"line {line_of(at)}, " if is_grid else ""
        bad = f"bad character {chars[at]!r} at {where}cell {at + 1} ({_EXPECTED})"
    if len(chars) != 81:
        n = len(chars)
        error = f"wrong length: {n} character{'' if n == 1 else 's'}, expected 81"
        return Entry(source, line, error=error + (f"; {bad}" if bad else ""), is_grid=is_grid)
    if bad:
        return Entry(source, line, error=bad, is_grid=is_grid)
    digits = chars.translate(_BLANKS_TO_ZERO)
    problem = grid_problem(digits)
    if problem:
        return Entry(source, line, error=problem, is_grid=is_grid)
    return Entry(source, line, puzzle=digits, is_grid=is_grid)


def _csv_entry(text: str, source: str, line: int) -> Entry:
    fields = [f.strip() for f in text.split(",")]
    if len(fields) != 2:
        return Entry(source, line, error=f"expected 'puzzle,solution', got {len(fields)} fields")
    entry = _normalise(fields[0].translate(_CELL_SEPARATORS), source, line)
    if entry.error:
        return entry
    entry.given_solution = fields[1]
    return entry


def _is_separator_line(text: str) -> bool:
    """A grid's rule line such as ``------+-------+------``; 9 or 81 '-' are blanks instead."""
    if not _SEPARATOR_LINE.fullmatch(text):
        return False
    if "+" in text or "=" in text:
        return True
    return len(text.translate(_CELL_SEPARATORS)) not in (9, 81)


def split_lines(text: str) -> List[str]:
    """`text`'s lines, broken at \\n, \\r\\n and \\r only (str.splitlines also breaks at
    \\f, \\x1c-\\x1e, \\x85, \\u2028 ..., which would put line numbers out of step with an
    editor's). A final line break does not start another line."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def parse_text(text: str, source: str = "<stdin>") -> List[Entry]:
    """Every puzzle in `text`, in order (a leading byte-order mark is skipped). Skipped: blank
    lines, `#` comments, separator lines and CSV headers such as `quizzes,solutions`."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return _parse_lines(enumerate(split_lines(text), 1), source)


def _utf16_or_32(data: bytes) -> Optional[str]:
    """What an input that is not UTF-8 at all looks like, or None."""
    for bom, name in ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
                      (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16")):
        if data.startswith(bom):
            return f"{name} (it starts with a {name} byte-order mark)"
    head = data[:400]
    if head and head.count(0) * 4 >= len(head):
        return "UTF-16 or UTF-32 (NUL bytes between the characters)"
    return None


def parse_bytes(data: bytes, source: str = "<stdin>") -> List[Entry]:
    """Every puzzle in UTF-8 `data` (see the module docstring). A line that is not UTF-8 becomes
    an invalid entry; raises `NotUTF8` when the whole input is UTF-16 or UTF-32."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    other = _utf16_or_32(data)
    if other:
        raise NotUTF8(f"not UTF-8: it looks like {other}; convert it to UTF-8 "
                      f"(for example with iconv -t UTF-8)")
    raw = _LINE_BREAK_BYTES.split(data)
    if raw and raw[-1] == b"":
        raw.pop()

    def lines():
        for number, line in enumerate(raw, 1):
            try:
                yield number, line.decode("utf-8")
            except UnicodeDecodeError as e:
                if line.lstrip().startswith(b"#"):
                    continue                          # a comment: skipped whatever its bytes
                yield number, UnicodeError(f"not UTF-8: byte 0x{line[e.start]:02x} at byte "
                                           f"{e.start + 1} of the line")

    return _parse_lines(lines(), source)


def _parse_lines(lines: Iterable[Tuple[int, Union[str, UnicodeError]]], source: str):
    entries: List[Entry] = []
    rows = []                                         # pending grid rows: (line number, 9 chars)

    def flush_grid():
        if not rows:
            return
        first = rows[0][0]
        if len(rows) != 9:
            entries.append(Entry(source, first, is_grid=True,
                                 error=f"incomplete grid: {len(rows)} of 9 rows"))
        else:
            numbers = [n for n, _ in rows]
            entries.append(_normalise("".join(r for _, r in rows), source, first, is_grid=True,
                                      line_of=lambda i: numbers[i // 9]))
        rows.clear()

    for number, raw in lines:
        if isinstance(raw, UnicodeError):
            flush_grid()
            entries.append(Entry(source, number, error=str(raw)))
            continue
        stripped = raw.strip()
        if stripped.startswith("#"):
            continue                                  # a comment (as in the CLI's own output)
        if "," in stripped:
            flush_grid()
            head = stripped.split(",")[0].strip()
            if head and not any(ch in _DIGITS + BLANKS for ch in head):
                continue                              # a CSV header such as "quizzes,solutions"
            entries.append(_csv_entry(stripped, source, number))
            continue
        if _is_separator_line(stripped):
            continue                                  # blank line or a grid's separator line
        cells = stripped.translate(_CELL_SEPARATORS)
        if len(cells) == 9:
            rows.append((number, cells))
            if len(rows) == 9:
                flush_grid()
            continue
        flush_grid()
        entries.append(_normalise(cells, source, number))
    flush_grid()
    return entries


def format_line(digits: str) -> str:
    return "".join("." if d in BLANKS else d for d in digits)


def format_grid(digits: str) -> str:
    """Nine lines, boxes separated by `|` and `------+-------+------`."""
    line = format_line(digits)
    out = []
    for r in range(9):
        if r in (3, 6):
            out.append("------+-------+------")
        row = line[9 * r:9 * r + 9]
        out.append(" | ".join(" ".join(row[c:c + 3]) for c in (0, 3, 6)))
    return "\n".join(out)
