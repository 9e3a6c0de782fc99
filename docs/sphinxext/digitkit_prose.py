"""Keep every example's prose true to what the example prints.

The gallery's promise is that a number in a sentence is one the reader can
see on the same page. Numbers typed into prose drift when the code changes,
so every build checks, once the examples have run, every example page:

- **Numbers.** Each number in the prose (the docstring and the comment
  cells; not inside ````code````) must appear on the page's printed output or
  in its code, at the precision the prose gives it (``0.983`` matches a
  printed ``0.98301``; ``98.3%`` matches ``0.9830`` or ``98.30%``; ``about
  5,500`` matches ``5,512``), or on the output of a page the prose links to.
  "More than", "over", "at least", "fewer than"... must hold in their
  direction. Small counts (up to :data:`SMALL`), the digits 0-9, the sizes of
  MNIST (:data:`MNIST_FACTS`), years and version numbers are exempt. A number
  that comes from the literature is listed, with its source, in the part's
  claims file (``SOURCED``).
- **Claims.** A sentence that compares or ranks what the page computes ("the
  slowest to fit", "most of its errors go to 9") is a :class:`Claim` in
  ``docs/claims/<part>.py``: the sentence, quoted, and a check on the printed
  output. A claim whose sentence left the prose, or whose check fails, is an
  error.

Whatever does not hold is a Sphinx warning located at the example's source
line, so the build (run with ``-W``) fails and says which sentence to fix.
Pages that did not run (``html-noplot``) are not checked.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import re
from collections.abc import Callable
from pathlib import Path

from sphinx.util import logging

from digitkit_gallery import gallery_folders

logger = logging.getLogger(__name__)

#: Whole numbers up to this are counts in words ("three folds"), not results.
SMALL = 12
#: Sizes of MNIST and of its images (and of the 8x8 digits) that any page may state.
MNIST_FACTS = frozenset({60_000, 10_000, 70_000, 784, 28, 255, 256, 20,
                         16, 64, 1797})  # the last three: the 8x8 digits of load_digits
#: Years are dates, not results.
YEARS = range(1950, 2031)
#: Folder, relative to the docs, of the parts' claims files.
CLAIMS_FOLDER = "claims"

_NUMBER = re.compile(
    r"(?<![\w.,])(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?!\.?\d)(?P<pct>\s?%)?"
)
_ANY_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_VERSION = re.compile(
    r"\b(?:scikit-learn|numpy|NumPy|matplotlib|scipy|SciPy|Python|pandas|version|release|"
    r"releases|Chromium|Sphinx|sphinx-gallery)s?\s+\d+(?:\.\d+)+(?:\s+(?:and|or|to)\s+\d+(?:\.\d+)+)*"
)
_RANGE_PERCENT = re.compile(r"\s?[-\u2013]\s?\d+(?:\.\d+)?\s?%")  # "95-96%": both are percentages
_LOWER = re.compile(r"(?:more than|over|above|at least|exceeds?|beyond)\s+(?:about\s+)?$", re.I)
_UPPER = re.compile(r"(?:less than|fewer than|under|below|at most|up to)\s+(?:about\s+)?$", re.I)
_ROLE = re.compile(r":[\w:.-]+:`(?:~?([^`<]*?)\s*<[^>]*>|~?([^`]*))`")
_LINK = re.compile(r"`([^`<]*?)\s*<[^>]*>`__?")
_LITERAL = re.compile(r"``.*?``", re.S)
_GALLERY_REF = re.compile(r":ref:`(?:[^`<]*<)?sphx_glr_auto_examples_(\w+?)_(plot_\w+?)\.py>?`")


# -- What a page printed ---------------------------------------------------------

class Output:
    """What an example printed, as its page shows it, with helpers for claims.

    Parameters
    ----------
    text : str
        Every line the example printed, in order.

    Examples
    --------
    >>> out = Output("accuracy: 0.9830\\nerrors: 1,170 of 10,000 (11.7%)")
    >>> out.value("accuracy")
    0.983
    >>> out.numbers("errors")
    [1170.0, 10000.0, 11.7]
    """

    def __init__(self, text: str):
        self.text = text
        self.lines = text.splitlines()

    def line(self, label: str) -> str:
        """The first printed line that contains ``label``; ``LookupError`` if none does."""
        for line in self.lines:
            if label in line:
                return line
        raise LookupError(f"no printed line contains {label!r}")

    def numbers(self, label: str) -> list[float]:
        """The numbers on the first line containing ``label`` ("60,000" is 60000.0)."""
        return [_to_float(token) for token in _ANY_NUMBER.findall(self.line(label))]

    def after(self, label: str, pattern: str = r"(-?\d[\d,]*(?:\.\d+)?)") -> float:
        r"""The number just after ``label`` on the first line containing it.

        ``pattern`` (a regular expression whose first group is the number)
        reads something else after the label, such as ``r"recall ([\d.]+)"``.

        Examples
        --------
        >>> Output("fold 2: 19207 of 20000 right").after("fold 2:")
        19207.0
        >>> Output("balanced: precision 0.95, recall 0.56").after("balanced:", r"recall ([\d.]+)")
        0.56
        """
        line = self.line(label)
        found = re.search(pattern, line[line.index(label) + len(label):])
        if found is None:
            raise LookupError(f"nothing matches {pattern!r} after {label!r} in {line!r}")
        return _to_float(found.group(1))

    def value(self, label: str, index: int = 0) -> float:
        """The ``index``-th number on the first line containing ``label``."""
        numbers = self.numbers(label)
        if index >= len(numbers):
            raise LookupError(f"the line with {label!r} has {len(numbers)} numbers, "
                              f"not {index + 1}: {self.line(label)!r}")
        return numbers[index]


def _to_float(token: str) -> float:
    return float(token.replace(",", ""))


@dataclasses.dataclass(frozen=True)
class Claim:
    """A sentence of an example's prose, and the check that makes it true.

    Parameters
    ----------
    page : str
        The example's file name, such as ``"plot_05_leaderboard.py"``.
    says : str
        The sentence or a part of it, as the reader sees it (reST markup
        removed, whitespace collapsed).
    holds : callable
        ``holds(out)`` is True when the printed output, an :class:`Output`,
        bears the sentence out.
    """

    page: str
    says: str
    holds: Callable[[Output], bool]


# -- Reading an example and its page ---------------------------------------------

def reader_text(rst: str) -> str:
    """reST prose as the reader sees it: roles and links by their text, literals kept."""
    text = _ROLE.sub(lambda m: (m.group(1) or m.group(2) or "").split(".")[-1]
                     if (m.group(2) or "").startswith(("sklearn", "numpy", "digitkit", "matplotlib"))
                     else (m.group(1) or m.group(2) or ""), rst)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = text.replace("``", "").replace("**", "")
    return " ".join(text.split())


@functools.lru_cache(maxsize=64)
def _blocks(source: Path) -> tuple[tuple[str, str, int], ...]:
    """sphinx-gallery's blocks of an example, parsed once per build however often they are read."""
    from sphinx_gallery.py_source_parser import split_code_and_text_blocks

    return tuple(split_code_and_text_blocks(str(source))[1])


