"""Apache Spark backend: the pipeline's stages run inside Spark tasks (see :mod:`.runner`).

The only package that imports pyspark (the ``spark`` extra); nothing else in
newsfuse imports this one, so the rest never needs Spark or Java.
"""

from newsfuse.spark.runner import TABLES, SparkReport, run, session

__all__ = ["TABLES", "SparkReport", "run", "session"]
