"""Claims of the MNIST-basics pages that the checker verifies against their output."""
import re

from digitkit_prose import Claim


def _shares(out):
    """Each digit's share of the training and of the test set, from the count lines."""
    counts = [re.fullmatch(r"digit \d: +(\d+) training, +(\d+) test", line.strip())
              for line in out.lines]
    counts = [(int(m.group(1)), int(m.group(2))) for m in counts if m]
    train, test = sum(c[0] for c in counts), sum(c[1] for c in counts)
    return [(a / train, b / test) for a, b in counts]


CLAIMS = [
    Claim("plot_01_first_look.py",
          says="Every digit makes up about a tenth of each set",
          holds=lambda out: len(_shares(out)) == 10
          and all(0.085 < share < 0.115 for pair in _shares(out) for share in pair)),
    Claim("plot_90_exercises_mnist_basics.py",
          says="One single test digit strays onto two of these pixels",
          holds=lambda out: out.after("test digits with ink on one of them:") == 1
          and out.after(": ink on") == 2),
    Claim("plot_90_exercises_mnist_basics.py",
          says="seven times the score of the dummy that always answers 1",
          holds=lambda out: round(out.after("accuracy over the most_frequent dummy's:")) == 7
          and out.after("most common training digit:") == 1),
    Claim("plot_90_exercises_mnist_basics.py",
          says="The 1s, thin and alike, are almost all found",
          holds=lambda out: out.after("digit 1:") > 95),
    Claim("plot_90_exercises_mnist_basics.py",
          says="more than one in ten of them is nearer to the average 3 than to any "
               "other average",
          holds=lambda out: out.after("5s labelled 3, being nearest to the average 3:") > 10),
]
