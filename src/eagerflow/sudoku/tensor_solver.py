"""The batched Sudoku solver: a whole batch of boards searched at once with eagerflow ops.

Each board is 81 candidate bitmasks (bit d-1 set when digit d is still possible). Boards are
stored column-wise, ``cand[cell, board]`` with shape [81, N] and dtype int16, so that every
gather over cells copies whole rows and every step is a handful of long vector ops.

One round of propagation, applied to all live boards together:

* naked singles: a cell with one candidate removes that digit from its 20 peers;
* hidden singles: a digit that fits only one cell of a row, column or box goes there;
* locked candidates: a digit confined to one box-line segment (pointing / claiming) is
  removed from the rest of the line or box;
* contradictions (an empty cell, a digit missing from a unit, two equal singles in a unit)
  kill the board; a board whose cells are all single and conflict-free is a solution.

A board that a round leaves unchanged is split in two on a minimum-remaining-values cell
(lowest candidate ``d``: one child with the cell set to ``d``, one with ``d`` removed). Live
boards beyond ``max_boards`` (or beyond 256 of one puzzle) wait on a stack
and the newest go on, so memory stays bounded and the search runs close to depth first. A
puzzle stops as soon as it has enough solutions for the mode, or reaches its node or time limit.
"""
import time

import eagerflow as tf

__all__ = ["solve_batch", "MODES"]

MODES = ("first", "unique", "count")

_DT = tf.int16
_FULL = 511
_BOARDS_PER_PUZZLE = 256    # live boards one puzzle may keep; the rest wait on the stack
_DOUBLE_BRANCH_BELOW = 512  # children below which two cells are guessed in one round


