"""tf.random: seeded sampling on NumPy generators.

Every draw is a primitive whose random state is an explicit input: the stateful ops take the
process-wide seed state (``state``) and the op seed as attributes and pick their generator when they
run, so a traced graph draws fresh numbers on every run; the stateless ops take the seed tensor.

Seeds follow TF's model: ``set_seed(s)`` resets the process-wide state so the sequence of
unseeded ops repeats; an op called with ``seed=k`` draws from its own stream keyed by (global
seed, k), which continues across calls and restarts on ``set_seed``. The numbers are not TF's
(its Philox stream cannot be reproduced cheaply), only the shapes, dtypes, ranges and
distributions. Samples carry no gradient; mean/stddev/minval/maxval tensors do, because the
affine transform of the standard sample is made of primitives (as in TF).
"""
import numpy as np

from .. import dtypes as _dt
from ..engine.primitive import Primitive
from ..errors import InvalidArgumentError
from ..tensor import Tensor, VariableBase, convert_to_tensor, wrap
from .._export import export
from ._args import _dims
from .elementwise import add, multiply, subtract


_DEFAULT_GLOBAL_SEED = 87654321
_MASK = (1 << 64) - 1


class _SeedState:
    __slots__ = ("global_seed", "rng", "op_rngs")


_state = _SeedState()
_state.global_seed = None
_state.rng = None  # made on first use: importing numpy.random costs ~10 ms of import time
_state.op_rngs = {}


@export("random.set_seed")
def set_seed(seed):
    """Sets the global random seed: the ops that follow draw a repeatable sequence."""
    if seed is None:
        _state.global_seed = None
        _state.rng = np.random.default_rng()
    else:
        seed = int(seed)
        _state.global_seed = seed
        _state.rng = np.random.default_rng([seed & _MASK, 0])
    _state.op_rngs = {}


def _generator(seed, state=_state):
    """The generator an op with op-level ``seed`` (or None) draws from."""
    if seed is None:
        if state.rng is None:
            state.rng = np.random.default_rng()
        return state.rng
    key = int(seed)
    r = state.op_rngs.get(key)
    if r is None:
        g = state.global_seed if state.global_seed is not None else _DEFAULT_GLOBAL_SEED
        r = state.op_rngs[key] = np.random.default_rng([g & _MASK, 1, key & _MASK])
    return r


def _shape_list(shape, op=None):
    if isinstance(shape, VariableBase):
        shape = shape._read()
    if isinstance(shape, Tensor):
        v = shape._v
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
            d = int(convert_to_tensor(d)._v)
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


_FLOATS = (_dt.float16, _dt.bfloat16, _dt.float32, _dt.float64)


def _unit_uniform(rng, shape, dtype):
    """Uniform [0, 1) in dtype (never rounds up to 1 in narrow types)."""
    if dtype is _dt.float32 or dtype is _dt.float64:
        return rng.random(shape, dtype=dtype._np)
    bits = 10 if dtype is _dt.float16 else 7
    return (rng.integers(0, 1 << bits, size=shape) / float(1 << bits)).astype(dtype._np)


def _std_normal(rng, shape, dtype):
    if dtype is _dt.float32 or dtype is _dt.float64:
        return rng.standard_normal(shape, dtype=dtype._np)
    return rng.standard_normal(shape, dtype=np.float32).astype(dtype._np)


def _truncated(rng, shape, dtype):
    z = rng.standard_normal(shape)
    bad = np.abs(z) > 2
    while bad.any():
        z[bad] = rng.standard_normal(int(bad.sum()))
        bad = np.abs(z) > 2
    return z.astype(dtype._np)


def _sampler(name, draw, n_inputs=0):
    """A non-differentiable primitive ``draw(rng, *arrays, **attrs)`` whose generator comes from
    the seed state (attributes ``state`` and ``seed``) or, for stateless ops, from its first
    input (the [2] seed)."""
    if name.startswith("Stateless"):
        def fwd(seed, *arrays, **attrs):
            return draw(_rng_of_seed(seed), *arrays, **attrs)
    else:
        def fwd(*arrays, state, seed, **attrs):
            return draw(_generator(seed, state), *arrays, **attrs)

        def trace_fwd(*arrays, state, seed, **attrs):  # a graph trace must not consume the stream
            return draw(np.random.default_rng(0), *arrays, **attrs)
    fwd.__name__ = name
    prim = Primitive(name, fwd, match=(), differentiable=False,
                     stateful=not name.startswith("Stateless"))
    if prim.stateful:
        prim.trace_fwd = trace_fwd
    return prim


