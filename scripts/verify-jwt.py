#!/usr/bin/env python3
"""Verifies an Accord access token with an independent JWT library (PyJWT), from the server's
published JWK set alone: proof that any standard verifier accepts Accord's tokens.

Usage: verify-jwt.py --jwks URL --issuer ISS --audience AUD < token
Prints the verified claims as JSON and exits 0, or prints why and exits 1.
"""
import argparse
import json
import sys
import urllib.request

import jwt


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jwks", required=True)
    parser.add_argument("--issuer", required=True)
    parser.add_argument("--audience", required=True)
    arguments = parser.parse_args()
    token = sys.stdin.read().strip()
    with urllib.request.urlopen(arguments.jwks, timeout=10) as response:
        keys = json.load(response)["keys"]
    kid = jwt.get_unverified_header(token).get("kid")
    matching = [key for key in keys if key.get("kid") == kid]
    if not matching:
        print(f"no published key has kid {kid}")
        return 1
    key = jwt.PyJWK.from_dict(matching[0])
    try:
        claims = jwt.decode(
            token,
            key=key.key,
            algorithms=[matching[0]["alg"]],
            audience=arguments.audience,
            issuer=arguments.issuer,
            options={"require": ["exp", "nbf", "iat", "iss", "aud", "sub", "jti"]},
        )
    except jwt.PyJWTError as error:
        print(f"{type(error).__name__}: {error}")
        return 1
    print(json.dumps(claims, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
