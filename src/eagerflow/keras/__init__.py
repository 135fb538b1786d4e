"""tf.keras: Keras 3's API (TF 2.21's tf.keras) written over eagerflow's public API.

Its parts load on first use, like ``tf.keras`` itself: ``tf.keras.layers``, ``models``,
``optimizers``, ``losses``, ``metrics``, ``initializers``, ``activations``, ``regularizers``,
``callbacks``, ``saving``, ``utils``; and the names Keras puts at its top level
(``tf.keras.Sequential``, ``Model``, ``Input``, ``Layer``).
"""
import importlib

__version__ = "3.15.1"  # the Keras release whose behaviour this follows (TF 2.21's tf.keras)

_SUBMODULES = ("layers", "models", "optimizers", "losses", "metrics", "initializers",
               "activations", "regularizers", "callbacks", "saving", "utils", "backend",
               "constraints", "ops", "random", "datasets", "mixed_precision")
_TOP = {"Sequential": "models", "Model": "models", "Input": "layers", "Layer": "layers",
        "InputSpec": "layers", "KerasTensor": "layers", "Variable": "backend",
        "Operation": "ops"}


def __getattr__(name):
    if name in _SUBMODULES:
        mod = _load(name)
        globals()[name] = mod
        return mod
    if name in _TOP:
        obj = getattr(_load(_TOP[name]), name)
        globals()[name] = obj
        return obj
    raise AttributeError("module 'keras' has no attribute %r" % name)


def _load(sub):
    try:
        return importlib.import_module("." + sub, __name__)
    except ModuleNotFoundError as e:
        if e.name != __name__ + "." + sub:
            raise
        raise AttributeError("module 'keras' has no attribute %r" % sub) from None


def __dir__():
    import importlib.util
    return sorted(set(globals()) | {s for s in _SUBMODULES
                                    if importlib.util.find_spec("." + s, __name__)} | set(_TOP))
