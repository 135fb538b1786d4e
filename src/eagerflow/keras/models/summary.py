"""``model.summary()``: Keras 3's table, byte for byte as Keras prints it when its output is not a
terminal (no colours): rich's box-drawing table at ``line_length`` (default min(88, terminal
columns - 4); 108 with a "Connected to" column for models that are not a plain chain), then the
parameter counts with their sizes ("Total params: 67 (268.00 B)") and, once the optimizer is
built, its own count."""
import math
import shutil

import numpy as np

from ..layers import tree

__all__ = ["print_summary", "readable_memory_size"]

_DTYPE_BITS = {"bool": 1, "float16": 16, "bfloat16": 16, "float64": 64, "int64": 64,
               "uint64": 64, "complex128": 128, "int8": 8, "uint8": 8, "int16": 16,
               "uint16": 16, "complex64": 64}


def _shape(v):
    shape = v.shape
    return tuple(shape.as_list()) if hasattr(shape, "as_list") else tuple(shape)


def _dtype_name(v):
    d = v.dtype
    return getattr(d, "name", None) or str(d)


def count_params(weights):
    return int(sum(math.prod(_shape(v)) for v in weights))


def weight_memory_size(weights):
    """Bytes taken by the weights (each counted once), from their dtypes' bit widths."""
    unique = {id(w): w for w in weights}.values()
    bits = sum(math.prod(_shape(w)) * _DTYPE_BITS.get(_dtype_name(w), 32) for w in unique)
    return bits / 8


def readable_memory_size(size):
    """'268.00 B', '1.27 KB', ... (1024 per step)."""
    for unit in ("B", "KB", "MB", "GB", "TB", "PB"):
        if size / 1024 < 1:
            return "%.2f %s" % (size, unit)
        size /= 1024
    return "%.2f %s" % (size, "PB")


def _format_shape(shape):
    return "(%s)" % ", ".join(str(d) for d in shape)


def _layer_shape(layer):
    nodes = layer._inbound_nodes
    if nodes:
        outputs = nodes[-1].output_tensors
        shapes = [_format_shape(t.shape) for t in outputs]
        if len(shapes) == 1:
            return shapes[0]
        return str(shapes).replace("'", "")
    shape = getattr(layer, "_build_shapes", None)
    if shape is None:
        return "?"
    try:
        out = layer.compute_output_shape(shape)
    except Exception:
        return "?"
    if out and isinstance(out[0], (list, tuple)):
        return str([_format_shape(s) for s in out]).replace("'", "")
    return _format_shape(out)


def _ratio_reduce(total, widths):
    """rich's last-resort shrink: ``total`` columns taken evenly off the widths."""
    ratio_left, remaining, out = len(widths), total, []
    for w in widths:
        cut = min(w, round(remaining / ratio_left))
        out.append(w - cut)
        remaining -= cut
        ratio_left -= 1
    return out


def _wrap(text, width):
    """Greedy word wrap as rich does for a cell; a word longer than the cell is cut to fit with
    an ellipsis."""
    lines, line = [], ""
    for word in text.split(" "):
        if len(word) > width:
            if line:
                lines.append(line)
            lines.append(word[:width - 1] + "…")
            line = ""
            continue
        candidate = word if not line else line + " " + word
        if len(candidate) <= width:
            line = candidate
            continue
        lines.append(line)
        line = word
    if line or not lines:
        lines.append(line)
    return lines


def _render_table(header, align, rows, widths, line_length):
    """rich.Table(box=HEAVY_HEAD, show_lines=True) at ``line_length`` columns."""
    inner = _ratio_reduce(sum(w + 2 for w in widths) - (line_length - len(widths) - 1),
                          [w + 2 for w in widths]) \
        if sum(w + 2 for w in widths) > line_length - len(widths) - 1 else \
        [w + 2 for w in widths]
    content = [w - 2 for w in inner]

    def cells(values, left, mid, right):
        wrapped = [_wrap(str(v), w) for v, w in zip(values, content)]
        height = max(len(c) for c in wrapped)
        out = []
        for i in range(height):
            parts = []
            for c, w, a in zip(wrapped, content, align):
                s = c[i] if i < len(c) else ""
                s = s.rjust(w) if a == "right" else s.center(w) if a == "center" else s.ljust(w)
                parts.append(" " + s + " ")
            out.append(left + mid.join(parts) + right)
        return out

    def rule(left, fill, mid, right):
        return left + mid.join(fill * w for w in inner) + right

    lines = [rule("┏", "━", "┳", "┓")]
    lines += cells(header, "┃", "┃", "┃")
    lines.append(rule("┡", "━", "╇", "┩"))
    for i, row in enumerate(rows):
        if i:
            lines.append(rule("├", "─", "┼", "┤"))
        lines += cells(row, "│", "│", "│")
    lines.append(rule("└", "─", "┴", "┘"))
    return lines


