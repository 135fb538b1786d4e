"""tf.device and the device seam on the fake GPU (tests/device/standin.py): placement of new
tensors and ops, TF's device names, host copies only where TF makes them, mixing host and device
inputs, variables, the tape, an MLP step and the batched Sudoku solver "on the device"."""
import os
import subprocess
import sys

import numpy as np
import pytest

import eagerflow as tf
from eagerflow.engine import device as _device
from tests.sudoku.helpers import SAMPLES, assert_solves

GPU = "/job:localhost/replica:0/task:0/device:GPU:0"
CPU = "/job:localhost/replica:0/task:0/device:CPU:0"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_new_tensors_are_placed_by_the_scope(gpu):
    with tf.device("/GPU:0"):
        made = [tf.constant([1.0, 2.0]), tf.zeros([2, 3]), tf.ones([2], tf.int32),
                tf.fill([2], 7.0), tf.range(5), tf.random.uniform([3]),
                tf.random.normal([2, 2]), tf.eye(3), tf.linspace(0.0, 1.0, 4)]
    for t in made:
        assert t.device == GPU and type(t._v) is gpu.ndarray, t
    assert tf.constant(1.0).device == CPU


def test_device_names_as_tf_spells_them(gpu):
    for name in ("/GPU:0", "GPU:0", "/gpu:0", "/device:GPU:0", "gpu",
                 "/job:localhost/replica:0/task:0/device:GPU:0"):
        with tf.device(name):
            assert tf.constant(1.0).device == GPU, name
    for name in ("/CPU:0", "cpu", "", None):
        with tf.device(name):
            assert tf.constant(1.0).device == CPU, name
    with tf.device("/GPU:0"):
        with tf.device(None):  # an empty name keeps the enclosing device
            assert tf.constant(1.0).device == GPU


def test_bad_device_names_raise_tf_errors():
    with pytest.raises(ValueError, match="Unknown attribute 'foo' is encountered while parsing "
                                         "the device spec: 'foo'"):
        tf.device("foo")
    with pytest.raises(ValueError, match="Expecting a string device name"):
        tf.device(5)
    with pytest.raises(RuntimeError, match="tf.device does not support functions"):
        tf.device(lambda op: "CPU")


def test_without_a_gpu_the_scope_is_the_host():
    """TF's soft placement: no GPU library (CuPy absent here), so GPU scopes run on the CPU."""
    assert "GPU" not in _device._BACKENDS
    with tf.device("/GPU:0"):
        t = tf.constant([1.0]) + 1.0
    assert t.device == CPU and type(t._v) is np.ndarray
    assert tf.config.list_physical_devices("GPU") == []


def test_physical_devices_list_the_gpu(gpu):
    gpus = tf.config.list_physical_devices("GPU")
    assert [(d.name, d.device_type) for d in gpus] == [("/physical_device:GPU:0", "GPU")]
    assert repr(gpus[0]) == "PhysicalDevice(name='/physical_device:GPU:0', device_type='GPU')"
    assert [d.device_type for d in tf.config.list_physical_devices()] == ["CPU", "GPU"]


def test_ops_run_where_their_inputs_live(gpu):
    with tf.device("/GPU:0"):
        a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    host = tf.constant([[1.0, 1.0], [1.0, 1.0]])
    for out in (a + 1.0, a * host, host - a, tf.matmul(a, host), tf.exp(a), a[0], a[:, 1],
                tf.reduce_sum(a), tf.reshape(a, [4]), tf.transpose(a), a > host,
                tf.where(a > 2.0, a, host), tf.concat([a, host], 0), tf.stack([host, a])):
        assert out.device == GPU and type(out._v) is gpu.ndarray
    np.testing.assert_array_equal((a * host - host).numpy(), [[0.0, 1.0], [2.0, 3.0]])


def test_a_cpu_scope_copies_device_inputs_to_the_host(gpu):
    with tf.device("/GPU:0"):
        a = tf.constant([1.0, 2.0])
    with tf.device("/CPU:0"):
        b = a * 2.0
    assert b.device == CPU and type(b._v) is np.ndarray
    assert a.cpu().device == CPU and tf.constant([1.0]).gpu().device == GPU


def test_host_copies_happen_only_where_tf_makes_them(gpu):
    with tf.device("/GPU:0"):
        a = tf.constant([[1.5, -2.0], [3.0, 4.0]])
        before = gpu.COPIES["to_host"]
        b = tf.nn.relu(a) * 2.0 + tf.reduce_mean(a)
        assert gpu.COPIES["to_host"] == before  # the whole computation stays on the device
    host = tf.constant([[1.5, -2.0], [3.0, 4.0]])
    want = tf.nn.relu(host) * 2.0 + tf.reduce_mean(host)
    assert str(b) == str(want) and repr(b) == repr(want) and f"{b[0, 0]:.3f}" == "4.625"
    np.testing.assert_array_equal(np.asarray(b), want.numpy())
    assert type(b.numpy()) is np.ndarray and b[0, 0].numpy() == np.float32(4.625)
    assert gpu.COPIES["to_host"] > before
    with pytest.raises(TypeError, match="Implicit conversion"):
        np.asarray(b._v)  # the stand-in is strict: only explicit copies reach the host


def test_variables_live_on_the_scope_device(gpu):
    with tf.device("/GPU:0"):
        v = tf.Variable([1.0, 2.0])
    assert v.device == GPU
    v.assign_add([1.0, 1.0])
    v.assign(v * 3.0)
    v[0].assign(0.5)
    assert v.device == GPU and v.read_value().device == GPU
    np.testing.assert_array_equal(v.numpy(), [0.5, 9.0])
    assert "numpy=array([0.5, 9. ], dtype=float32)" in repr(v)


