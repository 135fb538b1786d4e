"""The command line through its real entry point: `python -m eagerflow.sudoku`."""
import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from eagerflow.sudoku.grid_io import NOTEBOOK_PUZZLE, format_grid

from .helpers import assert_solves, cli_env, load

P = "4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......"
S = "417369825632158947958724316825437169791586432346912758289643571573291684164875293"
NOTEBOOK_SOLUTION = ("316578492529134768487629531263415987974863125851792643"
                     "138947256692351874745286319")


def run(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "eagerflow.sudoku", *args], input=stdin,
                          capture_output=True, text=True, env=cli_env(), timeout=300)


def test_no_arguments_solves_the_notebook_puzzle_as_a_grid():
    r = subprocess.run([sys.executable, "-m", "eagerflow.sudoku"], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, env=cli_env(), timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout == format_grid(NOTEBOOK_SOLUTION) + "\n"
    assert "1 solved, 0 failed" in r.stderr


def test_stdin_lines_in_order():
    puzzles = load("norvig_top95.txt", 5)
    r = run(stdin="\n".join(puzzles) + "\n")
    assert r.returncode == 0, r.stderr
    out = r.stdout.splitlines()
    assert len(out) == 5
    for p, s in zip(puzzles, out):
        assert_solves(p, s)
    assert "puzzles/s" in r.stderr


def test_files_formats_and_grid_input(tmp_path):
    lines = tmp_path / "lines.txt"
    lines.write_text(P.replace(".", "0") + "\n")
    grid = tmp_path / "grid.txt"
    grid.write_text(format_grid(NOTEBOOK_PUZZLE) + "\n")
    r = run(str(lines), str(grid), "--verify")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [S, NOTEBOOK_SOLUTION]
    r = run(str(lines), "--format", "grid")
    assert r.stdout == format_grid(S) + "\n"
    r = run(str(grid))                                   # grid input prints grids by default
    assert r.stdout == format_grid(NOTEBOOK_SOLUTION) + "\n"
    r = run(str(grid), "--format", "line", "--solver", "backtrack")
    assert r.stdout == NOTEBOOK_SOLUTION + "\n"
    r = run("-", str(lines), stdin=P + "\n")
    assert r.stdout.splitlines() == [S, S]


def test_malformed_lines_are_reported_and_the_rest_solved(tmp_path):
    bad = tmp_path / "mixed.txt"
    bad.write_text("\n".join([P, P[:80], "11" + P[2:], P[:9] + "z" + P[10:], P]) + "\n")
    r = run(str(bad))
    assert r.returncode == 1
    out = r.stdout.splitlines()
    assert out[0] == out[4] == S
    assert out[1].startswith("# ") and ":2: invalid: wrong length" in out[1]
    assert f"{bad}:2: invalid: wrong length: 80 characters" in r.stderr
    assert f"{bad}:3: invalid: digit 1 repeated in row 1" in r.stderr
    assert f"{bad}:4: invalid: bad character 'z'" in r.stderr
    assert "2 solved, 3 failed" in r.stderr


def test_json_schema():
    unsolvable = ".12345678" + "9" + "." * 71
    r = run("--json", stdin="\n".join([P, unsolvable, "x"]) + "\n")
    assert r.returncode == 1
    assert "<stdin>:2: no solution\n" in r.stderr and "<stdin>:3: invalid: wrong length" in r.stderr
    doc = json.loads(r.stdout)
    assert doc["solver"] == "tensor" and doc["mode"] == "first"
    keys = {"index", "source", "line", "puzzle", "status", "reason", "solution", "solutions",
            "nodes", "time"}
    assert all(keys <= set(p) for p in doc["puzzles"])
    statuses = [(p["index"], p["line"], p["status"], p["solutions"]) for p in doc["puzzles"]]
    assert statuses == [(0, 1, "solved", 1), (1, 2, "no solution", 0), (2, 3, "invalid", 0)]
    assert doc["puzzles"][0]["solution"] == S and doc["puzzles"][0]["puzzle"] == P
    assert doc["puzzles"][2]["puzzle"] is None and "wrong length" in doc["puzzles"][2]["reason"]
    assert isinstance(doc["puzzles"][0]["time"], float) and doc["puzzles"][0]["nodes"] >= 1
    s = doc["summary"]
    assert (s["puzzles"], s["solved"], s["failed"]) == (3, 1, 2)
    assert s["by_status"] == {"solved": 1, "no solution": 1, "multiple": 0, "invalid": 1,
                              "limit": 0}
    assert s["puzzles_per_second"] > 0


def test_kaggle_csv_checks_the_given_solution(tmp_path):
    wrong = S[:2] + S[3] + S[2] + S[4:]
    f = tmp_path / "kaggle.csv"
    f.write_text(f"quizzes,solutions\n{P.replace('.', '0')},{S}\n{P.replace('.', '0')},{wrong}\n")
    r = run(str(f), "--json")
    doc = json.loads(r.stdout)
    assert [p["given_solution"][:7] for p in doc["puzzles"]] == ["ok", "invalid"]
    assert [p["line"] for p in doc["puzzles"]] == [2, 3]
    assert r.returncode == 1 and f"{f}:3:" in r.stderr


def test_modes_and_exit_codes():
    serg = load("tdoku_serg_benchmark.txt", 2)
    r = run("--mode", "unique", "--json", stdin="\n".join(serg) + "\n")
    assert r.returncode == 1 and "<stdin>:2: more than one solution" in r.stderr
    assert [(p["status"], p["solutions"]) for p in json.loads(r.stdout)["puzzles"]] == \
        [("multiple", 2)] * 2
    r = run("--mode", "count", "--limit", "100000", "--json", stdin="\n".join(serg) + "\n")
    assert r.returncode == 0
    assert all(p["status"] == "multiple" and p["solutions"] >= 2
               for p in json.loads(r.stdout)["puzzles"])
    r = run("--mode", "unique", stdin=P + "\n")
    assert (r.returncode, r.stdout) == (0, S + "\n")


def test_empty_grid_count_all_returns_promptly():
    r = run("--mode", "count", "--limit", "1000000000", "--json", stdin="." * 81 + "\n")
    assert r.returncode == 1
    (p,) = json.loads(r.stdout)["puzzles"]
    assert p["status"] == "limit" and p["reason"] == "limit reached"


@pytest.mark.parametrize("args", [["--solver", "nope"], ["--limit", "0"], ["--node-limit", "0"],
                                  ["/no/such/file"]])
def test_usage_errors_exit_2(args):
    r = run(*args)
    assert r.returncode == 2 and r.stderr


def test_verify_and_quiet():
    r = run("--verify", "--quiet", "--json", stdin=P + "\n")
    assert r.returncode == 0 and r.stderr == ""
    assert json.loads(r.stdout)["puzzles"][0]["verified"] is True


def test_progress_bar_only_for_big_inputs_on_a_terminal(monkeypatch):
    from eagerflow.sudoku import cli
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert cli._progress_bar(cli.PROGRESS_MIN, quiet=False) is None
    assert cli._progress_bar(5000, quiet=True) is None
    bar = cli._progress_bar(5000, quiet=False)
    try:
        import tqdm  # noqa: F401
    except ImportError:
        assert bar is None                     # tqdm is optional
    else:
        bar.update(5000)
        bar.close()
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    assert cli._progress_bar(5000, quiet=False) is None


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.one_of(
    st.text(alphabet="0123456789.", min_size=75, max_size=85),
    st.text(alphabet="123456789.|-+ ,x", max_size=30),
    st.sampled_from([P, "." * 81, NOTEBOOK_PUZZLE, f"{P},{S}", f"{P},{P}"])), max_size=12))
