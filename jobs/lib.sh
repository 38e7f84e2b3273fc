#!/usr/bin/env bash
# Shared by the launchers in jobs/: build the jars when needed, then run a klspark main class through
# spark-submit: $SPARK_HOME/bin/spark-submit when SPARK_HOME is set, otherwise the same
# org.apache.spark.deploy.SparkSubmit from the Maven-resolved classpath (no Spark distribution).
# The resolved classpath (Maven's compile and provided scopes) holds Spark and the Iceberg runtime of
# the line (pom property iceberg.runtime.artifact), so catalog tables work out of the box; neither is
# in the klspark jar (on a cluster: spark-submit --packages, docs/tables.md).
# klspark_submit runs a class of the main jar (what users run: src/main); klspark_submit_bench runs a
# class of the bench jar (gen-data and the benchmarks: src/bench), with the main jar beside it.
#
# Environment:
#   SPARK_HOME               use this Spark distribution's bin/spark-submit
#   KLSPARK_MASTER           master when the job args give no --master (default local[*])
#   KLSPARK_DRIVER_MEMORY    driver heap without SPARK_HOME (default 4g; local mode runs in it)
#   KLSPARK_SPARK_CONF       extra "--conf k=v" arguments for spark-submit (word-split)
#   KLSPARK_LOG4J            log4j2 configuration file of the driver (default conf/log4j2.properties,
#                            conf/log4j2-verbose.properties when the job args hold --verbose)
#   KLSPARK_LOG_DIR          where the driver's log file goes (default logs/ in the checkout); the
#                            file is JOB-YYYYmmdd-HHMMSS-PID.log, named in the job's error lines
#   KLSPARK_PROFILE          the Spark line: spark-4.1 (default), spark-4.0 or spark-3.5
#                            (the Maven profile of that name); each line has its own jars and build
#                            directory (target/ for spark-4.1, target/spark-LINE/ for the others)
set -euo pipefail

KLSPARK_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KLSPARK_VERSION="0.1.0-SNAPSHOT"
KLSPARK_PROFILE="${KLSPARK_PROFILE:-spark-4.1}"
case "$KLSPARK_PROFILE" in
  spark-4.1) KLSPARK_BUILD_DIR="$KLSPARK_HOME/target"; KLSPARK_SCALA=2.13 ;;
  spark-4.0) KLSPARK_BUILD_DIR="$KLSPARK_HOME/target/$KLSPARK_PROFILE"; KLSPARK_SCALA=2.13 ;;
  spark-3.5) KLSPARK_BUILD_DIR="$KLSPARK_HOME/target/$KLSPARK_PROFILE"; KLSPARK_SCALA=2.12 ;;
  *)
    echo "klspark: error: KLSPARK_PROFILE='$KLSPARK_PROFILE' is not a Spark line; expected spark-4.1, spark-4.0 or spark-3.5" >&2
    exit 64 ;;
esac
KLSPARK_JAR="$KLSPARK_BUILD_DIR/klspark-${KLSPARK_PROFILE}_${KLSPARK_SCALA}-${KLSPARK_VERSION}.jar"
KLSPARK_BENCH_JAR="$KLSPARK_BUILD_DIR/klspark-${KLSPARK_PROFILE}_${KLSPARK_SCALA}-${KLSPARK_VERSION}-bench.jar"
KLSPARK_CLASSPATH_FILE="$KLSPARK_BUILD_DIR/classpath.txt"

# Rebuilds both jars (one `mvn package` makes both) if either is missing or older than any source of
# either (src/main, src/bench, pom.xml), and the classpath file likewise.
klspark_build() {
  local stale=0
  if [[ ! -f "$KLSPARK_JAR" || ! -f "$KLSPARK_BENCH_JAR" ]]; then
    stale=1
  elif [[ -n "$(find "$KLSPARK_HOME/src/main" "$KLSPARK_HOME/src/bench" "$KLSPARK_HOME/pom.xml" \
      -type f \( -newer "$KLSPARK_JAR" -o -newer "$KLSPARK_BENCH_JAR" \) -print -quit)" ]]; then
    stale=1
  fi
  if (( stale )); then
    echo "klspark: building the $KLSPARK_PROFILE jars (mvn -P$KLSPARK_PROFILE package -DskipTests) ..." >&2
    (cd "$KLSPARK_HOME" && mvn -B -q -Dstyle.color=never -P"$KLSPARK_PROFILE" -DskipTests package) >&2
  fi
  if [[ -z "${SPARK_HOME:-}" ]] && { [[ ! -s "$KLSPARK_CLASSPATH_FILE" ]] || [[ "$KLSPARK_HOME/pom.xml" -nt "$KLSPARK_CLASSPATH_FILE" ]]; }; then
    echo "klspark: resolving the $KLSPARK_PROFILE Spark classpath (mvn dependency:build-classpath) ..." >&2
    mkdir -p "$KLSPARK_BUILD_DIR"
    (cd "$KLSPARK_HOME" && mvn -B -q -Dstyle.color=never -P"$KLSPARK_PROFILE" dependency:build-classpath -Dmdep.includeScope=compile \
      -Dmdep.outputFile="$KLSPARK_CLASSPATH_FILE") >&2
  fi
}

