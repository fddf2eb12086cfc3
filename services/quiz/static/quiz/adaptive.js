/* Career Match quiz UI: the adaptive quiz (its definition names the quiz it is "adaptive_of").
 * It asks one question at a time, each chosen by the service from the answers so far
 * (POST .../next, which keeps nothing between steps). The answers and the questions skipped
 * are saved like any quiz's, with the order they were given in (state.order), so a reload
 * asks the same question again and Back works after it: a step being the same for the same
 * answers, taking the last one off asks its question again. */
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

  // The answers given with Next: the question shown may have one picked but not sent yet.
  function adaptiveAnswers() {
    var answers = {};
    allItems().forEach(function (item) {
      if (CM.state.order.indexOf(item.id) >= 0 && isAnswered(item) && applies(item)) answers[item.id] = CM.state.answers[item.id];
    });
    return answers;
  }

  // Answers saved before the order was kept: all of them were given, in the quiz's order.
  function ensureOrder() {
    if (!Array.isArray(CM.state.skipped)) CM.state.skipped = [];
    if (Array.isArray(CM.state.order)) return;
    CM.state.order = allItems().filter(function (item) {
      return isAnswered(item) || CM.state.skipped.indexOf(item.id) >= 0;
    }).map(function (item) { return item.id; });
  }

  function skipItem(item) {
    if (CM.state.skipped.indexOf(item.id) < 0) CM.state.skipped.push(item.id);
  }

  // The step's buttons do nothing more once one was pressed: a second Back while the
  // question before is on its way would take off an answer more than was asked.
  function leaving() {
    main.querySelectorAll(".cm-nav button").forEach(function (button) { button.disabled = true; });
  }

  function moveOn(item) {
    leaving();
    if (CM.state.order.indexOf(item.id) < 0) CM.state.order.push(item.id);
    save();
    adaptiveStep(true);
  }

  // Back to the question answered (or skipped) last: it is taken off what was given, so the
  // step asks it again, with its answer still picked. An answer picked on the question left
  // is kept aside (state.later) in case that question comes again.
  function goBack(item) {
    leaving();
    if (isAnswered(item)) {
      CM.state.later = CM.state.later || {};
      CM.state.later[item.id] = CM.state.answers[item.id];
    }
    delete CM.state.answers[item.id];
    var previous = CM.state.order.pop();
    CM.state.skipped = CM.state.skipped.filter(function (id) { return id !== previous; });
    save();
    adaptiveStep(true);
  }

  async function adaptiveStep(moveFocus) {
    ensureOrder();
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

  // The questions left as the bar counts them: the estimate goes up as well as down, but the
  // bar never goes back while the person goes on, so it counts fewer when the estimate would
  // put it below the furthest fraction it showed (state.furthest; at least one is left).
  function barLeft(asked, left) {
    var furthest = Number(CM.state.furthest) || 0;
    if (!asked || asked / (asked + left) >= furthest) return left;
    return Math.max(1, Math.floor((asked * (1 - furthest)) / furthest + 1e-9));
  }

  function adaptiveProgress(doc, left) {
    var estimate = doc.left_estimate || 1;
    var done = Math.max(Number(CM.state.furthest) || 0, doc.asked / (doc.asked + left));
    CM.state.furthest = done;
    var percent = Math.round(100 * done);
    var words = "about " + estimate + " question" + (estimate === 1 ? "" : "s") + " left";
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
    var later = CM.state.later || {};
    if (!isAnswered(item) && Object.prototype.hasOwnProperty.call(later, item.id)) CM.state.answers[item.id] = later[item.id];
    delete later[item.id];
    var page = CM.pages[CM.itemPage[item.id]] || CM.pages[0];
    var number = doc.asked + 1;
    CM.numberOf = {};
    CM.numberOf[item.id] = number;
    var heading = el("h2", { className: "cm-section-title", id: "cm-section-title", tabindex: "-1", text: page.section.title });
    var form = el("form", { className: "cm-form", id: "cm-form", novalidate: true, "aria-labelledby": "cm-section-title" }, [renderItem(item, number)]);
    var partner = NEEDS[item.id];
    var optional = item.type !== "scale" && !(partner && isAnswered({ id: partner }));
    form.appendChild(el("div", { className: "cm-nav" }, [
      CM.state.order.length ? el("button", { type: "button", className: "cm-button cm-button-secondary", id: "cm-back", text: "Back" }) : null,
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
      moveOn(item);
    });
    var back = document.getElementById("cm-back");
    if (back) back.addEventListener("click", function () { goBack(item); });
    var skip = document.getElementById("cm-skip");
    if (skip) skip.addEventListener("click", function () {
      delete CM.state.answers[item.id];
      skipItem(item);
      moveOn(item);
    });
    var finish = document.getElementById("cm-finish");
    if (finish) finish.addEventListener("click", function () { CM.submit(); });
    var left = barLeft(doc.asked, doc.left_estimate || 1);
    var words = adaptiveProgress(doc, left);
    save();
    post("progress", { section: page.section.id, page: number, pages: number + left, answered: doc.asked, total: doc.asked + left });
    attributionEl.hidden = true;
    if (moveFocus) {
      focusHeading(heading);
      announce("Question " + number + ", " + words + ".");
    }
  }

  Object.assign(CM, { isAdaptive: isAdaptive, adaptiveStep: adaptiveStep });
})();
