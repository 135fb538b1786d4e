"""Sudoku solving speed: eagerflow's batched tensor solver beside two references, on one core.

    python benchmarks/bench_sudoku.py            # full run, median of 3 repeats
    python benchmarks/bench_sudoku.py --quick    # a short run on the first puzzles of each set

Solvers, each timed from 81-character puzzle strings to 81-character solution strings:
  tensor          eagerflow.sudoku's batched solver (first solution; "unique" stops at two)
  exact-cover     PyPI `exact-cover` (Algorithm X in C), when installed: the peer
  norvig-python   a Norvig-style propagation + search solver in plain Python (below)
Every solution is verified outside the timed region (rows, columns, boxes and givens). Sets come
from <repo>/../shared/sudoku.
"""
import argparse
import os
import pathlib
import statistics
import sys
import time

import numpy as np

REPO = pathlib.Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "sudoku"
sys.path.insert(0, str(REPO / "src"))

from eagerflow.sudoku import api  # noqa: E402

# (set, mode, goal in puzzles/s or None)
CASES = [
    ("tdoku_17_clue_sample10k", "first", 10_000),
    ("tdoku_17_clue_sample10k", "unique", None),     # goal: <= 2x the first-solution time
    ("tdoku_forum_hardest_1106", "first", 1_000),
    ("norvig_top95", "first", 3_000),
    ("tdoku_magictour_top1465", "first", 3_000),
    ("tdoku_forum_hardest_1905_11plus", "first", None),
]

