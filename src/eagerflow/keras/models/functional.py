"""Functional models: ``Model(inputs, outputs)`` over the graph of layer calls that links the
KerasTensors (each output's ``_keras_history`` names the layer and call that made it).

The graph is walked once at construction into a list of nodes in an order where every node comes
after the nodes that feed it; calling the model replays those layer calls on real tensors.
"""
from ..layers import tree
from ..layers.input_layer import InputLayer
from ..layers.keras_tensor import KerasTensor
from .model import Model

__all__ = ["Functional", "functional_from_config"]


def _node_of(kt):
    layer, node_index, _ = kt._keras_history
    return layer._inbound_nodes[node_index]


def _ordered_nodes(outputs):
    """The nodes that produce ``outputs``, each after the nodes it depends on."""
    order, done, active = [], set(), set()

    def visit(node):
        if id(node) in done:
            return
        if id(node) in active:
            raise ValueError("The functional graph has a cycle at layer %s."
                             % node.operation.name)
        active.add(id(node))
        for parent in node.parent_nodes:
            visit(parent)
        active.discard(id(node))
        done.add(id(node))
        order.append(node)

    for kt in outputs:
        visit(_node_of(kt))
    return order


class Functional(Model):
    """A model defined by its input and output KerasTensors."""

    def __init__(self, inputs, outputs, name=None, trainable=True, **kwargs):
        Model.__init__(self, name=name, trainable=trainable, **kwargs)
        for kt in tree.flatten(inputs) + tree.flatten(outputs):
            if not isinstance(kt, KerasTensor) or kt._keras_history is None:
                raise ValueError("All `inputs` and `outputs` values must be KerasTensors. "
                                 "Received: inputs=%s including invalid value %s of type %s"
                                 % (inputs, kt, type(kt)))
        if isinstance(inputs, dict):
            self._input_names = list(inputs)
        else:
            self._input_names = None
        if isinstance(inputs, (list, tuple)) and len(inputs) == 1 and not isinstance(
                outputs, (list, tuple, dict)):
            inputs = inputs[0] if isinstance(inputs, list) else inputs
        self._inputs_struct, self._outputs_struct = inputs, outputs
        self.inputs = tree.flatten(inputs)
        self.outputs = tree.flatten(outputs)
        self._nodes = _ordered_nodes(self.outputs)
        known = {id(_node_of(kt)) for kt in self.inputs}
        for node in self._nodes:
            if node.is_input and id(node) not in known:
                raise ValueError("Graph disconnected: cannot find parent for tensor %s at layer "
                                 "%s. The following previous layers were accessed without "
                                 "issue: []" % (node.outputs[0], node.operation.name))
        layers = []
        for node in self._nodes:
            if not any(node.operation is l for l in layers):
                layers.append(node.operation)
        for kt in self.inputs:  # inputs that feed nothing still belong to the model
            layer = kt._keras_history.operation
            if not any(layer is l for l in layers):
                layers.insert(0, layer)
        self._layers[:] = layers
        self.output_names = [kt._keras_history.operation.name for kt in self.outputs]
        self.input_names = [kt._keras_history.operation.name for kt in self.inputs]
        self.built = True

    def _trackable_children(self):
        return dict(_operations=self._layers, **Model._trackable_children(self))

    @property
    def input_shape(self):
        shapes = [kt.shape for kt in self.inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        shapes = [kt.shape for kt in self.outputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def layers(self):
        return list(self._layers)

    def _flat_inputs(self, inputs):
        if self._input_names is not None and isinstance(inputs, dict):
            return [inputs[n] for n in self._input_names]
        if isinstance(inputs, dict):
            return [inputs[n] for n in self.input_names]
        flat = tree.flatten(inputs)
        if len(flat) != len(self.inputs):
            raise ValueError("Layer \"%s\" expects %d input(s), but it received %d input "
                             "tensors." % (self.name, len(self.inputs), len(flat)))
        return flat

    def call(self, inputs, training=None, mask=None):
        values = {}
        for kt, x in zip(self.inputs, self._flat_inputs(inputs)):
            values[id(kt)] = x
        lookup = values.__getitem__
        for node in self._nodes:
            if node.is_input:
                continue
            args, kwargs = node.map_arguments(lambda kt: lookup(id(kt)))
            out = node.operation(*args, **kwargs)
            for kt, v in zip(node.outputs, tree.flatten(out)):
                values[id(kt)] = v
        return tree.pack_sequence_as(self._outputs_struct,
                                     [values[id(kt)] for kt in self.outputs])

    def compute_output_shape(self, input_shape):
        return self.output_shape

    def get_config(self):
        from ..saving.serialization import functional_config
        return functional_config(self)


def functional_from_config(cls, config, custom_objects=None):
    from ..saving.serialization import functional_from_config as build
    return build(cls, config, custom_objects)
