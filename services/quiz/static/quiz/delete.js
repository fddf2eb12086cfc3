/* Career Match quiz UI: deleting the result shown, with the deletion code it was given. */
(function () {
  "use strict";

  var CM = (window.CareerMatchQuiz = window.CareerMatchQuiz || {});
  var cfg = CM.cfg, main = CM.main, progressBox = CM.progressBox, attributionEl = CM.attributionEl,
      el = CM.el, fill = CM.fill, announce = CM.announce, save = CM.save,
      focusHeading = CM.focusHeading, freshState = CM.freshState;

  // ---- deletion codes ----------------------------------------------------------------

  // At most this many codes are kept: the result shown and the versions made of it here.
  var MAX_TOKENS = 20;

  // The deletion code (the API's deletion_token) of a result just accepted, kept in the
  // saved state beside the result id, so "Delete this result" still works after a reload.
  // The codes of the versions made from it ("Change my limits", "Not for me") are kept
  // with it until the quiz starts over: deleting the result deletes them all. A code goes
  // nowhere but the DELETE; it is never put in a URL.
  function keepToken(accepted) {
    if (!accepted || !accepted.id || typeof accepted.deletion_token !== "string") return;
    var tokens = CM.state.tokens && typeof CM.state.tokens === "object" ? CM.state.tokens : {};
    delete tokens[accepted.id];
    tokens[accepted.id] = accepted.deletion_token; // the newest last
    var ids = Object.keys(tokens);
    ids.slice(0, Math.max(0, ids.length - MAX_TOKENS)).forEach(function (id) { delete tokens[id]; });
    CM.state.tokens = tokens;
  }

  function tokenOf(id) {
    var token = (CM.state.tokens || {})[id];
    return typeof token === "string" ? token : null;
  }

  // The other versions of the result shown that this browser made and can delete.
  function otherIds(id) {
    return Object.keys(CM.state.tokens || {}).filter(function (other) { return other !== id && tokenOf(other); });
  }

  // ---- the view ----------------------------------------------------------------------

  // Inside "Keep or share this result": the deletion code, and "Delete this result", which
  // asks first in a panel (as "Take the quiz again" does: no window.confirm).
  function renderDelete(doc) {
    var token = tokenOf(doc.id);
    var title = el("h4", { id: "cm-delete-title", text: "Delete this result" });
    if (!token) {
      return el("div", { className: "cm-delete", id: "cm-delete", role: "group", "aria-labelledby": "cm-delete-title" }, [
        title,
        el("p", { className: "cm-hint", text: "This browser does not have this result's deletion code, so it cannot be deleted from here. It is deleted on its own when it expires (its page says when)." })
      ]);
    }
    var button = el("button", { type: "button", className: "cm-button cm-button-secondary", id: "cm-delete", "aria-expanded": "false", "aria-controls": "cm-delete-panel", text: "Delete this result" });
    var ask = el("h4", { id: "cm-delete-ask", tabindex: "-1", text: "Delete this result for good?" });
    var yes = el("button", { type: "button", className: "cm-button cm-button-danger", id: "cm-delete-yes", text: "Yes, delete it" });
    var cancel = el("button", { type: "button", className: "cm-button cm-button-secondary", id: "cm-delete-cancel", text: "Cancel" });
    var problem = el("div", { className: "cm-error-box", id: "cm-delete-error", role: "alert", hidden: true });
    var others = otherIds(doc.id).length;
    var panel = el("div", { className: "cm-confirm", id: "cm-delete-panel", role: "group", "aria-labelledby": "cm-delete-ask", "aria-describedby": "cm-delete-text", hidden: true }, [
      ask,
      el("p", { id: "cm-delete-text", text: "The result and its link are deleted for everyone" +
        (others ? ", with the " + (others === 1 ? "other version" : others + " other versions") + " of it you made here" : "") +
        ", and your answers are cleared from this browser. This cannot be undone." }),
      problem,
      el("div", { className: "cm-nav" }, [yes, cancel])
    ]);
    CM.askFirst(button, panel, ask, cancel, null, function () { problem.hidden = true; });
    yes.addEventListener("click", function () { deleteShown(doc.id, yes, problem); });
    var code = el("details", { className: "cm-delete-code" }, [
      el("summary", { text: "Deletion code" }),
      el("p", { className: "cm-hint", id: "cm-token-help", text: "With this code the result can also be deleted from its own page (the link above), for example on another device. Keep it private: anyone with it can delete the result." }),
      el("label", { "for": "cm-token", className: "cm-q", text: "Deletion code for this result" }),
      el("input", { type: "text", id: "cm-token", className: "cm-input cm-link", readonly: true, value: token, "aria-describedby": "cm-token-help", autocomplete: "off", spellcheck: "false" })
    ]);
    return el("div", { className: "cm-delete", role: "group", "aria-labelledby": "cm-delete-title" }, [
      title, code, el("div", { className: "cm-nav" }, [button]), panel
    ]);
  }

  // DELETE /v1/results/{id} with the code in X-Deletion-Token: "ok", "gone" (404: deleted or
  // expired already), "refused" (403: not its code) or null (no answer).
  async function deleteOne(id) {
    var response;
    try {
      response = await fetch(cfg.api + "/results/" + encodeURIComponent(id), {
        method: "DELETE",
        headers: { "X-Deletion-Token": tokenOf(id), Accept: "application/json" },
        credentials: "omit",
        cache: "no-store"
      });
    } catch (e) {
      return null;
    }
    if (response.status === 204 || response.status === 200) return "ok";
    if (response.status === 404 || response.status === 410) return "gone";
    if (response.status === 403) return "refused";
    return null;
  }

  async function deleteShown(id, yes, problem) {
    if (yes.getAttribute("aria-disabled") === "true") return;
    yes.setAttribute("aria-disabled", "true");
    yes.textContent = "Deleting\u2026";
    problem.hidden = true;
    announce("Deleting your result\u2026");
    var outcome = await deleteOne(id);
    yes.removeAttribute("aria-disabled");
    yes.textContent = "Yes, delete it";
    if (outcome === "ok" || outcome === "gone") {
      // the other versions go too; one that cannot be reached now expires on its own
      await Promise.all(otherIds(id).map(deleteOne));
      return renderDeleted(outcome === "gone");
    }
    problem.replaceChildren(el("p", { text: outcome === "refused"
      ? "The deletion code kept in this browser is not this result's, so nothing was deleted."
      : "We could not reach the service, so your result was not deleted. Check your connection and try again." }));
    problem.hidden = false;
  }

  // Nothing of the deleted result stays in this browser; the quiz can be taken again.
  function renderDeleted(wasGone) {
    Object.keys(CM.state.tokens || {}).forEach(function (id) { delete CM.docs[id]; });
    CM.whatIf = null;
    CM.shownDoc = null;
    CM.state = freshState();
    CM.state.version = CM.quiz.version;
    save();
    progressBox.hidden = true;
    attributionEl.hidden = true;
    var heading = el("h2", { className: "cm-section-title", id: "cm-deleted-title", tabindex: "-1", text: "Your result was deleted" });
    var again = el("button", { type: "button", className: "cm-button cm-button-primary", id: "cm-deleted-again", text: "Take the quiz again" });
    again.addEventListener("click", CM.startOver);
    var said = wasGone
      ? "This result was already gone (deleted or expired). Your answers are cleared from this browser."
      : "Your result and its link are gone for good, and your answers are cleared from this browser.";
    fill(main, [heading, el("p", { id: "cm-deleted-text", text: said }), el("div", { className: "cm-nav" }, [again])]);
    focusHeading(heading);
    announce("Your result was deleted.");
  }

  Object.assign(CM, { keepToken: keepToken, renderDelete: renderDelete });
})();
