"""``tf.keras.metrics``: Keras 3's metrics, lookup by name and (de)serialization."""
from .metric import Metric
from .reduction import Mean, Sum, MeanMetricWrapper
from .accuracy import (Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
                       TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy, binary_accuracy,
                       categorical_accuracy, sparse_categorical_accuracy,
                       top_k_categorical_accuracy, sparse_top_k_categorical_accuracy)
from .confusion import Precision, Recall
from .auc import AUC
from .regression import MeanSquaredError, MeanAbsoluteError
from .._state_variables import snake_case as _snake_case
from ..losses import (mse, mae, MSE, MAE, binary_crossentropy, categorical_crossentropy,
                      sparse_categorical_crossentropy)

__all__ = ["Metric", "Mean", "Sum", "MeanMetricWrapper", "Accuracy", "BinaryAccuracy",
           "CategoricalAccuracy", "SparseCategoricalAccuracy", "TopKCategoricalAccuracy",
           "SparseTopKCategoricalAccuracy", "Precision", "Recall", "AUC", "MeanSquaredError",
           "MeanAbsoluteError", "binary_accuracy", "categorical_accuracy",
           "sparse_categorical_accuracy", "top_k_categorical_accuracy",
           "sparse_top_k_categorical_accuracy", "mse", "mae", "MSE", "MAE", "binary_crossentropy",
           "categorical_crossentropy", "sparse_categorical_crossentropy", "get", "serialize",
           "deserialize"]

_CLASSES = {c.__name__: c for c in (
    Mean, Sum, Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
    TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy, Precision, Recall, AUC,
    MeanSquaredError, MeanAbsoluteError)}
_BY_NAME = dict(_CLASSES)
_BY_NAME.update({_snake_case(n): c for n, c in _CLASSES.items()})
_BY_NAME.update(mse=MeanSquaredError, mae=MeanAbsoluteError, MSE=MeanSquaredError,
                MAE=MeanAbsoluteError, auc=AUC)


def serialize(metric):
    """Keras' dict form of a metric."""
    return {"module": "keras.metrics", "class_name": type(metric).__name__,
            "config": metric.get_config(), "registered_name": None}


def deserialize(config, custom_objects=None):
    """A metric from ``serialize``'s dict or a name."""
    if isinstance(config, str):
        return get(config)
    name = config["class_name"]
    cls = (custom_objects or {}).get(name) or _CLASSES.get(name)
    if cls is None:
        raise ValueError("Could not interpret metric identifier: %s" % (config,))
    return cls.from_config(config.get("config", {}))


def get(identifier):
    """A metric from None, a Metric or callable, a name ("accuracy" -> ``Accuracy()``) or a
    serialized dict."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        cls = _BY_NAME.get(identifier)
        if cls is None:
            raise ValueError("Could not interpret metric identifier: %s" % (identifier,))
        return cls()
    if callable(identifier):
        return identifier
    raise ValueError("Could not interpret metric identifier: %s" % (identifier,))
