"""The `eagerflow-sudoku` command (also `python -m eagerflow.sudoku`).

Input: the FILE arguments in order, `-` for standard input. With no FILE the seed notebook's
puzzle is solved, and standard input is never read. A file that cannot be read (missing, a
directory, not UTF-8 at all) is reported and the other files are solved.

Output: one item per puzzle on stdout, in input order, written and flushed batch by batch as
each batch is done: the solution (an 81-character line, or a grid with `--format grid`); in
`--mode count` the number of solutions; or a `# SOURCE:LINE: reason` line for a puzzle that was
malformed or failed. `--json` writes one JSON document instead (also streamed). Problems and a
summary go to stderr. With `--workers N` (a local Dask cluster) or `--scheduler ADDRESS` the
puzzles are solved in chunks on Dask workers; the output is the same.

Exit status: 0 when every puzzle was solved as asked (in `--mode count`, counted: a count that
stopped at `--limit` is an answer, "LIMIT or more"); 1 when an input could not be read, a puzzle
was malformed, had no solution, was stopped by the node or time limit, was not unique in
`--mode unique`, or failed a check, or the Dask cluster could not be used; 2 on usage errors
(also --workers / --scheduler without Dask installed); 130 when interrupted (Ctrl-C, SIGINT):
the results finished by then are written first, and no traceback is printed.
"""
import argparse
import contextlib
import json
import math
import os
import signal
import stat
import sys
import time

from . import api, on_dask
from .grid_io import (BLANKS, NOTEBOOK_PUZZLE, Entry, NotUTF8, check_grid, format_grid,
                      format_line, parse_bytes, parse_text)
from .on_dask import CHUNK_TARGET, INSTALL_HINT

PROG = "eagerflow-sudoku"
PROGRESS_MIN = 1000
FIRST_BATCH = 1024      # the tensor solver's first batch; batches double up to --batch-size
INTERRUPTED = 130       # exit status after Ctrl-C (128 + SIGINT)


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {text!r}")
    return value


def _positive_seconds(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a positive, finite number of seconds, "
                                         f"got {text!r}")
    return value


def _parser():
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Solve Sudoku puzzles with eagerflow tensors. Reads 81-character lines "
                    f"(1-9 for givens; any of {' '.join(BLANKS)} for blanks), 9-line grids or "
                    "'puzzle,solution' CSV, in UTF-8, from FILES ('-' is standard input). "
                    "With no FILE, solves the seed notebook's puzzle (standard input is not "
                    "read).")
    p.add_argument("files", nargs="*", metavar="FILE", help="puzzle files; '-' is stdin")
    p.add_argument("--solver", choices=api.SOLVERS, default="tensor",
                   help="tensor: batched propagation and search (default); backtrack: the "
                        "notebook's search, one puzzle at a time")
    p.add_argument("--mode", choices=api.MODES, default="first",
                   help="first solution (default), unique (stop at 2), count (up to --limit)")
    p.add_argument("--limit", type=_positive_int, default=api.DEFAULT_COUNT_LIMIT,
                   help="solutions to count in --mode count (default %(default)s)")
    p.add_argument("--node-limit", type=_positive_int, default=None,
                   help="search nodes per puzzle before giving up with status 'limit' "
                        "(default: %s)" % ", ".join(f"{n:,} for {s}" for s, n in
                                                   api.DEFAULT_NODE_LIMIT.items()))
    p.add_argument("--time-limit", type=_positive_seconds, default=None,
                   help="seconds per puzzle (per batch for the tensor solver)")
    p.add_argument("--format", choices=("line", "grid"), default=None,
                   help="solution layout (default: grid for grid input, else line)")
    p.add_argument("--json", action="store_true", help="print one JSON document instead")
    p.add_argument("--verify", action="store_true", help="re-check every grid before printing")
    p.add_argument("--batch-size", type=_positive_int, default=8192,
                   help="puzzles per tensor batch (default %(default)s; the first batches are "
                        f"smaller, {FIRST_BATCH}, {2 * FIRST_BATCH}, ..., so that the first "
                        "results come out soon)")
    p.add_argument("--quiet", action="store_true", help="no summary or progress on stderr")
    dask = p.add_mutually_exclusive_group()
    dask.add_argument("--workers", type=_positive_int, default=None, metavar="N",
                      help="solve on a local Dask cluster of N worker processes "
                           f"(needs Dask: {INSTALL_HINT})")
    dask.add_argument("--scheduler", default=None, metavar="ADDRESS",
                      help="solve on the Dask cluster whose scheduler is at ADDRESS "
                           "(e.g. tcp://host:8786); its workers need eagerflow")
    p.add_argument("--chunk-size", type=_positive_int, default=None, metavar="N",
                   help="puzzles per Dask task with --workers or --scheduler (default: about "
                        f"{CHUNK_TARGET:,}, spread evenly over the workers)")
    return p


