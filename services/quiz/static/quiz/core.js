/* Career Match quiz UI: runs inside the iframe page /embed/<quiz_id>?site=KEY.
 *
 * Takes a person through the quiz one part at a time, keeps their answers in
 * localStorage (so a reload or a new tab of the same quiz on the same site resumes),
 * submits them with an Idempotency-Key, follows the result over Server-Sent Events
 * (polling when the stream fails) and shows the result, which can be shared, printed and
 * scored again with other limits, place or weights (a variant) without retaking.
 * Talks to the embedding page only with postMessage {source, v, type, payload}
 * sent to the one origin the server vouched for. No inline code or styles: CSP-safe.
 *
 * The UI is a few classic scripts under static/quiz/, loaded in order with defer by
 * embed.html (classic, not ES modules, so that every file keeps its versioned asset URL).
 * They share one object, window.CareerMatchQuiz (CM): a file hands what the others use to
 * Object.assign(CM, ...) at its end, and the state that more than one file reassigns
 * (CM.quiz, CM.state, CM.pages, ...) lives on CM itself. This file: the settings, the
 * shared state, small helpers (DOM, storage, messages to the page), theme and size. */
(function () {
  "use strict";

  var CM = (window.CareerMatchQuiz = window.CareerMatchQuiz || {});

  var PROTOCOL = 1;
  var MAX_RETRIES = 6;
  var TOP_MATCHES = 10;
  var JOB_ZONES = {
    1: "Little or no preparation",
    2: "Some preparation",
    3: "Medium preparation",
    4: "Considerable preparation",
    5: "Extensive preparation"
  };

  var root = document.getElementById("cm-app");
  if (!root) return;
  var main = document.getElementById("cm-main");
  var title = document.getElementById("cm-title");
  var statusEl = document.getElementById("cm-status");
  var progressBox = document.getElementById("cm-progress");
  var bar = document.getElementById("cm-bar");
  var barFill = document.getElementById("cm-bar-fill");
  var progressLabel = document.getElementById("cm-progress-label");
  var attributionEl = document.getElementById("cm-attribution");

  // The limits a match can be outside of, as a person reads them.
  var LIMIT_WORDS = { max_job_zone: "it usually needs more training than you said", min_annual_wage: "its pay is below your minimum" };
  var cfg = {
    quiz: root.dataset.quiz,
    site: root.dataset.site,
    mode: root.dataset.mode,
    parentOrigin: root.dataset.parentOrigin || "",
    api: root.dataset.api || "/v1",
    pages: (root.dataset.pages || "").replace(/\/+$/, "")
  };
  var framed = window.parent !== window;
  // Saved per site, quiz and quiz version: "careermatch:SITE:QUIZ:VERSION" (set on load).
  var storagePrefix = "careermatch:" + cfg.site + ":" + cfg.quiz + ":";
  CM.storageKey = null;
  // where a tab kept its answers before they were kept across tabs: read once, then dropped
  var legacyKey = "careermatch:" + cfg.site + ":" + cfg.quiz;
  var money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
  // Canadian dollars stay Canadian dollars ("CA$40.00"); nothing is ever converted.
  var moneyHour = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2 });
  var cadHour = new Intl.NumberFormat("en-US", { style: "currency", currency: "CAD", minimumFractionDigits: 2 });
  var cadYear = new Intl.NumberFormat("en-US", { style: "currency", currency: "CAD", maximumFractionDigits: 0 });
  // pounds for the UK, whole pounds a year as ONS publishes them ("£51,624")
  var pounds = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", maximumFractionDigits: 0 });

  CM.quiz = null;
  CM.pages = [];
  CM.itemPage = {};
  CM.numberOf = {}; // item id -> its question number as the person sees it on this page
  CM.state = freshState();
  var follow = { source: null, timer: 0, quietTimer: 0, done: false };

  // ---- small helpers -----------------------------------------------------------------

  function freshState() {
    // history: the results a variant was made from, newest last, for "Back to the previous
    // result"; weights: the shown result's weights when a variant changed them
    return { version: null, page: 0, answers: {}, confirmed: {}, key: null, sentBody: null, resultId: null, history: [], weights: null };
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var name in attrs || {}) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : value);
    }
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function fill(parent, nodes) {
    parent.replaceChildren.apply(parent, nodes.filter(function (n) { return n !== null && n !== undefined; }));
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (var name in attrs || {}) node.setAttribute(name, attrs[name]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function announce(message) {
    statusEl.textContent = "";
    // a fresh text node makes screen readers announce a repeated message again
    setTimeout(function () { statusEl.textContent = message; }, 30);
  }

  // One setItem of the whole state: two tabs saving the same key never mix their states,
  // the last write wins (and the other tab takes it up: onStorage).
  function save() {
    if (!CM.storageKey) return;
    try {
      CM.state.savedAt = Date.now();
      // while the what-if form is open its changes are not the result's answers yet
      var kept = CM.whatIf ? Object.assign({}, CM.state, { answers: CM.whatIf.answers }) : CM.state;
      localStorage.setItem(CM.storageKey, JSON.stringify(kept));
    } catch (e) { /* private mode, blocked or full storage: the quiz still works, without resume */ }
  }

  // This version's saved state; else the newest saved for another version of the quiz (its
  // answers are migrated on load), else what a tab kept before answers lasted across tabs.
  function restore() {
    var found = readSaved(window.localStorage, CM.storageKey);
    if (found) return found;
    savedKeys().forEach(function (key) {
      var saved = readSaved(window.localStorage, key);
      if (saved && (!found || (saved.savedAt || 0) > (found.savedAt || 0))) found = saved;
    });
    return found || readSaved(window.sessionStorage, legacyKey);
  }

  function readSaved(store, key) {
    try {
      var saved = JSON.parse(store.getItem(key) || "null");
      if (saved && typeof saved === "object" && saved.answers && typeof saved.answers === "object") return saved;
    } catch (e) { /* unreadable or storage blocked: start again */ }
    return null;
  }

  // The keys this quiz on this site saved under, for any version.
  function savedKeys() {
    var keys = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key && key.indexOf(storagePrefix) === 0) keys.push(key);
      }
    } catch (e) { /* storage blocked */ }
    return keys;
  }

  // Once this version's state is saved, the older versions' and the tab-only copy go.
  function forgetOthers() {
    try {
      savedKeys().forEach(function (key) { if (key !== CM.storageKey) localStorage.removeItem(key); });
      sessionStorage.removeItem(legacyKey);
    } catch (e) { /* storage blocked */ }
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function post(type, payload) {
    if (framed && cfg.parentOrigin) {
      window.parent.postMessage({ source: "careermatch", v: PROTOCOL, type: type, payload: payload || {} }, cfg.parentOrigin);
    }
  }

  function sleep(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  function retryAfter(response, attempt) {
    var seconds = Number(response && response.headers.get("Retry-After"));
    if (!(seconds >= 0)) seconds = Math.min(2 * Math.pow(2, attempt), 30);
    return Math.min(Math.max(seconds, 1), 60) * 1000;
  }

  // POSTs ``body`` (JSON text) to ``url`` with an Idempotency-Key, trying again while the
  // service is busy or out of reach (after its Retry-After, else a growing wait), at most
  // MAX_RETRIES times. ``options.key()`` is the key to send; on a 409 (the key was used for
  // another body) ``options.renew()``, if given, makes a new key and says whether to send
  // again; ``options.busy(wait)``, if given, hears of each wait before it. Resolves to the
  // last response, or null when the service could not be reached.
  async function postWithRetries(url, body, options) {
    var response = null;
    for (var attempt = 0; attempt <= MAX_RETRIES; attempt++) {
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json", "Idempotency-Key": options.key(), Accept: "application/json" },
          body: body,
          credentials: "omit"
        });
      } catch (e) {
        response = null;
      }
      if (response && response.status === 409 && options.renew && options.renew()) continue;
      var transient = !response || response.status === 429 || response.status >= 500;
      if (!transient || attempt === MAX_RETRIES) break;
      var wait = retryAfter(response, attempt);
      if (options.busy) options.busy(wait);
      await sleep(wait);
    }
    return response;
  }

  function focusHeading(node) {
    if (!node) return;
    node.setAttribute("tabindex", "-1");
    node.focus({ preventScroll: !framed });
    if (framed) post("resize", { height: pageHeight() });
  }

  function hasFocus() {
    // only move focus when the person is in the quiz: never pull it from the host page
    return document.hasFocus();
  }

  // ---- theme and size ----------------------------------------------------------------

  function applyTheme() {
    var accent = root.dataset.accent || "";
    var font = root.dataset.font || "";
    if (/^#[0-9a-fA-F]{6}$/.test(accent)) {
      root.style.setProperty("--cm-accent", accent);
      var lum = luminance(accent);
      // white text on the accent when it reads well, near-black otherwise (WCAG contrast)
      root.style.setProperty("--cm-on-accent", (1.05 / (lum + 0.05)) >= 4.5 ? "#ffffff" : "#111111");
      root.style.setProperty("--cm-accent-text", (1.05 / (lum + 0.05)) >= 4.5 ? accent : "#1d4ed8");
    }
    if (/^[A-Za-z0-9 ,\-]+$/.test(font)) root.style.setProperty("--cm-font", font);
    if (cfg.mode === "popup") document.body.classList.add("cm-popup");
  }

  function luminance(hex) {
    var channels = [1, 3, 5].map(function (i) {
      var c = parseInt(hex.substr(i, 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
  }

  function pageHeight() {
    return Math.ceil(document.body.getBoundingClientRect().height);
  }

  function watchSize() {
    if (!framed) return;
    var last = 0;
    function report() {
      var height = pageHeight();
      if (height !== last) {
        last = height;
        post("resize", { height: height });
      }
    }
    if (window.ResizeObserver) new ResizeObserver(report).observe(document.body);
    window.addEventListener("load", report);
    report();
  }

  // A button that asks first: it opens ``panel`` (focus on its ``heading``); Cancel or
  // Escape closes it, back to the button. ``onOpen`` and ``onClose`` add what a panel says
  // or clears. Returns the close function.
  function askFirst(button, panel, heading, cancel, onOpen, onClose) {
    function close() {
      panel.hidden = true;
      if (onClose) onClose();
      button.setAttribute("aria-expanded", "false");
      button.focus();
    }
    button.addEventListener("click", function () {
      panel.hidden = false;
      button.setAttribute("aria-expanded", "true");
      heading.focus();
      if (onOpen) onOpen();
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      event.stopPropagation(); // closes this panel, not the popup around the quiz
      close();
    });
    cancel.addEventListener("click", close);
    return close;
  }

  Object.assign(CM, { PROTOCOL: PROTOCOL, MAX_RETRIES: MAX_RETRIES, TOP_MATCHES: TOP_MATCHES,
    JOB_ZONES: JOB_ZONES, main: main, title: title, progressBox: progressBox, bar: bar,
    barFill: barFill, progressLabel: progressLabel, attributionEl: attributionEl,
    LIMIT_WORDS: LIMIT_WORDS, cfg: cfg, framed: framed, storagePrefix: storagePrefix, money: money,
    moneyHour: moneyHour, cadHour: cadHour, cadYear: cadYear, pounds: pounds, follow: follow,
    freshState: freshState, el: el, fill: fill, svg: svg, announce: announce, save: save,
    restore: restore, forgetOthers: forgetOthers, uuid: uuid, post: post, sleep: sleep,
    retryAfter: retryAfter, postWithRetries: postWithRetries, focusHeading: focusHeading, hasFocus: hasFocus, applyTheme: applyTheme,
    watchSize: watchSize, askFirst: askFirst });
})();
