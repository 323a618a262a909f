/* coursegen's script for every page, instead of Material's bundle (111 KB, 34 KB gzip: half a phone's first
   load). Material's pages work without it (its `no-js` styles), so this file adds only what a reader misses:
   - the search dialog, loading Pagefind's UI (script, styles, index) on the first opening only;
   - the drawer closes when one of its links leads into the page, and with Escape;
   - a navigation label (a section, the table of contents) opens with Enter or Space, like a button;
   - the "Back to top" button, shown while the reader scrolls up far from the top.
   (Saving the course for offline use is assets/offline.js, on learner pages only.) */
(function () {
  "use strict";

  function searchDialog() {
    var dialog = document.getElementById("cg-search");
    var button = document.querySelector("[data-cg-search]");
    if (!dialog || !button) return;
    var loaded = false;
    function labelInput() {
      // Pagefind labels its field only with a title; the dialog's visible heading is a real label.
      var input = dialog.querySelector("input");
      if (!input) return;
      input.setAttribute("aria-labelledby", "cg-search-title");
      input.focus();
    }
    function load() {
      if (loaded) return;
      loaded = true;
      var site = new URL(dialog.getAttribute("data-base") + "/", location.href);
      var bundle = new URL("pagefind/", site);
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = bundle.href + "pagefind-ui.css";
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = bundle.href + "pagefind-ui.js";
      script.onload = function () {
        var options = {
          element: "#cg-search-ui", bundlePath: bundle.href, baseUrl: site.pathname,
          showImages: false, autofocus: true, showSubResults: true
        };
        // Under the offline worker (offline.js), Pagefind's entry file gets one address, which the worker
        // can keep for offline searches; it fetches the file afresh while online, so the tag need not change
        // with each build. Without a worker, Pagefind's default (a new address each time) stays.
        if (navigator.serviceWorker && navigator.serviceWorker.controller) options.metaCacheTag = "offline";
        new PagefindUI(options);
        labelInput();
      };
      document.head.appendChild(script);
    }
    function open() {
      load();
      dialog.showModal();
      labelInput();
    }
    button.addEventListener("click", open);
    dialog.querySelector("[data-cg-close]").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
    document.addEventListener("keydown", function (event) {
      var typing = /^(input|textarea|select)$/i.test(document.activeElement.tagName);
      if (event.key === "/" && !typing && !dialog.open) { event.preventDefault(); open(); }
    }, true);
  }

  function drawer() {
    var toggle = document.getElementById("__drawer");
    if (!toggle) return;
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest(".md-sidebar a[href]");
      if (!link || !toggle.checked) return;
      var target = new URL(link.href, location.href);
      if (target.pathname === location.pathname && target.hash) toggle.checked = false;
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) toggle.checked = false;
    });
  }

  function labelKeys() {
    document.addEventListener("keydown", function (event) {
      var label = event.target;
      if ((event.key === "Enter" || event.key === " ") && label.tagName === "LABEL" && label.htmlFor) {
        event.preventDefault();
        label.click();
      }
    });
  }

  function backToTop() {
    var button = document.querySelector("[data-md-component=top]");
    if (!button) return;
    var last = window.scrollY;
    window.addEventListener("scroll", function () {
      var y = window.scrollY;
      button.hidden = !(y < last && y > window.innerHeight);
      last = y;
    }, { passive: true });
    button.addEventListener("click", function () {
      button.hidden = true;
      window.scrollTo({ top: 0 });
      var skip = document.querySelector(".md-header a, .md-header label");
      if (skip) skip.focus({ preventScroll: true });
    });
  }

  searchDialog();
  drawer();
  labelKeys();
  backToTop();
})();