# ---- input ------------------------------------------------------------------------------------

def _read(name):
    """(entries, None), or (None, why it could not be read)."""
    if name == "-":
        source, stream = "<stdin>", sys.stdin
        if stream is None:
            return None, "it is closed"
        try:
            binary = getattr(stream, "buffer", None)
            data = binary.read() if binary is not None else stream.read()
        except ValueError:                              # "I/O operation on closed file"
            return None, "it is closed"
        except OSError as e:
            return None, e.strerror or str(e) or type(e).__name__
    else:
        source = name
        try:
            with open(name, "rb") as f:
                data = f.read()
        except OSError as e:
            return None, e.strerror or str(e)
    if isinstance(data, str):
        return parse_text(data, source), None
    try:
        return parse_bytes(data, source), None
    except NotUTF8 as e:
        return None, str(e)


def _stdin_may_have_data():
    """Standard input is a pipe or a non-empty file (checked without reading it)."""
    try:
        st = os.fstat(sys.stdin.fileno())
    except (AttributeError, OSError, ValueError):
        return False
    return stat.S_ISFIFO(st.st_mode) or (stat.S_ISREG(st.st_mode) and st.st_size > 0)


def _read_inputs(args):
    """(entries, unread files as (name, reason)); unread files are reported on stderr."""
    if not args.files:
        if not args.quiet and _stdin_may_have_data():
            _err(f"{PROG}: no FILE given: solving the notebook's puzzle "
                 "(give '-' to read standard input)")
        return [Entry("<notebook>", 1, puzzle=NOTEBOOK_PUZZLE.replace(".", "0"),
                      is_grid=True)], []
    entries, unread = [], []
    for name in args.files:
        got, reason = _read(name)
        if got is None:
            shown = "standard input" if name == "-" else name
            _err(f"{PROG}: cannot read {shown}: {reason}")
            unread.append((name, reason))
        else:
            entries += got
    return entries, unread


# ---- records ----------------------------------------------------------------------------------

def _err(line):
    print(line, file=sys.stderr, flush=True)


def _plural(n, word, many=None):
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def _limit_reason(rec, args):
    found = rec["solutions"]
    after = f" after {_plural(found, 'solution')}" if found or args.mode == "count" else ""
    if rec["stopped_by"] == "count":
        return f"count stopped at --limit {args.limit}: {args.limit} or more solutions"
    if rec["stopped_by"] == "time":
        per = " per batch" if args.solver == "tensor" else ""
        return f"time limit reached (--time-limit {args.time_limit:g} s{per}){after}"
    if args.node_limit is None:
        limit = f"--node-limit {api.DEFAULT_NODE_LIMIT[args.solver]}, the default for " \
                f"--solver {args.solver}"
    else:
        limit = f"--node-limit {args.node_limit}"
    return f"node limit reached ({limit}){after}"


def _record(index, e, r, args):
    rec = {"index": index, "source": e.source, "line": e.line,
           "puzzle": format_line(e.puzzle) if e.puzzle else None}
    if r is None:
        rec.update(status="invalid", reason=e.error, solution=None, solutions=0, nodes=0,
                   time=None, stopped_by=None, batch=None, batch_size=None, batch_time=None,
                   finished_after=None)
        return rec
    rec.update(status=r.status, reason=r.reason, solution=r.solution, solutions=r.solutions,
               nodes=r.nodes, time=None if r.time is None else round(r.time, 6),
               stopped_by=r.stopped_by, batch=r.batch, batch_size=r.batch_size,
               batch_time=round(r.batch_time, 6),
               finished_after=None if r.finished_after is None else round(r.finished_after, 6))
    if r.status == "limit":
        rec["reason"] = _limit_reason(rec, args)
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
    return rec


def _is_failure(rec, mode):
    return (rec["status"] in ("invalid", "no solution")
            or (rec["status"] == "limit" and rec["stopped_by"] != "count")
            or (mode == "unique" and rec["status"] == "multiple")
            or str(rec.get("given_solution", "")).startswith("invalid")
            or rec.get("verified") is False)


def _message(rec):
    """What went wrong with one puzzle, for stderr and the '#' lines of stdout."""
    if rec["status"] == "invalid":
        return f"invalid: {rec['reason']}"
    if rec.get("verified") is False:
        return rec["reason"]
    if str(rec.get("given_solution", "")).startswith("invalid"):
        return f"given solution {rec['given_solution']}"
    if rec["status"] == "limit":
        return rec["reason"]
    return {"multiple": "more than one solution"}.get(rec["status"], rec["status"])


