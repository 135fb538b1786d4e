"""Lowers ``break``, ``continue`` and ``return`` into flag variables, so that every block falls
through and the control-flow conversion only meets structured ``if``/``while``/``for``.

* ``break`` sets ``break_`` (the loop's test gains ``not break_``; a ``for`` gets it as its extra
  test), ``continue`` sets ``continue_`` (reset at the top of each iteration);
* ``return v`` sets ``do_return = True; retval_ = v`` and every loop around it gains
  ``not do_return``;
* statements after one that may jump are guarded by ``if not <flag>:``; when an ``if`` has one
  branch that always returns, the statements after it move into its other branch (so both
  branches of a tensor condition define the return value, as TF arranges it).

Returns are lowered only when one sits inside a compound statement; a function whose returns are
all at its top level keeps them.
"""
import ast

__all__ = ["Names", "lower_function"]


class Names:
    """Fresh names that do not collide with the function's own (``break_``, ``break__1`` ...)."""

    def __init__(self, fdef):
        self.taken = {n.id for n in ast.walk(fdef) if isinstance(n, ast.Name)}
        self.taken |= {a.arg for a in ast.walk(fdef) if isinstance(a, ast.arg)}
        self.taken |= {n.name for n in ast.walk(fdef)
                       if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}

    def new(self, base):
        name, k = base, 0
        while name in self.taken:
            k += 1
            name = "%s_%d" % (base, k)
        self.taken.add(name)
        return name


def _name(id_, store=False):
    return ast.Name(id=id_, ctx=ast.Store() if store else ast.Load())


def _assign(id_, value):
    return ast.Assign(targets=[_name(id_, True)], value=value, lineno=0)


def _not_all(flags):
    tests = [ast.UnaryOp(op=ast.Not(), operand=_name(f)) for f in sorted(flags)]
    return tests[0] if len(tests) == 1 else ast.BoolOp(op=ast.And(), values=tests)


def _guard(flags, stmts, like):
    node = ast.If(test=_not_all(flags), body=stmts, orelse=[])
    return ast.copy_location(node, like)


_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def _contains(stmts, kinds, loops=True):
    """Whether kinds occur in stmts (not inside nested scopes; not inside nested loops unless
    ``loops``)."""
    stack = list(stmts)
    while stack:
        node = stack.pop()
        if isinstance(node, kinds):
            return True
        if isinstance(node, _NESTED):
            continue
        if not loops and isinstance(node, (ast.For, ast.While)):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))
    return False


# -- break / continue ----------------------------------------------------------------------------
def _lower_jumps(stmts, flags):
    """Rewrites break/continue of the current loop in stmts: (statements, flags they may set)."""
    out = []
    for k, s in enumerate(stmts):
        if isinstance(s, ast.Break) and "break" in flags:
            out.append(ast.copy_location(_assign(flags["break"], ast.Constant(True)), s))
            return out, {flags["break"]}
        if isinstance(s, ast.Continue) and "continue" in flags:
            out.append(ast.copy_location(_assign(flags["continue"], ast.Constant(True)), s))
            return out, {flags["continue"]}
        sets = set()
        if isinstance(s, ast.If):
            s.body, a = _lower_jumps(s.body, flags)
            s.orelse, b = _lower_jumps(s.orelse, flags)
            sets = a | b
        elif isinstance(s, (ast.With, ast.Try)):
            for field in ("body", "orelse", "finalbody"):
                if hasattr(s, field):
                    block, a = _lower_jumps(getattr(s, field), flags)
                    setattr(s, field, block)
                    sets |= a
            for h in getattr(s, "handlers", []):
                h.body, a = _lower_jumps(h.body, flags)
                sets |= a
        out.append(s)
        if sets:
            rest, _ = _lower_jumps(stmts[k + 1:], flags)
            if rest:
                out.append(_guard(sets, rest, stmts[k + 1]))
            return out, sets
    return out, set()


def _and_test(flag, test):
    return ast.copy_location(ast.BoolOp(op=ast.And(), values=[
        ast.UnaryOp(op=ast.Not(), operand=_name(flag)), test]), test)


