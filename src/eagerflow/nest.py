"""tf.nest: flattening, repacking, comparing and mapping nested structures with TF's rules.

What nests: lists, tuples (namedtuples too), mappings (entries in sorted key order; the rebuilt
mapping keeps the original's key order), mapping views, ``attrs`` classes and, with
``expand_composites=True``, composite tensors (a RaggedTensor is its flat values and row splits).
Everything else is a leaf: strings, sets, tensors, variables, NumPy arrays. The errors are TF's,
including the long "don't have the same nested structure" report. (eagerflow/_nest.py is the
engine's lean internal version for tf.function's arguments.)
"""
import collections.abc as _abc

from .engine.primitive import COMPOSITES

__all__ = ["flatten", "pack_sequence_as", "assert_same_structure", "map_structure", "is_nested"]


# -- what nests, its children, and how to rebuild it -----------------------------------------------
def _is_namedtuple(x):
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def _is_attrs(x):
    return hasattr(type(x), "__attrs_attrs__")


def _is_composite(x):
    return type(x) in COMPOSITES


def _nests(x, expand=False):
    if isinstance(x, (str, bytes)):
        return False
    return (isinstance(x, (list, tuple, _abc.Mapping, _abc.MappingView)) or _is_attrs(x)
            or expand and _is_composite(x))


def _sorted(keys):
    return sorted(keys)  # TF sorts with Python's "<": mixed key types raise its TypeError


def _children(x):
    if isinstance(x, _abc.Mapping):
        return [x[k] for k in _sorted(x)]
    if _is_attrs(x):
        return [getattr(x, a.name) for a in type(x).__attrs_attrs__]
    if _is_composite(x):
        return list(x._type_spec._to_components(x))
    return list(x)


def _rebuild(x, children):
    if isinstance(x, _abc.Mapping):
        by_key = dict(zip(_sorted(x), children))
        items = [(k, by_key[k]) for k in x]
        if type(x) is dict:
            return dict(items)
        if isinstance(x, _abc.MutableMapping) and hasattr(x, "default_factory"):
            return type(x)(x.default_factory, items)
        return type(x)(items)
    if _is_namedtuple(x) or _is_attrs(x):
        return type(x)(*children)
    if isinstance(x, (list, tuple)):
        return type(x)(children)
    if _is_composite(x):
        return x._type_spec._from_components(children)
    return list(children)  # a mapping view


# -- public functions ------------------------------------------------------------------------------
def is_nested(seq):
    """Whether ``seq`` is a structure tf.nest descends into (a list, tuple, dict ...)."""
    return _nests(seq)


def flatten(structure, expand_composites=False):
    """The leaves of ``structure`` in TF's order (dict entries by sorted key); a leaf gives [leaf]."""
    out = []
    _flatten(structure, expand_composites, out)
    return out


def _flatten(x, expand, out):
    if _nests(x, expand):
        for c in _children(x):
            _flatten(c, expand, out)
    else:
        out.append(x)


def _count(x, expand):
    if _nests(x, expand):
        return sum(_count(c, expand) for c in _children(x))
    return 1


def pack_sequence_as(structure, flat_sequence, expand_composites=False):
    """``structure`` with its leaves replaced, in order, by the items of ``flat_sequence``."""
    if not isinstance(flat_sequence, (list, tuple)) and not _nests(flat_sequence):
        raise TypeError("Attempted to pack value:\n  %s\ninto a structure, but found incompatible "
                        "type `%s` instead." % (flat_sequence, type(flat_sequence)))
    flat = list(flat_sequence)
    if not _nests(structure, expand_composites):
        if len(flat) != 1:
            raise ValueError(
                "The target structure is of type `%s`\n  %s\nHowever the input is a sequence (%s) "
                "of length %d.\n  %s\nnest cannot guarantee that it is safe to map one to the "
                "other." % (type(structure), structure, type(flat_sequence), len(flat),
                            flat_sequence))
        return flat[0]
    n = _count(structure, expand_composites)
    if n != len(flat):
        raise ValueError(
            "Could not pack sequence. Structure had %d atoms, but flat_sequence had %d items.  "
            "Structure: %s, flat_sequence: %s." % (n, len(flat), structure, flat_sequence))
    return _pack(structure, iter(flat), expand_composites)


