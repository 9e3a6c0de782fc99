"""
The four-step pattern: import, instantiate, fit, predict
========================================================

Every scikit-learn model is used the same way: import its class, create an
instance with the settings you want, fit it to training data, and predict on
new data. This example walks through the four steps with a logistic
regression on the 8x8 digits, scores it on a held-out test set, and then
repeats the pattern with a support vector classifier that has to name six
digits it has never seen, and shows why that classifier's settings depend on
the scale of the pixels.
"""

# %%
# Split the data
# --------------
#
# Step one, the imports, sits at the top of this cell. Before any model, keep
# a quarter of the digits aside with
# :func:`~sklearn.model_selection.train_test_split`: the model learns from
# the other three quarters and is judged on this test set only. Fixing
# ``random_state`` makes the shuffle, and so every number below, repeatable.
import matplotlib.pyplot as plt
import numpy as np

from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import ConfusionMatrixDisplay, accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from digitkit.plotting import plot_digit

digits = load_digits()
X_train, X_test, y_train, y_test = train_test_split(
    digits.data, digits.target, test_size=0.25, random_state=0
)
print(f"training set: {X_train.shape}, test set: {X_test.shape}")
print(f"pixel values from {digits.data.min():.0f} to {digits.data.max():.0f}")

# %%
# Step two: instantiate
# ---------------------
#
# Creating the model only stores its settings; nothing is learned yet.
#
# Logistic regression finds its weights with an iterative solver (``lbfgs``)
# that stops after ``max_iter=100`` steps. On raw pixels, which range from 0
# to 16 and vary a lot in spread (the corner pixels are almost always 0), that
# is not enough: the solver stops early and scikit-learn raises a
# :class:`~sklearn.exceptions.ConvergenceWarning`. Raising ``max_iter``
# silences it at the cost of a slower fit. The better cure is to put every
# pixel on the same scale: a :class:`~sklearn.preprocessing.StandardScaler`
# gives each one mean 0 and variance 1 (a pixel that is 0 in every training
# digit simply stays 0), and the solver then converges in a few dozen steps.
# :func:`~sklearn.pipeline.make_pipeline` chains the two, so the scaler
# learns its means and variances from the training set only and the pipeline
# behaves like a single model.
model = make_pipeline(StandardScaler(), LogisticRegression())
print(model)

# %%
# Step three: fit
# ---------------
#
# ``fit`` learns from the training digits and their labels. It returns the
# fitted model, whose logistic regression now holds one row of 64 weights per
# digit class.
model.fit(X_train, y_train)
print(f"weights: {model[-1].coef_.shape}, iterations: {model[-1].n_iter_[0]}")

# %%
# Step four: predict
# ------------------
#
# ``predict`` labels digits the model has not seen. Accuracy is the share of
# test digits it labels correctly.
y_pred = model.predict(X_test)
accuracy = accuracy_score(y_test, y_pred)
print(f"accuracy: {accuracy:.4f} on {len(y_test)} test digits")

# %%
# Where are the mistakes?
# -----------------------
#
# Accuracy is a single number; the confusion matrix shows which digits are
# taken for which. Row *i*, column *j* counts the test digits showing *i*
# that the model called *j*, so correct answers lie on the diagonal. The
# mistakes are scattered; the most common one is mixing up 1s and 8s, in both
# directions, as the counts printed below the matrix show.
disp = ConfusionMatrixDisplay.from_predictions(y_test, y_pred)
_ = disp.ax_.set_title("Logistic regression on 450 test digits")

cm = disp.confusion_matrix
print(f"mistakes: {(y_pred != y_test).sum()} of {len(y_test)}")
print(f"1s taken for 8s: {cm[1, 8]}, 8s taken for 1s: {cm[8, 1]}")
print(f"largest count off the diagonal: {(cm - np.diag(np.diag(cm))).max()}")

# %%
# The same pattern with another model
# -----------------------------------
#
# Because every estimator follows the same four steps, swapping the model
# changes one line. Here a support vector classifier learns from all digits
# but the last six, then names those six. It gets no scaler this time: its
# ``gamma=0.001`` was chosen for the raw pixels, from 0 to 16. The next
# section shows why that matters.
svc = SVC(gamma=0.001, C=100.0)
svc.fit(digits.data[:-6], digits.target[:-6])
last_six = svc.predict(digits.data[-6:])
print(f"predicted: {last_six.tolist()}")
print(f"truth:     {digits.target[-6:].tolist()}")

# %%
# All six are right. Here they are, with the model's answers.
fig, axes = plt.subplots(1, 6, figsize=(9, 2))
for ax, image, label in zip(axes, digits.images[-6:], last_six):
    plot_digit(image, ax=ax, title=f"Predicted: {label}")
