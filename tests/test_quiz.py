"""The quiz at the end of each part: its source checks, and the quiz as a reader answers it.

The first tests need no build: every part 01-08 ends with a quiz of three to
five questions (read from the sources), and the directive's checks
(:func:`digitkit_quiz.parse_quiz`) turn every malformed quiz into an error:
no right choice or two, a choice without its explanation, a number without
its hint... A tiny Sphinx build in a temporary folder shows that such an
error fails a build run with ``-W``, and that a printed number is filled in.

The browser tests (``site_url`` and ``page`` fixtures of ``conftest.py``)
answer every question of every quiz on the site, right and wrong, the first
quiz from the keyboard alone, and check the feedback: right or not, and the
explanation of the very choice picked; then the axe audit in light and dark
mode, and a 375-pixel-wide phone. Parts absent from a small site (a build of
a few examples) are skipped. Screenshots: ``quiz-<part>-<width>-<scheme>.png``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from browsing import SCREENSHOTS, assert_no_serious_violations
from sitebuild import ROOT

sys.path.insert(0, str(ROOT / "docs" / "sphinxext"))
from digitkit_quiz import (  # noqa: E402
    QUIZ_TITLE,
    QuizError,
    fill_numbers,
    parse_quiz,
    printed_number,
    quiz_blocks,
    quiz_markdown,
    replace_quizzes,
)

from digitkit_prose import reader_text  # noqa: E402

EXAMPLES_DIR = ROOT / "examples"
PARTS = sorted(path for path in EXAMPLES_DIR.iterdir() if (path / "GALLERY_HEADER.rst").is_file())


def _part_id(path: Path) -> str:
    return path.name


def quiz_page(part: Path) -> Path:
    """The page that ends the part, where its quiz is: its exercises page, else its last example."""
    return sorted(part.glob("plot_*.py"))[-1]


# -- The sources ---------------------------------------------------------------------

def test_the_parts_are_the_eight_of_the_chapter():
    assert [part.name[:2] for part in PARTS] == [f"{n:02d}" for n in range(1, 9)]


@pytest.mark.parametrize("part", PARTS, ids=_part_id)
def test_each_part_ends_with_a_quiz_of_three_to_five_questions(part):
    quizzes = {path.name: quiz_blocks(path.read_text(encoding="utf-8"))
               for path in sorted(part.glob("plot_*.py"))}
    where = {name: len(found) for name, found in quizzes.items() if found}
    last = quiz_page(part)
    assert where == {last.name: 1}, f"{part.name}: one quiz, on its last page {last.name}: {where}"
    line, content = quizzes[last.name][0]
    questions = parse_quiz(content, line + 1)
    assert 3 <= len(questions) <= 5, f"{last.name}: {len(questions)} questions"
    text = last.read_text(encoding="utf-8")
    heading = f"# %%\n# {QUIZ_TITLE}\n# {'-' * len(QUIZ_TITLE)}\n"
    assert heading in text, f"{last.name}: the quiz opens a section {QUIZ_TITLE!r}"
    assert text.index(heading) < text.index(".. quiz::")
    assert "# Wrap-up" not in text or text.index(".. quiz::") < text.index("# Wrap-up")


GOOD = """\
Question: Which digit is odd?

- [ ] 4
  Why: 4 is 2 x 2.
- [x] 3
  Why: 3 is 2 + 1,
  which is odd.

Question: How many pairs do ten digits make?

