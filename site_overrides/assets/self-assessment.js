/* coursegen's self-assessment pages (pages/self_assessment.py): a learner's ratings of the learning outcomes,
   kept in this browser only (localStorage), and the printed summary built from them.
   - a rating is stored under the language site's root and the outcome's code, so the same outcome shows the
     same rating on a course's page and on its area's page (and in another tab: the storage event);
   - the summary (shown only in print) lists the outcomes by rating, in page order, with today's date;
   - "Clear my answers" asks first, and clears the ratings of this page's outcomes.
   Without this script the page lists the outcomes and their choices, and prints them with empty boxes. */
(function () {
  "use strict";

  var tools = document.querySelector("[data-cg-sa]");
  if (!tools) return;
  var root = new URL(tools.getAttribute("data-cg-sa-root"), location.href).pathname;
  var prefix = "coursegen:self-assessment:" + root + ":";
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-cg-sa-code]"));
  var status = tools.querySelector("[data-cg-sa-status]");

  function storage() {
    try { return window.localStorage; } catch (error) { return null; }  // blocked: ratings last the visit
  }

  function stored(item) {
    var store = storage();
    return store ? store.getItem(prefix + item.getAttribute("data-cg-sa-code")) : null;
  }

  function save(item, value) {
    var store = storage();
    if (!store) return;
    try { store.setItem(prefix + item.getAttribute("data-cg-sa-code"), value); } catch (error) { /* full */ }
  }

  function restore() {
    items.forEach(function (item) {
      var value = stored(item);
      item.querySelectorAll("input[type=radio]").forEach(function (input) {
        input.checked = input.value === value;
      });
    });
    summarise();
  }

  function rating(item) {
    var checked = item.querySelector("input[type=radio]:checked");
    return checked ? checked.value : "none";
  }

  function summarise() {
    var groups = {};
    document.querySelectorAll("[data-cg-sa-group]").forEach(function (group) {
      var list = group.querySelector("ul");
      while (list.firstChild) list.removeChild(list.firstChild);
      groups[group.getAttribute("data-cg-sa-group")] = list;
    });
    items.forEach(function (item) {
      var list = groups[rating(item)];
      if (!list) return;
      var entry = document.createElement("li");
      // the legend's code and statement, its language marks included (a fallback statement keeps its dir)
      item.querySelector("legend").childNodes.forEach(function (node) { entry.appendChild(node.cloneNode(true)); });
      list.appendChild(entry);
    });
    Object.keys(groups).forEach(function (key) { groups[key].parentNode.hidden = !groups[key].firstChild; });
  }

  function today() {
    var date = document.querySelector("[data-cg-sa-date]");
    if (date) date.textContent = new Date().toLocaleDateString(document.documentElement.lang || undefined);
  }

  function clear() {
    if (!window.confirm(tools.getAttribute("data-cg-sa-confirm"))) return;
    var store = storage();
    items.forEach(function (item) {
      if (store) store.removeItem(prefix + item.getAttribute("data-cg-sa-code"));
    });
    restore();
    status.textContent = tools.getAttribute("data-cg-sa-cleared");
  }

  items.forEach(function (item) {
    item.addEventListener("change", function (event) {
      save(item, event.target.value);
      status.textContent = "";
      summarise();
    });
  });
  var print = tools.querySelector("[data-cg-sa-print]");
  var erase = tools.querySelector("[data-cg-sa-clear]");
  print.addEventListener("click", function () { today(); window.print(); });
  erase.addEventListener("click", clear);
  print.hidden = erase.hidden = false;
  window.addEventListener("beforeprint", today);
  window.addEventListener("storage", function (event) {
    if (event.key === null || event.key.indexOf(prefix) === 0) restore();
  });
  document.documentElement.classList.add("cg-sa-ready");
  today();
  restore();
})();
