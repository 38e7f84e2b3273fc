#!/usr/bin/env bash
# Benchmark of kl_divergence against the built-in higher-order-function formula (not a test).
#   bench/sql-functions.sh [k cachedRows passes repeats]
# Without arguments: the two configurations recorded in BENCHMARKS.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -B -q test-compile >&2
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/classpath-test.txt >&2
MODULE_OPTS="$(sed -n 's:.*<spark.module.options>\(.*\)</spark.module.options>.*:\1:p' pom.xml)"
run() {
  # shellcheck disable=SC2086
  java $MODULE_OPTS -Xmx3g -Dlog4j2.configurationFile="$ROOT/conf/log4j2-sql.properties" \
    -cp "target/test-classes:target/classes:$(cat target/classpath-test.txt)" \
    dev.klspark.bench.SqlFunctionBench "$@"
}
if [[ $# -gt 0 ]]; then
  run "$@"
else
  run 10 1000000 10 3
  run 1000 10000 10 3
fi
