"""Claims of the better-accuracy part: comparisons its prose makes about its output."""

import re
from itertools import pairwise

from digitkit_prose import Claim

TUNING = "plot_01_knn_tuning.py"
AUGMENTATION = "plot_02_data_augmentation.py"
EXERCISES = "plot_90_exercises_better_accuracy.py"


def _grid(out):
    """Mean and standard deviation of each grid-search setting: {(n_neighbors, weights): (mean, std)}."""
    found = re.findall(r"n_neighbors=(\d+), weights=(\w+)\s*: (0\.\d+) \+/- (0\.\d+)", out.text)
    return {(int(k), w): (float(mean), float(std)) for k, w, mean, std in found}


def _best_k(out, weights):
    grid = _grid(out)
    return max((k for k, w in grid if w == weights), key=lambda k: grid[k, weights][0])


def _lead_within_spread(out):
    """The best setting's lead over each of the next three is below every fold-score deviation."""
    grid = _grid(out)
    means = sorted((mean for mean, _ in grid.values()), reverse=True)
    return all(means[0] - mean < min(std for _, std in grid.values()) for mean in means[1:4])


def _curve(out):
    """Training and validation accuracy, and the fold range, per number of neighbours."""
    found = re.findall(r"n_neighbors=\s*(\d+): training accuracy (\d\.\d+), validation accuracy (\d\.\d+) "
                       r"\(folds from (\d\.\d+) to (\d\.\d+)\)", out.text)
    return {int(k): tuple(map(float, rest)) for k, *rest in found}


def _is_falling(values):
    return all(later < earlier for earlier, later in pairwise(values))


def _error(out, name):
    return float(re.search(r"test error (\d+\.\d+)%", out.line(f"{name}: test error")).group(1))


CLAIMS = [
    # Tuning.
    Claim(TUNING,
          says="weighting the votes by distance beats the plain vote for every number of neighbours",
          holds=lambda out: all(_grid(out)[k, "distance"][0] > _grid(out)[k, "uniform"][0]
                                for k in (3, 4, 5, 6))),
    Claim(TUNING,
          says="four neighbours are best with either weighting",
          holds=lambda out: _best_k(out, "uniform") == _best_k(out, "distance") == 4),
    Claim(TUNING,
          says="The gains are small, a few tenths of a percent",
          holds=lambda out: 0.001 < (max(m for m, _ in _grid(out).values())
                                     - min(m for m, _ in _grid(out).values())) < 0.01),
    Claim(TUNING,
          says="The winner's lead over the next three settings is even smaller than the spread of the fold "
               "scores",
          holds=_lead_within_spread),
    # Augmentation.
    Claim(AUGMENTATION,
          says="the moved copy is farther from the original than the nearest training digit that is not a 1",
          holds=lambda out: out.value("distance to itself moved one pixel right")
          > out.numbers("distance to the nearest training digit of another class")[-1]),
    Claim(AUGMENTATION,
          says="five times as many comparisons as before",
          holds=lambda out: out.value("pixel differences per test digit") == 5 * out.value(
              "pixel differences per test digit", 1)),
    Claim(AUGMENTATION,
          says="Augmentation removed about one mistake in six, twice the share tuning removed",
          holds=lambda out: (14 < out.value("relative drop in test error", 1) < 20
                             and 1.8 < out.value("relative drop in test error", 1)
                             / out.value("relative drop in test error", 0) < 2.2)),
    # Exercise 1: rotations against shifts.
    Claim(EXERCISES,
          says="Both kinds of copies help, and on this slice the rotations help more",
          holds=lambda out: (_error(out, "4 rotated copies") < _error(out, "4 shifted copies")
                             < _error(out, "digits alone"))),
    Claim(EXERCISES,
          says="The lead is small, though: 15 of 5,000 test digits",
          holds=lambda out: out.value("rotated copies ahead of shifted ones by") == 15),
    # Exercise 2: the validation curve.
    Claim(EXERCISES,
          says="As the vote widens, the training accuracy falls (apart from a dip at two neighbours",
          holds=lambda out: (_curve(out)[2][0] < _curve(out)[3][0]
                             and _is_falling([_curve(out)[k][0] for k in (1, 3, 4, 6, 8, 12, 20)]))),
    Claim(EXERCISES,
          says="the gap between the two curves, the overfitting, shrinks",
          holds=lambda out: _is_falling([train - validation for train, validation, *_ in
                                         _curve(out).values()])),
    Claim(EXERCISES,
          says="Past six neighbours the validation accuracy falls too",
          holds=lambda out: _is_falling([_curve(out)[k][1] for k in (6, 8, 12, 20)])),
    Claim(EXERCISES,
          says="two and four neighbours do worse than the numbers on either side",
          holds=lambda out: all(_curve(out)[k][1] < min(_curve(out)[below][1], _curve(out)[above][1])
                                for below, k, above in ((1, 2, 3), (3, 4, 6)))),
    Claim(EXERCISES,
          says="the single nearest neighbour does best, ahead of three and six neighbours by less than the "
               "folds differ from one another",
          holds=lambda out: all(0 < _curve(out)[1][1] - _curve(out)[k][1]
                                < min(high - low for *_, low, high in _curve(out).values())
                                for k in (3, 6))),
]