def example_prose(source: Path) -> list[tuple[int, str]]:
    """The text blocks of a gallery example, as ``(first line, reST)`` pairs."""
    return [(line, content) for kind, content, line in _blocks(source) if kind == "text"]


def example_code(source: Path) -> str:
    """The code blocks of a gallery example, joined."""
    return "\n".join(content for kind, content, _ in _blocks(source) if kind == "code")


def printed_output(rst: str) -> str | None:
    """Every line an example printed, from its generated page; None if it did not run."""
    blocks = re.findall(
        r"\.\. rst-class:: sphx-glr-script-out\n\n \.\. code-block:: none\n\n((?:    .*\n|\n)*)", rst
    )
    if not blocks:
        return None
    return "\n".join(
        "\n".join(line[4:] for line in block.rstrip("\n").splitlines()) for block in blocks
    )


# -- Numbers ------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class StatedNumber:
    """A number as the prose states it."""

    text: str
    value: float
    decimals: int
    percent: bool
    direction: int  # +1 "more than", -1 "less than", 0 as stated
    line: int
    context: str

    def exempt(self) -> bool:
        if self.decimals or self.percent:
            return False
        whole = int(self.value)
        return whole <= SMALL or whole in MNIST_FACTS or (whole in YEARS and "," not in self.text)

    def matches(self, candidate: float) -> bool:
        """Whether a printed or coded number is this number at the prose's precision."""
        targets = [self.value] + ([self.value / 100] if self.percent else [])
        for target, extra in zip(targets, (0, 2), strict=False):
            unit = 10.0 ** -(self.decimals + extra)
            if not self.decimals and not extra:
                # "5,500" or "70" with trailing zeros is rounded to them.
                stripped = str(int(self.value)).rstrip("0")
                unit = 10.0 ** (len(str(int(self.value))) - len(stripped)) if stripped else 1.0
            if self.direction > 0 and target <= candidate <= 2 * target + unit:
                return True
            if self.direction < 0 and target / 2 - unit <= candidate <= target:
                return True
            if self.direction == 0 and abs(candidate - target) <= unit / 2 + 1e-9 * max(1, abs(target)):
                return True
        return False


