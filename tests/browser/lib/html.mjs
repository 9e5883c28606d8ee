// A small regex-based reading of built HTML: enough for links, ids and a few document facts.
// The generator writes well-formed HTML; this does not try to be a full HTML parser.

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** The HTML with comments removed and the bodies of script/style/template elements blanked. */
function strip(html) {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/(<(script|style|template)\b[^>]*>)[\s\S]*?(<\/\2\s*>)/gi, '$1$3');
}

function parseAttrs(src) {
  const attrs = {};
  const re = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  let m;
  while ((m = re.exec(src))) {
    const name = m[1].toLowerCase();
    if (name in attrs) continue; // the first one wins, as in browsers
    attrs[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** Every start tag: [{ name, attrs, index }]. */
export function tags(html) {
  const out = [];
  const src = strip(html);
  const re = /<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*?)?\/?>/g;
  let m;
  while ((m = re.exec(src))) out.push({ name: m[1].toLowerCase(), attrs: parseAttrs(m[2] ?? ''), index: m.index });
  return out;
}

/** What one page says about itself and where it points. */
export function readPage(html) {
  const all = tags(html);
  const ids = new Map(); // id → count
  const names = new Set(); // <a name>
  const refs = []; // { tag, attr, value, rel }
  let lang = null;
  let refresh = null;
  let viewport = null;
  let title = false;
  let hasArticle = false;
  for (const t of all) {
    const a = t.attrs;
    if (a.id !== undefined && a.id !== '') ids.set(a.id, (ids.get(a.id) ?? 0) + 1);
    if (t.name === 'a' && a.name) names.add(a.name);
    if (t.name === 'html' && lang === null) lang = a.lang ?? '';
    if (t.name === 'title') title = true;
    if (t.name === 'article') hasArticle = true;
    if (t.name === 'meta' && (a['http-equiv'] ?? '').toLowerCase() === 'refresh') {
      const m = /url\s*=\s*['"]?([^'"]+)/i.exec(a.content ?? '');
      refresh = m ? m[1].trim() : '';
      refs.push({ tag: 'meta', attr: 'http-equiv=refresh', value: refresh, rel: '' });
    }
    if (t.name === 'meta' && (a.name ?? '').toLowerCase() === 'viewport') viewport = a.content ?? '';
    const rel = (a.rel ?? '').toLowerCase();
    if ((t.name === 'a' || t.name === 'area' || t.name === 'link') && a.href !== undefined) {
      refs.push({ tag: t.name, attr: 'href', value: a.href, rel });
    }
    if (['img', 'script', 'iframe', 'source', 'audio', 'video', 'track', 'embed'].includes(t.name) && a.src !== undefined) {
      refs.push({ tag: t.name, attr: 'src', value: a.src, rel });
    }
    if ((t.name === 'img' || t.name === 'source') && a.srcset) {
      for (const part of a.srcset.split(',')) {
        const u = part.trim().split(/\s+/)[0];
        if (u) refs.push({ tag: t.name, attr: 'srcset', value: u, rel });
      }
    }
    if (t.name === 'video' && a.poster) refs.push({ tag: 'video', attr: 'poster', value: a.poster, rel });
  }
  return { ids, names, refs, lang, refresh, viewport, title, hasArticle, switcher: langSwitcher(html) };
}

/** The links in `nav.lang-switcher`: [{ hreflang, href }], or null when the page has none. */
export function langSwitcher(html) {
  const src = strip(html);
  const open = /<nav\b([^>]*)>/gi;
  let m;
  while ((m = open.exec(src))) {
    const cls = (parseAttrs(m[1]).class ?? '').split(/\s+/);
    if (!cls.includes('lang-switcher')) continue;
    const end = src.indexOf('</nav', m.index);
    const inner = src.slice(m.index + m[0].length, end === -1 ? undefined : end);
    return tags(inner)
      .filter((t) => t.name === 'a' && t.attrs.hreflang !== undefined)
      .map((t) => ({ hreflang: t.attrs.hreflang, href: t.attrs.href }));
  }
  return null;
}
