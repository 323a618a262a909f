/* coursegen's service worker for one language's folder (its scope): the line above this comment holds the
   build's settings (see coursegen/site/offline.py), which the build writes with this file into sw.js.
   - installed, it caches a small shell: the offline notice and the theme files the pages link;
   - pages: network first, cached as they are visited, from the cache when offline, else the notice;
   - Pagefind's entry file (which names the index of the build): network first too; other files: cache
     first (they belong to this build: the cache is named after its version);
   - "save" (from offline.js) downloads the manifest's files a few at a time, skipping what is cached;
   - a new build is a new sw.js: the new worker copies what did not change from a saved copy, downloads
     the rest, and once active deletes this scope's older caches;
   - the trainer edition, and other languages' folders below this one, are left to the network. */
"use strict";
var CG = self.CG_OFFLINE;
var SCOPE = self.registration.scope;
// One cache per scope and version; other languages' workers keep theirs (their scope differs).
var PREFIX = "coursegen-offline " + SCOPE + " ";
var CACHE = PREFIX + CG.version;
// Bytes downloaded per "save" message: each message's work stays short, and the page shows progress.
var STEP_BYTES = 1500000;

function resolve(rel) { return new URL(rel, SCOPE).href; }

function key(href) {
  var url = new URL(href);
  url.search = "";
  url.hash = "";
  return url.href;
}

function inScope(href) { return href.indexOf(SCOPE) === 0 ? href.slice(SCOPE.length) : null; }

function leftAlone(request) {
  var rel = inScope(request.url);
  return request.method !== "GET" || new URL(request.url).origin !== location.origin ||
    request.headers.has("range") || (rel !== null && CG.pass.some(function (folder) {
      return rel.indexOf(folder) === 0;
    }));
}

function storable(response) { return response.status === 200 && response.type === "basic"; }

async function networkFirst(request, fallback) {
  var cache = await caches.open(CACHE);
  try {
    // A page's own request (a navigation takes no options); Pagefind's entry file revalidated.
    var response = await (request.mode === "navigate" ? fetch(request) : fetch(key(request.url), { cache: "no-cache" }));
    if (storable(response) && !response.redirected) await cache.put(key(request.url), response.clone());
    return response;
  } catch (error) {
    return (await cache.match(key(request.url))) || fallback(cache, request.url, error);
  }
}

async function cacheFirst(request) {
  var cache = await caches.open(CACHE);
  var cached = await cache.match(key(request.url));
  if (cached) return cached;
  var response = await fetch(request);
  if (storable(response)) await cache.put(key(request.url), response.clone());
  return response;
}

// The notice stands in for the page at `href`: its links, written for the scope's root, are rebased.
async function notice(cache, href) {
  var saved = await cache.match(resolve(CG.notice));
  if (!saved) return Response.error();
  var depth = ((inScope(key(href)) || "").match(/\//g) || []).length;
  var text = (await saved.text()).replace(/(\s(?:href|src)=")(?![a-z][a-z0-9+.-]*:|\/|#)/gi,
    "$1" + "../".repeat(depth));
  return new Response(text, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function rethrow(cache, href, error) { throw error; }

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (leftAlone(request)) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request, notice));
  } else if (/\/pagefind\/pagefind-entry\.json$/.test(key(request.url))) {
    event.respondWith(networkFirst(request, rethrow));
  } else {
    event.respondWith(cacheFirst(request));
  }
});

async function download(href) {
  // "reload": the manifest says this file changed, so its bytes come from the site, never from the HTTP
  // cache (a revalidation that a server answers by the second could keep the previous build's copy).
  var response = await fetch(href, { cache: "reload" });
  if (!storable(response)) throw new Error("download failed: " + href);
  // A redirected response cannot answer a page's request: keep its body only.
  return response.redirected ? new Response(await response.blob(), { headers: response.headers }) : response;
}

async function manifestIn(cache) {
  var response = cache && await cache.match(resolve(CG.manifest));
  return response ? response.json() : null;
}

// An older version's saved copy of this scope: {cache, files: url -> hash}, or null.
async function previousCopy() {
  var names = (await caches.keys()).filter(function (name) { return name.indexOf(PREFIX) === 0 && name !== CACHE; });
  for (var name of names) {
    var cache = await caches.open(name);
    var manifest = await manifestIn(cache);
    if (manifest) {
      var files = {};
      manifest.files.forEach(function (file) { files[file.url] = file.hash; });
      return { cache: cache, files: files };
    }
  }
  return null;
}

// Save up to `budget` bytes more of the manifest's files; the manifest itself goes in last, marking the copy
// complete. What the cache holds already (visited pages, the shell, an interrupted save) is not fetched again.
var saving = null;  // the manifest of the save in progress, kept between its steps while this worker lives

async function saveStep(budget) {
  var cache = await caches.open(CACHE);
  var manifest = saving || (saving = await (await download(resolve(CG.manifest))).json());
  var previous = await previousCopy();
  var held = new Set((await cache.keys()).map(function (request) { return request.url; }));
  var done = 0;
  var spent = 0;
  for (var file of manifest.files) {
    var href = resolve(file.url);
    if (!held.has(href)) {
      if (spent >= budget) return { done: done, total: manifest.total, complete: false };
      var same = previous && previous.files[file.url] === file.hash && await previous.cache.match(href);
      await cache.put(href, same || await download(href));
      spent += same ? 0 : file.size;
    }
    done += file.size;
  }
  await cache.put(resolve(CG.manifest), new Response(JSON.stringify(manifest),
    { headers: { "Content-Type": "application/json" } }));
  saving = null;
  return { done: done, total: manifest.total, complete: true };
}

async function status() {
  return { saved: Boolean(await manifestIn(await caches.open(CACHE))), total: CG.total, version: CG.version };
}

async function shell() {
  var cache = await caches.open(CACHE);
  await cache.addAll(CG.shell.map(function (rel) { return new Request(resolve(rel), { cache: "no-cache" }); }));
}

async function remove() {
  saving = null;
  var names = (await caches.keys()).filter(function (name) { return name.indexOf(PREFIX) === 0; });
  await Promise.all(names.map(function (name) { return caches.delete(name); }));
  await shell();
  return status();
}

async function install() {
  await shell();
  if (await previousCopy()) await saveStep(Infinity);  // the reader saved the course: keep it saved
  await self.skipWaiting();
}

async function activate() {
  var names = (await caches.keys()).filter(function (name) { return name.indexOf(PREFIX) === 0 && name !== CACHE; });
  await Promise.all(names.map(function (name) { return caches.delete(name); }));
  await self.clients.claim();
}

self.addEventListener("install", function (event) { event.waitUntil(install()); });
self.addEventListener("activate", function (event) { event.waitUntil(activate()); });

self.addEventListener("message", function (event) {
  var port = event.ports && event.ports[0];
  if (!port || !event.data) return;
  var work = event.data.type === "save" ? saveStep(STEP_BYTES) : event.data.type === "remove" ? remove() : status();
  event.waitUntil(work.then(function (reply) { port.postMessage(reply); }, function (error) {
    port.postMessage({ failed: String((error && error.name) || error) });
  }));
});
