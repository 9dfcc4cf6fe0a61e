"""The site: every entry gets a page, the plugin and `render --out` agree, nothing is external."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from buzzvalue.core.errors import BuzzvalueError
from buzzvalue.export import opendata
from buzzvalue.kb import load
from buzzvalue.site import render as render_module
from buzzvalue.site.prerender import Prerendered, prerender_parts
from buzzvalue.site.render import render

from sitebuild import REPO, mkdocs_build, site_project


@pytest.fixture
def built(tiny, tmp_path):
    project = site_project(tiny.root, tiny.root)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    return tiny, tmp_path / "site"


def test_every_entry_has_a_page_and_home_shows_the_matrix(built):
    tiny, site = built
    for entry in tiny.load().entries:
        folder = "technologies" if entry.kind == "technology" else "use-cases"
        assert (site / folder / entry.id / "index.html").is_file()
    home = (site / "index.html").read_text()
    assert home.count('<a href="technologies/ledger/"><title>Shared Ledger: ') == 1
    assert "Buzz versus value matrix" in home


def test_plugin_and_render_out_give_the_same_entry_pages(built, tmp_path):
    tiny, with_plugin = built
    rendered_docs = tmp_path / "docs-rendered"
    subprocess.run([sys.executable, "-m", "buzzvalue", "render", "--out", str(rendered_docs)],
                   cwd=tiny.root, check=True, capture_output=True)
    for page in (tiny.root / "docs").rglob("*"):
        if page.is_file():
            target = rendered_docs / page.relative_to(tiny.root / "docs")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.read_bytes())
    config = yaml.safe_load((tiny.root / "mkdocs.yml").read_text())
    config["plugins"] = [p for p in config["plugins"] if p != "buzzvalue"]
    config["docs_dir"] = str(rendered_docs)
    (tiny.root / "plain.yml").write_text(yaml.safe_dump(config))
    result = mkdocs_build(tiny.root, tmp_path / "plain-site", config="plain.yml")
    assert result.returncode == 0, result.stderr
    pages = sorted((with_plugin / "use-cases").rglob("index.html")) + sorted(
        (with_plugin / "technologies").rglob("index.html"))
    assert len(pages) == 9  # 3 use cases, 2 technologies, the indexes (by name, year, outcome)
    for page in pages:
        other = tmp_path / "plain-site" / page.relative_to(with_plugin)
        assert other.read_text() == page.read_text(), page


def test_render_is_pure_and_deterministic(tiny):
    first, second = render(tiny.load()), render(tiny.load())
    assert first.files == second.files
    assert first.edit["use-cases/xx-land-registry.md"] == "entries/use-cases/xx-land-registry.md"


def test_entry_text_cannot_inject_html_or_links(tiny):
    tiny.mutate("use-cases/xx-land-registry.md", "title: Example land registry on a shared ledger",
                'title: "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=y>"')
    page = render(tiny.load()).files["use-cases/xx-land-registry.md"]
    body = page.split("---", 2)[2]
    assert "<script" not in body and "<img" not in body
    assert not re.search(r"(?<!\\)\]\(javascript:", body)  # only as escaped, inert text


def test_an_entry_error_stops_the_build_with_every_error_listed(tiny, tmp_path):
    project = site_project(tiny.root, tiny.root)
    tiny.mutate("use-cases/xx-land-registry.md", "stage: production", "stage: pilt")
    tiny.mutate("use-cases/xx-ledger-payments.md", "country: SE", "country: XX")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "buzzvalue: 2 error(s) in the entries:" in result.stderr
    assert "entries/use-cases/xx-land-registry.md:14:8: BV104" in result.stderr
    assert "entries/use-cases/xx-ledger-payments.md:10:25: BV208" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_entry_warning_fails_a_strict_build(tiny, tmp_path):
    project = site_project(tiny.root, tiny.root)
    (tiny.path("use-cases/xx-records-archive.md")).unlink()
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "BV402" in result.stderr


class _Resources(HTMLParser):
    """Every address the browser would fetch on its own (not links a reader may follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and \
                values.get("src"):
            self.fetched.append(values["src"])
        if tag == "link" and values.get("href") and values.get("rel") != "canonical":
            self.fetched.append(values["href"])
        if tag == "object" and values.get("data"):
            self.fetched.append(values["data"])


def external_fetches(site: Path) -> list[str]:
    found = []
    for path in site.rglob("*"):
        if path.suffix == ".html":
            parser = _Resources()
            parser.feed(path.read_text(encoding="utf-8"))
            found += [f"{path}: {u}" for u in parser.fetched if re.match(r"(https?:)?//", u)]
        elif path.suffix in (".css", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{path}: {u}" for u in re.findall(
                r"""(?:url\(|@import\s+)["']?((?:https?:)?//[^"')\s]+)""", text)]
    return found


def test_the_repository_site_builds_strict_and_has_every_entry(repo_site):
    entries = {p.stem for p in (REPO / "entries").rglob("*.md")}
    pages = {p.parent.name for p in [*(repo_site / "technologies").glob("*/index.html"),
                                     *(repo_site / "use-cases").glob("*/index.html"),
                                     *(repo_site / "guides").glob("*/index.html")]}
    assert pages == entries | {"by-year", "by-outcome"}  # and the use-case index, sorted
    assert (repo_site / "data" / "kb.json").is_file()


