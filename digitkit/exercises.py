"""Checks for the exercises: right or wrong, and what is off, without the answer.

Each part's exercise notebook (and script), downloaded from its exercises
page, creates one :class:`ExerciseChecks` at the end of its setup. After an
exercise, a line such as ``checks.check(1, threshold_95=threshold_95)`` says
whether each answer is right; when it is not, it says what is off (too
large or too small, or a typical mistake by name, such as "the recall at
90% precision, not 95%"), and never prints the expected value.

The expected values travel inside the notebook in an encoded string. The
encoding only keeps them out of plain sight: it is no secret, and decoding
it is no way to learn anything.
"""

from __future__ import annotations

import base64
import json
import math
import numbers
import zlib

import numpy as np

from ._docstrings import with_sections

__all__ = ["ExerciseChecks"]

#: Two values this close count as the same (the tolerance for a typical mistake).
SAME_RTOL = 1e-6


def encode_answers(answers: dict) -> str:
    """Encode a part's expected answers as the string :class:`ExerciseChecks` reads.

    Parameters
    ----------
    answers : dict
        ``{exercise number (str): {"checks": {name: {"value", "rtol", "atol"}},
        "wrong": {name: [{"value", "message"}]}}}``.

    Returns
    -------
    str
        Compressed JSON in base 64.

    Examples
    --------
    >>> text = encode_answers({"1": {"checks": {"n": {"value": 3}}}})
    >>> decode_answers(text)
    {'1': {'checks': {'n': {'value': 3}}}}
    """
    data = json.dumps(answers, separators=(",", ":")).encode()
    return base64.b64encode(zlib.compress(data, 9)).decode("ascii")


def decode_answers(text: str) -> dict:
    """The answers :func:`encode_answers` encoded."""
    try:
        return json.loads(zlib.decompress(base64.b64decode(text.encode("ascii"))))
    except (ValueError, zlib.error) as error:
        raise ValueError("answers must be the string the exercise notebook gives; "
                         "download the notebook again if it was changed") from error


def _as_plain(value):
    """A learner's answer as plain Python (numbers, lists), or raise TypeError."""
    if isinstance(value, np.ndarray | np.generic):
        value = value.tolist()
    if isinstance(value, tuple):
        value = list(value)
    if isinstance(value, list):
        return [_as_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _as_plain(item) for key, item in value.items()}
    if isinstance(value, bool | str) or value is None:
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    raise TypeError(f"{type(value).__name__}")


def _close(value, expected, rtol, atol) -> bool:
    if isinstance(expected, dict):
        return (isinstance(value, dict) and value.keys() == expected.keys()
                and all(_close(value[key], expected[key], rtol, atol) for key in expected))
    if isinstance(expected, list):
        return (isinstance(value, list) and len(value) == len(expected)
                and all(_close(v, e, rtol, atol) for v, e in zip(value, expected, strict=True)))
    if isinstance(expected, bool) or isinstance(value, bool):
        return value is expected
    if isinstance(expected, numbers.Real) and isinstance(value, numbers.Real):
        if math.isnan(value):
            return False
        return abs(value - expected) <= atol + rtol * abs(expected)
    return value == expected


def _what_is_off(value, expected) -> str:
    """Say how an answer differs from the expected one, without giving it."""
    if isinstance(expected, dict):
        if not isinstance(value, dict):
            return f"expected a dict with the keys {sorted(expected)}"
        if value.keys() != expected.keys():
            return f"expected the keys {sorted(expected)}, got {sorted(value)}"
        return "; ".join(f"{key!r}: {_what_is_off(value[key], expected[key])}"
                         for key in expected if not _close(value[key], expected[key], SAME_RTOL, 0))
    if isinstance(expected, list):
        if not isinstance(value, list):
            return "expected several values (a tuple, list or array), got one"
        if len(value) != len(expected):
            return f"expected {len(expected)} values, got {len(value)}"
        off = sum(not _close(v, e, SAME_RTOL, 0) for v, e in zip(value, expected, strict=True))
        return f"{off} of the {len(expected)} values are off"
    if isinstance(expected, bool):
        return "the opposite answer is right"
    if isinstance(expected, numbers.Real) and isinstance(value, numbers.Real):
        if isinstance(expected, int) and not isinstance(value, int) and float(value).is_integer():
            value = int(value)
        if math.isnan(value):
            return "the answer is NaN"
        return "too large" if value > expected else "too small"
    kind = "number" if isinstance(expected, numbers.Real) else type(expected).__name__
    return f"expected a {kind}, got a {type(value).__name__}"


