"""tf.random: TF's random ops with TF's numbers (Philox4x32-10, ops/philox.py).

Every draw is a primitive whose random state is explicit: a stateful op (uniform, normal, ...)
carries its kernel's Philox stream as the ``stream`` attribute (ops/random_stateful.py: TF's seed
rules and eager kernel cache), so a traced graph draws fresh numbers on every run; a stateless op
takes its [2] seed as an input and scrambles it into a Philox key and counter as TF's
StatelessRandomGetKeyCounter does (the same input may instead be a Generator's [3] Philox state,
used as it is: ops/random_generator.py). With the same seeds the samples are TF's, bit for bit.
Samples carry no gradient; mean/stddev/minval/maxval tensors do, because the affine transform of
the standard sample is made of primitives (as in TF). Gamma and Poisson draw TF's stream
positions but sample with NumPy's algorithms (not TF's numbers).
"""
import numpy as np

from .. import dtypes as _dt
from ..engine.primitive import Primitive
from ..errors import InvalidArgumentError
from ..tensor import Tensor, VariableBase, convert_to_tensor, wrap
from .._export import export
from ._args import _dims, _host
from .cast import cast as _cast
from .elementwise import add, multiply, subtract
from .shape_ops import _stack
from . import philox as _ph
from . import random_stateful as _rs


@export("random.set_seed")
def set_seed(seed):
    """Sets the global random seed: the ops that follow draw a repeatable sequence, and every
    op's stream starts over."""
    _rs.set_global_seed(seed)


def _shape_list(shape, op=None):
    if isinstance(shape, VariableBase):
        shape = shape._read()
    if isinstance(shape, Tensor):
        v = _host(shape)  # (a graph's run-time shape raises: its example would be frozen)
        if v.ndim != 1 and op is not None:
            raise InvalidArgumentError(None, op, "shape must be a vector of {int32,int64}, got "
                                       "shape %s [Op:%s]" % (_dims(v.shape), op))
        return [int(d) for d in v.reshape(-1)]
    if hasattr(shape, "as_list"):
        return shape.as_list()
    if isinstance(shape, (int, np.integer)):
        if op is not None:
            raise InvalidArgumentError(None, op, "shape must be a vector of {int32,int64}, got "
                                       "shape [] [Op:%s]" % op)
        return [int(shape)]
    out = []
    for d in shape:
        if isinstance(d, (Tensor, VariableBase)):
            d = int(_host(convert_to_tensor(d)))
        elif d is not None and not isinstance(d, (int, np.integer)):
            raise TypeError("Cannot convert %r to EagerTensor of dtype int32" % (list(shape),))
        out.append(d if d is None else int(d))
    return out



def _shape(shape, op):
    s = _shape_list(shape, op)
    for d in s:
        if d is None or d < 0:
            raise InvalidArgumentError(None, op, "Dimension %s must be >= 0 [Op:%s]" % (d, op))
    return tuple(s)


def _symbolic(t):
    """Whether ``t`` is a graph tensor whose value exists only when the graph runs."""
    return isinstance(t, Tensor) and type(t) is not Tensor and t._static_value() is None


def _run_time_shape(shape):
    """``shape`` as an int32 graph tensor when its value is known only when the graph runs
    (``tf.shape(x)`` of an input with an unknown dimension, or a list holding such a size; the
    op then takes it as an input, as TF's does), else None (a static shape: the op's attribute)."""
    if _symbolic(shape):
        return shape if shape.dtype is _dt.int32 else _cast(shape, _dt.int32)
    if isinstance(shape, (list, tuple)) and any(_symbolic(d) for d in shape):
        return _stack(*[_cast(convert_to_tensor(d), _dt.int32) for d in shape], axis=0)
    return None


