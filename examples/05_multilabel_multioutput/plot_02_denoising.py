"""
Multioutput classification: cleaning noisy digits
=================================================

In multioutput classification, each sample has several labels and each label
can take more than two values. This example builds such a task from MNIST: the
input is a digit covered in random noise, and the output is the clean image,
784 pixels each with its own grey level to predict. A k-nearest-neighbours
classifier learns to remove the noise.
"""

# %%
# Add noise to the images
# -----------------------
#
# Each pixel gets a random whole number from 0 to 99 added to it, drawn from
# a seeded generator: first for the whole training set, then for the test
# set. The targets are the original, clean images.
import matplotlib.pyplot as plt
import numpy as np

from sklearn.neighbors import KNeighborsClassifier

from digitkit.datasets import fetch_mnist
from digitkit.plotting import plot_digit

mnist = fetch_mnist()
X, y = mnist.data, mnist.target
X_train, X_test = X[:60000], X[60000:]

rng = np.random.default_rng(42)
train_noise = rng.integers(0, 100, size=X_train.shape)
test_noise = rng.integers(0, 100, size=X_test.shape)
X_train_noisy, X_test_noisy = X_train + train_noise, X_test + test_noise
y_train_clean, y_test_clean = X_train, X_test
print(f"noisy inputs: {X_train_noisy.shape} for training, {X_test_noisy.shape} for testing")
print(f"noise added to a pixel: {train_noise.min()} to {train_noise.max()}")
print(f"targets: {y_train_clean.shape}, one output per pixel")
del train_noise, test_noise  # the noise is in the noisy images now: free its 440 MB

# %%
# Many outputs, many classes each
# -------------------------------
#
# Every one of the 784 outputs is a grey level, so this is multioutput *and*
# multiclass. The line between classification and regression is thin here:
# grey levels are numbers, but a classifier predicts only values it has seen
# in the training targets. :class:`~sklearn.neighbors.KNeighborsClassifier`
# handles several outputs natively. It finds the five training images whose
# noisy version is closest to the new noisy image, then, pixel by pixel,
# keeps the most common grey level among their clean versions. Most
# neighbours have a blank background where the new digit does, so the noise
# there disappears.
knn_clf = KNeighborsClassifier(n_jobs=-1)
knn_clf.fit(X_train_noisy, y_train_clean)
print(f"outputs learnt: {len(knn_clf.classes_)}")

# %%
# Clean a few test digits
# -----------------------
#
# Predicting is the expensive step, since every new image is compared with
# all 60,000 training images. Five test digits are enough to see the effect.
n_shown = 5
X_test_cleaned = knn_clf.predict(X_test_noisy[:n_shown])
noisy_error = np.abs(X_test_noisy[:n_shown] - y_test_clean[:n_shown]).mean()
cleaned_error = np.abs(X_test_cleaned - y_test_clean[:n_shown]).mean()
print(f"mean gap to the clean pixels: {noisy_error:.1f} grey levels before, {cleaned_error:.1f} after")

# %%
# The cleaned images are not copies of the originals: each is stitched
# together from the clean versions of similar training digits, so stroke
# thickness and small details differ. The digit itself is clearly readable,
# and the background speckle is almost entirely gone.
fig, axes = plt.subplots(n_shown, 3, figsize=(6, 2 * n_shown))
for row, (noisy, cleaned, original) in enumerate(
    zip(X_test_noisy, X_test_cleaned, y_test_clean)
):
    plot_digit(noisy, ax=axes[row, 0])
    plot_digit(cleaned, ax=axes[row, 1])
    plot_digit(original, ax=axes[row, 2])
for ax, title in zip(axes[0], ["noisy input", "cleaned by k-NN", "original"]):
    ax.set_title(title)
fig.suptitle("Denoising the first five test digits")
fig.tight_layout()

plt.show()

# sphinx_gallery_tags = ["intermediate", "MNIST", "multioutput", "nearest neighbors"]
