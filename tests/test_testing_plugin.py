"""The fixture workflow: the pytest plugin (through ``pytester``), the checks behind it,
and ``cleantext fixture add|check|bless``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import cleantext
from cleantext.cli import main
from cleantext.fixtures import (
    Case,
    CaseSettings,
    FixtureError,
    _idempotence_failures,
    add_case,
    case_toml,
    check_case,
    discover,
)
from cleantext.result import Cleaned, Note, Removal

PAGE = (
    "Le port de Radès va doubler sa capacité d'ici 2028, a annoncé mardi le ministère "
    "du Transport.\n"
    "Le chantier doit commencer en septembre et durer trois ans, selon le ministère.\n"
    "Commentaires\n"
)
ARTICLE_END = "selon le ministère."


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A project that opts into the plugin, with its cases under tests/fixtures."""
    pytester.makeconftest('pytest_plugins = ["cleantext.testing"]')
    return pytester


def run(pytester: pytest.Pytester, *args: str, subprocess: bool = False) -> pytest.RunResult:
    """Run pytest in ``pytester``'s project, without plug-ins unrelated to this one
    (hypothesis' terminal summary alone costs seconds a run)."""
    argv = ("-p", "no:hypothesispytest", "-p", "no:cacheprovider", *args)
    if subprocess:
        return pytester.runpytest_subprocess(*argv)
    return pytester.runpytest(*argv)


def fixtures_of(pytester: pytest.Pytester) -> Path:
    return pytester.path / "tests" / "fixtures"


def write_case(root: Path, name: str, files: dict[str, str]) -> Path:
    path = root / name
    path.mkdir(parents=True, exist_ok=True)
    for file, content in files.items():
        (path / file).write_text(content, encoding="utf-8")
    return path


def set_toml(case_dir: Path, **keys: object) -> None:
    lines = [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in keys.items()]
    (case_dir / "case.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- the pytest plugin --------------------------------------------------------------


def test_each_case_is_one_passing_test_named_by_its_directory(project: pytest.Pytester) -> None:
    add_case(fixtures_of(project), "lesite/article-1", PAGE.encode())
    add_case(fixtures_of(project), "autre/article-2", PAGE.encode())
    result = run(project, "-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines([
        "tests/fixtures/autre/article-2 PASSED*",
        "tests/fixtures/lesite/article-1 PASSED*",
    ])


def test_a_case_is_selected_by_its_path(project: pytest.Pytester) -> None:
    add_case(fixtures_of(project), "lesite/article-1", PAGE.encode())
    add_case(fixtures_of(project), "lesite/article-2", PAGE.encode())
    run(project, "tests/fixtures/lesite/article-2").assert_outcomes(passed=1)
    run(project, "tests/fixtures/lesite").assert_outcomes(passed=2)


def test_changed_output_fails_with_diffs_and_a_rule_summary(project: pytest.Pytester) -> None:
    outcome = add_case(fixtures_of(project), "lesite/article-1", PAGE.encode(),
                       disable=["comments-section"])
    case_dir = outcome.case.path
    set_toml(case_dir)  # the user switches comments-section back on
    result = run(project, )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*fixture case lesite/article-1 failed (text, log)*",
        "--- expected.txt",
        "+++ expected.obtained.txt",
        "-Commentaires",
        "*comments-section  0 → 1  0 → 12 chars  removes more*",
        "--- removals.jsonl",
        "+++ removals.obtained.jsonl",
        '+{"reason": "comment section*", "rule": "comments-section", "text": "Commentaires"}',
        "*pytest --bless*",
    ])
    assert (case_dir / "expected.obtained.txt").read_text(encoding="utf-8").endswith(ARTICLE_END)
    assert "comments-section" in (case_dir / "removals.obtained.jsonl").read_text(encoding="utf-8")
    assert (case_dir / "expected.txt").read_text(encoding="utf-8").endswith("Commentaires")


