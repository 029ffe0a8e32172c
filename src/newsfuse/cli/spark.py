"""``newsfuse spark-run``: the pipeline on Apache Spark, writing Parquet tables."""

from __future__ import annotations

import shutil
from typing import Annotated

import typer

from newsfuse.cli import app, err, out, state


@app.command("spark-run")
def spark_run(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files or folders (.txt .html .html.gz .jsonl .warc .warc.gz)."),
    ],
    output: Annotated[
        str,
        typer.Option(help="Folder (local, hdfs://, s3a://) for the Parquet tables; replaced."),
    ],
    master: Annotated[
        str | None,
        typer.Option(help="Spark master, e.g. local[4] or spark://host:7077. Default: Spark's."),
    ] = None,
) -> None:
    """Run extraction, cleaning, analysis, copies, stories and reconciliation on Spark.

    Writes the tables articles, figures, quotes, events, figure_groups,
    stories, entities and errors as Parquet under OUTPUT. Needs the spark
    extra (pip install 'newsfuse[spark]') and Java 17. Exit status 1 if any
    input failed; the others are still processed.
    """
    try:
        from newsfuse.spark import run, session
    except ImportError as error:
        if not (error.name or "").startswith(("pyspark", "pyarrow", "py4j")):
            raise  # newsfuse's own import failed: a bug to see, not a missing extra
        err.print("error: spark-run needs pyspark: pip install 'newsfuse[spark]'", markup=False)
        raise typer.Exit(2) from error
    if shutil.which("java") is None:
        err.print("error: spark-run needs Java 17 on PATH (or JAVA_HOME set)", markup=False)
        raise typer.Exit(2)
    spark = session(master)
    try:
        report = run(inputs, output, state.settings, spark)
    finally:
        spark.stop()
    for message in report.errors:
        err.print(f"error: {message}", markup=False)
    if not state.quiet:
        counts = ", ".join(f"{name} {count}" for name, count in report.rows.items())
        out.print(f"{counts} -> {output}", markup=False)
    if report.errors:
        raise typer.Exit(1)
