"""One export declaration per op: ``@export("reduce_sum", "math.reduce_sum")`` records an object
under each of TF's public names ("name" for ``tf.name``, "math.name" for ``tf.math.name`` ...); the
namespace modules (eagerflow, eagerflow.math, .nn, .linalg, .random, .bitwise, .dtypes) are filled
from these records once the op modules are imported."""

NAMESPACES = {}  # "" (the top level), "math", "nn" ... -> {public name: object}


def export(*names, inputs=None):
    """Decorator (or ``export(...)(obj)``): records obj under each public name; returns obj.

    A primitive exported as the public function itself learns TF's names of its tensor inputs
    (``inputs``; by default ``x`` or ``x, y`` by its arity), so ``tf.multiply(x=a, y=b)`` and a
    positional ``name`` work as in TF."""
    def record(obj):
        if hasattr(obj, "declare_inputs"):
            obj.declare_inputs(inputs)
            obj.__name__ = names[0].rpartition(".")[2]
        for full in names:
            namespace, _, name = full.rpartition(".")
            table = NAMESPACES.setdefault(namespace, {})
            if name in table and table[name] is not obj:
                raise ValueError("tf.%s is exported twice" % full)
            table[name] = obj
        return obj
    return record


def fill(target, namespace):
    """Puts the objects exported under ``namespace`` into the dict ``target`` (a module's globals)."""
    from . import ops, graph  # noqa: F401  (importing them runs their export declarations)
    target.update(NAMESPACES.get(namespace, {}))
