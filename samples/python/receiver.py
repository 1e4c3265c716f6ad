#!/usr/bin/env python3
"""A Herald webhook receiver with nothing but Python's standard library.

    PORT=8000 HERALD_SECRET=whsec_... python3 receiver.py

Verifies each POST the Standard Webhooks way, drops duplicates by webhook-id, answers at once
and hands the events to a background worker. One line per request goes to stdout; everything
else goes to stderr.
"""
import base64
import hashlib
import hmac
import json
import os
import queue
import re
import signal
import sys
import threading
import time
from collections import OrderedDict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE = 300                 # seconds a timestamp may be off, either way
MAX_BODY = 1024 * 1024          # bytes; a larger body gets 413 without being read
READ_TIMEOUT = float(os.environ.get("HERALD_READ_TIMEOUT", "10"))  # seconds for headers, and for the whole body
WORK_TIMEOUT = 10.0             # seconds one job may take before the worker moves on
SEEN_LIMIT = 10_000             # ids remembered for de-duplication


class Rejected(Exception):
    def __init__(self, reason, status=401):
        super().__init__(reason)
        self.reason, self.status = reason, status


def parse_secret(text):
    """The HMAC key of a whsec_<base64> secret."""
    if not text:
        raise ValueError("HERALD_SECRET is not set")
    if not text.startswith("whsec_"):
        raise ValueError("HERALD_SECRET must start with 'whsec_'")
    try:
        key = base64.b64decode(text[len("whsec_"):], validate=True)
    except ValueError:
        key = b""
    if not key:
        raise ValueError("the part of HERALD_SECRET after 'whsec_' is not valid Base64")
    return key


def verify(key, headers, body):
    """Checks the three webhook-* headers against the raw body; returns the webhook-id."""
    msg_id = headers.get("webhook-id")
    timestamp = headers.get("webhook-timestamp")
    signature = headers.get("webhook-signature")
    if not (msg_id and timestamp and signature):
        raise Rejected("missingHeader")
    if not re.fullmatch(r"[0-9]{1,18}", timestamp):
        raise Rejected("invalidTimestamp")
    now = int(time.time())
    if now - int(timestamp) > TOLERANCE:
        raise Rejected("timestampTooOld")
    if int(timestamp) - now > TOLERANCE:
        raise Rejected("timestampTooNew")

    candidates = []
    for entry in signature.split(" "):
        if not entry:
            continue
        version, comma, value = entry.partition(",")
        if not (version and comma and value):
            raise Rejected("malformedSignature")
        if version != "v1":
            continue  # v1a (Ed25519) and future versions: not ours to check
        try:
            decoded = base64.b64decode(value, validate=True)
        except ValueError:
            raise Rejected("malformedSignature")
        if len(decoded) != 32:
            raise Rejected("malformedSignature")
        candidates.append(decoded)

    # The signed bytes: id and timestamp as they arrived (headers are Latin-1), then the raw body.
    signed = f"{msg_id}.{timestamp}.".encode("latin-1") + body
    expected = hmac.new(key, signed, hashlib.sha256).digest()
    if not any(hmac.compare_digest(expected, c) for c in candidates):
        raise Rejected("noMatchingSignature")
    return msg_id


def parse_events(body, batch_size):
    """The envelopes of a verified body: one object, or a batch (a JSON array, each with "id")."""
    try:
        parsed = json.loads(body.decode("utf-8"))
    except ValueError:  # not UTF-8 or not JSON
        raise Rejected("malformedBody", 400)
    if isinstance(parsed, dict) and batch_size is None:
        if not isinstance(parsed.get("type"), str) or not parsed["type"]:
            raise Rejected("malformedBody", 400)
        return False, [parsed]
    if not isinstance(parsed, list):
        raise Rejected("invalidBatch" if batch_size is not None else "malformedBody", 400)
    for event in parsed:
        if not (isinstance(event, dict) and isinstance(event.get("id"), str) and event["id"]
                and isinstance(event.get("type"), str)):
            raise Rejected("invalidBatch", 400)
    if batch_size is not None and not (re.fullmatch(r"[0-9]{1,9}", batch_size) and int(batch_size) == len(parsed)):
        raise Rejected("invalidBatch", 400)
    return True, parsed


class SeenIds:
    """The last SEEN_LIMIT ids, in memory: enough for a sample. A real receiver records ids in
    its database (a unique key), in the same transaction as the work when it can."""

    def __init__(self, limit):
        self.limit, self.ids, self.lock = limit, OrderedDict(), threading.Lock()

    def add(self, item):
        """True if the id is new (and now remembered), False if it was seen before."""
        with self.lock:
            if item in self.ids:
                return False
            self.ids[item] = None
            if len(self.ids) > self.limit:
                self.ids.popitem(last=False)
            return True

    def forget(self, items):
        with self.lock:
            for item in items:
                self.ids.pop(item, None)


