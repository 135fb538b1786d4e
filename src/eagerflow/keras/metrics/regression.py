"""Regression metrics: running means of the loss functions."""
from ..losses import functions as F
from .reduction import MeanMetricWrapper


class MeanSquaredError(MeanMetricWrapper):
    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(F.mean_squared_error, name=name, dtype=dtype)


class MeanAbsoluteError(MeanMetricWrapper):
    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(F.mean_absolute_error, name=name, dtype=dtype)
