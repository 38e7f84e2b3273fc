#!/usr/bin/env bash
# Shared by the launchers in jobs/: build the jars when needed, then run a klspark main class through
# spark-submit: $SPARK_HOME/bin/spark-submit when SPARK_HOME is set, otherwise the same
# org.apache.spark.deploy.SparkSubmit from the Maven-resolved classpath (no Spark distribution).
# The resolved classpath (Maven's compile and provided scopes) holds Spark and the Iceberg runtime of
# the line (pom property iceberg.runtime.artifact; spark-4.2 has none, Iceberg publishes none), so
# catalog tables work out of the box; neither is in the klspark jar (on a cluster: spark-submit
# --packages, docs/tables.md).
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
#   KLSPARK_PROFILE          the Spark line: spark-4.1 (default), spark-4.2, spark-4.0 or spark-3.5
#                            (the Maven profile of that name); each line has its own jars and build
#                            directory (target/ for spark-4.1, target/spark-LINE/ for the others)
#
# Console: -h/--help and -V/--version are answered by a plain JVM from the jar (the job's own
# picocli usage), without Spark, Maven or a build when the jar exists; every run first parses its
# command line in such a JVM, so an unknown flag costs a fraction of a second (one line, exit 64).
# Maven runs quiet and without colour; the JVM options leave out the incubating Vector API
# (klspark_module_options), so no "WARNING: Using incubator modules" line is printed.
set -euo pipefail

KLSPARK_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The project's version, read from pom.xml (its first <version>, two spaces in: the project's own).
KLSPARK_VERSION="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$KLSPARK_HOME/pom.xml" | head -1)"
KLSPARK_PROFILE="${KLSPARK_PROFILE:-spark-4.1}"
case "$KLSPARK_PROFILE" in
  spark-4.1) KLSPARK_BUILD_DIR="$KLSPARK_HOME/target"; KLSPARK_SCALA=2.13 ;;
  spark-4.2|spark-4.0) KLSPARK_BUILD_DIR="$KLSPARK_HOME/target/$KLSPARK_PROFILE"; KLSPARK_SCALA=2.13 ;;
  spark-3.5) KLSPARK_BUILD_DIR="$KLSPARK_HOME/target/$KLSPARK_PROFILE"; KLSPARK_SCALA=2.12 ;;
  *)
    echo "klspark: error: KLSPARK_PROFILE='$KLSPARK_PROFILE' is not a Spark line; expected spark-4.1, spark-4.2, spark-4.0 or spark-3.5" >&2
    exit 64 ;;
esac
KLSPARK_JAR="$KLSPARK_BUILD_DIR/klspark-${KLSPARK_PROFILE}_${KLSPARK_SCALA}-${KLSPARK_VERSION}.jar"
KLSPARK_BENCH_JAR="$KLSPARK_BUILD_DIR/klspark-${KLSPARK_PROFILE}_${KLSPARK_SCALA}-${KLSPARK_VERSION}-bench.jar"
KLSPARK_CLASSPATH_FILE="$KLSPARK_BUILD_DIR/classpath.txt"

# klspark_mvn ARGS...: Maven in the checkout, quiet, output to stderr, without terminal codes:
# batch mode and colour off, and jansi.noreset (Maven 3.8 with jansi 2, as Debian and Ubuntu ship
# it, writes a colour reset, ESC[0m, at exit even in batch mode).
klspark_mvn() {
  (cd "$KLSPARK_HOME" && MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" \
    mvn -B -q -Dstyle.color=never "$@") >&2
}

# Rebuilds both jars (one `mvn package` makes both) if either is missing or older than any source of
# either (src/main, src/bench, pom.xml), and resolves the classpath file if needed.
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
    klspark_mvn -P"$KLSPARK_PROFILE" -DskipTests package
  fi
  if [[ -z "${SPARK_HOME:-}" ]]; then
    klspark_classpath "$KLSPARK_CLASSPATH_FILE" compile "$KLSPARK_PROFILE"
  fi
}

