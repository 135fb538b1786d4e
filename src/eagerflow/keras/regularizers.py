"""keras.regularizers: penalties on weights (``regularizer(weight)`` -> scalar loss)."""
import eagerflow as tf


class Regularizer:
    def __call__(self, x):
        return 0.0

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _f32(x):
    return float(x)


class L1L2(Regularizer):
    def __init__(self, l1=0.0, l2=0.0):
        self.l1, self.l2 = _f32(l1), _f32(l2)

    def __call__(self, x):
        loss = tf.constant(0.0, dtype=x.dtype)
        if self.l1:
            loss = loss + self.l1 * tf.reduce_sum(tf.abs(x))
        if self.l2:
            loss = loss + self.l2 * tf.reduce_sum(tf.square(x))
        return loss

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


class L1(Regularizer):
    def __init__(self, l1=0.01):
        self.l1 = _f32(l1)

    def __call__(self, x):
        return self.l1 * tf.reduce_sum(tf.abs(x))

    def get_config(self):
        return {"l1": self.l1}


class L2(Regularizer):
    def __init__(self, l2=0.01):
        self.l2 = _f32(l2)

    def __call__(self, x):
        return self.l2 * tf.reduce_sum(tf.square(x))

    def get_config(self):
        return {"l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    def __init__(self, factor=0.01, mode="rows"):
        self.factor, self.mode = factor, mode

    def __call__(self, x):
        if self.mode == "columns":
            x = tf.transpose(x)
        x = tf.math.l2_normalize(x, axis=1)
        product = tf.matmul(x, x, transpose_b=True)
        n = tf.cast(tf.shape(x)[0], x.dtype)
        size = n * (n - 1.0)
        off = product * (1.0 - tf.eye(tf.shape(x)[0], dtype=x.dtype))
        return self.factor * tf.reduce_sum(tf.abs(off)) / size

    def get_config(self):
        return {"factor": self.factor, "mode": self.mode}


l1, l2, l1_l2, orthogonal_regularizer = L1, L2, L1L2, OrthogonalRegularizer
_ALL = {"L1": L1, "L2": L2, "L1L2": L1L2, "OrthogonalRegularizer": OrthogonalRegularizer,
        "l1": L1, "l2": L2, "l1_l2": L1L2, "orthogonal_regularizer": OrthogonalRegularizer}


def serialize(regularizer):
    if regularizer is None:
        return None
    return {"module": "keras.regularizers", "class_name": type(regularizer).__name__,
            "config": regularizer.get_config(), "registered_name": None}


def deserialize(config, custom_objects=None):
    cls = (custom_objects or {}).get(config["class_name"]) or _ALL.get(config["class_name"])
    if cls is None:
        raise ValueError("Could not interpret regularizer identifier: %s" % (config,))
    return cls.from_config(config.get("config", {}))


def get(identifier):
    if identifier is None or isinstance(identifier, Regularizer):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        if identifier not in _ALL:
            raise ValueError("Could not interpret regularizer identifier: %s" % identifier)
        return _ALL[identifier]()
    if callable(identifier):
        return identifier
    raise ValueError("Could not interpret regularizer identifier: %s" % (identifier,))
