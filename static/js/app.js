// Behaviour that would otherwise need inline script (the CSP forbids it).
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("[data-autosubmit]")) {
    el.form.requestSubmit();
  }
});
// A thread marks itself read once shown: its read form is posted (with its CSRF token) in
// the background, so that opening a page (a GET) changes nothing on the server.
for (const form of document.querySelectorAll("form[data-mark-read]")) {
  fetch(form.action, {
    method: "POST",
    body: new FormData(form),
    headers: { "X-Requested-With": "fetch" },
    credentials: "same-origin",
  }).then((response) => {
    if (response.ok) form.hidden = true;
  });
}
// A table that scrolls sideways in its own box must be reachable with the keyboard
// (WCAG 2.1.1): only the boxes that actually scroll join the tab order.
function focusableScrollBoxes() {
  for (const box of document.querySelectorAll(".table-responsive")) {
    if (box.scrollWidth > box.clientWidth) {
      box.tabIndex = 0;
    } else {
      box.removeAttribute("tabindex");
    }
  }
}
focusableScrollBoxes();
window.addEventListener("resize", focusableScrollBoxes);
// A button that sends mail or does slow work says so and cannot be pressed twice.
document.addEventListener("submit", (event) => {
  if (event.defaultPrevented) return;
  const button = event.submitter;
  if (!button || !button.dataset.pending) return;
  // After the form data is taken: a disabled submitter would otherwise be left out of it.
  setTimeout(() => {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    if (button.tagName === "INPUT") {
      button.value = button.dataset.pending;
    } else {
      button.innerHTML = '<span class="spinner-border spinner-border-sm me-2" aria-hidden="true"></span>';
      button.append(button.dataset.pending);
    }
  }, 0);
});

// A searchable picker for long lists of people: <select data-typeahead="URL"> with more
// than 50 options becomes a search box (an ARIA combobox); the select stays in the form,
// hidden, and takes the chosen value, so the server sees the same field as without script.
// data-typeahead="" filters the select's own options instead of asking the server.
const TYPEAHEAD_MIN = 50;
function typeahead(select) {
  const input = document.createElement("input");
  const list = document.createElement("ul");
  input.type = "search";
  input.className = "form-control";
  input.id = select.id + "-search";
  input.autocomplete = "off";
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", select.id + "-options");
  input.placeholder = select.options[select.selectedIndex]?.text || "";
  list.id = select.id + "-options";
  list.className = "list-group typeahead-list";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  document.querySelector(`label[for="${select.id}"]`)?.setAttribute("for", input.id);
  select.hidden = true;
  select.after(input, list);
  let active = -1;
  let timer;

  const show = (items) => {
    list.replaceChildren(...items.slice(0, 20).map((item, i) => {
      const li = document.createElement("li");
      li.className = "list-group-item list-group-item-action";
      li.id = `${list.id}-${i}`;
      li.setAttribute("role", "option");
      li.dataset.value = item.id;
      li.textContent = item.label;
      li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(li); });
      return li;
    }));
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", String(!list.hidden));
    active = -1;
  };
  const choose = (li) => {
    select.value = li.dataset.value;
    input.value = li.textContent;
    show([]);
  };
  const search = async (q) => {
    if (!select.dataset.typeahead) {
      const needle = q.toLocaleLowerCase();
      return [...select.options].filter((o) => o.value && o.text.toLocaleLowerCase().includes(needle))
        .map((o) => ({ id: o.value, label: o.text }));
    }
    const response = await fetch(`${select.dataset.typeahead}?q=${encodeURIComponent(q)}`,
      { headers: { Accept: "application/json" } });
    return response.ok ? (await response.json()).results : [];
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) { select.selectedIndex = 0; show([]); return; }
    timer = setTimeout(async () => show(await search(q)), 150);
  });
  input.addEventListener("keydown", (e) => {
    const items = [...list.children];
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      active = (active + (e.key === "ArrowDown" ? 1 : -1) + items.length) % Math.max(items.length, 1);
      items.forEach((li, i) => li.classList.toggle("active", i === active));
      input.setAttribute("aria-activedescendant", items[active]?.id || "");
    } else if (e.key === "Enter" && active >= 0 && items[active]) {
      e.preventDefault();
      choose(items[active]);
    } else if (e.key === "Escape") {
      show([]);
    }
  });
  input.addEventListener("blur", () => show([]));
}
for (const select of document.querySelectorAll("select[data-typeahead]")) {
  if (select.options.length > TYPEAHEAD_MIN) typeahead(select);
}
// Signing out wipes what the offline check-in desk keeps in this browser (its keys, the
// encrypted manifest and queue, the cached page, the service worker) before the form goes;
// the server's answer also says Clear-Site-Data for the browsers that honour it.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-sign-out]");
  if (!form || form.dataset.wiped || event.defaultPrevented) return;
  event.preventDefault();
  sessionStorage.removeItem("accredit-desk-keys");
  const wipes = [];
  if (window.indexedDB) {
    wipes.push(
      new Promise((resolve) => {
        const request = indexedDB.deleteDatabase("accredit-desk");
        request.onsuccess = request.onerror = request.onblocked = resolve;
      }),
    );
  }
  if (window.caches) wipes.push(caches.delete("accredit-desk-v1"));
  if (navigator.serviceWorker) {
    wipes.push(
      navigator.serviceWorker.getRegistrations().then((all) => Promise.all(all.map((r) => r.unregister()))),
    );
  }
  const done = () => {
    form.dataset.wiped = "1";
    delete form.dataset.confirm; // asked already
    form.requestSubmit();
  };
  Promise.race([Promise.all(wipes), new Promise((resolve) => setTimeout(resolve, 2000))]).then(done, done);
});
