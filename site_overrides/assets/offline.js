/* "Save this course for offline use" on learner pages: registers the service worker of the page's language
   (sw.js in the language's root folder, see coursegen/site/offline.py) and drives its "save" and "remove",
   showing the size before the download and the progress during it. The words come from the panel's data-
   attributes (see partials/cg-offline.html); without service workers the panel stays hidden. */
(function () {
  "use strict";
  var panel = document.querySelector("[data-cg-offline]");
  if (!panel || !("serviceWorker" in navigator) || !window.MessageChannel) return;
  var root = new URL(panel.getAttribute("data-root") + "/", location.href);
  var status = panel.querySelector("[data-cg-offline-status]");
  var progress = panel.querySelector("[data-cg-offline-progress]");
  var save = panel.querySelector("[data-cg-offline-save]");
  var remove = panel.querySelector("[data-cg-offline-remove]");
  var registration = null;

  function size(bytes) {
    var large = bytes >= 1e6;
    var value = large ? bytes / 1e6 : Math.max(1, Math.round(bytes / 1e3));
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined,
        { style: "unit", unit: large ? "megabyte" : "kilobyte", maximumFractionDigits: 1 }).format(value);
    } catch (error) {  // a browser without unit formatting
      return new Intl.NumberFormat(document.documentElement.lang || undefined,
        { maximumFractionDigits: 1 }).format(value) + (large ? " MB" : " kB");
    }
  }

  function ask(type, tries) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { resolve(event.data); };
      // The active worker of the moment: a new build's worker may have taken over since the page opened.
      registration.active.postMessage({ type: type }, [channel.port2]);
    }).then(function (reply) {
      // The worker asked had just been replaced (its cache is gone): the new one answers, a few tries at most.
      if (!reply.superseded) return reply;
      return (tries || 0) < 3 ? ask(type, (tries || 0) + 1) : { failed: "superseded", total: 0 };
    });
  }

  function show(state) {
    var saved = Boolean(state.saved);
    save.hidden = saved;
    remove.hidden = !saved;
    save.disabled = remove.disabled = false;
    progress.hidden = true;
    status.textContent = saved ? panel.getAttribute("data-saved")
      : state.failed ? panel.getAttribute("data-failed")
      : panel.getAttribute("data-size").replace("{size}", size(state.total));
    panel.setAttribute("data-state", saved ? "saved" : state.failed ? "failed" : "ready");
    panel.hidden = false;
  }

  function step(total) {
    return ask("save").then(function (reply) {
      if (reply.failed) return show({ failed: true, total: total });
      progress.value = reply.total ? reply.done / reply.total : 1;
      if (!reply.complete) return step(total);
      if (navigator.storage && navigator.storage.persist) navigator.storage.persist();
      return ask("status").then(show);
    });
  }

  save.addEventListener("click", function () {
    save.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    status.textContent = panel.getAttribute("data-saving");
    panel.setAttribute("data-state", "saving");
    ask("status").then(function (state) { return step(state.total); });
  });
  remove.addEventListener("click", function () {
    remove.disabled = true;
    ask("remove").then(show);
  });

  navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.pathname })
    .then(function (registered) {
      registration = registered;
      var current = registered.active || registered.waiting || registered.installing;
      return current.state === "activated" ? null : new Promise(function (resolve) {
        current.addEventListener("statechange", function () {
          if (current.state === "activated") resolve();
        });
      });
    })
    .then(function () { return ask("status"); })
    .then(show)
    .catch(function () { /* no worker (a site opened from disk, a private window): no offline copy */ });
})();
