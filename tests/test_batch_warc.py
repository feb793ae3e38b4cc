"""``cleantext warc``: HTML responses of gzipped and plain WARC files, in order."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest

from batch_helpers import run_cli

warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

ARTICLE = ("<html><head><title>T</title></head><body><article><p>The liveblog has ended.</p>"
           "<p>{text}</p></article></body></html>")


def _response(writer: WARCWriter, url: str, body: bytes, content_type: str,
              status: str = "200 OK", extra: list[tuple[str, str]] | None = None) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type), *(extra or [])],
                               protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                       http_headers=headers)
    writer.write_record(record)


def _request(writer: WARCWriter, url: str) -> None:
    headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
    writer.write_record(writer.create_warc_record(url, "request", http_headers=headers))


def build_warc(path: Path, gzipped: bool) -> Path:
    """A small crawl: three pages to clean among a request, an image, a 404 and a PDF."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzipped)
        _request(writer, "https://example.org/a")
        _response(writer, "https://example.org/a",
                  ARTICLE.format(text="Rain fell on Rabat all day.").encode(),
                  "text/html; charset=utf-8")
        _response(writer, "https://example.org/logo.png", b"\x89PNG\r\n\x1a\n....", "image/png")
        _response(writer, "https://example.org/b",
                  ARTICLE.format(text="Il a plu à Besançon, très fort.").encode("iso-8859-1"),
                  'text/html; charset="ISO-8859-1"')
        _response(writer, "https://example.org/missing", b"<html>Not found</html>",
                  "text/html", status="404 Not Found")
        _response(writer, "https://example.org/c.pdf", b"%PDF-1.4 ...", "application/pdf")
        snow = ARTICLE.format(text="Snow fell in Ifrane again this morning.")
        _response(writer, "https://example.org/c", gzip.compress(snow.encode()),
                  "application/xhtml+xml", extra=[("Content-Encoding", "gzip")])
    return path


def parse(stdout: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


@pytest.mark.parametrize("gzipped", [True, False], ids=["gz", "plain"])
def test_html_responses_are_cleaned_with_the_http_charset(tmp_path: Path, gzipped: bool) -> None:
    warc = build_warc(tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc"), gzipped)
    done = run_cli(["warc", str(warc)])
    assert done.returncode == 0, done.stderr
    out = parse(done.stdout)
    assert [r["url"] for r in out] == ["https://example.org/a", "https://example.org/b",
                                       "https://example.org/c"]
    assert [r["text"] for r in out] == ["Rain fell on Rabat all day.",
                                        "Il a plu à Besançon, très fort.",
                                        "Snow fell in Ifrane again this morning."]
    assert all(r["date"] and r["removals"][0]["rule"] == "liveblog-stub" for r in out)
    assert b"3 records, 0 errors, 3 skipped" in done.stderr


def test_a_broken_record_ends_its_file_with_an_error_and_the_next_file_is_read(
    tmp_path: Path,
) -> None:
    broken = build_warc(tmp_path / "broken.warc", gzipped=False)
    with open(broken, "ab") as handle:
        handle.write(b"<html>a page saved raw, not as a WARC record</html>\r\n\r\n")
    good = build_warc(tmp_path / "good.warc.gz", gzipped=True)
    done = run_cli(["warc", str(broken), str(good), "-j", "2"])
    out = parse(done.stdout)
    assert len(out) == 7
    assert [r.get("url") for r in out[:3]] == [r.get("url") for r in out[4:]]
    assert out[3]["file"] == str(broken) and "unreadable WARC record" in out[3]["error"]
    assert "error" not in out[4]
    assert done.returncode == 1


def test_log_gets_the_removals_with_index_and_url(tmp_path: Path) -> None:
    warc = build_warc(tmp_path / "crawl.warc.gz", gzipped=True)
    log = tmp_path / "log.jsonl"
    done = run_cli(["warc", str(warc), "--log", str(log)])
    assert done.returncode == 0, done.stderr
    assert all(set(r) == {"url", "date", "text"} for r in parse(done.stdout))
    entries = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert [(e["index"], e["url"], e["rule"]) for e in entries] == [
        (0, "https://example.org/a", "liveblog-stub"),
        (1, "https://example.org/b", "liveblog-stub"),
        (2, "https://example.org/c", "liveblog-stub")]


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    done = run_cli(["warc", str(tmp_path / "nope.warc.gz")])
    assert done.returncode == 2
    assert b"cannot read" in done.stderr


def test_without_warcio_the_error_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    from cleantext.batch.warc import warc_command

    warc = build_warc(tmp_path / "crawl.warc.gz", gzipped=True)
    monkeypatch.setitem(__import__("sys").modules, "warcio", None)  # import fails
    assert warc_command([str(warc)]) == 2
    assert "pip install 'cleantext-web[warc]'" in capsys.readouterr().err
