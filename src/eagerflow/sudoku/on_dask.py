"""Batch solving on a Dask cluster: the puzzles go out in chunks, each chunk is solved on a
worker by `api.iter_solve`, and the results come back in input order.

Dask (the `distributed` package) is optional: `pip install "eagerflow[dask]"`. This module
imports it only when a cluster is asked for.
"""
import contextlib
import dataclasses
import itertools
import logging
import math
import os
import time
from collections import deque

from . import api

INSTALL_HINT = 'pip install "eagerflow[dask]"'
# Puzzles per chunk, roughly. A Dask task costs milliseconds of scheduling and transfer (an
# empty task's round trip: ~11 ms measured here at load average ~1, 15-60 ms at 5-9), and the
# tensor solver slows on batches under ~1,000 puzzles (17-clue puzzles: ~5,300/s in batches of
# 256, ~9,100/s of 1,024, ~9,800/s of 2,048), so a chunk is a few hundred ms of solving.
CHUNK_TARGET = 2048
CONNECT_TIMEOUT = "10s"     # for --scheduler: how long to try to reach the scheduler
# Set in a LocalCluster's worker processes before they start (Dask's
# distributed.nanny.pre-spawn-environ). Dask's own default sets MALLOC_TRIM_THRESHOLD_=65536;
# setting it at all also fixes glibc's mmap threshold at 128 KiB, so every large NumPy
# temporary of the solver is mapped and unmapped again: 1.7-2.3x the CPU per chunk (measured
# by benchmarks/bench_sudoku_dask.py; the issue that found it also saw ~17x the page faults).
# None leaves it unset, as in a plain Python process. BLAS: one thread per worker process.
WORKER_ENVIRON = {"MALLOC_TRIM_THRESHOLD_": None, "OMP_NUM_THREADS": 1,
                  "OPENBLAS_NUM_THREADS": 1, "MKL_NUM_THREADS": 1}
# A LocalCluster here solves, nobody watches it: the workers' statistical profiler (a stack
# sample every 10 ms), the system monitors (every 0.5 s) and the scheduler's 20 ms tick cost
# ~0.10 CPU-seconds per second in all with 2 idle workers (measured); with these, ~0.03.
LOCAL_CONFIG = {"distributed.worker.profile.enabled": False,
                "distributed.admin.system-monitor.interval": "2s",
                "distributed.admin.tick.interval": "200ms"}


class DaskMissing(ImportError):
    """`distributed` is not installed."""


class ClusterError(RuntimeError):
    """The Dask cluster cannot be used (unreachable, no workers, eagerflow missing there)."""


def import_distributed():
    """The `distributed` module, or DaskMissing saying how to install it."""
    try:
        import distributed
    except ImportError as e:
        raise DaskMissing(f"Dask is not installed: {INSTALL_HINT}") from e
    return distributed


def local_cluster(workers):
    """A LocalCluster of `workers` single-threaded processes, with WORKER_ENVIRON and
    LOCAL_CONFIG."""
    distributed = import_distributed()      # first: it adds its defaults to dask's config
    import dask
    config = {f"distributed.nanny.pre-spawn-environ.{k}": v for k, v in WORKER_ENVIRON.items()}
    with dask.config.set({**config, **LOCAL_CONFIG}):
        # the scheduler's web server on a free local port: a fixed one (Dask's 8787) warns when
        # another cluster holds it
        return distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address="127.0.0.1:0",
                                        silence_logs=logging.ERROR)


def worker_environ():
    """Runs on each worker: its values of the WORKER_ENVIRON variables (None when unset)."""
    return {name: os.environ.get(name) for name in WORKER_ENVIRON}


