"""Philox4x32-10 and TF's distributions over it, vectorized in NumPy.

The generator is the counter-based one of Salmon et al. as TF's CPU kernels run it: a key of two
uint32 words, a 128-bit counter (four uint32 words, least significant first), ten rounds that
multiply words 0 and 2 by 0xD2511F53 and 0xCD9E8D57 and mix in the key, which grows by
(0x9E3779B9, 0xBB67AE85) between rounds. One call turns one counter into four uint32 outputs and
the counter then counts up by one; here every counter of a range is computed at once (the 32x32
products are exact in uint64, split into high and low words).

A state is ``(key, counter)``: key a pair of ints below 2**32, counter an int below 2**128.

On top sit TF's conversions from output words to samples, with the number of Philox calls each
kernel uses per group of outputs (four float32 per call, two float64 per call ...), so every
element of a tensor comes from the same words as in TF's kernels whatever their sharding:

* uniform float: 23 random mantissa bits under exponent 0 give [1, 2), minus 1 (float64: 20 bits
  of one word and all of the next; float16/bfloat16: the low 10/7 bits of each word);
* uniform integers in [lo, hi): the word (or the pair of words, for 64 bits) modulo hi - lo,
  added to lo in unsigned arithmetic; full-range integers: the words themselves;
* normal: Box-Muller on pairs of uniforms (the first clamped up to 1e-7), sine then cosine;
  float32 works in float32 as TF does, with the C library's logf and sincosf (libm_f32);
* truncated normal: each group of outputs (four, or two for float64) starts 256 calls per output
  further along the stream and takes the Box-Muller values below 2 in magnitude, in stream order.
"""
import numpy as np

from .libm_f32 import logf, sincosf

_M0, _M1 = 0xD2511F53, 0xCD9E8D57
_W0, _W1 = 0x9E3779B9, 0xBB67AE85
_LO = np.uint64(0xFFFFFFFF)
_U32 = (1 << 32) - 1
_U64 = (1 << 64) - 1
_U128 = (1 << 128) - 1
_S32 = np.uint64(32)
# where the low and high 32-bit words of a uint64 sit in its two-word uint32 view
_LOW, _HI = (0, 1) if np.little_endian else (1, 0)
_MULT = np.array([[_M0], [_M1]], np.uint64)

# outputs TF reserves per element: a stateful kernel skips this many calls per element it fills,
# and a truncated-normal group of k outputs owns k * 256 / 4 calls of the stream
RESERVED_PER_OUTPUT = 256


def philox_block(key, counter, n):
    """The outputs of ``n`` consecutive Philox calls from ``counter``: a (n, 4) uint32 array whose
    row-major order is TF's stream order."""
    n = int(n)
    if n <= 0:
        return np.zeros((0, 4), np.uint32)
    counter = int(counter) & _U128
    lo64, hi64 = counter & _U64, counter >> 64
    steps = np.arange(n, dtype=np.uint64)
    lo = steps + np.uint64(lo64)  # wraps modulo 2**64
    if lo64 + n - 1 > _U64:
        hi = np.where(lo < np.uint64(lo64), np.uint64((hi64 + 1) & _U64), np.uint64(hi64))
    else:
        hi = np.full(n, np.uint64(hi64))
    c0, c1 = lo & _LO, lo >> _S32
    c2, c3 = hi & _LO, hi >> _S32
    return _rounds(c0, c1, c2, c3, int(key[0]) & _U32, int(key[1]) & _U32)


def _rounds(c0, c1, c2, c3, k0, k1):
    """Ten rounds on the counter words (integer arrays holding 32-bit values), returned as an
    (n, 4) uint32 array. Words 0 and 2 travel as the rows of one (2, n) array and words 1 and 3
    as another, so a round is one multiply (the 32x32 products made in uint64, their low and high
    words read through a uint32 view) and two XORs, whatever n is."""
    n = c0.shape[0]
    a = np.empty((2, n), np.uint32)  # words 0, 2
    b = np.empty((2, n), np.uint32)  # words 1, 3
    a[0], a[1], b[0], b[1] = c0, c2, c1, c3
    keys = np.empty((10, 2, 1), np.uint32)
    for r in range(10):
        keys[r, 0, 0], keys[r, 1, 0] = k0, k1
        k0, k1 = (k0 + _W0) & _U32, (k1 + _W1) & _U32
    for r in range(10):
        p = np.multiply(a, _MULT, dtype=np.uint64).view(np.uint32).reshape(2, n, 2)
        b ^= keys[r]
        a = np.bitwise_xor(p[::-1, :, _HI], b)  # word 0: hi(c2 m1) ^ c1 ^ k0; word 2: hi(c0 m0) ^ c3 ^ k1
        b = p[::-1, :, _LOW]                     # word 1: lo(c2 m1); word 3: lo(c0 m0)
    out = np.empty((n, 4), np.uint32)
    out[:, 0::2] = a.T
    out[:, 1::2] = b.T
    return out


