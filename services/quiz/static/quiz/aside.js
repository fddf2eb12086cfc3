/* Career Match quiz UI: set matches aside and compare them side by side. */
(function () {
  "use strict";

  var CM = (window.CareerMatchQuiz = window.CareerMatchQuiz || {});
  var cfg = CM.cfg, el = CM.el, save = CM.save, uuid = CM.uuid, post = CM.post,
      postWithRetries = CM.postWithRetries, hasFocus = CM.hasFocus, safeJson = CM.safeJson, followResult = CM.followResult;

  // ---- set aside and compare ---------------------------------------------------------

  // What the result view keeps between renders: the result shown, the variant asked for, the
  // set-aside list before the last change (for Undo), what to say once the variant is shown,
  // where focus goes then, the careers chosen to compare, one Idempotency-Key per variant.
  var aside = freshAside();
  var MAX_COMPARE = 3;

  function freshAside() {
    return { doc: null, expect: null, previous: null, undoTitle: "", message: "", focus: null, busy: false, chosen: [], keys: {} };
  }

  function safeId(code) {
    return String(code).replace(/[^A-Za-z0-9]/g, "-");
  }

  function asideCodes(doc) {
    return ((doc && doc.set_aside) || []).map(function (c) { return c.code; });
  }

  function matchActions(match) {
    var id = "cm-compare-" + safeId(match.code);
    var notForMe = el("button", { type: "button", className: "cm-button cm-button-secondary cm-button-small", "data-aside": match.code }, [
      "Not for me", el("span", { className: "cm-visually-hidden", text: ": " + match.title })
    ]);
    notForMe.addEventListener("click", function () { setAside(match); });
    var box = el("input", { type: "checkbox", id: id, value: match.code, checked: aside.chosen.indexOf(match.code) >= 0 });
    box.addEventListener("change", function () { choose(match, box); });
    return el("div", { className: "cm-actions" }, [
      notForMe,
      el("label", { className: "cm-check", "for": id }, [box, "Compare", el("span", { className: "cm-visually-hidden", text: " " + match.title })])
    ]);
  }

  // The line above the matches: what was set aside (with Undo) and "Compare selected (n)".
  function asideBar(doc) {
    if (doc.id !== aside.expect && (!aside.doc || doc.id !== aside.doc.id)) {
      // another result (taken again, or resumed): nothing of the last one carries over
      aside = freshAside();
    }
    aside.doc = doc;
    aside.busy = false;
    aside.expect = null;
    var shown = (doc.matches || []).map(function (m) { return m.code; });
    aside.chosen = aside.chosen.filter(function (code) { return shown.indexOf(code) >= 0; });
    var status = el("p", { className: "cm-aside-status", id: "cm-aside-status", role: "status", "aria-live": "polite" });
    var undo = null;
    if (aside.previous) {
      undo = el("button", { type: "button", className: "cm-button cm-button-secondary cm-button-small", id: "cm-aside-undo", text: "Undo" });
      undo.addEventListener("click", undoAside);
    }
    var compare = el("button", { type: "button", className: "cm-button cm-button-primary", id: "cm-compare-go" });
    compare.addEventListener("click", openCompare);
    var bar = el("div", { className: "cm-aside" }, [status, undo, compare]);
    var titles = (doc.set_aside || []).map(function (c) { return c.title; });
    var message = aside.message || (titles.length ? "You set aside: " + titles.join(", ") + "." : "");
    var target = aside.focus;
    aside.message = "";
    aside.focus = null;
    // after renderResult has moved focus and announced: the live line is filled once it is in
    // the page, so it is read out, and focus goes where the person was working
    setTimeout(function () {
      status.textContent = message;
      document.querySelectorAll(".cm-check input").forEach(function (box) { box.checked = aside.chosen.indexOf(box.value) >= 0; });
      var node = target === "undo" ? undo : target && document.querySelector('[data-aside="' + target + '"]');
      if (node && hasFocus()) node.focus();
    }, 60);
    updateCompare(compare);
    return bar;
  }

  function say(message) {
    var status = document.getElementById("cm-aside-status");
    if (status) status.textContent = message;
  }

  function choose(match, box) {
    var at = aside.chosen.indexOf(match.code);
    if (box.checked && at < 0 && aside.chosen.length >= MAX_COMPARE) {
      box.checked = false;
      say("You can compare up to three careers: clear one to choose another.");
      return;
    }
    if (box.checked && at < 0) aside.chosen.push(match.code);
    if (!box.checked && at >= 0) aside.chosen.splice(at, 1);
    updateCompare(document.getElementById("cm-compare-go"));
  }

  function updateCompare(button) {
    if (!button) return;
    button.textContent = "Compare selected (" + aside.chosen.length + ")";
    button.setAttribute("aria-disabled", aside.chosen.length < 2 ? "true" : "false");
  }

  // the compare page of the result shown, in a tab of its own (it is a page of the service)
  function openCompare() {
    if (aside.chosen.length < 2 || !aside.doc) {
      say("Choose two or three careers to compare, with their \u201cCompare\u201d boxes.");
      return;
    }
    var page = (aside.doc.links && aside.doc.links.page) || "/results/" + encodeURIComponent(aside.doc.id);
    window.open(page + "/compare?careers=" + aside.chosen.map(encodeURIComponent).join(","), "_blank", "noopener");
  }

  function setAside(match) {
    if (aside.busy || !aside.doc) return say("One moment: the last change is still being made.");
    var before = asideCodes(aside.doc);
    var item = document.getElementById("cm-match-" + safeId(match.code));
    if (item) {
      // focus stays in the list: on the next career's "Not for me", else on Compare
      var next = item.nextElementSibling && item.nextElementSibling.querySelector("[data-aside]");
      item.hidden = true;
      (next || document.getElementById("cm-compare-go")).focus();
    }
    aside.previous = before;
    aside.undoTitle = match.title;
    aside.chosen = aside.chosen.filter(function (code) { return code !== match.code; });
    say("Setting \u201c" + match.title + "\u201d aside\u2026");
    sendVariant(before.concat([match.code]), "\u201c" + match.title + "\u201d is set aside; the next career moved up.", "undo", function () {
      if (item) item.hidden = false;
    });
  }

  function undoAside() {
    if (aside.busy || !aside.previous) return;
    var codes = aside.previous;
    var back = asideCodes(aside.doc).filter(function (code) { return codes.indexOf(code) < 0; })[0];
    var title = aside.undoTitle;
    aside.previous = null;
    say("Bringing \u201c" + title + "\u201d back\u2026");
    sendVariant(codes, "\u201c" + title + "\u201d is back in your careers.", back, function () {
      aside.previous = codes; // Undo can be asked again
    });
  }

  // A variant of the result shown with ``codes`` set aside, sent and followed like a
  // submission (Idempotency-Key, retries, then the event stream): it becomes the result
  // shown and saved, so its link shows what the person chose. ``revert`` undoes what the
  // view changed at once, when the variant cannot be made.
  async function sendVariant(codes, message, focus, revert) {
    var origin = aside.doc.id;
    var body = JSON.stringify({ set_aside: codes });
    var keyOf = origin + " " + body;
    aside.keys[keyOf] = aside.keys[keyOf] || uuid();
    aside.busy = true;
    var renewed = false;
    var url = cfg.api + "/results/" + encodeURIComponent(origin) + "/variants?site=" + encodeURIComponent(cfg.site);
    var response = await postWithRetries(url, body, {
      key: function () { return aside.keys[keyOf]; },
      renew: function () {
        if (renewed) return false;
        renewed = true;
        aside.keys[keyOf] = uuid(); // the key was used for another body: a new attempt
        return true;
      }
    });
    if (response && response.status >= 200 && response.status < 300) {
      var accepted = await response.json();
      // still busy until the variant is shown (asideBar): a change now would be made
      // to the result it replaces
      aside.message = message;
      aside.focus = focus;
      aside.expect = accepted.id;
      CM.keepToken(accepted);
      CM.state.resultId = accepted.id;
      save();
      post("submitted", { resultId: accepted.id, variantOf: origin });
      followResult(accepted.links || {});
      return;
    }
    aside.busy = false;
    revert();
    var doc = response ? await safeJson(response) : {};
    say("That could not be changed" + (doc.message ? ": " + doc.message : ".") + " Please try again.");
  }

  Object.assign(CM, { matchActions: matchActions, asideBar: asideBar });
})();
