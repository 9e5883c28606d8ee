// spiega serve: live reload. Injected into HTML only while serving; never written to public/.
(function () {
  "use strict";
  if (window.__spiegaLive) return;
  window.__spiegaLive = true;
  var script = document.currentScript;
  var build = script && script.dataset.build;
  var overlayId = "spiega-error-overlay";

  function removeOverlay() {
    var old = document.getElementById(overlayId);
    if (old) old.remove();
  }

  function showOverlay(text) {
    removeOverlay();
    var box = document.createElement("div");
    box.id = overlayId;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-labelledby", overlayId + "-title");
    box.setAttribute("aria-describedby", overlayId + "-text");
    box.style.cssText =
      "all:initial;position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,20,.94);color:#fff;font:15px/1.5 system-ui,sans-serif;padding:2rem;";
    var title = document.createElement("h2");
    title.id = overlayId + "-title";
    title.textContent = "The site did not build: showing the last good version";
    title.style.cssText = "all:initial;display:block;color:#ffb4a8;font:bold 1.25rem system-ui,sans-serif;margin:0 0 1rem;";
    var pre = document.createElement("pre");
    pre.id = overlayId + "-text";
    pre.textContent = text;
    pre.style.cssText =
      "all:initial;display:block;white-space:pre-wrap;color:#fff;" +
      "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;margin:0 0 1rem;";
    var note = document.createElement("p");
    note.textContent = "Fix the file and save: this page reloads by itself.";
    note.style.cssText = "all:initial;display:block;color:#ddd;font:14px system-ui,sans-serif;margin:0 0 1rem;";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Close";
    // Not `all:initial`, which would also remove the focus ring.
    close.style.cssText =
      "cursor:pointer;background:#fff;color:#111;font:bold 14px system-ui,sans-serif;" +
      "padding:.4rem 1rem;border:2px solid #fff;border-radius:4px;margin:0;";
    close.addEventListener("click", removeOverlay);
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") removeOverlay();
    });
    box.append(title, pre, note, close);
    document.body.appendChild(box);
    close.focus();
  }

  function swapStylesheets(paths) {
    var stamp = "spiega=" + Date.now();
    document.querySelectorAll('link[rel~="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      if (paths.length && paths.indexOf(url.pathname) < 0) return;
      url.search = stamp;
      var fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.addEventListener("load", function () { link.remove(); });
      fresh.addEventListener("error", function () { link.remove(); });
      link.after(fresh);
    });
  }

  function data(event) {
    try { return JSON.parse(event.data); } catch (e) { return {}; }
  }

  var source = new EventSource("/__spiega/events");
  source.addEventListener("hello", function (event) {
    var d = data(event);
    if (build && d.build && d.build !== build && !d.error) location.reload();
    if (d.error) showOverlay(d.error);
  });
  // Files a page may load itself: a change to one of them reloads every tab.
  var resource = /\.(m?js|css|svg|png|jpe?g|gif|webp|avif|ico|woff2?)$/;

  // Whether a rebuild changed what this tab shows: its own HTML, or a file it may load.
  function concerns(d) {
    if (build === "none" || !d.paths || d.more > 0) return true;
    var here = decodeURI(location.pathname);
    return d.paths.some(function (p) {
      return p === here || (here.slice(-1) === "/" && p === here + "index.html") || resource.test(p);
    });
  }

  // `reload`: a rebuild; `update`: the rest of one, after a reload that showed the edited pages
  // first. Only the tabs whose page changed reload; the others keep their place.
  function rebuilt(event) {
    var d = data(event);
    if (concerns(d)) {
      location.reload();
      return;
    }
    removeOverlay();
    build = d.build || build;
  }
  source.addEventListener("reload", rebuilt);
  source.addEventListener("update", rebuilt);
  source.addEventListener("css", function (event) {
    var d = data(event);
    removeOverlay();
    build = d.build || build;
    swapStylesheets(d.paths || []);
  });
  source.addEventListener("build-error", function (event) {
    showOverlay(data(event).text || "");
  });
})();
