#!/usr/bin/env node
// A Herald webhook receiver with nothing but Node.js's built-in modules (Node 20).
//
//     PORT=8000 HERALD_SECRET=whsec_... node receiver.js
//
// Verifies each POST the Standard Webhooks way, drops duplicates by webhook-id, answers at once
// and hands the events to a background worker. One line per request goes to stdout; everything
// else goes to stderr.
'use strict';
const crypto = require('node:crypto');
const http = require('node:http');

const TOLERANCE = 300; // seconds a timestamp may be off, either way
const MAX_BODY = 1024 * 1024; // bytes; a larger body gets 413
const READ_TIMEOUT = Number(process.env.HERALD_READ_TIMEOUT || 10) * 1000; // ms for the headers, and for the body
const WORK_TIMEOUT = 10_000; // ms one job may take before the worker moves on
const SEEN_LIMIT = 10_000; // ids remembered for de-duplication
const QUEUE_LIMIT = 1000; // jobs waiting for the worker

// Strict, padded standard Base64 (Buffer.from(text, 'base64') silently skips what it cannot read).
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

class Rejected extends Error {
  constructor(reason, status = 401) {
    super(reason);
    this.reason = reason;
    this.status = status;
  }
}

/** The HMAC key of a whsec_<base64> secret. */
function parseSecret(text) {
  if (!text) throw new Error('HERALD_SECRET is not set');
  if (!text.startsWith('whsec_')) throw new Error("HERALD_SECRET must start with 'whsec_'");
  const encoded = text.slice('whsec_'.length);
  if (!encoded || !BASE64.test(encoded)) throw new Error("the part of HERALD_SECRET after 'whsec_' is not valid Base64");
  return Buffer.from(encoded, 'base64');
}

/** Checks the three webhook-* headers against the raw body; returns the webhook-id. */
function verify(key, headers, body) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signature = headers['webhook-signature'];
  if (!id || !timestamp || !signature) throw new Rejected('missingHeader');
  if (!/^[0-9]{1,18}$/.test(timestamp)) throw new Rejected('invalidTimestamp');
  const now = Math.floor(Date.now() / 1000);
  if (now - Number(timestamp) > TOLERANCE) throw new Rejected('timestampTooOld');
  if (Number(timestamp) - now > TOLERANCE) throw new Rejected('timestampTooNew');

  const candidates = [];
  for (const entry of signature.split(' ')) {
    if (!entry) continue;
    const comma = entry.indexOf(',');
    const version = entry.slice(0, comma);
    const value = entry.slice(comma + 1);
    if (comma <= 0 || !value) throw new Rejected('malformedSignature');
    if (version !== 'v1') continue; // v1a (Ed25519) and future versions: not ours to check
    const decoded = Buffer.from(value, 'base64');
    if (!BASE64.test(value) || decoded.length !== 32) throw new Rejected('malformedSignature');
    candidates.push(decoded);
  }

  // The signed bytes: id and timestamp as they arrived (Node reads headers as Latin-1), then the raw body.
  const expected = crypto.createHmac('sha256', key).update(`${id}.${timestamp}.`, 'latin1').update(body).digest();
  if (!candidates.some((candidate) => crypto.timingSafeEqual(candidate, expected))) {
    throw new Rejected('noMatchingSignature');
  }
  return id;
}

/** The envelopes of a verified body: one object, or a batch (a JSON array, each with "id"). */
function parseEvents(body, batchSize) {
  let parsed;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw new Rejected('malformedBody', 400); // not UTF-8 or not JSON
  }
  const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (isObject(parsed) && batchSize === undefined) {
    if (typeof parsed.type !== 'string' || !parsed.type) throw new Rejected('malformedBody', 400);
    return { isBatch: false, events: [parsed] };
  }
  if (!Array.isArray(parsed)) throw new Rejected(batchSize === undefined ? 'malformedBody' : 'invalidBatch', 400);
  for (const event of parsed) {
    if (!isObject(event) || typeof event.id !== 'string' || !event.id || typeof event.type !== 'string') {
      throw new Rejected('invalidBatch', 400);
    }
  }
  if (batchSize !== undefined && !(/^[0-9]{1,9}$/.test(batchSize) && Number(batchSize) === parsed.length)) {
    throw new Rejected('invalidBatch', 400);
  }
  return { isBatch: true, events: parsed };
}

/**
 * The last SEEN_LIMIT ids, in memory: enough for a sample. A real receiver records ids in its
 * database (a unique key), in the same transaction as the work when it can.
 */
class SeenIds {
  constructor(limit) {
    this.limit = limit;
    this.ids = new Set(); // a Set iterates in insertion order: the oldest first
  }

  /** True if the id is new (and now remembered), false if it was seen before. */
  add(id) {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value);
    return true;
  }

  forget(ids) {
    for (const id of ids) this.ids.delete(id);
  }
}

