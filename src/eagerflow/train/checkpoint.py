"""``tf.train.Checkpoint``: saves and restores the variables reachable from its attributes.

The object graph. A checkpoint's children are its keyword arguments (and attributes set later)
plus ``save_counter``. Each object names its children: a variable has none; a list, tuple or
dict names its items by index or key; any other object through ``_trackable_children()``, which
returns {name: child} (tf.Module implements it over its attributes; Keras layers, models and
optimizers implement it over their variables and sub-objects). A variable is saved under its
first path from the root (breadth first) as TF names it:
``model/layers/0/w/.ATTRIBUTES/VARIABLE_VALUE``. An object that can build its variables later
may define ``_defer_restore(pending)`` (pending: {path tuple: callback(variable)}) and call the
callbacks when the variables appear; tf.Module does so when an attribute is assigned.

Files: ``prefix.index`` (JSON: each key's dtype and shape) and ``prefix.data-00000-of-00001``
(NumPy .npz): TF's file names, eagerflow's own format (TF's TensorBundle is not written or read).
"""
import collections
import json
import os

import numpy as np

import eagerflow as tf
from eagerflow.module import children_of, restore_pending, is_trackable, _has_trackable

from .state import update_checkpoint_state

__all__ = ["Checkpoint", "CheckpointLoadStatus", "CheckpointReader", "save_variables",
           "load_variables", "list_variables", "load_checkpoint"]

_SUFFIX = "/.ATTRIBUTES/VARIABLE_VALUE"
_FORMAT = "eagerflow-checkpoint-1"


def _data_path(prefix):
    return prefix + ".data-00000-of-00001"


def object_graph(root, aliases=None):
    """{key: variable} and [(path, object)] of every trackable object, breadth first from root;
    an object reachable along two paths keeps its first (a variable's other keys go into
    ``aliases``, {key: first key}, when given: a checkpoint restores through any of them)."""
    variables, objects = {}, []
    seen = {id(root)}
    queue = collections.deque([((), root)])
    while queue:
        path, obj = queue.popleft()
        objects.append((path, obj))
        if isinstance(obj, tf.Variable):
            variables["/".join(path) + _SUFFIX] = obj
            continue
        for name, child in children_of(obj).items():
            if aliases is not None and id(child) in seen and isinstance(child, tf.Variable):
                aliases["/".join(path + (str(name),)) + _SUFFIX] = child
            if id(child) not in seen:
                seen.add(id(child))
                queue.append((path + (str(name),), child))
    return variables, objects


def save_variables(prefix, variables, aliases=None):
    """Writes {key: variable} under ``prefix`` (the two files), and ``aliases`` ({key: first
    key}) in the index; returns the prefix."""
    directory = os.path.dirname(prefix)
    if directory:
        os.makedirs(directory, exist_ok=True)
    index, arrays = {}, {}
    for k, (key, var) in enumerate(sorted(variables.items())):
        value = var.numpy()
        a = np.asarray(value)
        if a.dtype == object:  # strings: bytes
            a = a.astype(bytes)
        arrays["v%d" % k] = a
        index[key] = {"array": "v%d" % k, "dtype": var.dtype.name, "shape": list(a.shape)}
    tmp = prefix + ".tmp-eagerflow"
    with open(tmp, "wb") as f:
        np.savez(f, **arrays)
    os.replace(tmp, _data_path(prefix))
    with open(tmp, "w") as f:
        json.dump({"format": _FORMAT, "variables": index, "aliases": aliases or {}}, f, indent=1,
                  sort_keys=True)
    os.replace(tmp, prefix + ".index")
    return prefix


def load_variables(prefix):
    """{key: ndarray} of a checkpoint; NotFoundError as TF's when there is none."""
    try:
        with open(prefix + ".index") as f:
            index = json.load(f)
        data = np.load(_data_path(prefix), allow_pickle=False)
    except (OSError, ValueError):
        raise tf.errors.NotFoundError(
            None, None, "Error when restoring from checkpoint or SavedModel at %s: Unsuccessful "
            "TensorSliceReader constructor: Failed to find any matching files for %s\nPlease "
            "double-check that the path is correct." % (prefix, prefix)) from None
    with data:
        return {key: data[entry["array"]] for key, entry in index["variables"].items()}


def load_aliases(prefix):
    """{key: first key} of a checkpoint's variables saved under their first path only."""
    with open(prefix + ".index") as f:
        return json.load(f).get("aliases", {})


def list_variables(ckpt_dir_or_file):
    """[(key, shape)] of a checkpoint (a prefix, or a directory's latest), sorted by key."""
    from .state import latest_checkpoint
    prefix = latest_checkpoint(ckpt_dir_or_file) if os.path.isdir(ckpt_dir_or_file) else \
        ckpt_dir_or_file
    found = [(k, list(v.shape)) for k, v in load_variables(prefix or "").items()]
    return sorted(found + [("_CHECKPOINTABLE_OBJECT_GRAPH", [])])  # TF lists its graph entry


def load_checkpoint(ckpt_dir_or_file):
    """A CheckpointReader of a checkpoint (a prefix, or a directory's latest)."""
    from .state import latest_checkpoint
    prefix = latest_checkpoint(ckpt_dir_or_file) if os.path.isdir(ckpt_dir_or_file) else \
        ckpt_dir_or_file
    return CheckpointReader(prefix or "")


