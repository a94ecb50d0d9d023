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
  var container = document.getElementById("kg-network");
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.kgNodes = nodes;
  window.kgEdges = edges;
  window.kgNetwork = network;
  window.kgRelabel = function () { relabel(); };  // places the labels again (tests and the console)

  // Labels keep their size on screen whatever the zoom. Where two would overlap, the one that comes first
  // (kg.rank: the page's own node, meetings, agenda items, then by degree; a selected node before all) keeps
  // its place and the other is hidden until the reader zooms in far enough or hovers its node.
  var labels = data.labels || { width: 10, pad: 2, over_nodes: [] };
  var smaller = Math.max(0.75, Math.min(1, container.getBoundingClientRect().width / 760));  // on a phone
  var fontSize = {};
  data.nodes.forEach(function (n) { fontSize[n.id] = smaller * ((n.font && n.font.size) || 14); });
  var byRank = data.nodes.slice().sort(function (a, b) { return a.kg.rank - b.kg.rank; })
    .map(function (n) { return n.id; });
  var unlabelled = {};  // ids whose label is hidden now
  var hovered = null;

  function viewBox() {
    var frame = container.getBoundingClientRect();
    var a = network.DOMtoCanvas({ x: 0, y: 0 }), b = network.DOMtoCanvas({ x: frame.width, y: frame.height });
    return { l: a.x, t: a.y, r: b.x, b: b.y };
  }

  // Boxes by the cells of a grid they touch, so that a box meets only its neighbours, not every other box.
  function Boxes(cell) { this.cell = cell; this.cells = {}; }
  Boxes.prototype.each = function (box, visit) {
    for (var i = Math.floor(box.l / this.cell); i <= Math.floor(box.r / this.cell); i++) {
      for (var j = Math.floor(box.t / this.cell); j <= Math.floor(box.b / this.cell); j++) {
        if (visit(i + "," + j) === false) return false;
      }
    }
    return true;
  };
  Boxes.prototype.add = function (box) {
    var cells = this.cells;
    this.each(box, function (key) { (cells[key] = cells[key] || []).push(box); });
  };
  Boxes.prototype.free = function (box) {
    var cells = this.cells;
    return this.each(box, function (key) {
      return (cells[key] || []).every(function (other) {
        return other.id === box.id || box.r <= other.l || box.l >= other.r || box.b <= other.t || box.t >= other.b;
      });
    });
  };
  var groupOf = {};
  data.nodes.forEach(function (n) { groupOf[n.id] = n.kg.group; });

  var lastScale = null;
  function relabel() {
    var scale = network.getScale();
    nodes.update(scale === lastScale ? Object.keys(unlabelled).map(function (id) {  // every label on
      return { id: id, label: nodes.get(id).kg.caption };
    }) : data.nodes.map(function (n) {  // at the size it keeps on screen
      return { id: n.id, label: n.kg.caption, font: { size: fontSize[n.id] / scale },
               widthConstraint: { maximum: labels.width * fontSize[n.id] / scale } };
    }));
    lastScale = scale;
    network.redraw();  // vis.js measures every label it draws: labelModule.size, in canvas pixels
    var area = viewBox(), pad = labels.pad / scale, seen = {}, hide = [];
    var kept = new Boxes(120 / scale), shapes = new Boxes(120 / scale);
    unlabelled = {};
    data.nodes.forEach(function (n) {  // a label may not cover another node, but in the groups allowed to
      var node = network.body.nodes[n.id];
      if (node && !node.options.hidden) {
        var r = node.options.size;
        shapes.add({ id: n.id, l: node.x - r, t: node.y - r, r: node.x + r, b: node.y + r });
      }
    });
    network.getSelectedNodes().concat(byRank).forEach(function (id) {
      if (seen[id]) return;
      seen[id] = true;
      var node = network.body.nodes[id];
      if (!node || node.options.hidden) return;
      var s = node.labelModule.size;
      var box = { id: id, l: s.left - pad, t: s.top - pad, r: s.left + s.width + pad, b: s.top + s.height + pad };
      var inView = box.l >= area.l && box.r <= area.r && box.t >= area.t && box.b <= area.b;  // not cut off
      if (inView && kept.free(box) && (labels.over_nodes.indexOf(groupOf[id]) >= 0 || shapes.free(box))) {
        kept.add(box);
        return;
      }
      unlabelled[id] = true;
      if (id !== hovered) hide.push({ id: id, label: "" });
    });
    nodes.update(hide);
    document.body.dataset.labels = "placed";
  }
  // While the reader zooms or drags, the labels wait; they are placed again once things stand still.
  var pending = null;
  function relabelSoon() {
    window.clearTimeout(pending);
    document.body.dataset.labels = "pending";
    pending = window.setTimeout(function () { pending = null; relabel(); }, 120);
  }
  network.on("hoverNode", function (params) {
    hovered = params.node;
    if (unlabelled[hovered]) nodes.update({ id: hovered, label: nodes.get(hovered).kg.caption });
  });
  network.on("blurNode", function (params) {
    if (hovered === params.node) hovered = null;
    if (unlabelled[params.node]) nodes.update({ id: params.node, label: "" });
  });
  ["zoom", "dragEnd", "select", "resize"].forEach(function (name) { network.on(name, relabelSoon); });

  // The whole network in view: its nodes, with room on the sides and below for labels, which keep their size.
  function fit() {
    var ids = nodes.getIds({ filter: function (n) { return !n.hidden; } });
    if (!ids.length) return;
    var at = network.getPositions(ids), box = { l: Infinity, t: Infinity, r: -Infinity, b: -Infinity };
    ids.forEach(function (id) {
      var r = network.body.nodes[id].options.size || 0;
      box.l = Math.min(box.l, at[id].x - r); box.r = Math.max(box.r, at[id].x + r);
      box.t = Math.min(box.t, at[id].y - r); box.b = Math.max(box.b, at[id].y + r);
    });
    var frame = container.getBoundingClientRect(), side = smaller * (labels.margin || 0), below = 3 * side / 4;
    var scale = Math.min(MAX_FIT_SCALE, (frame.width - 2 * side) / Math.max(box.r - box.l, 1),
                         (frame.height - side / 4 - below) / Math.max(box.b - box.t, 1));
    network.moveTo({ position: { x: (box.l + box.r) / 2, y: (box.t + box.b) / 2 + (below - side / 4) / 2 / scale },
                     scale: scale, animation: false });
  }
  // Physics settles, then stops for good: dragging a node no longer moves the others. A layered page has
  // its positions from the start and no physics at all.
  function settled() {
    network.setOptions({ physics: { enabled: false } });
    fit();
    relabel();
    document.getElementById("kg-loading").hidden = true;
    document.body.dataset.settled = "yes";
  }
  if (data.nodes.length === 0 || (options.physics && options.physics.enabled === false)) settled();
  else network.once("stabilizationIterationsDone", settled);

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
    relabel();
  }
  classBoxes.forEach(function (box) { box.addEventListener("change", applyFilters); });
  meetingSelect.addEventListener("change", function () { applyFilters(); fit(); relabel(); });

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
    relabel();
    showSelection(ids[0]);
    var hidden = found.filter(function (n) { return n.hidden; }).length;
    status.textContent = found.length + (found.length === 1 ? " match: " : " matches, first: ") + found[0].kg.caption +
      (hidden ? " (" + hidden + " hidden by a filter)" : "");
  });
})();
