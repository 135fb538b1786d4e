"""tf.saved_model.save / load: round trips of variables, nested objects, traced functions and
signatures, training after load, and the errors (eagerflow's own file format)."""
import json
import os

import numpy as np
import pytest

import eagerflow as tf


def _roundtrip(obj, tmp_path, **kw):
    path = os.path.join(str(tmp_path), "model")
    tf.saved_model.save(obj, path, **kw)
    return tf.saved_model.load(path)


class Dense(tf.Module):
    def __init__(self, n_in, n_out, name=None):
        super().__init__(name=name)
        self.w = tf.Variable(tf.random.normal([n_in, n_out], seed=1), name="w")
        self.b = tf.Variable(tf.zeros([n_out]), name="b")

    def __call__(self, x):
        return tf.nn.relu(tf.matmul(x, self.w) + self.b)


class MLP(tf.Module):
    def __init__(self):
        super().__init__()
        self.layers = [Dense(3, 4), Dense(4, 2)]
        self.table = {"scale": tf.Variable(2.0), "steps": tf.Variable(7, trainable=False)}

    @tf.function
    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x * self.table["scale"]

    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    def predict(self, x):
        return {"y": self(x), "n": self.table["steps"] + 1}


def test_variables_and_tree_round_trip(tmp_path):
    m = MLP()
    m.table["scale"].assign(3.5)
    loaded = _roundtrip(m, tmp_path)
    assert isinstance(loaded.layers[1].w, tf.Variable)
    pairs = [(m.layers[k].w, loaded.layers[k].w) for k in (0, 1)] + \
        [(m.layers[k].b, loaded.layers[k].b) for k in (0, 1)] + \
        [(m.table[k], loaded.table[k]) for k in ("scale", "steps")]
    for a, b in pairs:
        assert a.name == b.name and a.dtype == b.dtype and a.trainable == b.trainable
        assert a.shape == b.shape
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert loaded.table["scale"].numpy() == 3.5
    assert type(loaded).__name__ == "_UserObject" and not isinstance(loaded, MLP)
    assert callable(loaded) and not callable(loaded.layers[0])
    assert loaded.table["steps"].trainable is False


def test_functions_run_the_saved_graphs(tmp_path):
    m = MLP()
    x1 = tf.constant([[1.0, -2.0, 3.0]])
    x2 = tf.constant([[1.0, 2.0, 3.0], [0.5, 0.5, -1.0]])
    m(x1), m(x2)
    loaded = _roundtrip(m, tmp_path)
    for x in (x1, x2):
        np.testing.assert_allclose(loaded(x).numpy(), m(x).numpy(), rtol=1e-6)
    out = loaded.predict(x2)
    np.testing.assert_allclose(out["y"].numpy(), m(x2).numpy(), rtol=1e-6)
    assert out["n"].numpy() == 8 and out["n"].dtype == tf.int32
    assert len(loaded.__call__.concrete_functions) == 2


