// Progressive enhancements for Cairn discussions. Everything here also
// works without JavaScript: forms post normally, links open their pages.
(function () {
  "use strict";

  var DRAFT_PREFIX = "cairn:draft:";
  // Used only when the page gives no text of its own (see data-* below).
  var FALLBACK = {
    confirmCancel: "Discard this reply? Your text stays saved in this browser for next time.",
    requestFailed: "Sorry, that did not work. Please reload the page and try again.",
    offline: "Cairn could not be reached. Please check your connection and try again."
  };

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  // The elements in `root` that match `selector`, `root` itself included:
  // htmx hands each swapped-in element over as the root (an inline reply
  // box is the form itself, a loaded row is the article itself).
  function within(root, selector) {
    var found = [];
    if (root.matches && root.matches(selector)) { found.push(root); }
    if (root.querySelectorAll) {
      Array.prototype.push.apply(found, root.querySelectorAll(selector));
    }
    return found;
  }

  // True the first time it is asked about `el` for `flag`: htmx fires
  // htmx:load for the body after DOMContentLoaded, so an element can be
  // offered twice and must not get two listeners.
  function firstTime(el, flag) {
    if (el.dataset[flag]) { return false; }
    el.dataset[flag] = "1";
    return true;
  }

  // A half-written comment survives a reload, a failed post and a lost
  // connection: saved as the member types, forgotten only when the server
  // reports the comment posted (a message tagged with the draft's key).
  function initDrafts(root) {
    var store = storage();
    if (!store) { return; }
    within(root, "form[data-draft-key]").forEach(function (form) {
      if (!firstTime(form, "draftReady")) { return; }
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

  // Collapse and expand. The rows of a thread are flat siblings in display
  // order (comments and "Show N more" boxes, each with its data-depth): a
  // comment's replies are the rows after it that are deeper. One pass over
  // the list decides every row, so rows loaded in place later, and
  // sub-threads collapsed on their own, come out right whatever the order
  // of clicks.
  function isCollapsed(row) {
    if (!row.classList.contains("comment")) { return false; }
    var button = row.querySelector("button[data-collapse]");
    return Boolean(button) && button.getAttribute("aria-expanded") === "false";
  }

  function applyCollapse(list) {
    if (!list) { return; }
    var hideDeeperThan = Infinity;
    Array.prototype.forEach.call(list.children, function (row) {
      if (row.dataset.depth === undefined) { return; }
      var depth = Number(row.dataset.depth);
      if (depth <= hideDeeperThan) { hideDeeperThan = Infinity; }
      row.hidden = depth > hideDeeperThan;
      if (!row.hidden && isCollapsed(row)) { hideDeeperThan = depth; }
    });
  }

  // The count is the thread's true number of replies (data-replies), loaded
  // or not, so it does not change as "Show N more" brings rows in.
  function labelCollapse(button) {
    var expanded = button.getAttribute("aria-expanded") !== "false";
    var text = expanded ? button.dataset.labelCollapse : button.dataset.labelExpand;
    button.textContent = text + " (" + button.dataset.replies + ")";
  }

  function initCollapse(root) {
    within(root, "button[data-collapse]").forEach(function (button) {
      var article = button.closest("article.comment");
      if (!article || !firstTime(button, "collapseReady")) { return; }
      if (button.dataset.replies === undefined) {
        button.dataset.replies = String(countReplies(article));
      }
      button.hidden = false;
      labelCollapse(button);
      button.addEventListener("click", function () {
        var expanded = button.getAttribute("aria-expanded") !== "false";
        button.setAttribute("aria-expanded", expanded ? "false" : "true");
        labelCollapse(button);
        applyCollapse(article.parentNode);
      });
    });
  }

  function countReplies(article) {
    var depth = Number(article.dataset.depth);
    var count = 0;
    var next = article.nextElementSibling;
    while (next && next.dataset.depth !== undefined && Number(next.dataset.depth) > depth) {
      if (next.classList.contains("comment")) { count += 1; }
      next = next.nextElementSibling;
    }
    return count;
  }

  // "Cancel" closes an inline reply box; text in it is asked about first.
  // The saved draft stays either way: "Reply" again brings it back.
  function initCancel(root) {
    within(root, "button[data-cancel-reply]").forEach(function (button) {
      var slot = button.closest(".reply-slot");
      // On the reply page of its own there is no box to close.
      if (!slot || !firstTime(button, "cancelReady")) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var form = button.closest("form");
        var area = form && form.querySelector("textarea[name=body]");
        if (area && area.value.trim()) {
          var question = (form && form.dataset.confirmCancel) || FALLBACK.confirmCancel;
          if (!window.confirm(question)) {
            area.focus();
            return;
          }
        }
        slot.innerHTML = "";
        var reply = slot.id && document.querySelector('[hx-target="#' + slot.id + '"]');
        if (reply) { reply.focus(); }
      });
    });
  }

  // A quiet count of characters against the limit (no live region: it
  // would interrupt a screen reader at every key).
  function initCounters(root) {
    within(root, ".char-count[data-limit]").forEach(function (counter) {
      var form = counter.closest("form");
      var area = form && form.querySelector("textarea[name=body]");
      if (!area || !firstTime(counter, "counterReady")) { return; }
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

  // "Copy your text" beside text the server kept but could not save (an
  // edit after its window closed): one press, and a word that it worked.
  function initCopy(root) {
    within(root, "button[data-copy-text]").forEach(function (button) {
      var area = document.getElementById(button.dataset.copyText);
      if (!area || !firstTime(button, "copyReady")) { return; }
      var status = button.parentNode.querySelector(".copy-status");
      function copied() {
        if (status) { status.textContent = button.dataset.copied; }
      }
      // Without the clipboard API (or its permission) the old way; if even
      // that fails the text is left selected, ready for the reader's own copy.
      function selectAndCopy() {
        area.focus();
        area.select();
        var done = false;
        try { done = document.execCommand("copy"); } catch (e) { done = false; }
        if (done) { copied(); }
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        // Emptied first, so the same words are announced again on a second press.
        if (status) { status.textContent = ""; }
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(area.value).then(copied, selectAndCopy);
        } else {
          selectAndCopy();
        }
      });
    });
  }

  function forgetPostedDrafts() {
    var store = storage();
    if (!store) { return; }
    document.querySelectorAll("[data-clear-draft]").forEach(function (el) {
      store.removeItem(DRAFT_PREFIX + el.dataset.clearDraft);
    });
  }

  // Shared with the scripts that follow this one (mentions.js).
  window.Cairn = { within: within, firstTime: firstTime };

  function init(root) {
    initDrafts(root);
    initCollapse(root);
    initCancel(root);
    initCounters(root);
    initCopy(root);
  }

  // A polite note beside whatever the reader pressed, when a request could
  // not be answered in place. Filled after insertion so it is announced.
  function tellNear(elt, text) {
    var anchor = (elt.closest && elt.closest(".comment-actions, form, .thread-continues")) || elt;
    var note = anchor.nextElementSibling;
    if (!note || !note.classList.contains("request-problem")) {
      note = document.createElement("p");
      note.className = "request-problem";
      note.setAttribute("role", "status");
      anchor.insertAdjacentElement("afterend", note);
    }
    note.textContent = "";
    window.setTimeout(function () { note.textContent = text; }, 50);
  }

  function pageText(name) {
    return (document.body && document.body.dataset[name]) || FALLBACK[name];
  }

  document.addEventListener("DOMContentLoaded", function () {
    forgetPostedDrafts();
    init(document);
  });
  document.addEventListener("htmx:load", function (event) { init(event.target); });

  // "Show N more replies" swaps its box for the next rows. Note where they
  // start before the swap (the box itself is gone after it).
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (event.detail.xhr && event.detail.shouldSwap && target &&
        target.classList.contains("thread-continues")) {
      event.detail.xhr.cairnLoadedRows = {
        list: target.parentNode,
        after: target.previousElementSibling
      };
    }
  });

  // An inline reply form takes the focus, so keyboard users type at once.
  // Its draft saving is set up first: htmx:load comes only after the settle
  // delay, and a word typed before it would not be saved.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.classList.contains("reply-slot")) {
      init(target);
      var area = target.querySelector("textarea, button");
      if (area) { area.focus(); }
    }
  });

  // Loaded rows: hidden if they belong to a collapsed sub-thread, and the
  // first of them takes the focus, so a keyboard or screen reader user goes
  // on reading where the new replies begin (htmx has just removed the
  // focused link with its box).
  document.addEventListener("htmx:afterSettle", function (event) {
    var xhr = event.detail.xhr;
    var loaded = xhr && xhr.cairnLoadedRows;
    if (!loaded) { return; }
    xhr.cairnLoadedRows = null;
    applyCollapse(loaded.list);
    var row = loaded.after ? loaded.after.nextElementSibling : loaded.list.firstElementChild;
    while (row && !row.matches("article.comment")) { row = row.nextElementSibling; }
    if (row && !row.hidden) { row.focus(); }
  });

  // Moderation answers in place with the whole queue item. A refusal by the
  // services (a note too long, say) comes back as that item with the reason
  // in it, status 400: htmx drops 4xx answers unless told, and the moderator
  // would see only "did not work" instead of why.
  function isQueueItem(el) {
    return Boolean(el && el.classList && el.classList.contains("queue-item"));
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.status === 400 && isQueueItem(event.detail.target)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // The button that was pressed went with the old item: the focus moves to
  // the outcome (read out, and the place to go on from), not to the top of
  // the page. Left alone if the moderator has already moved on elsewhere.
  document.addEventListener("htmx:afterSwap", function (event) {
    var item = event.target;
    if (!isQueueItem(item)) { return; }
    var active = document.activeElement;
    if (active && active !== document.body && document.body.contains(active)) { return; }
    var outcome = item.querySelector(".queue-outcome");
    if (!outcome) {
      outcome = item;
      outcome.setAttribute("tabindex", "-1");
    }
    outcome.focus();
  });

  // "Follow discussion" answers with the other button in place of the form:
  // the focus stays on the button, now "Unfollow discussion" (and back),
  // and the status line beside it (swapped out of band) says what changed.
  document.addEventListener("htmx:afterSettle", function (event) {
    var config = event.detail.requestConfig;
    var elt = config && config.elt;
    if (!elt || !elt.classList || !elt.classList.contains("follow-form")) { return; }
    var button = document.querySelector("#follow-form button");
    if (button) { button.focus(); }
  });

  // A refused request (403, 404, 429, 500) never fails silently. A link
  // goes to its own page, where the site explains the refusal in full;
  // anything else gets a note beside it.
  document.addEventListener("htmx:responseError", function (event) {
    var elt = event.detail.elt;
    if (!elt) { return; }
    var href = elt.tagName === "A" ? elt.getAttribute("href") : null;
    if (href && href.charAt(0) !== "#") {
      window.location.assign(elt.href);
      return;
    }
    tellNear(elt, pageText("requestFailed"));
  });
  document.addEventListener("htmx:sendError", function (event) {
    if (event.detail.elt) { tellNear(event.detail.elt, pageText("offline")); }
  });
})();
