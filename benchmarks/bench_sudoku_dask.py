"""Batch Sudoku on 2 Dask worker processes against one process and a ProcessPoolExecutor(2).

    python benchmarks/bench_sudoku_dask.py            # median of 3 repeats
    python benchmarks/bench_sudoku_dask.py --quick    # 2,000 puzzles of each set, 1 repeat

Sets (from <repo>/../shared/sudoku, skipped with a message when absent): the 17-clue 10k sample
and the first 10,000 of forum_hardest_1905_11plus. Rows, each timed from 81-character strings to
`Result`s back in the main process, in input order:
  one process           api.solve_puzzles(puzzles) as a user calls it (batches of 8,192)
  one process, chunks   the same, one call per chunk of the Dask runs (the work each task does)
  ProcessPoolExecutor   2 forked processes, executor.map over the same chunks (results sent
                        back as the Dask tasks send them)
  Dask                  2 LocalCluster worker processes, solve_puzzles(client=...)
  Dask, default env     the same with Dask's own worker environment (MALLOC_TRIM_THRESHOLD_
                        =65536): the trap eagerflow's LocalCluster avoids; run last, because
                        Dask leaves that variable in this process's environment
"in-worker s" is the time the chunks' own solving took (the results' batch times, summed): above
the one-process time it means each chunk costs more CPU there. "CPU s": user + system time of
every process of the row (this one and its workers, from /proc); "CPU bound": one process's CPU
/ the row's CPU, times 2 for the 2-process rows: the most speedup an idle 2-core machine would
allow; unlike wall time, it holds up when other work loads the machine. Per-chunk overhead:
Dask's round trip of an empty task, and (2 x wall - in-worker time) / chunks for the Dask run
(scheduling,
transfers, and the idle tail when one worker finishes first). The machine is shared: the 1-minute
load average is printed beside each row; only ratios measured at a low load mean much.
Every result is verified (rows, columns, boxes, givens) outside the timed region.
"""
import argparse
import os
import pathlib
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import _timing  # noqa: F401  (BLAS at one thread, before NumPy loads)
from _timing import fmt_row

REPO = pathlib.Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "sudoku"
sys.path.insert(0, str(REPO / "src"))

from bench_sudoku import verify  # noqa: E402
from eagerflow.sudoku import api, on_dask  # noqa: E402

SETS = [("tdoku_17_clue_sample10k", 10_000), ("tdoku_forum_hardest_1905_11plus", 10_000)]
WORKERS = 2


def _solve_chunk(chunk):
    return api.solve_puzzles(chunk)


def _pool_chunk(chunk):
    """What a Dask task does (on_dask's compact result columns), in a pool process."""
    return on_dask._solve_chunk(chunk, {})


def _rebuild(chunk_batches):
    return [api.Result(*values) for columns in chunk_batches for values in zip(*columns)]


def _noop(x):
    return x


def _chunks(puzzles, size):
    return [puzzles[at:at + size] for at in range(0, len(puzzles), size)]


def _in_worker(results):
    """Seconds the solving itself took: each batch's time, once (a batch's results are
    consecutive; chunks solved apart number their batches from 0 each)."""
    total, last = 0.0, None
    for r in results:
        if (r.batch, r.batch_time) != last:
            total += r.batch_time
            last = (r.batch, r.batch_time)
    return total


def _cpu(pids):
    """{pid: CPU seconds (user + system) so far} from /proc (Linux; {} elsewhere)."""
    out = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return out


class Row:
    """One configuration's timings. `pids()`: the processes that do its work (CPU time)."""

    def __init__(self, name, pids=lambda: []):
        self.name, self.pids = name, pids
        self.times, self.inner, self.loads, self.cpus = [], [], [], []

    def run(self, fn, puzzles, repeats):
        for _ in range(repeats):
            load = os.getloadavg()[0]
            cpu = _cpu([os.getpid(), *self.pids()])
            start = time.perf_counter()
            results = fn()
            self.times.append(time.perf_counter() - start)
            after = _cpu([os.getpid(), *self.pids()])
            self.cpus.append(sum(t - cpu.get(pid, 0.0) for pid, t in after.items()))
            self.loads += [load, os.getloadavg()[0]]
            self.inner.append(_in_worker(results))
            good = verify(puzzles, [r.solution for r in results])
            assert good == len(puzzles), f"{self.name}: {len(puzzles) - good} wrong solutions"
        return self

    @property
    def wall(self):
        return statistics.median(self.times)


