"""One entry point over both solvers: puzzles as 81-char strings in, one `Result` per puzzle out.

`iter_solve` yields the results batch by batch (in input order) as soon as each batch is done;
`solve_puzzles` returns them all at once.
"""
import time
from dataclasses import dataclass
from typing import Callable, Iterator, List, Optional

import eagerflow as tf

from . import backtrack, tensor_solver

__all__ = ["Result", "solve_puzzles", "iter_solve", "SOLVERS", "MODES", "STATUSES",
           "STOPPED_BY", "DEFAULT_COUNT_LIMIT", "DEFAULT_NODE_LIMIT"]

SOLVERS = ("tensor", "backtrack")
MODES = tensor_solver.MODES
STATUSES = ("solved", "no solution", "multiple", "invalid", "limit")
STOPPED_BY = ("nodes", "time", "count")     # which limit ended a search with status "limit"
DEFAULT_COUNT_LIMIT = 1000
# Search nodes per puzzle. The notebook's plain backtracking (first empty cell, digits 1-9 in
# turn) needs a median of 4,133 nodes on norvig_easy50 (at most 243,099) and of 251,080 on
# norvig_top95 (14 of its 95 puzzles need more than 5,000,000), at about 5,000-20,000 nodes a
# second. 20,000 solves 38 of easy50 (and 12 of top95) and gives up on a hopeless puzzle within
# a few seconds; 100,000 solved 33 of top95 and spent 6.5 minutes failing on the rest. The
# tensor solver needs at most a few thousand nodes on the hardest sets: its limit only stops
# runaway searches (an empty grid in count mode).
DEFAULT_NODE_LIMIT = {"tensor": 50_000, "backtrack": 20_000}


@dataclass
class Result:
    status: str                       # one of STATUSES
    solution: Optional[str] = None    # 81 digits, the first solution found
    solutions: int = 0                # solutions found (capped at the mode's stop count)
    nodes: int = 0
    time: Optional[float] = None      # seconds of this puzzle's own search (backtrack only: the
                                      # tensor solver searches a whole batch at once)
    reason: Optional[str] = None
    stopped_by: Optional[str] = None  # status "limit": "nodes", "time" or "count" (STOPPED_BY)
    batch: int = 0                    # which batch of the input it was solved in (0, 1, ...)
    batch_size: int = 1
    batch_time: float = 0.0           # seconds the whole batch took
    finished_after: Optional[float] = None  # tensor: seconds from the batch's start to the
                                            # last round in which this puzzle was still searched


def _status(mode, count, limited):
    if limited:
        return "limit"
    if count == 0:
        return "no solution"
    if count == 1 or mode == "first":
        return "solved"
    return "multiple"


def _stop_at(mode, limit):
    return {"first": 1, "unique": 2}.get(mode, limit or DEFAULT_COUNT_LIMIT)


def _to_digits(puzzle: str):
    return [int(ch) if ch in "123456789" else 0 for ch in puzzle]


def _iter_backtrack(puzzles, mode, limit, node_limit, time_limit):
    """One batch per puzzle: the notebook's search takes one puzzle at a time."""
    stop_at = _stop_at(mode, limit)
    for k, p in enumerate(puzzles):
        bt = backtrack.solve(_to_digits(p), stop_at, node_limit, time_limit)
        first = bt.solutions[0] if bt.solutions else None
        count = len(bt.solutions)
        stopped_by = bt.limited_by or ("count" if mode == "count" and count >= stop_at else None)
        sol = None
        if first is not None:
            sol = "".join(str(d) for d in tf.reshape(first, [-1]).numpy())
        yield [Result(_status(mode, count, stopped_by is not None), sol, count, bt.nodes, bt.time,
                      stopped_by=stopped_by, batch=k, batch_size=1, batch_time=bt.time,
                      finished_after=bt.time)]


def _encode(puzzles):
    """[B, 81] int32 digits of 81-char puzzles, through one flat list of character codes."""
    codes = tf.reshape(tf.constant(list("".join(puzzles).encode("ascii")), tf.int32), [-1, 81])
    return tf.where((codes >= ord("1")) & (codes <= ord("9")), codes - ord("0"), 0)


def _decode(solutions):
    """81-char strings of a [B, 81] digit tensor."""
    text = bytes(tf.cast(solutions + ord("0"), tf.uint8).numpy()).decode("ascii")
    return [text[k:k + 81] for k in range(0, len(text), 81)]


