"""``tf.Module``: a named container whose variables and submodules are found by walking its
attributes (and the lists, tuples and dicts in them), in TF's order: a module's own attributes
sorted by name, each container in nest order (dict keys sorted), then the submodules found, each
walked the same way. Objects seen once are not yielded again.

Checkpoints (eagerflow/train) see a module through ``_trackable_children()``: its attributes that
hold variables, modules or other trackable objects, by attribute name.
"""
import functools
import re

import eagerflow as tf

__all__ = ["Module", "camel_to_snake", "trackable_children", "children_of", "restore_pending"]

_VALID_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CAMEL = re.compile(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))")


def camel_to_snake(name):
    """TF's default module name: ``MyMLP`` -> ``my_mlp``, ``HTTPServer2D`` -> ``http_server2_d``."""
    return _CAMEL.sub(r"_\1", name).lower()


class Module:
    """Base class of objects that own variables and other modules (``tf.Module``)."""

    _TF_MODULE_IGNORED_PROPERTIES = frozenset((
        "_self_unconditional_checkpoint_dependencies", "_self_unconditional_dependency_names"))

    def __init__(self, name=None):
        if name is None:
            name = camel_to_snake(type(self).__name__)
        elif not _VALID_NAME.match(name):
            raise ValueError("%r is not a valid module name. Module names must be valid Python "
                             "identifiers (e.g. a valid class name)." % name)
        self._name = name
        # the scope is fixed where the module is made: tf.name_scope('outer') around the
        # constructor gives 'outer/name/' (an absolute scope, re-entered as it is later)
        with tf.name_scope(name) as scope_name:
            self._name_scope = tf.name_scope(scope_name)

    @property
    def name(self):
        """The module's name (its class name in snake_case unless given)."""
        return self._name

    @property
    def name_scope(self):
        """A ``tf.name_scope`` for this module; variables made inside it are named 'name/...'."""
        return self._name_scope

    @property
    def variables(self):
        """Every ``tf.Variable`` of this module and its submodules, in TF's order."""
        return tuple(self._flatten(predicate=_is_variable))

    @property
    def trainable_variables(self):
        return tuple(self._flatten(predicate=lambda x: _is_variable(x) and x.trainable))

    @property
    def non_trainable_variables(self):
        return tuple(self._flatten(predicate=lambda x: _is_variable(x) and not x.trainable))

    @property
    def submodules(self):
        """The modules reachable from this one (not itself), in TF's order."""
        return tuple(self._flatten(predicate=_is_module))

    def _flatten(self, recursive=True, predicate=None, attribute_traversal_key=None,
                 with_path=False, expand_composites=False):
        """The values reachable from this module's attributes that satisfy ``predicate`` (all by
        default); ``with_path`` yields (path, value) pairs, path a tuple of attribute names,
        indices and keys."""
        return _walk(self, recursive, predicate or (lambda _: True), attribute_traversal_key,
                     self._TF_MODULE_IGNORED_PROPERTIES | {"_deferred"}, with_path, (), None,
                     [])

    @classmethod
    def with_name_scope(cls, method):
        """Decorator: runs the method inside the module's name scope."""
        @functools.wraps(method)
        def method_with_name_scope(self, *args, **kwargs):
            with self.name_scope:
                return method(self, *args, **kwargs)
        return method_with_name_scope

    def _trackable_children(self):
        """What a checkpoint saves of this module: {attribute name: trackable value}."""
        return trackable_children(self, self._TF_MODULE_IGNORED_PROPERTIES | {"_deferred"})

    def _defer_restore(self, pending):
        """Keeps checkpoint values for attributes not set yet (``pending``: {path: callback}),
        restored when the attribute is assigned (TF's restore-on-creation)."""
        self.__dict__.setdefault("_deferred", {}).update(pending)

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        deferred = self.__dict__.get("_deferred")
        if deferred and name != "_deferred":
            mine = {path[1:]: fn for path, fn in deferred.items() if path[0] == name}
            if mine:
                for path in [p for p in deferred if p[0] == name]:
                    del deferred[path]
                restore_pending(value, mine)


def _is_variable(x):
    return isinstance(x, tf.Variable)


def _is_module(x):
    return isinstance(x, Module)


def _leaves(value, path):
    """(path, leaf) pairs of a nested value: dicts by sorted key, lists and tuples by index."""
    if isinstance(value, dict):
        try:
            keys = sorted(value)
        except TypeError:
            keys = sorted(value, key=repr)
        for k in keys:
            yield from _leaves(value[k], path + (k,))
    elif isinstance(value, (list, tuple)):
        for k, v in enumerate(value):
            yield from _leaves(v, path + (k,))
    else:
        yield path, value


def _walk(module, recursive, predicate, key, ignored, with_path, prefix, seen, stack):
    if seen is None:
        seen = {id(module)}
    if id(module) in stack:  # a module that contains itself is not walked twice
        recursive = False
    attrs = vars(module)
    found = []
    for name in sorted(attrs, key=key):
        if name in ignored:
            continue
        for path, leaf in _leaves(attrs[name], (name,)):
            if not with_path:
                if id(leaf) in seen:
                    continue
                seen.add(id(leaf))
            if predicate(leaf):
                yield (prefix + path, leaf) if with_path else leaf
            if recursive and _is_module(leaf):
                found.append((prefix + path, leaf))
    stack.append(id(module))
    for path, sub in found:
        yield from _walk(sub, recursive, predicate, key, ignored, with_path, path, seen, stack)
    stack.pop()


def is_trackable(x):
    """Whether a checkpoint can hold ``x``: a variable, or an object with trackable children."""
    return _is_variable(x) or hasattr(x, "_trackable_children")


def _has_trackable(value):
    return any(is_trackable(leaf) for _, leaf in _leaves(value, ()))


def trackable_children(obj, ignored=()):
    """The attributes of ``obj`` that hold trackable objects (directly or in lists, tuples and
    dicts), by name; private names included, as TF tracks them."""
    return {name: value for name, value in sorted(vars(obj).items())
            if name not in ignored and _has_trackable(value)}


def children_of(obj):
    """The named children of a trackable object or container ({} for a variable or a value)."""
    if _is_variable(obj):
        return {}
    if isinstance(obj, dict):
        return {str(k): v for k, v in obj.items() if _has_trackable(v)}
    if isinstance(obj, (list, tuple)):
        return {str(k): v for k, v in enumerate(obj) if _has_trackable(v)}
    get = getattr(obj, "_trackable_children", None)
    return get() if get is not None else {}


def restore_pending(obj, pending):
    """Hands each pending value ({path tuple: callback(variable)}) to the variable at its path
    below ``obj``; paths that end at an object not built yet wait on the deepest object that
    can defer them (``_defer_restore``). Returns the paths that found no place."""
    if _is_variable(obj):
        for path, fn in pending.items():
            if not path:
                fn(obj)
        return {p: f for p, f in pending.items() if p}
    children = children_of(obj)
    by_child, lost = {}, {}
    for path, fn in pending.items():
        if path and path[0] in children:
            by_child.setdefault(path[0], {})[path[1:]] = fn
        else:
            lost[path] = fn
    left = {}
    for name, sub in by_child.items():
        for p, f in restore_pending(children[name], sub).items():
            left[(name,) + p] = f
    left.update(lost)
    defer = getattr(obj, "_defer_restore", None)
    if left and defer is not None:
        defer(left)
        return {}
    return left