def test_loaded_functions_use_the_loaded_variables(tmp_path):
    class Counter(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = tf.Variable(1.0)

        @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
        def mutate(self, new_v):
            self.v.assign(new_v)

        @tf.function
        def __call__(self, x):
            return x * self.v

    c = Counter()
    c(tf.constant(0.0))
    loaded = _roundtrip(c, tmp_path)
    loaded.mutate(tf.constant(2.0))
    assert loaded(tf.constant(3.0)).numpy() == 6.0
    assert c.v.numpy() == 1.0  # the original object is untouched
    loaded.v.assign(5.0)
    assert loaded(tf.constant(3.0)).numpy() == 15.0


def test_trainable_after_load(tmp_path):
    class Lin(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = tf.Variable(1.0)

        @tf.function
        def __call__(self, x):
            return x * self.v

    lin = Lin()
    lin(tf.constant(0.0))
    loaded = _roundtrip(lin, tmp_path)
    opt = tf.keras.optimizers.SGD(0.05)
    losses = []
    for _ in range(10):
        with tf.GradientTape() as tape:
            loss = (10.0 - loaded(tf.constant(2.0))) ** 2
        variables = tape.watched_variables()
        assert [v is loaded.v for v in variables] == [True]
        grads = tape.gradient(loss, variables)
        np.testing.assert_allclose(grads[0].numpy(), -4 * (10 - 2 * loaded.v.numpy()), rtol=1e-5)
        opt.apply_gradients(zip(grads, variables))
        losses.append(float(loss))
    assert losses[-1] < 0.01 and abs(loaded.v.numpy() - 5.0) < 0.05


def test_python_arguments_and_defaults(tmp_path):
    class M(tf.Module):
        @tf.function
        def f(self, x, k=2, mode="mul"):
            return x * k if mode == "mul" else x + k

    m = M()
    m.f(tf.constant(3.0))
    m.f(tf.constant(3.0), 5, mode="add")
    loaded = _roundtrip(m, tmp_path)
    assert loaded.f(tf.constant(4.0)).numpy() == 8.0
    assert loaded.f(tf.constant(4.0), 5, "add").numpy() == 9.0
    assert loaded.f(tf.constant(4.0), k=5, mode="add").numpy() == 9.0
    with pytest.raises(ValueError, match="Could not find matching concrete function"):
        loaded.f(tf.constant(4.0), 3)


def test_no_matching_function_error(tmp_path):
    class M(tf.Module):
        @tf.function
        def __call__(self, x):
            return x + 1

    m = M()
    m(tf.constant(1.0))
    m(tf.constant([1.0, 2.0]))
    loaded = _roundtrip(m, tmp_path)
    np.testing.assert_array_equal(loaded([5.0, 6.0]).numpy(), [6.0, 7.0])  # a list converts
    with pytest.raises(ValueError) as e:
        loaded(tf.constant(1, tf.int32))
    text = str(e.value)
    assert text.startswith(
        "Could not find matching concrete function to call loaded from the SavedModel. Got:\n"
        "  Positional arguments (1 total):\n    * <tf.Tensor 'x:0' shape=() dtype=int32>")
    assert "one of the following 2 option(s)" in text
    assert "Option 2:\n  Positional arguments (1 total):\n    * TensorSpec(shape=(2,), " \
           "dtype=tf.float32, name='x')" in text
    with pytest.raises(TypeError, match="missing a required argument: 'x'"):
        loaded()


def test_input_signature_errors(tmp_path):
    loaded = _roundtrip(MLP(), tmp_path)
    assert loaded.predict.input_signature == [tf.TensorSpec([None, 3], tf.float32)]
    with pytest.raises(TypeError, match=r"Binding inputs to tf.function failed due to `Can not "
                                        r"cast TensorSpec\(shape=\(3,\)"):
        loaded.predict(tf.constant([1.0, 2.0, 3.0]))
    y = loaded.predict([[1.0, 2.0, 3.0]])["y"]
    assert y.shape == (1, 2)


def test_signatures(tmp_path):
    m = MLP()
    call = m.__call__.get_concrete_function(tf.TensorSpec([None, 3], tf.float32))
    loaded = _roundtrip(m, tmp_path, signatures={"serving_default": call, "predict": m.predict})
    assert list(loaded.signatures) == ["serving_default", "predict"]
    x = tf.constant([[1.0, 2.0, 3.0]])
    out = loaded.signatures["serving_default"](x=x)
    assert list(out) == ["output_0"]
    np.testing.assert_allclose(out["output_0"].numpy(), m(x).numpy(), rtol=1e-6)
    pred = loaded.signatures["predict"]
    assert sorted(pred.structured_outputs) == ["n", "y"]
    assert pred.structured_outputs["y"] == tf.TensorSpec([None, 2], tf.float32, name="y")
    assert pred.structured_input_signature == (
        (), {"x": tf.TensorSpec([None, 3], tf.float32, name="x")})
    with pytest.raises(TypeError, match="missing a required argument: 'x'"):
        pred(y=x)
    with pytest.raises(TypeError, match="too many positional arguments"):
        pred(x, x)
    np.testing.assert_array_equal(pred(x)["y"].numpy(), out["output_0"].numpy())
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"cannot compute __inference_signature_wrapper_\d+ as input "
                             r"#0\(zero-based\) was expected to be a float tensor but is a "
                             r"int32 tensor"):
        pred(x=tf.constant([[1, 2, 3]]))


def test_signature_output_naming_and_default(tmp_path):
    class A(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = tf.Variable(2.0)

        @tf.function(input_signature=[tf.TensorSpec([], tf.float32, name="inp")])
        def f(self, x):
            return x * self.v, x + 1.0

    loaded = _roundtrip(A(), tmp_path)  # the root's only tf.function, with a signature
    sig = loaded.signatures["serving_default"]
    out = sig(inp=tf.constant(3.0))
    assert {k: v.numpy() for k, v in out.items()} == {"output_0": 6.0, "output_1": 4.0}
    assert len(_roundtrip(MLP(), tmp_path / "b").signatures) == 0  # two functions: none


def test_signature_argument_errors(tmp_path):
    @tf.function
    def no_signature(x):
        return x

    m = MLP()
    with pytest.raises(ValueError, match="Expected a TensorFlow function for which to generate "
                                         "a signature, but got"):
        tf.saved_model.save(m, str(tmp_path / "a"), signatures=no_signature)
    with pytest.raises(ValueError, match="Got a non-Tensor value"):
        tf.saved_model.save(m, str(tmp_path / "b"), signatures=tf.function(
            lambda x: (x, {"a": x}), input_signature=[tf.TensorSpec([], tf.float32)]))


def test_control_flow_and_strings_round_trip(tmp_path):
    class M(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = tf.Variable(3.0)

        @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
        def f(self, x):
            if x > 0:
                y = x * self.v
            else:
                y = -x
            i = tf.constant(0)
            while i < 4:
                y = y + 1.0
                i += 1
            return y

        @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])
        def g(self, s):
            return tf.strings.join([s, tf.constant(b"!")])

    m = M()
    loaded = _roundtrip(m, tmp_path)
    for x in (2.0, -2.0):
        assert loaded.f(tf.constant(x)).numpy() == m.f(tf.constant(x)).numpy()
    assert list(loaded.g(tf.constant(["a", "bc"])).numpy()) == [b"a!", b"bc!"]
    with tf.GradientTape() as tape:
        y = loaded.f(tf.constant(2.0))
    assert tape.gradient(y, loaded.v).numpy() == 2.0


def test_loaded_function_inside_another_function(tmp_path):
    m = MLP()
    loaded = _roundtrip(m, tmp_path)

    @tf.function
    def outer(x):
        return loaded.predict(x)["y"] * 2.0

    x = tf.constant([[1.0, 2.0, 3.0]])
    np.testing.assert_allclose(outer(x).numpy(), 2 * m(x).numpy(), rtol=1e-6)


def test_checkpoint_reads_the_variables(tmp_path):
    root = tf.Module()
    root.model = MLP()
    path = str(tmp_path / "model")
    tf.saved_model.save(root, path)
    other = MLP()
    status = tf.train.Checkpoint(model=other).read(os.path.join(path, "variables", "variables"))
    status.assert_consumed()
    for a, b in zip(root.model.variables, other.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_save_the_loaded_object_again(tmp_path):
    m = MLP()
    x = tf.constant([[1.0, 2.0, 3.0]])
    m(x)
    once = _roundtrip(m, tmp_path / "a")
    twice = _roundtrip(once, tmp_path / "b")
    np.testing.assert_allclose(twice(x).numpy(), m(x).numpy(), rtol=1e-6)
    np.testing.assert_array_equal(twice.layers[0].w.numpy(), m.layers[0].w.numpy())


def test_file_layout(tmp_path):
    path = str(tmp_path / "model")
    assert not tf.saved_model.contains_saved_model(path)
    m = MLP()
    tf.saved_model.save(m, path, options=tf.saved_model.SaveOptions())
    assert tf.saved_model.contains_saved_model(path)
    assert sorted(os.listdir(path)) == ["assets", "graph_arrays.npz", "saved_model.json",
                                        "variables"]
    with open(os.path.join(path, "saved_model.json")) as f:
        data = json.load(f)
    assert data["format"] == "eagerflow-saved-model-1"
    ops = {n.get("op") for cf in data["concrete_functions"] for n in cf["graph"]["nodes"]}
    assert {"MatMul", "ReadVariableOp", "Relu"} <= ops
    tf.saved_model.load(path, options=tf.saved_model.LoadOptions())


def test_errors(tmp_path):
    with pytest.raises(OSError, match="SavedModel file does not exist at: "):
        tf.saved_model.load(str(tmp_path / "nothing"))

    outside = tf.Variable(3.0)

    class Untracked(tf.Module):
        @tf.function
        def f(self, x):
            return x * outside

    u = Untracked()
    u.f(tf.constant(1.0))
    with pytest.raises(ValueError, match="not reachable from the saved object"):
        tf.saved_model.save(u, str(tmp_path / "u"))

    class PyFunc(tf.Module):
        @tf.function
        def f(self, x):
            return tf.py_function(lambda a: a * 2, [x], tf.float32)

    p = PyFunc()
    p.f(tf.constant(1.0))
    with pytest.raises(ValueError, match="calls Python code .*cannot be saved"):
        tf.saved_model.save(p, str(tmp_path / "p"))
    assert not tf.saved_model.contains_saved_model(str(tmp_path / "p"))


def test_not_callable_and_list_wrapper(tmp_path):
    m = tf.Module()
    m.items = [tf.Variable(1.0), {"a": tf.Variable(2)}]
    loaded = _roundtrip(m, tmp_path)
    assert not callable(loaded)
    with pytest.raises(TypeError, match="'_UserObject' object is not callable"):
        loaded(1)
    assert repr(loaded.items).startswith("ListWrapper([<tf.Variable 'Variable:0' shape=() "
                                         "dtype=float32, numpy=1.0>, DictWrapper({'a': ")
    assert loaded.items[1]["a"].numpy() == 2


def test_tuples_and_shared_objects(tmp_path):
    m = tf.Module()
    shared = tf.Variable(5.0)
    m.pair = (tf.Variable(1.0), (shared, [tf.Variable(2)]))
    m.again = shared
    loaded = _roundtrip(m, tmp_path)
    assert type(loaded.pair) is tuple and type(loaded.pair[1]) is tuple
    assert loaded.pair[0].numpy() == 1.0 and loaded.pair[1][1][0].numpy() == 2
    assert loaded.again is loaded.pair[1][0]  # one variable, as saved
    loaded.again.assign(6.0)
    assert loaded.pair[1][0].numpy() == 6.0


def test_keras_model_serving_signature(tmp_path):
    model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(4, activation="relu"),
                                 tf.keras.layers.Dense(2)])
    model.compile(optimizer="adam", loss="mse")  # (its train function is not saved)
    model.fit(np.ones((8, 3), np.float32), np.ones((8, 2), np.float32), epochs=1, verbose=0)
    loaded = _roundtrip(model, tmp_path)
    serve = loaded.signatures["serving_default"]
    assert serve.structured_input_signature == (
        (), {"inputs": tf.TensorSpec([None, 3], tf.float32, name="inputs")})
    x = np.random.RandomState(0).rand(5, 3).astype(np.float32)
    np.testing.assert_allclose(serve(inputs=tf.constant(x))["output_0"].numpy(),
                               model(x).numpy(), rtol=1e-5)


