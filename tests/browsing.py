"""Helpers for the browser tests: launch Debian's Chromium, watch a page, audit it.

Playwright drives the system Chromium (``/usr/bin/chromium``); it never
downloads a browser of its own. A watched page records everything that
went wrong while it loaded, and blocks every request that would leave
127.0.0.1, so a test can assert that the site works offline. The same
helpers serve every page's tests: the axe audit
(:func:`assert_no_serious_violations`), screenshots (:func:`screenshot`), the
colours of a page in light and dark mode (:func:`colours_in_each_scheme`),
what a reader sees at once on a laptop (:func:`assert_seen_together`) and
passes on a phone (:func:`phone`, :func:`between`), and an interactive
page's data file read from the built site (:func:`site_data`).
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    # Without these, Chromium phones home at start-up; on a closed network
    # that means refused connections and slow launches.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
LOCAL_HOST = "127.0.0.1"
VIEWPORT = {"width": 1280, "height": 900}
#: The smallest laptop screen on which a page's control and its result must be seen together.
LAPTOP = {"width": 1280, "height": 800}
#: A phone, held upright: the pages must fit its width.
PHONE = {"width": 375, "height": 740}

#: Where screenshots go: ``artifacts/screenshots/``, or ``DIGITKIT_SCREENSHOTS``.
SCREENSHOTS = Path(os.environ.get("DIGITKIT_SCREENSHOTS",
                                  Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"))

#: The lists that :func:`watch` adds to a page, in the order problems() reports them.
RECORDS = ("console_errors", "page_errors", "failed_requests", "external_requests")


def missing_chromium_message() -> str:
    """Explain how to get the browser the tests need."""
    return (
        f"the browser tests need Debian's Chromium at {CHROMIUM}, which is missing: "
        "install it with `apt-get install chromium` (.ci/run does this when run as root)"
    )


def launch_chromium(playwright):
    """Start the system Chromium, headless, with Playwright.

    Parameters
    ----------
    playwright : playwright.sync_api.Playwright
        A started Playwright driver.

    Returns
    -------
    playwright.sync_api.Browser
    """
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in ("http", "https", "ws", "wss") or parts.hostname == LOCAL_HOST


def watch(page) -> None:
    """Record on ``page`` what goes wrong, and abort requests leaving 127.0.0.1.

    Adds to the Playwright page four lists of strings, and a method:

    ``page.console_errors``
        the text of every ``console.error`` message (Chromium also logs each
        resource that failed to load here);
    ``page.page_errors``
        every uncaught JavaScript exception;
    ``page.failed_requests``
        ``"METHOD URL: reason"`` for every request that failed (but those the
        browser cancelled, as when a test leaves a page mid-load), and
        ``"METHOD URL: HTTP status"`` for every answer of 400 or more;
    ``page.external_requests``
        the URL of every request to a host other than 127.0.0.1 (each one
        is aborted, so it never reaches the network);
    ``page.problems()``
        all of the above, each prefixed with the name of its list; empty
        when the page loaded cleanly. ``page.forget_problems()`` empties
        the lists, to check several pages in turn with one page object.

    Parameters
    ----------
    page : playwright.sync_api.Page
    """
    for name in RECORDS:
        setattr(page, name, [])
    page.problems = lambda: [f"{name}: {item}" for name in RECORDS for item in getattr(page, name)]
    page.forget_problems = lambda: [getattr(page, name).clear() for name in RECORDS]

    def on_console(message):
        if message.type == "error":
            page.console_errors.append(message.text)

    def on_failed(request):
        # An aborted external request is reported once, below. A local request
        # the browser dropped itself (net::ERR_ABORTED: the test went to another
        # page while a lazy image below was still loading) is no fault of the
        # site; a missing file answers 404 and is reported in on_response.
        if _is_local(request.url) and request.failure != "net::ERR_ABORTED":
            page.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def on_response(response):
        if response.status >= 400:
            page.failed_requests.append(
                f"{response.request.method} {response.url}: HTTP {response.status}"
            )

    def keep_local(route):
        if _is_local(route.request.url):
            route.continue_()
        else:
            page.external_requests.append(route.request.url)
            route.abort("blockedbyclient")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.page_errors.append(str(error)))
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.route("**/*", keep_local)


@contextlib.contextmanager
def phone(browser, scheme: str | None = None):
    """A watched page (see :func:`watch`) on a touch-screen phone, :data:`PHONE` in size."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True,
                                  device_scale_factor=2, color_scheme=scheme)
    try:
        page = context.new_page()
        watch(page)
        yield page
    finally:
        context.close()


def open_ready(page, url: str, ready: str, scheme: str | None = None) -> None:
    """Open an interactive page (in a colour ``scheme``, if given) and wait until ``ready``.

    ``ready`` is a JavaScript expression that becomes true once the page's
    script has set itself up, such as ``"window.digitkitDraw &&
    window.digitkitDraw.state"``.
    """
    if scheme is not None:
        page.emulate_media(color_scheme=scheme)
    page.goto(url)
    page.wait_for_function(f"() => {ready}")


def open_without_data(page, url: str, data_file: str, handle: str, message: str):
    """Open an interactive page with its data file blocked; return its ``message`` element.

    The page's script must still start (``window.<handle>`` set, its
    ``state`` or ``model`` None) and show the message; Sphinx adds a
    checksum to the file's URL (``?v=...``), hence a pattern.
    """
    page.route(re.compile("/" + re.escape(data_file)), lambda route: route.abort())
    page.goto(url)
    page.wait_for_function(f"() => window.{handle} !== undefined")
    assert page.evaluate(f"window.{handle}.state || null") is None
    element = page.locator(message)
    assert element.is_visible()
    return element


