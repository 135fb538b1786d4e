"""The README's quick start runs as written (keeps the README true)."""
import contextlib
import io
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_quick_start_block_runs():
    text = open(os.path.join(ROOT, "README.md")).read()
    block = re.search(r"## Quick start\s+```python\n(.*?)```", text, re.S).group(1)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README quick start", "exec"), {})
    printed = out.getvalue()
    assert "tf.Tensor(\n[[ 7. 10.]\n [15. 22.]], shape=(2, 2), dtype=float32)" in printed
    assert "tf.Tensor(27.0, shape=(), dtype=float32)" in printed