def test_fuzzed_input_never_crashes(tmp_path_factory, capsys, lines):
    from eagerflow.sudoku import cli
    path = tmp_path_factory.mktemp("fuzz") / "in.txt"
    path.write_text("\n".join(lines) + "\n")
    code = cli.main([str(path), "--json", "--node-limit", "2000", "--time-limit", "20"])
    out = capsys.readouterr()
    assert code in (0, 1)
    doc = json.loads(out.out)
    assert all(p["status"] in ("solved", "no solution", "multiple", "invalid", "limit")
               for p in doc["puzzles"])
    for p in doc["puzzles"]:
        if p["solution"]:
            assert_solves(p["puzzle"], p["solution"])


def test_closed_output_pipe_ends_quietly(tmp_path):
    data = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "sudoku",
                        "tdoku_magictour_top1465.txt")  # output well past a pipe buffer
    if not os.path.exists(data):
        pytest.skip("shared puzzle sets not present")
    env = dict(os.environ, PYTHONPATH=os.path.join(os.path.dirname(__file__), "..", "..", "src"))
    r = subprocess.run("%s -m eagerflow.sudoku --json %s | head -c 20" % (sys.executable, data),
                       shell=True, capture_output=True, text=True, env=env, timeout=120)
    assert "Traceback" not in r.stderr, r.stderr