ROWS = [[r * 9 + c for c in range(9)] for r in range(9)]
COLS = [[r * 9 + c for r in range(9)] for c in range(9)]
BOXES = [[(3 * (b // 3) + i) * 9 + 3 * (b % 3) + j for i in range(3) for j in range(3)]
         for b in range(9)]
UNITS = ROWS + COLS + BOXES


def verify(puzzles, solutions):
    """Number of solutions that are complete valid grids keeping their puzzle's givens."""
    p = np.frombuffer("".join(puzzles).encode(), np.uint8).reshape(-1, 81)
    s = np.frombuffer("".join(x or "0" * 81 for x in solutions).encode(), np.uint8)
    s = s.reshape(-1, 81)
    ok = np.all((p == ord(".")) | (p == ord("0")) | (p == s), axis=1)
    for unit in UNITS:
        ok &= np.all(np.sort(s[:, unit], axis=1) == np.arange(49, 58, dtype=np.uint8), axis=1)
    return int(ok.sum())


# ---- eagerflow ------------------------------------------------------------------------------

def solve_tensor(puzzles, mode="first"):
    return [r.solution for r in api.solve_puzzles(puzzles, mode=mode)]


# ---- exact-cover (C Algorithm X) ------------------------------------------------------------

def _exact_cover_rows():
    """729 candidate rows (cell, digit) x 324 constraints: cell, row-digit, col-digit, box-digit."""
    m = np.zeros((729, 324), np.int32)
    for cell in range(81):
        r, c = divmod(cell, 9)
        b = 3 * (r // 3) + c // 3
        for d in range(9):
            row = cell * 9 + d
            m[row, [cell, 81 + r * 9 + d, 162 + c * 9 + d, 243 + b * 9 + d]] = 1
    return m


def solve_exact_cover(puzzles):
    import exact_cover
    full = _exact_cover_rows()
    out = []
    for p in puzzles:
        rows = [cell * 9 + int(ch) - 1 if ch in "123456789" else cell * 9 + d
                for cell, ch in enumerate(p) for d in (range(1) if ch in "123456789" else range(9))]
        rows = np.array(rows)
        try:
            picked = rows[exact_cover.get_exact_cover(full[rows])]
        except exact_cover.error.NoSolution:
            out.append(None)
            continue
        sol = ["0"] * 81
        for row in picked:
            sol[row // 9] = str(row % 9 + 1)
        out.append("".join(sol))
    return out


# ---- Norvig-style propagation in plain Python -----------------------------------------------

PEERS = [sorted(set().union(*[u for u in UNITS if i in u]) - {i}) for i in range(81)]
UNITS_OF = [[u for u in UNITS if i in u] for i in range(81)]


def _assign(values, cell, d):
    return all(_eliminate(values, cell, o) for o in values[cell] if o != d)


def _eliminate(values, cell, d):
    if d not in values[cell]:
        return True
    values[cell] = values[cell].replace(d, "")
    if not values[cell]:
        return False
    if len(values[cell]) == 1:
        last = values[cell]
        if not all(_eliminate(values, p, last) for p in PEERS[cell]):
            return False
    for unit in UNITS_OF[cell]:
        places = [c for c in unit if d in values[c]]
        if not places:
            return False
        if len(places) == 1 and not _assign(values, places[0], d):
            return False
    return True


def _search(values):
    if values is None:
        return None
    if all(len(v) == 1 for v in values):
        return values
    _, cell = min((len(v), i) for i, v in enumerate(values) if len(v) > 1)
    for d in values[cell]:
        child = values[:]
        if _assign(child, cell, d):
            found = _search(child)
            if found:
                return found
    return None


def solve_norvig_one(p):
    values = ["123456789"] * 81
    for cell, ch in enumerate(p):
        if ch in "123456789" and not _assign(values, cell, ch):
            return None
    found = _search(values)
    return "".join(found) if found else None


def solve_norvig(puzzles):
    return [solve_norvig_one(p) for p in puzzles]


# ---- driver ---------------------------------------------------------------------------------

def load(name, n=None):
    with open(DATA / f"{name}.txt") as f:
        puzzles = [line.strip() for line in f if line.strip()]
    return puzzles[:n] if n else puzzles


def timed(fn, puzzles, repeats):
    times, sols = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        sols = fn(puzzles)
        times.append(time.perf_counter() - start)
    return statistics.median(times), sols


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="first 1,000 puzzles of each set, once")
    ap.add_argument("--repeats", type=int, default=None, help="runs per measurement (median)")
    ap.add_argument("--norvig-max", type=int, default=None,
                    help="puzzles per set for the slow plain-Python reference")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"puzzle data not found at {DATA}", file=sys.stderr)
        return 1
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})   # one core
    repeats = args.repeats or (1 if args.quick else 3)
    limit = 1000 if args.quick else None
    norvig_max = args.norvig_max or (100 if args.quick else 1000)
    try:
        import exact_cover  # noqa: F401
        have_ec = True
    except ImportError:
        have_ec = False
        print("exact-cover not installed (pip install exact-cover): no peer column",
              file=sys.stderr)

    rows = []
    solve_tensor(load("norvig_easy50"))                                # warm up
    for name, mode, goal in CASES:
        puzzles = load(name, limit)
        n = len(puzzles)
        secs, sols = timed(lambda ps: solve_tensor(ps, mode), puzzles, repeats)
        ok = verify(puzzles, sols)
        entry = {"set": name, "n": n, "mode": mode, "tensor": n / secs, "ok": ok, "goal": goal,
                 "secs": secs}
        if mode == "first" and have_ec:
            ec_puzzles = puzzles if args.quick or n <= 10_000 else puzzles[:10_000]
            ec_secs, ec_sols = timed(solve_exact_cover, ec_puzzles, 1 if n > 2000 else repeats)
            entry["exact-cover"] = len(ec_puzzles) / ec_secs
            entry["ec_ok"] = verify(ec_puzzles, ec_sols) == len(ec_puzzles)
        if mode == "first":
            nv = puzzles[:norvig_max]
            nv_secs, nv_sols = timed(solve_norvig, nv, 1)
            entry["norvig"] = len(nv) / nv_secs
            entry["nv_ok"] = verify(nv, nv_sols) == len(nv)
        rows.append(entry)
        print(f"  {name} ({mode}): {entry['tensor']:.0f}/s, {ok}/{n} verified", file=sys.stderr)

    first_17 = next(r for r in rows if r["set"] == CASES[0][0] and r["mode"] == "first")
    print(f"\n{'set':34} {'mode':7} {'n':>6}  {'solver':14} {'puzzles/s':>10} "
          f"{'vs exact-cover':>15}  {'verified':>9}  goal")
    for r in rows:
        ec = r.get("exact-cover")
        lines = [("tensor", r["tensor"], f"{r['ok']}/{r['n']}")]
        if ec:
            lines.append(("exact-cover", ec, "all" if r["ec_ok"] else "FAILED"))
        if "norvig" in r:
            lines.append(("norvig-python", r["norvig"], "all" if r["nv_ok"] else "FAILED"))
        for k, (solver, rate, verified) in enumerate(lines):
            ratio = f"{rate / ec:.2f}x" if ec else "-"
            goal = ""
            if solver == "tensor" and r["goal"]:
                goal = f">= {r['goal']:,}/s {'met' if rate >= r['goal'] else 'NOT met'}"
            if solver == "tensor" and r["mode"] == "unique":
                slow = r["secs"] / first_17["secs"] * first_17["n"] / r["n"]
                goal = f"<= 2x first-solution time: {slow:.2f}x {'met' if slow <= 2 else 'NOT met'}"
            label = (r["set"], r["mode"], str(r["n"])) if k == 0 else ("", "", "")
            print(f"{label[0]:34} {label[1]:7} {label[2]:>6}  {solver:14} {rate:10.0f} {ratio:>15}"
                  f"  {verified:>9}  {goal}")
    return 0 if all(r["ok"] == r["n"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