def _batches(n, batch_size, first_batch):
    """(start, stop) of each batch: `first_batch` puzzles, doubling up to `batch_size`."""
    at, size = 0, min(first_batch or batch_size, batch_size)
    while at < n:
        yield at, min(n, at + size)
        at += size
        size = min(2 * size, batch_size)


def _iter_tensor(puzzles, mode, limit, node_limit, time_limit, batch_size, first_batch):
    for k, (at, stop) in enumerate(_batches(len(puzzles), batch_size, first_batch)):
        chunk = puzzles[at:stop]
        start = time.perf_counter()
        r = tensor_solver.solve_batch(_encode(chunk), mode=mode, limit=_stop_at(mode, limit),
                                      node_limit=node_limit, time_limit=time_limit)
        sols = _decode(r["solution"])
        counts, nodes = r["count"].numpy().tolist(), r["nodes"].numpy().tolist()
        times, limited = r["time"].numpy().tolist(), r["limited"].numpy().tolist()
        by_nodes, by_time, by_count = (r[key].numpy().tolist()
                                       for key in ("node_limited", "timed_out", "count_reached"))
        batch_time = time.perf_counter() - start
        out = []
        for j in range(len(chunk)):
            stopped_by = ("time" if by_time[j] else "nodes" if by_nodes[j]
                          else "count" if by_count[j] else None)
            out.append(Result(_status(mode, counts[j], limited[j]),
                              sols[j] if counts[j] else None, counts[j], nodes[j], None,
                              stopped_by=stopped_by, batch=k, batch_size=len(chunk),
                              batch_time=batch_time, finished_after=times[j]))
        yield out


def _check(solver, mode):
    if solver not in SOLVERS:
        raise ValueError(f"solver must be one of {SOLVERS}, got {solver!r}")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")


def iter_solve(puzzles: List[str], solver="tensor", mode="first", limit=None, node_limit=None,
               time_limit=None, batch_size=8192, first_batch: Optional[int] = None,
               client=None, chunk_size: Optional[int] = None) -> Iterator[List[Result]]:
    """Solve well-formed puzzles batch by batch: yields each batch's results (a list, in input
    order) as soon as the batch is done. The backtracking solver's batches are single puzzles;
    the tensor solver's are `batch_size` puzzles, or, with `first_batch`, `first_batch` puzzles
    at first and twice as many each time after, up to `batch_size` (early results sooner).
    With a Dask `client`, chunks of `chunk_size` puzzles are solved on its workers (each chunk
    in batches as above, without `first_batch`) and still yielded in input order.
    Arguments as for `solve_puzzles`."""
    _check(solver, mode)
    if client is not None:
        from . import on_dask     # Dask is optional: only this path needs it
        options = dict(solver=solver, mode=mode, limit=limit, node_limit=node_limit,
                       time_limit=time_limit, batch_size=batch_size)
        return on_dask.iter_solve(client, puzzles, options, chunk_size)
    if node_limit is None:
        node_limit = DEFAULT_NODE_LIMIT[solver]
    if solver == "backtrack":
        return _iter_backtrack(puzzles, mode, limit, node_limit, time_limit)
    return _iter_tensor(puzzles, mode, limit, node_limit, time_limit, batch_size, first_batch)


def solve_puzzles(puzzles: List[str], solver="tensor", mode="first", limit=None,
                  node_limit=None, time_limit=None, batch_size=8192,
                  progress: Optional[Callable[[int], None]] = None, client=None,
                  chunk_size: Optional[int] = None) -> List[Result]:
    """Solve well-formed puzzles (81 chars, '0' or '.' blank).

    mode: "first", "unique" (stop at 2) or "count" (stop at `limit`, default 1000).
    node_limit / time_limit bound each puzzle's search (the tensor solver applies the time limit
    to each batch it runs); a puzzle that hits one ends with status "limit" and `stopped_by`
    "nodes" or "time". In "count" mode a puzzle that reaches `limit` solutions ends with status
    "limit" and `stopped_by` "count" (it has `limit` or more solutions).
    node_limit defaults to DEFAULT_NODE_LIMIT[solver].
    client: a Dask `distributed.Client`: the puzzles are solved on its workers in chunks of
    `chunk_size` (default: about 2,048, a multiple of the workers' threads in number); a chunk
    whose worker dies is solved again, and the results keep the input order.
    """
    results = []
    for batch in iter_solve(puzzles, solver, mode, limit, node_limit, time_limit, batch_size,
                            client=client, chunk_size=chunk_size):
        results += batch
        if progress:
            progress(len(batch))
    return results