def lower_loops(stmts, names):
    """Lowers break/continue in every loop of stmts (innermost first); returns new stmts."""
    out = []
    for s in stmts:
        for field in ("body", "orelse", "finalbody"):
            if hasattr(s, field) and not isinstance(s, _NESTED):
                setattr(s, field, lower_loops(getattr(s, field), names))
        for h in getattr(s, "handlers", []):
            h.body = lower_loops(h.body, names)
        if isinstance(s, (ast.For, ast.While)):
            has_break = _contains(s.body, ast.Break, loops=False)
            has_continue = _contains(s.body, ast.Continue, loops=False)
            flags = {}
            if has_break:
                flags["break"] = names.new("break_")
                out.append(ast.copy_location(_assign(flags["break"], ast.Constant(False)), s))
            if has_continue:
                flags["continue"] = names.new("continue_")
            if flags:
                body, _ = _lower_jumps(s.body, flags)
                if has_continue:
                    body.insert(0, ast.copy_location(
                        _assign(flags["continue"], ast.Constant(False)), s))
                s.body = body
            if has_break:
                _add_loop_test(s, flags["break"])
        out.append(s)
    return out


def _add_loop_test(loop, flag):
    if isinstance(loop, ast.While):
        loop.test = _and_test(flag, loop.test)
    else:
        loop.ag_extra_test = getattr(loop, "ag_extra_test", []) + [flag]


# -- return --------------------------------------------------------------------------------------
def _lower_returns(stmts, flags):
    """(statements, may return, always returns)."""
    do_return, retval = flags
    out = []
    for k, s in enumerate(stmts):
        may = always = False
        if isinstance(s, ast.Return):
            value = s.value if s.value is not None else ast.Constant(None)
            out.append(ast.copy_location(_assign(do_return, ast.Constant(True)), s))
            out.append(ast.copy_location(_assign(retval, value), s))
            return out, True, True
        if isinstance(s, ast.If):
            rest = stmts[k + 1:]
            joined = bool(rest) and _always_returns(s.body) != _always_returns(s.orelse)
            if joined:  # the rest runs only where the other branch falls through: it joins it
                if _always_returns(s.body):
                    s.orelse = s.orelse + rest
                else:
                    s.body = s.body + rest
            s.body, m1, a1 = _lower_returns(s.body, flags)
            s.orelse, m2, a2 = _lower_returns(s.orelse, flags)
            may, always = m1 or m2, a1 and a2
            if joined:
                out.append(s)
                return out, may, always
        elif isinstance(s, (ast.For, ast.While)):
            s.body, may, _ = _lower_returns(s.body, flags)
            s.orelse, m2, _ = _lower_returns(s.orelse, flags)
            if may:
                _add_loop_test(s, do_return)
            may = may or m2
        elif isinstance(s, (ast.With, ast.Try)):
            for field in ("body", "orelse", "finalbody"):
                if hasattr(s, field):
                    block, m, a = _lower_returns(getattr(s, field), flags)
                    setattr(s, field, block)
                    may = may or m
                    if field == "body" and isinstance(s, ast.With):
                        always = a
            for h in getattr(s, "handlers", []):
                h.body, m, _ = _lower_returns(h.body, flags)
                may = may or m
        out.append(s)
        if always:
            return out, True, True
        if may:
            rest, _, a = _lower_returns(stmts[k + 1:], flags)
            if rest:
                out.append(_guard({do_return}, rest, stmts[k + 1]))
            return out, True, False
    return out, False, False


def _always_returns(stmts):
    for s in stmts:
        if isinstance(s, ast.Return):
            return True
        if isinstance(s, ast.If) and _always_returns(s.body) and _always_returns(s.orelse):
            return True
    return False


def _nested_return(fdef):
    for s in fdef.body:
        if not isinstance(s, ast.Return) and _contains([s], ast.Return):
            return True
    return False


def lower_function(fdef, names):
    """Lowers the jumps of one function definition in place (nested definitions are converted
    on their own)."""
    fdef.body = lower_loops(fdef.body, names)
    if not _nested_return(fdef):
        return
    flags = (names.new("do_return"), names.new("retval_"))
    body, _, _ = _lower_returns(fdef.body, flags)
    first = fdef.body[0]
    init = [ast.copy_location(_assign(flags[0], ast.Constant(False)), first),
            ast.copy_location(_assign(flags[1], ast.Call(
                func=ast.Attribute(value=_name("ag__"), attr="UndefinedReturnValue",
                                   ctx=ast.Load()), args=[], keywords=[])), first)]
    last = fdef.body[-1]
    ret = ast.copy_location(ast.Return(value=ast.Call(
        func=ast.Attribute(value=_name("ag__"), attr="retval", ctx=ast.Load()),
        args=[_name(flags[1])], keywords=[])), last)
    fdef.body = init + body + [ret]
