"""
Exercises: MNIST basics
=======================

These exercises practise looking at the data before training anything: what
a model that ignores the pixels scores, which pixels never carry ink, and how
far the average digit of each class already goes. Each takes 10 to 30
minutes once the data is loaded. Try each one on your own before you open
its solution.
"""

# %%
# Setup
# -----
#
# The exercises share the data and the split of the :ref:`first look
# <sphx_glr_auto_examples_02_mnist_basics_plot_01_first_look.py>`: the first
# 60,000 digits for training, the last 10,000 for testing.
import matplotlib.pyplot as plt
import numpy as np

from sklearn.dummy import DummyClassifier
from sklearn.metrics import accuracy_score, pairwise_distances_argmin, recall_score

from digitkit.datasets import fetch_mnist
from digitkit.plotting import plot_digit, plot_digits

X, y = fetch_mnist(return_X_y=True)
X_train, X_test, y_train, y_test = X[:60000], X[60000:], y[:60000], y[60000:]
print(f"training set: {X_train.shape}, test set: {X_test.shape}")

# %%
# .. _mnist_basics_exercise_1:
#
# Exercise 1: The score to beat
# -----------------------------
#
# Every digit makes up about a tenth of each set, as the :ref:`first look
# <sphx_glr_auto_examples_02_mnist_basics_plot_01_first_look.py>` showed. So
# what does a model score that never looks at the pixels? Find the most
# common digit of the training set and its share of the training and of the
# test set. Then fit a :class:`~sklearn.dummy.DummyClassifier` on the
# training set with each of the strategies ``"most_frequent"``,
# ``"stratified"`` and ``"uniform"``, and score each on the test set. Which
# scores best, and why is that score not exactly 10%? Hints:
# :func:`numpy.bincount` counts labels; the random strategies need a
# ``random_state``.
#
# Solution
# ~~~~~~~~
#
# The most common digit is the one with the largest count.
train_share = np.bincount(y_train, minlength=10) / len(y_train)
test_share = np.bincount(y_test, minlength=10) / len(y_test)
most_common = train_share.argmax()
print(f"most common training digit: {most_common}")
print(f"its share: {train_share[most_common]:.2%} of the training set, "
      f"{test_share[most_common]:.2%} of the test set")

# %%
# A dummy ignores the pixels, so nothing is tuned on the test set by scoring
# it there: its score is simply the floor any real model must clear.
dummy_accuracy = {}
for strategy in ["most_frequent", "stratified", "uniform"]:
    dummy = DummyClassifier(strategy=strategy, random_state=42)
    dummy.fit(X_train, y_train)
    dummy_accuracy[strategy] = dummy.score(X_test, y_test)
    print(f"{strategy}: test accuracy {dummy_accuracy[strategy]:.4f}")

# %%
# ``"most_frequent"`` answers 1 for every digit, so it is right exactly for
# the 1s: 11.35% of the test set. ``"stratified"`` draws each answer at
# random with the training shares, and is right on average with probability
# the sum, over the digits, of the training share times the test share, a
# little over 10%; ``"uniform"`` is right one time in ten on average. Both
# land near their expected value, give or take the luck of 10,000 draws.
print(f"expected accuracy of stratified guessing: {np.sum(train_share * test_share):.4f}")
# sphinx_gallery_start_ignore
# check exercise 1
#   most_common -- the most common digit of the training set
#   most_common wrong train_share.max()
#       -- this is the share of the most common digit; the exercise asks which digit it is
#   dummy_accuracy: atol 0.01 -- a dict, {"most_frequent": ..., "stratified": ..., "uniform": ...}
#   dummy_accuracy wrong {s: DummyClassifier(strategy=s, random_state=42).fit(X_train,
#       y_train).score(X_train, y_train) for s in dummy_accuracy}
#       -- these are accuracies on the training set; score each dummy on the test set
#   look: Why is the best score not exactly 10%? Compare each dummy's score with the share of
#       the digit it answers, or with the shares it draws its answers from.
# sphinx_gallery_end_ignore

# %%
# So on ten balanced classes the floor is about 11%, far below the 91% that a
# "never 5" dummy scores in the :ref:`next part
# <sphx_glr_auto_examples_03_binary_classifier_plot_01_five_detector.py>`,
# where one class is rare.

