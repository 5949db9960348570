"use strict";
// The review page's script. Data is in JSON blocks: #summary, #rows (one
// array per report entry, positions below), d<N> (row N's detail, parsed
// only when opened) and c<N> (a dry run's diff). Everything from the
// legacy site is set as text; only a body, rendered and made safe in Go,
// is set as HTML.
(function () {
  const T = 0, KIND = 1, STATUS = 2, PUB = 3, UPD = 4, AUTHOR = 5, CATS = 6, TAGS = 7, IMG = 8, WORDS = 9,
    WARN = 10, CONF = 11, WRITE = 12, REASON = 13, URL = 14, OUT = 15;
  const COLS = [["Title", T], ["Date", PUB], ["Updated", UPD], ["Author", AUTHOR], ["Categories", CATS], ["Tags", TAGS],
    ["Image", IMG], ["Words", WORDS], ["Warnings", WARN], ["Status", STATUS]];
  const PAGE = 200;
  const byId = (id) => document.getElementById(id);
  const data = (id) => { const e = byId(id); return e ? JSON.parse(e.textContent) : null; };
  const S = data("summary"), R = data("rows");
  const state = { sort: -1, dir: 1, view: [], shown: 0, open: -1 };

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function link(url, text) {
    if (!/^https?:\/\//i.test(url)) return el("span", null, text || url);
    const a = el("a", null, text || url);
    a.href = url;
    a.rel = "noreferrer noopener";
    a.target = "_blank";
    return a;
  }
  const day = (t) => (t || "").slice(0, 10);
  const isContent = (r) => r[KIND] === "post" || r[KIND] === "page" || r[STATUS] === "failed";
  const needsLook = (r) => r[WARN].length > 0 || r[CONF] > 0 || r[STATUS] === "failed" || r[WRITE] === "conflict";

  // Summary: counts up front, lists behind a click.
  function card(parent, label, value, cls, note) {
    const c = el("div", "card" + (cls ? " " + cls : ""));
    c.append(el("b", null, String(value)), el("span", null, label));
    if (note) c.append(el("small", null, note));
    parent.append(c);
    return c;
  }
  const tally = (m) => Object.keys(m || {}).map((k) => k + ": " + m[k]).join(", ");
  function lazyList(parent, title, items, render) {
    if (!items || !items.length) return;
    const d = el("details");
    d.append(el("summary", null, title + " (" + items.length + ")"));
    const ul = el("ul");
    d.append(ul);
    d.addEventListener("toggle", () => {
      if (!d.open || ul.childElementCount) return;
      const frag = document.createDocumentFragment();
      for (const it of items) { const li = el("li"); render(li, it); frag.append(li); }
      ul.append(frag);
    });
    parent.append(d);
  }
  function summary() {
    const t = S.totals, v = byId("summary-view");
    const p = el("p");
    if (S.preset) p.append(el("span", "badge", "preset " + S.preset), " ");
    if (S.dry_run) p.append(el("span", "badge dry", "dry run: nothing was written"), " ");
    p.append("Read " + t.pages_read + " pages (" + tally(t.by_kind) + ").");
    v.append(p);
    const cards = el("div", "cards");
    card(cards, "posts written", t.posts_written);
    card(cards, "pages written", t.pages_written);
    if (S.dry_run) card(cards, "files would change", (S.changes || []).length, "", tally(S.changed));
    else card(cards, "files", Object.values(t.files).reduce((a, b) => a + b, 0), "", tally(t.files));
    const sk = card(cards, "skipped", Object.values(t.skipped).reduce((a, b) => a + b, 0));
    const show = el("button", null, "show");
    show.addEventListener("click", () => { byId("show").value = "skipped"; byId("warnonly").checked = false; update(); });
    sk.append(el("small", null, tally(t.skipped)), show);
    card(cards, "failed", t.failed, t.failed ? "bad" : "");
    const w = card(cards, "warnings", t.warnings, t.warnings ? "warn" : "");
    const only = el("button", null, "only rows with warnings");
    only.addEventListener("click", () => { byId("warnonly").checked = true; byId("show").value = "all"; update(); });
    w.append(el("small"), only);
    card(cards, "field conflicts", t.field_conflicts, t.field_conflicts ? "warn" : "", "sources that disagreed");
    card(cards, "write conflicts", t.write_conflicts, t.write_conflicts ? "bad" : "", "hand-edited files left alone");
    card(cards, "path collisions", t.collisions, t.collisions ? "warn" : "");
    card(cards, "media copied", t.media_copied, "", t.media_missing + " missing, " + t.media_failed + " failed" + (t.media_active ? ", " + t.media_active + " active" : ""));
    card(cards, "hot-linked media", t.hotlinked, t.hotlinked ? "warn" : "", "still on the old site");
    card(cards, "redirects", (S.redirects || []).length);
    if (t.gone) card(cards, "gone", t.gone, "warn", "no longer on the legacy site");
    v.append(cards);
    lazyList(v, "Hot-linked media: they break when the old site goes", S.hotlinked, (li, u) => li.append(link(u)));
    lazyList(v, "Media not copied", S.media, (li, m) => li.append(link(m.url), " — " + m.status + (m.reason ? ": " + m.reason : "")));
    lazyList(v, "Path collisions", S.collisions, (li, c) => li.append(link(c.source_url), " wanted " + c.path + ", went to " + c.moved + (c.kept ? " (" + c.kept + " has it)" : "")));
    lazyList(v, "Redirects", S.redirects, (li, r) => li.append(el("code", null, r[0]), " → ", el("code", null, r[1])));
    lazyList(v, "Gone", S.gone, (li, g) => li.append(g));
    lazyList(v, "Raw HTML kept in bodies", S.raw_html, (li, tag) => li.append(el("code", null, "<" + tag + ">")));
    lazyList(v, "Files that would change", S.changes, (li, c) => {
      const b = el("button", null, c[0]);
      b.addEventListener("click", () => openChange(S.changes.indexOf(c)));
      li.append(c[1] + " ", b);
    });
  }

  // The table: filtered, sorted, and rendered PAGE rows at a time as it
  // scrolls, so that a site of any size opens at once.
  function header() {
    const tr = document.querySelector("#rows-table thead tr");
    COLS.forEach(([name, pos], i) => {
      const th = el("th", null, name);
      th.addEventListener("click", () => {
        state.dir = state.sort === i ? -state.dir : 1;
        state.sort = i;
        tr.querySelectorAll("th").forEach((h) => h.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
        update();
      });
      tr.append(th);
    });
  }
  function sortKey(r, pos) {
    const v = r[pos];
    if (pos === WARN) return v.length + r[CONF];
    if (Array.isArray(v)) return v.join(", ").toLowerCase();
    return typeof v === "string" ? v.toLowerCase() : v;
  }
  function update() {
    const q = byId("filter").value.trim().toLowerCase(), show = byId("show").value, warn = byId("warnonly").checked;
    const view = [];
    for (let i = 0; i < R.length; i++) {
      const r = R[i];
      if (show === "content" && !isContent(r)) continue;
      if (show === "skipped" && r[STATUS] !== "skipped") continue;
      if (show === "failed" && r[STATUS] !== "failed") continue;
      if (warn && !needsLook(r)) continue;
      if (q && ![r[T], r[AUTHOR], r[URL], r[OUT], r[REASON], r[CATS].join(" "), r[TAGS].join(" "), r[WARN].join(" ")].join("\n").toLowerCase().includes(q)) continue;
      view.push(i);
    }
    if (state.sort >= 0) {
      const pos = COLS[state.sort][1], dir = state.dir;
      view.sort((a, b) => { const x = sortKey(R[a], pos), y = sortKey(R[b], pos); return x < y ? -dir : x > y ? dir : a - b; });
    }
    state.view = view;
    state.shown = 0;
    document.querySelector("#rows-table tbody").textContent = "";
    byId("count").textContent = view.length + " of " + R.length + " rows";
    more();
  }
  function more() {
    const tbody = document.querySelector("#rows-table tbody"), frag = document.createDocumentFragment();
    const end = Math.min(state.view.length, state.shown + PAGE);
    for (let k = state.shown; k < end; k++) frag.append(row(state.view[k]));
    tbody.append(frag);
    state.shown = end;
    byId("more").textContent = end < state.view.length ? "Scroll for more…" : "";
  }
  function row(i) {
    const r = R[i], tr = el("tr");
    tr.dataset.row = i;
    if (needsLook(r)) tr.classList.add("warn");
    if (r[STATUS] === "failed") tr.classList.add("failed");
    tr.append(el("td", null, r[T] || (r[STATUS] === "written" ? "(no title)" : r[URL])));
    tr.append(el("td", null, day(r[PUB])), el("td", null, day(r[UPD])), el("td", null, r[AUTHOR]));
    for (const pos of [CATS, TAGS]) {
      const td = el("td");
      for (const c of r[pos]) td.append(el("span", "tag", c));
      tr.append(td);
    }
    const img = el("td", null, r[IMG] ? r[IMG].split("/").pop() : "");
    if (r[IMG]) img.title = r[IMG];
    tr.append(img, el("td", "num", r[STATUS] === "written" ? String(r[WORDS]) : ""));
    const notes = r[WARN].slice();
    if (r[CONF]) notes.push(r[CONF] + (r[CONF] === 1 ? " field conflict" : " field conflicts"));
    const w = el("td", "w", notes.length ? notes.length + ": " + notes[0] : "");
    w.title = notes.join("\n");
    tr.append(w, el("td", null, r[STATUS] === "written" ? r[WRITE] || "written" : r[STATUS] + (r[REASON] ? ": " + r[REASON] : "")));
    tr.addEventListener("click", () => open(i));
    return tr;
  }

  // A row's side-by-side view: the legacy page's fields with their
  // sources on the left, the migrated file on the right.
  function open(i) {
    const d = data("d" + i), r = R[i], box = byId("detail");
    state.open = i;
    box.textContent = "";
    const bar = el("div", "bar"), close = el("button", null, "Close");
    close.addEventListener("click", shut);
    bar.append(el("h2", null, r[T] || r[URL]), el("span", "badge", r[KIND] + " · " + r[STATUS]), close);
    box.append(bar);
    if (!d) { box.append(el("p", "note", "Still loading…")); box.hidden = false; return; }
    const cols = el("div", "cols"), left = el("div", "col legacy"), right = el("div", "col migrated");
    left.append(el("h3", null, "Legacy page"), el("p", null, "")); left.lastChild.append(link(d.url));
    if (d.origin) left.append(el("p", "note", "read from " + d.origin));
    if (d.reason) left.append(el("p", null, d.status + ": " + d.reason));
    if (d.warnings.length) {
      left.append(el("h3", null, "Warnings"));
      const ul = el("ul", "warnings");
      for (const w of d.warnings) ul.append(el("li", null, w));
      left.append(ul);
    }
    const disputed = {};
    for (const c of d.conflicts) (disputed[c[0]] = disputed[c[0]] || []).push(c);
    if (d.fields.length) {
      left.append(el("h3", null, "Fields as extracted"));
      const tb = el("table", "fields");
      tb.append(el("tr"));
      for (const h of ["field", "value", "source"]) tb.lastChild.append(el("th", null, h));
      for (const [name, value, src, rule] of d.fields) {
        const tr = el("tr"), v = el("td", null, value);
        for (const c of disputed[name] || []) {
          tr.className = "conflict";
          v.append(el("span", "other", c[4] + " said: " + c[3] + (c[5] ? " (" + c[5] + ")" : "")));
        }
        tr.append(el("td", null, name), v, el("td", "src", src + (rule ? " · " + rule : "")));
        tb.append(tr);
      }
      left.append(tb);
    }
    right.append(el("h3", null, "Migrated file"));
    if (d.file) right.append(el("p", null, d.file + (d.write ? " (" + d.write + ")" : "")));
    if (d.file_note) right.append(el("p", "note", d.file_note));
    if (d.raw_html && d.raw_html.length) right.append(el("p", "note", "raw HTML kept: <" + d.raw_html.join(">, <") + ">"));
    if (d.front) right.append(el("pre", "front", d.front));
    if (d.change >= 0) right.append(el("h3", null, "Diff"), diff(d.change));
    if (d.body) {
      const md = el("div", "md");
      md.innerHTML = d.body; // rendered from Markdown in Go, raw HTML escaped
      right.append(el("p", "note", d.words + " words"), md);
    }
    cols.append(left, right);
    box.append(cols);
    box.hidden = false;
  }
  function diff(n) {
    const pre = el("pre", "diff"), text = data("c" + n);
    if (text == null) { pre.textContent = "Still loading…"; return pre; }
    for (const line of text.split("\n")) {
      const c = line.startsWith("+++") || line.startsWith("---") ? "" : line[0] === "+" ? "add" : line[0] === "-" ? "del" : line.startsWith("@@") ? "hunk" : "";
      pre.append(el("span", c, line + "\n"));
    }
    return pre;
  }
  function openChange(n) {
    const box = byId("detail"), bar = el("div", "bar"), close = el("button", null, "Close"), col = el("div", "col");
    close.addEventListener("click", shut);
    box.textContent = "";
    bar.append(el("h2", null, S.changes[n][0]), el("span", "badge", S.changes[n][1]), close);
    col.append(diff(n));
    box.append(bar, col);
    box.hidden = false;
  }
  function shut() { byId("detail").hidden = true; state.open = -1; }
  function step(delta) {
    const k = state.view.indexOf(state.open) + delta;
    if (state.open >= 0 && k >= 0 && k < state.view.length) open(state.view[k]);
  }

  summary();
  header();
  byId("filter").addEventListener("input", update);
  byId("show").addEventListener("change", update);
  byId("warnonly").addEventListener("change", update);
  document.addEventListener("keydown", (e) => {
    if (e.target instanceof HTMLInputElement) return;
    if (e.key === "Escape") shut();
    if (e.key === "j") step(1);
    if (e.key === "k") step(-1);
  });
  new IntersectionObserver((es) => { if (es.some((e) => e.isIntersecting) && state.shown < state.view.length) more(); })
    .observe(byId("more"));
  update();
  performance.mark("ready");
  document.documentElement.dataset.ready = String(R.length);
})();
