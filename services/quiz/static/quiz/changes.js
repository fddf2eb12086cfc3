/* Career Match quiz UI: what changed between a result and the variant scored from it. */
(function () {
  "use strict";

  var CM = (window.CareerMatchQuiz = window.CareerMatchQuiz || {});
  var TOP_MATCHES = CM.TOP_MATCHES, JOB_ZONES = CM.JOB_ZONES, LIMIT_WORDS = CM.LIMIT_WORDS,
      cfg = CM.cfg, money = CM.money, cadHour = CM.cadHour, cadYear = CM.cadYear,
      follow = CM.follow, el = CM.el, fill = CM.fill, save = CM.save, findItem = CM.findItem,
      renderWaiting = CM.renderWaiting, followResult = CM.followResult,
      renderResult = CM.renderResult, WEIGHT_NAMES = CM.WEIGHT_NAMES, docs = CM.docs;

  // ---- what changed -------------------------------------------------------------------

  function renderChanges(doc) {
    if (!doc.variant_of) return null;
    var moves = el("div", { id: "cm-moves" }, [el("p", { className: "cm-hint", text: "Comparing with the previous result\u2026" })]);
    var previous = (CM.state.history || [])[CM.state.history.length - 1];
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
    var previous = CM.state.history.pop();
    CM.state.resultId = previous.id;
    CM.state.answers = previous.answers;
    CM.state.weights = previous.weights || null;
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
      else if (id === "min_wage_gbp") words.push("Pay minimum: " + (value === null ? "none" : CM.pounds.format(value) + " a year"));
      else if (id === "min_wage_cad") {
        var per = preferences.min_wage_cad_per || CM.state.answers.min_wage_cad_per;
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

  Object.assign(CM, { renderChanges: renderChanges });
})();
