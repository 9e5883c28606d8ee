// Save → reload, as a browser tab sees it, for `spiega serve` and `hugo server` side by side on
// the same corpus page. Node only (no package): Spiega's server-sent events are read over HTTP,
// Hugo's LiveReload messages over a minimal WebSocket client.
//
//   node bench/serve.mjs --spiega BIN --spiega-site DIR --hugo BIN --hugo-site DIR \
//        --page content/articles/page-00002.md [--saves 20] [--hugo-args "--disableFastRender"]
//
// Both sites are copied into a temporary folder first (the page is edited). Saves alternate
// between the two servers, each one waiting for the previous server's events to settle, so that
// both are measured under the same machine state. Each save appends a line to the page's body.
// Prints one JSON line per engine: median, min and max milliseconds from the write to the event.
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

function args() {
  const out = { saves: 20, "hugo-args": "" };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, "")] = argv[i + 1];
  for (const key of ["spiega", "spiega-site", "hugo", "hugo-site", "page"]) {
    if (!out[key]) throw new Error(`missing --${key}`);
  }
  out.saves = Number(out.saves);
  return out;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a server and resolves once a line of its output matches `ready`. */
function start(command, argv, ready, timeoutMs) {
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start:\n${log}`)), timeoutMs);
    const onData = (chunk) => {
      log += chunk;
      const match = log.match(ready);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${command} exited (${code}):\n${log}`)));
  });
}

/** Spiega's events: calls `onEvent(name, data, at)` for each server-sent event. */
function spiegaEvents(origin, onEvent) {
  return new Promise((resolve, reject) => {
    const request = http.get(`${origin}/__spiega/events`, (response) => {
      let buffer = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => {
        const at = performance.now();
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: ?(.*)$/m.exec(block)?.[1];
          const data = /^data: ?(.*)$/m.exec(block)?.[1] ?? "";
          if (name) onEvent(name, data, at);
        }
      });
      resolve(request);
    });
    request.on("error", reject);
  });
}

/** A WebSocket text frame from the client (masked, as the protocol requires). */
function clientFrame(text) {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
  if (payload.length > 125) throw new Error("frame too long for this client");
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
}

/** Hugo's LiveReload socket: calls `onMessage(text, at)` for each text frame. */
function hugoEvents(port, onMessage) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const key = randomBytes(16).toString("base64");
    const accept = createHash("sha1")
      .update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
      .digest("base64");
    let buffer = Buffer.alloc(0);
    let open = false;
    socket.on("connect", () => {
      socket.write(
        `GET /livereload HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    socket.on("data", (chunk) => {
      const at = performance.now();
      buffer = Buffer.concat([buffer, chunk]);
      if (!open) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString();
        if (!head.includes(accept)) return reject(new Error(`no WebSocket upgrade:\n${head}`));
        buffer = buffer.subarray(end + 4);
        open = true;
        socket.write(
          clientFrame(
            JSON.stringify({
              command: "hello",
              protocols: ["http://livereload.com/protocols/official-7"],
            }),
          ),
        );
        resolve(socket);
      }
      while (buffer.length >= 2) {
        let length = buffer[1] & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffer.length < 4) return;
          length = buffer.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffer.length < 10) return;
          length = Number(buffer.readBigUInt64BE(2));
          offset = 10;
        }
        if (buffer.length < offset + length) return;
        const opcode = buffer[0] & 0x0f;
        const payload = buffer.subarray(offset, offset + length).toString();
        buffer = buffer.subarray(offset + length);
        if (opcode === 1) onMessage(payload, at);
      }
    });
    socket.on("error", reject);
  });
}

/** Resolves with the time of the next matching event, or rejects after `ms`. */
function waiter() {
  let pending = null;
  return {
    expect(matches, ms) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no event in time")), ms);
        pending = { matches, resolve: (at) => (clearTimeout(timer), resolve(at)) };
      });
    },
    feed(value, at) {
      if (pending && pending.matches(value)) {
        const { resolve } = pending;
        pending = null;
        resolve(at);
      }
    },
  };
}

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (x) => Math.round(x * 10) / 10;
  return {
    median: round(sorted[Math.floor(sorted.length / 2)]),
    min: round(sorted[0]),
    max: round(sorted[sorted.length - 1]),
    saves: sorted.length,
  };
}

async function main() {
  const opts = args();
  const work = mkdtempSync(join(tmpdir(), "spiega-serve-bench-"));
  const children = [];
  try {
    cpSync(opts["spiega-site"], join(work, "spiega"), { recursive: true });
    cpSync(opts["hugo-site"], join(work, "hugo"), { recursive: true });

    const spiegaPort = await freePort();
    const spiega = await start(
      opts.spiega,
      ["serve", "--root", join(work, "spiega"), "--port", String(spiegaPort)],
      /Serving (http:\/\/[^\s/]+)/,
      120_000,
    );
    children.push(spiega.child);
    const spiegaWait = waiter();
    const spiegaSettled = waiter();
    await spiegaEvents(spiega.match[1], (name, data, at) => {
      spiegaWait.feed(name, at);
      spiegaSettled.feed(name, at);
    });

    const hugoPort = await freePort();
    const hugoArgs = [
      "server",
      "--source",
      join(work, "hugo"),
      "--bind",
      "127.0.0.1",
      "--port",
      String(hugoPort),
      ...opts["hugo-args"].split(" ").filter(Boolean),
    ];
    const hugo = await start(opts.hugo, hugoArgs, /Web Server is available at/, 600_000);
    children.push(hugo.child);
    const hugoWait = waiter();
    await hugoEvents(hugoPort, (text, at) => hugoWait.feed(text, at));
    await sleep(1000);

    const pages = {
      spiega: join(work, "spiega", opts.page),
      hugo: join(work, "hugo", opts.page),
    };
    const original = {
      spiega: readFileSync(pages.spiega, "utf8"),
      hugo: readFileSync(pages.hugo, "utf8"),
    };
    const times = { spiega: [], hugo: [] };
    for (let i = 0; i < opts.saves; i++) {
      // Spiega: wait for the reload, then for `update` (the rest of its rebuild), so that it is
      // idle when Hugo's turn comes.
      const reload = spiegaWait.expect((name) => name === "reload", 60_000);
      let saved = performance.now();
      writeFileSync(pages.spiega, `${original.spiega}\nEdit ${i}.\n`);
      times.spiega.push((await reload) - saved);
      await spiegaSettled.expect((name) => name === "update", 60_000).catch(() => {});
      await sleep(300);

      const hugoReload = hugoWait.expect((text) => text.includes('"reload"'), 600_000);
      saved = performance.now();
      writeFileSync(pages.hugo, `${original.hugo}\nEdit ${i}.\n`);
      times.hugo.push((await hugoReload) - saved);
      await sleep(300);
    }
    const spiegaSummary = summary(times.spiega);
    const hugoSummary = summary(times.hugo);
    console.log(JSON.stringify({ engine: "spiega", ...spiegaSummary }));
    console.log(JSON.stringify({ engine: "hugo", args: opts["hugo-args"], ...hugoSummary }));
    const ratio = Number((spiegaSummary.median / hugoSummary.median).toPrecision(2));
    console.log(JSON.stringify({ ratio_of_medians: ratio }));
  } finally {
    for (const child of children) child.kill("SIGINT");
    await sleep(500);
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error.message);
    process.exit(1);
  },
);