def test_bless_rewrites_the_expectations_and_passes(project: pytest.Pytester) -> None:
    outcome = add_case(fixtures_of(project), "lesite/article-1", PAGE.encode(),
                       disable=["comments-section"])
    case_dir = outcome.case.path
    set_toml(case_dir)
    run(project, ).assert_outcomes(failed=1)
    result = run(project, "--bless")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines([
        "*cleantext: blessed*", "lesite/article-1: expected.txt, removals.jsonl",
    ])
    assert (case_dir / "expected.txt").read_text(encoding="utf-8").endswith(ARTICLE_END)
    assert not list(case_dir.glob("*.obtained.*"))
    run(project, ).assert_outcomes(passed=1)


def test_a_missing_expectation_fails_and_says_how_to_bless(project: pytest.Pytester) -> None:
    case_dir = write_case(fixtures_of(project), "lesite/new", {"input.txt": PAGE})
    result = run(project, )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*no expected.txt or removals.jsonl yet*",
        "*accept it: pytest --bless, or: cleantext fixture bless tests/fixtures --name lesite/new",
    ])
    assert (case_dir / "expected.obtained.txt").exists()
    run(project, "--bless").assert_outcomes(passed=1)
    assert (case_dir / "expected.txt").read_text(encoding="utf-8").endswith(ARTICLE_END)


def test_an_xfail_case_that_fails_is_xfailed_and_never_blessed(project: pytest.Pytester) -> None:
    wanted = "Le port de Radès va doubler sa capacité."
    case_dir = write_case(fixtures_of(project), "lesite/hard", {
        "input.txt": PAGE, "expected.txt": wanted, "removals.jsonl": "",
    })
    set_toml(case_dir, xfail="the second sentence should go too")
    result = run(project, "-rx")
    result.assert_outcomes(xfailed=1)
    result.stdout.fnmatch_lines(["*XFAIL*lesite/hard*the second sentence should go too*"])
    run(project, "--bless").assert_outcomes(xfailed=1)
    assert (case_dir / "expected.txt").read_text(encoding="utf-8") == wanted


def test_an_xfail_case_that_passes_is_reported_as_strict_xpass(project: pytest.Pytester) -> None:
    outcome = add_case(fixtures_of(project), "lesite/fixed", PAGE.encode())
    set_toml(outcome.case.path, xfail="comments header kept")
    result = run(project, )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*XPASS(strict)*comments header kept*"])


@pytest.mark.parametrize(("toml", "message"), [
    ("must_contain = [unquoted", "*case.toml is not valid TOML*"),
    ('must_contian = ["x"]', "*unknown key(s) must_contian*"),
    ('must_contain = "x"', "*must_contain must be a list of strings*"),
    ('disable = ["no-such-rule"]', "*unknown rule 'no-such-rule'*"),
])
def test_a_malformed_case_is_a_failing_test_not_a_collection_error(
    project: pytest.Pytester, toml: str, message: str
) -> None:
    add_case(fixtures_of(project), "lesite/good", PAGE.encode())
    bad = add_case(fixtures_of(project), "lesite/bad", PAGE.encode()).case.path
    (bad / "case.toml").write_text(toml + "\n", encoding="utf-8")
    result = run(project, )
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*fixture case lesite/bad failed (error)*", message])


def test_orphan_and_misplaced_files_are_failing_tests(project: pytest.Pytester) -> None:
    root = fixtures_of(project)
    add_case(root, "lesite/good", PAGE.encode())
    write_case(root, "lesite/renamed", {"expected.obtained.txt": "old"})
    write_case(root, "lesite/no-input", {"expected.txt": "x", "case.toml": ""})
    write_case(root, "lesite", {"input.txt": PAGE})
    result = run(project, )
    result.assert_outcomes(passed=1, failed=3)
    result.stdout.fnmatch_lines_random([
        "*orphan obtained file(s) expected.obtained.txt: no case here any more*",
        "*no input.html or input.txt beside case.toml, expected.txt*",
        "*case files (input.txt) in 'lesite': a case lives in <root>/<site>/<case>/*",
    ])


