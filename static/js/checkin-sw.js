// The check-in desk's service worker (served at /desk/checkin-sw.js, scope /desk/checkin):
// it keeps the page and its assets so that the desk reloads with no network. The page
// itself puts its assets in the cache when it loads (checkin-offline.js); the manifest, the
// keys and the uploads are never cached here (the manifest is kept encrypted in IndexedDB).
"use strict";

const CACHE = "accredit-desk-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function pageFirstFromNetwork(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    const url = new URL(request.url);
    // The page as it was last loaded (never a search: its results name people).
    if (response.ok && !url.searchParams.has("q")) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = (await cache.match(request)) || (await cache.match(request, { ignoreSearch: true }));
    if (cached) return cached;
    throw error;
  }
}

async function assetFromCache(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && new URL(request.url).pathname.startsWith("/static/")) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(pageFirstFromNetwork(request));
  } else if (!url.pathname.startsWith("/desk/checkin/") && !url.pathname.startsWith("/api/")) {
    event.respondWith(assetFromCache(request));
  }
});
