"""float32 ``logf`` and ``sincosf`` with glibc's results, vectorized in NumPy.

TF's float32 Box-Muller calls the C library's single-precision ``logf`` and ``sincosf``. Those are
not correctly rounded (glibc's are within 0.82 and 0.56 ulp), so rounding NumPy's float64 results
once to float32 differs from them in about one sample in a hundred. These functions evaluate the
same published algorithms (ARM's optimized-routines, MIT licensed, which glibc >= 2.28 ships):
the same tables, polynomials and range reduction in float64, rounded once to float32. The steps
where a fused multiply-add changes the result noticeably (``z * invc - 1`` and ``x - n * pi/2``)
are computed exactly as the FMA builds of glibc do; the others differ from an FMA evaluation by far
less than a float32 rounding can show. Valid for the inputs Box-Muller gives them: positive
normal floats below 1 (log) and [0, 2 pi] (sin, cos).
"""
import numpy as np

_H = float.fromhex

# logf: log(x) = log1p(z / c - 1) + log(c) + k ln2, with x = 2**k z and c the centre of z's subinterval
_LOG_INVC = np.array([_H(h) for h in (
    "0x1.661ec79f8f3bep+0", "0x1.571ed4aaf883dp+0", "0x1.49539f0f010bp+0", "0x1.3c995b0b80385p+0",
    "0x1.30d190c8864a5p+0", "0x1.25e227b0b8eap+0", "0x1.1bb4a4a1a343fp+0", "0x1.12358f08ae5bap+0",
    "0x1.0953f419900a7p+0", "0x1p+0", "0x1.e608cfd9a47acp-1", "0x1.ca4b31f026aap-1",
    "0x1.b2036576afce6p-1", "0x1.9c2d163a1aa2dp-1", "0x1.886e6037841edp-1",
    "0x1.767dcf5534862p-1")])
_LOG_C = np.array([_H(h) for h in (
    "-0x1.57bf7808caadep-2", "-0x1.2bef0a7c06ddbp-2", "-0x1.01eae7f513a67p-2",
    "-0x1.b31d8a68224e9p-3", "-0x1.6574f0ac07758p-3", "-0x1.1aa2bc79c81p-3",
    "-0x1.a4e76ce8c0e5ep-4", "-0x1.1973c5a611cccp-4", "-0x1.252f438e10c1ep-5", "0x0p+0",
    "0x1.aa5aa5df25984p-5", "0x1.c5e53aa362eb4p-4", "0x1.526e57720db08p-3",
    "0x1.bc2860d22477p-3", "0x1.1058bc8a07ee1p-2", "0x1.4043057b6ee09p-2")])
_LN2 = _H("0x1.62e42fefa39efp-1")
_A0, _A1, _A2 = (_H("-0x1.00ea348b88334p-2"), _H("0x1.5575b0be00b6ap-2"),
                 _H("-0x1.ffffef20a4123p-2"))
_OFF = 0x3F330000


def _split(a):
    """a = hi + lo with hi holding the top 26 bits (Dekker's split), so hi * (a 26-bit number)
    and lo * (a 24-bit number) are exact."""
    c = a * 134217729.0  # 2**27 + 1
    hi = c - (c - a)
    return hi, a - hi


_INVC_HI, _INVC_LO = _split(_LOG_INVC)


def logf(x):
    """glibc's logf of a float32 array of positive normal numbers."""
    ix = x.view(np.uint32).astype(np.int64)
    tmp = ix - _OFF
    i = (tmp >> 19) & 15
    k = tmp >> 23  # arithmetic shift of the signed difference
    z = (ix - (tmp & ~0x7FFFFF)).astype(np.uint32).view(np.float32).astype(np.float64)
    # r = fma(z, invc, -1): z * invc_hi is exact and within a factor 2 of 1, so its difference
    # with 1 is exact too; one rounding remains
    r = (z * _INVC_HI[i] - 1.0) + z * _INVC_LO[i]
    y0 = _LOG_C[i] + k * _LN2
    r2 = r * r
    y = _A1 * r + _A2
    y = _A0 * r2 + y
    y = y * r2 + (y0 + r)
    return y.astype(np.float32)


# sincosf: |x| < pi/4 by one multiply-subtract of n pi/2, then sine and cosine polynomials
_HPI_INV = _H("0x1.45F306DC9C883p+23")  # 2/pi * 2**24: the quadrant is read with integer shifts
_HPI = _H("0x1.921FB54442D18p0")
_HPI_HI, _HPI_LO = _split(_HPI)
_C = [_H(h) for h in ("0x1p0", "-0x1.ffffffd0c621cp-2", "0x1.55553e1068f19p-5",
                      "-0x1.6c087e89a359dp-10", "0x1.99343027bf8c3p-16")]
_S1, _S2, _S3 = _H("-0x1.555545995a603p-3"), _H("0x1.1107605230bc4p-7"), \
    _H("-0x1.994eb3774cf24p-13")
_SIGN = np.array([1.0, -1.0, -1.0, 1.0])


def sincosf(y):
    """glibc's sincosf of a float32 array of values in [0, 2 pi]: (sin, cos) as float32."""
    x = y.astype(np.float64)
    top = (y.view(np.uint32) >> 20) & 0x7FF
    n = ((x * _HPI_INV).astype(np.int64) + 0x800000) >> 24
    n[top < 0x3F4] = 0  # below 0.75 the polynomials take x as it is
    nf = n.astype(np.float64)
    # x - n * pi/2 as one fused multiply-add: n * hpi_hi is exact and close to x
    xr = (x - nf * _HPI_HI) - nf * _HPI_LO
    xs = xr * _SIGN[n & 3]
    x2 = xr * xr
    neg = np.where(n & 2, -1.0, 1.0)  # the second table negates the cosine polynomial
    x3 = x2 * xs
    x4 = x2 * x2
    c2 = neg * _C[3] + x2 * (neg * _C[4])
    s1 = _S2 + x2 * _S3
    c1 = neg * _C[0] + x2 * (neg * _C[1])
    x5 = x3 * x2
    x6 = x4 * x2
    s = xs + x3 * _S1
    c = c1 + x4 * (neg * _C[2])
    sp = (s + x5 * s1).astype(np.float32)
    cp = (c + x6 * c2).astype(np.float32)
    odd = (n & 1).astype(bool)
    sin = np.where(odd, cp, sp)
    cos = np.where(odd, sp, cp)
    tiny = top < 0x398  # below 2**-12: sin y = y, cos y = 1
    if tiny.any():
        sin[tiny] = y[tiny]
        cos[tiny] = 1
    return sin, cos
