"""tf.keras.saving: Keras 3's files. ``model.save("m.keras")`` writes a zip of ``metadata.json``,
``config.json`` and ``model.weights.h5``; ``model.save_weights("w.weights.h5")`` the weights
alone (h5py needed for both). Files are interchangeable with TF 2.21's Keras."""
import datetime
import io
import json
import os
import zipfile

from .serialization import (deserialize_keras_object, register_keras_serializable,
                            serialize_keras_object)
from .weights_h5 import load_weights_h5, save_weights_h5

__all__ = ["save_model", "load_model", "save_weights", "load_weights",
           "serialize_keras_object", "deserialize_keras_object", "register_keras_serializable",
           "get_custom_objects"]

_VERSION = "3.15.1"


def get_custom_objects():
    from .serialization import _CUSTOM
    return _CUSTOM


def _check_overwrite(filepath, overwrite):
    if not overwrite and os.path.exists(filepath):
        raise FileExistsError("File %s already exists and overwrite=False." % filepath)


def save_weights(model, filepath, overwrite=True):
    filepath = os.fspath(filepath)
    if not filepath.endswith(".weights.h5"):
        raise ValueError("The filename must end in `.weights.h5`. Received: filepath=%s"
                         % filepath)
    _check_overwrite(filepath, overwrite)
    save_weights_h5(model, filepath)


def load_weights(model, filepath, skip_mismatch=False):
    filepath = os.fspath(filepath)
    if filepath.endswith(".keras"):
        with zipfile.ZipFile(filepath) as z:
            load_weights_h5(model, io.BytesIO(z.read("model.weights.h5")), skip_mismatch)
    elif filepath.endswith(".weights.h5"):
        load_weights_h5(model, filepath, skip_mismatch)
    else:
        raise ValueError("File format not supported: filepath=%s. Keras 3 only supports V3 "
                         "`.keras` and `.weights.h5` files." % filepath)


def _compile_config(model):
    if not getattr(model, "compiled", False):
        return None
    args = getattr(model, "_compile_args", {})
    return {"optimizer": serialize_keras_object(model.optimizer),
            "loss": serialize_keras_object(args.get("loss")),
            "loss_weights": args.get("loss_weights"),
            "metrics": serialize_keras_object(args.get("metrics")),
            "weighted_metrics": serialize_keras_object(args.get("weighted_metrics")),
            "run_eagerly": model.run_eagerly, "steps_per_execution": model.steps_per_execution,
            "jit_compile": bool(model.jit_compile)}


def save_model(model, filepath, overwrite=True, zipped=True, **kwargs):
    """Writes ``model`` to a ``.keras`` zip file."""
    filepath = os.fspath(filepath)
    if not filepath.endswith(".keras"):
        raise ValueError("Invalid filepath extension for saving. Please add either a `.keras` "
                         "extension for the native Keras format (recommended) or a `.h5` "
                         "extension. Use `model.export(filepath)` if you want to export a "
                         "SavedModel for use with TFLite/TFServing/etc. Received: filepath=%s."
                         % filepath)
    _check_overwrite(filepath, overwrite)
    config = serialize_keras_object(model)
    if "build_config" not in config:
        config["build_config"] = {"input_shape": None}
    config["compile_config"] = _compile_config(model) or {}
    metadata = {"keras_version": _VERSION,
                "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S")}
    weights = io.BytesIO()
    save_weights_h5(model, weights)
    with zipfile.ZipFile(filepath, "w") as z:
        z.writestr("metadata.json", json.dumps(metadata))
        z.writestr("config.json", json.dumps(config))
        z.writestr("model.weights.h5", weights.getvalue())


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Reads a ``.keras`` file (written here or by Keras 3) back into a model."""
    filepath = os.fspath(filepath)
    if not filepath.endswith(".keras"):
        raise ValueError("File format not supported: filepath=%s. Keras 3 only supports V3 "
                         "`.keras` files and legacy H5 format files (`.h5` extension)."
                         % filepath)
    with zipfile.ZipFile(filepath) as z:
        config = json.loads(z.read("config.json"))
        weights = z.read("model.weights.h5")
    model = deserialize_keras_object(config, custom_objects)
    compile_config = config.get("compile_config")
    if compile and compile_config:
        args = {k: deserialize_keras_object(v, custom_objects)
                for k, v in compile_config.items()}
        model.compile(**args)
        if hasattr(model.optimizer, "build"):
            model.optimizer.build(model.trainable_variables)
    load_weights_h5(model, io.BytesIO(weights))
    return model