# %%
# .. _mnist_basics_exercise_2:
#
# Exercise 2: Pixels that never see ink
# -------------------------------------
#
# Each digit is a row of 784 grey levels, 0 for the background, as the
# :ref:`first look <sphx_glr_auto_examples_02_mnist_basics_plot_01_first_look.py>`
# printed for the middle of one digit. Count the pixels that are 0 in every
# one of the 60,000 training digits, and draw where they lie on the 28 x 28
# grid. Does any test digit put ink on one of
# them? Hints: ``(X_train == 0).all(axis=0)`` gives one ``True`` or ``False``
# per pixel; :func:`~digitkit.plotting.plot_digit` draws any row of 784
# values.
#
# Solution
# ~~~~~~~~
#
# ``all(axis=0)`` checks each column, that is each pixel, over all the
# digits.
blank = (X_train == 0).all(axis=0)
print(f"pixels blank in every training digit: {blank.sum()} of {blank.size}")
inked = np.flatnonzero((X_test[:, blank] > 0).any(axis=1))
print(f"test digits with ink on one of them: {len(inked)}")
print(f"pixels blank in all 70,000 digits: {(X == 0).all(axis=0).sum()}")
# sphinx_gallery_start_ignore
# check exercise 2
#   blank -- 784 booleans, True for a pixel that is 0 in every training digit
#   blank wrong (X == 0).all(axis=0)
#       -- these are the pixels blank in all 70,000 digits; the exercise asks for the training
#       digits
#   blank wrong (X_train == 0).any(axis=0)
#       -- these are the pixels blank in at least one training digit, not in every one
#   inked -- the indices of the test digits with ink on a blank pixel
#   inked wrong np.flatnonzero((X_train[:, blank] > 0).any(axis=1))
#       -- these are training digits; the exercise asks which test digits
# sphinx_gallery_end_ignore

# %%
# The blank pixels sit in the corners and along the edges: MNIST centres
# every digit in its image. A model cannot learn anything from a feature that
# never changes. :class:`~sklearn.preprocessing.StandardScaler`, which
# subtracts each pixel's mean and divides by its spread, cannot divide by a
# spread of 0: it divides these pixels by 1 instead, so they stay 0. One
# single test digit strays onto two of these pixels, faintly, at the far
# left, as the line below shows.
stray = inked[0]
stray_ink = X_test[stray][blank]
print(f"test digit {stray}, a {y_test[stray]}: ink on {np.count_nonzero(stray_ink)} "
      f"blank pixels, at most {stray_ink.max():.0f} of 255")
fig, (ax_mask, ax_digit) = plt.subplots(1, 2, figsize=(7, 3.5), layout="constrained")
plot_digit(blank, ax=ax_mask, title=f"The {blank.sum()} blank pixels (black)")
plot_digit(X_test[stray], ax=ax_digit, title=f"Test digit {stray}, a {y_test[stray]}")
rows, cols = np.nonzero((blank & (X_test[stray] > 0)).reshape(28, 28))
ax_digit.plot(cols, rows, "o", markersize=12, markerfacecolor="none",
              markeredgecolor="tab:red", markeredgewidth=2)
for ax in (ax_mask, ax_digit):
    ax.set_axis_on()  # a frame shows the edges of the 28 x 28 grid
    ax.set(xticks=[], yticks=[])

# %%
# .. _mnist_basics_exercise_3:
#
# Exercise 3: The average digit as a classifier
# ----------------------------------------------
#
# The first hundred digits of the :ref:`first look
# <sphx_glr_auto_examples_02_mnist_basics_plot_01_first_look.py>` showed how
# much handwriting varies. What does a typical digit look like? Compute the
# average image of each digit over the training set and draw the ten of
# them. Then use them as a classifier: label each test digit with the
# digit whose average image is closest, pixel by pixel (the Euclidean
# distance). What accuracy does that reach, and which digit does it
# recognise least often? Hints: ``X_train[y_train == digit].mean(axis=0)``;
# :func:`~sklearn.metrics.pairwise_distances_argmin` finds the closest of a
# set of points; :func:`~sklearn.metrics.recall_score` with
# ``average=None`` gives the share of each digit recognised.
# :class:`~sklearn.neighbors.NearestCentroid` wraps the same idea in an
# estimator; doing it by hand shows every step.
#
# Solution
# ~~~~~~~~
#
# The average of each class is one row of ``means``; drawn together, they
# show what is typical of each digit, and the blur shows how much the
# writers vary.
means = np.array([X_train[y_train == digit].mean(axis=0) for digit in range(10)])
fig, ax = plt.subplots(figsize=(6, 3))
plot_digits(means, n_cols=5, padding=2, ax=ax, title="The average training digit of each class")

# %%
# ``pairwise_distances_argmin`` returns, for each test digit, the row of
# ``means`` nearest to it, which is also the digit, since row *d* is the
# average *d*. The ten averages come from the training set and nothing is
# tuned, so the test set gives a fair score.
y_pred = pairwise_distances_argmin(X_test, means)
print(f"nearest-average test accuracy: {accuracy_score(y_test, y_pred):.4f}")
recall_per_digit = recall_score(y_test, y_pred, average=None)
for digit, recall in enumerate(recall_per_digit):
    print(f"digit {digit}: {recall:.1%} recognised")
