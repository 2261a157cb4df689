"""The tests' identity provider: a key pair of its own, whose discovery
document and JWKS a small HTTP server on 127.0.0.1 publishes, as a real
provider does. Services under test are built with
``oidc_issuer=TEST_ISSUER.url`` and fetch its keys over HTTP; ``mint``
signs their callers' tokens."""

from __future__ import annotations

import json
import threading
from functools import cached_property
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm


class TestIssuer:
    """Started on first use; lives as long as the test process."""

    __test__ = False

    def __init__(self, algorithm: str = "ES256") -> None:
        self.algorithm = algorithm
        self.jwks: dict[str, Any] = {"keys": []}
        self.served = 0
        """How many documents the server has answered."""
        self.rotate()

    def rotate(self) -> None:
        """A new key signs from now on; the JWKS lists it beside the old."""
        if self.algorithm == "RS256":
            self.private_key: Any = rsa.generate_private_key(65537, 2048)
            public = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        else:
            self.private_key = ec.generate_private_key(ec.SECP256R1())
            public = json.loads(ECAlgorithm.to_jwk(self.private_key.public_key()))
        self.kid = (
            f"test-{len(self.jwks['keys'])}-{public.get('x', public.get('n'))[:8]}"
        )
        key = {**public, "kid": self.kid, "alg": self.algorithm, "use": "sig"}
        self.jwks = {"keys": [key, *self.jwks["keys"]]}

    @cached_property
    def url(self) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}"

    def documents(self) -> dict[str, Any]:
        return {
            "/.well-known/openid-configuration": {
                "issuer": self.url,
                "jwks_uri": f"{self.url}/jwks",
            },
            "/jwks": self.jwks,
        }

    def mint(self, claims: dict[str, Any], **header: Any) -> str:
        """``claims`` signed ES256 by the issuer's key (``header`` may
        override ``kid``)."""
        headers = {"kid": self.kid, **header}
        return jwt.encode(
            claims, self.private_key, algorithm=self.algorithm, headers=headers
        )

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
                document = issuer.documents().get(self.path)
                issuer.served += 1
                body = json.dumps(document).encode()
                self.send_response(200 if document is not None else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler


TEST_ISSUER = TestIssuer()
