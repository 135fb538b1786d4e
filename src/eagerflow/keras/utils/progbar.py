"""Keras 3's progress bar (``tf.keras.utils.Progbar``): the bar ``fit``/``evaluate``/``predict``
print with ``verbose=1`` and the one line per epoch of ``verbose=2``.

Keras 3 redraws in place (backspaces and a carriage return) whenever it runs on a POSIX system,
a terminal or not, and colours the bar with ANSI codes; this writes the same bytes.
"""
import math
import os
import sys
import time

import numpy as np

__all__ = ["Progbar"]

_BOLD, _GREEN, _GREY, _END = "\x1b[1m", "\x1b[32m", "\x1b[37m", "\x1b[0m"


def _dynamic_display():
    out = sys.stdout
    return ((hasattr(out, "isatty") and out.isatty()) or "ipykernel" in sys.modules
            or "posix" in sys.modules or "PYCHARM_HOSTED" in os.environ)


def _write(message):
    sys.stdout.write(message)
    sys.stdout.flush()


def format_time(seconds, unit_name):
    """' 3ms/step', ' 2s/step', ' 15us/step' (Keras' per-unit duration text)."""
    if seconds >= 1 or seconds == 0:
        return " %.0fs/%s" % (seconds, unit_name)
    if seconds >= 1e-3:
        return " %.0fms/%s" % (seconds * 1e3, unit_name)
    return " %.0fus/%s" % (seconds * 1e6, unit_name)


class Progbar:
    """Displays a progress bar: ``update(current, values)`` after each step."""

    def __init__(self, target, width=20, verbose=1, interval=0.05, stateful_metrics=None,
                 unit_name="step", stateless_metrics=None):
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        # Which values are averaged over steps (stateless) and which are shown as given.
        if stateless_metrics is not None:
            self._averaged = lambda k, s=set(stateless_metrics): k in s
        else:
            fixed = set(stateful_metrics or ())
            self._averaged = lambda k: k not in fixed
        self._dynamic = _dynamic_display()
        self._seen_so_far = 0
        self._values = {}
        self._start = time.time()
        self._last_update = 0
        self._first_step_done = None
        self._prev_total_width = 0

    def _record(self, current, values, finalize):
        for k, v in values or ():
            if not self._averaged(k) or finalize:
                self._values[k] = [v, 1]
                continue
            n = max(current - self._seen_so_far, 1)
            if k in self._values:
                self._values[k][0] += v * n
                self._values[k][1] += n
            else:
                self._values[k] = [v * n, n]
        self._seen_so_far = current

    def _step_time(self, current, now):
        # The first step (tracing, warm-up) is left out of the estimate once there are others.
        if not current:
            return 0
        if self._first_step_done is not None and current > 1:
            per = (now - self._first_step_done) / (current - 1)
        else:
            per = (now - self._start) / current
        if current == 1:
            self._first_step_done = now
        return per

    def _metrics_text(self, signed):
        text = ""
        for k, (total, count) in self._values.items():
            if not isinstance(total, float):
                total = np.mean(total)
            avg = total / max(1, count)
            big = abs(avg) > 1e-3 if signed else avg > 1e-3
            text += " - %s: %s" % (k, ("%.4f" if big else "%.4e") % avg)
        return text

    def update(self, current, values=None, finalize=None):
        """Records ``values`` (name, value) for step ``current`` and redraws when due."""
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        self._record(current, values, finalize)
        now = time.time()
        per_step = self._step_time(current, now)
        if self.verbose == 1:
            if now - self._last_update < self.interval and not finalize:
                return
            self._draw(current, now, per_step, finalize)
        elif self.verbose == 2 and finalize and self.target:
            digits = int(math.log10(self.target)) + 1
            line = "%*d/%d - %.0fs -%s" % (digits, current, self.target, now - self._start,
                                           format_time(per_step, self.unit_name))
            _write(line + self._metrics_text(False) + "\n")
        self._last_update = now

    def _draw(self, current, now, per_step, finalize):
        message = ("\b" * self._prev_total_width + "\r") if self._dynamic else "\n"
        hidden = 0  # characters of ANSI codes, which take no width on screen
        if self.target:
            digits = int(math.log10(self.target)) + 1
            bar = "%s%*d/%d%s " % (_BOLD, digits, current, self.target, _END)
            filled = int(self.width * float(current) / self.target)
            hidden += 8
            if filled > 0:
                bar += _GREEN + "━" * filled + _END
                hidden += 9
            bar += _GREY + "━" * (self.width - filled) + _END
            hidden += 9
        else:
            bar = "%7d/Unknown" % current
        if self.target and not finalize:
            eta = per_step * (self.target - current)
            if eta > 3600:
                when = "%d:%02d:%02d" % (eta // 3600, (eta % 3600) // 60, eta % 60)
            elif eta > 60:
                when = "%d:%02d" % (eta // 60, eta % 60)
            else:
                when = "%ds" % eta
        else:
            when = "%.0fs" % (now - self._start)
        info = " %s%s%s" % (_BOLD, when, _END) + format_time(per_step, self.unit_name)
        hidden += 8
        info += self._metrics_text(True)
        width = len(bar) + len(info) - hidden
        message += bar + info
        if self._prev_total_width > width:
            message += " " * (self._prev_total_width - width)
        if finalize:
            message += "\n"
        _write(message)
        self._prev_total_width = width

    def add(self, n, values=None):
        self.update(self._seen_so_far + n, values)