def _draw(static, dynamic, shape, op, *inputs, **attrs):
    """A sample of ``shape`` from the random op ``static`` (shape an attribute), or from its
    ``dynamic`` twin (shape its last input) when the shape is known only when the graph runs."""
    dyn = _run_time_shape(shape)
    if dyn is not None:
        return dynamic(*inputs, dyn, **attrs)
    return static(*inputs, shape=_shape(shape, op), **attrs)


def _count(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def _kernel(kind):
    """draw(stream, shape, dtype): TF's kernel for ``kind`` filling a tensor from a stream."""
    def draw(stream, shape, dtype):
        n = _count(shape)
        key, counter = stream.reserve(n)
        return _ph.sample(kind, dtype._np, key, counter, n).reshape(shape)
    return draw


def _zeros(*arrays, shape, dtype, **attrs):
    return np.zeros(shape, dtype._np)


def _shape_input(draw):
    """``draw`` taking its shape as the last array input instead of an attribute."""
    def run(*arrays, **attrs):
        return draw(*arrays[:-1], shape=tuple(int(d) for d in arrays[-1].reshape(-1)), **attrs)
    return run


def _philox_source(v):
    """(key, counter) of a stateless op's first input: a [2] seed, scrambled as TF's
    StatelessRandomGetKeyCounter does, or a Generator's [3] Philox state (counter low, counter
    high, key) used as it is."""
    w = [int(x) for x in v.reshape(-1)]
    if len(w) == 3:
        k = w[2] & _ph._U64
        return (k & 0xFFFFFFFF, k >> 32), (w[0] & _ph._U64) | (w[1] & _ph._U64) << 64
    return _ph.key_counter_from_seed(w[0], w[1])


def _stateless(name, kind):
    """The stateless op ``name`` and its twin taking the shape as its last input (made first:
    the registry keeps the later op of a name)."""
    def fwd(seed, shape, dtype):
        key, counter = _philox_source(seed)
        return _ph.sample(kind, dtype._np, key, counter, _count(shape)).reshape(shape)
    fwd.__name__ = name
    twin = Primitive(name, _shape_input(fwd), match=(), differentiable=False, value_shape=True)
    return Primitive(name, fwd, match=(), differentiable=False), twin


def _affine(rnd, scale, shift, dtype):
    """rnd * scale + shift, with primitives when scale/shift are not the defaults (so gradients
    reach them)."""
    out = rnd
    if not (type(scale) in (int, float) and scale == 1):
        out = multiply(out, convert_to_tensor(scale, dtype=dtype))
    if not (type(shift) in (int, float) and shift == 0):
        out = add(out, convert_to_tensor(shift, dtype=dtype))
    return out


def _float_args(dtype, *values):
    """Converts mean/stddev (or similar) to dtype with TF's errors, before sampling."""
    for v in values:
        if type(v) not in (int, float):
            convert_to_tensor(v, dtype=dtype)
        elif not dtype.is_floating:
            convert_to_tensor(v, dtype=dtype)  # raises TypeError like TF


@export("random.normal")
def normal(shape, mean=0.0, stddev=1.0, dtype=_dt.float32, seed=None, name=None):
    """Samples from a normal distribution: stddev * N(0, 1) + mean."""
    dtype = _dt.as_dtype(dtype)
    _float_args(dtype, mean, stddev)
    rnd = _draw(_normal_p, _normal_dyn_p, shape, "RandomStandardNormal", dtype=dtype,
                stream=_rs.stream("RandomStandardNormal", dtype, seed))
    return _affine(rnd, stddev, mean, dtype)


@export("random.truncated_normal")
def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=_dt.float32, seed=None, name=None):
    """Samples from a normal distribution truncated to two standard deviations."""
    dtype = _dt.as_dtype(dtype)
    _float_args(dtype, mean, stddev)
    rnd = _draw(_truncated_p, _truncated_dyn_p, shape, "TruncatedNormal", dtype=dtype,
                stream=_rs.stream("TruncatedNormal", dtype, seed))
    return _affine(rnd, stddev, mean, dtype)


