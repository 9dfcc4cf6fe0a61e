"""Adds the rendered knowledge base to an MkDocs build.

Everything is asked of `buzzvalue`, through its public API (`buzzvalue.api`) only: it
loads and validates the entries, computes the scores and renders the page set. This
adapter only turns diagnostics into a PluginError (errors) or log warnings (so
`mkdocs build --strict` fails), adds the page set as generated files whose edit links
point at the entries, and watches entries/ and schema/ under `mkdocs serve`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from buzzvalue.api import (
    ADVISORY,
    BuzzvalueError,
    Diagnostic,
    History,
    Severity,
    SiteBuild,
    built_from,
    load,
    load_history,
    site_build,
)

log = get_plugin_logger(__name__)


class BuzzValueConfig(Config):
    root = c.Type(str, default=".")  # the knowledge base, relative to mkdocs.yml
    history = c.Type(bool, default=True)  # verdict history from git
    strict_reviews = c.Type(bool, default=False)  # overdue reviews (BV501) as warnings


def _line(d: Diagnostic) -> str:
    hint = f" (hint: {d.hint})" if d.hint else ""
    return f"{d.path}:{d.line}:{d.col}: {d.code} {d.message}{hint}"


class BuzzValuePlugin(BasePlugin[BuzzValueConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: SiteBuild | None = None
        self.root: Path | None = None
        self.built = ""
        self.lean: dict = {}  # page -> its prerendered blocks, put in by on_page_content
        self.data_dir: str | None = None  # the exports, written here during the build

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # The plugin object lives across `mkdocs serve` rebuilds: start each build afresh.
        self._clean_up()
        self.root = Path(config.config_file_path).parent.joinpath(self.config.root).resolve()
        try:
            kb = load(self.root)
        except BuzzvalueError as exc:  # a broken schema or rubric: the reader can fix it
            raise PluginError(str(exc)) from None
        errors = [d for d in kb.report.diagnostics if d.severity == Severity.ERROR]
        if errors:
            listing = "\n".join(f"  {_line(d)}" for d in errors)
            raise PluginError(f"buzzvalue: {len(errors)} error(s) in the entries:\n{listing}")
        for d in kb.report.diagnostics:
            if d.severity != Severity.WARNING:
                continue
            if d.code in ADVISORY and not self.config.strict_reviews:
                log.info(_line(d))
            else:
                log.warning(_line(d))
        self.built = built_from(self.root)  # the home page says which version this is
        history = (load_history(self.root, kb.schemas, kb.today) if self.config.history
                   else History((), "history is turned off in mkdocs.yml"))
        self.data_dir = tempfile.mkdtemp(prefix="buzzvalue-data-")
        self.site = site_build(kb, Path(self.data_dir), directory_urls=config.use_directory_urls,
                               history=history, site_url=config.site_url or "")
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.site is not None and self.root is not None
        docs_prefix = os.path.relpath(config.docs_dir, self.root).replace(os.sep, "/")
        for file in files:
            if file.generated_by is None:
                file.edit_uri = f"{docs_prefix}/{file.src_uri}"
        for path, page in self.site.pages.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"buzzvalue: docs/{path} would hide a generated page; "
                                  "rename or remove it")
            # Python-Markdown reads the lean page; on_page_content puts the HTML blocks in.
            generated = File.generated(config, path, content=page.lean)
            generated.edit_uri = self.site.edit.get(path)
            files.append(generated)
            if page.blocks:
                self.lean[path] = page
        for path, written in self.site.data.items():  # the exports, copied from disk
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"buzzvalue: docs/{path} would hide a generated file; "
                                  "rename or remove it")
            files.append(File.generated(config, path, abs_src_path=str(written)))
        self.site.pages.clear()  # the files hold the pages now
        return files

    def on_env(self, env, config: MkDocsConfig, files: Files):
        # MkDocs copies the files (the exports among them) right after this event.
        assert self.site is not None
        try:
            self.site.finish()
        except BuzzvalueError as exc:
            raise PluginError(str(exc)) from None
        return env

    def on_post_build(self, config: MkDocsConfig) -> None:
        self._clean_up()

    def on_build_error(self, error: Exception) -> None:
        self._clean_up()

    def _clean_up(self) -> None:
        if self.site is not None:
            with contextlib.suppress(Exception):  # a failed build has reported its error
                self.site.finish()
        self.site = None
        self.lean = {}
        if self.data_dir is not None:
            shutil.rmtree(self.data_dir, ignore_errors=True)
            self.data_dir = None

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        lean = self.lean.pop(page.file.src_uri, None)  # its blocks are needed once
        if lean is None:
            return html
        try:
            return lean.fill(html)
        except ValueError as exc:  # a bug: the page would lose a table
            raise PluginError(f"buzzvalue: {page.file.src_uri}: {exc}") from None

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if page.file.src_uri != "index.md":
            return markdown
        return f"{markdown.rstrip()}\n\n*Built from {self.built}.*\n"

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder) -> None:
        assert self.root is not None
        for folder in ("entries", "schema"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
