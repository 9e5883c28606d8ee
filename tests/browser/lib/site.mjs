// Locating (or building) the site under test and listing its files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(path.dirname(fileURLToPath(import.meta.url))); // tests/browser
export const REPO_ROOT = path.resolve(HERE, '..', '..');

/** The site to build: the repository's own, or SPIEGA_SITE_ROOT (e.g. a fixture site). */
export const SITE_ROOT = process.env.SPIEGA_SITE_ROOT ? path.resolve(process.env.SPIEGA_SITE_ROOT) : REPO_ROOT;

/** The sub-path the site is built and served under. */
export const BASE_PATH = normaliseBasePath(process.env.SPIEGA_BASE_PATH ?? '/spiega/');
/** The --base-url given to `spiega build`: its host is 127.0.0.1, without the test server's port. */
export const BASE_URL = `http://127.0.0.1${BASE_PATH}`;

function normaliseBasePath(p) {
  let s = p.trim();
  if (!s.startsWith('/')) s = `/${s}`;
  if (!s.endsWith('/')) s = `${s}/`;
  return s;
}

function run(cmd, args, opts) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (res.error) throw new Error(`could not run ${cmd}: ${res.error.message}`);
  return res;
}

/**
 * Returns { dir, built, cleanup }. With SPIEGA_SITE_DIR set, that folder is used as it is (no build);
 * otherwise the release binary is built and `spiega build` writes the site (SITE_ROOT) to a fresh
 * temp folder.
 */
export function prepareSite() {
  const given = process.env.SPIEGA_SITE_DIR;
  if (given) {
    const dir = path.resolve(given);
    if (!fs.existsSync(path.join(dir, 'index.html'))) {
      throw new Error(`SPIEGA_SITE_DIR=${given}: no index.html there`);
    }
    return { dir, built: false, log: `using the prebuilt site in ${dir} (SPIEGA_SITE_DIR)`, cleanup() {} };
  }

  const cargo = run('cargo', ['build', '--release', '--quiet'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  if (cargo.status !== 0) {
    throw new Error(`cargo build --release failed (exit ${cargo.status}):\n${cargo.stdout}${cargo.stderr}`);
  }
  const exe = path.join(REPO_ROOT, 'target', 'release', process.platform === 'win32' ? 'spiega.exe' : 'spiega');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spiega-browser-'));
  const dir = path.join(tmp, 'site');
  const args = ['build', '--root', SITE_ROOT, '--output', dir, '--base-url', BASE_URL];
  const build = run(exe, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = `$ ${path.relative(REPO_ROOT, exe)} ${args.join(' ')}\n${build.stdout}${build.stderr}`;
  const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
  if (build.status !== 0) {
    cleanup();
    throw new Error(`spiega build failed (exit ${build.status}):\n${log}`);
  }
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    cleanup();
    throw new Error(`spiega build exited 0 but wrote no index.html in ${dir}:\n${log}`);
  }
  return { dir, built: true, log, cleanup };
}

/** Every file under dir, as sorted POSIX paths relative to dir. */
export function listFiles(dir) {
  const out = [];
  const walk = (rel) => {
    for (const ent of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      if (ent.isDirectory()) walk(r);
      else if (ent.isFile()) out.push(r);
    }
  };
  walk('');
  return out.sort();
}

/** The URL path (under BASE_PATH) at which a file is served: `a/index.html` → `/spiega/a/`. */
export function urlPathOf(rel) {
  if (rel === 'index.html') return BASE_PATH;
  if (rel.endsWith('/index.html')) return BASE_PATH + rel.slice(0, -'index.html'.length);
  return BASE_PATH + rel;
}
