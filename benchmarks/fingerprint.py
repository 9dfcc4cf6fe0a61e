"""Hashes of everything the pipeline writes, to show a speed lever changes nothing but speed.

    .venv/bin/python benchmarks/fingerprint.py OUT.json [--root DIR] [--compare BEFORE.json]

Builds, with SOURCE_DATE_EPOCH pinned (2026-12-01 unless set): the site (`mkdocs build`),
`buzzvalue validate --format json --verbose`, `buzzvalue score` (table and JSON) and
`buzzvalue export`; writes the SHA-256 of every file (site/ and the exports one by one) to
OUT.json and prints one hash per group. The commit the site was built from (its footer)
is written as COMMIT before hashing, so builds of two commits compare. With --compare,
lists every file whose bytes differ; for HTML pages it also says whether the page's
normalised HTML (see normalise()) is the same.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html.parser
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent


def run(command: list[str], cwd: Path, env: dict[str, str]) -> bytes:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr.decode()}")
    return done.stdout


def commit_of(root: Path) -> str | None:
    done = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root,
                          capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else None


def outputs(root: Path, work: Path) -> dict[str, bytes]:
    """{name: bytes} of every output, the commit replaced by COMMIT."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or str(int(dt.datetime(
        2026, 12, 1, tzinfo=dt.UTC).timestamp()))
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
    bv = str(BIN / "buzzvalue")
    found: dict[str, bytes] = {
        "validate.json": run([bv, "validate", "--format", "json", "--verbose", "--no-cache"],
                             root, env),
        "score.txt": run([bv, "score"], root, env),
        "score.json": run([bv, "score", "--format", "json"], root, env),
    }
    run([bv, "export", "--out", str(work / "export")], root, env)
    run([str(BIN / "mkdocs"), "build", "-q", "-d", str(work / "site")], root, env)
    for group in ("export", "site"):
        for path in sorted((work / group).rglob("*")):
            if path.is_file():
                found[f"{group}/{path.relative_to(work / group).as_posix()}"] = path.read_bytes()
    commit = commit_of(root)
    if commit:
        found = {name: data.replace(commit.encode(), b"COMMIT") for name, data in found.items()}
    return found


class _Normaliser(html.parser.HTMLParser):
    """Tags, sorted attributes and text with runs of white space made one space."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(f"<{tag} {sorted((k, v or '') for k, v in attrs)}>")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text:
            self.out.append(text)


def normalise(page: bytes) -> list[str]:
    """A page as a list of tags and texts: the same list means the same document, whatever
    the white space between tags and the order of attributes."""
    parser = _Normaliser()
    parser.feed(page.decode("utf-8"))
    parser.close()
    return parser.out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--root", type=Path, default=REPO)
    parser.add_argument("--compare", type=Path, help="an earlier OUT.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bv-fingerprint-") as scratch:
        found = outputs(args.root.resolve(), Path(scratch))
        hashes = {name: hashlib.sha256(data).hexdigest() for name, data in found.items()}
        pages = {name: normalise(data) for name, data in found.items()
                 if name.endswith(".html")}
    normalised = {name: hashlib.sha256(json.dumps(tags).encode()).hexdigest()
                  for name, tags in pages.items()}
    args.out.write_text(json.dumps({"files": hashes, "normalised": normalised}, indent=1,
                                   sort_keys=True))
    groups: dict[str, hashlib._Hash] = {}
    for name, digest in sorted(hashes.items()):
        group = name.split("/", 1)[0] if "/" in name else name
        groups.setdefault(group, hashlib.sha256()).update(f"{name}\0{digest}\n".encode())
    for group, h in groups.items():
        count = sum(1 for n in hashes if n == group or n.startswith(group + "/"))
        print(f"{group:16} {count:6} files  {h.hexdigest()}")
    if args.compare:
        before = json.loads(args.compare.read_text())
        old, old_norm = before["files"], before["normalised"]
        gone = sorted(set(old) - set(hashes))
        new = sorted(set(hashes) - set(old))
        changed = sorted(n for n in set(old) & set(hashes) if old[n] != hashes[n])
        same_html = [n for n in changed if n in normalised and old_norm.get(n) == normalised[n]]
        print(f"\ncompared with {args.compare}: {len(changed)} changed, {len(gone)} gone, "
              f"{len(new)} new; of the changed, {len(same_html)} pages have the same "
              "normalised HTML")
        for name in gone:
            print(f"  gone     {name}")
        for name in new:
            print(f"  new      {name}")
        for name in changed:
            print(f"  {'html=' if name in same_html else 'changed'}  {name}")
        return 1 if gone or new or len(changed) > len(same_html) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

