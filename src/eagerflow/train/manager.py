"""``tf.train.CheckpointManager``: numbered saves in a directory, keeping the newest few."""
import os

from .state import update_checkpoint_state, read_checkpoint_state, now

__all__ = ["CheckpointManager"]


class CheckpointManager:
    """Saves ``checkpoint`` as ``directory/ckpt-N`` and deletes all but ``max_to_keep``."""

    def __init__(self, checkpoint, directory, max_to_keep, keep_checkpoint_every_n_hours=None,
                 checkpoint_name="ckpt", step_counter=None, checkpoint_interval=None,
                 init_fn=None):
        if max_to_keep is not None and max_to_keep <= 0:
            raise ValueError("Expected a positive integer or `None` for `max_to_keep`, got %d."
                             % max_to_keep)
        self._checkpoint = checkpoint
        self._directory = os.fspath(directory)
        self._max_to_keep = max_to_keep
        self._keep_hours = keep_checkpoint_every_n_hours
        self._prefix = os.path.join(self._directory, checkpoint_name)
        self._init_fn = init_fn
        state = read_checkpoint_state(self._directory)
        self._kept = []  # [(path, timestamp)], oldest first
        if state:  # pick up the checkpoints an earlier run left (as TF does)
            paths = state.get("all_model_checkpoint_paths", [])
            stamps = [float(t) for t in state.get("all_model_checkpoint_timestamps", [])]
            stamps = stamps if len(stamps) == len(paths) else [now()] * len(paths)
            self._kept = [(p, t) for p, t in zip(paths, stamps)
                          if os.path.exists(p + ".index")]
            self._latest = state.get("model_checkpoint_path", [None])[0]
        else:
            self._latest = None
        self._preserved = now()

    @property
    def directory(self):
        return self._directory

    @property
    def checkpoint(self):
        return self._checkpoint

    @property
    def checkpoints(self):
        """The kept checkpoint prefixes, oldest first."""
        return [p for p, _ in self._kept]

    @property
    def latest_checkpoint(self):
        """The newest kept checkpoint prefix, or None."""
        return self._kept[-1][0] if self._kept else None

    def save(self, checkpoint_number=None, check_interval=True, options=None):
        """Saves a new numbered checkpoint, deletes the ones past ``max_to_keep``; returns its
        path."""
        counter = self._checkpoint.save_counter
        counter.assign_add(1)
        n = int(counter.numpy()) if checkpoint_number is None else int(checkpoint_number)
        path = self._checkpoint.write("%s-%d" % (self._prefix, n))
        self._kept = [(p, t) for p, t in self._kept if p != path] + [(path, now())]
        self._sweep()
        update_checkpoint_state(self._directory, path, self.checkpoints,
                                [t for _, t in self._kept], self._preserved)
        return path

    def restore_or_initialize(self):
        """Restores the latest checkpoint (returning its path), else runs ``init_fn`` (None)."""
        if self.latest_checkpoint is not None:
            self._checkpoint.restore(self.latest_checkpoint)
            return self.latest_checkpoint
        if self._init_fn is not None:
            self._init_fn()
        return None

    def _sweep(self):
        if self._max_to_keep is None:
            return
        while len(self._kept) > self._max_to_keep:
            path, stamp = self._kept.pop(0)
            if self._keep_hours is not None and stamp - self._preserved >= self._keep_hours * 3600:
                self._preserved = stamp  # kept on disk, no longer managed
                continue
            for name in (path + ".index", path + ".data-00000-of-00001"):
                try:
                    os.remove(name)
                except OSError:
                    pass
