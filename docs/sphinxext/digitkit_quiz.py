"""A short quiz at the end of each part: ``.. quiz::``, answered on the page.

Each part's last page (its exercises page; the first part's last example)
ends with a few questions that test understanding. The questions are
written in the page's own text, inside the directive, in a plain form that
reads well in the downloaded script too::

    .. quiz::

       Question: Why does a model that never says "5" score so well?

       - [ ] It learned the shape of a 5.
         Why: It never looks at the pixels at all.
       - [x] Nine digits in ten are not 5s.
         Why: Accuracy counts the 5s and the others alike, and the others
         are most of them.

       Question: How many binary classifiers does one-versus-one train
       for ten classes?

       Answer: 45
       Hint: one per pair of classes.
       Why: 10 x 9 / 2 pairs.

- A **multiple-choice** question has two or more choices, ``- [x]`` for the
  one right answer and ``- [ ]`` for the others, each followed by ``Why:``,
  the one- or two-sentence explanation shown when the reader picks it.
- A **number** question has ``Answer:`` (a number, ``± tolerance`` if it is
  not a whole number), ``Hint:`` shown after a wrong answer, ``Why:`` after
  the right one. A reader may type a share as ``0.84`` or ``84%``.
- Question, choices and explanations are inline reST (roles, links,
  ````literals````); a line continues the one above it when indented like it.
- A number the page computed is never typed: ``{plot_02_x.py "label"}``
  is replaced by the number printed right after ``label`` on the first line
  of that example's output that contains it (as printed: ``0.8371``,
  ``1,170``). The build fails if the example or the line is missing. In a
  build whose examples do not run (``html-noplot``) it reads "(not
  computed in this build)".

Everything is checked when the page is read (:func:`parse_quiz`): exactly
one right choice, an explanation for every choice, a hint and an
explanation for every number; anything else is an error that fails the
build (``-W``) at the line to fix.

On the page each question is a ``<fieldset>`` with its ``<legend>``:
native radio buttons, or a text box and a Check button. ``quiz/quiz.js``
shows the explanation of what the reader picked at once, and says it in a
live region; without the script, a folded "Answer" block under each
question holds every explanation. The page loads ``pages/pages.js`` and
``pages/pages.css`` (the announcer, the shared buttons and inputs) and
``quiz/quiz.js|css`` only when it has a quiz.

In the downloaded notebook, :func:`quiz_markdown` writes the quiz as
Markdown: the questions and their choices, and the answers with their
explanations in a collapsed ``<details>`` block. :func:`replace_quizzes`
does it for every quiz of a text cell, for the notebook converter.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive

from digitkit_gallery import gallery_folders
from digitkit_prose import printed_output

#: Where the script and style sheet live, in ``docs/_static/``.
ASSETS = "quiz/quiz"
SHARED = "pages/pages"
#: The heading of the section that holds a part's quiz, right before its wrap-up.
QUIZ_TITLE = "Check your understanding"
#: The text that stands for a printed number in a build whose examples did not run.
NOT_COMPUTED = "(not computed in this build)"

_QUESTION = re.compile(r"^Question:\s*(.*)$")
_CHOICE = re.compile(r"^- \[(?P<mark>[ xX])\]\s*(?P<text>.*)$")
_FIELD = re.compile(r"^(?P<name>Why|Hint|Answer):\s*(?P<text>.*)$")
_PRINTED = re.compile(r"\{(?P<example>plot_\w+\.py)\s+\"(?P<label>[^\"]+)\"\}")
_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")
_PRINTED_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


class QuizError(ValueError):
    """A quiz that cannot be asked as written; ``line`` is the offending line (0-based)."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


@dataclasses.dataclass(frozen=True)
class Choice:
    """One choice of a multiple-choice question (inline reST)."""

    text: str
    why: str
    right: bool
    line: int


@dataclasses.dataclass(frozen=True)
class Question:
    """A question: multiple choice (``choices``) or a number (``answer``)."""

    prompt: str
    line: int
    choices: tuple[Choice, ...] = ()
    answer: str = ""
    tolerance: str = "0"
    hint: str = ""
    why: str = ""

    @property
    def kind(self) -> str:
        return "number" if self.answer else "choice"


