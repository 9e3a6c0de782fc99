"""
Recognising 8x8 digits with a support vector classifier
=======================================================

This first example runs the whole supervised-learning workflow on
scikit-learn's small digits dataset: look at the images, turn them into
feature vectors, train a support vector classifier on one half of the data,
and judge it on the other half with a classification report and a confusion
matrix.
"""

# %%
# Look at the data
# ----------------
#
# :func:`~sklearn.datasets.load_digits` returns 1,797 images of 8x8 pixels,
# and the digit each one shows in ``target``. As the dataset's description
# (``digits.DESCR``) says, each pixel counts the inked dots in a 4x4 block of
# a scanned 32x32 bitmap, so its grey level goes from 0 (white) to 16
# (black).
import matplotlib.pyplot as plt
import numpy as np

from sklearn.datasets import load_digits
from sklearn.metrics import ConfusionMatrixDisplay, accuracy_score, classification_report
from sklearn.svm import SVC

from digitkit.plotting import plot_digit

digits = load_digits()
print(f"images: {digits.images.shape}, labels: {digits.target.shape}")
print(f"grey levels from {digits.images.min():.0f} to {digits.images.max():.0f}")

fig, axes = plt.subplots(1, 4, figsize=(8, 2.5))
for ax, image, label in zip(axes, digits.images, digits.target):
    plot_digit(image, ax=ax, title=f"Training: {label}")

# %%
# Turn each image into a row of features
# --------------------------------------
#
# Classifiers expect a 2-D table: one row per sample, one column per feature.
# Flattening an 8x8 image gives 64 features, one per pixel. ``digits.data``
# already holds exactly that.
n_samples = len(digits.images)
X = digits.images.reshape(n_samples, -1)
y = digits.target
print(f"feature matrix: {X.shape}")

# %%
# Train on the first half
# -----------------------
#
# A support vector classifier learns from the first half of the digits. The
# second half stays unseen so that we can test the model honestly.
#
# The classifier compares digits with a kernel, a measure of how alike two
# images are that fades with the distance between them. Its parameter
# ``gamma`` is not a width but the inverse of a squared width, 1 / width²:
# the smaller ``gamma``, the farther each training digit's influence
# reaches. A small value, 0.001, suits these pixels, which go up to 16; the
# :ref:`kernel SVM example
# <sphx_glr_auto_examples_07_beyond_the_chapter_plot_03_kernel_svm.py>`,
# later in the gallery, explains the kernel in full.
n_train = n_samples // 2
X_train, X_test = X[:n_train], X[n_train:]
y_train, y_test = y[:n_train], y[n_train:]

classifier = SVC(gamma=0.001)
classifier.fit(X_train, y_train)
y_pred = classifier.predict(X_test)
print(f"trained on {len(X_train)} digits, tested on {len(X_test)}")

# %%
# Here are the first four test digits with what the model says they are.
fig, axes = plt.subplots(1, 4, figsize=(8, 2.5))
for ax, image, prediction in zip(axes, digits.images[n_train:], y_pred):
    plot_digit(image, ax=ax, title=f"Prediction: {prediction}")

# %%
# How good is it?
# ---------------
#
# The classification report gives precision, recall and F1 score per digit:
# how trustworthy each predicted label is, and how many of each digit were
# found.
print(classification_report(y_test, y_pred))
print(f"accuracy: {accuracy_score(y_test, y_pred):.4f} on {len(y_test)} test digits")

# %%
# The confusion matrix shows which digits get mistaken for which: row *i*,
# column *j* counts the test digits showing *i* that were predicted as *j*.
# Everything off the diagonal is a mistake. Each kind of mistake is rare,
# a few digits at most. The 3s, with the lowest recall in the report above,
# are the digit the model misses most often, and its most common mistake is
# a 3 taken for an 8, as printed below the matrix.
disp = ConfusionMatrixDisplay.from_predictions(y_test, y_pred)
disp.ax_.set_title("Confusion matrix of the SVC on 899 test digits")

mistakes = disp.confusion_matrix - np.diag(np.diag(disp.confusion_matrix))
missed = mistakes.sum(axis=1)
true_digit, predicted_digit = np.unravel_index(mistakes.argmax(), mistakes.shape)
print(f"mistakes: {mistakes.sum()} of {len(y_test)}")
print(f"digit missed most often: {missed.argmax()}, {missed.max()} times")
print(f"most common mistake: true {true_digit}, predicted {predicted_digit}, "
      f"{mistakes[true_digit, predicted_digit]} times")

# sphinx_gallery_thumbnail_number = 3
plt.show()

# sphinx_gallery_tags = ["beginner", "8x8 digits", "support vector machines", "metrics"]
