/* distillq answer browser. Inlined in report.html and allowed by its sha256 in the page's CSP.
   Every piece of data is written with textContent (never innerHTML), so answers stay text. */
(function () {
  "use strict";
  var holder = document.getElementById("dq-answers");
  if (!holder) { return; }
  var data = JSON.parse(holder.textContent);
  var PAGE = 50;
  var SNIPPET = 160;
  var CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

  function visible(value) {
    /* control characters are shown as \xNN instead of being handed to the page */
    var s = value === null || value === undefined ? "" : String(value);
    return s.replace(CONTROL, function (c) {
      var h = c.charCodeAt(0).toString(16);
      return "\\x" + (h.length < 2 ? "0" + h : h);
    });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = visible(text); }
    return e;
  }
  function plural(n, one, many) {
    return n.toLocaleString("en-US") + " " + (n === 1 ? one : many);
  }
  function fmt(x, digits) {
    return typeof x === "number" && isFinite(x) ? x.toFixed(digits) : "\u2013";
  }
  function snippet(s) {
    s = String(s || "").replace(/\s+/g, " ");
    return s.length > SNIPPET ? s.slice(0, SNIPPET) + "\u2026" : s;
  }
  function block(label, text, cls) {
    var d = el("div", "field");
    d.appendChild(el("p", "muted", label));
    d.appendChild(el("pre", "text " + (cls || ""), text));
    return d;
  }
  function compare(a, b) {
    var an = a === null || a === undefined || a === "", bn = b === null || b === undefined || b === "";
    if (an || bn) { return an === bn ? 0 : (an ? 1 : -1); }
    if (typeof a === "number" && typeof b === "number") { return a - b; }
    return String(a).localeCompare(String(b));
  }

  function Browser(root, spec) {
    var state = { filters: {}, q: [], sortKey: null, dir: 1, page: 0, open: {} };
    var shown = spec.rows;
    var thead = root.querySelector("thead"), tbody = root.querySelector("tbody");
    var count = root.querySelector(".count"), pageLabel = root.querySelector(".page");
    var prev = root.querySelector("[data-page=prev]"), next = root.querySelector("[data-page=next]");

    spec.rows.forEach(function (r, i) { r._i = i; r._hay = spec.search(r).toLowerCase(); });

    root.querySelectorAll("select[data-filter]").forEach(function (sel) {
      var name = sel.getAttribute("data-filter"), get = spec.filters[name], seen = {};
      spec.rows.forEach(function (r) {
        [].concat(get(r)).forEach(function (v) { seen[v] = (seen[v] || 0) + 1; });
      });
      Object.keys(seen).sort(spec.order && spec.order[name] ? spec.order[name] : undefined).forEach(function (v) {
        var o = document.createElement("option");
        o.value = v;
        o.textContent = visible((v === "" ? "(none)" : v) + " (" + seen[v].toLocaleString("en-US") + ")");
        sel.appendChild(o);
      });
      sel.addEventListener("change", function () {
        state.filters[name] = sel.value;
        state.page = 0;
        apply();
      });
    });
    var search = root.querySelector("input[data-filter=q]"), timer = null;
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        state.q = search.value.toLowerCase().split(/\s+/).filter(Boolean);
        state.page = 0;
        apply();
        count.dataset.q = search.value;  /* what the shown rows were searched for */
      }, 120);
    });
    count.dataset.q = "";
    prev.addEventListener("click", function () { state.page -= 1; render(); });
    next.addEventListener("click", function () { state.page += 1; render(); });

    var tr = document.createElement("tr");
    spec.columns.forEach(function (c) {
      var th = el("th", c.num ? "n" : "");
      var b = el("button", "sort", c.label);
      b.type = "button";
      b.addEventListener("click", function () {
        state.dir = state.sortKey === c.key ? -state.dir : (c.num ? -1 : 1);
        state.sortKey = c.key;
        thead.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
        state.page = 0;
        apply();
      });
      th.appendChild(b);
      tr.appendChild(th);
    });
    thead.appendChild(tr);

    function keep(r) {
      for (var name in state.filters) {
        var want = state.filters[name];
        if (want && [].concat(spec.filters[name](r)).indexOf(want) < 0) { return false; }
      }
      for (var i = 0; i < state.q.length; i++) {
        if (r._hay.indexOf(state.q[i]) < 0) { return false; }
      }
      return true;
    }
    function apply() {
      shown = spec.rows.filter(keep);
      if (state.sortKey) {
        var col = spec.columns.filter(function (c) { return c.key === state.sortKey; })[0];
        shown.sort(function (a, b) { return state.dir * compare(col.get(a), col.get(b)) || a._i - b._i; });
      }
      render();
    }
    function render() {
      var pages = Math.max(1, Math.ceil(shown.length / PAGE));
      state.page = Math.min(Math.max(0, state.page), pages - 1);
      var start = state.page * PAGE, rows = shown.slice(start, start + PAGE);
      tbody.textContent = "";
      rows.forEach(function (r) {
        var line = document.createElement("tr");
        line.className = "row";
        line.tabIndex = 0;
        spec.columns.forEach(function (c) {
          var td = el("td", (c.num ? "n " : "") + (c.cls ? c.cls(r) : ""), c.text ? c.text(r) : c.get(r));
          line.appendChild(td);
        });
        var detail = document.createElement("tr");
        detail.className = "detail";
        var cell = el("td");
        cell.colSpan = spec.columns.length;
        detail.appendChild(cell);
        detail.hidden = !state.open[r._i];
        if (!detail.hidden) { cell.appendChild(spec.detail(r)); }
        function toggle() {
          state.open[r._i] = detail.hidden;
          if (detail.hidden && !cell.firstChild) { cell.appendChild(spec.detail(r)); }
          detail.hidden = !detail.hidden;
          line.setAttribute("aria-expanded", String(!detail.hidden));
        }
        line.addEventListener("click", toggle);
        line.addEventListener("keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(); }
        });
        tbody.appendChild(line);
        tbody.appendChild(detail);
      });
      count.textContent = shown.length === 0
        ? "No " + spec.noun[1] + " match."
        : "Showing " + (start + 1).toLocaleString("en-US") + "\u2013" +
          (start + rows.length).toLocaleString("en-US") + " of " + plural(shown.length, spec.noun[0], spec.noun[1]) +
          (shown.length < spec.rows.length ? " (" + plural(spec.rows.length, "in all", "in all") + ")" : "") + ".";
      pageLabel.textContent = "page " + (state.page + 1) + " of " + pages;
      prev.disabled = state.page === 0;
      next.disabled = state.page >= pages - 1;
    }
    apply();
  }

  var VERDICT_ORDER = ["hard", "strict", "loose", "consistent", "unscored", "error"];
  function iceRows(ice) {
    return ice.rows.map(function (x) {
      var template = ice.templates[x[1]] || "";
      var prompt = x[10] !== null ? x[10]
        : (template.indexOf("{query}") >= 0 ? template.split("{query}").join(x[7]) : template + "\n" + x[7]);
      return { model: ice.models[x[0]], template: x[1], question: x[2], language: x[3], aspect: x[4],
               verdict: x[5], claimed: x[6], query: x[7], response: x[8], reason: x[9], prompt: prompt };
    });
  }
  function iceDetail(r) {
    var d = el("div", "answer-detail");
    d.appendChild(el("p", "muted", r.model + " \u00b7 template " + r.template + " \u00b7 question " + r.question +
      " \u00b7 " + r.language + " \u00b7 " + r.aspect));
    d.appendChild(block("question", r.query));
    d.appendChild(block("answer", r.response, "answer"));
    d.appendChild(el("p", "muted", "judge: " + r.verdict + " \u2014 " + (r.reason || "no reason recorded")));
    var full = el("details", "inner");
    full.appendChild(el("summary", "", "full prompt sent"));
    full.appendChild(el("pre", "text", r.prompt));
    d.appendChild(full);
    return d;
  }
  function rseRows(rse) {
    return rse.rows.map(function (x) {
      return { model: rse.models[x[0]], promptset: x[1], id: x[2], prompt: x[3], reference: x[4], response: x[5],
               metrics: x[6], judge: x[7], reason: x[8] };
    });
  }
  function rseDetail(rse) {
    return function (r) {
      var d = el("div", "answer-detail");
      d.appendChild(block("prompt " + r.id, r.prompt));
      var pair = el("div", "side");
      pair.appendChild(block("reference answer", r.reference, "answer"));
      pair.appendChild(block(r.model + "'s answer", r.response, "answer"));
      d.appendChild(pair);
      var parts = rse.metrics.map(function (m, i) { return m + " " + fmt(r.metrics[i], 3); });
      d.appendChild(el("p", "muted", "similarity (0\u20131): " + parts.join(" \u00b7 ")));
      if (r.judge) {
        var j = rse.aspects.map(function (a, i) { return a + " " + fmt(r.judge[i], 1); });
        d.appendChild(el("p", "muted", "judge (1\u20135): " + j.join(" \u00b7 ") + (r.reason ? " \u2014 " + r.reason : "")));
      }
      return d;
    };
  }

  document.querySelectorAll(".js-off").forEach(function (e) { e.hidden = true; });
  var iceRoot = document.querySelector("[data-browser=ice]");
  if (iceRoot && data.ice) {
    new Browser(iceRoot, {
      rows: iceRows(data.ice),
      noun: ["answer", "answers"],
      filters: {
        model: function (r) { return r.model; }, verdict: function (r) { return r.verdict; },
        claimed: function (r) { return r.claimed; }, template: function (r) { return r.template; },
        language: function (r) { return r.language; }
      },
      order: { verdict: function (a, b) { return VERDICT_ORDER.indexOf(a) - VERDICT_ORDER.indexOf(b); } },
      search: function (r) { return [r.response, r.query, r.reason, r.template, r.question].join("\n"); },
      columns: [
        { key: "model", label: "model", get: function (r) { return r.model; } },
        { key: "verdict", label: "verdict", get: function (r) { return VERDICT_ORDER.indexOf(r.verdict); },
          text: function (r) { return r.verdict; }, cls: function (r) { return "verdict " + r.verdict; } },
        { key: "claimed", label: "claims", get: function (r) { return r.claimed.join(", "); } },
        { key: "template", label: "template", get: function (r) { return r.template; } },
        { key: "language", label: "lang.", get: function (r) { return r.language; } },
        { key: "aspect", label: "aspect", get: function (r) { return r.aspect; } },
        { key: "answer", label: "answer (click a row to read it whole)", get: function (r) { return r.response; },
          text: function (r) { return snippet(r.response); }, cls: function () { return "snippet"; } }
      ],
      detail: iceDetail
    });
  }
  var rseRoot = document.querySelector("[data-browser=rse]");
  if (rseRoot && data.rse) {
    var rse = data.rse, hasJudge = rse.rows.some(function (x) { return x[7] !== null; });
    var columns = [
      { key: "model", label: "model", get: function (r) { return r.model; } },
      { key: "promptset", label: "prompt set", get: function (r) { return r.promptset; } },
      { key: "prompt", label: "prompt (click a row for both answers)", get: function (r) { return r.prompt; },
        text: function (r) { return snippet(r.prompt); }, cls: function () { return "snippet"; } }
    ];
    rse.metrics.forEach(function (m, i) {
      columns.push({ key: m, label: m, num: true, get: function (r) { return r.metrics[i]; },
                     text: function (r) { return fmt(r.metrics[i], 3); } });
    });
    if (hasJudge) {
      var k = rse.aspects.indexOf("overall");
      columns.push({ key: "judge", label: "judge 1\u20135", num: true,
                     get: function (r) { return r.judge ? r.judge[k] : null; },
                     text: function (r) { return r.judge ? fmt(r.judge[k], 1) : "\u2013"; } });
    }
    new Browser(rseRoot, {
      rows: rseRows(rse),
      noun: ["answer pair", "answer pairs"],
      filters: { model: function (r) { return r.model; }, promptset: function (r) { return r.promptset; } },
      search: function (r) { return [r.prompt, r.reference, r.response, r.id].join("\n"); },
      columns: columns,
      detail: rseDetail(rse)
    });
  }
})();
