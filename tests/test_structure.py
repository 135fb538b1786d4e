"""The house rules that keep the code readable: imports go one way (no module-level import
cycles between eagerflow's modules), and no module grows past ~500 lines."""
import ast
import os

SRC = os.path.join(os.path.dirname(__file__), "..", "src")
MAX_LINES = 550


def _modules():
    mods = {}
    for dp, _, files in os.walk(os.path.join(SRC, "eagerflow")):
        for f in files:
            if f.endswith(".py"):
                path = os.path.join(dp, f)
                rel = os.path.relpath(path, SRC)[:-3].replace(os.sep, ".")
                mods[rel[:-9] if rel.endswith(".__init__") else rel] = path
    return mods


def _graph(mods):
    graph = {}
    for m, path in mods.items():
        pkg = m if path.endswith("__init__.py") else m.rpartition(".")[0]
        deps = set()
        for node in ast.parse(open(path).read()).body:  # module-level imports only
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = pkg.split(".")[:len(pkg.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                subs = [target + "." + a.name for a in node.names if target + "." + a.name in mods]
                deps.update(subs)
                if len(subs) < len(node.names) and target in mods:
                    deps.add(target)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name in mods)
        # an ancestor package is already initialising when its submodule imports it
        graph[m] = {d for d in deps if d != m and not m.startswith(d + ".")}
    return graph


def test_no_import_cycles():
    graph = _graph(_modules())
    cycles = []

    def visit(n, stack, seen):
        for d in graph[n]:
            if d in stack:
                cycles.append(stack[stack.index(d):] + [d])
            elif d not in seen:
                seen.add(d)
                visit(d, stack + [d], seen)

    for m in graph:
        visit(m, [m], {m})
    assert not cycles, "import cycles: %s" % [" -> ".join(c) for c in cycles[:5]]


def test_no_module_over_the_size_limit():
    big = {m: n for m, path in _modules().items()
           if (n := sum(1 for _ in open(path))) > MAX_LINES}
    assert not big, "modules over %d lines: %s" % (MAX_LINES, big)
