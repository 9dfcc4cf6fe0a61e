"""Verdict history: the scores at each commit that changed the entries or the rubric.

Each snapshot is computed by the same code that scores today's entries, from the
commit's own entries/ and schema/ (read with `git archive`, nothing checked out).
Snapshots of commits are kept in .cache/buzzvalue/history.json, keyed by commit and
by this code's cache key, so a build only scores the commits it has not seen. A
shallow clone or a tarball has no history: `load` then says why, and pages say so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..core import atomic, clock
from ..core.git import GitProblem, git
from ..load.cache import key_for
from ..load.files import load_entries
from ..load.memo import Memo
from ..load.schemas import Schemas
from .rubric import RubricError, load_rubric
from .score import score

WATCHED = ("entries", "schema/scoring.yaml")


@dataclass(frozen=True)
class TechPoint:
    value: float | None
    buzz: float
    verdict: str
    tier: str
    claims: dict[str, str]  # claim id -> status


@dataclass(frozen=True)
class Snapshot:
    commit: str
    date: str  # ISO 8601, the commit's date
    subject: str
    technologies: dict[str, TechPoint]
    entries: dict[str, str]  # source path -> blob hash (to tell new and updated entries)
    titles: dict[str, str] = field(default_factory=dict)  # source path -> title


@dataclass(frozen=True)
class History:
    snapshots: tuple[Snapshot, ...]
    unavailable: str | None = None  # why there is no history, when there is none

    @property
    def available(self) -> bool:
        return self.unavailable is None


def commits(root: Path) -> list[tuple[str, str, str]]:
    """(hash, ISO date, subject) of the commits that touched the watched paths, oldest first."""
    log = git(root, "log", "--reverse", "--format=%H%x1f%cI%x1f%s", "--", *WATCHED)
    return [tuple(line.split("\x1f", 2)) for line in log.stdout.splitlines() if line]


def why_unavailable(root: Path) -> str | None:
    try:
        inside = git(root, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository")
    except GitProblem:
        return "git is not installed here"
    if inside.returncode != 0:
        return "this copy of the knowledge base is not a git repository"
    if inside.stdout.split()[-1:] == ["true"]:
        return "this is a shallow clone, without the earlier commits"
    return None


def snapshot_at(root: Path, commit: str, date: str, subject: str,
                schemas: Schemas, memo: Memo | None = None) -> Snapshot | None:
    """Score the knowledge base as it was at ``commit``; None when it had no entries yet.
    With ``memo``, an assessment another commit already made under the same rubric is
    recalled (most commits change a few cases)."""
    archive = git(root, "archive", "--format=tar", commit, "--", "entries", "schema",
                   binary=True)
    if archive.returncode != 0:
        return None
    with tempfile.TemporaryDirectory(prefix="buzzvalue-history-") as scratch:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(scratch, filter=_inside)
        tree = Path(scratch)
        if not (tree / "entries").is_dir() or not (tree / "schema" / "scoring.yaml").is_file():
            return None
        # Today's schemas (vocabularies and all) with the commit's rubric: the entries are
        # scored as the rubric of the day scored them.
        with_rubric = Schemas(tree / "schema", schemas.documents)
        try:
            rubric = load_rubric(with_rubric.directory / "scoring.yaml", with_rubric)
        except RubricError:
            return None
        entries = load_entries(tree / "entries")
        # Evidence is judged fresh or stale as of the commit's own year.
        within = None
        if memo is not None:
            rubric_bytes = (with_rubric.directory / "scoring.yaml").read_bytes()
            within = memo.within(hashlib.blake2b(rubric_bytes, digest_size=8).hexdigest())
        scores = score(entries, rubric, int(date[:4]), within).technologies
        blobs = _blobs(root, commit)
        return Snapshot(
            commit=commit, date=date, subject=subject,
            technologies={tid: TechPoint(s.value, s.buzz, s.verdict, s.tier,
                                         {c.id: c.status for c in s.claims})
                          for tid, s in sorted(scores.items())},
            entries=blobs,
            titles={e.source: str(e.data.get("title", e.id)) for e in entries})


def _inside(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
    """The "data" extraction filter, skipping (not failing on) a link that leaves the tree:
    the loader refuses such an entry anyway, and one old commit must not stop the history."""
    try:
        return tarfile.data_filter(member, path)
    except tarfile.FilterError:
        return None


def _blobs(root: Path, commit: str) -> dict[str, str]:
    listing = git(root, "ls-tree", "-r", commit, "--", "entries")
    found = {}
    for line in listing.stdout.splitlines():
        meta, path = line.split("\t", 1)
        found[path] = meta.split()[2]
    return found


def load_history(root: Path, schemas: Schemas, today: dt.date | None = None) -> History:
    """Every snapshot, oldest first, from the cache where the commit was scored before."""
    reason = why_unavailable(root)
    if reason:
        return History((), reason)
    key = key_for(schemas, today or clock.today())
    store = root / ".cache" / "buzzvalue" / "history.json"
    cached = _read(store, key)
    # The assessments of the commits scored in this run, for the next commit to recall.
    memo = Memo.under(root, key, "history-assessments")
    snapshots, scored = [], False
    for commit, date, subject in commits(root):
        if commit in cached:
            found = cached[commit]
        else:
            found = snapshot_at(root, commit, date, subject, schemas, memo)
            cached[commit], scored = found, True
        if found is not None:
            snapshots.append(found)
    _write(store, key, cached)
    if scored:
        memo.save()
    return History(tuple(snapshots))


def _read(store: Path, key: str) -> dict[str, Snapshot | None]:
    try:
        document = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(document, dict) or document.get("key") != key:
        return {}
    out: dict[str, Snapshot | None] = {}
    for commit, raw in document.get("snapshots", {}).items():
        if raw is None:
            out[commit] = None
            continue
        techs = {t: TechPoint(**p) for t, p in raw["technologies"].items()}
        out[commit] = Snapshot(raw["commit"], raw["date"], raw["subject"], techs,
                               raw["entries"], raw.get("titles", {}))
    return out


def _write(store: Path, key: str, snapshots: dict[str, Snapshot | None]) -> None:
    document = {"key": key, "snapshots": {c: None if s is None else asdict(s)
                                          for c, s in snapshots.items()}}
    with contextlib.suppress(OSError):  # a read-only checkout builds without keeping it
        atomic.write_text(store, json.dumps(document, sort_keys=True))
