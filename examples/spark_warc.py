"""Clean the HTML pages of WARC files with Apache Spark, the way Common Crawl's own PySpark
examples (cc-pyspark) read them: the driver distributes a *list of WARC paths*; each
executor task opens its files (local, ``file://``, ``http(s)://`` — e.g.
``https://data.commoncrawl.org/crawl-data/...warc.gz``), iterates the records with warcio,
cleans each HTML response with a broadcast :class:`cleantext.Cleaner`, and the rows are
written as Parquet or JSON Lines.

    # warc.paths: one WARC path or URL per line (Common Crawl publishes warc.paths.gz)
    spark-submit examples/spark_warc.py warc.paths out/ --format parquet --partitions 8
    # or, for WARC files small enough to hold in memory, Spark's own file listing:
    spark-submit examples/spark_warc.py --binary-files 'crawl/*.warc.gz' out/

Output columns: url, date, text, removals (array of struct rule, stage, reason, text,
xpath, start, end), error. Needs ``pip install 'cleantext-web[spark]'`` on the driver and
the executors.
"""

from __future__ import annotations

import argparse
import io
import sys
import urllib.request
from collections.abc import Iterable, Iterator
from typing import IO, Any

from cleantext import Cleaner
from cleantext.batch.warc import iter_pages
from cleantext.spark import REMOVALS_TYPE, clean_cell

SCHEMA = f"url string, date string, text string, removals {REMOVALS_TYPE}, error string"


def open_warc(path: str) -> IO[bytes]:
    """A binary stream of a WARC file: a local path, ``file://`` or ``http(s)://`` URL
    (streamed, not downloaded first; warcio reads non-seekable streams)."""
    if path.startswith(("http://", "https://")):
        return urllib.request.urlopen(path)  # type: ignore[no-any-return]
    if path.startswith("file://"):
        path = path[len("file://"):]
    return open(path, "rb")


def clean_warc(stream: IO[bytes], name: str, cleaner: Cleaner) -> Iterator[tuple[Any, ...]]:
    """One row per HTML response of one WARC stream (an error row for a broken record)."""
    for page in iter_pages([stream]):
        if page.error is not None:
            yield page.url, page.date, None, [], f"{name}: {page.error}"
            continue
        text, removals, error = clean_cell(cleaner, page.body, page.url, page.charset)
        yield page.url, page.date, text, removals, error


def clean_paths(paths: Iterable[str], cleaner: Cleaner) -> Iterator[tuple[Any, ...]]:
    """Rows for every WARC path; a file that cannot be opened becomes one error row."""
    for path in paths:
        path = path.strip()
        if not path:
            continue
        try:
            stream = open_warc(path)
        except OSError as exc:
            yield None, None, None, [], f"{path}: cannot open: {exc}"
            continue
        with stream:
            yield from clean_warc(stream, path, cleaner)


def run(spark: Any, source: str, output: str, *, binary_files: bool = False,
        partitions: int | None = None, fmt: str = "parquet",
        cleaner: Cleaner | None = None) -> None:
    """Clean the WARC files listed in ``source`` (or matched by it, with
    ``binary_files``) and write the rows to ``output``."""
    sc = spark.sparkContext
    shared = sc.broadcast(cleaner or Cleaner())
    if binary_files:
        files = sc.binaryFiles(source, minPartitions=partitions)
        rows = files.flatMap(
            lambda item: clean_warc(io.BytesIO(item[1]), item[0], shared.value))
    else:
        paths = sc.textFile(source)
        if partitions:
            paths = paths.repartition(partitions)
        rows = paths.mapPartitions(lambda part: clean_paths(part, shared.value))
    frame = spark.createDataFrame(rows, SCHEMA)
    frame.write.mode("overwrite").format(fmt).save(output)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="a file listing WARC paths/URLs, one per line "
                        "(or, with --binary-files, a path glob of WARC files)")
    parser.add_argument("output", help="output directory")
    parser.add_argument("--binary-files", action="store_true",
                        help="read the files matched by SOURCE with sc.binaryFiles")
    parser.add_argument("--format", choices=("parquet", "json"), default="parquet")
    parser.add_argument("--partitions", type=int, help="tasks to spread the files over")
    parser.add_argument("--lang", action="append", help="phrase lists to use")
    args = parser.parse_args(argv)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("cleantext-warc").getOrCreate()
    cleaner = Cleaner(lang=tuple(args.lang)) if args.lang else Cleaner()
    run(spark, args.source, args.output, binary_files=args.binary_files,
        partitions=args.partitions, fmt=args.format, cleaner=cleaner)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
