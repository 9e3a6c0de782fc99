"""Docstring sections that several public functions share, written once.

A docstring names a shared section on a line of its own, ``{name}``,
indented where the section goes; :func:`with_sections` puts the section
there. The result, ``__doc__``, is what ``help()``, the API pages and the
doctests read: the same as if the section were written out in each.
"""

from __future__ import annotations

import re
import textwrap

_PLACEHOLDER = re.compile(r"^( *)\{(\w+)\}$", re.MULTILINE)


def with_sections(**sections):
    """Decorator: fill each ``{name}`` line of the docstring with ``sections[name]``.

    A section is written flush left and takes the indentation of the line it
    replaces. A name that has no section, or a section the docstring does not
    name, is an error, raised when the decorated function is defined.

    Examples
    --------
    >>> @with_sections(x="x : int\\n    A number.")
    ... def double(x):
    ...     '''Twice ``x``.
    ...
    ...     Parameters
    ...     ----------
    ...     {x}
    ...     '''
    ...     return 2 * x
    >>> import inspect
    >>> print(inspect.cleandoc(double.__doc__))
    Twice ``x``.
    <BLANKLINE>
    Parameters
    ----------
    x : int
        A number.
    """

    def fill(documented):
        named = set()

        def section(match):
            indentation, name = match.groups()
            if name not in sections:
                raise KeyError(f"{documented.__qualname__}'s docstring names {{{name}}}, which is not given")
            named.add(name)
            return textwrap.indent(sections[name], indentation)

        if documented.__doc__ is not None:  # None under python -OO
            documented.__doc__ = _PLACEHOLDER.sub(section, documented.__doc__)
            unnamed = sorted(sections.keys() - named)
            if unnamed:
                raise ValueError(f"{documented.__qualname__}'s docstring does not name {unnamed}")
        return documented

    return fill