def test_many_ops_round_trip(tmp_path):
    class K(tf.Module):
        def __init__(self):
            super().__init__()
            self.dense = tf.keras.layers.Dense(4, activation="relu")
            self.conv = tf.keras.layers.Conv2D(2, 3, padding="same")

        @tf.function
        def f(self, x, img):
            a = self.dense(x)
            with tf.GradientTape() as tape:
                tape.watch(x)
                y = tf.reduce_sum(tf.sin(x) * a[:, :3])
            ta = tf.TensorArray(tf.float32, size=3)
            for i in tf.range(3):
                ta = ta.write(i, tf.reduce_sum(x) * tf.cast(i, tf.float32))
            w = tf.while_loop(lambda i, z: i < 3, lambda i, z: (i + 1, z * 2.0), [0, x])
            return (tf.nn.softmax(a, axis=-1)[:, 1:3], tf.gather(a, [0, 0], axis=0),
                    tf.reduce_sum(self.conv(img), axis=[1, 2]), tape.gradient(y, x), ta.stack(),
                    w[1], tf.one_hot([1, 2], 3), tf.einsum("ij,kj->ik", x, x),
                    tf.argmax(x, 1), tf.strings.as_string(tf.cast(tf.reduce_sum(x), tf.int32)))

    k = K()
    x = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3))
    img = tf.ones([1, 5, 5, 1])
    before = k.f(x, img)
    after = _roundtrip(k, tmp_path).f(x, img)
    for a, b in zip(before, after):
        assert a.dtype == b.dtype and a.shape == b.shape
        if a.dtype == tf.string:
            assert a.numpy() == b.numpy()
        else:
            np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6)


