/* Spiega explainer: timeline filters in place. Optional enhancement: every filter link already
   leads to its own page (written by Spiega), so without JavaScript nothing is lost. With it, a
   click shows only the matching events on the current page, marks the link as current, updates
   the heading, the count and the address (history.pushState to that filter's page). */
(function () {
  'use strict';
  var nav = document.querySelector('.timeline-filters');
  if (!nav || !window.history || !history.pushState) return;
  var events = document.querySelectorAll('ol.timeline > li.event');
  var years = document.querySelectorAll('section.timeline-year');
  var title = document.querySelector('.filter-title');
  var count = document.querySelector('.timeline-count');
  // Only when this page shows every event can it filter itself.
  if (nav.querySelector('a[data-filter="all"][aria-current]') === null) return;

  function apply(link) {
    var key = link.getAttribute('data-filter');
    var shown = 0;
    Array.prototype.forEach.call(events, function (li) {
      var keys = ' ' + li.getAttribute('data-filters') + ' ';
      var ok = key === 'all' || keys.indexOf(' ' + key + ' ') >= 0;
      li.hidden = !ok;
      if (ok) shown++;
    });
    Array.prototype.forEach.call(years, function (sec) {
      sec.hidden = !sec.querySelector('li.event:not([hidden])');
    });
    Array.prototype.forEach.call(nav.querySelectorAll('a[aria-current]'), function (a) { a.removeAttribute('aria-current'); });
    link.setAttribute('aria-current', 'page');
    if (title) title.textContent = key === 'all' ? '' : ': ' + link.getAttribute('data-title');
    if (count) count.textContent = shown + ' ' + count.getAttribute(shown === 1 ? 'data-one' : 'data-many');
  }

  nav.addEventListener('click', function (e) {
    var link = e.target.closest('a[data-filter]');
    if (!link || e.ctrlKey || e.metaKey || e.shiftKey || e.button) return;
    e.preventDefault();
    apply(link);
    history.pushState({ filter: link.getAttribute('data-filter') }, '', link.href);
  });
  // Back and forward: the address is a real page, so load it.
  window.addEventListener('popstate', function () { window.location.reload(); });
})();