#: The parameters of :meth:`ExerciseChecks.verdicts` and :meth:`ExerciseChecks.check`.
_ANSWERS_PARAMETERS = """\
Parameters
----------
exercise : int
    The exercise's number on the page.
**answers
    Each answer by the name the exercise gives it (see :meth:`names`)."""

class ExerciseChecks:
    """Check the answers of a part's exercises.

    Parameters
    ----------
    part : str
        The part of the chapter, such as ``"binary_classifier"``; it appears
        in the messages.
    answers : str
        The encoded expected answers, as the exercise notebook gives them.

    Examples
    --------
    >>> from digitkit.exercises import ExerciseChecks, encode_answers
    >>> answers = encode_answers({"1": {
    ...     "checks": {"blank_pixels": {"value": 67}},
    ...     "wrong": {"blank_pixels": [{"value": 65, "message": "that is over all 70,000 digits"}]}}})
    >>> checks = ExerciseChecks("mnist_basics", answers)
    >>> checks.check(1, blank_pixels=67)
    exercise 1, blank_pixels: right.
    >>> checks.check(1, blank_pixels=65)
    exercise 1, blank_pixels: not right: that is over all 70,000 digits.
    >>> checks.check(1, blank_pixels=66)
    exercise 1, blank_pixels: not right: too small.
    >>> checks.check(1, blank_pixels=...)
    exercise 1, blank_pixels: not answered yet (it is still ...).
    """

    def __init__(self, part, answers):
        if not isinstance(part, str):
            raise TypeError(f"part must be a string such as 'binary_classifier', got {part!r}")
        if not isinstance(answers, str):
            raise TypeError("answers must be the encoded string the exercise notebook gives, "
                            f"got {type(answers).__name__}")
        self.part = part
        self._answers = decode_answers(answers)

    def names(self, exercise):
        """The names :meth:`check` expects for an exercise, in order."""
        return list(self._exercise(exercise).get("checks", {}))

    def _exercise(self, exercise):
        if isinstance(exercise, bool) or not isinstance(exercise, numbers.Integral):
            raise TypeError(f"exercise must be the exercise's number, got {exercise!r}")
        key = str(exercise)
        if key not in self._answers:
            numbers_ = ", ".join(sorted(self._answers, key=int)) or "none"
            raise ValueError(f"{self.part} has no checked exercise {exercise} "
                             f"(checked exercises: {numbers_})")
        return self._answers[key]

    @with_sections(parameters=_ANSWERS_PARAMETERS)
    def verdicts(self, exercise, **answers):
        """Judge answers without printing: ``{name: (right, message)}``.

        {parameters}

        Returns
        -------
        dict
            For each name, whether the answer is right and a message for the learner.
        """
        spec = self._exercise(exercise)
        checks, wrong = spec.get("checks", {}), spec.get("wrong", {})
        unknown = sorted(set(answers) - set(checks))
        if unknown:
            raise TypeError(f"exercise {exercise} checks {', '.join(checks)}; "
                            f"it does not check {', '.join(unknown)}")
        result = {}
        for name, expected in checks.items():
            if name not in answers:
                result[name] = (False, "not given to the check")
                continue
            value = answers[name]
            if value is ...:
                result[name] = (False, "not answered yet (it is still ...)")
                continue
            try:
                value = _as_plain(value)
            except TypeError as error:
                result[name] = (False, f"expected a number or an array, got a {error}")
                continue
            rtol, atol = expected.get("rtol", 0.0), expected.get("atol", 0.0)
            if _close(value, expected["value"], SAME_RTOL, 0):
                result[name] = (True, "right")
            elif mistake := next((w["message"] for w in wrong.get(name, [])
                                  if _close(value, w["value"], SAME_RTOL, 0)), None):
                result[name] = (False, f"not right: {mistake}")
            elif _close(value, expected["value"], rtol, atol):
                result[name] = (True, "right")
            else:
                result[name] = (False, f"not right: {_what_is_off(value, expected['value'])}")
        return result

    @with_sections(parameters=_ANSWERS_PARAMETERS)
    def check(self, exercise, **answers):
        """Print, for each answer of an exercise, whether it is right or what is off.

        {parameters}

        Returns nothing (so that a notebook shows only the messages); use
        :meth:`verdicts` to get them as values.
        """
        for name, (_, message) in self.verdicts(exercise, **answers).items():
            print(f"exercise {exercise}, {name}: {message}.")