def _sequential_like(model):
    from .functional import Functional
    from .sequential import Sequential
    if isinstance(model, Sequential) or not isinstance(model, Functional):
        return True
    nodes = [n for n in model._nodes]
    for node in nodes:
        if len(node.input_tensors) > 1:
            return False
    depth = {}
    for node in nodes:  # a chain has exactly one node per depth
        d = 1 + max([depth[id(p)] for p in node.parent_nodes if id(p) in depth], default=-1)
        depth[id(node)] = d
    if len(set(depth.values())) != len(nodes):
        return False
    for layer in model.layers:
        if sum(1 for n in layer._inbound_nodes if any(n is m for m in nodes)) > 1:
            return False
    return True


def _layers_of(model):
    from .functional import Functional
    from .sequential import Sequential
    if isinstance(model, Sequential):
        return model.layers
    if isinstance(model, Functional):
        return list(model._layers)
    return model.layers


def print_summary(model, line_length=None, positions=None, print_fn=None, expand_nested=False,
                  show_trainable=False, layer_range=None):
    sequential_like = _sequential_like(model)
    if sequential_like:
        default, positions = 88, positions or [0.45, 0.80, 1.0]
        header, align = ["Layer (type)", "Output Shape", "Param #"], ["left", "left", "right"]
    else:
        default, positions = 108, positions or [0.3, 0.56, 0.74, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
        align = ["left", "left", "right", "left"]
        relevant = list(model._nodes)
    if show_trainable:
        default += 12
        positions = [p * 0.90 for p in positions] + [1.0]
        header.append("Trainable")
        align.append("center")
    default = min(default, shutil.get_terminal_size().columns - 4)
    line_length = line_length or default
    widths, current = [], 0
    for pos in positions:
        width = int(pos * line_length) - current
        if width < 4:
            raise ValueError("Insufficient console width to print summary.")
        widths.append(width)
        current += width

    def connections(layer):
        text = ""
        for node in layer._inbound_nodes:
            if not any(node is n for n in relevant):
                continue
            for kt in node.input_tensors:
                h = kt._keras_history
                text += (", " if text else "") + "%s[%d][%d]" % (
                    h.operation.name, h.node_index, h.tensor_index)
        return text or "-"

    def fields(layer, prefix=""):
        name = "%s%s (%s)" % (prefix, layer.name, type(layer).__name__)
        if not hasattr(layer, "built"):
            params = "0"
        elif not layer.built:
            params = "0 (unbuilt)"
        else:
            params = "{:,}".format(layer.count_params())
        row = [name, _layer_shape(layer), params]
        if not sequential_like:
            row.append(connections(layer))
        if show_trainable:
            row.append(("Y" if layer.trainable else "N") if layer.weights else "-")
        return row

    def rows_of(layer, level=0):
        rows = [fields(layer, "   " * level + "└ " if level else "")]
        if expand_nested and getattr(layer, "layers", None):
            for sub in layer.layers:
                rows += rows_of(sub, level + 1)
        return rows

    layers = _layers_of(model)
    lo, hi = _layer_bounds(layers, layer_range)
    rows = [r for layer in layers[lo:hi] for r in rows_of(layer)]
    lines = ['Model: "%s"' % model.name]
    # rich renders the table at line_length and the console cuts each line at its own width
    lines += [l[:_console_width()] for l in _render_table(header, align, rows, widths,
                                                          line_length)]

    trainable = model.trainable_weights
    non_trainable = model.non_trainable_weights
    t_count, t_size = count_params(trainable), weight_memory_size(trainable)
    n_count, n_size = count_params(non_trainable), weight_memory_size(non_trainable)
    opt = getattr(model, "optimizer", None)
    opt_built = bool(getattr(model, "compiled", False) and opt is not None and
                     getattr(opt, "built", False))
    o_count = count_params(opt.variables) if opt_built else 0
    o_size = weight_memory_size(opt.variables) if opt_built else 0
    total = t_count + n_count + o_count

    def line(label, count, size):
        return " %s: {:,} (%s)".format(count) % (label, readable_memory_size(size))

    lines.append(line("Total params", total, t_size + n_size + o_size))
    lines.append(line("Trainable params", t_count, t_size))
    lines.append(line("Non-trainable params", n_count, n_size))
    if opt_built:
        lines.append(line("Optimizer params", o_count, o_size))
    text = "\n".join(lines) + "\n"
    if print_fn is None:
        print(text, end="")
    else:
        print_fn(text)


def _console_width():
    return shutil.get_terminal_size().columns


def _layer_bounds(layers, layer_range):
    if layer_range is None:
        return 0, len(layers)
    if len(layer_range) != 2:
        raise ValueError("layer_range must be a list or tuple of length 2. Received: "
                         "layer_range = %s of length %d" % (layer_range, len(layer_range)))
    names = [l.name for l in layers]
    lo = next((i for i, n in enumerate(names) if n == layer_range[0]), None)
    hi = next((i for i, n in reversed(list(enumerate(names))) if n == layer_range[1]), None)
    if lo is None or hi is None:
        raise ValueError("Passed layer_names do not match the layer names in the model. "
                         "Received: %s" % (layer_range,))
    return lo, hi + 1