_stdout_lock = threading.Lock()


def say(line):
    """The one stdout line of a request, written whole and flushed at once."""
    with _stdout_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def log(message):
    print(message, file=sys.stderr, flush=True)


def printable(text):
    return re.sub(r"[\s\x00-\x1f\x7f]", "?", text)


# --- the background work -------------------------------------------------------------------

jobs = queue.Queue(maxsize=1000)


def process(event_id, event):
    """Your work goes here. It runs after the answer was sent, so it may be slow."""
    log(f"processed {event_id} {printable(event['type'])}")


def worker():
    while True:
        job = jobs.get()
        if job is None:
            return
        for event_id, event in job:
            # Python cannot cancel a thread: on timeout the worker gives up waiting and goes on.
            thread = threading.Thread(target=process, args=(event_id, event), daemon=True)
            thread.start()
            thread.join(WORK_TIMEOUT)
            if thread.is_alive():
                log(f"work on {event_id} took over {WORK_TIMEOUT:g} s; moving on")


# --- HTTP ----------------------------------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = READ_TIMEOUT  # for each read of the request line and headers, and idle keep-alive
    key = b""
    seen = SeenIds(SEEN_LIMIT)

    def answer(self, status, payload, line, close=False):
        say(line)
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(data)

    def refuse(self, status, reason, close=False):
        self.answer(status, {"error": reason}, f"rejected {reason}", close)

    def __getattr__(self, name):
        # http.server calls do_<METHOD>; every method but POST is refused.
        if name.startswith("do_"):
            return lambda: self.refuse(405, "methodNotAllowed", close=True)
        raise AttributeError(name)

    def read_body(self, length):
        """The body, or None if it did not all arrive within READ_TIMEOUT."""
        deadline = time.monotonic() + READ_TIMEOUT
        chunks, remaining = [], length
        try:
            while remaining > 0:
                self.connection.settimeout(max(deadline - time.monotonic(), 0.001))
                chunk = self.rfile.read1(remaining)
                if not chunk:
                    return None
                chunks.append(chunk)
                remaining -= len(chunk)
        except OSError:  # timed out, or the connection broke
            return None
        finally:
            self.connection.settimeout(READ_TIMEOUT)
        return b"".join(chunks)

    def do_POST(self):
        length = self.headers.get("Content-Length", "")
        if not re.fullmatch(r"[0-9]{1,18}", length):
            return self.refuse(411, "lengthRequired", close=True)
        if int(length) > MAX_BODY:
            return self.refuse(413, "bodyTooLarge", close=True)
        body = self.read_body(int(length))
        if body is None:
            return self.refuse(408, "incompleteBody", close=True)

        try:
            msg_id = verify(self.key, self.headers, body)
            is_batch, events = parse_events(body, self.headers.get("webhook-batch-size"))
        except Rejected as rejection:
            return self.refuse(rejection.status, rejection.reason)

        if not self.seen.add(msg_id):
            return self.answer(200, {"status": "duplicate"}, f"duplicate {msg_id}")
        if is_batch:
            job = [(event["id"], event) for event in events if self.seen.add(event["id"])]
            line = f"verified {msg_id} batch {len(job)}"
        else:
            job = [(msg_id, events[0])]
            line = f"verified {msg_id} {printable(events[0]['type'])}"
        try:
            if job:
                jobs.put_nowait(job)
        except queue.Full:
            # Not queued: forget the ids so that Herald's retry is processed.
            self.seen.forget([msg_id] + [event_id for event_id, _ in job])
            return self.refuse(503, "queueFull")
        self.answer(202, {"status": "queued"}, line)


def main():
    try:
        Handler.key = parse_secret(os.environ.get("HERALD_SECRET"))
    except ValueError as error:
        log(f"receiver: {error}")
        sys.exit(2)
    port = int(os.environ.get("PORT", "8000"))

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)  # listening from here on
    server.daemon_threads = True
    work = threading.Thread(target=worker, daemon=True)
    work.start()
    log(f"receiver: listening on http://127.0.0.1:{port}")

    def stop(*_):
        log("receiver: stopping")
        threading.Thread(target=server.shutdown).start()  # it waits for serve_forever() to return

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.serve_forever()  # in the main thread, where Python runs signal handlers
    server.server_close()
    # Let the worker finish what it is doing (briefly). Jobs still queued are lost, although
    # Herald was told 2xx: a real receiver keeps its queue in a database.
    try:
        jobs.put_nowait(None)
    except queue.Full:
        pass
    work.join(2)


if __name__ == "__main__":
    main()
