"""The HTML report of a cleaning (``cleantext.report``) and ``cleantext report``."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest

from cleantext import Cleaned, Cleaner, Note, Removal, clean, rule
from cleantext.cli import main
from cleantext.html.htmldoc import HtmlDoc
from cleantext.pipeline import HTML_RULES as HTML_PRESET
from cleantext.pipeline import TEXT_RULES as TEXT_PRESET
from cleantext.report import csp_hash, render_report, render_trace

REPO = Path(__file__).resolve().parents[1]
# The seed: the repo's fixture copy, else shared/seed beside the repo.
SEED = REPO / "tests" / "fixtures" / "seed" / "tunisie-numerique" / "input.txt"
if not SEED.is_file():
    SEED = REPO.parent / "shared" / "seed" / "input.txt"
if not SEED.is_file():
    pytest.skip("the seed (shared/seed/input.txt beside the repo) is missing",
                allow_module_level=True)


# Rules for these tests only: off by default, switched on by name.
@rule("report-test-nav", stage="html", default=False)
def _nav(doc, ctx):  # type: ignore[no-untyped-def]
    """Remove <nav> elements (a test rule)."""
    for node in doc.root.iter("nav"):
        doc.remove(node, reason="a <nav> element")


@rule("report-test-ads", stage="html", default=False)
def _ads(doc, ctx):  # type: ignore[no-untyped-def]
    """Remove elements of class "ad" (a test rule)."""
    for node in doc.root.xpath('//*[@class="ad"]'):
        doc.remove(node, reason='class "ad"')


HTML_RULES = ("report-test-ads", "report-test-nav")

PAGE = """<!DOCTYPE html><html><head><title>T</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Rain over Rabat</h1>
<p>Rain fell on Rabat all day, flooding <span class="ad">BUY SHOES NOW</span> the old medina.</p>
<div class="ad"><p>Sponsored one</p><p>Sponsored two <nav>inner nav</nav></p></div>
<p>Officials said the drains had been cleared in spring, and promised a review.</p>
<p>Abonnez-vous à la newsletter quotidienne pour ne rien manquer.</p>
<p>The city council meets again on Monday to discuss the damage and the repairs.</p>
</article></body></html>"""


def dom(report: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(report)


def shown_text(node: lxml.html.HtmlElement) -> str:
    """The text of ``node`` without its removals."""
    copy = lxml.html.fromstring(lxml.html.tostring(node, encoding="unicode"))
    for cut in copy.xpath('.//del[contains(concat(" ", @class, " "), " r ")]'):
        cut.drop_tree()
    return copy.text_content()


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def seed() -> tuple[str, Cleaned, str]:
    text = SEED.read_text(encoding="utf-8")
    cleaned = clean(text)
    return text, cleaned, render_report(text, cleaned, title="seed")


@pytest.fixture(scope="module")
def page() -> tuple[Cleaned, str]:
    trace = Cleaner(enable=HTML_RULES).trace(PAGE)
    return trace.cleaned, render_trace(trace, title="Rabat")


# -- text input -------------------------------------------------------------------


def test_text_report_shows_the_whole_input_in_order(seed: tuple[str, Cleaned, str]) -> None:
    text, _, report = seed
    assert dom(report).get_element_by_id("doc").text_content() == text


def test_text_report_kept_part_is_the_cleaned_text(seed: tuple[str, Cleaned, str]) -> None:
    _, cleaned, report = seed
    assert squeeze(shown_text(dom(report).get_element_by_id("doc"))) == squeeze(cleaned.text)


def test_each_removal_is_one_marked_element_with_rule_and_reason(
    seed: tuple[str, Cleaned, str],
) -> None:
    _, cleaned, report = seed
    cuts = dom(report).get_element_by_id("doc").xpath(".//del")
    assert len(cuts) == len(cleaned.removals) > 0
    by_id = {c.get("id"): c for c in cuts}
    for i, removal in enumerate(cleaned.removals, 1):
        cut = by_id[f"x{i}"]
        assert cut.text_content() == removal.text
        assert removal.rule in cut.get("title")
        assert removal.reason in cut.get("title")
        assert f"{removal.where[0]}–{removal.where[1]}" in cut.get("title")


def test_legend_counts_equal_the_log(seed: tuple[str, Cleaned, str]) -> None:
    _, cleaned, report = seed
    rows = dom(report).xpath('//tr[@class="rule"]')
    pieces = Counter(r.rule for r in cleaned.removals)
    chars: Counter[str] = Counter()
    for removal in cleaned.removals:
        chars[removal.rule] += len(removal.text)
    assert {r.get("data-rule-name"): int(r.get("data-removals")) for r in rows} == pieces
    assert {r.get("data-rule-name"): int(r.get("data-chars")) for r in rows} == chars
    kept = dom(report).xpath('//tr[@class="kept"]')[0]
    assert int(kept.get("data-chars")) == len(cleaned.text)


def test_each_rule_has_its_own_colour_and_filter(seed: tuple[str, Cleaned, str]) -> None:
    _, cleaned, report = seed
    css = dom(report).xpath("//style")[0].text
    colours = re.findall(r"\.r(\d+)\{background:(#\w+)", css)
    assert len(colours) == len({r.rule for r in cleaned.removals})
    assert len({c for _, c in colours}) == len(colours)
    for slot, _ in colours:
        assert f".h{slot} .r{slot}" in css
    boxes = dom(report).xpath("//input[@data-rule]")
    assert sorted(b.get("data-rule") for b in boxes) == sorted(s for s, _ in colours)


def test_removal_log_lists_every_removal_in_log_order(seed: tuple[str, Cleaned, str]) -> None:
    _, cleaned, report = seed
    items = dom(report).get_element_by_id("log").xpath(".//li")
    assert [i.xpath('.//span[contains(@class, "tag")]')[0].text for i in items] == [
        r.rule for r in cleaned.removals
    ]


def test_long_flat_text_is_cut_into_paragraphs_without_losing_a_character() -> None:
    # Browsers lay out one huge paragraph very slowly; the report cuts it up.
    sentence = "Rain fell on Rabat all day and the drains overflowed. "
    ad = "Subscribe now!"
    pieces, removals, pos = [], [], 0
    for i in range(2000):
        pieces.append(sentence)
        pos += len(sentence)
        if i % 10 == 0:
            removals.append(Removal("ads", "text", "an ad", ad, (pos, pos + len(ad))))
            pieces.append(ad + " ")
            pos += len(ad) + 1
    text = "".join(pieces)
    cleaned = Cleaned(text.replace(ad + " ", ""), tuple(removals))
    doc = dom(render_report(text, cleaned, kind="text")).get_element_by_id("doc")
    paras = doc.findall("p")
    assert len(paras) >= len(text) // 25_000
    assert all(len(p.text_content()) < 25_000 for p in paras)
    assert doc.text_content() == text
    assert [d.text_content() for d in doc.iter("del")] == [ad] * len(removals)


def test_notes_are_shown_in_the_side_panel() -> None:
    note = Note("undone", "newsletter-signup", "would remove 80% of the <b>document</b>")
    report = render_report("Just text.", Cleaned("Just text.", (), (note,)), kind="text")
    items = dom(report).xpath('//ul[@class="notes"]/li')
    assert [i.text_content() for i in items] == [
        "undone newsletter-signup: would remove 80% of the <b>document</b>"]


def test_text_report_falls_back_when_a_span_does_not_match() -> None:
    cleaned = Cleaned("kept words", (Removal("x-rule", "text", "why", "gone", (0, 4)),))
    report = render_report("nope kept words", cleaned, kind="text")
    root = dom(report)
    assert "not in place" in root.get_element_by_id("notice").text_content()
    assert root.get_element_by_id("doc").text_content() == "kept wordsgone"


# -- HTML input ---------------------------------------------------------------------


def test_html_report_shows_removed_nodes_where_they_sat(page: tuple[Cleaned, str]) -> None:
    _, report = page
    doc = dom(report).get_element_by_id("doc")
    text = " ".join(doc.text_content().split())
    order = ["Home World", "Rain over Rabat", "flooding BUY SHOES NOW the old medina",
             "Sponsored one", "Sponsored two", "inner nav", "Officials said",
             "Abonnez-vous", "The city council"]
    positions = [text.index(piece) for piece in order]
    assert positions == sorted(positions)


def test_html_report_kept_part_is_the_cleaned_text(page: tuple[Cleaned, str]) -> None:
    cleaned, report = page
    assert "notice" not in report.split('<article', 1)[0].split("<main", 1)[1]
    assert squeeze(shown_text(dom(report).get_element_by_id("doc"))) == squeeze(cleaned.text)


def test_html_removals_carry_their_xpath_and_kind(page: tuple[Cleaned, str]) -> None:
    cleaned, report = page
    cuts = {c.get("id"): c for c in dom(report).get_element_by_id("doc").iter("del")}
    assert len(cuts) == len(cleaned.removals)
    stages = Counter(r.stage for r in cleaned.removals)
    assert stages["html"] >= 3 and stages["text"] >= 1
    for i, removal in enumerate(cleaned.removals, 1):
        cut = cuts[f"x{i}"]
        assert removal.where in cut.get("title")
        assert f"{removal.rule}: {removal.reason}" in cut.get("title")
        is_block = "blk" in cut.get("class").split()
        assert is_block == (removal.rule != "newsletter-signup" and "SHOES" not in removal.text)


def test_node_removed_inside_a_removed_node_is_nested(page: tuple[Cleaned, str]) -> None:
    _, report = page
    inner = [c for c in dom(report).iter("del") if c.text_content() == "inner nav"]
    assert len(inner) == 1
    assert inner[0].getparent().tag == "del"
    assert "Sponsored one" in inner[0].getparent().text_content()


def test_inline_removal_keeps_the_space_after_it(page: tuple[Cleaned, str]) -> None:
    _, report = page
    assert "flooding <del" in report
    assert '>BUY SHOES NOW</del> the old medina' in report


def test_headings_are_marked_as_headings(page: tuple[Cleaned, str]) -> None:
    _, report = page
    assert [p.text_content() for p in dom(report).xpath('//p[@class="hd"]')] == [
        "Rain over Rabat"]


def test_text_removal_in_one_of_several_blocks_with_the_same_xpath() -> None:
    # A div's own text before and after a child paragraph makes two blocks that
    # share the div's XPath; the removal is placed in the right one.
    page = ("<html><body><div>Rain fell on Rabat all day long, said the officials."
            "<p>The drains of the old medina overflowed before noon again.</p>"
            "Abonnez-vous à la newsletter quotidienne pour ne rien manquer."
            "</div><p>Repairs start on Monday, and the council will meet again.</p>"
            "</body></html>")
    trace = Cleaner().trace(page)
    cleaned = trace.cleaned
    assert [r.where for r in cleaned.removals] == ["/html/body/div"]
    report = render_trace(trace)
    paras = dom(report).get_element_by_id("doc").findall("p")
    assert [len(p.findall("del")) for p in paras] == [0, 0, 1, 0]
    assert paras[2].find("del").text == cleaned.removals[0].text


def test_html_report_falls_back_when_an_xpath_is_missing() -> None:
    trace = Cleaner().trace("<html><body><p>Kept text.</p></body></html>")
    cleaned = Cleaned("Kept text.", (Removal("x-rule", "html", "why", "Gone", "/html/body/aside"),))
    report = render_trace(replace(trace, cleaned=cleaned))
    root = dom(report)
    assert "/html/body/aside" in root.get_element_by_id("notice").text_content()
    cut = root.get_element_by_id("x1")
    assert cut.text_content() == "Gone"
    assert "/html/body/aside" in cut.get("title")


def test_html_report_from_the_log_alone_lists_the_removals_and_says_why(
    page: tuple[Cleaned, str],
) -> None:
    cleaned, _ = page
    root = dom(render_report(PAGE, cleaned))
    assert "render_trace" in root.get_element_by_id("notice").text_content()
    assert [d.text_content() for d in root.get_element_by_id("doc").xpath("./p/del")] == [
        r.text for r in cleaned.removals]


def report_paras(page: str, **changes: object) -> list[str]:
    """The report's paragraphs, removals in [brackets], whitespace collapsed."""
    report = render_trace(Cleaner(**changes).trace(page))
    doc = dom(report).get_element_by_id("doc")
    assert doc.getprevious() is None or doc.getprevious().get("id") != "notice"
    for cut in doc.iter("del"):
        cut.text = "[" + (cut.text or "")
        if len(cut):
            cut[-1].tail = (cut[-1].tail or "") + "]"
        else:
            cut.text += "]"
    return [" ".join(p.text_content().split()) for p in doc.findall("p")]


