/* Career Match quiz UI: rendering the result (the matches, the interest profile, the sources). */
(function () {
  "use strict";

  var CM = (window.CareerMatchQuiz = window.CareerMatchQuiz || {});
  var TOP_MATCHES = CM.TOP_MATCHES, JOB_ZONES = CM.JOB_ZONES, main = CM.main,
      progressBox = CM.progressBox, attributionEl = CM.attributionEl, LIMIT_WORDS = CM.LIMIT_WORDS,
      cfg = CM.cfg, money = CM.money, cadHour = CM.cadHour, cadYear = CM.cadYear, el = CM.el,
      fill = CM.fill, svg = CM.svg, announce = CM.announce, post = CM.post,
      focusHeading = CM.focusHeading, hasFocus = CM.hasFocus, startOver = CM.startOver;

  // ---- the result --------------------------------------------------------------------

  // Matches shown with their details open; the rest are folded, so a phone's page stays short.
  var OPEN_MATCHES = 3;
  var AREAS = [
    ["R", "Realistic", "hands-on work with tools, machines, plants or animals"],
    ["I", "Investigative", "ideas, research and solving problems"],
    ["A", "Artistic", "creating, designing and self-expression"],
    ["S", "Social", "helping, teaching and caring for people"],
    ["E", "Enterprising", "leading, persuading and selling"],
    ["C", "Conventional", "data, details and orderly procedures"]
  ];
  var FULL_QUIZ = "career-match";
  // the place of the result shown (a region code), carried by its links to career pages
  var resultPlace = null;

  function renderResult(doc) {
    progressBox.hidden = true;
    resultPlace = doc.place && doc.place.region ? doc.place.region : null;
    var matches = doc.matches || [];
    var profile = doc.profile || { interests: {}, notes: [] };
    var heading = el("h2", { className: "cm-section-title", id: "cm-result-title", tabindex: "-1", text: doc.variant_of ? "Your results, ranked again" : "Your results" });
    CM.docs[doc.id] = doc;
    CM.shownDoc = doc;
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
      CM.renderPrintHead(doc),
      CM.renderChanges(doc),
      renderProfile(profile),
      renderPlace(doc.place),
      el("section", { className: "cm-block", "aria-labelledby": "cm-matches-title" }, [
        el("h3", { id: "cm-matches-title", text: "Careers that fit you best" }),
        matches.length ? el("p", { className: "cm-hint", id: "cm-intro", text: doc.intro || "Ranked by match score (0 to 100)." }) : el("p", { text: "No careers could be matched." }),
        CM.asideBar(doc),
        list,
        more
      ]),
      renderBeyondLimits(doc.beyond_limits),
      renderSkills(doc.suggested_skills || [], doc.suggested_note),
      CM.renderKeep(doc),
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
    if (currency === "GBP") return CM.pounds.format(amount) + " a year";
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
        CM.matchActions(match),
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
        var used = (s.career_titles || []).length ? " Used in: " + s.career_titles.join("; ") + "." : "";
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
    CM.askFirst(button, panel, title, cancel, function () {
      announce("Take the quiz again? Answer again, change your limits or place, or cancel.");
    });
    answerAgain.addEventListener("click", startOver);
    change.addEventListener("click", CM.openWhatIf);
    return el("div", { className: "cm-again" }, [el("div", { className: "cm-nav" }, [button]), panel]);
  }

  Object.assign(CM, { renderResult: renderResult });
})();