def _text_item(rec, mode, fmt):
    """What stdout shows for one puzzle (text output)."""
    comment = f"# {rec['source']}:{rec['line']}: {_message(rec)}"
    if rec["status"] == "invalid" or rec.get("verified") is False:
        return comment
    if mode == "count":
        if rec["status"] == "limit" and rec["stopped_by"] == "count":
            return f"{rec['solutions']} or more solutions (count stopped at --limit)"
        if rec["status"] in ("solved", "multiple", "no solution"):
            n = rec["solutions"]
            return f"{n} solution" + ("" if n == 1 else "s")
        return comment
    if rec["status"] == "solved":
        return format_grid(rec["solution"]) if fmt == "grid" else rec["solution"]
    return comment


class _Output:
    """Writes each batch's records to stdout at once (text or streamed JSON), and its failures
    to stderr."""

    def __init__(self, args, fmt, bar):
        self.args, self.fmt, self.bar = args, fmt, bar
        self.items = 0
        self.records = []
        self.failed = 0

    def begin(self):
        if self.args.json:
            a = self.args
            head = {"solver": a.solver, "mode": a.mode,
                    "node_limit": a.node_limit or api.DEFAULT_NODE_LIMIT[a.solver],
                    "time_limit": a.time_limit,
                    "count_limit": a.limit if a.mode == "count" else None}
            sys.stdout.write(json.dumps(head)[:-1] + ', "puzzles": [')
            sys.stdout.flush()

    def write(self, records):
        if not records:
            return
        parts, problems = [], []
        for rec in records:
            failure = _is_failure(rec, self.args.mode)
            self.failed += failure
            if failure:
                problems.append(f"{rec['source']}:{rec['line']}: {_message(rec)}")
            if self.args.json:
                parts.append(("\n" if self.items == 0 else ",\n") + json.dumps(rec))
            else:
                item = _text_item(rec, self.args.mode, self.fmt)
                sep = "\n" if self.items and self.fmt == "grid" else ""
                parts.append(sep + item + "\n")
            self.items += 1
        self.records += records
        sys.stdout.write("".join(parts))
        sys.stdout.flush()
        for line in problems:
            if self.bar is not None:
                type(self.bar).write(line, file=sys.stderr)
            else:
                print(line, file=sys.stderr)
        sys.stderr.flush()

    def end(self, summary):
        if self.args.json:
            sys.stdout.write(("\n" if self.items else "") + '],\n"summary": '
                             + json.dumps(summary) + "}\n")
            sys.stdout.flush()


# ---- summary ----------------------------------------------------------------------------------

def _summary(records, total, elapsed, unread, interrupted, mode):
    by_status = {s: 0 for s in api.STATUSES}
    for r in records:
        by_status[r["status"]] += 1
    searched = [r for r in records if r["status"] != "invalid"]
    failed = sum(_is_failure(r, mode) for r in searched)
    found = any(r["solutions"] for r in searched)
    rate = len(searched) / elapsed if searched and found and elapsed >= 1e-3 else None
    return {"puzzles": len(searched), "ok": len(searched) - failed, "failed": failed,
            "solved": by_status["solved"], "invalid": by_status["invalid"],
            "by_status": by_status,
            "unread_files": [{"file": n, "reason": why} for n, why in unread],
            "seconds": round(elapsed, 6), "puzzles_per_second": rate,
            "interrupted": interrupted, "not_done": total - len(records)}


def _summary_line(s, mode):
    n = s["puzzles"]
    text = f"{PROG}: {_plural(n, 'puzzle')}"
    if n:
        text += f" in {s['seconds']:.3f} s"
        rate = s["puzzles_per_second"]
        if rate is not None:
            text += f" ({rate:,.0f} puzzles/s)" if rate >= 10 else f" ({rate:.2g} puzzles/s)"
        text += f": {s['ok']:,} {'counted' if mode == 'count' else 'solved'}, " \
                f"{s['failed']:,} failed"
    extras = []
    if s["invalid"]:
        extras.append(_plural(s["invalid"], "invalid line"))
    if s["unread_files"]:
        extras.append(_plural(len(s["unread_files"]), "file") + " not read")
    if s["interrupted"]:
        extras.append(f"interrupted, {_plural(s['not_done'], 'puzzle')} not done")
    return "; ".join([text] + extras)


# ---- Ctrl-C -----------------------------------------------------------------------------------

class _Sigint:
    """Ctrl-C raises KeyboardInterrupt as usual, except while a batch's results are being
    written: then it waits until they are (a second Ctrl-C does not wait)."""

    def __init__(self):
        self.old = None
        self.holding = self.pending = False
        try:
            if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
                self.old = signal.signal(signal.SIGINT, self._handler)
        except ValueError:          # not the main thread: leave signals alone
            self.old = None

    def _handler(self, signum, frame):
        if self.holding and not self.pending:
            self.pending = True
            return
        raise KeyboardInterrupt

    @contextlib.contextmanager
    def held(self):
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
        if self.pending:
            self.pending = False
            raise KeyboardInterrupt

    def restore(self):
        if self.old is not None:
            signal.signal(signal.SIGINT, self.old)
            self.old = None