def _pack(x, it, expand):
    if _nests(x, expand):
        return _rebuild(x, [_pack(c, it, expand) for c in _children(x)])
    return next(it)


def map_structure(func, *structure, **kwargs):
    """``func`` applied to the leaves of the structures (which must match) at each position,
    packed as the first structure."""
    if not callable(func):
        raise TypeError("func must be callable, got: %s" % func)
    if not structure:
        raise ValueError("Must provide at least one structure")
    check_types = kwargs.pop("check_types", True)
    expand = kwargs.pop("expand_composites", False)
    if kwargs:
        raise ValueError("Only valid keyword arguments are `check_types` and `expand_composites`, "
                         "not: `%s`" % "`, `".join(kwargs))
    for other in structure[1:]:
        assert_same_structure(structure[0], other, check_types=check_types,
                              expand_composites=expand)
    flats = [flatten(s, expand) for s in structure]
    return pack_sequence_as(structure[0], [func(*leaves) for leaves in zip(*flats)],
                            expand_composites=expand)


# -- assert_same_structure -------------------------------------------------------------------------
class _Mismatch(Exception):
    def __init__(self, cls, text):
        super().__init__(text)
        self.cls = cls


def _type_name(x):
    from .tensor import Tensor
    return "EagerTensor" if type(x) is Tensor else type(x).__name__


def _desc(x):
    return "type=%s str=%s" % (_type_name(x), x)


def _same_type(a, b):
    if type(a) is type(b):
        return True
    if isinstance(a, _abc.Mapping) and isinstance(b, _abc.Mapping):
        return True
    if _is_namedtuple(a) and _is_namedtuple(b):
        return type(a).__name__ == type(b).__name__ and type(a)._fields == type(b)._fields
    return False


def _compare(a, b, check_types, expand):
    seq_a, seq_b = _nests(a, expand), _nests(b, expand)
    if seq_a != seq_b:
        s, n = (a, b) if seq_a else (b, a)
        raise _Mismatch(ValueError, 'Substructure "%s" is a sequence, while substructure "%s" is '
                                    'not' % (_desc(s), _desc(n)))
    if not seq_a:
        return
    if check_types:
        if not _same_type(a, b):
            raise _Mismatch(TypeError, (
                "The two namedtuples don't have the same sequence type. First structure %s has "
                "type %s, while second structure %s has type %s") % (
                    _desc(a), _type_name(a), _desc(b), _type_name(b)))
        if isinstance(a, _abc.Mapping) and set(a) != set(b):
            raise _Mismatch(ValueError, (
                "The two dictionaries don't have the same set of keys. First structure has keys "
                "type=list str=%s, while second structure has keys type=list str=%s") % (
                    _sorted(a), _sorted(b)))
    ca, cb = _children(a), _children(b)
    if len(ca) != len(cb):
        raise _Mismatch(ValueError, "The two structures don't have the same number of elements. "
                                    "First structure: %s. Second structure: %s" % (
                                        _desc(a), _desc(b)))
    for x, y in zip(ca, cb):
        _compare(x, y, check_types, expand)


class _Dot:
    """A leaf in the outline of a structure that TF's error prints."""

    def __repr__(self):
        return "."


def _outline(x):
    return pack_sequence_as(x, [_Dot()] * _count(x, False)) if _nests(x) else _Dot()


def assert_same_structure(nest1, nest2, check_types=True, expand_composites=False):
    """Raises TF's ValueError (shape of the nesting) or TypeError (container types) unless the two
    structures nest the same way."""
    try:
        _compare(nest1, nest2, check_types, expand_composites)
    except _Mismatch as m:
        raise m.cls(
            "The two structures don't have the same nested structure.\n\nFirst structure: %s\n\n"
            "Second structure: %s\n\nMore specifically: %s\nEntire first structure:\n%s\n"
            "Entire second structure:\n%s" % (_desc(nest1), _desc(nest2), m.args[0],
                                              _outline(nest1), _outline(nest2))) from None
