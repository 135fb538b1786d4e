"""``tf.train``: checkpoints (loaded on first use of tf.train): Checkpoint (checkpoint.py),
CheckpointManager (manager.py), latest_checkpoint and the state file (state.py)."""
from .checkpoint import Checkpoint, CheckpointLoadStatus, list_variables, load_checkpoint
from .manager import CheckpointManager
from .state import latest_checkpoint

__all__ = ["Checkpoint", "CheckpointLoadStatus", "CheckpointManager", "CheckpointOptions",
           "latest_checkpoint", "list_variables", "load_checkpoint"]


class CheckpointOptions:
    """``tf.train.CheckpointOptions``: accepted (everything is written on this machine)."""

    def __init__(self, experimental_io_device=None, experimental_enable_async_checkpoint=False,
                 **kwargs):
        self.experimental_io_device = experimental_io_device
        self.experimental_enable_async_checkpoint = experimental_enable_async_checkpoint