class CheckpointReader:
    """A checkpoint's values by key (TF's tf.train.load_checkpoint; its object-graph entry is
    listed as TF's, a string whose value is empty: eagerflow keeps no serialized graph)."""

    _GRAPH = "_CHECKPOINTABLE_OBJECT_GRAPH"

    def __init__(self, prefix):
        self._values = load_variables(prefix)

    def get_variable_to_shape_map(self):
        out = {k: list(v.shape) for k, v in self._values.items()}
        out[self._GRAPH] = []
        return out

    def get_variable_to_dtype_map(self):
        out = {k: tf.constant(v).dtype for k, v in self._values.items()}
        out[self._GRAPH] = tf.string
        return out

    def has_tensor(self, key):
        return key in self._values or key == self._GRAPH

    def get_tensor(self, key):
        if key == self._GRAPH:
            return b""
        if key not in self._values:
            raise tf.errors.NotFoundError(None, None, "Key %s not found in checkpoint" % key)
        return self._values[key]


def _dotted(key):
    return "(root)." + ".".join(key[:-len(_SUFFIX)].split("/"))


class CheckpointLoadStatus:
    """What ``restore``/``read`` return: checks of how the checkpoint matched the objects."""

    def __init__(self, keys, root):
        self._keys = set(keys)
        self._consumed = set()
        self._root = root

    def _restored(self, key):
        self._consumed.add(key)

    def assert_consumed(self):
        """Raises AssertionError unless every value in the checkpoint found its variable and
        every variable of the objects found a value."""
        left = sorted(self._keys - self._consumed)
        if left:
            raise AssertionError(
                "Unresolved object in checkpoint %s: attributes {\n  name: \"VARIABLE_VALUE\"\n"
                "  checkpoint_key: \"%s\"\n}\n" % (_dotted(left[0]), left[0]))
        return self.assert_existing_objects_matched()

    def assert_existing_objects_matched(self):
        variables, _ = object_graph(self._root)
        unbound = [v for k, v in variables.items() if k not in self._keys]
        if unbound:
            raise AssertionError("Some Python objects were not bound to checkpointed values, "
                                 "likely due to changes in the Python program: %s" % unbound)
        return self

    def assert_nontrivial_match(self):
        if not self._consumed - {"save_counter" + _SUFFIX}:
            raise AssertionError("No checkpointed values were matched to Python objects.")
        return self

    def expect_partial(self):
        """Silences warnings about values not restored (there are none here); returns self."""
        return self

    def run_restore_ops(self, session=None):
        """Restoration already happened (eager)."""

    def initialize_or_restore(self, session=None):
        """Restoration already happened (eager)."""


class InitializationOnlyStatus(CheckpointLoadStatus):
    """``restore(None)``: nothing to restore; the checks pass trivially except a match."""

    def __init__(self, root):
        super().__init__((), root)

    def assert_existing_objects_matched(self):
        return self


class Checkpoint:
    """Groups trackable objects (keyword arguments) for saving and restoring."""

    def __init__(self, root=None, **kwargs):
        self._save_counter = None
        if root is not None:
            kwargs["root"] = root
        # by name, as TF: a variable two children reach is saved under the first one's path
        for name, value in sorted(kwargs.items()):
            if not is_trackable(value):
                raise ValueError(
                    "`Checkpoint` was expecting %s to be a trackable object (an object derived "
                    "from `Trackable`), got %s. If you believe this object should be trackable "
                    "(i.e. it is part of the TensorFlow Python API and manages state), please "
                    "open an issue." % (name, value))
            setattr(self, name, value)

    @property
    def save_counter(self):
        """How many times ``save`` ran (an int64 variable, made on first use)."""
        if self._save_counter is None:
            with tf.init_scope():
                self._save_counter = tf.Variable(0, dtype=tf.int64, trainable=False,
                                                 name="save_counter")
        return self._save_counter

    def _trackable_children(self):
        out = {k: v for k, v in vars(self).items() if not k.startswith("_") and
               (is_trackable(v) or _has_trackable(v))}
        if self._save_counter is not None:
            out["save_counter"] = self._save_counter
        return out

    def write(self, file_prefix, options=None):
        """Saves to exactly ``file_prefix``; returns it (the save counter is not touched)."""
        found = {}
        variables, _ = object_graph(self, found)
        first = {id(v): k for k, v in variables.items()}
        return save_variables(os.fspath(file_prefix), variables,
                              {k: first[id(v)] for k, v in found.items() if k not in variables})

    def save(self, file_prefix, options=None):
        """Saves to ``file_prefix-N`` (N: the save counter after adding one) and records it as
        the directory's latest checkpoint; returns the path."""
        n = int(self.save_counter.assign_add(1))
        path = self.write("%s-%d" % (os.fspath(file_prefix), n))
        update_checkpoint_state(os.path.dirname(path), path, [path])
        return path

    def read(self, save_path, options=None):
        """Restores from ``save_path`` (values for variables not made yet wait for them)."""
        save_path = os.fspath(save_path)
        values = load_variables(save_path)
        status = CheckpointLoadStatus(values, self)
        if "save_counter" + _SUFFIX in values:
            self.save_counter  # noqa: B018  (made now so the count is restored)
        pending = {}
        for key, value in values.items():
            pending[tuple(key[:-len(_SUFFIX)].split("/"))] = _assigner(key, value, status)
        for key, first in load_aliases(save_path).items():
            pending.setdefault(tuple(key[:-len(_SUFFIX)].split("/")),
                               _assigner(first, values[first], status))
        restore_pending(self, pending)
        return status

    def restore(self, save_path, options=None):
        """``read``, also for None (a status for a fresh start) and a directory's state file."""
        if save_path is None:
            return InitializationOnlyStatus(self)
        return self.read(save_path, options)


def _assigner(key, value, status):
    def assign(variable):
        variable.assign(value.astype(object) if value.dtype.kind == "S" else value)
        status._restored(key)
    return assign