# -- Reading the source -------------------------------------------------------------

def _dedent(lines: list[str]) -> list[str]:
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return [line[cut:] for line in lines]


def parse_quiz(lines: list[str], first_line: int = 0) -> list[Question]:
    """Read a quiz's questions from the directive's content, checking each.

    Parameters
    ----------
    lines : list of str
        The directive's content, one string per line.
    first_line : int
        The line number of ``lines[0]``, for the errors.

    Returns
    -------
    list of Question

    Raises
    ------
    QuizError
        Naming what is wrong and where: no question, a choice or a number
        without its explanation, not exactly one right choice...

    Examples
    --------
    >>> quiz = parse_quiz(["Question: Odd?", "", "- [x] 3", "  Why: 3 = 2 + 1.",
    ...                    "- [ ] 4", "  Why: 4 = 2 x 2."])
    >>> [(choice.text, choice.right) for choice in quiz[0].choices]
    [('3', True), ('4', False)]
    """
    lines = _dedent(list(lines))
    # Group the lines into items: (kind, text lines, first line), where a line
    # indented more than the item's first line, or a field line inside a
    # choice, continues the item.
    items: list[list] = []
    for offset, raw in enumerate(lines):
        number = first_line + offset
        if not raw.strip():
            continue
        indent = len(raw) - len(raw.lstrip())
        text = raw.strip()
        if indent == 0:
            if match := _QUESTION.match(text):
                items.append(["question", [match.group(1)], number])
            elif match := _CHOICE.match(text):
                items.append(["right" if match.group("mark") != " " else "wrong",
                              [match.group("text")], number])
            elif match := _FIELD.match(text):
                items.append([match.group("name").lower(), [match.group("text")], number])
            elif items and items[-1][0] in ("question", "answer", "hint", "why"):
                items[-1][1].append(text)  # a question or a field runs over lines like its first
            else:
                raise QuizError(f"quiz: cannot read {text!r}: expected 'Question:', a choice "
                                "('- [x]' or '- [ ]'), 'Answer:', 'Hint:' or 'Why:'", number)
        elif not items:
            raise QuizError("quiz: the first line must be 'Question: ...'", number)
        elif (match := _FIELD.match(text)) and items[-1][0] in ("right", "wrong", "choice-why") \
                and match.group("name") == "Why":
            items.append(["choice-why", [match.group("text")], number])
        else:
            items[-1][1].append(text)
    questions, current = [], None
    for kind, texts, number in items:
        text = " ".join(part for part in texts if part)
        if kind == "question":
            current = {"prompt": text, "line": number, "choices": [], "fields": {}}
            questions.append(current)
            if not text:
                raise QuizError("quiz: a question without its text", number)
            continue
        if current is None:
            raise QuizError("quiz: the first line must be 'Question: ...'", number)
        if kind in ("right", "wrong"):
            if not text:
                raise QuizError("quiz: a choice without its text", number)
            current["choices"].append([text, None, kind == "right", number])
        elif kind == "choice-why":
            if not current["choices"] or current["choices"][-1][1] is not None:
                raise QuizError("quiz: 'Why:' under a choice that already has one", number)
            current["choices"][-1][1] = text
        elif kind == "why" and current["choices"]:
            raise QuizError("quiz: a choice's 'Why:' must be indented under it", number)
        else:
            if kind in current["fields"]:
                raise QuizError(f"quiz: a second {kind.title()!r} for the question", number)
            current["fields"][kind] = (text, number)
    if not questions:
        raise QuizError("quiz: no question (start each with 'Question:')", first_line)
    return [_question(question) for question in questions]


