"""Builds TF's sub-namespaces (tf.math, tf.nn ...) from the lists each op module declares."""


def export(namespace, attr, modules):
    for mod in modules:
        for n in getattr(mod, attr, ()):
            namespace[n] = getattr(mod, n)