print(f"least recognised digit: {recall_per_digit.argmin()}")
# sphinx_gallery_start_ignore
# check exercise 3
#   recall_per_digit: atol 0.0001 -- the share of each digit recognised, 10 numbers
#   recall_per_digit wrong np.array([np.mean(y_test[y_pred == d] == d) for d in range(10)])
#       -- these are the precisions (the share of each answer that is right); the exercise asks for
#       the share of each digit recognised
#   recall_per_digit wrong 1 - recall_score(y_test, y_pred, average=None)
#       -- these are the shares missed; the exercise asks for the shares recognised
# sphinx_gallery_end_ignore
print(f"5s labelled 3, being nearest to the average 3: {np.mean(y_pred[y_test == 5] == 3):.1%}")
print(f"accuracy over the most_frequent dummy's: "
      f"{accuracy_score(y_test, y_pred) / dummy_accuracy['most_frequent']:.1f} times")

# %%
# Ten images and no training loop get 82% of the test digits right, seven
# times the score of the dummy that always answers 1. The 1s, thin and
# alike, are almost all found; the 5s are the hardest, and more than one in
# ten of them is nearer to the average 3 than to any other average, the
# average 5 included. Keep that figure in mind: any model of the chapter
# should beat 82%, not just 11%.

# %%
# Check your understanding
# ------------------------
#
# A few questions on the ideas of this part. Every choice comes with its
# own explanation of why it is right or not.
#
# .. quiz::
#
#    Question: ``DummyClassifier(strategy="most_frequent")`` answers 1, the most
#    common training digit, for every test digit. What test accuracy does it get?
#    Type it as a share, like ``0.25``, or as a percentage.
#
#    Answer: {plot_90_exercises_mnist_basics.py "most_frequent: test accuracy"} ± 0.002
#    Hint: It never looks at the pixels, so it is right exactly for the test digits
#    that are 1s: what share of the test set are they?
#    Why: A model that always gives one answer is right for the digits of that
#    class only, so its accuracy is that class's share of the test set.
#
#    Question: Why keep the test set for the very end, rather than trying several
#    models on it and keeping the best?
#
#    - [ ] Scoring on the test set changes the digits in it.
#      Why: Scoring changes nothing in the data; the harm is in what you decide
#      from the score.
#    - [x] The model is then tuned on the test set, and its score flatters it.
#      Why: Each look at the test score that decides something lets the
#      test digits shape the model, and the score then flatters it.
#    - [ ] The test set is too small to score several models.
#      Why: Its size is not the issue: it is big enough to compare models, but
#      only once, at the end, for the score to stay honest.
#
#    Question: What makes MNIST's test set a fair test of a model that will read
#    new handwriting?
#
#    - [ ] Its digits are the hardest ones of the collection.
#      Why: The test digits are not picked for difficulty; each set mixes the same
#      two sources of writers.
#    - [ ] Each of its digits also appears, shifted, in the training set.
#      Why: No test digit appears in the training set in any form; that is what
#      makes the test fair.
#    - [x] No one who wrote training digits wrote test digits.
#      Why: So the model is tested on writers it has never seen, as it will be
#      in use; and every published result is measured on the same test digits.
#
#    Question: A pixel is 0 in every training digit. What can a model learn from it?
#
#    - [x] Nothing: a feature that never changes cannot tell digits apart.
#      Why: Whatever the digit, the pixel says the same thing, so it carries
#      no information about the class.
#    - [ ] A lot: the blank background is what every digit has in common.
#      Why: What every digit has in common is exactly what cannot separate them; a
#      classifier learns from what differs.
#    - [ ] It makes :class:`~sklearn.preprocessing.StandardScaler` divide by zero.
#      Why: The scaler divides such a pixel by 1 instead, so it stays 0: harmless,
#      and useless.

# %%
# Wrap-up
# -------
#
# - MNIST is a table: :func:`~digitkit.datasets.fetch_mnist` gives one row of
#   784 grey levels per digit, which reshapes into a 28 x 28 image
#   (:ref:`first look <sphx_glr_auto_examples_02_mnist_basics_plot_01_first_look.py>`).
# - The first 60,000 digits are the training set and the last 10,000 the test
#   set; both are balanced, so accuracy is a fair first score, and a model
#   that ignores the pixels gets about 11% at best
#   (:ref:`exercise 1 <mnist_basics_exercise_1>`).
# - The digits are centred: 67 pixels along the edges never carry ink in the
#   training set and tell a model nothing
#   (:ref:`exercise 2 <mnist_basics_exercise_2>`).
# - Even a crude model, the nearest average digit, reaches 82%; that, not
#   chance, is the baseline to beat
#   (:ref:`exercise 3 <mnist_basics_exercise_3>`).
#
# The next part, :ref:`binary_classifier`, trains a first real model.

# sphinx_gallery_thumbnail_number = 2
plt.show()

# sphinx_gallery_tags = ["beginner", "exercises", "MNIST", "metrics", "visualization"]
