"""Learning by doing, as a reader meets it: goals, exercises, tags, related examples.

The first tests read the sources: every part of the gallery opens with its
goals (``.. part-goals::``), every part from MNIST basics on ends with an
exercises page holding at least two exercises, each with a solution, and
every example carries one level tag and at least one topic tag.

The browser tests (``site``, ``site_url`` and ``page`` fixtures of
``conftest.py``) use the keyboard alone: they open an exercise's solution,
filter the gallery by a tag, follow a tag link and a related example, in
light and dark mode, and run the axe audit on the pages in those states.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from browsing import serious_violations
from sitebuild import ROOT

sys.path.insert(0, str(ROOT / "docs" / "sphinxext"))
import digitkit_learning  # noqa: E402
from digitkit_site import part_goals_block  # noqa: E402

EXAMPLES_DIR = ROOT / "examples"
PARTS = sorted(path for path in EXAMPLES_DIR.iterdir() if (path / "GALLERY_HEADER.rst").is_file())
EXAMPLES = sorted(EXAMPLES_DIR.glob("*/plot_*.py"))
#: Parts that end with exercises: all but the first (the 8x8 warm-up).
PARTS_WITH_EXERCISES = PARTS[1:]
LEVELS = {"beginner", "intermediate", "advanced"}
TAG_LINE = re.compile(r"^# sphinx_gallery_tags = (\[.*\])$", re.M)


def tags_of(example: Path) -> list[str]:
    found = TAG_LINE.findall(example.read_text(encoding="utf-8"))
    assert len(found) == 1, f"{example.name}: expected one sphinx_gallery_tags line"
    return ast.literal_eval(found[0])


def exercises_file_name(part: Path) -> str:
    """``plot_90_exercises_binary_classifier.py`` for the part ``03_binary_classifier``."""
    return f"{digitkit_learning.EXERCISES_PREFIX}_{part.name.split('_', 1)[1]}.py"


def _part_id(path: Path) -> str:
    return path.name


def _example_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


# -- The sources ---------------------------------------------------------------------

@pytest.mark.parametrize("part", PARTS, ids=_part_id)
def test_each_part_opens_with_its_goals(part):
    block = part_goals_block((part / "GALLERY_HEADER.rst").read_text(encoding="utf-8"))
    assert block, f"{part.name}: no .. part-goals:: block in GALLERY_HEADER.rst"
    assert block[0] == f".. part-goals:: {part.name}"
    text = "\n".join(block)
    goals = [line for line in block if line.lstrip().startswith("- ")]
    assert 3 <= len(goals) <= 5, f"{part.name}: {len(goals)} goals; say 3 to 5 things"
    assert ":running:" not in text, f"{part.name}: running times are measured by the build, not typed"
    if part != PARTS[0]:
        assert ":prerequisites:" in text and ":ref:" in text, f"{part.name}: what to read first"


@pytest.mark.parametrize("part", PARTS_WITH_EXERCISES, ids=_part_id)
def test_each_part_ends_with_exercises_and_their_solutions(part):
    exercises = part / exercises_file_name(part)
    assert exercises.is_file(), f"{part.name} has no exercises page {exercises.name}"
    source = exercises.read_text(encoding="utf-8")
    tasks = re.findall(r"^# Exercise \d+: .+\n# -{3,}$", source, flags=re.M)
    solutions = re.findall(r"^# Solution\n# ~{3,}$", source, flags=re.M)
    assert len(tasks) >= 2, f"{exercises}: {len(tasks)} exercises"
    assert len(solutions) == len(tasks), f"{exercises}: {len(tasks)} exercises, {len(solutions)} solutions"
    assert re.search(r"^# Wrap-up\n# -{3,}$", source, flags=re.M), f"{exercises}: no wrap-up"
    assert digitkit_learning._count_exercises(source) == len(tasks)


@pytest.mark.parametrize("example", EXAMPLES, ids=_example_id)
def test_each_example_is_tagged_with_a_level_and_topics(example):
    tags = tags_of(example)
    assert len(set(tags) & LEVELS) == 1, f"{example.name}: one level of {sorted(LEVELS)}"
    assert len(tags) >= 2, f"{example.name}: tag its topics too"
    assert tags_of(example) == sorted(set(tags), key=tags.index), "a tag is repeated"


def test_tag_lines_close_the_examples():
    """A tags line straight after the docstring would show as an empty code cell."""
    for example in EXAMPLES:
        lines = example.read_text(encoding="utf-8").rstrip("\n").splitlines()
        assert lines[-1].startswith("# sphinx_gallery_tags"), example


def _footer_page(folder: Path, stem: str, footer: str) -> Path:
    page = folder / f"{stem}.rst"
    page.write_text(f"Title\n=====\n\n.. rst-class:: sphx-glr-timing\n\n   {footer}\n")
    return folder / f"{stem}.py"


def test_running_time_sums_what_each_example_takes_on_its_own(tmp_path):
    examples = [
        _footer_page(tmp_path, "plot_01_a",
                     "**Total running time of the script:** (0 minutes 40.000 seconds)"),
        _footer_page(tmp_path, "plot_02_b", "**Total running time of the script:** (about 4 min 24 s when "
                                            "run on its own; the site's build reused results of earlier "
                                            "examples and took 3.1 seconds)"),
    ]
    running = digitkit_learning.running_time(tmp_path, examples)
    assert running.text.startswith("about 6 minutes on a ")  # 40 s + 264 s, rounded up
    assert running.pages == tuple(tmp_path / f"{e.stem}.rst" for e in examples)
    quick = digitkit_learning.running_time(tmp_path, examples[:1])
    assert quick.text.startswith("under a minute")


def test_running_time_is_unknown_when_an_example_did_not_run(tmp_path):
    examples = [_footer_page(tmp_path, "plot_01_a", "**Total running time of the script:** "
                                                    "(0 minutes 0.000 seconds)"),
                tmp_path / "plot_02_missing.py"]
    assert digitkit_learning.running_time(tmp_path, examples).text == ""


def test_reading_time_counts_words_and_code():
    prose = '"""Title\n=====\n\n' + "word " * 150 + '"""\n'
    assert digitkit_learning.reading_minutes(prose) == pytest.approx(151 / 150)
    code = prose + "\n".join(["x = 1"] * 12) + "\n# sphinx_gallery_tags = ['a']\n# %%\n"
    assert digitkit_learning.reading_minutes(code) == pytest.approx(151 / 150 + 1)
    assert [digitkit_learning.round_minutes(m) for m in (0.2, 5.0, 5.1, 41)] == [5, 5, 10, 45]


def test_only_the_first_tag_list_stays_on_the_main_index():
    tag_list = digitkit_learning.TAG_LIST
    source = [f"intro\n\n.. raw:: html\n\n  {tag_list}\n\npart 1\n\n.. raw:: html\n\n  {tag_list}\n\nend"]

    class App:
        class config:  # noqa: N801 (mimics Sphinx's app.config)
            sphinx_gallery_conf = {"gallery_dirs": "auto_examples"}

    digitkit_learning.one_tag_list(App, "auto_examples/index", source)
    assert source[0].count(tag_list) == 1 and source[0].startswith("intro") and "part 1" in source[0]
    untouched = [f".. raw:: html\n\n  {tag_list}\n\n.. raw:: html\n\n  {tag_list}\n"]
    digitkit_learning.one_tag_list(App, "auto_examples/03_binary_classifier/index", untouched)
    assert untouched[0].count(tag_list) == 2


# -- The built pages -------------------------------------------------------------------

def exercise_pages(site: Path) -> list[str]:
    pages = sorted((site / "auto_examples").glob(f"*/{digitkit_learning.EXERCISES_PREFIX}_*.html"))
    return [page.relative_to(site).as_posix() for page in pages]


@pytest.mark.docs
def test_each_part_page_and_the_map_show_the_goals(site):
    for part in PARTS:
        page = (site / "auto_examples" / part.name / "index.html").read_text()
        assert page.count('class="dk-part-goals') == 1, part.name
        assert "After this part you will be able to" in page
        assert re.search(r"about \d+ minutes to read", page), part.name
    landing = (site / "index.html").read_text()
    assert landing.count('class="dk-part-goals') == len(PARTS)


@pytest.mark.docs
def test_solutions_are_on_the_page_but_folded(site):
    pages = exercise_pages(site)
    assert len(pages) == len(PARTS_WITH_EXERCISES)
    for path in pages:
        html = (site / path).read_text()
        folded = re.findall(r'<details class="dk-solution"[^>]*>\s*<summary>Solution</summary>', html)
        assert len(folded) >= 2, path
        assert "<details open" not in html.split('class="bd-article')[-1], path


def tab_to(page, selector: str, text: str | None = None, max_presses: int = 400) -> None:
    """Press Tab until the focused element matches ``selector`` (and reads ``text``).

    This is how a keyboard user gets there; a test that called ``focus()``
    would pass even if the element could not be reached.
    """
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if page.evaluate("([s, t]) => { const e = document.activeElement;"
                         " return !!e && e.matches(s) && (t === null || e.textContent.trim() === t); }",
                         [selector, text]):
            return
    raise AssertionError(f"Tab never reached {selector} {text or ''}")


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_solution_opens_from_the_keyboard(page, site, site_url, scheme):
    path = next(p for p in exercise_pages(site) if "03_binary_classifier" in p)
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + path)
    first = page.locator("details.dk-solution").first
    assert first.evaluate("d => !d.open")
    code = first.locator(".highlight").first
    assert not code.is_visible(), "a solution shows before the reader asks"

    tab_to(page, "details.dk-solution > summary")
    page.keyboard.press("Enter")
    assert first.evaluate("d => d.open")
    assert code.is_visible()
    assert first.locator(".sphx-glr-script-out").count() >= 1, "the solution's output is inside it"
    page.keyboard.press("Enter")  # and closes again
    assert first.evaluate("d => !d.open")
    assert not page.problems()
    page.keyboard.press("Enter")
    report = serious_violations(page)
    assert not report, f"{path} in {scheme} mode, solution open:\n{report}"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_gallery_filters_by_tag_from_the_keyboard(page, site_url, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + "auto_examples/index.html")
    cards = page.locator(".sphx-glr-thumbcontainer")
    total = cards.count()
    assert total == len(EXAMPLES)
    tagged = sum("exercises" in tags_of(example) for example in EXAMPLES)

    tab_to(page, ".sphx-glr-tag[role=button]", "exercises")
    page.keyboard.press("Enter")
    assert page.locator(".sphx-glr-tag:text-is('exercises')").get_attribute("aria-pressed") == "true"
    shown = cards.evaluate_all("cs => cs.filter(c => c.style.display !== 'none').length")
    assert shown == tagged
    assert page.locator(".dk-tag-status").inner_text() == f"Showing {tagged} of {total} examples."
    assert "sg-tags=exercises" in page.url
    assert not page.problems()
    report = serious_violations(page)
    assert not report, f"filtered gallery in {scheme} mode:\n{report}"

    tab_to(page, "#sphx-glr-tag-clear")
    page.keyboard.press(" ")
    shown = cards.evaluate_all("cs => cs.filter(c => c.style.display !== 'none').length")
    assert shown == total
    assert page.locator(".dk-tag-status").inner_text() == f"Showing all {total} examples."


@pytest.mark.browser
def test_an_example_tag_opens_the_filtered_gallery(page, site_url):
    page.goto(site_url + "auto_examples/03_binary_classifier/plot_02_confusion_matrix.html")
    tab_to(page, "a.dk-tag-link", "metrics")
    page.keyboard.press("Enter")
    page.wait_for_url("**/auto_examples/index.html?sg-tags=metrics")
    expected = sum("metrics" in tags_of(example) for example in EXAMPLES)
    shown = page.locator(".sphx-glr-thumbcontainer").evaluate_all(
        "cs => cs.filter(c => c.style.display !== 'none').length")
    assert shown == expected
    assert page.locator(".sphx-glr-tag.active").all_inner_texts() == ["metrics"]
    assert not page.problems()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_related_examples_lead_to_another_example(page, site_url, scheme):
    page.emulate_media(color_scheme=scheme)
    start = "auto_examples/03_binary_classifier/plot_04_roc_curve.html"
    page.goto(site_url + start)
    rubric = page.locator("p.rubric:text-is('Related examples')")
    assert rubric.count() == 1
    related = page.locator(".sphx-glr-thumbnails .sphx-glr-thumbcontainer a")
    assert related.count() == 4

    tab_to(page, ".sphx-glr-thumbnails .sphx-glr-thumbcontainer a")
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert "/auto_examples/" in page.url and not page.url.endswith(start)
    assert page.locator("h1").count() == 1
    # Whether the page it leads to loads cleanly on its own (test_browser.py
    # checks every page): Chromium may report a request of the page being
    # left, cut short by the navigation.
    page.forget_problems()
    page.reload()
    assert not page.problems()
    page.goto(site_url + start)
    report = serious_violations(page)
    assert not report, f"{start} in {scheme} mode:\n{report}"


@pytest.mark.browser
def test_every_page_has_the_site_icon(page, site, site_url):
    """No page asks the server for a missing /favicon.ico: each names its icon, which loads."""
    for path in ["index.html", "auto_examples/index.html", "draw.html", "api.html"]:
        # The browser fetches the icon after the page; leaving before it
        # arrives would abort the request.
        page.goto(site_url + path, wait_until="networkidle")
        href = page.locator("link[rel~='icon']").first.get_attribute("href")
        assert href and href.endswith("favicon.svg"), path
        status = page.evaluate("(h) => fetch(h).then(r => r.status)", href)
        assert status == 200
    # Chromium asks for the icon late, and going to the next page may cut
    # that request short; anything else is a problem.
    assert not [problem for problem in page.problems() if "favicon.svg: net::ERR_ABORTED" not in problem]