def _unit_table():
    """Cells of the 27 units (rows, columns, boxes) and, for each cell, its three units."""
    units = [[r * 9 + c for c in range(9)] for r in range(9)]
    units += [[r * 9 + c for r in range(9)] for c in range(9)]
    units += [[(3 * (b // 3) + i) * 9 + 3 * (b % 3) + j for i in range(3) for j in range(3)]
              for b in range(9)]
    cell_units = [[0, 0, 0] for _ in range(81)]
    for u, cells in enumerate(units):
        for cell in cells:
            cell_units[cell][u // 9] = u
    return units, cell_units


_UNITS, _CELL_UNITS = _unit_table()
# [9, 27]: position-in-unit major, so a gather gives [9, 27, N] and halves slice cleanly.
_UNITS_T = tf.constant([[_UNITS[u][k] for u in range(27)] for k in range(9)], tf.int32)
_UNITS_AND_SINGLES = tf.concat([_UNITS_T, _UNITS_T + 81], 1)                 # [9, 54]
_ROW_OF = tf.constant([cu[0] for cu in _CELL_UNITS], tf.int32)
_COL_OF = tf.constant([cu[1] for cu in _CELL_UNITS], tf.int32)
_BOX_OF = tf.constant([cu[2] for cu in _CELL_UNITS], tf.int32)
_POPCOUNT = [bin(i).count("1") for i in range(512)]
_OPEN_COUNT = tf.constant([c if c > 1 else 0 for c in _POPCOUNT], _DT)
_COUNT_RANK = tf.constant([c * 1024 if c > 1 else 32000 for c in _POPCOUNT], _DT)
_DIGIT_OF_BIT = tf.constant([(i.bit_length() if i & (i - 1) == 0 else 0) for i in range(512)],
                            tf.int32)
_CELL_IDS = tf.reshape(tf.range(81, dtype=tf.int32), [81, 1])
_ROT1 = tf.constant([1, 2, 0], tf.int32)
_ROT2 = tf.constant([2, 0, 1], tf.int32)


def _as_mask(b):
    """bool -> int16 all-ones / zero, so selections become bitwise ands (no tf.where)."""
    return -tf.cast(b, _DT)


def _seen_once_twice(x):
    """x: [9, U, N] masks -> (digits seen at least once, at least twice) over axis 0, [U, N]."""
    ones, twos = x[:4] | x[4:8], x[:4] & x[4:8]
    ones, twos = ones[:2] | ones[2:], twos[:2] | twos[2:] | (ones[:2] & ones[2:])
    ones, twos = ones[0] | ones[1], twos[0] | twos[1] | (ones[0] & ones[1])
    last = x[8]
    return ones | last, twos | (ones & last)


def _twice_of_three(a, b, c):
    return (a & b) | (c & (a | b))


def _locked_eliminations(cand, n):
    """Pointing and claiming eliminations for both line directions, as an [81, N] mask."""
    tri = tf.reshape(cand, [27, 3, n])
    row_seg = tf.reshape(tri[:, 0] | tri[:, 1] | tri[:, 2], [3, 3, 3, n])   # [band, row, stack]
    grid = tf.reshape(cand, [3, 3, 9, n])
    col_seg = tf.reshape(grid[:, 0] | grid[:, 1] | grid[:, 2], [3, 3, 3, n])  # [band, stack, col]
    col_seg = tf.transpose(col_seg, [1, 2, 0, 3])                           # [stack, col, band]
    # seg[dir, a, i, k]: line i of block-line a, restricted to box k of that block-line.
    seg = tf.stack([row_seg, col_seg])
    twice_in_line = _twice_of_three(seg[:, :, :, 0], seg[:, :, :, 1], seg[:, :, :, 2])
    only_in_this_box = seg & ~tf.expand_dims(twice_in_line, 3)           # claiming
    twice_in_box = _twice_of_three(seg[:, :, 0], seg[:, :, 1], seg[:, :, 2])
    only_on_this_line = seg & ~tf.expand_dims(twice_in_box, 2)           # pointing
    out = (tf.gather(only_in_this_box, _ROT1, axis=2) | tf.gather(only_in_this_box, _ROT2, axis=2)
           | tf.gather(only_on_this_line, _ROT1, axis=3)
           | tf.gather(only_on_this_line, _ROT2, axis=3))
    rows = tf.reshape(tf.broadcast_to(tf.reshape(out[0], [27, 1, n]), [27, 3, n]), [81, n])
    cols = tf.transpose(out[1], [2, 0, 1, 3])                               # [band, stack, col]
    cols = tf.reshape(tf.broadcast_to(tf.reshape(cols, [3, 1, 9, n]), [3, 3, 9, n]), [81, n])
    return rows | cols


def _propagate(cand):
    """One round on [81, N] boards -> (new boards, solved, dead, changed); flags are [N] bool."""
    n = cand.shape[1]
    multi = (cand & (cand - 1)) != 0
    multi_mask = _as_mask(multi)
    # Units of the candidates and, beside them, units of the singles: [9, 54, N].
    by_unit = tf.gather(tf.concat([cand, cand & ~multi_mask], 0), _UNITS_AND_SINGLES, axis=0)
    ones, twos = _seen_once_twice(by_unit)
    placed, clash, seen, seen_twice = ones[27:], twos[27:], ones[:27], twos[:27]
    dead = tf.reduce_any((clash != 0) | (seen != _FULL), 0)
    solved = tf.logical_not(tf.reduce_any(multi, 0))

    def spread(u):                                    # [27, N] per unit -> [81, N] per cell
        return (tf.gather(u, _ROW_OF, axis=0) | tf.gather(u, _COL_OF, axis=0)
                | tf.gather(u, _BOX_OF, axis=0))

    elim = spread(placed) | _locked_eliminations(cand, n)
    reduced = cand & ~(elim & multi_mask)
    hidden = reduced & spread(seen & ~seen_twice)
    new = reduced & (~_as_mask(hidden != 0) | hidden)
    dead = dead | tf.reduce_any(tf.equal(new, 0) | ((hidden & (hidden - 1)) != 0), 0)
    solved = solved & tf.logical_not(dead)
    changed = tf.reduce_any(tf.not_equal(new, cand), 0)
    return new, solved, dead, changed


def _branch(cand):
    """Split each [81, M] board on one cell -> [81, 2M] (first M: lowest digit placed).

    The cell has the fewest candidates; ties go to the cell whose peers hold the most
    candidates, which about halves the search on hard puzzles.
    """
    index = tf.cast(cand, tf.int32)
    open_count = tf.gather(_OPEN_COUNT, index)              # candidates, 0 for a single
    per_unit = tf.reduce_sum(tf.gather(open_count, _UNITS_T, axis=0), 0)      # [27, M]
    m = cand.shape[1]
    # Row + column + box counts the cells shared by a line and the box twice: take those off.
    in_box_row = tf.reduce_sum(tf.reshape(open_count, [27, 3, m]), 1, keepdims=True)
    in_box_col = tf.reduce_sum(tf.reshape(open_count, [3, 3, 9, m]), 1, keepdims=True)
    peer_load = (tf.gather(per_unit, _ROW_OF, axis=0) + tf.gather(per_unit, _COL_OF, axis=0)
                 + tf.gather(per_unit, _BOX_OF, axis=0)
                 - tf.reshape(tf.broadcast_to(in_box_row, [27, 3, m]), [81, m])
                 - tf.reshape(tf.broadcast_to(in_box_col, [3, 3, 9, m]), [81, m]))
    score = tf.gather(_COUNT_RANK, index) - peer_load
    cell = tf.argmin(score, axis=0, output_type=tf.int32)
    at_cell = _as_mask(tf.equal(_CELL_IDS, cell))                            # [81, M]
    value = tf.reduce_sum(cand & at_cell, 0)
    low = value & -value
    place = cand & (~at_cell | low)
    remove = cand & ~(at_cell & low)
    return tf.concat([place, remove], 1)


def _count_true(b):
    return int(tf.reduce_sum(tf.cast(b, tf.int32)))


def _indices(b):
    return tf.reshape(tf.where(b), [-1])


def _record(solution, count, cand, solved, owner):
    """Keep each puzzle's first solution and count them all -> (solution, count)."""
    at = _indices(solved)
    who = tf.gather(owner, at)
    first = tf.equal(tf.gather(count, who), 0)
    solution = tf.tensor_scatter_nd_update(
        solution, tf.expand_dims(tf.boolean_mask(who, first), 1),
        tf.transpose(tf.boolean_mask(tf.gather(cand, at, axis=1), first, axis=1)))
    return solution, tf.tensor_scatter_nd_add(count, tf.expand_dims(who, 1), tf.ones_like(who))


def _over_width(owner, b):
    """[n] bool marking each puzzle's live boards beyond its newest _BOARDS_PER_PUZZLE, or None if
    there are none, so that a puzzle with a huge tree (an empty grid) searches narrow and deep
    instead of flooding the batch."""
    n = owner.shape[0]
    per_puzzle = tf.tensor_scatter_nd_add(tf.zeros([b], tf.int32), tf.expand_dims(owner, 1),
                                          tf.ones_like(owner))
    if int(tf.reduce_max(per_puzzle)) <= _BOARDS_PER_PUZZLE:
        return None
    position = tf.range(n, dtype=tf.int64)
    key = tf.cast(owner, tf.int64) * n + (n - 1 - position)      # by puzzle, newest first
    order = tf.argsort(key, stable=True)
    by_puzzle = tf.gather(owner, order)
    rank = tf.range(n, dtype=tf.int32) - tf.searchsorted(by_puzzle, by_puzzle, side="left")
    rank = tf.tensor_scatter_nd_update(tf.zeros([n], tf.int32), tf.expand_dims(order, 1), rank)
    return rank >= _BOARDS_PER_PUZZLE


def _park(cand, owner, pending, parked):
    """Move the boards marked `parked` onto the `pending` stack; returns the rest."""
    pending.append((tf.boolean_mask(cand, parked, axis=1), tf.boolean_mask(owner, parked)))
    stay = tf.logical_not(parked)
    return tf.boolean_mask(cand, stay, axis=1), tf.boolean_mask(owner, stay)


def solve_batch(digits, mode="first", limit=None, node_limit=50_000, time_limit=None,
                max_boards=8192):
    """Solve a batch of puzzles.

    digits: int tensor or nested list [B, 81], 0 for blanks (puzzles must be well formed).
    mode: "first" (stop at one solution), "unique" (stop at two), "count" (stop at `limit`).
    Returns a dict of tensors: "solution" [B, 81] int32 digits (zeros where none was found),
    "count" [B] solutions found, "nodes" [B] search-tree nodes, "time" [B] float64 seconds from
    the batch's start to the puzzle's last live board, "limited" [B] bool (stopped by the node or
    time limit, or by the count limit in "count" mode, before the search was complete).
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    stop_at = {"first": 1, "unique": 2}.get(mode, limit if limit is not None else 1000)
    start = time.perf_counter()
    digits = tf.cast(tf.reshape(tf.convert_to_tensor(digits), [-1, 81]), tf.int32)
    b = digits.shape[0]
    bits = tf.bitwise.left_shift(tf.ones_like(digits), tf.maximum(digits - 1, 0))
    cand = tf.transpose(tf.cast(tf.where(digits > 0, bits, _FULL), _DT))
    owner = tf.range(b, dtype=tf.int32)
    solution = tf.zeros([b, 81], _DT)
    count = tf.zeros([b], tf.int32)
    nodes = tf.ones([b], tf.int32)
    last_live = tf.zeros([b], tf.float64)
    timed_out = tf.zeros([b], tf.bool)
    pending = []
    while True:
        if cand.shape[1] == 0:
            if not pending:
                break
            cand, owner = pending.pop()
        new, solved, dead, changed = _propagate(cand)
        last_live = tf.tensor_scatter_nd_update(
            last_live, tf.expand_dims(owner, 1),
            tf.fill([owner.shape[0]], tf.constant(time.perf_counter() - start, tf.float64)))
        if _count_true(solved):
            solution, count = _record(solution, count, cand, solved, owner)
        done = (count >= stop_at) | (nodes >= node_limit)
        if time_limit is not None and time.perf_counter() - start > time_limit:
            cut = tf.concat([owner] + [o for _, o in pending], 0)
            timed_out = tf.tensor_scatter_nd_update(
                timed_out, tf.expand_dims(cut, 1), tf.ones_like(cut, tf.bool)) & (count < stop_at)
            done, pending = tf.ones_like(done), []
        live = tf.logical_not(solved | dead | tf.gather(done, owner))
        stalled = live & tf.logical_not(changed)
        going = live & changed
        n_stalled = _count_true(stalled)
        if n_stalled:
            at = _indices(stalled)
            who = tf.gather(owner, at)
            children = _branch(tf.gather(new, at, axis=1))
            new_nodes = 2
            if n_stalled * 4 <= _DOUBLE_BRANCH_BELOW:
                # Few boards: a round costs about the same at any width, so guess two cells at
                # once and save rounds (2 + 4 nodes, counted 3 for each half).
                children, new_nodes = _branch(children), 3
                who = tf.concat([who, who], 0)
            nodes = tf.tensor_scatter_nd_add(nodes, tf.expand_dims(who, 1),
                                             new_nodes * tf.ones_like(who))
            keep = _indices(going)
            cand = tf.concat([tf.gather(new, keep, axis=1), children], 1)
            owner = tf.concat([tf.gather(owner, keep), who, who], 0)
        elif _count_true(going) < cand.shape[1]:
            keep = _indices(going)
            cand, owner = tf.gather(new, keep, axis=1), tf.gather(owner, keep)
        else:
            cand = new
        if cand.shape[1] > _BOARDS_PER_PUZZLE:
            over = _over_width(owner, b)
            if over is not None:
                cand, owner = _park(cand, owner, pending, over)
        extra = cand.shape[1] - max_boards
        if extra > 0:                       # park the oldest boards; the newest go on deeper
            pending.append((cand[:, :extra], owner[:extra]))
            cand, owner = cand[:, extra:], owner[extra:]
    stopped = (count >= stop_at) if mode == "count" else tf.zeros([b], tf.bool)
    limited = ((count < stop_at) & (nodes >= node_limit)) | timed_out
    return {
        "solution": tf.gather(_DIGIT_OF_BIT, tf.cast(solution, tf.int32)),
        "count": tf.minimum(count, stop_at),
        "nodes": nodes,
        "time": last_live,
        "limited": limited | stopped,
    }
