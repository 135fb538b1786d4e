"""Diagonals and bands of the innermost matrices: tf.linalg.diag, diag_part and set_diag (TF's V3
ops: one diagonal ``k`` or a band ``k = (lower, upper)``, padding and alignment), band_part and
trace, each primitive with its gradient rule directly below it.

A band's diagonals are packed as TF packs them: row ``i`` of the packed array is diagonal
``upper - i``, and a diagonal shorter than the longest is aligned to the left or the right of its
row by ``align`` ("SUPER_SUB": the first word for diagonals k >= 0, the second for k < 0).
"""
import numpy as np

from .._export import export
from ..engine.device import xp_of
from ..engine.primitive import primitive
from ..errors import InvalidArgumentError
from ..tensor import convert_to_tensor
from ._args import _dims, _err
from .reduction import reduce_sum

__all__ = ["diag", "diag_part", "set_diag", "band_part", "trace"]

_ALIGNS = ("LEFT_RIGHT", "RIGHT_LEFT", "LEFT_LEFT", "RIGHT_RIGHT")


def _plan(m, n, lo, hi, align):
    """Where each entry of the band lies: matrix rows and columns, packed rows and positions; and
    the packed length (the longest diagonal's)."""
    lengths = {d: min(m + min(d, 0), n - max(d, 0)) for d in range(lo, hi + 1)}
    width = max(lengths.values())
    super_word, sub_word = align.split("_")
    rows, cols, packed_rows, packed_pos = [], [], [], []
    for d in range(hi, lo - 1, -1):
        length = lengths[d]
        if length <= 0:
            continue
        start = max(0, -d)
        i = np.arange(start, start + length)
        right = (super_word if d >= 0 else sub_word) == "RIGHT"
        rows.append(i)
        cols.append(i + d)
        packed_rows.append(np.full(length, hi - d))
        packed_pos.append(np.arange(length) + (width - length if right else 0))
    cat = np.concatenate
    return cat(rows), cat(cols), cat(packed_rows), cat(packed_pos), width


def _packed(diagonal, lo, hi):
    """The diagonals as [..., num_diags, width] (a single diagonal has no num_diags axis)."""
    return diagonal[..., None, :] if lo == hi else diagonal


@primitive("MatrixDiagPartV3")
def _diag_part(x, lo, hi, padding, align):
    m, n = x.shape[-2:]
    r, c, pr, pp, width = _plan(m, n, lo, hi, align)
    out = xp_of(x).full(x.shape[:-2] + (hi - lo + 1, width), padding, x.dtype)
    out[..., pr, pp] = x[..., r, c]
    return out[..., 0, :] if lo == hi else out


@_diag_part.defvjp
def _(g, ans, x, lo, hi, padding, align):
    m, n = x._v.shape[-2:]
    return (_diag(g, lo=lo, hi=hi, rows=m, cols=n, padding=0, align=align),)


@primitive("MatrixDiagV3")
def _diag(d, lo, hi, rows, cols, padding, align):
    r, c, pr, pp, _ = _plan(rows, cols, lo, hi, align)
    p = _packed(d, lo, hi)
    out = xp_of(d).full(p.shape[:-2] + (rows, cols), padding, d.dtype)
    out[..., r, c] = p[..., pr, pp]
    return out


@_diag.defvjp
def _(g, ans, d, lo, hi, rows, cols, padding, align):
    return (_diag_part(g, lo=lo, hi=hi, padding=0, align=align),)


@primitive("MatrixSetDiagV3")
def _set_diag(x, d, lo, hi, align):
    m, n = x.shape[-2:]
    r, c, pr, pp, _ = _plan(m, n, lo, hi, align)
    out = x.copy()
    out[..., r, c] = _packed(d, lo, hi)[..., pr, pp]
    return out


@_set_diag.defvjp
def _(g, ans, x, d, lo, hi, align):
    # the entries set from the diagonals take their gradient; the rest pass it through
    zeros = xp_of(d._v).zeros(d._v.shape, d._v.dtype)
    return (_set_diag(g, zeros, lo=lo, hi=hi, align=align),
            _diag_part(g, lo=lo, hi=hi, padding=0, align=align))


def _band(k, op):
    if isinstance(k, (list, tuple)) or np.ndim(k) == 1:
        ks = [int(v) for v in np.asarray(getattr(k, "_v", k)).reshape(-1)]
        lo, hi = (ks[0], ks[0]) if len(ks) == 1 else (ks[0], ks[1])
    else:
        lo = hi = int(getattr(k, "_v", k))
    if lo > hi:
        raise _err(op, "lower_diag_index must not be larger than upper_diag_index: %d > %d"
                   % (lo, hi))
    return lo, hi


def _align(align, op):
    if align not in _ALIGNS:
        raise InvalidArgumentError(None, op, "Value for attr 'align' of \"%s\" is not in the list "
                                   "of allowed values: %s [Op:%s]" % (
                                       align, ", ".join('"%s"' % a for a in _ALIGNS), op))
    return align


def _check_index(k, m, n, op, which):
    if k != 0 and not -m < k < n:
        raise _err(op, "%s_diag_index is out of bound: %d. It must be between %d and %d"
                   % (which, k, -m, n))


def _matrix(x, op, what):
    x = convert_to_tensor(x)
    if x._v.ndim < 2:
        raise _err(op, "%s must be at least 2-dim, received shape: %s" % (what, _dims(x._v.shape)))
    return x


