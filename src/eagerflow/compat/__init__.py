"""``tf.compat``: TF1's graph mode over eagerflow's graphs (``tf.compat.v1``).

graph_mode.py (tf.Graph, default graph, name scopes), ops_v1.py (placeholders, tf.group),
variables.py and variable_scope.py (graph variables, initializers, get_variable), gradients.py
(tf.gradients), instantiate.py and session.py (running a graph), train.py (TF1 optimizers); v1.py
is the ``tf.compat.v1`` namespace filled from their export declarations.
"""
from . import graph_mode, ops_v1, variables, variable_scope, gradients, session, train  # noqa: F401
from . import v1

__all__ = ["v1", "forward_compatible", "as_bytes", "as_text", "as_str"]


def forward_compatible(year, month, day):
    return True


def as_bytes(bytes_or_text, encoding="utf-8"):
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text
    return str(bytes_or_text).encode(encoding)


def as_text(bytes_or_text, encoding="utf-8"):
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text.decode(encoding)
    return bytes_or_text


as_str = as_text

from .. import _lazy  # noqa: E402
_lazy.bind("compat")  # tf.compat and the names it declares at the top level are real from now on
