// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Selects marked data-autosubmit submit their form on change (the button stays for no-JS use).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // Buttons marked data-confirm ask before submitting their form.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (event) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  // Close the user menu when clicking elsewhere.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.user-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.removeAttribute("open"); }
    });
  });
})();
// == Publishing (issue 22): the Markdown editor's Write / Preview tabs and toolbar, and the live
// "reaches N people" of an announcement's audience. Without this block: a plain text area, the
// form's own "Preview" button, and the count computed when the page is rendered.
(function () {
  "use strict";
  function csrfToken(element) {
    var form = element.closest("form");
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function edit(textarea, action, sample) {
    var start = textarea.selectionStart, end = textarea.selectionEnd, value = textarea.value;
    var chosen = value.slice(start, end) || sample, before = "", after = "", text;
    var selectFrom, selectTo;
    if (action === "bold" || action === "italic") {
      before = after = action === "bold" ? "**" : "_";
      text = before + chosen + after;
      selectFrom = start + before.length; selectTo = selectFrom + chosen.length;
    } else if (action === "link") {
      text = "[" + chosen + "](https://)";
      selectFrom = start + chosen.length + 3; selectTo = selectFrom + 8;
    } else {
      var lineStart = value.lastIndexOf("\n", start - 1) + 1;
      var block = value.slice(lineStart, end) || sample;
      var prefix = action === "list" ? "- " : "## ";
      text = block.split("\n").map(function (line) { return prefix + line; }).join("\n");
      start = lineStart;
      selectFrom = start + text.length; selectTo = selectFrom;
    }
    textarea.focus();
    textarea.setRangeText(text, start, end, "end");
    textarea.setSelectionRange(selectFrom, selectTo);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }
  document.querySelectorAll("[data-md-editor]").forEach(function (editor) {
    var textarea = editor.querySelector("textarea");
    var bar = editor.querySelector(".md-editor-bar");
    var tablist = editor.querySelector("[data-md-tabs]");
    var tabs = Array.prototype.slice.call(editor.querySelectorAll("[data-md-tab]"));
    var panels = {
      write: editor.querySelector("[data-md-panel=write]"),
      preview: editor.querySelector("[data-md-panel=preview]")
    };
    var toolbar = editor.querySelector("[data-md-toolbar]");
    if (!textarea || !bar) { return; }
    tablist.setAttribute("role", "tablist");
    tabs.forEach(function (tab) {
      var panel = panels[tab.getAttribute("data-md-tab")];
      tab.setAttribute("role", "tab");
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
    });
    panels.preview.setAttribute("tabindex", "0");
    function select(name, focus) {
      tabs.forEach(function (tab) {
        var on = tab.getAttribute("data-md-tab") === name;
        tab.setAttribute("aria-selected", on ? "true" : "false");
        tab.setAttribute("tabindex", on ? "0" : "-1");
        panels[tab.getAttribute("data-md-tab")].hidden = !on;
        if (on && focus) { tab.focus(); }
      });
      toolbar.hidden = name !== "write";
      if (name === "preview") { preview(); }
    }
    function preview() {
      var panel = panels.preview;
      if (!textarea.value.trim()) {
        panel.textContent = editor.getAttribute("data-preview-empty");
        return;
      }
      var body = new URLSearchParams();
      body.append("text", textarea.value);
      fetch(editor.getAttribute("data-preview-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(editor), "Accept": "application/json" },
        body: body
      }).then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      }).then(function (data) {
        panel.innerHTML = data.html;  // rendered and sanitised by the server (nh3)
      }).catch(function () {
        panel.textContent = editor.getAttribute("data-preview-error");
      });
    }
    tabs.forEach(function (tab, index) {
      tab.addEventListener("click", function () { select(tab.getAttribute("data-md-tab"), false); });
      tab.addEventListener("keydown", function (event) {
        if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") { return; }
        event.preventDefault();
        var next = tabs[(index + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
        select(next.getAttribute("data-md-tab"), true);
      });
    });
    toolbar.querySelectorAll("[data-md-action]").forEach(function (button) {
      button.addEventListener("click", function () {
        edit(textarea, button.getAttribute("data-md-action"), button.getAttribute("data-md-sample"));
      });
    });
    select("write", false);
    bar.hidden = false;
    // The form's own "Preview" button is for pages without JavaScript: the tab replaces it.
    var form = editor.closest("form");
    if (form) {
      form.querySelectorAll("[data-nojs-preview]").forEach(function (button) { button.hidden = true; });
    }
  });
  document.querySelectorAll("[data-audience]").forEach(function (fieldset) {
    var output = fieldset.querySelector("[data-audience-count]");
    var pending = 0;
    fieldset.addEventListener("change", function () {
      var query = new URLSearchParams();
      fieldset.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
        query.append(box.name, box.value);
      });
      var ticket = ++pending;
      fetch(fieldset.getAttribute("data-count-url") + "?" + query.toString(), {
        credentials: "same-origin", headers: { "Accept": "application/json" }
      }).then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && ticket === pending) { output.textContent = data.text; }
        });
    });
  });
})();
