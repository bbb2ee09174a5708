/* swedu presentation: one slide at a time in Voila's page, from each cell's slideshow metadata.
   "slide" and "subslide" start a new slide; "-" and "fragment" continue it; "skip" and "notes" are
   hidden. Buttons (keyboard reachable) and the keys Left/Right, Page Up/Page Down, Home/End move
   between slides; the slide number is kept in the address (#slide-N), so a reload stays put.
   A lecturer's presentation (and only that one) receives the lecturer notes by cell id: the S key or
   the "Speaker notes" button opens a panel with the notes of the current slide. */
(function () {
  "use strict";
  function readJson(id, fallback) {
    var element = document.getElementById(id);
    try { return element ? JSON.parse(element.textContent) : fallback; } catch (e) { return fallback; }
  }
  var types = readJson("swedu-slide-types", []);
  var cellIds = readJson("swedu-cell-ids", []);
  var config = readJson("swedu-present-config", {}) || {};
  var labels = Object.assign({
    previous: "Previous", next: "Next", slide_of: "Slide {number} of {total}",
    all_slides: "Show the whole lesson", one_slide: "One slide at a time", controls: "Slide controls",
    keys_help: "", lecturer: ""
  }, config.labels || {});
  var cells = Array.prototype.slice.call(document.querySelectorAll("#rendered_cells div[cell-index]"));
  var slides = [];
  cells.forEach(function (cell) {
    var index = parseInt(cell.getAttribute("cell-index"), 10) - 1;
    var type = types[index] || "-";
    cell.setAttribute("data-slide-type", type);
    if (type === "skip" || type === "notes") { cell.classList.add("swedu-hidden-cell"); return; }
    if (type === "slide" || type === "subslide" || slides.length === 0) { slides.push([]); }
    slides[slides.length - 1].push(cell);
  });
  slides.forEach(function (group, number) {
    group.forEach(function (cell) { cell.setAttribute("data-slide", String(number + 1)); });
  });
  var current = 0;
  var paged = true;
  var root = document.body;

  var nav = document.createElement("nav");
  nav.id = "swedu-nav";
  nav.setAttribute("aria-label", labels.controls);
  function makeButton(id, text) {
    var b = document.createElement("button");
    b.type = "button"; b.id = id; b.textContent = text;
    nav.appendChild(b);
    return b;
  }
  var previous = makeButton("swedu-previous", "\u2190 " + labels.previous);
  var counter = document.createElement("span");
  counter.className = "swedu-counter";
  counter.setAttribute("role", "status");
  counter.setAttribute("aria-live", "polite");
  nav.appendChild(counter);
  var next = makeButton("swedu-next", labels.next + " \u2192");
  var mode = makeButton("swedu-mode", labels.all_slides);
  if (config.lecturer && labels.lecturer) {
    var lecturer = document.createElement("span");
    lecturer.className = "swedu-lecturer";
    lecturer.textContent = labels.lecturer;
    nav.appendChild(lecturer);
  }
  var notes = (config.lecturer && config.notes) || null;
  var noteLabels = config.note_labels || {};
  var notesButton = null, notesPanel = null;
  if (notes) {
    notesButton = makeButton("swedu-notes-button", noteLabels.show || "Speaker notes (S)");
    notesButton.setAttribute("aria-expanded", "false");
    notesButton.setAttribute("aria-controls", "swedu-notes");
    notesPanel = document.createElement("aside");
    notesPanel.id = "swedu-notes";
    notesPanel.setAttribute("aria-label", noteLabels.title || "Speaker notes");
    notesPanel.hidden = true;
    document.body.appendChild(notesPanel);
  }
  function fillNotes() {
    if (!notesPanel) { return; }
    notesPanel.textContent = "";
    var heading = document.createElement("h2");
    heading.textContent = noteLabels.title || "Speaker notes";
    notesPanel.appendChild(heading);
    var found = false;
    // A slide the builder made (an activity or a figure after its reading) has the notes of the
    // slide it continues.
    var from = current;
    function hasNotes(group) {
      return (group || []).some(function (cell) {
        return !!notes[cellIds[parseInt(cell.getAttribute("cell-index"), 10) - 1]];
      });
    }
    while (from > 0 && !hasNotes(slides[from])) { from -= 1; }
    (slides[from] || []).forEach(function (cell) {
      var index = parseInt(cell.getAttribute("cell-index"), 10) - 1;
      var parts = notes[cellIds[index]];
      if (!parts) { return; }
      found = true;
      var list = document.createElement("dl");
      parts.forEach(function (part) {
        var term = document.createElement("dt"); term.textContent = part[0];
        var text = document.createElement("dd"); text.textContent = part[1];
        list.appendChild(term); list.appendChild(text);
      });
      notesPanel.appendChild(list);
    });
    if (!found) {
      var none = document.createElement("p"); none.textContent = noteLabels.none || "";
      notesPanel.appendChild(none);
    }
  }
  function toggleNotes() {
    if (!notesPanel) { return; }
    notesPanel.hidden = !notesPanel.hidden;
    notesButton.setAttribute("aria-expanded", String(!notesPanel.hidden));
    fillNotes();
  }
  if (notesButton) { notesButton.addEventListener("click", toggleNotes); }
  var help = document.createElement("span");
  help.className = "swedu-keys-help";
  help.id = "swedu-keys-help";
  help.textContent = labels.keys_help;
  nav.appendChild(help);
  previous.setAttribute("aria-describedby", "swedu-keys-help");
  next.setAttribute("aria-describedby", "swedu-keys-help");
  var cellsRoot = document.getElementById("rendered_cells");
  document.body.classList.add("swedu-presenting");
  if (cellsRoot && cellsRoot.parentNode) { cellsRoot.parentNode.insertBefore(nav, cellsRoot); }
  else { document.body.insertBefore(nav, document.body.firstChild); }

  function show(number, focus) {
    if (!slides.length) { return; }
    current = Math.max(0, Math.min(slides.length - 1, number));
    cells.forEach(function (cell) {
      var on = cell.getAttribute("data-slide") === String(current + 1);
      cell.classList.toggle("swedu-off-slide", !on);
    });
    previous.disabled = !paged || current === 0;
    next.disabled = !paged || current === slides.length - 1;
    counter.textContent = paged ? labels.slide_of.replace("{number}", current + 1).replace("{total}", slides.length) : "";
    if (paged) {
      if (window.history && history.replaceState) { history.replaceState(null, "", "#slide-" + (current + 1)); }
      window.scrollTo(0, 0);
      if (cellsRoot) { cellsRoot.scrollTop = 0; }
      // Widgets measure themselves when shown: tell them the page changed.
      window.dispatchEvent(new Event("resize"));
    }
    fillNotes();
    if (focus) { focus.focus(); }
  }
  function setPaged(on) {
    paged = on;
    root.classList.toggle("swedu-paged", paged);
    mode.textContent = paged ? labels.all_slides : labels.one_slide;
    show(current);
  }
  previous.addEventListener("click", function () { show(current - 1); });
  next.addEventListener("click", function () { show(current + 1); });
  mode.addEventListener("click", function () { setPaged(!paged); });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    var tag = target && target.tagName ? target.tagName.toLowerCase() : "";
    if (tag === "input" || tag === "select" || tag === "textarea" || (target && target.isContentEditable)) { return; }
    if (notesPanel && (event.key === "s" || event.key === "S")) { event.preventDefault(); toggleNotes(); return; }
    if (!paged) { return; }
    var move = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 }[event.key];
    if (move) { event.preventDefault(); show(current + move); }
    else if (event.key === "Home") { event.preventDefault(); show(0); }
    else if (event.key === "End") { event.preventDefault(); show(slides.length - 1); }
  });
  var start = /^#slide-(\d+)$/.exec(window.location.hash || "");
  current = start ? parseInt(start[1], 10) - 1 : 0;
  window.sweduSlides = { count: function () { return slides.length; }, current: function () { return current + 1; },
                         show: function (n) { show(n - 1); } };
  setPaged(true);
}());
