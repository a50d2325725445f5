// The check-in desk's service worker (served at /desk/checkin-sw.js, scope /desk/checkin):
// it keeps the page and its assets so that the desk reloads with no network. The page puts
// its assets in the cache when it loads (checkin-offline.js); the manifest, the keys, the
// photos and the uploads are never cached here (the manifest is kept encrypted in IndexedDB).
//
// Network first, so that a new release reaches the desk on its next load; the kept copy
// when the network fails, or says nothing for a few seconds (a venue network that hangs).
"use strict";

const CACHE = "accredit-desk-v1";
const PATIENCE_MS = 4000;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

function kept(cache, request) {
  return cache.match(request, { ignoreVary: true }).then(
    (hit) => hit || (request.mode === "navigate" ? cache.match(request, { ignoreSearch: true, ignoreVary: true }) : undefined),
  );
}

async function networkFirst(request, mayKeep) {
  const cache = await caches.open(CACHE);
  const fromNetwork = fetch(request).then(async (response) => {
    if (response.ok && (mayKeep || (await cache.match(request, { ignoreVary: true })))) {
      await cache.put(request, response.clone());
    }
    return response;
  });
  const late = new Promise((resolve) => setTimeout(resolve, PATIENCE_MS));
  try {
    const first = await Promise.race([fromNetwork, late]);
    if (first) return first;
  } catch (error) {
    /* no network: the kept copy below */
  }
  return (await kept(cache, request)) || fromNetwork;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // The page as it was last loaded (never a search: its results name people).
    event.respondWith(networkFirst(request, !url.searchParams.has("q")));
  } else if (!url.pathname.startsWith("/desk/") && !url.pathname.startsWith("/api/")) {
    event.respondWith(networkFirst(request, url.pathname.startsWith("/static/")));
  }
});
