"""
Exercises: multilabel and multioutput classification
====================================================

These exercises practise giving a digit several answers at once: a
multilabel target of your own, scored label by label, and the denoising task
measured with a number rather than by eye. Each takes 10 to 30 minutes once
the data is loaded. Try each one on your own before you open its solution.
"""

# %%
# Setup
# -----
#
# The usual split: the first 60,000 digits for training, the last 10,000 for
# testing. Both exercises use nearest neighbours, as the examples of this
# part do.
import matplotlib.pyplot as plt
import numpy as np

from sklearn.metrics import f1_score, mean_squared_error
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor

from digitkit.datasets import fetch_mnist
from digitkit.plotting import plot_digit

X, y = fetch_mnist(return_X_y=True)
X_train, X_test, y_train, y_test = X[:60000], X[60000:], y[:60000], y[60000:]
print(f"training set: {X_train.shape}, test set: {X_test.shape}")

# %%
# Exercise 1: A multilabel target of your own
# -------------------------------------------
#
# Ask two new questions about every digit: "is there a closed loop in it?"
# (true for 0, 6, 8 and 9) and "is it 5 or more?". Train a
# :class:`~sklearn.neighbors.KNeighborsClassifier` with its default settings
# on both labels at once, using the first 10,000 training digits so that
# predicting stays quick, and find the F1 score of each label on the
# 10,000 test digits. Which question is harder? Then answer the same two
# questions another way: predict the digit itself with the same kind of
# model, and read both answers off the predicted digit. Does the multilabel
# model do better? Hints:
# :func:`numpy.isin`, ``np.c_`` to put two columns side by side, and
# :func:`~sklearn.metrics.f1_score` with ``average=None``. The
# :ref:`multilabel example
# <sphx_glr_auto_examples_05_multilabel_multioutput_plot_01_multilabel.py>`
# built and scored a two-label target.
#
# Solution
# ~~~~~~~~
#
# Each label is a boolean column computed from the digit; ``np.c_`` stacks
# them into a table with one row per digit and one column per question.
# Nearest neighbours accept such a table as target. Fitting only stores the
# 10,000 training digits; predicting compares each test digit with all of
# them.
loop_digits = [0, 6, 8, 9]
y_train_labels = np.c_[np.isin(y_train, loop_digits), y_train >= 5]
y_test_labels = np.c_[np.isin(y_test, loop_digits), y_test >= 5]
print(f"share of test digits with a loop: {y_test_labels[:, 0].mean():.1%}, "
      f"5 or more: {y_test_labels[:, 1].mean():.1%}")

n_fit = 10000
multilabel_knn = KNeighborsClassifier(n_jobs=-1)
multilabel_knn.fit(X_train[:n_fit], y_train_labels[:n_fit])
y_pred_multilabel = multilabel_knn.predict(X_test)
f1_multilabel = f1_score(y_test_labels, y_pred_multilabel, average=None)
print(f"multilabel KNN, F1 per label: loop {f1_multilabel[0]:.4f}, "
      f"5 or more {f1_multilabel[1]:.4f}")

# %%
# The second route trains the same model on the digits themselves and turns
# each predicted digit into its two answers, with the very expressions that
# made the target.
digit_knn = KNeighborsClassifier(n_jobs=-1)
digit_knn.fit(X_train[:n_fit], y_train[:n_fit])
y_pred_digit = digit_knn.predict(X_test)
y_pred_derived = np.c_[np.isin(y_pred_digit, loop_digits), y_pred_digit >= 5]
f1_derived = f1_score(y_test_labels, y_pred_derived, average=None)
print(f"through the predicted digit, F1 per label: loop {f1_derived[0]:.4f}, "
      f"5 or more {f1_derived[1]:.4f}")
n_differ = np.count_nonzero((y_pred_multilabel != y_pred_derived).any(axis=1))
print(f"test digits where the two routes answer differently: {n_differ}")
# sphinx_gallery_start_ignore
# check exercise 1
#   f1_multilabel: atol 0.001 -- the multilabel KNN's F1 score of each label, 2 numbers
#   f1_multilabel wrong f1_derived
#       -- these are the F1 scores of the route through the predicted digit
#   f1_derived: atol 0.001 -- the F1 score of each label, through the predicted digit, 2 numbers
#   f1_derived wrong f1_multilabel -- these are the multilabel KNN's F1 scores
#   n_differ: atol 2 -- the number of test digits where the two routes answer differently
#   n_differ wrong np.count_nonzero(y_pred_multilabel != y_pred_derived)
#       -- this counts differing labels; a digit where both labels differ counts once
# sphinx_gallery_end_ignore

