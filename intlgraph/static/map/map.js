/* intlgraph cooperation map: draws the network with vis-network, offline.
 * Every text from the data is put in the page with textContent (never as HTML). */
(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("ig-data").textContent);
  var ui = data.ui;
  var state = (window.intlgraphMap = {
    nodes: data.nodes.length,
    edges: data.edges.length,
    drawn: false,
    firstDrawMs: null,
    drawnNodes: 0,
    drawnEdges: 0,
    errors: []
  });

  var SCALE = { min: 8, max: 40, label: { min: 11, max: 22 } };  // node and label sizes (px)
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

  var container = document.getElementById("ig-network");
  // the scale of the first view: the layout's own view fitted in the frame, or (as
  // vis-network fits it) all the nodes
  function firstScale() {
    var v = data.view, w = container.clientWidth || 800, h = container.clientHeight || 600;
    if (!v) {
      v = [Infinity, Infinity, -Infinity, -Infinity];
      data.nodes.forEach(function (n) {
        v[0] = Math.min(v[0], n.x); v[1] = Math.min(v[1], n.y); v[2] = Math.max(v[2], n.x); v[3] = Math.max(v[3], n.y);
      });
      if (!(v[2] > v[0]) && !(v[3] > v[1])) return 1;
    }
    return Math.min(1, (w - 16) / Math.max(1, v[2] - v[0]), (h - 16) / Math.max(1, v[3] - v[1]));
  }

  // colours and shapes come once per category / tie kind; the node and edge objects share them
  var nodeColors = {};
  Object.keys(data.styles).forEach(function (cat) {
    var c = data.styles[cat].color;
    nodeColors[cat] = { background: c, border: "#444444", highlight: { background: c, border: "#000000" },
                        hover: { background: c, border: "#000000" } };
  });
  // an edge's colour is a plain string (highlight and hover colours are global options):
  // per-edge colour objects cost about a quarter of the 5,000-node map's first draw
  var edgeColors = data.edgeColors;
  // without a layout's sizes, the node and label sizes follow the measure as vis-network's
  // own scaling would make them (linear from the least to the greatest value), computed here:
  // its scaling reads every node's label options a second time (a fifth of the first draw)
  var least = Infinity, most = -Infinity, fonts = {};
  if (!data.placed) {
    data.nodes.forEach(function (n) { least = Math.min(least, n.value); most = Math.max(most, n.value); });
  }
  data.nodes.forEach(function (n) {
    n.color = nodeColors[n.cat]; n.shape = data.styles[n.cat].shape;
    n.measure = n.value;
    delete n.value;
    if (data.placed) {  // size, font size and place decided by the layout in Python
      n.font = { size: n.fs, face: data.fontFace, color: "#222222" };
      n.fixed = true;
    } else {
      var scale = most === least ? 0.5 : (n.measure - least) / (most - least);
      var fs = Math.round((SCALE.label.min + scale * (SCALE.label.max - SCALE.label.min)) * 4) / 4;
      n.size = SCALE.min + scale * (SCALE.max - SCALE.min);
      n.font = fonts[fs] || (fonts[fs] = { size: fs });  // shared: a few dozen sizes
    }
  });
  // planned ties are dashed 5 px on screen at any zoom: vis-network dashes in the layout's
  // units, so a zoomed-out view of thousands of long edges would be cut into hundreds of
  // thousands of sub-pixel dashes (a fifth of a 5,000-node map's first draw); the pattern
  // is set for the first view's scale and reset when the zoom changes by half or double
  var dashScale = Math.min(1, firstScale());
  function dashes() { var d = 5 / dashScale; return [d, d]; }
  var dashed = [];
  data.edges.forEach(function (e) {
    e.color = edgeColors[e.kind];
    if (e.dashes) { e.dashes = dashes(); dashed.push(e.id); }
  });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

  var options = {
    autoResize: true,
    nodes: {
      borderWidth: 1,
      font: { size: 13, face: data.fontFace, strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { label: { drawThreshold: data.large ? 9 : 3 } }
    },
    edges: {
      smooth: data.large || data.placed ? false : { type: "continuous" },
      color: { inherit: false, highlight: "#000000" },
      selectionWidth: 2
    },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: data.large, hideEdgesOnZoom: data.large, navigationButtons: false },
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: data.physics ? {
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -60, springLength: 90, avoidOverlap: 0.4 },
      stabilization: { enabled: true, iterations: 250, updateInterval: 50, fit: true }
    } : false
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  state.network = network;
  if (data.physics) {
    network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: false }); });
  }
  // the default view: the layout at its own size (labels at the font size the layout chose),
  // smaller only when the frame is too small for it
  function home() {
    if (!data.view) { network.fit(); return; }
    var v = data.view, w = container.clientWidth, h = container.clientHeight;
    var scale = Math.min(1, (w - 16) / (v[2] - v[0]), (h - 16) / (v[3] - v[1]));
    network.moveTo({ position: { x: (v[0] + v[2]) / 2, y: (v[1] + v[3]) / 2 }, scale: scale });
  }
  if (data.view) home();
  state.home = home;
  var dashTimer = null;
  network.on("afterDrawing", function () {
    var scale = Math.min(1, network.getScale());
    if (dashTimer !== null || !dashed.length || (scale < 2 * dashScale && scale > dashScale / 2)) return;
    dashTimer = setTimeout(function () {
      dashTimer = null;
      dashScale = Math.min(1, network.getScale());
      edges.update(dashed.map(function (id) { return { id: id, dashes: dashes() }; }));
    }, 0);
  });
  state.dashScale = function () { return dashScale; };
  // the caption of the group of organisations without a tie, where the layout put it
  network.on("afterDrawing", function (ctx) {
    if (!data.caption) return;
    ctx.save();
    ctx.font = "600 " + data.caption.size + "px " + data.fontFace;
    ctx.fillStyle = "#555555";
    ctx.textBaseline = "top";
    ctx.fillText(data.caption.text, data.caption.x, data.caption.y);
    ctx.restore();
  });
  // what was drawn where, in the page's pixels: for checking that no label overlaps another
  state.boxes = function () {
    var frame = container.getBoundingClientRect();
    function rect(left, top, right, bottom) {
      var a = network.canvasToDOM({ x: left, y: top }), b = network.canvasToDOM({ x: right, y: bottom });
      return { left: a.x + frame.left, top: a.y + frame.top, right: b.x + frame.left, bottom: b.y + frame.top };
    }
    return network.body.nodeIndices.map(function (id) {
      var node = network.body.nodes[id], size = node.labelModule.size, r = node.options.size;
      return {
        id: id, text: node.options.label,
        label: rect(size.left, size.top, size.left + size.width, size.top + size.height),
        node: rect(node.x - r, node.y - r, node.x + r, node.y + r),
        font: node.labelModule.fontOptions.size * network.getScale()
      };
    });
  };
  network.on("afterDrawing", function () {
    state.drawnNodes = network.body.nodeIndices.length;
    state.drawnEdges = network.body.edgeIndices.length;
    if (!state.drawn) {
      state.drawn = true;
      state.firstDrawMs = performance.now();
      state.buildMs = performance.now() - started;
    }
  });

  // --- legend --------------------------------------------------------------------------
  var SVG = "http://www.w3.org/2000/svg";
  function swatchNode(color, shape) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "14"); svg.setAttribute("height", "14");
    var s;
    if (shape === "dot") {
      s = document.createElementNS(SVG, "circle");
      s.setAttribute("cx", "7"); s.setAttribute("cy", "7"); s.setAttribute("r", "6");
    } else if (shape === "square") {
      s = document.createElementNS(SVG, "rect");
      s.setAttribute("x", "1"); s.setAttribute("y", "1"); s.setAttribute("width", "12"); s.setAttribute("height", "12");
    } else {
      var pts = {
        diamond: "7,0 14,7 7,14 0,7", triangle: "7,1 13,13 1,13", triangleDown: "1,1 13,1 7,13",
        star: "7,0 9,5 14,5 10,8 12,14 7,10 2,14 4,8 0,5 5,5", hexagon: "3,1 11,1 14,7 11,13 3,13 0,7"
      }[shape] || "7,0 14,7 7,14 0,7";
      s = document.createElementNS(SVG, "polygon");
      s.setAttribute("points", pts);
    }
    s.setAttribute("fill", color); s.setAttribute("stroke", "#555"); s.setAttribute("stroke-width", "0.6");
    svg.appendChild(s);
    return svg;
  }
  function swatchEdge(color, dashed) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "26"); svg.setAttribute("height", "10");
    var l = document.createElementNS(SVG, "line");
    l.setAttribute("x1", "1"); l.setAttribute("y1", "5"); l.setAttribute("x2", "25"); l.setAttribute("y2", "5");
    l.setAttribute("stroke", color); l.setAttribute("stroke-width", "2.5");
    if (dashed) l.setAttribute("stroke-dasharray", "5,3");
    svg.appendChild(l);
    return svg;
  }
  var legend = document.getElementById("ig-legend");
  legend.appendChild(el("h2", null, ui.legend_nodes));
  data.legend.categories.forEach(function (c) {
    var row = el("div", "ig-row"); row.appendChild(swatchNode(c.color, c.shape)); row.appendChild(el("span", null, c.name));
    legend.appendChild(row);
  });
  legend.appendChild(el("h2", null, ui.legend_ties));
  data.legend.kinds.forEach(function (k) {
    var row = el("div", "ig-row"); row.appendChild(swatchEdge(k.color, false)); row.appendChild(el("span", null, k.name));
    legend.appendChild(row);
  });
  [[false, ui.held], [true, ui.planned]].forEach(function (p) {
    var row = el("div", "ig-row"); row.appendChild(swatchEdge("#555", p[0])); row.appendChild(el("span", null, p[1]));
    legend.appendChild(row);
  });
  legend.appendChild(el("div", "ig-meta", ui.size_note));

  // --- filters and search ----------------------------------------------------------------
  function fillSelect(id, items) {
    var select = document.getElementById(id);
    var all = el("option", null, ui.all); all.value = ""; select.appendChild(all);
    items.forEach(function (item) { var o = el("option", null, item.name); o.value = item.key; select.appendChild(o); });
    return select;
  }
  var catSelect = fillSelect("ig-category", data.legend.categories);
  var kindSelect = fillSelect("ig-kind", data.legend.kinds);
  var names = document.getElementById("ig-names");
  var namesFilled = false;
  function fillNames() {  // the search suggestions: built on first use, not before the first draw
    if (namesFilled) return;
    namesFilled = true;
    var list = document.createDocumentFragment();
    more().nodes.forEach(function (n) { var o = el("option"); o.value = n.name; list.appendChild(o); });
    names.appendChild(list);
  }

  function applyFilters() {
    var cat = catSelect.value, kind = kindSelect.value;
    var visible = {}, edgeHidden = {};
    var nodeUpdates = data.nodes.map(function (n) {
      var show = !cat || n.cat === cat;
      visible[n.id] = show;
      return { id: n.id, hidden: !show };
    });
    var shown = 0;
    var edgeUpdates = data.edges.map(function (e) {
      var show = visible[e.from] && visible[e.to] && (!kind || (e.kinds || [e.kind]).indexOf(kind) >= 0);
      if (show) shown += 1;
      edgeHidden[e.id] = !show;
      return { id: e.id, hidden: !show };
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    var count = nodeUpdates.filter(function (u) { return !u.hidden; }).length;
    showCount(count, data.edges.filter(function (e) { return !edgeHidden[e.id]; }), shown);
  }
  catSelect.addEventListener("change", applyFilters);
  kindSelect.addEventListener("change", applyFilters);
  function showCount(nodeCount, shownEdges, lineCount) {
    var ties = {};
    shownEdges.forEach(function (e) { e.t.forEach(function (t) { ties[t] = true; }); });
    var tieCount = Object.keys(ties).length;
    state.shown = { organisations: nodeCount, ties: tieCount, lines: lineCount };
    text("ig-count", ui.count_ties.replace("%n", nodeCount).replace("%t", tieCount).replace("%e", lineCount));
  }
  showCount(data.nodes.length, data.edges, data.edges.length);

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
  function go() {
    var n = find(search.value);
    if (!n) return;
    network.selectNodes([n.id]);
    network.focus(n.id, { scale: 1.3, animation: { duration: 400 } });
    highlight(n.id);
  }
  search.addEventListener("change", go);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") go(); });

  // --- neighbourhood highlight -----------------------------------------------------------
  var dimmed = false;
  function fontOf(n, color) {
    return data.placed ? { size: n.fs, face: data.fontFace, color: color } : { color: color };
  }
  function highlight(id) {
    var near = {}; near[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { near[n] = true; });
    var nearEdges = {};
    network.getConnectedEdges(id).forEach(function (e) { nearEdges[e] = true; });
    nodes.update(data.nodes.map(function (n) {
      return near[n.id] ? { id: n.id, color: n.color, font: fontOf(n, "#222222") }
        : { id: n.id, color: { background: "#e6e6e6", border: "#d0d0d0" }, font: fontOf(n, "#c8c8c8") };
    }));
    edges.update(data.edges.map(function (e) {
      return { id: e.id, color: nearEdges[e.id] ? e.color : { color: "#eeeeee" } };
    }));
    dimmed = true;
  }
  function reset() {
    if (!dimmed) return;
    nodes.update(data.nodes.map(function (n) { return { id: n.id, color: n.color, font: fontOf(n, "#222222") }; }));
    edges.update(data.edges.map(function (e) { return { id: e.id, color: e.color }; }));
    dimmed = false;
  }
  network.on("click", function (params) {
    if (params.nodes.length) highlight(params.nodes[0]); else reset();
  });

  // --- tooltips (built with textContent) -------------------------------------------------
  var tip = document.getElementById("ig-tooltip");
  function place(pointer) {
    var x = pointer.x + 14, y = pointer.y + 14;
    var box = container.getBoundingClientRect();
    tip.hidden = false;
    if (x + tip.offsetWidth > box.width) x = Math.max(0, pointer.x - tip.offsetWidth - 14);
    if (y + tip.offsetHeight > box.height) y = Math.max(0, pointer.y - tip.offsetHeight - 14);
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }
  function nodeTip(node) {
    var n = info(node.id);
    tip.replaceChildren(el("div", "ig-head", n.name));
    tip.appendChild(el("div", "ig-meta", n.typeName + (n.country ? " · " + n.country : "")));
    tip.appendChild(el("div", "ig-meta", ui.degree + ": " + n.degree));
    if (n.margin !== undefined) {  // a sampled size measure: the estimate and its 95% margin
      tip.appendChild(el("div", "ig-meta", node.measure.toPrecision(3) + " ± " + n.margin.toPrecision(2)));
    }
  }
  function edgeTip(e) {
    var ties = more().ties[e.id];
    tip.replaceChildren(el("div", "ig-head", info(e.from).short + " — " + info(e.to).short));
    ties.slice(0, 12).forEach(function (t) {
      var box = el("div", "ig-tie");
      box.appendChild(el("div", null, t.label || t.kindName));
      var meta = [t.kindName];
      if (t.status) meta.push(ui.status + ": " + t.status);
      if (t.date) meta.push(ui.date + ": " + t.date);
      if (t.as_of) meta.push(ui.as_of + ": " + t.as_of);
      box.appendChild(el("div", "ig-meta", meta.join(" · ")));
      if (t.sources.length) box.appendChild(el("div", "ig-meta", ui.source + ": " + t.sources.join(", ")));
      tip.appendChild(box);
    });
    if (ties.length > 12) tip.appendChild(el("div", "ig-meta", "… +" + (ties.length - 12)));
  }
  network.on("hoverNode", function (p) { nodeTip(byId[p.node]); place(p.pointer.DOM); });
  network.on("hoverEdge", function (p) { edgeTip(edgeById[p.edge]); place(p.pointer.DOM); });
  network.on("blurNode", function () { tip.hidden = true; });
  network.on("blurEdge", function () { tip.hidden = true; });
  network.on("dragStart", function () { tip.hidden = true; });
})();