def _rng_of_seed(v):
    return np.random.default_rng([int(v[0]) & _MASK, int(v[1]) & _MASK, 2])


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
    s = _shape(shape, "RandomStandardNormal")
    return _affine(_normal_p(shape=s, dtype=dtype, state=_state, seed=seed), stddev, mean, dtype)


@export("random.truncated_normal")
def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=_dt.float32, seed=None, name=None):
    """Samples from a normal distribution truncated to two standard deviations."""
    dtype = _dt.as_dtype(dtype)
    _float_args(dtype, mean, stddev)
    s = _shape(shape, "TruncatedNormal")
    return _affine(_truncated_p(shape=s, dtype=dtype, state=_state, seed=seed), stddev, mean,
                   dtype)


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


def _uniform_int(rng, lo_v, hi_v, shape, dtype):
    if lo_v.ndim or hi_v.ndim:
        raise InvalidArgumentError(None, "RandomUniformInt", "minval must be 0-D, got shape %s "
                                   "[Op:RandomUniformInt]" % _dims(lo_v.shape) if lo_v.ndim else
                                   "maxval must be 0-D, got shape %s [Op:RandomUniformInt]" %
                                   _dims(hi_v.shape))
    if not lo_v < hi_v:
        raise InvalidArgumentError(None, "RandomUniformInt", "Need minval < maxval, got %d >= %d "
                                   "[Op:RandomUniformInt]" % (lo_v, hi_v))
    return rng.integers(int(lo_v), int(hi_v), size=shape, dtype=dtype._np)


@export("random.uniform")
def uniform(shape, minval=0, maxval=None, dtype=_dt.float32, seed=None, name=None):
    """Samples uniformly from [minval, maxval) (floats: maxval defaults to 1; ints need it)."""
    dtype = _uniform_dtype(dtype)
    if dtype.is_integer:
        if maxval is None:
            raise ValueError("Must specify maxval for integer dtype %r" % (dtype,))
        lo, hi = _conv(minval, dtype, "min"), _conv(maxval, dtype, "max")
        return _uniform_int_p(lo, hi, shape=_shape(shape, "RandomUniformInt"), dtype=dtype,
                              state=_state, seed=seed)
    if maxval is None:
        maxval = 1
    lo, hi = _conv(minval, dtype, "min"), _conv(maxval, dtype, "max")
    rnd = _uniform_p(shape=_shape(shape, "RandomUniform"), dtype=dtype, state=_state, seed=seed)
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
    return _shuffle_p(x, state=_state, seed=seed)


def _categorical(prim, logits, num_samples, dtype, op, **state):
    dtype = _dt.int64 if dtype is None else _dt.as_dtype(dtype)
    if dtype not in (_dt.int32, _dt.int64):
        raise ValueError("Argument `dtype` got invalid value %s. Accepted dtypes are (tf.int32, "
                         "tf.int64)." % (dtype,))
    lg = convert_to_tensor(logits)
    v = lg._v
    if v.ndim != 2:
        raise InvalidArgumentError(None, op, "logits should be a matrix, got shape %s [Op:%s]" % (
            _dims(v.shape), op))
    return prim(*state.pop("inputs", ()), lg, num_samples=int(num_samples), dtype=dtype, **state)


def _draw_categorical(rng, v, num_samples, dtype):
    n = num_samples
    b, k = v.shape
    out = np.zeros((b, n), dtype._np)
    if b and n and k:
        x = v.astype(np.float64)
        with np.errstate(all="ignore"):
            p = np.exp(x - np.max(x, axis=1, keepdims=True))
        cdf = np.cumsum(p, axis=1)
        u = rng.random((b, n)) * cdf[:, -1:]
        for r in range(b):
            out[r] = np.minimum(np.searchsorted(cdf[r], u[r], side="right"), k - 1)
    return out


