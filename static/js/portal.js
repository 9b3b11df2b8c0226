// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
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

// == Phone navigation, menus and filter panels (issue 22) ==
(function () {
  "use strict";
  // Escape closes an open menu (user menu, phone "Menu") and returns focus to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    document.querySelectorAll("details.user-menu[open], details.nav-menu[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      var summary = menu.querySelector("summary");
      if (summary) { summary.focus(); }
    });
  });
  // Close the phone menu when clicking elsewhere (as the user menu does).
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.nav-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.removeAttribute("open"); }
    });
  });
  // Filter panels start open on wide screens (collapsed on phones, "Filters" opens them).
  if (window.matchMedia("(min-width: 641px)").matches) {
    document.querySelectorAll("details[data-filter-panel]").forEach(function (panel) { panel.open = true; });
  }
})();

// == People by name: the type-ahead and @mentions (issue 22) ==
// One WAI-ARIA combobox for every field that picks a colleague:
// - input[data-people-picker="<url>"]: suggestions from the JSON endpoint; picking one writes
//   their username in the field (without JavaScript the form resolves a typed name itself);
// - select[data-people-picker]: a short list (a complaint's assignees) filtered as one types;
//   the select stays in the form, hidden, and receives the choice;
// - textarea[data-mentions]: typing "@" and a name proposes colleagues; picking one inserts
//   "@username" (any Markdown editor can opt in with the attribute).
(function () {
  "use strict";
  var DEFAULT_URL = "/people/suggest.json";
  var counter = 0;
  var live = null;

  function announce(text) {
    if (!live) {
      live = document.createElement("div");
      live.className = "visually-hidden";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/ß/g, "ss").replace(/ø/g, "o").replace(/ł/g, "l");
  }

  function fetcher(url) {
    var sequence = 0;
    return function (query, done) {
      var mine = ++sequence;
      fetch(url + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin", headers: { Accept: "application/json" }
      }).then(function (response) {
        return response.ok ? response.json() : { results: [], status: "" };
      }).catch(function () {
        return { results: [], status: "" };
      }).then(function (data) {
        if (mine === sequence) { done(data.results || [], data.status || "", data.label); }
      });
    };
  }

  function debounce(fn, wait) {
    var timer = null;
    return function () {
      var args = arguments;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { fn.apply(null, args); }, wait);
    };
  }

  // The popup list shared by the three kinds of fields: options, the active one, picking.
  function Popup(field, onPick, expandable) {
    counter += 1;
    var self = this;
    this.field = field;
    this.items = [];
    this.active = -1;
    this.expandable = expandable;
    this.list = document.createElement("ul");
    this.list.id = "people-picker-list-" + counter;
    this.list.className = "people-picker-list";
    this.list.setAttribute("role", "listbox");
    this.list.hidden = true;
    // Named "Suggestions" (in the page's language, from the server), not by the field's label:
    // the field keeps its label to itself.
    this.list.setAttribute("aria-label", field.getAttribute("data-people-label") || "Suggestions");
    var wrapper = document.createElement("div");
    wrapper.className = "people-picker";
    field.parentNode.insertBefore(wrapper, field);
    wrapper.appendChild(field);
    wrapper.appendChild(this.list);
    field.setAttribute("aria-controls", this.list.id);
    field.setAttribute("aria-autocomplete", "list");
    if (expandable) { field.setAttribute("aria-expanded", "false"); }
    this.list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) { onPick(self.items[Number(option.getAttribute("data-index"))]); }
    });
    field.addEventListener("blur", function () { self.close(); });
    this.onPick = onPick;
  }
  Popup.prototype.open = function (items, describe, label) {
    var list = this.list;
    if (label) { list.setAttribute("aria-label", label); }
    var id = list.id;
    this.items = items;
    this.active = -1;
    list.textContent = "";
    items.forEach(function (item, index) {
      var option = document.createElement("li");
      option.id = id + "-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-index", String(index));
      var name = document.createElement("span");
      name.className = "people-picker-name";
      name.textContent = item.name;
      option.appendChild(name);
      var details = describe(item);
      if (details) {
        var more = document.createElement("span");
        more.className = "people-picker-details";
        more.textContent = details;
        option.appendChild(document.createTextNode(" "));
        option.appendChild(more);
      }
      list.appendChild(option);
    });
    list.hidden = items.length === 0;
    if (this.expandable) { this.field.setAttribute("aria-expanded", items.length ? "true" : "false"); }
    this.field.removeAttribute("aria-activedescendant");
  };
  Popup.prototype.close = function () {
    this.list.hidden = true;
    this.items = [];
    this.active = -1;
    if (this.expandable) { this.field.setAttribute("aria-expanded", "false"); }
    this.field.removeAttribute("aria-activedescendant");
  };
  Popup.prototype.isOpen = function () { return !this.list.hidden && this.items.length > 0; };
  Popup.prototype.move = function (delta) {
    if (!this.items.length) { return; }
    var options = this.list.querySelectorAll("[role=option]");
    if (this.active >= 0) { options[this.active].setAttribute("aria-selected", "false"); }
    this.active = (this.active + delta + this.items.length) % this.items.length;
    var option = options[this.active];
    option.setAttribute("aria-selected", "true");
    this.field.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  };
  // Keys common to the three fields; returns true when the key was used.
  Popup.prototype.key = function (event) {
    if (!this.isOpen()) { return false; }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      this.move(event.key === "ArrowDown" ? 1 : -1);
    } else if ((event.key === "Enter" || event.key === "Tab") && this.active >= 0) {
      this.onPick(this.items[this.active]);
    } else if (event.key === "Escape") {
      this.close();
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  };

  function details(item) {
    return [item.username, item.department].filter(Boolean).join(" · ");
  }

  function statusText(count, field) {
    if (!count) { return field.getAttribute("data-people-none") || "0"; }
    var template = count === 1 ? field.getAttribute("data-people-one") : field.getAttribute("data-people-many");
    return (template || "%(count)s").replace("%(count)s", String(count));
  }

  // input[data-people-picker]: names from the endpoint.
  document.querySelectorAll("input[data-people-picker]").forEach(function (input) {
    input.setAttribute("role", "combobox");
    var search = fetcher(input.getAttribute("data-people-picker") || DEFAULT_URL);
    var popup = new Popup(input, function (person) {
      input.value = person.username;
      popup.close();
      announce(person.name);
    }, true);
    var suggest = debounce(function (first) {
      var query = input.value.trim();
      if (query.length < 2) { popup.close(); return; }
      search(query, function (people, status, label) {
        if (document.activeElement !== input) { return; }
        popup.open(people, details, label);
        if (first === true) { popup.move(1); }
        announce(status);
      });
    }, 150);
    input.addEventListener("input", suggest);
    input.addEventListener("keydown", function (event) {
      if (popup.key(event) || event.key !== "ArrowDown" || input.value.trim().length < 2) { return; }
      event.preventDefault();
      suggest(true);  // Down Arrow on a closed list opens it on its first option
    });
  });

  // select[data-people-picker]: its own options, filtered as one types.
  document.querySelectorAll("select[data-people-picker]").forEach(function (select) {
    var input = document.createElement("input");
    input.type = "text";
    input.id = select.id + "-search";
    input.className = select.className;
    input.autocomplete = "off";
    input.setAttribute("role", "combobox");
    ["aria-describedby", "aria-invalid", "data-people-label", "data-people-none", "data-people-one", "data-people-many"].forEach(function (name) {
      if (select.hasAttribute(name)) { input.setAttribute(name, select.getAttribute(name)); }
    });
    var chosen = select.options[select.selectedIndex];
    input.value = chosen && chosen.value ? chosen.textContent : "";
    if (select.labels && select.labels[0]) { select.labels[0].htmlFor = input.id; }
    select.parentNode.insertBefore(input, select);
    if (select.required) { select.required = false; input.required = true; }
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    var options = Array.prototype.filter.call(select.options, function (option) { return option.value; })
      .map(function (option) { return { name: option.textContent, value: option.value, key: fold(option.textContent) }; });
    var popup = new Popup(input, function (item) {
      select.value = item.value;
      input.value = item.name;
      popup.close();
      announce(item.name);
    }, true);
    function filter(first) {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var found = options.filter(function (option) {
        return words.every(function (word) { return option.key.indexOf(word) !== -1; });
      }).slice(0, 20);
      popup.open(found, function () { return ""; });
      if (first === true) { popup.move(1); }
      announce(statusText(found.length, input));
    }
    input.addEventListener("input", function () {
      if (!input.value.trim()) { select.value = ""; }
      filter();
    });
    input.addEventListener("keydown", function (event) {
      if (popup.key(event) || event.key !== "ArrowDown") { return; }
      event.preventDefault();
      filter(true);
    });
  });

  // textarea[data-mentions]: "@" and a name proposes colleagues; picking inserts @username.
  var MENTION = /(?:^|[^\w@\/:.&])@([^\s@]{1,50}(?: [^\s@]{0,50})?)$/;
  document.querySelectorAll("textarea[data-mentions]").forEach(function (area) {
    var search = fetcher(area.getAttribute("data-mentions") || DEFAULT_URL);
    var start = -1;
    var popup = new Popup(area, function (person) {
      var caret = area.selectionStart;
      var before = area.value.slice(0, start) + "@" + person.username + " ";
      area.value = before + area.value.slice(caret);
      area.setSelectionRange(before.length, before.length);
      popup.close();
      announce(person.name);
    }, false);
    var suggest = debounce(function () {
      var caret = area.selectionStart;
      var match = area.selectionEnd === caret && MENTION.exec(area.value.slice(0, caret));
      if (!match) { popup.close(); return; }
      start = caret - match[1].length - 1;
      search(match[1], function (people, status, label) {
        if (document.activeElement !== area) { return; }
        popup.open(people, details, label);
        if (people.length) { announce(status); }
      });
    }, 150);
    area.addEventListener("input", suggest);
    area.addEventListener("keydown", function (event) { popup.key(event); });
  });
})();

// == Layout and forms (issue 22): the error summary ==
// After a failed submit, focus moves to the summary at the top of the form; each of its links
// moves focus to its field (and shows the field's label), not just scrolls.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!field) { return; }
    event.preventDefault();
    var label = document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
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
