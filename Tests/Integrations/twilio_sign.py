#!/usr/bin/env python3
"""Signs a callback the way Twilio does, with Twilio's own library (pip install twilio).

    python3 twilio_sign.py URL AUTH_TOKEN '[["Name", "value"], ...]'   -> the X-Twilio-Signature
    python3 twilio_sign.py URL AUTH_TOKEN --body BODY                   -> URL?bodySHA256=... and its signature
Used by TwilioHookTests to check Pitwall against the reference implementation.
"""
import json
import sys

from twilio.request_validator import RequestValidator

url, token = sys.argv[1], sys.argv[2]
validator = RequestValidator(token)
if sys.argv[3] == "--body":
    body = sys.argv[4]
    signed_url = url + ("&" if "?" in url else "?") + "bodySHA256=" + validator.compute_hash(body)
    print(signed_url)
    print(validator.compute_signature(signed_url, {}))
else:
    pairs = json.loads(sys.argv[3])
    # A multi-valued mapping, as a web framework hands Twilio's library a form.
    params = {}
    for name, value in pairs:
        params.setdefault(name, []).append(value)
    print(validator.compute_signature(url, {k: v if len(v) > 1 else v[0] for k, v in params.items()}))
