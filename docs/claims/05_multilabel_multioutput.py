"""Claims of the multilabel and multioutput part: comparisons its prose makes about its output."""

import re

from digitkit_prose import Claim

EXERCISES = "plot_90_exercises_multilabel_multioutput.py"


def _f1(out, route):
    """F1 of the loop label and of the "5 or more" label, read off a route's line."""
    line = out.line(route)
    return tuple(float(re.search(rf"{label} (0\.\d+)", line).group(1)) for label in ("loop", "5 or more"))


def _mse(out, noise):
    """Mean squared error of the noisy input, the classifier and the regressor at one noise level."""
    return out.numbers(f"noise 0 to {noise}:")[2:5]


CLAIMS = [
    Claim("plot_01_multilabel.py",
          says="odd digits are more common than large ones",
          holds=lambda out: out.value("share of large digits", 1) > out.value("share of large digits", 0)),
    Claim(EXERCISES,
          says="The two questions turn out about equally hard",
          holds=lambda out: abs(_f1(out, "multilabel KNN")[0] - _f1(out, "multilabel KNN")[1]) < 0.005),
    Claim(EXERCISES,
          says="the multilabel model is a little better on both questions",
          holds=lambda out: all(0 < m - d < 0.005 for m, d in zip(
              _f1(out, "multilabel KNN"), _f1(out, "through the predicted digit"), strict=True))),
    Claim(EXERCISES,
          says="The regressor wins at both levels, with less than half the error of the classifier",
          holds=lambda out: all(2 * _mse(out, noise)[2] < _mse(out, noise)[1] for noise in (99, 199))),
    Claim(EXERCISES,
          says="how little the stronger noise hurts either model, although it made the noisy inputs four "
               "times worse",
          holds=lambda out: (3.5 < _mse(out, 199)[0] / _mse(out, 99)[0] < 4.5
                             and all(_mse(out, 199)[i] / _mse(out, 99)[i] < 1.15 for i in (1, 2)))),
]
