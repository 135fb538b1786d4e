"""The AST rewriting of AutoGraph: ``if``/``while``/``for`` become calls of the operators in
operators.py over small functions (the branches or the loop body, plus ``get_state``/
``set_state`` over the variables the statement changes); ``and``/``or``/``not`` and conditional
expressions become lazy operator calls; every other call goes through ``ag__.converted_call`` so
the user functions it reaches are converted too.

The new statements keep the line of the statement they replace, so tracebacks point at the
user's source.
"""
import ast

from .analysis import annotate, assigned, declared
from .lowering import Names, lower_function

__all__ = ["Unsupported", "convert_function_def"]

_FRAME_SENSITIVE = {"super", "locals", "globals", "vars", "eval", "exec", "print", "dir"}


class Unsupported(Exception):
    """A construct AutoGraph does not convert (the function then runs as written)."""


def _ag(attr):
    return ast.Attribute(value=ast.Name(id="ag__", ctx=ast.Load()), attr=attr, ctx=ast.Load())


def _call(func, args):
    return ast.Call(func=func, args=args, keywords=[])


def _load(name):
    return ast.Name(id=name, ctx=ast.Load())


def _store(name):
    return ast.Name(id=name, ctx=ast.Store())


def _def(name, params, body):
    return ast.FunctionDef(
        name=name, args=ast.arguments(posonlyargs=[], args=[ast.arg(arg=p) for p in params],
                                      vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None,
                                      defaults=[]),
        body=body or [ast.Pass()], decorator_list=[], returns=None, type_params=[])


def _strs(names):
    return ast.Tuple(elts=[ast.Constant(n) for n in names], ctx=ast.Load())


# -- expressions ---------------------------------------------------------------------------------
class _Expressions(ast.NodeTransformer):
    """Calls, boolean operators and conditional expressions (nested defs are left to the
    statement pass)."""

    def visit_FunctionDef(self, node):
        return node

    visit_AsyncFunctionDef = visit_ClassDef = visit_FunctionDef

    def visit_Call(self, node):
        self.generic_visit(node)
        f = node.func
        if isinstance(f, ast.Name) and (f.id in _FRAME_SENSITIVE or f.id.startswith("ag__")):
            return node
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and \
                f.value.id == "ag__":
            return node
        args = ast.Tuple(elts=node.args, ctx=ast.Load())
        if node.keywords:
            kwargs = ast.Dict(keys=[None if k.arg is None else ast.Constant(k.arg)
                                    for k in node.keywords],
                              values=[k.value for k in node.keywords])
        else:
            kwargs = ast.Constant(None)
        return ast.copy_location(_call(_ag("converted_call"), [f, args, kwargs]), node)

    def visit_BoolOp(self, node):
        self.generic_visit(node)
        if any(isinstance(n, ast.NamedExpr) for v in node.values for n in ast.walk(v)):
            return node
        fn = _ag("and_" if isinstance(node.op, ast.And) else "or_")
        out = node.values[-1]
        for v in reversed(node.values[:-1]):
            out = _call(fn, [_lambda(v), _lambda(out)])
        return ast.copy_location(out, node)

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Not):
            return ast.copy_location(_call(_ag("not_"), [node.operand]), node)
        return node

    def visit_IfExp(self, node):
        self.generic_visit(node)
        if any(isinstance(n, ast.NamedExpr) for n in ast.walk(node)):
            return node
        return ast.copy_location(_call(_ag("if_exp"), [
            node.test, _lambda(node.body), _lambda(node.orelse),
            ast.Constant(ast.unparse(node.test))]), node)


def _lambda(expr):
    return ast.Lambda(args=ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[],
                                         kw_defaults=[], kwarg=None, defaults=[]), body=expr)


def _expr(node):
    return _Expressions().visit(node)


# -- statements ----------------------------------------------------------------------------------
class _Scope:
    def __init__(self, names, fdef):
        self.names = names
        self.globals, self.nonlocals = declared(fdef)


