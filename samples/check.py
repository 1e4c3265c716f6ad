#!/usr/bin/env python3
"""Checks a sample receiver against the contract in samples/README.md, for real.

    python3 samples/check.py <name>        # e.g. python, python-standardwebhooks, node, shell

Starts samples/<name>/run on a free port with a fresh secret, posts signed (and badly signed)
requests to it, and checks each answer's status, its JSON error body and the one line the
receiver prints for it; then stops it with SIGTERM. Standard library only. Exits 0 when every
check passed.

The cross-check against the `standardwebhooks` package runs with the Python that
HERALD_SAMPLE_PYTHON names (default: the repository's .venv/bin/python, then python3), and is
reported as skipped when none of them has the package.
"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import queue
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

SAMPLES = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(SAMPLES)
READ_TIMEOUT = 2  # what the receiver is told (HERALD_READ_TIMEOUT), to keep the stall checks short
MIB = 1024 * 1024

results = {"passed": 0, "failed": 0, "skipped": 0}

# Where a sample built on a library cannot tell cases apart the way Herald's verifier does, the
# answer its README documents instead: {sample: {check label: (status, line)}}.
KNOWN_DIFFERENCES = {
    "python-standardwebhooks": {
        # The package reads the timestamp with float() and then signs floor(timestamp).
        "timestamp with a fraction": (401, "rejected noMatchingSignature"),
        # It decodes signatures leniently and does not check their length.
        "signature entry 16 bytes": (401, "rejected noMatchingSignature"),
        # It verifies text, so a body that is not UTF-8 cannot be verified at all.
        "signed body that is not UTF-8": (401, "rejected noMatchingSignature"),
    },
    # HeraldReceiver (samples/swift) answers a request whose headers cannot be read 400 (a
    # malformed request) rather than 401, and its own verifier knows v1a: an entry of that
    # version which is not canonical Base64 of 64 bytes makes the header malformed even when a
    # v1 entry matches. A body that stalls is ended by the listener's deadline, which closes
    # the connection (status 0 here) before the receiver sees a request, so no line is printed.
    "swift": {
        "timestamp not a number": (400, "rejected invalidTimestamp"),
        "timestamp with a fraction": (400, "rejected invalidTimestamp"),
        "no webhook-id header": (400, "rejected missingHeader"),
        "no webhook-timestamp header": (400, "rejected missingHeader"),
        "no webhook-signature header": (400, "rejected missingHeader"),
        "no webhook headers at all": (400, "rejected missingHeader"),
        "signature entry not Base64": (400, "rejected malformedSignature"),
        "signature entry no comma": (400, "rejected malformedSignature"),
        "signature entry 16 bytes": (400, "rejected malformedSignature"),
        "rotation: v1a, old-secret v1, then the matching v1": (400, "rejected malformedSignature"),
        "body stalls after 10 bytes": (0, None),
    },
}
sample = None  # the sample being checked


def report(ok, label, detail=""):
    results["passed" if ok else "failed"] += 1
    print(f"{'ok  ' if ok else 'FAIL'} {label}" + (f": {detail}" if detail else ""), flush=True)
    return ok


def skip(label, why):
    results["skipped"] += 1
    print(f"skip {label}: {why}", flush=True)


# --- signing, the way Herald does it -------------------------------------------------------

def new_secret():
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def sign(secret, msg_id, timestamp, body):
    key = base64.b64decode(secret[len("whsec_"):])
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def new_id(prefix="msg_"):
    return prefix + secrets.token_hex(12)


def envelope(event_type="order.created", data=None, event_id=None):
    event = {"type": event_type, "timestamp": "2026-12-01T08:00:00.000Z", "data": data or {"id": "ord_1"}}
    if event_id:
        event = {"id": event_id, **event}
    return json.dumps(event, separators=(",", ":")).encode()


def signed_headers(secret, msg_id, body, timestamp=None, **extra):
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    headers = {"webhook-id": msg_id, "webhook-timestamp": timestamp,
               "webhook-signature": sign(secret, msg_id, timestamp, body),
               "Content-Type": "application/json"}
    headers.update(extra)
    return headers


# --- talking to the receiver ---------------------------------------------------------------

class Receiver:
    def __init__(self, name, env):
        # Append mode: the receiver shares this file's offset, and error_output() seeks to the
        # start to read it; without O_APPEND a line written during that read lands at the start,
        # over the first lines (a CI run lost "processed <first id>" that way).
        self.stderr = tempfile.TemporaryFile(mode="a+b")
        self.process = subprocess.Popen([os.path.join(SAMPLES, name, "run")], env=env, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=self.stderr, start_new_session=True)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for raw in self.process.stdout:
            self.lines.put(raw.decode(errors="replace").rstrip("\n"))
        self.lines.put(None)  # end of output

    def next_line(self, timeout=15.0):
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            return "(no line within %gs)" % timeout

    def pending_lines(self, wait=0.3):
        time.sleep(wait)
        found = []
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                return found
            if line is not None:
                found.append(line)

    def error_output(self):
        self.stderr.seek(0)
        return self.stderr.read().decode(errors="replace")

    def kill(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def wait_for_port(port, process, seconds=15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.02)
    return False


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def exchange(port, head, body=b"", timeout=10.0):
    """Sends raw request bytes and returns (status, response body, seconds taken); status 0
    when the receiver closed the connection without answering."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(head + body)
        except OSError:
            pass  # the receiver may refuse before reading everything; its answer still counts
        response = http.client.HTTPResponse(sock)
        try:
            response.begin()
            return response.status, response.read(), time.monotonic() - started
        except (http.client.RemoteDisconnected, ConnectionResetError):
            return 0, b"", time.monotonic() - started