def test_the_tape_differentiates_on_the_device(gpu):
    with tf.device("/GPU:0"):
        x = tf.constant([0.5, -1.0, 2.0], tf.float64)
        w = tf.Variable([[1.0], [2.0], [3.0]], dtype=tf.float64)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.sin(x) * tf.matmul(x[None, :], w))
    dx, dw = tape.gradient(y, [x, w])
    assert dx.device == GPU and dw.device == GPU
    xs, w0 = x.numpy(), np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(dx.numpy(), np.cos(xs) * (xs @ w0) + np.sin(xs).sum() * w0)
    np.testing.assert_allclose(dw.numpy()[:, 0], np.sin(xs).sum() * xs)
    with tf.GradientTape() as outer:  # second derivative through device ops
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            z = tf.reduce_sum(x ** 3)
        dz = inner.gradient(z, x)
    np.testing.assert_allclose(outer.gradient(dz, x).numpy(), 6 * xs)


def _mlp_step(batch, seed):
    rng = np.random.default_rng(seed)
    x = tf.constant(rng.standard_normal((batch, 8)), tf.float32)
    y = tf.constant(rng.integers(0, 3, batch), tf.int32)
    w1 = tf.Variable(rng.standard_normal((8, 16)) * 0.3, dtype=tf.float32)
    b1 = tf.Variable(np.zeros(16), dtype=tf.float32)
    w2 = tf.Variable(rng.standard_normal((16, 3)) * 0.3, dtype=tf.float32)
    params = [w1, b1, w2]
    for _ in range(3):
        with tf.GradientTape() as tape:
            h = tf.nn.relu(tf.matmul(x, w1) + b1)
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
                labels=y, logits=tf.matmul(h, w2)))
        for p, g in zip(params, tape.gradient(loss, params)):
            p.assign_sub(0.1 * g)
    return loss, params


def test_an_mlp_training_step_on_the_device_equals_the_host(gpu):
    loss, params = _mlp_step(32, 0)
    with tf.device("/GPU:0"):
        dloss, dparams = _mlp_step(32, 0)
    assert dloss.device == GPU and all(p.device == GPU for p in dparams)
    np.testing.assert_allclose(dloss.numpy(), loss.numpy(), rtol=1e-6)
    for p, q in zip(dparams, params):
        np.testing.assert_allclose(p.numpy(), q.numpy(), rtol=1e-5, atol=1e-6)


def _puzzles(name, n):
    lines = [ln.strip() for ln in open(SAMPLES / name) if ln.strip()][:n]
    return lines, [[int(c) if c.isdigit() else 0 for c in ln] for ln in lines]


def test_the_batched_sudoku_solver_runs_on_the_device(gpu):
    from eagerflow.sudoku.tensor_solver import solve_batch
    lines, digits = _puzzles("norvig_top95.txt", 12)
    host = solve_batch(digits, mode="unique")
    with tf.device("/GPU:0"):
        dev = solve_batch(tf.constant(digits), mode="unique")
    assert dev["solution"].device == GPU
    for key in ("solution", "count", "nodes", "limited"):
        np.testing.assert_array_equal(dev[key].numpy(), host[key].numpy(), err_msg=key)
    for puzzle, row in zip(lines, dev["solution"].numpy()):
        assert_solves(puzzle, "".join(map(str, row)))


def _run(code, **env):
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": ROOT + os.pathsep +
                                        os.path.join(ROOT, "src"), **env}, timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_import_and_host_ops_never_look_for_a_gpu():
    out = _run("import sys, eagerflow as tf\n"
               "t = tf.constant([1.0]) + 1.0\n"
               "from eagerflow.engine import device\n"
               "print(device._probed[0], 'cupy' in sys.modules, t.device)")
    assert out.split() == ["False", "False", CPU]


def test_the_pure_python_path_places_ops_too():
    """Without the C accelerator the dispatch path's Python common case defers to the seam."""
    out = _run("import eagerflow as tf\n"
               "from eagerflow import _accel\n"
               "from tests.device import standin\n"
               "standin.register()\n"
               "with tf.device('/GPU:0'):\n"
               "    a = tf.constant([1.0, 2.0])\n"
               "    z = tf.zeros([2])\n"
               "h = tf.constant([3.0, 4.0])\n"
               "with tf.device('/CPU:0'):\n"
               "    c = tf.exp(a)\n"
               "print(_accel.ENABLED, (a + h).device[-5:], (a * a).device[-5:], z.device[-5:],\n"
               "      c.device[-5:], (a + h).numpy().tolist())", EAGERFLOW_NO_ACCEL="1")
    assert out.split() == ["False", "GPU:0", "GPU:0", "GPU:0", "CPU:0", "[4.0,", "6.0]"]


def test_host_gradients_flow_into_device_ops(gpu):
    """A host output gradient (and the tape's own seed) meets device values in the backward
    pass: the seam copies it, including where a vjp reuses its forward's arrays (sparse CE)."""
    rng = np.random.default_rng(1)
    with tf.device("/GPU:0"):
        x = tf.constant(rng.standard_normal((8, 4)), tf.float32)
        labels = tf.constant(np.arange(8) % 3, tf.int64)
        w = tf.Variable(rng.standard_normal((4, 3)), dtype=tf.float32)
    with tf.GradientTape(persistent=True) as tape:
        losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels,
                                                                logits=tf.matmul(x, w))
        loss = tf.reduce_mean(losses)
    per_example = tape.gradient(losses, w, output_gradients=tf.fill([8], 0.125))
    mean = tape.gradient(loss, w)
    assert per_example.device == GPU and mean.device == GPU
    np.testing.assert_allclose(per_example.numpy(), mean.numpy(), rtol=1e-6)
