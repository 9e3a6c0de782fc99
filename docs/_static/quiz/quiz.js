/*
 * The quiz at the end of each part (docs/sphinxext/digitkit_quiz.py writes
 * its HTML). Each question is a <fieldset>: radio buttons, or a text box and
 * a Check button for a number. Picking a choice, or checking a number, shows
 * at once whether it is right and why, in the question's feedback box, and
 * says the same in its live region (digitkitPages.announcer, pages.js).
 *
 * The explanations are in the page: the folded "Answers, and why" block of
 * each question (<details class="dk-quiz-key">), one <div class="dk-quiz-why">
 * per choice (data-choice = the radio's value, data-right), or, for a number,
 * data-choice "answer" (shown when right) and "hint" (when wrong). Without
 * this script that folded block is what the reader gets; with it, the block
 * is hidden and its explanations are shown one at a time.
 *
 * window.digitkitQuiz = { questions: [...], check(fieldset, value) } for the
 * tests and the curious.
 */
(function () {
  "use strict";

  var pages = window.digitkitPages;

  // "0.84", "84%", "1,170", " 45 " -> a number; NaN when it is none.
  // A share typed as a percentage is divided by 100.
  function readNumber(text) {
    var cleaned = String(text).trim().replace(/,/g, "").replace(/\s+/g, "");
    var percent = /%$/.test(cleaned);
    if (percent) { cleaned = cleaned.slice(0, -1); }
    if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(cleaned)) { return NaN; }
    return percent ? Number(cleaned) / 100 : Number(cleaned);
  }

  // Whether a typed value is the answer: within the tolerance, as typed or as a percentage.
  function numberIsRight(text, answer, tolerance) {
    var value = readNumber(text);
    if (isNaN(value)) { return false; }
    var slack = tolerance + 1e-9 * Math.max(1, Math.abs(answer));
    return Math.abs(value - answer) <= slack;
  }

  function explanation(fieldset, choice) {
    return fieldset.querySelector('.dk-quiz-why[data-choice="' + choice + '"]');
  }

  // Show an explanation (a copy of it) in the feedback box, and say it.
  function show(question, why, right) {
    var feedback = question.feedback;
    feedback.hidden = false;
    feedback.className = "dk-quiz-feedback " + (right ? "dk-quiz-right" : "dk-quiz-wrong");
    feedback.replaceChildren();
    var copy = why.cloneNode(true);
    copy.removeAttribute("id");
    // The key repeats each choice before its explanation; the reader has just picked it.
    copy.querySelectorAll(".dk-quiz-picked").forEach(function (picked) {
      var space = picked.nextSibling;
      if (space && space.nodeType === 3) { space.remove(); }
      picked.remove();
    });
    feedback.appendChild(copy);
    question.fieldset.dataset.answered = right ? "right" : "wrong";
    question.say(copy.textContent.replace(/\s+/g, " ").trim());
  }

  function answerChoice(question, value) {
    var why = explanation(question.fieldset, value);
    if (why) { show(question, why, why.dataset.right === "true"); }
    return question.fieldset.dataset.answered;
  }

  function answerNumber(question, text) {
    if (isNaN(readNumber(text))) {
      question.feedback.hidden = false;
      question.feedback.className = "dk-quiz-feedback dk-quiz-wrong";
      question.feedback.textContent = "Type a number, such as 0.5 or 50%.";
      question.fieldset.dataset.answered = "none";
      question.say(question.feedback.textContent);
      return "none";
    }
    var right = numberIsRight(text, Number(question.fieldset.dataset.answer),
                              Number(question.fieldset.dataset.tolerance));
    show(question, explanation(question.fieldset, right ? "answer" : "hint"), right);
    return question.fieldset.dataset.answered;
  }

  function setUp(fieldset) {
    var question = {
      fieldset: fieldset,
      feedback: fieldset.querySelector(".dk-quiz-feedback"),
      say: pages.announcer(fieldset.querySelector(".dk-quiz-status"))
    };
    var key = fieldset.querySelector(".dk-quiz-key");
    if (fieldset.dataset.kind === "number" && fieldset.dataset.answer === "") {
      return question;  // a build that did not compute the answer: the key stays
    }
    key.hidden = true;
    if (fieldset.dataset.kind === "choice") {
      fieldset.querySelectorAll('input[type="radio"]').forEach(function (radio) {
        radio.addEventListener("change", function () { answerChoice(question, radio.value); });
      });
    } else {
      var input = fieldset.querySelector(".dk-quiz-input");
      var check = function () { answerNumber(question, input.value); };
      fieldset.querySelector(".dk-quiz-check").addEventListener("click", check);
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); check(); }
      });
    }
    return question;
  }

  pages.start(".dk-quiz", function () {
    var questions = Array.prototype.map.call(
      document.querySelectorAll(".dk-quiz-question"), setUp);
    return questions;
  }, function (questions) {
    window.digitkitQuiz = {
      questions: questions || [],
      readNumber: readNumber,
      numberIsRight: numberIsRight
    };
  });
})();
