"""``tf.init_scope``: runs a block outside any ``tf.function`` being traced, with this thread's
gradient tapes paused: where TF code creates state (variables, lookup tables) once."""
import contextlib

from ._export import export
from .engine import primitive as _P
from .autodiff.tape import active_tapes

__all__ = ["init_scope"]


def _outermost(tracer):
    """The context init_scope lifts into: a TF1 graph being built (tracers that add graph
    variables) when one is under the function's tracers, else eager mode (None)."""
    while tracer is not None and not hasattr(tracer, "graph_variable"):
        tracer = getattr(tracer, "_prev", None)
    return tracer


@export("init_scope")
@contextlib.contextmanager
def init_scope():
    """A context manager that lifts the ops of its block out of function-building graphs into
    the outermost context (eager mode), and pauses the gradient tapes of this thread; the eager
    name scope is kept, as in TF."""
    tracer = _P.current_tracer()
    paused = [t for t in active_tapes() if t.recording]
    _P._tracing.tracer = _outermost(tracer)
    for t in paused:
        t.recording = False
    try:
        yield
    finally:
        for t in paused:
            t.recording = True
        _P._tracing.tracer = tracer
