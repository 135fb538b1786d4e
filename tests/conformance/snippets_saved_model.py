"""tf.saved_model conformance snippets: the same code saves and loads an object under TF and under
eagerflow (each library reads only its own files: the formats differ), and what the loaded object
does is compared: variable values and names, functions run on the saved graphs, signatures and
their output names, training after load, and TF's errors for calls no saved function matches.

Each public function ``name(tf, np)`` is one test (see harness.py).
"""
import os
import shutil
import sys
import tempfile

from .harness import snippet


def _reload(tf, obj, **kw):
    d = tempfile.mkdtemp()
    try:
        path = os.path.join(d, "model")
        tf.saved_model.save(obj, path, **kw)
        return tf.saved_model.load(path)
    finally:
        shutil.rmtree(d)


def _specs(x):
    """Spec structures as text (dicts in key order: TF's signature dicts are unordered)."""
    if isinstance(x, dict):
        return repr(sorted(x.items()))
    if isinstance(x, tuple) and len(x) == 2 and isinstance(x[1], dict):  # (args, kwargs)
        return repr((x[0], sorted(x[1].items())))
    return repr(x)


def _module(tf):
    class CustomModule(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = tf.Variable(1.0)

        @tf.function
        def __call__(self, x):
            print("Tracing with", x)
            return x * self.v

        @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
        def mutate(self, new_v):
            self.v.assign(new_v)
    return CustomModule()


def sm_guide_custom_module(tf, np):
    module = _module(tf)
    module(tf.constant(0.0))
    imported = _reload(tf, module)
    out = [imported(tf.constant(3.0))]
    imported.mutate(tf.constant(2.0))
    out.append(imported(tf.constant(3.0)))
    return out, imported.v, len(imported.signatures)


def sm_guide_training_after_load(tf, np):
    module = _module(tf)
    module(tf.constant(0.0))
    imported = _reload(tf, module)
    optimizer = tf.keras.optimizers.SGD(0.05)
    for _ in range(10):
        with tf.GradientTape() as tape:
            loss = (10.0 - imported(tf.constant(2.0))) ** 2
        variables = tape.watched_variables()
        grads = tape.gradient(loss, variables)
        optimizer.apply_gradients(zip(grads, variables))
        print("loss={:.2f} v={:.2f}".format(loss, imported.v.numpy()))
    return imported.v


def sm_guide_signatures(tf, np):
    module = _module(tf)
    call = module.__call__.get_concrete_function(tf.TensorSpec([], tf.float32))
    one = _reload(tf, module, signatures=call)
    two = _reload(tf, module, signatures={
        "serving_default": call,
        "array_input": module.__call__.get_concrete_function(tf.TensorSpec([None], tf.float32))})
    return (list(one.signatures.keys()), sorted(two.signatures.keys()),
            two.signatures["array_input"](x=tf.constant([1.0, 2.0])),
            _specs(two.signatures["serving_default"].structured_outputs),
            _specs(two.signatures["array_input"].structured_input_signature))


def sm_guide_output_name(tf, np):
    class CustomModuleWithOutputName(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = tf.Variable(1.0)

        @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
        def __call__(self, x):
            return {"custom_output_name": x * self.v}

    m = CustomModuleWithOutputName()
    call_output = m.__call__.get_concrete_function(tf.TensorSpec([None], tf.float32))
    imported = _reload(tf, m, signatures={"serving_default": call_output})
    sig = imported.signatures["serving_default"]
    return _specs(sig.structured_outputs), sig(x=tf.constant([2.0, 3.0]))


def sm_intro_to_modules_python_lists(tf, np):
    class Dense(tf.Module):
        def __init__(self, in_features, out_features, name=None):
            super().__init__(name=name)
            self.w = tf.Variable(tf.reshape(tf.range(in_features * out_features, dtype=tf.float32),
                                            [in_features, out_features]) / 10.0, name="w")
            self.b = tf.Variable(tf.zeros([out_features]), name="b")

        def __call__(self, x):
            return tf.nn.relu(tf.matmul(x, self.w) + self.b)

    class MySequentialModule(tf.Module):
        def __init__(self, name=None):
            super().__init__(name=name)
            self.dense_1 = Dense(in_features=3, out_features=3)
            self.dense_2 = Dense(in_features=3, out_features=2)

        @tf.function
        def __call__(self, x):
            x = self.dense_1(x)
            return self.dense_2(x)

    my_model = MySequentialModule(name="the_model")
    print(my_model([[2.0, 2.0, 2.0]]))
    print(my_model([[[2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]]))
    new_model = _reload(tf, my_model)
    print(isinstance(new_model, MySequentialModule))
    print(new_model([[2.0, 2.0, 2.0]]))
    print(new_model([[[2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]]))
    return new_model.dense_1.w, new_model.dense_2.b.name


@snippet(raises="ValueError", msg_prefix="Could not find matching concrete function to call "
         "loaded from the SavedModel. Got:\n  Positional arguments (1 total):\n    * <tf.Tensor "
         "'x:0' shape=(1, 3) dtype=float32>\n  Keyword arguments: {}\n\n Expected these arguments "
         "to match one of the following 1 option(s):\n\nOption 1:\n  Positional arguments (1 "
         "total):\n    * [[2.0, 2.0, 2.0]]\n  Keyword arguments: {}")
def sm_python_list_trace_rejects_tensor(tf, np):
    class M(tf.Module):
        @tf.function
        def __call__(self, x):
            return tf.reduce_sum(x)

    m = M()
    m([[2.0, 2.0, 2.0]])
    _reload(tf, m)(tf.constant([[2.0, 2.0, 2.0]]))


@snippet(raises="ValueError", msg_prefix="Could not find matching concrete function to call "
         "loaded from the SavedModel. Got:\n  Positional arguments (1 total):\n    * <tf.Tensor "
         "'x:0' shape=() dtype=int32>\n  Keyword arguments: {}\n\n Expected these arguments to "
         "match one of the following 2 option(s):\n\nOption 1:\n  Positional arguments (1 total):"
         "\n    * TensorSpec(shape=(), dtype=tf.float32, name='x')\n  Keyword arguments: {}\n\n"
         "Option 2:\n  Positional arguments (1 total):\n    * TensorSpec(shape=(2,), "
         "dtype=tf.float32, name='x')\n  Keyword arguments: {}")
def sm_no_matching_dtype(tf, np):
    m = _module(tf)
    m(tf.constant(1.0))
    m(tf.constant([1.0, 2.0]))
    _reload(tf, m)(tf.constant(1))


@snippet(raises="ValueError", msg_prefix="Could not find matching concrete function to call "
         "loaded from the SavedModel. Got:\n  Positional arguments (2 total):\n    * <tf.Tensor "
         "'x:0' shape=() dtype=float32>\n    * 4\n")
def sm_no_matching_python_value(tf, np):
    class M(tf.Module):
        @tf.function
        def g(self, x, k=2):
            return x * k

    m = M()
    m.g(tf.constant(1.0), 3)
    loaded = _reload(tf, m)
    print(loaded.g(tf.constant(1.0), 3))
    loaded.g(tf.constant(1.0), 4)


def sm_python_values_and_lists_match(tf, np):
    class M(tf.Module):
        @tf.function
        def g(self, x, k=2):
            return x * k

    m = M()
    m.g(tf.constant(1.0))
    m.g(tf.constant([1.0, 2.0]), 3)
    loaded = _reload(tf, m)
    return loaded.g(tf.constant(5.0)), loaded.g([4.0, 5.0], 3), loaded.g(x=tf.constant(2.0))


@snippet(raises="TypeError", msg_prefix="Binding inputs to tf.function failed due to `Can not "
         "cast TensorSpec(shape=(), dtype=tf.float32, name=None) to TensorSpec(shape=(None,), "
         "dtype=tf.float32, name=None)`.")
def sm_input_signature_mismatch(tf, np):
    class M(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
        def f(self, x):
            return x * 2.0

    loaded = _reload(tf, M())
    print(loaded.f(tf.constant([1.0, 2.0])), loaded.f([3.0]))
    loaded.f(tf.constant(1.0))


@snippet(raises="TypeError", msg_prefix="Binding inputs to tf.function failed due to `missing a "
         "required argument: 'x'`.")
def sm_missing_argument(tf, np):
    m = _module(tf)
    m(tf.constant(1.0))
    _reload(tf, m)()


def sm_nested_tree(tf, np):
    root = tf.Module()
    root.sub = tf.Module()
    root.sub.w = tf.Variable([1.0, 2.0], name="w")
    root.items = [tf.Variable(3.0), {"a": tf.Variable(4, name="a")}]
    root.steps = tf.Variable(7, trainable=False)
    loaded = _reload(tf, root)
    return (loaded.sub.w, loaded.items[0], loaded.items[1]["a"], loaded.steps.trainable,
            loaded.sub.w.trainable, type(loaded).__name__, repr(loaded.items)[:12])


def sm_variables_are_assignable(tf, np):
    m = _module(tf)
    m(tf.constant(1.0))
    loaded = _reload(tf, m)
    loaded.v.assign_add(2.0)
    return loaded.v, loaded(tf.constant(2.0)), m.v, type(loaded.v).__name__ != "Tensor"


def sm_default_signature(tf, np):
    class A(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = tf.Variable(2.0)

        @tf.function(input_signature=[tf.TensorSpec([], tf.float32, name="inp")])
        def f(self, x):
            return x * self.v, x + 1.0

    loaded = _reload(tf, A())
    sig = loaded.signatures["serving_default"]
    return (list(loaded.signatures), _specs(sig.structured_input_signature),
            _specs(sig.structured_outputs), sorted(sig(inp=tf.constant(3.0)).items()),
            sorted(sig(tf.constant(1.0)).items()))


def sm_no_default_signature_without_input_signature(tf, np):
    class B(tf.Module):
        @tf.function
        def f(self, x):
            return x + 1.0

    b = B()
    b.f(tf.constant(1.0))
    return len(_reload(tf, b).signatures), len(_reload(tf, _module(tf)).signatures)


@snippet(raises="ValueError", msg_prefix="Expected a TensorFlow function for which to generate a "
         "signature, but got")
def sm_signature_needs_input_signature(tf, np):
    @tf.function
    def f(x):
        return x
    _reload(tf, tf.Module(), signatures=f)


@snippet(raises="ValueError", msg_regex=r"Got a non-Tensor value \{'a': <tf.Tensor '[^']*' "
         r"shape=\(\) dtype=float32>\} for key 'output_1' in the output of the function")
def sm_signature_nested_output(tf, np):
    class C(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
        def __call__(self, x):
            return (x + 1.0, {"a": x})

    c = C()
    _reload(tf, c, signatures=c.__call__)


@snippet(raises="TypeError", msg_prefix="Binding inputs to tf.function failed due to `missing a "
         "required argument: 'inp'`. Received args: () and kwargs: ")
def sm_signature_wrong_keyword(tf, np):
    class A(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([], tf.float32, name="inp")])
        def f(self, x):
            return x + 1.0

    _reload(tf, A()).signatures["serving_default"](x=tf.constant(1.0))


@snippet(raises="InvalidArgumentError", msg_prefix="cannot compute __inference_signature_wrapper_")
def sm_signature_wrong_dtype(tf, np):
    class A(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([], tf.float32, name="inp")])
        def f(self, x):
            return x + 1.0

    _reload(tf, A()).signatures["serving_default"](inp=tf.constant(1))


@snippet(raises="KeyError")
def sm_signature_missing_key(tf, np):
    class A(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
        def f(self, x):
            return x + 1.0

    _reload(tf, A()).signatures["nope"]


def sm_loaded_concrete_functions(tf, np):
    class N(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = tf.Variable(2.0)

        @tf.function
        def f(self, x, y=None):
            return (x * self.v, [x + 1.0])

    n = N()
    n.f(tf.constant(1.0))
    n.f(tf.constant([1.0]), tf.constant(2.0))
    loaded = _reload(tf, n)
    cfs = loaded.f.concrete_functions
    return (len(cfs), _specs(cfs[0].structured_outputs), _specs(cfs[0].structured_input_signature),
            loaded.f(tf.constant(5.0)), loaded.f(tf.constant([5.0]), tf.constant(1.0)))


def sm_control_flow_in_saved_function(tf, np):
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

    loaded = _reload(tf, M())
    with tf.GradientTape() as tape:
        y = loaded.f(tf.constant(2.0))
    return loaded.f(tf.constant(-2.0)), y, tape.gradient(y, loaded.v)


def sm_keras_sequential_serving_default(tf, np):
    model = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(2)])
    model.layers[0].kernel.assign([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    loaded = _reload(tf, model)
    sig = loaded.signatures["serving_default"]
    return (list(loaded.signatures), _specs(sig.structured_input_signature),
            _specs(sig.structured_outputs), sig(inputs=tf.constant([[1.0, 1.0, 1.0]])))


def sm_contains_saved_model_and_options(tf, np):
    d = tempfile.mkdtemp()
    try:
        path = os.path.join(d, "m")
        before = tf.saved_model.contains_saved_model(path)
        m = _module(tf)
        m(tf.constant(1.0))
        tf.saved_model.save(m, path, options=tf.saved_model.SaveOptions())
        loaded = tf.saved_model.load(path, options=tf.saved_model.LoadOptions())
        return before, tf.saved_model.contains_saved_model(path), loaded(tf.constant(2.0))
    finally:
        shutil.rmtree(d)


@snippet(raises="OSError", msg_prefix="SavedModel file does not exist at: ")
def sm_load_missing_directory(tf, np):
    d = tempfile.mkdtemp()
    try:
        tf.saved_model.load(os.path.join(d, "nothing"))
    finally:
        shutil.rmtree(d)


def sm_loaded_function_in_new_function(tf, np):
    class M(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = tf.Variable(2.0)

        @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
        def f(self, x):
            return x * self.v

    loaded = _reload(tf, M())

    @tf.function
    def outer(x):
        return loaded.f(x) + 1.0
    return outer(tf.constant([1.0, 2.0]))


def sm_tf_print_in_saved_function(tf, np):
    class M(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([2], tf.int32)])
        def f(self, x):
            tf.print("x =", x, output_stream=sys.stdout)
            return x + 1

    loaded = _reload(tf, M())
    return loaded.f(tf.constant([1, 2]))


def sm_loaded_pretty_printed_signatures(tf, np):
    class N(tf.Module):
        def __init__(self):
            super().__init__()
            self.v = tf.Variable(2.0)

        @tf.function
        def f(self, x, y=None):
            return (x * self.v, [x + 1.0])

        @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
        def g(self, x):
            return x

    n = N()
    n.f(tf.constant(1.0))
    n.f(tf.constant([1.0]), tf.constant(2.0))
    loaded = _reload(tf, n)
    print(loaded.f.pretty_printed_concrete_signatures())
    print(loaded.g.pretty_printed_concrete_signatures())
    return repr(loaded.g.concrete_functions[0]).split(" at ")[0]


def sm_custom_gradient_saved(tf, np):
    # the advanced_autodiff guide's example (with a known-rank input signature)
    @tf.custom_gradient
    def clip_gradients(y):
        def backward(dy):
            return tf.clip_by_norm(dy, 0.5)
        return y, backward

    class MyModule(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([])])
        def call_custom_grad(self, x):
            return clip_gradients(x)

    loaded = _reload(tf, MyModule(), options=tf.saved_model.SaveOptions(
        experimental_custom_gradients=True))
    v = tf.Variable(2.0)
    with tf.GradientTape() as t:
        output = loaded.call_custom_grad(v * v)
    return output, t.gradient(output, v)


@snippet(raises="ValueError", msg_prefix="Expected an object of type `Trackable`, such as "
         "`tf.Module` or a subclass of the `Trackable` class, for export. Got [1, 2] with type "
         "<class 'list'>.")
def sm_save_needs_trackable(tf, np):
    _reload(tf, [1, 2])


def sm_keras_subclassed_model_signature(tf, np):
    class Sub(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.d = tf.keras.layers.Dense(2, kernel_initializer="ones")

        def call(self, x):
            return self.d(x)

    m = Sub()
    m(np.ones((1, 3), np.float32))
    sig = _reload(tf, m).signatures["serving_default"]
    return (_specs(sig.structured_input_signature), _specs(sig.structured_outputs),
            sig(inputs=tf.constant([[1.0, 2.0, 3.0]])))


def sm_keras_two_inputs_dict_outputs(tf, np):
    a = tf.keras.Input((3,), name="a")
    b = tf.keras.Input((2,), name="b")
    joined = tf.keras.layers.Concatenate()([a, b])
    model = tf.keras.Model([a, b], {"y": joined, "z": joined * 2})
    sig = _reload(tf, model).signatures["serving_default"]
    out = sig(inputs=tf.ones((1, 3)), inputs_1=tf.zeros((1, 2)))
    return (_specs(sig.structured_input_signature), _specs(sig.structured_outputs),
            sorted(out.items()))
