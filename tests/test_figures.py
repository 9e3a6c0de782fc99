"""Dark twins of the gallery's figures (``docs/sphinxext/digitkit_figures.py``).

The unit tests are fast and build no site: a figure with text, a legend, a
grid, a colorbar, a black line and an image is scraped as the gallery
scrapes it, and its two PNGs are measured. The readability of text is the
WCAG contrast ratio between a text's pixels and the background around it,
found from each ``Text`` artist's extent in the saved image.

:func:`check_site_figures` checks a built site: every figure of every
example page, and every thumbnail of the gallery's index and the landing
page, has a dark twin that is dark and keeps every small dark mark of the
light figure (labels, tick labels, markers) readable. The whole site is
checked by :func:`test_every_figure_of_the_site_has_a_readable_dark_twin`
(``site`` fixture); a small build can be checked by hand::

    python -c "import sys; sys.path[:0] = ['tests', 'docs/sphinxext'];
    from test_figures import check_site_figures; print(check_site_figures('OUT/html'))"
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import re  # noqa: E402
from functools import partial  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import NamedTuple  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402
from PIL import Image  # noqa: E402
from scipy import ndimage  # noqa: E402
from sphinx_gallery.scrapers import ImagePathIterator, matplotlib_scraper  # noqa: E402

import digitkit_figures  # noqa: E402
from digitkit_figures import (  # noqa: E402
    RASTER_SUFFIXES,
    SAVEFIG,
    dark_path,
    save_dark_twin,
    scrape_light_and_dark,
    twin_rst,
)

#: WCAG 2's minimum contrast for text (level AA).
READABLE = 4.5
#: The luminance of a dark figure's background, at most.
DARK = 0.05
#: A figure's image files in a built site (not thumbnails, not srcset copies).
FIGURE_CLASSES = ("sphx-glr-single-img", "sphx-glr-multi-img")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# -- Measuring pixels ------------------------------------------------------------------

def luminance(rgb) -> np.ndarray:
    """WCAG 2 relative luminance of sRGB values in 0..1 (last axis: channels)."""
    rgb = np.asarray(rgb, dtype=float)[..., :3]
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast(a, b):
    """WCAG 2 contrast ratio of two luminances."""
    return (np.maximum(a, b) + 0.05) / (np.minimum(a, b) + 0.05)


def read_image(path, reduce: int = 1) -> np.ndarray:
    """An image as an array of RGBA values in 0..1, ``reduce`` times smaller each way."""
    with Image.open(path) as image:
        return np.asarray(image.convert("RGBA").reduce(reduce), dtype=float) / 255


def box_contrast(lum: np.ndarray, rows: slice, cols: slice, ring: int = 3) -> float:
    """The contrast of the pixels in a box (text) with the background around it.

    The background is the median luminance of a ring of ``ring`` pixels
    around the box; the text's contrast is the 98th percentile of its
    pixels' contrasts with it (the cores of its strokes, not their
    anti-aliased edges, nor a stray pixel).
    """
    top, bottom = max(rows.start - ring, 0), min(rows.stop + ring, lum.shape[0])
    left, right = max(cols.start - ring, 0), min(cols.stop + ring, lum.shape[1])
    around = np.ones((bottom - top, right - left), dtype=bool)
    around[rows.start - top:rows.stop - top, cols.start - left:cols.stop - left] = False
    background = np.median(lum[top:bottom, left:right][around])
    return float(np.percentile(contrast(lum[rows, cols], background), 98))


def text_boxes(figure) -> dict:
    """Each visible, non-empty ``Text`` of a drawn figure: its box in the saved image's pixels."""
    renderer = figure.canvas.get_renderer()
    height = figure.canvas.get_width_height()[1]
    boxes = {}
    for text in figure.findobj(matplotlib.text.Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        box = text.get_window_extent(renderer)
        rows = slice(int(height - box.y1), int(np.ceil(height - box.y0)))
        cols = slice(int(box.x0), int(np.ceil(box.x1)))
        if rows.start >= 3 and cols.start >= 3 and rows.stop < height - 3 and rows.stop > rows.start:
            boxes[text] = (rows, cols)
    return boxes


def border_luminance(pixels: np.ndarray) -> float:
    """The median luminance of the two outermost rings of pixels that are not transparent."""
    opaque = pixels[..., 3] > 0.5
    rows, cols = np.nonzero(opaque)
    part = pixels[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
    ring = np.concatenate([part[:2].reshape(-1, 4), part[-2:].reshape(-1, 4),
                           part[:, :2].reshape(-1, 4), part[:, -2:].reshape(-1, 4)])
    return float(np.median(luminance(ring[ring[:, 3] > 0.5])))


# -- A figure, scraped as the gallery scrapes it ---------------------------------------------

def draw_figure():
    """A figure with most of what the examples draw; return it and its two Axes."""
    fig, (ax, ax_image) = plt.subplots(1, 2, figsize=(8, 3.5), layout="constrained")
    x = np.linspace(0, 1, 20)
    ax.plot(x, np.full_like(x, 0.5), color="black", linewidth=6, label="a black line")
    ax.plot(x, x, color="tab:orange", label="an orange line")
    ax.plot([0.2], [0.8], "ko", label="a black marker")
    ax.grid(True)
    ax.legend(loc="lower right")
    ax.set(title="A title", xlabel="an x label", ylabel="a y label", xlim=(0, 1), ylim=(0, 1))
    ax.annotate("a note", (0.3, 0.3), xytext=(0.05, 0.1), arrowprops={"arrowstyle": "->"})
    image = ax_image.imshow(np.arange(64.0).reshape(8, 8), cmap="viridis")
    fig.colorbar(image, ax=ax_image, label="a colorbar label")
    fig.suptitle("A suptitle")
    return fig, ax, ax_image


def gallery_conf(folder: Path, **settings) -> dict:
    """The parts of sphinx-gallery's configuration its matplotlib scraper reads."""
    return {"src_dir": str(folder), "image_srcset": [], "compress_images": (),
            "compress_images_args": [], "matplotlib_animations": (False, None), **settings}


def scrape(scraper, folder: Path, n_figures: int = 1, **settings) -> tuple[str, list[Path]]:
    """Draw ``n_figures`` figures and scrape them with ``scraper``; return its reST and the images."""
    folder.mkdir(parents=True, exist_ok=True)
    for _ in range(n_figures):
        draw_figure()
    paths = ImagePathIterator(folder / "images" / "sphx_glr_plot_x_{0:03}.png")
    (folder / "images").mkdir(exist_ok=True)
    block_vars = {"image_path_iterator": paths, "example_globals": {}, "src_file": str(folder / "plot_x.py")}
    rst = scraper(None, block_vars, gallery_conf(folder, **settings))
    # The iterator names each image .png; the scraper saves it in its own format.
    saved = [next(Path(path).with_suffix(suffix) for suffix in RASTER_SUFFIXES
                  if Path(path).with_suffix(suffix).is_file()) for path in paths.paths]
    return rst, saved


@pytest.fixture
def pair(tmp_path):
    """One figure, saved light as sphinx-gallery saves it, then dark: ``(figure, Axes, light, dark)``."""
    fig, ax, ax_image = draw_figure()
    light = tmp_path / "figure.png"
    fig.savefig(light)
    twins = save_dark_twin(fig, light, {})
    return fig, ax, ax_image, read_image(light), read_image(twins[str(light)])


# -- The dark twin --------------------------------------------------------------------------

def test_the_dark_twin_has_a_dark_background_and_the_same_size(pair):
    fig, ax, _, light, dark = pair
    assert dark.shape == light.shape
    assert border_luminance(light) > 0.9
    assert border_luminance(dark) <= DARK
    height = dark.shape[0]
    x, y = ax.transData.transform((0.9, 0.2))  # inside the axes, away from anything drawn
    assert luminance(dark[int(height - y), int(x)]) <= DARK
    assert np.all(dark[..., 3] == 1), "the dark figure has transparent pixels"


def test_every_text_readable_in_light_is_readable_in_dark(pair):
    fig, *_, light, dark = pair
    boxes = text_boxes(fig)
    light_lum, dark_lum = luminance(light), luminance(dark)
    checked, unreadable = [], []
    for text, (rows, cols) in boxes.items():
        if box_contrast(light_lum, rows, cols) < READABLE:
            continue
        checked.append(text.get_text())
        ratio = box_contrast(dark_lum, rows, cols)
        if ratio < READABLE:
            unreadable.append(f"{text.get_text()!r}: {ratio:.1f}")
    tick_labels = {label.get_text() for label in fig.axes[0].get_xticklabels()}
    assert {"A title", "A suptitle", "an x label", "a y label", "a black line", "a note",
            "a colorbar label"} <= set(checked)
    assert len(tick_labels & set(checked)) >= 3, "the tick labels were not measured"
    assert not unreadable, f"text below {READABLE}:1 on the dark figure: {unreadable}"


def test_black_lines_and_markers_become_light(pair):
    _, ax, _, light, dark = pair
    height = dark.shape[0]
    for point in [(0.6, 0.5), (0.2, 0.8)]:  # on the black line, on the black marker
        x, y = ax.transData.transform(point)
        pixel = (int(height - y), int(x))
        assert luminance(light[pixel]) < 0.05
        assert contrast(luminance(dark[pixel]), border_luminance(dark)) >= READABLE


def test_an_image_keeps_its_colours_and_a_coloured_line_its_colour(pair):
    fig, ax, ax_image, light, dark = pair
    height = dark.shape[0]
    box = ax_image.images[0].get_window_extent(fig.canvas.get_renderer())
    rows = slice(int(height - box.y1) + 3, int(height - box.y0) - 3)
    cols = slice(int(box.x0) + 3, int(box.x1) - 3)
    # The same colours; only the seams between cells, which Agg blends with the
    # axes' background behind the image, differ by a shade.
    difference = np.abs(light[rows, cols] - dark[rows, cols])
    assert difference.max() < 0.06 and np.median(difference) == 0
    orange = np.array(matplotlib.colors.to_rgb("tab:orange"))
    x, y = ax.transData.transform((0.8, 0.8))  # on the orange diagonal
    assert np.abs(dark[int(height - y), int(x), :3] - orange).max() < 0.02


def test_the_light_figure_is_byte_for_byte_the_one_sphinx_gallery_saves(tmp_path):
    rst_gallery, ours_gallery = scrape(partial(matplotlib_scraper, **SAVEFIG), tmp_path / "sphinx-gallery")
    rst, ours = scrape(scrape_light_and_dark, tmp_path / "digitkit")
    names = [path.name for path in ours]
    assert names == [path.name for path in ours_gallery] == ["sphx_glr_plot_x_001.webp"]
    assert ours[0].read_bytes() == ours_gallery[0].read_bytes()
    assert Path(dark_path(ours[0])).is_file()
    assert ".. image-sg:: /images/sphx_glr_plot_x_001.webp" in rst_gallery
    assert rst.count(".. image-sg::") == 2


def test_each_twin_is_drawn_with_the_layout_of_its_light_image(tmp_path, monkeypatch):
    # With restyling made a no-op, a twin that lies exactly over its light image is that
    # image. Constrained layout moves the Axes a little at every draw (the 2x save moves
    # them from where the 1x save left them), so this holds only if each twin is drawn with
    # the layout its own light image was drawn with.
    monkeypatch.setattr(digitkit_figures, "restyle_dark", lambda figure: None)
    monkeypatch.setattr(digitkit_figures, "dark_colour", matplotlib.colors.to_rgba)
    scrape(scrape_light_and_dark, tmp_path, image_srcset=[2.0])
    images = tmp_path / "images"
    for light, twin in [("sphx_glr_plot_x_001.webp", "sphx_glr_plot_x_001_dark.webp"),
                        ("sphx_glr_plot_x_001_2_00x.webp", "sphx_glr_plot_x_001_dark_2_00x.webp")]:
        np.testing.assert_array_equal(read_image(images / twin), read_image(images / light), err_msg=twin)


def test_figures_are_saved_without_loss(tmp_path):
    # WebP, lossless: the very pixels sphinx-gallery's default PNG would hold, in fewer bytes.
    _, png = scrape(matplotlib_scraper, tmp_path / "png")
    _, webp = scrape(scrape_light_and_dark, tmp_path / "webp")
    assert png[0].suffix == ".png" and webp[0].suffix == ".webp"
    np.testing.assert_array_equal(read_image(webp[0]), read_image(png[0]))
    assert webp[0].stat().st_size < png[0].stat().st_size


def test_the_rst_shows_each_light_figure_with_its_twin(tmp_path):
    rst, paths = scrape(scrape_light_and_dark, tmp_path, n_figures=2, image_srcset=[2.0])
    blocks = re.findall(r"\.\. image-sg:: (\S+)\n((?:\s+:.*\n?)+)", rst)
    assert [uri for uri, _ in blocks] == [
        "/images/sphx_glr_plot_x_001.webp", "/images/sphx_glr_plot_x_001_dark.webp",
        "/images/sphx_glr_plot_x_002.webp", "/images/sphx_glr_plot_x_002_dark.webp",
    ]
    for (_, light_options), (dark_uri, dark_options) in zip(blocks[::2], blocks[1::2], strict=True):
        assert ":class: sphx-glr-multi-img only-light" in light_options
        assert ":class: sphx-glr-multi-img only-dark" in dark_options
        alt = re.search(r":alt: (.*)", light_options)[1]
        assert alt == re.search(r":alt: (.*)", dark_options)[1] == "A suptitle, A title"
        hi_dark = dark_uri.replace(".webp", "_2_00x.webp")
        assert f":srcset: {dark_uri}, {hi_dark} 2.00x" in dark_options
        assert (tmp_path / hi_dark.lstrip("/")).is_file()


def test_twin_rst_leaves_images_without_a_twin_alone():
    rst = ".. image-sg:: /a.png\n   :alt: A\n   :srcset: /a.png\n   :class: sphx-glr-single-img\n"
    assert twin_rst(rst, {}) == rst
    assert twin_rst(rst, {"/b.png": "/b_dark.png"}) == rst


@pytest.mark.parametrize("colour, kept", [
    ("tab:blue", True), ("tab:green", True), ("gold", True), ("black", False), ("white", False),
    ("0.7", False),
])
def test_colours_with_a_hue_are_kept_and_greys_turned_over(colour, kept):
    dark = digitkit_figures.dark_colour(colour)
    assert (dark == matplotlib.colors.to_rgba(colour)) is kept


def test_greys_keep_their_contrast_with_the_background():
    background = luminance(matplotlib.colors.to_rgb(digitkit_figures.BACKGROUND))
    for grey in ["0.3", "0.5", "0.7", "0.9"]:
        on_white = contrast(luminance(matplotlib.colors.to_rgb(grey)), 1.0)
        on_dark = contrast(luminance(digitkit_figures.dark_colour(grey)), background)
        assert on_dark == pytest.approx(on_white, rel=0.02)


# -- Thumbnails -----------------------------------------------------------------------------

def _solid_png(path: Path, colour: str, size=(64, 48)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)


def test_a_thumbnail_twin_is_made_from_the_dark_twin_of_its_figure(tmp_path):
    part = tmp_path / "auto_examples" / "01_part"
    (part / "images").mkdir(parents=True)
    (part / "plot_x.py").write_text('"""Title\n=====\n"""\n# sphinx_gallery_thumbnail_number = 2\n')
    for number, colour in [(1, "red"), (2, "blue")]:
        _solid_png(part / "images" / f"sphx_glr_plot_x_{number:03d}.png", "white")
        _solid_png(part / "images" / f"sphx_glr_plot_x_{number:03d}_dark.png", colour)
    thumbnail = part / "images" / "thumb" / "sphx_glr_plot_x_thumb.png"
    _solid_png(thumbnail, "white")
    twin = digitkit_figures.dark_thumbnail(thumbnail, (40, 28))
    assert twin == thumbnail.with_name("sphx_glr_plot_x_thumb_dark.png")
    pixels = read_image(twin)
    assert pixels.shape[:2] == (28, 40)
    assert tuple(pixels[14, 20]) == (0.0, 0.0, 1.0, 1.0)  # blue: the second figure's twin
    (part / "images" / "sphx_glr_plot_x_002_dark.png").unlink()
    assert digitkit_figures.dark_thumbnail(thumbnail, (40, 28)) is None
    assert not twin.exists(), "a twin left from a figure that has none any more"


# -- A built site ---------------------------------------------------------------------------

def _source(page: Path, img) -> Path:
    return (page.parent / img["src"]).resolve()


class Twins(NamedTuple):
    """A light image file, its dark twin, and the pixel density they are offered at."""

    light: Path
    dark: Path
    density: str = "1x"


def _twins(page: Path, images) -> tuple[list[Twins], list[str]]:
    """The twins of ``images``, each light one followed by its twin, at every density."""
    pairs, problems = [], []
    for number, img in enumerate(images):
        classes = img.get("class", [])
        if "only-dark" in classes:
            continue
        following = images[number + 1] if number + 1 < len(images) else None
        if "only-light" not in classes or following is None or "only-dark" not in following.get("class", []):
            problems.append(f"{page.name}: {img['src']} has no dark twin")
            continue
        if following.get("alt") != img.get("alt"):
            problems.append(f"{page.name}: {following['src']} is not described as its light figure")
        if following.get("loading") != "lazy":
            problems.append(f"{page.name}: {following['src']} is not loaded lazily")
        pairs.append(Twins(_source(page, img), _source(page, following)))
        light_set, dark_set = _srcset(img), _srcset(following)
        if set(light_set) != set(dark_set):
            problems.append(f"{page.name}: {following['src']} is offered at {sorted(dark_set)}, "
                            f"its light figure at {sorted(light_set)}")
        pairs += [Twins(_source(page, {"src": light_set[density]}), _source(page, {"src": dark_set[density]}),
                        density) for density in sorted(set(light_set) & set(dark_set) - {"1x"})]
    return pairs, problems


def _srcset(img) -> dict[str, str]:
    """An image's ``srcset`` by pixel density: ``{"1x": uri, "2.00x": uri}``."""
    entries = (entry.split() for entry in img.get("srcset", "").split(",") if entry.strip())
    return {(entry[1] if len(entry) > 1 else "1x"): entry[0] for entry in entries}


def site_figure_pairs(html: Path) -> tuple[list[Twins], list[str]]:
    """Every figure of every example page, and every thumbnail of the gallery's index and
    the landing page, with its dark twin: ``(pairs, problems)``."""
    html = Path(html)
    pairs, problems = [], []
    for page in sorted((html / "auto_examples").rglob("plot_*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        figures = [img for img in soup.find_all("img")
                   if set(img.get("class", [])) & set(FIGURE_CLASSES)]
        if not figures:
            problems.append(f"{page.name}: no figure")
        found, trouble = _twins(page, figures)
        pairs += found
        problems += trouble
    for page in [html / "auto_examples" / "index.html", html / "index.html"]:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        thumbnails = [img for img in soup.find_all("img") if "_thumb" in img.get("src", "")]
        if not thumbnails:
            problems.append(f"{page.name}: no thumbnail")
        found, trouble = _twins(page, thumbnails)
        pairs += found
        problems += trouble
    return pairs, problems


def dark_marks(light: np.ndarray, dark: np.ndarray) -> list[tuple[float, float]]:
    """The contrast of each small dark mark of a light figure, in light and in dark.

    A mark is a glyph-sized blob (4 to 30 pixels high and at most 30 wide) of
    near-black pixels (luminance under 0.2) on a white background: a letter,
    a digit of a tick label, a marker. Its contrast is that of the median of
    its core pixels (luminance under 0.05 in light) with the median of the
    pixels around it, measured at the same pixels in both figures.
    """
    light_lum, dark_lum = luminance(light), luminance(dark)
    ink = light_lum < 0.2
    labels, _ = ndimage.label(ink, structure=np.ones((3, 3)))
    marks = []
    for number, found in enumerate(ndimage.find_objects(labels), start=1):
        rows, cols = found
        height, width = rows.stop - rows.start, cols.stop - cols.start
        if not (4 <= height <= 30 and width <= 30):
            continue
        top, left = max(rows.start - 3, 0), max(cols.start - 3, 0)
        window = (slice(top, rows.stop + 3), slice(left, cols.stop + 3))
        core = (labels[window] == number) & (light_lum[window] < 0.05)
        around = ~ink[window]
        if core.sum() < 3 or np.median(light_lum[window][around]) < 0.9:
            continue  # a faint mark, or one on a coloured or grey ground
        marks.append(tuple(float(contrast(np.median(lum[window][core]), np.median(lum[window][around])))
                           for lum in (light_lum, dark_lum)))
    return marks


def check_pair(light_path: Path, dark_path_: Path, marks: bool = True) -> list[str]:
    """What is wrong with a figure's dark twin: missing, not dark, or (``marks``) its marks unreadable."""
    name = light_path.name
    if not dark_path_.is_file():
        return [f"{name}: its dark twin {dark_path_.name} is missing"]
    reduce = 1 if marks else 4
    light, dark = (read_image(path, reduce) for path in (light_path, dark_path_))
    if light.shape != dark.shape:
        return [f"{name}: the dark twin is {dark.shape[:2]}, not {light.shape[:2]} (reduced {reduce}x)"]
    problems = []
    if border_luminance(dark) > DARK:
        problems.append(f"{name}: the dark twin's background is not dark ({border_luminance(dark):.2f})")
    if luminance(dark).mean() >= luminance(light).mean():
        problems.append(f"{name}: the dark twin is not darker than the light figure")
    if not marks:
        return problems
    readable = [on_dark for on_light, on_dark in dark_marks(light, dark) if on_light >= READABLE]
    unreadable = [ratio for ratio in readable if ratio < READABLE]
    if unreadable:
        problems.append(f"{name}: {len(unreadable)} of {len(readable)} marks (labels, tick labels) "
                        f"below {READABLE}:1 on the dark twin, the worst {min(unreadable):.1f}:1")
    return problems


def check_site_figures(html) -> list[str]:
    """Every problem with the dark twins of a built site's figures and thumbnails.

    The marks are measured at 1x; the 2x twins are checked, scaled down, for
    size and darkness only (four times the pixels, for the same marks: each
    twin is drawn with its own light image's layout, which a unit test checks).
    """
    pairs, problems = site_figure_pairs(Path(html))
    for twins in pairs:
        problems += check_pair(twins.light, twins.dark, marks=twins.density == "1x")
    return problems


def test_the_site_check_finds_a_twin_that_is_not_dark_or_not_readable(tmp_path, monkeypatch):
    fig, *_ = draw_figure()
    light = tmp_path / "sphx_glr_plot_x_001.png"
    fig.savefig(light)
    assert any("not dark" in problem for problem in check_pair(light, light))
    assert "is missing" in check_pair(light, tmp_path / "nothing.png")[0]
    good = Path(save_dark_twin(fig, light, {})[str(light)])
    assert check_pair(light, good) == []
    plt.close(fig)
    fig, *_ = draw_figure()
    monkeypatch.setattr(digitkit_figures, "restyle_text", lambda text: None)  # texts left black
    black_text = tmp_path / "black-text.png"
    save_dark_twin(fig, light, {})
    Path(dark_path(light)).replace(black_text)
    problems = check_pair(light, black_text)
    assert any("marks (labels, tick labels) below 4.5:1" in problem for problem in problems)


def test_every_figure_of_the_site_has_a_readable_dark_twin(site):
    problems = check_site_figures(site)
    assert not problems, "\n".join(problems)
    pairs, _ = site_figure_pairs(site)
    example_pages = list((site / "auto_examples").rglob("plot_*.html"))
    assert len([twins for twins in pairs if twins.density == "1x"]) >= 2 * len(example_pages)
    assert any(twins.density == "2.00x" for twins in pairs)
