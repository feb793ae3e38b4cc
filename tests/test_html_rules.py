"""Each HTML-stage rule: where it must fire and where it must not."""

from __future__ import annotations

from cleantext import clean
from cleantext.pipeline import HTML_RULES
from cleantext.registry import REGISTRY

ARTICLE = "".join(
    f"<p>{s}</p>"
    for s in (
        "The city council voted on Tuesday to expand the bus network to three new "
        "districts, a plan that has been debated for more than two years.",
        "Officials said the first routes would open in the spring, with buses running "
        "every ten minutes during rush hour and every twenty minutes at night.",
        "Residents of the outer districts welcomed the decision, though some business "
        "owners worry that construction will disrupt traffic on the main roads.",
    )
)


def page(body: str) -> str:
    return f"<html><head><title>Bus network</title></head><body>{body}</body></html>"


def rules_of(result: object, text: str) -> list[str]:
    return [r.rule for r in result.removals if text in r.text]  # type: ignore[attr-defined]


def test_every_html_rule_is_registered_documented_and_switchable() -> None:
    for name in HTML_RULES:
        rule = REGISTRY.get(name)
        assert rule.stage == "html"
        for part in ("What", "Why", "Example", "Known false positives"):
            assert part in rule.doc, (name, part)
        assert clean(page(ARTICLE), disable=[name]).text


# -- hidden-elements -------------------------------------------------------------------


def test_hidden_elements_removes_display_none_and_honeypot() -> None:
    html = page(
        f"<article>{ARTICLE}<div style='display: none'>Leave this field empty</div>"
        "<p class='sr-only'>Share on Facebook</p><span aria-hidden='true'>icon text</span>"
        "<p hidden>Thanks for subscribing</p></article>"
    )
    result = clean(html)
    for text in ("Leave this field empty", "Share on Facebook", "icon text", "Thanks for"):
        assert text not in result.text
        assert "hidden-elements" in rules_of(result, text)


def test_hidden_elements_keeps_responsive_classes_and_visible_style() -> None:
    html = page(
        f"<article>{ARTICLE}<p class='hidden-xs' style='color: red'>"
        "Officials will publish the full timetable online next week.</p></article>"
    )
    assert "full timetable" in clean(html).text


def test_hidden_elements_spares_an_article_hidden_until_a_script_shows_it() -> None:
    html = page(f"<nav>Home News</nav><div style='display:none'>{ARTICLE}</div>")
    assert "bus network" in clean(html).text


# -- non-content-tags --------------------------------------------------------------------


def test_non_content_tags_removes_nav_aside_footer_button_and_logs_them() -> None:
    html = page(
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><main>{ARTICLE}"
        "<aside>Most read: storm warning</aside><button>Load comments</button></main>"
        "<footer>All rights reserved</footer>"
    )
    result = clean(html)
    for text in ("Home News", "Most read", "Load comments", "All rights reserved"):
        assert text not in result.text
        assert rules_of(result, text) == ["non-content-tags"]


def test_non_content_tags_keeps_a_form_that_wraps_the_whole_page() -> None:
    html = page(f"<form id='aspnetForm'><div>{ARTICLE}</div></form>")
    result = clean(html)
    assert "three new districts" in result.text
    assert "non-content-tags" not in [r.rule for r in result.removals]


# -- boilerplate-containers --------------------------------------------------------------


def test_boilerplate_containers_removes_by_class_id_and_role() -> None:
    html = page(
        f"<article>{ARTICLE}<div class='newsletter-signup'>Get our morning briefing</div>"
        "<div id='comments'>Great article, thanks for writing it</div>"
        "<div role='navigation'>Previous story Next story</div>"
        "<div class='relatedPosts'>You may also like this</div></article>"
    )
    result = clean(html)
    for text in ("morning briefing", "Great article", "Previous story", "also like"):
        assert text not in result.text
        assert "boilerplate-containers" in rules_of(result, text)


