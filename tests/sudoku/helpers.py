"""Test helpers: the puzzle data, and independent checks of solver output (plain Python)."""
import os
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = REPO / "tests" / "data" / "sudoku"       # small samples, in the repository
DATA = REPO.parent / "shared" / "sudoku"           # the large sets, for the slow_data tests

ROWS = [[r * 9 + c for c in range(9)] for r in range(9)]
COLS = [[r * 9 + c for r in range(9)] for c in range(9)]
BOXES = [[(3 * (b // 3) + i) * 9 + 3 * (b % 3) + j for i in range(3) for j in range(3)]
         for b in range(9)]


def assert_solves(puzzle, solution):
    """Every row, column and box a permutation of 1-9, and every given kept."""
    assert solution is not None and len(solution) == 81, solution
    for unit in ROWS + COLS + BOXES:
        assert sorted(solution[c] for c in unit) == list("123456789"), (puzzle, solution)
    for p, s in zip(puzzle, solution):
        assert p in ".0" or p == s, (puzzle, solution)


def count_solutions(puzzle):
    """(solutions, nodes) of the full plain backtracking search, in pure Python."""
    g = [int(c) if c in "123456789" else 0 for c in puzzle]
    peers = [sorted((set(ROWS[i // 9]) | set(COLS[i % 9])
                     | set(BOXES[3 * (i // 27) + (i % 9) // 3])) - {i}) for i in range(81)]
    found = nodes = 0

    def step():
        nonlocal found, nodes
        nodes += 1
        if 0 not in g:
            found += 1
            return
        i = g.index(0)
        used = {g[k] for k in peers[i]}
        for d in range(1, 10):
            if d not in used:
                g[i] = d
                step()
                g[i] = 0

    step()
    return found, nodes


def first_solution_nodes(puzzle, limit):
    """Nodes of plain backtracking up to its first solution, or None past `limit` nodes."""
    g = [int(c) if c in "123456789" else 0 for c in puzzle]
    peers = [sorted((set(ROWS[i // 9]) | set(COLS[i % 9])
                     | set(BOXES[3 * (i // 27) + (i % 9) // 3])) - {i}) for i in range(81)]
    nodes = 0

    def step():
        nonlocal nodes
        nodes += 1
        if nodes > limit:
            raise OverflowError
        if 0 not in g:
            return True
        i = g.index(0)
        used = {g[k] for k in peers[i]}
        for d in range(1, 10):
            if d not in used:
                g[i] = d
                if step():
                    return True
                g[i] = 0
        return False

    try:
        step()
    except OverflowError:
        return None
    return nodes


def make_unsolvable(puzzle, solution):
    """Add one given that differs from the unique solution without repeating a digit."""
    for cell, p in enumerate(puzzle):
        if p not in ".0":
            continue
        r, c = divmod(cell, 9)
        peers = set(ROWS[r]) | set(COLS[c]) | set(BOXES[3 * (r // 3) + c // 3])
        used = {puzzle[k] for k in peers}
        for d in "123456789":
            if d != solution[cell] and d not in used:
                return puzzle[:cell] + d + puzzle[cell + 1:]
    raise AssertionError("no cell to spoil")


def _read(path, n):
    with open(path) as f:
        puzzles = [line.strip() for line in f if line.strip()]
    return puzzles[:n] if n else puzzles


def load(name, n=None):
    """The first `n` puzzles of a sample in tests/data/sudoku (81-char strings)."""
    return _read(SAMPLES / name, n)


def load_shared(name, n=None):
    """The first `n` puzzles of a large set in ../shared/sudoku, or skip when it is absent
    (only the tests marked slow_data read these)."""
    path = DATA / name
    if not path.exists():
        pytest.skip(f"puzzle data not found at {path}")
    return _read(path, n)


def cli_env():
    """Environment for `python -m eagerflow.sudoku` that imports this checkout's eagerflow."""
    import eagerflow
    src = os.path.dirname(os.path.dirname(os.path.abspath(eagerflow.__file__)))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([src] + [p for p in [env.get("PYTHONPATH")] if p])
    return env
