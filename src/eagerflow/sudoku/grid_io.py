"""Reading and writing Sudoku puzzles: 81-character lines, 9-line grids and `puzzle,solution` CSV.

Parsing never raises on bad input: every puzzle becomes an `Entry`, and a malformed one carries
its line number and the reason in `error`, so the rest of a batch can still be solved.
"""
from dataclasses import dataclass
from typing import List, Optional

__all__ = ["Entry", "parse_text", "check_grid", "grid_problem", "format_line", "format_grid",
           "NOTEBOOK_PUZZLE"]

# The puzzle of the seed notebook (cell 33), row by row.
NOTEBOOK_PUZZLE = ("3.65.84.." "52......." ".87....31" "..3.1..8." "9..863..5"
                   ".5..9.6.." "13....25." ".......74" "..52.63..")

_BLANKS = ".0"
_DIGITS = "123456789"
_SEPARATORS = str.maketrans("", "", " \t|+-")


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
            if p not in "0." and p != s:
                return f"given {p} at row {cell // 9 + 1}, column {cell % 9 + 1} changed to {s}"
    return None


def _normalise(chars: str, source: str, line: int, is_grid=False, line_of=None) -> Entry:
    """Check 81 puzzle characters; `line_of(i)` gives the input line of character i."""
    line_of = line_of or (lambda i: line)
    if len(chars) != 81:
        return Entry(source, line, error=f"wrong length: {len(chars)} characters, expected 81",
                     is_grid=is_grid)
    for i, ch in enumerate(chars):
        if ch not in _DIGITS and ch not in _BLANKS:
            where = f"line {line_of(i)}, " if is_grid else ""
            return Entry(source, line, is_grid=is_grid,
                         error=f"bad character {ch!r} at {where}cell {i + 1}")
    digits = chars.replace(".", "0")
    problem = grid_problem(digits)
    if problem:
        return Entry(source, line, error=problem, is_grid=is_grid)
    return Entry(source, line, puzzle=digits, is_grid=is_grid)


def _csv_entry(text: str, source: str, line: int) -> Entry:
    fields = [f.strip() for f in text.split(",")]
    if len(fields) != 2:
        return Entry(source, line, error=f"expected 'puzzle,solution', got {len(fields)} fields")
    entry = _normalise(fields[0], source, line)
    if entry.error:
        return entry
    entry.given_solution = fields[1]
    return entry


def parse_text(text: str, source: str = "<stdin>") -> List[Entry]:
    """Every puzzle in `text`, in order. Skipped: blank lines, `#` comments, separator lines and
    CSV headers such as `quizzes,solutions`."""
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

    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if stripped.startswith("#"):
            continue                                  # a comment (as in the CLI's own output)
        if "," in stripped:
            flush_grid()
            head = stripped.split(",")[0].strip()
            if head and not any(ch in _DIGITS + _BLANKS for ch in head):
                continue                              # a CSV header such as "quizzes,solutions"
            entries.append(_csv_entry(stripped, source, number))
            continue
        cells = stripped.translate(_SEPARATORS)
        if not cells:
            continue                                  # blank line or a grid's separator line
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
    return "".join("." if d in "0." else d for d in digits)


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