def test_boilerplate_containers_removes_page_tools_not_printed() -> None:
    html = page(
        f"<article>{ARTICLE}<div class='mt-4 d-print-none'>Explore further</div>"
        "<a class='back-to-top' href='#'>Scroll to top</a></article>"
    )
    result = clean(html)
    for text in ("Explore further", "Scroll to top"):
        assert "boilerplate-containers" in rules_of(result, text)
    assert "three new districts" in result.text


def test_boilerplate_containers_removes_a_toggle_but_not_a_collapsible_section() -> None:
    section = (
        "<div class='section-toggle'><p>The network will also get forty new electric "
        "buses, bought with a grant from the regional transport fund this year.</p></div>"
    )
    html = page(
        f"<article>{ARTICLE}<div class='citation__toggle'>Hide sources</div>{section}</article>"
    )
    result = clean(html)
    assert "boilerplate-containers" in rules_of(result, "Hide sources")
    assert "forty new electric buses" in result.text


def test_boilerplate_containers_removes_author_boxes_and_disclosures() -> None:
    html = page(
        "<article><p class='disclosure-text'>We may earn a commission from links.</p>"
        f"{ARTICLE}<div class='bmg-author-box'>Hi, I am Jane and I write about buses.</div>"
        "<div class='author-card'>Jane Doe covers transport.</div></article>"
    )
    result = clean(html)
    for text in ("earn a commission", "I write about buses", "covers transport"):
        assert "boilerplate-containers" in rules_of(result, text)
    assert "three new districts" in result.text


def test_boilerplate_containers_ignores_tokens_inside_words() -> None:
    html = page(
        f"<article class='story'>{ARTICLE}<div class='address download headline'>"
        "The new routes will be listed on the council website from April.</div></article>"
    )
    assert "listed on the council website" in clean(html).text


def test_boilerplate_containers_never_removes_the_article_itself() -> None:
    html = page(f"<div class='layout has-sidebar'><div>{ARTICLE}</div></div>")
    assert "three new districts" in clean(html).text


# -- outside-main-content ----------------------------------------------------------------


def test_outside_main_content_removes_link_columns_without_class_names() -> None:
    links = "".join(f"<div><a href='/{i}'>Headline number {i} here</a></div>" for i in range(8))
    html = page(f"<div><div>{ARTICLE}</div><div>{links}</div></div><div>Example Media</div>")
    result = clean(html)
    assert "Headline number" not in result.text
    assert "outside-main-content" in rules_of(result, "Headline number 3")
    assert "three new districts" in result.text


def test_outside_main_content_prefers_itemprop_article_body() -> None:
    html = page(
        f"<div><p>{'Teaser text of another story that is long enough to count. ' * 2}</p>"
        f"<div itemprop='articleBody'>{ARTICLE}</div></div>"
    )
    result = clean(html)
    assert "Teaser text" not in result.text
    assert "three new districts" in result.text


LEAD = (
    "The council's plan brings buses to three districts that have waited for years, "
    "and it will cost less than the tram line it replaces."
)


def test_outside_main_content_keeps_the_standfirst_beside_the_headline() -> None:
    html = page(
        f"<main><header><h1>Council expands bus network</h1><p>12 March 2024</p>"
        f"<p class='teaser'>{LEAD}</p></header>"
        f"<div itemprop='articleBody'>{ARTICLE}</div></main>"
    )
    result = clean(html)
    assert result.text.startswith("The council's plan brings buses")
    assert "three new districts" in result.text
    assert "Council expands" not in result.text
    assert "12 March" not in result.text


def test_outside_main_content_keeps_the_standfirst_below_a_title_that_is_no_h1() -> None:
    html = page(
        f"<main><div class='head'><h3>Council expands bus network</h3><p>12 March 2024</p>"
        f"<div class='teaser'>{LEAD}</div></div>"
        f"<div itemprop='articleBody'>{ARTICLE}</div></main>"
    )
    result = clean(html)
    assert result.text.startswith("The council's plan brings buses")
    assert "three new districts" in result.text


