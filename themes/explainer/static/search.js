/* Spiega explainer: site search. Optional enhancement: without JavaScript the search form stays
   hidden and nothing else changes. The index (search.json, one per language) is fetched on the
   first focus or input, never on page load. Matching ignores case and accents. Any failure shows
   a "search unavailable" status and nothing in the console. */
(function () {
  'use strict';
  var form = document.querySelector('form.site-search');
  if (!form || !window.fetch) return;
  var input = form.querySelector('input[type="search"]');
  var status = form.querySelector('.search-status');
  var list = form.querySelector('.search-results');
  var kinds = {};
  try { kinds = JSON.parse(list.getAttribute('data-kinds') || '{}'); } catch (e) { kinds = {}; }
  var index = null;      // [{title, url, kind, text, key}] once loaded
  var loading = null;    // the pending load, so it happens once
  var MAX = 20;

  // A result links only to a web page: whatever the index holds, a link never runs script.
  function webUrl(u) {
    try {
      var protocol = new URL(u, window.location.href).protocol;
      return protocol === 'http:' || protocol === 'https:' ? u : '#';
    } catch (e) {
      return '#';
    }
  }

  // Lower case, accents stripped (é -> e), runs of spaces folded.
  function fold(s) {
    return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ');
  }

  function say(key, n) {
    var text = status.getAttribute('data-' + key) || '';
    status.textContent = text.replace('{n}', n);
  }

  function load() {
    if (loading) return loading;
    say('loading');
    loading = fetch(form.getAttribute('data-index'), { headers: { Accept: 'application/json' } })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (data) {
        if (!Array.isArray(data)) throw new Error('no index');
        index = data.map(function (d) {
          return { title: d.title || '', url: webUrl(d.url || '#'), kind: d.kind || 'page', text: d.text || '',
                   key: fold(d.title) + ' \u0000 ' + fold(d.text), tkey: fold(d.title) };
        });
        status.textContent = '';
        if (input.value) run();
      })
      .catch(function () { index = null; say('unavailable'); });
    return loading;
  }

  function excerpt(text, word) {
    var at = fold(text).indexOf(word);
    var start = Math.max(0, at - 60);
    var s = text.slice(start, start + 160);
    return (start > 0 ? '… ' : '') + s + (start + 160 < text.length ? ' …' : '');
  }

  function run() {
    list.textContent = '';
    if (!index) return;
    var q = fold(input.value).trim();
    if (!q) { status.textContent = ''; return; }
    if (q.length < 2) { say('short'); return; }
    var words = q.split(' ');
    var hits = [];
    index.forEach(function (d) {
      for (var i = 0; i < words.length; i++) if (d.key.indexOf(words[i]) < 0) return;
      // Title matches first, then pages before terms, events and entries.
      var score = (d.tkey.indexOf(words[0]) >= 0 ? 0 : 10) + (d.kind === 'page' ? 0 : 1);
      hits.push({ d: d, score: score });
    });
    hits.sort(function (a, b) { return a.score - b.score; });
    if (!hits.length) { say('none'); return; }
    say(hits.length === 1 ? 'one' : 'many', hits.length);
    hits.slice(0, MAX).forEach(function (h) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = h.d.url;
      a.textContent = h.d.title;
      li.appendChild(a);
      var k = document.createElement('span');
      k.className = 'search-kind';
      k.textContent = kinds[h.d.kind] || h.d.kind;
      li.appendChild(k);
      if (h.d.text) {
        var p = document.createElement('p');
        p.textContent = excerpt(h.d.text, words[0]);
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }

  form.hidden = false;
  input.addEventListener('focus', load);
  input.addEventListener('input', function () { load().then(run); });
  // Enter goes to the first result; Escape clears; ArrowDown moves into the results.
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var first = list.querySelector('a');
    if (first) window.location.href = first.href;
  });
  form.addEventListener('keydown', function (e) {
    var links = Array.prototype.slice.call(list.querySelectorAll('a'));
    var i = links.indexOf(document.activeElement);
    if (e.key === 'Escape') {
      input.value = '';
      list.textContent = '';
      status.textContent = '';
      input.focus();
    } else if (e.key === 'ArrowDown' && links.length) {
      e.preventDefault();
      links[Math.min(i + 1, links.length - 1)].focus();
    } else if (e.key === 'ArrowUp' && i >= 0) {
      e.preventDefault();
      if (i === 0) input.focus(); else links[i - 1].focus();
    }
  });
})();