@contextlib.contextmanager
def connect(workers=None, scheduler=None):
    """A Client of a new LocalCluster of `workers` processes, or of the cluster at `scheduler`;
    closed (and the LocalCluster shut down) on exit. Yields (client, notes): notes are lines
    worth telling the user (how long the start took; workers that will run slowly)."""
    distributed = import_distributed()
    start = time.perf_counter()
    notes = []
    with contextlib.ExitStack() as stack:
        if scheduler is None:
            cluster = stack.enter_context(local_cluster(workers))
            client = stack.enter_context(distributed.Client(cluster))
            notes.append(f"started a local Dask cluster of {workers} worker process"
                         f"{'' if workers == 1 else 'es'} in {time.perf_counter() - start:.1f} s")
            fix = "unset it in this command's environment"
        else:
            try:
                client = stack.enter_context(distributed.Client(scheduler,
                                                                timeout=CONNECT_TIMEOUT))
            except (OSError, ValueError, TypeError) as e:
                raise ClusterError(f"cannot connect to the Dask scheduler at {scheduler}: "
                                   f"{e}") from None
            fix = ("start them with DASK_DISTRIBUTED__NANNY__PRE_SPAWN_ENVIRON="
                   "\"{'MALLOC_TRIM_THRESHOLD_': None}\" in the environment of `dask worker`")
        try:
            state = client.run(worker_environ)
        except ImportError as e:
            raise ClusterError(f"the workers at {scheduler} cannot import eagerflow "
                               f"({e}): install it there") from None
        if not state:
            raise ClusterError(f"the Dask scheduler at {scheduler} has no workers")
        trimmed = [env["MALLOC_TRIM_THRESHOLD_"] for env in state.values()
                   if env["MALLOC_TRIM_THRESHOLD_"] is not None]
        if trimmed:
            notes.append(f"{len(trimmed)} of the {len(state)} workers run with "
                         f"MALLOC_TRIM_THRESHOLD_={trimmed[0]} (Dask's default is 65536), which "
                         f"makes the solver use about twice the CPU: {fix}")
        yield client, notes


def chunk_size(n, threads):
    """Default puzzles per chunk: about CHUNK_TARGET, with the number of chunks a multiple of
    the cluster's threads so that none is left with one chunk more than the others."""
    chunks = max(1, math.ceil(n / CHUNK_TARGET))
    chunks = math.ceil(chunks / threads) * threads
    return max(1, math.ceil(n / chunks))


FIELDS = [f.name for f in dataclasses.fields(api.Result)]


def _solve_chunk(puzzles, options):
    """Runs on a worker: one chunk's results, batch by batch, each batch as one list per Result
    field (pickled and unpickled in ~3.5 ms for 1,667 puzzles, against ~11 ms as Results)."""
    return [[[getattr(r, name) for r in batch] for name in FIELDS]
            for batch in api.iter_solve(puzzles, **options)]


def iter_solve(client, puzzles, options, size=None, retries=1):
    """Yield the results of `puzzles` batch by batch, in input order, as `api.iter_solve` does,
    solving chunks of `size` puzzles on `client`'s workers. At most a few chunks per worker
    thread are in flight, so memory stays bounded however long the input. A chunk whose worker
    dies is re-run by Dask (up to its distributed.scheduler.allowed-failures, 3, then
    ClusterError), and one that raises is tried `retries` more times; each chunk's result is
    taken exactly once. Batch numbers count across chunks."""
    killed_worker = import_distributed().KilledWorker
    threads = sum(client.nthreads().values()) or 1
    size = size or chunk_size(len(puzzles), threads)
    starts = iter(range(0, len(puzzles), size))
    pending = deque()

    def submit(at):
        pending.append(client.submit(_solve_chunk, puzzles[at:at + size], options,
                                     pure=False, retries=retries))

    base = 0
    try:
        for at in itertools.islice(starts, 2 * threads + 1):
            submit(at)
        while pending:
            try:
                batches = pending.popleft().result()
            except killed_worker as e:
                raise ClusterError(f"a chunk of {size:,} puzzles was stopped: {e}") from None
            for at in itertools.islice(starts, 1):
                submit(at)
            for columns in batches:
                batch = [api.Result(*values) for values in zip(*columns)]
                for r in batch:
                    r.batch += base
                yield batch
            base += len(batches)
    finally:
        if pending:
            client.cancel(list(pending))