def test_nodes_removed_inside_a_kept_block_sit_inline_where_they_were() -> None:
    # The div's own text is one block around the removed child div (the pipeline
    # skips removed nodes without cutting the block) and a table row is one block.
    page = ("<html><body><article>"
            "<p>Rain fell on Rabat all day, and the old medina flooded before noon.</p>"
            "<div>Officials met at noon <div class=\"ad\">Advert text</div> and talked."
            "<p>The drains were cleared in spring, the council said on Monday.</p>"
            "Repairs start next week, <span class=\"share\">Share this</span>.</div>"
            "<table><tr><td>Rabat</td><td class=\"ad\">Promo</td><td>41 mm</td></tr></table>"
            "</article></body></html>")
    paras = report_paras(page, enable=HTML_RULES)
    assert paras == [
        "Rain fell on Rabat all day, and the old medina flooded before noon.",
        "Officials met at noon [Advert text] and talked.",
        "The drains were cleared in spring, the council said on Monday.",
        "Repairs start next week, [Share this].",
        "Rabat [Promo] | 41 mm",
    ]


def test_removed_phrasing_at_the_edge_of_a_block_stays_in_it() -> None:
    page = ("<html><body><article>"
            "<p><span class=\"ad\">Ad:</span> Rain fell on Rabat all day, the medina flooded.</p>"
            "<p>The drains were cleared in spring, the council said. <a class=\"share\" "
            "href=\"/s\">Share</a></p><div class=\"ad\">Sponsored</div>"
            "<p>Repairs start next week and the council meets again on Monday.</p>"
            "</article></body></html>")
    assert report_paras(page, enable=HTML_RULES) == [
        "[Ad:] Rain fell on Rabat all day, the medina flooded.",
        "The drains were cleared in spring, the council said. [Share]",
        "[Sponsored]",
        "Repairs start next week and the council meets again on Monday.",
    ]


