"""cleantext.spark and examples/spark_warc.py on a local Spark (``local[2]``).

Skipped when pyspark (or Java) is missing; CI installs the ``spark`` extra.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
pytest.importorskip("warcio")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java for Spark", allow_module_level=True)

from pyspark.sql import SparkSession

from cleantext import Cleaner
from cleantext.spark import clean_dataframe
from test_batch_warc import build_warc

ROOT = Path(__file__).resolve().parent.parent
PAGE = ("<html><body><article><p>The liveblog has ended.</p>"
        "<p>Rain fell on Rabat all day and the streets flooded.</p></article></body></html>")


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")])
    session = (SparkSession.builder.master("local[2]").appName("cleantext-test")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.driver.memory", "1g")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_clean_dataframe_adds_text_removals_and_error(spark: SparkSession) -> None:
    rows = [("a", "https://example.org/a", PAGE),
            ("b", None, "The liveblog has ended. Snow fell in Ifrane again this morning."),
            ("c", None, None)]
    df = spark.createDataFrame(rows, "id string, url string, html string").repartition(2)
    out = {r["id"]: r.asDict(recursive=True)
           for r in clean_dataframe(df, "html", url_column="url").collect()}
    assert set(out["a"]) == {"id", "url", "html", "text", "removals", "error"}
    assert out["a"]["text"] == "Rain fell on Rabat all day and the streets flooded."
    [removal] = out["a"]["removals"]
    assert removal["rule"] == "liveblog-stub" and removal["xpath"].startswith("/html/body")
    assert removal["start"] is None and out["a"]["error"] is None
    assert out["b"]["text"] == "Snow fell in Ifrane again this morning."
    assert (out["b"]["removals"][0]["start"], out["b"]["removals"][0]["end"]) == (0, 23)
    assert out["c"]["text"] is None and out["c"]["error"] == "the cell is null"


def test_clean_dataframe_uses_the_given_cleaner(spark: SparkSession) -> None:
    df = spark.createDataFrame([(PAGE,)], "html string")
    [row] = clean_dataframe(df, cleaner=Cleaner(disable=("liveblog-stub",))).collect()
    assert row["text"].startswith("The liveblog has ended.")
    assert row["removals"] == []


def _example() -> Any:
    spec = importlib.util.spec_from_file_location("spark_warc", ROOT / "examples/spark_warc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_cleans_warc_files_from_a_path_list(spark: SparkSession, tmp_path: Path) -> None:
    warcs = [build_warc(tmp_path / "one.warc.gz", gzipped=True),
             build_warc(tmp_path / "two.warc", gzipped=False)]
    listing = tmp_path / "warc.paths"
    listing.write_text("\n".join(str(p) for p in warcs) + "\n" + str(tmp_path / "gone.warc"))
    _example().run(spark, str(listing), str(tmp_path / "out"), fmt="json", partitions=2)
    rows = [json.loads(line) for part in sorted((tmp_path / "out").glob("part-*"))
            for line in part.read_text("utf-8").splitlines()]
    texts = sorted(r["text"] for r in rows if r.get("text"))
    assert texts == sorted(["Rain fell on Rabat all day.", "Il a plu à Besançon, très fort.",
                            "Snow fell in Ifrane again this morning."] * 2)
    errors = [r["error"] for r in rows if r.get("error")]
    assert len(errors) == 1 and "gone.warc: cannot open" in errors[0]
