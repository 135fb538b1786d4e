"""Drawing: DOT text that renders itself in Jupyter, and to SVG/PNG through Graphviz.

Rendering needs the ``graphviz`` Python package and Graphviz's ``dot`` program; neither is a
dependency. Without them ``.svg()``/``.png()`` raise GraphvizNotFound (saying what to install),
and a notebook shows the DOT text instead (``_repr_markdown_``).
"""
import importlib.util
import shutil

__all__ = ["Drawing", "Code", "GraphvizNotFound", "graphviz_missing"]


class GraphvizNotFound(RuntimeError):
    """Rendering a drawing needs the ``graphviz`` package and the ``dot`` program."""


def graphviz_missing():
    """None when drawings can be rendered, else why not (a sentence)."""
    if importlib.util.find_spec("graphviz") is None:
        return ("the 'graphviz' Python package is not installed (pip install graphviz; it also "
                "needs Graphviz's 'dot' program, e.g. apt-get install graphviz)")
    if shutil.which("dot") is None:
        return ("Graphviz's 'dot' program is not on PATH (apt-get install graphviz, "
                "brew install graphviz, or conda install graphviz)")
    return None


class Drawing:
    """A drawn graph: ``.dot`` (DOT text), ``.svg()``, ``.png(path)``, ``.save(path)``; shown
    inline by Jupyter (SVG when Graphviz is there, the DOT text otherwise). ``.gradients`` holds
    what ``tape.gradient`` returned when a tape's gradient was drawn."""

    def __init__(self, dot, name, n_nodes, n_edges, gradients=None):
        self.dot = dot
        self.name = name
        self.n_nodes = n_nodes
        self.n_edges = n_edges
        self.gradients = gradients

    def __str__(self):
        return self.dot

    def __repr__(self):
        return "<eagerflow.viz.Drawing %r: %d nodes, %d edges>" % (self.name, self.n_nodes,
                                                                   self.n_edges)

    def _pipe(self, fmt):
        why = graphviz_missing()
        if why is not None:
            raise GraphvizNotFound("cannot render to %s: %s. The DOT text is in `.dot`." % (
                fmt.upper(), why))
        import graphviz
        try:
            return graphviz.Source(self.dot).pipe(format=fmt)
        except graphviz.ExecutableNotFound as e:  # pragma: no cover - PATH changed meanwhile
            raise GraphvizNotFound("cannot render to %s: %s" % (fmt.upper(), e)) from None

    def svg(self):
        """The drawing as SVG text (needs graphviz and dot)."""
        return self._pipe("svg").decode("utf-8")

    def png(self, path=None):
        """PNG bytes, or written to ``path`` (then returns the path)."""
        data = self._pipe("png")
        if path is None:
            return data
        with open(path, "wb") as f:
            f.write(data)
        return path

    def save(self, path):
        """Writes the DOT text to ``path`` (render it later with ``dot -Tsvg path``)."""
        with open(path, "w") as f:
            f.write(self.dot)
        return path

    # -- Jupyter ---------------------------------------------------------------------------------
    def _repr_svg_(self):
        if graphviz_missing() is not None:
            return None  # Jupyter then uses the markdown
        return self.svg()

    def _repr_markdown_(self):
        why = graphviz_missing()
        if why is None:
            return None  # the SVG is shown (front ends rank markdown above SVG)
        return "*%s (not rendered: %s)*\n\n```dot\n%s```\n" % (self.name, why, self.dot)


class Code(str):
    """A graph's code: a string that prints as itself and shows as a Python block in Jupyter."""

    def __repr__(self):
        return str(self)

    def _repr_markdown_(self):
        return "```python\n%s\n```\n" % self

    def _repr_pretty_(self, p, cycle):
        p.text(str(self))
