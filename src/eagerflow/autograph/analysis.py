"""Static analysis of a function body for AutoGraph: which names a statement binds, which it reads,
which are live after it, and which are (definitely or possibly) defined before it.

The analysis runs on structured Python (after break/continue/return were lowered into flag
variables, so every block falls through) and annotates each compound statement with
``ag_live_in``, ``ag_live_out``, ``ag_defined`` (definitely defined before it) and
``ag_maybe`` (defined on some path before it). Nested functions, lambdas, classes and
comprehensions are scopes of their own: what they bind is not the enclosing function's, and what
they read counts as a read where they are defined.
"""
import ast

__all__ = ["assigned", "reads", "annotate"]

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp,
           ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _target_names(target, out):
    if isinstance(target, ast.Name):
        out.add(target.id)
    elif isinstance(target, (ast.Tuple, ast.List)):
        for t in target.elts:
            _target_names(t, out)
    elif isinstance(target, ast.Starred):
        _target_names(target.value, out)


def assigned(nodes):
    """Names a statement (or list of statements) binds in its own scope."""
    out = set()
    stack = list(nodes) if isinstance(nodes, list) else [nodes]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(node.name)
            continue
        if isinstance(node, _SCOPES):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            out.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for a in node.names:
                out.add((a.asname or a.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            out.add(node.name)
        elif isinstance(node, ast.NamedExpr):
            _target_names(node.target, out)
        stack.extend(ast.iter_child_nodes(node))
    return out


def reads(nodes):
    """Names read (loaded) by a node or statement list, nested scopes included; an augmented
    assignment reads its target."""
    out = set()
    stack = list(nodes) if isinstance(nodes, list) else [nodes]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            out.add(node.id)
        elif isinstance(node, ast.AugAssign):
            _target_names(node.target, out)
        stack.extend(ast.iter_child_nodes(node))
    return out


# -- liveness (backwards) ------------------------------------------------------------------------
def _live_block(stmts, live):
    for s in reversed(stmts):
        live = _live_stmt(s, live)
    return live


def _live_stmt(s, live):
    if isinstance(s, ast.If):
        live_in = reads(s.test) | _live_block(s.body, live) | _live_block(s.orelse, live)
    elif isinstance(s, ast.While):
        head = set(live) | reads(s.test)
        while True:
            new = head | _live_block(s.body, head) | _live_block(s.orelse, live)
            if new == head:
                break
            head = new
        live_in = head
    elif isinstance(s, ast.For):
        target = assigned(s.target)
        head = set(live) | set(getattr(s, "ag_extra_test", ()))  # read before each iteration
        while True:
            new = head | (_live_block(s.body, head) - target) | _live_block(s.orelse, live)
            if new == head:
                break
            head = new
        live_in = head | reads(s.iter)
    elif isinstance(s, ast.With):
        inner = _live_block(s.body, live)
        live_in = (inner - assigned([i.optional_vars for i in s.items if i.optional_vars])) | \
            reads([i.context_expr for i in s.items])
    elif isinstance(s, ast.Try):
        everything = s.body + s.orelse + s.finalbody + [h for h in s.handlers]
        live_in = set(live) | reads(everything) | _live_block(s.body, live)
    else:
        return (live - (assigned(s) - reads(s))) | reads(s)
    s.ag_live_out = frozenset(live)
    s.ag_live_in = frozenset(live_in)
    return live_in


# -- definedness (forwards) ----------------------------------------------------------------------
def _defined_block(stmts, sure, maybe):
    for s in stmts:
        sure, maybe = _defined_stmt(s, sure, maybe)
    return sure, maybe


def _defined_stmt(s, sure, maybe):
    if isinstance(s, (ast.If, ast.While, ast.For, ast.With, ast.Try)):
        s.ag_defined = frozenset(sure)
        s.ag_maybe = frozenset(maybe)
    if isinstance(s, ast.If):
        s1, m1 = _defined_block(s.body, sure, maybe)
        s2, m2 = _defined_block(s.orelse, sure, maybe)
        return sure | (s1 & s2), m1 | m2
    if isinstance(s, (ast.While, ast.For)):
        inner = sure | (assigned(s.target) if isinstance(s, ast.For) else set())
        _, m1 = _defined_block(s.body, inner, maybe | inner)
        _, m2 = _defined_block(s.orelse, sure, maybe)
        return sure, m1 | m2
    if isinstance(s, ast.With):
        bound = assigned([i.optional_vars for i in s.items if i.optional_vars])
        return _defined_block(s.body, sure | bound, maybe | bound)
    if isinstance(s, ast.Try):
        _, m = _defined_block(s.body + s.orelse + s.finalbody, sure, maybe)
        for h in s.handlers:
            _, mh = _defined_block(h.body, sure, maybe)
            m = m | mh
        s_final, _ = _defined_block(s.finalbody, sure, maybe)
        return s_final, m | assigned(s)
    new = assigned(s)
    return sure | new, maybe | new


def annotate(fdef):
    """Annotates the compound statements of a function definition (not of nested ones)."""
    args = fdef.args
    params = {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
    for a in (args.vararg, args.kwarg):
        if a is not None:
            params.add(a.arg)
    _live_block(fdef.body, set())
    _defined_block(fdef.body, set(params), set(params))


def declared(fdef):
    """(global names, nonlocal names) declared in a function's own body."""
    glob, nonloc = set(), set()
    stack = list(fdef.body)
    while stack:
        node = stack.pop()
        if isinstance(node, _SCOPES):
            continue
        if isinstance(node, ast.Global):
            glob.update(node.names)
        elif isinstance(node, ast.Nonlocal):
            nonloc.update(node.names)
        stack.extend(ast.iter_child_nodes(node))
    return glob, nonloc