Answer: 45
Hint: count each pair once.
Why: ten times nine, halved.
"""


def test_a_quiz_is_read_with_its_choices_and_explanations():
    first, second = parse_quiz(GOOD.splitlines())
    assert first.prompt == "Which digit is odd?"
    assert [(choice.text, choice.right) for choice in first.choices] == [("4", False), ("3", True)]
    assert first.choices[1].why == "3 is 2 + 1, which is odd."
    assert (second.kind, second.answer, second.tolerance) == ("number", "45", "0")
    assert second.hint == "count each pair once." and second.why == "ten times nine, halved."


#: Mistakes in a quiz's text: (what the good quiz says, what it says instead, the error's words).
MISTAKES = [
    # The choices of a choice question, and what explains them.
    ("- [x] 3", "- [ ] 3", "exactly one right choice"),
    ("- [ ] 4", "- [x] 4", "exactly one right choice"),
    ("  Why: 4 is 2 x 2.\n", "", "no explanation"),
    ("- [ ] 4\n  Why: 4 is 2 x 2.\n", "", "at least two choices"),
    ("  Why: 4 is 2 x 2.", "Why: 4 is 2 x 2.", "must be indented"),
    ("  Why: 4 is 2 x 2.", "  Why: 4 is 2 x 2.\n  Why: and even.", "already has one"),
    # The fields of a number question.
    ("Hint: count each pair once.\n", "", "'Hint'"),
    ("Why: ten times nine, halved.\n", "", "'Why'"),
    ("Answer: 45", "Answer: forty-five", "neither a number"),
    ("Answer: 45", "Answer: 0.45", "needs a tolerance"),
    ("Answer: 45", "Answer: 0.45 ± a bit", "not a number"),
    # A line that starts nothing known.
    ("Question: Which", "Which", "cannot read"),
]


@pytest.mark.parametrize("broken, message", [
    *[(GOOD.replace(good, bad), message) for good, bad, message in MISTAKES],
    (GOOD + "- [x] 7\n  Why: seven.\n", "has no 'Answer'"),
    ("", "no question"),
    ("Whatever this is\n", "cannot read"),
])
def test_a_malformed_quiz_is_an_error_at_its_line(broken, message):
    assert broken != GOOD
    with pytest.raises(QuizError, match=message) as raised:
        parse_quiz(broken.splitlines(), first_line=100)
    assert raised.value.line >= 100


def test_a_choice_question_may_not_have_fields_of_its_own():
    broken = GOOD.replace("  Why: 3 is 2 + 1,\n  which is odd.\n", "  Why: 3.\nHint: odd.\n")
    with pytest.raises(QuizError, match="no 'Hint'"):
        parse_quiz(broken.splitlines())


def test_a_printed_number_is_read_as_printed():
    output = "precision: 0.8371, recall: 0.6512\nerrors: 1,170 of 10,000"
    assert printed_number(output, "recall:") == "0.6512"
    assert printed_number(output, "errors:") == "1,170"
    with pytest.raises(LookupError, match="no printed line"):
        printed_number(output, "accuracy")
    numbers = {("plot_x.py", "recall:"): "0.6512"}
    text = 'recall is {plot_x.py "recall:"} here'
    assert fill_numbers(text, lambda example, label: numbers[(example, label)]) == "recall is 0.6512 here"


def test_the_prose_check_reads_a_quiz_but_not_its_answers():
    from digitkit_prose import stated_numbers

    quiz = [(1, ".. quiz::\n\n   Question: Why 87%?\n\n   Answer: 0.874 ± 0.002\n   Hint: 45 pairs.")]
    assert [number.text for number in stated_numbers(quiz) if not number.exempt()] == ["87%", "45"]


def test_the_notebook_shows_the_questions_then_the_answers_folded():
    markdown = quiz_markdown(GOOD, inline=str.upper)
    asked, answers = markdown.split("<details>")
    assert "**Question 1.** WHICH DIGIT IS ODD?" in asked and "- B. 3" in asked
    assert "Why" not in asked and "2 + 1" not in asked
    assert "The answer is B." in answers and "- A. Not quite: 4 IS 2 X 2." in answers
    assert "The answer is 45." in answers and answers.rstrip().endswith("</details>")


def test_every_quiz_of_the_gallery_becomes_markdown():
    for part in PARTS:
        line, content = quiz_blocks(quiz_page(part).read_text(encoding="utf-8"))[0]
        markdown = quiz_markdown(content)
        assert ":class:" not in markdown and "<details>" in markdown


@pytest.mark.parametrize("part", PARTS, ids=_part_id)
def test_the_text_cell_of_each_quiz_converts_for_the_notebook(part):
    from digitkit_prose import example_prose

    cells = [text for _, text in example_prose(quiz_page(part)) if ".. quiz::" in text]
    assert len(cells) == 1
    converted = replace_quizzes(cells[0])
    assert ".. quiz::" not in converted and "- [x]" not in converted and "Why:" not in converted
    assert converted.count("<details>") == 1 and converted.startswith("Check your understanding")


TINY_CONF = """
import sys
sys.path.insert(0, {sphinxext!r})
extensions = ["digitkit_quiz"]
"""


def _tiny_build(tmp_path: Path, quiz: str, printed: str | None = None):
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(TINY_CONF.format(sphinxext=str(ROOT / "docs" / "sphinxext")))
    body = "\n".join("   " + line if line else "" for line in quiz.splitlines())
    (source / "index.rst").write_text(f"Quiz\n====\n\n.. quiz::\n\n{body}\n")
    if printed is not None:
        page = source / "auto_examples" / "01_part" / "plot_01_x.rst"
        page.parent.mkdir(parents=True)
        lines = "".join(f"    {line}\n" for line in printed.splitlines())
        page.write_text(":orphan:\n\n.. rst-class:: sphx-glr-script-out\n\n"
                        f" .. code-block:: none\n\n{lines}\n")
    return subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(source),
                           str(tmp_path / "html")], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)


def test_a_tiny_build_fills_in_a_printed_number(tmp_path):
    quiz = GOOD.replace("Answer: 45", 'Answer: {plot_01_x.py "pairs:"} ± 0.5')
    result = _tiny_build(tmp_path, quiz, printed="pairs: 45 of them")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "html" / "index.html").read_text()
    assert 'data-answer="45.0"' in html and "Right: 45." in html
    assert "quiz/quiz.js" in html and "pages/pages.js" in html


def test_a_tiny_build_fails_on_a_quiz_without_a_right_choice(tmp_path):
    result = _tiny_build(tmp_path, GOOD.replace("- [x] 3", "- [ ] 3"))
    assert result.returncode != 0
    assert "exactly one right choice" in result.stderr


def test_a_tiny_build_fails_on_a_number_it_cannot_find(tmp_path):
    quiz = GOOD.replace("Answer: 45", 'Answer: {plot_01_x.py "triples:"} ± 0.5')
    result = _tiny_build(tmp_path, quiz, printed="pairs: 45 of them")
    assert result.returncode != 0
    assert "no printed line contains 'triples:'" in result.stderr


def test_every_quiz_of_the_gallery_builds_without_a_warning(tmp_path):
    """Each part's quiz cell, built on its own (no example runs; a printed number is faked)."""
    import re

    from digitkit_prose import example_prose

    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(TINY_CONF.format(sphinxext=str(ROOT / "docs" / "sphinxext")))
    names = []
    for part in PARTS:
        cell = next(text for _, text in example_prose(quiz_page(part)) if ".. quiz::" in text)
        (source / f"{part.name}.rst").write_text(f"{part.name}\n{'=' * len(part.name)}\n\n{cell}\n")
        names.append(part.name)
        for example, label in re.findall(r'\{(plot_\w+\.py)\s+"([^"]+)"\}', cell):
            page = source / "auto_examples" / part.name / f"{Path(example).stem}.rst"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(":orphan:\n\n.. rst-class:: sphx-glr-script-out\n\n"
                            f" .. code-block:: none\n\n    {label} 0.5\n")
    (source / "index.rst").write_text("Quizzes\n=======\n\n.. toctree::\n\n"
                                      + "".join(f"   {name}\n" for name in names))
    result = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
                             "-D", "suppress_warnings=ref.ref", str(source), str(tmp_path / "html")],
                            capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    for name in names:
        html = (tmp_path / "html" / f"{name}.html").read_text()
        assert html.count('class="dk-quiz-question"') == len(_expected(EXAMPLES_DIR / name))


