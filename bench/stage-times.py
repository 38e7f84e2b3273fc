#!/usr/bin/env python3
"""Per-stage times from a Spark event log (uncompressed), as quoted in BENCHMARKS.md.

Usage:
  rm -rf /tmp/ev && mkdir -p /tmp/ev
  KLSPARK_SPARK_CONF="--conf spark.eventLog.enabled=true --conf spark.eventLog.compress=false \
    --conf spark.eventLog.dir=file:///tmp/ev" jobs/bench --cases count,klspark --repetitions 1 --warmup 1
  bench/stage-times.py /tmp/ev

Prints one line per completed stage: id, start (s since the first stage), wall time, tasks, summed
executor run time, input records, shuffle records written and read.
"""
import glob
import json
import sys


def main(directory):
    stages = {}
    for path in sorted(glob.glob(directory.rstrip("/") + "/*/*")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                e = json.loads(line)
                if e["Event"] != "SparkListenerStageCompleted":
                    continue
                si = e["Stage Info"]
                acc = {a["Name"]: a.get("Value") for a in si.get("Accumulables", [])}
                stages[(si["Stage ID"], si["Stage Attempt ID"])] = (si, acc)
    if not stages:
        sys.exit("no completed stages in " + directory)
    t0 = min(si["Submission Time"] for si, _ in stages.values())
    for key in sorted(stages):
        si, acc = stages[key]
        print(
            "stage=%d.%d start=%.1fs wall=%.2fs tasks=%d run=%.1fs input_records=%s"
            " shuffle_written=%s shuffle_read=%s %s"
            % (key[0], key[1], (si["Submission Time"] - t0) / 1000,
               (si["Completion Time"] - si["Submission Time"]) / 1000, si["Number of Tasks"],
               (acc.get("internal.metrics.executorRunTime") or 0) / 1000,
               acc.get("internal.metrics.input.recordsRead"),
               acc.get("internal.metrics.shuffle.write.recordsWritten"),
               acc.get("internal.metrics.shuffle.read.recordsRead"),
               si["Stage Name"][:40]))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/ev")
