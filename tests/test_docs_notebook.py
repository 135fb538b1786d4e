"""The tutorial notebooks under docs/ execute from top to bottom (through nbmake, in a subprocess,
as ``pytest --nbmake docs/`` would run them in CI)."""
import glob
import importlib.util
import os
import subprocess
import sys
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOKS = sorted(glob.glob(os.path.join(ROOT, "docs", "*.ipynb")))


def test_notebooks_are_committed_without_outputs():
    import json
    assert NOTEBOOKS, "docs/ has no notebook"
    for path in NOTEBOOKS:
        nb = json.load(open(path))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs") and cell.get("execution_count") is None, path


@pytest.mark.skipif(importlib.util.find_spec("nbmake") is None,
                    reason="executing the notebooks needs nbmake (pip install -e .[test])")
def test_docs_notebooks_execute():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([os.path.join(ROOT, "src")] +
                                        [p for p in [env.get("PYTHONPATH")] if p])
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbmake", "--nbmake-timeout=120", "-q",
         "-p", "no:cacheprovider", "--rootdir", ROOT, "-o", "addopts=", "docs"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - start
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
    assert "%d passed" % len(NOTEBOOKS) in proc.stdout, proc.stdout[-2000:]
    assert elapsed < 120, "the notebooks took %.0f s" % elapsed
