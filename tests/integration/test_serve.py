#!/usr/bin/env python3
"""`growloop serve --port 0` prints its port, answers health, metrics, stats and the OpenAPI
document over real HTTP, keeps other processes out of its data directory, and stops cleanly on
SIGTERM.

Usage: test_serve.py --growloop PATH_TO_BINARY
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--growloop", required=True)
    args = parser.parse_args()
    g = args.growloop
    with tempfile.TemporaryDirectory(prefix="growloop_serve_") as tmp:
        data = os.path.join(tmp, "data")
        events = os.path.join(tmp, "events.csv")
        subprocess.run([g, "demo-data", "--out", events, "--users", "200", "--days", "5"],
                       check=True, capture_output=True)
        subprocess.run([g, "import", "--data-dir", data, events], check=True, capture_output=True)
        want = json.loads(subprocess.run([g, "stats", "--json", "--data-dir", data], check=True,
                                         capture_output=True, text=True).stdout)

        proc = subprocess.Popen([g, "serve", "--data-dir", data, "--port", "0"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            line = proc.stdout.readline()
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if not m:
                sys.exit("FAIL: no URL in the first line of serve's output: %r" % line)
            base = "http://127.0.0.1:%s" % m.group(1)

            status, _, body = get(base + "/healthz")
            if status != 200 or json.loads(body).get("status") != "ok":
                sys.exit("FAIL: /healthz %d %s" % (status, body))

            status, _, body = get(base + "/api/v1/stats?project=default")
            got = json.loads(body)
            if status != 200 or got["events"] != want["events"] or got["per_day"] != want["per_day"]:
                sys.exit("FAIL: /api/v1/stats differs from `growloop stats`: %d %s" % (status, body[:500]))

            status, ctype, body = get(base + "/metrics")
            if status != 200 or "text/plain" not in ctype:
                sys.exit("FAIL: /metrics %d %s" % (status, ctype))
            for name in ("growloop_http_responses_total", "growloop_wal_fsync_seconds_bucket"):
                if name not in body:
                    sys.exit("FAIL: /metrics lacks %s" % name)

            status, _, body = get(base + "/api/v1/openapi.json")
            doc = json.loads(body)
            if status != 200 or "/api/v1/stats" not in doc.get("paths", {}):
                sys.exit("FAIL: openapi document %d" % status)

            # A second process may not open the data directory the server is using.
            other = subprocess.run([g, "import", "--data-dir", data, events],
                                   capture_output=True, text=True)
            if other.returncode == 0 or "locked" not in other.stderr:
                sys.exit("FAIL: import beside a running server: exit %d, %r"
                         % (other.returncode, other.stderr[-500:]))
            status, _, body = get(base + "/api/v1/stats?project=default")
            if json.loads(body)["events"] != want["events"]:
                sys.exit("FAIL: the refused import changed the store: %s" % body[:300])

            status, _, body = get(base + "/api/v1/no-such-thing")
            err = json.loads(body).get("error", {})
            if status != 404 or err.get("code") != "not_found" or not err.get("message"):
                sys.exit("FAIL: unknown route answered %d %s" % (status, body))
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                rc = proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                sys.exit("FAIL: serve did not stop within 30 s of SIGTERM")
        if rc != 0:
            sys.exit("FAIL: serve exited %d: %s" % (rc, proc.stderr.read()[-2000:]))
    print("ok: serve answered health, stats, metrics, openapi and 404, and stopped on SIGTERM")


if __name__ == "__main__":
    main()
