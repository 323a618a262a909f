/* coursegen's service worker for one language's folder (its scope): the line above this comment holds the
   build's settings (see coursegen/site/offline.py), which the build writes with this file into sw.js.
   - installed, it caches a small shell: the offline notice and the theme files the pages link;
   - pages: network first, cached as they are visited, from the cache when offline, else the notice;
   - Pagefind's entry file (which names the index of the build): network first too; other files: cache
     first (they belong to this build: the cache is named after its version);
   - "save" (from offline.js) downloads the manifest's files a few at a time, skipping what is cached with
     the manifest's hash; each file saved carries its hash (a header), checked when it is downloaded;
   - a saved copy changes only as a whole: a visit does not replace a saved file (a new build's page, or its
     search entry naming an index the copy lacks, would make the copy a mix of two builds);
   - a new build is a new sw.js: if the reader saved the course, the new worker's install saves it again
     (files whose hash did not change copied from the saved copy, the rest downloaded); only a complete copy
     lets it take over (a failed install leaves the old worker and its copy in place, and the next update
     resumes the new copy), and once active it deletes this scope's older caches;
   - a worker whose cache is gone (a newer one took over) never creates it again: it answers from the
     network, and tells the page to ask the new worker;
   - the trainer edition, and other languages' folders below this one, are left to the network. */
"use strict";
var CG = self.CG_OFFLINE;
var SCOPE = self.registration.scope;
// One cache per scope and version; other languages' workers keep theirs (their scope differs).
var PREFIX = "coursegen-offline " + SCOPE + " ";
var CACHE = PREFIX + CG.version;
// Bytes downloaded per "save" message: each message's work stays short, and the page shows progress.
var STEP_BYTES = 1500000;
// The header a saved file carries: the manifest's hash of its bytes.
var HASH_HEADER = "X-Coursegen-Hash";

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

// This worker's cache, or null when it is gone: a newer build's worker deleted it on taking over (this one
// may still answer a request in flight), or "remove" is under way. caches.open would create it again, an
// old copy nothing deletes: only install and "remove" create it.
async function ownCache() { return (await caches.has(CACHE)) ? caches.open(CACHE) : null; }

// Whether `cache` holds `href` as part of a saved copy (see HASH_HEADER), which a visit leaves as it is.
async function savedIn(cache, href) {
  var cached = await cache.match(href);
  return Boolean(cached && cached.headers.has(HASH_HEADER));
}

async function networkFirst(request, fallback) {
  var cache = await ownCache();
  var href = key(request.url);
  try {
    // A page's own request (a navigation takes no options); Pagefind's entry file revalidated.
    var response = await (request.mode === "navigate" ? fetch(request) : fetch(href, { cache: "no-cache" }));
    if (cache && storable(response) && !response.redirected && !(await savedIn(cache, href))) {
      await cache.put(href, response.clone());
    }
    return response;
  } catch (error) {
    return (cache && await cache.match(href)) || fallback(cache, request.url, error);
  }
}

async function cacheFirst(request) {
  var cache = await ownCache();
  var cached = cache && await cache.match(key(request.url));
  if (cached) return cached;
  var response = await fetch(request);
  if (cache && storable(response)) await cache.put(key(request.url), response.clone());
  return response;
}

// The notice stands in for the page at `href`: its links, written for the scope's root, are rebased.
async function notice(cache, href) {
  var saved = cache && await cache.match(resolve(CG.notice));
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

// The manifest's hash of `bytes`: the first hex digits of their SHA-256, as many as `hash` has.
async function hashOf(bytes, hash) {
  var digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, function (byte) { return byte.toString(16).padStart(2, "0"); }).join("")
    .slice(0, hash.length);
}