def test_repeated_calls_pick_the_right_function(tmp_path):
    class M(tf.Module):
        @tf.function
        def __call__(self, x):
            return x * 2

    m = M()
    m(tf.constant(1.0))
    m(tf.constant([1, 2]))
    loaded = _roundtrip(m, tmp_path)
    for _ in range(3):  # the second call of each kind takes the cached choice
        assert loaded(tf.constant(3.0)).numpy() == 6.0
        np.testing.assert_array_equal(loaded(tf.constant([3, 4])).numpy(), [6, 8])
        with pytest.raises(ValueError, match="Could not find matching concrete function"):
            loaded(tf.constant([3.0, 4.0]))


def test_root_must_be_trackable(tmp_path):
    for obj in (3, [tf.Variable(1.0)], {"a": 1}):
        with pytest.raises(ValueError, match="Expected an object of type `Trackable`, such as "
                                             "`tf.Module` or a subclass of the `Trackable` class, "
                                             "for export. Got "):
            tf.saved_model.save(obj, str(tmp_path / "x"))


@tf.custom_gradient
def _clip_gradients(y):
    def backward(dy):
        return tf.clip_by_norm(dy, 0.5)
    return y * 3.0, backward


@tf.custom_gradient
def _log1pexp(x):
    e = tf.exp(x)

    def grad(upstream):  # uses a tensor of the forward pass
        return upstream * (1 - 1 / (1 + e))
    return tf.math.log(1 + e), grad