_UNIFORM_DTYPES = (_dt.float16, _dt.bfloat16, _dt.float32, _dt.float64, _dt.int32, _dt.int64)


def _uniform_dtype(dtype):
    dtype = _dt.as_dtype(dtype)
    if dtype not in _UNIFORM_DTYPES:
        raise ValueError("Argument `dtype` got invalid value %s. Accepted dtypes are (tf.float16, "
                         "tf.bfloat16, tf.float32, tf.float64, tf.int32, tf.int64)." % (dtype,))
    return dtype


def _conv(v, dtype, prefix):
    try:
        return convert_to_tensor(v, dtype=dtype)
    except ValueError as e:
        if isinstance(v, (Tensor, VariableBase)):
            raise ValueError("%s: %s" % (prefix, e)) from None
        raise


def _check_bounds(op, lo_v, hi_v):
    if lo_v.ndim or hi_v.ndim:
        raise InvalidArgumentError(None, op, "minval must be 0-D, got shape %s [Op:%s]" % (
            _dims(lo_v.shape), op) if lo_v.ndim else "maxval must be 0-D, got shape %s [Op:%s]" % (
            _dims(hi_v.shape), op))
    if not lo_v < hi_v:
        raise InvalidArgumentError(None, op, "Need minval < maxval, got %d >= %d [Op:%s]" % (
            lo_v, hi_v, op))


def _uniform_int(stream, lo_v, hi_v, shape, dtype):
    _check_bounds("RandomUniformInt", lo_v, hi_v)  # before the draw: an error reserves nothing
    n = _count(shape)
    key, counter = stream.reserve(n)
    return _ph.sample("int", dtype._np, key, counter, n, int(lo_v), int(hi_v)).reshape(shape)


def _stateless_uniform_int(seed, lo_v, hi_v, shape, dtype):
    _check_bounds("StatelessRandomUniformIntV2", lo_v, hi_v)
    key, counter = _philox_source(seed)
    n = _count(shape)
    return _ph.sample("int", dtype._np, key, counter, n, int(lo_v), int(hi_v)).reshape(shape)


@export("random.uniform")
def uniform(shape, minval=0, maxval=None, dtype=_dt.float32, seed=None, name=None):
    """Samples uniformly from [minval, maxval) (floats: maxval defaults to 1; ints need it)."""
    dtype = _uniform_dtype(dtype)
    if dtype.is_integer:
        if maxval is None:
            raise ValueError("Must specify maxval for integer dtype %r" % (dtype,))
        lo, hi = _conv(minval, dtype, "min"), _conv(maxval, dtype, "max")
        return _draw(_uniform_int_p, _uniform_int_dyn_p, shape, "RandomUniformInt", lo, hi,
                     dtype=dtype, stream=_rs.stream("RandomUniformInt", dtype, seed))
    if maxval is None:
        maxval = 1
    lo, hi = _conv(minval, dtype, "min"), _conv(maxval, dtype, "max")
    rnd = _draw(_uniform_p, _uniform_dyn_p, shape, "RandomUniform", dtype=dtype,
                stream=_rs.stream("RandomUniform", dtype, seed))
    if type(minval) in (int, float) and type(maxval) in (int, float) and minval == 0 \
            and maxval == 1:
        return rnd
    return add(multiply(rnd, subtract(hi, lo)), lo)


@export("random.shuffle")
def shuffle(value, seed=None, name=None):
    """Randomly permutes value along its first dimension (no gradient, like TF)."""
    x = convert_to_tensor(value)
    if x._v.ndim == 0:
        return x
    return _shuffle_p(x, stream=_rs.stream("RandomShuffle", x.dtype, seed))


