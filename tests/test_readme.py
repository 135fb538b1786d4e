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


def _block_after(text, marker):
    return re.search(re.escape(marker) + r".*?```python\n(.*?)```", text, re.S).group(1)


def test_training_and_tf1_blocks_run():
    import pytest
    pytest.importorskip("sklearn")
    text = open(os.path.join(ROOT, "README.md")).read()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_block_after(text, "Training, as TF2 code writes it"), "README keras",
                     "exec"), {})
        exec(compile(_block_after(text, "The other world, TF1's graphs"), "README TF1", "exec"),
             {})
    printed = out.getvalue()
    assert "Epoch 10/10" in printed and "val_accuracy" in printed
    assert "Trainable params: 19,210" in printed
    assert 'Tensor("MatMul:0", shape=(None, 1), dtype=float32)' in printed and "[[6.]]" in printed
