"""Run policydiff over a crawl on Spark: the JSONL format is the interface, the binary does the work.

Each partition receives file paths (one per line) on stdin; `policydiff batch -` is not needed:
we pipe the paths to a tiny shell loop that hands each partition's list to `policydiff batch`.
The binary must be on every worker (e.g. shipped with --files or baked into the image), and the
paths readable there (a shared filesystem or a mounted bucket).

    spark-submit examples/scale/spark_pipe.py /data/crawl /data/out
"""
import os
import sys

from pyspark.sql import SparkSession

EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm", ".xhtml")


def main(crawl_dir: str, out_dir: str) -> None:
    spark = SparkSession.builder.appName("policydiff-batch").getOrCreate()
    paths = sorted(
        os.path.join(root, name)
        for root, _, names in os.walk(crawl_dir)
        for name in names
        if name.lower().endswith(EXTENSIONS)
    )
    # Each partition writes its paths to a temporary list and runs one policydiff process on it;
    # policydiff prints one JSON line per file, in the order given.
    script = 'tmp=$(mktemp); cat > "$tmp"; xargs -d "\\n" -a "$tmp" policydiff batch --jobs 1; rm -f "$tmp"'
    lines = spark.sparkContext.parallelize(paths, numSlices=max(1, len(paths) // 500)).pipe(["sh", "-c", script])
    lines.saveAsTextFile(out_dir)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
