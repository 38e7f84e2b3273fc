#!/usr/bin/env python3
"""Task CPU per case and round of a jobs/bench run, split into its scan stage and the rest.

Usage:
  rm -rf /tmp/ev && mkdir -p /tmp/ev
  KLSPARK_SPARK_CONF="--conf spark.eventLog.enabled=true --conf spark.eventLog.compress=false \
    --conf spark.eventLog.dir=file:///tmp/ev" jobs/bench --repetitions 5 --warmup 1 > /tmp/bench.txt
  bench/case-stages.py /tmp/bench.txt /tmp/ev

The bench's "warmup"/"measure" lines give the cases in the order they ran (any order, --bracket
included). Each case run is one SQL execution of the event log with more than 1 s of task CPU
(the bench's own row and model counts at the start, "count at ReportBench", are left out; so are
executions under 1 s, such as mle-report's check of an empty model). The script stops with an
error when the runs and those executions do not pair up one to one, or when an execution's task
CPU differs from its run's task_cpu_seconds by more than 2 % (e.g. a run too small for the 1 s
threshold). Event logs: a rolling log directory per application (Spark 4's default) or a single
file (Spark 3.5's), uncompressed.

For each case and round it prints the executors' CPU seconds (Spark's executorCpuTime) of the run,
of its largest stage and of everything else, then each case's medians over the measured rounds.
The largest stage is the scan of the rows with their partial counts; it also holds what a case adds
to the scan: the model's rows for kl-report and mle-report, the slice's random draw and a second
sum for data-quality's drift. "rest" is the final count, the per-group step, Benjamini-Hochberg.
"""
import collections
import glob
import json
import os
import re
import statistics
import sys


def runs_of(bench_output):
    runs = []
    with open(bench_output, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"(warmup|measure) round=(\d+) case=(\w+) .* task_cpu_seconds=(\S+)", line)
            if m:
                runs.append((m.group(1) == "measure", int(m.group(2)), m.group(3), float(m.group(4))))
    return runs


def log_files(directory):
    """Every event log file under directory, rolling parts in their numeric order."""

    def key(path):
        m = re.search(r"events_(\d+)_", os.path.basename(path))
        return (os.path.dirname(path), int(m.group(1)) if m else 0, path)

    paths = [
        p
        for p in glob.glob(os.path.join(directory, "**"), recursive=True)
        if os.path.isfile(p) and not os.path.basename(p).startswith("appstatus_")
    ]
    return sorted(paths, key=key)


def executions_of(directory):
    order, description, stage_execution = [], {}, {}
    cpu = collections.defaultdict(collections.Counter)
    for path in log_files(directory):
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    e = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a half-written last line of a log still in progress
                kind = e["Event"]
                if kind.endswith("SQLExecutionStart"):
                    order.append(e["executionId"])
                    description[e["executionId"]] = e.get("description", "")
                elif kind == "SparkListenerJobStart":
                    eid = (e.get("Properties") or {}).get("spark.sql.execution.id")
                    for s in e["Stage IDs"]:
                        stage_execution[s] = None if eid is None else int(eid)
                elif kind == "SparkListenerTaskEnd":
                    m = e.get("Task Metrics") or {}
                    eid = stage_execution.get(e["Stage ID"])
                    cpu[eid][e["Stage ID"]] += m.get("Executor CPU Time", 0) / 1e9
    return [
        cpu[x]
        for x in order
        if not description[x].startswith("count at ReportBench") and sum(cpu[x].values()) > 1
    ]


def main(bench_output, directory):
    runs = runs_of(bench_output)
    executions = executions_of(directory)
    if len(runs) != len(executions):
        sys.exit(
            f"{len(runs)} case runs in {bench_output} but {len(executions)} executions with more"
            f" than 1 s of task CPU in {directory}"
        )
    table = collections.defaultdict(list)
    for (measured, rnd, case, reported), stages in zip(runs, executions):
        total = sum(stages.values())
        if abs(total - reported) > 0.02 * reported:
            sys.exit(
                f"round {rnd} case {case}: {reported} s of task CPU in {bench_output} but"
                f" {total:.3f} s in the execution paired with it"
            )
        scan = max(stages.values())
        table[case].append((measured, rnd, total, scan, total - scan))
    print("case     runs (round: total / scan / rest, task CPU s; * = warm-up)")
    for case, rows in table.items():
        cells = " ".join(
            f"{'' if m else '*'}{r}:{t:.1f}/{s:.1f}/{x:.1f}" for m, r, t, s, x in rows
        )
        print(f"{case:8} {cells}")
    print("case     median over measured runs: total / scan / rest")
    for case, rows in table.items():
        kept = [row for row in rows if row[0]]
        if kept:
            med = [statistics.median(row[i] for row in kept) for i in (2, 3, 4)]
            print(f"{case:8} {med[0]:.2f} / {med[1]:.2f} / {med[2]:.2f}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    if not os.path.isfile(sys.argv[1]):
        sys.exit(f"case-stages.py: {sys.argv[1]}: no such file (expected jobs/bench's output)")
    if not os.path.isdir(sys.argv[2]):
        sys.exit(f"case-stages.py: {sys.argv[2]}: no such directory (expected the event log)")
    main(sys.argv[1], sys.argv[2])