def test_custom_gradient_in_function_traced_without_tape():
    @tf.function
    def f(x):
        return _clip_gradients(x)

    v = tf.Variable(2.0)
    assert f(v * v).numpy() == 12.0  # traced here, no tape
    with tf.GradientTape() as tape:
        out = f(v * v)
    assert tape.gradient(out, v).numpy() == 2.0  # the clipped gradient, not 12
    assert f(tf.constant(5.0)).numpy() == 15.0  # the result is computed, not the traced value


def test_custom_gradient_saved_and_loaded(tmp_path):
    class M(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
        def clip(self, x):
            return _clip_gradients(x)

        @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
        def softplus(self, x):
            return _log1pexp(x)

    loaded = _roundtrip(M(), tmp_path)
    v = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        out = loaded.clip(v * v)
    assert out.numpy() == 12.0 and tape.gradient(out, v).numpy() == 2.0
    x = tf.constant([100.0, 1.0])
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = loaded.softplus(x)
        g = tape.gradient(y, x)
    s = 1 / (1 + np.exp(-1.0))
    np.testing.assert_allclose(g.numpy(), [1.0, s], rtol=1e-6)  # stable at 100: the custom rule
    np.testing.assert_allclose(outer.gradient(g, x).numpy()[1], s * (1 - s), rtol=1e-5)


def test_dtypes_round_trip(tmp_path):
    m = tf.Module()
    m.vs = [tf.Variable(tf.constant([1.5, 2.0], tf.bfloat16)), tf.Variable(np.float16(3.0)),
            tf.Variable(np.int8(-4)), tf.Variable(np.complex64(1 + 2j)), tf.Variable(True),
            tf.Variable(["ab", "c"]), tf.Variable(np.uint64(7))]

    @tf.function(input_signature=[tf.TensorSpec([2], tf.bfloat16)])
    def f(x):
        return (x * tf.constant([2.0, 3.0], tf.bfloat16) + tf.cast(m.vs[1], tf.bfloat16),
                tf.strings.join([m.vs[5], tf.constant(["x", "y"])]),
                tf.constant(1 + 1j, tf.complex128))

    m.f = f
    loaded = _roundtrip(m, tmp_path)
    for a, b in zip(m.vs, loaded.vs):
        assert a.dtype == b.dtype and a.shape == b.shape
        assert np.asarray(a.numpy()).tolist() == np.asarray(b.numpy()).tolist()
    x = tf.constant([1.0, 1.0], tf.bfloat16)
    for a, b in zip(f(x), loaded.f(x)):
        assert a.dtype == b.dtype and a.numpy().tolist() == b.numpy().tolist()


def test_the_traced_graph_is_kept_when_tracing_again_fails(tmp_path):
    factors = iter([3.0])  # the Python code can run once only

    class M(tf.Module):
        @tf.function
        def f(self, x):
            return x * next(factors)

    m = M()
    assert m.f(tf.constant(2.0)).numpy() == 6.0
    assert _roundtrip(m, tmp_path).f(tf.constant(5.0)).numpy() == 15.0
