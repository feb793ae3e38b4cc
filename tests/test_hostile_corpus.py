"""Regression corpus of nasty inputs (``tests/corpus/hostile/``).

Each input is cleaned through the library and the CLI. ``NAME.refused.*`` must be
refused with :class:`InputError`; any other must clean with the invariants holding
and, when ``NAME.expected`` exists, give exactly that text. Add a file here for
every input the fuzzer (or a user) finds that once broke something.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cleantext import Config, InputError, clean
from cleantext.cli import main
from invariants import check_result

CORPUS = Path(__file__).parent / "corpus" / "hostile"
INPUTS = sorted(p for p in CORPUS.iterdir() if p.suffix != ".expected")


def test_the_corpus_is_there() -> None:
    assert len(INPUTS) >= 15


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_corpus_input(path: Path) -> None:
    data = path.read_bytes()
    if ".refused." in path.name:
        with pytest.raises(InputError):
            clean(data)
        return
    result = clean(data)
    check_result(data, result, Config())
    expected = path.with_name(path.name.split(".")[0] + ".expected")
    if expected.exists():
        assert result.text == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_corpus_input_through_the_cli(
    path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    code = main([str(path), "--format", "json"])
    _, err = capsysbinary.readouterr()
    if ".refused." in path.name:
        assert code == 1
        assert err.startswith(b"cleantext: error: ")
        assert b"not a web page or text" in err
    else:
        assert code == 0, err
