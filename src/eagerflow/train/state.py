"""The ``checkpoint`` state file of a directory (TF's text format: model_checkpoint_path and
all_model_checkpoint_paths lines) and ``tf.train.latest_checkpoint``."""
import os
import re
import time

__all__ = ["update_checkpoint_state", "read_checkpoint_state", "latest_checkpoint"]

_LINE = re.compile(r'^(\w+): (?:"((?:[^"\\]|\\.)*)"|(\S+))$')


def _relative(directory, path):
    return os.path.relpath(path, directory) if os.path.dirname(path) == directory.rstrip("/") \
        else path


def update_checkpoint_state(directory, latest, paths, timestamps=None, preserved=None,
                            latest_filename="checkpoint"):
    """Writes ``directory/checkpoint`` naming ``latest`` and the kept ``paths``."""
    directory = directory or "."
    lines = ['model_checkpoint_path: "%s"' % _relative(directory, latest)]
    lines += ['all_model_checkpoint_paths: "%s"' % _relative(directory, p) for p in paths]
    lines += ["all_model_checkpoint_timestamps: %r" % t for t in timestamps or ()]
    if preserved is not None:
        lines.append("last_preserved_timestamp: %r" % preserved)
    target = os.path.join(directory, latest_filename)
    tmp = target + ".tmp-eagerflow"
    with open(tmp, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, target)


def read_checkpoint_state(directory, latest_filename="checkpoint"):
    """{field: [values]} of a state file (paths made absolute under ``directory``); None when
    there is none."""
    try:
        with open(os.path.join(directory, latest_filename or "checkpoint")) as f:
            text = f.read()
    except OSError:
        return None
    state = {}
    for line in text.splitlines():
        m = _LINE.match(line.strip())
        if m:
            value = m.group(2) if m.group(2) is not None else m.group(3)
            if m.group(1).endswith("path") or m.group(1).endswith("paths"):
                value = value if os.path.isabs(value) else os.path.join(directory, value)
            state.setdefault(m.group(1), []).append(value)
    return state


def latest_checkpoint(checkpoint_dir, latest_filename=None):
    """The prefix of the latest checkpoint recorded in ``checkpoint_dir`` (None if there is
    none or its files are gone)."""
    state = read_checkpoint_state(os.fspath(checkpoint_dir), latest_filename)
    if not state or "model_checkpoint_path" not in state:
        return None
    path = state["model_checkpoint_path"][0]
    return path if os.path.exists(path + ".index") else None


def now():
    return time.time()
