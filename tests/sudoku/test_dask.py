"""Solving on Dask: a 2-process LocalCluster gives the single-process results in input order, a
worker killed mid-run loses nothing, the CLI's --workers / --scheduler, and the message when Dask
is not installed. Puzzles: the samples in tests/data/sudoku."""
import json
import os
import subprocess
import sys

import pytest

from eagerflow.sudoku import api, cli, on_dask

from .helpers import SAMPLES, assert_solves, cli_env, load

UNIQUE = load("norvig_top95.txt") + load("norvig_hardest.txt") + load("norvig_easy50.txt")
# 2 or more solutions each: which one the tensor solver finds first depends on the batch
MULTIPLE = load("tdoku_serg_benchmark_first100.txt", 40)


@pytest.fixture(scope="module")
def client():
    pytest.importorskip("distributed")
    with on_dask.connect(workers=2) as (client, notes):
        assert notes and "2 worker processes" in notes[0]
        yield client


def _fields(results):
    return [(r.status, r.solution, r.solutions) for r in results]


def test_two_workers_solve_in_input_order_as_one_process(client):
    puzzles = UNIQUE + MULTIPLE
    got = api.solve_puzzles(puzzles, client=client, chunk_size=16)
    assert len(got) == len(puzzles)
    for p, r in zip(puzzles, got):
        assert r.status == "solved"
        assert_solves(p, r.solution)              # in order: each keeps its own puzzle's givens
    local = api.solve_puzzles(puzzles)
    assert _fields(got[:len(UNIQUE)]) == _fields(local[:len(UNIQUE)])
    assert [r.batch for r in got] == sorted(r.batch for r in got)   # numbered across chunks
    assert got[-1].batch == (len(puzzles) - 1) // 16


def test_counts_and_options_reach_the_workers(client):
    puzzles = MULTIPLE[:12] + UNIQUE[:4]
    kwargs = dict(mode="count", limit=2, batch_size=5)
    got = api.solve_puzzles(puzzles, client=client, chunk_size=6, **kwargs)
    assert _fields(got) == _fields(api.solve_puzzles(puzzles, **kwargs))
    assert [r.solutions for r in got[-4:]] == [1] * 4
    assert {r.stopped_by for r in got[:12]} == {"count"}
    assert max(r.batch_size for r in got) == 5          # chunks of 6 in batches of 5 and 1


def test_backtrack_solver_on_workers(client):
    puzzles = load("norvig_easy50.txt", 6)
    kwargs = dict(solver="backtrack", node_limit=1500)      # some stop at the limit
    got = api.solve_puzzles(puzzles, client=client, chunk_size=4, **kwargs)
    local = api.solve_puzzles(puzzles, **kwargs)
    assert _fields(got) == _fields(local) and [r.nodes for r in got] == [r.nodes for r in local]
    assert {r.status for r in got} == {"solved", "limit"}
    assert [r.batch for r in got] == list(range(6))