# The JVM options Spark needs on Java 17 (the pom's spark.module.options, one list for all).
klspark_module_options() {
  sed -n 's:.*<spark.module.options>\(.*\)</spark.module.options>.*:\1:p' "$KLSPARK_HOME/pom.xml"
}

# klspark_submit MAIN_CLASS [job args...]: a class of the main jar.
# A --master URL among the job args is also given to spark-submit (default local[*]).
klspark_submit() {
  klspark_submit_jar "$KLSPARK_JAR" "" "$@"
}

# klspark_submit_bench MAIN_CLASS [args...]: a class of the bench jar (gen-data, bench, ...). The
# bench jar is the application jar and the main jar goes with it (--jars), to the driver and to the
# executors alike; both use the same relocated picocli, which is in the main jar (XChart, for the
# bench-scaling charts, is in the bench jar only).
klspark_submit_bench() {
  klspark_submit_jar "$KLSPARK_BENCH_JAR" "$KLSPARK_JAR" "$@"
}

# klspark_submit_jar APP_JAR EXTRA_JAR MAIN_CLASS [args...]: EXTRA_JAR may be empty.
klspark_submit_jar() {
  local app="$1" with="$2" main="$3"; shift 3
  local master="${KLSPARK_MASTER:-local[*]}" prev=""
  for a in "$@"; do
    if [[ "$prev" == "--master" ]]; then master="$a"; fi
    if [[ "$a" == --master=* ]]; then master="${a#--master=}"; fi
    prev="$a"
  done
  # A master spark-submit cannot parse would end in its stack trace: one line instead (exit 64).
  if [[ ! "$master" =~ ^(local(\[([1-9][0-9]*|\*)(,[1-9][0-9]*)?\])?|spark://.+|yarn|k8s://.+|mesos://.+)$ ]]; then
    echo "klspark: error: --master '$master' is not a Spark master URL; expected local, local[N], local[*], spark://HOST:PORT, yarn or k8s://URL" >&2
    exit 64
  fi
  klspark_build
  local config="$KLSPARK_HOME/conf/log4j2.properties"
  for a in "$@"; do
    if [[ "$a" == "--verbose" ]]; then config="$KLSPARK_HOME/conf/log4j2-verbose.properties"; fi
  done
  local log4j="file:${KLSPARK_LOG4J:-$config}"
  local logdir="${KLSPARK_LOG_DIR:-$KLSPARK_HOME/logs}"
  mkdir -p "$logdir"
  local logfile
  logfile="$(cd "$logdir" && pwd)/${main##*.}-$(date +%Y%m%d-%H%M%S)-$$.log"
  # shellcheck disable=SC2206
  local extra=( ${KLSPARK_SPARK_CONF:-} ) jars=() cp="$app"
  if [[ -n "$with" ]]; then
    jars=(--jars "$with")
    cp="$app:$with"
  fi
  if [[ -n "${SPARK_HOME:-}" ]]; then
    exec "$SPARK_HOME/bin/spark-submit" --master "$master" --class "$main" "${jars[@]}" \
      --driver-java-options "-Dlog4j2.configurationFile=$log4j -Dklspark.log.file=$logfile" "${extra[@]}" \
      "$app" "$@"
  fi
  # shellcheck disable=SC2046
  exec java $(klspark_module_options) -Xmx"${KLSPARK_DRIVER_MEMORY:-4g}" \
    -Dlog4j2.configurationFile="$log4j" -Dklspark.log.file="$logfile" \
    -cp "$cp:$(cat "$KLSPARK_CLASSPATH_FILE")" \
    org.apache.spark.deploy.SparkSubmit --master "$master" --class "$main" "${jars[@]}" "${extra[@]}" \
    "$app" "$@"
}