@export("random.categorical")
def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """Draws num_samples class indices per row of unnormalized log-probabilities."""
    return _categorical(_multinomial_p, logits, num_samples, dtype, "Multinomial", state=_state,
                        seed=seed)


# ---------------------------------------------------------------------------------------------
# stateless: the numbers are a pure function of (seed, shape, dtype)

def _stateless_seed(seed):
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
    return _affine(_stateless_normal_p(sd, shape=_shape(shape, "StatelessRandomNormalV2"),
                                       dtype=dtype), stddev, mean, dtype)


@export("random.stateless_truncated_normal")
def stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=_dt.float32, name=None,
                               alg="auto_select"):
    """Deterministic truncated-normal samples for a [2] integer seed."""
    dtype = _dt.as_dtype(dtype)
    _float_args(dtype, mean, stddev)
    sd = _stateless_seed(seed)
    return _affine(_stateless_truncated_p(sd, shape=_shape(shape, "StatelessTruncatedNormalV2"),
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
        s = _shape(shape, "StatelessRandomUniformIntV2")
        if minval is None:
            return _stateless_full_int_p(sd, shape=s, dtype=dtype)
        return _stateless_uniform_int_p(sd, _conv(minval, dtype, "min"), _conv(maxval, dtype, "max"),
                                        shape=s, dtype=dtype)
    if maxval is None:
        maxval = 1
    lo, hi = _conv(minval, dtype, "min"), _conv(maxval, dtype, "max")
    rnd = _stateless_uniform_p(_stateless_seed(seed),
                               shape=_shape(shape, "StatelessRandomUniformV2"), dtype=dtype)
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
    return _gamma_p(a, b, shape=_shape(shape, "RandomGamma"), dtype=dtype, state=_state,
                    seed=seed)


def _draw_gamma(rng, a, b, shape, dtype):
    s = shape + np.broadcast_shapes(a.shape, b.shape)
    out = rng.gamma(np.broadcast_to(a, s).astype(np.float64), size=s)
    return (out / b).astype(dtype._np)


@export("random.poisson")
def poisson(shape, lam, dtype=_dt.float32, seed=None, name=None):
    """Poisson(lam) samples of shape ``shape + lam.shape`` (no gradient)."""
    dtype = _dt.as_dtype(dtype)
    return _poisson_p(convert_to_tensor(lam), shape=_shape(shape, "RandomPoissonV2"), dtype=dtype,
                      state=_state, seed=seed)


def _draw_poisson(rng, lv, shape, dtype):
    s = shape + lv.shape
    return rng.poisson(np.broadcast_to(lv, s).astype(np.float64), size=s).astype(dtype._np)


def _full_int(rng, shape, dtype):
    info = np.iinfo(dtype._np)
    return rng.integers(info.min, info.max, size=shape, dtype=dtype._np, endpoint=True)


_normal_p = _sampler("RandomStandardNormal", _std_normal)
_truncated_p = _sampler("TruncatedNormal", _truncated)
_uniform_p = _sampler("RandomUniform", _unit_uniform)
_uniform_int_p = _sampler("RandomUniformInt", _uniform_int)
_shuffle_p = _sampler("RandomShuffle", lambda rng, x: rng.permutation(x))
_multinomial_p = _sampler("Multinomial", _draw_categorical)
_gamma_p = _sampler("RandomGamma", _draw_gamma)
_poisson_p = _sampler("RandomPoissonV2", _draw_poisson)
_stateless_normal_p = _sampler("StatelessRandomNormalV2", _std_normal)
_stateless_truncated_p = _sampler("StatelessTruncatedNormalV2", _truncated)
_stateless_uniform_p = _sampler("StatelessRandomUniformV2", _unit_uniform)
_stateless_uniform_int_p = _sampler("StatelessRandomUniformIntV2", _uniform_int)
_stateless_full_int_p = _sampler("StatelessRandomUniformFullIntV2", _full_int)
_stateless_multinomial_p = _sampler("StatelessMultinomial", _draw_categorical)