/** The one stdout line of a request (writes to a pipe are synchronous in Node on Linux). */
function say(line) {
  process.stdout.write(`${line}\n`);
}

function log(message) {
  process.stderr.write(`${message}\n`);
}

const printable = (text) => text.replace(/[\s\x00-\x1f\x7f]/g, '?');

// --- the background work -------------------------------------------------------------------

const jobs = [];
let wakeWorker = () => {};

/** Your work goes here. It runs after the answer was sent, so it may be slow; stop when `signal` aborts. */
async function processEvent(id, event, signal) {
  log(`processed ${id} ${printable(event.type)}`);
}

async function worker() {
  for (;;) {
    while (jobs.length === 0) await new Promise((resolve) => (wakeWorker = resolve));
    for (const [id, event] of jobs.shift()) {
      const signal = AbortSignal.timeout(WORK_TIMEOUT);
      const timedOut = new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      try {
        await Promise.race([processEvent(id, event, signal), timedOut]);
      } catch (error) {
        log(`work on ${id} failed: ${error.message}`);
      }
    }
  }
}

// --- HTTP ----------------------------------------------------------------------------------

function answer(res, status, payload, line, close = false) {
  say(line);
  const data = JSON.stringify(payload);
  const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) };
  if (close) headers.Connection = 'close';
  res.writeHead(status, headers);
  res.end(data);
}

function refuse(res, status, reason, close = false) {
  answer(res, status, { error: reason }, `rejected ${reason}`, close);
}

function handle(key, seen, req, res) {
  if (req.method !== 'POST') return refuse(res, 405, 'methodNotAllowed', true);
  if (Number(req.headers['content-length'] || 0) > MAX_BODY) return refuse(res, 413, 'bodyTooLarge', true);

  // Read the body, at most MAX_BODY bytes (a chunked one has no Content-Length) and READ_TIMEOUT ms.
  const chunks = [];
  let size = 0;
  let settled = false;
  const stopReading = (status, reason) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    req.pause();
    refuse(res, status, reason, true);
  };
  const timer = setTimeout(() => stopReading(408, 'incompleteBody'), READ_TIMEOUT);
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) stopReading(413, 'bodyTooLarge');
    else chunks.push(chunk);
  });
  req.on('close', () => {
    if (!req.complete) stopReading(400, 'incompleteBody'); // the client went away
  });
  req.on('end', () => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    receive(key, seen, req, res, Buffer.concat(chunks));
  });
}

function receive(key, seen, req, res, body) {
  let id;
  let parsed;
  try {
    id = verify(key, req.headers, body);
    parsed = parseEvents(body, req.headers['webhook-batch-size']);
  } catch (error) {
    if (!(error instanceof Rejected)) throw error;
    return refuse(res, error.status, error.reason);
  }

  if (!seen.add(id)) return answer(res, 200, { status: 'duplicate' }, `duplicate ${id}`);
  let job;
  let line;
  if (parsed.isBatch) {
    job = parsed.events.filter((event) => seen.add(event.id)).map((event) => [event.id, event]);
    line = `verified ${id} batch ${job.length}`;
  } else {
    job = [[id, parsed.events[0]]];
    line = `verified ${id} ${printable(parsed.events[0].type)}`;
  }
  if (jobs.length >= QUEUE_LIMIT) {
    // Not queued: forget the ids so that Herald's retry is processed.
    seen.forget([id, ...job.map(([eventId]) => eventId)]);
    return refuse(res, 503, 'queueFull');
  }
  if (job.length > 0) {
    jobs.push(job);
    wakeWorker();
  }
  answer(res, 202, { status: 'queued' }, line);
}

function main() {
  let key;
  try {
    key = parseSecret(process.env.HERALD_SECRET);
  } catch (error) {
    log(`receiver: ${error.message}`);
    process.exit(2);
  }
  const port = Number(process.env.PORT || 8000);
  const seen = new SeenIds(SEEN_LIMIT);

  const server = http.createServer(
    {
      headersTimeout: READ_TIMEOUT, // the request line and headers must arrive within this
      requestTimeout: 2 * READ_TIMEOUT, // a backstop; handle() times the body itself
      connectionsCheckingInterval: 500, // how often Node enforces those two (default: 30 s)
    },
    (req, res) => handle(key, seen, req, res),
  );
  server.listen(port, '127.0.0.1', () => log(`receiver: listening on http://127.0.0.1:${port}`));
  worker();

  const stop = () => {
    log('receiver: stopping');
    server.close();
    server.closeAllConnections();
    // The process ends once nothing is left to do; give the current job at most 2 s. Jobs still
    // queued are lost although Herald was told 2xx: a real receiver keeps its queue in a database.
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
