// vanban review page: keyboard, list <-> box highlight, zoom, drawing a box to add a missed value.
// Plain JavaScript, no build step. Every change goes through htmx (which sends the CSRF header).
(function () {
  "use strict";

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }
  function cssId(key) { return "v-" + key.replace(/\[/g, "-").replace(/\]/g, "").replace(/\+/g, "a"); }

  // ---------------------------------------------------------------- selection (list <-> box)
  function items() { return $all("li.item"); }
  function current() { return $("li.item.selected"); }

  function select(li, scroll) {
    if (!li) { return; }
    $all("li.item.selected").forEach(function (el) { el.classList.remove("selected"); });
    $all(".box.selected").forEach(function (el) { el.classList.remove("selected"); });
    li.classList.add("selected");
    var ws = $("#workspace");
    if (ws) { ws.dataset.selected = li.dataset.item; }
    var box = document.getElementById("b-" + li.id);
    if (box) { box.classList.add("selected"); }
    if (scroll !== false) {
      li.scrollIntoView({block: "nearest"});
      if (box) { box.scrollIntoView({block: "center", inline: "nearest"}); }
    }
  }

  function move(step) {
    var list = items();
    if (!list.length) { return; }
    var at = list.indexOf(current());
    var next = at < 0 ? 0 : Math.min(list.length - 1, Math.max(0, at + step));
    select(list[next]);
  }

  function submit(li, action) {
    var form = $("form.item-form", li);
    $("input[name=action]", form).value = action;
    form.requestSubmit();
  }

  function edit(li) {
    var fields = $(".edit-fields", li);
    fields.hidden = false;
    var first = $("input[data-kind], select", fields);
    if (first) { first.focus(); if (first.select) { first.select(); } }
  }

  // ---------------------------------------------------------------- queue rows
  function rows() { return $all("tr.queue-row"); }
  function moveRow(step) {
    var list = rows();
    if (!list.length) { return; }
    var at = list.indexOf(document.activeElement);
    var next = at < 0 ? 0 : Math.min(list.length - 1, Math.max(0, at + step));
    list[next].focus();
  }

  // ---------------------------------------------------------------- zoom (CSS only: boxes are in % of the page)
  var zoom = 1;
  function applyZoom() {
    var pages = $("#pages");
    if (pages) { pages.style.setProperty("--zoom", String(zoom)); }
  }

  // ---------------------------------------------------------------- drawing a box (add a missed value)
  var drawing = false, start = null, rubber = null;
  function pointIn(page, ev) {
    var r = page.getBoundingClientRect();
    return {x: Math.min(Math.max(ev.clientX - r.left, 0), r.width), y: Math.min(Math.max(ev.clientY - r.top, 0), r.height),
            w: r.width, h: r.height};
  }
  function startDrawing() {
    drawing = true;
    document.body.classList.add("drawing");
    var msg = $("#message");
    if (msg) { msg.className = "ok"; msg.textContent = "Vẽ một ô quanh giá trị bị sót trên trang / draw a box around the missed value"; }
  }
  function stopDrawing() {
    drawing = false; start = null;
    document.body.classList.remove("drawing");
    if (rubber) { rubber.remove(); rubber = null; }
  }

  document.addEventListener("mousedown", function (ev) {
    var page = ev.target.closest && ev.target.closest(".page");
    if (!drawing || !page) { return; }
    ev.preventDefault();
    start = {page: page, p: pointIn(page, ev)};
    rubber = document.createElement("div");
    rubber.className = "box rubber";
    page.appendChild(rubber);
  });
  document.addEventListener("mousemove", function (ev) {
    if (!start) { return; }
    var p = pointIn(start.page, ev), s = start.p;
    rubber.style.left = (100 * Math.min(s.x, p.x) / p.w) + "%";
    rubber.style.top = (100 * Math.min(s.y, p.y) / p.h) + "%";
    rubber.style.width = (100 * Math.abs(p.x - s.x) / p.w) + "%";
    rubber.style.height = (100 * Math.abs(p.y - s.y) / p.h) + "%";
  });
  document.addEventListener("mouseup", function (ev) {
    if (!start) { return; }
    var page = start.page, p = pointIn(page, ev), s = start.p;
    var w = parseFloat(page.dataset.width), h = parseFloat(page.dataset.height);
    var box = {page: page.dataset.page,
               x0: (Math.min(s.x, p.x) / p.w * w).toFixed(2), y0: (Math.min(s.y, p.y) / p.h * h).toFixed(2),
               x1: (Math.max(s.x, p.x) / p.w * w).toFixed(2), y1: (Math.max(s.y, p.y) / p.h * h).toFixed(2)};
    stopDrawing();
    if (box.x1 - box.x0 < 2 || box.y1 - box.y0 < 2) { return; }
    var ws = $("#workspace");
    var body = new URLSearchParams(box);
    fetch("/doc/" + ws.dataset.sha + "/read-box", {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"X-CSRF-Token": $("meta[name=csrf-token]").content}
    }).then(function (r) { return r.json(); }).then(function (data) {
      var panel = $("#add-panel"), form = $("form", panel);
      Object.keys(box).forEach(function (k) { form.elements[k].value = box[k]; });
      form.elements.text.value = data.text || "";
      form.elements.source.value = data.source || "";
      panel.hidden = false;
      form.elements.text.focus();
      if (data.error) { $("#message").className = "error"; $("#message").textContent = data.error; }
    });
  });

  // ---------------------------------------------------------------- weak words (OCR'd pages, on demand)
  var weakShown = false;
  function showWeakWords() {
    weakShown = !weakShown;
    $all(".word").forEach(function (el) { el.remove(); });
    if (!weakShown) { return; }
    var ws = $("#workspace");
    $all('.page[data-source="ocr"]').forEach(function (page) {
      fetch("/page/" + ws.dataset.sha + "/" + page.dataset.page + "/weak-words", {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (words) {
          words.forEach(function (w) {
            var el = document.createElement("div");  // text set as text, never parsed as HTML
            el.className = "word " + (w.repair ? "repaired" : "weak");
            el.dataset.testid = "weak-word";
            el.title = w.text + " (" + Math.round(100 * w.confidence) + "%)" + (w.repair ? " — " + w.repair : "");
            el.style.left = w.left + "%"; el.style.top = w.top + "%";
            el.style.width = w.width + "%"; el.style.height = w.height + "%";
            page.appendChild(el);
          });
        });
    });
  }

  // ---------------------------------------------------------------- events
  document.addEventListener("click", function (ev) {
    var t = ev.target;
    var zoomButton = t.closest && t.closest("[data-zoom]");
    if (zoomButton) {
      var step = parseInt(zoomButton.dataset.zoom, 10);
      zoom = step === 0 ? 1 : Math.min(4, Math.max(0.5, zoom + step * 0.25));
      applyZoom();
      return;
    }
    if (t.closest && t.closest("[data-cancel-add]")) { $("#add-panel").hidden = true; return; }
    if (t.closest && t.closest("[data-weak-words]")) { showWeakWords(); return; }
    var actionButton = t.closest && t.closest("li.item [data-action]");
    if (actionButton) {
      var li = actionButton.closest("li.item");
      select(li, false);
      if (actionButton.dataset.action === "edit" && actionButton.type === "button") { ev.preventDefault(); edit(li); return; }
      $("input[name=action]", li).value = actionButton.dataset.action;
      return;  // the submit button submits the form through htmx
    }
    var box = t.closest && t.closest(".box[data-item]");
    if (box && !drawing) { select(document.getElementById(cssId(box.dataset.item))); return; }
    var item = t.closest && t.closest("li.item");
    if (item && !typing(t)) { select(item); return; }
    var row = t.closest && t.closest("tr.queue-row");
    if (row && !t.closest("a")) { window.location.href = row.dataset.href; }
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var inForm = typing(ev.target);
    if (ev.key === "Escape") {
      stopDrawing();
      var li = current();
      if (li) { $(".edit-fields", li).hidden = true; li.focus(); }
      if (ev.target.blur) { ev.target.blur(); }
      return;
    }
    if (inForm) {
      if (ev.key === "Enter" && ev.target.tagName !== "TEXTAREA") {
        var editLi = ev.target.closest("li.item");
        if (editLi) { ev.preventDefault(); submit(editLi, "edit"); }
      }
      return;
    }
    if ($("main.queue")) {
      if (ev.key === "j") { moveRow(1); ev.preventDefault(); }
      else if (ev.key === "k") { moveRow(-1); ev.preventDefault(); }
      else if (ev.key === "Enter" && document.activeElement.dataset && document.activeElement.dataset.href) {
        window.location.href = document.activeElement.dataset.href;
      }
      return;
    }
    var sel = current();
    if (ev.key === "j") { move(1); ev.preventDefault(); }
    else if (ev.key === "k") { move(-1); ev.preventDefault(); }
    else if (ev.key === "n") { startDrawing(); ev.preventDefault(); }
    else if (ev.key === "w") { showWeakWords(); ev.preventDefault(); }
    else if (!sel) { return; }
    else if (ev.key === "a") { submit(sel, "accept"); ev.preventDefault(); }
    else if (ev.key === "r") { submit(sel, "reject"); ev.preventDefault(); }
    else if (ev.key === "e") { edit(sel); ev.preventDefault(); }
    else if (ev.key === "Enter") {
      if (!$(".edit-fields", sel).hidden) { submit(sel, "edit"); } else { edit(sel); }
      ev.preventDefault();
    }
  });

  // Refused changes (invalid 422, conflict 409) still show their message: swap them in like a success.
  document.addEventListener("htmx:beforeSwap", function (ev) {
    var status = ev.detail.xhr.status;
    if (status === 409 || status === 422) { ev.detail.shouldSwap = true; ev.detail.isError = false; }
    else if (status >= 400) {
      ev.detail.shouldSwap = false;
      var msg = $("#message");
      if (msg) { msg.className = "error"; msg.textContent = ev.detail.xhr.responseText || ("HTTP " + status); }
    }
  });

  function restore() {
    applyZoom();
    if (weakShown) { weakShown = false; showWeakWords(); }
    var ws = $("#workspace");
    if (!ws) { return; }
    var key = ws.dataset.selected;
    var li = key ? document.getElementById(cssId(key)) : null;
    if (li) {
      select(li, false);
      li.scrollIntoView({block: "nearest"});
      if (li.classList.contains("st-extracted") && $("#message.error")) { edit(li); }
    }
    var ev = $("#evidence");
    if (ev) { ev.scrollIntoView({block: "center"}); }
  }
  document.addEventListener("htmx:afterSwap", restore);
  document.addEventListener("DOMContentLoaded", restore);
})();
