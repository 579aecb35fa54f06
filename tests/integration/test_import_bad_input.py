#!/usr/bin/env python3
"""Bad rows are rejected one by one with a reason and a line; the rest loads; stored data stays.

Usage: test_import_bad_input.py --growloop PATH_TO_BINARY
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

GOOD = '{"event_id":"g%d","ts":"2026-03-01T10:00:0%dZ","user_id":"u%d","event":"purchase","amount":%d}'

# (line content, expected reason); line numbers are 1-based positions in the file.
BAD = [
    ('{"event_id":"b1","ts":"2026-03-01T10:00:00Z","user_id":"u1"', "malformed_json"),
    ('{"event_id":"b2","ts":"2026-03-01T10:00:00Z","user_id":"u1"}', "missing_event"),
    ('{"event_id":"b3","ts":"not a time","user_id":"u1","event":"x"}', "bad_timestamp"),
    ('{"event_id":"b4","ts":"1980-01-01T00:00:00Z","user_id":"u1","event":"x"}', "timestamp_out_of_range"),
    ('{"event_id":"b5","ts":"2026-03-01T10:00:00Z","user_id":"u1","event":17}', "wrong_type"),
    ('{"event_id":"b6","ts":"2026-03-01T10:00:00Z","event":"x"}', "missing_distinct_id"),
]


def run(cmd, expect):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != expect:
        sys.exit("FAIL: %s exited %d, expected %d\n%s\n%s"
                 % (" ".join(cmd), proc.returncode, expect, proc.stdout[-3000:], proc.stderr[-3000:]))
    return proc.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--growloop", required=True)
    args = parser.parse_args()
    g = args.growloop
    with tempfile.TemporaryDirectory(prefix="growloop_bad_input_") as tmp:
        data = os.path.join(tmp, "data")
        first = os.path.join(tmp, "first.jsonl")
        with open(first, "w") as f:
            for i in range(5):
                f.write(GOOD % (i, i, i, 10 * i) + "\n")
        run([g, "import", "--data-dir", data, first], 0)

        mixed = os.path.join(tmp, "mixed.jsonl")
        lines, expected = [], {}
        for i in range(5, 9):
            lines.append(GOOD % (i, i, i, 10 * i))
        for text, reason in BAD:
            lines.append(text)
            expected[len(lines)] = reason
        lines.append(b"\xff\xfe".decode("latin-1"))  # not UTF-8 once written as latin-1 bytes
        with open(mixed, "w", encoding="latin-1") as f:
            f.write("\n".join(lines) + "\n")
        expected[len(lines)] = None  # invalid bytes: any reason, but rejected with this line

        # Rows were rejected: exit status 3, the summary names each reason and line.
        out = json.loads(run([g, "import", "--json", "--data-dir", data, mixed], 3))
        if out["accepted"] != 4 or out["rejected"] != len(BAD) + 1:
            sys.exit("FAIL: accepted %d rejected %d\n%s" % (out["accepted"], out["rejected"], out))
        got = {r["line"]: r["reason"] for r in out["first_rejections"]}
        for line, reason in expected.items():
            if line not in got or (reason is not None and got[line] != reason):
                sys.exit("FAIL: line %d: expected %s, got %s (all: %s)" % (line, reason, got.get(line), got))
        for r in out["first_rejections"]:
            if not r["message"]:
                sys.exit("FAIL: rejection without a message: %s" % r)

        # --allow-rejects: same file, nothing new accepted (duplicates), exit 0.
        out = json.loads(run([g, "import", "--json", "--allow-rejects", "--data-dir", data, mixed], 0))
        if out["accepted"] != 0 or out["duplicates"] != 4:
            sys.exit("FAIL: re-import accepted %d duplicates %d" % (out["accepted"], out["duplicates"]))

        # What was stored before is intact: 5 + 4 purchases.
        stats = json.loads(run([g, "stats", "--json", "--data-dir", data], 0))
        if stats["events"] != 9 or stats["per_event"] != {"purchase": 9}:
            sys.exit("FAIL: stats after the bad import: %s" % stats)

        # A missing file stops the import with a clear error before anything is stored.
        proc = subprocess.run([g, "import", "--data-dir", data, os.path.join(tmp, "nope.csv")],
                              capture_output=True, text=True)
        if proc.returncode != 1 or "nope.csv" not in proc.stderr:
            sys.exit("FAIL: missing file: exit %d, stderr %r" % (proc.returncode, proc.stderr))
    print("ok: each bad row rejected with its reason and line; good rows and stored data intact")


if __name__ == "__main__":
    main()
