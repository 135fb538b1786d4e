"""Nested structures (lists, tuples, namedtuples, dicts) as keras.tree sees them: leaves in order,
dict entries by sorted key."""


def _keys(d):
    try:
        return sorted(d)
    except TypeError:
        return list(d)


def is_nested(x):
    return isinstance(x, (list, tuple, dict))


def flatten(x, out=None):
    """The leaves of ``x``, in order."""
    if out is None:
        out = []
    if isinstance(x, dict):
        for k in _keys(x):
            flatten(x[k], out)
    elif isinstance(x, (list, tuple)):
        for y in x:
            flatten(y, out)
    else:
        out.append(x)
    return out


def map_structure(fn, x):
    """``x`` with every leaf replaced by ``fn(leaf)`` (same containers)."""
    if isinstance(x, dict):
        return type(x)((k, map_structure(fn, x[k])) for k in x)
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        return type(x)(*(map_structure(fn, y) for y in x))
    if isinstance(x, (list, tuple)):
        return type(x)(map_structure(fn, y) for y in x)
    return fn(x)


def pack_sequence_as(structure, flat):
    """``structure`` with its leaves replaced, in order, by the items of ``flat``."""
    it = iter(flat)
    return map_structure(lambda _: next(it), _sorted_view(structure))


def _sorted_view(x):
    # dict leaves are flattened by sorted key; rebuild dicts in that order so packing lines up
    if isinstance(x, dict):
        return type(x)((k, _sorted_view(x[k])) for k in _keys(x))
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        return type(x)(*(_sorted_view(y) for y in x))
    if isinstance(x, (list, tuple)):
        return type(x)(_sorted_view(y) for y in x)
    return x
