// The check-in desk and the badge pick-up counter: scans answered in place, the code field
// keeps the focus for keyboard-wedge scanners, and the camera where the browser has one.
// Without this script both pages still work as plain forms.
(function () {
  "use strict";

  const csrfMeta = document.querySelector('meta[name="csrf-token"]');
  const csrf = csrfMeta ? csrfMeta.content : "";

  function paintCategoryChips(root) {
    // Colours come from the data (categories); the CSP forbids style attributes in HTML.
    (root || document).querySelectorAll(".category-chip[data-colour]").forEach((el) => {
      el.style.backgroundColor = el.dataset.colour;
      el.classList.add("category-chip-coloured");
    });
  }
  paintCategoryChips();

  function post(form, extra) {
    const body = new FormData(form);
    if (extra) {
      Object.entries(extra).forEach(([k, v]) => body.set(k, v));
    }
    return fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "X-CSRFToken": csrf, Accept: "application/json" },
    });
  }

  // --- the check-in desk ---------------------------------------------------------------------
  const scanForm = document.getElementById("scan-form");
  if (scanForm) {
    const input = document.getElementById("scan-code");
    const result = document.getElementById("scan-result");
    const counts = document.getElementById("checkin-counts");
    let queue = Promise.resolve();

    const refocus = () => {
      input.focus();
      input.select();
    };

    function show(data) {
      if (data.node) {
        result.replaceChildren(data.node); // decided here, with no network (checkin-offline.js)
      } else if (data.html) {
        result.innerHTML = data.html;
        paintCategoryChips(result);
      } else {
        result.innerHTML = "";
        const div = document.createElement("div");
        div.className = "scan-result scan-invalid";
        div.textContent = data.message || "";
        result.appendChild(div);
      }
      if (data.today) {
        document.getElementById("count-admitted").textContent = data.today.admitted;
        document.getElementById("count-refused").textContent = data.today.refused;
        refreshCounts();
      }
      document.body.dataset.lastScan = data.state || "";
    }

    // The other counts (per day, per session, arrivals) follow without delaying the answer.
    let refreshing = null;
    function refreshCounts() {
      if (refreshing) window.clearTimeout(refreshing);
      refreshing = window.setTimeout(() => {
        refreshing = null;
        fetch(counts.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then((response) => response.json())
          .then((data) => {
            counts.innerHTML = data.html;
          })
          .catch(() => {});
      }, 400);
    }

    // With no network a scanned code is decided here, from the manifest (checkin-offline.js).
    const offline = () => window.AccreditOffline;
    function decideHere(extra) {
      if (offline() && extra && extra.code) return offline().scan(extra.code);
      return { message: scanForm.dataset.offline || "The desk cannot reach the server. Try again." };
    }

    document.addEventListener("accredit:desk-synced", refreshCounts);

    function submit(form, extra) {
      queue = queue
        .then(() => {
          if (offline() && offline().isOffline()) return decideHere(extra);
          return post(form, extra)
            .then((response) => response.json())
            .catch(() => decideHere(extra));
        })
        .then(show)
        .catch(() => {
          show({ message: scanForm.dataset.offline || "The desk cannot reach the server. Try again." });
        })
        .finally(() => {
          input.value = "";
          refocus();
        });
    }

    scanForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const code = input.value.trim();
      if (!code) {
        refocus();
        return;
      }
      submit(scanForm, { code: code });
      input.value = "";
    });

    document.addEventListener("submit", (event) => {
      const form = event.target.closest("form.manual-form");
      if (!form) return;
      event.preventDefault();
      submit(form);
    });

    // A scanner types into whatever has the focus: when nothing does, send it to the field.
    document.addEventListener("keydown", (event) => {
      const active = document.activeElement;
      if (
        (!active || active === document.body) &&
        event.key.length === 1 &&
        !event.ctrlKey &&
        !event.metaKey &&
        !event.altKey
      ) {
        input.focus();
      }
      if (event.key === "Escape") {
        refocus();
      }
    });
    window.addEventListener("focus", () => {
      if (!document.activeElement || document.activeElement === document.body) refocus();
    });
    refocus();

    // --- camera ---
    const cameraButton = document.getElementById("camera-button");
    const box = document.getElementById("camera-box");
    const video = document.getElementById("camera-video");
    const canvas = document.getElementById("camera-canvas");
    const status = document.getElementById("camera-status");
    let stream = null;
    let detector = null;
    let lastCode = "";
    let lastAt = 0;

    if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
      cameraButton.classList.remove("d-none");
    }

    function found(code) {
      const now = Date.now();
      if (code === lastCode && now - lastAt < 4000) return; // the same badge still in view
      lastCode = code;
      lastAt = now;
      submit(scanForm, { code: code });
    }

    async function detect() {
      if (!stream) return;
      try {
        if (video.readyState >= 2) {
          if (detector) {
            const codes = await detector.detect(video);
            if (codes.length) found(codes[0].rawValue);
          } else if (window.jsQR) {
            const w = video.videoWidth;
            const h = video.videoHeight;
            canvas.width = w;
            canvas.height = h;
            const ctx = canvas.getContext("2d", { willReadFrequently: true });
            ctx.drawImage(video, 0, 0, w, h);
            const image = ctx.getImageData(0, 0, w, h);
            const code = window.jsQR(image.data, w, h, { inversionAttempts: "dontInvert" });
            if (code && code.data) found(code.data);
          }
        }
      } catch (e) {
        status.textContent = String(e);
      }
      window.setTimeout(() => window.requestAnimationFrame(detect), 150);
    }

    async function startCamera() {
      try {
        if ("BarcodeDetector" in window) {
          const formats = await window.BarcodeDetector.getSupportedFormats();
          if (formats.includes("qr_code")) {
            detector = new window.BarcodeDetector({ formats: ["qr_code"] });
          }
        }
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: "environment" },
          audio: false,
        });
        video.srcObject = stream;
        await video.play();
        box.classList.remove("d-none");
        cameraButton.setAttribute("aria-pressed", "true");
        cameraButton.textContent = cameraButton.dataset.stop || "Stop camera";
        status.textContent = status.dataset.on || "";
        status.dataset.decoder = detector ? "BarcodeDetector" : "jsQR";
        detect();
      } catch (e) {
        stream = null;
        box.classList.remove("d-none");
        status.textContent = String(e);
      }
      refocus();
    }

    function stopCamera() {
      if (stream) stream.getTracks().forEach((t) => t.stop());
      stream = null;
      video.srcObject = null;
      box.classList.add("d-none");
      cameraButton.setAttribute("aria-pressed", "false");
      cameraButton.textContent = cameraButton.dataset.start || "Use camera";
      refocus();
    }

    cameraButton.addEventListener("click", () => (stream ? stopCamera() : startCamera()));
  }

  // --- the badge pick-up counter --------------------------------------------------------------
  const pickupForm = document.getElementById("pickup-form");
  if (pickupForm) {
    const input = document.getElementById("pickup-code");
    const result = document.getElementById("pickup-result");
    const refocus = () => input.focus();

    function message(state, text, href) {
      result.innerHTML = "";
      const div = document.createElement("div");
      div.className = "scan-result scan-" + state;
      const p = document.createElement("div");
      p.className = "scan-headline";
      p.textContent = text;
      div.appendChild(p);
      if (href) {
        const a = document.createElement("a");
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener";
        a.className = "btn btn-light mt-2";
        a.textContent = pickupForm.dataset.open || "Open the badge";
        div.appendChild(a);
      }
      result.appendChild(div);
    }

    pickupForm.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!input.value.trim()) {
        refocus();
        return;
      }
      post(pickupForm)
        .then(async (response) => {
          const type = response.headers.get("Content-Type") || "";
          if (type.startsWith("application/pdf")) {
            const blob = await response.blob();
            const url = URL.createObjectURL(blob);
            const opened = window.open(url, "_blank");
            message("green", pickupForm.dataset.printed || "Badge ready: print it.", opened ? null : url);
          } else {
            const data = await response.json();
            message("red", data.message || "");
          }
        })
        .catch(() => message("red", "The desk cannot reach the server. Try again."))
        .finally(() => {
          input.value = "";
          refocus();
        });
    });
    refocus();
  }
})();
