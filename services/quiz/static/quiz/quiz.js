/* Career Match quiz UI: the quiz's pages, its items and moving between them. */
(function () {
  "use strict";

  var CM = (window.CareerMatchQuiz = window.CareerMatchQuiz || {});
  var main = CM.main, progressBox = CM.progressBox, bar = CM.bar, barFill = CM.barFill,
      progressLabel = CM.progressLabel, attributionEl = CM.attributionEl, money = CM.money,
      el = CM.el, fill = CM.fill, announce = CM.announce, save = CM.save, post = CM.post,
      focusHeading = CM.focusHeading;

  // ---- the quiz ----------------------------------------------------------------------

  var ITEMS_PER_PAGE = 12;
  // An item that must be answered once its partner is (the quiz service's pay rule:
  // services/quiz/location.py PAY_RULES): the unit of a Canadian pay minimum.
  var NEEDS = { min_wage_cad_per: "min_wage_cad" };
  var NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
  // A choice with more options than this (the location item) is a drop-down list.
  var SELECT_OVER = 12;

  function buildPages() {
    CM.pages = [];
    CM.itemPage = {};
    CM.quiz.sections.forEach(function (section) {
      var count = Math.ceil(section.items.length / ITEMS_PER_PAGE);
      var size = Math.ceil(section.items.length / count);
      for (var part = 0; part < count; part++) {
        var items = section.items.slice(part * size, (part + 1) * size);
        items.forEach(function (item) { CM.itemPage[item.id] = CM.pages.length; });
        CM.pages.push({ section: section, part: part + 1, parts: count, items: items, offset: part * size });
      }
    });
  }

  function allItems() {
    return CM.quiz.sections.reduce(function (all, s) { return all.concat(s.items); }, []);
  }

  function isAnswered(item) {
    return Object.prototype.hasOwnProperty.call(CM.state.answers, item.id);
  }

  // The pay minimum is asked in the person's own currency: Canadian dollars (per hour or
  // per year) for a place in Canada, pounds a year in the United Kingdom, US dollars a year
  // otherwise.
  function inCanada() {
    var place = CM.state.answers.location;
    return typeof place === "string" && place.indexOf("CA-") === 0;
  }

  function inUK() {
    return CM.state.answers.location === "GB";
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
        selected: isAnswered(item) && String(CM.state.answers[item.id]) === String(option.value)
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
    var minutesLeft = Math.ceil(CM.quiz.estimated_minutes * (1 - done / Math.max(required.length, 1)));
    var left = minutesLeft > 0 ? "about " + minutesLeft + " min left" : "almost done";
    var text = "Part " + (CM.state.page + 1) + " of " + CM.pages.length + " \u00b7 " + left;
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
      if (isAnswered(item)) input.value = String(CM.state.answers[item.id]);
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
      var scale = CM.quiz.scales[item.scale];
      options = scale.labels.map(function (label, i) { return { value: scale.min + i, label: label }; });
    } else {
      // an item required with its partner has no "skip": leaving it unanswered is the skip
      options = NEEDS[item.id] ? item.options : item.options.concat([{ value: "", label: "No preference (skip)" }]);
    }
    var current = isAnswered(item) ? CM.state.answers[item.id] : item.type === "choice" ? "" : null;
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
    return !!partner && CM.state.answers[partner] !== undefined && applies(item);
  }

  // The mark beside an optional question: "(optional)", or, for an item needed once its
  // partner is answered, "(required)" or "(required if you answer question N)".
  function markText(item) {
    var partner = NEEDS[item.id];
    if (!partner || CM.numberOf[partner] === undefined) return " (optional)";
    return needed(item) ? " (required)" : " (required if you answer question " + CM.numberOf[partner] + ")";
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
    var page = CM.pages[CM.state.page];
    var first = CM.state.page === 0;
    var last = CM.state.page === CM.pages.length - 1;
    var number = 0;
    for (var i = 0; i < CM.state.page; i++) number += CM.pages[i].items.length;
    // the section's title only: "Part N of M" beside the progress bar is the one counter
    var headingText = page.section.title;
    var heading = el("h2", { className: "cm-section-title", id: "cm-section-title", tabindex: "-1", text: headingText });
    var items = shown(page.items);
    CM.numberOf = {};
    items.forEach(function (item, j) { CM.numberOf[item.id] = number + j + 1; });
    var form = el("form", { className: "cm-form", id: "cm-form", novalidate: true, "aria-labelledby": "cm-section-title" },
      items.map(function (item) { return renderItem(item, CM.numberOf[item.id]); }));
    var intro = [page.part === 1 ? countSentence(items) : null, page.part === 1 ? page.section.intro : null].filter(Boolean).join(" ");
    var nav = el("div", { className: "cm-nav" }, [
      first ? null : el("button", { type: "button", className: "cm-button cm-button-secondary", id: "cm-back", text: "Back" }),
      el("button", { type: "submit", className: "cm-button cm-button-primary", id: "cm-next", form: "cm-form", text: last ? "See my results" : "Next" })
    ]);
    form.appendChild(nav);
    fill(main, [
      heading,
      first && CM.quiz.description ? el("p", { className: "cm-intro", text: CM.quiz.description }) : null,
      intro ? el("p", { className: "cm-intro", id: "cm-section-intro", text: intro }) : null,
      form
    ]);
    form.addEventListener("change", onAnswer);
    form.addEventListener("input", onAnswer);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (last) CM.submit();
      else CM.go(CM.state.page + 1);
    });
    var back = document.getElementById("cm-back");
    if (back) back.addEventListener("click", function () { CM.go(CM.state.page - 1); });
    var counts = updateProgress();
    post("progress", { section: page.section.id, page: CM.state.page + 1, pages: CM.pages.length, answered: counts.answered, total: counts.total });
    attributionEl.hidden = true;
    if (moveFocus) {
      focusHeading(heading);
      announce(headingText + ". Part " + (CM.state.page + 1) + " of " + CM.pages.length + ".");
    }
  }

  // How many questions a page of optional ones asks, counted from what it shows (the limits
  // page asks two in the US and three in Canada), and which of them become required.
  function countSentence(items) {
    if (!items.length || items.some(function (item) { return item.type === "scale"; })) return null;
    var n = items.length;
    var text = n === 1 ? "This question is optional" : "These " + (NUMBER_WORDS[n] || String(n)) + " questions are optional";
    var needs = items.filter(function (item) { return CM.numberOf[NEEDS[item.id]] !== undefined; });
    if (needs.length) {
      text += ", except that " + needs.map(function (item) {
        return "question " + CM.numberOf[item.id] + " is required once you answer question " + CM.numberOf[NEEDS[item.id]];
      }).join(" and ");
    }
    return text + ".";
  }

  function onAnswer(event) {
    var input = event.target;
    if (!input || !input.name) return;
    var item = findItem(input.name);
    if (!item) return;
    readAnswer(item, input);
    if (item.type === "number") {
      updateMarks();
      if (event.type === "input") { save(); return; }
    }
    showError(item, null);
    CM.clearAsk();
    updateMarks();
    save();
    var counts = updateProgress();
    post("progress", { section: CM.pages[CM.state.page].section.id, page: CM.state.page + 1, pages: CM.pages.length, answered: counts.answered, total: counts.total });
  }

  // Keeps what ``input`` now says as the item's answer: an empty input clears it, and a
  // number still being typed that is not one yet keeps the last answer.
  function readAnswer(item, input) {
    if (item.type === "number") {
      var raw = input.value.trim();
      if (raw === "") delete CM.state.answers[item.id];
      else if (isFinite(Number(raw))) CM.state.answers[item.id] = Number(raw);
    } else if ((input.type === "radio" && input.checked) || input.tagName === "SELECT") {
      if (input.value === "") delete CM.state.answers[item.id];
      else CM.state.answers[item.id] = optionValue(item, input.value);
    }
  }

  function findItem(id) {
    var page = CM.pages[CM.itemPage[id]];
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
      var v = CM.state.answers[item.id];
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
      announce(problems.length === 1 ? "Question " + CM.numberOf[problems[0].item.id] + " needs an answer." : problems.length + " questions need an answer.");
      return false;
    }
    var low = CM.lowYearly(items);
    if (low.length) {
      CM.askHourly(low[0]);
      return false;
    }
    return true;
  }

  Object.assign(CM, { buildPages: buildPages, allItems: allItems, isAnswered: isAnswered,
    applies: applies, shown: shown, optionValue: optionValue, updateProgress: updateProgress,
    renderItem: renderItem, updateMarks: updateMarks, renderPage: renderPage, findItem: findItem,
    readAnswer: readAnswer, showError: showError, problemsOf: problemsOf, flagProblems: flagProblems });
})();