def test_outside_main_content_keeps_no_paragraphs_far_above_the_body() -> None:
    shorts = "".join(f"<div>Section {i}</div>" for i in range(9))
    html = page(
        f"<div><h1>Council expands bus network</h1>{shorts}<p>Teaser: {LEAD}</p></div>"
        f"<div itemprop='articleBody'>{ARTICLE}</div>"
    )
    result = clean(html)
    assert "Teaser" not in result.text
    assert "three new districts" in result.text


def test_outside_main_content_keeps_a_page_without_article_text() -> None:
    html = page("<ul><li><a href='/a'>One</a></li><li><a href='/b'>Two</a></li></ul>")
    assert clean(html, disable=["link-lists"]).text == "One\nTwo"


def test_title_is_removed_unless_include_title() -> None:
    from cleantext import Config

    html = page(f"<article><h1>Council expands bus network</h1>{ARTICLE}</article>")
    assert "Council expands" not in clean(html).text
    titled = clean(html, config=Config(include_title=True))
    assert titled.text.startswith("Council expands bus network")


# -- link-lists ---------------------------------------------------------------------------


def test_link_lists_removes_related_links_inside_the_article() -> None:
    items = "".join(
        f"<li><a href='/{i}'>Another story about the city {i}</a></li>" for i in range(4)
    )
    result = clean(page(f"<article>{ARTICLE}<ul>{items}</ul></article>"))
    assert "Another story" not in result.text
    assert "link-lists" in rules_of(result, "Another story about the city 2")


def test_link_lists_keeps_a_paragraph_with_one_link() -> None:
    para = (
        "<p>The plan, <a href='/doc'>published on Monday</a>, also covers night buses "
        "and a new ticket for students and pensioners across the region.</p>"
    )
    assert "published on Monday" in clean(page(f"<article>{ARTICLE}{para}</article>")).text


def test_link_lists_keeps_a_data_table_that_links_one_column() -> None:
    rows = "".join(
        f"<tr><td><a href='/l{i}'>Line {i}</a></td><td>every {i + 5} minutes</td>"
        f"<td>from the central station</td></tr>"
        for i in range(5)
    )
    result = clean(page(f"<article>{ARTICLE}<table>{rows}</table></article>"))
    assert "Line 3 | every 8 minutes | from the central station" in result.text


def test_link_lists_removes_a_table_of_links() -> None:
    rows = "".join(
        f"<tr><td><a href='/a{i}'>Another story about the city</a></td><td>{i}</td></tr>"
        for i in range(5)
    )
    result = clean(page(f"<article>{ARTICLE}<table>{rows}</table></article>"))
    assert "Another story" not in result.text
    assert "link-lists" in rules_of(result, "Another story")


# -- article-head ----------------------------------------------------------------------------


def test_article_head_removes_byline_and_date_above_the_first_paragraph() -> None:
    html = page(f"<article><div>By Jane Doe</div><div>March 12, 2024</div>{ARTICLE}</article>")
    result = clean(html)
    assert "Jane Doe" not in result.text
    assert "article-head" in rules_of(result, "March 12")


def test_article_head_keeps_the_section_heading_above_the_first_paragraph() -> None:
    head = "<h1>Bus network</h1><p>By Jane Doe</p><h2>The vote</h2>"
    html = page(f"<article>{head}{ARTICLE}</article>")
    result = clean(html)
    assert result.text.startswith("The vote\n\nThe city council voted")
    assert "By Jane Doe" not in result.text


def test_article_head_keeps_a_list_of_short_lines_that_opens_the_article() -> None:
    items = "".join(f"<li>New task number {i}</li>" for i in range(8))
    html = page(f"<article><h1>Bus network</h1><ul>{items}</ul>{ARTICLE}</article>")
    result = clean(html)
    assert "New task number 0" in result.text and "New task number 7" in result.text


def test_article_head_keeps_short_lines_after_the_first_paragraph() -> None:
    html = page(f"<article>{ARTICLE}<h2>What happens next</h2>{ARTICLE}</article>")
    assert "What happens next" in clean(html).text


