// Offline search over the index the page carries (window.KG_SEARCH), the same language as `kg search`: words (stemmed),
// "phrases", prefix*, AND (the default), OR, NOT and brackets; NOT binds tightest, then AND, then OR; hits ranked
// by BM25 (k1 1.2, b 0.75), as SQLite FTS5 ranks them.
"use strict";
const KG = (function () {
  const IX = window.KG_SEARCH;
  const N = IX.docs.length;
  const AVG = IX.lengths.reduce((a, b) => a + b, 0) / Math.max(N, 1);
  const TERMS = Object.keys(IX.terms).sort();

  // Porter's stemmer (1980), as SQLite's porter tokenizer applies it.
  const step2list = {ational: "ate", tional: "tion", enci: "ence", anci: "ance", izer: "ize", bli: "ble", alli: "al",
    entli: "ent", eli: "e", ousli: "ous", ization: "ize", ation: "ate", ator: "ate", alism: "al", iveness: "ive",
    fulness: "ful", ousness: "ous", aliti: "al", iviti: "ive", biliti: "ble", logi: "log"};
  const step3list = {icate: "ic", ative: "", alize: "al", iciti: "ic", ical: "ic", ful: "", ness: ""};
  const c = "[^aeiou]", v = "[aeiouy]", C = c + "[^aeiouy]*", V = v + "[aeiou]*";
  const mgr0 = new RegExp("^(" + C + ")?" + V + C), meq1 = new RegExp("^(" + C + ")?" + V + C + "(" + V + ")?$");
  const mgr1 = new RegExp("^(" + C + ")?" + V + C + V + C), sV = new RegExp("^(" + C + ")?" + v);
  function porter(w) {
    if (w.length < 3 || /[^a-z]/.test(w)) return w;
    let stem, suffix, re, re2, re3, re4;
    const first = w[0];
    if (first === "y") w = "Y" + w.slice(1);
    re = /^(.+?)(ss|i)es$/; re2 = /^(.+?)([^s])s$/;
    if (re.test(w)) w = w.replace(re, "$1$2"); else if (re2.test(w)) w = w.replace(re2, "$1$2");
    re = /^(.+?)eed$/; re2 = /^(.+?)(ed|ing)$/;
    if (re.test(w)) { const fp = re.exec(w); if (mgr0.test(fp[1])) w = w.slice(0, -1); }
    else if (re2.test(w)) {
      const fp = re2.exec(w); stem = fp[1];
      if (sV.test(stem)) {
        w = stem; re2 = /(at|bl|iz)$/; re3 = /([^aeiouylsz])\1$/; re4 = new RegExp("^" + C + v + "[^aeiouwxy]$");
        if (re2.test(w)) w = w + "e"; else if (re3.test(w)) w = w.slice(0, -1); else if (re4.test(w)) w = w + "e";
      }
    }
    re = /^(.+?)y$/;
    if (re.test(w)) { const fp = re.exec(w); stem = fp[1]; if (sV.test(stem)) w = stem + "i"; }
    re = /^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/;
    if (re.test(w)) { const fp = re.exec(w); stem = fp[1]; suffix = fp[2]; if (mgr0.test(stem)) w = stem + step2list[suffix]; }
    re = /^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/;
    if (re.test(w)) { const fp = re.exec(w); stem = fp[1]; suffix = fp[2]; if (mgr0.test(stem)) w = stem + step3list[suffix]; }
    re = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/; re2 = /^(.+?)(s|t)(ion)$/;
    if (re.test(w)) { const fp = re.exec(w); stem = fp[1]; if (mgr1.test(stem)) w = stem; }
    else if (re2.test(w)) { const fp = re2.exec(w); stem = fp[1] + fp[2]; if (mgr1.test(stem)) w = stem; }
    re = /^(.+?)e$/;
    if (re.test(w)) {
      const fp = re.exec(w); stem = fp[1]; re2 = new RegExp("^" + C + v + "[^aeiouwxy]$");
      if (mgr1.test(stem) || (meq1.test(stem) && !re2.test(stem))) w = stem;
    }
    re = /ll$/;
    if (re.test(w) && mgr1.test(w)) w = w.slice(0, -1);
    if (first === "y") w = "y" + w.slice(1);
    return w;
  }
  const fold = (w) => w.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
  const stem = (w) => { const f = fold(w); return Object.prototype.hasOwnProperty.call(IX.words, f) ? IX.words[f] : porter(f); };
  const words = (text) => Array.from(text.matchAll(/[\p{L}\p{N}]+/gu));

  // The query: tokens as `kg search` reads them.
  function tokens(query) {
    const out = [];
    for (const m of query.matchAll(/"[^"]*"?|[()]|[^\s()"]+/g)) {
      const t = m[0];
      if (t === "AND" || t === "OR" || t === "NOT" || t === "(" || t === ")") { out.push({op: t}); continue; }
      const phrase = t.startsWith('"');
      let body = phrase ? t.replace(/^"|"$/g, "") : t;
      const prefix = !phrase && body.endsWith("*");
      if (prefix) body = body.replace(/\*+$/, "");
      const ws = words(body).map((m2) => stem(m2[0]));
      if (ws.length) out.push({terms: ws, prefix: prefix});
    }
    return out;
  }
  function parse(query) {
    const ts = tokens(query);
    let i = 0;
    const err = (msg) => { throw new Error(msg); };
    function primary() {
      const t = ts[i];
      if (!t) err("a term is missing at the end");
      if (t.op === "(") { i++; const e = or(); if (!ts[i] || ts[i].op !== ")") err("an opening bracket is not closed"); i++; return e; }
      if (t.op) err(t.op + " needs a term before it");
      i++; return {t: "phrase", terms: t.terms, prefix: t.prefix};
    }
    function not() {
      let e = primary();
      while (ts[i] && ts[i].op === "NOT") { i++; e = {t: "not", a: e, b: primary()}; }
      return e;
    }
    function and() {
      let e = not();
      while (ts[i] && (ts[i].op === "AND" || !ts[i].op || ts[i].op === "(")) { if (ts[i].op === "AND") i++; e = {t: "and", a: e, b: not()}; }
      return e;
    }
    function or() {
      let e = and();
      while (ts[i] && ts[i].op === "OR") { i++; e = {t: "or", a: e, b: and()}; }
      return e;
    }
    if (!ts.length) err("nothing to search for");
    const e = or();
    if (i < ts.length) err(ts[i].op === ")" ? "a closing bracket without an opening one" : "cannot read the query");
    return e;
  }
  function postings(term, prefix) {
    const found = new Map();
    const add = (list) => { for (const [d, ...pos] of list) found.set(d, (found.get(d) || []).concat(pos)); };
    if (!prefix) { if (IX.terms[term]) add(IX.terms[term]); return found; }
    let lo = 0, hi = TERMS.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (TERMS[mid] < term) lo = mid + 1; else hi = mid; }
    for (let k = lo; k < TERMS.length && TERMS[k].startsWith(term); k++) add(IX.terms[TERMS[k]]);
    for (const [d, pos] of found) found.set(d, pos.sort((x, y) => x - y));
    return found;
  }
  // A phrase: doc -> {count, positions} of its occurrences (last word may be a prefix).
  function phrase(node) {
    const lists = node.terms.map((t, k) => postings(t, node.prefix && k === node.terms.length - 1));
    const out = new Map();
    for (const [d, starts] of lists[0]) {
      const hits = [];
      for (const p of starts) {
        if (lists.every((l, k) => (l.get(d) || []).includes(p + k))) hits.push(p);
      }
      if (hits.length) out.set(d, {count: hits.length, positions: hits.flatMap((p) => node.terms.map((_, k) => p + k))});
    }
    return out;
  }
  // Evaluate: doc -> list of [phrase node, occurrence count] for ranking, and the positions to mark.
  function evaluate(node) {
    if (node.t === "phrase") {
      const m = phrase(node), out = new Map();
      for (const [d, r] of m) out.set(d, {scores: [[node, r.count]], positions: r.positions});
      return out;
    }
    const a = evaluate(node.a), b = evaluate(node.b), out = new Map();
    if (node.t === "not") { for (const [d, r] of a) if (!b.has(d)) out.set(d, r); return out; }
    const merge = (x, y) => ({scores: x.scores.concat(y.scores), positions: x.positions.concat(y.positions)});
    if (node.t === "and") { for (const [d, r] of a) if (b.has(d)) out.set(d, merge(r, b.get(d))); return out; }
    for (const [d, r] of a) out.set(d, b.has(d) ? merge(r, b.get(d)) : r);
    for (const [d, r] of b) if (!a.has(d)) out.set(d, r);
    return out;
  }
  function phraseCount(node) {
    const m = phrase(node);
    return m.size;
  }
  function search(query, limit) {
    const tree = parse(query);
    const found = evaluate(tree);
    const idf = new Map();
    const hits = [];
    for (const [d, r] of found) {
      let score = 0;
      for (const [node, f] of r.scores) {
        if (!idf.has(node)) { const n = phraseCount(node); let x = Math.log((N - n + 0.5) / (n + 0.5)); if (x <= 0) x = 1e-6; idf.set(node, x); }
        score -= idf.get(node) * (f * 2.2) / (f + 1.2 * (0.25 + 0.75 * IX.lengths[d] / AVG));
      }
      hits.push({doc: d, score: score, positions: new Set(r.positions)});
    }
    hits.sort((x, y) => x.score - y.score || x.doc - y.doc);
    return hits.slice(0, limit || 50);
  }
  return {search: search, stem: stem, porter: porter, docs: IX.docs, words: words};
})();