def _question(raw: dict) -> Question:
    line, fields, choices = raw["line"], raw["fields"], raw["choices"]
    if choices:
        if fields:
            name, (_, where) = next(iter(fields.items()))
            raise QuizError(f"quiz: a multiple-choice question has no {name.title()!r}: "
                            "each choice has its own 'Why:'", where)
        if len(choices) < 2:
            raise QuizError("quiz: a multiple-choice question needs at least two choices", line)
        for text, why, _, where in choices:
            if not why:
                raise QuizError(f"quiz: the choice {text!r} has no explanation: add an "
                                "indented 'Why:' line under it", where)
        right = [choice for choice in choices if choice[2]]
        if len(right) != 1:
            raise QuizError(f"quiz: a question needs exactly one right choice ('- [x]'), "
                            f"this one has {len(right)}", line)
        return Question(raw["prompt"], line, tuple(Choice(text, why, is_right, where)
                                                   for text, why, is_right, where in choices))
    if "answer" not in fields:
        raise QuizError("quiz: a question needs choices ('- [x]', '- [ ]') or an 'Answer:'", line)
    answer_text, where = fields["answer"]
    for needed in ("hint", "why"):
        if needed not in fields:
            when = "shown after a wrong answer" if needed == "hint" else "after the right one"
            raise QuizError(f"quiz: a number question needs a {needed.title()!r}: line ({when})", line)
    answer, _, tolerance = (part.strip() for part in answer_text.partition("±"))
    if not (_NUMBER.match(answer) or _PRINTED.fullmatch(answer)):
        raise QuizError(f"quiz: the answer {answer!r} is neither a number nor a printed number "
                        "('{plot_x.py \"label\"}')", where)
    if tolerance and not _NUMBER.match(tolerance):
        raise QuizError(f"quiz: the tolerance {tolerance!r} is not a number", where)
    if not tolerance and not re.fullmatch(r"[-+]?\d+", answer):
        raise QuizError("quiz: an answer that is not a whole number needs a tolerance "
                        "('Answer: ... ± 0.01')", where)
    return Question(raw["prompt"], line, answer=answer, tolerance=tolerance or "0",
                    hint=fields["hint"][0], why=fields["why"][0])


def quiz_blocks(source: str) -> list[tuple[int, list[str]]]:
    """The quizzes of an example's source or of reST text: ``(line, content lines)`` each.

    The line is the 0-based line of the ``.. quiz::`` directive; comment
    markers (``# ``) of an example's text cells are removed.
    """
    lines = [re.sub(r"^# ?", "", line) if line.startswith("#") else line
             for line in source.splitlines()]
    found = []
    for number, line in enumerate(lines):
        if line.strip() != ".. quiz::":
            continue
        indent = len(line) - len(line.lstrip())
        content = []
        for following in lines[number + 1:]:
            if following.strip() and len(following) - len(following.lstrip()) <= indent:
                break
            content.append(following)
        while content and not content[-1].strip():
            content.pop()
        found.append((number, content))
    return found


# -- Numbers the build printed -----------------------------------------------------

def printed_number(output: str, label: str) -> str:
    """The number printed right after ``label`` on the first line that contains it, as printed.

    Examples
    --------
    >>> printed_number("precision: 0.8371, recall: 0.6512", "recall:")
    '0.6512'
    """
    for line in output.splitlines():
        if label in line:
            found = _PRINTED_NUMBER.search(line[line.index(label) + len(label):])
            if found is None:
                raise LookupError(f"no number after {label!r} on the printed line {line!r}")
            return found.group(0)
    raise LookupError(f"no printed line contains {label!r}")


def printed_numbers_from(gallery: Path, plotting: bool = True) -> Callable[[str, str], str]:
    """A function ``number(example, label)`` that reads the generated pages of ``gallery``."""

    def number(example: str, label: str) -> str:
        pages = sorted(gallery.glob(f"*/{Path(example).stem}.rst"))
        if not pages:
            raise LookupError(f"the example {example} is not part of this build")
        output = printed_output(pages[0].read_text(encoding="utf-8"))
        if output is None:
            if not plotting:
                return NOT_COMPUTED
            raise LookupError(f"the example {example} printed nothing")
        return printed_number(output, label)

    return number


def fill_numbers(text: str, number: Callable[[str, str], str]) -> str:
    """Replace each ``{plot_x.py "label"}`` of ``text`` by the number it names."""
    return _PRINTED.sub(lambda match: number(match.group("example"), match.group("label")), text)


def _answer_value(text: str) -> float:
    return float(text.replace(",", "").rstrip("%")) / (100 if text.endswith("%") else 1)


# -- The page -------------------------------------------------------------------------

class quiz(nodes.General, nodes.Element):  # noqa: N801 (docutils names nodes in lower case)
    """The quiz: a ``<div class="dk-quiz">``."""