def test_workers_run_without_dasks_malloc_trim_threshold(client):
    for env in client.run(on_dask.worker_environ).values():
        assert env == {"MALLOC_TRIM_THRESHOLD_": None, "OMP_NUM_THREADS": "1",
                       "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def test_a_trim_threshold_inherited_by_the_workers_is_reported(monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    with on_dask.connect(workers=1) as (client, notes):
        env = next(iter(client.run(on_dask.worker_environ).values()))
    assert env["MALLOC_TRIM_THRESHOLD_"] == "65536"
    assert "1 of the 1 workers run with MALLOC_TRIM_THRESHOLD_=65536" in notes[1]
    assert "unset it in this command's environment" in notes[1]


@pytest.mark.parametrize("n, threads", [(1, 2), (5, 2), (100, 2), (10_000, 2), (10_000, 3),
                                        (48_766, 2), (4097, 4)])
def test_default_chunks_are_even_over_the_threads(n, threads):
    size = on_dask.chunk_size(n, threads)
    chunks = -(-n // size)
    assert size <= max(on_dask.CHUNK_TARGET, -(-n // threads))
    assert chunks % threads == 0 or chunks == n           # fewer puzzles than threads
    assert size >= min(n, on_dask.CHUNK_TARGET) // 2 or chunks == threads


def _killer(marker):
    """A worker plugin that kills its worker process when the worker starts its second task
    (once in the whole cluster: whoever creates `marker` first). Built in a function so that
    cloudpickle sends the class by value and the workers need not import the tests."""
    import distributed

    class KillOnSecondTask(distributed.WorkerPlugin):
        def setup(self, worker):
            self.started = 0

        def transition(self, key, start, finish, **kwargs):
            if finish != "executing":
                return
            self.started += 1
            if self.started == 2:
                try:
                    fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
                except FileExistsError:
                    return
                os.write(fd, str(key).encode())
                os.close(fd)
                os._exit(1)

    return KillOnSecondTask()


def test_a_worker_killed_mid_run_loses_nothing(tmp_path):
    pytest.importorskip("distributed")
    marker = tmp_path / "killed"
    puzzles = UNIQUE[:100]
    with on_dask.connect(workers=2) as (client, _):
        client.register_plugin(_killer(str(marker)))
        before = set(client.run(os.getpid).values())
        got = api.solve_puzzles(puzzles, client=client, chunk_size=10)
        after = set(client.run(os.getpid).values())
    assert marker.exists(), "no worker was killed"
    assert "_solve_chunk" in marker.read_text()            # it died running a chunk
    assert before != after                                 # the nanny started a new process
    assert len(got) == len(puzzles)                        # nothing lost, nothing twice
    for p, r in zip(puzzles, got):
        assert_solves(p, r.solution)


# ---- the command line -----------------------------------------------------------------------

def _cli(*args):
    return subprocess.run([sys.executable, "-m", "eagerflow.sudoku", *args], capture_output=True,
                          text=True, env=cli_env(), timeout=300)


def _plain(records):
    """The records without what depends on timing and batching."""
    drop = {"time", "batch", "batch_size", "batch_time", "finished_after"}
    return [{k: v for k, v in rec.items() if k not in drop} for rec in records]


def test_cli_workers_json_keeps_order_and_reports_bad_lines(tmp_path, capsys):
    pytest.importorskip("distributed")
    lines = UNIQUE[:30] + ["12345"] + UNIQUE[30:60] + ["x" * 81] + MULTIPLE[:10]
    path = tmp_path / "puzzles.txt"
    path.write_text("\n".join(lines) + "\n")
    r = _cli(str(path), "--workers", "2", "--chunk-size", "8", "--json", "--verify")
    assert r.returncode == 1, r.stderr                     # two malformed lines
    doc = json.loads(r.stdout)
    recs = doc["puzzles"]
    assert [rec["line"] for rec in recs] == list(range(1, len(lines) + 1))
    assert [rec["status"] for rec in recs if rec["status"] != "solved"] == ["invalid"] * 2
    for rec in recs:
        if rec["status"] == "solved":
            assert rec["verified"] is True
            assert_solves(rec["puzzle"], rec["solution"])
    assert doc["summary"]["solved"] == len(lines) - 2 and doc["summary"]["invalid"] == 2
    assert f"{path}:31: invalid" in r.stderr and "2 worker processes" in r.stderr
    assert cli.main([str(path), "--json", "--verify"]) == 1          # in one process
    assert _plain(recs) == _plain(json.loads(capsys.readouterr().out)["puzzles"])


def test_cli_scheduler_uses_an_existing_cluster(client, capsys):
    path = SAMPLES / "norvig_hardest.txt"
    assert cli.main([str(path), "--scheduler", client.scheduler.address]) == 0
    out, err = capsys.readouterr()
    got = out.split()
    assert len(got) == 11 and "11 solved, 0 failed" in err
    for p, s in zip(load("norvig_hardest.txt"), got):
        assert_solves(p, s)
    assert "MALLOC_TRIM_THRESHOLD_" not in err             # these workers run at full speed


def test_cli_unreachable_scheduler_is_reported(monkeypatch, capsys):
    pytest.importorskip("distributed")
    monkeypatch.setattr(on_dask, "CONNECT_TIMEOUT", "1s")
    path = SAMPLES / "norvig_hardest.txt"
    assert cli.main([str(path), "--scheduler", "tcp://127.0.0.1:9"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "cannot connect to the Dask scheduler at tcp://127.0.0.1:9" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("option", [["--workers", "2"], ["--scheduler", "tcp://h:8786"]])
def test_without_dask_the_options_say_how_to_install_it(monkeypatch, capsys, option):
    monkeypatch.setitem(sys.modules, "distributed", None)       # import distributed fails
    with pytest.raises(SystemExit) as e:
        cli.main([str(SAMPLES / "norvig_hardest.txt"), *option])
    assert e.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{option[0]} needs Dask, which is not installed: pip install \"eagerflow[dask]\"" \
        in err
    with pytest.raises(on_dask.DaskMissing, match=r'pip install "eagerflow\[dask\]"'):
        with on_dask.connect(workers=2):
            pass


def test_chunk_size_needs_a_cluster(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main([str(SAMPLES / "norvig_hardest.txt"), "--chunk-size", "10"])
    assert e.value.code == 2
    assert "--chunk-size needs --workers or --scheduler" in capsys.readouterr().err


def test_workers_and_scheduler_exclude_each_other(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["--workers", "2", "--scheduler", "tcp://h:8786"])
    assert e.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
