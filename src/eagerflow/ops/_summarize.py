"""TF's text for a tensor's values, shared by tf.print (PrintV2) and tf.strings.format
(StringFormat): at most ``n`` leading and trailing entries per dimension, floats in their
shortest exact form, strings quoted."""
import numpy as np


def _float_text(v, narrow):
    """TF's float text: FLT_DIG (DBL_DIG) significant digits if they read back exactly, else 9
    (17); subnormals print as a signed zero (TF's kernels flush them)."""
    digits, fallback, cast, tiny = ((6, 9, np.float32, np.finfo(np.float32).tiny) if narrow else
                                    (15, 17, float, np.finfo(np.float64).tiny))
    if v != 0 and abs(v) < tiny:
        v = -0.0 if v < 0 else 0.0
    short = "%.*g" % (digits, v)
    return short if cast(float(short)) == cast(v) else "%.*g" % (fallback, v)


def _scalar_text(v, kind, narrow):
    if kind == "b":
        return "1" if v else "0"
    if kind == "O":
        return '"%s"' % v.decode("utf-8", "replace")
    if kind == "f" or kind == "V":  # "V": bfloat16 and other ml_dtypes floats
        return _float_text(float(v), narrow)
    if kind == "c":
        return "?"
    return str(v)


def summarize_array(a, n, bare_scalar_string=False):
    """An array as TF's StringFormat/PrintV2 kernels summarise it: at most ``n`` leading and
    trailing entries per dimension (all when n < 0), "..." between, a blank line between blocks
    of rank 3 and more; strings quoted, except a scalar string when ``bare_scalar_string``
    (tf.print's rule)."""
    kind = a.dtype.kind
    narrow = a.dtype.itemsize < 8 or kind not in "fV"
    if a.ndim == 0:
        v = a[()]
        if bare_scalar_string and kind == "O":
            return v.decode("utf-8", "replace")
        return _scalar_text(v, kind, narrow)
    if a.size == 0:  # TF's kernels print an empty inner dimension as an elided row
        return "[]" if a.shape[0] == 0 else "[" + "\n" * (a.ndim - 1) + " ...]"

    def rec(x, depth):
        size = x.shape[0]
        idx = list(range(size)) if n < 0 or size <= 2 * n else \
            list(range(n)) + [None] + list(range(size - n, size))
        if x.ndim == 1:
            return "[" + " ".join("..." if i is None else _scalar_text(x[i], kind, narrow)
                                  for i in idx) + "]"
        sep = "\n" * (x.ndim - 1) + " " * (depth + 1)
        return "[" + sep.join("..." if i is None else rec(x[i], depth + 1) for i in idx) + "]"
    return rec(a, 0)