def test_the_ini_option_moves_the_fixture_root(project: pytest.Pytester) -> None:
    project.makeini("[pytest]\ncleantext_fixtures = checks/pages\n")
    add_case(project.path / "checks" / "pages", "lesite/a", PAGE.encode())
    add_case(fixtures_of(project), "ignored/b", PAGE.encode())  # not the root any more
    result = run(project, "-v")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["checks/pages/lesite/a PASSED*"])


BROKEN_RULES = '''
pytest_plugins = ["cleantext.testing"]
from cleantext import rule

@rule("first-line", stage="text", default=False)
def first_line(doc, ctx):
    """Remove the first line of every document (a broken rule: it never stops)."""
    block = doc.blocks[0]
    doc.remove(block.start, block.end, "first line")

@rule("crashing", stage="text", default=False)
def crashing(doc, ctx):
    """A rule with a bug."""
    raise IndexError("list index out of range")
'''


def test_a_rule_that_removes_more_on_a_second_pass_fails_idempotence(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A subprocess, so the test rule does not enter this process's registry.
    monkeypatch.setenv("PYTHONPATH", str(Path(cleantext.__file__).parents[1]))
    pytester.makeconftest(BROKEN_RULES)
    page = "Le port de Radès s'agrandit\n" + PAGE + (
        "Le coût du projet est estimé à 900 millions de dinars, financés en partie par "
        "un prêt de la Banque africaine de développement.\n"
    )
    case_dir = write_case(fixtures_of(pytester), "lesite/a", {"input.txt": page})
    set_toml(case_dir, enable=["first-line"])
    result = run(pytester, "--bless", subprocess=True)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*not idempotent: cleaning the clean text again changes it*",
        "*first-line removes ?Le port de Radès va doubler*",
        "*not blessed: the checks above (snippets, idempotence, rule failures) must hold*",
    ])
    assert not (case_dir / "expected.txt").exists()


def test_a_rule_that_fails_on_the_page_fails_the_case(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(Path(cleantext.__file__).parents[1]))
    pytester.makeconftest(BROKEN_RULES)
    case_dir = write_case(fixtures_of(pytester), "lesite/a", {"input.txt": PAGE})
    set_toml(case_dir, enable=["crashing"])
    result = run(pytester, "--bless", subprocess=True)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*rule crashing failed on this page: *IndexError*"])


# -- the checks -----------------------------------------------------------------------


def test_snippets_are_checked_and_survive_blessing(tmp_path: Path) -> None:
    outcome = add_case(tmp_path, "lesite/a", PAGE.encode(), disable=["comments-section"])
    set_toml(outcome.case.path, disable=["comments-section"],
             must_contain=["durer trois ans", "absent du texte"], must_not_contain=["Commentaires"])
    checked = check_case(outcome.case, bless=True)
    assert [f.kind for f in checked.failures] == ["must-contain", "must-not-contain"]
    assert "'absent du texte' is not in the clean text" in checked.report()
    assert checked.verdict == "failed"


def test_idempotence_means_no_removal_no_undone_rule_and_the_same_text() -> None:
    first = Cleaned("Un article.\n\nSa fin.")
    assert _idempotence_failures(first, Cleaned(first.text)) == []
    removal = Removal("form-hint", "text", "form hint", "Sa fin.", (13, 20))
    undone = Note("undone", "edge-leftover", "would remove 80% of the text")
    for again in (
        Cleaned("Un article.", (removal,)),
        Cleaned(first.text, (), (undone,)),
        Cleaned("Un article. Sa fin."),  # changed, nothing logged
    ):
        assert [f.kind for f in _idempotence_failures(first, again)] == ["idempotence"]


