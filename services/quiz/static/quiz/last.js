/* Career Match quiz UI: results that last: resume, copy the link, print, take again. */
(function () {
  "use strict";

  var CM = (window.CareerMatchQuiz = window.CareerMatchQuiz || {});
  var main = CM.main, progressBox = CM.progressBox, attributionEl = CM.attributionEl, el = CM.el,
      fill = CM.fill, announce = CM.announce, focusHeading = CM.focusHeading,
      hasFocus = CM.hasFocus, allItems = CM.allItems, isAnswered = CM.isAnswered, shown = CM.shown,
      updateProgress = CM.updateProgress, updateMarks = CM.updateMarks, renderPage = CM.renderPage,
      startOver = CM.startOver;

  // ---- results that last -------------------------------------------------------------

  // The preferences a result can change without retaking (shared/contract/request.py
  // PREFERENCES), in the order the what-if form asks them.
  var WHAT_IF_ITEMS = ["location", "max_job_zone", "min_annual_wage", "min_wage_cad", "min_wage_cad_per", "min_wage_gbp"];
  // The largest weight of a part of the score (services/quiz/variants.py WEIGHT_MAX).
  var WEIGHT_MAX = 1;
  var WEIGHT_STEP = 0.05;
  var WEIGHT_NAMES = { interests: "Interests", values: "Work values", skills: "Skills" };
  var docs = {}; // result id -> its document, as this tab showed it ("What changed" compares)
  CM.shownDoc = null;
  CM.whatIf = null; // while the what-if form is open: the answers and weights it started from
  var folded = []; // the match details a print unfolded, folded back after it

  // The saved state another tab of this quiz wrote: while this tab asks questions (or offers
  // to resume) it takes that state (the newest write wins) and shows its answers, so its own
  // next save does not undo the other tab's answers.
  function onStorage(event) {
    if (event.key !== CM.storageKey || !event.newValue || CM.state.resultId) return;
    var other;
    try {
      other = JSON.parse(event.newValue);
    } catch (e) {
      return;
    }
    if (!other || typeof other.answers !== "object" || other.resultId) return;
    var form = document.getElementById("cm-form");
    var resume = document.getElementById("cm-resume-count");
    if (!form && !resume) return;
    var page = CM.state.page;
    CM.state = other;
    CM.state.page = page;
    if (!Array.isArray(CM.state.history)) CM.state.history = [];
    if (resume) resume.textContent = resumeCount();
    if (form) {
      syncInputs(form);
      updateMarks();
      updateProgress();
    }
  }

  function syncInputs(form) {
    form.querySelectorAll("input, select").forEach(function (input) {
      var has = Object.prototype.hasOwnProperty.call(CM.state.answers, input.name);
      var value = has ? String(CM.state.answers[input.name]) : "";
      if (input.type === "radio") input.checked = has ? input.value === value : input.value === "";
      else if (input !== document.activeElement) input.value = value;
    });
  }

  function resumeCount() {
    var items = shown(allItems());
    return items.filter(isAnswered).length + " of " + items.length + " answered.";
  }

  // Saved answers and no result: continue where they were left, or start over.
  function renderResume() {
    progressBox.hidden = true;
    attributionEl.hidden = true;
    var heading = el("h2", { className: "cm-section-title", id: "cm-resume-title", tabindex: "-1", text: "Continue where you left off" });
    var go = el("button", { type: "button", className: "cm-button cm-button-primary", id: "cm-continue", text: "Continue" });
    var over = el("button", { type: "button", className: "cm-button cm-button-secondary", id: "cm-start-over", text: "Start over" });
    var count = el("p", { id: "cm-resume-count", text: resumeCount() });
    fill(main, [
      heading,
      count,
      el("p", { className: "cm-hint", text: "Your answers are kept in this browser. \u201cStart over\u201d clears them." }),
      el("div", { className: "cm-nav" }, [go, over])
    ]);
    go.addEventListener("click", function () { renderPage(true); });
    over.addEventListener("click", startOver);
    if (hasFocus()) focusHeading(heading);
    announce("Continue where you left off: " + count.textContent);
  }

  // The result's own page (absolute): the link to share, readable without the quiz.
  function pageLink(doc) {
    var path = doc.links && doc.links.page;
    return path ? new URL(path, location.href).href : null;
  }

  // Printed, the result says where it lives and when it was printed (the rest of the page,
  // the buttons and forms, is left out by quiz.css).
  function renderPrintHead(doc) {
    var url = pageLink(doc);
    var today = new Date().toISOString().slice(0, 10);
    return el("p", { className: "cm-print-only", id: "cm-print-head", text: "Career Match result \u00b7 " + (url || "") + " \u00b7 printed " + today });
  }

  function renderKeep(doc) {
    var url = pageLink(doc);
    if (!url) return null;
    var field = el("input", { type: "text", id: "cm-link", className: "cm-input cm-link", readonly: true, value: url, "aria-describedby": "cm-link-help" });
    var copy = el("button", { type: "button", className: "cm-button cm-button-primary", id: "cm-copy", text: "Copy link" });
    var print = el("button", { type: "button", className: "cm-button cm-button-secondary", id: "cm-print", text: "Print / Save as PDF" });
    var said = el("p", { className: "cm-hint", id: "cm-copy-status", hidden: true });
    copy.addEventListener("click", function () { copyLink(field, said); });
    print.addEventListener("click", function () { window.print(); });
    return el("section", { className: "cm-block cm-keep", id: "cm-keep", "aria-labelledby": "cm-keep-title" }, [
      el("h3", { id: "cm-keep-title", text: "Keep or share this result" }),
      el("label", { "for": "cm-link", className: "cm-q", text: "Link to this result" }),
      el("p", { className: "cm-hint", id: "cm-link-help", text: "The result's own page. Anyone with the link can read it: share it only with people you choose." }),
      field,
      el("div", { className: "cm-nav" }, [copy, print]),
      said,
      CM.renderDelete(doc)
    ]);
  }

  // The clipboard when the browser lets the frame write it; else the link is selected in its
  // read-only field, to be copied by the person.
  async function copyLink(field, said) {
    var copied = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(field.value);
        copied = true;
      }
    } catch (e) { /* not allowed in this frame: select the link instead */ }
    if (!copied) {
      field.focus();
      field.select();
      try {
        copied = document.execCommand("copy");
      } catch (e) { /* the person copies the selected link */ }
    }
    var message = copied ? "Link copied." : "The link is selected: press Ctrl+C (or \u2318+C) to copy it.";
    said.textContent = message;
    said.hidden = false;
    announce(message);
  }

  // <details> print closed: a print shows every match's details, folded back afterwards.
  function unfoldForPrint() {
    folded = Array.prototype.filter.call(main.querySelectorAll("details"), function (d) { return !d.open; });
    folded.forEach(function (d) { d.open = true; });
  }

  function refoldAfterPrint() {
    folded.forEach(function (d) { d.open = false; });
    folded = [];
  }

  Object.assign(CM, { WHAT_IF_ITEMS: WHAT_IF_ITEMS, WEIGHT_MAX: WEIGHT_MAX,
    WEIGHT_STEP: WEIGHT_STEP, WEIGHT_NAMES: WEIGHT_NAMES, docs: docs, onStorage: onStorage,
    renderResume: renderResume, renderPrintHead: renderPrintHead, renderKeep: renderKeep,
    unfoldForPrint: unfoldForPrint, refoldAfterPrint: refoldAfterPrint });
})();