def dask_rows(client, puzzles, size, repeats, name):
    client.gather(client.map(_solve_chunk, _chunks(puzzles[:WORKERS * 200], 200), pure=False))
    row = Row(name, lambda: list(client.run(os.getpid).values()))
    return row.run(lambda: api.solve_puzzles(puzzles, client=client, chunk_size=size), puzzles,
                   repeats)


def task_round_trip_ms(client, n=50):
    start = time.perf_counter()
    for i in range(n):
        client.submit(_noop, i, pure=False).result()
    return (time.perf_counter() - start) / n * 1e3


def report(name, puzzles, size, rows, round_trip):
    chunks = -(-len(puzzles) // size)
    print(f"\n{name}: {len(puzzles):,} puzzles, {chunks} chunks of {size:,}; "
          f"Dask empty-task round trip {round_trip:.1f} ms")
    widths = [28, 9, 10, 10, 12, 7, 10, 10]
    print(fmt_row(["", "median s", "puzzles/s", "vs 1 proc", "in-worker s", "CPU s",
                   "CPU bound", "load avg"], widths))
    base, base_cpu = rows[0].wall, statistics.median(rows[0].cpus)
    for row in rows:
        loads = f"{min(row.loads):.1f}-{max(row.loads):.1f}"
        cpu = statistics.median(row.cpus)
        bound = base_cpu / cpu * (1 if row.name.startswith("one") else WORKERS)
        print(fmt_row([row.name, f"{row.wall:.2f}", f"{len(puzzles) / row.wall:,.0f}",
                       f"{base / row.wall:.2f}x", f"{statistics.median(row.inner):.2f}",
                       f"{cpu:.2f}", f"{bound:.2f}x", loads], widths))
    for row in rows:
        if row.name.startswith("Dask"):
            over = (WORKERS * row.wall - statistics.median(row.inner)) / chunks
            print(f"  {row.name}: wall overhead per chunk {over * 1e3:.0f} ms "
                  f"({over * chunks / (WORKERS * row.wall):.0%} of {WORKERS} x wall)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="2,000 puzzles of each set, 1 repeat")
    ap.add_argument("--repeats", type=int, default=None)
    args = ap.parse_args()
    repeats = args.repeats or (1 if args.quick else 3)
    sets = []
    for name, n in SETS:
        path = DATA / f"{name}.txt"
        if not path.exists():
            print(f"skipped {name}: {path} not found (the public sets of ../shared/sudoku)")
            continue
        puzzles = [line.strip() for line in open(path) if line.strip()][:2000 if args.quick
                                                                          else n]
        sets.append((name, puzzles, on_dask.chunk_size(len(puzzles), WORKERS)))
    if not sets:
        return
    print(f"{os.cpu_count()} CPUs; load average at start {os.getloadavg()}")
    results = {}
    start = time.perf_counter()
    with on_dask.connect(workers=WORKERS) as (client, notes):
        print(f"Dask: {notes[0]} (eagerflow's worker environment)")
        with ProcessPoolExecutor(WORKERS) as pool:
            list(pool.map(_noop, range(WORKERS)))
            for name, puzzles, size in sets:
                chunks = _chunks(puzzles, size)
                one = Row("one process").run(lambda: api.solve_puzzles(puzzles), puzzles,
                                             repeats)
                one_chunks = Row("one process, chunks").run(
                    lambda: [r for c in chunks for r in _solve_chunk(c)], puzzles, repeats)
                pool_row = Row("ProcessPoolExecutor(2)", lambda: list(pool._processes)).run(
                    lambda: [r for b in pool.map(_pool_chunk, chunks) for r in _rebuild(b)],
                    puzzles, repeats)
                dask_row = dask_rows(client, puzzles, size, repeats, "Dask, 2 workers")
                results[name] = [one, one_chunks, pool_row, dask_row]
        round_trip = task_round_trip_ms(client)
    # Dask's own worker environment: last, since its nannies set MALLOC_TRIM_THRESHOLD_ here too
    distributed = on_dask.import_distributed()
    with distributed.LocalCluster(n_workers=WORKERS, threads_per_worker=1,
                                  dashboard_address="127.0.0.1:0") as cluster, \
            distributed.Client(cluster) as client:
        env = next(iter(client.run(on_dask.worker_environ).values()))
        label = f"Dask, default env ({env['MALLOC_TRIM_THRESHOLD_']})"
        for name, puzzles, size in sets:
            results[name].append(dask_rows(client, puzzles, size, repeats, label))
    for name, puzzles, size in sets:
        report(name, puzzles, size, results[name], round_trip)
    print(f"\ntotal {time.perf_counter() - start:.0f} s; load average at end {os.getloadavg()}")


if __name__ == "__main__":
    main()