def test_a_removed_node_with_no_text_left_lets_the_nodes_inside_it_show() -> None:
    # non-content-tags removes the <nav>; boilerplate-containers then removes the
    # empty-looking ad box around it, which has no text left and is not logged.
    page = ("<html><body><article>"
            "<p>Rain fell on Rabat all day, and the old medina flooded before noon.</p>"
            "<div class=\"ad\"><nav><a href=\"/\">Home</a> <a href=\"/n\">News</a></nav></div>"
            "<p>The drains were cleared in spring, the council said on Monday.</p>"
            "</article></body></html>")
    trace = Cleaner().trace(page)
    assert [(r.rule, r.text) for r in trace.cleaned.removals] == [
        ("non-content-tags", "Home News")]
    assert len(trace.html_doc.removed_nodes()) == 2
    assert report_paras(page) == [
        "Rain fell on Rabat all day, and the old medina flooded before noon.",
        "[Home News]",
        "The drains were cleared in spring, the council said on Monday.",
    ]


def html_fixtures() -> list[Path]:
    return sorted((REPO / "tests" / "fixtures").glob("*/*/input.html"))


@pytest.mark.parametrize("path", html_fixtures(), ids=lambda p: f"{p.parent.parent.name}/"
                         f"{p.parent.name}")
def test_html_report_shows_the_whole_page_in_reading_order(path: Path) -> None:
    # Kept and removed text together, in order, are the page's visible text: every
    # removal sits where it was. (Table cells are joined by " | " in the kept text.)
    trace = Cleaner().trace(path.read_bytes())
    report = dom(render_trace(trace))
    assert report.xpath('//*[@id="notice"]') == []
    shown = report.get_element_by_id("doc").text_content()
    root = trace.html_doc.root
    page = HtmlDoc(root).visible_text(root)
    assert squeeze(shown).replace("|", "") == squeeze(page).replace("|", "")


