"""Both solvers' answers checked independently: constraints, givens, statuses and counts."""
import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from eagerflow.sudoku import api, backtrack
from eagerflow.sudoku.grid_io import NOTEBOOK_PUZZLE, grid_problem

from .helpers import (assert_solves, count_solutions, first_solution_nodes, load, load_shared,
                      make_unsolvable)

SMALL_SETS = ["norvig_easy50.txt", "norvig_top95.txt", "norvig_hardest.txt"]
LARGE_SETS = ["norvig_sudoku10k.txt", "royle_17clue_49151.txt", "tdoku_17_clue.txt",
              "tdoku_17_clue_sample10k.txt", "tdoku_magictour_top1465.txt",
              "tdoku_forum_hardest_1905_11plus.txt", "tdoku_forum_hardest_1106.txt"]
NOTEBOOK_SOLUTION = ("316578492529134768487629531263415987974863125851792643"
                     "138947256692351874745286319")
EMPTY = "." * 81
# Well formed (no repeated digit) but the first cell has no candidate left.
DEAD_CELL = ".12345678" + "9" + "." * 71


def digits(p):
    return [int(c) if c in "123456789" else 0 for c in p]


# ---- the notebook's backtracking search -------------------------------------------------------

def test_backtrack_matches_the_notebook_search():
    bt = backtrack.solve(digits(NOTEBOOK_PUZZLE))
    assert (bt.nodes, bt.checks, len(bt.solutions)) == (770, 6732, 1)
    got = "".join(str(d) for d in bt.solutions[0].numpy().reshape(-1))
    assert got == NOTEBOOK_SOLUTION
    assert_solves(NOTEBOOK_PUZZLE, got)


# (set, line index, nodes of the notebook's search): the puzzles of each set that plain
# backtracking finishes quickly, with node counts from an independent pure-Python count.
BACKTRACK_CASES = [("norvig_easy50.txt", 16, 58), ("norvig_easy50.txt", 7, 71),
                   ("norvig_easy50.txt", 15, 71), ("norvig_easy50.txt", 4, 77),
                   ("norvig_easy50.txt", 0, 201), ("norvig_top95.txt", 18, 297),
                   ("norvig_top95.txt", 89, 1834), ("norvig_hardest.txt", 7, 956)]


@pytest.mark.parametrize("name,index,nodes", BACKTRACK_CASES)
def test_backtrack_on_small_sets(name, index, nodes):
    puzzle = load(name)[index]
    (r,) = api.solve_puzzles([puzzle], solver="backtrack")
    (ref,) = api.solve_puzzles([puzzle])
    assert (r.status, r.nodes) == ("solved", nodes)
    assert_solves(puzzle, r.solution)
    assert r.solution == ref.solution               # these sets have unique solutions


@pytest.mark.slow_data
@pytest.mark.parametrize("name", SMALL_SETS)
def test_backtrack_on_whole_small_sets(name):
    # Plain backtracking needs up to millions of nodes here: with a node limit, exactly the
    # puzzles whose search fits (by an independent pure-Python count) must come back solved.
    limit = 250_000 if name == "norvig_easy50.txt" else 10_000
    puzzles = load(name)
    results = api.solve_puzzles(puzzles, solver="backtrack", node_limit=limit)
    for p, r in zip(puzzles, results):
        nodes = first_solution_nodes(p, limit)
        if nodes is None:
            assert r.status == "limit"
        else:
            assert (r.status, r.nodes) == ("solved", nodes)
            assert_solves(p, r.solution)


def test_backtrack_statuses():
    results = api.solve_puzzles([DEAD_CELL, NOTEBOOK_PUZZLE], solver="backtrack", mode="unique")
    assert [r.status for r in results] == ["no solution", "solved"]
    assert results[1].solutions == 1
    (r,) = api.solve_puzzles([EMPTY], solver="backtrack", mode="count", limit=5)
    assert (r.status, r.solutions) == ("limit", 5)
    (r,) = api.solve_puzzles([EMPTY], solver="backtrack", mode="unique")
    assert (r.status, r.solutions) == ("multiple", 2)


# ---- the batched tensor solver ----------------------------------------------------------------

@pytest.mark.parametrize("name", SMALL_SETS)
@pytest.mark.parametrize("mode", ["first", "unique"])
def test_tensor_solves_small_sets(name, mode):
    puzzles = load(name)
    results = api.solve_puzzles(puzzles, mode=mode)
    for p, r in zip(puzzles, results):
        assert (r.status, r.solutions) == ("solved", 1), p
        assert_solves(p, r.solution)
        assert r.nodes >= 1 and r.time is None and 0 <= r.finished_after <= r.batch_time


@pytest.mark.slow_data
@pytest.mark.parametrize("name", LARGE_SETS)
def test_tensor_solves_large_sets(name):
    puzzles = load_shared(name)
    results = api.solve_puzzles(puzzles)
    for p, r in zip(puzzles, results):
        assert r.status == "solved", p
        assert_solves(p, r.solution)


