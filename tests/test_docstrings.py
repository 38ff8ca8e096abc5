"""Every public name is documented where users look, with an example that runs.

The examples themselves run as doctests (``--doctest-modules`` over ``skltsm``).
"""

import ast
import builtins
import importlib
import inspect
import re
import textwrap
from pathlib import Path

import pytest

import skltsm

API = (Path(__file__).parents[1] / "docs" / "api.rst").read_text()


@pytest.mark.parametrize("name", skltsm.__all__)
def test_public_name_has_a_runnable_example_and_an_api_entry(name):
    doc = getattr(skltsm, name).__doc__ or ""
    assert "Examples\n" in doc and ">>> " in doc, f"{name} has no Examples section"
    assert f"   {name}\n" in API, f"{name} is missing from docs/api.rst"


ROOT = Path(__file__).parents[1]
# the pages written by hand: not those that a docs build generates next to them
GENERATED = {"auto_examples", "generated", "_build", "sg_execution_times.rst"}
PAGES = [
    ROOT / "README.md",
    *sorted(
        page
        for page in (ROOT / "docs").rglob("*.rst")
        if not GENERATED & set(page.relative_to(ROOT).parts)
    ),
]
RST_BLOCK = re.compile(r"^( *)\.\. code-block:: python\n((?:\1 +.*\n|[ \t]*\n)+)", re.M)
MD_BLOCK = re.compile(r"^```python\n(.*?)^```", re.M | re.S)


def _code_blocks(page):
    text = page.read_text()
    if page.suffix == ".md":
        return [match.group(1) for match in MD_BLOCK.finditer(text)]
    return [textwrap.dedent(match.group(2)) for match in RST_BLOCK.finditer(text)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_doc_snippets_import_and_call_what_exists(page):
    """Each Python snippet of the README and the docs parses, imports names that
    skltsm has, and calls skltsm's callables with parameters they take."""
    known = {}  # the skltsm names a page's snippets have imported so far
    for code in _code_blocks(page):
        tree = ast.parse(code)  # a snippet that does not parse fails here
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "skltsm"
            ):
                try:
                    module = importlib.import_module(node.module)
                except ImportError as exc:  # an extra's library (sktime) is absent
                    if exc.name == node.module:
                        raise
                    continue
                for alias in node.names:
                    assert hasattr(module, alias.name), (
                        f"{page.name} imports {alias.name} from {node.module}, "
                        "which has no such name"
                    )
                    known[alias.asname or alias.name] = getattr(module, alias.name)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in known:
                continue
            parameters = inspect.signature(known[node.func.id]).parameters
            for keyword in node.keywords:
                routed = keyword.arg is None or "__" in keyword.arg
                assert routed or keyword.arg in parameters, (
                    f"{page.name} calls {node.func.id} with {keyword.arg}=, "
                    "which it does not take"
                )


def _bound_names(tree):
    """The names a snippet binds anywhere: assigned, imported, defined, or
    taken as an argument or an exception."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            names.add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_doc_snippets_use_names_that_their_page_defines(page):
    """Each name a snippet reads is a builtin or bound by it or by a snippet
    before it on the page: a reader who copies the page's snippets in turn
    meets no NameError (the uncertainty page's ``X_new`` and the panels
    page's ``frames`` were named in a comment and defined nowhere)."""
    known = set(dir(builtins))
    for code in _code_blocks(page):
        tree = ast.parse(code)
        known |= _bound_names(tree)  # bound anywhere in it: order is not checked
        read = {
            node.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
        }
        assert read <= known, (
            f"{page.name}: a snippet reads {sorted(read - known)}, which no "
            f"snippet of the page defines:\n{code}"
        )


def _documented_default(type_text):
    """The value after ``default=`` in a numpydoc type line, or ``None``."""
    match = re.search(r"default=(.*)$", type_text)
    if match is None:
        return None
    text = match.group(1).strip()
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text  # a name, such as a function's


@pytest.mark.parametrize("name", skltsm.__all__)
def test_docstring_parameters_match_the_signature(name):
    """numpydoc reads the parameters that the signature has, in a section of their
    own, each with the signature's default."""
    docscrape = pytest.importorskip("numpydoc.docscrape")
    obj = getattr(skltsm, name)
    signature = inspect.signature(obj.__init__ if inspect.isclass(obj) else obj)
    documented = {
        part.strip().lstrip("*"): parameter.type
        for parameter in docscrape.NumpyDocString(inspect.getdoc(obj))["Parameters"]
        for part in parameter.name.split(",")
    }
    taken = {
        key: parameter.default
        for key, parameter in signature.parameters.items()
        if key != "self"
    }
    assert set(documented) == set(taken), f"{name}: {set(documented) ^ set(taken)}"
    for key, default in taken.items():
        if default is inspect.Parameter.empty:
            continue
        written = _documented_default(documented[key])
        expected = getattr(default, "__name__", default)  # a function, by name
        assert written == expected, (
            f"{name}({key}=...) defaults to {default!r}; its docstring says {written!r}"
        )


@pytest.mark.parametrize(
    "name", [name for name in skltsm.__all__ if inspect.isclass(getattr(skltsm, name))]
)
def test_no_parameter_documented_as_ignored_is_read(name):
    """A method's parameter documented as ``Ignored.`` is not read: the
    documentation of SlidingWindow.fit said so of ``y``, whose horizon fit
    reads to check the lead channels."""
    docscrape = pytest.importorskip("numpydoc.docscrape")
    for method_name, method in inspect.getmembers(getattr(skltsm, name)):
        if method_name.startswith("_") or not inspect.isfunction(method):
            continue
        if not method.__module__.startswith("skltsm") or not method.__doc__:
            continue
        ignored = [
            parameter.name
            for parameter in docscrape.NumpyDocString(inspect.getdoc(method))[
                "Parameters"
            ]
            if " ".join(parameter.desc).startswith("Ignored")
        ]
        source = ast.parse(textwrap.dedent(inspect.getsource(method)))
        read = {
            node.id
            for node in ast.walk(source)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
        }
        assert not read & set(ignored), (
            f"{name}.{method_name} reads {read & set(ignored)}"
        )


# the pages whose snippets run in seconds to two minutes, each page's in
# turn as a reader runs them (the others train searches and forecast real
# series for minutes, or start a Dask cluster: the gallery's examples and the
# benchmarks' tests run those paths)
QUICK_PAGES = [
    "getting_started.rst",
    "windowing.rst",
    "data_model.rst",
    "baselines.rst",
    "scaling.rst",
    "seq2seq_regressor.rst",
    "panels.rst",
    "uncertainty.rst",
]


@pytest.mark.slow
@pytest.mark.parametrize("name", QUICK_PAGES)
def test_doc_snippets_of_quick_pages_run(name, tmp_path, monkeypatch):
    """Each snippet of the page runs, after the page's snippets before it:
    the user guide's calendar example failed to forecast while the static
    check above passed."""
    pytest.importorskip("matplotlib").use("Agg")
    monkeypatch.chdir(tmp_path)  # where a snippet saves a file
    (page,) = [p for p in PAGES if p.name == name]
    namespace = {"__name__": "__doc_snippets__"}
    for code in _code_blocks(page):
        exec(compile(code, f"{name} snippet", "exec"), namespace)
