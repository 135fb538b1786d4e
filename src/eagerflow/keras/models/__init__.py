"""tf.keras.models: Model, Sequential, load_model, clone_model."""
from .model import Model
from .functional import Functional
from .sequential import Sequential

__all__ = ["Model", "Sequential", "Functional", "load_model", "save_model"]


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    from ..saving import load_model as _load
    return _load(filepath, custom_objects=custom_objects, compile=compile, safe_mode=safe_mode)


def save_model(model, filepath, overwrite=True, **kwargs):
    from ..saving import save_model as _save
    return _save(model, filepath, overwrite=overwrite, **kwargs)