fig.suptitle("The six held-out digits")

# %%
# Scale and gamma go together
# ---------------------------
#
# The support vector classifier compares two digits *x* and *x'* with its
# kernel, ``exp(-gamma * ||x - x'||²)``: a similarity that is 1 for identical
# images and fades as the distance between them grows. The distance depends
# on the scale of the pixels, so ``gamma`` does too. Divide every pixel by 16,
# to the range 0 to 1, and every squared distance shrinks 256-fold: with the
# same ``gamma``, each training digit's influence now reaches 16 times
# farther, and the model changes, here for the worse. Multiply ``gamma`` by
# 256 and the kernel, hence the model, is the one of the raw pixels again.
# Each model below learns from the logistic regression's training set and is
# scored on its test set.
for name, scale, gamma in [("raw pixels", 1, 0.001),
                           ("pixels / 16", 16, 0.001),
                           ("pixels / 16", 16, 0.001 * 256)]:
    svc_scaled = SVC(gamma=gamma, C=100.0).fit(X_train / scale, y_train)
    print(f"{name}, gamma={gamma:g}: accuracy {svc_scaled.score(X_test / scale, y_test):.4f}")

# %%
# Support vector machines are not scale invariant, as scikit-learn's user
# guide warns: whenever the features change scale, ``gamma`` must be chosen
# again. The raw pixels here all share one scale, and ``gamma`` was chosen
# for it. The usual course is the one taken for the logistic regression
# above: a scaler in a pipeline, and ``gamma`` chosen for the scaled data.

# %%
# Check your understanding
# ------------------------
#
# A few questions on the ideas of this part. Every choice comes with its
# own explanation of why it is right or not.
#
# .. quiz::
#
#    Question: Why is the model judged on a quarter of the digits kept aside by
#    ``train_test_split``, rather than on the digits it learned from?
#
#    - [ ] Predicting the training digits again would take too long.
#      Why: Time is not the issue: predicting is just as quick on either set. What
#      matters is which digits the score is about.
#    - [x] Only digits it never saw show how it will do on new ones.
#      Why: On its own training digits a model can be right from memory,
#      so only held-out digits give an honest score.
#    - [ ] The digits kept aside are easier, so the score is higher.
#      Why: The split is a random shuffle: the test digits are neither easier nor
#      harder on average, just unseen.
#
#    Question: The logistic regression sits in a pipeline after a
#    :class:`~sklearn.preprocessing.StandardScaler`. What does ``fit`` do to the
#    scaler?
#
#    - [ ] Nothing: a scaler has nothing to learn.
#      Why: It has: it must learn each pixel's mean and variance before it can
#      scale anything, and ``fit`` is when it does.
#    - [x] It learns each pixel's mean and variance from the training digits.
#      Why: The pipeline behaves like one model: the scaler learns from the
#      training set only, and ``predict`` scales new digits with those same
#      values.
#    - [ ] It learns the means and variances of the training and test digits
#      together.
#      Why: The test digits play no part in ``fit``; if they did, the test score
#      would no longer be about unseen digits.
#
#    Question: In the confusion matrix of the page, what does the cell in row *i*,
#    column *j* count?
#
#    - [ ] The test digits the model called *i* that really show *j*.
#      Why: That is the matrix the other way round: rows are the true digits,
#      columns the model's answers.
#    - [ ] The share of all test digits that are *i* or *j*.
#      Why: The cells are plain counts of one true digit and one answer, not
#      shares, and not of a pair of digits.
#    - [x] The test digits showing *i* that the model called *j*.
#      Why: Rows are the true digits and columns the answers, so the
#      correct answers lie on the diagonal.
#
#    Question: Divide every pixel by the largest grey level and keep the support
#    vector classifier's ``gamma``: why does the model change?
#
#    - [ ] The pixels lose information when they are divided.
#      Why: Nothing is lost: multiplying ``gamma`` by the square of that factor
#      gives back exactly the model of the raw pixels.
#    - [x] The distances between digits shrink, so each digit reaches farther.
#      Why: The kernel compares digits by their distance, which shrinks with
#      the pixels; support vector machines are not scale invariant, so
#      ``gamma`` must be chosen again whenever the features change scale.
#    - [ ] The classifier rescales its inputs by itself, so ``gamma`` no longer
#      applies.
#      Why: It does not rescale anything: that is why scaling the pixels changes
#      the kernel, and why a scaler in a pipeline is the usual course.

# sphinx_gallery_thumbnail_number = 1
plt.show()

# sphinx_gallery_tags = ["beginner", "8x8 digits", "linear models", "preprocessing"]
