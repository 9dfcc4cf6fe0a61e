"""`buzzvalue links`, against a local HTTP server on 127.0.0.1 only: never the internet.

The server answers 200, 301 to the same host, 301 to another host (localhost rather than
127.0.0.1: a different host name, the same machine), 404, 500 and, for /slow, nothing
until the client has given up.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import FIXTURES

from buzzvalue.check import linkcache
from buzzvalue.check.linkprobe import HostLimiter, Probe, probe, probe_all

RELEASE = threading.Event()  # set at teardown, so a /slow handler never outlives the test


class Handler(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, int]] = {}

    def do_GET(self) -> None:
        port = self.server.server_address[1]
        Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        if self.path == "/slow":
            RELEASE.wait(10)
            self.answer(200)
        elif self.path == "/moved-here":
            self.answer(301, "/ok")
        elif self.path == "/moved-away":
            self.answer(301, f"http://localhost:{port}/ok")
        elif self.path == "/gone":
            self.answer(404)
        elif self.path == "/broken":
            self.answer(500)
        else:
            self.answer(200)

    def answer(self, status: int, location: str | None = None) -> None:
        try:
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
        except OSError:
            pass  # the client gave up (the slow answer)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    RELEASE.clear()
    Handler.hits = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        RELEASE.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """Straight to 127.0.0.1, whatever proxy the machine is set to use."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")
    monkeypatch.setenv("NO_PROXY", "*")


def check(url: str, *, retries: int = 0, timeout: float = 5.0) -> Probe:
    return probe(url, "2026-12-01", timeout=timeout, retries=retries,
                 limiter=HostLimiter(0), backoff=0)


def test_a_live_page_is_fine(server):
    found = check(f"{server}/ok")
    assert (found.problem, found.status) == (None, 200)


def test_a_move_within_the_host_is_followed_and_fine(server):
    found = check(f"{server}/moved-here")
    assert (found.problem, found.status, found.final_url) == (None, 200, f"{server}/ok")


def test_a_move_to_another_host_is_reported_with_where_it_went(server):
    port = server.rsplit(":", 1)[1]
    found = check(f"{server}/moved-away")
    assert (found.problem, found.status) == ("moved", 200)
    assert found.final_url == f"http://localhost:{port}/ok"


@pytest.mark.parametrize(("path", "problem", "status"), [("/gone", "http", 404),
                                                          ("/broken", "server", 500)])
def test_http_errors_are_dead(server, path, problem, status):
    found = check(f"{server}{path}")
    assert (found.problem, found.status) == (problem, status)


def test_a_slow_answer_is_a_timeout(server):
    assert check(f"{server}/slow", timeout=0.3).problem == "timeout"


def test_retries_ask_again_after_a_5xx_but_not_after_a_404(server):
    check(f"{server}/broken", retries=2)
    check(f"{server}/gone", retries=2)
    assert Handler.hits == {"/broken": 3, "/gone": 1}


def test_a_refused_connection_is_dead():
    with socket.socket() as sock:  # a port nobody listens on: bound, never listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        assert check(f"http://127.0.0.1:{port}/x").problem == "connection"


def test_a_name_that_does_not_resolve_is_a_dns_failure(monkeypatch):
    def no_such_host(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)  # no resolver is asked
    assert check("http://no-such-host.invalid/").problem == "dns"


def test_many_addresses_are_checked_concurrently_each_once(server):
    urls = [f"{server}/ok?{i}" for i in range(20)] + [f"{server}/ok?0"]
    found = probe_all(urls, "2026-12-01", timeout=5, retries=0, workers=8,
                      limiter=HostLimiter(0), backoff=0)
    assert list(found) == list(dict.fromkeys(urls))
    assert all(p.problem is None for p in found.values())
    assert sum(Handler.hits.values()) == 20


def test_the_rate_limit_spaces_requests_to_one_host_and_not_to_others():
    now, slept = [100.0], []
    limiter = HostLimiter(2.0, clock=lambda: now[0], sleep=slept.append)
    for host in ("a.example", "a.example", "b.example", "a.example"):
        limiter.wait(host)
    assert slept == [2.0, 4.0]  # a's second and third request; b's first waits for nothing


