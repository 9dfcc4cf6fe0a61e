"""Ask a web server whether a cited address still answers: concurrently, with timeouts,
retries and a per-host rate limit, using the standard library only.

Redirects are followed by hand (at most ``MAX_REDIRECTS``), so a move to another host is
seen; hosts that differ only by a leading ``www.`` count as the same host.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from urllib.parse import urljoin, urlsplit

MAX_REDIRECTS = 5
RETRY_ON = ("timeout", "connection", "server")  # worth a second try; a 404 is not
USER_AGENT = "buzzvalue-links (checks that cited sources still answer)"

# problem kinds: None (fine), "http" (4xx), "server" (5xx), "dns", "timeout", "connection",
# "moved" (redirected to another host), "invalid" (not an http(s) address)


@dataclass(frozen=True)
class Probe:
    url: str
    checked: str  # ISO date of the check
    problem: str | None
    status: int | None = None  # the last HTTP status seen
    final_url: str | None = None  # where the redirects led
    detail: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Probe:
        return cls(**{k: data.get(k) for k in ("url", "checked", "problem", "status",
                                                "final_url")}, detail=data.get("detail", ""))


class HostLimiter:
    """At most one request per ``interval`` seconds to each host; other hosts do not wait."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def wait(self, host: str) -> None:
        with self._lock:
            now = self.clock()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + self.interval
        if slot > now:
            self.sleep(slot - now)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a 3xx then arrives as an HTTPError, with its Location header


_OPENER = urllib.request.build_opener(_NoRedirects())


def same_host(a: str, b: str) -> bool:
    def host(url: str) -> str:
        return (urlsplit(url).hostname or "").lower().removeprefix("www.")
    return host(a) == host(b)


def _answer(url: str, timeout: float) -> tuple[int, str | None]:
    """(status, Location) of one GET; OSError subclasses when there is no answer."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                   "Accept": "*/*"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, None
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get("Location")


def _failure(exc: BaseException) -> tuple[str, str]:
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, socket.gaierror):
        return "dns", "the host name does not resolve"
    if isinstance(reason, (TimeoutError, socket.timeout)) or "timed out" in str(reason):
        return "timeout", "no answer in time"
    return "connection", f"no connection ({reason})"


def probe_once(url: str, today: str, timeout: float, limiter: HostLimiter) -> Probe:
    """Follow the address to its final answer."""
    current = url
    moved_to: str | None = None
    status: int | None = None
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return Probe(url, today, "invalid", status, current, "not an http(s) address")
        limiter.wait(parts.hostname.lower())
        try:
            status, location = _answer(current, timeout)
        except (OSError, ValueError, http.client.HTTPException) as exc:  # no (valid) answer
            kind, detail = _failure(exc)
            return Probe(url, today, kind, status, current, detail)
        if 300 <= status < 400 and location:
            target = urljoin(current, location)
            if moved_to is None and not same_host(url, target):
                moved_to = target
            current = target
            continue
        break
    else:
        return Probe(url, today, "http", status, current, f"more than {MAX_REDIRECTS} redirects")
    if status >= 500:
        return Probe(url, today, "server", status, current, f"the server answers {status}")
    if status >= 400:
        return Probe(url, today, "http", status, current, f"the server answers {status}")
    if moved_to is not None:
        return Probe(url, today, "moved", status, current, f"redirects to {current}")
    return Probe(url, today, None, status, current, "")


def probe(url: str, today: str, *, timeout: float, retries: int, limiter: HostLimiter,
          backoff: float = 1.0) -> Probe:
    """One address, tried again (after ``backoff`` x attempt seconds) on a passing failure."""
    result = probe_once(url, today, timeout, limiter)
    for attempt in range(1, retries + 1):
        if result.problem not in RETRY_ON:
            break
        if backoff:
            limiter.sleep(backoff * attempt)
        result = probe_once(url, today, timeout, limiter)
    return result


def probe_all(urls: Iterable[str], today: str, *, timeout: float = 10.0, retries: int = 2,
              workers: int = 16, limiter: HostLimiter | None = None,
              backoff: float = 1.0) -> dict[str, Probe]:
    """Every address, ``workers`` at a time; the answer for each, in the order given."""
    unique = list(dict.fromkeys(urls))
    limiter = limiter or HostLimiter(1.0)
    if not unique:
        return {}
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(unique)))) as pool:
        found = pool.map(lambda u: probe(u, today, timeout=timeout, retries=retries,
                                         limiter=limiter, backoff=backoff), unique)
        return dict(zip(unique, found, strict=True))