def test_article_head_removes_the_dateline_below_a_standfirst_and_keeps_it() -> None:
    standfirst = (
        "<p class='dek'>The council's plan brings buses to three districts that have "
        "waited for years, and it changes how the whole city moves.</p>"
    )
    html = page(
        f"<article>{standfirst}<div>By Jane Doe</div>"
        f"<div>Updated 10:48, Tue, Nov 19, 2019</div>{ARTICLE}</article>"
    )
    result = clean(html)
    assert "brings buses to three districts" in result.text
    assert "article-head" in rules_of(result, "Jane Doe")
    assert "article-head" in rules_of(result, "Updated 10:48")


def test_article_head_keeps_a_short_line_without_a_date_after_the_standfirst() -> None:
    standfirst = (
        "<p>The council's plan brings buses to three districts that have waited for "
        "years, and it changes how the whole city moves.</p>"
    )
    html = page(f"<article>{standfirst}<p>It starts in spring.</p>{ARTICLE}</article>")
    assert "It starts in spring." in clean(html).text


def test_article_head_keeps_a_one_sentence_lead_paragraph() -> None:
    lead = "<p>It can be frustrating to wait for a bus that never comes.</p>"
    html = page(f"<article><h1>Bus network</h1><p>By Jane Doe.</p>{lead}{ARTICLE}</article>")
    result = clean(html)
    assert result.text.startswith("It can be frustrating to wait for a bus")
    assert "article-head" in rules_of(result, "By Jane Doe")


def test_article_head_removes_a_short_line_that_is_no_sentence() -> None:
    kicker = "<p>Buses, trams and the new city plan</p>"
    html = page(f"<article><h1>Bus network</h1>{kicker}{ARTICLE}</article>")
    result = clean(html)
    assert "article-head" in rules_of(result, "Buses, trams")


# -- comment threads, captions, short-line content -------------------------------------------


def test_a_comment_thread_goes_even_when_it_outweighs_the_article() -> None:
    comment = (
        "<li class='comment'><p>I have taken this bus for twenty years and I think the new "
        "routes will not change much for people in the outer districts at all.</p></li>"
    )
    html = page(
        f"<article>{ARTICLE}<div id='comments'><ol class='comment-list'>{comment * 12}"
        "</ol></div></article>"
    )
    result = clean(html)
    assert "three new districts" in result.text
    assert "taken this bus" not in result.text
    assert "boilerplate-containers" in rules_of(result, "taken this bus")


def test_a_page_that_is_only_comments_keeps_them() -> None:
    comment = (
        "<p>I have taken this bus for twenty years and I think the new routes will not "
        "change much for people in the outer districts at all.</p>"
    )
    html = page(f"<div id='comments'>{comment}</div>")
    assert "taken this bus" in clean(html).text


def test_figure_captions_go() -> None:
    figure = (
        "<figure><img src='b.jpg'><figcaption>A bus on Main Street. (Photo: AP)"
        "</figcaption></figure>"
    )
    result = clean(page(f"<article>{figure}{ARTICLE}</article>"))
    assert "Main Street" not in result.text
    assert "non-content-tags" in rules_of(result, "Main Street")


def test_a_results_table_is_the_main_content_beside_a_sidebar_of_paragraphs() -> None:
    rows = "".join(
        f"<tr><td>{i}</td><td>Driver number {i}</td><td>{5000 - 10 * i}</td></tr>"
        for i in range(1, 25)
    )
    sidebar = (
        "<div class='col'><p>Click the photo of our columnist and read his columns about "
        "racing, motorbikes and other sports he writes about for us every week.</p></div>"
    )
    menu = "".join(f"<a href='/{i}'>Section {i}</a> " for i in range(30))
    html = page(f"<div>{menu}</div><div><div><table>{rows}</table></div></div>{sidebar}")
    result = clean(html)
    assert "Driver number 17 | 4830" in result.text
    assert "columnist" not in result.text


# -- furniture-sections -----------------------------------------------------------------


