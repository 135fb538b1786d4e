"""``tf.keras.optimizers``: Keras 3's optimizers, their lookup by name and (de)serialization."""
from . import schedules
from .base import Optimizer
from .sgd import SGD
from .adam import Adam
from .adamw import AdamW
from .rmsprop import RMSprop
from .adagrad import Adagrad
from .nadam import Nadam

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Nadam", "schedules",
           "get", "serialize", "deserialize"]

_BY_NAME = {"sgd": SGD, "adam": Adam, "adamw": AdamW, "rmsprop": RMSprop, "adagrad": Adagrad,
            "nadam": Nadam}


def serialize(optimizer):
    """Keras' dict form of an optimizer: module, class_name, config, registered_name."""
    return {"module": "keras.optimizers", "class_name": type(optimizer).__name__,
            "config": optimizer.get_config(), "registered_name": None}


def deserialize(config, custom_objects=None, use_legacy_optimizer=False):
    """The optimizer ``serialize`` described (names are case-insensitive, as in Keras)."""
    name = config["class_name"]
    cls = (custom_objects or {}).get(name) or _BY_NAME.get(name.lower())
    if cls is None:
        raise ValueError("Could not interpret optimizer identifier: %s" % (config,))
    return cls.from_config(config.get("config", {}), custom_objects=custom_objects) \
        if cls.from_config.__func__ is Optimizer.from_config.__func__ \
        else cls.from_config(config.get("config", {}))


def get(identifier):
    """An optimizer from an instance, a name ("adam"), or a serialized dict."""
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str) and identifier.lower() in _BY_NAME:
        return _BY_NAME[identifier.lower()]()
    raise ValueError("Could not interpret optimizer identifier: %s" % (identifier,))