def request_head(method, headers, length=None, path="/webhooks/herald"):
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def post(port, headers, body, method="POST", timeout=10.0):
    return exchange(port, request_head(method, headers, len(body)), body, timeout=timeout)


def expect(receiver, label, result, status, line):
    """Checks one exchange: its status, and for a refusal the {"error": reason} body, then the
    receiver's line for it."""
    known = KNOWN_DIFFERENCES.get(sample, {}).get(label)
    if known:
        status, line = known
        label += " [a documented difference of this sample]"
    got_status, got_body, _ = result
    problems = []
    if line is None:
        # No request reached the receiver: nothing may be printed.
        stray = receiver.pending_lines()
        if stray:
            problems.append(f"printed {stray!r}, expected no line")
        got_line = "(no line)"
    else:
        got_line = receiver.next_line()
    # The contract asks for 2xx: 200 and 202 both answer a verified or duplicate event.
    success = status in (200, 202) and 200 <= got_status < 300
    if got_status != status and not success:
        problems.append(f"status {got_status}, expected {status}")
    if line is not None and line.startswith("rejected "):
        try:
            error = json.loads(got_body).get("error")
        except (ValueError, AttributeError):
            error = None
        if isinstance(error, dict):
            error = error.get("code")  # {"error": {"code", "message"}}, as Herald's own API answers
        if error != line.split(" ", 1)[1]:
            problems.append(f"body {got_body[:80]!r}, expected {{\"error\":\"{line.split(' ', 1)[1]}\"}}")
    if line is not None and got_line != line:
        problems.append(f"line {got_line!r}, expected {line!r}")
    return report(not problems, label, "; ".join(problems) or f"{got_status} {got_line}")


# --- the cross-check with the standardwebhooks package -------------------------------------

def reference_python():
    candidates = [os.environ.get("HERALD_SAMPLE_PYTHON"), os.path.join(REPO, ".venv", "bin", "python"), sys.executable]
    for python in filter(None, candidates):
        if os.path.exists(python) or os.sep not in python:
            probe = subprocess.run([python, "-c", "import standardwebhooks"], capture_output=True)
            if probe.returncode == 0:
                return python
    return None


REFERENCE = r"""
import datetime, sys
from standardwebhooks import Webhook
secret, msg_id, timestamp, body, ours = sys.argv[1:]
webhook = Webhook(secret)
at = datetime.datetime.fromtimestamp(int(timestamp), tz=datetime.timezone.utc)
# The package must accept our signature (as long as the timestamp is recent) ...
webhook.verify(body.encode(), {"webhook-id": msg_id, "webhook-timestamp": timestamp, "webhook-signature": ours})
# ... and sign the same way.
print(webhook.sign(msg_id, at, body))
"""


# --- the checks ----------------------------------------------------------------------------

