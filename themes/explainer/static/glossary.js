/* Spiega explainer: glossary previews. Optional enhancement: auto-linked terms
   (a.glossary-term[data-term]) show their definition beside them on hover, keyboard focus and
   tap. Definitions come from the page's <template class="glossary-preview" data-term> elements
   (page.glossary); when a page has none, from the glossary page the link points to (fetched once,
   same site). Escape closes the preview; the pointer can move onto it; a second tap follows the
   link. Without JavaScript the links simply lead to the glossary.
   The preview is built from DOM nodes, never from an HTML string: a term is text from the site's
   data, and text read with textContent must never be parsed as HTML again. Only the site's own
   rendered HTML (a <template>'s content, the glossary page's definition) is copied as nodes. */
(function () {
  'use strict';
  var links = document.querySelectorAll('a.glossary-term[data-term]');
  if (!links.length) return;
  var ui = document.querySelector('template.glossary-ui');
  var openLabel = ui ? ui.getAttribute('data-open') : '';
  var pages = {};   // glossary page URL -> promise of its Document
  var pop = document.createElement('div');
  pop.className = 'glossary-popover';
  pop.id = 'glossary-popover';
  pop.setAttribute('role', 'tooltip');
  pop.hidden = true;
  document.body.appendChild(pop);
  var current = null;
  var hideTimer = 0;

  // Each returns a promise of the preview's nodes (a DocumentFragment), or of null.
  function fromTemplate(id) {
    var t = document.querySelector('template.glossary-preview[data-term="' + CSS.escape(id) + '"]');
    return t ? Promise.resolve(t.content.cloneNode(true)) : null;
  }

  function fromGlossary(link, id) {
    var url = link.href.split('#')[0];
    if (!pages[url]) {
      pages[url] = fetch(url).then(function (r) { return r.ok ? r.text() : ''; })
        .then(function (html) { return new DOMParser().parseFromString(html, 'text/html'); })
        .catch(function () { return null; });
    }
    return pages[url].then(function (doc) {
      var dfn = doc && doc.getElementById('term-' + id);
      var entry = dfn && dfn.closest('.glossary-entry');
      var def = entry && entry.querySelector('.definition');
      if (!def) return null;
      var nodes = document.createDocumentFragment();
      var term = document.createElement('strong');
      term.textContent = dfn.textContent;
      nodes.appendChild(term);
      nodes.appendChild(document.createTextNode(' '));
      Array.prototype.forEach.call(def.childNodes, function (child) {
        nodes.appendChild(document.importNode(child, true));
      });
      return nodes;
    });
  }

  function openLink(link) {
    var p = document.createElement('p');
    var a = document.createElement('a');
    a.href = link.href;
    a.textContent = openLabel;
    p.appendChild(a);
    return p;
  }

  function place(link) {
    var r = link.getBoundingClientRect();
    var width = pop.offsetWidth;
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    pop.style.left = left + 'px';
    pop.style.top = (r.bottom + window.scrollY + 6) + 'px';
  }

  function show(link) {
    clearTimeout(hideTimer);
    if (current === link && !pop.hidden) return;
    var id = link.getAttribute('data-term');
    current = link;
    (fromTemplate(id) || fromGlossary(link, id)).then(function (nodes) {
      if (current !== link || !nodes || !nodes.hasChildNodes()) return;
      pop.textContent = '';
      pop.appendChild(nodes);
      if (openLabel) pop.appendChild(openLink(link));
      pop.hidden = false;
      link.setAttribute('aria-describedby', pop.id);
      place(link);
    });
  }

  function hide() {
    if (current) current.removeAttribute('aria-describedby');
    pop.hidden = true;
    current = null;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 300);
  }

  Array.prototype.forEach.call(links, function (link) {
    link.addEventListener('mouseenter', function () { show(link); });
    link.addEventListener('mouseleave', hideSoon);
    link.addEventListener('focus', function () { show(link); });
    link.addEventListener('blur', function () { if (!pop.contains(document.activeElement)) hideSoon(); });
    // Touch: the first tap shows the preview, a second tap on the same term follows the link.
    // A tap also fires mouseenter and focus before click, which open the preview: so whether it
    // was open is noted at pointerdown, before those.
    link.addEventListener('pointerdown', function (e) {
      var touch = e.pointerType === 'touch';
      link.setAttribute('data-touched', touch ? '1' : '0');
      link.setAttribute('data-was-open', touch && current === link && !pop.hidden ? '1' : '0');
    });
    link.addEventListener('click', function (e) {
      if (link.getAttribute('data-touched') === '1' && link.getAttribute('data-was-open') !== '1') {
        e.preventDefault();
        show(link);
      }
      link.setAttribute('data-was-open', '0');
    });
  });
  pop.addEventListener('mouseenter', function () { clearTimeout(hideTimer); });
  pop.addEventListener('mouseleave', hideSoon);
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape' && !pop.hidden) hide(); });
  document.addEventListener('click', function (e) {
    if (!pop.hidden && !pop.contains(e.target) && e.target !== current) hide();
  });
})();