def test_the_built_site_fetches_nothing_from_other_hosts(repo_site):
    assert external_fetches(repo_site) == []


def test_mkdocs_serve_watches_entries_and_schema(tiny):
    from mkdocs.config import load_config

    from buzzvalue_mkdocs.plugin import BuzzValuePlugin

    project = site_project(tiny.root, tiny.root)
    (project / "schema").mkdir()
    plugin = BuzzValuePlugin()
    plugin.load_config({})
    config = load_config(str(project / "mkdocs.yml"))
    plugin.on_config(config)

    class Server:
        def __init__(self) -> None:
            self.watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = Server()
    plugin.on_serve(server, config, None)
    assert server.watched == [str(project.resolve() / "entries"),
                              str(project.resolve() / "schema")]
    assert plugin.site is not None
    plugin.on_post_build(config)  # removes the folder the exports were written to


def test_a_failed_rebuild_under_serve_keeps_no_pages_of_the_last_build(tiny):
    # `mkdocs serve` keeps the plugin object across rebuilds: when an edit breaks an entry,
    # the rebuild fails and must not go on to serve the previous build's pages.
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    from buzzvalue_mkdocs.plugin import BuzzValuePlugin

    project = site_project(tiny.root, tiny.root)
    plugin = BuzzValuePlugin()
    plugin.load_config({})
    config = load_config(str(project / "mkdocs.yml"))
    plugin.on_config(config)
    assert plugin.site is not None
    exports = Path(plugin.data_dir)
    assert (exports / "kb.json").is_file()
    tiny.mutate("use-cases/xx-land-registry.md", "stage: production", "stage: pilt")
    with pytest.raises(PluginError, match="BV104"):
        plugin.on_config(config)
    assert plugin.site is None and plugin.data_dir is None
    assert not exports.exists()  # nor the last build's exports


def test_mkdocs_yml_has_no_duplicate_keys():
    # PyYAML keeps the last of two equal keys silently: two `extra_javascript:` lists once
    # dropped the filters' script. The project's strict reader refuses duplicates.
    from buzzvalue.load.strictyaml import parse

    parse((REPO / "mkdocs.yml").read_text(encoding="utf-8"))


def same_site(kb, tmp_path, workers):
    """site_build (what the plugin reads) against render (what `render --out` writes):
    the same pages in the same order, each lean as prerender_parts makes it, and the
    exports as files with the same text."""
    full = render(kb)
    build = render_module.site_build(kb, tmp_path / "data", workers=workers)
    build.finish()
    pages = {p: t for p, t in full.files.items() if not p.startswith("data/")}
    known = {p for p in pages if p.endswith(".md")}
    assert list(build.pages) == list(pages)
    for path, text in pages.items():
        expected = (prerender_parts(path, text, known) if path.endswith(".md")
                    else Prerendered(text))  # a feed is read as it is
        assert build.pages[path] == expected, path
    assert any(page.blocks for page in build.pages.values())
    assert build.edit == full.edit
    data = {p: t for p, t in full.files.items() if p.startswith("data/")}
    assert list(build.data) == list(data)
    assert {p: f.read_text(encoding="utf-8") for p, f in build.data.items()} == data


@pytest.mark.parametrize("workers", [1, 2])
def test_the_lean_site_build_gives_render_s_pages_and_exports(tiny, tmp_path, monkeypatch,
                                                             workers):
    monkeypatch.setattr(render_module, "PARALLEL_FROM", 0)  # worker processes even when tiny
    same_site(tiny.load(), tmp_path, workers)


def test_the_lean_site_build_of_this_repository_is_the_same_on_two_workers(tmp_path,
                                                                          monkeypatch):
    monkeypatch.setattr(render_module, "PARALLEL_FROM", 0)
    same_site(load(REPO), tmp_path, 2)


def test_an_export_that_fails_in_its_worker_fails_the_build(tiny, tmp_path, monkeypatch):
    monkeypatch.setattr(render_module, "PARALLEL_FROM", 0)

    def broken(kb, directory):
        raise BuzzvalueError("the exports could not be written")
    monkeypatch.setattr(render_module.opendata, "write", broken)  # the forked worker has it
    build = render_module.site_build(tiny.load(), tmp_path / "data", workers=2)
    assert build.pages  # the pages are made; the exports' failure shows when waited for
    with pytest.raises(BuzzvalueError, match="could not be written"):
        build.finish()
    build.finish()  # once reported, nothing is left to wait for


def test_the_site_carries_the_exports_and_leaves_no_temporary_folder(tiny, tmp_path,
                                                                    monkeypatch):
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795910400")  # conftest's TODAY
    result = mkdocs_build(site_project(tiny.root, tiny.root), tmp_path / "site")
    assert result.returncode == 0, result.stderr
    monkeypatch.chdir(tiny.root)  # where the build ran: entries' paths are relative to it
    expected = opendata.files(tiny.load())
    site = tmp_path / "site" / "data"
    assert {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in site.rglob("*") if p.is_file() and p.name != "index.html"} == expected
    assert list(temporary.iterdir()) == []
