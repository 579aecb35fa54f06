#!/usr/bin/env python3
"""The console's data import, measured: one file sent to POST /api/v1/import of a fresh server.

Starts `growloop serve` on an empty data directory, uploads FILE whole (as the console's
Settings page does), and prints the server's peak resident memory (VmHWM) before and after,
the time from the first byte sent to the summary, and the summary's counts. With --compare
BINARY the same upload goes to a second binary too, in the same run.

Usage: run_upload_bench.py --growloop BINARY --file FILE [--compare BINARY] [--runs N]
"""

import argparse
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time


def peak_kib(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return int(line.split()[1])
    return 0


def one_run(binary, path):
    data = tempfile.mkdtemp(prefix='growloop-upload-')
    try:
        server = subprocess.Popen([binary, 'serve', '--data-dir', data, '--port', '0'],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        port = None
        for line in server.stdout:
            m = re.search(r'http://127\.0\.0\.1:(\d+)', line)
            if m:
                port = int(m.group(1))
                break
        if port is None:
            sys.exit('serve printed no URL')
        before = peak_kib(server.pid)
        size = os.path.getsize(path)
        conn = http.client.HTTPConnection('127.0.0.1', port, timeout=3600)
        start = time.monotonic()
        with open(path, 'rb') as body:
            conn.request('POST', '/api/v1/import?name=' + os.path.basename(path), body=body,
                         headers={'Content-Type': 'application/octet-stream',
                                  'Content-Length': str(size)})
            answer = conn.getresponse()
            summary = json.loads(answer.read())
        seconds = time.monotonic() - start
        after = peak_kib(server.pid)
        server.terminate()
        server.wait(timeout=60)
        if answer.status != 200:
            sys.exit('upload answered %d: %s' % (answer.status, summary))
        return {'binary': binary, 'bytes': size, 'seconds': round(seconds, 2),
                'peak_rss_mib_before': round(before / 1024, 1),
                'peak_rss_mib_after': round(after / 1024, 1),
                'accepted': summary['accepted'], 'rejected': summary['rejected']}
    finally:
        shutil.rmtree(data, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--growloop', required=True)
    p.add_argument('--file', required=True)
    p.add_argument('--compare')
    p.add_argument('--runs', type=int, default=1)
    args = p.parse_args()
    binaries = [args.growloop] + ([args.compare] if args.compare else [])
    for _ in range(args.runs):
        for b in binaries:
            print(json.dumps(one_run(b, args.file)), flush=True)


if __name__ == '__main__':
    main()
