// eventroute console: plain JavaScript over the server's own API, no build step and no other host.
// The token lives in this closure only (never in storage or cookies): a reload signs out.
"use strict";
(function () {
  const API = "api-version=2023-10-31";
  const state = { token: null, routes: [], endpoints: [], stats: null, previous: null, editing: null, timer: null,
    deadLettersOf: null, validateTimer: null, validated: 0 };
  const $ = (id) => document.getElementById(id);

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function status(text) { $("status").textContent = text || ""; }

  /** Calls the API; resolves with the parsed body (null when empty), rejects with the server's message. */
  async function api(method, path, body) {
    const init = { method, headers: { "Authorization": "Bearer " + state.token } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      throw new Error("The server did not answer (" + e.message + ").");
    }
    const text = await response.text();
    let json = null;
    if (text) {
      try { json = JSON.parse(text); } catch (e) { json = null; }
    }
    if (!response.ok) {
      const message = json && json.error ? json.error.message : "HTTP " + response.status;
      const error = new Error(message);
      error.status = response.status;
      error.code = json && json.error ? json.error.code : null;
      throw error;
    }
    return json;
  }

  // ------------------------------------------------------------------ sign in

  async function signIn(event) {
    event.preventDefault();
    const token = $("token").value.trim();
    $("signin-error").textContent = "";
    if (!token) {
      $("signin-error").textContent = "Enter a token.";
      return;
    }
    state.token = token;
    try {
      await api("GET", "/eventroutes?" + API);
    } catch (e) {
      state.token = null;
      $("signin-error").textContent = "Sign-in refused: " + e.message;
      $("token").focus();
      return;
    }
    $("token").value = "";
    $("signin-view").hidden = true;
    $("tabs").hidden = false;
    show("routes");
    await Promise.all([loadEndpoints(), loadRoutes()]);
    poll();
    state.timer = setInterval(poll, 1000);
    status("Signed in.");
  }

  function signOut() {
    clearInterval(state.timer);
    state.token = null;
    state.stats = state.previous = null;
    $("tabs").hidden = true;
    for (const v of ["routes", "playground", "live"]) $(v + "-view").hidden = true;
    $("signin-view").hidden = false;
    $("token").focus();
    status("Signed out.");
  }

  function show(view) {
    status("");
    for (const b of document.querySelectorAll("button.tab")) {
      b.setAttribute("aria-pressed", String(b.dataset.view === view));
    }
    for (const v of ["routes", "playground", "live"]) $(v + "-view").hidden = v !== view;
  }

  /** Reports a failed call; a token that stopped working signs out. */
  function failed(e, where) {
    if (e.status === 401) {
      signOut();
      $("signin-error").textContent = "The token is no longer accepted: " + e.message;
      return;
    }
    (where || $("status")).textContent = e.message;
  }

  // ------------------------------------------------------------------ routes

  async function loadEndpoints() {
    try {
      const body = await api("GET", "/endpoints");
      state.endpoints = body.value.map((e) => e.name);
    } catch (e) {
      failed(e);
      return;
    }
    const select = $("route-endpoint");
    select.replaceChildren(...state.endpoints.map((n) => { const o = el("option", n); o.value = n; return o; }));
  }

  async function loadRoutes() {
    const all = [];
    try {
      let next = "/eventroutes?" + API;
      while (next) {
        const page = await api("GET", next);
        all.push(...page.value);
        // nextLink is absolute on this server; fetch it by path so it stays on this origin.
        next = page.nextLink ? new URL(page.nextLink).pathname + new URL(page.nextLink).search : null;
      }
    } catch (e) {
      failed(e);
      return;
    }
    state.routes = all;
    renderRoutes();
    renderWhyRoutes();
  }

  function counts(id) {
    const r = state.stats && state.stats.routes[id];
    return r || { matched: 0, delivered: 0, deadLettered: 0, retried: 0, pending: 0 };
  }

  function renderRoutes() {
    const query = $("route-search").value.trim().toLowerCase();
    const rows = state.routes.filter((r) => !query || [r.id, r.endpointName, r.filter]
      .some((s) => s.toLowerCase().includes(query)));
    const body = $("routes-table").tBodies[0];
    body.replaceChildren(...rows.map((r) => {
      const tr = el("tr");
      tr.dataset.id = r.id;
      if (state.editing === r.id) tr.className = "selected";
      const c = counts(r.id);
      tr.append(el("td", r.id), el("td", r.endpointName), el("td", r.filter, "filter"),
        el("td", c.matched, "num matched"), el("td", c.delivered, "num delivered"),
        el("td", c.deadLettered, "num dead-lettered"));
      const actions = el("td");
      const edit = el("button", "Edit");
      edit.type = "button";
      edit.setAttribute("aria-label", "Edit route " + r.id);
      edit.addEventListener("click", () => openEditor(r));
      const del = el("button", "Delete");
      del.type = "button";
      del.setAttribute("aria-label", "Delete route " + r.id);
      del.addEventListener("click", () => deleteRoute(r.id));
      actions.append(edit, " ", del);
      tr.append(actions);
      return tr;
    }));
    $("routes-empty").hidden = state.routes.length > 0;
  }

  /** Updates the counters of the listed routes in place: rows are not rebuilt, so focus and selection stay. */
  function renderRouteCounters() {
    for (const tr of $("routes-table").tBodies[0].rows) {
      const c = counts(tr.dataset.id);
      tr.querySelector("td.matched").textContent = c.matched;
      tr.querySelector("td.delivered").textContent = c.delivered;
      tr.querySelector("td.dead-lettered").textContent = c.deadLettered;
    }
  }

  function openEditor(route) {
    state.editing = route ? route.id : null;
    $("editor").hidden = false;
    $("editor-title").textContent = route ? "Edit route " + route.id : "New route";
    $("route-id").value = route ? route.id : "";
    $("route-id").readOnly = !!route;
    $("route-endpoint").value = route ? route.endpointName : (state.endpoints[0] || "");
    $("route-dialect").value = route && route.dialect ? route.dialect : "adt";
    $("route-filter").value = route ? route.filter : "";
    $("route-error").textContent = "";
    renderRoutes();
    filterChanged(true);
    (route ? $("route-filter") : $("route-id")).focus();
    $("editor").scrollIntoView({ block: "nearest" });
  }

  function closeEditor() {
    state.editing = null;
    $("editor").hidden = true;
    renderRoutes();
    $("new-route").focus();
  }

  async function saveRoute(event) {
    event.preventDefault();
    const id = $("route-id").value.trim();
    const body = { endpointName: $("route-endpoint").value, filter: $("route-filter").value };
    if ($("route-dialect").value !== "adt") body.dialect = $("route-dialect").value;
    $("route-error").textContent = "";
    try {
      await api("PUT", "/eventroutes/" + encodeURIComponent(id) + "?" + API, body);
    } catch (e) {
      failed(e, $("route-error"));
      return;
    }
    status("Route " + id + " saved.");
    await loadRoutes();
    openEditor(state.routes.find((r) => r.id === id));
  }

  async function deleteRoute(id) {
    if (!window.confirm("Delete route " + id + "?")) return;
    try {
      await api("DELETE", "/eventroutes/" + encodeURIComponent(id) + "?" + API);
    } catch (e) {
      failed(e);
      return;
    }
    status("Route " + id + " deleted.");
    if (state.editing === id) closeEditor();
    await loadRoutes();
  }

  // ------------------------------------------------------------------ filter editor

  /** Validates (and explains) the filter 300 ms after the last keystroke, or at once. */
  function filterChanged(now) {
    clearTimeout(state.validateTimer);
    renderBackdrop([]);
    state.validateTimer = setTimeout(validateFilter, now === true ? 0 : 300);
  }

  async function validateFilter() {
    const filter = $("route-filter").value;
    const dialect = $("route-dialect").value;
    const ticket = ++state.validated;
    if (!filter.trim()) {
      renderDiagnostics(filter, []);
      renderExplain(null);
      return;
    }
    let result;
    try {
      result = await api("POST", "/filters:validate", { filter, dialect });
    } catch (e) {
      failed(e, $("route-error"));
      return;
    }
    // An older answer arriving after a newer one must not overwrite it.
    if (ticket !== state.validated || filter !== $("route-filter").value) return;
    renderDiagnostics(filter, result.diagnostics);
    let explained = null;
    if (result.valid) {
      try { explained = await api("POST", "/filters:explain", { filter, dialect }); } catch (e) { failed(e, $("route-error")); }
    }
    if (ticket === state.validated) renderExplain(explained);
  }

  /** The UTF-16 offset of a 1-based line and column (the column counts code points, as diagnostics do). */
  function offsetOf(text, line, column) {
    let offset = 0;
    for (let l = 1; l < line; l++) {
      const nl = text.indexOf("\n", offset);
      if (nl < 0) return text.length;
      offset = nl + 1;
    }
    for (let c = 1; c < column && offset < text.length; c++) {
      offset += text.codePointAt(offset) > 0xffff ? 2 : 1;
    }
    return offset;
  }

  /** The replacement a "did you mean X?" suggestion proposes, or null when it proposes none. */
  function replacement(suggestion) {
    const m = suggestion && /^did you mean (.+)\?$/.exec(suggestion.trim());
    return m ? m[1] : null;
  }

  function spans(text, diagnostics) {
    return diagnostics.map((d) => {
      const start = offsetOf(text, d.line, d.column);
      return { d, start, end: Math.min(text.length, start + Math.max(1, d.length)) };
    });
  }

  function renderBackdrop(marks) {
    const text = $("route-filter").value;
    const out = [];
    let at = 0;
    for (const m of marks.slice().sort((a, b) => a.start - b.start)) {
      if (m.start < at) continue;
      out.push(document.createTextNode(text.slice(at, m.start)));
      const mark = el("mark", text.slice(m.start, m.end) || " ", m.d.severity);
      mark.dataset.code = m.d.code;
      out.push(mark);
      at = m.end;
    }
    // A trailing newline needs a character after it to take up its line in the backdrop.
    out.push(document.createTextNode(text.slice(at) + "\u200b"));
    $("filter-backdrop").replaceChildren(...out);
  }

  function renderDiagnostics(text, diagnostics) {
    const marks = spans(text, diagnostics);
    renderBackdrop(marks);
    const list = $("diagnostics");
    if (!diagnostics.length) {
      list.replaceChildren(text.trim() ? el("li", "No problems.", "ok") : el("li", "Type a filter.", "ok"));
      return;
    }
    list.replaceChildren(...marks.map((m) => {
      const d = m.d;
      const li = el("li", null, d.severity);
      li.dataset.code = d.code;
      li.append(el("span", d.code, "code"), el("span", d.severity + " at " + d.line + ":" + d.column + ": "),
        el("span", d.message, "message"));
      if (d.suggestion) {
        li.append(el("span", "(" + d.suggestion + ")", "suggestion"));
        const fix = replacement(d.suggestion);
        if (fix !== null) {
          const apply = el("button", "Apply", "apply");
          apply.type = "button";
          apply.setAttribute("aria-label", "Apply suggestion: replace with " + fix);
          apply.addEventListener("click", () => {
            const area = $("route-filter");
            area.value = text.slice(0, m.start) + fix + text.slice(m.end);
            area.focus();
            area.setSelectionRange(m.start + fix.length, m.start + fix.length);
            filterChanged(true);
          });
          li.append(" ", apply);
        }
      }
      return li;
    }));
  }

  function renderExplain(result) {
    $("explain-normalized").textContent = result ? result.normalized : "-";
    $("explain-plan").textContent = result ? result.plan : "-";
    $("explain-reads").textContent = result ? [...result.attributes, ...result.dataPaths].join(", ") || "(nothing)" : "-";
  }

  // ------------------------------------------------------------------ playground

  function renderSamples() {
    const samples = window.EVENTROUTE_SAMPLES || [];
    $("sample").replaceChildren(...samples.map((s, i) => { const o = el("option", s.name); o.value = String(i); return o; }),
      Object.assign(el("option", "(your own)"), { value: "" }));
    pickSample();
  }

  function pickSample() {
    const i = $("sample").value;
    if (i === "") return;
    $("event-json").value = JSON.stringify(window.EVENTROUTE_SAMPLES[Number(i)].event, null, 2);
  }

  function renderWhyRoutes() {
    const select = $("why-route");
    const current = select.value;
    select.replaceChildren(Object.assign(el("option", "(none)"), { value: "" }),
      ...state.routes.map((r) => { const o = el("option", r.id); o.value = r.id; return o; }));
    if (state.routes.some((r) => r.id === current)) select.value = current;
  }

  async function match() {
    $("match-error").textContent = "";
    let event;
    try {
      event = JSON.parse($("event-json").value);
    } catch (e) {
      $("match-error").textContent = "The event is not JSON: " + e.message;
      return;
    }
    const body = { event };
    if ($("why-route").value) body.route = $("why-route").value;
    let result;
    try {
      result = await api("POST", "/events:match", body);
    } catch (e) {
      failed(e, $("match-error"));
      return;
    }
    matchSamples();
    $("match-result").replaceChildren(...(result.matches.length ? result.matches.map((id) => el("li", id, "matched"))
      : [el("li", "No route matches this event.")]));
    const why = $("why");
    if (!result.route) {
      $("why-title").textContent = "Why";
      why.replaceChildren(el("li", "Pick a route to see the value of each of its conditions."));
      return;
    }
    $("why-title").textContent = "Why route " + result.route.id + (result.route.matches ? " matches" : " does not match");
    if (!result.route.conditions.length) {
      why.replaceChildren(el("li", "A " + result.route.dialect + " filter has no breakdown."));
      return;
    }
    why.replaceChildren(...result.route.conditions.map((c) => {
      const li = el("li");
      li.style.paddingLeft = (0.4 + 1.5 * c.depth) + "rem";
      li.append(el("span", c.value, "value " + c.value), el("span", c.text));
      return li;
    }));
  }

  /** Which routes each built-in sample matches, one dry run each. */
  async function matchSamples() {
    const samples = window.EVENTROUTE_SAMPLES || [];
    let results;
    try {
      results = await Promise.all(samples.map((s) => api("POST", "/events:match", { event: s.event })));
    } catch (e) {
      failed(e, $("match-error"));
      return;
    }
    $("samples-table").tBodies[0].replaceChildren(...samples.map((s, i) => {
      const tr = el("tr");
      tr.append(el("td", s.name), el("td", results[i].matches.join(", ") || "(none)"));
      return tr;
    }));
  }

  // ------------------------------------------------------------------ live

  async function poll() {
    let stats;
    try {
      stats = await api("GET", "/stats");
    } catch (e) {
      failed(e);
      return;
    }
    const now = performance.now();
    const before = state.stats ? { stats: state.stats, at: state.at } : null;
    state.stats = stats;
    state.at = now;
    renderRouteCounters();
    renderLive(stats, before, now);
  }

  function rate(now, before, value, previous) {
    if (!before || now <= before.at) return "0.0";
    return Math.max(0, (value - previous) * 1000 / (now - before.at)).toFixed(1);
  }

  /** Fills a live table: rows are added or removed by name and otherwise updated in place, so focus stays. */
  function liveRows(tbody, map, beforeMap, before, now, withDeadLetters) {
    const names = Object.keys(map).sort();
    const shown = [...tbody.rows].map((tr) => tr.dataset.name);
    if (shown.join("\n") !== names.join("\n")) {
      tbody.replaceChildren(...names.map((name) => {
        const tr = el("tr");
        tr.dataset.name = name;
        tr.append(el("td", name), el("td", "", "num rate"), el("td", "", "num matched"), el("td", "", "num delivered"),
          el("td", "", "num retried"), el("td", "", "num dead-lettered"), el("td", "", "num pending"));
        if (withDeadLetters) {
          const td = el("td");
          const b = el("button", "Dead letters");
          b.type = "button";
          b.setAttribute("aria-label", "Dead letters of " + name);
          b.addEventListener("click", () => loadDeadLetters(name));
          td.append(b);
          tr.append(td);
        }
        return tr;
      }));
    }
    for (const tr of tbody.rows) {
      const c = map[tr.dataset.name];
      const p = (beforeMap && beforeMap[tr.dataset.name]) || { matched: 0 };
      const cell = (cls, v) => { tr.querySelector("td." + cls).textContent = v; };
      cell("rate", rate(now, before, c.matched, p.matched));
      cell("matched", c.matched);
      cell("delivered", c.delivered);
      cell("retried", c.retried);
      cell("dead-lettered", c.deadLettered);
      cell("pending", c.pending);
    }
  }

  function renderLive(stats, before, now) {
    $("events-rate").textContent = rate(now, before, stats.events, before ? before.stats.events : 0);
    $("events-total").textContent = stats.events;
    $("events-unmatched").textContent = stats.unmatched;
    liveRows($("live-routes").tBodies[0], stats.routes, before && before.stats.routes, before, now, false);
    liveRows($("live-endpoints").tBodies[0], stats.endpoints, before && before.stats.endpoints, before, now, true);
  }

  async function loadDeadLetters(name) {
    state.deadLettersOf = name;
    $("dead-letters").hidden = false;
    $("dead-letters-title").textContent = "Dead letters of " + name;
    let body;
    try {
      body = await api("GET", "/endpoints/" + encodeURIComponent(name) + "/deadLetters");
    } catch (e) {
      failed(e, $("replay-result"));
      $("dead-letters-table").tBodies[0].replaceChildren();
      return;
    }
    const rows = body.value.map((l) => {
      const tr = el("tr");
      tr.append(el("td", l.event.id), el("td", l.route), el("td", l.deadLetteredAt || ""), el("td", l.reason || ""));
      return tr;
    });
    if (!rows.length) {
      const empty = el("td", "No dead letters.");
      empty.colSpan = 4;
      rows.push(el("tr"));
      rows[0].append(empty);
    } else if (body.count > body.value.length) {
      const more = el("td", "... and " + (body.count - body.value.length) + " more.");
      more.colSpan = 4;
      rows.push(el("tr"));
      rows[rows.length - 1].append(more);
    }
    $("dead-letters-table").tBodies[0].replaceChildren(...rows);
    $("replay").disabled = body.count === 0;
    $("dead-letters-unusable").replaceChildren(...body.unusable.map((u) => el("li", u.file + ": " + u.problem + " (kept)")));
  }

  async function replay() {
    const name = state.deadLettersOf;
    $("replay-result").textContent = "Replaying...";
    let r;
    try {
      r = await api("POST", "/endpoints/" + encodeURIComponent(name) + "/deadLetters:replay");
    } catch (e) {
      failed(e, $("replay-result"));
      return;
    }
    $("replay-result").textContent = "Replayed " + r.sent + ": " + r.delivered + " delivered, " + r.deadLettered
      + " dead-lettered again" + (r.unusable.length ? ", " + r.unusable.length + " unusable (kept)" : "") + ".";
    await loadDeadLetters(name);
  }

  // ------------------------------------------------------------------ wiring

  document.addEventListener("DOMContentLoaded", () => {
    $("signin-form").addEventListener("submit", signIn);
    $("sign-out").addEventListener("click", signOut);
    for (const b of document.querySelectorAll("button.tab")) b.addEventListener("click", () => show(b.dataset.view));
    $("route-search").addEventListener("input", renderRoutes);
    $("new-route").addEventListener("click", () => openEditor(null));
    $("route-form").addEventListener("submit", saveRoute);
    $("cancel-route").addEventListener("click", closeEditor);
    $("route-filter").addEventListener("input", () => filterChanged(false));
    $("route-filter").addEventListener("scroll", () => { $("filter-backdrop").scrollTop = $("route-filter").scrollTop; });
    $("route-dialect").addEventListener("change", () => filterChanged(true));
    $("sample").addEventListener("change", pickSample);
    $("event-json").addEventListener("input", () => { $("sample").value = ""; });
    $("match").addEventListener("click", match);
    $("replay").addEventListener("click", replay);
    $("refresh-dead-letters").addEventListener("click", () => loadDeadLetters(state.deadLettersOf));
    document.addEventListener("keydown", (e) => { if (e.key === "Escape" && !$("editor").hidden) closeEditor(); });
    renderSamples();
    $("token").focus();
  });
})();