function kgEscape(s) { return String(s).replace(/[&<>"']/g, (ch) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[ch])); }

function kgMarked(text, positions) {
  let out = "", last = 0, k = 0;
  for (const m of KG.words(text)) {
    if (positions.has(k)) { out += kgEscape(text.slice(last, m.index)) + "<mark>" + kgEscape(m[0]) + "</mark>"; last = m.index + m[0].length; }
    k++;
  }
  return out + kgEscape(text.slice(last));
}

function kgRun() {
  const q = document.getElementById("q").value;
  const list = document.getElementById("hits"), status = document.getElementById("status");
  list.innerHTML = "";
  if (!q.trim()) { status.textContent = ""; return; }
  let hits;
  try { hits = KG.search(q, 50); } catch (e) { status.textContent = "Cannot search: " + e.message; return; }
  status.textContent = hits.length ? hits.length + (hits.length === 50 ? "+ " : " ") + "passages, best first" : "No passage matches.";
  hits.forEach((h, i) => {
    const [page, file, para, letter, item, meeting, kind, text] = KG.docs[h.doc];
    const where = [file, para !== null ? "para. " + para : "", kind === "recommendation" ? item + " (" + letter + ")" : (item ? "item " + item : "")].filter(Boolean).join(", ");
    const li = document.createElement("li");
    li.className = "hit"; li.dataset.rank = String(i + 1); li.dataset.page = page;
    li.innerHTML = '<a class="where" href="' + kgEscape(page) + '">' + kgEscape(where) + "</a> <span class=\"meeting\">" +
      kgEscape(meeting || "") + "</span><p>" + kgMarked(text, h.positions) + "</p>";
    list.appendChild(li);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("q");
  const params = new URLSearchParams(window.location.search);
  if (params.get("q")) box.value = params.get("q");
  document.getElementById("form").addEventListener("submit", (ev) => { ev.preventDefault(); kgRun(); });
  kgRun();
});