def test_the_log_file_keeps_log_order_with_sorted_keys(tmp_path: Path) -> None:
    page = "The liveblog has ended.\n" + PAGE
    outcome = add_case(tmp_path, "lesite/a", page.encode())
    lines = (outcome.case.path / "removals.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["rule"] for line in lines] == ["liveblog-stub", "comments-section"]
    assert all(list(json.loads(line)) == ["reason", "rule", "text"] for line in lines)
    assert "Commentaires" in lines[1]  # UTF-8, not \\u escapes


def test_add_names_the_input_by_its_content(tmp_path: Path) -> None:
    html = b"<html><body><article><p>Le port s'agrandit.</p></article></body></html>"
    as_html = add_case(tmp_path, "a/html", html)
    as_text = add_case(tmp_path, "a/text", PAGE.encode())
    assert (as_html.case.input.name, as_text.case.input.name) == ("input.html", "input.txt")
    assert as_html.verdict == as_text.verdict == "blessed"
    assert (tmp_path / "a/html/expected.txt").read_text(encoding="utf-8") == "Le port s'agrandit."


@pytest.mark.parametrize("name", ["lesite", "a/b/c", "../x", "lesite/.."])
def test_add_refuses_a_name_that_is_not_site_slash_case(tmp_path: Path, name: str) -> None:
    with pytest.raises(FixtureError, match="site/case"):
        add_case(tmp_path, name, PAGE.encode())


def test_the_written_case_toml_parses_to_what_add_was_given() -> None:
    text = case_toml("https://lesite.tn/a?x=\"1\"", ["fr", "en"], ["form-hint"], [])
    settings = CaseSettings.parse(text)
    assert settings == CaseSettings(url='https://lesite.tn/a?x="1"', lang=("fr", "en"),
                                    enable=("form-hint",))
    assert "must_not_contain = []" in text


def test_discover_sorts_cases_and_problems_by_id(tmp_path: Path) -> None:
    add_case(tmp_path, "b/one", PAGE.encode())
    write_case(tmp_path, "a/two", {"removals.obtained.jsonl": ""})
    found = discover(tmp_path)
    assert [(type(e).__name__, e.id) for e in found] == [("Problem", "a/two"), ("Case", "b/one")]
    assert isinstance(found[1], Case)


# -- the command ------------------------------------------------------------------------


def test_fixture_commands_add_check_and_bless(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    assert main(["fixture", "add", "page.txt", "--name", "lesite/a", "--url",
                 "https://lesite.tn/a", "--lang", "fr", "--disable", "comments-section"]) == 0
    assert "added tests/fixtures/lesite/a (input.txt)" in capsys.readouterr().out
    case_dir = tmp_path / "tests/fixtures/lesite/a"
    settings = CaseSettings.parse((case_dir / "case.toml").read_text(encoding="utf-8"))
    assert (settings.url, settings.lang) == ("https://lesite.tn/a", ("fr",))

    assert main(["fixture", "check"]) == 0
    assert "1 passed" in capsys.readouterr().out

    set_toml(case_dir, lang="fr")  # comments-section on again: the output changes
    assert main(["fixture", "check", "tests/fixtures"]) == 1
    out = capsys.readouterr().out
    assert "FAILED   lesite/a (text, log)" in out
    assert "-Commentaires" in out and "1 failed" in out
    assert (case_dir / "expected.obtained.txt").exists()

    assert main(["fixture", "bless", "--name", "lesite/a"]) == 0
    assert "BLESSED  lesite/a: expected.txt, removals.jsonl" in capsys.readouterr().out
    assert main(["fixture", "check", str(case_dir)]) == 0
    assert not (case_dir / "expected.obtained.txt").exists()


def test_fixture_check_fails_on_problems_and_unknown_directories(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_case(tmp_path, "lesite/gone", {"expected.obtained.txt": "old"})
    assert main(["fixture", "check", str(tmp_path)]) == 1
    assert "PROBLEM  lesite/gone: orphan obtained file(s)" in capsys.readouterr().out
    assert main(["fixture", "check", str(tmp_path / "nowhere")]) == 2
    assert main(["fixture", "add", str(tmp_path / "missing.html"), "--name", "a/b",
                 "--root", str(tmp_path)]) == 2


def test_fixture_add_refuses_to_replace_a_case_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    args = ["fixture", "add", str(page), "--name", "a/b", "--root", str(tmp_path)]
    assert main(args) == 0
    assert main(args) == 2
    assert "exists" in capsys.readouterr().err
    assert main([*args, "--force"]) == 0
