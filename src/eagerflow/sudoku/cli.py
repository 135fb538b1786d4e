"""The `eagerflow-sudoku` command (also `python -m eagerflow.sudoku`).

Exit status: 0 when every puzzle was solved as asked, 1 when some puzzle was malformed, had no
solution, hit a limit, was not unique in `--mode unique`, or failed a check; 2 on usage errors.
"""
import argparse
import json
import sys
import time

from . import api
from .grid_io import NOTEBOOK_PUZZLE, Entry, check_grid, format_grid, format_line, parse_text

PROGRESS_MIN = 1000


def _parser():
    p = argparse.ArgumentParser(
        prog="eagerflow-sudoku",
        description="Solve Sudoku puzzles with eagerflow tensors. Reads 81-character lines "
                    "('.' or '0' for blanks), 9-line grids or 'puzzle,solution' CSV from FILES "
                    "or stdin ('-'). With no input, solves the seed notebook's puzzle.")
    p.add_argument("files", nargs="*", metavar="FILE", help="puzzle files; '-' is stdin")
    p.add_argument("--solver", choices=api.SOLVERS, default="tensor",
                   help="tensor: batched propagation and search (default); backtrack: the "
                        "notebook's search, one puzzle at a time")
    p.add_argument("--mode", choices=api.MODES, default="first",
                   help="first solution (default), unique (stop at 2), count (up to --limit)")
    p.add_argument("--limit", type=int, default=api.DEFAULT_COUNT_LIMIT,
                   help="solutions to count in --mode count (default %(default)s)")
    p.add_argument("--node-limit", type=int, default=None,
                   help="search nodes per puzzle before giving up with status 'limit'")
    p.add_argument("--time-limit", type=float, default=None,
                   help="seconds per puzzle (per batch for the tensor solver)")
    p.add_argument("--format", choices=("line", "grid"), default=None,
                   help="solution layout (default: grid for grid input, else line)")
    p.add_argument("--json", action="store_true", help="print one JSON document instead")
    p.add_argument("--verify", action="store_true", help="re-check every grid before printing")
    p.add_argument("--batch-size", type=int, default=8192, help="puzzles per tensor batch")
    p.add_argument("--quiet", action="store_true", help="no summary or progress on stderr")
    return p


def _read_entries(files, parser):
    entries = []
    for name in files:
        if name == "-":
            entries += parse_text(sys.stdin.read(), "<stdin>")
            continue
        try:
            with open(name, encoding="utf-8", errors="replace") as f:
                entries += parse_text(f.read(), name)
        except OSError as e:
            parser.exit(2, f"eagerflow-sudoku: cannot read {name}: {e.strerror}\n")
    return entries


def _default_entries():
    """No files: stdin when something is piped in, else the notebook's puzzle."""
    if sys.stdin is not None and not sys.stdin.isatty():
        entries = parse_text(sys.stdin.read(), "<stdin>")
        if entries:
            return entries
    return [Entry("<notebook>", 1, puzzle=NOTEBOOK_PUZZLE.replace(".", "0"), is_grid=True)]


def _progress_bar(total, quiet):
    if quiet or total <= PROGRESS_MIN or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, file=sys.stderr, unit="puzzle")


def _is_failure(record, mode):
    return (record["status"] in ("invalid", "no solution", "limit")
            or (mode == "unique" and record["status"] == "multiple")
            or str(record.get("given_solution", "")).startswith("invalid")
            or record.get("verified") is False)


def _message(record):
    """What went wrong with one puzzle, for stderr and the '#' lines of stdout."""
    if record["status"] == "invalid":
        return f"invalid: {record['reason']}"
    if str(record.get("given_solution", "")).startswith("invalid"):
        return f"given solution {record['given_solution']}"
    if record.get("verified") is False:
        return record["reason"]
    return {"limit": "limit reached", "multiple": "more than one solution"}.get(
        record["status"], record["status"])


def main(argv=None) -> int:
    """The ``eagerflow-sudoku`` command; returns the exit status."""
    try:
        return _main(argv)
    except BrokenPipeError:
        # the reader went away (``eagerflow-sudoku big.txt | head``): stop quietly, like Unix tools
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _main(argv):
    parser = _parser()
    args = parser.parse_args(argv)
    node_limit = 1 if args.node_limit is None else args.node_limit
    if min(args.limit, args.batch_size, node_limit) < 1:
        parser.error("--limit, --node-limit and --batch-size must be positive")
    entries = _read_entries(args.files, parser) if args.files else _default_entries()
    fmt = args.format or ("grid" if entries and all(e.is_grid for e in entries) else "line")

    good = [e for e in entries if e.error is None]
    bar = _progress_bar(len(good), args.quiet)
    start = time.perf_counter()
    results = api.solve_puzzles([e.puzzle for e in good], solver=args.solver, mode=args.mode,
                                limit=args.limit, node_limit=args.node_limit,
                                time_limit=args.time_limit, batch_size=args.batch_size,
                                progress=bar.update if bar else None)
    elapsed = time.perf_counter() - start
    if bar:
        bar.close()

    records, solved_iter = [], iter(results)
    for index, e in enumerate(entries):
        rec = {"index": index, "source": e.source, "line": e.line,
               "puzzle": format_line(e.puzzle) if e.puzzle else None}
        if e.error:
            rec.update(status="invalid", reason=e.error, solution=None, solutions=0, nodes=0,
                       time=0.0)
        else:
            r = next(solved_iter)
            rec.update(status=r.status, reason=r.reason, solution=r.solution,
                       solutions=r.solutions, nodes=r.nodes, time=round(r.time, 6))
            if rec["status"] == "limit":
                rec["reason"] = "limit reached"
            if e.given_solution is not None:
                problem = check_grid(e.given_solution, e.puzzle)
                rec["given_solution"] = (f"invalid: {problem}" if problem
                                         else "ok" if r.solution in (None, e.given_solution)
                                         else "differs")
            if args.verify and r.solution is not None:
                problem = check_grid(r.solution, e.puzzle)
                rec["verified"] = problem is None
                if problem:
                    rec["reason"] = f"verification failed: {problem}"
        records.append(rec)

    failed = [r for r in records if _is_failure(r, args.mode)]
    for r in failed:
        print(f"{r['source']}:{r['line']}: {_message(r)}", file=sys.stderr)

    if args.json:
        summary = _summary(records, failed, elapsed)
        json.dump({"solver": args.solver, "mode": args.mode, "puzzles": records,
                   "summary": summary}, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        out = []
        for r in records:
            if r["solution"] is not None:
                out.append(format_grid(r["solution"]) if fmt == "grid" else r["solution"])
            else:
                out.append(f"# {r['source']}:{r['line']}: {_message(r)}")
        sys.stdout.write(("\n\n" if fmt == "grid" else "\n").join(out) + ("\n" if out else ""))
    if not args.quiet:
        s = _summary(records, failed, elapsed)
        print(f"eagerflow-sudoku: {s['puzzles']} puzzles in {s['seconds']:.3f} s "
              f"({s['puzzles_per_second']:.0f} puzzles/s): {s['solved']} solved, "
              f"{s['failed']} failed", file=sys.stderr)
    return 1 if failed else 0


def _summary(records, failed, elapsed):
    by_status = {s: 0 for s in api.STATUSES}
    for r in records:
        by_status[r["status"]] += 1
    return {"puzzles": len(records), "solved": by_status["solved"], "failed": len(failed),
            "by_status": by_status, "seconds": round(elapsed, 6),
            "puzzles_per_second": len(records) / elapsed if elapsed > 0 else 0.0}


if __name__ == "__main__":
    sys.exit(main())
