"""Schemathesis hooks for OpenAPIConformanceTests.

Two answers depend on the server's state rather than on the request's schema, so these hooks
keep schema-valid requests valid in that state too:

- A message's `eventType` and an endpoint's `eventTypes` must name event types that exist
  (else 422). Positive cases get the names in HERALD_ST_EVENT_TYPES, which the test created.
- An `Idempotency-Key` repeated with another body answers 422 `idempotency_key_reused`.
  Each valid key is made unique, keeping what was generated, so every use is a first one.
"""

import itertools
import os

import schemathesis

_counter = itertools.count()
_EVENT_TYPES = [name for name in os.environ.get("HERALD_ST_EVENT_TYPES", "").split(",") if name]


@schemathesis.hook
def before_call(context, case, kwargs):
    _unique_idempotency_key(case)
    if _is_positive(case):
        _existing_event_types(case)


def _is_positive(case):
    meta = case.meta
    return meta is not None and meta.generation.mode.is_positive


def _existing_event_types(case):
    body = case.body
    if not _EVENT_TYPES or not isinstance(body, dict):
        return
    if isinstance(body.get("eventType"), str):
        body["eventType"] = _EVENT_TYPES[next(_counter) % len(_EVENT_TYPES)]
    if isinstance(body.get("eventTypes"), list):
        body["eventTypes"] = [
            _EVENT_TYPES[index % len(_EVENT_TYPES)] if isinstance(name, str) else name
            for index, name in enumerate(body["eventTypes"])
        ]


def _unique_idempotency_key(case):
    headers = case.headers or {}
    for name in list(headers):
        key = headers[name]
        if name.lower() != "idempotency-key" or not isinstance(key, str):
            continue
        if 1 <= len(key) <= 255 and key == key.strip() and key.isascii() and key.isprintable():
            suffix = f"-{next(_counter)}"
            headers[name] = key[: 255 - len(suffix)] + suffix