def test_the_cache_keeps_dated_answers_and_drops_old_ones(tmp_path):
    import datetime as dt
    probes = {"https://a.example/": Probe("https://a.example/", "2026-12-01", None, 200),
              "https://b.example/": Probe("https://b.example/", "2026-11-01", "http", 404)}
    linkcache.write(tmp_path, probes)
    back = linkcache.read(tmp_path)
    assert back == probes
    assert list(linkcache.fresh(back, dt.date(2026, 12, 6), 7)) == ["https://a.example/"]
    linkcache.cache_path(tmp_path).write_text("{broken", encoding="utf-8")
    assert linkcache.read(tmp_path) == {}


# --- the command -------------------------------------------------------------------------

UC = "entries/use-cases/xx-land-registry.md"
TECH = "entries/technologies/ledger.md"


@pytest.fixture
def kb(tmp_path, server) -> Path:
    """The tiny knowledge base with every address on the local server, and three broken."""
    root = tmp_path / "kb"
    shutil.copytree(FIXTURES / "valid", root)
    for path in root.rglob("*.md"):
        text = path.read_text(encoding="utf-8").replace("https://example.org", server)
        path.write_text(text, encoding="utf-8")
    uc = root / UC
    uc.write_text(uc.read_text(encoding="utf-8").replace(
        f"    url: {server}/evaluation", f"    url: {server}/gone"), encoding="utf-8")
    tech = root / TECH
    tech.write_text(tech.read_text(encoding="utf-8")
                    .replace(f"url: {server}/brochure", f"url: {server}/moved-away")
                    .replace(f"url: {server}/hype", f"url: {server}/moved-here"),
                    encoding="utf-8")
    return root


def links(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    return subprocess.run([sys.executable, "-m", "buzzvalue", "links", "--per-host", "0",
                           "--retries", "0", "--timeout", "5", *args], cwd=root,
                          capture_output=True, text=True, timeout=120,
                          env={**env, "NO_PROXY": "*", "no_proxy": "*",
                               "SOURCE_DATE_EPOCH": "1796515200"})  # 2026-12-06


def test_dead_and_moved_links_are_reported_at_their_url_lines(kb, server):
    result = links(kb)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if ": error " in line
             or ": warning " in line]
    assert lines == [
        f"{TECH}:28:12: warning BV704 '{server}/moved-away' moved to another host: "
        f"http://localhost:{server.rsplit(':', 1)[1]}/ok (checked 2026-12-06)",
        f"{UC}:31:10: error BV701 '{server}/gone' is dead: the server answers 404 "
        "(checked 2026-12-06)",
    ]
    assert f"hint: look for an archived copy at https://web.archive.org/web/{server}/gone" \
        in result.stdout
    assert result.stdout.splitlines()[-1].startswith("Checked 5 files: 1 error, 1 warning")


def test_json_and_github_formats(kb, server):
    document = json.loads(links(kb, "--format", "json").stdout)
    assert [(d["code"], d["line"], d["json_path"]) for d in document["diagnostics"]] == [
        ("BV704", 28, "$.claims[0].source.url"), ("BV701", 31, "$.sources[0].url")]
    github = links(kb, "--format", "github", "--no-cache").stdout
    assert f"::error file={UC},line=31,col=10,title=BV701::" in github


def test_answers_are_cached_with_their_dates_and_reused(kb, server):
    links(kb)
    cached = json.loads((kb / ".cache/buzzvalue/links.json").read_text(encoding="utf-8"))
    assert cached["links"][f"{server}/gone"]["checked"] == "2026-12-06"
    before = dict(Handler.hits)
    again = links(kb)
    assert Handler.hits == before  # every answer came from the cache
    assert "answered from the cache" in again.stderr and again.returncode == 1
    links(kb, "--no-cache")
    assert Handler.hits["/gone"] == before["/gone"] + 1


@pytest.mark.parametrize(("args", "message"), [(["--workers", "0"], "--workers 0 is too small"),
                                               (["--timeout", "-1"], "--timeout -1.0 is too")])
def test_bad_options_are_usage_errors(kb, args, message):
    result = links(kb, *args)
    assert result.returncode == 2
    assert result.stderr.startswith(f"buzzvalue: error: {message}")
    assert "Traceback" not in result.stderr