# -- In the browser ------------------------------------------------------------------

def _quiz_pages(site: Path) -> list[tuple[str, str]]:
    """(part, page URL relative to the site) of every quiz page the site has."""
    found = []
    for part in PARTS:
        relative = f"auto_examples/{part.name}/{quiz_page(part).stem}.html"
        if (site / relative).is_file():
            found.append((part.name, relative))
    return found


def _expected(part: Path) -> list:
    line, content = quiz_blocks(quiz_page(part).read_text(encoding="utf-8"))[0]
    return parse_quiz(content, line + 1)


def _open(page, url: str, scheme: str = "light"):
    page.emulate_media(color_scheme=scheme)
    page.goto(url)
    page.wait_for_function("() => window.digitkitQuiz && window.digitkitQuiz.questions.length")


def _feedback(question):
    return question.locator(".dk-quiz-feedback")


def _status(question) -> str:
    return question.locator(".dk-quiz-status").text_content()


def _words(text: str) -> str:
    """Whitespace collapsed, and Sphinx's curly quotes made straight again, as in the source."""
    straight = text.translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}))
    return " ".join(straight.split())


@pytest.mark.browser
def test_every_quiz_answers_every_choice_with_its_explanation(page, site, site_url):
    pages = _quiz_pages(site)
    if not pages:
        pytest.skip("no quiz page in this site")
    for part_name, relative in pages:
        _open(page, site_url + relative)
        questions = page.locator("fieldset.dk-quiz-question")
        expected = _expected(EXAMPLES_DIR / part_name)
        assert questions.count() == len(expected), part_name
        for index, question_source in enumerate(expected):
            question = questions.nth(index)
            assert question.locator(".dk-quiz-key").is_hidden(), "the script folds the key away"
            assert _feedback(question).is_hidden(), "no feedback before an answer"
            if question_source.kind == "choice":
                radios = question.locator("input[type=radio]")
                assert radios.count() == len(question_source.choices)
                for position, choice in enumerate(question_source.choices):
                    label = question.locator(f"label[for='{radios.nth(position).get_attribute('id')}']")
                    label.click()  # the label picks its radio
                    assert radios.nth(position).is_checked()
                    feedback = _feedback(question)
                    assert feedback.is_visible()
                    text = _words(feedback.inner_text())
                    lead = "Right" if choice.right else "Not quite"
                    assert text.startswith(lead), f"{part_name} Q{index + 1}: {text}"
                    assert question.get_attribute("data-answered") == ("right" if choice.right else "wrong")
                    # the explanation of this choice, not another's (its last words, markup aside)
                    tail = " ".join(_words(reader_text(choice.why).replace("*", "")).split()[-3:])
                    assert tail in text, (text, tail)
                    assert _words(_status(question)) == text
            else:
                box = question.locator(".dk-quiz-input")
                answer = float(question.get_attribute("data-answer"))
                for typed, right in [(repr(answer * 3 + 1), False), ("", None), (repr(answer), True),
                                     (f"{answer * 100:.6g}%", True)]:
                    box.fill(typed)
                    question.locator(".dk-quiz-check").click()
                    text = _words(_feedback(question).inner_text())
                    if right is None:
                        assert text.startswith("Type a number")
                        continue
                    expect = "Right" if right else "Not quite"
                    assert text.startswith(expect), f"{part_name} Q{index + 1} {typed!r}: {text}"
                    assert _words(question_source.hint if not right else question_source.why
                                  ).split()[-1] in text
        assert not page.problems(), page.problems()
        page.forget_problems()


