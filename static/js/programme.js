// Programme and announcements: show the delegation choice only for the audience "one delegation".
(() => {
  const audience = document.querySelector("select[data-audience]");
  const target = document.querySelector("[data-audience-delegation]");
  if (!audience || !target) {
    return;
  }
  const sync = () => {
    target.hidden = audience.value !== "delegation";
  };
  audience.addEventListener("change", sync);
  sync();
})();
