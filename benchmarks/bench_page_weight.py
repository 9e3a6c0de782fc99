"""What a page of the built site weighs once a reader has scrolled through it all; print a table.

For each page: the HTML, the local style sheets and scripts it links and
every image it shows, each counted as a static host with gzip would send it
(images as they are: they are compressed already). Three readers: a light
mode one on a 1x screen, the same on a 2x screen (the ``srcset`` version of
each figure), and a dark-mode one on a 2x screen (the dark twins). Lazy
loading is not counted: this is the whole page, scrolled to its end.
Lighthouse's byte count (``bench_lighthouse.py``) is what the first screen
costs; this is what the page costs.

Usage::

    python benchmarks/bench_page_weight.py docs/_build/html [PAGE ...]

Without pages, the landing page, the gallery index and the three example
pages with the most figures.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

#: The density a reader's screen asks of a ``srcset``.
DENSITIES = {"light, 1x": ("only-dark", "1x"), "light, 2x": ("only-dark", "2.00x"),
             "dark, 2x": ("only-light", "2.00x")}


@cache
def _gzipped(path: Path) -> int:
    data = path.read_bytes()
    if path.suffix.lower() in {".webp", ".png", ".jpg", ".jpeg", ".gif", ".woff2", ".woff"}:
        return len(data)
    return len(gzip.compress(data, compresslevel=6))


def _local(page: Path, uri: str | None) -> Path | None:
    if not uri:
        return None
    target = urlsplit(uri)
    if target.scheme or target.netloc or not target.path:
        return None
    path = (page.parent / unquote(target.path)).resolve()
    return path if path.is_file() else None


def _srcset(img) -> dict[str, str]:
    entries = (entry.split() for entry in img.get("srcset", "").split(",") if entry.strip())
    return {(entry[1] if len(entry) > 1 else "1x"): entry[0] for entry in entries}


def page_weight(page: Path, hidden_class: str, density: str) -> dict[str, int]:
    """Bytes (as sent with gzip) of ``page``, its assets and its images, for one reader.

    Parameters
    ----------
    page : Path
        A page of the built site.
    hidden_class : str
        The class of the images this reader's colour mode hides
        (``"only-dark"`` in light mode).
    density : str
        The ``srcset`` density the reader's screen picks (``"1x"``, ``"2.00x"``).
    """
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assets = {_local(page, tag.get("href")) for tag in soup.find_all("link", rel="stylesheet")}
    assets |= {_local(page, tag.get("src")) for tag in soup.find_all("script")}
    images = set()
    for img in soup.find_all("img"):
        if hidden_class in img.get("class", []):
            continue
        choices = _srcset(img)
        images.add(_local(page, choices.get(density, img.get("src"))))
    assets.discard(None)
    images.discard(None)
    return {"html": _gzipped(page), "assets": sum(map(_gzipped, assets)),
            "images": sum(map(_gzipped, images)), "n_images": len(images)}


def default_pages(html: Path) -> list[Path]:
    examples = sorted((html / "auto_examples").rglob("plot_*.html"),
                      key=lambda page: -len(re.findall(r"sphx-glr-(?:single|multi)-img only-light",
                                                       page.read_text(encoding="utf-8"))))
    return [html / "index.html", html / "auto_examples" / "index.html", *examples[:3]]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path, help="the built site (docs/_build/html)")
    parser.add_argument("pages", nargs="*", help="pages, relative to the site")
    args = parser.parse_args(argv)
    pages = [args.html / page for page in args.pages] or default_pages(args.html)
    print(f"{'page':<62}" + "".join(f"{reader + ' (KB)':>18}" for reader in DENSITIES) + f"{'images':>8}")
    for page in pages:
        weights = {reader: page_weight(page, *how) for reader, how in DENSITIES.items()}
        total = {reader: (w["html"] + w["assets"] + w["images"]) / 1000 for reader, w in weights.items()}
        print(f"{str(page.relative_to(args.html)):<62}" + "".join(f"{kb:>18,.0f}" for kb in total.values())
              + f"{weights['light, 1x']['n_images']:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
