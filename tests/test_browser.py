"""The built site in a real browser: Debian's Chromium driven by Playwright.

Skipped, with the reason, where Chromium or Playwright is missing. Screenshots of every
page family (desktop and phone, light and dark) and the printed PDFs are saved under
test-artifacts/ for review.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from sitebuild import REPO, mkdocs_build

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(repo_site):
    handler = functools.partial(_QuietHandler, directory=str(repo_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


class Visit:
    """A page load that records console errors and any request to another host."""

    def __init__(self, browser, base: str, scheme: str = "light") -> None:
        self.base = base
        self.page = browser.new_page(viewport={"width": 1280, "height": 900},
                                     color_scheme=scheme)
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", self._request)

    def _request(self, request) -> None:
        if not request.url.startswith((self.base, "data:", "blob:")):
            self.foreign.append(request.url)

    def open(self, path: str):
        self.page.goto(self.base + path, wait_until="networkidle")
        return self.page


@pytest.fixture
def visit(browser, server):
    opened: list[Visit] = []

    def make(scheme: str = "light") -> Visit:
        opened.append(Visit(browser, server, scheme))
        return opened[-1]

    yield make
    for v in opened:
        v.page.close()


PAGE_TYPES = {
    "home": "",
    "technology": "technologies/blockchain/",
    "use case": "use-cases/nl-syri/",
    "index": "use-cases/",
    "browse": "browse/domains/",
    "methodology": "methodology/",
    "claims": "claims/",
    "lessons": "lessons/",
    "guide": "guides/blockchain-decision/",
    "pattern brief": "patterns/blockchain/land-registry/",
    "patterns": "patterns/",
    "graph": "graph/",
    "about": "about/",
}


@pytest.mark.parametrize("path", ["", "technologies/blockchain/", "use-cases/nl-syri/"],
                         ids=["home", "technology", "use-case"])
def test_pages_render_without_console_errors_or_foreign_requests(visit, path):
    v = visit()
    page = v.open(path)
    assert page.locator("h1").count() == 1
    assert v.errors == []
    assert v.foreign == []


def test_matrix_links_every_technology(visit):
    v = visit()
    page = v.open("")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    links = page.locator(".bv-figure svg a")
    technologies = len(list((REPO / "entries" / "technologies").glob("*.md")))
    assert links.count() == technologies
    links.first.click()
    page.wait_for_load_state()
    assert "/technologies/" in page.url
    assert page.locator(".admonition-title").first.inner_text().startswith("Verdict:")


def test_technology_page_screenshot_and_derivation(visit):
    v = visit()
    page = v.open("technologies/blockchain/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "technology-blockchain.png"), full_page=True)
    assert page.get_by_role("heading", name=re.compile(r"^Value: ")).count() == 1
    assert page.get_by_role("heading", name="Claims ledger").count() == 1


def test_search_finds_an_entry_by_title(visit):
    v = visit()
    page = v.open("")
    page.locator("input.md-search__input").click()
    page.keyboard.type("SyRI", delay=50)
    result = page.locator(".md-search-result__item a").first
    result.wait_for(timeout=15000)
    assert "use-cases/nl-syri/" in result.get_attribute("href")


def test_search_finds_a_use_pattern_brief_by_its_words(visit):
    v = visit()
    page = v.open("")
    page.locator("input.md-search__input").click()
    page.keyboard.type("land registry", delay=50)
    page.locator(".md-search-result__item a").first.wait_for(timeout=15000)
    hrefs = [a.get_attribute("href") for a in page.locator(".md-search-result__item a").all()]
    assert any("patterns/blockchain/land-registry/" in h for h in hrefs[:3]), hrefs[:5]


def test_a_pattern_brief_prints_on_two_a4_pages_with_nothing_clipped(visit):
    from pypdf import PdfReader

    v = visit()
    page = v.open("patterns/blockchain/land-registry/")
    page.emulate_media(media="print")
    # Nothing wider than the printed column: no table or figure cut at the right edge.
    overflow = page.evaluate("""() => {
        const column = document.querySelector('.md-content__inner').getBoundingClientRect();
        return [...document.querySelectorAll('.md-content__inner table, .md-content__inner pre')]
            .filter(e => e.getBoundingClientRect().right > column.right + 1
                         || e.scrollWidth > e.clientWidth + 1)
            .map(e => e.tagName + ':' + e.textContent.slice(0, 40));
    }""")
    assert overflow == []
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "brief-blockchain-land-registry.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=False)
    reader = PdfReader(str(pdf))
    assert 1 <= len(reader.pages) <= 2
    printed = " ".join(p.extract_text() for p in reader.pages)
    for heading in ("Bottom line", "Verdict", "The promises that matter",
                    "Comparable deployments", "Questions to ask", "Sources", "Cite as"):
        assert heading in printed
    assert "Table of contents" not in printed  # the navigation does not print


GUIDES = sorted(p.stem for p in (REPO / "entries" / "guides").glob("*.md"))


def _answer_sets(data: dict, count: int, seed: int) -> list[dict[str, str]]:
    """Answer sets drawn from each question's options (sometimes left unanswered)."""
    import random

    from buzzvalue.model import guide as model

    rnd = random.Random(seed)
    sets = []
    for _ in range(count):
        answers = {}
        for question in data["guide"]["questions"]:
            choices = model.options(question, data["guide"], data["evidence"],
                                    data["domains"], data["levels"])
            if rnd.random() < 0.85:
                answers[question["id"]] = rnd.choice(choices).id
        sets.append(answers)
    return sets


