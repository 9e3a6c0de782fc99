"""Claims of the multiclass part: comparisons its prose makes about its output."""

import re

from digitkit_prose import Claim

STRATEGIES = "plot_01_multiclass_strategies.py"
ERRORS = "plot_02_error_analysis.py"
EXERCISES = "plot_90_exercises_multiclass.py"


def _votes_ranked(out):
    """The digits ordered by their SVC votes, most votes first."""
    votes = out.numbers("votes per digit:")[:10]
    return sorted(range(10), key=lambda digit: -votes[digit])


def _arrows(out):
    """(true digit, most common wrong answer) pairs, from the line that lists them."""
    line = out.line("most common wrong answer per true digit:").split(":", 1)[1]
    return [tuple(int(digit) for digit in arrow.split("->")) for arrow in line.split(",")]


def _top_source_of_wrong_8s(out):
    """The digit most wrong 8s really were, and whether it makes up less than a quarter of them."""
    digit, share = re.search(r"really (\d)s: (\d+\.\d)%", out.line("wrong 8s")).groups()
    return int(digit), float(share) < 25


CLAIMS = [
    Claim(STRATEGIES,
          says="The 5 won all of its nine duels. The 3 and the 8, which share strokes with a 5, come next.",
          holds=lambda out: out.numbers("votes per digit:")[5] == 9 and _votes_ranked(out)[:3] == [5, 3, 8]),
    Claim(STRATEGIES,
          says="One-versus-one needs more classifiers",
          holds=lambda out: out.value("duels in the fitted SVC") > out.value("binary classifiers inside")),
    # Exercise 1: the SVC's confusion matrix.
    Claim(EXERCISES,
          says="even its two most common wrong answers, 2 and 9, each take only a small share of its errors",
          holds=lambda out: (out.numbers("most common wrong answers")[:2] == [2, 9]
                             and all(share < 20 for share in out.numbers("most common wrong answers")[2:4]))),
    Claim(EXERCISES,
          says="the 8s are instead the digits it misses most often (the lowest recall)",
          holds=lambda out: out.value("lowest recall") == 8),
    # Exercise 2: one-versus-one against one-versus-rest.
    Claim(EXERCISES,
          says="Both strategies are as accurate, and they disagree on about one digit in forty",
          holds=lambda out: (out.value("one-versus-one accuracy") == out.value("one-versus-rest accuracy")
                             and 35 < 100 / (100 - out.value("same answer")) < 45)),
    Claim(EXERCISES,
          says="A duel learns from the digits of its two classes only, about a fifth of the training set",
          holds=lambda out: 0.18 < out.value("training digits per duel")
          / out.value("training digits per detector") < 0.22),
    Claim(EXERCISES,
          says="The ten detectors keep their own, two and a half times as many in all",
          holds=lambda out: 2.4 < out.value("support vectors, one-versus-rest")
          / out.value("support vectors, one-versus-one") < 2.6),
    # The error analysis.
    Claim(ERRORS,
          says="whatever the true digit, its errors most often go to 8 (the 8s aside, of course), though for "
               "the 7s only just ahead of 9",
          holds=lambda out: (all(wrong == 8 for digit, wrong in _arrows(out) if digit != 8)
                             and out.numbers("closest call")[0] == 7
                             and out.numbers("closest call")[-1] == 9)),
    Claim(ERRORS,
          says="The wrong 8s come from every other digit, none of them dominant: the biggest source, the 5s",
          holds=lambda out: (all(wrong == 8 for digit, wrong in _arrows(out) if digit != 8)
                             and _top_source_of_wrong_8s(out) == (5, True))),
    Claim(ERRORS,
          says="Some pairs get mixed up in both directions: 7 and 9, 3 and 5, 4 and 9",
          holds=lambda out: {("7", "9"), ("3", "5"), ("4", "9")} <= set(
              re.findall(r"mixed up both ways: (\d)s and (\d)s", out.text))),
    Claim(ERRORS,
          says="far more 5s are taken for 8s than the reverse",
          holds=lambda out: (lambda n: n[0] > 3 * n[1])([int(count) for count in re.findall(
              r"(\d+) (?:5s taken for 8s|the other way)", out.line("mixed up both ways: 5s and 8s"))])),
]

#: Numbers the pages state without computing them, and where they come from.
SOURCED = {
    "plot_01_multiclass_strategies.py": {
        "0.8685": "the same page run with scikit-learn 1.8 and 1.9.1, which the version note names",
        "19048": "the same page run with scikit-learn 1.8 and 1.9.1, which the version note names",
    },
    "plot_02_error_analysis.py": {
        number: "the chapter's published per-fold accuracies (scaler fitted on all 60,000 "
                "digits), which the sentence names as the chapter's"
        for number in ("0.8983", "0.8910", "0.9018")
    },
}