# ---- main -------------------------------------------------------------------------------------

def _progress_bar(total, quiet):
    if quiet or total <= PROGRESS_MIN or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, file=sys.stderr, unit="puzzle")


def main(argv=None) -> int:
    """The ``eagerflow-sudoku`` command; returns the exit status."""
    sigint = _Sigint()
    try:
        with contextlib.ExitStack() as cluster:       # a Dask cluster is shut down on the way out
            return _main(argv, sigint, cluster)
    except on_dask.ClusterError as e:
        _err(f"{PROG}: {e}")
        return 1
    except BrokenPipeError:
        # the reader went away (``eagerflow-sudoku big.txt | head``): stop quietly, like Unix tools
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        # Ctrl-C while reading the input or writing the last lines: nothing more to save
        with contextlib.suppress(Exception):
            _err(f"{PROG}: interrupted")
        return INTERRUPTED
    finally:
        sigint.restore()


def _dask_client(args, stack):
    """The Dask client of --workers / --scheduler, closed with `stack`."""
    client, notes = stack.enter_context(on_dask.connect(args.workers, args.scheduler))
    if not args.quiet:
        for note in notes:
            _err(f"{PROG}: {note}")
    return client


def _main(argv, sigint, cluster):
    parser = _parser()
    args = parser.parse_args(argv)
    on_cluster = bool(args.workers or args.scheduler)
    if args.chunk_size and not on_cluster:
        parser.error("--chunk-size needs --workers or --scheduler")
    if on_cluster:
        try:
            on_dask.import_distributed()
        except on_dask.DaskMissing:
            parser.error(f"--{'workers' if args.workers else 'scheduler'} needs Dask, "
                         f"which is not installed: {INSTALL_HINT}")
    entries, unread = _read_inputs(args)
    fmt = args.format or ("grid" if entries and all(e.is_grid for e in entries) else "line")

    good = [i for i, e in enumerate(entries) if e.error is None]
    client = _dask_client(args, cluster) if on_cluster and good else None
    bar = _progress_bar(len(good), args.quiet)
    out = _Output(args, fmt, bar)
    done = 0                          # entries written so far

    def records_up_to(stop, results=()):
        """Records of entries[done:stop]; `results` are the solved ones among them, in order."""
        it = iter(results)
        return [_record(i, entries[i], None if entries[i].error else next(it), args)
                for i in range(done, stop)]

    start = time.perf_counter()
    interrupted = False
    try:
        with sigint.held():
            out.begin()
            first = good[0] if good else len(entries)
            out.write(records_up_to(first))       # invalid entries before the first puzzle
            done = first
        solved = 0
        for batch in api.iter_solve([entries[i].puzzle for i in good], solver=args.solver,
                                    mode=args.mode, limit=args.limit,
                                    node_limit=args.node_limit, time_limit=args.time_limit,
                                    batch_size=args.batch_size,
                                    first_batch=min(FIRST_BATCH, args.batch_size),
                                    client=client, chunk_size=args.chunk_size):
            solved += len(batch)
            stop = good[solved] if solved < len(good) else len(entries)
            with sigint.held():
                out.write(records_up_to(stop, batch))
                done = stop
                if bar:
                    bar.update(len(batch))
    except KeyboardInterrupt:
        interrupted = True
    elapsed = time.perf_counter() - start
    if bar:
        bar.close()

    summary = _summary(out.records, len(entries), elapsed, unread, interrupted, args.mode)
    out.end(summary)
    if interrupted:
        _err(f"{PROG}: interrupted (Ctrl-C): the results above are the puzzles finished "
             f"before it; {_plural(summary['not_done'], 'puzzle')} not done")
    if not args.quiet:
        _err(_summary_line(summary, args.mode))
        gave_up = sum(r["stopped_by"] == "nodes" for r in out.records)
        if args.solver == "backtrack" and gave_up:
            limit = args.node_limit or api.DEFAULT_NODE_LIMIT["backtrack"]
            _err(f"{PROG}: note: {_plural(gave_up, 'puzzle')} reached --node-limit {limit}: the "
                 "notebook's plain backtracking needs up to millions of nodes on hard puzzles; "
                 "raise --node-limit, or use --solver tensor")
    if interrupted:
        return INTERRUPTED
    return 1 if (out.failed or unread) else 0


if __name__ == "__main__":
    sys.exit(main())
