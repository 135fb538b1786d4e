"""The stacks that load on first use (eagerflow/_lazy.py): nothing loads with ``import
eagerflow``; the stand-ins act as the real objects; the module namespace has no ``__getattr__``
(which would stop CPython from specialising every ``tf.xxx`` lookup)."""
import subprocess
import sys

import eagerflow as tf

STACKS = ("keras", "data", "train", "compat", "ragged", "sparse", "autograph", "image",
          "signal", "saved_model")


def _run(code):
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_import_loads_no_stack():
    loaded = _run("import sys, eagerflow\n"
                  "print(sorted({m.split('.')[1] for m in sys.modules if m.startswith('eagerflow.')}"
                  " & set(%r)))" % (STACKS,))
    assert loaded == "[]"


def test_module_namespace_has_no_getattr():
    assert "__getattr__" not in vars(tf)


def test_standins_become_the_real_objects():
    out = _run("import eagerflow as tf\n"
               "from eagerflow import SparseTensor, keras\n"
               "r = tf.ragged.constant([[1, 2], [3]])\n"
               "print(type(r) is tf.RaggedTensor, isinstance(r, tf.RaggedTensor))\n"
               "s = SparseTensor(indices=[[0, 0]], values=[1.], dense_shape=[2, 2])\n"
               "print(type(s) is tf.SparseTensor, isinstance(s, SparseTensor))\n"
               "print(keras.layers.Dense is tf.keras.layers.Dense)\n"
               "class G(tf.Graph): pass\n"
               "print(issubclass(G, tf.Graph), tf.Graph.__name__)\n")
    assert out.split() == ["True", "True", "True", "True", "True", "True", "Graph"]


def test_standin_subclassing_and_calls_before_load():
    out = _run("import eagerflow as tf\n"
               "class R(tf.RaggedTensor): pass\n"
               "print(R.__mro__[1].__name__, issubclass(R, tf.RaggedTensor))\n"
               "print(tf.gradients.__name__, callable(tf.group))\n")
    assert out.split() == ["RaggedTensor", "True", "gradients", "True"]


def test_stacks_are_listed():
    for name in STACKS + ("Module", "RaggedTensor", "SparseTensor", "Graph"):
        assert name in dir(tf)
        assert hasattr(tf, name)
