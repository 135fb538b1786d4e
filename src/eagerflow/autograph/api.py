"""tf.autograph's entry points: converting a Python function (once per code object), the call
hook converted code uses to convert the user functions it calls, ``to_code``/``to_graph``,
``do_not_convert`` and ``set_loop_options``.

A converted function is compiled from the rewritten source under the original file name and line
numbers, inside a factory whose parameters are ``ag__`` and the function's free variables; the
resulting code object is then bound to the original globals and closure cells, so the converted
function sees (and updates) exactly what the original would.
"""
import ast
import functools
import inspect
import logging
import os
import sysconfig
import textwrap
import types

from .._export import export
from . import operators, calls
from .transformer import Unsupported, convert_function_def, new_names

__all__ = ["converted", "convert", "converted_call", "to_code", "to_graph", "do_not_convert",
           "set_loop_options", "CONVERTED_CODE"]

_CACHE = {}           # original code object -> (converted code, source) or Unsupported
CONVERTED_CODE = {}   # every converted code object -> the user function it came from (its name)

ag__ = types.SimpleNamespace(
    converted_call=calls.converted_call, **{n: getattr(operators, n) for n in operators.__all__})

_SKIP_PREFIXES = ("eagerflow", "numpy", "builtins", "tensorflow", "keras", "_pytest", "pytest")
_LIBRARY_DIRS = tuple(os.path.realpath(p) for p in {
    sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")})


def _warn(f, cause):
    logging.getLogger("tensorflow").warning(
        "AutoGraph could not transform %s and will run it as-is.\nCause: %s\nTo silence this "
        "warning, decorate the function with @tf.autograph.experimental.do_not_convert", f, cause)


def is_user_function(f):
    """Whether converted code should convert f when it calls it (user code, not a library's)."""
    if not isinstance(f, types.FunctionType) or getattr(f, "__ag_do_not_convert__", False):
        return False
    code = f.__code__
    if code in CONVERTED_CODE or f.__name__ == "<lambda>":
        return False
    module = (getattr(f, "__module__", None) or "").split(".")[0]
    if module in _SKIP_PREFIXES:
        return False
    filename = os.path.realpath(code.co_filename)
    return not filename.startswith(_LIBRARY_DIRS) and not code.co_filename.startswith("<")


def _parse(f):
    try:
        source = inspect.getsource(f)
    except (OSError, TypeError) as e:
        raise Unsupported("could not get source code") from e
    source = textwrap.dedent(source)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        raise Unsupported("could not parse the source code of %s: %r" % (f, source)) from None
    fdef = tree.body[0] if tree.body else None
    if not isinstance(fdef, ast.FunctionDef) or fdef.name != f.__name__:
        raise Unsupported("could not parse the source code of %s" % f)
    ast.increment_lineno(tree, f.__code__.co_firstlineno - 1)
    return fdef


def _record(code, owner):
    CONVERTED_CODE[code] = owner
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            _record(c, owner if c.co_name in _GENERATED or c.co_name == "<lambda>" or
                    c.co_name.startswith("<") else c.co_name)


_GENERATED = set()


def _compile(f):
    hit = _CACHE.get(f.__code__)
    if hit is not None:
        if isinstance(hit, Unsupported):
            raise hit
        return hit
    try:
        fdef = _parse(f)
        fdef.decorator_list = []
        names = new_names(fdef)
        before = set(names.taken)
        convert_function_def(fdef, names)
        _GENERATED.update(names.taken - before)
        freevars = f.__code__.co_freevars
        factory = ast.FunctionDef(
            name="__ag_factory", args=ast.arguments(
                posonlyargs=[], args=[ast.arg(arg=a) for a in ("ag__",) + freevars],
                vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]),
            body=[fdef, ast.Return(value=ast.Name(id=fdef.name, ctx=ast.Load()))],
            decorator_list=[], returns=None, type_params=[])
        module = ast.Module(body=[factory], type_ignores=[])
        ast.fix_missing_locations(module)
        _valid_ranges(module)
        code = compile(module, f.__code__.co_filename, "exec")
    except Unsupported as e:
        _CACHE[f.__code__] = e
        raise
    factory_code = next(c for c in code.co_consts if isinstance(c, types.CodeType))
    new = next(c for c in factory_code.co_consts if isinstance(c, types.CodeType) and
               c.co_name == f.__name__)
    _record(new, f.__name__)
    hit = _CACHE[f.__code__] = (new, fdef)
    return hit


def _valid_ranges(tree):
    """Generated nodes borrow their statement's position: keep every range non-empty."""
    for n in ast.walk(tree):
        if "lineno" in n._attributes and n.end_lineno is not None and \
                (n.lineno, n.col_offset) > (n.end_lineno, n.end_col_offset or 0):
            n.end_lineno, n.end_col_offset = n.lineno, n.col_offset


def convert(f):
    """The converted version of a function or bound method (raises Unsupported)."""
    if inspect.ismethod(f):
        return types.MethodType(convert(f.__func__), f.__self__)
    if not isinstance(f, types.FunctionType):
        raise Unsupported("%s is not a Python function" % type(f).__name__)
    if f.__code__ in CONVERTED_CODE:
        return f
    code, _ = _compile(f)
    cells = dict(zip(f.__code__.co_freevars, f.__closure__ or ()))
    closure = tuple(types.CellType(ag__) if name == "ag__" else cells[name]
                    for name in code.co_freevars)
    g = types.FunctionType(code, f.__globals__, f.__name__, f.__defaults__, closure)
    g.__kwdefaults__ = f.__kwdefaults__
    g.__qualname__, g.__module__, g.__doc__ = f.__qualname__, f.__module__, f.__doc__
    g.__annotations__ = dict(getattr(f, "__annotations__", {}))
    return g


def converted(f):
    """What tf.function traces for ``f`` with autograph on: the converted function, whose errors
    TF-style name the user's lines, or ``f`` itself when it cannot be converted (TF's
    warning)."""
    target = f.__func__ if inspect.ismethod(f) else f
    if getattr(target, "__ag_do_not_convert__", False) or not isinstance(
            target, types.FunctionType) or target.__name__ == "<lambda>" or \
            (getattr(target, "__module__", None) or "").split(".")[0] == "eagerflow":
        return f  # lambdas and eagerflow's own functions (keras' train steps ...) run as written
    try:
        g = convert(f)
    except Unsupported as e:
        _warn(f, e)
        return f
    return calls.reraising(g)


def converted_call(f, args, kwargs):
    return calls.converted_call(f, args, kwargs)


class ConversionError(Exception):
    """TF's error for a function AutoGraph cannot convert (``tf.autograph.to_code``)."""


@export("autograph.to_code")
def to_code(entity, recursive=True, experimental_optional_features=None):
    """The converted source of a function, as Python text."""
    entity = getattr(entity, "python_function", entity)
    f = entity.__func__ if inspect.ismethod(entity) else entity
    try:
        _, fdef = _compile(f)
    except Unsupported as e:
        if "source code" not in str(e) or "parse" in str(e):
            raise
        raise ConversionError(
            "converting %s: InaccessibleSourceCodeError: Unable to locate the source code of %s. "
            "Note that functions defined in certain environments, like the interactive Python "
            "shell, do not expose their source code." % (f, f)) from None
    fdef = ast.parse(ast.unparse(fdef)).body[0]
    fdef.name = "tf__" + fdef.name
    return ast.unparse(fdef) + "\n"


@export("autograph.to_graph")
def to_graph(entity, recursive=True, experimental_optional_features=None):
    """The converted function (graph control flow where its conditions are tensors)."""
    entity = getattr(entity, "python_function", entity)
    try:
        return convert(entity)
    except Unsupported as e:
        raise ValueError("converting %s failed: %s" % (entity, e)) from None


@export("autograph.experimental.do_not_convert")
def do_not_convert(func=None):
    """Marks a function to be traced as written, not converted."""
    if func is None:
        return do_not_convert

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    wrapper.__ag_do_not_convert__ = True
    return wrapper


@export("autograph.experimental.set_loop_options")
def set_loop_options(parallel_iterations=None, swap_memory=None, maximum_iterations=None,
                     shape_invariants=None):
    """Options of the loop whose body calls it (read by the converter; a no-op when run)."""
    del parallel_iterations, swap_memory, maximum_iterations, shape_invariants



@export("autograph.set_verbosity")
def set_verbosity(level, alsologtostdout=False):
    """AutoGraph's log verbosity (eagerflow logs nothing more at higher levels)."""
    del level, alsologtostdout


@export("autograph.trace")
def trace(*args):
    """Prints its arguments when it runs (while tracing, for a tf.function)."""
    print(*args)