def stated_numbers(prose: list[tuple[int, str]]) -> list[StatedNumber]:
    """Every number the prose states, outside literals, roles' targets and version strings."""
    found = []
    for first_line, block in prose:
        for offset, raw in enumerate(block.splitlines()):
            if raw.lstrip().startswith(".. "):  # a directive line: its argument is not prose
                continue
            if raw.lstrip().startswith("Answer:"):  # a quiz's answer and tolerance (digitkit_quiz)
                continue
            text = _LITERAL.sub(" ", raw)
            text = _ROLE.sub(lambda m: m.group(1) or m.group(2) or "", text)
            text = _LINK.sub(lambda m: m.group(1), text)
            text = _VERSION.sub(" ", text)
            for match in _NUMBER.finditer(text):
                before = text[: match.start()]
                direction = 1 if _LOWER.search(before) else -1 if _UPPER.search(before) else 0
                frac = match.group("frac") or ""
                found.append(StatedNumber(
                    text=match.group(0).strip(),
                    value=_to_float(match.group("int") + frac),
                    decimals=max(len(frac) - 1, 0),
                    percent=bool(match.group("pct") or _RANGE_PERCENT.match(text, match.end())),
                    direction=direction,
                    line=first_line + offset,
                    context=text.strip(),
                ))
    return found


def known_numbers(*texts: str) -> list[float]:
    """Every number in some printed output or code (a leading minus kept)."""
    numbers = []
    for text in texts:
        for token in _ANY_NUMBER.findall(text):
            value = _to_float(token)
            numbers.extend((value, abs(value)))
    return numbers


# -- The check -------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Problem:
    """What is not true on a page, and where."""

    source: Path
    line: int
    message: str


def check_example(source: Path, rst: str, linked_outputs: list[str] = (),
                  claims: list[Claim] = (), sourced: dict[str, str] | None = None,
                  links_complete: bool = True) -> list[Problem]:
    """Check an example's prose against its printed output.

    Parameters
    ----------
    source : pathlib.Path
        The example's source (``examples/<part>/plot_*.py``).
    rst : str
        Its generated page (``auto_examples/<part>/plot_*.rst``).
    linked_outputs : list of str
        The printed output of the gallery pages its prose links to.
    claims : list of Claim
        The claims about this page.
    sourced : dict of str to str, optional
        Numbers (as the prose writes them) that come from the literature,
        with their sources.
    links_complete : bool, default=True
        False when a page the prose links to is not part of this build (a
        test's small gallery): a number found nowhere may come from that
        page, so it is not reported.

    Returns
    -------
    list of Problem
        Empty when every number and claim holds.
    """
    output = printed_output(rst)
    if output is None:
        return []
    prose = example_prose(source)
    sourced = dict(sourced or {})
    problems = []
    candidates = known_numbers(output, example_code(source), *linked_outputs)
    stated_texts = set()
    for number in stated_numbers(prose):
        stated_texts.add(number.text)
        if number.exempt() or number.text in sourced:
            continue
        if links_complete and not any(number.matches(candidate) for candidate in candidates):
            problems.append(Problem(source, number.line, (
                f"the prose states {number.text} ({number.context[:110]!r}), "
                "but the page prints no such number"
                + (" in that direction" if number.direction else "")
                + "; print it, correct the sentence, or (a figure from the literature) list it "
                  "in SOURCED with its source")))
    for text in sourced:
        if text not in stated_texts:
            problems.append(Problem(source, 1, f"SOURCED lists {text!r}, which the prose no longer states"))
    reader = reader_text("\n".join(block for _, block in prose))
    out = Output(output)
    for claim in claims:
        if " ".join(claim.says.split()) not in reader:
            problems.append(Problem(source, 1, f"the claim {claim.says!r} is no longer in the prose: "
                                               "update or remove it in docs/claims/"))
            continue
        try:
            holds = bool(claim.holds(out))
        except Exception as error:  # a claim that cannot be checked is not true
            problems.append(Problem(source, 1, f"the claim {claim.says!r} cannot be checked: {error}"))
            continue
        if not holds:
            problems.append(Problem(source, 1, f"the prose says {claim.says!r}, "
                                               "but the printed output contradicts it"))
    return problems


