/* Career Match quiz UI: asking whether a low yearly pay minimum was meant per hour. */
(function () {
  "use strict";

  var CM = (window.CareerMatchQuiz = window.CareerMatchQuiz || {});
  var money = CM.money, moneyHour = CM.moneyHour, cadHour = CM.cadHour, cadYear = CM.cadYear,
      el = CM.el, announce = CM.announce, save = CM.save, shown = CM.shown,
      renderPage = CM.renderPage, findItem = CM.findItem, showError = CM.showError,
      flagProblems = CM.flagProblems;

  // ---- a yearly pay minimum that looks hourly -----------------------------------------

  // A yearly pay minimum below this is asked about: it is less than a month of full-time pay
  // at the US federal minimum wage ($7.25 x 2,080 hours / 12 = $1,257), and well above any
  // hourly rate, so "15" was almost surely meant an hour (docs/pay.md).
  var YEARLY_FLOOR = 1000;
  // Hours in a year as BLS counts them when it turns an hourly wage into a yearly one.
  var US_HOURS_PER_YEAR = 2080;
  var CANADA_HOURS_PER_YEAR = 1950;

  // The pay minimums given a year, under YEARLY_FLOOR, that the person has not confirmed.
  function lowYearly(items) {
    var confirmed = CM.state.confirmed || {};
    return shown(items).filter(function (item) {
      var amount = CM.state.answers[item.id];
      var yearly = item.id === "min_annual_wage" || (item.id === "min_wage_cad" && CM.state.answers.min_wage_cad_per === "year");
      return yearly && typeof amount === "number" && amount > 0 && amount < YEARLY_FLOOR && confirmed[item.id] !== amount;
    });
  }

  // Asks beside the amount whether it was meant an hour: yes turns it into an hourly minimum
  // (in Canada the unit becomes "per hour"; in the US, where the question is yearly, the
  // amount becomes the yearly pay at 2,080 hours), no keeps it as a yearly one.
  function askHourly(item) {
    var amount = CM.state.answers[item.id];
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
        CM.state.answers.min_wage_cad_per = "hour";
        var radio = document.querySelector("#cm-item-min_wage_cad_per input[value=hour]");
        if (radio) radio.checked = true;
      } else {
        CM.state.answers[item.id] = amount * hours;
        var input = document.getElementById("cm-in-" + item.id);
        if (input) input.value = String(amount * hours);
      }
      answered(cad ? "Your minimum is " + hourly + " an hour." : "Your minimum is " + perYear + " a year.");
    });
    no.addEventListener("click", function () {
      CM.state.confirmed = CM.state.confirmed || {};
      CM.state.confirmed[item.id] = amount;
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
    if (index > CM.state.page && !flagProblems(CM.pages[CM.state.page].items)) return;
    CM.state.page = Math.max(0, Math.min(index, CM.pages.length - 1));
    save();
    renderPage(true);
  }

  Object.assign(CM, { lowYearly: lowYearly, askHourly: askHourly, clearAsk: clearAsk, go: go });
})();
