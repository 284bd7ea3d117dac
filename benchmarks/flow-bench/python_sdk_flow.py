"""The flow benchmark's Python side: the Logto Python SDK on the same flows as FlowBenchmark.java.

    PYTHONPATH=<folder holding the SDK's logto/> python3 python_sdk_flow.py ENDPOINT ENGINE_LOG FLOWS

Runs 2 warm-up flows (discovery, JWKS), then FLOWS timed ones with one client: signIn,
a login through the engine's interaction endpoints (not timed), handleSignInCallback, then
getAccessToken(resource) twice (the engine's resource tokens expire at once, so the second call is
a refresh of an expired token, the one timed). After each timed call it reads the engine's own
time for the token request from ENGINE_LOG (REQUEST_LOG=1 lines). Prints one JSON object per
timed flow, times in milliseconds. Needs pydantic 2, aiohttp, PyJWT, cryptography and requests.
"""
import asyncio
import json
import os
import re
import sys
import time
import urllib.parse

sys.path.append("/usr/lib/python3/dist-packages")  # Debian's python3-aiohttp, -jwt, -cryptography, -requests
import jwt  # noqa: E402
import requests  # noqa: E402
import logto.OidcCore as oidc_core  # noqa: E402
from logto import LogtoClient, LogtoConfig  # noqa: E402
from logto.Storage import Storage  # noqa: E402

REDIRECT_URI = "http://127.0.0.1:8080/callback"
RESOURCE = "https://api.example.com"
TOKEN_LINE = re.compile(r"^--> POST /oidc/token \d{3} ([0-9.]+)ms$")


class _JwkClient(jwt.PyJWKClient):
    """Older PyJWT (Debian 12 has 2.6) has no `headers` argument, which the SDK passes."""

    def __init__(self, uri, headers=None, **kwargs):
        super().__init__(uri, **kwargs)


oidc_core.PyJWKClient = _JwkClient


class MemoryStorage(Storage):
    def __init__(self):
        self.values = {}

    def get(self, key):
        return self.values.get(key)

    def set(self, key, value):
        if value is None:
            self.values.pop(key, None)
        else:
            self.values[key] = value

    def delete(self, key):
        self.values.pop(key, None)


class EngineLog:
    """Follows the engine's log from its current end."""

    def __init__(self, path):
        self.file = open(path, "rb")
        self.file.seek(0, os.SEEK_END)
        self.partial = b""

    def _lines(self):
        data = self.file.read()
        if not data:
            return []
        data = self.partial + data
        *lines, self.partial = data.split(b"\n")
        return [line.decode("utf-8", "replace") for line in lines]

    def skip(self):
        self._lines()

    def next_token_request(self):
        deadline = time.monotonic() + 2
        pending = []
        while True:
            pending.extend(self._lines())
            while pending:
                match = TOKEN_LINE.match(pending.pop(0))
                if match:
                    return float(match.group(1))
            if time.monotonic() > deadline:
                raise RuntimeError("the engine logged no token request: is REQUEST_LOG=1 set?")
            time.sleep(0.001)


def login(url):
    """Signs alice in through the engine's interaction endpoints, as a browser would."""
    session = requests.Session()
    next_url, logged_in = url, False
    for _ in range(12):
        if next_url.startswith(REDIRECT_URI):
            return next_url
        path = urllib.parse.urlparse(next_url).path
        if not logged_in and path.startswith("/interaction/"):
            response = session.post(next_url + "/login", data={"username": "alice", "password": "alice-password"},
                                    allow_redirects=False)
            logged_in = True
        else:
            response = session.get(next_url, allow_redirects=False)
        next_url = urllib.parse.urljoin(response.url, response.headers["location"])
    raise RuntimeError("no callback after 12 redirects")


async def main():
    endpoint, log_path, flows = sys.argv[1], sys.argv[2], int(sys.argv[3])
    config = LogtoConfig(endpoint=endpoint, appId="web-app", appSecret="web-app-secret", scopes=["email"],
                         resources=[RESOURCE])
    log = EngineLog(log_path)
    # One client and session for the whole run: a client caches the discovery document.
    client = LogtoClient(config, storage=MemoryStorage())
    for i in range(flows + 2):
        t0 = time.perf_counter()
        url = await client.signIn(REDIRECT_URI)
        t1 = time.perf_counter()
        callback = login(url)
        log.skip()
        t2 = time.perf_counter()
        await client.handleSignInCallback(callback)
        t3 = time.perf_counter()
        callback_provider = log.next_token_request()
        await client.getAccessToken(RESOURCE)
        log.skip()
        t4 = time.perf_counter()
        token = await client.getAccessToken(RESOURCE)
        t5 = time.perf_counter()
        refresh_provider = log.next_token_request()
        if not token:
            raise RuntimeError("no access token")
        if i >= 2:
            print(json.dumps({"signIn": (t1 - t0) * 1e3, "callback": (t3 - t2) * 1e3,
                              "callbackProvider": callback_provider, "refresh": (t5 - t4) * 1e3,
                              "refreshProvider": refresh_provider}), flush=True)


asyncio.run(main())
