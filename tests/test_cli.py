"""The ``cleantext`` command, run as a user runs it: in a subprocess, in pipes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleantext import __version__
from cleantext.cli import main, walk_kind
from cleantext.html.blocks import NATIVE_WALK

PAGE = (
    "The liveblog has ended. Rain fell on Rabat for the third day in a row on Monday, "
    "flooding several streets of the old town. Follow us on Facebook."
)


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "cleantext", *args], input=stdin, capture_output=True, timeout=60
    )


def test_filters_stdin_to_stdout() -> None:
    done = run(stdin=PAGE.encode())
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == (
        "Rain fell on Rabat for the third day in a row on Monday, flooding several streets "
        "of the old town.\n"
    )


def test_works_in_a_shell_pipe(seed: tuple[str, str], tmp_path: Path) -> None:
    page, expected = seed
    source = tmp_path / "page.txt"
    source.write_text(page, encoding="utf-8")
    done = subprocess.run(
        f"cat {source} | {sys.executable} -m cleantext | wc -w",
        shell=True,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert int(done.stdout) == len(expected.split())


def test_reads_files_and_writes_the_log(seed: tuple[str, str], tmp_path: Path) -> None:
    page, expected = seed
    source = tmp_path / "seed.txt"
    source.write_text(page, encoding="utf-8")
    log = tmp_path / "removals.jsonl"
    done = run(str(source), "--log", str(log))
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == expected + "\n"
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [r["rule"] for r in records][:2] == ["liveblog-stub", "liveblog-stub"]
    assert all(r["source"] == str(source) for r in records)
    assert all(page[r["where"][0] : r["where"][1]] == r["text"] for r in records)


def test_log_to_stderr() -> None:
    done = run("--log", "-", stdin=PAGE.encode())
    rules = [json.loads(line)["rule"] for line in done.stderr.decode().splitlines()]
    assert rules == ["liveblog-stub", "social-follow"]


def test_json_format() -> None:
    done = run("--format", "json", stdin=PAGE.encode())
    data = json.loads(done.stdout)
    assert set(data) == {"text", "removals", "notes"}
    assert data["removals"][0]["rule"] == "liveblog-stub"


def test_disable_and_lang() -> None:
    done = run("--disable", "social-follow", "--lang", "en", stdin=PAGE.encode())
    assert done.stdout.decode().rstrip().endswith("Follow us on Facebook.")


def test_unknown_rule_is_a_usage_error() -> None:
    done = run("--disable", "no-such-rule", stdin=PAGE.encode())
    assert done.returncode == 2
    assert b"unknown rule 'no-such-rule'; known rules:" in done.stderr
    assert b"Traceback" not in done.stderr


def test_missing_file_fails_but_others_are_cleaned(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(PAGE, encoding="utf-8")
    done = run(str(tmp_path / "missing.txt"), str(good))
    assert done.returncode == 1
    assert b"cannot read" in done.stderr and b"missing.txt" in done.stderr
    assert done.stdout.decode().startswith("Rain fell")


def test_binary_input_is_refused_clearly() -> None:
    done = run(stdin=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    assert done.returncode == 1
    assert b"a PDF document" in done.stderr


def test_rules_lists_every_rule_with_its_summary() -> None:
    done = run("rules")
    out = done.stdout.decode()
    for name in ("liveblog-stub", "newsletter-signup", "social-follow", "form-hint",
                 "comments-section", "edge-leftover"):
        assert name in out
    assert "Remove newsletter signup pitches" in out
    data = json.loads(run("rules", "--format", "json").stdout)
    assert {"name", "stage", "summary"} <= set(data[0])
    assert b"Known false positives" in run("rules", "--doc", "form-hint").stdout


def test_version() -> None:
    shown = run("--version").stdout.decode().strip()
    assert shown == f"cleantext {__version__} ({walk_kind()})"
    assert ("compiled" in shown) == NATIVE_WALK


def test_broken_pipe_ends_quietly(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("\n".join([PAGE] * 20000), encoding="utf-8")
    done = subprocess.run(
        f"{sys.executable} -m cleantext {big} | head -c 10",
        shell=True,
        capture_output=True,
        timeout=120,
    )
    assert done.stdout == PAGE.encode()[:10] or len(done.stdout) == 10
    assert b"Traceback" not in done.stderr
    assert b"BrokenPipe" not in done.stderr


def test_main_is_callable_in_process(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["rules"]) == 0
    assert b"edge-leftover" in capsysbinary.readouterr().out
