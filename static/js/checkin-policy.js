// The admission policy's interpreter: the table itself comes from the server
// (app/registration/rules.py ADMISSION_POLICY, served in the desk's manifest), so the server
// and the offline desk decide with one definition. First matching row wins; a row matches
// when every fact it names has one of its values. Tested against
// tests/registration/admission_cases.json, as the server is.
(function (root) {
  "use strict";

  function admission(policy, facts) {
    const given = Object.assign({}, policy.defaults, facts);
    if (given.door !== policy.session_door) given.session_policy = "open";
    for (const row of policy.rows) {
      const matches = Object.entries(row.when).every(([key, values]) => values.includes(given[key]));
      if (matches) return { decision: row.then[0], reason: row.then[1] };
    }
    throw new Error("the policy's last row matches everything");
  }

  const api = { admission: admission };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  } else {
    root.AccreditPolicy = api;
  }
})(this);
