"""Stand-ins for the parts of ``tf`` that load on first use (tf.keras, tf.data, tf.compat, ...;
tf.RaggedTensor, tf.SparseTensor, tf.Graph, tf.gradients, ...), so ``import eagerflow`` stays
close to ``import numpy``.

The stand-ins are ordinary attributes of the ``eagerflow`` module. A module-level ``__getattr__``
would do the same job in fewer lines, but CPython 3.11 stops specialising *every* attribute load
on a module whose namespace defines one (``tf.add`` then costs ~300 more instructions per call).

When a stack loads, ``bind`` puts the real objects in place of the stand-ins, so later lookups
(and ``type(x) is tf.RaggedTensor``) see them; a stand-in a user kept (``from eagerflow import
keras`` before first use) forwards to the real object.
"""
import importlib
import sys
import types

# public name -> (package under eagerflow, attribute of the top-level namespace or None)
LAZY = {"keras": ("keras", None), "data": ("data", None), "train": ("train", None),
        "compat": ("compat", None), "autograph": ("autograph", None),
        "saved_model": ("saved_model", None), "distribute": ("distribute", None),
        "ragged": ("ragged", None), "sparse": ("sparse", None),
        "image": ("image", None), "signal": ("signal", None),
        "Graph": ("compat", "Graph"), "gradients": ("compat", "gradients"),
        "group": ("compat", "group"),
        "RaggedTensor": ("ragged", "RaggedTensor"),
        "RaggedTensorSpec": ("ragged", "RaggedTensorSpec"),
        "SparseTensor": ("sparse", "SparseTensor"),
        "SparseTensorSpec": ("sparse", "SparseTensorSpec")}

_ROOT = "eagerflow"


def _real(name):
    package, attr = LAZY[name]
    mod = importlib.import_module("%s.%s" % (_ROOT, package))  # runs bind() at its end
    if attr is None:
        return mod
    from ._export import NAMESPACES
    top = NAMESPACES[""]
    return top[attr] if attr in top else getattr(mod, attr)


def bind(package):
    """Called at the end of a lazy package's ``__init__``: the real objects replace the
    stand-ins in the ``eagerflow`` namespace."""
    root = vars(sys.modules[_ROOT])
    for name, (pkg, _) in LAZY.items():
        if pkg == package and isinstance(root.get(name), (LazyModule, LazyObject)):
            root[name] = _real(name)


class LazyModule(types.ModuleType):
    """``tf.keras`` before first use: the first attribute looked up imports the package."""

    def __getattr__(self, attr):
        if attr.startswith("__"):  # copy/pickle/inspect probing a module
            raise AttributeError(attr)
        return getattr(_real(self.__name__.rpartition(".")[2]), attr)

    def __dir__(self):
        return dir(_real(self.__name__.rpartition(".")[2]))

    def __repr__(self):
        return "<module %r (not loaded yet)>" % self.__name__


class LazyObject:
    """``tf.RaggedTensor`` (a class) or ``tf.gradients`` (a function) before first use. Calls,
    attribute lookups, ``isinstance``/``issubclass`` and subclassing go to the real object."""

    __slots__ = ("_name",)

    def __init__(self, name):
        self._name = name

    def _get(self):
        return _real(self._name)

    def __getattr__(self, attr):
        return getattr(self._get(), attr)

    def __call__(self, *args, **kwargs):
        return self._get()(*args, **kwargs)

    def __instancecheck__(self, obj):
        return isinstance(obj, self._get())

    def __subclasscheck__(self, cls):
        return issubclass(cls, self._get())

    def __mro_entries__(self, bases):  # class MyGraph(tf.Graph): ...
        return (self._get(),)

    def __eq__(self, other):
        return self._get() == (other._get() if isinstance(other, LazyObject) else other)

    def __hash__(self):
        return hash(self._get())

    def __repr__(self):
        return repr(self._get())


def install(namespace):
    """Puts the stand-ins into the ``eagerflow`` namespace (its globals)."""
    for name, (package, attr) in LAZY.items():
        if attr is None:
            namespace[name] = LazyModule("%s.%s" % (_ROOT, package))
        else:
            namespace[name] = LazyObject(name)
