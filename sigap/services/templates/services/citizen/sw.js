/* Sigap service worker: the citizen's own applications, readable offline.
 *
 * Network first: a page that answers is shown fresh and its copy kept; without a
 * connection the last copy is shown. Only pages the server marks personal (the header
 * named in CONFIG.header, carrying an opaque per-user key) are kept, in one cache per
 * user: pages of another user replace them, and signing in, signing out or being sent
 * to the sign-in page clears them. Staff pages and everything else pass through
 * untouched. Static files are kept so that a kept page still has its styles.
 */
"use strict";
const CONFIG = {{ config|safe }};
const PAGES = "sigap-citizen-";
const STATIC = "sigap-static-" + CONFIG.version;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("sigap-static-") && name !== STATIC) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

function isOwnPage(url) {
  // The list and one application's page; not the edit form, not documents.
  if (!url.pathname.startsWith(CONFIG.listPath)) return false;
  const rest = url.pathname.slice(CONFIG.listPath.length);
  return rest === "" || /^[A-Za-z0-9*~$=-]+\/$/.test(rest);
}

async function clearPages() {
  for (const name of await caches.keys()) {
    if (name.startsWith(PAGES)) await caches.delete(name);
  }
}

async function keep(key, request, response) {
  const name = PAGES + key;
  for (const other of await caches.keys()) {
    if (other.startsWith(PAGES) && other !== name) await caches.delete(other);
  }
  const cache = await caches.open(name);
  await cache.put(request.url, response);
}

function offlinePage() {
  const html = "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width,initial-scale=1'>" +
    "<title>Sigap</title><main style='font:1rem/1.5 system-ui,sans-serif;padding:1rem'><h1 style='font-size:1.4rem'>" +
    CONFIG.offlineTitle + "</h1><p>" + CONFIG.offlineText + "</p></main>";
  return new Response(html, {status: 503, headers: {"Content-Type": "text/html; charset=utf-8"}});
}

async function ownPage(request) {
  try {
    const response = await fetch(request);
    const key = response.headers.get(CONFIG.header);
    if (response.ok && key) {
      await keep(key, request, response.clone());
    } else if (response.type === "opaqueredirect" || response.redirected || response.status === 403) {
      // Sent away from one's own page: signed out or another kind of account.
      await clearPages();
    }
    return response;
  } catch (error) {
    const names = (await caches.keys()).filter((n) => n.startsWith(PAGES));
    for (const name of names) {
      const cached = await (await caches.open(name)).match(request.url);
      if (cached) return cached;
    }
    return offlinePage();
  }
}

async function staticFile(request) {
  try {
    const response = await fetch(request);
    if (response.ok) await (await caches.open(STATIC)).put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await caches.match(request, {cacheName: STATIC});
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    if (url.pathname === CONFIG.logoutPath || url.pathname === CONFIG.loginPath) {
      event.waitUntil(clearPages());
    }
    return;
  }
  if (request.method !== "GET") return;
  if (isOwnPage(url)) {
    event.respondWith(ownPage(request));
  } else if (url.pathname.startsWith(CONFIG.staticPath)) {
    event.respondWith(staticFile(request));
  }
});
