// congress-kg network page: draws the data of #kg-data with vis.js; search, filters, tooltips, selection.
// Every text from the graph reaches the page through textContent, never as HTML.
(function () {
  "use strict";
  var MAX_FIT_SCALE = 1.1;  // a page of a few nodes is not blown up to fill the screen
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var options = typeof data.options === "string" ? JSON.parse(data.options) : data.options;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // A source passage: the quote marked within the words around it, then where it is from.
  function quoteElement(q) {
    var quote = el("blockquote");
    if (q.before) quote.appendChild(document.createTextNode(q.before));
    quote.appendChild(el(q.before || q.after ? "mark" : "span", "", q.text));
    if (q.after) quote.appendChild(document.createTextNode(q.after));
    if (q.source) quote.appendChild(el("cite", "", q.source));
    return quote;
  }

  // A tooltip as DOM elements: heading, kind, rows, quotes with their source.
  function tipElement(tip) {
    var box = el("div", "kg-tip");
    box.appendChild(el("div", "kg-tip-heading", tip.heading));
    if (tip.kind) box.appendChild(el("div", "kg-tip-kind", tip.kind));
    if (tip.rows && tip.rows.length) {
      var table = el("table");
      tip.rows.forEach(function (row) {
        var tr = el("tr");
        tr.appendChild(el("th", "", row[0]));
        tr.appendChild(el("td", "", row[1]));
        table.appendChild(tr);
      });
      box.appendChild(table);
    }
    (tip.quotes || []).forEach(function (q) { box.appendChild(quoteElement(q)); });
    return box;
  }

  data.nodes.forEach(function (n) { n.title = tipElement(n.kg.tip); });
  data.edges.forEach(function (e) { e.title = tipElement(e.kg.tip); });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.kgNetwork = network;

  // Physics settles, then stops for good: dragging a node no longer moves the others.
  function settled() {
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    if (network.getScale() > MAX_FIT_SCALE) network.moveTo({ scale: MAX_FIT_SCALE, animation: false });
    document.getElementById("kg-loading").hidden = true;
    document.body.dataset.settled = "yes";
  }
  network.once("stabilizationIterationsDone", settled);
  if (data.nodes.length === 0) settled();

  // Selection panel: the tooltip of the selected node, and a link to its own page.
  var selection = document.getElementById("kg-selection");
  var selectionBody = document.getElementById("kg-selection-body");
  var selectionLink = document.getElementById("kg-selection-link");
  function showSelection(id) {
    var node = id === undefined ? null : nodes.get(id);
    selectionBody.replaceChildren();
    if (!node) { selection.hidden = true; return; }
    selectionBody.appendChild(tipElement(node.kg.tip));
    if (node.kg.url) { selectionLink.href = node.kg.url; selectionLink.hidden = false; }
    else { selectionLink.removeAttribute("href"); selectionLink.hidden = true; }
    selection.hidden = false;
  }
  network.on("click", function (params) { showSelection(params.nodes[0]); });
  network.on("doubleClick", function (params) {
    var node = params.nodes.length ? nodes.get(params.nodes[0]) : null;
    if (node && node.kg.url) window.location.href = node.kg.url;
  });

  // Filters: classes ticked in the legend, and one meeting or all.
  var meetingSelect = document.getElementById("kg-meeting");
  var classBoxes = Array.prototype.slice.call(document.querySelectorAll("input.kg-class"));
  function applyFilters() {
    var shown = {};
    classBoxes.forEach(function (box) { shown[box.value] = box.checked; });
    var meeting = meetingSelect.value;
    nodes.update(nodes.get().map(function (n) {
      var visible = shown[n.kg.group] !== false && (!meeting || n.kg.meetings.indexOf(meeting) >= 0);
      return { id: n.id, hidden: !visible };
    }));
  }
  classBoxes.forEach(function (box) { box.addEventListener("change", applyFilters); });
  meetingSelect.addEventListener("change", applyFilters);

  // Search: every node whose caption, name or details hold the words typed.
  var status = document.getElementById("kg-search-status");
  document.getElementById("kg-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var query = document.getElementById("kg-search").value.trim().toLowerCase();
    if (!query) { network.unselectAll(); status.textContent = ""; showSelection(); return; }
    var found = nodes.get({ filter: function (n) { return n.kg.search.indexOf(query) >= 0; } });
    if (!found.length) { status.textContent = "no match"; network.unselectAll(); showSelection(); return; }
    var ids = found.map(function (n) { return n.id; });
    network.selectNodes(ids);
    network.focus(ids[0], { scale: 1.3, animation: false });
    showSelection(ids[0]);
    var hidden = found.filter(function (n) { return n.hidden; }).length;
    status.textContent = found.length + (found.length === 1 ? " match: " : " matches, first: ") + found[0].kg.caption +
      (hidden ? " (" + hidden + " hidden by a filter)" : "");
  });
})();
