"""Every figure of the gallery in light and dark, shown by the theme's own switch.

- :func:`scrape_light_and_dark` is the gallery's image scraper
  (``sphinx_gallery_conf["image_scrapers"]``). It lets sphinx-gallery's own
  matplotlib scraper save each figure as it always has (same files, same
  pixels), then restyles the same ``Figure`` objects for a dark page
  (:func:`restyle_dark`) and saves ``<name>_dark.webp`` beside each, with
  the same size and layout: the twin lies exactly over its light figure.
  The example never runs twice, and what a reader downloads is untouched.
- The page shows the light figure with the class ``only-light`` and its twin
  with ``only-dark``: pydata-sphinx-theme hides the one that does not match
  its colour mode (``display: none``), so the switch changes the figure at
  once, without a reload. The dark twin loads lazily (``loading="lazy"``):
  a browser does not fetch a hidden lazy image, so a light-mode reader does
  not download the twins (``digitkit.css`` hides the twin that does not
  match the system's scheme until the theme's script has chosen a mode).
- Thumbnails (gallery indexes, related examples, the landing page's map) get
  a dark twin too, scaled from the dark twin of the figure sphinx-gallery
  made the thumbnail from (:func:`make_dark_thumbnails`), and shown the same
  way (:class:`DarkThumbnails`).

What turns dark: the backgrounds of the figure, axes and legends; text,
ticks, tick labels, spines, grid lines, legend frames, annotation arrows;
lines, markers and edges drawn in black or grey. Those neutral colours are
replaced by greys between the dark page's background and its text colour
that keep their contrast with the background (:func:`dark_colour`): black
becomes the page's text colour, white its background, a light grey grid a
dim one. Colours with a hue carry meaning (the classes, the curves of a
legend) and are kept. Images are kept as they are, digits included: the
examples name the colours of their digit images ("grey level from 0 (white)
to 16 (black)", "blank pixels (black)"), so a dark page shows the same black
ink on white paper, framed by the dark figure. What is drawn over an image
(a confusion matrix's counts, a mark on a digit) keeps its colours too, as
do colour-mapped collections (a colorbar's scale).
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path, PurePosixPath

import numpy as np
from docutils import nodes
from sphinx.transforms import SphinxTransform

#: The dark page's background and text colours (pydata-sphinx-theme's
#: ``--pst-color-background`` and ``--pst-color-text-base`` in dark mode).
BACKGROUND = "#14181e"
FOREGROUND = "#ced6dd"
#: A colour whose channels differ by at most this much is a grey (neutral):
#: it only carries lightness, and is restyled. Others carry a hue, and are kept.
NEUTRAL_CHROMA = 0.1
#: The dark twin of ``name.png`` is ``name_dark.png``.
DARK_SUFFIX = "_dark"
LIGHT_CLASS, DARK_CLASS = "only-light", "only-dark"
#: How every figure is saved: lossless WebP, the same pixels as a PNG in
#: fewer bytes (40 % of them on part 1's figures), which
#: every browser the theme supports shows. sphinx-gallery names the
#: thumbnails after the figure's format, so they are WebP too (an example
#: without a figure keeps sphinx-gallery's PNG stand-in).
SAVEFIG = {"format": "webp", "pil_kwargs": {"lossless": True}}
#: The file types a figure or a thumbnail may have, :data:`SAVEFIG`'s first.
RASTER_SUFFIXES = (".webp", ".png")
#: A thumbnail sphinx-gallery writes, by its path or URI.
THUMBNAIL = re.compile(r"(?:^|/)images/thumb/sphx_glr_(?P<stem>.+)_thumb(?:"
                       + "|".join(map(re.escape, RASTER_SUFFIXES)) + ")$")


# -- Colours -------------------------------------------------------------------------

def _linear(rgb) -> np.ndarray:
    """sRGB channels (0 to 1) to linear light, as WCAG 2 defines it."""
    rgb = np.asarray(rgb, dtype=float)
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _encode(linear) -> np.ndarray:
    """Linear light to sRGB channels (0 to 1)."""
    linear = np.clip(np.asarray(linear, dtype=float), 0, 1)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


def relative_luminance(rgb) -> np.ndarray:
    """WCAG 2 relative luminance of sRGB colours (channels 0 to 1, last axis).

    Parameters
    ----------
    rgb : array-like of shape (..., 3) or (..., 4)
        Colours; an alpha channel is ignored.

    Returns
    -------
    ndarray of shape (...)

    Examples
    --------
    >>> float(relative_luminance([1, 1, 1])), float(relative_luminance([0, 0, 0]))
    (1.0, 0.0)
    """
    linear = _linear(np.asarray(rgb, dtype=float)[..., :3])
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast_ratio(luminance_a, luminance_b):
    """WCAG 2 contrast ratio of two relative luminances (1 to 21).

    Examples
    --------
    >>> round(float(contrast_ratio(1.0, 0.0)), 1)
    21.0
    """
    high, low = np.maximum(luminance_a, luminance_b), np.minimum(luminance_a, luminance_b)
    return (high + 0.05) / (low + 0.05)


def is_neutral(colour) -> bool:
    """Whether ``colour`` is a grey (black and white included), by :data:`NEUTRAL_CHROMA`."""
    from matplotlib.colors import to_rgba

    red, green, blue, _ = to_rgba(colour)
    return max(red, green, blue) - min(red, green, blue) <= NEUTRAL_CHROMA


def dark_colour(colour) -> tuple[float, float, float, float]:
    """The colour that plays the part of ``colour`` on a dark page.

    A grey, drawn on white, becomes the grey between :data:`BACKGROUND` and
    :data:`FOREGROUND` that has the same contrast with the dark background
    as it had with white (at most the foreground's): black becomes the
    foreground, white the background. A colour with a hue is kept. Alpha is
    kept.

    Parameters
    ----------
    colour : matplotlib colour

    Returns
    -------
    tuple of 4 floats
        RGBA.

    Examples
    --------
    >>> from matplotlib.colors import to_hex
    >>> to_hex(dark_colour("black")), to_hex(dark_colour("white")), to_hex(dark_colour("tab:blue"))
    ('#ced6dd', '#14181e', '#1f77b4')
    """
    from matplotlib.colors import to_rgba

    rgba = to_rgba(colour)
    if rgba[3] == 0 or not is_neutral(rgba):
        return rgba
    background, foreground = to_rgba(BACKGROUND), to_rgba(FOREGROUND)
    lum_bg, lum_fg = relative_luminance(background), relative_luminance(foreground)
    target = contrast_ratio(relative_luminance(rgba), 1.0) * (lum_bg + 0.05) - 0.05
    share = np.clip((target - lum_bg) / (lum_fg - lum_bg), 0, 1)
    linear = _linear(background[:3]) + share * (_linear(foreground[:3]) - _linear(background[:3]))
    return (*(float(channel) for channel in _encode(linear)), rgba[3])


def _meant_for_light(colour) -> bool:
    """Whether a grey text colour reads better on white than on black."""
    luminance = relative_luminance(np.asarray(_rgba(colour)))
    return bool(contrast_ratio(luminance, 1.0) >= contrast_ratio(luminance, 0.0))


def _rgba(colour):
    from matplotlib.colors import to_rgba

    return to_rgba(colour)


def _is_none(colour) -> bool:
    return isinstance(colour, str) and colour.lower() == "none"


# -- Restyling a figure --------------------------------------------------------------

def kept_artists(figure) -> set:
    """The artists of ``figure`` whose colours stay: images, and what is drawn over them.

    Every image (a digit, a confusion matrix), and in each Axes that shows
    one, everything it draws as data (the counts over a confusion matrix's
    cells, a mark on a digit), with their descendants. The Axes' own
    decorations (title, ticks, spines, legend) are not kept.
    """
    from matplotlib.image import _ImageBase

    kept = set(figure.findobj(_ImageBase))
    for ax in figure.get_axes():
        if not ax.images:
            continue
        for artist in [*ax.lines, *ax.patches, *ax.collections, *ax.texts, *ax.artists, *ax.tables]:
            kept.update(artist.findobj())
    return kept


def restyle_text(text) -> None:
    """Restyle a ``Text`` (and its box and arrow, if any) for a dark page.

    A grey text meant for a light background becomes light; a light text
    (white on a coloured bar) is kept, unless it sits in a grey box, which
    is turned over with it.
    """
    box = text.get_bbox_patch()
    grey_box = box is not None and box.get_facecolor()[3] > 0 and is_neutral(box.get_facecolor())
    colour = text.get_color()
    if is_neutral(colour) and (grey_box or _meant_for_light(colour)):
        text.set_color(dark_colour(colour))
    for patch in (box, getattr(text, "arrow_patch", None)):  # its box, an Annotation's arrow
        if patch is not None:
            restyle_patch(patch)


def restyle_line(line) -> None:
    """Restyle a ``Line2D`` (a curve, a tick, a grid line, a legend handle): its greys."""
    # All read first: a marker colour left to "auto" follows the line's colour once set.
    attributes = ("color", "markerfacecolor", "markeredgecolor", "markerfacecoloralt")
    colours = {attribute: getattr(line, f"get_{attribute}")() for attribute in attributes}
    for attribute, colour in colours.items():
        if not _is_none(colour) and _rgba(colour)[3] > 0:
            getattr(line, f"set_{attribute}")(dark_colour(colour))


def restyle_patch(patch) -> None:
    """Restyle a ``Patch`` (a background, a spine, a bar, a legend frame): its greys."""
    for attribute in ("facecolor", "edgecolor"):
        colour = getattr(patch, f"get_{attribute}")()
        if colour[3] > 0:  # a transparent one set again would take the patch's alpha
            getattr(patch, f"set_{attribute}")(dark_colour(colour))


def restyle_collection(collection) -> None:
    """Restyle a ``Collection`` (markers of a scatter, line segments): its greys.

    The faces of a colour-mapped collection (a colorbar's scale, a
    ``pcolormesh``) carry meaning and are kept, as are edges drawn in the
    faces' colours.
    """
    faces, edges = collection.get_facecolor(), collection.get_edgecolor()
    edges_are_faces = edges is faces  # edgecolor="face"
    if collection.get_array() is None and np.any(faces[:, 3] > 0):
        collection.set_facecolor([dark_colour(colour) for colour in faces])
    if not edges_are_faces and np.any(edges[:, 3] > 0):
        collection.set_edgecolor([dark_colour(colour) for colour in edges])


def restyle_dark(figure) -> None:
    """Restyle ``figure`` in place for a dark page (see the module's docstring).

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        A figure already saved in its light colours; it is changed for good.
    """
    from matplotlib.collections import Collection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text

    kept = kept_artists(figure)
    for artist in figure.findobj():
        if artist in kept:
            continue
        kept.add(artist)  # restyled once only: a dark colour restyled again would dim
        if isinstance(artist, Text):
            restyle_text(artist)
        elif isinstance(artist, Line2D):
            restyle_line(artist)
        elif isinstance(artist, Patch):
            restyle_patch(artist)
        elif isinstance(artist, Collection):
            restyle_collection(artist)


# -- Saving the twins ----------------------------------------------------------------

def dark_path(path):
    """The dark twin's path of an image path (``x/name.png`` -> ``x/name_dark.png``).

    Examples
    --------
    >>> dark_path("images/sphx_glr_plot_01_001.png")
    'images/sphx_glr_plot_01_001_dark.png'
    """
    pure = PurePosixPath(path)
    return str(pure.with_name(f"{pure.stem}{DARK_SUFFIX}{pure.suffix}"))


def savefig_kwargs(figure, kwargs: dict) -> dict:
    """The keyword arguments sphinx-gallery's matplotlib scraper passes to ``savefig``.

    As in ``sphinx_gallery.scrapers.matplotlib_scraper``: the scraper's own
    ``kwargs``, plus the figure's face and edge colours where they differ
    from matplotlib's defaults.
    """
    import matplotlib
    from matplotlib.colors import to_rgba

    these = dict(kwargs)
    for attribute in ("facecolor", "edgecolor"):
        value = getattr(figure, f"get_{attribute}")()
        if to_rgba(value) != to_rgba(matplotlib.rcParams[f"figure.{attribute}"]) and attribute not in kwargs:
            these[attribute] = value
    return these


def _saved_dpi(figure, these: dict) -> float:
    import matplotlib

    dpi = matplotlib.rcParams["savefig.dpi"]
    return these.get("dpi", figure.dpi if dpi == "figure" else dpi)


def figure_layout(figure) -> dict:
    """Where ``figure``'s layout engine put things: what :func:`restore_layout` puts back.

    The position (original and active), anchor and box aspect of every Axes
    (colorbars and the Axes of subfigures included) and the position of the
    figure's super title and labels: all that matplotlib's constrained and
    tight layouts move.
    """
    axes = [(ax, ax.get_position(original=True).frozen(), ax.get_position().frozen(),
             ax.get_anchor(), ax.get_box_aspect()) for ax in figure.axes]
    texts = [(text, text.get_position())
             for text in (getattr(figure, name, None) for name in ("_suptitle", "_supxlabel", "_supylabel"))
             if text is not None]
    return {"axes": axes, "texts": texts}


def restore_layout(figure, layout: dict) -> None:
    """Put ``figure`` back as :func:`figure_layout` found it, and keep it there.

    The layout engine is turned off (``"none"``): run again, constrained
    layout starts from where it last left things and may move an Axes by a
    pixel, and the twin would no longer lie over its light figure.
    """
    figure.set_layout_engine("none")
    for ax, original, active, anchor, box_aspect in layout["axes"]:
        ax._set_position(original, which="original")
        ax._set_position(active, which="active")
        ax.set_anchor(anchor)
        ax.set_box_aspect(box_aspect)
    for text, position in layout["texts"]:
        text.set_position(position)


class LayoutRecorder:
    """The layout each figure was last drawn with at each resolution, recorded while it is saved.

    matplotlib's constrained layout is an iteration that goes on from where its
    last draw left things: saving a figure at 2x moves its Axes a little, and
    saving it at 1x again would not give the 1x figure already saved. The
    recorder listens to each figure's ``draw_event`` while sphinx-gallery saves
    it and keeps :func:`figure_layout` by dpi, so the dark twin of each
    resolution is drawn with exactly the layout of its light figure.

    Parameters
    ----------
    figures : list of matplotlib.figure.Figure
        The figures about to be saved.

    Examples
    --------
    >>> import io
    >>> import matplotlib.pyplot as plt
    >>> figure = plt.figure(layout="constrained")
    >>> with LayoutRecorder([figure]) as layouts:
    ...     figure.savefig(io.BytesIO(), dpi=100)
    ...     figure.savefig(io.BytesIO(), dpi=200)
    >>> sorted(layouts[figure])
    [100.0, 200.0]
    >>> plt.close(figure)
    """

    def __init__(self, figures):
        self.figures = list(figures)
        self.layouts = {figure: {} for figure in self.figures}
        self._connections = []

    def _record(self, event) -> None:
        figure = event.canvas.figure
        if figure in self.layouts:
            self.layouts[figure][float(figure.dpi)] = figure_layout(figure)

    def __enter__(self) -> dict:
        self._connections = [(figure.canvas, figure.canvas.mpl_connect("draw_event", self._record))
                             for figure in self.figures]
        return self.layouts

    def __exit__(self, *exc) -> None:
        for canvas, connection in self._connections:
            canvas.mpl_disconnect(connection)


def save_dark_twin(figure, light_path, kwargs: dict, srcset=(), layouts=None) -> dict:
    """Restyle ``figure`` for dark and save it beside its light image.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The figure sphinx-gallery saved as ``light_path``; its layout engine
        is turned off (``"none"``), so that it keeps the layout it was saved
        with.
    light_path : str or Path
        The light image, already saved.
    kwargs : dict
        The scraper's keyword arguments for ``savefig`` (see
        :func:`savefig_kwargs`); the twin is saved with the same size and
        resolution, and the dark versions of the colours it saved.
    srcset : sequence of float
        The multiples of sphinx-gallery's ``image_srcset`` (``[2.0]``):
        each gets a dark twin, named as sphinx-gallery names them
        (``name_dark_2_00x.webp``).
    layouts : dict, optional
        The layout of each light image by dpi (:class:`LayoutRecorder`); each
        twin is drawn with the layout of its light image. Without it, the
        figure keeps the layout of its last draw (one light image saved).

    Returns
    -------
    dict
        The twin's path of each image written, by light path: the image
        itself and each of its ``srcset`` versions.
    """
    import matplotlib

    these = savefig_kwargs(figure, kwargs)
    for attribute in ("facecolor", "edgecolor"):
        saved = these.get(attribute, matplotlib.rcParams[f"savefig.{attribute}"])
        if isinstance(saved, str) and saved == "auto":
            saved = getattr(figure, f"get_{attribute}")()
        these[attribute] = dark_colour(saved)
    figure.set_layout_engine("none")  # until a recorded layout is restored: the last draw's
    restyle_dark(figure)
    light = PurePosixPath(Path(light_path).as_posix())
    dpi = _saved_dpi(figure, these)
    twins = {}
    for multiple in (1, *srcset):
        tail = "" if multiple == 1 else f"_{multiple:.2f}".replace(".", "_") + f"x{light.suffix}"
        light_file = light if multiple == 1 else light.with_name(light.stem + tail)
        dark = PurePosixPath(dark_path(light))
        dark_file = dark if multiple == 1 else dark.with_name(dark.stem + tail)
        if layouts and float(multiple * dpi) in layouts:
            restore_layout(figure, layouts[float(multiple * dpi)])
        figure.savefig(dark_file, **{**these, "dpi": multiple * dpi})
        twins[str(light_file)] = str(dark_file)
    return twins


# -- The scraper and its reST ------------------------------------------------------------

_IMAGE_SG = re.compile(r"^(?P<indent> *)\.\. image-sg:: (?P<uri>\S+)\s*$")


def _directive_blocks(lines: list[str]):
    """Yield ``(start, end, indent)`` of each ``image-sg`` directive in reST lines."""
    index = 0
    while index < len(lines):
        match = _IMAGE_SG.match(lines[index])
        if not match:
            index += 1
            continue
        indent = len(match["indent"])
        end = index + 1
        while end < len(lines) and lines[end].strip() and len(lines[end]) - len(lines[end].lstrip()) > indent:
            end += 1
        yield index, end, indent
        index = end


def _with_class(block: list[str], indent: int, name: str) -> list[str]:
    """An ``image-sg`` directive's lines with one more class."""
    for number, line in enumerate(block):
        if line.strip().startswith(":class:"):
            return [*block[:number], f"{line.rstrip()} {name}", *block[number + 1:]]
    option_indent = " " * (len(block[1]) - len(block[1].lstrip()) if len(block) > 1 else indent + 3)
    return [*block, f"{option_indent}:class: {name}"]


def twin_rst(rst: str, twins: dict[str, str]) -> str:
    """Give each ``image-sg`` of ``rst`` whose image has a dark twin that twin beside it.

    The light image gets the class ``only-light``; a copy of its directive
    follows it, naming the twin's files, with the class ``only-dark``. Alt
    texts and sphinx-gallery's classes are the same in both.

    Parameters
    ----------
    rst : str
        What sphinx-gallery's scraper returned.
    twins : dict
        The twin's URI by image URI, as the reST names them (``/auto_examples/...png``),
        for the images and their ``srcset`` versions.

    Returns
    -------
    str
        The reST with each image's dark twin after it.

    Examples
    --------
    >>> rst = ".. image-sg:: /a.png\\n   :alt: A\\n   :srcset: /a.png\\n   :class: sphx-glr-single-img\\n"
    >>> print(twin_rst(rst, {"/a.png": "/a_dark.png"}))
    .. image-sg:: /a.png
       :alt: A
       :srcset: /a.png
       :class: sphx-glr-single-img only-light
    <BLANKLINE>
    .. image-sg:: /a_dark.png
       :alt: A
       :srcset: /a_dark.png
       :class: sphx-glr-single-img only-dark
    <BLANKLINE>
    """
    if not twins:
        return rst
    uris = re.compile("|".join(re.escape(uri) for uri in sorted(twins, key=len, reverse=True))
                      + r"(?=[\s,]|$)")
    lines = rst.split("\n")
    out, done = [], 0
    for start, end, indent in _directive_blocks(lines):
        block = lines[start:end]
        if _IMAGE_SG.match(block[0])["uri"] not in twins:
            continue
        dark = [uris.sub(lambda match: twins[match.group(0)], line) for line in block]
        out += lines[done:start] + _with_class(block, indent, LIGHT_CLASS) + [""]
        out += _with_class(dark, indent, DARK_CLASS)
        done = end
    return "\n".join(out + lines[done:])


def _rst_uri(path, src_dir) -> str:
    """The URI of an image as sphinx-gallery's reST names it: "/" and its path from the docs."""
    return "/" + Path(os.path.relpath(path, src_dir)).as_posix().lstrip("/")


def scrape_light_and_dark(block, block_vars, gallery_conf, **kwargs) -> str:
    """sphinx-gallery's matplotlib scraper, and a dark twin of each figure it saved.

    sphinx-gallery's ``matplotlib_scraper`` saves the figures first, exactly
    as it would alone; then each ``Figure`` is restyled (:func:`restyle_dark`)
    and saved as ``<name>_dark.webp``, and the reST shows both
    (:func:`twin_rst`). Figures are saved as :data:`SAVEFIG` says, unless
    ``kwargs`` says otherwise. The time taken by the twins goes to the example's
    ``dark-figures`` record (``digitkit_gallery.write_record``).

    Parameters
    ----------
    block, block_vars, gallery_conf
        As sphinx-gallery passes them to an image scraper.
    **kwargs
        Keyword arguments for ``savefig``, as ``matplotlib_scraper`` takes them.

    Returns
    -------
    str
        The reST of the figures, light and dark.
    """
    import matplotlib.pyplot as plt
    from sphinx_gallery.scrapers import matplotlib_scraper
    from sphinx_gallery.utils import optipng

    kwargs = {**SAVEFIG, **kwargs}
    figures = [plt.figure(number) for number in plt.get_fignums()]
    paths = block_vars["image_path_iterator"]
    first = len(paths)
    with LayoutRecorder(figures) as layouts:
        rst = matplotlib_scraper(block, block_vars, gallery_conf, **kwargs)  # saves, then closes them
    start, twins = time.perf_counter(), {}
    for figure, path in zip(figures, paths.paths[first:first + len(figures)], strict=False):
        light = Path(path).with_suffix("." + kwargs["format"]) if "format" in kwargs else Path(path)
        if light.suffix not in RASTER_SUFFIXES or not light.is_file():  # an animation, saved otherwise
            continue
        written = save_dark_twin(figure, light, kwargs, gallery_conf.get("image_srcset", ()),
                                 layouts[figure])
        if "images" in gallery_conf.get("compress_images", ()):
            for twin in written.values():
                optipng(Path(twin), gallery_conf["compress_images_args"])
        twins.update({_rst_uri(light_file, gallery_conf["src_dir"]): _rst_uri(dark, gallery_conf["src_dir"])
                      for light_file, dark in written.items()})
    if twins:
        _record_time(block_vars, gallery_conf, len(figures), time.perf_counter() - start)
    return twin_rst(rst, twins)


def _record_time(block_vars, gallery_conf, count: int, seconds: float) -> None:
    """Add a block's dark twins to the example's ``dark-figures`` record."""
    from digitkit_gallery import write_record

    totals = block_vars.setdefault("digitkit_dark_figures", {"figures": 0, "seconds": 0.0})
    totals["figures"] += count
    totals["seconds"] += seconds
    write_record(gallery_conf, block_vars["src_file"], "dark-figures", dict(totals))


# -- Thumbnails ------------------------------------------------------------------------

def thumbnail_number(source: str, n_images: int) -> int | None:
    """The number of the figure sphinx-gallery makes an example's thumbnail from.

    As sphinx-gallery reads it: ``# sphinx_gallery_thumbnail_number = N``
    (negative counts from the last), else the first figure; None when the
    example names an image file instead (``sphinx_gallery_thumbnail_path``).

    Examples
    --------
    >>> thumbnail_number("x = 1\\n# sphinx_gallery_thumbnail_number = -1\\n", 3)
    3
    >>> thumbnail_number("x = 1\\n", 3)
    1
    """
    from sphinx_gallery.py_source_parser import extract_file_config

    conf = extract_file_config(source)
    number = conf.get("thumbnail_number")
    if number is None:
        return None if conf.get("thumbnail_path") else 1
    return number + n_images + 1 if number < 0 else number


def thumbnail_file(images: Path, stem: str) -> Path:
    """The thumbnail sphinx-gallery wrote for example ``stem`` in an ``images`` folder.

    Its format is that of the figure it shows (:data:`SAVEFIG`), or PNG for
    sphinx-gallery's stand-in when the example draws none. Before the
    gallery is written, the path it will have.
    """
    thumbs = [images / "thumb" / f"sphx_glr_{stem}_thumb{suffix}" for suffix in RASTER_SUFFIXES]
    return next((path for path in thumbs if path.is_file()), thumbs[0])


def dark_thumbnail(thumbnail: Path, size) -> Path | None:
    """Write the dark twin of one of sphinx-gallery's thumbnails, if its figure has one.

    The twin is scaled, as sphinx-gallery scales the thumbnail, from the
    dark twin of the figure the thumbnail shows; it is written again only
    when that figure is newer. A twin left from an earlier build whose
    figure has none is removed.

    Returns
    -------
    Path or None
        The dark thumbnail, or None if the figure has no twin.
    """
    from sphinx_gallery.utils import scale_image

    stem = THUMBNAIL.search(thumbnail.as_posix())["stem"]
    images = thumbnail.parent.parent
    target = Path(dark_path(thumbnail))
    script = images.parent / f"{stem}.py"
    figures = {path.stem: path for path in images.glob(f"sphx_glr_{stem}_[0-9][0-9][0-9].*")
               if path.suffix in RASTER_SUFFIXES}
    number = thumbnail_number(script.read_text(encoding="utf-8"), len(figures)) if script.is_file() else None
    figure = figures.get(f"sphx_glr_{stem}_{number:03d}") if number else None
    source = Path(dark_path(figure)) if figure else None
    if source is None or not source.is_file():
        target.unlink(missing_ok=True)
        return None
    if not target.is_file() or target.stat().st_mtime < source.stat().st_mtime:
        scale_image(source, target, *size)
    return target


def make_dark_thumbnails(app) -> None:
    """Give every thumbnail of the gallery a dark twin (``builder-inited``, after the gallery)."""
    from sphinx_gallery.utils import optipng

    from digitkit_gallery import gallery_folders

    conf = app.config.sphinx_gallery_conf
    gallery = Path(app.srcdir) / gallery_folders(conf)[1]
    for thumbnail in sorted(path for path in gallery.rglob("images/thumb/sphx_glr_*_thumb.*")
                            if THUMBNAIL.search(path.as_posix())):
        twin = dark_thumbnail(thumbnail, conf.get("thumbnail_size", (400, 280)))
        if twin is not None and "thumbnails" in conf.get("compress_images", ()):
            optipng(twin, conf["compress_images_args"])


class DarkThumbnails(SphinxTransform):
    """Show each thumbnail that has a dark twin in light mode only, and the twin in dark mode.

    Each page records which of its thumbnails had a twin when it was read
    (:func:`reread_for_new_twins`).
    """

    default_priority = 870  # before doctree-read (880), where Sphinx collects the images

    def apply(self):
        seen = _twin_records(self.env).setdefault(self.env.docname, {})
        for image in list(self.document.findall(nodes.image)):
            uri = image["uri"]
            if not THUMBNAIL.search(uri) or LIGHT_CLASS in image["classes"]:
                continue
            twin_uri = dark_path(uri)
            relative, absolute = self.env.relfn2path(twin_uri, self.env.docname)
            seen[relative] = Path(absolute).is_file()
            if not seen[relative]:
                continue
            twin = image.deepcopy()
            twin["uri"], twin["loading"] = twin_uri, "lazy"
            twin["classes"] = [*image["classes"], DARK_CLASS]
            image["classes"].append(LIGHT_CLASS)
            image.parent.insert(image.parent.index(image) + 1, twin)


def _twin_records(env) -> dict:
    """Each page's thumbnails' twins (paths from the docs) and whether each existed when it was read."""
    if not hasattr(env, "digitkit_dark_thumbnails"):
        env.digitkit_dark_thumbnails = {}
    return env.digitkit_dark_thumbnails


def reread_for_new_twins(app, env, added, changed, removed):
    """Read again the pages whose thumbnails got a twin, or lost one, since they were read.

    A page that has not changed is not read again, and a thumbnail's twin
    made after it was read (the first build with twins, a new figure) would
    not show there.
    """
    srcdir = Path(env.srcdir)
    return sorted(docname for docname, twins in _twin_records(env).items()
                  if docname not in removed
                  and any((srcdir / path).is_file() != existed for path, existed in twins.items()))


def forget_twins(app, env, docname):
    """A page read again records its thumbnails anew."""
    _twin_records(env).pop(docname, None)


def merge_twins(app, env, docnames, other):
    """Collect the pages' records from parallel readers."""
    _twin_records(env).update({docname: twins for docname, twins in _twin_records(other).items()
                               if docname in docnames})


# -- HTML ------------------------------------------------------------------------------

def visit_imgsg_html(self, node) -> None:
    """sphinx-gallery's ``<img>`` of an ``image-sg``, with all its classes, and lazy when dark.

    sphinx-gallery writes only the first class of the directive; the theme
    needs ``only-light`` or ``only-dark`` as well.
    """
    from sphinx_gallery.directives import visit_imgsg_html as visit_sphinx_gallery

    classes = node["class"]
    if classes and len(classes) > 1:
        node["class"] = [" ".join(classes)]
    start = len(self.body)
    try:
        visit_sphinx_gallery(self, node)
    finally:
        node["class"] = classes
    if classes and DARK_CLASS in classes and len(self.body) > start and self.body[-1].endswith("/>"):
        self.body[-1] = self.body[-1][:-2].rstrip() + ' loading="lazy"/>'


def setup(app):
    from sphinx_gallery.directives import depart_imgsg_html, imgsgnode

    # after sphinx-gallery wrote the gallery (500) and digitkit_gallery counted it (540, 550)
    app.connect("builder-inited", make_dark_thumbnails, priority=560)
    app.add_transform(DarkThumbnails)
    app.connect("env-get-outdated", reread_for_new_twins)
    app.connect("env-purge-doc", forget_twins)
    app.connect("env-merge-info", merge_twins)
    app.add_node(imgsgnode, override=True, html=(visit_imgsg_html, depart_imgsg_html))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
