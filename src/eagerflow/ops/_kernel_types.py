"""TF's dtype error for an op whose kernel lists its allowed types in its own order (the engine's
general error lists them in one shared order and ends every signature in ``:T``)."""
from .. import dtypes as _dt
from ..errors import InvalidArgumentError


def kernel_types(prim, words, out="T", commutative=False, unary=False):
    """Makes ``prim``'s dtype error TF's: ``words`` are its kernel's allowed types in TF's order,
    ``out`` its output's type in the signature, ``commutative`` adds TF's is_commutative attr.
    The general admission is kept; only its error path changes."""
    general = prim.admit
    sig = "x:T -> y:%s" % out if unary else "x:T, y:T -> z:%s" % out
    tail = "; is_commutative=true" if commutative else ""

    def admit(inputs):
        try:
            return general(inputs)
        except InvalidArgumentError:
            d0 = inputs[0]._v.dtype
            if d0 in prim.dtypes or any(t._v.dtype != d0 for t in inputs):
                raise
        raise InvalidArgumentError(None, prim.name, (
            "Value for attr 'T' of %s is not in the list of allowed values: %s\n\t; NodeDef: "
            "{{node %s}}; Op<name=%s; signature=%s; attr=T:type,allowed=[%s]%s> [Op:%s] name: ") % (
                _dt.NP_TO_DTYPE[d0]._kernel_word, ", ".join(words), prim.name, prim.name, sig,
                ", ".join("DT_" + w.upper() for w in words), tail, prim.name))
    prim.admit = admit
