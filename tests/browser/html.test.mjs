// The Nu Html Checker (vnu.jar from the npm package `vnu-jar`, run on the system's Java) over every
// HTML page of the bundled site and of each good fixture site: valid HTML5, zero errors.
// Warnings are printed, not failed. See README.md beside this file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BASE_URL, REPO_ROOT, listFiles, prepareSite } from './lib/site.mjs';

const require = createRequire(import.meta.url);
/** The checker's jar; the package's own Java downloader is never run (see .npmrc). */
const VNU_JAR = String(require('vnu-jar'));
const JAVA = process.env.JAVA || 'java';
/** The fixture sites that build without errors (the broken ones are the CLI tests' business). */
const FIXTURES = ['tiny', 'bilingual', 'data', 'markdown', 'night-trains'];

function run(cmd, args) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (res.error) throw new Error(`could not run ${cmd}: ${res.error.message}`);
  return res;
}

/** Builds a fixture site with the release binary that prepareSite() built. */
function buildFixture(name, tmp) {
  const exe = path.join(REPO_ROOT, 'target', 'release', 'spiega');
  const out = path.join(tmp, name);
  const root = path.join(REPO_ROOT, 'tests', 'fixtures', name);
  const res = run(exe, ['build', '--root', root, '--output', out, '--base-url', BASE_URL, '--quiet']);
  assert.equal(res.status, 0, `spiega build ${name} failed:\n${res.stdout}${res.stderr}`);
  return out;
}

/** The checker's messages for every .html file under the folders, as parsed JSON. */
function validate(dirs) {
  const files = dirs.flatMap((dir) => listFiles(dir).filter((f) => f.endsWith('.html')).map((f) => path.join(dir, f)));
  assert.ok(files.length > 0, 'no HTML file to check');
  const res = run(JAVA, ['-jar', VNU_JAR, '--format', 'json', '--also-check-svg', ...files]);
  // vnu exits 1 when it finds errors and writes its JSON report to stderr either way.
  const report = JSON.parse(res.stderr || '{"messages": []}');
  return { files, messages: report.messages };
}

function describeMessage(m) {
  const file = (m.url || '').replace(/^file:/, '');
  return `${m.type}${m.subType ? `/${m.subType}` : ''}: ${file}:${m.lastLine ?? '?'}:${m.firstColumn ?? '?'}: ${m.message}\n    ${m.extract ?? ''}`;
}

describe('valid HTML (Nu Html Checker)', () => {
  let site;
  let tmp;
  const dirs = {};
  /** Site name → the checker's messages about its pages, from one run over every site. */
  const found = {};

  before(() => {
    const java = run(JAVA, ['-version']);
    assert.equal(java.status, 0, `Java is needed for the Nu Html Checker (apt-get install default-jre-headless): ${java.stderr}`);
    site = prepareSite();
    dirs.bundled = site.dir;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spiega-vnu-'));
    for (const name of FIXTURES) dirs[name] = buildFixture(name, tmp);
    // A page that must fail, so that a checker that finds nothing can never pass the tests.
    dirs.planted = path.join(tmp, 'planted');
    fs.mkdirSync(dirs.planted, { recursive: true });
    fs.writeFileSync(
      path.join(dirs.planted, 'index.html'),
      '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><figure><figcaption>a</figcaption><p>b</p><figcaption>c</figcaption></figure></body></html>',
    );
    // One Java start for every site: the checker takes most of its time starting up.
    const { files, messages } = validate(Object.values(dirs));
    for (const [name, dir] of Object.entries(dirs)) {
      const inside = (m) => (m.url || '').replace(/^file:/, '').startsWith(`${dir}/`);
      found[name] = {
        pages: files.filter((f) => f.startsWith(`${dir}/`)).length,
        messages: messages.filter(inside),
      };
    }
  });

  after(() => {
    site?.cleanup();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  for (const name of ['bundled', ...FIXTURES]) {
    it(`${name === 'bundled' ? 'the bundled site' : `the ${name} fixture`}: 0 errors`, () => {
      const { pages, messages } = found[name];
      const errors = messages.filter((m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error');
      const warnings = messages.filter((m) => !errors.includes(m));
      if (warnings.length) console.log(`${warnings.length} warning(s):\n${warnings.map(describeMessage).join('\n')}`);
      console.log(`checked ${pages} pages`);
      assert.ok(pages > 0, 'no page checked');
      assert.equal(errors.length, 0, `${errors.length} error(s):\n${errors.map(describeMessage).join('\n')}`);
    });
  }

  it('the checker finds a planted error (the check is live)', () => {
    assert.ok(found.planted.messages.some((m) => m.type === 'error'), 'a figure with two captions passed');
  });
});
