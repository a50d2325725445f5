// Delegation form: offer country codes, and fill empty names from CLDR when a country code is chosen.
(() => {
  const form = document.getElementById("delegation-form");
  if (!form) return;
  const kind = form.querySelector("#kind");
  const code = form.querySelector("#code");
  const names = ["en", "fr", "zh"].map((lang) => [lang, form.querySelector(`#name_${lang}`)]);

  const syncList = () => {
    if (kind.value === "country") code.setAttribute("list", "country-codes");
    else code.removeAttribute("list");
  };

  const fill = async () => {
    if (kind.value !== "country" || code.value.trim().length !== 2) return;
    const url = `${form.dataset.namesUrl}?code=${encodeURIComponent(code.value.trim())}`;
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const data = await response.json();
    for (const [lang, input] of names) {
      if (input && !input.value.trim() && data[lang]) input.value = data[lang];
    }
  };

  kind.addEventListener("change", syncList);
  code.addEventListener("change", fill);
  syncList();
})();
