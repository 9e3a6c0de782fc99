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
# with grey levels from 0 (white) to 16 (black), and the digit each one shows
# in ``target``.
import matplotlib.pyplot as plt

from sklearn.datasets import load_digits
from sklearn.metrics import ConfusionMatrixDisplay, accuracy_score, classification_report
from sklearn.svm import SVC

from digitkit.plotting import plot_digit

digits = load_digits()
print(f"images: {digits.images.shape}, labels: {digits.target.shape}")

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
# A support vector classifier with a small kernel width parameter ``gamma``
# learns from the first half of the digits. The second half stays unseen so
# that we can test the model honestly.
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
# Everything off the diagonal is a mistake. Most are rare; 3s and 8s are the
# digits this model confuses most.
disp = ConfusionMatrixDisplay.from_predictions(y_test, y_pred)
disp.ax_.set_title("Confusion matrix of the SVC on 899 test digits")

# sphinx_gallery_thumbnail_number = 3
plt.show()

# sphinx_gallery_tags = ["beginner", "8x8 digits", "support vector machines", "metrics"]
