"""The command line through its real entry point: `python -m eagerflow.sudoku`."""
import json
import os
import select
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from eagerflow.sudoku.grid_io import NOTEBOOK_PUZZLE, format_grid

from .helpers import SAMPLES, assert_solves, cli_env, load

P = "4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......"
S = "417369825632158947958724316825437169791586432346912758289643571573291684164875293"
NOTEBOOK_SOLUTION = ("316578492529134768487629531263415987974863125851792643"
                     "138947256692351874745286319")
# The notebook's solution with 50 cells blanked: exactly 10 solutions.
TEN = "3.6...4..5.9.34..8....2...12.3...9...74863..5...7...431.8......6.....8.4.4..8.31."
EMPTY = "." * 81
DEAD_CELL = ".12345678" + "9" + "." * 71      # well formed, no solution
CLI = [sys.executable, "-m", "eagerflow.sudoku"]


def run(*args, stdin=""):
    return subprocess.run(CLI + list(args), input=stdin, capture_output=True, text=True,
                          env=cli_env(), timeout=300)


def run_shell(command, timeout=120):
    """`command` in sh, with CLI standing for the command line."""
    cli = " ".join(CLI)
    return subprocess.run(command.replace("CLI", cli), shell=True, capture_output=True,
                          text=True, env=cli_env(), timeout=timeout)


def no_traceback(r):
    assert "Traceback" not in r.stderr and "Error:" not in r.stderr, r.stderr


def _default_sigint():
    signal.signal(signal.SIGINT, signal.SIG_DFL)      # even if the test runner ignores SIGINT


def start(*args, stdin=subprocess.DEVNULL):
    return subprocess.Popen(CLI + list(args), stdin=stdin, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=cli_env(), preexec_fn=_default_sigint)


