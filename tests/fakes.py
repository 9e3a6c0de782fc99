"""Fakes for the loader's tests: tiny MNIST files and a misbehaving HTTP server.

``conftest.py`` turns them into fixtures (``tiny_mnist``, ``http_server``);
tests that need a route of their own import the route makers from here.
"""

from __future__ import annotations

import hashlib
import http.server
from pathlib import Path

import numpy as np

from digitkit import datasets
from digitkit.idx import write_idx

TINY_TRAIN, TINY_TEST = 6, 4


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class TinyMNIST:
    """Four small, valid MNIST-format files, and the arrays they hold."""

    def __init__(self, folder: Path):
        rng = np.random.default_rng(0)
        self.train_images = rng.integers(0, 256, (TINY_TRAIN, 28, 28), dtype=np.uint8)
        self.train_labels = np.array([5, 0, 4, 1, 9, 2], dtype=np.uint8)
        self.test_images = rng.integers(0, 256, (TINY_TEST, 28, 28), dtype=np.uint8)
        self.test_labels = np.array([7, 2, 1, 0], dtype=np.uint8)
        arrays = [self.train_images, self.train_labels, self.test_images, self.test_labels]
        self.source = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.contents = {}
        for name, array in zip(datasets.MNIST_FILES, arrays, strict=True):
            write_idx(folder / name, array)
            self.contents[name] = (folder / name).read_bytes()
        self.hashes = {name: _sha256(data) for name, data in self.contents.items()}

    def copy_to(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in self.contents.items():
            (folder / name).write_bytes(data)
        return folder


class MisbehavingHandler(http.server.BaseHTTPRequestHandler):
    """Serves ``server.routes``: path -> bytes, or a callable(handler) that answers."""

    def do_GET(self):  # noqa: N802 (name fixed by http.server)
        self.server.requests.append(self.path)
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404, "not here")
        elif callable(route):
            route(self)
        else:
            self.send_response(200)
            self.send_header("Content-Length", str(len(route)))
            self.end_headers()
            self.wfile.write(route)

    def log_message(self, *args):
        pass


def serve_truncated(data: bytes):
    """A route that promises the whole file and hangs up halfway through."""

    def route(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data[: len(data) // 2])
        handler.wfile.flush()
        handler.close_connection = True
        handler.connection.shutdown(2)

    return route


def serve_html(handler):
    """A route that answers like a captive portal or an error page."""
    body = b"<html><body>Please log in</body></html>"
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)