# -- escaping -----------------------------------------------------------------------

HOSTILE = ('</textarea></title><!-- <script>window.pwned=1;document.title="PWNED"</script>'
           '"><svg onload=alert(1)> ]]> </del></p></article>')


def assert_inert(report: str) -> None:
    root = dom(report)
    assert len(root.xpath("//script")) == 1
    assert not root.xpath("//svg | //img | //iframe | //object | //embed | //textarea")
    assert not [a for el in root.iter() if isinstance(el.tag, str)
                for a in el.attrib if a.lower().startswith("on")]
    assert report.count("<script") == 1


def test_hostile_text_input_is_escaped() -> None:
    text = f"Kept {HOSTILE} words. Removed {HOSTILE} piece."
    start = text.index("Removed")
    cleaned = Cleaned(
        text[:start].strip(),
        (Removal(f"evil{HOSTILE}", "text", f"because {HOSTILE}", text[start:],
                 (start, len(text))),),
    )
    report = render_report(text, cleaned, title=HOSTILE, kind="text")
    assert_inert(report)
    root = dom(report)
    assert root.get_element_by_id("doc").text_content() == text
    assert HOSTILE in root.get_element_by_id("x1").get("title")
    assert root.findtext(".//h1").startswith(HOSTILE)
    assert root.findtext(".//title") == f"{HOSTILE} · cleantext report"


