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


@pytest.mark.skipif(importlib.util.find_spec("nbclient") is None or
                    importlib.util.find_spec("sklearn") is None,
                    reason="needs nbclient (pip install -e .[test]) and scikit-learn's digits")
def test_training_tutorial_runs_without_tensorflow_and_keeps_its_claims(monkeypatch):
    """docs/training_tutorial.ipynb on its own, with the optional TensorFlow comparison switched
    off (the path users without TensorFlow take): every cell runs, the plots come out as PNGs, the
    test accuracies it prints meet what its text claims, and the timing table has no TF row."""
    import re

    import nbformat
    from nbclient import NotebookClient

    path = os.path.join(ROOT, "docs", "training_tutorial.ipynb")
    monkeypatch.setenv("EAGERFLOW_TUTORIAL_TF", "0")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [os.path.join(ROOT, "src")] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": os.path.dirname(path)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    pngs = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(pngs) == 4, len(pngs)  # line fit, sample digits, MLP curves, misclassified digits
    assert "TensorFlow for comparison: not installed" in text
    assert "same result as the hand loop: True" in text and "traces: 1" in text
    mlp = float(re.search(r"MLP test accuracy: ([0-9.]+)", text).group(1))
    cnn = float(re.search(r"CNN test accuracy: ([0-9.]+)", text).group(1))
    assert mlp >= 0.97 and cnn >= 0.98, (mlp, cnn)
    assert 'Model: "sequential"' in text and "Total params: 3,210" in text
    table = text[text.index("first fit (s)"):]
    assert "eagerflow" in table and "TensorFlow" not in table
