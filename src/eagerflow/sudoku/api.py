"""One entry point over both solvers: puzzles as 81-char strings in, one `Result` per puzzle out."""
from dataclasses import dataclass
from typing import Callable, List, Optional

import eagerflow as tf

from . import backtrack, tensor_solver

__all__ = ["Result", "solve_puzzles", "SOLVERS", "MODES", "STATUSES"]

SOLVERS = ("tensor", "backtrack")
MODES = tensor_solver.MODES
STATUSES = ("solved", "no solution", "multiple", "invalid", "limit")
DEFAULT_COUNT_LIMIT = 1000
DEFAULT_NODE_LIMIT = {"tensor": 50_000, "backtrack": 100_000}


@dataclass
class Result:
    status: str                       # one of STATUSES
    solution: Optional[str] = None    # 81 digits, the first solution found
    solutions: int = 0                # solutions found (capped at the mode's stop count)
    nodes: int = 0
    time: float = 0.0                 # seconds
    reason: Optional[str] = None


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


def _solve_backtrack(puzzles, mode, limit, node_limit, time_limit, progress):
    out = []
    for p in puzzles:
        bt = backtrack.solve(_to_digits(p), _stop_at(mode, limit), node_limit, time_limit)
        first = bt.solutions[0] if bt.solutions else None
        count = len(bt.solutions)
        limited = bt.limited or (mode == "count" and count >= _stop_at(mode, limit))
        sol = None
        if first is not None:
            sol = "".join(str(d) for d in tf.reshape(first, [-1]).numpy())
        out.append(Result(_status(mode, count, limited), sol, count, bt.nodes, bt.time))
        if progress:
            progress(1)
    return out


def _encode(puzzles):
    """[B, 81] int32 digits of 81-char puzzles, through one flat list of character codes."""
    codes = tf.reshape(tf.constant(list("".join(puzzles).encode("ascii")), tf.int32), [-1, 81])
    return tf.where((codes >= ord("1")) & (codes <= ord("9")), codes - ord("0"), 0)


def _decode(solutions):
    """81-char strings of a [B, 81] digit tensor."""
    text = bytes(tf.cast(solutions + ord("0"), tf.uint8).numpy()).decode("ascii")
    return [text[k:k + 81] for k in range(0, len(text), 81)]


def _solve_tensor(puzzles, mode, limit, node_limit, time_limit, batch_size, progress):
    out = []
    for at in range(0, len(puzzles), batch_size):
        chunk = puzzles[at:at + batch_size]
        r = tensor_solver.solve_batch(_encode(chunk), mode=mode, limit=_stop_at(mode, limit),
                                      node_limit=node_limit, time_limit=time_limit)
        sols = _decode(r["solution"])
        counts, nodes = r["count"].numpy().tolist(), r["nodes"].numpy().tolist()
        times, limited = r["time"].numpy().tolist(), r["limited"].numpy().tolist()
        for k in range(len(chunk)):
            out.append(Result(_status(mode, counts[k], limited[k]),
                              sols[k] if counts[k] else None, counts[k], nodes[k], times[k]))
        if progress:
            progress(len(chunk))
    return out


def solve_puzzles(puzzles: List[str], solver="tensor", mode="first", limit=None,
                  node_limit=None, time_limit=None, batch_size=8192,
                  progress: Optional[Callable[[int], None]] = None) -> List[Result]:
    """Solve well-formed puzzles (81 chars, '0' or '.' blank).

    mode: "first", "unique" (stop at 2) or "count" (stop at `limit`, default 1000).
    node_limit / time_limit bound each puzzle's search (the tensor solver applies the time limit
    to each batch it runs); a puzzle that hits one ends with status "limit".
    """
    if solver not in SOLVERS:
        raise ValueError(f"solver must be one of {SOLVERS}, got {solver!r}")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    if node_limit is None:
        node_limit = DEFAULT_NODE_LIMIT[solver]
    if solver == "backtrack":
        results = _solve_backtrack(puzzles, mode, limit, node_limit, time_limit, progress)
    else:
        results = _solve_tensor(puzzles, mode, limit, node_limit, time_limit, batch_size, progress)
    return results
