"""keras.initializers: callables ``init(shape, dtype)`` -> tensor that fill new weights.

A seeded initializer draws the same values on every call (as Keras 3, which warns about it);
an unseeded one draws from a process-wide NumPy generator (``keras.utils.set_random_seed`` /
``backend.set_random_seed`` reseed it through NumPy's global state).
"""
import math

import numpy as np

import eagerflow as tf
from . import backend


def _dtype(dtype):
    return backend.standardize_dtype(dtype)


class Initializer:
    """Base class: ``__call__(shape, dtype=None)``, ``get_config``, ``from_config``."""

    def __call__(self, shape, dtype=None):
        raise NotImplementedError("Initializer subclasses must implement the `__call__()` method.")

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def clone(self):
        return self.__class__.from_config(self.get_config())


class _Random(Initializer):
    def __init__(self, seed=None):
        if seed is not None and not isinstance(seed, int):
            raise ValueError("`seed` argument should be an instance of `keras.random.SeedGenerator"
                             "()` or an integer. Received: seed=%s" % (seed,))
        self.seed = seed

    def _rng(self):
        if self.seed is not None:
            return np.random.default_rng(self.seed)
        return np.random.default_rng(np.random.randint(0, 2 ** 31 - 1))

    def _out(self, values, dtype):
        return tf.constant(np.asarray(values).astype(_dtype(dtype)))

    def _stateless(self, kind, shape, dtype, a, b):
        """A seeded draw as Keras 3 makes it on TF: the stateless op with seed [seed, 0], so the
        values are TF's own (eagerflow's stateless ops reproduce TF's Philox streams)."""
        dt = _dtype(dtype)
        seed = [self.seed, 0]
        if kind == "uniform":
            return tf.random.stateless_uniform(shape, seed, minval=a, maxval=b, dtype=dt)
        op = tf.random.stateless_normal if kind == "normal" else \
            tf.random.stateless_truncated_normal
        return op(shape, seed, mean=a, stddev=b, dtype=dt)

    def get_config(self):
        return {"seed": self.seed}


class Constant(Initializer):
    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=None):
        return tf.constant(np.full(tuple(shape), self.value, dtype=_dtype(dtype)))

    def get_config(self):
        return {"value": self.value}


class Zeros(Initializer):
    def __call__(self, shape, dtype=None):
        return tf.zeros(tuple(shape), dtype=_dtype(dtype))


class Ones(Initializer):
    def __call__(self, shape, dtype=None):
        return tf.ones(tuple(shape), dtype=_dtype(dtype))


class Identity(Initializer):
    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        if len(shape) != 2:
            raise ValueError("Identity matrix initializer can only be used for 2D matrices. "
                             "Received: shape=%s of rank %d." % (tuple(shape), len(shape)))
        return tf.constant(self.gain * np.eye(*shape, dtype=_dtype(dtype)))

    def get_config(self):
        return {} if self.gain == 1.0 else {"gain": self.gain}  # Keras 3 writes {}


class RandomNormal(_Random):
    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean, self.stddev = mean, stddev

    def __call__(self, shape, dtype=None):
        if self.seed is not None:
            return self._stateless("normal", tuple(shape), dtype, self.mean, self.stddev)
        return self._out(self._rng().normal(self.mean, self.stddev, tuple(shape)), dtype)

    def get_config(self):
        return {"seed": self.seed, "mean": self.mean, "stddev": self.stddev}


class RandomUniform(_Random):
    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        super().__init__(seed)
        self.minval, self.maxval = minval, maxval

    def __call__(self, shape, dtype=None):
        if self.seed is not None:
            return self._stateless("uniform", tuple(shape), dtype, self.minval, self.maxval)
        return self._out(self._rng().uniform(self.minval, self.maxval, tuple(shape)), dtype)

    def get_config(self):
        return {"seed": self.seed, "minval": self.minval, "maxval": self.maxval}


def _truncated(rng, shape, mean, stddev):
    """Normal draws redrawn until they fall within two standard deviations of the mean."""
    x = rng.normal(0.0, 1.0, shape)
    bad = np.abs(x) > 2
    while bad.any():
        x[bad] = rng.normal(0.0, 1.0, int(bad.sum()))
        bad = np.abs(x) > 2
    return mean + stddev * x


class TruncatedNormal(RandomNormal):
    def __call__(self, shape, dtype=None):
        if self.seed is not None:
            return self._stateless("truncated", tuple(shape), dtype, self.mean, self.stddev)
        return self._out(_truncated(self._rng(), tuple(shape), self.mean, self.stddev), dtype)


def compute_fans(shape):
    shape = tuple(shape)
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive = int(np.prod(shape[:-2]))
    return shape[-2] * receptive, shape[-1] * receptive