// `response` as a saved file with `hash` (a fresh response: a redirected one cannot answer a page's
// request), or null when its bytes have another hash.
async function withHash(response, hash) {
  if (response.headers.get(HASH_HEADER) === hash) return response;
  var body = await response.blob();
  if (await hashOf(await body.arrayBuffer(), hash) !== hash) return null;
  var headers = new Headers(response.headers);
  headers.set(HASH_HEADER, hash);
  return new Response(body, { status: 200, headers: headers });
}

async function download(href) {
  // "reload": the manifest says this file changed, so its bytes come from the site, never from the HTTP
  // cache (a revalidation that a server answers by the second could keep the previous build's copy).
  var response = await fetch(href, { cache: "reload" });
  if (!storable(response)) throw new Error("download failed: " + href);
  return response;
}

// The file `file` of the manifest, checked: a build published during the save fails it (the new build's
// worker saves the course again) rather than mixing two builds in one copy.
async function downloadFile(href, file) {
  var saved = await withHash(await download(href), file.hash);
  if (!saved) throw new Error("changed during the download: " + href);
  return saved;
}

// What `cache` holds for `href` with `hash` (a response this code saved carries it; one cached otherwise,
// by a visit, the shell or an older worker, is checked), or null.
async function heldIn(cache, href, hash) {
  var cached = cache && await cache.match(href);
  return cached ? withHash(cached, hash) : null;
}

async function manifestIn(cache) {
  var response = cache && await cache.match(resolve(CG.manifest));
  return response ? response.json() : null;
}

// An older version's complete saved copy of this scope (a cache holding its manifest), or null.
async function previousCopy() {
  var names = (await caches.keys()).filter(function (name) { return name.indexOf(PREFIX) === 0 && name !== CACHE; });
  for (var name of names) {
    var cache = await caches.open(name);
    if (await cache.match(resolve(CG.manifest))) return cache;
  }
  return null;
}

// The save in progress, kept between its steps while this worker lives: the manifest, and the URLs saved.
var saving = null;

// Save one file of the manifest into `cache` (state: the save, with `held`, the URLs the cache holds); the
// bytes downloaded for it.
async function saveFile(cache, previous, state, file) {
  var href = resolve(file.url);
  if (state.saved.has(href)) return 0;
  var cached = state.held.has(href) ? await cache.match(href) : null;
  var kept = cached && await withHash(cached, file.hash);
  var copy = kept ? null : await heldIn(previous, href, file.hash);
  // A file held untagged with the manifest's bytes is put back tagged; one with other bytes is replaced.
  if (!kept || kept !== cached) await cache.put(href, kept || copy || await downloadFile(href, file));
  state.saved.add(href);
  return kept || copy ? 0 : file.size;
}

// Save up to `budget` bytes more of the manifest's files; the manifest itself goes in last, marking the copy
// complete. What the cache holds already with the manifest's hash is not fetched again.
async function saveStep(budget) {
  var cache = await ownCache();
  if (!cache) return { superseded: true };
  var state = saving || (saving = { manifest: await (await download(resolve(CG.manifest))).json(), saved: new Set() });
  var manifest = state.manifest;
  var previous = await previousCopy();
  state.held = new Set((await cache.keys()).map(function (request) { return request.url; }));
  var done = 0;
  var spent = 0;
  for (var file of manifest.files) {
    if (spent >= budget && !state.saved.has(resolve(file.url))) {
      return { done: done, total: manifest.total, complete: false };
    }
    spent += await saveFile(cache, previous, state, file);
    done += file.size;
  }
  await cache.put(resolve(CG.manifest), new Response(JSON.stringify(manifest),
    { headers: { "Content-Type": "application/json" } }));
  if (saving === state) saving = null;
  return { done: done, total: manifest.total, complete: true };
}

async function status() {
  var cache = await ownCache();
  if (!cache) return { superseded: true };
  return { saved: Boolean(await manifestIn(cache)), total: CG.total, version: CG.version };
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
  // A "remove" in another tab during the install deleted this cache too: the notice needs one.
  if (!(await caches.has(CACHE))) await shell().catch(function () { /* offline: pages still work online */ });
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