def _categorical(prim, logits, num_samples, dtype, op, inputs=(), seed=None):
    dtype = _dt.int64 if dtype is None else _dt.as_dtype(dtype)
    if dtype not in (_dt.int32, _dt.int64):
        raise ValueError("Argument `dtype` got invalid value %s. Accepted dtypes are (tf.int32, "
                         "tf.int64)." % (dtype,))
    lg = convert_to_tensor(logits)
    v = lg._v
    if v.ndim != 2:
        raise InvalidArgumentError(None, op, "logits should be a matrix, got shape %s [Op:%s]" % (
            _dims(v.shape), op))
    attrs = {} if inputs else {"stream": _rs.stream(op, (lg.dtype, dtype), seed)}
    return prim(*inputs, lg, num_samples=int(num_samples), dtype=dtype, **attrs)


def _multinomial(key, counter, v, num_samples, dtype):
    """TF's CPU Multinomial kernel, its rows in one shard: sample k of the batch (row-major) is
    the double made of stream words 2k and 2k + 1, times the row's unnormalized total, looked up
    in the running sums of exp(logit - max finite logit) over the finite logits."""
    b, k = v.shape
    n = num_samples
    out = np.zeros((b, n), dtype._np)
    if b == 0 or n == 0:
        return out
    x = v.astype(np.float64)
    finite = np.isfinite(x)
    lowest = float(np.finfo(v.dtype).min) if v.dtype.kind == "f" else -np.inf
    mx = np.where(finite, x, lowest).max(axis=1, keepdims=True)
    with np.errstate(all="ignore"):
        p = np.where(finite, np.exp(x - mx), 0.0)
    cdf = np.cumsum(p, axis=1)
    w = _ph.philox_block(key, counter, -(-(2 * b * n) // 4)).reshape(-1)[:2 * b * n]
    find = _ph._double(w[0::2], w[1::2]).reshape(b, n) * cdf[:, -1:]
    for r in range(b):  # one searchsorted per row, over all its samples
        out[r] = np.searchsorted(cdf[r], find[r], side="right")
    return out


def _draw_categorical(stream, v, num_samples, dtype):
    ceil4 = -(-num_samples // 4) * 4
    key, counter = stream.reserve(v.shape[0] * ceil4 * 2)  # doubles: two words a sample
    return _multinomial(key, counter, v, num_samples, dtype)


def _stateless_categorical(seed, v, num_samples, dtype):
    key, counter = _philox_source(seed)
    return _multinomial(key, counter, v, num_samples, dtype)


def _draw_shuffle(stream, x):
    """TF's RandomShuffle: a forward Fisher-Yates pass swapping row i with row i + (word i mod
    (n - i)), the words read one at a time from the stream."""
    size = x.shape[0]
    if x.size <= 1 or size <= 1:
        return x.copy()
    calls = (size + 2) // 4  # ceil((size - 1) / 4): one word per swap
    key, counter = stream.reserve(calls, per_element=1)
    w = _ph.philox_block(key, counter, calls).reshape(-1)[:size - 1]
    pick = (np.arange(size - 1) + w % np.arange(size, 1, -1, dtype=np.uint32)).tolist()
    perm = list(range(size))
    for i, j in enumerate(pick):  # the swaps are sequential; the draws above are vectorized
        perm[i], perm[j] = perm[j], perm[i]
    return x[np.asarray(perm)]


@export("random.categorical")
def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """Draws num_samples class indices per row of unnormalized log-probabilities."""
    return _categorical(_multinomial_p, logits, num_samples, dtype, "Multinomial", seed=seed)


# ---------------------------------------------------------------------------------------------
# stateless: the numbers are a pure function of (seed, shape, dtype)

class PhiloxState:
    """A Generator's [3] int64 Philox state passed where a stateless op takes its seed: the op
    then uses it as key and counter, unscrambled."""

    __slots__ = ("tensor",)

    def __init__(self, tensor):
        self.tensor = tensor


def _stateless_seed(seed):
    if type(seed) is PhiloxState:
        return seed.tensor
    s = convert_to_tensor(seed)
    v = s._v
    if v.shape != (2,):
        raise InvalidArgumentError(None, "StatelessRandomGetKeyCounter", (
            "seed must have shape [2], not %s [Op:StatelessRandomGetKeyCounter]") % _dims(v.shape))
    return s


@export("random.stateless_normal")
def stateless_normal(shape, seed, mean=0.0, stddev=1.0, dtype=_dt.float32, name=None,
                     alg="auto_select"):
    """Deterministic normal samples for a [2] integer seed."""
    dtype = _dt.as_dtype(dtype)
    _float_args(dtype, mean, stddev)
    sd = _stateless_seed(seed)
    return _affine(_draw(*_stateless_normal_p, shape, "StatelessRandomNormalV2", sd,
                         dtype=dtype), stddev, mean, dtype)


@export("random.stateless_truncated_normal")
def stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=_dt.float32, name=None,
                               alg="auto_select"):
    """Deterministic truncated-normal samples for a [2] integer seed."""
    dtype = _dt.as_dtype(dtype)
    _float_args(dtype, mean, stddev)
    sd = _stateless_seed(seed)
    return _affine(_draw(*_stateless_truncated_p, shape, "StatelessTruncatedNormalV2", sd,
                         dtype=dtype), stddev, mean, dtype)


@export("random.stateless_uniform")
def stateless_uniform(shape, seed, minval=0, maxval=None, dtype=_dt.float32, name=None,
                      alg="auto_select"):
    """Deterministic uniform samples for a [2] integer seed."""
    dtype = _dt.as_dtype(dtype)
    if dtype not in _UNIFORM_DTYPES + (_dt.uint32, _dt.uint64):
        raise ValueError("Argument `dtype` got invalid value %s. Accepted dtypes are (tf.float16, "
                         "tf.bfloat16, tf.float32, tf.float64, tf.int32, tf.int64, tf.uint32, "
                         "tf.uint64)." % (dtype,))
    if dtype.is_integer:
        if (minval is None) != (maxval is None):
            raise ValueError("For integer `dtype` argument %s, argument `minval` and `maxval` must "
                             "be both None or not None. Got `minval`=%s and `maxval`=%s." % (
                                 dtype, minval, maxval))
        sd = _stateless_seed(seed)
        if minval is None:
            return _draw(*_stateless_full_int, shape, "StatelessRandomUniformFullIntV2", sd,
                         dtype=dtype)
        s = _shape(shape, "StatelessRandomUniformIntV2")
        return _stateless_uniform_int_p(sd, _conv(minval, dtype, "min"), _conv(maxval, dtype, "max"),
                                        shape=s, dtype=dtype)
    if maxval is None:
        maxval = 1
    lo, hi = _conv(minval, dtype, "min"), _conv(maxval, dtype, "max")
    rnd = _draw(*_stateless_uniform_p, shape, "StatelessRandomUniformV2", _stateless_seed(seed),
                dtype=dtype)
    if type(minval) in (int, float) and type(maxval) in (int, float) and minval == 0 \
            and maxval == 1:
        return rnd
    return add(multiply(rnd, subtract(hi, lo)), lo)


@export("random.stateless_categorical")
def stateless_categorical(logits, num_samples, seed, dtype=_dt.int64, name=None):
    """Deterministic categorical samples for a [2] integer seed."""
    return _categorical(_stateless_multinomial_p, logits, num_samples, dtype,
                        "StatelessMultinomial", inputs=(_stateless_seed(seed),))


@export("random.gamma")
def gamma(shape, alpha, beta=None, dtype=_dt.float32, seed=None, name=None):
    """Gamma(alpha, beta) samples of shape ``shape + broadcast(alpha, beta).shape`` (no gradient)."""
    dtype = _dt.as_dtype(dtype)
    a = convert_to_tensor(alpha, dtype=dtype)
    b = convert_to_tensor(beta, dtype=dtype) if beta is not None else \
        wrap(np.ones((), dtype._np))
    return _gamma_p(a, b, shape=_shape(shape, "RandomGamma"), dtype=dtype,
                    stream=_rs.stream("RandomGamma", dtype, seed))


def _numpy_rng(stream, n):
    """A NumPy generator seeded from the stream's next position (for the samplers whose numbers
    are not TF's)."""
    key, counter = stream.reserve(n)
    return np.random.default_rng([key[0], key[1], counter & _ph._U64, counter >> 64])


def _draw_gamma(stream, a, b, shape, dtype):
    s = shape + np.broadcast_shapes(a.shape, b.shape)
    out = _numpy_rng(stream, _count(s)).gamma(np.broadcast_to(a, s).astype(np.float64), size=s)
    return (out / b).astype(dtype._np)


@export("random.poisson")
def poisson(shape, lam, dtype=_dt.float32, seed=None, name=None):
    """Poisson(lam) samples of shape ``shape + lam.shape`` (no gradient)."""
    dtype = _dt.as_dtype(dtype)
    return _poisson_p(convert_to_tensor(lam), shape=_shape(shape, "RandomPoissonV2"), dtype=dtype,
                      stream=_rs.stream("RandomPoissonV2", dtype, seed))


def _draw_poisson(stream, lv, shape, dtype):
    s = shape + lv.shape
    out = _numpy_rng(stream, _count(s)).poisson(np.broadcast_to(lv, s).astype(np.float64), size=s)
    return out.astype(dtype._np)


def _gamma_out(a, b, shape, dtype):
    return np.zeros(shape + np.broadcast_shapes(a.shape, b.shape), dtype._np)


def _poisson_out(lv, shape, dtype):
    return np.zeros(shape + lv.shape, dtype._np)


def _categorical_out(*arrays, num_samples, dtype):
    return np.zeros((arrays[-1].shape[0], num_samples), dtype._np)


_sampler = _rs.sampler
# the twins taking a run-time shape come first: the registry keeps the later op of a name
_normal_dyn_p = _sampler("RandomStandardNormal", _shape_input(_kernel("normal")),
                         _shape_input(_zeros), value_shape=True)
_truncated_dyn_p = _sampler("TruncatedNormal", _shape_input(_kernel("truncated")),
                            _shape_input(_zeros), value_shape=True)
_uniform_dyn_p = _sampler("RandomUniform", _shape_input(_kernel("uniform")),
                          _shape_input(_zeros), value_shape=True)
_uniform_int_dyn_p = _sampler("RandomUniformInt", _shape_input(_uniform_int),
                              _shape_input(_zeros), value_shape=True)
_normal_p = _sampler("RandomStandardNormal", _kernel("normal"), _zeros)
_truncated_p = _sampler("TruncatedNormal", _kernel("truncated"), _zeros)
_uniform_p = _sampler("RandomUniform", _kernel("uniform"), _zeros)
_uniform_int_p = _sampler("RandomUniformInt", _uniform_int, _zeros)
_shuffle_p = _sampler("RandomShuffle", _draw_shuffle, lambda x: x.copy())
_multinomial_p = _sampler("Multinomial", _draw_categorical, _categorical_out)
_gamma_p = _sampler("RandomGamma", _draw_gamma, _gamma_out)
_poisson_p = _sampler("RandomPoissonV2", _draw_poisson, _poisson_out)
_stateless_normal_p = _stateless("StatelessRandomNormalV2", "normal")
_stateless_truncated_p = _stateless("StatelessTruncatedNormalV2", "truncated")
_stateless_uniform_p = _stateless("StatelessRandomUniformV2", "uniform")
_stateless_uniform_int_p = Primitive("StatelessRandomUniformIntV2", _stateless_uniform_int, match=(),
                                     differentiable=False)
_stateless_full_int = _stateless("StatelessRandomUniformFullIntV2", "full_int")
_stateless_full_int_p = _stateless_full_int[0]
_stateless_multinomial_p = Primitive("StatelessMultinomial", _stateless_categorical, match=(),
                                     differentiable=False)