# %%
# The two questions turn out about equally hard, for different reasons. A
# loop is a matter of shape, but an open 6, a closed 4 or a 9 whose ring
# stays open blur it. "5 or more" is not about shape at all: to answer it,
# the model has to tell 4 from 9 and 3 from 5 or 8, pairs that look alike
# pixel by pixel.
#
# The two routes agree on all but 68 test digits, and the multilabel model
# is a little better on both questions. Both use the same five nearest
# training digits; only the vote differs. The multilabel model takes one
# vote per question, so three neighbours that are 5, 6 and 8 say "5 or more"
# together, even though the most common digit among the five may be a 3 that
# appears twice. Going through the digit first throws that agreement away.
# When the labels follow from the digit, as here, the digit classifier still
# gives them almost for free; a multilabel model is needed when they do not,
# for instance "is it written in one stroke?".
fig, ax = plt.subplots(figsize=(6.5, 4))
positions = np.arange(2)
for offset, scores, name in [(-0.2, f1_multilabel, "multilabel KNN"),
                             (0.2, f1_derived, "through the predicted digit")]:
    bars = ax.bar(positions + offset, scores, width=0.4, label=name)
    ax.bar_label(bars, fmt="%.4f", padding=2, fontsize="small")
ax.set(xticks=positions, xticklabels=["has a loop\n(0, 6, 8, 9)", "5 or more"],
       ylim=(0.9, 1), ylabel="F1 score on the 10,000 test digits",
       title="Two questions, two routes (trained on 10,000 digits)")
ax.legend(loc="upper center", ncols=2)
ax.grid(axis="y", alpha=0.3)
fig.tight_layout()

# %%
# Exercise 2: Denoising, measured
# -------------------------------
#
# The :ref:`denoising example
# <sphx_glr_auto_examples_05_multilabel_multioutput_plot_02_denoising.py>`
# cleaned noisy digits with a classifier that picks, pixel by pixel, the
# most common grey level among the clean versions of five neighbours.
# Replace it with a :class:`~sklearn.neighbors.KNeighborsRegressor`, which
# takes their average instead, and compare the two by the mean squared error
# between the cleaned and the clean pixels of the first 200 test digits.
# Do it for the noise of the example (a random whole number from 0 to 99
# added to each pixel) and for twice as much (0 to 199). Which model wins,
# and does the answer change with the noise? Hints:
# :func:`~sklearn.metrics.mean_squared_error` averages over all the pixels
# of all the digits; make the noise with ``np.random.default_rng(42)``.
#
# Solution
# ~~~~~~~~
#
# For each noise level we make the noisy training and test digits with a
# fresh, seeded generator (for the first level, the very noise of the
# example), fit both models on the 60,000 noisy training digits and clean
# the first 200 test digits. The error of the noisy digits themselves is the
# baseline to beat.
n_cleaned = 200
errors, shown = {}, {}
for noise in (100, 200):
    rng = np.random.default_rng(42)
    X_train_noisy = X_train + rng.integers(0, noise, size=X_train.shape)
    X_test_noisy = X_test[:n_cleaned] + rng.integers(0, noise, size=(n_cleaned, 784))
    clean = X_test[:n_cleaned]
    classifier = KNeighborsClassifier(n_jobs=-1).fit(X_train_noisy, X_train)
    regressor = KNeighborsRegressor(n_jobs=-1).fit(X_train_noisy, X_train)
    cleaned = {"classifier": classifier.predict(X_test_noisy),
               "regressor": regressor.predict(X_test_noisy)}
    errors[noise] = {"noisy input": mean_squared_error(clean, X_test_noisy)}
    for name, images in cleaned.items():
        errors[noise][name] = mean_squared_error(clean, images)
    shown[noise] = [X_test_noisy[0], cleaned["classifier"][0], cleaned["regressor"][0]]
    print(f"noise 0 to {noise - 1}: mean squared error "
          + ", ".join(f"{name} {error:,.0f}" for name, error in errors[noise].items()))
    # Each model keeps its noisy training digits (and the classifier an integer copy of
    # the clean ones): let both go before the next noise level makes its own.
    del X_train_noisy, classifier, regressor
# sphinx_gallery_start_ignore
# check exercise 2
#   errors: rtol 0.01
#       -- a dict, {100: {"noisy input": ..., "classifier": ..., "regressor": ...}, 200: {...}}
#   errors wrong {n: {"noisy input": e["noisy input"], "classifier": e["regressor"],
#       "regressor": e["classifier"]} for n, e in errors.items()}
#       -- the classifier's and the regressor's errors are swapped
#   look: Which model wins, and why? Look at what each returns for one pixel: one of its
#       neighbours' grey levels, or a blend of them.
# sphinx_gallery_end_ignore

