"""The engine: primitives and their single dispatch path, the tape, gradient checking.

As ``tf.autodiff`` this namespace offers ``GradientTape`` and ``ForwardAccumulator`` (bound lazily:
the ops modules import this package before the tape exists).
"""


def __getattr__(name):
    if name == "ForwardAccumulator":
        from .forward import ForwardAccumulator
        return ForwardAccumulator
    if name == "GradientTape":
        from .tape import GradientTape
        return GradientTape
    raise AttributeError("module 'eagerflow.autodiff' has no attribute %r" % name)
