"""Run one snippet under real TensorFlow and under eagerflow and compare.

A snippet is a plain function ``def name(tf, np): ...`` defined at the top
level of a ``snippets_*.py`` module.  It returns a value (tensor, variable,
python value, numpy value, or list/tuple/dict nestings of them, or a string
such as ``str(t)``); anything it prints to stdout is captured (at the file
descriptor level, so ``tf.print(..., output_stream=sys.stdout)`` is caught
too) and compared byte for byte.  An exception escaping the snippet is part
of its result: its class name (and, when asked, the start of its message).

Expectations a snippet declares with ``@snippet(...)``:

* ``raises="InvalidArgumentError"`` - the snippet must raise this class under
  TF.  A snippet without ``raises`` must not raise under TF.  (Checked on the
  TF side of every run, so a broken snippet is caught before eagerflow is
  blamed.)
* ``msg_prefix`` - also compare the exception message start, after stripping
  TF's ``{{function_node ...}} `` prefix: a ``str`` is a literal prefix both
  messages must start with; an ``int`` N compares TF's first N characters;
  ``True`` means the first 40 characters.
* ``msg_regex`` - a regular expression both messages must contain
  (``re.search``), for messages whose start names a TF-internal class.
* ``expect`` - the plain value (``to_plain``) TF must produce; validates the
  corpus against the behaviour documented in shared/TF_SEMANTICS.md.
* ``random=True`` - values of tensors/arrays are not compared (TF's random
  streams are not reproduced), only kind, dtype and shape.
* ``compare_str=True`` - additionally compare ``str()`` of every tensor.
* ``rtol`` / ``atol`` - override the per-dtype float tolerance.

Environment:

* ``EAGERFLOW_CONFORMANCE_SELF=1`` - the "other" library is TensorFlow
  itself: every snippet runs twice under TF and must compare equal (plus the
  declared expectations).  Validates the corpus without eagerflow.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import math
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np

SELF_MODE = os.environ.get("EAGERFLOW_CONFORMANCE_SELF", "") not in ("", "0")

DEFAULT_MSG_CHARS = 40

# Relative / absolute tolerance per dtype name.  Ints, bools, strings: exact.
_TOL = {
    "float16": (2e-3, 1e-3),
    "bfloat16": (1e-2, 1e-2),
    "float32": (2e-5, 1e-6),
    "float64": (1e-10, 1e-12),
    "complex64": (2e-5, 1e-6),
    "complex128": (1e-10, 1e-12),
}


# ---------------------------------------------------------------- declaring


@dataclass
class Options:
    raises: str | None = None
    msg_prefix: object = None  # None / True / int / str
    msg_regex: str | None = None  # re.search'ed in both messages
    expect: object = field(default=None)
    has_expect: bool = False
    random: bool = False
    compare_str: bool = False
    rtol: float | None = None
    atol: float | None = None


def snippet(**kw):
    """Attach expectations to a snippet function (see module docstring)."""
    has_expect = "expect" in kw
    opts = Options(**kw, has_expect=has_expect)

    def deco(fn):
        fn._conformance = opts
        return fn

    return deco


@dataclass
class Snippet:
    name: str
    module: str
    fn: object
    opts: Options

    def __repr__(self):
        return self.name


def collect(module_name: str):
    """All public top-level ``(tf, np)`` functions of a module, in source order."""
    mod = importlib.import_module(module_name)
    out = []
    for name, fn in vars(mod).items():
        if name.startswith("_") or not inspect.isfunction(fn):
            continue
        if fn.__module__ != mod.__name__:
            continue
        params = list(inspect.signature(fn).parameters)
        if params != ["tf", "np"]:
            continue
        opts = getattr(fn, "_conformance", None) or Options()
        out.append(Snippet(name, module_name, fn, opts))
    out.sort(key=lambda s: s.fn.__code__.co_firstlineno)
    return out


# ---------------------------------------------------------------- running


@contextlib.contextmanager
def capture_stdout():
    """Capture python-level and fd-level stdout, in order, into buf[0]."""
    buf = [b""]
    sys.stdout.flush()
    saved_fd = os.dup(1)
    saved_stdout = sys.stdout
    tmp = tempfile.TemporaryFile(mode="w+b")
    os.dup2(tmp.fileno(), 1)
    writer = io.TextIOWrapper(os.fdopen(os.dup(1), "wb", buffering=0),
                              write_through=True, encoding="utf-8")
    sys.stdout = writer
    try:
        yield buf
    finally:
        try:
            writer.flush()
        finally:
            sys.stdout = saved_stdout
            writer.close()
            os.dup2(saved_fd, 1)
            os.close(saved_fd)
            tmp.seek(0)
            buf[0] = tmp.read()
            tmp.close()


@dataclass
class Outcome:
    value: object = None
    error: BaseException | None = None
    stdout: bytes = b""


def run(snip: Snippet, tf) -> Outcome:
    out = Outcome()
    popts = np.get_printoptions()
    try:
        with capture_stdout() as buf:
            try:
                out.value = snip.fn(tf, np)
            except Exception as e:  # noqa: BLE001 - errors are results
                out.error = e
    finally:
        np.set_printoptions(**popts)
    out.stdout = buf[0]
    return out


# ---------------------------------------------------------------- normalising

_FUNC_NODE = re.compile(r"^\{\{function_node [^}]*\}\}\s*")


def error_message(e: BaseException) -> str:
    msg = getattr(e, "message", None)
    if not isinstance(msg, str):
        msg = str(e)
    return _FUNC_NODE.sub("", msg)


class Norm:
    """A normalised leaf: ('Tensor', dtype, shape, values, str) and friends."""


def _kind_of(x, tf):
    """'Tensor' / 'Variable' / 'UnreadVariable' / None for a tf-ish object."""
    var_cls = getattr(tf, "Variable", None)
    if var_cls is not None and isinstance(x, var_cls):
        try:
            name = x.name
        except Exception:  # noqa: BLE001
            name = None
        return "UnreadVariable" if name == "UnreadVariable" else "Variable"
    ten_cls = getattr(tf, "Tensor", None)
    if ten_cls is not None and isinstance(x, ten_cls):
        return "Tensor"
    return None


def normalise(x, tf, opts: Options):
    """Turn a snippet result into nested tuples of plain comparable data."""
    kind = _kind_of(x, tf)
    if kind is not None:
        arr = np.asarray(x.numpy())
        item = ("T", kind, x.dtype.name, tuple(arr.shape),
                None if opts.random else arr)
        if opts.compare_str:
            item = item + (str(x),)
        return item
    if isinstance(x, np.ndarray):
        return ("ndarray", str(x.dtype), x.shape, None if opts.random else x)
    if isinstance(x, np.generic):
        return ("npscalar", str(x.dtype), (), None if opts.random else np.asarray(x))
    dtype_cls = getattr(getattr(tf, "dtypes", None), "DType", None)
    if dtype_cls is not None and isinstance(x, dtype_cls):
        return ("DType", x.name)
    shape_cls = getattr(tf, "TensorShape", None)
    if shape_cls is not None and isinstance(x, shape_cls):
        try:
            dims = x.as_list()
        except Exception:  # noqa: BLE001 - unknown rank
            dims = None
        return ("TensorShape", None if dims is None else tuple(dims))
    if x is None or isinstance(x, (bool, int, float, complex, str, bytes)):
        return ("py", type(x).__name__, x)
    if isinstance(x, (list, tuple)):
        # namedtuple subclasses (TF's TopKV2, Unique) compare as plain tuples
        kind = "tuple" if isinstance(x, tuple) else "list"
        return (kind, tuple(normalise(v, tf, opts) for v in x))
    if isinstance(x, dict):
        return ("dict", tuple((k, normalise(v, tf, opts)) for k, v in x.items()))
    if isinstance(x, type):
        return ("type", x.__name__)
    return ("other", type(x).__name__, repr(x))


# ---------------------------------------------------------------- comparing


class Mismatch(AssertionError):
    pass


def _compare_arrays(path, dtype, a, b, opts):
    if a is None or b is None:
        return
    a = np.asarray(a)
    b = np.asarray(b)
    if a.shape != b.shape:
        raise Mismatch(f"{path}: value shapes {a.shape} vs {b.shape}")
    if dtype in _TOL or a.dtype.kind in "fc":
        rtol, atol = _TOL.get(dtype, _TOL["float64"])
        if opts.rtol is not None:
            rtol = opts.rtol
        if opts.atol is not None:
            atol = opts.atol
        try:
            np.testing.assert_allclose(
                b.astype(np.complex128 if a.dtype.kind == "c" else np.float64),
                a.astype(np.complex128 if a.dtype.kind == "c" else np.float64),
                rtol=rtol, atol=atol, equal_nan=True)
        except AssertionError as e:
            raise Mismatch(f"{path}: values differ\n{e}") from None
        # signs of infinities are covered by allclose; signed zero is not checked
        return
    if a.dtype.kind == "O" or b.dtype.kind == "O":
        al, bl = a.tolist(), b.tolist()
        if al != bl:
            raise Mismatch(f"{path}: values {al!r} vs {bl!r}")
        return
    if not np.array_equal(a, b):
        raise Mismatch(f"{path}: values\n  tf:    {a!r}\n  other: {b!r}")


def compare(ref, got, opts: Options, path="result"):
    """Raise Mismatch if normalised ``got`` differs from ``ref``."""
    if type(ref) is not tuple or type(got) is not tuple or not ref or not got:
        if ref != got:
            raise Mismatch(f"{path}: {ref!r} vs {got!r}")
        return
    if ref[0] != got[0]:
        raise Mismatch(f"{path}: kind {_short(ref)} vs {_short(got)}")
    tag = ref[0]
    if tag == "T":
        names = ("kind", "dtype", "shape")
        for i, what in enumerate(names, start=1):
            if ref[i] != got[i]:
                raise Mismatch(f"{path}: {what} tf={ref[i]!r} other={got[i]!r}"
                               f"\n  tf:    {_short(ref)}\n  other: {_short(got)}")
        _compare_arrays(path, ref[2], ref[4], got[4], opts)
        if len(ref) > 5 and ref[5] != got[5]:
            raise Mismatch(f"{path}: str()\n  tf:    {ref[5]!r}\n  other: {got[5]!r}")
        return
    if tag in ("ndarray", "npscalar"):
        if ref[1:3] != got[1:3]:
            raise Mismatch(f"{path}: {tag} dtype/shape tf={ref[1:3]} other={got[1:3]}")
        _compare_arrays(path, ref[1], ref[3], got[3], opts)
        return
    if tag == "py":
        if ref[1] != got[1]:
            raise Mismatch(f"{path}: python type tf={ref[1]} ({ref[2]!r}) "
                           f"other={got[1]} ({got[2]!r})")
        a, b = ref[2], got[2]
        if isinstance(a, float) and isinstance(b, float):
            if math.isnan(a) and math.isnan(b):
                return
            rtol = opts.rtol if opts.rtol is not None else 1e-6
            atol = opts.atol if opts.atol is not None else 1e-7
            if not (a == b or abs(a - b) <= atol + rtol * abs(a)):
                raise Mismatch(f"{path}: {a!r} vs {b!r}")
            return
        if a != b:
            if isinstance(a, str) and isinstance(b, str):
                raise Mismatch(f"{path}: strings differ\n  tf:    {a!r}\n  other: {b!r}")
            raise Mismatch(f"{path}: {a!r} vs {b!r}")
        return
    if tag in ("list", "tuple"):
        if len(ref[1]) != len(got[1]):
            raise Mismatch(f"{path}: {tag} length {len(ref[1])} vs {len(got[1])}")
        for i, (r, g) in enumerate(zip(ref[1], got[1])):
            compare(r, g, opts, f"{path}[{i}]")
        return
    if tag == "dict":
        rk = [k for k, _ in ref[1]]
        gk = [k for k, _ in got[1]]
        if rk != gk:
            raise Mismatch(f"{path}: dict keys {rk} vs {gk}")
        for (k, r), (_, g) in zip(ref[1], got[1]):
            compare(r, g, opts, f"{path}[{k!r}]")
        return
    if ref != got:
        raise Mismatch(f"{path}: {ref!r} vs {got!r}")


def _short(n):
    if type(n) is tuple and n and n[0] == "T":
        vals = n[4]
        v = "?" if vals is None else np.array2string(np.asarray(vals), threshold=20)
        return f"{n[1]}(dtype={n[2]}, shape={n[3]}, values={v})"
    return repr(n)[:300]


# ---------------------------------------------------------------- plain values


def to_plain(x, tf):
    """Tensors/arrays -> lists/scalars; containers -> lists/dicts (for expect=)."""
    if _kind_of(x, tf) is not None:
        return _plain_np(np.asarray(x.numpy()))
    if isinstance(x, (np.ndarray, np.generic)):
        return _plain_np(np.asarray(x))
    if isinstance(x, (list, tuple)):
        return [to_plain(v, tf) for v in x]
    if isinstance(x, dict):
        return {k: to_plain(v, tf) for k, v in x.items()}
    return x


def _plain_np(a):
    return a.tolist()


def plain_equal(a, b, rtol=1e-5, atol=1e-6):
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return True
        if math.isinf(a) or math.isinf(b):
            return a == b
        return abs(a - b) <= atol + rtol * abs(b)
    if isinstance(a, complex) or isinstance(b, complex):
        return abs(complex(a) - complex(b)) <= atol + rtol * abs(complex(b))
    if isinstance(a, list) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(plain_equal(x, y, rtol, atol) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(plain_equal(a[k], b[k], rtol, atol) for k in a)
    return a == b


# ---------------------------------------------------------------- checking


def describe(out: Outcome) -> str:
    if out.error is not None:
        return f"{type(out.error).__name__}: {error_message(out.error)[:300]}"
    return f"value {out.value!r}"[:400]


def validate_tf(snip: Snippet, out: Outcome, tf):
    """The corpus check: TF's own result must match the snippet's declarations."""
    o = snip.opts
    if o.raises is not None:
        if out.error is None:
            raise AssertionError(
                f"[corpus] {snip.name}: expected {o.raises} under TF, got {describe(out)}")
        if type(out.error).__name__ != o.raises:
            raise AssertionError(
                f"[corpus] {snip.name}: expected {o.raises} under TF, got {describe(out)}")
        if isinstance(o.msg_prefix, str) and not error_message(out.error).startswith(o.msg_prefix):
            raise AssertionError(
                f"[corpus] {snip.name}: TF message does not start with {o.msg_prefix!r}: "
                f"{error_message(out.error)!r}")
        if o.msg_regex is not None and not re.search(o.msg_regex, error_message(out.error)):
            raise AssertionError(
                f"[corpus] {snip.name}: TF message does not match {o.msg_regex!r}: "
                f"{error_message(out.error)!r}")
    elif out.error is not None:
        raise AssertionError(f"[corpus] {snip.name}: unexpected error under TF: {describe(out)}")
    if out.error is None:
        odd = list(_other_leaves(normalise(out.value, tf, o)))
        if odd:
            raise AssertionError(f"[corpus] {snip.name}: result holds values the harness "
                                 f"cannot compare: {odd}")
    if o.has_expect:
        got = to_plain(out.value, tf)
        if not plain_equal(got, o.expect):
            raise AssertionError(
                f"[corpus] {snip.name}: TF gave {got!r}, snippet expects {o.expect!r}")


def _other_leaves(n):
    if type(n) is tuple and n:
        if n[0] == "other":
            yield n[1]
        elif n[0] in ("list", "tuple"):
            for v in n[1]:
                yield from _other_leaves(v)
        elif n[0] == "dict":
            for _, v in n[1]:
                yield from _other_leaves(v)


def compare_outcomes(snip: Snippet, ref: Outcome, got: Outcome, tf, other):
    o = snip.opts
    if ref.error is not None or got.error is not None:
        if got.error is None:
            raise Mismatch(f"{snip.name}: TF raised {describe(ref)}; other returned "
                           f"{_describe_value(got, other, o)}")
        if ref.error is None:
            raise Mismatch(f"{snip.name}: other raised {describe(got)}; TF returned "
                           f"{_describe_value(ref, tf, o)}") from got.error
        rn, gn = type(ref.error).__name__, type(got.error).__name__
        if rn != gn:
            raise Mismatch(f"{snip.name}: error class\n  tf:    {describe(ref)}\n"
                           f"  other: {describe(got)}") from got.error
        if o.msg_prefix is not None and o.msg_prefix is not False:
            rm, gm = error_message(ref.error), error_message(got.error)
            if isinstance(o.msg_prefix, str):
                want = o.msg_prefix
            else:
                n = DEFAULT_MSG_CHARS if o.msg_prefix is True else int(o.msg_prefix)
                want = rm[:n]
            if not gm.startswith(want):
                raise Mismatch(f"{snip.name}: error message must start with {want!r}\n"
                               f"  tf:    {rm!r}\n  other: {gm!r}")
        if o.msg_regex is not None:
            gm = error_message(got.error)
            if not re.search(o.msg_regex, gm):
                raise Mismatch(f"{snip.name}: error message must match {o.msg_regex!r}\n"
                               f"  tf:    {error_message(ref.error)!r}\n  other: {gm!r}")
    else:
        compare(normalise(ref.value, tf, o), normalise(got.value, other, o), o)
    if ref.stdout != got.stdout:
        raise Mismatch(f"{snip.name}: printed output differs\n"
                       f"  tf:\n{ref.stdout.decode(errors='replace')}\n"
                       f"  other:\n{got.stdout.decode(errors='replace')}\n"
                       f"  (repr) tf={ref.stdout!r}\n  (repr) other={got.stdout!r}")


def _describe_value(out, lib, o):
    try:
        return _short(normalise(out.value, lib, o))
    except Exception:  # noqa: BLE001
        return repr(out.value)[:300]


def check(snip: Snippet, tf, other):
    """The whole test for one snippet."""
    ref = run(snip, tf)
    validate_tf(snip, ref, tf)
    got = run(snip, other)
    compare_outcomes(snip, ref, got, tf, other)


# ---------------------------------------------------------------- libraries


def import_tf():
    import tensorflow as tf  # noqa: PLC0415

    return tf


def import_other():
    """TF itself in self mode, else eagerflow (adding <repo>/src to sys.path if needed)."""
    if SELF_MODE:
        return import_tf()
    try:
        return importlib.import_module("eagerflow")
    except ImportError:
        src = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "src"))
        if os.path.isdir(os.path.join(src, "eagerflow")) and src not in sys.path:
            sys.path.insert(0, src)
        return importlib.import_module("eagerflow")


# ---------------------------------------------------------------- command line


def main(argv=None):
    """``python -m tests.conformance.harness [--dump] [--self] [--other] [NAME ...]``

    --self  (default) run every snippet twice under TF and compare (corpus check);
    --other run against eagerflow (like the pytest suite, without pytest);
    --dump  print TF's result (plain values / error / stdout) for each snippet.
    NAME filters snippets by substring.
    """
    import argparse  # noqa: PLC0415

    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", action="store_true")
    ap.add_argument("--other", action="store_true")
    ap.add_argument("names", nargs="*")
    ap.add_argument("--self", action="store_true")
    args = ap.parse_args(argv)
    pkg = __name__.rsplit(".", 1)[0] if "." in __name__ else "tests.conformance"
    snips = collect(pkg + ".snippets_core") + collect(pkg + ".snippets_grad") + \
        collect(pkg + ".snippets_function")
    if args.names:
        snips = [s for s in snips if any(n in s.name for n in args.names)]
    tf = import_tf()
    other = import_other() if args.other else tf
    failures = 0
    for s in snips:
        if args.dump:
            out = run(s, tf)
            print(f"=== {s.name}")
            if out.error is not None:
                print("  raises", describe(out))
            else:
                print("  ", to_plain(out.value, tf))
            if out.stdout:
                print("  stdout:", out.stdout.decode(errors="replace"))
            continue
        try:
            check(s, tf, other)
        except AssertionError as e:
            failures += 1
            print(f"FAIL {s.name}: {e}")
    if not args.dump:
        print(f"{len(snips) - failures}/{len(snips)} snippets ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
