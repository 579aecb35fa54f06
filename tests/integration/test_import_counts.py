#!/usr/bin/env python3
"""Import a generated demo file and check the stored counts against an independent count.

Runs `growloop demo-data` to write a small flat CSV file, imports it into a fresh data
directory, asks `growloop stats --json` for the counts per event name and per UTC day, and
compares them with counts made here with Python's csv module from the same file. Importing the
file a second time must not change the counts (ids deduplicate).

Usage: test_import_counts.py --growloop PATH_TO_BINARY
Exits non-zero with an explanation when a command fails or a count differs.
"""

import argparse
import collections
import csv
import json
import os
import subprocess
import sys
import tempfile


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(
            "FAIL: command exited with %d: %s\n--- stdout\n%s\n--- stderr\n%s"
            % (proc.returncode, " ".join(cmd), proc.stdout[-4000:], proc.stderr[-4000:])
        )
    return proc.stdout


def expected_counts(path):
    per_event = collections.Counter()
    per_day = collections.defaultdict(collections.Counter)
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            per_event[row["event"]] += 1
            per_day[row["ts"][:10]][row["event"]] += 1  # ts is ISO-8601 UTC: the date is the day
    return per_event, per_day


def stats(growloop, data_dir):
    out = run([growloop, "stats", "--data-dir", data_dir, "--json"])
    try:
        return json.loads(out)
    except json.JSONDecodeError as e:
        sys.exit("FAIL: `growloop stats --json` did not print JSON (%s):\n%s" % (e, out[:2000]))


def compare(label, got, want_events, want_days):
    failures = []
    total = sum(want_events.values())
    if got.get("events") != total:
        failures.append("%s: events = %r, expected %d" % (label, got.get("events"), total))
    got_events = {k: int(v) for k, v in (got.get("per_event") or {}).items()}
    if got_events != dict(want_events):
        failures.append("%s: per_event differs:\n  got      %s\n  expected %s"
                        % (label, sorted(got_events.items()), sorted(want_events.items())))
    got_days = {d: {k: int(v) for k, v in m.items()} for d, m in (got.get("per_day") or {}).items()}
    want = {d: dict(c) for d, c in want_days.items()}
    if got_days != want:
        diff = [d for d in sorted(set(got_days) | set(want)) if got_days.get(d) != want.get(d)]
        failures.append("%s: per_day differs on %d day(s), first: %s got %s expected %s"
                        % (label, len(diff), diff[0], got_days.get(diff[0]), want.get(diff[0])))
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--growloop", required=True, help="path to the growloop binary")
    args = parser.parse_args()
    if not os.path.exists(args.growloop):
        sys.exit("FAIL: no growloop binary at %s" % args.growloop)

    with tempfile.TemporaryDirectory(prefix="growloop_import_counts_") as tmp:
        events_csv = os.path.join(tmp, "events.csv")
        data_dir = os.path.join(tmp, "data")
        run([args.growloop, "demo-data", "--out", events_csv, "--users", "2000", "--days", "14",
             "--seed", "7"])
        want_events, want_days = expected_counts(events_csv)
        if sum(want_events.values()) == 0:
            sys.exit("FAIL: demo-data wrote no events to %s" % events_csv)

        run([args.growloop, "import", "--data-dir", data_dir, events_csv])
        failures = compare("first import", stats(args.growloop, data_dir), want_events, want_days)

        # Same file again: every row is a duplicate, the counts must not move.
        run([args.growloop, "import", "--data-dir", data_dir, events_csv])
        failures += compare("second import", stats(args.growloop, data_dir), want_events, want_days)

        # The same events as gzipped JSON lines, into a fresh directory: the same counts.
        events_gz = os.path.join(tmp, "events.jsonl.gz")
        gz_dir = os.path.join(tmp, "data-gz")
        run([args.growloop, "demo-data", "--out", events_gz, "--users", "2000", "--days", "14",
             "--seed", "7"])
        run([args.growloop, "import", "--data-dir", gz_dir, events_gz])
        failures += compare("jsonl.gz import", stats(args.growloop, gz_dir), want_events, want_days)

    if failures:
        sys.exit("FAIL:\n" + "\n".join(failures))
    print("ok: %d events in %d event names over %d days match"
          % (sum(want_events.values()), len(want_events), len(want_days)))


if __name__ == "__main__":
    main()