def read_line(pipe, deadline):
    """One line of `pipe` (bytes), waiting at most until `deadline`."""
    line = b""
    while not line.endswith(b"\n"):
        ready, _, _ = select.select([pipe], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise AssertionError(f"no output line within the time allowed (got {line!r})")
        ch = os.read(pipe.fileno(), 1)
        if not ch:
            break
        line += ch
    return line


# ---- input and output -------------------------------------------------------------------------

def test_no_arguments_solves_the_notebook_puzzle_as_a_grid():
    r = subprocess.run(CLI, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       env=cli_env(), timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout == format_grid(NOTEBOOK_SOLUTION) + "\n"
    assert "1 puzzle in" in r.stderr and "1 solved, 0 failed" in r.stderr
    assert "no FILE given" not in r.stderr                 # stdin is not a pipe: no hint


def test_no_arguments_never_reads_an_open_stdin_pipe():
    # `sleep 30 | eagerflow-sudoku` used to wait for the pipe to close.
    p = start(stdin=subprocess.PIPE)
    try:
        p.wait(timeout=120)                                 # stdin stays open all along
        out, err = p.stdout.read().decode(), p.stderr.read().decode()
    finally:
        p.stdin.close()
        if p.poll() is None:
            p.kill()
        p.stdout.close()
        p.stderr.close()
    assert p.returncode == 0, err
    assert out == format_grid(NOTEBOOK_SOLUTION) + "\n"
    assert "no FILE given: solving the notebook's puzzle (give '-' to read standard input)" in err


def test_stdin_is_read_only_for_dash():
    puzzles = load("norvig_top95.txt", 5)
    r = run("-", stdin="\n".join(puzzles) + "\n")
    assert r.returncode == 0, r.stderr
    out = r.stdout.splitlines()
    assert len(out) == 5
    for p, s in zip(puzzles, out):
        assert_solves(p, s)
    assert "5 puzzles in" in r.stderr and "puzzles/s" in r.stderr
    r = run(stdin="\n".join(puzzles) + "\n")             # no FILE: the notebook's puzzle
    assert r.returncode == 0 and r.stdout == format_grid(NOTEBOOK_SOLUTION) + "\n"
    assert "give '-' to read standard input" in r.stderr


# (A directory on stdin stops the Python interpreter itself before any code runs.)
@pytest.mark.parametrize("redirect,reason", [("<&-", "it is closed"),
                                             ("0>/dev/null", "Bad file descriptor")])
def test_unreadable_stdin_is_reported_without_a_traceback(tmp_path, redirect, reason):
    good = tmp_path / "good.txt"
    good.write_text(P + "\n")
    r = run_shell(f"CLI - {good} {redirect}")
    no_traceback(r)
    assert f"eagerflow-sudoku: cannot read standard input: {reason}" in r.stderr
    assert r.returncode == 1
    assert r.stdout == S + "\n"                            # the other file is still solved
    assert "1 file not read" in r.stderr


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
    r = run(str(grid), str(grid))
    grid_out = format_grid(NOTEBOOK_SOLUTION) + "\n"
    assert r.stdout == grid_out + "\n" + grid_out                 # grids apart by a blank line
    r = run(str(grid), "--format", "line", "--solver", "backtrack")
    assert r.stdout == NOTEBOOK_SOLUTION + "\n"
    r = run("-", str(lines), stdin=P + "\n")
    assert r.stdout.splitlines() == [S, S]


def test_missing_files_are_reported_and_the_others_solved(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(P + "\n")
    r = run(str(tmp_path / "missing.txt"), str(good), str(tmp_path), str(good))
    no_traceback(r)
    assert r.returncode == 1
    assert r.stdout == S + "\n" + S + "\n"
    assert f"cannot read {tmp_path / 'missing.txt'}: No such file or directory" in r.stderr
    assert f"cannot read {tmp_path}: Is a directory" in r.stderr
    assert "2 puzzles in" in r.stderr and "2 solved, 0 failed; 2 files not read" in r.stderr
    r = run(str(tmp_path / "missing.txt"), "--json")
    doc = json.loads(r.stdout)
    assert r.returncode == 1 and doc["puzzles"] == []
    assert doc["summary"]["unread_files"] == [
        {"file": str(tmp_path / "missing.txt"), "reason": "No such file or directory"}]


@pytest.mark.parametrize("batch", ["1", "2", "8192"])
def test_malformed_lines_are_reported_once_and_the_rest_solved(tmp_path, batch):
    bad = tmp_path / "mixed.txt"
    bad.write_text("\n".join([P[:3], P, P[:80], "11" + P[2:], P[:9] + "z" + P[10:], P, "x"])
                   + "\n")
    r = run(str(bad), "--batch-size", batch)
    assert r.returncode == 1
    out = r.stdout.splitlines()
    assert len(out) == 7
    assert out[1] == out[5] == S
    assert out[0].startswith("# ") and f"{bad}:1: invalid: wrong length: 3" in out[0]
    assert out[2].startswith("# ") and ":3: invalid: wrong length" in out[2]
    assert f"{bad}:3: invalid: wrong length: 80 characters" in r.stderr
    assert f"{bad}:4: invalid: digit 1 repeated in row 1" in r.stderr
    assert (f"{bad}:5: invalid: bad character 'z' at cell 10 (expected 1-9, or one of "
            ". 0 - _ * for a blank)") in r.stderr
    assert "2 puzzles in" in r.stderr and "2 solved, 0 failed; 5 invalid lines" in r.stderr


# ---- encodings, blanks, line breaks -----------------------------------------------------------

def test_utf8_byte_order_mark_is_accepted(tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + (P + "\n" + P + "\r\n").encode())
    r = run(str(f))
    assert (r.returncode, r.stdout) == (0, S + "\n" + S + "\n"), r.stderr
    r = run("-", stdin="\ufeff" + P + "\n")
    assert (r.returncode, r.stdout) == (0, S + "\n"), r.stderr
    g = tmp_path / "grid.txt"
    g.write_bytes(b"\xef\xbb\xbf" + format_grid(NOTEBOOK_PUZZLE).encode() + b"\n")
    r = run(str(g))
    assert (r.returncode, r.stdout) == (0, format_grid(NOTEBOOK_SOLUTION) + "\n"), r.stderr


@pytest.mark.parametrize("encoding,looks_like", [("utf-16", "UTF-16 (it starts with a UTF-16"),
                                                 ("utf-16-le", "UTF-16 or UTF-32"),
                                                 ("utf-32", "UTF-32 (it starts")])
def test_utf16_and_utf32_files_say_not_utf8(tmp_path, encoding, looks_like):
    f = tmp_path / "wide.txt"
    f.write_bytes((P + "\n" + P + "\n").encode(encoding))
    good = tmp_path / "good.txt"
    good.write_text(P + "\n")
    r = run(str(f), str(good))
    no_traceback(r)
    assert r.returncode == 1 and r.stdout == S + "\n"
    assert f"eagerflow-sudoku: cannot read {f}: not UTF-8: it looks like {looks_like}" in r.stderr
    assert "1 file not read" in r.stderr


def test_a_line_that_is_not_utf8_is_reported_with_its_line(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes(b"# caf\xe9: a comment in Latin-1 is skipped\n" + P.encode() + b"\n"
                  + b"\xe9" + P[1:].encode() + b"\n" + P.encode() + b"\n")
    r = run(str(f))
    no_traceback(r)
    assert r.returncode == 1
    assert r.stdout.splitlines()[0] == r.stdout.splitlines()[2] == S
    assert f"{f}:3: invalid: not UTF-8: byte 0xe9 at byte 1 of the line" in r.stderr


@pytest.mark.parametrize("blank", list(".0-_*"))
def test_common_blank_characters(blank):
    r = run("-", stdin=P.replace(".", blank) + "\n")
    assert (r.returncode, r.stdout) == (0, S + "\n"), r.stderr


def test_dash_blanks_in_grids_and_separator_lines(tmp_path):
    # A grid written with '-' blanks, its rule lines, and a row of nine '-' blanks.
    loose = "." * 9 + NOTEBOOK_SOLUTION[9:]
    text = "\n".join([format_grid(P).replace(".", "-"), "",
                      "+-------+-------+-------+", format_grid(loose).replace(".", "-"),
                      "=======", ""])
    f = tmp_path / "dashes.txt"
    f.write_text(text)
    r = run(str(f), "--format", "line")
    assert (r.returncode, r.stdout.splitlines()) == (0, [S, NOTEBOOK_SOLUTION]), r.stderr


def test_line_numbers_count_only_newline_cr_and_crlf(tmp_path):
    # \f, \x1c, \x85 and \u2028 are characters of a line (str.splitlines would break there).
    f = tmp_path / "odd.txt"
    f.write_bytes("\r\n".join([P, P[:40] + "\f" + P[41:], P[:10] + "\u2028" + P[11:],
                               P + "\x85", "\x1c", P]).encode() + b"\r" + P.encode() + b"\n")
    r = run(str(f))
    assert r.returncode == 1
    assert f"{f}:2: invalid: bad character '\\x0c' at cell 41" in r.stderr
    assert f"{f}:3: invalid: bad character '\\u2028' at cell 11" in r.stderr
    out = r.stdout.splitlines()
    assert len(out) == 6 and out[0] == out[3] == out[4] == out[5] == S
    assert out[1].startswith(f"# {f}:2: invalid: bad character")
    assert out[2].startswith(f"# {f}:3: invalid: bad character")
    doc = json.loads(run(str(f), "--json").stdout)
    assert [p["line"] for p in doc["puzzles"]] == [1, 2, 3, 4, 6, 7]


# ---- modes, limits and messages ---------------------------------------------------------------

def test_json_schema():
    r = run("--json", "-", stdin="\n".join([P, DEAD_CELL, "x"]) + "\n")
    assert r.returncode == 1
    assert "<stdin>:2: no solution\n" in r.stderr and "<stdin>:3: invalid: wrong length" in r.stderr
    doc = json.loads(r.stdout)
    assert doc["solver"] == "tensor" and doc["mode"] == "first"
    assert (doc["node_limit"], doc["time_limit"], doc["count_limit"]) == (50_000, None, None)
    keys = {"index", "source", "line", "puzzle", "status", "reason", "solution", "solutions",
            "nodes", "time", "stopped_by", "batch", "batch_size", "batch_time", "finished_after"}
    assert all(keys == set(p) for p in doc["puzzles"])
    statuses = [(p["index"], p["line"], p["status"], p["solutions"]) for p in doc["puzzles"]]
    assert statuses == [(0, 1, "solved", 1), (1, 2, "no solution", 0), (2, 3, "invalid", 0)]
    first = doc["puzzles"][0]
    assert first["solution"] == S and first["puzzle"] == P and first["nodes"] >= 1
    # The tensor solver searches a batch at once: no per-puzzle time, the batch's instead.
    assert first["time"] is None and first["batch"] == 0 and first["batch_size"] == 2
    assert 0 <= first["finished_after"] <= first["batch_time"]
    assert doc["puzzles"][2]["puzzle"] is None and "wrong length" in doc["puzzles"][2]["reason"]
    s = doc["summary"]
    assert (s["puzzles"], s["ok"], s["failed"], s["invalid"], s["solved"]) == (2, 1, 1, 1, 1)
    assert s["by_status"] == {"solved": 1, "no solution": 1, "multiple": 0, "invalid": 1,
                              "limit": 0}
    assert s["puzzles_per_second"] > 0 and s["interrupted"] is False and s["not_done"] == 0
    r = run("--json", "--solver", "backtrack", "-", stdin=(NOTEBOOK_PUZZLE + "\n") * 2)
    p0, p1 = json.loads(r.stdout)["puzzles"]
    assert p0["time"] > 0 and p0["time"] == p0["batch_time"] == p0["finished_after"]
    assert (p0["batch"], p1["batch"], p0["batch_size"]) == (0, 1, 1)


def test_kaggle_csv_checks_the_given_solution(tmp_path):
    wrong = S[:2] + S[3] + S[2] + S[4:]
    f = tmp_path / "kaggle.csv"
    f.write_text(f"quizzes,solutions\n{P.replace('.', '0')},{S}\n{P.replace('.', '0')},{wrong}\n")
    r = run(str(f), "--json")
    doc = json.loads(r.stdout)
    assert [p["given_solution"][:7] for p in doc["puzzles"]] == ["ok", "invalid"]
    assert [p["line"] for p in doc["puzzles"]] == [2, 3]
    assert r.returncode == 1 and f"{f}:3:" in r.stderr
    r = run(str(f))
    assert "2 puzzles in" in r.stderr and "1 solved, 1 failed" in r.stderr


def test_modes_and_exit_codes():
    serg = load("tdoku_serg_benchmark_first100.txt", 2)
    r = run("--mode", "unique", "--json", "-", stdin="\n".join(serg) + "\n")
    assert r.returncode == 1 and "<stdin>:2: more than one solution" in r.stderr
    assert [(p["status"], p["solutions"]) for p in json.loads(r.stdout)["puzzles"]] == \
        [("multiple", 2)] * 2
    r = run("--mode", "unique", "-", stdin="\n".join(serg) + "\n")
    assert r.stdout.splitlines() == ["# <stdin>:1: more than one solution",
                                     "# <stdin>:2: more than one solution"]
    r = run("--mode", "count", "--limit", "100000", "--json", "-", stdin="\n".join(serg) + "\n")
    assert r.returncode == 0
    assert all(p["status"] == "multiple" and p["solutions"] >= 2
               for p in json.loads(r.stdout)["puzzles"])
    r = run("--mode", "unique", "-", stdin=P + "\n")
    assert (r.returncode, r.stdout) == (0, S + "\n")


def test_count_mode_prints_counts_and_names_the_limit_that_stopped_it():
    r = run("--mode", "count", "-", stdin="\n".join([TEN, P, DEAD_CELL]) + "\n")
    assert r.stdout.splitlines() == ["10 solutions", "1 solution", "0 solutions"]
    assert r.returncode == 1 and "<stdin>:3: no solution" in r.stderr
    assert "3 puzzles in" in r.stderr and "2 counted, 1 failed" in r.stderr
    # Reaching --limit answers the question ("5 or more"): not a failure.
    r = run("--mode", "count", "--limit", "5", "-", stdin=TEN + "\n")
    assert (r.returncode, r.stdout) == (0, "5 or more solutions (count stopped at --limit)\n")
    doc = json.loads(run("--mode", "count", "--limit", "5", "--json", "-", stdin=TEN).stdout)
    (p,) = doc["puzzles"]
    assert (p["status"], p["stopped_by"], p["solutions"]) == ("limit", "count", 5)
    assert p["reason"] == "count stopped at --limit 5: 5 or more solutions"
    assert doc["count_limit"] == 5
    # The node limit is a failure, and the message says which limit and its value.
    r = run("--mode", "count", "--node-limit", "300", "-", stdin=EMPTY + "\n")
    assert r.returncode == 1
    assert r.stdout.startswith("# <stdin>:1: node limit reached (--node-limit 300) after ")
    assert "<stdin>:1: node limit reached (--node-limit 300)" in r.stderr


def test_empty_grid_count_all_returns_promptly():
    r = run("--mode", "count", "--limit", "1000000000", "--json", "-", stdin=EMPTY + "\n")
    assert r.returncode == 1
    (p,) = json.loads(r.stdout)["puzzles"]
    assert (p["status"], p["stopped_by"]) == ("limit", "nodes")
    assert p["reason"].startswith("node limit reached (--node-limit 50000, the default for "
                                  "--solver tensor) after ")


def test_time_limit_is_named_in_the_message():
    r = run("--mode", "count", "--limit", "1000000000", "--node-limit", "100000000",
            "--time-limit", "0.3", "-", stdin=EMPTY + "\n")
    assert r.returncode == 1
    assert "<stdin>:1: time limit reached (--time-limit 0.3 s per batch) after " in r.stderr


def test_backtrack_names_its_default_node_limit():
    hard = load("norvig_top95.txt")[0]        # plain backtracking needs millions of nodes here
    t = time.monotonic()
    r = run("--solver", "backtrack", "-", stdin=hard + "\n")
    assert r.returncode == 1
    assert ("<stdin>:1: node limit reached (--node-limit 20000, the default for --solver "
            "backtrack)") in r.stderr
    assert "raise --node-limit, or use --solver tensor" in r.stderr
    assert "1 puzzle in" in r.stderr and "0 solved, 1 failed" in r.stderr
    assert "puzzles/s" not in r.stderr                     # nothing solved: no rate
    assert time.monotonic() - t < 120


def test_summary_counts_each_line_once_and_rates_only_solved_work():
    r = run("-", stdin="x\n")
    assert r.returncode == 1
    assert r.stderr.splitlines()[-1] == "eagerflow-sudoku: 0 puzzles; 1 invalid line"
    r = run("-", stdin=DEAD_CELL + "\n")
    assert "1 puzzle in" in r.stderr and "0 solved, 1 failed" in r.stderr
    assert "puzzles/s" not in r.stderr
    r = run("-", stdin="")
    assert (r.returncode, r.stderr) == (0, "eagerflow-sudoku: 0 puzzles\n")


@pytest.mark.parametrize("args", [["--solver", "nope"], ["--limit", "0"], ["--node-limit", "0"],
                                  ["--batch-size", "0"], ["--limit", "x"],
                                  ["--time-limit", "-1"], ["--time-limit", "nan"],
                                  ["--time-limit", "inf"], ["--time-limit", "0"],
                                  ["--time-limit", "soon"]])
def test_usage_errors_exit_2(args):
    r = run(*args)
    assert r.returncode == 2 and "usage: eagerflow-sudoku" in r.stderr and r.stdout == ""
    no_traceback(r)


def test_verify_and_quiet():
    r = run("--verify", "--quiet", "--json", "-", stdin=P + "\n")
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


# ---- streaming, interrupts, closed pipes ------------------------------------------------------

def test_each_batch_is_written_as_soon_as_it_is_done():
    # Batch 0 (P) is quick; batch 1 (the empty grid, counted) runs into its 3 s time limit.
    p = start("-", "--mode", "count", "--limit", "1000000000", "--node-limit", "100000000",
              "--time-limit", "3", "--batch-size", "1", stdin=subprocess.PIPE)
    try:
        p.stdin.write((P + "\n" + EMPTY + "\n").encode())
        p.stdin.close()
        first = read_line(p.stdout, time.monotonic() + 60)
        assert first == b"1 solution\n"
        assert p.poll() is None                  # written while the next batch still runs
        rest = p.stdout.read().decode()
        p.wait(timeout=120)
    finally:
        if p.poll() is None:
            p.kill()
        p.stdout.close()
        err = p.stderr.read().decode()
        p.stderr.close()
    assert rest.startswith("# <stdin>:2: time limit reached (--time-limit 3 s per batch)")
    assert p.returncode == 1, err


@pytest.mark.parametrize("solver,puzzle,extra", [
    ("backtrack", NOTEBOOK_PUZZLE, []),
    ("tensor", P, ["--batch-size", "1"])])
@pytest.mark.parametrize("as_json", [False, True])
def test_ctrl_c_writes_what_was_solved_and_exits_130(tmp_path, solver, puzzle, extra, as_json):
    f = tmp_path / "many.txt"
    f.write_text((puzzle + "\n") * 3000)
    p = start(str(f), "--solver", solver, *extra, *(["--json"] if as_json else []))
    try:
        deadline = time.monotonic() + 120
        head = read_line(p.stdout, deadline) if as_json else b""
        lines = [read_line(p.stdout, deadline) for _ in range(2)]
        p.send_signal(signal.SIGINT)
        rest, err = p.communicate(timeout=120)
    finally:
        if p.poll() is None:
            p.kill()
    out, err = (head + b"".join(lines) + rest).decode(), err.decode()
    assert p.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "interrupted (Ctrl-C)" in err
    solution = S if puzzle == P else NOTEBOOK_SOLUTION
    if as_json:
        doc = json.loads(out)
        done = doc["puzzles"]
        assert 2 <= len(done) < 3000 and all(d["solution"] == solution for d in done)
        assert [d["index"] for d in done] == list(range(len(done)))
        s = doc["summary"]
        assert s["interrupted"] is True and s["not_done"] == 3000 - len(done)
        assert s["puzzles"] == s["ok"] == len(done)
    else:
        done = out.splitlines()
        assert 2 <= len(done) < 3000 and set(done) == {solution}
        assert f"{len(done)} puzzles in" in err
        assert f"interrupted, {3000 - len(done):,} puzzles not done" in err


def test_ctrl_c_while_reading_the_input_exits_130_quietly(monkeypatch, capsys):
    from eagerflow.sudoku import cli

    def interrupted(name):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_read", interrupted)
    assert cli.main(["-"]) == 130
    assert capsys.readouterr().err == "eagerflow-sudoku: interrupted\n"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler   # restored


def test_ctrl_c_waits_until_a_batch_is_written_unless_pressed_twice():
    from eagerflow.sudoku import cli
    guard = cli._Sigint()
    try:
        written = []
        with pytest.raises(KeyboardInterrupt):
            with guard.held():
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.05)
                written.append("batch")                 # not cut short by the first Ctrl-C
        assert written == ["batch"]
        with pytest.raises(KeyboardInterrupt):
            with guard.held():
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.05)
                os.kill(os.getpid(), signal.SIGINT)     # the second one stops at once
                time.sleep(0.05)
                written.append("never")
        assert written == ["batch"]
    finally:
        guard.restore()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_closed_output_pipe_ends_quietly():
    top95 = SAMPLES / "norvig_top95.txt"           # --json output well past a pipe buffer
    r = run_shell(f"CLI --json {top95} {top95} {top95} | head -c 20")
    no_traceback(r)
    t = time.monotonic()
    r = run_shell(f"CLI {top95} {top95} {top95} {top95} | head -1")
    no_traceback(r)
    assert len(r.stdout) == 82 and time.monotonic() - t < 60


# ---- fuzzing ----------------------------------------------------------------------------------

@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.one_of(
    st.text(alphabet="0123456789.-_*", min_size=75, max_size=85),
    st.text(alphabet="123456789.|-+= ,x\f\x1c\x85\u2028\ufeff", max_size=30),
    st.sampled_from([P, "." * 81, NOTEBOOK_PUZZLE, f"{P},{S}", f"{P},{P}"])), max_size=12),
    st.sampled_from(["\n", "\r\n", "\r"]))
def test_fuzzed_input_never_crashes(tmp_path_factory, capsys, lines, newline):
    from eagerflow.sudoku import cli
    path = tmp_path_factory.mktemp("fuzz") / "in.txt"
    path.write_bytes((newline.join(lines) + newline).encode())
    code = cli.main([str(path), "--json", "--node-limit", "2000", "--time-limit", "20"])
    out = capsys.readouterr()
    assert code in (0, 1)
    doc = json.loads(out.out)
    assert all(p["status"] in ("solved", "no solution", "multiple", "invalid", "limit")
               for p in doc["puzzles"])
    for p in doc["puzzles"]:
        assert 1 <= p["line"] <= max(1, len(lines))
        if p["solution"]:
            assert_solves(p["puzzle"], p["solution"])