class quiz_question(nodes.General, nodes.Element):  # noqa: N801
    """A ``<fieldset>``; attributes ``kind``, ``answer``, ``tolerance``."""


class quiz_legend(nodes.General, nodes.TextElement):  # noqa: N801
    """The question, as the fieldset's ``<legend>``."""


class quiz_choice(nodes.General, nodes.TextElement):  # noqa: N801
    """A radio button and its label; attributes ``name``, ``value``, ``input_id``."""


class quiz_number(nodes.General, nodes.Element):  # noqa: N801
    """A text box for a number, its label and a Check button; attribute ``input_id``."""


class quiz_key(nodes.General, nodes.Element):  # noqa: N801
    """The answers and explanations, folded (``<details>``), read by the script."""


class quiz_why(nodes.General, nodes.Element):  # noqa: N801
    """One explanation; attributes ``choice`` (a value, or ``hint``) and ``right``."""


def visit_quiz(self, node):
    self.body.append(self.starttag(node, "div", CLASS="dk-quiz"))


def visit_question(self, node):
    attributes = {"data-kind": node["kind"]}
    if node["kind"] == "number":
        attributes.update({"data-answer": node["answer"], "data-tolerance": node["tolerance"]})
    self.body.append(self.starttag(node, "fieldset", CLASS="dk-quiz-question", **attributes))


def depart_question(self, node):
    # The feedback: shown to the eye here, said to a screen reader by the live region.
    self.body.append('<div class="dk-quiz-feedback" hidden></div>\n'
                     '<p class="dk-quiz-status dk-visually-hidden" role="status"></p>\n'
                     "</fieldset>\n")


def visit_legend(self, node):
    self.body.append(self.starttag(node, "legend", CLASS="dk-quiz-legend"))
    self.body.append(f'<span class="dk-quiz-number">{html.escape(node["number"])}</span> ')


def visit_choice(self, node):
    self.body.append(self.starttag(node, "div", CLASS="dk-quiz-choice"))
    self.body.append(f'<input type="radio" id="{node["input_id"]}" name="{node["name"]}" '
                     f'value="{node["value"]}"><label for="{node["input_id"]}">')


def depart_choice(self, node):
    self.body.append("</label></div>\n")


def visit_number(self, node):
    input_id = node["input_id"]
    self.body.append(
        f'<div class="dk-quiz-answer"><label for="{input_id}">Your answer</label> '
        f'<input type="text" inputmode="decimal" autocomplete="off" spellcheck="false" '
        f'class="dk-input dk-quiz-input" id="{input_id}"> '
        '<button type="button" class="dk-button dk-quiz-check">Check</button></div>\n')
    raise nodes.SkipNode


def visit_key(self, node):
    self.body.append(self.starttag(node, "details", CLASS="dk-quiz-key"))
    self.body.append(f"<summary>{html.escape(node['summary'])}</summary>\n")


def visit_why(self, node):
    self.body.append(self.starttag(node, "div", CLASS="dk-quiz-why",
                                   **{"data-choice": node["choice"],
                                      "data-right": "true" if node["right"] else "false"}))


def _closer(tag):
    def depart(self, node):
        self.body.append(f"</{tag}>\n")
    return depart