def test_uniqueness_and_counting_on_serg_sample():
    puzzles = load("tdoku_serg_benchmark_first100.txt", 60)
    for r, p in zip(api.solve_puzzles(puzzles, mode="unique"), puzzles):
        assert (r.status, r.solutions) == ("multiple", 2)
        assert_solves(p, r.solution)
    first = api.solve_puzzles(puzzles)
    assert all(r.status == "solved" for r in first)
    counts = api.solve_puzzles(puzzles, mode="count", limit=10_000)
    assert all(r.status == "multiple" and r.solutions >= 2 for r in counts)
    capped = api.solve_puzzles(puzzles, mode="count", limit=2)
    assert all((r.status, r.solutions) == ("limit", 2) for r in capped)


def test_counts_agree_with_an_independent_count():
    # The notebook's solution with 50 cells blanked: 10 solutions, 1148 nodes of plain search
    # (both counted by the pure-Python reference in helpers.py).
    loose = ("3.6...4..5.9.34..8....2...12.3...9...74863..5...7...431.8......6....."
             "8.4.4..8.31.")
    assert count_solutions(loose) == (10, 1148)
    (t,) = api.solve_puzzles([loose], mode="count", limit=100)
    (b,) = api.solve_puzzles([loose], solver="backtrack", mode="count", limit=100)
    assert (t.status, t.solutions) == (b.status, b.solutions) == ("multiple", 10)
    assert b.nodes == 1148
    for p in load("tdoku_serg_benchmark_first100.txt", 3):
        (t,) = api.solve_puzzles([p], mode="count", limit=10_000)
        assert t.solutions == count_solutions(p)[0]


@pytest.mark.slow_data
def test_uniqueness_on_full_serg_set():
    puzzles = load_shared("tdoku_serg_benchmark.txt")
    results = api.solve_puzzles(puzzles, mode="unique")
    assert all(r.status == "multiple" for r in results)


def test_count_mode_on_unique_sets():
    puzzles = load("norvig_hardest.txt") + load("norvig_top95.txt", 20)
    for r in api.solve_puzzles(puzzles, mode="count", limit=50):
        assert (r.status, r.solutions) == ("solved", 1)


def test_unsolvable_puzzles_report_no_solution():
    puzzles = load("norvig_top95.txt", 15) + load("norvig_hardest.txt")
    solved = api.solve_puzzles(puzzles)
    spoiled = [make_unsolvable(p, r.solution) for p, r in zip(puzzles, solved)]
    assert all(grid_problem(p.replace(".", "0")) is None for p in spoiled)
    for mode in ("first", "unique", "count"):
        results = api.solve_puzzles(spoiled + [DEAD_CELL], mode=mode)
        assert all((r.status, r.solution) == ("no solution", None) for r in results)


def test_empty_grid_is_bounded():
    start = time.perf_counter()
    first, unique, counted = (api.solve_puzzles([EMPTY], mode=m, limit=10**9)[0]
                              for m in ("first", "unique", "count"))
    assert first.status == "solved"
    assert_solves(EMPTY, first.solution)
    assert (unique.status, unique.solutions) == ("multiple", 2)
    assert counted.status == "limit"
    (r,) = api.solve_puzzles([EMPTY], mode="count", node_limit=500)
    assert r.status == "limit" and r.nodes < 500 + 4 * 256   # overshoot: one round at most
    assert time.perf_counter() - start < 60


def test_empty_grid_beside_real_puzzles_does_not_flood_the_batch():
    puzzles = load("norvig_top95.txt")
    results = api.solve_puzzles(puzzles + [EMPTY], mode="unique")
    assert (results[-1].status, results[-1].solutions) == ("multiple", 2)
    assert all(r.status == "solved" for r in results[:-1])


def test_time_limit_stops_the_batch():
    (r,) = api.solve_puzzles([EMPTY], mode="count", limit=10**9, node_limit=10**9,
                             time_limit=0.2)
    assert r.status == "limit"


def test_mixed_batch_keeps_input_order():
    puzzles = load("norvig_top95.txt", 10)
    batch = [EMPTY, DEAD_CELL] + puzzles + [NOTEBOOK_PUZZLE]
    results = api.solve_puzzles(batch, mode="unique", batch_size=4)
    assert [r.status for r in results] == ["multiple", "no solution"] + ["solved"] * 11
    for p, r in zip(batch[2:], results[2:]):
        assert_solves(p, r.solution)


# ---- fuzzing ----------------------------------------------------------------------------------

SOLVED = NOTEBOOK_SOLUTION


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.booleans(), min_size=81, max_size=81))
def test_fuzz_subsets_of_a_solution_always_solve(keep):
    puzzle = "".join(s if k else "." for s, k in zip(SOLVED, keep))
    (r,) = api.solve_puzzles([puzzle], mode="unique", node_limit=20_000)
    assert r.status in ("solved", "multiple", "limit")
    if r.solution is not None:
        assert_solves(puzzle, r.solution)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from("123456789" + "." * 18), min_size=81, max_size=81))
def test_fuzz_random_grids_never_crash(cells):
    puzzle = "".join(cells)
    if grid_problem(puzzle.replace(".", "0")) is not None:
        return
    (r,) = api.solve_puzzles([puzzle], mode="unique", node_limit=20_000, time_limit=10)
    assert r.status in api.STATUSES
    if r.solution is not None:
        assert_solves(puzzle, r.solution)
