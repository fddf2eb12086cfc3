/* Career Match quiz UI: runs inside the iframe page /embed/<quiz_id>?site=KEY.
 *
 * Takes a person through the quiz one part at a time, keeps their answers in
 * localStorage (so a reload or a new tab of the same quiz on the same site resumes),
 * submits them with an Idempotency-Key, follows the result over Server-Sent Events
 * (polling when the stream fails) and shows the result, which can be shared, printed and
 * scored again with other limits, place or weights (a variant) without retaking.
 * Talks to the embedding page only with postMessage {source, v, type, payload}
 * sent to the one origin the server vouched for. No inline code or styles: CSP-safe. */
(function () {
  "use strict";

  var PROTOCOL = 1;
  var ITEMS_PER_PAGE = 12;
  var POLL_MS = 1500;
  var SSE_QUIET_MS = 15000;
  var MAX_RETRIES = 6;
  var TOP_MATCHES = 10;
  // Matches shown with their details open; the rest are folded, so a phone's page stays short.
  var OPEN_MATCHES = 3;
  // A yearly pay minimum below this is asked about: it is less than a month of full-time pay
  // at the US federal minimum wage ($7.25 x 2,080 hours / 12 = $1,257), and well above any
  // hourly rate, so "15" was almost surely meant an hour (docs/pay.md).
  var YEARLY_FLOOR = 1000;
  // Hours in a year as BLS counts them when it turns an hourly wage into a yearly one.
  var US_HOURS_PER_YEAR = 2080;
  var CANADA_HOURS_PER_YEAR = 1950;
  // An item that must be answered once its partner is (the quiz service's pay rule:
  // services/quiz/location.py PAY_RULES): the unit of a Canadian pay minimum.
  var NEEDS = { min_wage_cad_per: "min_wage_cad" };
  var NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
  var JOB_ZONES = {
    1: "Little or no preparation",
    2: "Some preparation",
    3: "Medium preparation",
    4: "Considerable preparation",
    5: "Extensive preparation"
  };
  var AREAS = [
    ["R", "Realistic", "hands-on work with tools, machines, plants or animals"],
    ["I", "Investigative", "ideas, research and solving problems"],
    ["A", "Artistic", "creating, designing and self-expression"],
    ["S", "Social", "helping, teaching and caring for people"],
    ["E", "Enterprising", "leading, persuading and selling"],
    ["C", "Conventional", "data, details and orderly procedures"]
  ];

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

  var FULL_QUIZ = "career-match";
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
  var storageKey = null;
  // where a tab kept its answers before they were kept across tabs: read once, then dropped
  var legacyKey = "careermatch:" + cfg.site + ":" + cfg.quiz;
  // the place of the result shown (a region code), carried by its links to career pages
  var resultPlace = null;
  var money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
  // Canadian dollars stay Canadian dollars ("CA$40.00"); nothing is ever converted.
  var moneyHour = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2 });
  var cadHour = new Intl.NumberFormat("en-US", { style: "currency", currency: "CAD", minimumFractionDigits: 2 });
  var cadYear = new Intl.NumberFormat("en-US", { style: "currency", currency: "CAD", maximumFractionDigits: 0 });
  var pounds = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP", maximumFractionDigits: 0 });
  // A choice with more options than this (the location item) is a drop-down list.
  var SELECT_OVER = 12;

  var quiz = null;
  var pages = [];
  var itemPage = {};
  var numberOf = {}; // item id -> its question number as the person sees it on this page
  var state = freshState();
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
    if (!storageKey) return;
    try {
      state.savedAt = Date.now();
      // while the what-if form is open its changes are not the result's answers yet
      var kept = whatIf ? Object.assign({}, state, { answers: whatIf.answers }) : state;
      localStorage.setItem(storageKey, JSON.stringify(kept));
    } catch (e) { /* private mode, blocked or full storage: the quiz still works, without resume */ }
  }

  // This version's saved state; else the newest saved for another version of the quiz (its
  // answers are migrated on load), else what a tab kept before answers lasted across tabs.
  function restore() {
    var found = readSaved(window.localStorage, storageKey);
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
      savedKeys().forEach(function (key) { if (key !== storageKey) localStorage.removeItem(key); });
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

  // ---- the quiz ----------------------------------------------------------------------

  function buildPages() {
    pages = [];
    itemPage = {};
    quiz.sections.forEach(function (section) {
      var count = Math.ceil(section.items.length / ITEMS_PER_PAGE);
      var size = Math.ceil(section.items.length / count);
      for (var part = 0; part < count; part++) {
        var items = section.items.slice(part * size, (part + 1) * size);
        items.forEach(function (item) { itemPage[item.id] = pages.length; });
        pages.push({ section: section, part: part + 1, parts: count, items: items, offset: part * size });
      }
    });
  }

  function allItems() {
    return quiz.sections.reduce(function (all, s) { return all.concat(s.items); }, []);
  }

  function isAnswered(item) {
    return Object.prototype.hasOwnProperty.call(state.answers, item.id);
  }

  // The pay minimum is asked in the person's own currency: Canadian dollars (per hour or
  // per year) for a place in Canada, pounds a year in the United Kingdom, US dollars a year
  // otherwise.
  function inCanada() {
    var place = state.answers.location;
    return typeof place === "string" && place.indexOf("CA-") === 0;
  }

  function inUK() {
    return state.answers.location === "GB";
  }

  function applies(item) {
    if (item.id === "min_wage_cad" || item.id === "min_wage_cad_per") return inCanada();
    if (item.id === "min_wage_gbp") return inUK();
    if (item.id === "min_annual_wage") return !inCanada() && !inUK();
    return true;
  }

  function shown(items) {
    return items.filter(applies);
  }

  function optionValue(item, raw) {
    var found = (item.options || []).filter(function (o) { return String(o.value) === raw; })[0];
    return found ? found.value : Number(raw);
  }

  function renderSelect(item, legendText, help, describedBy, error) {
    var select = el("select", { id: "cm-in-" + item.id, name: item.id, className: "cm-input cm-select", "aria-describedby": describedBy });
    select.appendChild(el("option", { value: "", text: "No answer (skip)" }));
    var groups = {};
    item.options.forEach(function (option) {
      var parent = select;
      if (option.group) {
        if (!groups[option.group]) {
          groups[option.group] = el("optgroup", { label: option.group });
          select.appendChild(groups[option.group]);
        }
        parent = groups[option.group];
      }
      parent.appendChild(el("option", {
        value: String(option.value), text: option.label,
        selected: isAnswered(item) && String(state.answers[item.id]) === String(option.value)
      }));
    });
    return el("div", { className: "cm-item cm-item-choice", id: "cm-item-" + item.id, "data-item": item.id }, [
      el("label", { "for": "cm-in-" + item.id, className: "cm-q" }, [legendText, mark(item)]),
      help,
      select,
      error
    ]);
  }

  function updateProgress() {
    var items = allItems();
    var answered = items.filter(isAnswered).length;
    var required = items.filter(function (i) { return i.type === "scale"; });
    var done = required.filter(isAnswered).length;
    var percent = required.length ? Math.round((100 * done) / required.length) : 0;
    var minutesLeft = Math.ceil(quiz.estimated_minutes * (1 - done / Math.max(required.length, 1)));
    var left = minutesLeft > 0 ? "about " + minutesLeft + " min left" : "almost done";
    var text = "Part " + (state.page + 1) + " of " + pages.length + " \u00b7 " + left;
    progressBox.hidden = false;
    bar.setAttribute("aria-valuenow", String(percent));
    bar.setAttribute("aria-valuetext", percent + "% answered, " + left);
    barFill.style.setProperty("width", percent + "%");
    progressLabel.textContent = text;
    return { answered: answered, total: items.length };
  }

  function renderItem(item, number) {
    var errorId = "cm-err-" + item.id;
    var error = el("p", { className: "cm-error", id: errorId, hidden: true });
    var help = item.help ? el("p", { className: "cm-hint", id: "cm-help-" + item.id, text: item.help }) : null;
    var describedBy = help ? "cm-help-" + item.id : null;
    var legendText = number + ". " + item.text;

    if (item.type === "number") {
      var input = el("input", {
        type: "number", id: "cm-in-" + item.id, name: item.id, inputmode: "numeric",
        min: item.min, max: item.max, step: item.step || "any", "aria-describedby": ["cm-hint-" + item.id, describedBy].filter(Boolean).join(" "),
        autocomplete: "off", className: "cm-input"
      });
      if (isAnswered(item)) input.value = String(state.answers[item.id]);
      var range = (item.min !== undefined ? formatNumber(item, item.min) : "") + " to " + (item.max !== undefined ? formatNumber(item, item.max) : "");
      return el("div", { className: "cm-item cm-item-number", id: "cm-item-" + item.id, "data-item": item.id }, [
        el("label", { "for": "cm-in-" + item.id, className: "cm-q", text: legendText + (item.unit ? " (" + item.unit + ")" : "") }),
        help,
        input,
        el("p", { className: "cm-hint", id: "cm-hint-" + item.id, text: "Optional: leave it empty to skip. From " + range + "." }),
        error
      ]);
    }

    if (item.type === "choice" && item.options.length > SELECT_OVER) {
      return renderSelect(item, legendText, help, describedBy, error);
    }
    var options;
    if (item.type === "scale") {
      var scale = quiz.scales[item.scale];
      options = scale.labels.map(function (label, i) { return { value: scale.min + i, label: label }; });
    } else {
      // an item required with its partner has no "skip": leaving it unanswered is the skip
      options = NEEDS[item.id] ? item.options : item.options.concat([{ value: "", label: "No preference (skip)" }]);
    }
    var current = isAnswered(item) ? state.answers[item.id] : item.type === "choice" ? "" : null;
    var group = el("div", { className: "cm-options cm-options-" + item.type + (options.length === 5 && item.type === "scale" ? " cm-options-5" : "") },
      options.map(function (option, i) {
        var id = "cm-in-" + item.id + "-" + i;
        var radio = el("input", {
          type: "radio", id: id, name: item.id, value: String(option.value),
          checked: current !== null && String(current) === String(option.value),
          required: needed(item),
          "aria-describedby": describedBy
        });
        return el("label", { className: "cm-option", "for": id }, [radio, el("span", { className: "cm-option-label", text: option.label })]);
      }));
    return el("fieldset", {
      className: "cm-item cm-item-" + item.type, id: "cm-item-" + item.id, "data-item": item.id,
      "aria-describedby": describedBy
    }, [
      el("legend", { className: "cm-q" }, [
        legendText,
        item.type === "scale" ? null : mark(item)
      ]),
      help,
      group,
      error
    ]);
  }

  // Whether an optional item must be answered now: its partner (NEEDS) has an answer.
  function needed(item) {
    var partner = NEEDS[item.id];
    return !!partner && state.answers[partner] !== undefined && applies(item);
  }

  // The mark beside an optional question: "(optional)", or, for an item needed once its
  // partner is answered, "(required)" or "(required if you answer question N)".
  function markText(item) {
    var partner = NEEDS[item.id];
    if (!partner || numberOf[partner] === undefined) return " (optional)";
    return needed(item) ? " (required)" : " (required if you answer question " + numberOf[partner] + ")";
  }

  function mark(item) {
    return el("span", { className: "cm-optional", id: "cm-mark-" + item.id, text: markText(item) });
  }

  function updateMarks() {
    Object.keys(NEEDS).forEach(function (id) {
      var node = document.getElementById("cm-mark-" + id);
      var item = findItem(id);
      if (!node || !item) return;
      node.textContent = markText(item);
      document.querySelectorAll("#cm-item-" + id + " input").forEach(function (input) { input.required = needed(item); });
    });
  }

  function formatNumber(item, value) {
    return /USD|\$/.test(item.unit || "") ? money.format(value) : Number(value).toLocaleString("en-US");
  }

  function renderPage(moveFocus) {
    var page = pages[state.page];
    var first = state.page === 0;
    var last = state.page === pages.length - 1;
    var number = 0;
    for (var i = 0; i < state.page; i++) number += pages[i].items.length;
    // the section's title only: "Part N of M" beside the progress bar is the one counter
    var headingText = page.section.title;
    var heading = el("h2", { className: "cm-section-title", id: "cm-section-title", tabindex: "-1", text: headingText });
    var items = shown(page.items);
    numberOf = {};
    items.forEach(function (item, j) { numberOf[item.id] = number + j + 1; });
    var form = el("form", { className: "cm-form", id: "cm-form", novalidate: true, "aria-labelledby": "cm-section-title" },
      items.map(function (item) { return renderItem(item, numberOf[item.id]); }));
    var intro = [page.part === 1 ? countSentence(items) : null, page.part === 1 ? page.section.intro : null].filter(Boolean).join(" ");
    var nav = el("div", { className: "cm-nav" }, [
      first ? null : el("button", { type: "button", className: "cm-button cm-button-secondary", id: "cm-back", text: "Back" }),
      el("button", { type: "submit", className: "cm-button cm-button-primary", id: "cm-next", form: "cm-form", text: last ? "See my results" : "Next" })
    ]);
    form.appendChild(nav);
    fill(main, [
      heading,
      first && quiz.description ? el("p", { className: "cm-intro", text: quiz.description }) : null,
      intro ? el("p", { className: "cm-intro", id: "cm-section-intro", text: intro }) : null,
      form
    ]);
    form.addEventListener("change", onAnswer);
    form.addEventListener("input", onAnswer);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (last) submit();
      else go(state.page + 1);
    });
    var back = document.getElementById("cm-back");
    if (back) back.addEventListener("click", function () { go(state.page - 1); });
    var counts = updateProgress();
    post("progress", { section: page.section.id, page: state.page + 1, pages: pages.length, answered: counts.answered, total: counts.total });
    attributionEl.hidden = true;
    if (moveFocus) {
      focusHeading(heading);
      announce(headingText + ". Part " + (state.page + 1) + " of " + pages.length + ".");
    }
  }

  // How many questions a page of optional ones asks, counted from what it shows (the limits
  // page asks two in the US and three in Canada), and which of them become required.
  function countSentence(items) {
    if (!items.length || items.some(function (item) { return item.type === "scale"; })) return null;
    var n = items.length;
    var text = n === 1 ? "This question is optional" : "These " + (NUMBER_WORDS[n] || String(n)) + " questions are optional";
    var needs = items.filter(function (item) { return numberOf[NEEDS[item.id]] !== undefined; });
    if (needs.length) {
      text += ", except that " + needs.map(function (item) {
        return "question " + numberOf[item.id] + " is required once you answer question " + numberOf[NEEDS[item.id]];
      }).join(" and ");
    }
    return text + ".";
  }

  function onAnswer(event) {
    var input = event.target;
    if (!input || !input.name) return;
    var item = findItem(input.name);
    if (!item) return;
    if (item.type === "number") {
      var raw = input.value.trim();
      if (raw === "") delete state.answers[item.id];
      else if (isFinite(Number(raw))) state.answers[item.id] = Number(raw);
      updateMarks();
      if (event.type === "input") { save(); return; }
    } else if ((input.type === "radio" && input.checked) || input.tagName === "SELECT") {
      if (input.value === "") delete state.answers[item.id];
      else state.answers[item.id] = optionValue(item, input.value);
    }
    showError(item, null);
    clearAsk();
    updateMarks();
    save();
    var counts = updateProgress();
    post("progress", { section: pages[state.page].section.id, page: state.page + 1, pages: pages.length, answered: counts.answered, total: counts.total });
  }

  function findItem(id) {
    var page = pages[itemPage[id]];
    return page && page.items.filter(function (i) { return i.id === id; })[0];
  }

  function showError(item, message) {
    var box = document.getElementById("cm-item-" + item.id);
    var error = document.getElementById("cm-err-" + item.id);
    if (!box || !error) return;
    error.textContent = message || "";
    error.hidden = !message;
    box.classList.toggle("cm-invalid", !!message);
    box.querySelectorAll("input").forEach(function (input) {
      var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id !== error.id; });
      if (message) {
        ids.push(error.id);
        input.setAttribute("aria-invalid", "true");
      } else {
        input.removeAttribute("aria-invalid");
      }
      if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
      else input.removeAttribute("aria-describedby");
    });
  }

  function checkNumbers(items) {
    return items.filter(function (item) {
      if (item.type !== "number" || !isAnswered(item)) return false;
      var v = state.answers[item.id];
      return !isFinite(v) || (item.min !== undefined && v < item.min) || (item.max !== undefined && v > item.max);
    });
  }

  // Every problem on a page, each with the sentence shown beside its question, in page order.
  function problemsOf(items) {
    var visible = shown(items);
    return visible.map(function (item) {
      if (item.type === "scale" && !isAnswered(item)) return { item: item, message: "Please choose an answer." };
      if (checkNumbers([item]).length) {
        return { item: item, message: "Enter a number from " + formatNumber(item, item.min) + " to " + formatNumber(item, item.max) + ", or leave it empty." };
      }
      if (needed(item) && !isAnswered(item)) {
        var partner = findItem(NEEDS[item.id]);
        return { item: item, message: "Please answer \u201c" + item.text + "\u201d: it is required once you answer \u201c" + partner.text + "\u201d." };
      }
      return null;
    }).filter(Boolean);
  }

  function flagProblems(items) {
    var problems = problemsOf(items);
    problems.forEach(function (problem) { showError(problem.item, problem.message); });
    if (problems.length) {
      var firstBox = document.getElementById("cm-item-" + problems[0].item.id);
      var target = firstBox && firstBox.querySelector("input:checked, input, select");
      if (target) target.focus();
      announce(problems.length === 1 ? "Question " + numberOf[problems[0].item.id] + " needs an answer." : problems.length + " questions need an answer.");
      return false;
    }
    var low = lowYearly(items);
    if (low.length) {
      askHourly(low[0]);
      return false;
    }
    return true;
  }

  // ---- a yearly pay minimum that looks hourly -----------------------------------------

  // The pay minimums given a year, under YEARLY_FLOOR, that the person has not confirmed.
  function lowYearly(items) {
    var confirmed = state.confirmed || {};
    return shown(items).filter(function (item) {
      var amount = state.answers[item.id];
      var yearly = item.id === "min_annual_wage" || (item.id === "min_wage_cad" && state.answers.min_wage_cad_per === "year");
      return yearly && typeof amount === "number" && amount > 0 && amount < YEARLY_FLOOR && confirmed[item.id] !== amount;
    });
  }

  // Asks beside the amount whether it was meant an hour: yes turns it into an hourly minimum
  // (in Canada the unit becomes "per hour"; in the US, where the question is yearly, the
  // amount becomes the yearly pay at 2,080 hours), no keeps it as a yearly one.
  function askHourly(item) {
    var amount = state.answers[item.id];
    var cad = item.id === "min_wage_cad";
    var hours = cad ? CANADA_HOURS_PER_YEAR : US_HOURS_PER_YEAR;
    var hourly = (cad ? cadHour : moneyHour).format(amount);
    var yearly = (cad ? cadHour : moneyHour).format(amount).replace(/\.00$/, "");
    var why = "You wrote " + yearly + " a year; under " + YEARLY_FLOOR.toLocaleString("en-US") + " dollars a year is less than a month's full-time pay at minimum wage.";
    var question = why + " Did you mean " + hourly + " an hour?";
    var perYear = (cad ? cadYear : money).format(amount * hours);
    // in US dollars the question is yearly: an hourly amount over its range cannot be kept
    var fits = cad || item.max === undefined || amount * hours <= item.max;
    if (!fits) {
      question = why + " If you meant " + hourly + " an hour, that is over " + money.format(item.max) + " a year, the most this question takes: enter a yearly amount instead.";
    }
    var yes = el("button", { type: "button", className: "cm-button cm-button-secondary", id: "cm-ask-hour", text: "Yes, " + hourly + " an hour (about " + perYear + " a year at " + hours.toLocaleString("en-US") + " hours)" });
    var no = el("button", { type: "button", className: "cm-button cm-button-secondary", id: "cm-ask-year", text: "No, " + yearly + " a year is right" });
    clearAsk();
    showError(item, question);
    var box = document.getElementById("cm-item-" + item.id);
    if (!box) return;
    box.appendChild(el("div", { className: "cm-ask", id: "cm-ask", "data-item": item.id, role: "group", "aria-labelledby": "cm-err-" + item.id }, [fits ? yes : null, no]));
    yes.addEventListener("click", function () {
      if (cad) {
        state.answers.min_wage_cad_per = "hour";
        var radio = document.querySelector("#cm-item-min_wage_cad_per input[value=hour]");
        if (radio) radio.checked = true;
      } else {
        state.answers[item.id] = amount * hours;
        var input = document.getElementById("cm-in-" + item.id);
        if (input) input.value = String(amount * hours);
      }
      answered(cad ? "Your minimum is " + hourly + " an hour." : "Your minimum is " + perYear + " a year.");
    });
    no.addEventListener("click", function () {
      state.confirmed = state.confirmed || {};
      state.confirmed[item.id] = amount;
      answered("Your minimum stays " + yearly + " a year.");
    });
    (fits ? yes : no).focus();
    announce(question);
  }

  function answered(message) {
    clearAsk();
    save();
    var next = document.getElementById("cm-next");
    if (next) next.focus();
    announce(message);
  }

  function clearAsk() {
    var ask = document.getElementById("cm-ask");
    if (!ask) return;
    var item = findItem(ask.dataset.item);
    ask.remove();
    if (item) showError(item, null);
  }

  function go(index) {
    if (index > state.page && !flagProblems(pages[state.page].items)) return;
    state.page = Math.max(0, Math.min(index, pages.length - 1));
    save();
    renderPage(true);
  }

  // ---- submitting --------------------------------------------------------------------

  async function submit() {
    if (!flagProblems(pages[state.page].items)) return;
    for (var p = 0; p < pages.length; p++) {
      if (problemsOf(pages[p].items).length || lowYearly(pages[p].items).length) {
        state.page = p;
        renderPage(true);
        flagProblems(pages[p].items);
        return;
      }
    }
    var answers = {};
    allItems().forEach(function (item) {
      if (isAnswered(item) && applies(item)) answers[item.id] = state.answers[item.id];
    });
    var body = JSON.stringify({ answers: answers, quiz_version: state.version || quiz.version });
    if (!state.key || (state.sentBody && state.sentBody !== body)) state.key = uuid();
    state.sentBody = body;
    save();
    renderWaiting("Sending your answers\u2026");
    var url = cfg.api + "/quizzes/" + encodeURIComponent(cfg.quiz) + "/submissions?site=" + encodeURIComponent(cfg.site);
    for (var attempt = 0; attempt <= MAX_RETRIES; attempt++) {
      var response = null;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json", "Idempotency-Key": state.key, Accept: "application/json" },
          body: body,
          credentials: "omit"
        });
      } catch (e) {
        response = null;
      }
      if (response && (response.status === 202 || response.status === 200 || response.status === 201)) {
        var accepted = await response.json();
        state.resultId = accepted.id;
        save();
        post("submitted", { resultId: accepted.id });
        announce("Answers sent. Working out your matches.");
        followResult(accepted.links || {});
        return;
      }
      if (response && response.status === 422) {
        return showServerErrors(await safeJson(response));
      }
      if (response && response.status === 409) {
        state.key = uuid(); // the key was used for other answers: this is a new attempt
        save();
        continue;
      }
      var transient = !response || response.status === 429 || response.status === 503 || response.status >= 500;
      if (!transient || attempt === MAX_RETRIES) break;
      var wait = retryAfter(response, attempt);
      renderWaiting("The service is busy. Trying again in " + Math.round(wait / 1000) + " s\u2026");
      await sleep(wait);
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
    var ids = Object.keys(perItem).filter(function (id) { return itemPage[id] !== undefined; });
    if (!ids.length) {
      renderProblem((doc.message || "Your answers could not be accepted.") + " Please start again.", startOver, "Start again");
      return;
    }
    ids.sort(function (a, b) { return itemPage[a] - itemPage[b]; });
    var messages = {};
    ids.forEach(function (id) {
      var item = findItem(id);
      messages[id] = readable(item, perItem[id]);
      // a saved answer that is not one of the item's choices is dropped, to be chosen again
      if (item.options && isAnswered(item) && !isOption(item, state.answers[id])) delete state.answers[id];
    });
    state.page = itemPage[ids[0]];
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
    if (item.options && isAnswered(item) && !isOption(item, state.answers[item.id])) {
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
    var resultUrl = links.result || cfg.api + "/results/" + encodeURIComponent(state.resultId);
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
        state.resultId = null;
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
    if (follow.done || !doc || doc.id !== state.resultId) return;
    if (doc.status === "done") {
      follow.done = true;
      stopFollowing();
      renderResult(doc);
    } else if (doc.status === "failed") {
      follow.done = true;
      stopFollowing();
      state.resultId = null;
      state.key = null;
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
    whatIf = null;
    state = freshState();
    state.version = quiz.version;
    save();
    renderPage(true);
  }

  // ---- the result --------------------------------------------------------------------

  function renderResult(doc) {
    progressBox.hidden = true;
    resultPlace = doc.place && doc.place.region ? doc.place.region : null;
    var matches = doc.matches || [];
    var profile = doc.profile || { interests: {}, notes: [] };
    var heading = el("h2", { className: "cm-section-title", id: "cm-result-title", tabindex: "-1", text: doc.variant_of ? "Your results, ranked again" : "Your results" });
    docs[doc.id] = doc;
    shownDoc = doc;
    var top = matches.slice(0, TOP_MATCHES);
    var rest = matches.slice(TOP_MATCHES, 20);

    var list = el("ol", { className: "cm-matches", id: "cm-matches" }, top.map(renderMatch));
    var more = null;
    if (rest.length) {
      more = el("button", { type: "button", className: "cm-button cm-button-secondary", "aria-controls": "cm-matches", text: "Show " + rest.length + " more careers" });
      more.addEventListener("click", function () {
        var firstNew = null;
        rest.forEach(function (m) {
          var item = renderMatch(m);
          firstNew = firstNew || item;
          list.appendChild(item);
        });
        more.remove();
        var h = firstNew && firstNew.querySelector("h4");
        if (h) focusHeading(h);
      });
    }

    fill(main, [
      heading,
      renderPrintHead(doc),
      renderChanges(doc),
      renderProfile(profile),
      renderPlace(doc.place),
      el("section", { className: "cm-block", "aria-labelledby": "cm-matches-title" }, [
        el("h3", { id: "cm-matches-title", text: "Careers that fit you best" }),
        matches.length ? el("p", { className: "cm-hint", id: "cm-intro", text: doc.intro || "Ranked by match score (0 to 100)." }) : el("p", { text: "No careers could be matched." }),
        asideBar(doc),
        list,
        more
      ]),
      renderBeyondLimits(doc.beyond_limits),
      renderSkills(doc.suggested_skills || [], doc.suggested_note),
      renderKeep(doc),
      renderAgain()
    ]);
    if (doc.attribution) {
      Object.keys(doc.attribution).forEach(function (key) {
        var node = attributionEl.querySelector('[data-attribution="' + key + '"]');
        if (node && typeof doc.attribution[key] === "string") node.textContent = doc.attribution[key];
      });
    }
    attributionEl.hidden = false;
    if (hasFocus()) focusHeading(heading);
    announce("Your results are ready. " + (top[0] ? "Top match: " + top[0].title + "." : ""));
    post("result", {
      resultId: doc.id,
      matches: top.map(function (m) { return { code: m.code, title: m.title, score: m.score }; })
    });
  }

  function renderProfile(profile) {
    var interests = profile.interests || {};
    var max = 40;
    var rowH = 30;
    // Columns in percent of the chart's width and no viewBox: the SVG is never scaled, so its
    // labels keep the CSS font size (14 px) on a 360 px phone instead of shrinking.
    var labelW = 38;
    var barW = 50;
    var height = AREAS.length * rowH + 8;
    var summary = AREAS.map(function (a) { return a[1] + " " + Math.round(interests[a[0]] || 0) + " of " + max; }).join(", ");
    var chart = svg("svg", { width: "100%", height: String(height), role: "img", "aria-labelledby": "cm-chart-title cm-chart-desc", "class": "cm-chart", focusable: "false" });
    chart.appendChild(svg("title", { id: "cm-chart-title" }, "Your interest profile (RIASEC)"));
    chart.appendChild(svg("desc", { id: "cm-chart-desc" }, summary));
    var topCodes = (profile.strong_areas || []).slice();
    AREAS.forEach(function (area, i) {
      var value = Math.max(0, Math.min(max, Number(interests[area[0]]) || 0));
      var y = 4 + i * rowH;
      var strong = topCodes.indexOf(area[0]) >= 0 && !profile.flat;
      chart.appendChild(svg("text", { x: 0, y: y + 19, "class": "cm-chart-label" + (strong ? " cm-chart-strong" : "") }, area[1]));
      chart.appendChild(svg("rect", { x: labelW + "%", y: y + 5, width: barW + "%", height: 18, rx: 3, "class": "cm-chart-track" }));
      chart.appendChild(svg("rect", { x: labelW + "%", y: y + 5, width: Math.max(0.5, (barW * value) / max) + "%", height: 18, rx: 3, "class": "cm-chart-bar" + (strong ? " cm-chart-bar-strong" : "") }));
      chart.appendChild(svg("text", { x: "100%", y: y + 19, "text-anchor": "end", "class": "cm-chart-value" }, String(Math.round(value))));
    });

    var notes = (profile.notes || []).slice();
    var values = AREAS.map(function (a) { return Number(interests[a[0]]) || 0; });
    var highest = Math.max.apply(null, values);
    if (profile.flat && !notes.length) {
      notes.push("You rated the activities about the same, so your interests can't tell one kind of work from another. Your matches lean on what you value at work and on your skills instead; the ranking among them is less certain.");
    }
    if (!profile.flat && highest <= 12 && !topCodes.length) {
      notes.push("You said you would dislike most of these activities. That's useful too: your profile is built from which areas you dislike least, so the matches below still follow your relative preferences. Many people find that a few careers stand out once they read the details.");
    }

    var codeText = profile.flat || !profile.code ? null : el("p", { id: "cm-standout" }, topCodes.length ? [
      (topCodes.length < 3 ? "Only " + topCodes.length + " of your areas " + (topCodes.length === 1 ? "stands" : "stand") + " out: " : "Areas that stand out, in order: "),
      el("strong", { text: topCodes.map(function (c) { return nameOf(c); }).join(", ") }),
      " (Holland code " + profile.code + ")."
    ] : ["No area stands out above the middle of the scale (Holland code " + profile.code + ", from the areas you disliked least)."]);
    return el("section", { className: "cm-block", "aria-labelledby": "cm-profile-title" }, [
      el("h3", { id: "cm-profile-title", text: "Your interest profile" }),
      el("p", { className: "cm-hint", text: "Each bar adds up your answers for one kind of work, from 0 to 40." }),
      chart,
      el("ul", { className: "cm-area-key" }, AREAS.map(function (a) {
        return el("li", {}, [el("strong", { text: a[1] }), ": " + a[2]]);
      })),
      codeText,
      notes.length ? el("div", { className: "cm-note", role: "note" }, notes.map(function (n) { return el("p", { text: n }); })) : null,
      // answers that separate no careers on the short quiz: the full one asks more
      profile.next_step === "full_quiz" && cfg.quiz !== FULL_QUIZ ? el("p", {}, [
        el("a", { className: "cm-button", href: location.pathname.replace(/[^\/]*$/, FULL_QUIZ) + location.search, text: "Take the full quiz" })
      ]) : null
    ]);
  }

  function nameOf(code) {
    var area = AREAS.filter(function (a) { return a[0] === code; })[0];
    return area ? area[1] : code;
  }

  // an hourly-only median (BLS publishes only hourly pay), with its annual equivalent
  function hourlyPay(hourly, equivalent) {
    return "$" + hourly.toFixed(2) + " an hour (BLS publishes only hourly pay; " + money.format(equivalent) + " a year at 2,080 hours)";
  }

  function pay(match) {
    if (match.pay_reading === "hourly_only") return hourlyPay(match.hourly_median, match.annual_equivalent);
    if (match.median_wage === null || match.median_wage === undefined) return "Not published by BLS";
    var figure = (match.wage_top_coded ? "at least " : "") + money.format(match.median_wage) + " a year";
    var source = match.pay_source;
    if (source && source.scope !== "own" && source.text) figure += " (" + source.text + ")";
    return figure;
  }

  // career and technology pages, served by the catalog at PAGES_URL; they open outside the frame
  function pageUrl(path) {
    return cfg.pages + path;
  }

  // a career page opens at the place of the result shown (resultPlace), as the result did
  function careerUrl(code) {
    var path = "/careers/" + encodeURIComponent(code);
    return pageUrl(resultPlace ? path + "?place=" + encodeURIComponent(resultPlace) : path);
  }

  function rate(amount, currency, hours) {
    if (currency === "GBP") return pounds.format(amount) + " a year";
    if (currency !== "CAD") return money.format(amount) + " a year";
    var text = cadHour.format(amount) + " an hour";
    return hours ? text + " (about " + cadYear.format(amount * hours) + " a year at " + hours.toLocaleString("en-US") + " hours)" : text;
  }

  // UK pay is one figure for the whole country: its UK occupation group's, named with it.
  function ukFacts(p) {
    var here = p.median !== null && p.median !== undefined && p.uk_group
      ? rate(p.median, "GBP") + ": UK full-time employees in " + p.uk_group_title + " (SOC 2020 " + p.uk_group + ")"
      : "No UK figure for this career";
    return [el("div", {}, [el("dt", { text: "Median pay in the UK (ONS)" }), el("dd", { text: here })])];
  }

  function localFacts(p) {
    if (!p) return [];
    if (p.country === "GB") return ukFacts(p);
    var here = p.median !== null && p.median !== undefined
      ? rate(p.median, p.currency, p.hours_per_year)
      : p.reading === "hourly_only" ? hourlyPay(p.hourly_median, p.annual_equivalent)
      : p.reading === "top_coded" ? "$239,200 or more a year"
      : "Not published";
    if (p.whose && (p.median !== null || p.reading === "hourly_only")) here += " (" + p.whose + ")";
    var facts = [el("div", {}, [el("dt", { text: "Median pay in " + p.name }), el("dd", { text: here })])];
    if (p.country === "CA") {
      var wide = p.country_median !== null && p.country_median !== undefined ? rate(p.country_median, "CAD", p.hours_per_year) : "Not published";
      facts.push(el("div", {}, [el("dt", { text: "Canada-wide median" }), el("dd", { text: wide })]));
    }
    return facts;
  }

  function renderPlace(place) {
    if (!place) return null;
    return el("section", { className: "cm-block", "aria-labelledby": "cm-place-title" }, [
      el("h3", { id: "cm-place-title", text: "Pay where you live: " + place.name }),
      el("p", { text: place.note }),
      place.source ? el("p", { className: "cm-hint", text: "Source: " + place.source + "." }) : null
    ]);
  }

  // ``index``: the match's place in the first list; the first OPEN_MATCHES show their details,
  // the others (and every match added by "Show more") fold them into a <details>.
  function renderMatch(match, index) {
    var id = "cm-match-" + String(match.code).replace(/[^A-Za-z0-9]/g, "-");
    // shown_score: the score the answers support (shared by careers they don't separate,
    // null when they separate none); older results have only the raw score
    var score = match.shown_score === undefined ? Math.round(match.score) : match.shown_score;
    var scoreText = match.score_text || (score === null ? "Not scored" : score + " / 100");
    var facts = el("dl", { className: "cm-facts" }, [
      el("div", {}, [el("dt", { text: "Match" }), el("dd", { text: scoreText + (match.fit ? " (" + match.fit + " fit)" : "") })])
    ].concat(localFacts(match.local_pay), [
      el("div", {}, [el("dt", { text: match.local_pay ? "US national median" : "Median pay" }), el("dd", { text: pay(match) })]),
      match.pay_check ? el("div", {}, [el("dt", { text: "Your pay minimum" }), el("dd", { text: match.pay_check })]) : null,
      el("div", {}, [el("dt", { text: "Training" }), el("dd", { text: match.job_zone ? "Job Zone " + match.job_zone + ": " + JOB_ZONES[match.job_zone] : "Not rated" })])
    ]));
    var meter = el("div", { className: "cm-meter", "aria-hidden": "true" }, [el("div", { className: "cm-meter-fill" })]);
    meter.firstChild.style.setProperty("width", Math.max(0, Math.min(100, score || 0)) + "%");
    var reasons = (match.reasons || []).length ? el("ul", { className: "cm-reasons" }, match.reasons.map(function (r) { return el("li", { text: r }); })) : null;
    var limits = !match.within_limits && (match.limits_broken || []).length ? el("p", { className: "cm-limits", text: "Outside your limits: " + match.limits_broken.map(function (n) { return LIMIT_WORDS[n] || n; }).join("; ") + "." }) : null;
    var gaps = (match.skill_gaps || []).filter(function (g) { return g.gap > 0; });
    var gapBlock = gaps.length ? el("details", { className: "cm-gaps" }, [
      el("summary", { text: "Skills to build (" + gaps.length + ")" }),
      el("ul", {}, gaps.slice(0, 6).map(function (g) {
        return el("li", { text: g.text || (g.name + ": needs about level " + level(g.required_level) + ", you said " + level(g.your_level)) });
      }))
    ]) : null;
    return el("li", { className: "cm-match", id: id }, [
      el("article", { "aria-labelledby": id + "-title" }, [
        el("h4", { id: id + "-title", className: "cm-match-title" }, [
          el("span", { className: "cm-rank", text: match.rank + ". " }),
          el("a", { href: careerUrl(match.code), target: "_blank", rel: "noopener", text: match.title })
        ]),
        meter,
        matchActions(match),
        el("details", { className: "cm-more", open: typeof index === "number" && index < OPEN_MATCHES }, [
          el("summary", { text: "Score, pay and why it fits" }),
          facts,
          reasons,
          limits,
          gapBlock
        ])
      ])
    ]);
  }

  function level(value) {
    return Math.round(Number(value) * 10) / 10 + " of 7";
  }

  function renderSkills(skills, note) {
    if (!skills.length) return null;
    var definition = skills[0].median_wage_definition || "";
    return el("section", { className: "cm-block", "aria-labelledby": "cm-skills-title" }, [
      el("h3", { id: "cm-skills-title", text: "Skills worth learning" }),
      el("p", { className: "cm-hint", text: (note || "Tools and technologies far more common among your top careers than among all careers.") + " " + definition }),
      el("ul", { className: "cm-skills", id: "cm-skills" }, skills.slice(0, 12).map(function (s) {
        var tags = [];
        if (s.hot) tags.push("hot technology");
        if (s.in_demand) tags.push("in demand");
        var used = (s.career_titles || []).length ? " Used in: " + s.career_titles.join(", ") + "." : "";
        // pay_text: in the person's currency where the data has it, else said to be US figures
        var payText = s.pay_text || (s.median_wage ? "Pay: " + money.format(s.median_wage) + " a year." : "");
        return el("li", {}, [
          s.kind === "skill" ? el("strong", { text: s.name }) : el("a", { href: pageUrl("/technologies/?name=" + encodeURIComponent(s.name)), target: "_blank", rel: "noopener", className: "cm-skill-link" }, [el("strong", { text: s.name })]),
          tags.length ? el("span", { className: "cm-tag", text: tags.join(", ") }) : null,
          el("span", { className: "cm-hint", text: " " + (s.why || "") + used + (payText ? " " + payText : "") })
        ]);
      }))
    ]);
  }

  function renderBeyondLimits(beyond) {
    var careers = (beyond && beyond.careers) || [];
    if (!careers.length) return null;
    return el("section", { className: "cm-block", id: "cm-beyond", "aria-labelledby": "cm-beyond-title" }, [
      el("h3", { id: "cm-beyond-title", text: "What your limits leave out" }),
      el("p", { className: "cm-hint", text: beyond.note || "" }),
      el("ul", {}, careers.map(function (c) { return el("li", { text: c.reason }); }))
    ]);
  }

  // "Take the quiz again" asks first: answer every question again (the answers are cleared
  // only then), or keep the answers and change only the limits or the place.
  function renderAgain() {
    var button = el("button", { type: "button", className: "cm-button cm-button-secondary", id: "cm-again", "aria-expanded": "false", "aria-controls": "cm-again-panel", text: "Take the quiz again" });
    var title = el("h3", { id: "cm-again-title", tabindex: "-1", text: "Take the quiz again?" });
    var answerAgain = el("button", { type: "button", className: "cm-button cm-button-primary", id: "cm-answer-again", text: "Answer again" });
    var change = el("button", { type: "button", className: "cm-button cm-button-secondary", id: "cm-change-limits", text: "Change my limits or place" });
    var cancel = el("button", { type: "button", className: "cm-button cm-button-secondary", id: "cm-again-cancel", text: "Cancel" });
    var panel = el("div", { className: "cm-confirm", id: "cm-again-panel", role: "group", "aria-labelledby": "cm-again-title", hidden: true }, [
      title,
      el("p", { id: "cm-again-text", text: "\u201cAnswer again\u201d clears all your answers and starts at question 1. To change only your training limit, pay minimum, place or what counts most, keep your answers: your careers are ranked again at once." }),
      el("div", { className: "cm-nav" }, [answerAgain, change, cancel])
    ]);
    function close() {
      panel.hidden = true;
      button.setAttribute("aria-expanded", "false");
      button.focus();
    }
    button.addEventListener("click", function () {
      panel.hidden = false;
      button.setAttribute("aria-expanded", "true");
      title.focus();
      announce("Take the quiz again? Answer again, change your limits or place, or cancel.");
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      event.stopPropagation(); // closes this panel, not the popup around the quiz
      close();
    });
    cancel.addEventListener("click", close);
    answerAgain.addEventListener("click", startOver);
    change.addEventListener("click", openWhatIf);
    return el("div", { className: "cm-again" }, [el("div", { className: "cm-nav" }, [button]), panel]);
  }

  // ---- results that last -------------------------------------------------------------

  // The preferences a result can change without retaking (shared/contract/request.py
  // PREFERENCES), in the order the what-if form asks them.
  var WHAT_IF_ITEMS = ["location", "max_job_zone", "min_annual_wage", "min_wage_cad", "min_wage_cad_per"];
  // The largest weight of a part of the score (services/quiz/variants.py WEIGHT_MAX).
  var WEIGHT_MAX = 1;
  var WEIGHT_STEP = 0.05;
  var WEIGHT_NAMES = { interests: "Interests", values: "Work values", skills: "Skills" };
  var docs = {}; // result id -> its document, as this tab showed it ("What changed" compares)
  var shownDoc = null;
  var whatIf = null; // while the what-if form is open: the answers and weights it started from
  var folded = []; // the match details a print unfolded, folded back after it

  // The saved state another tab of this quiz wrote: while this tab asks questions (or offers
  // to resume) it takes that state (the newest write wins) and shows its answers, so its own
  // next save does not undo the other tab's answers.
  function onStorage(event) {
    if (event.key !== storageKey || !event.newValue || state.resultId) return;
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
    var page = state.page;
    state = other;
    state.page = page;
    if (!Array.isArray(state.history)) state.history = [];
    if (resume) resume.textContent = resumeCount();
    if (form) {
      syncInputs(form);
      updateMarks();
      updateProgress();
    }
  }

  function syncInputs(form) {
    form.querySelectorAll("input, select").forEach(function (input) {
      var has = Object.prototype.hasOwnProperty.call(state.answers, input.name);
      var value = has ? String(state.answers[input.name]) : "";
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
      said
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

  // ---- what if: the same answers, other limits, place or weights ----------------------

  function weighedParts() {
    return Object.keys(WEIGHT_NAMES).filter(function (part) { return Number((quiz.weights || {})[part]) > 0; });
  }

  function currentWeights() {
    var weights = {};
    weighedParts().forEach(function (part) {
      var given = state.weights && state.weights[part];
      weights[part] = typeof given === "number" ? given : Number(quiz.weights[part]);
    });
    return weights;
  }

  function whatIfItems() {
    return shown(WHAT_IF_ITEMS.map(findItem).filter(Boolean));
  }

  function openWhatIf() {
    if (!shownDoc) return;
    whatIf = { answers: JSON.parse(JSON.stringify(state.answers)), weights: currentWeights(), changed: currentWeights(), key: null, body: null };
    renderWhatIf(null);
  }

  function closeWhatIf() {
    state.answers = whatIf.answers;
    whatIf = null;
    renderResult(shownDoc);
  }

  // The quiz's own items for the preferences (so the pay minimum's currency and unit follow
  // the place as in the quiz), and a slider per weighed part when there are two or more.
  function renderWhatIf(focusId) {
    progressBox.hidden = true;
    var heading = el("h2", { className: "cm-section-title", id: "cm-whatif-title", tabindex: "-1", text: "Change my limits or place" });
    var items = whatIfItems();
    numberOf = {};
    items.forEach(function (item, i) { numberOf[item.id] = i + 1; });
    var send = el("button", { type: "submit", className: "cm-button cm-button-primary", id: "cm-whatif-send", text: "Rank my careers again" });
    var cancel = el("button", { type: "button", className: "cm-button cm-button-secondary", id: "cm-whatif-cancel", text: "Cancel" });
    var form = el("form", { className: "cm-form", id: "cm-whatif", novalidate: true, "aria-labelledby": "cm-whatif-title" },
      items.map(function (item) { return renderItem(item, numberOf[item.id]); }).concat([
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
        el("input", { type: "range", id: id, name: "weight:" + part, min: 0, max: WEIGHT_MAX, step: WEIGHT_STEP, value: String(whatIf.changed[part]), "aria-describedby": "cm-err-weight-" + part }),
        el("output", { "for": id, id: id + "-value", text: whatIf.changed[part].toFixed(2) }),
        el("p", { className: "cm-error", id: "cm-err-weight-" + part, hidden: true })
      ]);
    })));
  }

  function whatIfAnswer(event) {
    var input = event.target;
    if (!input || !input.name || !whatIf) return;
    if (input.name.indexOf("weight:") === 0) {
      var part = input.name.slice(7);
      whatIf.changed[part] = Number(input.value);
      document.getElementById(input.id + "-value").textContent = whatIf.changed[part].toFixed(2);
      return;
    }
    var item = findItem(input.name);
    if (!item) return;
    if (item.type === "number") {
      var raw = input.value.trim();
      if (raw === "") delete state.answers[item.id];
      else if (isFinite(Number(raw))) state.answers[item.id] = Number(raw);
    } else if ((input.type === "radio" && input.checked) || input.tagName === "SELECT") {
      if (input.value === "") delete state.answers[item.id];
      else state.answers[item.id] = optionValue(item, input.value);
    }
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
    var out = {};
    WHAT_IF_ITEMS.forEach(function (id) {
      if (!findItem(id)) return;
      var applies = id === "min_annual_wage" ? !canada : id.indexOf("min_wage_cad") === 0 ? canada : true;
      out[id] = applies && Object.prototype.hasOwnProperty.call(answers, id) ? answers[id] : null;
    });
    return out;
  }

  // Only what changed: the variant's body (POST /results/{id}/variants).
  function whatIfChanges() {
    var before = preferencesOf(whatIf.answers);
    var after = preferencesOf(state.answers);
    var changes = {};
    var preferences = {};
    Object.keys(after).forEach(function (id) { if (after[id] !== before[id]) preferences[id] = after[id]; });
    if (Object.keys(preferences).length) changes.preferences = preferences;
    var weights = {};
    Object.keys(whatIf.changed).forEach(function (part) {
      if (whatIf.changed[part] !== whatIf.weights[part]) weights[part] = whatIf.changed[part];
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
    if (!whatIf.key || whatIf.body !== body) whatIf.key = uuid();
    whatIf.body = body;
    button.disabled = true;
    var url = cfg.api + "/results/" + encodeURIComponent(state.resultId) + "/variants?site=" + encodeURIComponent(cfg.site);
    var response = null;
    for (var attempt = 0; attempt <= MAX_RETRIES; attempt++) {
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json", "Idempotency-Key": whatIf.key, Accept: "application/json" },
          body: body,
          credentials: "omit"
        });
      } catch (e) {
        response = null;
      }
      var transient = !response || response.status === 429 || response.status === 503 || response.status >= 500;
      if (!transient || attempt === MAX_RETRIES) break;
      whatIfError("The service is busy. Trying again\u2026");
      await sleep(retryAfter(response, attempt));
    }
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
    state.history = (state.history || []).concat([{ id: state.resultId, answers: whatIf.answers, weights: state.weights }]).slice(-10);
    state.weights = whatIf.changed;
    state.resultId = accepted.id;
    whatIf = null;
    save();
    post("submitted", { resultId: accepted.id, variantOf: state.history[state.history.length - 1].id });
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

  // ---- what changed -------------------------------------------------------------------

  function renderChanges(doc) {
    if (!doc.variant_of) return null;
    var moves = el("div", { id: "cm-moves" }, [el("p", { className: "cm-hint", text: "Comparing with the previous result\u2026" })]);
    var previous = (state.history || [])[state.history.length - 1];
    var back = null;
    if (previous && previous.id === doc.variant_of) {
      back = el("button", { type: "button", className: "cm-button cm-button-secondary", id: "cm-back-result", text: "Back to the previous result" });
      back.addEventListener("click", goBack);
    }
    var before = docs[doc.variant_of];
    if (before) fill(moves, renderMoves(before, doc));
    else fetchDoc(doc.variant_of).then(function (found) { if (moves.isConnected) fill(moves, found ? renderMoves(found, doc) : [el("p", { text: "The previous result is gone (deleted or expired), so the careers cannot be compared with it." })]); });
    return el("section", { className: "cm-block cm-changes", id: "cm-changes", "aria-labelledby": "cm-changes-title" }, [
      el("h3", { id: "cm-changes-title", text: "What changed" }),
      el("ul", { className: "cm-change-list" }, changeWords(doc.changes || {}).map(function (t) { return el("li", { text: t }); })),
      moves,
      back ? el("div", { className: "cm-nav" }, [back]) : null
    ]);
  }

  async function fetchDoc(id) {
    try {
      var response = await fetch(cfg.api + "/results/" + encodeURIComponent(id), { headers: { Accept: "application/json" }, credentials: "omit" });
      var doc = response.ok ? await response.json() : null;
      if (doc && doc.status === "done") return (docs[id] = doc);
    } catch (e) { /* no comparison */ }
    return null;
  }

  function goBack() {
    var previous = state.history.pop();
    state.resultId = previous.id;
    state.answers = previous.answers;
    state.weights = previous.weights || null;
    save();
    if (docs[previous.id]) {
      follow.done = true;
      renderResult(docs[previous.id]);
    } else {
      renderWaiting("Loading the previous result\u2026");
      followResult({});
    }
  }

  // The variant's changes as the person reads them (the place and limits by their labels).
  function changeWords(changes) {
    var words = [];
    var preferences = changes.preferences || {};
    Object.keys(preferences).forEach(function (id) {
      var value = preferences[id];
      var item = findItem(id);
      if (id === "min_wage_cad_per" && preferences.min_wage_cad !== undefined) return; // said with the amount
      if (id === "location") words.push("Place: " + (value === null ? "none (US national pay)" : optionLabel(item, value)));
      else if (id === "max_job_zone") words.push("Training limit: " + (value === null ? "none" : "Job Zone " + value + " at most (" + JOB_ZONES[value] + ")"));
      else if (id === "min_annual_wage") words.push("Pay minimum: " + (value === null ? "none" : money.format(value) + " a year"));
      else if (id === "min_wage_cad") {
        var per = preferences.min_wage_cad_per || state.answers.min_wage_cad_per;
        words.push("Pay minimum: " + (value === null ? "none" : (per === "hour" ? cadHour.format(value) + " an hour" : cadYear.format(value) + " a year")));
      } else words.push((item ? item.text : id) + " " + (value === null ? "removed" : optionLabel(item, value)));
    });
    var weights = changes.weights || {};
    if (Array.isArray(changes.set_aside)) {
      words.push(changes.set_aside.length ? "Careers set aside: " + changes.set_aside.length : "Careers set aside: none (all brought back)");
    }
    // in the parts' own order (the stored changes come back sorted by name)
    var parts = Object.keys(WEIGHT_NAMES).filter(function (part) { return part in weights; });
    if (parts.length) {
      words.push("Weights: " + parts.map(function (part) { return (WEIGHT_NAMES[part] || part) + " " + Number(weights[part]).toFixed(2); }).join(", "));
    }
    return words.length ? words : ["Nothing: the same answers and limits."];
  }

  function optionLabel(item, value) {
    var found = ((item && item.options) || []).filter(function (o) { return String(o.value) === String(value); })[0];
    return found ? found.label : String(value);
  }

  // The careers that moved into and out of the top 10, each with why, from the two results'
  // own fields: the limits that left it out (beyond_limits, limits_broken), its new rank, a
  // career set aside, or the weights.
  function renderMoves(before, after) {
    var was = (before.matches || []).slice(0, TOP_MATCHES);
    var now = (after.matches || []).slice(0, TOP_MATCHES);
    var codes = function (list) { return list.map(function (m) { return m.code; }); };
    var weighed = !!(after.changes && after.changes.weights && Object.keys(after.changes.weights).length);
    var movedIn = now.filter(function (m) { return codes(was).indexOf(m.code) < 0; });
    var movedOut = was.filter(function (m) { return codes(now).indexOf(m.code) < 0; });
    if (!movedIn.length && !movedOut.length) {
      return [el("p", { id: "cm-moves-none", text: "The same careers are in your top " + TOP_MATCHES + "; only their order or details may differ." })];
    }
    function list(id, heading, matches, why) {
      if (!matches.length) return null;
      return el("div", { className: "cm-moved", id: id }, [
        el("h4", { text: heading }),
        el("ul", {}, matches.map(function (m) {
          return el("li", { "data-code": m.code }, [el("strong", { text: m.title }), ": " + why(m)]);
        }))
      ]);
    }
    return [
      list("cm-moved-in", "New in your top " + TOP_MATCHES, movedIn, function (m) { return whyIn(m, before, weighed); }),
      list("cm-moved-out", "No longer in your top " + TOP_MATCHES, movedOut, function (m) { return whyOut(m, after, weighed); })
    ];
  }

  function find(list, code) {
    return (list || []).filter(function (c) { return c.code === code; })[0];
  }

  function limitWords(broken) {
    return (broken || []).map(function (n) { return LIMIT_WORDS[n] || n; }).join("; ");
  }

  function whyIn(match, before, weighed) {
    var left = find(before.beyond_limits && before.beyond_limits.careers, match.code);
    if (left) return "your limits now admit it. Before, they left it out: " + left.reason;
    var earlier = find(before.matches, match.code);
    if (earlier && !earlier.within_limits && (earlier.limits_broken || []).length) return "your limits now admit it (before, " + limitWords(earlier.limits_broken) + ").";
    if (find(before.set_aside, match.code)) return "you brought it back.";
    if (weighed) return "the weights changed" + (earlier ? " (it was number " + earlier.rank + ")." : ".");
    if (earlier) return "it was number " + earlier.rank + " and moved up as careers above it left.";
    return "it was not among the previous result's careers.";
  }

  function whyOut(match, after, weighed) {
    var left = find(after.beyond_limits && after.beyond_limits.careers, match.code);
    if (left) return "your new limits leave it out: " + left.reason;
    var later = find(after.matches, match.code);
    if (later && !later.within_limits && (later.limits_broken || []).length) return "outside your new limits: " + limitWords(later.limits_broken) + ".";
    if (find(after.set_aside, match.code)) return "you set it aside.";
    if (weighed) return "the weights changed" + (later ? " (it is number " + later.rank + " now)." : ".");
    if (later) return "it is number " + later.rank + " now, after the careers that came in.";
    return "it is not among this result's careers.";
  }

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
    for (var attempt = 0; attempt <= MAX_RETRIES; attempt++) {
      var response = null;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json", "Idempotency-Key": aside.keys[keyOf], Accept: "application/json" },
          body: body,
          credentials: "omit"
        });
      } catch (e) {
        response = null;
      }
      if (response && response.status >= 200 && response.status < 300) {
        var accepted = await response.json();
        // still busy until the variant is shown (asideBar): a change now would be made
        // to the result it replaces
        aside.message = message;
        aside.focus = focus;
        aside.expect = accepted.id;
        state.resultId = accepted.id;
        save();
        post("submitted", { resultId: accepted.id, variantOf: origin });
        followResult(accepted.links || {});
        return;
      }
      if (response && response.status === 409 && !renewed) {
        renewed = true;
        aside.keys[keyOf] = uuid(); // the key was used for another body: a new attempt
        continue;
      }
      var transient = !response || response.status === 429 || response.status >= 500;
      if (!transient || attempt === MAX_RETRIES) break;
      await sleep(retryAfter(response, attempt));
    }
    aside.busy = false;
    revert();
    var doc = response ? await safeJson(response) : {};
    say("That could not be changed" + (doc.message ? ": " + doc.message : ".") + " Please try again.");
  }

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
    quiz = await response.json();
    title.textContent = quiz.title || "Career Match";
    document.title = (quiz.title || "Career Match") + " quiz";
    buildPages();
    storageKey = storagePrefix + quiz.version;
    var saved = restore();
    if (saved && saved.version === quiz.version) {
      state = saved;
      state.page = Math.max(0, Math.min(Number(state.page) || 0, pages.length - 1));
      if (!Array.isArray(state.history)) state.history = [];
      save();
    } else {
      state = freshState();
      state.version = quiz.version;
      if (saved && saved.answers && !saved.resultId) {
        // A new version of the quiz: keep the answers to the items it still asks (an item
        // id is never reused for a different question), so nobody answers them twice.
        var known = {};
        pages.forEach(function (page) { page.items.forEach(function (item) { known[item.id] = true; }); });
        Object.keys(saved.answers).forEach(function (id) { if (known[id]) state.answers[id] = saved.answers[id]; });
        save();
      }
    }
    forgetOthers();
    window.addEventListener("storage", onStorage);
    window.addEventListener("beforeprint", unfoldForPrint);
    window.addEventListener("afterprint", refoldAfterPrint);
    var skip = document.querySelector(".cm-skip");
    if (state.resultId) {
      if (skip) skip.remove();
      renderWaiting("Loading your result\u2026");
      followResult({});
    } else if (shown(allItems()).some(isAnswered)) {
      renderResume();
    } else {
      renderPage(false);
    }
    post("ready", { quiz: quiz.id, version: quiz.version });
  }

  load();
})();
