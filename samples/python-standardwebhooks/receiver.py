#!/usr/bin/env python3
"""A Herald webhook receiver that verifies with the `standardwebhooks` package (PyPI).

    pip install standardwebhooks==1.1.0
    PORT=8000 HERALD_SECRET=whsec_... python3 receiver.py

Verifies each POST with standardwebhooks.Webhook, drops duplicates by webhook-id, answers at
once and hands the events to a background worker. One line per request goes to stdout;
everything else goes to stderr.
"""
import base64
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

try:
    from standardwebhooks import Webhook, WebhookVerificationError
except ImportError:
    print(f"receiver: {sys.executable} cannot import the standardwebhooks package: install it "
          "(pip install standardwebhooks==1.1.0) or set HERALD_SAMPLE_PYTHON to a Python that has it",
          file=sys.stderr)
    sys.exit(2)

MAX_BODY = 1024 * 1024          # bytes; a larger body gets 413 without being read
READ_TIMEOUT = float(os.environ.get("HERALD_READ_TIMEOUT", "10"))  # seconds for headers, and for the whole body
WORK_TIMEOUT = 10.0             # seconds one job may take before the worker moves on
SEEN_LIMIT = 10_000             # ids remembered for de-duplication


class Rejected(Exception):
    def __init__(self, reason, status=401):
        super().__init__(reason)
        self.reason, self.status = reason, status


def parse_secret(text):
    """A Webhook for a whsec_<base64> secret. The package itself accepts almost anything (it
    drops the prefix if there is one and decodes Base64 leniently), so check first."""
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
    return Webhook(text)


# The package raises one exception type for every failed check; its message tells them apart.
REASONS = {
    "Missing required headers": "missingHeader",
    "Invalid Signature Headers": "invalidTimestamp",
    "Message timestamp too old": "timestampTooOld",
    "Message timestamp too new": "timestampTooNew",
    "No matching signature found": "noMatchingSignature",
}


def verify(webhook, headers, body):
    """Checks the three webhook-* headers against the raw body with the package; returns the
    webhook-id."""
    try:
        text = body.decode("utf-8")  # the package verifies text, so the body must be UTF-8
    except UnicodeDecodeError:
        raise Rejected("noMatchingSignature")
    try:
        webhook.verify(text, dict(headers), json_parse=False)
    except WebhookVerificationError as error:
        raise Rejected(REASONS.get(str(error), "noMatchingSignature"))
    except ValueError:  # an entry without one ",", or Base64 it cannot decode
        raise Rejected("malformedSignature")
    return headers["webhook-id"]


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
    webhook = None
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
            msg_id = verify(self.webhook, self.headers, body)
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
        Handler.webhook = parse_secret(os.environ.get("HERALD_SECRET"))
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