class Quiz(Directive):
    """``.. quiz::`` -- a few questions, answered on the page (see the module description)."""

    has_content = True

    def run(self):
        env = self.state.document.settings.env
        conf = getattr(env.config, "sphinx_gallery_conf", None) or {}
        plotting = str(conf.get("plot_gallery", True)) not in {"0", "False"}
        gallery = Path(env.srcdir) / gallery_folders(conf)[1]
        number = printed_numbers_from(gallery, plotting)
        try:
            questions = parse_quiz(list(self.content), self.content_offset)
            for page in set(_PRINTED.findall("\n".join(self.content))):
                for path in gallery.glob(f"*/{Path(page[0]).stem}.rst"):
                    env.note_dependency(str(path))
            for line in self.content:  # every printed number must be found, before anything is shown
                fill_numbers(line, number)
        except QuizError as error:
            return [self._error(str(error), error.line)]
        except LookupError as error:
            return [self._error(f"quiz: a printed number: {error}", self.lineno)]
        serial = env.new_serialno("digitkit-quiz") + 1
        box = quiz(ids=["quiz" if serial == 1 else f"quiz-{serial}"])
        for index, question in enumerate(questions, start=1):
            box += self._question(question, f"q{serial}-{index}", index, number)
        return [box]

    def _error(self, message: str, line: int):
        return self.state.document.reporter.error(message, line=line + 1)

    def _inline(self, text: str, line: int) -> list[nodes.Node]:
        found, messages = self.state.inline_text(text, line + 1)
        return found + messages

    def _why(self, text: str, line: int, choice: str, right: bool, lead: str,
             picked: list[nodes.Node] = ()) -> quiz_why:
        why = quiz_why(choice=choice, right=right)
        paragraph = nodes.paragraph()
        if picked:  # the choice itself, in the folded key; the script drops it from the feedback
            paragraph += nodes.inline("", "", *picked, classes=["dk-quiz-picked"])
            paragraph += nodes.Text(" ")
        paragraph += nodes.strong(lead, lead)
        paragraph += nodes.Text(" ")
        paragraph.extend(self._inline(text, line))
        why += paragraph
        return why

    def _question(self, question: Question, name: str, index: int, number) -> quiz_question:
        fill = lambda text: fill_numbers(text, number)  # noqa: E731
        attributes = {"kind": question.kind}
        if question.kind == "number":
            attributes.update(answer=str(_answer_value(fill(question.answer)))
                              if fill(question.answer) != NOT_COMPUTED else "",
                              tolerance=question.tolerance)
        fieldset = quiz_question(ids=[name], **attributes)
        legend = quiz_legend(number=f"Question {index}.")
        legend.extend(self._inline(fill(question.prompt), question.line))
        fieldset += legend
        key = quiz_key(summary="Answer" if question.kind == "number" else "Answers, and why")
        if question.kind == "choice":
            choices = nodes.container(classes=["dk-quiz-choices"])
            for value, choice in enumerate(question.choices, start=1):
                item = quiz_choice(name=name, value=str(value), input_id=f"{name}-{value}")
                item.extend(self._inline(fill(choice.text), choice.line))
                choices += item
                key += self._why(fill(choice.why), choice.line, str(value), choice.right,
                                 "Right." if choice.right else "Not quite.",
                                 self._inline(f"{fill(choice.text)} \N{EM DASH}", choice.line))
            fieldset += choices
        else:
            fieldset += quiz_number(input_id=f"{name}-answer")
            answer = fill(question.answer)
            key += self._why(fill(question.why), question.line, "answer", True,
                             f"Right: {answer}.")
            key += self._why(fill(question.hint), question.line, "hint", False, "Not quite.")
        fieldset += key
        return fieldset


def _letter(value: int) -> str:
    return "ABCDEFGHIJ"[value - 1]


# -- The notebook -----------------------------------------------------------------------

