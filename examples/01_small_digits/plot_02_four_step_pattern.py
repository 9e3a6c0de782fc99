"""
The four-step pattern: import, instantiate, fit, predict
========================================================

Every scikit-learn model is used the same way: import its class, create an
instance with the settings you want, fit it to training data, and predict on
new data. This example walks through the four steps with a logistic
regression on the 8x8 digits, scores it on a held-out test set, and then
repeats the pattern with a support vector classifier that has to name six
digits it has never seen.
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
# gives each one mean 0 and variance 1, and the solver then converges in a few
# dozen steps. :func:`~sklearn.pipeline.make_pipeline` chains the two, so the
# scaler learns its means and variances from the training set only and the
# pipeline behaves like a single model.
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
# that the model called *j*, so correct answers lie on the diagonal. The 15
# mistakes are scattered; the most common one is mixing up 1s and 8s, in both
# directions.
disp = ConfusionMatrixDisplay.from_predictions(y_test, y_pred)
_ = disp.ax_.set_title("Logistic regression on 450 test digits")

# %%
# The same pattern with another model
# -----------------------------------
#
# Because every estimator follows the same four steps, swapping the model
# changes one line. Here a support vector classifier learns from all digits
# but the last six, then names those six. With ``gamma=0.001`` and
# ``C=100.0`` it needs no scaling: its kernel compares whole images, and the
# raw pixel scale suits it.
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

# sphinx_gallery_thumbnail_number = 1
plt.show()

# sphinx_gallery_tags = ["beginner", "8x8 digits", "linear models", "preprocessing"]
