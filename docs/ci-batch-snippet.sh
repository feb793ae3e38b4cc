# What .ci/run must add for the batch tests (issue 5). Java 17 is already on the machine.
# - warc:  cleantext warc and tests/test_batch_warc.py (warcio)
# - spark: tests/test_batch_spark.py on local[2] (pyspark, pandas<3, pyarrow); about 30 s
# tqdm is a core dependency (pyproject), installed with the package itself.
python -m pip install -e '.[test,warc,spark]'
# The Spark test starts Python workers from the JVM: they must find this interpreter.
export PYSPARK_PYTHON="$(command -v python)"
# Optional: the test skips by itself when pyspark or java is missing; to make CI fail
# instead of skipping, check first:
python -c 'import pyspark, pandas, pyarrow, warcio' && java -version