def convert_function_def(fdef, names):
    """Converts one function definition in place (and the definitions nested in it)."""
    for node in ast.walk(fdef):
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            raise Unsupported("generators are not supported")
        if isinstance(node, (ast.For, ast.While)) and node.orelse:
            raise Unsupported("%s/else statement not yet supported" % (
                "for" if isinstance(node, ast.For) else "while"))
    fdef.args = _expr(fdef.args)
    lower_function(fdef, names)
    annotate(fdef)
    fdef.body = _block(fdef.body, _Scope(names, fdef))


def _block(stmts, scope):
    out = []
    for s in stmts:
        if isinstance(s, ast.If):
            out.extend(_if(s, scope))
        elif isinstance(s, ast.While):
            out.extend(_while(s, scope))
        elif isinstance(s, ast.For):
            out.extend(_for(s, scope))
        elif isinstance(s, ast.FunctionDef):
            s.decorator_list = [_expr(d) for d in s.decorator_list]
            convert_function_def(s, scope.names)
            out.append(s)
        elif isinstance(s, (ast.With, ast.Try)):
            for item in getattr(s, "items", []):
                item.context_expr = _expr(item.context_expr)
            for field in ("body", "orelse", "finalbody"):
                if hasattr(s, field):
                    setattr(s, field, _block(getattr(s, field), scope))
            for h in getattr(s, "handlers", []):
                h.body = _block(h.body, scope)
            out.append(s)
        elif isinstance(s, (ast.AsyncFunctionDef, ast.ClassDef)):
            out.append(s)
        else:
            out.append(_expr(s))
    return out


def _state(node, modified, scope):
    """(state variables with the outputs first, number of outputs)."""
    shared = scope.globals | scope.nonlocals
    live_in, live_out = node.ag_live_in, node.ag_live_out
    state = [v for v in modified if v in live_in or v in live_out or v in shared]
    outs = sorted(v for v in state if v in live_out or v in shared)
    ins = sorted(v for v in state if v not in outs)
    return outs + ins, len(outs)


def _declare(modified, scope):
    """global/nonlocal declarations for a generated function that assigns ``modified``."""
    glob = sorted(v for v in modified if v in scope.globals)
    other = sorted(v for v in modified if v not in scope.globals)
    out = []
    if glob:
        out.append(ast.Global(names=glob))
    if other:
        out.append(ast.Nonlocal(names=other))
    return out


def _undefined_inits(node, modified, scope):
    """Binds the variables a statement may define first (so the generated functions can declare
    them nonlocal): ``x = ag__.Undefined('x')``, or keeps a value some earlier path gave it."""
    out = []
    for v in sorted(modified - node.ag_defined - scope.globals - scope.nonlocals):
        init = ast.Assign(targets=[_store(v)], value=_call(_ag("Undefined"), [ast.Constant(v)]),
                          lineno=node.lineno)
        if v in node.ag_maybe:
            init = ast.Try(body=[ast.Expr(value=_load(v))], handlers=[ast.ExceptHandler(
                type=_load("NameError"), name=None, body=[init])], orelse=[], finalbody=[])
        out.append(init)
    return out


def _state_functions(state, scope, k):
    get_name, set_name = scope.names.new("get_state"), scope.names.new("set_state")
    value = ast.Tuple(elts=[_load(v) for v in state], ctx=ast.Load())
    getter = _def(get_name, [], [ast.Return(value=value)])
    arg = scope.names.new("vars_")
    if state:
        setter = _def(set_name, [arg], _declare(state, scope) + [ast.Assign(
            targets=[ast.Tuple(elts=[_store(v) for v in state], ctx=ast.Store())],
            value=_load(arg))])
    else:
        setter = _def(set_name, [arg], [ast.Pass()])
    return [getter, setter], get_name, set_name


