"""``tf.saved_model`` (loaded on first use): save an object's variables and traced tf.functions to
a directory, and load them back as an object whose functions run the saved graphs.

eagerflow's own format (TF's protocol buffers are not written or read)::

    export_dir/saved_model.json      the object graph, the functions, their graphs, signatures
    export_dir/graph_arrays.npz      the graphs' constants and array attributes
    export_dir/variables/variables.index, variables.data-00000-of-00001
                                     the variables: tf.train.Checkpoint's files (same keys)
    export_dir/assets/               (empty, as TF's for objects without assets)

``saved_model.json`` holds ``objects`` (breadth first from the saved object; each a variable, a
list, tuple or dict of children, or a user object with named children and tf.function
attributes), ``functions`` (an attribute's Python parameters, its input signature and its concrete
functions), ``concrete_functions`` (a traced graph written by serialize.py, with the argument and
result structures), ``signatures`` and ``subgraphs`` (control-flow branches and loop bodies).
"""
import os

from .load import load
from .save import save

__all__ = ["save", "load", "contains_saved_model", "SaveOptions", "LoadOptions",
           "VARIABLES_DIRECTORY", "VARIABLES_FILENAME", "ASSETS_DIRECTORY",
           "DEFAULT_SERVING_SIGNATURE_DEF_KEY", "SERVING", "TRAINING", "GPU", "TPU"]

VARIABLES_DIRECTORY = "variables"
VARIABLES_FILENAME = "variables"
ASSETS_DIRECTORY = "assets"
DEFAULT_SERVING_SIGNATURE_DEF_KEY = "serving_default"
SERVING, TRAINING, GPU, TPU = "serve", "train", "gpu", "tpu"


def contains_saved_model(export_dir):
    """Whether ``export_dir`` holds a SavedModel written by eagerflow."""
    return os.path.isfile(os.path.join(os.fspath(export_dir), "saved_model.json"))


class SaveOptions:
    """``tf.saved_model.SaveOptions``: accepted; the options change nothing here (no devices,
    no debug info, one format)."""

    def __init__(self, namespace_whitelist=None, save_debug_info=False, function_aliases=None,
                 experimental_debug_stripper=False, experimental_io_device=None,
                 experimental_variable_policy=None, experimental_custom_gradients=True,
                 experimental_image_format=False, experimental_skip_saver=False,
                 experimental_sharding_callback=None, extra_tags=None):
        self.namespace_whitelist = list(namespace_whitelist or [])
        self.save_debug_info = save_debug_info
        self.function_aliases = function_aliases if function_aliases else {}
        self.experimental_debug_stripper = experimental_debug_stripper
        self.experimental_io_device = experimental_io_device
        self.experimental_variable_policy = experimental_variable_policy
        self.experimental_custom_gradients = experimental_custom_gradients
        self.experimental_image_format = experimental_image_format
        self.experimental_skip_saver = experimental_skip_saver
        self.experimental_sharding_callback = experimental_sharding_callback
        self.extra_tags = extra_tags


class LoadOptions:
    """``tf.saved_model.LoadOptions``: accepted; the options change nothing here."""

    def __init__(self, allow_partial_checkpoint=False, experimental_io_device=None,
                 experimental_skip_checkpoint=False, experimental_variable_policy=None,
                 experimental_load_function_aliases=False):
        self.allow_partial_checkpoint = allow_partial_checkpoint
        self.experimental_io_device = experimental_io_device
        self.experimental_skip_checkpoint = experimental_skip_checkpoint
        self.experimental_variable_policy = experimental_variable_policy
        self.experimental_load_function_aliases = experimental_load_function_aliases
