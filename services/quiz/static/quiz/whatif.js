/* Career Match quiz UI: what if: the same answers scored with other limits, place or weights. */
(function () {
  "use strict";

  var CM = (window.CareerMatchQuiz = window.CareerMatchQuiz || {});
  var main = CM.main, progressBox = CM.progressBox,
      attributionEl = CM.attributionEl, cfg = CM.cfg, el = CM.el, fill = CM.fill,
      announce = CM.announce, save = CM.save, uuid = CM.uuid, post = CM.post,
      postWithRetries = CM.postWithRetries, focusHeading = CM.focusHeading, hasFocus = CM.hasFocus,
      shown = CM.shown, readAnswer = CM.readAnswer, renderItem = CM.renderItem,
      updateMarks = CM.updateMarks, findItem = CM.findItem, showError = CM.showError,
      flagProblems = CM.flagProblems, clearAsk = CM.clearAsk, safeJson = CM.safeJson,
      readable = CM.readable, renderWaiting = CM.renderWaiting, followResult = CM.followResult,
      renderResult = CM.renderResult, WHAT_IF_ITEMS = CM.WHAT_IF_ITEMS, WEIGHT_MAX = CM.WEIGHT_MAX,
      WEIGHT_STEP = CM.WEIGHT_STEP, WEIGHT_NAMES = CM.WEIGHT_NAMES;

  // ---- what if: the same answers, other limits, place or weights ----------------------

  function weighedParts() {
    return Object.keys(WEIGHT_NAMES).filter(function (part) { return Number((CM.quiz.weights || {})[part]) > 0; });
  }

  function currentWeights() {
    var weights = {};
    weighedParts().forEach(function (part) {
      var given = CM.state.weights && CM.state.weights[part];
      weights[part] = typeof given === "number" ? given : Number(CM.quiz.weights[part]);
    });
    return weights;
  }

  function whatIfItems() {
    return shown(WHAT_IF_ITEMS.map(findItem).filter(Boolean));
  }

  function openWhatIf() {
    if (!CM.shownDoc) return;
    CM.whatIf = { answers: JSON.parse(JSON.stringify(CM.state.answers)), weights: currentWeights(), changed: currentWeights(), key: null, body: null };
    renderWhatIf(null);
  }

  function closeWhatIf() {
    CM.state.answers = CM.whatIf.answers;
    CM.whatIf = null;
    renderResult(CM.shownDoc);
  }

  // The quiz's own items for the preferences (so the pay minimum's currency and unit follow
  // the place as in the quiz), and a slider per weighed part when there are two or more.
  function renderWhatIf(focusId) {
    progressBox.hidden = true;
    var heading = el("h2", { className: "cm-section-title", id: "cm-whatif-title", tabindex: "-1", text: "Change my limits or place" });
    var items = whatIfItems();
    CM.numberOf = {};
    items.forEach(function (item, i) { CM.numberOf[item.id] = i + 1; });
    var send = el("button", { type: "submit", className: "cm-button cm-button-primary", id: "cm-whatif-send", text: "Rank my careers again" });
    var cancel = el("button", { type: "button", className: "cm-button cm-button-secondary", id: "cm-whatif-cancel", text: "Cancel" });
    var form = el("form", { className: "cm-form", id: "cm-whatif", novalidate: true, "aria-labelledby": "cm-whatif-title" },
      items.map(function (item) { return renderItem(item, CM.numberOf[item.id]); }).concat([
        renderWeights(),
        el("div", { className: "cm-error-box", id: "cm-whatif-error", role: "alert", hidden: true }),
        el("div", { className: "cm-nav" }, [send, cancel])
      ]).filter(Boolean));
    fill(main, [
      heading,
      el("p", { className: "cm-intro", text: "Your answers stay as they are; only what you change here is new. The result you have now is kept, and you can come back to it." }),
      form
    ]);
    form.addEventListener("change", whatIfAnswer);
    form.addEventListener("input", whatIfAnswer);
    form.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      event.stopPropagation();
      closeWhatIf();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      sendWhatIf(send);
    });
    cancel.addEventListener("click", closeWhatIf);
    attributionEl.hidden = true;
    var target = focusId && document.getElementById(focusId);
    if (target) target.focus();
    else if (hasFocus()) focusHeading(heading);
  }

  function renderWeights() {
    var parts = weighedParts();
    if (parts.length < 2) return null; // one part weighed: its weight changes nothing
    return el("fieldset", { className: "cm-item cm-weights", id: "cm-item-weights", "aria-describedby": "cm-weights-help" }, [
      el("legend", { className: "cm-q", text: "How much each part of your answers counts" }),
      el("p", { className: "cm-hint", id: "cm-weights-help", text: "From 0 (left out) to " + WEIGHT_MAX + ". What matters is how they compare: the score is their weighted mean." }),
      el("p", { className: "cm-error", id: "cm-err-weights", hidden: true })
    ].concat(parts.map(function (part) {
      var id = "cm-weight-" + part;
      return el("div", { className: "cm-weight" }, [
        el("label", { "for": id, text: WEIGHT_NAMES[part] }),
        el("input", { type: "range", id: id, name: "weight:" + part, min: 0, max: WEIGHT_MAX, step: WEIGHT_STEP, value: String(CM.whatIf.changed[part]), "aria-describedby": "cm-err-weight-" + part }),
        el("output", { "for": id, id: id + "-value", text: CM.whatIf.changed[part].toFixed(2) }),
        el("p", { className: "cm-error", id: "cm-err-weight-" + part, hidden: true })
      ]);
    })));
  }

  function whatIfAnswer(event) {
    var input = event.target;
    if (!input || !input.name || !CM.whatIf) return;
    if (input.name.indexOf("weight:") === 0) {
      var part = input.name.slice(7);
      CM.whatIf.changed[part] = Number(input.value);
      document.getElementById(input.id + "-value").textContent = CM.whatIf.changed[part].toFixed(2);
      return;
    }
    var item = findItem(input.name);
    if (!item) return;
    readAnswer(item, input);
    showError(item, null);
    clearAsk();
    updateMarks();
    // the pay minimum's currency and unit follow the place: ask it again in the new one
    if (item.id === "location" && event.type === "change") renderWhatIf("cm-in-location");
  }

  // The preferences as a submission sends them: each one that applies to the answers' place,
  // null for one that does not (or is not answered).
  function preferencesOf(answers) {
    var canada = typeof answers.location === "string" && answers.location.indexOf("CA-") === 0;
    var uk = answers.location === "GB";
    var out = {};
    WHAT_IF_ITEMS.forEach(function (id) {
      if (!findItem(id)) return;
      var applies = id === "min_annual_wage" ? !canada && !uk
        : id.indexOf("min_wage_cad") === 0 ? canada
        : id === "min_wage_gbp" ? uk : true;
      out[id] = applies && Object.prototype.hasOwnProperty.call(answers, id) ? answers[id] : null;
    });
    return out;
  }

  // Only what changed: the variant's body (POST /results/{id}/variants).
  function whatIfChanges() {
    var before = preferencesOf(CM.whatIf.answers);
    var after = preferencesOf(CM.state.answers);
    var changes = {};
    var preferences = {};
    Object.keys(after).forEach(function (id) { if (after[id] !== before[id]) preferences[id] = after[id]; });
    if (Object.keys(preferences).length) changes.preferences = preferences;
    var weights = {};
    Object.keys(CM.whatIf.changed).forEach(function (part) {
      if (CM.whatIf.changed[part] !== CM.whatIf.weights[part]) weights[part] = CM.whatIf.changed[part];
    });
    if (Object.keys(weights).length) changes.weights = weights;
    return changes;
  }

  function whatIfError(message) {
    var box = document.getElementById("cm-whatif-error");
    if (!box) return;
    box.replaceChildren(el("p", { text: message }));
    box.hidden = !message;
  }

  async function sendWhatIf(button) {
    whatIfError("");
    if (!flagProblems(whatIfItems())) return;
    var changes = whatIfChanges();
    if (!Object.keys(changes).length) {
      whatIfError("Nothing is changed yet: change a limit, the place or a weight first.");
      return;
    }
    var body = JSON.stringify(changes);
    if (!CM.whatIf.key || CM.whatIf.body !== body) CM.whatIf.key = uuid();
    CM.whatIf.body = body;
    button.disabled = true;
    var url = cfg.api + "/results/" + encodeURIComponent(CM.state.resultId) + "/variants?site=" + encodeURIComponent(cfg.site);
    var whatIf = CM.whatIf;
    var response = await postWithRetries(url, body, {
      key: function () { return whatIf.key; },
      busy: function () { whatIfError("The service is busy. Trying again\u2026"); }
    });
    button.disabled = false;
    if (response && (response.status === 202 || response.status === 200 || response.status === 201)) {
      return followVariant(await response.json());
    }
    if (response && response.status === 422) return showWhatIfErrors(await safeJson(response));
    var doc = response ? await safeJson(response) : {};
    whatIfError(response && (response.status === 404 || response.status === 410)
      ? "The result these changes start from is gone (deleted or expired): take the quiz again."
      : (doc.message || "The changes could not be sent. Check your connection and try again."));
    announce("The changes could not be sent.");
  }

  // The variant is the result now (a reload shows it); the one it came from is kept for
  // "Back to the previous result".
  function followVariant(accepted) {
    CM.state.history = (CM.state.history || []).concat([{ id: CM.state.resultId, answers: CM.whatIf.answers, weights: CM.state.weights }]).slice(-10);
    CM.state.weights = CM.whatIf.changed;
    CM.keepToken(accepted);
    CM.state.resultId = accepted.id;
    CM.whatIf = null;
    save();
    post("submitted", { resultId: accepted.id, variantOf: CM.state.history[CM.state.history.length - 1].id });
    renderWaiting("Ranking your careers again\u2026");
    followResult(accepted.links || {});
  }

  // A 422 names the wrong preference by item id, or the wrong weight by part.
  function showWhatIfErrors(doc) {
    var errors = (doc.errors && (doc.errors.json || doc.errors)) || {};
    var first = null;
    var general = [];
    var preferences = errors.preferences || {};
    Object.keys(preferences).forEach(function (id) {
      var item = findItem(id);
      if (item && document.getElementById("cm-item-" + id)) {
        showError(item, readable(item, preferences[id]));
        first = first || document.querySelector("#cm-item-" + id + " input, #cm-item-" + id + " select");
      } else {
        general.push([].concat(preferences[id]).join(" "));
      }
    });
    var weights = errors.weights || {};
    Object.keys(weights).forEach(function (part) {
      // "_schema": the weights together (all of them 0), said above the sliders
      var whole = part === "_schema";
      var node = document.getElementById(whole ? "cm-err-weights" : "cm-err-weight-" + part);
      var text = [].concat(weights[part]).join(" ");
      if (!node) return general.push(text);
      node.textContent = whole ? text : (WEIGHT_NAMES[part] || part) + ": " + text;
      node.hidden = false;
      first = first || document.getElementById(whole ? "cm-weight-" + weighedParts()[0] : "cm-weight-" + part);
    });
    if (general.length || !first) whatIfError(general.join(" ") || doc.message || "These changes could not be accepted.");
    if (first) first.focus();
    announce("Some changes need a fix.");
  }

  Object.assign(CM, { openWhatIf: openWhatIf });
})();