def test_the_page_and_the_command_line_agree_on_generated_answer_sets(visit, tmp_path):
    import json
    import subprocess
    import sys

    import yaml

    from buzzvalue.model import guide as model

    compared = 0
    for number, guide_id in enumerate(GUIDES):
        page = visit().open(f"guides/{guide_id}/")
        data = json.loads(page.locator("#bv-guide-data").text_content())
        for answers in _answer_sets(data, 12, number):
            in_page = page.evaluate("([d, a]) => [window.bvGuide.evaluate(d, a), "
                                    "window.bvGuide.markdown(d, a, window.bvGuide.evaluate(d, a))]",
                                    [data, answers])
            python = model.evaluate(data["guide"], answers, data["evidence"], data["domains"],
                                    data["levels"])
            assert in_page[0] == json.loads(json.dumps(python)), (guide_id, answers)
            assert in_page[1] == model.markdown(data["guide"], answers, python)
            compared += 1
        # The command line reads the knowledge base itself: the same result again.
        path = tmp_path / f"{guide_id}.yaml"
        path.write_text(yaml.safe_dump(answers))
        cli = subprocess.run([sys.executable, "-m", "buzzvalue", "guide", guide_id, "--answers",
                              str(path), "--format", "json"], cwd=REPO, capture_output=True,
                             text=True, timeout=120)
        assert json.loads(cli.stdout) == in_page[0]
    assert compared >= 50


def test_a_guide_holds_when_a_trusted_third_party_exists(visit):
    page = visit().open("guides/blockchain-decision/")
    page.locator("#in-trusted-third-party-yes").check()
    result = page.locator("#bv-guide-result")
    assert "Hold: use the alternative" in result.inner_text()
    assert "trusted-third-party=yes" in page.url
    again = visit().open(page.url.split("/", 3)[3])
    assert "Hold: use the alternative" in again.locator("#bv-guide-result").inner_text()


def test_a_high_impact_eligibility_decision_gets_level_three_and_its_obligation(visit):
    answers = ("pattern=machine-learning%23fraud-risk-scoring&decision=decides"
               "&reversibility=lasting&scale=many&vulnerable=yes&personal-data=special"
               "&explanation=partly")
    text = visit().open(f"guides/ai-decision/?{answers}").locator("#bv-guide-result").inner_text()
    assert "Impact level III" in text or "Impact level IV" in text
    assert "Commission an independent evaluation before scaling beyond a pilot." in text


def test_a_guide_result_prints_on_two_a4_pages(visit):
    from pypdf import PdfReader

    query = "&".join(f"{k}={v}" for k, v in {
        "pattern": "blockchain%23land-registry", "domain": "01", "level": "national",
        "shared-state": "yes", "several-writers": "yes", "trusted-third-party": "no",
        "writers-trusted": "no", "need": "yes", "alternative": "yes", "objectives": "yes",
        "kill-criteria": "yes", "decision": "no", "reversibility": "effort",
        "scale": "thousands", "vulnerable": "no", "personal-data": "personal",
        "explanation": "yes", "human-review": "yes", "notice-appeal": "yes", "testing": "yes",
        "evaluated": "no", "capability": "yes", "exit": "yes", "cost": "yes"}.items())
    page = visit().open(f"guides/blockchain-decision/?{query}")
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "guide-blockchain-result.pdf"
    page.pdf(path=str(pdf), format="A4")
    reader = PdfReader(str(pdf))
    assert 1 <= len(reader.pages) <= 2
    printed = " ".join(p.extract_text() for p in reader.pages)
    assert "Recommendation" in printed and "The binding rules" not in printed


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(visit, kind, scheme):
    from axe_playwright_python.sync_playwright import Axe

    v = visit(scheme)
    page = v.open(PAGE_TYPES[kind])
    screenshot(page, kind, scheme)
    results = Axe().run(page)
    serious = [(x["id"], x["impact"], [n["target"] for n in x["nodes"]][:3])
               for x in results.response["violations"] if x["impact"] in ("serious", "critical")]
    assert serious == []


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag in ("a", "link") and href:
            self.links.append(href)


