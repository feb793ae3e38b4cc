"""``cleantext --jsonl``: one record out per record in, in order, errors in place."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest

from batch_helpers import HANG_MARKER, KILL_MARKER, run_cli

STUB = "The liveblog has ended."


def page(i: int, paragraphs: int = 1) -> str:
    body = "".join(
        f"<p>Story {i} paragraph {k}: rain fell on Rabat all day and the streets flooded.</p>"
        for k in range(paragraphs)
    )
    return f"<html><body><article><p>{STUB}</p>{body}</article></body></html>"


def jsonl(records: list[Any]) -> bytes:
    return b"".join(
        (r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records
    )


def parse(stdout: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_a_record_keeps_its_other_fields_and_gains_text_and_removals() -> None:
    done = run_cli(["--jsonl", "--field", "html"],
                   jsonl([{"id": "a", "lang": "en", "html": page(1)}]))
    assert done.returncode == 0, done.stderr
    [record] = parse(done.stdout)
    assert record["id"] == "a" and record["lang"] == "en"
    assert "html" not in record
    assert record["text"] == (
        "Story 1 paragraph 0: rain fell on Rabat all day and the streets flooded.")
    assert [r["rule"] for r in record["removals"]] == ["liveblog-stub"]
    assert record["removals"][0]["text"] == STUB


def test_two_workers_keep_input_order_and_give_the_same_output_as_one() -> None:
    # Long and short pages alternate, so later records often finish first.
    records = [{"id": i, "html": page(i, 40 if i % 3 == 0 else 1)} for i in range(60)]
    one = run_cli(["--jsonl"], jsonl(records))
    two = run_cli(["--jsonl", "-j", "2"], jsonl(records))
    assert two.returncode == 0, two.stderr
    assert [r["id"] for r in parse(two.stdout)] == list(range(60))
    assert two.stdout == one.stdout


def test_broken_records_in_the_middle_become_error_records_in_their_place() -> None:
    lines = [
        {"id": 0, "html": page(0)},
        b'{"id": 1, "html": "<p>cut off',
        {"id": 2, "body": page(2)},
        {"id": 3, "html": 42},
        {"id": 4, "html": None},
        b"[1, 2]",
        {"id": 6, "html": page(6)},
    ]
    for jobs in ("1", "2"):
        done = run_cli(["--jsonl", "-j", jobs], jsonl(lines))
        out = parse(done.stdout)
        assert len(out) == 7
        assert out[0]["text"].startswith("Story 0") and "error" not in out[0]
        assert out[1]["error"].startswith("bad JSON")
        assert out[1]["raw"] == '{"id": 1, "html": "<p>cut off'
        assert out[2] == {"id": 2, "body": page(2), "error": "missing field 'html'"}
        assert out[3] == {"id": 3, "html": 42, "error": "field 'html' is int, not a string"}
        assert out[4]["error"] == "field 'html' is null, not a string"
        assert out[5] == {"error": "not a JSON object: list", "raw": "[1, 2]"}
        assert out[6]["text"].startswith("Story 6") and "error" not in out[6]
        assert done.returncode == 1


def test_blank_lines_are_not_records() -> None:
    done = run_cli(["--jsonl"], b"\n" + jsonl([{"html": page(1)}]) + b"  \n\n")
    assert done.returncode == 0
    assert len(parse(done.stdout)) == 1


def test_summary_line_counts_records_and_errors() -> None:
    done = run_cli(["--jsonl"], jsonl([{"html": page(1)}, b"oops", {"html": page(2)}]))
    summary = done.stderr.decode().strip().splitlines()[-1]
    assert re.fullmatch(
        r"cleantext: 3 records, 1 errors, \d+\.\d s, \d+\.\d docs/s", summary
    ), summary


def test_exit_code_is_0_when_every_record_was_cleaned() -> None:
    done = run_cli(["--jsonl", "-j", "2"], jsonl([{"html": page(i)} for i in range(5)]))
    assert done.returncode == 0
    assert "0 errors" in done.stderr.decode()


def test_worker_options_without_jsonl_are_a_usage_error() -> None:
    done = run_cli(["-j", "2"], b"some text")
    assert done.returncode == 2
    assert b"need --jsonl" in done.stderr


def test_log_file_gets_the_removals_with_record_index_and_id(tmp_path: Path) -> None:
    log = tmp_path / "removals.jsonl"
    records = [{"id": "x", "text": f"{STUB} Rain fell on Rabat all day."},
               {"text": "Nothing to remove here at all, just an article sentence."},
               {"id": "z", "text": f"Rain fell on Rabat all day. {STUB}"}]
    done = run_cli(["--jsonl", "--field", "text", "--log", str(log)], jsonl(records))
    assert done.returncode == 0, done.stderr
    out = parse(done.stdout)
    assert [set(r) for r in out] == [{"id", "text"}, {"text"}, {"id", "text"}]
    assert out[0]["text"] == "Rain fell on Rabat all day."
    entries = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert [(e["index"], e.get("id"), e["rule"]) for e in entries] == [
        (0, "x", "liveblog-stub"), (2, "z", "liveblog-stub")]
    assert entries[0]["text"] == STUB and entries[0]["where"] == [0, len(STUB)]


def test_url_field_is_kept_and_a_url_that_is_not_a_string_is_ignored() -> None:
    records = [{"u": "https://example.org/a", "html": page(1)}, {"u": 7, "html": page(2)}]
    done = run_cli(["--jsonl", "--url-field", "u"], jsonl(records))
    assert done.returncode == 0, done.stderr
    assert [r["u"] for r in parse(done.stdout)] == ["https://example.org/a", 7]


def test_a_record_over_the_time_limit_gets_an_error_and_the_rest_go_on() -> None:
    records = [{"id": 0, "html": page(0)}, {"id": 1, "html": page(1) + HANG_MARKER.decode()},
               {"id": 2, "html": page(2)}]
    done = run_cli(["--jsonl", "--timeout", "1"], jsonl(records), hook="hang_on_marker")
    out = parse(done.stdout)
    assert [r["id"] for r in out] == [0, 1, 2]
    assert out[1]["error"] == "timed out after 1 s (worker killed)"
    assert out[1]["html"] == records[1]["html"]  # the input is kept, to retry it
    assert "error" not in out[0] and "error" not in out[2]
    assert done.returncode == 1


def test_a_killed_worker_loses_no_record_and_the_pool_recovers() -> None:
    records = [{"id": i, "html": page(i) + (KILL_MARKER.decode() if i in (3, 11) else "")}
               for i in range(16)]
    done = run_cli(["--jsonl", "-j", "2"], jsonl(records), hook="kill_on_marker")
    out = parse(done.stdout)
    assert [r["id"] for r in out] == list(range(16))
    failed = [r["id"] for r in out if "error" in r]
    assert failed == [3, 11]
    assert "SIGKILL" in out[3]["error"]
    assert all(r["text"].startswith(f"Story {r['id']}") for r in out if "error" not in r)
    assert done.returncode == 1
    assert "2 errors" in done.stderr.decode()


def test_text_that_utf8_cannot_hold_is_written_escaped() -> None:
    done = run_cli(["--jsonl", "--field", "text"],
                   b'{"id": "\\ud800", "text": "Rain fell on Rabat all day."}\n')
    assert done.returncode == 0, done.stderr
    assert b'"\\ud800"' in done.stdout
    assert parse(done.stdout)[0]["id"] == "\ud800"


def test_files_and_gzip_files_are_read_in_turn(tmp_path: Path) -> None:
    plain, packed = tmp_path / "a.jsonl", tmp_path / "b.jsonl.gz"
    plain.write_bytes(jsonl([{"id": 1, "html": page(1)}]))
    packed.write_bytes(gzip.compress(jsonl([{"id": 2, "html": page(2)}])))
    done = run_cli(["--jsonl", str(plain), str(packed)])
    assert [r["id"] for r in parse(done.stdout)] == [1, 2]


@pytest.mark.parametrize("value", ["0", "-1", "x"])
def test_jobs_must_be_a_positive_number(value: str) -> None:
    assert run_cli(["--jsonl", "-j", value]).returncode == 2