def load_claims_of(path: Path) -> tuple[list[Claim], dict[str, dict[str, str]]]:
    """Read one part's claims file: its ``CLAIMS`` and its ``SOURCED`` numbers by page."""
    spec = importlib.util.spec_from_file_location(f"digitkit_claims_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(getattr(module, "CLAIMS", [])), dict(getattr(module, "SOURCED", {}))


def load_claims(folder: Path) -> tuple[dict[str, list[Claim]], dict[str, dict[str, str]]]:
    """Read every ``<part>.py`` of ``folder``: its ``CLAIMS`` and ``SOURCED``, by page."""
    claims: dict[str, list[Claim]] = {}
    sourced: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.py")):
        part_claims, part_sourced = load_claims_of(path)
        for claim in part_claims:
            claims.setdefault(claim.page, []).append(claim)
        for page, numbers in part_sourced.items():
            sourced.setdefault(page, {}).update(numbers)
    return claims, sourced


def check_gallery(examples: Path, gallery: Path, claims_folder: Path) -> list[Problem]:
    """Check every example of ``examples`` against its page in ``gallery``."""
    _blocks.cache_clear()  # sources read fresh by every build
    claims, sourced = load_claims(claims_folder)
    pages = {source: gallery / source.parent.name / f"{source.stem}.rst"
             for source in sorted(examples.glob("*/plot_*.py"))}
    outputs = {}
    for source, page in pages.items():
        if page.is_file():
            outputs[(source.parent.name, source.stem)] = printed_output(page.read_text()) or ""
    # Claims about pages left out of this build (a test's small gallery) wait
    # for a build that has them; tests/test_prose.py checks that each names an example.
    problems = []
    for source, page in pages.items():
        if not page.is_file():
            continue
        prose = "\n".join(block for _, block in example_prose(source))
        links = set(_GALLERY_REF.findall(prose))
        linked = [outputs[key] for key in links if key in outputs]
        problems += check_example(source, page.read_text(), linked, claims.get(source.name, []),
                                  sourced.get(source.name), links_complete=len(linked) == len(links))
    return problems


def _check_after_gallery(app):
    conf = app.config.sphinx_gallery_conf or {}
    if not conf.get("plot_gallery", True) or str(conf.get("plot_gallery")) in {"0", "False"}:
        logger.info("digitkit_prose: the examples did not run; prose not checked")
        return
    srcdir = Path(app.srcdir)
    examples_dir, gallery_dir = gallery_folders(conf)
    examples, gallery = (srcdir / examples_dir).resolve(), srcdir / gallery_dir
    problems = check_gallery(examples, gallery, srcdir / CLAIMS_FOLDER)
    for problem in problems:
        logger.warning(problem.message, location=f"{problem.source}:{problem.line}",
                       type="digitkit", subtype="prose")
    logger.info(f"digitkit_prose: checked the prose of {len(list(examples.glob('*/plot_*.py')))} "
                f"examples, {len(problems)} problem(s)")



def setup(app):
    # After sphinx-gallery's generate_gallery_rst (default priority 500): the pages exist.
    app.connect("builder-inited", _check_after_gallery, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


__all__ = ["Claim", "Output", "Problem", "check_example", "check_gallery"]