def test_every_internal_link_resolves(repo_site, server):
    site = repo_site
    broken = []
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        base = "http://site/" + page.relative_to(site).as_posix()
        for href in parser.links:
            target = urlsplit(urljoin(base, href))
            if target.netloc != "site":
                continue
            path = site / unquote(target.path).lstrip("/")
            if path.is_dir():
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{page.relative_to(site)} -> {href}")
    assert broken == []


HOSTILE = "<script>window.__pwned=1</script><img src=x onerror=window.__pwned=2>"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A site rendered from entries full of script payloads, past the validator's refusal."""
    import yaml
    from conftest import FIXTURES

    from buzzvalue.kb import load
    from buzzvalue.site.render import render

    from sitebuild import site_project

    root = tmp_path_factory.mktemp("hostile") / "kb"
    shutil.copytree(FIXTURES / "valid", root)
    case = root / "entries" / "use-cases" / "xx-land-registry.md"
    text = case.read_text()
    text = text.replace("title: Example land registry on a shared ledger", f"title: {HOSTILE!r}")
    text = text.replace("organisation: Example Land Agency", f"organisation: {HOSTILE!r}")
    text = text.replace("note: The evaluation found no undetected change to anchored records.",
                        f"note: '{HOSTILE} The evaluation found no change.'")
    text = text.replace("Institutional reform", f"{HOSTILE} [x](javascript:window.__pwned=3) I")
    case.write_text(text)
    kb = load(root)
    assert {d.code for d in kb.report.diagnostics} == {"BV303", "BV302", "BV304"}
    docs = root / "docs-hostile"
    site_project(root, root)
    shutil.copytree(root / "docs", docs)
    for name, content in render(kb).files.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(content)
    config = yaml.safe_load((root / "mkdocs.yml").read_text())
    config["plugins"] = ["search", "tags"]
    config["docs_dir"] = str(docs)
    (root / "plain.yml").write_text(yaml.safe_dump(config))
    result = mkdocs_build(root, root / "site", config="plain.yml")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_no_entry_script_runs_in_the_browser(browser, hostile_site):
    handler = functools.partial(_QuietHandler, directory=str(hostile_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    try:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ("use-cases/xx-land-registry/", "use-cases/", "technologies/ledger/",
                     "claims/", "lessons/", "tags/", ""):
            page.goto(base + path, wait_until="networkidle")
            assert page.evaluate("window.__pwned") is None, path
            for link in page.locator("a[href^='javascript:']").all():
                raise AssertionError(f"{path}: {link.get_attribute('href')}")
        page.close()
        assert dialogs == []
    finally:
        httpd.shutdown()
        httpd.server_close()
    html = (hostile_site / "use-cases" / "xx-land-registry" / "index.html").read_text()
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html and '<img src="x"' not in html


# --- readable on paper, on a phone and for everyone (issue 20) ---------------------------

PHONE = {"width": 390, "height": 844}
LONGEST_USE_CASES = sorted((REPO / "entries" / "use-cases").glob("*.md"),
                           key=lambda p: (-p.stat().st_size, p.name))[:4]
SCREEN_ONLY_HEADINGS = ("How sure is this?", "How the cases were found", "History",
                        "Use patterns", "Where it delivers")

# Elements in the page column wider than it, or hiding content in a horizontal scroll.
OVERFLOW_JS = """() => {
    const column = document.querySelector('.md-content__inner').getBoundingClientRect();
    return [...document.querySelectorAll('.md-content__inner table')]
        .filter(t => t.offsetParent !== null)
        .filter(t => t.getBoundingClientRect().right > column.right + 1
                     || t.getBoundingClientRect().left < column.left - 1
                     || t.scrollWidth > t.clientWidth + 1
                     || (t.closest('.md-typeset__scrollwrap') || t).scrollWidth
                        > (t.closest('.md-typeset__scrollwrap') || t).clientWidth + 1)
        .map(t => t.rows[0].textContent.trim().slice(0, 60));
}"""

# Every label of every picture: its rendered font size and its box, in screen pixels.
LABELS_JS = """() => [...document.querySelectorAll('.bv-figure svg')].map((svg, i) => {
    const frame = svg.getBoundingClientRect();
    const scale = svg.getScreenCTM().a;
    const texts = [...svg.querySelectorAll('text')].map(t => {
        const r = t.getBoundingClientRect();
        return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize) * scale,
                box: [r.left, r.top, r.right, r.bottom]};
    });
    return {picture: svg.getAttribute('aria-labelledby') || String(i),
            frame: [frame.left, frame.top, frame.right, frame.bottom], texts};
})"""


def _print_pdf(page, name: str) -> tuple[int, str]:
    from pypdf import PdfReader

    page.emulate_media(media="print")
    folder = ARTIFACTS / "print"
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / f"{name}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=False)
    reader = PdfReader(str(pdf))
    return len(reader.pages), " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


TECHNOLOGIES = sorted(p.stem for p in (REPO / "entries" / "technologies").glob("*.md"))


@pytest.mark.parametrize("tech", TECHNOLOGIES)
def test_a_technology_page_prints_as_a_brief_of_at_most_two_a4_pages(visit, tech):
    page = visit().open(f"technologies/{tech}/")
    pages, printed = _print_pdf(page, f"technology-{tech}")
    assert 1 <= pages <= 2
    for part in ("Verdict:", "Delivered or partly delivered in", "Claims ledger", "Lessons",
                 "Questions to ask", "Sources", "Cite as", "they are online at"):
        assert part in printed, part
    printed_headings = page.evaluate("""() => [...document.querySelectorAll('.md-typeset h2')]
        .filter(h => h.offsetParent !== null).map(h => h.textContent.replace('¶', '').trim())""")
    assert "Questions to ask" in printed_headings
    for heading in SCREEN_ONLY_HEADINGS:
        assert not any(h.startswith(heading) for h in printed_headings), heading
    assert page.evaluate(OVERFLOW_JS) == []
    # headings stay with what follows them; source links print their address
    assert page.evaluate("""() => [...document.querySelectorAll('.md-typeset h2')]
        .filter(h => h.offsetParent !== null)
        .every(h => getComputedStyle(h).breakAfter === 'avoid')""")
    assert "<https://" in printed or "<http://" in printed


@pytest.mark.parametrize("case", [p.stem for p in LONGEST_USE_CASES] + ["nl-syri"])
def test_a_use_case_prints_on_at_most_two_a4_pages(visit, case):
    page = visit().open(f"use-cases/{case}/")
    pages, printed = _print_pdf(page, f"use-case-{case}")
    assert 1 <= pages <= 2
    assert page.evaluate(OVERFLOW_JS) == []
    assert "Cite as" in printed and "Reviewed" in printed


@pytest.fixture
def phone(browser, server):
    opened = []

    def make(path: str, scheme: str = "light"):
        page = browser.new_page(viewport=PHONE, color_scheme=scheme)
        opened.append(page)
        page.goto(server + path, wait_until="networkidle")
        return page

    yield make
    for page in opened:
        page.close()


def screenshot(page, kind: str, scheme: str) -> None:
    """Each page family at its width and colour scheme, for review under test-artifacts/."""
    folder = ARTIFACTS / "screens"
    folder.mkdir(parents=True, exist_ok=True)
    width = "phone" if page.viewport_size["width"] < 600 else "desktop"
    height = min(page.evaluate("document.documentElement.scrollHeight"), 6000)
    clip = {"x": 0, "y": 0, "width": page.viewport_size["width"], "height": height}
    page.screenshot(path=str(folder / f"{kind.replace(' ', '-')}-{width}-{scheme}.png"),
                    full_page=True, clip=clip)  # the first 6,000 px: enough to judge


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_at_390_px_no_table_is_wider_than_its_column(phone, kind):
    page = phone(PAGE_TYPES[kind])
    screenshot(page, kind, "light")  # dark: the desktop screenshots of the axe test
    assert page.evaluate(OVERFLOW_JS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("path", ["", "technologies/blockchain/", "technologies/digital-twins/",
                                  "graph/"], ids=["home", "blockchain", "digital-twins", "graph"])
def test_at_390_px_chart_text_is_at_least_11_px(phone, path):
    page = phone(path)
    pictures = page.evaluate(LABELS_JS)
    assert pictures
    small = [(p["picture"], t["text"], round(t["size"], 1)) for p in pictures
             for t in p["texts"] if t["size"] < 11]
    assert small == []


def _overlap(a: list[float], b: list[float]) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


@pytest.mark.parametrize("path", ["", "graph/", *(f"technologies/{t}/" for t in TECHNOLOGIES)])
def test_no_chart_label_is_clipped_or_overlaps_another(visit, path):
    page = visit().open(path)
    pictures = page.evaluate(LABELS_JS)
    assert pictures
    for picture in pictures:
        frame, texts = picture["frame"], picture["texts"]
        outside = [t["text"] for t in texts
                   if t["box"][0] < frame[0] - 0.5 or t["box"][1] < frame[1] - 0.5
                   or t["box"][2] > frame[2] + 0.5 or t["box"][3] > frame[3] + 0.5]
        assert outside == [], picture["picture"]
        clashes = [(a["text"], b["text"]) for i, a in enumerate(texts) for b in texts[i + 1:]
                   if _overlap(a["box"], b["box"]) > 1.0]
        assert clashes == [], picture["picture"]


def test_technology_pages_open_with_a_summary_and_jump_links(phone):
    page = phone("technologies/blockchain/")
    jump = page.locator(".bv-jump")
    assert jump.bounding_box()["y"] < 2 * PHONE["height"]  # within the first two screens
    for name, target in (("Verdict", "#verdict"), ("Questions to ask", "#questions-to-ask"),
                         ("Use cases", "#use-cases")):
        link = jump.get_by_role("link", name=name, exact=True)
        assert link.get_attribute("href") == target
        assert page.locator(target).count() == 1


def test_a_permalink_never_wraps_alone_under_a_long_heading(phone):
    page = phone("technologies/blockchain/")
    alone = page.evaluate("""() => [...document.querySelectorAll('.md-typeset h2, .md-typeset h3')]
        .filter(h => h.querySelector('.headerlink') && h.offsetParent !== null)
        .filter(h => {
            const range = document.createRange();
            range.selectNodeContents(h);
            range.setEndBefore(h.querySelector('.headerlink'));
            const lines = [...range.getClientRects()];
            const last = lines[lines.length - 1];
            const link = h.querySelector('.headerlink').getBoundingClientRect();
            return last && link.top >= last.bottom - 1;
        }).map(h => h.textContent)""")
    assert alone == []


def test_technology_chips_on_a_use_case_lead_to_the_technology(visit):
    page = visit().open("use-cases/nl-syri/")
    chips = page.locator("a.bv-tag-entry")
    assert chips.count() >= 1
    for chip in chips.all():
        assert "/technologies/" in chip.get_attribute("href")
    chips.first.click()
    page.wait_for_load_state()
    assert "/technologies/" in page.url and "/tags/" not in page.url


def test_the_use_case_index_sorts_by_name_year_and_outcome(visit):
    page = visit().open("use-cases/")
    names = page.locator(".md-content__inner table tbody tr td:first-child").all_inner_texts()
    assert names == sorted(names, key=str.lower)
    sort = page.locator(".bv-sort")
    sort.get_by_role("link", name="by year").click()
    page.wait_for_load_state()
    years = [int(h[:4]) for h in page.locator(".md-content__inner h2").all_inner_texts()
             if h[:4].isdigit()]
    assert years and years == sorted(years, reverse=True)
    page.locator(".bv-sort").get_by_role("link", name="by outcome").click()
    page.wait_for_load_state()
    assert page.locator(".md-content__inner h2").first.inner_text().startswith("Delivered")


def test_contributor_pages_sit_apart_from_readers_navigation(visit):
    page = visit().open("")
    nav = page.locator(".md-nav--primary")
    section = nav.locator("li.md-nav__item--section", has_text="Contribute")
    for name in ("Validation rules", "Editor setup", "Reviews due"):
        assert section.get_by_role("link", name=name).count() == 1
    assert nav.get_by_role("link", name="About", exact=True).count() == 1


def test_the_graph_page_draws_every_technology_with_a_text_equivalent(visit):
    page = visit().open("graph/")
    technologies = len(TECHNOLOGIES)
    figure = page.locator(".bv-figure svg")
    assert figure.count() == 1
    links = figure.locator("a").count()
    cases = len(list((REPO / "entries" / "use-cases").glob("*.md")))
    assert links > technologies + cases  # every technology, claim and case mark is a link
    assert page.locator("details.bv-tech").count() == technologies
