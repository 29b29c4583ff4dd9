"""Imports run one way: the package-level import graph of the add-on has no loop.

The graph is read from the source with `ast`, not by importing it: every import
statement counts, at any depth (an import inside a function makes the same dependency as
one at the top, it only hides it), and so does a dotted name in a package's ZCML. A
node is a subpackage of `atvidaberg.etjanster` (`cases`, `flow`, ...) or one of its
top-level modules (`dates`, `interfaces`, ...).
Imports between modules of one package are not edges: a package is read as a whole.
The package itself (`from atvidaberg.etjanster import _`, the message factory) is the
root every module may import.

The declared order below is the picture of the layers in docs/developers.md: a package
may import only packages of a lower layer or of its own layer (then without a loop).
"""

import ast
import pathlib
import re

import pytest

PACKAGE = "atvidaberg.etjanster"
ROOT = pathlib.Path(__file__).parents[2] / "src" / "atvidaberg" / "etjanster"

# A package may import its own layer (without a loop) and the layers below it, never a
# higher one. Keep in step with "Layers" in docs/developers.md.
LAYERS = {
    # 0: the cores, free of Plone
    "dates": 0,
    "pdf_fonts": 0,
    "eid": 0,
    "attachments": 0,
    "receipt": 0,
    "traffic": 0,
    # 1: the add-on's base: content types, settings, who is who, outgoing mail
    "interfaces": 1,
    "content": 1,
    "pas": 1,
    "login": 1,
    "controlpanel": 1,
    "vocabularies": 1,
    "listing": 1,
    "formfields": 1,
    "audience": 1,
    "httpsecurity": 1,
    "delivery": 1,
    "clock": 1,
    # 2: the domain: a case from its draft to its handling
    "cases": 2,
    "handling": 2,
    "indexers": 2,
    # 3-5: pages and services, the browser layer's helpers lowest
    "browser": 3,
    "flow": 4,
    "minasidor": 5,
    "workspace": 5,
    "services": 5,
    # 6: what installs, upgrades or fills a site
    "setuphandlers": 6,
    "upgrades": 6,
    "demo": 6,
    # 7: tools around the add-on
    "simulators": 7,
    "devserver": 7,
    "testing": 7,
    "wsgi": 7,
}

# The cores' modules (traffic/request.py is the Zope side of traffic: it reads the
# request and the registry). The package root may be imported for its message factory.
PLONE_FREE = (
    "dates.py",
    "pdf_fonts.py",
    "eid",
    "attachments",
    "receipt",
    "traffic/address.py",
    "traffic/ratelimit.py",
    "httpsecurity/errors.py",  # the WSGI filter uses it before Zope
)
PLONE_ROOTS = ("Products", "plone", "Plone", "zope", "Zope2", "z3c", "five", "App")


def _module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((PACKAGE, *parts))


def _imports(path):
    """Every module name `path` imports (absolute and relative, at any depth)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = _module_name(path)
    is_package = path.name == "__init__.py"
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                # A relative import is relative to the module's package.
                drop = node.level - 1 if is_package else node.level
                base = base[: len(base) - drop] if drop else base
                prefix = ".".join(base)
                target = f"{prefix}.{node.module}" if node.module else prefix
            else:
                target = node.module
            names.append(target)
            # `from atvidaberg.etjanster import cases` imports the package cases.
            if target == PACKAGE:
                names.extend(f"{PACKAGE}.{alias.name}" for alias in node.names)
    return names


def _node(module):
    """The subpackage or top-level module a dotted name belongs to (None: the root)."""
    if not module.startswith(PACKAGE + "."):
        return None
    head = module[len(PACKAGE) + 1 :].split(".")[0]
    if (ROOT / head).is_dir() or (ROOT / f"{head}.py").is_file():
        return head
    return None


def _sources():
    return sorted(p for p in ROOT.rglob("*.py") if "locales" not in p.parts)


_DOTTED = re.compile(r"atvidaberg\.etjanster\.[A-Za-z_][\w.]*")


def _zcml_references(path):
    """The add-on's dotted names a package's ZCML registers (class=, for=, ...)."""
    return [
        name.rstrip(".") for name in _DOTTED.findall(path.read_text(encoding="utf-8"))
    ]


def _add_edges(graph, source, names, path):
    """An edge from ``source`` to the package of each dotted name, made by ``path``."""
    for name in names:
        target = _node(name)
        if target and target != source:
            files = graph[source].setdefault(target, [])
            rel = str(path.relative_to(ROOT))
            if rel not in files:
                files.append(rel)


def import_graph():
    """{package: {imported package: [files that make the edge]}}.

    A package's ZCML counts as well: registering another package's class is a
    dependency as much as importing it. The ZCML at the top (configure.zcml,
    profiles.zcml, permissions.zcml) includes every package and is not a node.
    """
    graph = {}
    for path in sorted(ROOT.glob("*/**/*.zcml")):
        source = path.relative_to(ROOT).parts[0]
        graph.setdefault(source, {})
        _add_edges(graph, source, _zcml_references(path), path)
    for path in _sources():
        source = _node(_module_name(path)) if path.parent != ROOT else path.stem
        if path.parent == ROOT and path.stem == "__init__":
            continue
        graph.setdefault(source, {})
        _add_edges(graph, source, _imports(path), path)
    return graph


def reachable(graph, start):
    """Every package that ``start`` imports, directly or through others."""
    seen, todo = set(), [start]
    while todo:
        for target in graph.get(todo.pop(), {}):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def strongly_connected(graph):
    """The loops: groups of more than one package that each reach all the others."""
    reach = {node: reachable(graph, node) for node in graph}
    components = {
        frozenset({node} | {other for other in reach[node] if node in reach[other]})
        for node in graph
    }
    return sorted(sorted(c) for c in components if len(c) > 1)


def test_no_import_loop_between_packages():
    graph = import_graph()
    loops = strongly_connected(graph)
    report = []
    for component in loops:
        report.append("loop: " + ", ".join(component))
        for source in component:
            for target, files in sorted(graph[source].items()):
                if target in component:
                    report.append(f"  {source} -> {target}: {', '.join(files)}")
    assert not loops, "\n".join(report)


def test_every_package_has_a_layer():
    assert sorted(set(import_graph()) - set(LAYERS)) == []


def test_no_package_imports_a_higher_layer():
    graph = import_graph()
    wrong = [
        f"{source} (layer {LAYERS[source]}) -> {target} (layer {LAYERS[target]}): "
        + ", ".join(files)
        for source, targets in sorted(graph.items())
        for target, files in sorted(targets.items())
        if LAYERS.get(target, 0) > LAYERS.get(source, 0)
    ]
    assert wrong == []


@pytest.mark.parametrize("core", PLONE_FREE)
def test_plone_free_cores_import_no_plone(core):
    path = ROOT / core
    paths = sorted(path.rglob("*.py")) if path.is_dir() else [path]
    assert paths and all(p.is_file() for p in paths)
    found = [
        f"{p.relative_to(ROOT)}: {name}"
        for p in paths
        for name in _imports(p)
        if name.split(".")[0] in PLONE_ROOTS or not _in_a_core(name)
    ]
    assert found == []


def _in_a_core(name):
    """Outside the add-on, the package root (its message factory) or a core module."""
    if _node(name) is None:
        return True
    rel = "/".join(name[len(PACKAGE) + 1 :].split("."))
    return any(
        rel == core.removesuffix(".py") or rel.startswith(core + "/")
        for core in PLONE_FREE
    )
