#!/usr/bin/env python3
"""kill -9 during HTTP ingestion under load: after a restart every acknowledged event is present
exactly once, every batch is all or nothing, and re-sending everything (as SDK retries would)
adds nothing that was stored already.

Each batch carries its own event name ("b<thread>_<seq>"), so the per-event counts of
/api/v1/stats tell exactly which batches are stored and how many of their events.

Usage: test_capture_kill.py --growloop PATH_TO_BINARY
"""

import argparse
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

BATCH = 50
THREADS = 6


def fail(msg):
    sys.exit('FAIL: ' + msg)


def start(g, data, port='0'):
    proc = subprocess.Popen([g, 'serve', '--data-dir', data, '--port', port],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    m = re.search(r'http://127\.0\.0\.1:(\d+)/', proc.stdout.readline())
    if not m:
        fail('serve printed no URL: ' + proc.stderr.read()[-500:])
    return proc, int(m.group(1))


def batch_body(thread, seq):
    name = 'b%d_%d' % (thread, seq)
    return name, json.dumps({'events': [
        {'id': '%s_%d' % (name, i), 'event': name, 'distinct_id': 'u%d' % (i % 7),
         'properties': {'i': i}} for i in range(BATCH)]})


def post(port, key, body):
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=30)
    try:
        conn.request('POST', '/api/v1/events', body=body,
                     headers={'Authorization': 'Bearer ' + key, 'Content-Type': 'application/json'})
        r = conn.getresponse()
        return r.status, r.read().decode()
    finally:
        conn.close()


def sender(port, key, thread, acked, sent, stop):
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=30)
    seq = 0
    while not stop.is_set():
        name, body = batch_body(thread, seq)
        sent.append((thread, seq))
        try:
            conn.request('POST', '/api/v1/events', body=body,
                         headers={'Authorization': 'Bearer ' + key, 'Content-Type': 'application/json'})
            r = conn.getresponse()
            text = r.read().decode()
        except (OSError, http.client.HTTPException):
            return  # the server died: this batch was not acknowledged
        if r.status == 200 and json.loads(text)['accepted'] == BATCH:
            acked.add(name)
        else:
            fail('unexpected answer %d %s' % (r.status, text[:200]))
        seq += 1


def stored_counts(port):
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=30)
    conn.request('GET', '/api/v1/stats?project=default')
    return json.loads(conn.getresponse().read())['per_event']


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--growloop', required=True)
    g = ap.parse_args().growloop
    with tempfile.TemporaryDirectory(prefix='growloop_kill_') as tmp:
        data = os.path.join(tmp, 'data')
        proc, port = start(g, data)
        key = re.search(r'write\s+(glw_\w+)', subprocess.run(
            [g, 'keys', '--data-dir', data], check=True, capture_output=True, text=True).stdout).group(1)
        acked, sent, stop = set(), [], threading.Event()
        threads = [threading.Thread(target=sender, args=(port, key, t, acked, sent, stop))
                   for t in range(THREADS)]
        for t in threads:
            t.start()
        deadline = time.time() + 20
        while len(acked) < 200 and time.time() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)  # mid-stream: requests are in flight
        proc.wait()
        stop.set()
        for t in threads:
            t.join()
        if len(acked) < 50:
            fail('only %d batches acknowledged before the kill' % len(acked))

        proc, port = start(g, data)
        try:
            counts = stored_counts(port)
            for name in acked:
                if counts.get(name) != BATCH:
                    fail('acknowledged batch %s has %s events after the restart, not %d'
                         % (name, counts.get(name), BATCH))
            for name, n in counts.items():
                if n != BATCH:
                    fail('batch %s is partly stored: %d of %d events' % (name, n, BATCH))
            before = sum(counts.values())
            # Every batch sent (acknowledged or not) is sent again, as retrying SDKs would.
            for thread, seq in sent:
                name, body = batch_body(thread, seq)
                status, text = post(port, key, body)
                answer = json.loads(text)
                if status != 200 or answer['accepted'] + answer['duplicates'] != BATCH:
                    fail('re-send of %s: %d %s' % (name, status, text[:200]))
                if name in counts and answer['duplicates'] != BATCH:
                    fail('re-send of stored batch %s stored %d events again' % (name, answer['accepted']))
            counts = stored_counts(port)
            if any(n != BATCH for n in counts.values()) or len(counts) != len(set(sent)):
                fail('after re-sending: %d batches, expected %d, all of %d events'
                     % (len(counts), len(set(sent)), BATCH))
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
    print('ok: %d acknowledged batches (of %d sent) present exactly once after kill -9; '
          'unacknowledged ones all or nothing; re-sends deduplicated (%d events stored before)'
          % (len(acked), len(sent), before))


if __name__ == '__main__':
    main()
