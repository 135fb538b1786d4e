"""Keras 3's ``.weights.h5`` layout (needs h5py): one group per object reached from the model by
attribute, ``<path>/vars`` holding the object's own variables as datasets "0", "1", ... and
an attribute ``name``.

Objects are found as Keras finds them: the model's public attributes in sorted order (a
functional or sequential model's are ``layers`` and ``optimizer``), a list's elements named by
their snake_cased class ("dense", "dense_1", ...), each object visited once.
"""
import re

import numpy as np

__all__ = ["walk", "save_weights_h5", "load_weights_h5"]


def _snake(name):
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def _saveable(obj):
    from ..layers.layer import Layer
    return isinstance(obj, Layer) or hasattr(obj, "save_own_variables")


def _is_layer(obj):
    from ..layers.layer import Layer
    return isinstance(obj, Layer)


def _own_variables(obj):
    if _is_layer(obj):
        return list(obj._trainable_variables) + list(obj._non_trainable_variables)
    return list(getattr(obj, "variables", []))


def _children(obj):
    from ..layers.layer import Layer
    from ..models.model import Model
    names = [k for k in vars(obj) if not k.startswith("_")]
    if isinstance(obj, Layer):
        names.append("layers") if hasattr(obj, "_layers") else None
    if isinstance(obj, Model) and getattr(obj, "optimizer", None) is not None:
        names.append("optimizer")
    for name in sorted(set(names)):
        try:
            value = getattr(obj, name)
        except Exception:
            continue
        yield name, value


def walk(obj, path="", visited=None):
    """Yields (path, object) for ``obj`` and every saveable object under it, Keras' way."""
    if visited is None:
        visited = set()
    visited.add(id(obj))
    yield path, obj
    for name, value in _children(obj):
        if _saveable(value):
            if id(value) not in visited:
                yield from walk(value, _join(path, name), visited)
        elif isinstance(value, (list, tuple, dict)):
            items = value.values() if isinstance(value, dict) else value
            used = {}
            for item in items:
                if not _saveable(item):
                    continue
                base = _snake(type(item).__name__)
                n = used.get(base, 0)
                used[base] = n + 1
                child = base if n == 0 else "%s_%d" % (base, n)
                if id(item) not in visited:
                    yield from walk(item, _join(_join(path, name), child), visited)


def _join(a, b):
    return b if not a else a + "/" + b


def _h5py():
    try:
        import h5py
    except ImportError:  # h5py is optional: pip install "eagerflow[keras]"
        raise ImportError("Saving or loading Keras weights files requires h5py: "
                          "`pip install h5py`.") from None
    return h5py


def save_weights_h5(model, target):
    """Writes the weights file to ``target`` (a path or a writable binary file)."""
    h5py = _h5py()
    with h5py.File(target, "w") as f:
        for path, obj in walk(model):
            group = f.create_group(_join(path, "vars"))
            group.attrs["name"] = getattr(obj, "name", "")
            if hasattr(obj, "save_own_variables") and not _is_layer(obj):
                store = {}
                obj.save_own_variables(store)
                values = [store[str(i)] for i in range(len(store))]
            else:
                values = [v.numpy() for v in _own_variables(obj)]
            for i, value in enumerate(values):
                group.create_dataset(str(i), data=np.asarray(value))


def load_weights_h5(model, source, skip_mismatch=False):
    """Reads a weights file written by Keras 3 or by ``save_weights_h5``."""
    h5py = _h5py()
    with h5py.File(source, "r") as f:
        for path, obj in walk(model):
            key = _join(path, "vars")
            group = f[key] if key in f else None
            store = {} if group is None else {k: group[k][()] for k in group.keys()}
            if hasattr(obj, "load_own_variables") and not _is_layer(obj):
                if not store and not getattr(obj, "built", True):
                    continue
                if hasattr(obj, "built") and not obj.built and hasattr(obj, "build") and \
                        hasattr(model, "trainable_variables"):
                    obj.build(model.trainable_variables)
                try:
                    obj.load_own_variables(store)
                except ValueError as e:
                    import warnings
                    warnings.warn(str(e), stacklevel=2)
                continue
            own = _own_variables(obj)
            if len(store) != len(own):
                if skip_mismatch:
                    continue
                raise ValueError(
                    "Layer '%s' expected %d variables, but received %d variables during loading. "
                    "Expected: %s" % (getattr(obj, "name", path), len(own), len(store),
                                      [v.name for v in own]))
            for i, v in enumerate(own):
                value = np.asarray(store[str(i)])
                if tuple(value.shape) != tuple(v.shape.as_list()):
                    if skip_mismatch:
                        continue
                    raise ValueError("The shape of the target variable and the shape of the "
                                     "target value in `variable.assign(value)` must match. "
                                     "variable.shape=%s, Received: value.shape=%s. Target "
                                     "variable: %s" % (tuple(v.shape.as_list()), value.shape, v))
                v.assign(value.astype(v.dtype.as_numpy_dtype))