def serious_violations(page) -> str:
    """Run axe on ``page`` as it is now: its serious and critical violations, as a report.

    The report is ``""`` when there are none. Check ``page.problems()``
    first: axe fetches again the style sheets that others ``@import``,
    resolving their addresses against the page, which requests
    ``basic.css`` where it is not.
    """
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n    "
        + "\n    ".join(node["html"][:160] for node in v["nodes"][:5])
        for v in serious
    )


def assert_no_serious_violations(page, where: str = "") -> None:
    """Fail, listing them, if axe finds serious or critical violations on ``page``.

    ``where`` says what was audited (a path, a mode), for the message.
    """
    report = serious_violations(page)
    assert not report, f"{where}:\n{report}" if where else report


def not_seen_together(page, *selectors: str) -> str:
    """Scroll to the elements as a reader would; say which of them cannot then be seen whole.

    The page is scrolled so that the highest of the elements (the first each
    selector matches) sits where a link to it would bring it: at the top of
    the window, below the theme's sticky header (the page's
    ``scroll-padding-top``). Each element must then lie wholly inside the
    window, with nothing (the header) over the middle of its top and bottom
    edges. The page stays scrolled there.

    Returns
    -------
    str
        ``""`` when all of them can be seen at once; else one line per
        element that cannot, with its box and the window's size.
    """
    return page.evaluate("""selectors => {
      const elements = selectors.map(s => document.querySelector(s));
      const missing = selectors.filter((s, i) => !elements[i]);
      if (missing.length) { return missing.map(s => s + ': not on the page').join('\\n'); }
      const tops = elements.map(e => e.getBoundingClientRect().top);
      elements[tops.indexOf(Math.min(...tops))].scrollIntoView({block: 'start', behavior: 'instant'});
      const width = window.innerWidth, height = window.innerHeight;
      const seen = (element, x, y) => {
        const hit = document.elementFromPoint(x, y);
        return hit !== null && (element.contains(hit) || hit.contains(element));
      };
      return selectors.map((selector, i) => {
        const box = elements[i].getBoundingClientRect();
        const middle = (box.left + box.right) / 2;
        if (box.top >= 0 && box.left >= 0 && box.bottom <= height && box.right <= width
            && seen(elements[i], middle, box.top + 2) && seen(elements[i], middle, box.bottom - 2)) {
          return '';
        }
        return `${selector}: x ${Math.round(box.left)} to ${Math.round(box.right)}, ` +
               `y ${Math.round(box.top)} to ${Math.round(box.bottom)} in a ${width} x ${height} window`;
      }).filter(line => line).join('\\n');
    }""", list(selectors))


def assert_seen_together(page, *selectors: str, where: str = "") -> None:
    """Fail unless a reader can see all the elements at once (see :func:`not_seen_together`)."""
    report = not_seen_together(page, *selectors)
    assert not report, f"not seen together{f' ({where})' if where else ''}:\n{report}"


def between(page, first: str, second: str) -> list[str]:
    """What a reader passes, reading down the page from ``first`` to ``second``.

    The visible elements wholly below the first element matched by ``first``
    and above the first matched by ``second`` (the outermost such elements,
    not their contents), in the page's order, each as its tag, its first
    class and the start of its text: ``[]`` when ``second`` follows
    ``first`` directly, with nothing in between.
    """
    return page.evaluate("""([first, second]) => {
      const a = document.querySelector(first), b = document.querySelector(second);
      if (!a || !b) { throw new Error(`nothing on the page matches ${a ? second : first}`); }
      const top = a.getBoundingClientRect().bottom, bottom = b.getBoundingClientRect().top;
      const found = [];
      const visit = element => {
        const box = element.getBoundingClientRect();
        const style = getComputedStyle(element);
        if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden') { return; }
        if (element === a || element === b || a.contains(element) || b.contains(element)) { return; }
        if (box.bottom <= top + 0.5 || box.top >= bottom - 0.5) { return; }  // above or below
        if (box.top >= top - 0.5 && box.bottom <= bottom + 0.5) {
          const text = (element.innerText ?? element.textContent).replace(/\\s+/g, ' ').trim();
          const name = element.tagName.toLowerCase() +
                       (element.classList.length ? '.' + element.classList[0] : '');
          found.push(text ? `${name}: ${text.slice(0, 50)}` : name);
          return;
        }
        Array.from(element.children).forEach(visit);  // partly in between: look inside
      };
      let root = a.parentElement;
      while (!root.contains(b)) { root = root.parentElement; }
      Array.from(root.children).forEach(visit);
      return found;
    }""", [first, second])


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as ``<SCREENSHOTS>/<name>.png``; return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def colours_in_each_scheme(page, look, screenshots: dict) -> dict:
    """Look at an interactive page in each colour scheme; return what ``look`` read, by scheme.

    ``screenshots`` maps each scheme to check ("light", "dark") to the name
    of its screenshot. For each, ``look(scheme)`` opens the page in that
    scheme, brings it to the state to compare and returns its colours; the
    page must then carry that scheme's theme, and a screenshot is saved.
    The page must have logged no problem.
    """
    colours = {}
    for scheme, name in screenshots.items():
        colours[scheme] = look(scheme)
        assert page.evaluate("document.documentElement.dataset.theme") == scheme
        screenshot(page, name)
    assert not page.problems()
    return colours


def site_data(site: Path, relative: str, read):
    """An interactive page's data file in the built site, read with ``read`` (its loader)."""
    path = site / relative
    assert path.is_file(), f"the site has no {relative}: the build did not produce it"
    return read(path)
