// Cairn: the @mention suggestion list under a comment box. Loaded after
// cairn.js (both deferred, so in order), whose helpers it uses.
(function () {
  "use strict";

  var within = window.Cairn.within;
  var firstTime = window.Cairn.firstTime;

  // @mentions: while the text before the caret ends in "@" and the start of
  // a name, the names that "@" could reach are offered in a list below the
  // comment box (the server knows whose bylines the writer can see). Plain
  // "@Name" typed in full works the same without JavaScript: the server
  // reads mentions from the text, never from this list.
  //
  // A textarea may not take the combobox role, nor aria-expanded (axe:
  // aria-allowed-role, aria-allowed-attr), so it keeps its own role and
  // carries what a textbox may: aria-autocomplete, aria-controls and
  // aria-activedescendant. A hidden status, there only while the list is
  // open, says once that it opened.
  var MENTION_DELAY_MS = 150;
  var MENTION_MAX_TYPED = 30;

  // The "@" and what follows it up to the caret, when that can be the start
  // of a name: the "@" begins the text or follows a space or punctuation
  // (not an address or a path, as forum/services/mentions.py decides), and
  // what follows is up to 30 characters a name may hold. Built at run time:
  // a browser without Unicode property escapes loses this feature only,
  // not every enhancement on the page.
  var mentionPattern = (function () {
    var word = "\\p{L}\\p{N}\\p{M}_";
    try {
      return new RegExp(
        "(?:^|[^" + word + ".\\-+/@\\\\=&%#])@([" + word + ".\\-][" + word +
          " .\\-]{0," + (MENTION_MAX_TYPED - 1) + "})$",
        "u"
      );
    } catch (e) {
      return null;
    }
  })();

  function typedMention(area) {
    if (area.selectionStart !== area.selectionEnd) { return null; }
    var before = area.value.slice(0, area.selectionStart);
    var match = mentionPattern.exec(before);
    if (!match) { return null; }
    return { at: before.length - match[1].length - 1, typed: match[1] };
  }

  function initMentions(root) {
    if (!mentionPattern || !window.fetch) { return; }
    within(root, "textarea[data-mentions-url]").forEach(function (area) {
      if (!area.id || !firstTime(area, "mentionsReady")) { return; }
      setUpMentions(area);
    });
  }

  function setUpMentions(area) {
    var list = document.createElement("ul");
    list.id = "mentions-" + area.id;
    list.className = "mention-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", area.dataset.mentionsLabel || "Members to mention");
    list.hidden = true;
    area.insertAdjacentElement("afterend", list);
    area.setAttribute("aria-autocomplete", "list");
    area.setAttribute("aria-controls", list.id);

    var names = [];
    var active = -1;
    var mention = null;
    // An "@" the member closed the list on, or just completed: not offered again.
    var settledAt = -1;
    var timer = null;
    var pending = null;
    var status = null;

    // Filled after insertion, so that it is announced.
    function announce() {
      if (status || !area.dataset.mentionsHint) { return; }
      status = document.createElement("p");
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      list.insertAdjacentElement("afterend", status);
      var note = status;
      window.setTimeout(function () { note.textContent = area.dataset.mentionsHint; }, 50);
    }

    function close() {
      window.clearTimeout(timer);
      if (pending) { pending.abort(); pending = null; }
      names = [];
      active = -1;
      list.hidden = true;
      list.textContent = "";
      if (status) { status.remove(); status = null; }
      area.removeAttribute("aria-activedescendant");
    }

    function show(found) {
      names = found;
      active = -1;
      list.textContent = "";
      area.removeAttribute("aria-activedescendant");
      if (!names.length) {
        close();
        return;
      }
      names.forEach(function (name, index) {
        var option = document.createElement("li");
        option.id = list.id + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        // Text, never markup: a name is shown as it was written.
        option.textContent = name;
        list.appendChild(option);
      });
      list.hidden = false;
      announce();
    }

    function choose(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      var option = list.children[index];
      area.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }

    // "@" + the name + a space, in place of what was typed after the "@";
    // the caret goes after the space, and the draft and the count hear of it.
    function insert(index) {
      var name = names[index];
      var at = mention.at;
      var after = area.value.slice(area.selectionStart);
      var text = "@" + name + " ";
      area.value = area.value.slice(0, at) + text + after;
      var caret = at + text.length;
      area.setSelectionRange(caret, caret);
      settledAt = at;
      close();
      area.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function ask(found) {
      if (pending) { pending.abort(); }
      var controller = window.AbortController ? new AbortController() : null;
      pending = controller;
      var url = area.dataset.mentionsUrl + "?q=" + encodeURIComponent(found.typed);
      window.fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (data) {
        if (pending !== controller) { return; }  // a later request is on its way
        pending = null;
        show(Array.isArray(data.names) ? data.names : []);
      }).catch(function () {
        // Aborted, signed out or offline: no list, and the text is untouched.
        if (pending === controller) { pending = null; close(); }
      });
    }

    function update() {
      var found = typedMention(area);
      if (!found || found.at === settledAt) {
        if (!found) { settledAt = -1; }
        close();
        return;
      }
      mention = found;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { ask(found); }, MENTION_DELAY_MS);
    }

    area.addEventListener("input", update);
    area.addEventListener("blur", close);
    area.addEventListener("click", close);
    area.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      var count = names.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        choose((active + 1) % count);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        choose(active <= 0 ? count - 1 : active - 1);
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        insert(active);
      } else if (event.key === "Escape") {
        // Closes the list, and nothing else (an inline reply box stays open).
        event.preventDefault();
        event.stopPropagation();
        settledAt = mention ? mention.at : -1;
        close();
      } else if (["ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"].indexOf(event.key) !== -1) {
        close();
      }
    });
    // Pressing an option must not take the focus from the comment box (its
    // blur would close the list before the click lands).
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (!option) { return; }
      insert(Array.prototype.indexOf.call(list.children, option));
      area.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () { initMentions(document); });
  document.addEventListener("htmx:load", function (event) { initMentions(event.target); });
})();
