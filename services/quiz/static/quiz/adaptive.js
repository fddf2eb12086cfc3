/* Career Match quiz UI: the adaptive quiz (its definition names the quiz it is "adaptive_of").
 * It asks one question at a time, each chosen by the service from the answers so far
 * (POST .../next, which keeps nothing between steps). The answers and the questions skipped
 * are saved like any quiz's, so a reload asks the same question again. */
(function () {
  "use strict";

  var CM = (window.CareerMatchQuiz = window.CareerMatchQuiz || {});
  if (!CM.cfg) return;
  var main = CM.main, progressBox = CM.progressBox, bar = CM.bar, barFill = CM.barFill,
      progressLabel = CM.progressLabel, attributionEl = CM.attributionEl, cfg = CM.cfg,
      el = CM.el, fill = CM.fill, announce = CM.announce, save = CM.save, post = CM.post,
      sleep = CM.sleep, retryAfter = CM.retryAfter, focusHeading = CM.focusHeading,
      MAX_RETRIES = CM.MAX_RETRIES, allItems = CM.allItems, isAnswered = CM.isAnswered,
      applies = CM.applies, findItem = CM.findItem, renderItem = CM.renderItem,
      readAnswer = CM.readAnswer, updateMarks = CM.updateMarks, showError = CM.showError,
      problemsOf = CM.problemsOf;

  // services/quiz/adaptive.py MIN_ASKED: results can be asked for after this many answers.
  var ADAPTIVE_MIN = 12;
  // An item that must be answered once its partner is (the pay rule's unit of a minimum).
  var NEEDS = { min_wage_cad_per: "min_wage_cad" };

  function isAdaptive() {
    return !!(CM.quiz && CM.quiz.adaptive_of);
  }

  function scaleAnswered() {
    return allItems().filter(function (item) { return item.type === "scale" && isAnswered(item); }).length;
  }

  function adaptiveAnswers() {
    var answers = {};
    allItems().forEach(function (item) {
      if (isAnswered(item) && applies(item)) answers[item.id] = CM.state.answers[item.id];
    });
    return answers;
  }

  function skipItem(item) {
    if (CM.state.skipped.indexOf(item.id) < 0) CM.state.skipped.push(item.id);
  }

  async function adaptiveStep(moveFocus) {
    if (!Array.isArray(CM.state.skipped)) CM.state.skipped = [];
    // The version the answers were begun under: a new one may come out meanwhile, and the
    // service still takes the previous one for a while (as the submission does).
    var version = CM.state.version || CM.quiz.version;
    var body = JSON.stringify({ answers: adaptiveAnswers(), skipped: CM.state.skipped, quiz_version: version });
    var url = cfg.api + "/quizzes/" + encodeURIComponent(cfg.quiz) + "/next";
    for (var attempt = 0; attempt <= MAX_RETRIES; attempt++) {
      var response = null;
      try {
        response = await fetch(url, {
          method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: body, credentials: "omit"
        });
      } catch (e) {
        response = null;
      }
      if (response && response.ok) {
        var doc = await response.json();
        if (doc.done) CM.submit();
        else adaptiveRender(doc, moveFocus);
        return;
      }
      if (response && response.status === 422) {
        CM.renderProblem("Your saved answers could not be read. Please start again.", CM.startOver, "Start again");
        return;
      }
      var transient = !response || response.status === 429 || response.status >= 500;
      if (!transient || attempt === MAX_RETRIES) break;
      await sleep(retryAfter(response, attempt));
    }
    CM.renderProblem("We could not load the next question. Check your connection and try again.", function () { adaptiveStep(true); }, "Try again");
  }

  function adaptiveProgress(doc) {
    var left = doc.left_estimate || 1;
    var percent = Math.round((100 * doc.asked) / (doc.asked + left));
    var words = "about " + left + " question" + (left === 1 ? "" : "s") + " left";
    progressBox.hidden = false;
    bar.setAttribute("aria-valuenow", String(percent));
    bar.setAttribute("aria-valuetext", percent + "% done, " + words);
    barFill.style.setProperty("width", percent + "%");
    progressLabel.textContent = "Question " + (doc.asked + 1) + " \u00b7 " + words;
    return words;
  }

  function onStepAnswer(event) {
    var input = event.target;
    if (!input || !input.name) return;
    var item = findItem(input.name);
    if (!item) return;
    readAnswer(item, input);
    showError(item, null);
    updateMarks();
    save();
  }

  function adaptiveRender(doc, moveFocus) {
    var item = findItem(doc.item.id) || doc.item;
    var page = CM.pages[CM.itemPage[item.id]] || CM.pages[0];
    var number = doc.asked + 1;
    CM.numberOf = {};
    CM.numberOf[item.id] = number;
    var heading = el("h2", { className: "cm-section-title", id: "cm-section-title", tabindex: "-1", text: page.section.title });
    var form = el("form", { className: "cm-form", id: "cm-form", novalidate: true, "aria-labelledby": "cm-section-title" }, [renderItem(item, number)]);
    var partner = NEEDS[item.id];
    var optional = item.type !== "scale" && !(partner && isAnswered({ id: partner }));
    form.appendChild(el("div", { className: "cm-nav" }, [
      optional ? el("button", { type: "button", className: "cm-button cm-button-secondary", id: "cm-skip", text: "Skip" }) : null,
      scaleAnswered() >= ADAPTIVE_MIN ? el("button", { type: "button", className: "cm-button cm-button-secondary", id: "cm-finish", text: "Show my results now" }) : null,
      el("button", { type: "submit", className: "cm-button cm-button-primary", id: "cm-next", form: "cm-form", text: "Next" })
    ]));
    fill(main, [heading, page.section.intro ? el("p", { className: "cm-intro", id: "cm-section-intro", text: page.section.intro }) : null, form]);
    form.addEventListener("change", onStepAnswer);
    form.addEventListener("input", onStepAnswer);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var problem = problemsOf([item])[0];
      if (problem) {
        showError(item, problem.message);
        var first = form.querySelector("input, select");
        if (first) first.focus();
        announce(problem.message);
        return;
      }
      if (!isAnswered(item)) skipItem(item); // an optional question left empty is skipped
      save();
      adaptiveStep(true);
    });
    var skip = document.getElementById("cm-skip");
    if (skip) skip.addEventListener("click", function () {
      delete CM.state.answers[item.id];
      skipItem(item);
      save();
      adaptiveStep(true);
    });
    var finish = document.getElementById("cm-finish");
    if (finish) finish.addEventListener("click", function () { CM.submit(); });
    var words = adaptiveProgress(doc);
    var left = doc.left_estimate || 1;
    post("progress", { section: page.section.id, page: number, pages: number + left, answered: doc.asked, total: doc.asked + left });
    attributionEl.hidden = true;
    if (moveFocus) {
      focusHeading(heading);
      announce("Question " + number + ", " + words + ".");
    }
  }

  Object.assign(CM, { isAdaptive: isAdaptive, adaptiveStep: adaptiveStep });
})();
