"""The seed notebook's backtracking search, written on eagerflow tensors, for teaching.

The search is the notebook's: take the first empty cell in reading order, try the digits 1-9 in
turn, keep a digit when no cell of its row, column or box holds it, recurse, and undo on failure.
The board lives in a `tf.Variable`; the validity test is tensor ops. `nodes` counts calls of the
recursive step (770 on the notebook's puzzle), `checks` counts digits tested (6,732 there).
"""
import time

import eagerflow as tf

__all__ = ["Backtracker", "solve"]

_DIGITS = tf.range(1, 10, dtype=tf.int32)


class _Stop(Exception):
    """Unwinds the recursion once the search has what it needs (or hit a limit)."""


class Backtracker:
    """One search over one puzzle. `stop_at` solutions end it (1: first, 2: uniqueness)."""

    def __init__(self, stop_at=1, node_limit=None, time_limit=None):
        self.stop_at = stop_at
        self.node_limit = node_limit
        self.time_limit = time_limit
        self.nodes = 0
        self.checks = 0
        self.solutions = []
        self.limited = False
        self.limited_by = None          # "nodes" or "time" once a limit ended the search

    def allowed_digits(self, board, i, j):
        """[9] bool: digits 1-9 absent from the row, column and box of cell (i, j)."""
        r0, c0 = 3 * (i // 3), 3 * (j // 3)
        used = tf.concat([board[i, :], board[:, j],
                          tf.reshape(board[r0:r0 + 3, c0:c0 + 3], [-1])], 0)
        clash = tf.equal(tf.expand_dims(_DIGITS, 1), tf.expand_dims(used, 0))
        return tf.logical_not(tf.reduce_any(clash, 1))

    def step(self, board):
        """One call of the recursion: fill the first empty cell, or record a full board."""
        self.nodes += 1
        if self.node_limit is not None and self.nodes > self.node_limit:
            self.limited, self.limited_by = True, "nodes"
            raise _Stop
        if self.time_limit is not None and time.perf_counter() - self.start > self.time_limit:
            self.limited, self.limited_by = True, "time"
            raise _Stop
        empty = tf.where(tf.equal(board, 0))
        if empty.shape[0] == 0:
            self.solutions.append(tf.identity(board))
            if len(self.solutions) >= self.stop_at:
                raise _Stop
            return
        i, j = (int(k) for k in empty[0].numpy())
        allowed = self.allowed_digits(board, i, j).numpy()
        for d in range(1, 10):
            self.checks += 1
            if allowed[d - 1]:
                board[i, j].assign(d)
                self.step(board)
                board[i, j].assign(0)

    def run(self, digits):
        """Search from `digits` ([81] or [9, 9], 0 = blank); returns self."""
        board = tf.Variable(tf.reshape(tf.cast(tf.convert_to_tensor(digits), tf.int32), [9, 9]))
        self.start = time.perf_counter()
        try:
            self.step(board)
        except _Stop:
            pass
        self.time = time.perf_counter() - self.start
        return self


def solve(digits, stop_at=1, node_limit=None, time_limit=None):
    """First `stop_at` solutions of one puzzle by the notebook's search; returns the Backtracker."""
    return Backtracker(stop_at, node_limit, time_limit).run(digits)