def check_bad_secrets(name, base_env):
    cases = [("missing secret", None), ("secret without whsec_", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
             ("secret with bad Base64", "whsec_not*base64!"), ("empty whsec_ secret", "whsec_")]
    for label, value in cases:
        env = dict(base_env, PORT=str(free_port()))
        env.pop("HERALD_SECRET", None)
        if value is not None:
            env["HERALD_SECRET"] = value
        run = subprocess.run([os.path.join(SAMPLES, name, "run")], env=env, capture_output=True, timeout=20,
                             stdin=subprocess.DEVNULL)
        ok = run.returncode == 2 and run.stderr.strip() and not run.stdout
        report(ok, f"start with {label}", f"exit {run.returncode}, stderr {run.stderr.decode().strip()[:100]!r}"
               + (f", stdout {run.stdout[:80]!r}" if run.stdout else ""))
    if name == "python-standardwebhooks":
        plain = subprocess.run([sys.executable, "-c", "import standardwebhooks"], capture_output=True).returncode != 0
        if not plain:
            skip("start with a Python that lacks the package", f"{sys.executable} has it")
            return
        env = dict(base_env, PORT=str(free_port()), HERALD_SECRET=new_secret(), HERALD_SAMPLE_PYTHON=sys.executable)
        run = subprocess.run([os.path.join(SAMPLES, name, "run")], env=env, capture_output=True, timeout=20,
                             stdin=subprocess.DEVNULL)
        ok = run.returncode == 2 and b"standardwebhooks" in run.stderr and not run.stdout
        report(ok, "start with a Python that lacks the package", f"exit {run.returncode}, stderr {run.stderr.decode().strip()[:100]!r}")


def check_receiver(name, env, secret, port):
    receiver = Receiver(name, env)
    try:
        if not report(wait_for_port(port, receiver.process), "listens", f"port {port}"):
            return receiver
        report(not receiver.pending_lines(), "prints nothing before the first request")
        run_requests(receiver, port, secret)
        if name == "shell":
            run_shell_tools(receiver, port, secret)
    finally:
        stop(receiver)
    return receiver


def run_requests(receiver, port, secret):
    body = envelope()
    msg_id = new_id()
    expect(receiver, "valid event", post(port, signed_headers(secret, msg_id, body), body), 202,
           f"verified {msg_id} order.created")
    expect(receiver, "same event again (a retry: new timestamp and signature)",
           post(port, signed_headers(secret, msg_id, body), body), 200, f"duplicate {msg_id}")

    other = new_id()
    tampered = body.replace(b"ord_1", b"ord_2")
    expect(receiver, "tampered body", post(port, signed_headers(secret, other, body), tampered), 401,
           "rejected noMatchingSignature")
    expect(receiver, "signed with another secret", post(port, signed_headers(new_secret(), other, body), body), 401,
           "rejected noMatchingSignature")
    expect(receiver, "timestamp 301 s old",
           post(port, signed_headers(secret, other, body, int(time.time()) - 301), body), 401, "rejected timestampTooOld")
    expect(receiver, "timestamp 10 min ahead",
           post(port, signed_headers(secret, other, body, int(time.time()) + 600), body), 401, "rejected timestampTooNew")
    expect(receiver, "timestamp not a number",
           post(port, signed_headers(secret, other, body, "soon"), body), 401, "rejected invalidTimestamp")
    expect(receiver, "timestamp with a fraction",
           post(port, signed_headers(secret, other, body, f"{int(time.time())}.5"), body), 401, "rejected invalidTimestamp")
    for missing in ("webhook-id", "webhook-timestamp", "webhook-signature"):
        headers = signed_headers(secret, other, body)
        del headers[missing]
        expect(receiver, f"no {missing} header", post(port, headers, body), 401, "rejected missingHeader")
    expect(receiver, "no webhook headers at all", post(port, {"Content-Type": "application/json"}, body), 401,
           "rejected missingHeader")
    for label, value in [("not Base64", "v1,not*base64!"), ("no comma", "v1"), ("16 bytes", "v1," + "A" * 22 + "==")]:
        expect(receiver, f"signature entry {label}",
               post(port, signed_headers(secret, other, body, **{"webhook-signature": value}), body), 401,
               "rejected malformedSignature")
    expect(receiver, "only a v1a entry (ignored by a v1 verifier)",
           post(port, signed_headers(secret, other, body, **{"webhook-signature": "v1a," + "A" * 86 + "=="}), body),
           401, "rejected noMatchingSignature")

    rotated = new_id()
    headers = signed_headers(secret, rotated, body)
    headers["webhook-signature"] = " ".join(["v1a," + "B" * 86 + "==", sign(new_secret(), rotated, headers["webhook-timestamp"], body),
                                             headers["webhook-signature"]])
    expect(receiver, "rotation: v1a, old-secret v1, then the matching v1", post(port, headers, body), 202,
           f"verified {rotated} order.created")

    not_json = b"order created"
    broken = new_id()
    expect(receiver, "signed body that is not JSON", post(port, signed_headers(secret, broken, not_json), not_json),
           400, "rejected malformedBody")

    latin = b'{"type":"order.created","timestamp":"2026-12-01T08:00:00.000Z","data":{"name":"caf\xe9"}}'
    expect(receiver, "signed body that is not UTF-8", post(port, signed_headers(secret, broken, latin), latin),
           400, "rejected malformedBody")

    batch_id = new_id("bat_")
    first, second = new_id(), new_id()
    batch = b"[" + envelope(event_id=first) + b"," + envelope("invoice.paid", {"id": "in_7"}, second) + b"]"
    expect(receiver, "batch of 2", post(port, signed_headers(secret, batch_id, batch, **{"webhook-batch-size": "2"}), batch),
           202, f"verified {batch_id} batch 2")
    expect(receiver, "same batch again", post(port, signed_headers(secret, batch_id, batch, **{"webhook-batch-size": "2"}), batch),
           200, f"duplicate {batch_id}")
    regrouped = new_id("bat_")
    third = new_id()
    batch2 = b"[" + envelope(event_id=second) + b"," + envelope(event_id=third) + b"]"
    expect(receiver, "new batch holding one event seen before",
           post(port, signed_headers(secret, regrouped, batch2, **{"webhook-batch-size": "2"}), batch2),
           202, f"verified {regrouped} batch 1")
    wrong = new_id("bat_")
    expect(receiver, "batch whose webhook-batch-size is wrong",
           post(port, signed_headers(secret, wrong, batch, **{"webhook-batch-size": "3"}), batch), 400, "rejected invalidBatch")
    no_ids = b"[" + envelope() + b"]"
    expect(receiver, "batch whose event has no id",
           post(port, signed_headers(secret, wrong, no_ids, **{"webhook-batch-size": "1"}), no_ids), 400, "rejected invalidBatch")

    expect(receiver, "GET", exchange(port, request_head("GET", {})), 405, "rejected methodNotAllowed")

    # Two events over one connection (kept alive, or reopened if the receiver closes it).
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for n in (1, 2):
        again = new_id()
        connection.request("POST", "/", body=body, headers=signed_headers(secret, again, body))
        response = connection.getresponse()
        expect(receiver, f"event {n} over one HTTPConnection", (response.status, response.read(), 0), 202,
               f"verified {again} order.created")
    connection.close()

    # Ten events, each sent twice at the same time: each id is processed once.
    ids = [new_id() for _ in range(10)]
    requests = [(i, signed_headers(secret, i, body)) for i in ids for _ in (1, 2)]
    outcomes = []
    # Twenty requests at once: the shell sample runs openssl and jq per request, which on a
    # loaded two-core machine took more than 10 s for some of them, so these wait longer.
    threads = [threading.Thread(target=lambda h=h: outcomes.append(post(port, h, body, timeout=40.0)[0])) for _, h in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = sorted(receiver.next_line() for _ in requests)
    wanted = sorted([f"verified {i} order.created" for i in ids] + [f"duplicate {i}" for i in ids])
    report(lines == wanted and all(200 <= status < 300 for status in outcomes) and len(outcomes) == 20, "10 events sent twice concurrently",
           f"statuses {sorted(outcomes)}, {sum(line.startswith('verified') for line in lines)} verified, "
           f"{sum(line.startswith('duplicate') for line in lines)} duplicate")

    exact = new_id()
    padding = MIB - len(envelope(data={"pad": ""}))
    full = envelope(data={"pad": "x" * padding})
    assert len(full) == MIB
    expect(receiver, "valid event of exactly 1 MiB", post(port, signed_headers(secret, exact, full), full), 202,
           f"verified {exact} order.created")
    huge = full + b" "
    expect(receiver, "body of 1 MiB + 1 byte",
           exchange(port, request_head("POST", signed_headers(secret, new_id(), huge), len(huge)), huge[:65536]),
           413, "rejected bodyTooLarge")

    # A client that stops sending: the body, then the headers.
    stalled = new_id()
    result = exchange(port, request_head("POST", signed_headers(secret, stalled, body), len(body)), body[:10])
    if expect(receiver, "body stalls after 10 bytes", result, 408, "rejected incompleteBody") and sample != "swift":
        report(READ_TIMEOUT - 0.5 <= result[2] <= READ_TIMEOUT + 8, "… answered after the read timeout", f"{result[2]:.1f} s")
    result = exchange(port, b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nwebhook-id: ", timeout=READ_TIMEOUT + 10)
    report(result[0] in (0, 408) and result[2] <= READ_TIMEOUT + 8, "headers stall: connection closed",
           f"status {result[0]} after {result[2]:.1f} s")

    python = reference_python()
    if python is None:
        skip("standardwebhooks cross-check", "no Python with the standardwebhooks package (set HERALD_SAMPLE_PYTHON)")
    else:
        reference_id, timestamp = new_id(), str(int(time.time()))
        ours = sign(secret, reference_id, timestamp, body)
        run = subprocess.run([python, "-c", REFERENCE, secret, reference_id, timestamp, body.decode(), ours],
                             capture_output=True, text=True)
        theirs = run.stdout.strip()
        report(run.returncode == 0 and theirs == ours, "standardwebhooks verifies our signature and signs the same",
               run.stderr.strip()[-200:] or theirs)
        headers = signed_headers(secret, reference_id, body)
        headers.update({"webhook-timestamp": timestamp, "webhook-signature": theirs})
        expect(receiver, "signed by standardwebhooks.Webhook.sign", post(port, headers, body), 202,
               f"verified {reference_id} order.created")

    # The background worker logs "processed <id> <type>" to stderr.
    deadline = time.monotonic() + 5
    wanted = [f"processed {msg_id} order.created", f"processed {first} order.created",
              f"processed {second} invoice.paid", f"processed {third} order.created"]
    while time.monotonic() < deadline and not all(w in receiver.error_output() for w in wanted):
        time.sleep(0.1)
    missing = [w for w in wanted if w not in receiver.error_output()]
    report(not missing, "background worker processed the events (stderr)", ", ".join(missing) or "")


def run_shell_tools(receiver, port, secret):
    tools = os.path.join(SAMPLES, "shell")
    body = envelope()
    msg_id, timestamp = new_id(), str(int(time.time()))
    signature = sign(secret, msg_id, timestamp, body)

    def verify(*args, data=body, env=None):
        run = subprocess.run([os.path.join(tools, "verify"), *args], input=data, capture_output=True,
                             env=env, timeout=20)
        return run.returncode, run.stdout.decode().strip()

    got = verify(secret, msg_id, timestamp, signature)
    report(got == (0, "verified"), "shell/verify: valid", str(got))
    got = verify(secret, msg_id, timestamp, signature, data=body + b" ")
    report(got == (1, "rejected noMatchingSignature"), "shell/verify: tampered", str(got))
    got = verify(secret, msg_id, "1614265330", signature)
    report(got == (1, "rejected timestampTooOld"), "shell/verify: old", str(got))
    # The example of Herald's README, at its own time.
    got = verify("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                 "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", data=b'{"test": 2432232314}',
                 env=dict(os.environ, HERALD_NOW="1614265330"))
    report(got == (0, "verified"), "shell/verify: the README's example", str(got))

    sent_id = new_id()
    run = subprocess.run([os.path.join(tools, "send"), secret, f"http://127.0.0.1:{port}/hook", sent_id],
                         input=body, capture_output=True, timeout=20)
    line = receiver.next_line()
    report(run.returncode == 0 and line == f"verified {sent_id} order.created", "shell/send to the receiver",
           f"exit {run.returncode}, line {line!r}, output {run.stdout.decode().strip()[:80]!r}")


def stop(receiver):
    if receiver.process.poll() is None:
        started = time.monotonic()
        receiver.process.send_signal(signal.SIGTERM)
        try:
            code = receiver.process.wait(20)
            report(code == 0, "exits on SIGTERM", f"status {code} after {time.monotonic() - started:.1f} s")
        except subprocess.TimeoutExpired:
            report(False, "exits on SIGTERM", "still running after 20 s")
    else:
        report(False, "still running at the end", f"exited early with {receiver.process.returncode}")
    receiver.kill()
    extra = receiver.pending_lines(0.2)
    report(not extra, "no stray stdout lines", repr(extra[:3]) if extra else "")


def main():
    if len(sys.argv) != 2 or not os.path.isfile(os.path.join(SAMPLES, sys.argv[1], "run")):
        names = sorted(d for d in os.listdir(SAMPLES) if os.path.isfile(os.path.join(SAMPLES, d, "run")))
        sys.exit(f"usage: {sys.argv[0]} <{'|'.join(names)}>")
    global sample
    name = sample = sys.argv[1]
    env = dict(os.environ, HERALD_READ_TIMEOUT=str(READ_TIMEOUT))
    python = reference_python()
    if python and "HERALD_SAMPLE_PYTHON" not in env:
        env["HERALD_SAMPLE_PYTHON"] = python
    print(f"checking samples/{name}", flush=True)
    check_bad_secrets(name, env)
    secret, port = new_secret(), free_port()
    receiver = check_receiver(name, dict(env, PORT=str(port), HERALD_SECRET=secret), secret, port)
    if results["failed"]:
        print("--- receiver's stderr ---\n" + receiver.error_output()[-4000:], file=sys.stderr)
    print(", ".join(f"{count} {what}" for what, count in results.items() if count or what != "skipped"))
    sys.exit(1 if results["failed"] else 0)


if __name__ == "__main__":
    main()
