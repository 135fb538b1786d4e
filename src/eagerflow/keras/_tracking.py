"""How Keras objects appear to ``tf.train.Checkpoint`` (the protocol in eagerflow/module.py).

A layer or model names its children by its public attributes that hold variables, layers or
other trackable objects (also inside lists and dicts): ``model/d1/kernel``. Functional models add
their layers as ``_operations`` (the InputLayer first) and Sequential its functional graph as
``_functional``, as TF's Keras names them; an optimizer names its state as Keras 3 does
(``_iterations``, ``_learning_rate``, ``_variables/<i>``, ``_trainable_variables/<i>``).

Deferred restoration: a value whose variable does not exist yet (a layer not built, an optimizer
whose slots appear on its first step) waits in the owner's ``_deferred_restores`` and is
assigned when the attribute is set (layers) or the variable is made (optimizers).
"""
from eagerflow.module import is_trackable, restore_pending

__all__ = ["has_trackable", "public_children", "defer_restore", "restore_attribute",
           "flush_deferred"]


def has_trackable(value):
    """Whether ``value`` is, or holds in its lists, tuples and dicts, a trackable object."""
    if isinstance(value, dict):
        return any(has_trackable(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(has_trackable(v) for v in value)
    return is_trackable(value)


def _saved_name(obj, name):
    # Keras 3 keeps some weights in a private attribute behind a property (Dense's ``_kernel``)
    return getattr(obj, "_checkpoint_names", {}).get(name, name)


def public_children(obj):
    """{name: value} of ``obj``'s public attributes that hold trackable objects, in the order
    they were first set, as TF's Keras lists them (a few under Keras 3's private name:
    ``_checkpoint_names``)."""
    return {_saved_name(obj, name): value for name, value in vars(obj).items()
            if name[0] != "_" and has_trackable(value)}


def defer_restore(obj, pending):
    """Keeps checkpoint values (``pending``: {path: callback(variable)}) until their variables
    exist."""
    obj.__dict__.setdefault("_deferred_restores", {}).update(pending)


def restore_attribute(obj, name, value):
    """Hands the values waiting under attribute ``name`` to ``value``, just assigned to it."""
    deferred = obj.__dict__.get("_deferred_restores")
    if not deferred or not has_trackable(value):
        return
    name = _saved_name(obj, name)
    mine = {path[1:]: fn for path, fn in deferred.items() if path[0] == name}
    if not mine:
        return
    for path in mine:
        del deferred[(name,) + path]
    left = restore_pending(value, mine)
    deferred.update({(name,) + path: fn for path, fn in left.items()})


def flush_deferred(obj):
    """Retries every waiting value of ``obj`` (after it made new variables)."""
    pending = obj.__dict__.get("_deferred_restores")
    if pending:
        obj._deferred_restores = {}
        restore_pending(obj, pending)
