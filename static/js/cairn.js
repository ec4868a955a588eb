// Progressive enhancements for Cairn discussions. Everything here also
// works without JavaScript: forms post normally, links open their pages.
(function () {
  "use strict";

  var DRAFT_PREFIX = "cairn:draft:";

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  // A half-written comment survives a reload, a failed post and a lost
  // connection: saved as the member types, forgotten only when the server
  // reports the comment posted (a message tagged with the draft's key).
  function initDrafts(root) {
    var store = storage();
    if (!store) { return; }
    root.querySelectorAll("form[data-draft-key]").forEach(function (form) {
      if (form.dataset.draftReady) { return; }
      form.dataset.draftReady = "1";
      var key = DRAFT_PREFIX + form.dataset.draftKey;
      var area = form.querySelector("textarea[name=body]");
      if (!area) { return; }
      var saved = store.getItem(key);
      if (saved && !area.value.trim()) {
        area.value = saved;
        var note = document.createElement("p");
        note.className = "form-text draft-restored";
        note.setAttribute("role", "status");
        note.textContent = form.dataset.draftRestored;
        area.insertAdjacentElement("afterend", note);
      }
      area.addEventListener("input", function () {
        if (area.value.trim()) { store.setItem(key, area.value); } else { store.removeItem(key); }
      });
    });
  }

  // Collapse and expand a comment's replies (the rows after it that are deeper).
  function repliesOf(article) {
    var depth = Number(article.dataset.depth);
    var rows = [];
    var next = article.nextElementSibling;
    while (next && next.classList.contains("comment") && Number(next.dataset.depth) > depth) {
      rows.push(next);
      next = next.nextElementSibling;
    }
    return rows;
  }

  function initCollapse(root) {
    root.querySelectorAll("button[data-collapse]").forEach(function (button) {
      if (button.dataset.collapseReady) { return; }
      button.dataset.collapseReady = "1";
      button.hidden = false;
      var article = button.closest("article.comment");
      function label(expanded, count) {
        var text = expanded ? button.dataset.labelCollapse : button.dataset.labelExpand;
        return text + " (" + count + ")";
      }
      button.textContent = label(true, repliesOf(article).length);
      button.addEventListener("click", function () {
        var expanded = button.getAttribute("aria-expanded") === "true";
        var rows = repliesOf(article);
        rows.forEach(function (row) { row.hidden = expanded; });
        button.setAttribute("aria-expanded", expanded ? "false" : "true");
        button.textContent = label(!expanded, rows.length);
      });
    });
  }

  function initCancel(root) {
    root.querySelectorAll("[data-cancel-reply]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var slot = button.closest(".reply-slot");
        var article = slot && slot.closest("article.comment");
        if (slot) { slot.innerHTML = ""; }
        var reply = article && article.querySelector(".comment-actions a");
        if (reply) { reply.focus(); }
      });
    });
  }

  // A quiet count of characters against the limit (no live region: it
  // would interrupt a screen reader at every key).
  function initCounters(root) {
    root.querySelectorAll(".char-count[data-limit]").forEach(function (counter) {
      var area = counter.closest("form").querySelector("textarea[name=body]");
      var limit = Number(counter.dataset.limit);
      function update() {
        counter.textContent = area.value.length.toLocaleString() + " / " +
          limit.toLocaleString() + " " + counter.dataset.label;
        counter.classList.toggle("text-danger", area.value.length > limit);
      }
      counter.hidden = false;
      area.addEventListener("input", update);
      update();
    });
  }

  function forgetPostedDrafts() {
    var store = storage();
    if (!store) { return; }
    document.querySelectorAll("[data-clear-draft]").forEach(function (el) {
      store.removeItem(DRAFT_PREFIX + el.dataset.clearDraft);
    });
  }

  function init(root) {
    initDrafts(root);
    initCollapse(root);
    initCancel(root);
    initCounters(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    forgetPostedDrafts();
    init(document);
  });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
  // An inline reply form takes the focus, so keyboard users type at once.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.classList.contains("reply-slot")) {
      var area = target.querySelector("textarea, button");
      if (area) { area.focus(); }
    }
  });
})();
