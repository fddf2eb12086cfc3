/* Career Match quiz UI: runs inside the iframe page /embed/<quiz_id>?site=KEY.
 *
 * Takes a person through the quiz one part at a time, keeps their answers in
 * sessionStorage, submits them with an Idempotency-Key, follows the result over
 * Server-Sent Events (polling when the stream fails) and shows the result.
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
  var storageKey = "careermatch:" + cfg.site + ":" + cfg.quiz;
  var money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
  // Canadian dollars stay Canadian dollars ("CA$40.00"); nothing is ever converted.
  var moneyHour = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2 });
  var cadHour = new Intl.NumberFormat("en-US", { style: "currency", currency: "CAD", minimumFractionDigits: 2 });
  var cadYear = new Intl.NumberFormat("en-US", { style: "currency", currency: "CAD", maximumFractionDigits: 0 });
  // A choice with more options than this (the location item) is a drop-down list.
  var SELECT_OVER = 12;

  var quiz = null;
  var adaptive = false; // asked one question at a time (see "the adaptive quiz" below)
  var pages = [];
  var itemPage = {};
  var numberOf = {}; // item id -> its question number as the person sees it on this page
  var state = freshState();
  var follow = { source: null, timer: 0, quietTimer: 0, done: false };

  // ---- small helpers -----------------------------------------------------------------

  function freshState() {
    return { version: null, page: 0, answers: {}, confirmed: {}, key: null, sentBody: null, resultId: null };
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

  function save() {
    try {
      sessionStorage.setItem(storageKey, JSON.stringify(state));
    } catch (e) { /* private mode or full storage: the quiz still works, without reload */ }
  }

  function restore() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(storageKey) || "null");
      if (saved && typeof saved === "object" && saved.answers) return saved;
    } catch (e) { /* unreadable: start again */ }
    return null;
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
  // per year) for a place in Canada, US dollars a year otherwise.
  function inCanada() {
    var place = state.answers.location;
    return typeof place === "string" && place.indexOf("CA-") === 0;
  }

  function applies(item) {
    if (item.id === "min_wage_cad" || item.id === "min_wage_cad_per") return inCanada();
    if (item.id === "min_annual_wage") return !inCanada();
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
    if (adaptive) return; // its progress is the service's estimate (adaptiveProgress)
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
    if (!adaptive && !flagProblems(pages[state.page].items)) return;
    for (var p = 0; !adaptive && p < pages.length; p++) {
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
    state = freshState();
    state.version = quiz.version;
    save();
    if (adaptive) adaptiveStep(true);
    else renderPage(true);
  }

  // ---- the result --------------------------------------------------------------------

  function renderResult(doc) {
    progressBox.hidden = true;
    var matches = doc.matches || [];
    var profile = doc.profile || { interests: {}, notes: [] };
    var heading = el("h2", { className: "cm-section-title", id: "cm-result-title", tabindex: "-1", text: "Your results" });
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
      renderProfile(profile),
      renderPlace(doc.place),
      el("section", { className: "cm-block", "aria-labelledby": "cm-matches-title" }, [
        el("h3", { id: "cm-matches-title", text: "Careers that fit you best" }),
        matches.length ? el("p", { className: "cm-hint", id: "cm-intro", text: doc.intro || "Ranked by match score (0 to 100)." }) : el("p", { text: "No careers could be matched." }),
        list,
        more
      ]),
      renderBeyondLimits(doc.beyond_limits),
      renderSkills(doc.suggested_skills || [], doc.suggested_note),
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

  function rate(amount, currency, hours) {
    if (currency !== "CAD") return money.format(amount) + " a year";
    var text = cadHour.format(amount) + " an hour";
    return hours ? text + " (about " + cadYear.format(amount * hours) + " a year at " + hours.toLocaleString("en-US") + " hours)" : text;
  }

  function localFacts(p) {
    if (!p) return [];
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
          el("a", { href: pageUrl("/careers/" + encodeURIComponent(match.code)), target: "_blank", rel: "noopener", text: match.title })
        ]),
        meter,
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

  function renderAgain() {
    var button = el("button", { type: "button", className: "cm-button cm-button-secondary", text: "Take the quiz again" });
    button.addEventListener("click", startOver);
    return el("div", { className: "cm-nav" }, [button]);
  }

  // ---- the adaptive quiz -------------------------------------------------------------
  // An adaptive quiz (its definition names the quiz it is "adaptive_of") asks one question
  // at a time, each chosen by the service from the answers so far (POST .../next, which
  // keeps nothing between steps). The answers and the questions skipped are saved like any
  // quiz's, so a reload asks the same question again.

  // services/quiz/adaptive.py MIN_ASKED: results can be asked for after this many answers.
  var ADAPTIVE_MIN = 12;

  function scaleAnswered() {
    return allItems().filter(function (item) { return item.type === "scale" && isAnswered(item); }).length;
  }

  function adaptiveAnswers() {
    var answers = {};
    allItems().forEach(function (item) {
      if (isAnswered(item) && applies(item)) answers[item.id] = state.answers[item.id];
    });
    return answers;
  }

  async function adaptiveStep(moveFocus) {
    state.skipped = state.skipped || [];
    var body = JSON.stringify({ answers: adaptiveAnswers(), skipped: state.skipped });
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
        if (doc.done) submit();
        else adaptiveRender(doc, moveFocus);
        return;
      }
      if (response && response.status === 422) {
        renderProblem("Your saved answers could not be read. Please start again.", startOver, "Start again");
        return;
      }
      var transient = !response || response.status === 429 || response.status >= 500;
      if (!transient || attempt === MAX_RETRIES) break;
      await sleep(retryAfter(response, attempt));
    }
    renderProblem("We could not load the next question. Check your connection and try again.", function () { adaptiveStep(true); }, "Try again");
  }

  function skipItem(item) {
    if (state.skipped.indexOf(item.id) < 0) state.skipped.push(item.id);
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

  function adaptiveRender(doc, moveFocus) {
    var item = findItem(doc.item.id) || doc.item;
    var page = pages[itemPage[item.id]] || pages[0];
    var number = doc.asked + 1;
    numberOf = {};
    numberOf[item.id] = number;
    var heading = el("h2", { className: "cm-section-title", id: "cm-section-title", tabindex: "-1", text: page.section.title });
    var form = el("form", { className: "cm-form", id: "cm-form", novalidate: true, "aria-labelledby": "cm-section-title" }, [renderItem(item, number)]);
    var optional = item.type !== "scale" && !needed(item);
    var canFinish = scaleAnswered() >= ADAPTIVE_MIN;
    form.appendChild(el("div", { className: "cm-nav" }, [
      optional ? el("button", { type: "button", className: "cm-button cm-button-secondary", id: "cm-skip", text: "Skip" }) : null,
      canFinish ? el("button", { type: "button", className: "cm-button cm-button-secondary", id: "cm-finish", text: "Show my results now" }) : null,
      el("button", { type: "submit", className: "cm-button cm-button-primary", id: "cm-next", form: "cm-form", text: "Next" })
    ]));
    fill(main, [heading, page.section.intro ? el("p", { className: "cm-intro", id: "cm-section-intro", text: page.section.intro }) : null, form]);
    form.addEventListener("change", onAnswer);
    form.addEventListener("input", onAnswer);
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
      delete state.answers[item.id];
      skipItem(item);
      save();
      adaptiveStep(true);
    });
    var finish = document.getElementById("cm-finish");
    if (finish) finish.addEventListener("click", function () { submit(); });
    var words = adaptiveProgress(doc);
    post("progress", { section: page.section.id, page: number, pages: number + (doc.left_estimate || 1), answered: doc.asked, total: doc.asked + (doc.left_estimate || 1) });
    attributionEl.hidden = true;
    if (moveFocus) {
      focusHeading(heading);
      announce("Question " + number + ", " + words + ".");
    }
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
    adaptive = !!quiz.adaptive_of;
    title.textContent = quiz.title || "Career Match";
    document.title = (quiz.title || "Career Match") + " quiz";
    buildPages();
    var saved = restore();
    if (saved && saved.version === quiz.version) {
      state = saved;
      state.page = Math.max(0, Math.min(Number(state.page) || 0, pages.length - 1));
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
    var skip = document.querySelector(".cm-skip");
    if (state.resultId) {
      if (skip) skip.remove();
      renderWaiting("Loading your result\u2026");
      followResult({});
    } else {
      if (adaptive) adaptiveStep(false);
      else renderPage(false);
    }
    post("ready", { quiz: quiz.id, version: quiz.version });
  }

  load();
})();
