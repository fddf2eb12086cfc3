/* Career Match quiz UI: the start: load the quiz, then resume, show the result or ask. */
(function () {
  "use strict";

  var CM = (window.CareerMatchQuiz = window.CareerMatchQuiz || {});
  // core.js stops on a page without the quiz (no #cm-app), and so does the start.
  if (!CM.cfg) return;
  var PROTOCOL = CM.PROTOCOL, title = CM.title, cfg = CM.cfg, framed = CM.framed,
      storagePrefix = CM.storagePrefix, freshState = CM.freshState, save = CM.save,
      restore = CM.restore, forgetOthers = CM.forgetOthers, post = CM.post, sleep = CM.sleep,
      retryAfter = CM.retryAfter, focusHeading = CM.focusHeading, applyTheme = CM.applyTheme,
      watchSize = CM.watchSize, buildPages = CM.buildPages, allItems = CM.allItems,
      isAnswered = CM.isAnswered, shown = CM.shown, renderPage = CM.renderPage,
      renderWaiting = CM.renderWaiting, followResult = CM.followResult,
      renderProblem = CM.renderProblem, onStorage = CM.onStorage, renderResume = CM.renderResume,
      unfoldForPrint = CM.unfoldForPrint, refoldAfterPrint = CM.refoldAfterPrint;

  // ---- start -------------------------------------------------------------------------

  async function load() {
    applyTheme();
    watchSize();
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && cfg.mode === "popup") post("close");
    });
    window.addEventListener("message", function (event) {
      var msg = event.data;
      if (!framed || event.source !== window.parent || event.origin !== cfg.parentOrigin) return;
      if (!msg || msg.source !== "careermatch" || msg.v !== PROTOCOL) return;
      if (msg.type === "focus") focusHeading(document.getElementById("cm-section-title") || document.getElementById("cm-result-title") || title);
    });
    var response = null;
    for (var attempt = 0; attempt < 4 && !(response && response.ok); attempt++) {
      if (attempt) await sleep(retryAfter(response, attempt));
      try {
        response = await fetch(cfg.api + "/quizzes/" + encodeURIComponent(cfg.quiz), { headers: { Accept: "application/json" }, credentials: "omit" });
      } catch (e) {
        response = null;
      }
      if (response && response.status === 404) break;
    }
    if (!response || !response.ok) {
      renderProblem("The quiz could not be loaded. Please try again in a moment.", function () { location.reload(); }, "Reload");
      post("ready", { quiz: cfg.quiz, error: true });
      return;
    }
    CM.quiz = await response.json();
    title.textContent = CM.quiz.title || "Career Match";
    document.title = (CM.quiz.title || "Career Match") + " quiz";
    buildPages();
    CM.storageKey = storagePrefix + CM.quiz.version;
    var saved = restore();
    if (saved && saved.version === CM.quiz.version) {
      CM.state = saved;
      CM.state.page = Math.max(0, Math.min(Number(CM.state.page) || 0, CM.pages.length - 1));
      if (!Array.isArray(CM.state.history)) CM.state.history = [];
      save();
    } else {
      CM.state = freshState();
      CM.state.version = CM.quiz.version;
      if (saved && saved.answers && !saved.resultId) {
        // A new version of the quiz: keep the answers to the items it still asks (an item
        // id is never reused for a different question), so nobody answers them twice.
        var known = {};
        CM.pages.forEach(function (page) { page.items.forEach(function (item) { known[item.id] = true; }); });
        Object.keys(saved.answers).forEach(function (id) { if (known[id]) CM.state.answers[id] = saved.answers[id]; });
        save();
      }
    }
    forgetOthers();
    window.addEventListener("storage", onStorage);
    window.addEventListener("beforeprint", unfoldForPrint);
    window.addEventListener("afterprint", refoldAfterPrint);
    var skip = document.querySelector(".cm-skip");
    if (CM.state.resultId) {
      if (skip) skip.remove();
      renderWaiting("Loading your result\u2026");
      followResult({});
    } else if (CM.isAdaptive()) {
      CM.adaptiveStep(false); // asks again the question the saved answers lead to
    } else if (shown(allItems()).some(isAnswered)) {
      renderResume();
    } else {
      renderPage(false);
    }
    post("ready", { quiz: CM.quiz.id, version: CM.quiz.version });
  }

  load();
})();
