#!/usr/bin/env python3
"""Signs a webhook the way Telnyx does, with the `cryptography` package (pip install cryptography),
independently of the swift-crypto code under test.

    python3 ed25519_sign.py SEED_HEX TIMESTAMP BODY  -> line 1: the public key (base64), line 2: the signature (base64)
The signed message is TIMESTAMP|BODY.
"""
import base64
import sys

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

seed, timestamp, body = bytes.fromhex(sys.argv[1]), sys.argv[2], sys.argv[3]
key = Ed25519PrivateKey.from_private_bytes(seed)
print(base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode())
print(base64.b64encode(key.sign(f"{timestamp}|{body}".encode())).decode())