def quiz_markdown(content: list[str] | str, *, inline: Callable[[str], str] | None = None,
                  number: Callable[[str, str], str] | None = None) -> str:
    """A quiz as Markdown, for a downloaded notebook.

    The questions with their choices (A, B, C...) come first, then, in a
    collapsed ``<details>`` block that Jupyter renders, each answer and the
    explanation of every choice.

    Parameters
    ----------
    content : list of str or str
        The directive's content (as in the example's text cell, without the
        ``.. quiz::`` line and the comment markers; see :func:`quiz_blocks`).
    inline : callable, optional
        Turns inline reST (roles, links, literals) into Markdown; by default
        roles are reduced to their text.
    number : callable, optional
        ``number(example, label)``, the printed number a ``{plot_x.py
        "label"}`` stands for (:func:`printed_numbers_from`); by default the
        placeholder is left as "the number <label> of <example>".

    Returns
    -------
    str

    Examples
    --------
    >>> print(quiz_markdown(["Question: Odd?", "- [x] 3", "  Why: 2 + 1.",
    ...                      "- [ ] 4", "  Why: 2 x 2."]))
    ... # doctest: +NORMALIZE_WHITESPACE
    ### Quiz
    <BLANKLINE>
    **Question 1.** Odd?
    <BLANKLINE>
    - A. 3
    - B. 4
    <BLANKLINE>
    <details><summary>Answers, and why</summary>
    <BLANKLINE>
    **Question 1.** The answer is A.
    <BLANKLINE>
    - A. Right: 2 + 1.
    - B. Not quite: 2 x 2.
    <BLANKLINE>
    </details>
    """
    lines = content.splitlines() if isinstance(content, str) else list(content)
    inline = inline or _plain_inline
    number = number or (lambda example, label: f"(the number after {label!r} in {example})")
    md = lambda text: inline(fill_numbers(text, number))  # noqa: E731
    questions = parse_quiz(lines)
    asked, answers = ["### Quiz", ""], ["<details><summary>Answers, and why</summary>", ""]
    for index, question in enumerate(questions, start=1):
        asked += [f"**Question {index}.** {md(question.prompt)}", ""]
        if question.kind == "choice":
            asked += [f"- {_letter(value)}. {md(choice.text)}"
                      for value, choice in enumerate(question.choices, start=1)] + [""]
            right = next(value for value, choice in enumerate(question.choices, start=1) if choice.right)
            answers += [f"**Question {index}.** The answer is {_letter(right)}.", ""]
            answers += [f"- {_letter(value)}. {'Right' if choice.right else 'Not quite'}: {md(choice.why)}"
                        for value, choice in enumerate(question.choices, start=1)] + [""]
        else:
            asked += ["*Your answer:* ...", ""]
            tolerance = f" (give or take {question.tolerance})" if question.tolerance != "0" else ""
            answers += [f"**Question {index}.** The answer is {md(question.answer)}{tolerance}. "
                        f"{md(question.why)}", ""]
    return "\n".join(asked + answers + ["</details>"])


def replace_quizzes(rst: str, **options) -> str:
    """reST text (a text cell of an example) with each ``.. quiz::`` replaced by its Markdown.

    For the notebook converter: the rest of the text is left as it is, for
    it to convert; ``options`` are those of :func:`quiz_markdown`.

    Examples
    --------
    >>> cell = "Try these.\\n\\n.. quiz::\\n\\n   Question: Odd?\\n\\n   - [x] 3\\n     Why: 2 + 1.\\n" \\
    ...        "   - [ ] 4\\n     Why: 2 x 2.\\n\\nDone."
    >>> converted = replace_quizzes(cell)
    >>> converted.startswith("Try these.\\n\\n### Quiz") and converted.endswith("</details>\\n\\nDone.")
    True
    """
    lines = rst.splitlines()
    for start, content in reversed(quiz_blocks(rst)):
        end = start + 1 + len(content)
        lines[start:end] = quiz_markdown(content, **options).splitlines()
    return "\n".join(lines)


def _plain_inline(text: str) -> str:
    def role(match):
        target = match.group(2)
        if match.group(0).startswith((":ref:", ":doc:")):
            return target
        return f"`{target.split('.')[-1] if match.group(1) else target}`"

    text = re.sub(r":[\w:.-]+:`(~?)([^`<]*?)\s*(?:<[^>]*>)?`", role, text)
    text = re.sub(r"`([^`<]*?)\s*<[^>]*>`__?", r"\1", text)
    return text.replace("``", "`")


# -- Into the site ----------------------------------------------------------------------

def add_quiz_assets(app, pagename, templatename, context, doctree):
    """Give a page that has a quiz its script and style sheet (and the shared ones)."""
    if doctree is None or next(iter(doctree.findall(quiz)), None) is None:
        return
    app.add_css_file(f"{SHARED}.css")
    app.add_css_file(f"{ASSETS}.css")
    app.add_js_file(f"{SHARED}.js", defer="defer")
    app.add_js_file(f"{ASSETS}.js", defer="defer")


def setup(app):
    app.add_directive("quiz", Quiz)
    app.add_node(quiz, html=(visit_quiz, _closer("div")))
    app.add_node(quiz_question, html=(visit_question, depart_question))
    app.add_node(quiz_legend, html=(visit_legend, _closer("legend")))
    app.add_node(quiz_choice, html=(visit_choice, depart_choice))
    app.add_node(quiz_number, html=(visit_number, None))
    app.add_node(quiz_key, html=(visit_key, _closer("details")))
    app.add_node(quiz_why, html=(visit_why, _closer("div")))
    app.connect("html-page-context", add_quiz_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
