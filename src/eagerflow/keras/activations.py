"""keras.activations: elementwise functions by name (``get("relu")``) over eagerflow ops."""
import eagerflow as tf


def linear(x):
    return x


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    if negative_slope == 0.0 and max_value is None and threshold == 0.0:
        return tf.nn.relu(x)
    out = tf.where(x > threshold, x, negative_slope * (x - threshold))
    if max_value is not None:
        out = tf.minimum(out, tf.cast(max_value, out.dtype))
    return out


def relu6(x):
    return tf.nn.relu6(x)


def leaky_relu(x, negative_slope=0.2):
    return tf.nn.leaky_relu(x, alpha=negative_slope)


def elu(x, alpha=1.0):
    out = tf.nn.elu(x)
    return out if alpha == 1.0 else tf.where(x > 0, out, alpha * out)


def selu(x):
    return tf.nn.selu(x)


def gelu(x, approximate=False):
    return tf.nn.gelu(x, approximate=approximate)


def sigmoid(x):
    return tf.sigmoid(x)


def hard_sigmoid(x):
    return tf.nn.relu6(x + 3.0) / 6.0


def hard_silu(x):
    return x * hard_sigmoid(x)


hard_swish = hard_silu


def tanh(x):
    return tf.tanh(x)


def softplus(x):
    return tf.nn.softplus(x)


def softsign(x):
    return tf.nn.softsign(x)


def silu(x):
    return x * tf.sigmoid(x)


swish = silu


def exponential(x):
    return tf.exp(x)


def mish(x):
    return x * tf.tanh(tf.nn.softplus(x))


def log_sigmoid(x):
    return tf.math.log_sigmoid(x)


def softmax(x, axis=-1):
    return tf.nn.softmax(x, axis=axis)


def log_softmax(x, axis=-1):
    return tf.nn.log_softmax(x, axis=axis)


_ALL = {f.__name__: f for f in (linear, relu, relu6, leaky_relu, elu, selu, gelu, sigmoid,
                                 hard_sigmoid, hard_silu, tanh, softplus, softsign, silu,
                                 exponential, mish, log_sigmoid, softmax, log_softmax)}
_ALL.update({"swish": silu, "hard_swish": hard_silu})


def serialize(activation):
    """The name Keras writes in configs ("relu"; None -> "linear")."""
    if activation is None:
        return "linear"
    name = getattr(activation, "__name__", None)
    if name in _ALL and _ALL[name] is activation:
        return name
    if hasattr(activation, "get_config"):
        return {"module": type(activation).__module__, "class_name": type(activation).__name__,
                "config": activation.get_config(), "registered_name": None}
    return name


def deserialize(config, custom_objects=None):
    return get(config)


def get(identifier):
    """An activation function from a name or a callable; None is ``linear``."""
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        if identifier not in _ALL:
            raise ValueError("Could not interpret activation function identifier: %s"
                             % identifier)
        return _ALL[identifier]
    if isinstance(identifier, dict):
        return get(identifier.get("config", identifier.get("class_name")))
    if callable(identifier):
        return identifier
    raise ValueError("Could not interpret activation function identifier: %s" % (identifier,))
