#!/usr/bin/env python3
"""Verify Standard Webhooks signatures of requests a test receiver recorded.

Reads JSON from standard input:

    {"secret": "whsec_...",
     "requests": [{"headers": {"webhook-id": "...", "webhook-timestamp": "...",
                               "webhook-signature": "v1,..."},
                   "body_base64": "..."}]}

and verifies each request with the reference library from PyPI, `standardwebhooks`
(pinned in requirements.txt beside this file). The library also checks that the timestamp is
within five minutes of the current time, which holds for requests a test has just received.

Prints one line per request, in order: `ok`, or `fail: <reason>`.
Exit status: 0 if every request verifies, 1 if any fails, 2 on bad input (not JSON, missing or
mistyped fields, no requests, body not base64, unusable secret) or if `standardwebhooks` is
not installed.
"""

import base64
import binascii
import json
import sys


def bad_input(message: str) -> int:
    print(f"error: bad input: {message}", file=sys.stderr)
    return 2


def verify_one(webhook, body: bytes, headers: dict) -> None:
    """Raise if the request does not verify; signature and timestamp only, the body may be any bytes."""
    try:
        webhook.verify(body, headers, json_parse=False)
    except TypeError as error:
        # standardwebhooks before 1.1 has no json_parse keyword: it always parses the body as JSON.
        if "json_parse" not in str(error):
            raise
        webhook.verify(body, headers)


def main() -> int:
    try:
        from standardwebhooks.webhooks import Webhook
    except ImportError as error:
        print(
            f"error: the Python package standardwebhooks is not installed ({error}); "
            "run: pip install -r Tests/python/requirements.txt",
            file=sys.stderr,
        )
        return 2

    try:
        payload = json.load(sys.stdin)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return bad_input(f"standard input is not JSON: {error}")
    if not isinstance(payload, dict):
        return bad_input("the top level must be an object")
    secret = payload.get("secret")
    if not isinstance(secret, str) or not secret:
        return bad_input('"secret" must be a non-empty string')
    requests = payload.get("requests")
    if not isinstance(requests, list) or not requests:
        return bad_input('"requests" must be a non-empty list')

    parsed = []
    for index, request in enumerate(requests):
        if not isinstance(request, dict):
            return bad_input(f"requests[{index}] must be an object")
        headers = request.get("headers")
        if not isinstance(headers, dict) or not all(
            isinstance(name, str) and isinstance(value, str) for name, value in headers.items()
        ):
            return bad_input(f"requests[{index}].headers must be an object of strings")
        body_base64 = request.get("body_base64")
        if not isinstance(body_base64, str):
            return bad_input(f"requests[{index}].body_base64 must be a string")
        try:
            body = base64.b64decode(body_base64, validate=True)
        except (binascii.Error, ValueError) as error:
            return bad_input(f"requests[{index}].body_base64 is not base64: {error}")
        parsed.append((body, headers))

    try:
        webhook = Webhook(secret)
    except Exception as error:  # the library raises several kinds for a bad secret
        return bad_input(f"unusable secret: {type(error).__name__}: {error}")

    all_ok = True
    for body, headers in parsed:
        try:
            verify_one(webhook, body, headers)
        except Exception as error:  # any failure of one request is reported, not raised
            all_ok = False
            reason = str(error) or type(error).__name__
            print(f"fail: {reason}")
        else:
            print("ok")
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
