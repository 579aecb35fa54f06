#!/usr/bin/env python3
"""Capture benchmark: sustained HTTP ingestion into `growloop serve` over loopback.

    python3 bench/capture/run_capture_bench.py [--growloop build/release/growloop]
        [--load build/release/growloop_capture_load] [--seconds 20]
        [--connections 16,32] [--threads 2,4] [--format native]
        [--out build/bench/capture.json] [--md build/bench/capture.md]

For each (server threads, connections) pair: a fresh data directory, `growloop serve` on a free
port with `server.threads` set, and the C++ load generator (bench/capture/capture_load.cc), which
keeps one keep-alive connection per thread sending batches of 100 events with unique ids and
waiting for each answer (the server answers after the WAL fsync). Reported: acknowledged events
per second, acknowledgement latency percentiles, the CPU seconds of the server and of the load
generator (both share the machine's cores), and a check that the store holds exactly the
acknowledged events afterwards. Python standard library only; only 127.0.0.1 is contacted.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def proc_cpu_s(pid):
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    ticks = os.sysconf('SC_CLK_TCK')
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def run_one(args, threads, connections):
    with tempfile.TemporaryDirectory(prefix='growloop_capture_bench_') as tmp:
        data = os.path.join(tmp, 'data')
        conf = os.path.join(tmp, 'growloop.toml')
        with open(conf, 'w') as f:
            f.write('[server]\nthreads = %d\n' % threads)
        server = subprocess.Popen([args.growloop, 'serve', '--config', conf, '--data-dir', data,
                                   '--port', '0'], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
        try:
            m = re.search(r'http://127\.0\.0\.1:(\d+)/', server.stdout.readline())
            if not m:
                sys.exit('serve printed no URL: ' + server.stderr.read())
            keys = subprocess.run([args.growloop, 'keys', '--data-dir', data], check=True,
                                  capture_output=True, text=True).stdout
            key = re.search(r'write\s+(glw_\w+)', keys).group(1)
            cpu0 = proc_cpu_s(server.pid)
            load = subprocess.run([args.load, '--port', m.group(1), '--key', key, '--connections',
                                   str(connections), '--seconds', str(args.seconds), '--format',
                                   args.format], capture_output=True, text=True)
            server_cpu = proc_cpu_s(server.pid) - cpu0
            result = json.loads(load.stdout)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
        stats = json.loads(subprocess.run([args.growloop, 'stats', '--json', '--data-dir', data],
                                          check=True, capture_output=True, text=True).stdout)
    cores = os.cpu_count()
    result.update(threads=threads, server_cpu_s=round(server_cpu, 2),
                  server_cpu_share=round(server_cpu / (result['seconds'] * cores), 3),
                  client_cpu_share=round(result['client_cpu_s'] / (result['seconds'] * cores), 3),
                  stored_events=stats['events'],
                  exactly_the_acknowledged=stats['events'] == result['events'])
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--growloop', default=os.path.join(REPO, 'build', 'release', 'growloop'))
    ap.add_argument('--load', default=os.path.join(REPO, 'build', 'release', 'growloop_capture_load'))
    ap.add_argument('--seconds', type=float, default=20)
    ap.add_argument('--connections', default='32,64')
    ap.add_argument('--threads', default='4,16')
    ap.add_argument('--format', default='native', choices=['native', 'segment'])
    ap.add_argument('--out', default=os.path.join(REPO, 'build', 'bench', 'capture.json'))
    ap.add_argument('--md', default=os.path.join(REPO, 'build', 'bench', 'capture.md'))
    args = ap.parse_args()
    rows = []
    for threads in [int(x) for x in args.threads.split(',')]:
        for connections in [int(x) for x in args.connections.split(',')]:
            r = run_one(args, threads, connections)
            print('threads %d, connections %d: %s events/s, p99 %.1f ms' % (
                threads, connections, format(int(r['events_per_s']), ','), r['p99_ms']), file=sys.stderr)
            rows.append(r)
    md = ['## Capture benchmark — %s' % time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime()), '',
          'Loopback HTTP, `POST %s`, batches of %d events, %g s per row, %d cores shared by the '
          'server and the load generator.' % ('/v1/batch' if args.format == 'segment' else '/api/v1/events',
                                              rows[0]['batch'], args.seconds, os.cpu_count()), '',
          '| server threads | connections | events/s | p50 ms | p99 ms | p99.9 ms | max ms | server CPU | load generator CPU | stored = acknowledged |',
          '|---|---|---|---|---|---|---|---|---|---|']
    for r in rows:
        md.append('| %d | %d | %s | %.1f | %.1f | %.1f | %.1f | %.0f %% | %.0f %% | %s |' % (
            r['threads'], r['connections'], format(int(r['events_per_s']), ','), r['p50_ms'], r['p99_ms'],
            r['p999_ms'], r['max_ms'], 100 * r['server_cpu_share'], 100 * r['client_cpu_share'],
            'yes' if r['exactly_the_acknowledged'] else 'NO (%d stored, %d acknowledged)' % (r['stored_events'], r['events'])))
    md.append('')
    md.append('CPU shares are of all %d cores over the run.' % os.cpu_count())
    text = '\n'.join(md)
    print(text)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, 'w') as f:
        json.dump(rows, f, indent=1)
    with open(args.md, 'w') as f:
        f.write(text + '\n')


if __name__ == '__main__':
    main()
