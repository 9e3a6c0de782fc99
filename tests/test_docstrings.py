"""Shared docstring sections (digitkit._docstrings): filled in everywhere, mistakes refused."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import digitkit
from digitkit._docstrings import with_sections


def _documented():
    """Yield (qualified name, docstring) for every function, class and method of digitkit."""
    for info in pkgutil.iter_modules(digitkit.__path__):
        module = importlib.import_module(f"digitkit.{info.name}")
        for name, value in vars(module).items():
            if getattr(value, "__module__", None) != module.__name__:
                continue
            yield f"{module.__name__}.{name}", inspect.getdoc(value)
            if inspect.isclass(value):
                for attribute in vars(value):
                    yield f"{module.__name__}.{name}.{attribute}", inspect.getdoc(getattr(value, attribute))


def test_no_docstring_is_left_with_a_section_to_fill():
    left = [name for name, doc in _documented() if doc and re.search(r"^ *\{\w+\}$", doc, re.MULTILINE)]
    assert not left


def test_a_section_takes_the_indentation_of_its_line():
    @with_sections(entry="x : int\n    A number.\n\n    More.")
    def f():
        """Summary.

        Parameters
        ----------
        {entry}
        """

    assert f.__doc__.splitlines()[4:8] == ["        x : int", "            A number.", "",
                                           "            More."]


def test_a_section_not_given_or_not_named_is_refused():
    with pytest.raises(KeyError, match="names {other}"):
        @with_sections(entry="x")
        def f():
            """Summary.

            {other}
            """
    with pytest.raises(ValueError, match="does not name"):
        @with_sections(entry="x", unused="y")
        def g():
            """Summary.

            {entry}
            """
