"""Claims of the small-digits pages that the checker verifies against their output."""
import re

from digitkit_prose import Claim


def _report_recalls(out):
    """Recall per digit, from the classification report's rows."""
    rows = [line.split() for line in out.lines]
    return {int(r[0]): float(r[2]) for r in rows if len(r) == 5 and r[0].isdigit()}


CLAIMS = [
    Claim("plot_01_svc_digits.py",
          says="The 3s, with the lowest recall in the report above, are the digit the "
               "model misses most often",
          holds=lambda out: min(_report_recalls(out), key=_report_recalls(out).get) == 3
          and out.after("digit missed most often:") == 3),
    Claim("plot_01_svc_digits.py",
          says="its most common mistake is a 3 taken for an 8",
          holds=lambda out: re.search(r"true (\d+), predicted (\d+)",
                                      out.line("most common mistake:")).groups() == ("3", "8")),
    Claim("plot_01_svc_digits.py",
          says="Each kind of mistake is rare, a few digits at most",
          holds=lambda out: out.after("most common mistake:", r"(\d+) times") <= 5),
    Claim("plot_02_four_step_pattern.py",
          says="the solver then converges in a few dozen steps",
          holds=lambda out: 12 < out.after("iterations:") < 100),
    Claim("plot_02_four_step_pattern.py",
          says="the most common one is mixing up 1s and 8s, in both directions",
          holds=lambda out: out.after("1s taken for 8s:") > 0
          and out.after("8s taken for 1s:") > 0
          and max(out.after("1s taken for 8s:"), out.after("8s taken for 1s:"))
          == out.after("largest count off the diagonal:")),
    Claim("plot_02_four_step_pattern.py",
          says="here for the worse",
          holds=lambda out: out.after("pixels / 16, gamma=0.001: accuracy")
          < out.after("raw pixels, gamma=0.001: accuracy")),
    Claim("plot_02_four_step_pattern.py",
          says="Multiply gamma by 256 and the kernel, hence the model, is the one of "
               "the raw pixels again",
          holds=lambda out: out.after("pixels / 16, gamma=0.256: accuracy")
          == out.after("raw pixels, gamma=0.001: accuracy")),
]

#: Numbers the pages state without computing them, and where they come from.
SOURCED = {
    "plot_01_svc_digits.py": {
        "32": "the scanned bitmaps' size, from the dataset's description (digits.DESCR), which the "
              "sentence names",
    },
}