# klspark_classpath FILE SCOPE PROFILE...: FILE holds the Maven-resolved classpath of SCOPE under
# the profiles, resolved again only when pom.xml's content or the profiles changed (FILE.key holds
# their checksum; a checkout that only touches pom.xml keeps it) or a listed jar is gone.
klspark_classpath() {
  local file="$1" scope="$2"; shift 2
  local key entries=() e ok=1
  key="$({ echo "$*"; cat "$KLSPARK_HOME/pom.xml"; } | sha256sum | cut -d' ' -f1)"
  if [[ -s "$file" && "$(cat "$file.key" 2>/dev/null)" == "$key" ]]; then
    IFS=: read -r -a entries < "$file" || true
    for e in "${entries[@]}"; do
      if [[ ! -e "$e" ]]; then ok=0; break; fi
    done
    (( ok )) && return 0
  fi
  echo "klspark: resolving the $* classpath (mvn dependency:build-classpath, once per pom.xml change) ..." >&2
  mkdir -p "$(dirname "$file")"
  rm -f "$file.key"
  local profiles=() p
  for p in "$@"; do profiles+=(-P"$p"); done
  klspark_mvn "${profiles[@]}" dependency:build-classpath -Dmdep.includeScope="$scope" \
    -Dmdep.outputFile="$file"
  echo "$key" > "$file.key"
}

# The JVM options Spark needs on Java 17: the pom's spark.module.options (Spark's own list, which
# the tests use as it is) without --add-modules=jdk.incubator.vector. The Vector API is optional
# for Spark (MLlib's BLAS uses it when present and plain Java otherwise) and klspark does not use
# it; with it, every JVM prints "WARNING: Using incubator modules: jdk.incubator.vector".
klspark_module_options() {
  sed -n 's:.*<spark.module.options>\(.*\)</spark.module.options>.*:\1:p' "$KLSPARK_HOME/pom.xml" \
    | sed 's: *--add-modules=jdk.incubator.vector::'
}

# klspark_wants_help ARGS...: true when the arguments ask for -h/--help or -V/--version (before a
# "--", after which everything is a positional parameter, as picocli reads it).
klspark_wants_help() {
  local a
  for a in "$@"; do
    case "$a" in
      --) return 1 ;;
      -h | --help | -V | --version) return 0 ;;
    esac
  done
  return 1
}

# klspark_parse APP_JAR EXTRA_JAR MAIN_CLASS [args...]: the job's command line in a plain JVM that
# never starts Spark (the system property klspark.parse-only, dev.klspark.cli.JobErrors): prints
# the usage or the version when asked, or one line for a usage error (exit 64); exit 0 otherwise.
# Spark's jars are on the classpath only for the versions --version prints.
klspark_parse() {
  local app="$1" with="$2" main="$3"; shift 3
  local cp="$app${with:+:$with}"
  if [[ -n "${SPARK_HOME:-}" ]]; then
    cp="$cp:$SPARK_HOME/jars/*"
  else
    klspark_classpath "$KLSPARK_CLASSPATH_FILE" compile "$KLSPARK_PROFILE"
    cp="$cp:$(cat "$KLSPARK_CLASSPATH_FILE")"
  fi
  # Nothing in it logs; should anything, klspark's lines reach the console and Spark's nowhere.
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dklspark.parse-only=true \
    -Dlog4j2.configurationFile="file:$KLSPARK_HOME/conf/log4j2.properties" \
    -Dklspark.log.file=/dev/null -cp "$cp" "$main" "$@"
}

# klspark_version: the version line of the jobs' --version, for the launchers that are scripts.
klspark_version() {
  [[ -f "$KLSPARK_JAR" ]] || klspark_build
  klspark_parse "$KLSPARK_JAR" "" dev.klspark.cli.VersionProvider
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
  if klspark_wants_help "$@"; then
    # The jar as it is (built only when missing): help never waits for Maven or Spark.
    [[ -f "$app" && ( -z "$with" || -f "$with" ) ]] || klspark_build
    local rc=0
    klspark_parse "$app" "$with" "$main" "$@" || rc=$?
    exit "$rc"
  fi
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
  # Usage errors in a fraction of a second, before spark-submit starts.
  klspark_parse "$app" "$with" "$main" "$@" || exit $?
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