def test_furniture_sections_removes_an_author_box_after_the_article() -> None:
    bio = "<p>Max Muster schreibt seit 2010 über Verkehr und Stadtplanung.</p>"
    tail = f"<h3>Über den Autor</h3>{bio}<h3>Fazit</h3><p>Gut.</p>"
    html = page(f"<article>{ARTICLE}{tail}</article>")
    result = clean(html)
    assert "Max Muster" not in result.text
    assert "Über den Autor" not in result.text
    assert "furniture-sections" in rules_of(result, "Max Muster")
    assert "three new districts" in result.text
    assert "Fazit" in result.text


def test_furniture_sections_takes_only_short_lines_after_a_label_line() -> None:
    html = page(
        f"<article>{ARTICLE}<p><strong>Kontakt:</strong></p><p>Jan Koch</p>"
        "<p>Telefon +49 40 49 07 11 06</p>"
        "<p>The council will publish the timetable of the new routes in the coming weeks, "
        "together with the fares for the outer districts.</p></article>"
    )
    result = clean(html)
    assert "Jan Koch" not in result.text and "Telefon" not in result.text
    assert "publish the timetable" in result.text


def test_furniture_sections_keeps_a_heading_that_only_mentions_a_label() -> None:
    html = page(f"<article>{ARTICLE}<h2>Related costs for the city</h2><p>Small.</p></article>")
    result = clean(html)
    assert "Related costs for the city" in result.text
    assert "Small." in result.text


def test_boilerplate_containers_keeps_a_paywall_container_holding_the_article() -> None:
    prompt = "<div class='paywall-prompt'>Subscribe to keep reading.</div>"
    free = f"<p>{LEAD}</p><p>{LEAD} Again.</p>"
    html = page(f"<article>{free}{prompt}<div class='paywall'>{ARTICLE}</div></article>")
    result = clean(html)
    assert "three new districts" in result.text
    assert "Subscribe to keep reading" not in result.text


def test_furniture_sections_removes_a_table_of_contents() -> None:
    toc = "<h2>Inhaltsverzeichnis</h2><ul><li>Der Beschluss</li><li>Die Kritik</li></ul>"
    html = page(f"<article>{toc}<h2>Der Beschluss</h2>{ARTICLE}</article>")
    result = clean(html)
    assert "Inhaltsverzeichnis" not in result.text
    assert "Die Kritik" not in result.text
    assert "three new districts" in result.text


def test_a_noscript_that_swallowed_the_page_is_read_as_part_of_it() -> None:
    # libxml2 nests everything after "<noscript><div></noscript>" inside the noscript.
    filler = "".join(f"<div><span>menu {i}</span></div>" for i in range(12))
    rest = f"<div>{filler}<article>{ARTICLE}</article></div>"
    html = page(f"<noscript><div id='nojs'></noscript>{rest}")
    assert "three new districts" in clean(html).text


def test_a_small_noscript_stays_invisible() -> None:
    html = page(f"<noscript><p>Please enable JavaScript to use this site.</p></noscript>{ARTICLE}")
    assert "enable JavaScript" not in clean(html).text


def test_is_label_start_lookup_agrees_with_the_whole_pattern() -> None:
    # is_label rejects a text by its first characters (memoized partial matches)
    # before trying the whole pattern: the two ways must agree, short texts included.
    from cleantext.rules import html_sections

    texts = [
        "About the author", "  Related articles: ", "Ab", "A", "", " ", "Über den Autor",
        "ÜBER UNS", "Kontakt:", "Kontaktformular", "12 March 2021", "Rel", "related",
        "Mehr aus der Region Nord", "Mehr aus", "à propos de l’auteur", "“Quote”",
        "Share this article", "Sharing is caring", "Tags", "Tag", "x" * 81, "Lire aussi",
    ]
    html_sections._HEADS.clear()
    for text in texts + texts:  # the second time from the memo
        whole = len(text) <= 2 * html_sections.MAX_LABEL_CHARS and (
            html_sections.label_pattern().fullmatch(text.strip()) is not None
        )
        assert html_sections.is_label(text) == whole, text