def test_hostile_html_page_is_escaped() -> None:
    page = (
        "<html><head><title>x</title><script>window.pwned=1</script></head><body>"
        '<p onclick="window.pwned=2">Text &lt;script&gt;window.pwned=3&lt;/script&gt; '
        '<img src=x onerror="window.pwned=4"> and &lt;!-- more --&gt; &lt;/textarea&gt;.</p>'
        '<div class="ad"><p>Ad &lt;script&gt;window.pwned=5&lt;/script&gt;</p>'
        "<script>window.pwned=6</script></div>"
        "<p>Enough article text here to keep the guard calm about this test page.</p>"
        "</body></html>"
    )
    trace = Cleaner(enable=HTML_RULES).trace(page)
    assert trace.cleaned.removals
    report = render_trace(trace, title="hostile")
    assert_inert(report)
    doc_text = dom(report).get_element_by_id("doc").text_content()
    assert "<script>window.pwned=3</script>" in doc_text
    assert "<!-- more -->" in doc_text and "</textarea>" in doc_text
    assert "window.pwned=1" not in doc_text  # a script's code is not page text


def test_csp_allows_only_the_reports_own_style_and_script(
    seed: tuple[str, Cleaned, str],
) -> None:
    _, _, report = seed
    root = dom(report)
    csp = root.xpath('//meta[@http-equiv="Content-Security-Policy"]')[0].get("content")
    assert "default-src 'none'" in csp and "unsafe" not in csp
    assert f"script-src '{csp_hash(root.xpath('//script')[0].text)}'" in csp
    assert f"style-src '{csp_hash(root.xpath('//style')[0].text)}'" in csp
    # The policy comes before anything it governs.
    assert report.index("Content-Security-Policy") < report.index("<style")
    assert not root.xpath("//*[@style]")
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", report)


# -- the command --------------------------------------------------------------------


def test_cli_writes_the_report_of_a_text_file(tmp_path: Path) -> None:
    out = tmp_path / "seed.html"
    assert main(["report", str(SEED), "-o", str(out), "--lang", "fr"]) == 0
    root = dom(out.read_text(encoding="utf-8"))
    assert root.findtext(".//h1").startswith("input.txt")
    assert root.xpath('//tr[@data-rule-name="newsletter-signup"]')


def test_cli_passes_rule_switches_on(tmp_path: Path) -> None:
    src = tmp_path / "page.html"
    src.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "page-report.html"
    args = ["report", str(src), "-o", str(out), "--disable", "newsletter-signup",
            "--disable", "boilerplate-containers"]
    assert main([*args, "--enable", "report-test-ads", "--url", "https://example.org/a"]) == 0
    report = out.read_text(encoding="utf-8")
    names = {r.get("data-rule-name") for r in dom(report).xpath('//tr[@class="rule"]')}
    # The enabled test rule fires, the disabled rules do not, the other built-in
    # rules still run (the page's <nav> elements are theirs).
    assert "report-test-ads" in names
    assert not names & {"newsletter-signup", "boilerplate-containers"}
    assert "non-content-tags" in names
    assert names - {"report-test-ads"} <= set(HTML_PRESET) | set(TEXT_PRESET)
    assert "https://example.org/a" in dom(report).findtext(".//header/p")


def test_cli_without_output_writes_to_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["report", str(SEED)]) == 0
    assert capsysbinary.readouterr().out.startswith(b"<!DOCTYPE html>")


