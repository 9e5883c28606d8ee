// A tiny static server for the built site, mounted under BASE_PATH, bound to 127.0.0.1.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { BASE_PATH } from './site.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.xsl': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
};

export function contentTypeOf(file) {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a URL path (still percent-encoded, query and fragment removed) to what the server does:
 *   { kind: 'file', rel }         serve <root>/<rel>
 *   { kind: 'redirect', location } a folder asked for without its trailing slash
 *   { kind: 'missing' }           404
 *   { kind: 'outside' }           not under BASE_PATH: 404
 *   { kind: 'forbidden' }         `..`, NUL, bad escapes: 400
 * Shared with the link checker, so "the link resolves" means "the server would serve it".
 */
export function resolvePath(root, urlPath) {
  if (urlPath === BASE_PATH.slice(0, -1)) return { kind: 'redirect', location: BASE_PATH };
  if (!urlPath.startsWith(BASE_PATH)) return { kind: 'outside' };
  let segments;
  try {
    segments = urlPath.slice(BASE_PATH.length).split('/').map(decodeURIComponent);
  } catch {
    return { kind: 'forbidden' };
  }
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\0') || s.includes('/') || s.includes('\\'))) {
    return { kind: 'forbidden' };
  }
  const rootAbs = path.resolve(root);
  const abs = path.resolve(rootAbs, ...segments);
  if (abs !== rootAbs && !abs.startsWith(rootAbs + path.sep)) return { kind: 'forbidden' };
  let st;
  try {
    st = fs.statSync(abs);
  } catch {
    return { kind: 'missing' };
  }
  if (st.isDirectory()) {
    if (!urlPath.endsWith('/')) return { kind: 'redirect', location: `${urlPath}/` };
    const index = path.join(abs, 'index.html');
    if (fs.existsSync(index)) return { kind: 'file', rel: path.relative(rootAbs, index).split(path.sep).join('/') };
    return { kind: 'missing' };
  }
  if (urlPath.endsWith('/')) return { kind: 'missing' };
  return { kind: 'file', rel: path.relative(rootAbs, abs).split(path.sep).join('/') };
}

/** Starts the server; resolves to { origin, port, close(), requests } (requests: every URL asked for). */
export function startServer(root) {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    const send = (status, headers, body) => {
      res.writeHead(status, { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, 'method not allowed\n');
      return;
    }
    const urlPath = (req.url ?? '/').split(/[?#]/, 1)[0];
    const r = resolvePath(root, urlPath);
    if (r.kind === 'file') {
      const abs = path.join(root, r.rel);
      send(200, { 'Content-Type': contentTypeOf(abs) }, fs.readFileSync(abs));
    } else if (r.kind === 'redirect') {
      send(301, { Location: r.location, 'Content-Type': 'text/plain; charset=utf-8' }, `moved to ${r.location}\n`);
    } else if (r.kind === 'forbidden') {
      send(400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'bad path\n');
    } else {
      const notFound = path.join(root, '404.html');
      if (fs.existsSync(notFound)) send(404, { 'Content-Type': TYPES['.html'] }, fs.readFileSync(notFound));
      else send(404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'not found\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        port,
        origin: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}
