"""Sphinx configuration of the skltsm documentation.

Build from the repository root::

    pip install ".[docs]" && sphinx-build -b html docs docs/_build/html

``SKLTSM_QUICK=1`` runs the gallery with fewer epochs (a fast draft);
``-D plot_gallery=0`` does not run the examples at all.
"""

import os
import re
import sys
from pathlib import Path

# Silence TensorFlow's C++ start-up logs before anything imports it.
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"

import matplotlib
from sphinx.util import logging

matplotlib.use("Agg")

# Document the source tree next to this file, whatever copy is installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import skltsm

# -- Project -----------------------------------------------------------------

project = "skltsm"
author = "The skltsm developers"
copyright = "The skltsm developers"
release = skltsm.__version__
version = ".".join(release.split(".")[:2])

# -- General -----------------------------------------------------------------

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "README.md"]
root_doc = "index"

# autosummary: one page per public name, under generated/; the templates in
# _templates/autosummary list the members
autosummary_generate = True
autodoc_typehints = "none"

# numpydoc: the class templates list the members themselves
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False

# intersphinx: links to scikit-learn, sktime, Keras, NumPy and pandas. Their
# inventories are written from the installed packages (inventories.py), so an
# offline build links them too; SKLTSM_DOCS_INTERSPHINX=1 reads the projects'
# own inventories from their sites instead (and adds Python's).
_DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(_DOCS))
from figures import main as draw_figures  # noqa: E402
from inventories import write_inventories  # noqa: E402

intersphinx_mapping = write_inventories(_DOCS / "_build" / "inventories")
if os.environ.get("SKLTSM_DOCS_INTERSPHINX") == "1":
    intersphinx_mapping = {
        key: (site, None) for key, (site, _) in intersphinx_mapping.items()
    }
    intersphinx_mapping["python"] = ("https://docs.python.org/3", None)

# the user guide's figures, drawn from skltsm's own code at every build
draw_figures(_DOCS / "_static" / "figures")
html_static_path = ["_static"]

# -- sphinx-gallery ------------------------------------------------------------

sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    # every example runs: they are all named plot_*.py
    "filename_pattern": r"/plot_",
    "within_subsection_order": "sphinx_gallery.sorting.FileNameSortKey",
    "matplotlib_animations": False,
    "image_scrapers": ("matplotlib",),
    "doc_module": ("skltsm",),
    "backreferences_dir": "generated/backreferences",
    "remove_config_comments": True,
}

# -- HTML ----------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = f"skltsm {release}"
html_theme_options = {
    # no icon links, logo or version switcher: nothing that needs the network
    "icon_links": [],
    "navbar_end": ["theme-switcher"],
    "show_toc_level": 2,
    "navigation_with_keys": False,
}
html_show_sourcelink = False


# -- Checks ----------------------------------------------------------------------


def _check_api_reference(app):
    """Warn about a public name that api.rst does not list."""
    text = (Path(app.srcdir) / "api.rst").read_text(encoding="utf-8")
    listed = set(re.findall(r"^ {3}(\w+)$", text, flags=re.MULTILINE))
    for name in sorted(set(skltsm.__all__) - listed):
        logging.getLogger(__name__).warning(
            "skltsm.%s is public but not in api.rst: add it to its section.",
            name,
            location="api",
        )


# scikit-learn's metadata-routing methods, which every estimator inherits, are
# documented by scikit-learn; they would crowd the class pages.
_SKIPPED_INHERITED = re.compile(r"^(get_metadata_routing|set_\w+_request)$")


def _skip_member(app, what, name, obj, skip, options):
    if _SKIPPED_INHERITED.match(name):
        return True
    return None


# Docstrings inherited from scikit-learn and sktime refer to labels and glossary
# terms of their own documentation, which the inventories do not list (their
# names they do): show those references as literal text instead.
_SKLEARN_ROLE = re.compile(r":(?:ref|term):`(?:([^`<]*?)\s*<[^`>]*>|([^`]*))`")


def _unlink_sklearn_refs(app, what, name, obj, options, lines):
    module = getattr(obj, "__module__", None) or ""
    if not module.startswith(("sklearn", "sktime", "skbase")):
        return
    for i, line in enumerate(lines):
        lines[i] = _SKLEARN_ROLE.sub(lambda m: f"``{m[1] or m[2]}``", line)


def setup(app):
    app.connect("builder-inited", _check_api_reference)
    app.connect("autodoc-skip-member", _skip_member)
    app.connect("autodoc-process-docstring", _unlink_sklearn_refs)
