"""Automatic differentiation: tapes and the record hook (tape.py), reverse accumulation
(backward.py), ``GradientTape`` (gradient_tape.py), forward mode (forward.py), custom gradients
(custom.py), gradient checking (gradcheck.py).

As ``tf.autodiff`` this namespace offers ``GradientTape`` and ``ForwardAccumulator``.
"""


def __getattr__(name):
    if name == "ForwardAccumulator":
        from .forward import ForwardAccumulator
        return ForwardAccumulator
    if name == "GradientTape":
        from .gradient_tape import GradientTape
        return GradientTape
    raise AttributeError("module 'eagerflow.autodiff' has no attribute %r" % name)