def _located(stmts, like):
    """Gives generated statements (and their new parts) the line of the statement they
    replace."""
    for s in stmts:
        for n in ast.walk(s):
            if "lineno" not in n._attributes:
                continue
            if not getattr(n, "lineno", 0):
                n.lineno = n.end_lineno = like.lineno
                n.col_offset, n.end_col_offset = like.col_offset, like.col_offset
            elif getattr(n, "end_lineno", None) is None or n.end_lineno < n.lineno:
                n.end_lineno, n.end_col_offset = n.lineno, getattr(n, "col_offset", 0)
    return stmts


def _if(node, scope):
    modified = assigned(node.body + node.orelse)
    state, nouts = _state(node, modified, scope)
    body_name, else_name = scope.names.new("if_body"), scope.names.new("else_body")
    decl = _declare(modified, scope)
    body = _def(body_name, [], decl + _block(node.body, scope))
    orelse = _def(else_name, [], decl + (_block(node.orelse, scope) or [ast.Pass()]))
    fns, get_name, set_name = _state_functions(state, scope, node.lineno)
    call = ast.Expr(value=_call(_ag("if_stmt"), [
        _expr(node.test), _load(body_name), _load(else_name), _load(get_name), _load(set_name),
        _strs(state), ast.Constant(nouts)]))
    head = _undefined_inits(node, modified, scope)
    return _located(head + fns + [body, orelse, call], node)


def _loop_options(body):
    """Takes ``set_loop_options(...)`` calls out of a loop body: (body, options dict node)."""
    keys, values, rest = [], [], []
    for s in body:
        if isinstance(s, ast.Expr) and isinstance(s.value, ast.Call):
            f = s.value.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            if name == "set_loop_options":
                for kw in s.value.keywords:
                    keys.append(ast.Constant(kw.arg))
                    values.append(_expr(kw.value))
                continue
        rest.append(s)
    return rest, ast.Dict(keys=keys, values=values)


def _while(node, scope):
    body_stmts, opts = _loop_options(node.body)
    modified = assigned(body_stmts)
    state, _ = _state(node, modified, scope)
    fns, get_name, set_name = _state_functions(state, scope, node.lineno)
    body_name, test_name = scope.names.new("loop_body"), scope.names.new("loop_test")
    body = _def(body_name, [], _declare(modified, scope) + _block(body_stmts, scope))
    test = _def(test_name, [], [ast.Return(value=_expr(node.test))])
    call = ast.Expr(value=_call(_ag("while_stmt"), [
        _load(test_name), _load(body_name), _load(get_name), _load(set_name), _strs(state),
        opts]))
    head = _undefined_inits(node, modified, scope)
    return _located(head + fns + [body, test, call], node)


def _for(node, scope):
    body_stmts, opts = _loop_options(node.body)
    modified = assigned(body_stmts) | assigned(node.target)
    state, _ = _state(node, modified, scope)
    fns, get_name, set_name = _state_functions(state, scope, node.lineno)
    body_name, itr = scope.names.new("loop_body"), scope.names.new("itr")
    bind = _located([ast.Assign(targets=[node.target], value=_load(itr))], node)[0]
    body = _def(body_name, [itr], _declare(modified, scope) + [bind] +
                _block(body_stmts, scope))
    extra = []
    flags = getattr(node, "ag_extra_test", [])
    if flags:
        test_name = scope.names.new("extra_test")
        tests = [ast.UnaryOp(op=ast.Not(), operand=_load(f)) for f in flags]
        test = tests[0] if len(tests) == 1 else ast.BoolOp(op=ast.And(), values=tests)
        extra = [_def(test_name, [], [ast.Return(value=_expr(test))])]
    call = ast.Expr(value=_call(_ag("for_stmt"), [
        _expr(node.iter), _load(test_name) if flags else ast.Constant(None), _load(body_name),
        _load(get_name), _load(set_name), _strs(state), opts]))
    head = _undefined_inits(node, modified, scope)
    return _located(head + fns + [body] + extra + [call], node)


def new_names(fdef):
    return Names(fdef)
