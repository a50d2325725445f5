// The offline desk: when the venue network drops, the check-in page keeps deciding scans
// from the manifest of its check-in point, with the server's own admission policy
// (checkin-policy.js interprets the table the server sends), keeps every scan in IndexedDB
// with a nonce and the time on this device, and uploads them when the network returns.
//
// At rest everything is encrypted (AES-GCM) with a key derived on the server for this
// sign-in session; the page keeps the keys in sessionStorage (gone when the tab closes, wiped
// at sign-out), so a reload with no network still works. See docs/deploy.md, "Offline desk".
(function () {
  "use strict";

  const root = document.getElementById("offline-desk");
  if (!root || !window.crypto || !window.crypto.subtle || !window.indexedDB || !window.AccreditPolicy) {
    return;
  }
  const text = JSON.parse(document.getElementById("offline-text").textContent);
  const csrfMeta = document.querySelector('meta[name="csrf-token"]');
  const csrf = csrfMeta ? csrfMeta.content : "";
  const point = root.dataset.point;
  const DB_NAME = "accredit-desk";
  const KEYS = "accredit-desk-keys";
  const CACHE = "accredit-desk-v1";
  const BATCH = 500;
  const REFRESH_MS = 60000;

  const banner = document.getElementById("offline-banner");
  const bannerText = document.getElementById("offline-banner-text");
  const conflictsBox = document.getElementById("offline-conflicts");
  const conflictsList = document.getElementById("offline-conflicts-list");
  const status = document.getElementById("offline-status");

  let hashKey = null;
  let aesKey = null;
  let manifest = null;
  let byHash = new Map();
  let revoked = new Set();
  let admittedHere = new Set();
  let pending = 0;
  let uploading = false;

  // --- IndexedDB ---------------------------------------------------------------------------
  let dbPromise = null;
  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = () => {
          request.result.createObjectStore("manifest");
          request.result.createObjectStore("scans", { keyPath: "nonce" });
        };
        request.onsuccess = () => {
          // Sign-out deletes the database: let it go at once.
          request.result.onversionchange = () => request.result.close();
          resolve(request.result);
        };
        request.onerror = () => reject(request.error);
      });
    }
    return dbPromise;
  }

  async function store(name, mode, work) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(name, mode);
      const request = work(tx.objectStore(name));
      tx.oncomplete = () => resolve(request ? request.result : undefined);
      tx.onerror = () => reject(tx.error);
    });
  }

  const allScans = () => store("scans", "readonly", (s) => s.getAll());
  const putScans = (scans) =>
    store("scans", "readwrite", (s) => {
      scans.forEach((scan) => s.put(scan));
    });

  // --- keys and encryption ---------------------------------------------------------------------
  const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

  async function useKeys(raw) {
    const keys = JSON.parse(raw);
    hashKey = await crypto.subtle.importKey("raw", bytes(keys.hash), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    aesKey = await crypto.subtle.importKey("raw", bytes(keys.aes), { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
  }

  // The keys of this sign-in: from this tab's sessionStorage, and from the server when it can
  // be reached. Someone else signed in since (other keys): what the last one left waiting
  // is sent first, with the keys that open it; then the list is fetched again.
  async function loadKeys() {
    const kept = sessionStorage.getItem(KEYS);
    if (kept) await useKeys(kept);
    if (!navigator.onLine) return;
    const response = await fetch(root.dataset.keys, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error("keys " + response.status);
    const fresh = await response.text();
    if (kept && kept !== fresh) {
      await upload();
      manifest = null;
      await store("manifest", "readwrite", (s) => s.clear());
    }
    sessionStorage.setItem(KEYS, fresh);
    await useKeys(fresh);
  }

  async function codeHash(code) {
    const signature = await crypto.subtle.sign("HMAC", hashKey, new TextEncoder().encode(code.trim()));
    const cut = new Uint8Array(signature).slice(0, 16);
    return btoa(String.fromCharCode(...cut)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  async function seal(value) {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt({ name: "AES-GCM", iv: iv }, aesKey, new TextEncoder().encode(JSON.stringify(value)));
    return { iv: iv, data: data };
  }

  async function unseal(box) {
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: box.iv }, aesKey, box.data);
    return JSON.parse(new TextDecoder().decode(plain));
  }

  // --- the manifest ------------------------------------------------------------------------
  function index() {
    byHash = new Map(Object.values(manifest.entries).map((e) => [e.h, e]));
    revoked = new Set(manifest.revoked);
  }

  async function loadStoredManifest() {
    const box = await store("manifest", "readonly", (s) => s.get(point));
    if (!box) return;
    try {
      manifest = await unseal(box);
      index();
    } catch (e) {
      manifest = null; // sealed with another session's key: refetched whole when online
    }
  }

  async function refresh(again) {
    const url = new URL(root.dataset.manifest, window.location.href);
    url.searchParams.set("point", point);
    url.searchParams.set("photos", "1");
    if (manifest && manifest.version) url.searchParams.set("since", manifest.version);
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error("manifest " + response.status);
    const data = await response.json();
    const next = data.full || !manifest ? { entries: {} } : manifest;
    data.entries.forEach((e) => {
      next.entries[e.id] = e;
    });
    data.removed.forEach((id) => delete next.entries[id]);
    ["version", "door", "session_policy", "policy", "clearance_required", "revoked", "admitted_today", "delegations", "categories"].forEach(
      (k) => (next[k] = data[k]),
    );
    next.fetched_at = new Date().toISOString();
    if (Object.keys(next.entries).length !== data.total && !again) {
      manifest = null; // out of step with the server: take it whole
      return refresh(true);
    }
    manifest = next;
    index();
    const box = await seal(manifest);
    await store("manifest", "readwrite", (s) => s.put(box, point));
    root.dataset.manifestVersion = manifest.version;
    root.dataset.manifestEntries = String(byHash.size);
    return manifest;
  }

  // --- deciding a scan here ----------------------------------------------------------------------
  const today = () => new Date().toDateString();

  async function decide(code) {
    const hash = await codeHash(code);
    const entry = byHash.get(hash) || null;
    const credential = entry ? "badge" : revoked.has(hash) ? "revoked_badge" : "unknown";
    const already = !!entry && (manifest.admitted_today.includes(entry.id) || admittedHere.has(entry.id));
    const answer = window.AccreditPolicy.admission(manifest.policy, {
      credential: credential,
      door: manifest.door,
      status: entry ? entry.s : null,
      signup: (entry && entry.su) || "none",
      session_policy: manifest.session_policy,
      already: already,
      clearance: !manifest.clearance_required ? "not_required" : entry ? entry.cl : "not_sent",
    });
    return { answer: answer, entry: entry };
  }

  function headline(answer) {
    if (answer.decision === "admit") return text.admitted;
    if (answer.reason === "already") return text.already;
    const reason = text.reasons[answer.reason] || answer.reason;
    return (answer.decision === "warn" ? text.warning : text.refused).replace("%(reason)s", reason);
  }

  function element(tag, className, content) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (content) el.textContent = content;
    return el;
  }

  function render(answer, entry) {
    const state = { admit: "green", warn: "amber", refuse: "red" }[answer.decision];
    const box = element("div", "scan-result scan-" + state);
    box.dataset.state = state;
    box.dataset.offline = "1";
    const head = element("div", "scan-headline");
    head.append(element("span", "scan-icon", { green: "✔", amber: "●", red: "✖" }[state]), " " + headline(answer));
    head.firstChild.setAttribute("aria-hidden", "true");
    box.append(head);
    if (entry) {
      const person = element("div", "scan-person");
      const photo = element(entry.t ? "img" : "div", "scan-photo" + (entry.t ? "" : " scan-photo-none"));
      if (entry.t) {
        photo.src = entry.t;
        photo.alt = text.photo;
      }
      const who = element("div");
      const name = element("div", "scan-name");
      if (entry.hn) name.append(element("span", "scan-honorific", entry.hn), " ");
      name.append(entry.g + " ", element("strong", null, entry.f.toUpperCase()));
      who.append(name);
      if (entry.nn) who.append(element("div", "scan-native", entry.nn));
      who.append(element("div", "scan-delegation", manifest.delegations[entry.d] || ""));
      const category = manifest.categories[entry.c];
      if (category) {
        const chip = element("span", "category-chip category-chip-coloured", category.name);
        chip.style.backgroundColor = category.colour;
        const line = element("div");
        line.append(chip);
        who.append(line);
      }
      person.append(photo, who);
      box.append(person);
    }
    box.append(element("div", "scan-detail", text.decided_offline));
    return box;
  }

  async function scan(code) {
    if (!manifest || !hashKey) {
      return { message: text.no_manifest, state: "invalid" };
    }
    const { answer, entry } = await decide(code);
    const record = {
      nonce: crypto.randomUUID(),
      point: point,
      scanned_at: new Date().toISOString(),
      day: today(),
      decision: answer.decision,
      reason: answer.reason,
      participant_id: entry ? entry.id : null,
      box: await seal({ code: code.trim() }),
      uploaded: false,
    };
    await putScans([record]);
    if (answer.decision === "admit" && entry) admittedHere.add(entry.id);
    pending += 1;
    showBanner();
    return {
      node: render(answer, entry),
      state: { admit: "green", warn: "amber", refuse: "red" }[answer.decision],
      today: countedHere(answer.decision),
    };
  }

  // The counts of this point today, moved on by the scans decided here.
  function countedHere(decision) {
    const read = (id) => parseInt((document.getElementById(id) || {}).textContent, 10) || 0;
    return {
      admitted: read("count-admitted") + (decision === "admit" ? 1 : 0),
      refused: read("count-refused") + (decision === "refuse" ? 1 : 0),
    };
  }

  // --- bringing the scans home -------------------------------------------------------------------
  async function uploadChunk(chunk) {
    const scans = await Promise.all(
      chunk.map(async (s) => ({
        code: (await unseal(s.box)).code,
        point: s.point,
        direction: "in",
        scanned_at: s.scanned_at,
        nonce: s.nonce,
        force: s.decision === "admit",
      })),
    );
    const response = await fetch(root.dataset.batch, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ scans: scans }),
    });
    if (!response.ok) throw new Error("upload " + response.status);
    const data = await response.json();
    data.results.forEach((result, i) => {
      const s = chunk[i];
      s.uploaded = true;
      s.server = { result: result.result, reason: result.reason, duplicate: !!result.duplicate };
      // The door let them in here, and the server had already admitted them elsewhere.
      s.conflict = s.decision === "admit" && (!!result.duplicate || result.result !== "admit");
    });
    await putScans(chunk);
  }

  async function upload() {
    if (uploading || !navigator.onLine || !aesKey) return;
    uploading = true;
    try {
      const waiting = (await allScans()).filter((s) => !s.uploaded); // every point's
      for (let i = 0; i < waiting.length; i += BATCH) {
        await uploadChunk(waiting.slice(i, i + BATCH));
      }
      // The server's counts now include them (checkin.js reloads the counts).
      if (waiting.length) document.dispatchEvent(new CustomEvent("accredit:desk-synced"));
    } finally {
      uploading = false;
      await countPending();
      await showConflicts();
      showBanner();
      root.dataset.pending = String(pending);
    }
  }

  async function countPending() {
    const scans = await allScans();
    pending = scans.filter((s) => !s.uploaded).length;
    admittedHere = new Set(
      scans.filter((s) => s.point === point && s.day === today() && s.decision === "admit").map((s) => s.participant_id),
    );
  }

  async function showConflicts() {
    const conflicts = (await allScans())
      .filter((s) => s.conflict && s.point === point)
      .sort((x, y) => x.scanned_at.localeCompare(y.scanned_at));
    conflictsList.replaceChildren(
      ...conflicts.map((s) => {
        const entry = manifest && manifest.entries[s.participant_id];
        const who = entry ? `${entry.g} ${entry.f.toUpperCase()}` : "#" + s.participant_id;
        const when = new Date(s.scanned_at).toLocaleTimeString();
        const item = element("li", "list-group-item", `${when} · ${who} · `);
        item.append(element("span", "text-danger", text.reasons[s.server.reason] || text.duplicate));
        item.dataset.participant = String(s.participant_id);
        return item;
      }),
    );
    conflictsBox.classList.toggle("d-none", conflicts.length === 0);
    root.dataset.conflicts = String(conflicts.length);
  }

  function showBanner() {
    const offline = !navigator.onLine;
    banner.classList.toggle("d-none", !offline && pending === 0);
    banner.classList.toggle("alert-danger", offline);
    banner.classList.toggle("alert-info", !offline);
    const since = manifest && manifest.fetched_at ? new Date(manifest.fetched_at).toLocaleTimeString() : "—";
    const message = offline ? text.offline.replace("%(time)s", since) : text.sending;
    bannerText.textContent = message + " " + text.waiting.replace("%(count)s", String(pending));
    document.body.dataset.network = offline ? "offline" : "online";
    if (manifest) {
      status.textContent = text.ready.replace("%(count)s", String(byHash.size)).replace("%(time)s", since);
    }
    // Signing out wipes this device's store (app.js): not without a word while scans wait.
    const signOut = document.querySelector("form[data-sign-out]");
    if (signOut && pending > 0) {
      signOut.dataset.confirm = text.unsent.replace("%(count)s", String(pending));
    } else if (signOut) {
      delete signOut.dataset.confirm;
    }
  }

  // --- the service worker, and what it keeps -----------------------------------------------
  async function keepAssets() {
    if (!("serviceWorker" in navigator) || !window.caches) return;
    await navigator.serviceWorker.register(root.dataset.worker, { scope: root.dataset.scope });
    const urls = [
      ...document.querySelectorAll('link[rel="stylesheet"][href], script[src]'),
    ].map((el) => el.href || el.src);
    const page = new URL(window.location.href);
    page.searchParams.delete("q");
    const cache = await caches.open(CACHE);
    await cache.addAll([page.href, ...urls]);
    root.dataset.assetsKept = "1";
  }

  // Fetch the changes, send what waits (then fetch again: the list now knows who came in).
  let syncing = false;
  async function whenOnline() {
    showBanner();
    if (syncing) return;
    syncing = true;
    try {
      await refresh();
      if (pending > 0) {
        await upload();
        await refresh();
      }
    } catch (e) {
      /* the network came back only partly: the next tick tries again */
    } finally {
      syncing = false;
    }
    showBanner();
  }

  async function start() {
    try {
      await loadKeys();
      await loadStoredManifest();
      await countPending();
      await showConflicts();
    } catch (e) {
      /* no keys and no network: the desk cannot decide here; it says so on the first scan */
    }
    showBanner();
    if (navigator.onLine && hashKey) await whenOnline();
    root.dataset.ready = "1";
    keepAssets().catch(() => {});
  }

  window.addEventListener("online", whenOnline);
  window.addEventListener("offline", showBanner);
  window.setInterval(() => {
    if (navigator.onLine && hashKey) whenOnline();
  }, REFRESH_MS);

  window.AccreditOffline = {
    isOffline: () => !navigator.onLine,
    scan: scan,
    upload: upload,
    refresh: refresh,
  };
  start();
})();
