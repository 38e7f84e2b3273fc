#!/usr/bin/env bash
# Benchmark of kl_divergence against the built-in higher-order-function formula (not a test).
#   bench/sql-functions.sh [k cachedRows passes repeats]
# Without arguments: the two configurations recorded in BENCHMARKS.md.
# dev.klspark.bench.SqlFunctionBench (src/bench/java) runs from the bench jar beside the main jar,
# whose session extension registers the functions; it starts its own local session in this JVM,
# with Spark from the Maven-resolved classpath (SPARK_HOME is not used).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
unset SPARK_HOME
source "$ROOT/jobs/lib.sh"
klspark_build
run() {
  # shellcheck disable=SC2046
  java $(klspark_module_options) -Xmx3g -Dlog4j2.configurationFile="$ROOT/conf/log4j2-sql.properties" \
    -cp "$KLSPARK_BENCH_JAR:$KLSPARK_JAR:$(cat "$KLSPARK_CLASSPATH_FILE")" \
    dev.klspark.bench.SqlFunctionBench "$@"
}
if [[ $# -gt 0 ]]; then
  run "$@"
else
  run 10 1000000 10 3
  run 1000 10000 10 3
fi
