"""``tf.keras.losses``: Keras 3's loss classes and functions, lookup and (de)serialization."""
from .loss import Loss, LossFunctionWrapper
from .classes import (MeanSquaredError, MeanAbsoluteError, Huber, KLDivergence,
                      BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy)
from .functions import (huber, binary_crossentropy, categorical_crossentropy,
                        sparse_categorical_crossentropy, mse, MSE, mae, MAE, kld, KLD,
                        kullback_leibler_divergence)
# Keras 3 exports mean_squared_error, mean_absolute_error and kl_divergence only as mse, mae, kld
# (get() still knows the long names)
from . import functions as _f

__all__ = ["Loss", "LossFunctionWrapper", "MeanSquaredError", "MeanAbsoluteError", "Huber",
           "KLDivergence", "BinaryCrossentropy", "CategoricalCrossentropy",
           "SparseCategoricalCrossentropy", "huber", "binary_crossentropy", "categorical_crossentropy",
           "sparse_categorical_crossentropy", "mse", "MSE", "mae", "MAE", "kld", "KLD",
           "kullback_leibler_divergence", "get", "serialize", "deserialize"]

_CLASSES = {c.__name__: c for c in (MeanSquaredError, MeanAbsoluteError, Huber, KLDivergence,
                                    BinaryCrossentropy, CategoricalCrossentropy,
                                    SparseCategoricalCrossentropy)}
_FUNCTIONS = {f.__name__: f for f in (_f.mean_squared_error, _f.mean_absolute_error, huber,
                                      _f.kl_divergence, binary_crossentropy,
                                      categorical_crossentropy, sparse_categorical_crossentropy)}
_FUNCTIONS.update(mse=mse, mae=mae, kld=kld, MSE=MSE, MAE=MAE, KLD=KLD)


def serialize(loss):
    """Keras' dict form of a loss object, or a loss function's name."""
    if isinstance(loss, Loss):
        return {"module": "keras.losses", "class_name": type(loss).__name__,
                "config": loss.get_config(), "registered_name": None}
    return loss.__name__


def deserialize(name, custom_objects=None):
    """A loss from ``serialize``'s output (a class dict or a function's name)."""
    if isinstance(name, dict):
        cls = (custom_objects or {}).get(name["class_name"]) or _CLASSES.get(name["class_name"])
        if cls is None:
            raise ValueError("Could not interpret loss identifier: %s" % (name,))
        return cls.from_config(name.get("config", {}))
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    if name in _FUNCTIONS:
        return _FUNCTIONS[name]
    if name in _CLASSES:
        return _CLASSES[name]()
    raise ValueError("Could not interpret loss identifier: %s" % (name,))


def get(identifier):
    """A loss from None, a callable, a name ("mse" -> the function, "MeanSquaredError" -> an
    instance) or a serialized dict."""
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError("Could not interpret loss identifier: %s" % (identifier,))
