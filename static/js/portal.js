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