def _padding(value, x):
    return np.asarray(getattr(value, "_v", value)).astype(x._v.dtype).item()


@export("linalg.diag_part")
def diag_part(input, name="diag_part", k=0, padding_value=0, align="RIGHT_LEFT"):
    """Diagonal ``k`` (or the band ``k = (lower, upper)``) of the innermost matrices."""
    x = _matrix(input, "MatrixDiagPartV3", "input")
    lo, hi = _band(k, "MatrixDiagPartV3")
    m, n = x._v.shape[-2:]
    _check_index(lo, m, n, "MatrixDiagPartV3", "lower")
    _check_index(hi, m, n, "MatrixDiagPartV3", "upper")
    return _diag_part(x, lo=lo, hi=hi, padding=_padding(padding_value, x),
                      align=_align(align, "MatrixDiagPartV3"))


@export("linalg.diag")
def diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0,
         align="RIGHT_LEFT"):
    """Matrices with the given diagonal ``k`` (or band ``k = (lower, upper)``), padding_value
    elsewhere."""
    d = convert_to_tensor(diagonal)
    if d._v.ndim < 1:
        raise _err("MatrixDiagV3", "diagonal must be at least 1-dim, received shape: []")
    lo, hi = _band(k, "MatrixDiagV3")
    if lo != hi and (d._v.ndim < 2 or d._v.shape[-2] != hi - lo + 1):
        raise _err("MatrixDiagV3", "The number of diagonals provided in the input does not match "
                   "the lower_diag_index and upper_diag_index range.")
    width = d._v.shape[-1]
    min_rows, min_cols = width - min(hi, 0), width + max(lo, 0)
    rows = -1 if num_rows is None else int(num_rows)
    cols = -1 if num_cols is None else int(num_cols)
    if rows == -1 and cols == -1:
        rows = cols = max(min_rows, min_cols)
    elif rows == -1:
        rows = min_rows
    elif cols == -1:
        cols = min_cols
    if rows < min_rows or cols < min_cols or (rows != min_rows and cols != min_cols):
        raise _err("MatrixDiagV3", "The number of rows or columns is not consistent with the "
                   "specified d_lower, d_upper, and diagonal.")
    return _diag(d, lo=lo, hi=hi, rows=rows, cols=cols, padding=_padding(padding_value, d),
                 align=_align(align, "MatrixDiagV3"))


@export("linalg.set_diag")
def set_diag(input, diagonal, name="set_diag", k=0, align="RIGHT_LEFT"):
    """The innermost matrices with diagonal ``k`` (or the band ``k = (lower, upper)``)
    replaced."""
    x = _matrix(input, "MatrixSetDiagV3", "input")
    d = convert_to_tensor(diagonal, dtype=x.dtype)
    lo, hi = _band(k, "MatrixSetDiagV3")
    m, n = x._v.shape[-2:]
    _check_index(lo, m, n, "MatrixSetDiagV3", "lower")
    _check_index(hi, m, n, "MatrixSetDiagV3", "upper")
    width = max(min(m + min(j, 0), n - max(j, 0)) for j in range(lo, hi + 1))
    want = x._v.shape[:-2] + ((width,) if lo == hi else (hi - lo + 1, width))
    if d._v.shape != want:
        raise _err("MatrixSetDiagV3", "Either first dimensions of diagonal don't match "
                   "input.shape[:-2], or diagonal.shape[:-1] is not equal to the longests diagonal "
                   "in range [lower_diag_index:upper_diag_index].\nInput shape: %s\nDiagonal "
                   "shape: %s\nExpected diagonal shape: %s" % (
                       _dims(x._v.shape), _dims(d._v.shape), _dims(want)))
    return _set_diag(x, d, lo=lo, hi=hi, align=_align(align, "MatrixSetDiagV3"))


@primitive("MatrixBandPart")
def _band_part(x, lower, upper):
    m, n = x.shape[-2:]
    xp = xp_of(x)
    i = xp.arange(m)[:, None]
    j = xp.arange(n)[None, :]
    keep = xp.ones((m, n), bool)
    if lower >= 0:
        keep &= (i - j) <= lower
    if upper >= 0:
        keep &= (j - i) <= upper
    return np.where(keep, x, x.dtype.type(0))


@_band_part.defvjp
def _(g, ans, x, lower, upper):
    return (_band_part(g, lower=lower, upper=upper),)


@export("linalg.band_part")
def band_part(input, num_lower, num_upper, name=None):
    """Keeps a band of each innermost matrix: num_lower subdiagonals and num_upper
    superdiagonals (negative: all of them)."""
    x = convert_to_tensor(input)
    s = x._v.shape
    if len(s) < 2:
        raise _err("MatrixBandPart", "input must be at least 2-dim, received shape: %s" % _dims(s))
    lo, up = int(num_lower), int(num_upper)
    if lo > s[-2]:
        raise _err("MatrixBandPart", "num_lower must be negative or less or equal to number of "
                   "rows (%d) got: %d" % (s[-2], lo))
    if up > s[-1]:
        raise _err("MatrixBandPart", "num_upper must be negative or less or equal to number of "
                   "columns (%d) got: %d" % (s[-1], up))
    return _band_part(x, lower=lo, upper=up)


@export("linalg.trace")
def trace(x, name=None):
    """Sums of the main diagonals of the innermost matrices."""
    return reduce_sum(diag_part(x), axis=-1)
