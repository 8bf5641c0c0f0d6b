/* intlgraph cooperation map, WebGL renderer (sigma.js + graphology), offline: for networks
 * too large for vis-network's canvas. Same page, same data, same search, filters, legend and
 * tooltips as map.js. Every text from the data is put in the page with textContent. */
(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("ig-data").textContent);
  var ui = data.ui;
  var state = (window.intlgraphMap = {
    renderer: "webgl", nodes: data.nodes.length, edges: data.edges.length, drawn: false,
    firstDrawMs: null, drawnNodes: 0, drawnEdges: 0, errors: []
  });

  function text(id, value) { document.getElementById(id).textContent = value; }
  function el(tag, cls, value) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (value !== undefined && value !== null) e.textContent = String(value);
    return e;
  }
  var details = null;  // names, tooltips, search: parsed on first use
  function more() {
    if (!details) details = JSON.parse(document.getElementById("ig-details").textContent);
    return details;
  }
  function info(id) { return more().nodes[id]; }
  text("ig-title", data.title);
  text("ig-search-label", ui.search);
  text("ig-category-label", ui.type);
  text("ig-kind-label", ui.kind);

  // --- the graph ---------------------------------------------------------------------------
  var lo = Infinity, hi = -Infinity;
  data.nodes.forEach(function (n) { lo = Math.min(lo, n.value); hi = Math.max(hi, n.value); });
  function size(value) { return hi > lo ? 3 + 14 * Math.sqrt((value - lo) / (hi - lo)) : 5; }
  var graph = new graphology.Graph({ type: "undirected", multi: false, allowSelfLoops: false });
  var byId = {};
  data.nodes.forEach(function (n) {
    byId[n.id] = n;
    graph.addNode(String(n.id), { x: n.x, y: -n.y, size: size(n.value), label: n.label,
                                  color: data.styles[n.cat].color });
  });
  var edgeById = {};
  data.edges.forEach(function (e) {
    edgeById[e.id] = e;
    if (e.from === e.to || graph.hasEdge(String(e.from), String(e.to))) return;
    graph.addEdgeWithKey(String(e.id), String(e.from), String(e.to), {
      color: e.dashes ? "#c8c8c8" : data.edgeColors[e.kind], size: Math.max(0.5, (e.width || 1) * 0.6)
    });
  });

  // --- what is shown: filters, search highlight --------------------------------------------
  var filterCat = "", filterKind = "", focus = null, near = null;
  function nodeShown(n) { return !filterCat || n.cat === filterCat; }
  function edgeShown(e) {
    return nodeShown(byId[e.from]) && nodeShown(byId[e.to]) &&
      (!filterKind || (e.kinds || [e.kind]).indexOf(filterKind) >= 0);
  }
  var container = document.getElementById("ig-network");
  var renderer = new Sigma(graph, container, {
    labelRenderedSizeThreshold: 6,
    labelDensity: 0.5,
    hideEdgesOnMove: data.nodes.length > 20000,
    zIndex: true,
    nodeReducer: function (key, attrs) {
      var n = byId[key];
      if (!nodeShown(n)) return Object.assign({}, attrs, { hidden: true });
      if (near && !near[key]) return Object.assign({}, attrs, { color: "#e6e6e6", label: "", zIndex: 0 });
      if (near) return Object.assign({}, attrs, { zIndex: 1, forceLabel: key === focus, highlighted: key === focus });
      return attrs;
    },
    edgeReducer: function (key, attrs) {
      var e = edgeById[key];
      if (!edgeShown(e)) return Object.assign({}, attrs, { hidden: true });
      if (near && String(e.from) !== focus && String(e.to) !== focus) return Object.assign({}, attrs, { color: "#f0f0f0" });
      return attrs;
    }
  });
  state.network = renderer;
  state.graph = graph;
  state.drawnNodes = graph.order;
  state.drawnEdges = graph.size;
  state.drawn = true;  // sigma draws once in its constructor
  state.firstDrawMs = performance.now();
  state.buildMs = state.firstDrawMs - started;

  // --- legend ------------------------------------------------------------------------------
  var legend = document.getElementById("ig-legend");
  function swatch(color, width, height, dashed) {
    var s = el("span"); s.style.display = "inline-block"; s.style.width = width + "px"; s.style.height = height + "px";
    s.style.background = color; s.style.borderRadius = height > 8 ? "50%" : "0";
    if (dashed) s.style.opacity = "0.45";
    return s;
  }
  legend.appendChild(el("h2", null, ui.legend_nodes));
  data.legend.categories.forEach(function (c) {
    var row = el("div", "ig-row"); row.appendChild(swatch(c.color, 12, 12)); row.appendChild(el("span", null, c.name));
    legend.appendChild(row);
  });
  legend.appendChild(el("h2", null, ui.legend_ties));
  data.legend.kinds.forEach(function (k) {
    var row = el("div", "ig-row"); row.appendChild(swatch(k.color, 24, 3)); row.appendChild(el("span", null, k.name));
    legend.appendChild(row);
  });
  [[false, ui.held], [true, ui.planned]].forEach(function (p) {
    var row = el("div", "ig-row"); row.appendChild(swatch(p[0] ? "#c8c8c8" : "#555", 24, 3)); row.appendChild(el("span", null, p[1]));
    legend.appendChild(row);
  });
  legend.appendChild(el("div", "ig-meta", ui.size_note));

  // --- filters and search ------------------------------------------------------------------
  function fillSelect(id, items) {
    var select = document.getElementById(id);
    var all = el("option", null, ui.all); all.value = ""; select.appendChild(all);
    items.forEach(function (item) { var o = el("option", null, item.name); o.value = item.key; select.appendChild(o); });
    return select;
  }
  var catSelect = fillSelect("ig-category", data.legend.categories);
  var kindSelect = fillSelect("ig-kind", data.legend.kinds);
  function count() {
    var shownNodes = 0, shownEdges = 0;
    data.nodes.forEach(function (n) { if (nodeShown(n)) shownNodes += 1; });
    graph.forEachEdge(function (key) { if (edgeShown(edgeById[key])) shownEdges += 1; });
    text("ig-count", ui.count.replace("%n", shownNodes).replace("%e", shownEdges));
    state.shownNodes = shownNodes; state.shownEdges = shownEdges;
  }
  function applyFilters() {
    filterCat = catSelect.value; filterKind = kindSelect.value;
    count();
    renderer.refresh();
  }
  catSelect.addEventListener("change", applyFilters);
  kindSelect.addEventListener("change", applyFilters);
  text("ig-count", ui.count.replace("%n", data.nodes.length).replace("%e", graph.size));

  var names = document.getElementById("ig-names");
  var namesFilled = false;
  function fillNames() {
    if (namesFilled) return;
    namesFilled = true;
    var list = document.createDocumentFragment();
    more().nodes.forEach(function (n) { var o = el("option"); o.value = n.name; list.appendChild(o); });
    names.appendChild(list);
  }
  var search = document.getElementById("ig-search");
  search.addEventListener("focus", fillNames);
  function find(value) {
    var q = value.trim().toLowerCase();
    if (!q) return null;
    var exact = null, partial = null;
    more().nodes.forEach(function (d, id) {
      var hay = (d.name + " " + d.short).toLowerCase();
      if (!exact && (d.name.toLowerCase() === q || d.short.toLowerCase() === q)) exact = byId[id];
      if (!partial && hay.indexOf(q) >= 0) partial = byId[id];
    });
    return exact || partial;
  }
  function highlight(key) {
    focus = key; near = {}; near[key] = true;
    graph.forEachNeighbor(key, function (m) { near[m] = true; });
    state.focus = key;
    renderer.refresh();
  }
  function reset() { focus = null; near = null; state.focus = null; renderer.refresh(); }
  function go() {
    var n = find(search.value);
    if (!n) return;
    var key = String(n.id);
    highlight(key);
    var pos = renderer.getNodeDisplayData(key);
    if (pos) renderer.getCamera().animate({ x: pos.x, y: pos.y, ratio: 0.08 }, { duration: 400 });
  }
  search.addEventListener("change", go);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") go(); });
  renderer.on("clickNode", function (p) { highlight(p.node); });
  renderer.on("clickStage", reset);

  // --- tooltips (built with textContent) ---------------------------------------------------
  var tip = document.getElementById("ig-tooltip");
  function place(x, y) {
    var box = container.getBoundingClientRect();
    tip.hidden = false;
    x += 14; y += 14;
    if (x + tip.offsetWidth > box.width) x = Math.max(0, x - tip.offsetWidth - 28);
    if (y + tip.offsetHeight > box.height) y = Math.max(0, y - tip.offsetHeight - 28);
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }
  function nodeTip(node) {
    var n = info(node.id);
    tip.replaceChildren(el("div", "ig-head", n.name));
    tip.appendChild(el("div", "ig-meta", n.typeName + (n.country ? " · " + n.country : "")));
    tip.appendChild(el("div", "ig-meta", ui.degree + ": " + n.degree));
    if (n.margin !== undefined) {
      tip.appendChild(el("div", "ig-meta", node.value.toPrecision(3) + " ± " + n.margin.toPrecision(2)));
    }
  }
  renderer.on("enterNode", function (p) { nodeTip(byId[p.node]); place(p.event.x, p.event.y); });
  renderer.on("leaveNode", function () { tip.hidden = true; });
  state.tip = function (id) { nodeTip(byId[id]); place(10, 10); return tip.textContent; };
})();