# %%
# The regressor wins at both levels, with less than half the error of the
# classifier. That is what the measure asks for: the average of several
# values is the single value with the smallest squared error to them, so
# when the true pixel is about as likely to be any of the neighbours'
# pixels, their average is the best guess for the mean squared error, while
# the most common value only does well when most neighbours agree exactly.
# Note also how little the stronger noise hurts either model, although it
# made the noisy inputs four times worse: the cleaned pixels are always
# clean pixels of training digits, and the noise only changes which digits
# are found as neighbours.
#
# The price of the average shows in the images: a mean of five digits is a
# little blurred, with a grey halo where the neighbours' strokes do not
# overlap, while the classifier's pixels are crisp but sometimes wrong. The
# mean squared error rewards the blur; a reader might prefer the crisp
# digit. Choose the measure for what the cleaned digits are for.
fig, axes = plt.subplots(2, 4, figsize=(8, 4.6), layout="constrained")
for row, noise in zip(axes, shown):
    titles = [f"noise 0-{noise - 1}", "classifier", "regressor", "original"]
    for ax, image, title in zip(row, shown[noise] + [X_test[0]], titles):
        plot_digit(image, ax=ax, title=title)
fig.suptitle("The first test digit, noisy and cleaned by five neighbours")

# %%
# Check your understanding
# ------------------------
#
# A few questions on the ideas of this part. Every choice comes with its
# own explanation of why it is right or not.
#
# .. quiz::
#
#    Question: What is the difference between a multilabel and a multioutput
#    task?
#
#    - [x] Multilabel labels are yes or no; multioutput ones can take many
#      values.
#      Why: "large?" and "odd?" are two binary labels; a clean image is 784
#      labels of many values each.
#    - [ ] Multilabel needs one model per label; multioutput needs one model in
#      all.
#      Why: The nearest-neighbours model answers both labels at once; the number
#      of models is a choice of method, not part of the task.
#    - [ ] Multioutput means predicting numbers, that is regression.
#      Why: Denoising classifies each pixel's grey level; whether to classify or
#      regress them depends on the measure you care about.
#
#    Question: ``average="macro"`` and ``average="weighted"`` both combine the F1
#    scores of several labels. When do they differ most?
#
#    - [x] When a common label and a rare one score differently.
#      Why: Macro treats the labels as equally important; weighted counts each
#      label by its number of digits, so the more common one counts more.
#    - [ ] When every label is equally common.
#      Why: Then the weights are all equal and the two averages are the same.
#    - [ ] When the labels are predicted by a chain rather than by one model.
#      Why: Both averages read only the predictions and the true labels, however
#      the model made them.
#
#    Question: What does :class:`~sklearn.multioutput.ClassifierChain` give a
#    support vector classifier that one model per label does not?
#
#    - [ ] It lets one SVC predict both labels in a single fit.
#      Why: It still trains one SVC per label, in order; what it adds is the
#      extra features.
#    - [ ] It makes every prediction more accurate.
#      Why: Passing answers along can help or not: it helps only if the labels
#      tell something about each other.
#    - [x] Each model also sees the previous models' answers.
#      Why: The "odd?" model knows what the "large?" model said, so it can use
#      how the labels depend on each other; when they are independent,
#      :class:`~sklearn.multioutput.MultiOutputClassifier` is the simpler
#      choice.
#
#    Question: The label "odd?" follows from the digit itself. What does a
#    multilabel model gain over a ten-class classifier for such labels?
#
#    - [ ] Much: two labels are easier to learn than ten classes.
#      Why: A classifier of the ten digits already answers "odd?" for free, by
#      looking at its answer.
#    - [x] Little: a classifier of the class already answers them.
#      Why: Labels that the class decides add nothing a classifier of the
#      class does not know; a multilabel model earns its place with labels
#      that do not follow from it.
#    - [ ] It needs fewer training digits.
#      Why: It learns from the same digits; the labels are just another way of
#      writing what the class says.

# %%
# Wrap-up
# -------
#
# - A multilabel target is a table of yes-or-no columns; nearest neighbours
#   take it as it is, and F1 scores it label by label or averaged
#   (:ref:`multilabel <sphx_glr_auto_examples_05_multilabel_multioutput_plot_01_multilabel.py>`,
#   exercise 1).
# - Labels that follow from the class come for free from a classifier of
#   the class; a multilabel model earns its place with labels that do not
#   (exercise 1).
# - A model that knows one label at a time still answers several through
#   :class:`~sklearn.multioutput.ClassifierChain` or
#   :class:`~sklearn.multioutput.MultiOutputClassifier`
#   (:ref:`multilabel <sphx_glr_auto_examples_05_multilabel_multioutput_plot_01_multilabel.py>`).
# - In multioutput tasks such as denoising, every output is a label; whether
#   to classify or regress them depends on the measure you care about
#   (:ref:`denoising <sphx_glr_auto_examples_05_multilabel_multioutput_plot_02_denoising.py>`,
#   exercise 2).

# sphinx_gallery_thumbnail_number = 2
plt.show()

# sphinx_gallery_tags = ["intermediate", "exercises", "MNIST", "multilabel", "multioutput", "metrics"]