@pytest.mark.browser
def test_the_first_quiz_is_answered_with_the_keyboard_alone(page, site, site_url):
    pages = _quiz_pages(site)
    if not pages:
        pytest.skip("no quiz page in this site")
    part_name, relative = pages[0]
    expected = _expected(EXAMPLES_DIR / part_name)
    _open(page, site_url + relative)
    choice_index = next(i for i, q in enumerate(expected) if q.kind == "choice")
    question = page.locator("fieldset.dk-quiz-question").nth(choice_index)
    first = question.locator("input[type=radio]").first
    # Tab into the group from the element before it, as a reader would.
    page.evaluate("(id) => { const el = document.getElementById(id); "
                  "const fs = el.closest('fieldset'); fs.tabIndex = -1; fs.focus(); }",
                  first.get_attribute("id"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "radio"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused radio button shows where the focus is"
    page.keyboard.press("Space")
    choices = expected[choice_index].choices
    seen = []
    for position in range(len(choices)):
        text = _words(_feedback(question).inner_text())
        seen.append(text)
        assert text.startswith("Right" if choices[position].right else "Not quite"), text
        checked = page.evaluate("document.activeElement.value")
        assert checked == str(position + 1)
        page.keyboard.press("ArrowDown")
    assert len(set(seen)) == len(choices), "each choice has its own explanation"
    number_index = next((i for i, q in enumerate(expected) if q.kind == "number"), None)
    if number_index is not None:
        question = page.locator("fieldset.dk-quiz-question").nth(number_index)
        question.locator(".dk-quiz-input").focus()
        page.keyboard.type(question.get_attribute("data-answer"))
        page.keyboard.press("Enter")
        assert _words(_feedback(question).inner_text()).startswith("Right")
    assert not page.problems(), page.problems()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_the_quiz_passes_axe_and_fits_a_phone(page, site, site_url, scheme, width):
    pages = _quiz_pages(site)
    if not pages:
        pytest.skip("no quiz page in this site")
    page.set_viewport_size({"width": width, "height": 900})
    for part_name, relative in pages:
        _open(page, site_url + relative, scheme)
        quiz = page.locator(".dk-quiz")
        # Feedback shown, right and wrong, as it is audited and photographed.
        page.locator("fieldset.dk-quiz-question input[type=radio]").first.check()
        last = page.locator("fieldset.dk-quiz-question").last
        if last.locator("input[type=radio]").count():
            last.locator("input[type=radio]").last.check()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{part_name}: the page scrolls sideways by {overflow} px at {width} px"
        clipped = page.evaluate("""() => [...document.querySelectorAll(
                '.dk-quiz-question, .dk-quiz-question *')]
            .filter((el) => !el.classList.contains('dk-visually-hidden'))
            .filter((el) => el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
            .map((el) => el.tagName + '.' + el.className + ': ' + el.textContent.slice(0, 40))""")
        assert not clipped, f"{part_name} at {width} px: wider than their box: {clipped}"
        box = quiz.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert not page.problems(), page.problems()  # before axe, which fetches style sheets again
        assert_no_serious_violations(page, f"{relative} ({scheme}, {width} px)")
        # The whole quiz, from a full-page screenshot without the theme's sticky header.
        page.add_style_tag(content=".bd-header, .skip-link, #pst-back-to-top {display: none !important}")
        area = page.evaluate("""() => { const r = document.querySelector('.dk-quiz').getBoundingClientRect();
            return {x: r.left + window.scrollX, y: r.top + window.scrollY,
                    width: r.width, height: r.height}; }""")
        page.screenshot(path=str(_shot_path(f"quiz-{part_name}-{width}-{scheme}")), full_page=True,
                        clip=area)
        page.forget_problems()


def _shot_path(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
