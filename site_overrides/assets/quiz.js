/* Self-check quizzes (coursegen/quiz.html): loaded only on learner pages that have one. Without this file a
   quiz is readable and its answers are behind "Show answer"; with it, the reader checks their choice:
   - "Check" shows the feedback under each chosen option and says the result in the quiz's live region
     ("Correct." / "Not quite." and the feedback), which screen readers announce;
   - the choice and whether it was checked are kept in this browser only (localStorage), under a key of the
     page's path, the quiz's id and a hash of its text: an edited quiz starts afresh;
   - "Try again" clears the choice. Nothing is fetched: quizzes work offline. */
(function () {
  "use strict";

  var PREFIX = "coursegen-quiz:";

  function load(key) {
    try {
      return JSON.parse(localStorage.getItem(key) || "null");
    } catch (error) {
      return null; // storage disabled or the value damaged: start afresh
    }
  }

  function save(key, value) {
    try {
      if (value) localStorage.setItem(key, JSON.stringify(value));
      else localStorage.removeItem(key);
    } catch (error) { /* storage full or disabled: the quiz still works on this page */ }
  }

  // Each option gets a box under it for its feedback, moved from the "Show answer" list.
  function optionOf(input, answers) {
    var answer = answers.querySelector('[data-cg-option="' + input.value + '"]');
    var item = input.closest("li");
    var box = document.createElement("div");
    box.className = "cg-quiz-option-feedback";
    box.id = input.id + "-feedback";
    box.hidden = true;
    if (answer) {
      var mark = answer.querySelector(".cg-quiz-mark");
      var feedback = answer.querySelector(".cg-quiz-feedback");
      if (mark) box.appendChild(mark.cloneNode(true));
      if (feedback) box.appendChild(feedback);
    }
    item.appendChild(box);
    return {input: input, item: item, box: box, correct: !!answer && answer.classList.contains("cg-quiz-right")};
  }

  function setUp(quiz) {
    var answers = quiz.querySelector(".cg-quiz-answer");
    var actions = quiz.querySelector(".cg-quiz-actions");
    var check = quiz.querySelector(".cg-quiz-check");
    var retry = quiz.querySelector(".cg-quiz-retry");
    var status = quiz.querySelector(".cg-quiz-status");
    var inputs = Array.prototype.slice.call(quiz.querySelectorAll(".cg-quiz-options input"));
    if (!answers || !actions || !check || !retry || !status || !inputs.length) return;
    var key = PREFIX + location.pathname + "#" + quiz.id + ":" + quiz.getAttribute("data-cg-quiz");
    var options = inputs.map(function (input) { return optionOf(input, answers); });

    function chosen() {
      return options.filter(function (option) { return option.input.checked; });
    }

    function clear() {
      options.forEach(function (option) {
        option.box.hidden = true;
        option.item.classList.remove("cg-quiz-chosen-right", "cg-quiz-chosen-wrong");
        option.input.removeAttribute("aria-describedby");
      });
      status.textContent = "";
      retry.hidden = true;
    }

    function result() {
      var picked = chosen();
      if (!picked.length) return quiz.getAttribute("data-cg-empty");
      var right = options.every(function (option) { return option.input.checked === option.correct; });
      var words = [quiz.getAttribute(right ? "data-cg-correct" : "data-cg-wrong")];
      if (!right && picked.every(function (option) { return option.correct; })) {
        words.push(quiz.getAttribute("data-cg-missed"));
      }
      picked.forEach(function (option) {
        option.box.hidden = false;
        option.item.classList.add(option.correct ? "cg-quiz-chosen-right" : "cg-quiz-chosen-wrong");
        option.input.setAttribute("aria-describedby", option.box.id);
        var parts = Array.prototype.map.call(option.box.children, function (part) { return part.textContent; });
        words.push(parts.join(" ").replace(/\s+/g, " ").trim());
      });
      retry.hidden = false;
      return words.join(" ");
    }

    function choice(checked) {
      return {chosen: chosen().map(function (option) { return option.input.value; }), checked: checked};
    }

    check.addEventListener("click", function () {
      clear();
      var message = result();
      if (chosen().length) save(key, choice(true));
      // emptied first, filled a moment later: a live region announces a change, even to the same words
      // (a timer, not an animation frame: those never come in a tab in the background)
      setTimeout(function () { status.textContent = message; }, 50);
    });
    retry.addEventListener("click", function () {
      options.forEach(function (option) { option.input.checked = false; });
      clear();
      save(key, null);
      inputs[0].focus();
    });
    inputs.forEach(function (input) {
      input.addEventListener("change", function () {
        clear(); // the feedback shown was for the choice before
        save(key, chosen().length ? choice(false) : null);
      });
    });

    answers.hidden = true;
    actions.hidden = false;
    quiz.classList.add("cg-quiz--ready");
    var kept = load(key);
    if (kept && Array.isArray(kept.chosen)) {
      options.forEach(function (option) { option.input.checked = kept.chosen.indexOf(option.input.value) >= 0; });
      if (kept.checked && chosen().length) status.textContent = result();
    }
  }

  document.querySelectorAll(".cg-quiz[data-cg-quiz]").forEach(setUp);
})();
