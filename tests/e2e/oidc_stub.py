"""A small OpenID Connect provider on 127.0.0.1 for the sign-in browser tests.

It speaks the authorization-code flow the way Streamlit's `st.login` (Authlib) uses it:
discovery, /authorize (answers at once with a code for `next_email`: no login form), /token
(checks the client secret and the PKCE verifier, returns an RS256 id_token carrying the nonce),
/jwks. Real HTTP, real signatures: Authlib validates them as it would a real provider's.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey


@dataclass
class Provider:
    client_id: str
    client_secret: str
    next_email: str = "nobody@example.org"
    email_verified: bool = True
    base: str = ""
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "stub-1"}))
    codes: dict[str, dict] = field(default_factory=dict)
    token_requests: list[dict] = field(default_factory=list)

    def metadata(self) -> dict:
        return {"issuer": self.base, "authorization_endpoint": f"{self.base}/authorize",
                "token_endpoint": f"{self.base}/token", "jwks_uri": f"{self.base}/jwks",
                "response_types_supported": ["code"], "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"]}

    def id_token(self, grant: dict) -> str:
        now = int(time.time())
        claims = {"iss": self.base, "aud": self.client_id, "sub": grant["email"], "email": grant["email"],
                  "email_verified": grant["email_verified"], "name": grant["email"].split("@")[0],
                  "iat": now, "exp": now + 600, "nonce": grant["nonce"]}
        return jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, self.key)


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:      # quiet
            pass

        def _json(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                return self._json(200, provider.metadata())
            if url.path == "/jwks":
                return self._json(200, {"keys": [provider.key.as_dict(private=False)]})
            if url.path == "/authorize":
                if query.get("client_id") != provider.client_id or query.get("response_type") != "code":
                    return self._json(400, {"error": "invalid_request"})
                code = secrets.token_urlsafe(16)
                provider.codes[code] = {"email": provider.next_email, "email_verified": provider.email_verified,
                                        "nonce": query.get("nonce"), "redirect_uri": query["redirect_uri"],
                                        "challenge": query.get("code_challenge")}
                self.send_response(302)
                self.send_header("Location", f"{query['redirect_uri']}?"
                                 + urlencode({"code": code, "state": query.get("state", "")}))
                self.end_headers()
                return None
            return self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            if urlsplit(self.path).path != "/token":
                return self._json(404, {"error": "not_found"})
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            client_id, client_secret = form.get("client_id"), form.get("client_secret")
            basic = self.headers.get("Authorization", "")
            if basic.startswith("Basic "):
                client_id, _, client_secret = base64.b64decode(basic[6:]).decode().partition(":")
            provider.token_requests.append({"client_id": client_id, "secret_ok": client_secret == provider.client_secret})
            grant = provider.codes.pop(form.get("code", ""), None)
            if client_id != provider.client_id or client_secret != provider.client_secret or grant is None:
                return self._json(400, {"error": "invalid_grant"})
            if grant["challenge"]:
                verifier = form.get("code_verifier", "").encode()
                expected = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
                if expected != grant["challenge"]:
                    return self._json(400, {"error": "invalid_grant"})
            return self._json(200, {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                                    "expires_in": 600, "id_token": provider.id_token(grant)})

    return Handler


def serve(provider: Provider, port: int) -> ThreadingHTTPServer:
    """Start the provider on 127.0.0.1:`port` in a daemon thread; `.shutdown()` stops it."""
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(provider))
    provider.base = f"http://127.0.0.1:{port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
