"""The form's guards on a shared network, as one ASGI middleware around the app.

* every response carries a strict Content-Security-Policy (nothing but the app's own styles and
  images; no scripts, no frames, forms post only to the app) and the usual security headers;
  pages are never cached and send a Referer only to the app itself (their links carry secrets;
  with no Referer at all a browser would send `Origin: null` and the cross-site check could not
  tell its own forms);
* a request body larger than :data:`MAX_BODY` is refused with 413 (by its Content-Length, or
  while it is read, before the app sees any of it);
* a burst of requests from one address is slowed down (token bucket), and refused with 429 when
  it goes on;
* a POST from another site is refused: :func:`same_origin` checks the browser's ``Origin`` and
  ``Sec-Fetch-Site`` headers, and every form also carries a check value derived from the secret
  in its link (checked in the app), which another site cannot know.

Pure ASGI, so that it needs nothing but the standard library.
"""

from __future__ import annotations

import asyncio
import hmac
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 32 * 1024
"""Bytes in one request body: the longest page (an open answer plus a remark) fits many times."""

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]
NO_STORE = (b"cache-control", b"no-store")


class Bucket:
    """A token bucket: ``rate`` requests a second on average, bursts of ``burst``."""

    __slots__ = ("stamp", "tokens")

    def __init__(self, burst: float, now: float) -> None:
        self.tokens = burst
        self.stamp = now


@dataclass
class RateLimiter:
    """Per-address token buckets: a request over the budget waits (up to ``max_wait`` seconds)
    for its token; one that would wait longer is refused."""

    rate: float = 20.0
    burst: float = 60.0
    max_wait: float = 2.0
    max_addresses: int = 10_000

    def __post_init__(self) -> None:
        self.buckets: dict[str, Bucket] = {}

    def delay(self, address: str, now: float | None = None) -> float | None:
        """Seconds this request must wait (0 = go now), or None when it is refused."""
        now = time.monotonic() if now is None else now
        bucket = self.buckets.get(address)
        if bucket is None:
            if len(self.buckets) >= self.max_addresses:
                self.buckets.clear()
            bucket = self.buckets[address] = Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
        bucket.stamp = now
        wait = (1 - bucket.tokens) / self.rate if bucket.tokens < 1 else 0.0
        if wait > self.max_wait:
            return None
        bucket.tokens -= 1
        return wait


class Guard:
    """The middleware: headers, body limit and rate limit (see the module text)."""

    def __init__(
        self, app: ASGIApp, limiter: RateLimiter | None = None, max_body: int = MAX_BODY
    ) -> None:
        self.app = app
        self.limiter = limiter or RateLimiter()
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        address = (scope.get("client") or ("?", 0))[0]
        wait = self.limiter.delay(address)
        if wait is None:
            await _plain(send, 429, "Te veel verzoeken; wacht even en probeer het opnieuw.")
            return
        if wait:
            await asyncio.sleep(wait)
        length = _header(scope, b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _plain(send, 413, "Dit formulier is te groot.")
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += HEADERS
                if not scope["path"].startswith("/static/"):
                    headers.append(NO_STORE)
                message["headers"] = headers
            await send(message)

        body = await _read_body(receive, self.max_body)
        if body is None:
            await _plain(send, 413, "Dit formulier is te groot.")
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send_with_headers)


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or None as soon as it grows past ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), *HEADERS, NO_STORE]
    if status == 429:
        headers.append((b"retry-after", b"5"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def same_origin(headers: MutableMapping[str, str] | Any, host: str, scheme: str) -> bool:
    """Whether a POST comes from the app's own pages, by the browser's word.

    ``Sec-Fetch-Site`` (sent by current browsers) must not say another site; an ``Origin`` (sent
    with every cross-site POST) must be this server's. A client that sends neither (curl, an old
    browser) is not a browser on another site: its form still needs the check value.
    """
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = headers.get("origin")
    return origin is None or origin == f"{scheme}://{host}"


def check_matches(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())
