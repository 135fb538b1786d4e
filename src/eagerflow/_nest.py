"""Flattening and repacking nested structures (lists, tuples, namedtuples, dicts) as TF does:
dict entries in sorted key order."""

__all__ = ["flatten", "pack"]


def _sorted_keys(d):
    try:
        return sorted(d)
    except TypeError:
        return sorted(d, key=repr)


def flatten(x, out=None):
    """The leaves of ``x`` in TF's order, appended to ``out`` (a new list by default)."""
    if out is None:
        out = []
    if isinstance(x, dict):
        for k in _sorted_keys(x):
            flatten(x[k], out)
    elif isinstance(x, (list, tuple)):
        for y in x:
            flatten(y, out)
    else:
        out.append(x)
    return out


def pack(structure, flat, pos=None):
    """``structure`` with its leaves replaced, in order, by the items of ``flat``."""
    if pos is None:
        pos = [0]
    if isinstance(structure, dict):
        d = {k: pack(structure[k], flat, pos) for k in _sorted_keys(structure)}
        if type(structure) is dict:
            return {k: d[k] for k in structure}
        return type(structure)((k, d[k]) for k in structure)
    if isinstance(structure, (list, tuple)):
        items = [pack(s, flat, pos) for s in structure]
        if isinstance(structure, tuple) and hasattr(structure, "_fields"):
            return type(structure)(*items)
        return type(structure)(items)
    v = flat[pos[0]]
    pos[0] += 1
    return v
