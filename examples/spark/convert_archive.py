"""Convert an archive of documents to Parquet with Spark: one row per file, failures marked.

    spark-submit --master local[4] examples/spark/convert_archive.py INPUT OUTPUT

INPUT is a folder (walked recursively; any Hadoop file system: file:, hdfs:, s3a:, ...), OUTPUT
the Parquet folder written. Every file Spark lists becomes one row — zero-length files too, which
Spark's file scan would skip; names starting with "." or "_" are hidden by Spark's listing, as
everywhere in Hadoop:

    path     the file's URI, as Spark lists it (also recorded as source.path in `json`)
    sha256   of the file's bytes (for every file, converted or not)
    type, number, date, issuer, title
             the document's type ("KẾ HOẠCH"), number ("181/KH-UBND"), ISO date, issuing body
             and title, as in the JSON (null where the document has none)
    json     the whole JSON `vanban convert` writes for the file, byte for byte
    error    null when converted; else why not ("empty file", "PDF: ...") — one bad file never
             fails the job

Each executor's Python worker imports `vanban` once and keeps it (Spark reuses Python workers),
so the library, and the restoration lexicon when a document needs it, load once per worker
process, not per file or per task. The conversion runs in Rust with the GIL released.

Needs on every executor: the `vanban` wheel and pyarrow; PySpark's Arrow functions need pandas
on the driver too (see README.md, "Python, Spark and Ray"). Arrow batches are bounded by bytes
(64 MiB) rather than records; `--conf spark.sql.execution.arrow.maxBytesPerBatch=N` overrides.
"""

from __future__ import annotations

import argparse
import re
from typing import Iterator
from urllib.parse import unquote

from pyspark.sql import functions as F

# vanban.RECORD_FIELDS, spelled out so that the driver needs no vanban to plan the job.
COLUMNS = ["path", "sha256", "type", "number", "date", "issuer", "title", "json", "error"]
SCHEMA = ", ".join(f"{c} string" for c in COLUMNS)


def convert_batches(batches, restore="auto", ocr="auto", encoding="auto"):
    """mapInArrow: Arrow batches of (path, content) → Arrow batches of rows, one per file.

    Arrow in and out: the columns are strings, which need no pandas frame between Spark's
    Arrow batches and the library (nor pandas on every executor)."""
    import pyarrow as pa
    import vanban  # once per worker process: Python caches the module, Spark reuses workers

    if list(vanban.RECORD_FIELDS) != COLUMNS:
        raise RuntimeError(f"vanban {vanban.__version__} gives fields {vanban.RECORD_FIELDS}, "
                           f"this job writes {COLUMNS}")
    schema = pa.schema([(c, pa.string()) for c in COLUMNS])
    for batch in batches:
        rows = [
            vanban.convert_record(content, path, restore=restore, ocr=ocr, encoding=encoding)
            for path, content in zip(batch.column("path").to_pylist(),
                                     batch.column("content").to_pylist())
        ]
        columns = [pa.array([row[c] for row in rows], pa.string()) for c in COLUMNS]
        yield pa.RecordBatch.from_arrays(columns, schema=schema)


def _listed_files(spark, files) -> list[str]:
    """Every file Spark listed for `files`, as URIs (the form of `_metadata.file_path`)."""
    jdf = getattr(files, "_jdf", None)
    if jdf is None:  # Spark Connect: one call
        return files.inputFiles()
    # Classic PySpark's inputFiles() fetches the Java array one element per call (~0.5 ms each,
    # minutes for a million files): join it in the JVM and fetch one string.
    joined = spark.sparkContext._jvm.org.apache.hadoop.util.StringUtils.join(
        "\n", jdf.inputFiles())
    return joined.split("\n") if joined else []


def _zero_length_files(spark, files) -> list[str]:
    """Files Spark lists but its file scan skips (SPARK-26161: zero-length files give no split,
    so no row). Returned in the form of the `path` column, so that each still gets its row."""
    listed = {re.sub("^file:///", "file:/", uri) for uri in _listed_files(spark, files)}
    if len(listed) == files.count():  # the usual case: nothing skipped, nothing more to do
        return []
    scanned = files.select(F.col("_metadata.file_path").alias("uri"))
    listed_df = spark.createDataFrame([(uri,) for uri in sorted(listed)], "uri string")
    skipped = listed_df.join(scanned, "uri", "left_anti").collect()
    return sorted(unquote(row.uri) for row in skipped)


def convert_archive(spark, input_path: str, output_path: str, *, restore: str = "auto",
                    ocr: str = "auto", encoding: str = "auto", glob: str | None = None,
                    partitions: int | None = None, mode: str = "errorifexists"):
    """Reads every file under `input_path`, converts each, writes one row per file to
    `output_path` (Parquet)."""
    reader = spark.read.format("binaryFile").option("recursiveFileLookup", "true")
    if glob:
        reader = reader.option("pathGlobFilter", glob)
    listing = reader.load(input_path)
    files = listing.select("path", "content")
    empty = _zero_length_files(spark, listing)
    if empty:
        files = files.unionByName(
            spark.createDataFrame([(path, bytearray()) for path in empty],
                                  "path string, content binary"))
    if partitions:
        files = files.repartition(partitions)

    def convert(batches: Iterator) -> Iterator:
        return convert_batches(batches, restore, ocr, encoding)

    rows = files.mapInArrow(convert, schema=SCHEMA)
    rows.write.mode(mode).parquet(output_path)


# Arrow batches bounded by bytes, not by Spark's default 10,000 records: files are whole
# documents (a PDF can be megabytes) and a batch is held in the Python worker's memory at once,
# while small batches of small text files cost a JVM-Python round trip each.
BATCH_DEFAULTS = {
    "spark.sql.execution.arrow.maxBytesPerBatch": str(64 << 20),
    "spark.sql.execution.arrow.maxRecordsPerBatch": "4096",
}


def set_batch_size(spark) -> None:
    """Sets the Arrow batch bounds the job needs unless the user set them (--conf)."""
    for key, value in BATCH_DEFAULTS.items():
        if spark.sparkContext.getConf().get(key) is None:
            spark.conf.set(key, value)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="folder of documents (walked recursively)")
    parser.add_argument("output", help="Parquet folder to write")
    parser.add_argument("--restore", default="auto", choices=["auto", "always", "never"])
    parser.add_argument("--ocr", default="auto", choices=["auto", "always", "never"])
    parser.add_argument("--encoding", default="auto",
                        choices=["auto", "utf-8", "tcvn3", "vni", "cp1258"])
    parser.add_argument("--glob", help="only files whose name matches, e.g. '*.{txt,pdf}'")
    parser.add_argument("--partitions", type=int,
                        help="repartition the files (a shuffle of their bytes) into N tasks")
    parser.add_argument("--overwrite", action="store_true", help="replace OUTPUT if it exists")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("vanban convert_archive").getOrCreate()
    set_batch_size(spark)
    convert_archive(spark, args.input, args.output, restore=args.restore, ocr=args.ocr,
                    encoding=args.encoding, glob=args.glob, partitions=args.partitions,
                    mode="overwrite" if args.overwrite else "errorifexists")
    spark.stop()


if __name__ == "__main__":
    main()