def test_cli_reports_a_missing_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path / "nope.html"), "-o", str(tmp_path / "r.html")]) == 1
    err = capsys.readouterr().err
    assert "cannot read" in err and "nope.html" in err
    assert not (tmp_path / "r.html").exists()


def test_cli_reports_an_unwritable_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["report", str(SEED), "-o", str(blocker / "r.html")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_cli_rejects_an_unknown_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SEED), "--disable", "no-such-rule"]) == 2
    assert "no-such-rule" in capsys.readouterr().err


def make_fixtures(root: Path) -> None:
    seed = root / "tn" / "seed"
    seed.mkdir(parents=True)
    (seed / "input.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (seed / "case.toml").write_text('lang = "fr"\ndisable = ["social-follow"]\n')
    page = root / "example" / "rabat"
    page.mkdir(parents=True)
    (page / "input.html").write_text(PAGE, encoding="utf-8")
    (page / "case.toml").write_text(
        'url = "https://example.org/rabat"\nenable = ["report-test-ads"]\n'
        'disable = ["boilerplate-containers"]\n'
    )
    (root / "example" / "notes.txt").write_text("not a case")


def test_cli_reports_every_fixture_case_with_an_index(tmp_path: Path) -> None:
    make_fixtures(tmp_path / "fixtures")
    out = tmp_path / "reports"
    assert main(["report", str(tmp_path / "fixtures"), "-o", str(out)]) == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")) == [
        "example/rabat.html", "index.html", "tn/seed.html"]
    index = dom((out / "index.html").read_text(encoding="utf-8"))
    rows = {r.get("data-case"): r for r in index.xpath('//tr[@class="case"]')}
    assert set(rows) == {"example/rabat", "tn/seed"}
    assert rows["tn/seed"].xpath(".//a")[0].get("href") == "tn/seed.html"
    # case.toml is honoured: social-follow off for the seed; for rabat, the test rule
    # on and boilerplate-containers (which would remove the same ads) off.
    seed_report = dom((out / "tn" / "seed.html").read_text(encoding="utf-8"))
    seed_rules = {r.get("data-rule-name") for r in seed_report.xpath('//tr[@class="rule"]')}
    assert "social-follow" not in seed_rules and "newsletter-signup" in seed_rules
    expected = clean(SEED.read_text(encoding="utf-8"), lang="fr", disable=["social-follow"])
    assert int(rows["tn/seed"].get("data-removals")) == len(expected.removals)
    rabat = (out / "example" / "rabat.html").read_text(encoding="utf-8")
    assert "report-test-ads" in rabat and "https://example.org/rabat" in rabat
    rabat_rules = {r.get("data-rule-name") for r in dom(rabat).xpath('//tr[@class="rule"]')}
    assert "report-test-ads" in rabat_rules and "boilerplate-containers" not in rabat_rules


def test_cli_reports_the_repos_own_fixtures_in_place(tmp_path: Path) -> None:
    fixtures = REPO / "tests" / "fixtures"
    if not fixtures.is_dir():
        pytest.skip("no tests/fixtures in this checkout")
    out = tmp_path / "reports"
    assert main(["report", str(fixtures), "-o", str(out)]) == 0
    pages = [p for p in out.rglob("*.html") if p.name != "index.html"]
    assert pages
    for page in pages:
        assert 'id="notice"' not in page.read_text(encoding="utf-8"), page


def test_cli_fixture_tree_needs_an_output_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    make_fixtures(tmp_path / "fixtures")
    assert main(["report", str(tmp_path / "fixtures")]) == 2
    assert "-o DIR" in capsys.readouterr().err


def test_cli_fixture_tree_with_a_bad_case_still_writes_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    make_fixtures(tmp_path / "fixtures")
    bad = tmp_path / "fixtures" / "bad" / "case"
    bad.mkdir(parents=True)
    (bad / "input.html").write_text("<p>x</p>")
    (bad / "case.toml").write_text('disable = ["no-such-rule"]\n')
    out = tmp_path / "reports"
    assert main(["report", str(tmp_path / "fixtures"), "-o", str(out)]) == 1
    assert "no-such-rule" in capsys.readouterr().err
    assert (out / "tn" / "seed.html").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "bad/case" in index and "no-such-rule" in index
