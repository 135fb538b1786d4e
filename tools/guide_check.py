"""Runs TensorFlow's guide notebooks cell by cell under TensorFlow and under eagerflow and reports
which cells give the same output (the yardstick of "real TF2 code runs unchanged").

    python tools/guide_check.py DOCS/site/en/guide/function.ipynb [more.ipynb ...] [--json OUT]
        [--show-diffs] [--timeout 60]

DOCS is a checkout of github.com/tensorflow/docs (the notebooks are not part of this repository).
Each notebook runs in two fresh processes, one per library, its code cells in order in one
namespace, as Jupyter would: a cell's output is what it prints plus the repr of its last
expression, or the class of the exception it raises. Shell (``!``) and magic (``%``) lines are
dropped. In the eagerflow process ``import tensorflow as tf`` (and ``import keras``) give eagerflow.
Cells are compared after masking what legitimately varies (addresses, timings, progress bars'
speeds). A cell that fails under TensorFlow itself (downloads, GPUs, missing extras) is left out
of the count. TensorFlow needs to be importable in the same interpreter (the venv CI uses).
"""
import argparse
import ast
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# the child: runs the cells it reads as JSON on stdin, writes one JSON record per cell to stdout
_CHILD = r'''
import ast, io, json, os, signal, sys, traceback, contextlib, warnings
lib, timeout = sys.argv[1], float(sys.argv[2])
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("MPLBACKEND", "Agg")
warnings.filterwarnings("ignore")
if lib == "eagerflow":
    import eagerflow
    sys.modules["tensorflow"] = eagerflow
    try:
        sys.modules["keras"] = eagerflow.keras
    except AttributeError:
        pass
import importlib
importlib.import_module("tensorflow")  # (the import is not a cell's time)
cells = json.load(sys.stdin)
out = sys.__stdout__
ns = {"__name__": "__main__"}

class Timeout(BaseException):
    pass

def alarm(*_):
    raise Timeout()

signal.signal(signal.SIGALRM, alarm)
for src in cells:
    buf = io.StringIO()
    rec = {"out": "", "error": None}
    try:
        tree = ast.parse(src)
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(io.StringIO()):
            exec(compile(tree, "<cell>", "exec"), ns)
            if last is not None:
                v = eval(compile(last, "<cell>", "eval"), ns)
                if v is not None:
                    print(repr(v))
    except Timeout:
        rec["error"] = "Timeout"
    except BaseException as e:  # the cell's error is its output
        rec["error"] = type(e).__name__
        rec["message"] = str(e).split("\n")[0][:300]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    rec["out"] = buf.getvalue()[-20000:]
    out.write(json.dumps(rec) + "\n")
    out.flush()
'''

_MASKS = [
    (re.compile(r"0x[0-9a-fA-F]+"), "0x?"),
    (re.compile(r"\d+(\.\d+)?\s*(ms|s|us|µs|ns)(/step)?\b"), "<time>"),
    (re.compile(r"\d+(\.\d+)?(e-?\d+)? seconds\b"), "<time>"),  # timeit.timeit's result printed
    (re.compile(r"(ETA|eta):?\s*\S+"), "ETA ?"),
    (re.compile(r"at 0x\?"), "at 0x?"),
    (re.compile(r"Wall time: .*"), "Wall time: ?"),
    (re.compile(r"CPU times: .*"), "CPU times: ?"),
    (re.compile(r"\d+ loops?, best of \d+: .*"), "<timeit>"),
    (re.compile(r"[\d.]+ [µmun]?s ± [\d.]+ [µmun]?s per loop.*"), "<timeit>"),
]


# errors of TF's own run that say the environment, not the library, stopped the cell
_ENVIRONMENTAL = {"ModuleNotFoundError", "ImportError", "Timeout", "NameError", "OSError",
                  "URLError", "HTTPError", "ConnectionError", "FileNotFoundError", "Crashed"}


def cells_of(path):
    """The code cells of a notebook, shell and magic lines dropped."""
    nb = json.load(open(path, encoding="utf-8"))
    cells = []
    for c in nb.get("cells", []):
        if c.get("cell_type") != "code":
            continue
        src = "".join(c.get("source", []))
        lines = [ln for ln in src.split("\n") if not ln.lstrip().startswith(("!", "%"))]
        src = "\n".join(lines).strip()
        if not src:
            continue
        try:
            ast.parse(src)
        except SyntaxError:
            continue
        cells.append(src)
    return cells


def run(lib, cells, timeout):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.join(ROOT, "src") + os.pathsep + env.get("PYTHONPATH", "")
    with tempfile.TemporaryDirectory() as cwd:  # the guides write checkpoints and models
        p = subprocess.run([sys.executable, "-c", _CHILD, lib, str(timeout)],
                           input=json.dumps(cells), capture_output=True, text=True, env=env,
                           cwd=cwd, timeout=timeout * len(cells) + 120)
    recs = [json.loads(ln) for ln in p.stdout.splitlines() if ln.startswith("{")]
    while len(recs) < len(cells):  # the process died: the rest did not run
        recs.append({"out": "", "error": "Crashed"})
    return recs


def norm(text):
    for rx, sub in _MASKS:
        text = rx.sub(sub, text)
    return text.strip()


def compare(path, timeout):
    cells = cells_of(path)
    ref, ours = run("tensorflow", cells, timeout), run("eagerflow", cells, timeout)
    rows = []
    for i, (src, a, b) in enumerate(zip(cells, ref, ours)):
        if a["error"] in _ENVIRONMENTAL:
            status = "tf-fails"  # downloads, GPUs, extras, or an earlier such cell
        elif a["error"] or b["error"]:
            status = "same" if a["error"] == b["error"] and norm(a["out"]) == norm(b["out"]) \
                else "differs"
        else:
            status = "same" if norm(a["out"]) == norm(b["out"]) else "differs"
        rows.append({"cell": i, "status": status, "source": src, "tf": a, "eagerflow": b})
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("notebooks", nargs="+")
    ap.add_argument("--json", help="write every cell's outputs here")
    ap.add_argument("--show-diffs", action="store_true", help="print the cells that differ")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per cell")
    args = ap.parse_args(argv)
    report, tot_same, tot_n = {}, 0, 0
    print("%-32s %6s %6s %8s" % ("notebook", "cells", "same", "share"))
    for path in args.notebooks:
        rows = compare(path, args.timeout)
        counted = [r for r in rows if r["status"] != "tf-fails"]
        same = sum(r["status"] == "same" for r in counted)
        tot_same += same
        tot_n += len(counted)
        name = os.path.basename(path)
        report[name] = rows
        print("%-32s %6d %6d %7.0f%%" % (name, len(counted), same,
                                         100.0 * same / max(1, len(counted))))
        if args.show_diffs:
            for r in counted:
                if r["status"] == "differs":
                    print("  -- cell %d: %s" % (r["cell"], r["source"].split("\n")[0][:90]))
                    for lib in ("tf", "eagerflow"):
                        rec = r[lib]
                        txt = rec["error"] and "%s: %s" % (rec["error"], rec.get("message", ""))
                        print("     %-9s %s" % (lib, (txt or norm(rec["out"]))[:300]
                                                .replace("\n", "\n" + " " * 15)))
    print("%-32s %6d %6d %7.0f%%" % ("all", tot_n, tot_same, 100.0 * tot_same / max(1, tot_n)))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