def philox_call(key, counter):
    """One Philox call on one counter: the four output words as Python ints."""
    return [int(w) for w in philox_block(key, counter, 1)[0]]


def skip(counter, count):
    """The counter ``count`` calls later (modulo 2**128)."""
    return (int(counter) + int(count)) & _U128


def counter_words(counter):
    """A 128-bit counter as its four uint32 words, least significant first."""
    return [(int(counter) >> (32 * k)) & _U32 for k in range(4)]


def from_words(words):
    """Four (or two, for a key) uint32 words, least significant first, as one int."""
    return sum((int(w) & _U32) << (32 * k) for k, w in enumerate(words))


def from_seeds(seed, seed2):
    """The generator of a stateful op with attributes (seed, seed2): the key is the 64 bits of
    seed, the counter's high half those of seed2."""
    s, s2 = int(seed) & _U64, int(seed2) & _U64
    return (s & _U32, s >> 32), s2 << 64


def key_counter_from_seed(seed0, seed1):
    """A stateless op's [2] seed scrambled into (key, counter): one Philox call with a fixed key on
    the counter (seed0, seed1) gives the key (words 0, 1) and the counter's high half (words 2, 3)."""
    ctr = (int(seed0) & _U64) | (int(seed1) & _U64) << 64
    w = philox_call((0x3EC8F720, 0x02461E29), ctr)
    return (w[0], w[1]), (w[2] | w[3] << 32) << 64


# ---------------------------------------------------------------------------------------------
# distributions: each takes the stream's (key, counter) and the element count, returns a flat
# array of exactly n elements of the right dtype

