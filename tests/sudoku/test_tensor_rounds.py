"""The tensor solver's round structure: chunked, one-step and two-step rounds give one search."""
import pytest

from eagerflow.sudoku import api, tensor_solver

from .helpers import assert_solves, load


def _solve(puzzles, mode="first"):
    return [(r.status, r.solution, r.solutions) for r in api.solve_puzzles(puzzles, mode=mode)]


@pytest.mark.parametrize("mode", ["first", "unique"])
def test_chunked_and_one_step_rounds_find_the_same_solutions(monkeypatch, mode):
    puzzles = load("norvig_top95.txt", 30) + load("norvig_hardest.txt")
    plain = _solve(puzzles, mode)
    # Every round in chunks of 8 boards, one propagation step per round.
    monkeypatch.setattr(tensor_solver, "_CHUNK", 8)
    monkeypatch.setattr(tensor_solver, "_STEPS", 1)
    chunked = _solve(puzzles, mode)
    # Two steps in every round.
    monkeypatch.setattr(tensor_solver, "_CHUNK", 10**6)
    monkeypatch.setattr(tensor_solver, "_STEPS", 2)
    two_steps = _solve(puzzles, mode)
    assert plain == chunked == two_steps           # unique puzzles: one answer, however found
    for p, (status, solution, _) in zip(puzzles, plain):
        assert status == "solved"
        assert_solves(p, solution)


@pytest.mark.parametrize("steps", [1, 2])
def test_node_counts_do_not_depend_on_chunking(monkeypatch, steps):
    puzzles = load("norvig_top95.txt", 40)
    monkeypatch.setattr(tensor_solver, "_STEPS", steps)
    whole = [r.nodes for r in api.solve_puzzles(puzzles)]
    monkeypatch.setattr(tensor_solver, "_CHUNK", 5)
    assert [r.nodes for r in api.solve_puzzles(puzzles)] == whole


def test_node_limit_with_lazy_node_counts():
    # Node counts are folded in lazily; the limit must still stop each puzzle within a round.
    puzzles = load("norvig_top95.txt", 20)
    limit = sorted(r.nodes for r in api.solve_puzzles(puzzles))[10]
    results = api.solve_puzzles(puzzles, node_limit=limit)
    statuses = {r.status for r in results}
    assert statuses == {"solved", "limit"}
    for p, r in zip(puzzles, results):
        if r.status == "limit":
            assert limit <= r.nodes < limit + 4 * 256
        else:
            assert_solves(p, r.solution)
