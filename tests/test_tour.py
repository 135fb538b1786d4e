"""The main job: ``python -m eagerflow`` runs every part of the tour and prints TF's text."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(*args):
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "src"))
    return subprocess.run([sys.executable, "-m", "eagerflow", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_tour_runs_every_part():
    r = run()
    assert r.returncode == 0, r.stderr
    out = r.stdout
    for title in ("1. Tensors", "2. Variables", "3. NumPy interop", "4. Sudoku", "5. Gradients"):
        assert title in out
    assert "tf.Tensor(4, shape=(), dtype=int32)" in out
    assert "solved with 770 recursive calls" in out
    assert "d(w^3)/dw at w = 3: tf.Tensor(27.0, shape=(), dtype=float32)" in out
    assert "d(x^2 + y - z^2)/dz at z = 2: tf.Tensor(-4.0, shape=(), dtype=float32)" in out
    assert "second derivative of w^3 at 3: tf.Tensor(18.0, shape=(), dtype=float32)" in out
    assert "tour finished in" in out


def test_tour_parts_can_be_chosen_and_unknown_ones_are_refused():
    r = run("gradients")
    assert r.returncode == 0 and "5. Gradients" in r.stdout and "4. Sudoku" not in r.stdout
    r = run("nonsense")
    assert r.returncode == 2 and "unknown part" in r.stderr
