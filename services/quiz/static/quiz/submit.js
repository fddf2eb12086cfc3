/* Career Match quiz UI: submitting the answers and following the result until it is ready. */
(function () {
  "use strict";

  var CM = (window.CareerMatchQuiz = window.CareerMatchQuiz || {});
  var main = CM.main, progressBox = CM.progressBox, cfg = CM.cfg,
      follow = CM.follow, freshState = CM.freshState, el = CM.el, fill = CM.fill,
      announce = CM.announce, save = CM.save, uuid = CM.uuid, post = CM.post,
      postWithRetries = CM.postWithRetries, retryAfter = CM.retryAfter, focusHeading = CM.focusHeading, hasFocus = CM.hasFocus,
      allItems = CM.allItems, isAnswered = CM.isAnswered, applies = CM.applies,
      renderPage = CM.renderPage, findItem = CM.findItem, showError = CM.showError,
      problemsOf = CM.problemsOf, flagProblems = CM.flagProblems, lowYearly = CM.lowYearly;

  // ---- submitting --------------------------------------------------------------------

  var POLL_MS = 1500;
  var SSE_QUIET_MS = 15000;

  async function submit() {
    var adaptive = CM.isAdaptive(); // asked one question at a time (adaptive.js)
    if (!adaptive && !flagProblems(CM.pages[CM.state.page].items)) return;
    for (var p = 0; !adaptive && p < CM.pages.length; p++) {
      if (problemsOf(CM.pages[p].items).length || lowYearly(CM.pages[p].items).length) {
        CM.state.page = p;
        renderPage(true);
        flagProblems(CM.pages[p].items);
        return;
      }
    }
    var answers = {};
    allItems().forEach(function (item) {
      if (isAnswered(item) && applies(item)) answers[item.id] = CM.state.answers[item.id];
    });
    var body = JSON.stringify({ answers: answers, quiz_version: CM.state.version || CM.quiz.version });
    if (!CM.state.key || (CM.state.sentBody && CM.state.sentBody !== body)) CM.state.key = uuid();
    CM.state.sentBody = body;
    save();
    renderWaiting("Sending your answers\u2026");
    var url = cfg.api + "/quizzes/" + encodeURIComponent(cfg.quiz) + "/submissions?site=" + encodeURIComponent(cfg.site);
    var response = await postWithRetries(url, body, {
      key: function () { return CM.state.key; },
      renew: function () {
        CM.state.key = uuid(); // the key was used for other answers: this is a new attempt
        save();
        return true;
      },
      busy: function (wait) {
        renderWaiting("The service is busy. Trying again in " + Math.round(wait / 1000) + " s\u2026");
      }
    });
    if (response && (response.status === 202 || response.status === 200 || response.status === 201)) {
      var accepted = await response.json();
      CM.keepToken(accepted);
      CM.state.resultId = accepted.id;
      save();
      post("submitted", { resultId: accepted.id });
      announce("Answers sent. Working out your matches.");
      followResult(accepted.links || {});
      return;
    }
    if (response && response.status === 422) {
      return showServerErrors(await safeJson(response));
    }
    renderProblem("We could not send your answers. Check your connection and try again.", submit);
  }

  async function safeJson(response) {
    try {
      return await response.json();
    } catch (e) {
      return {};
    }
  }

  // A 422 names the wrong answers by item id (errors.json.answers): each is shown beside its
  // question in words the person saw, never as the id.
  function showServerErrors(doc) {
    var errors = (doc.errors && (doc.errors.json || doc.errors)) || {};
    var perItem = errors.answers || {};
    if (Array.isArray(perItem) || typeof perItem !== "object") perItem = {};
    var ids = Object.keys(perItem).filter(function (id) { return CM.itemPage[id] !== undefined; });
    if (!ids.length) {
      renderProblem((doc.message || "Your answers could not be accepted.") + " Please start again.", startOver, "Start again");
      return;
    }
    ids.sort(function (a, b) { return CM.itemPage[a] - CM.itemPage[b]; });
    var messages = {};
    ids.forEach(function (id) {
      var item = findItem(id);
      messages[id] = readable(item, perItem[id]);
      // a saved answer that is not one of the item's choices is dropped, to be chosen again
      if (item.options && isAnswered(item) && !isOption(item, CM.state.answers[id])) delete CM.state.answers[id];
    });
    CM.state.page = CM.itemPage[ids[0]];
    save();
    renderPage(true);
    ids.forEach(function (id) { showError(findItem(id), messages[id]); });
    var target = document.querySelector("#cm-item-" + ids[0] + " input, #cm-item-" + ids[0] + " select");
    if (target) target.focus();
    announce("Some answers need a fix: " + ids.map(function (id) { return "\u201c" + findItem(id).text + "\u201d"; }).join(", ") + ".");
  }

  function isOption(item, value) {
    return (item.options || []).some(function (option) { return String(option.value) === String(value); });
  }

  // The server's sentence about ``item`` as the person reads it: the question named by its
  // text, every item id in the sentence replaced by that item's question.
  function readable(item, messages) {
    var text = (Array.isArray(messages) ? messages : [messages]).map(String).join(" ");
    if (item.options && isAnswered(item) && !isOption(item, CM.state.answers[item.id])) {
      text = "The answer saved earlier is not one of the choices now: please choose one.";
    }
    allItems().sort(function (a, b) { return b.id.length - a.id.length; }).forEach(function (other) {
      text = text.replace(new RegExp("\\b" + other.id.replace(/[^A-Za-z0-9_]/g, "\\$&") + "\\b", "g"), "\u201c" + other.text + "\u201d");
    });
    return "\u201c" + item.text + "\u201d: " + text;
  }

  // ---- waiting for the result --------------------------------------------------------

  function renderWaiting(message) {
    progressBox.hidden = true;
    var heading = el("h2", { className: "cm-section-title", id: "cm-wait-title", tabindex: "-1", text: "Finding your matches" });
    fill(main, [heading, el("div", { className: "cm-waiting", "aria-busy": "true" }, [
      el("span", { className: "cm-spinner", "aria-hidden": "true" }),
      el("p", { id: "cm-wait-text", text: message })
    ])]);
    if (hasFocus()) focusHeading(heading);
    announce(message);
  }

  function followResult(links) {
    stopFollowing();
    follow.done = false;
    var resultUrl = links.result || cfg.api + "/results/" + encodeURIComponent(CM.state.resultId);
    var eventsUrl = links.events || resultUrl + "/events";
    if (!window.EventSource) return poll(resultUrl);
    var source = new EventSource(eventsUrl);
    follow.source = source;
    var quiet = function () {
      clearTimeout(follow.quietTimer);
      follow.quietTimer = setTimeout(function () { poll(resultUrl); }, SSE_QUIET_MS);
    };
    quiet();
    ["queued", "running", "done", "failed"].forEach(function (status) {
      source.addEventListener(status, function (event) {
        quiet();
        var doc;
        try {
          doc = JSON.parse(event.data);
        } catch (e) {
          return;
        }
        handleDoc(doc);
      });
    });
    ["timeout", "error", "deleted"].forEach(function (name) {
      source.addEventListener(name, function () { if (!follow.done) poll(resultUrl); });
    });
    source.onerror = function () {
      if (!follow.done) poll(resultUrl); // the stream broke: fall back to polling
    };
  }

  function stopFollowing() {
    if (follow.source) follow.source.close();
    follow.source = null;
    clearTimeout(follow.timer);
    clearTimeout(follow.quietTimer);
  }

  function poll(url) {
    stopFollowing();
    if (follow.done) return;
    var attempt = 0;
    async function tick() {
      var response = null;
      try {
        response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "omit", cache: "no-store" });
      } catch (e) {
        response = null;
      }
      if (follow.done) return;
      if (response && response.status === 200) {
        attempt = 0;
        handleDoc(await response.json());
        if (follow.done) return;
      } else if (response && response.status === 404) {
        follow.done = true;
        CM.state.resultId = null;
        save();
        renderProblem("This result has expired or was deleted.", startOver, "Take the quiz again");
        return;
      } else {
        attempt += 1;
      }
      follow.timer = setTimeout(tick, response && response.status !== 200 ? retryAfter(response, attempt) : POLL_MS);
    }
    tick();
  }

  function handleDoc(doc) {
    if (follow.done || !doc || doc.id !== CM.state.resultId) return;
    if (doc.status === "done") {
      follow.done = true;
      stopFollowing();
      CM.renderResult(doc);
    } else if (doc.status === "failed") {
      follow.done = true;
      stopFollowing();
      CM.state.resultId = null;
      CM.state.key = null;
      save();
      renderProblem("Something went wrong while working out your matches. Your answers are still here.", submit, "Try again");
    } else {
      var text = doc.status === "running" ? "Comparing your answers with about 900 careers\u2026" : "Your answers are in the queue\u2026";
      var node = document.getElementById("cm-wait-text");
      if (node && node.textContent !== text) {
        node.textContent = text;
        announce(text);
      }
    }
  }

  function renderProblem(message, retry, label) {
    progressBox.hidden = true;
    var heading = el("h2", { className: "cm-section-title", tabindex: "-1", text: "Sorry" });
    var button = el("button", { type: "button", className: "cm-button cm-button-primary", text: label || "Try again" });
    button.addEventListener("click", function () { retry(); });
    fill(main, [heading, el("div", { className: "cm-error-box", role: "alert" }, [el("p", { text: message })]), el("div", { className: "cm-nav" }, [button])]);
    if (hasFocus()) focusHeading(heading);
  }

  function startOver() {
    stopFollowing();
    follow.done = false;
    CM.whatIf = null;
    CM.state = freshState();
    CM.state.version = CM.quiz.version;
    save();
    if (CM.isAdaptive()) CM.adaptiveStep(true);
    else renderPage(true);
  }

  Object.assign(CM, { submit: submit, safeJson: safeJson, readable: readable,
    renderWaiting: renderWaiting, followResult: followResult, renderProblem: renderProblem,
    startOver: startOver });
})();
