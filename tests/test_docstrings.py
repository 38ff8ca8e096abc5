"""Every public name is documented where users look, with an example that runs.

The examples themselves run as doctests (``--doctest-modules`` over ``skltsm``).
"""

from pathlib import Path

import pytest

import skltsm

API = (Path(__file__).parents[1] / "docs" / "api.rst").read_text()


@pytest.mark.parametrize("name", skltsm.__all__)
def test_public_name_has_a_runnable_example_and_an_api_entry(name):
    doc = getattr(skltsm, name).__doc__ or ""
    assert "Examples\n" in doc and ">>> " in doc, f"{name} has no Examples section"
    assert f"   {name}\n" in API, f"{name} is missing from docs/api.rst"