def _words(key, counter, n, per_call):
    calls = -(-int(n) // per_call)
    return philox_block(key, counter, calls).reshape(-1)


def uniform_float32(key, counter, n):
    w = _words(key, counter, n, 4)[:n]
    return (w & np.uint32(0x7FFFFF) | np.uint32(0x3F800000)).view(np.float32) - np.float32(1)


def uniform_float64(key, counter, n):
    w = _words(key, counter, n, 2)[:2 * n].astype(np.uint64)
    bits = (w[0::2] & np.uint64(0xFFFFF)) << _S32 | w[1::2] | np.uint64(0x3FF0000000000000)
    return bits.view(np.float64) - 1.0


def uniform_float16(key, counter, n):
    w = _words(key, counter, n, 4)[:n]
    bits = (w & np.uint32(0x3FF) | np.uint32(15 << 10)).astype(np.uint16)
    return bits.view(np.float16) - np.float16(1)


def uniform_bfloat16_as_float32(key, counter, n):
    """bfloat16 uniforms (7 random mantissa bits) as exact float32 values."""
    w = _words(key, counter, n, 4)[:n]
    bits = (w & np.uint32(0x7F) | np.uint32(127 << 7)) << np.uint32(16)
    return bits.view(np.float32) - np.float32(1)


def full_int(key, counter, n, np_dtype):
    """Integers over the whole range of a 32- or 64-bit type."""
    np_dtype = np.dtype(np_dtype)
    if np_dtype.itemsize == 4:
        return _words(key, counter, n, 4)[:n].view(np_dtype)
    w = _words(key, counter, n, 2)[:2 * n].astype(np.uint64)
    return (w[0::2] | w[1::2] << _S32).view(np_dtype)


def uniform_int(key, counter, n, lo, hi, np_dtype):
    """Integers in [lo, hi): a word modulo the range, added to lo without overflow."""
    np_dtype = np.dtype(np_dtype)
    bits = 8 * np_dtype.itemsize
    mask = (1 << bits) - 1
    rng = (int(hi) - int(lo)) & mask
    u = full_int(key, counter, n, np.uint32 if bits == 32 else np.uint64)
    utype = u.dtype.type
    return (u % utype(rng) + utype(int(lo) & mask)).view(np_dtype)


def _box_muller_float32(x0, x1):
    """TF's BoxMullerFloat on word arrays: two float32 normals per pair of words."""
    one = np.uint32(0x3F800000)
    man = np.uint32(0x7FFFFF)
    u1 = (x0 & man | one).view(np.float32) - np.float32(1)
    np.maximum(u1, np.float32(1e-7), out=u1)
    u = (x1 & man | one).view(np.float32) - np.float32(1)
    v1 = (u.astype(np.float64) * (2 * np.pi)).astype(np.float32)
    u2 = np.sqrt(np.float32(-2) * logf(u1))
    f0, f1 = sincosf(v1)
    f0 *= u2
    f1 *= u2
    return f0, f1


def _box_muller_float64(x0, x1, x2, x3):
    """TF's BoxMullerDouble: two float64 normals per four words."""
    u1 = _double(x0, x1)
    np.maximum(u1, 1e-7, out=u1)
    v1 = (2 * np.pi) * _double(x2, x3)
    u2 = np.sqrt(-2.0 * np.log(u1))
    return np.sin(v1) * u2, np.cos(v1) * u2


def _double(a, b):
    bits = (a.astype(np.uint64) & np.uint64(0xFFFFF)) << _S32 | b.astype(np.uint64) | \
        np.uint64(0x3FF0000000000000)
    return bits.view(np.float64) - 1.0


def normal_float32(key, counter, n):
    w = philox_block(key, counter, -(-int(n) // 4))
    f0, f1 = _box_muller_float32(w[:, 0::2], w[:, 1::2])
    out = np.empty((w.shape[0], 2, 2), np.float32)
    out[:, :, 0] = f0
    out[:, :, 1] = f1
    return out.reshape(-1)[:n]


def normal_float64(key, counter, n):
    w = philox_block(key, counter, -(-int(n) // 2))
    d0, d1 = _box_muller_float64(w[:, 0], w[:, 1], w[:, 2], w[:, 3])
    return np.stack([d0, d1], axis=1).reshape(-1)[:n]


def truncated_normal(key, counter, n, double=False):
    """Normal samples below 2 in magnitude: group g of ``k`` outputs (k = 4, or 2 for float64)
    reads the stream from call ``g * k * 64`` on and keeps the first k values that pass."""
    n = int(n)
    k = 2 if double else 4
    groups = -(-n // k)
    stride = k * RESERVED_PER_OUTPUT // 4
    out = np.empty((groups, k), np.float64 if double else np.float32)
    todo = np.arange(groups)
    calls = 2  # calls per group tried at once; rarely too few
    while todo.size:
        vals = _candidates(key, counter, todo * stride, calls, double)
        ok = np.abs(vals) < 2
        enough = ok.sum(axis=1) >= k
        rows = np.nonzero(enough)[0]
        if rows.size:
            order = np.argsort(~ok[rows], axis=1, kind="stable")[:, :k]
            out[todo[rows]] = np.take_along_axis(vals[rows], order, axis=1)
        todo = todo[~enough]
        calls *= 2
    return out.reshape(-1)[:n]


def _candidates(key, counter, offsets, calls, double):
    """Box-Muller values, in stream order, of ``calls`` calls from each offset: (len, m)."""
    steps = (offsets[:, None] + np.arange(calls)).reshape(-1)
    w = _calls_at(key, counter, steps)
    if double:
        d0, d1 = _box_muller_float64(w[:, 0], w[:, 1], w[:, 2], w[:, 3])
        vals = np.stack([d0, d1], axis=1)
    else:
        f0, f1 = _box_muller_float32(w[:, 0::2], w[:, 1::2])
        vals = np.stack([f0, f1], axis=2)
    return vals.reshape(offsets.size, -1)


def _calls_at(key, counter, steps):
    """Philox outputs at counter + each of ``steps`` (int array, ascending not required)."""
    counter = int(counter) & _U128
    lo64, hi64 = counter & _U64, counter >> 64
    lo = steps.astype(np.uint64) + np.uint64(lo64)
    hi = np.where(lo < np.uint64(lo64), np.uint64((hi64 + 1) & _U64), np.uint64(hi64))
    return _rounds(lo & _LO, lo >> _S32, hi & _LO, hi >> _S32, int(key[0]) & _U32,
                   int(key[1]) & _U32)


# ---------------------------------------------------------------------------------------------
# one entry point for the kernels: kind, NumPy dtype, stream position, element count

def sample(kind, np_dtype, key, counter, n, lo=None, hi=None):
    """``n`` samples of ``kind`` ("uniform", "normal", "truncated", "int" in [lo, hi),
    "full_int") in ``np_dtype``, from the stream at (key, counter), as TF's kernel fills them."""
    dt = np.dtype(np_dtype)
    n = int(n)
    if kind == "int":
        return uniform_int(key, counter, n, lo, hi, dt)
    if kind == "full_int":
        return full_int(key, counter, n, dt)
    wide = dt == np.float64
    if kind == "uniform":
        if wide:
            return uniform_float64(key, counter, n)
        if dt == np.float16:
            return uniform_float16(key, counter, n)
        out = uniform_float32(key, counter, n) if dt == np.float32 else \
            uniform_bfloat16_as_float32(key, counter, n)
    elif kind == "normal":
        out = normal_float64(key, counter, n) if wide else normal_float32(key, counter, n)
    elif kind == "truncated":
        out = truncated_normal(key, counter, n, wide)
    else:
        raise ValueError("unknown distribution %r" % (kind,))
    return out if out.dtype == dt else out.astype(dt)