class VarianceScaling(_Random):
    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 input_axes=None, output_axes=None):
        super().__init__(seed)
        if scale <= 0.0:
            raise ValueError("Argument `scale` must be positive float. Received: scale=%s"
                             % (scale,))
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError("Invalid `mode` argument: expected one of {'fan_in', 'fan_out', "
                             "'fan_avg'}. Received: mode=%s" % (mode,))
        distribution = distribution.lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in ("uniform", "truncated_normal", "untruncated_normal"):
            raise ValueError("Invalid `distribution` argument: expected one of {'uniform', "
                             "'truncated_normal', 'untruncated_normal'}. Received: "
                             "distribution=%s" % (distribution,))
        self.scale, self.mode, self.distribution = scale, mode, distribution
        self.input_axes, self.output_axes = input_axes, output_axes

    def __call__(self, shape, dtype=None):
        fan_in, fan_out = compute_fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        scale = self.scale / max(1.0, n)
        shape = tuple(shape)
        if self.seed is not None:
            if self.distribution == "uniform":
                limit = math.sqrt(3.0 * scale)
                return self._stateless("uniform", shape, dtype, -limit, limit)
            if self.distribution == "truncated_normal":
                return self._stateless("truncated", shape, dtype, 0.0,
                                       math.sqrt(scale) / 0.87962566103423978)
            return self._stateless("normal", shape, dtype, 0.0, math.sqrt(scale))
        rng = self._rng()
        if self.distribution == "truncated_normal":
            values = _truncated(rng, shape, 0.0, math.sqrt(scale) / 0.87962566103423978)
        elif self.distribution == "untruncated_normal":
            values = rng.normal(0.0, math.sqrt(scale), shape)
        else:
            limit = math.sqrt(3.0 * scale)
            values = rng.uniform(-limit, limit, shape)
        return self._out(values, dtype)

    def get_config(self):
        return {"seed": self.seed, "scale": self.scale, "mode": self.mode,
                "distribution": self.distribution, "input_axes": self.input_axes,
                "output_axes": self.output_axes}


def _preset(name, scale, mode, distribution):
    def __init__(self, seed=None, input_axes=None, output_axes=None):
        VarianceScaling.__init__(self, scale, mode, distribution, seed, input_axes, output_axes)

    def get_config(self):
        return {"seed": self.seed, "input_axes": self.input_axes, "output_axes": self.output_axes}

    return type(name, (VarianceScaling,), {"__init__": __init__, "get_config": get_config,
                                           "__doc__": "VarianceScaling(scale=%s, mode=%r, "
                                           "distribution=%r)." % (scale, mode, distribution)})


GlorotUniform = _preset("GlorotUniform", 1.0, "fan_avg", "uniform")
GlorotNormal = _preset("GlorotNormal", 1.0, "fan_avg", "truncated_normal")
HeUniform = _preset("HeUniform", 2.0, "fan_in", "uniform")
HeNormal = _preset("HeNormal", 2.0, "fan_in", "truncated_normal")
LecunUniform = _preset("LecunUniform", 1.0, "fan_in", "uniform")
LecunNormal = _preset("LecunNormal", 1.0, "fan_in", "truncated_normal")


class Orthogonal(_Random):
    def __init__(self, gain=1.0, seed=None):
        super().__init__(seed)
        self.gain = gain

    def __call__(self, shape, dtype=None):
        shape = tuple(shape)
        if len(shape) < 2:
            raise ValueError("The tensor to initialize must be at least two-dimensional. "
                             "Received: shape=%s of rank %d." % (shape, len(shape)))
        rows = int(np.prod(shape[:-1]))
        cols = shape[-1]
        flat = self._rng().normal(0.0, 1.0, (max(rows, cols), min(rows, cols)))
        q, r = np.linalg.qr(flat)
        q = q * np.sign(np.diag(r))
        if rows < cols:
            q = q.T
        return self._out(self.gain * q.reshape(shape), dtype)

    def get_config(self):
        return {"seed": self.seed, "gain": self.gain}


_ALL = {c.__name__: c for c in (Constant, Zeros, Ones, Identity, RandomNormal, RandomUniform,
                                 TruncatedNormal, VarianceScaling, GlorotUniform, GlorotNormal,
                                 HeUniform, HeNormal, LecunUniform, LecunNormal, Orthogonal)}
_ALIASES = {backend.to_snake_case(n): c for n, c in _ALL.items()}
_ALIASES.update({"zero": Zeros, "one": Ones, "constant": Constant, "uniform": RandomUniform,
                 "normal": RandomNormal, "orthogonal": Orthogonal, "identity": Identity,
                 "he_normal": HeNormal, "he_uniform": HeUniform, "lecun_normal": LecunNormal,
                 "lecun_uniform": LecunUniform, "glorot_uniform": GlorotUniform,
                 "glorot_normal": GlorotNormal, "truncated_normal": TruncatedNormal,
                 "random_normal": RandomNormal, "random_uniform": RandomUniform})


def serialize(initializer):
    if initializer is None:
        return None
    return {"module": "keras.initializers", "class_name": type(initializer).__name__,
            "config": initializer.get_config(), "registered_name": None}


def deserialize(config, custom_objects=None):
    cls = (custom_objects or {}).get(config["class_name"]) or _ALL.get(config["class_name"])
    if cls is None:
        raise ValueError("Could not interpret initializer identifier: %s" % (config,))
    return cls.from_config(config.get("config", {}))


def get(identifier):
    """An initializer from an instance, a name ("glorot_uniform", "GlorotUniform"), a config
    dict or a callable; None stays None."""
    if identifier is None or isinstance(identifier, Initializer):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        cls = _ALL.get(identifier) or _ALIASES.get(identifier)
        if cls is None:
            raise ValueError("Could not interpret initializer identifier: %s" % identifier)
        return cls()
    if callable(identifier):
        return identifier() if isinstance(identifier, type) else identifier
    raise ValueError("Could not interpret initializer identifier: %s" % (identifier,))


# Keras' lower-case aliases of the classes
zeros, ones, constant, identity = Zeros, Ones, Constant, Identity
random_normal, random_uniform, truncated_normal = RandomNormal, RandomUniform, TruncatedNormal
glorot_uniform, glorot_normal, he_uniform, he_normal = GlorotUniform, GlorotNormal, HeUniform, \
    HeNormal
lecun_uniform, lecun_normal, orthogonal, variance_scaling = LecunUniform, LecunNormal, \
    Orthogonal, VarianceScaling
