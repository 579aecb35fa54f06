#!/usr/bin/env python3
"""Query benchmark: Growloop's query engine against ClickHouse, DuckDB, PostgreSQL and pandas,
in one run, on one event file, with the same five questions and the same answers required.

    python3 bench/query/run_query_bench.py --growloop build/release/growloop \
        --out build/bench/query.json --md build/bench/query.md
    python3 bench/query/run_query_bench.py --users 20000 --peers clickhouse,duckdb   # quick
    python3 bench/query/run_query_bench.py --scale --out build/bench/query-scale.json \
        --md build/bench/query-scale.md                                           # time vs size

Steps:
  1. the event file: --csv, else $ANCHOR_CSV, else the reference file /tmp/anchors_data/events.csv
     when it is there, else generated with gen_events.py (--users 1000000 --days 30 --seed 42
     --start 2026-01-01) under $GROWLOOP_BENCH_DATA (default /tmp/growloop-bench-query); --users
     always generates a file of that size. The file is read once (counts the events, warms the
     page cache);
  2. `growloop import` into a data directory beside it, then `growloop compact` (each day's
     segments merged into one, as after any bulk import), once (a marker file remembers which
     file was imported); both times are reported;
  3. `growloop serve` on a free loopback port; each question as `POST /api/v1/query/{kind}`:
     1 warm-up + --runs timed runs (wall time of the HTTP request), the server's peak RSS
     (VmHWM); the answer is converted to the peers' answer form. A 404 reports the question as
     "not available";
  4. the peer scripts of shared/bench/peers, one at a time, on the same file (--peers,
     --skip-peers); a peer that is missing or fails is reported as failed;
  5. JSON (--out) and a Markdown table (--md, and stdout): per question the medians, the
     fastest peer, Growloop ÷ fastest peer (target ≤ 0.5), whether the answers are equal.

Exit status: 0 when every Growloop answer that could be checked equals the peers'; 1 when an
answer differs or a question failed; 3 when the query endpoint is not available at all (404).
Python 3 standard library only; only 127.0.0.1 is contacted.
"""
import argparse
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import date, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get('GROWLOOP_SHARED', os.path.join(os.path.dirname(REPO), 'shared'))
PEERS_DIR = os.path.join(SHARED, 'bench', 'peers')
GENERATOR = os.path.join(SHARED, 'bench', 'gen_events.py')
SCRATCH = os.environ.get('GROWLOOP_BENCH_DATA', '/tmp/growloop-bench-query')
CACHE = os.environ.get('GROWLOOP_BENCH_CACHE', os.path.join(os.path.expanduser('~'), '.cache',
                                                            'growloop-bench'))
MIB = 1 << 20
GIB = 1 << 30

# The reference file of shared/bench/peers (--users 1000000 --days 30 --seed 42 --start 2026-01-01).
REFERENCE_CSV = '/tmp/anchors_data/events.csv'
REFERENCE_CSV_BYTES = 4151695262
FULL_USERS = 1000000
# --scale: generator persons for about 1M, 10M and 100M events over 30 days.
SCALE_USERS = {'1M': 34800, '10M': 348000, '100M': 3480000}
CSV_BYTES_PER_EVENT = 145          # gen_events.py CSV, for the disk-space check of --scale
STORE_BYTES_PER_EVENT = 40         # Growloop data directory (about 25 measured), with margin

PEERS = ('clickhouse', 'duckdb', 'postgres', 'pandas')
PEER_NAMES = dict(clickhouse='ClickHouse', duckdb='DuckDB', postgres='PostgreSQL', pandas='pandas')
# Queries of a peer that answer the same question another way; the fastest form counts.
PEER_VARIANTS = {'q2_funnel': ('q2_funnel', 'q2b_funnel_centiseconds'),
                 'q3_retention': ('q3_retention', 'q3b_retention_arrayjoin')}
TIME_TARGET_RATIO = 0.5            # Growloop ≤ half the fastest peer
RSS_TARGET_BYTES = 2 * GIB
EXIT_MISMATCH = 1
EXIT_NOT_AVAILABLE = 3


def log(msg):
    sys.stderr.write('[query-bench %s] %s\n' % (time.strftime('%H:%M:%S'), msg))
    sys.stderr.flush()


# ----------------------------------------------------------------------------- the questions

def questions(first_day, last_day):
    """The five questions of shared/bench/peers/README.md as Growloop query bodies."""
    rng = {'from': first_day, 'to': last_day}
    return [
        dict(key='q1_dau', title='Q1 DAU', kind='trends', body=dict(
            rng, interval='day',
            series=[{'event': '$all', 'math': 'unique_persons',
                     'filters': {'property': '$event', 'op': 'not_in',
                                 'value': ['push_received', 'ad_click', 'app_uninstall']}}])),
        dict(key='q2_funnel', title='Q2 funnel', kind='funnel', body=dict(
            rng, window_seconds=86400, order='ordered',
            steps=[{'event': e} for e in ('app_open', 'view_item', 'add_to_cart', 'purchase')])),
        dict(key='q3_retention', title='Q3 retention', kind='retention', body=dict(
            rng, start_event={'event': 'app_open'}, return_event={'event': 'app_open'},
            start='first_time', period='day', periods=14)),
        dict(key='q4_rfm', title='Q4 RFM', kind='rfm', body=dict(
            rng, as_of=last_day, purchase_event='purchase', amount_property='amount', limit=10)),
        dict(key='q5_big_purchases_by_channel', title='Q5 purchases>100 by channel', kind='trends',
             body=dict(rng, interval='all',
                       series=[{'event': 'purchase', 'math': 'total',
                                'filters': {'property': 'amount', 'op': 'gt', 'value': 100}}],
                       breakdown={'property': 'channel', 'limit': 100})),
    ]


def growloop_answer(key, doc):
    """A Growloop answer as the lines the peer scripts write for the same question."""
    if key == 'q1_dau':
        s = doc['series'][0]
        return ['%s\t%d' % (str(b)[:10], v) for b, v in zip(doc['buckets'], s['values']) if v]
    if key == 'q2_funnel':
        return ['\t'.join(str(int(step['persons'])) for step in doc['steps'])]
    if key == 'q3_retention':
        return ['%s\t%d\t%d' % (str(c['date'])[:10], n, v)
                for c in doc['cohorts'] for n, v in enumerate(c['values']) if v]
    if key == 'q4_rfm':
        return ['%d\t%d\t%d\t%.2f' % (doc['persons'], doc['sum_recency'], doc['sum_frequency'],
                                      doc['sum_monetary'])]
    if key == 'q5_big_purchases_by_channel':
        out = []
        for s in doc['series']:
            total = s.get('total')
            if total is None:
                total = sum(s['values'])
            value = s.get('breakdown_value')
            if total:
                out.append('%s\t%d' % ('' if value is None else value, total))
        return out
    raise KeyError(key)


def normalise(key, lines):
    """The comparison form of shared/bench/peers/compare_results.py."""
    out = []
    for line in lines:
        f = line.split('\t')
        if key.startswith('q3') and len(f) == 2:      # ClickHouse retention(): cohort + array
            out += ['%s\t%d\t%d' % (f[0], n, v) for n, v in enumerate(json.loads(f[1])) if v]
        elif key == 'q4_rfm':
            out.append('\t'.join('%.2f' % float(x) for x in f))
        else:
            out.append('\t'.join(x.strip() for x in f))
    return sorted(out)


def answer_diff(expected, got, n=6):
    """The first lines present in one answer and not in the other."""
    e, g = set(expected), set(got)
    return dict(missing=sorted(e - g)[:n], unexpected=sorted(g - e)[:n],
                expected_lines=len(expected), growloop_lines=len(got))


# ----------------------------------------------------------------------------- machine

def loadavg():
    with open('/proc/loadavg') as f:
        return [float(x) for x in f.read().split()[:3]]


def meminfo_kb(field):
    with open('/proc/meminfo') as f:
        for line in f:
            if line.startswith(field + ':'):
                return int(line.split()[1])
    return None


def proc_status_kb(pid, field):
    try:
        with open('/proc/%d/status' % pid) as f:
            for line in f:
                if line.startswith(field + ':'):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def tree_bytes(path):
    """Allocated bytes of the files under path (like du)."""
    total = 0
    for root, _, files in os.walk(path):
        for fn in files:
            try:
                total += os.lstat(os.path.join(root, fn)).st_blocks * 512
            except OSError:
                pass
    return total


class LoadSampler:
    """The 1-minute load average every `period` s, so each phase can say what else ran."""

    def __init__(self, period=2.0):
        self.samples = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(period,), daemon=True)

    def _run(self, period):
        while not self._stop.is_set():
            self.samples.append((time.time(), loadavg()[0]))
            self._stop.wait(period)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def summary(self, t0, t1):
        xs = [v for t, v in self.samples if t0 <= t <= t1] or [loadavg()[0]]
        return dict(min=min(xs), max=max(xs), mean=round(statistics.mean(xs), 2))


def machine_info():
    return dict(nproc=os.cpu_count(), mem_gib=round((meminfo_kb('MemTotal') or 0) / MIB, 1),
                uname=' '.join(os.uname()))


def run_measured(cmd, log_path=None, env=None, cwd=None, timeout=None):
    """Runs cmd (own process group) with its output in log_path; wall time, exit code, peak RSS."""
    fd, tfile = tempfile.mkstemp(prefix='query_bench_time_')
    os.close(fd)
    gnu_time = os.path.exists('/usr/bin/time')
    full = (['/usr/bin/time', '-v', '-o', tfile] + cmd) if gnu_time else cmd
    out = open(log_path, 'ab') if log_path else subprocess.DEVNULL
    t0 = time.monotonic()
    p = subprocess.Popen(full, stdout=out, stderr=subprocess.STDOUT if log_path else subprocess.DEVNULL,
                         env=env, cwd=cwd, start_new_session=True)
    try:
        rc = p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        rc = 'timeout'
    except BaseException:          # Ctrl-C: end the command's whole group (servers it started)
        os.killpg(p.pid, signal.SIGTERM)
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
        raise
    wall = time.monotonic() - t0
    if log_path:
        out.close()
    res = dict(wall_s=wall, rc=rc, max_rss_kb=None)
    if gnu_time:
        with open(tfile) as f:
            tv = f.read()
        m = re.search(r'Maximum resident set size \(kbytes\): (\d+)', tv)
        res['max_rss_kb'] = int(m.group(1)) if m else None
        m = re.search(r'Command terminated by signal (\d+)', tv)
        if m and rc != 'timeout':
            res['rc'] = -int(m.group(1))
    os.unlink(tfile)
    return res


def tail_file(path, n=1500):
    try:
        with open(path, 'rb') as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - n))
            return f.read().decode('utf-8', 'replace')
    except OSError:
        return ''


def port_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(('127.0.0.1', port))
            return True
        except OSError:
            return False


# ----------------------------------------------------------------------------- the event file

def dataset_dir(users, days, seed, start):
    return os.path.join(SCRATCH, 'u%d-d%d-s%d-%s' % (users, days, seed, start))


def generate_csv(path, users, days, seed, start):
    """Writes gen_events.py's CSV to path (through a .partial file, so a crash leaves none)."""
    if not os.path.exists(GENERATOR):
        sys.exit('the generator %s is missing (set GROWLOOP_SHARED to the shared directory)' % GENERATOR)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + '.partial'
    cmd = [sys.executable, GENERATOR, '--users', str(users), '--days', str(days), '--seed', str(seed),
           '--start', start, '--format', 'csv', '--out', tmp, '--quiet']
    log('generating %s: %s' % (path, ' '.join(cmd)))
    la0 = loadavg()
    r = run_measured(cmd, log_path=path + '.gen.log')
    if r['rc'] != 0:
        sys.exit('the generator failed (%s): %s' % (r['rc'], tail_file(path + '.gen.log')))
    os.replace(tmp, path)
    return dict(generate_s=round(r['wall_s'], 1), generator_cmd=cmd,
                generator_peak_rss_mb=round((r['max_rss_kb'] or 0) / 1024),
                loadavg_before=la0, loadavg_after=loadavg())


def read_csv_once(path):
    """Counts the events in one sequential read (which also warms the page cache)."""
    t0 = time.monotonic()
    lines = 0
    last = b''
    with open(path, 'rb', buffering=0) as f:
        header = f.readline()
        while True:
            b = f.read(16 * MIB)
            if not b:
                break
            lines += b.count(b'\n')
            last = b[-1:]
    if last not in (b'\n', b''):
        sys.exit('%s does not end with a newline: truncated or still being written?' % path)
    if header.decode('utf-8', 'replace').split(',')[:2] != ['event_id', 'ts']:
        sys.exit('%s does not look like gen_events.py CSV (header %r)' % (path, header[:80]))
    return dict(events=lines, read_s=round(time.monotonic() - t0, 2))


def resolve_dataset(args, users=None):
    """The event file and the work directory that belongs to it (generated when needed)."""
    explicit_users = users if users is not None else args.users
    info = dict(generated=False)
    csv = None
    if explicit_users is None:
        for cand, why in ((args.csv, '--csv'), (os.environ.get('ANCHOR_CSV'), '$ANCHOR_CSV')):
            if cand:
                if not os.path.isfile(cand):
                    sys.exit('%s %s does not exist' % (why, cand))
                csv, info['source'] = cand, why
                break
        if csv is None and os.path.isfile(REFERENCE_CSV) and \
                os.path.getsize(REFERENCE_CSV) == REFERENCE_CSV_BYTES:
            csv, info['source'] = REFERENCE_CSV, 'the reference file'
    if csv is not None:
        real = os.path.realpath(csv)
        work = os.path.join(SCRATCH, 'csv-' + hashlib.sha1(real.encode()).hexdigest()[:10])
    else:
        n = explicit_users or FULL_USERS
        work = dataset_dir(n, args.days, args.seed, args.start)
        csv = os.path.join(work, 'events.csv')
        info['source'] = 'gen_events.py --users %d --days %d --seed %d --start %s' % (
            n, args.days, args.seed, args.start)
        if not os.path.exists(csv):
            info['generated'] = True
            info.update(generate_csv(csv, n, args.days, args.seed, args.start))
    os.makedirs(work, exist_ok=True)
    os.chmod(work, 0o755)          # the PostgreSQL peer runs as the postgres user below it
    st = os.stat(csv)
    info.update(path=os.path.abspath(csv), bytes=st.st_size, mtime=int(st.st_mtime), work_dir=work,
                reference_file=st.st_size == REFERENCE_CSV_BYTES)
    info.update(read_csv_once(csv))
    log('event file %s: %d events, %.2f GB (read in %.1f s); work dir %s'
        % (csv, info['events'], st.st_size / 1e9, info['read_s'], work))
    return info


# ----------------------------------------------------------------------------- Growloop

def compact(args, data_dir, res):
    """`growloop compact`: each day's segments merged into one; its time goes into res."""
    cmd = [args.growloop, 'compact', '--data-dir', data_dir]
    log('Growloop: ' + ' '.join(cmd))
    out_log = os.path.join(os.path.dirname(data_dir), 'growloop-compact.log')
    r = run_measured(cmd, log_path=out_log, timeout=args.timeout)
    if r['rc'] != 0:
        res['error'] = 'growloop compact exited %s: %s' % (r['rc'], tail_file(out_log, 1500))
        return
    res['compact_s'] = round(r['wall_s'], 2)
    res['compact_peak_rss_mb'] = round((r['max_rss_kb'] or 0) / 1024)
    log('Growloop: compacted in %.1f s' % res['compact_s'])


def import_once(args, data, data_dir):
    """`growloop import` of the event file into data_dir, unless the marker says it is there."""
    marker = os.path.join(data_dir, '.bench-import.json')
    # The file, and the binary that imported it (a rebuild of the same binary reuses the import).
    key = dict(csv=os.path.realpath(data['path']), bytes=data['bytes'], mtime=data['mtime'],
               growloop=os.path.realpath(args.growloop))
    if os.path.exists(marker) and not args.reimport:
        with open(marker) as f:
            done = json.load(f)
        if done.get('key') == key:
            log('Growloop: %s already imported into %s (--reimport to redo)' % (data['path'], data_dir))
            res = done['import']
            fresh = res.get('compact_s') is None
            if fresh:
                compact(args, data_dir, res)
                with open(marker, 'w') as f:
                    json.dump(dict(key=key, **{'import': res}), f, indent=1)
            return dict(res, reused=True, compact_reused=not fresh)
    shutil.rmtree(data_dir, ignore_errors=True)
    os.makedirs(data_dir)
    cmd = [args.growloop, 'import', '--data-dir', data_dir, '--no-progress', '--json', data['path']]
    log('Growloop: ' + ' '.join(cmd))
    out_log = os.path.join(os.path.dirname(data_dir), 'growloop-import.log')
    if os.path.exists(out_log):
        os.unlink(out_log)
    la0 = loadavg()
    r = run_measured(cmd, log_path=out_log, timeout=args.timeout)
    res = dict(cmd=cmd, import_s=round(r['wall_s'], 2), rc=r['rc'], loadavg_before=la0,
               loadavg_after=loadavg(), peak_rss_mb=round((r['max_rss_kb'] or 0) / 1024))
    text = tail_file(out_log, 1 << 20)
    try:
        summary = json.loads(text[text.index('{'):text.rindex('}') + 1])
        res.update(accepted=summary.get('accepted'), rejected=summary.get('rejected'),
                   duplicates=summary.get('duplicates'))
    except ValueError:
        pass
    if r['rc'] not in (0, 3):
        res['error'] = 'growloop import exited %s: %s' % (r['rc'], text[-1500:])
        return res
    if res.get('rejected'):
        res['warning'] = '%d rows rejected: the answers cannot match the peers' % res['rejected']
    compact(args, data_dir, res)
    if res.get('error'):
        return res
    res['data_dir_bytes'] = tree_bytes(data_dir)
    with open(marker, 'w') as f:
        json.dump(dict(key=key, **{'import': res}), f, indent=1)
    log('Growloop: imported %s events in %.1f s' % (res.get('accepted'), res['import_s']))
    return res


class GrowloopServer:
    """`growloop serve --port 0` on a data directory; the URL is read from its first line."""

    def __init__(self, growloop, data_dir, log_path, config=None, startup_timeout=600):
        self.log_path = log_path
        cmd = [growloop, 'serve', '--data-dir', data_dir, '--port', '0']
        if config:
            cmd[1:1] = ['--config', config]
        self.cmd = cmd
        self._log = open(log_path, 'wb')
        t0 = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        self.base = None
        try:
            while self.base is None:
                m = re.search(r'http://127\.0\.0\.1:(\d+)/', tail_file(log_path, 4096))
                if m:
                    self.base = 'http://127.0.0.1:' + m.group(1)
                    break
                self._check_alive(t0, startup_timeout, 'print its URL')
                time.sleep(0.1)
            while True:
                try:
                    with urllib.request.urlopen(self.base + '/healthz', timeout=5) as r:
                        if r.status == 200:
                            break
                except (urllib.error.URLError, OSError):
                    pass
                self._check_alive(t0, startup_timeout, 'answer /healthz')
                time.sleep(0.1)
        except RuntimeError:
            self.stop()
            raise
        self.startup_s = time.monotonic() - t0

    def _check_alive(self, t0, timeout, what):
        if self.proc.poll() is not None:
            raise RuntimeError('growloop serve exited %s before it could %s: %s'
                               % (self.proc.returncode, what, tail_file(self.log_path)))
        if time.monotonic() - t0 > timeout:
            raise RuntimeError('growloop serve did not %s within %d s' % (what, timeout))

    def alive(self):
        return self.proc.poll() is None

    def vm_kb(self, field):
        return proc_status_kb(self.proc.pid, field)

    def query(self, kind, body, project, timeout):
        """(HTTP status, parsed JSON answer or text, wall seconds)."""
        url = '%s/api/v1/query/%s?project=%s' % (self.base, kind, project)
        req = urllib.request.Request(url, data=json.dumps(body).encode(), method='POST',
                                     # Every run computes its answer: no answer from the
                                     # engine's cache of repeated questions.
                                     headers={'Content-Type': 'application/json',
                                              'Cache-Control': 'no-cache'})
        t0 = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                status, raw = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, raw = e.code, e.read()
        except (urllib.error.URLError, OSError) as e:
            return None, '%s: %s' % (type(e).__name__, e), time.perf_counter() - t0
        wall = time.perf_counter() - t0
        try:
            return status, json.loads(raw), wall
        except ValueError:
            return status, raw.decode('utf-8', 'replace')[:2000], wall

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


def error_text(answer):
    if isinstance(answer, dict) and isinstance(answer.get('error'), dict):
        e = answer['error']
        return '%s: %s%s' % (e.get('code'), e.get('message'),
                             ' (field %s)' % e['field'] if e.get('field') else '')
    return str(answer)[:500]


def run_question(server, q, args):
    """1 warm-up + args.runs timed runs of one question; the answer in the peers' form."""
    res = dict(kind=q['kind'], body=q['body'], runs_s=[], server_elapsed_ms=[])
    body = dict(q['body'], timeout_ms=args.query_timeout * 1000)
    answer = None
    for i in range(1 + args.runs):
        status, answer, wall = server.query(q['kind'], body, args.project, args.query_timeout + 30)
        if status == 404:
            res.update(status='not available', http_status=404, error=error_text(answer))
            return res
        if status != 200:
            res.update(status='error', http_status=status, error=error_text(answer),
                       server_alive=server.alive())
            return res
        if i == 0:
            res['warmup_s'] = round(wall, 4)
        else:
            res['runs_s'].append(round(wall, 4))
            elapsed = ((answer.get('stats') or {}).get('elapsed_ms')
                       if isinstance(answer, dict) else None)
            if elapsed is not None:
                res['server_elapsed_ms'].append(elapsed)
    res['status'] = 'ok'
    res['median_s'] = round(statistics.median(res['runs_s']), 4)
    res['vm_hwm_mb_after'] = round((server.vm_kb('VmHWM') or 0) / 1024)
    res['stats'] = answer.get('stats') if isinstance(answer, dict) else None
    try:
        res['answer'] = normalise(q['key'], growloop_answer(q['key'], answer))
    except (KeyError, TypeError, ValueError, IndexError) as e:
        res['answer_error'] = 'could not read the answer (%s: %s)' % (type(e).__name__, e)
        res['raw_answer'] = json.dumps(answer)[:4000]
    return res


def bench_growloop(args, data, qs):
    """Import (once), serve, run the questions; returns the Growloop part of the report."""
    res = dict(binary=args.growloop, questions={})
    if not (os.path.isfile(args.growloop) and os.access(args.growloop, os.X_OK)):
        res['error'] = 'Growloop binary %s not found (build it, or pass --growloop PATH)' % args.growloop
        return res
    st = os.stat(args.growloop)
    res['binary_mtime'] = time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(st.st_mtime))
    data_dir = os.path.join(data['work_dir'], 'growloop-data')
    res['data_dir'] = data_dir
    res['import'] = imp = import_once(args, data, data_dir)
    if imp.get('error'):
        res['error'] = imp['error']
        return res
    log_path = os.path.join(data['work_dir'], 'growloop-serve.log')
    try:
        server = GrowloopServer(args.growloop, data_dir, log_path, config=args.growloop_config,
                                startup_timeout=args.timeout)
    except RuntimeError as e:
        res['error'] = str(e)
        return res
    try:
        res['server'] = dict(cmd=server.cmd, url=server.base, startup_s=round(server.startup_s, 2),
                             rss_mb_at_start=round((server.vm_kb('VmRSS') or 0) / 1024))
        log('Growloop: serving on %s (started in %.1f s)' % (server.base, server.startup_s))
        for q in qs:
            if not server.alive():
                res['questions'][q['key']] = dict(status='error', error='the server is not running')
                continue
            r = run_question(server, q, args)
            res['questions'][q['key']] = r
            if r['status'] == 'ok':
                log('Growloop %s: median %.3f s %s' % (q['key'], r['median_s'], r['runs_s']))
            else:
                log('Growloop %s: %s: %s' % (q['key'], r['status'], r.get('error')))
        hwm = server.vm_kb('VmHWM')          # None once the process is gone
        res['server']['peak_rss_mb'] = round(hwm / 1024) if hwm is not None else None
        res['server']['alive_at_end'] = server.alive()
    finally:
        server.stop()
    if not res['server']['alive_at_end']:
        res['server']['log_tail'] = tail_file(log_path)
    return res


# ----------------------------------------------------------------------------- peers

def duckdb_script():
    """The DuckDB peer script, copied beside the npm cache so its `import` finds the package."""
    cache = os.path.join(CACHE, 'duckdb')
    if not os.path.isdir(os.path.join(cache, 'node_modules', '@duckdb', 'node-api')):
        return None, 'the npm package @duckdb/node-api is not in %s (run bench/query/setup_peers.sh)' % cache
    dst = os.path.join(cache, 'bench_duckdb.mjs')
    shutil.copyfile(os.path.join(PEERS_DIR, 'duckdb', 'bench_duckdb.mjs'), dst)
    return dst, None


def peer_command(name):
    """(command, cwd, reason it cannot run or None)."""
    if name == 'clickhouse':
        if not shutil.which('clickhouse-client') or not (
                shutil.which('clickhouse-server') or os.path.exists('/usr/sbin/clickhouse-server')):
            return None, None, 'clickhouse-server/-client are not installed (run bench/query/setup_peers.sh)'
        if not os.path.exists('/etc/clickhouse-server/config.xml'):
            return None, None, '/etc/clickhouse-server/config.xml is missing'
        for port in (19000, 18123, 19009):
            if not port_free(port):
                return None, None, 'port %d (fixed in the peer script) is in use' % port
        return [sys.executable, os.path.join(PEERS_DIR, 'clickhouse', 'bench_clickhouse.py')], None, None
    if name == 'postgres':
        if not os.path.exists('/usr/lib/postgresql/15/bin/pg_ctl'):
            return None, None, 'postgresql-15 is not installed (run bench/query/setup_peers.sh)'
        if not port_free(15432):
            return None, None, 'port 15432 (fixed in the peer script) is in use'
        return [sys.executable, os.path.join(PEERS_DIR, 'postgres', 'bench_postgres.py')], None, None
    if name == 'pandas':
        if subprocess.run(['/usr/bin/python3', '-c', 'import pandas, numpy'],
                          capture_output=True).returncode != 0:
            return None, None, '/usr/bin/python3 has no pandas (apt-get install python3-pandas)'
        return ['/usr/bin/python3', os.path.join(PEERS_DIR, 'pandas', 'bench_pandas.py')], None, None
    if name == 'duckdb':
        if not shutil.which('node'):
            return None, None, 'node is not installed'
        script, why = duckdb_script()
        if why:
            return None, None, why
        return ['node', script], os.path.dirname(script), None
    raise ValueError(name)


def peer_precheck(name, data):
    """Reasons a peer cannot run on this file, other than its installation."""
    if name == 'postgres':
        # The server reads the file itself (COPY ... FROM 'path'), as the postgres user.
        r = subprocess.run(['runuser', '-u', 'postgres', '--', 'test', '-r', data['path']],
                           capture_output=True)
        if r.returncode != 0:
            return 'the postgres user cannot read %s (COPY runs in the server)' % data['path']
    if name == 'pandas':
        need = 3 * data['bytes']              # 11.6 GiB peak for the 4.15 GB file
        avail = (meminfo_kb('MemAvailable') or 0) * 1024
        if avail < need:
            return 'needs about %.1f GiB of memory, %.1f GiB available' % (need / GIB, avail / GIB)
    return None


def stop_postgres(pgdata):
    """Stops a PostgreSQL the peer script left running (after a timeout or a crash)."""
    if os.path.exists(os.path.join(pgdata, 'postmaster.pid')):
        subprocess.run(['runuser', '-u', 'postgres', '--', '/usr/lib/postgresql/15/bin/pg_ctl',
                        '-D', pgdata, '-m', 'fast', '-w', 'stop'], capture_output=True)


def peer_result(name, doc):
    """Per question: median (fastest form), runs, normalised answer; and the peer's figures."""
    res = dict(status='ok', version=doc.get('version'), rows=doc.get('rows'),
               load_s=(doc.get('load') or {}).get('total_s'), bytes_on_disk=doc.get('bytes_on_disk'),
               peak_rss_mb=doc.get('peak_rss_mb') or doc.get('server_peak_rss_mb'), questions={})
    queries = doc.get('queries') or {}
    for key in ('q1_dau', 'q2_funnel', 'q3_retention', 'q4_rfm', 'q5_big_purchases_by_channel'):
        forms = [v for v in PEER_VARIANTS.get(key, (key,)) if v in queries]
        if not forms:
            res['questions'][key] = dict(status='missing')
            continue
        best = min(forms, key=lambda v: queries[v]['median_s'])
        answers = {v: normalise(key, queries[v]['result']) for v in forms}
        r = dict(status='ok', median_s=queries[best]['median_s'], runs_s=queries[best]['runs_s'],
                 form=best, answer=answers[forms[0]])
        if any(a != answers[forms[0]] for a in answers.values()):
            r['forms_disagree'] = sorted(answers)
        res['questions'][key] = r
    return res


def run_peer(name, args, data):
    """Runs one peer script on the event file; its JSON read back."""
    cmd, cwd, why = peer_command(name)
    why = why or peer_precheck(name, data)
    if why:
        log('peer %s: not run: %s' % (name, why))
        return dict(status='failed', error=why)
    peer_data = os.path.join(data['work_dir'], 'peers')
    out_dir = os.path.join(peer_data, 'results')
    os.makedirs(out_dir, exist_ok=True)
    os.chmod(peer_data, 0o755)
    out_json = os.path.join(out_dir, name + '.json')
    if os.path.exists(out_json):
        os.unlink(out_json)
    env = dict(os.environ, ANCHOR_DATA=peer_data, ANCHOR_CSV=data['path'], ANCHOR_RUNS=str(args.runs),
               PEERS_OUT=out_dir, ANCHOR_START=args.start, ANCHOR_LAST_DAY=args.last_day,
               PATH=os.environ.get('PATH', '/usr/bin:/bin') + ':/usr/sbin:/sbin')
    log_path = os.path.join(peer_data, name + '.log')
    if os.path.exists(log_path):
        os.unlink(log_path)
    log('peer %s: %s (log %s)' % (name, ' '.join(cmd), log_path))
    la0 = loadavg()
    try:
        r = run_measured(cmd, log_path=log_path, env=env, cwd=cwd, timeout=args.peer_timeout)
    finally:
        if name == 'postgres':        # pg_ctl detaches the server from the script's group
            stop_postgres(os.path.join(peer_data, 'pg', 'data'))
    res = dict(cmd=cmd, wall_s=round(r['wall_s'], 1), rc=r['rc'], loadavg_before=la0,
               loadavg_after=loadavg(), log=log_path)
    if r['rc'] != 0 or not os.path.exists(out_json):
        how = ('timed out after %d s' % args.peer_timeout if r['rc'] == 'timeout'
               else 'exited %s' % r['rc'])
        res.update(status='failed', error='%s: %s' % (how, tail_file(log_path, 1200)))
        log('peer %s: FAILED (%s)' % (name, r['rc']))
    else:
        with open(out_json) as f:
            res.update(peer_result(name, json.load(f)))
        res['json'] = out_json
        log('peer %s: done in %.0f s: %s' % (name, r['wall_s'], ', '.join(
            '%s %.3f' % (k, v['median_s']) for k, v in res['questions'].items() if v.get('median_s') is not None)))
    if not args.keep_peer_data:
        for sub in ('ch', 'pg', 'duck'):
            shutil.rmtree(os.path.join(peer_data, sub), ignore_errors=True)
    return res


def reference_peers():
    """The answers kept in shared/bench/peers/reference-results (for the reference file only)."""
    out = {}
    d = os.path.join(PEERS_DIR, 'reference-results')
    for name in PEERS:
        p = os.path.join(d, name + '.json')
        if os.path.exists(p):
            with open(p) as f:
                out[name] = peer_result(name, json.load(f))
    return out


def consensus(peer_results, key):
    """The answer most peers gave (and whether they all gave it)."""
    answers = {}
    for name, r in peer_results.items():
        q = (r.get('questions') or {}).get(key) or {}
        if q.get('status') == 'ok':
            answers[name] = q['answer']
    if not answers:
        return None
    counts = {}
    for a in answers.values():
        counts[json.dumps(a)] = counts.get(json.dumps(a), 0) + 1
    best = max(counts, key=counts.get)
    return dict(answer=json.loads(best), peers=sorted(answers),
                agreeing=sorted(n for n, a in answers.items() if json.dumps(a) == best),
                all_agree=len(counts) == 1)


# ----------------------------------------------------------------------------- comparison

def compare(report, qs):
    """Per question: medians, fastest peer, ratio, target, answers equal; the overall verdict."""
    g = report.get('growloop') or {}
    peers = report.get('peers') or {}
    expected_from = 'this run'
    if not any(p.get('status') == 'ok' for p in peers.values()) and report['data'].get('reference_file'):
        peers_for_answers = reference_peers()
        expected_from = 'reference-results (the peers\' earlier run on the same file)'
    else:
        peers_for_answers = peers
    rows = []
    for q in qs:
        key = q['key']
        gq = (g.get('questions') or {}).get(key) or {}
        row = dict(key=key, title=q['title'], growloop_s=gq.get('median_s'),
                   growloop_status=gq.get('status') or ('skipped' if g.get('skipped') else
                                                        'error' if g.get('error') else 'not run'),
                   peers={})
        for name in PEERS:
            pr = peers.get(name)
            if pr is None:
                row['peers'][name] = dict(status='not run')
            elif pr.get('status') != 'ok':
                row['peers'][name] = dict(status='failed')
            else:
                pq = pr['questions'].get(key) or {}
                row['peers'][name] = dict(status=pq.get('status'), median_s=pq.get('median_s'),
                                          form=pq.get('form'))
        timed = [(v['median_s'], n) for n, v in row['peers'].items() if v.get('median_s') is not None]
        if timed:
            best_s, best = min(timed)
            row.update(fastest_peer=best, fastest_s=best_s, target_s=round(best_s * TIME_TARGET_RATIO, 4))
            if row['growloop_s'] is not None and best_s > 0:
                row['ratio'] = round(row['growloop_s'] / best_s, 3)
                row['time_pass'] = row['ratio'] <= TIME_TARGET_RATIO
        exp = consensus(peers_for_answers, key)
        if exp:
            row['expected_from'] = expected_from
            row['peers_agree'] = exp['all_agree']
            row['agreeing_peers'] = exp['agreeing']
        if gq.get('answer_error'):
            row['answer_equal'] = False
            row['answer_note'] = gq['answer_error']
        elif 'answer' in gq and exp:
            row['answer_equal'] = gq['answer'] == exp['answer']
            if not row['answer_equal']:
                row['answer_diff'] = answer_diff(exp['answer'], gq['answer'])
        elif 'answer' in gq:
            row['answer_note'] = 'no peer answer to compare with'
        rows.append(row)
    report['comparison'] = rows
    rss = (g.get('server') or {}).get('peak_rss_mb')
    if rss is not None:
        report['rss'] = dict(peak_rss_mb=rss, target_mb=RSS_TARGET_BYTES // MIB,
                             rss_pass=rss * MIB <= RSS_TARGET_BYTES)
    statuses = [r['growloop_status'] for r in rows]
    if any(r.get('answer_equal') is False for r in rows) or 'error' in statuses or g.get('error'):
        verdict, code = 'MISMATCH OR ERROR', EXIT_MISMATCH
    elif statuses and all(s == 'not available' for s in statuses):
        verdict, code = 'QUERY ENGINE NOT AVAILABLE', EXIT_NOT_AVAILABLE
    else:
        verdict, code = 'ANSWERS EQUAL' if all(r.get('answer_equal') for r in rows) else \
            'NO ANSWER DIFFERS (some unchecked)', 0
    report['verdict'] = verdict
    return code


# ----------------------------------------------------------------------------- Markdown

def fmt_s(v):
    if v is None:
        return '-'
    return '%.3f' % v if v < 10 else '%.1f' % v


def peer_cell(p):
    if p.get('median_s') is not None:
        return fmt_s(p['median_s'])
    return p.get('status') or '-'


def growloop_cell(row):
    if row['growloop_s'] is not None:
        return '**%s**' % fmt_s(row['growloop_s'])
    return row['growloop_status']


def yes_no(v, none='-'):
    return none if v is None else ('yes' if v else '**NO**')


def header_lines(report, title):
    m = report['machine']
    out = ['# %s' % title, '',
           '* date: %s – %s' % (report['started'], report.get('finished', '')),
           '* command: `%s`' % report['command'],
           '* machine: %d cores (nproc), %.1f GiB RAM, load average %s at start, %s at end'
           % (m['nproc'], m['mem_gib'], ' / '.join('%.2f' % x for x in report['loadavg_start']),
              ' / '.join('%.2f' % x for x in report.get('loadavg_end', []))),
           ]
    return out


def markdown(report):
    out = header_lines(report, 'Query benchmark: Growloop and its peers, same run, same file')
    d = report['data']
    out.append('* data: `%s` (%s), %s events, %.2f GB%s' % (
        d['path'], d['source'], format(d['events'], ','), d['bytes'] / 1e9,
        ', the reference file of shared/bench/peers' if d.get('reference_file') else ''))
    g = report.get('growloop') or {}
    imp = g.get('import') or {}
    srv = g.get('server') or {}
    if imp.get('import_s') is not None:
        out.append('* Growloop import: %.1f s%s, %s events accepted, %s rejected, then `growloop compact` '
                   '%s s%s (peak RSS %s MiB); data dir %.2f GB'
                   % (imp['import_s'], ' (earlier run, reused)' if imp.get('reused') else '',
                      imp.get('accepted'), imp.get('rejected'), imp.get('compact_s', '-'),
                      ' (earlier run)' if imp.get('compact_reused') else '',
                      imp.get('compact_peak_rss_mb', '-'), (imp.get('data_dir_bytes') or 0) / 1e9))
    if srv:
        out.append('* Growloop server: started in %.1f s; %d warm-up + %d timed runs per question '
                   '(wall time of the HTTP request, median)' % (srv['startup_s'], 1, report['args']['runs']))
    if imp.get('warning'):
        out.append('* **Growloop import: %s**' % imp['warning'])
    if g.get('error'):
        out.append('* **Growloop: %s**' % g['error'].replace('\n', ' ')[:600])
    out.append('')
    names = list(PEERS)
    out.append('| question | Growloop s | %s | fastest peer | Growloop ÷ fastest | target s (½ fastest) '
               '| time target | answer equal |' % ' | '.join(PEER_NAMES[n] + ' s' for n in names))
    out.append('|---|---|%s---|---|---|---|---|' % ('---|' * len(names)))
    for row in report['comparison']:
        out.append('| %s | %s | %s | %s | %s | %s | %s | %s |' % (
            row['title'], growloop_cell(row), ' | '.join(peer_cell(row['peers'][n]) for n in names),
            PEER_NAMES.get(row.get('fastest_peer'), '-'),
            '%.2f' % row['ratio'] if row.get('ratio') is not None else '-',
            fmt_s(row.get('target_s')),
            {True: 'pass', False: '**FAIL**', None: '-'}[row.get('time_pass')],
            yes_no(row.get('answer_equal'))))
    server_ms = []
    for row in report['comparison']:
        ms = ((g.get('questions') or {}).get(row['key']) or {}).get('server_elapsed_ms')
        if ms:
            server_ms.append('%s %.1f' % (row['title'].split()[0], statistics.median(ms)))
    if server_ms:
        out.append('')
        out.append('Growloop\'s own `stats.elapsed_ms` (median, ms): ' + ', '.join(server_ms))
    rss = report.get('rss')
    if rss:
        out.append('')
        out.append('Growloop server peak RSS (VmHWM over startup and every query): **%d MiB** '
                   '(target ≤ %d MiB): %s' % (rss['peak_rss_mb'], rss['target_mb'],
                                              'pass' if rss['rss_pass'] else '**FAIL**'))
    out.append('')
    out.append('Verdict: **%s**' % report['verdict'])
    out.append('')
    notes = []
    for row in report['comparison']:
        if row.get('answer_equal') is False:
            notes.append('**%s: Growloop\'s answer differs from the peers\'** (%s): %s' % (
                row['title'], row.get('answer_note') or 'expected from %s' % row.get('expected_from'),
                json.dumps(row.get('answer_diff'), ensure_ascii=False)))
        if row.get('peers_agree') is False:
            notes.append('%s: the peers disagree; the answer of %s was taken' % (
                row['title'], ', '.join(row['agreeing_peers'])))
        if row.get('answer_note') and row.get('answer_equal') is not False:
            notes.append('%s: %s' % (row['title'], row['answer_note']))
        if row.get('expected_from', 'this run') != 'this run':
            notes.append('%s: answer checked against %s' % (row['title'], row['expected_from']))
        gq = (g.get('questions') or {}).get(row['key']) or {}
        if gq.get('status') not in (None, 'ok'):
            notes.append('%s: Growloop %s (HTTP %s): %s' % (row['title'], gq['status'],
                                                           gq.get('http_status'), gq.get('error')))
        forms = [PEER_NAMES[n] + ' ' + p['form'] for n, p in row['peers'].items()
                 if p.get('form') and p['form'] != row['key']]
        if forms:
            notes.append('%s: fastest form used for %s' % (row['title'], ', '.join(forms)))
    for name, p in (report.get('peers') or {}).items():
        if p.get('status') == 'ok':
            version = p.get('version') or ''
            notes.append('%s: load %s s, %s rows, %.2f GB on disk%s, script wall %.0f s, load '
                         'average %.2f → %.2f' % (
                             version if version.lower().startswith(name) else PEER_NAMES[name] + ' ' + version,
                             p.get('load_s'), p.get('rows'),
                             (p.get('bytes_on_disk') or 0) / 1e9,
                             ', peak RSS %s MiB' % p['peak_rss_mb'] if p.get('peak_rss_mb') else '',
                             p['wall_s'], p['loadavg_before'][0], p['loadavg_after'][0]))
            for key, pq in p['questions'].items():
                if pq.get('forms_disagree'):
                    notes.append('%s %s: its query forms %s give different answers'
                                 % (PEER_NAMES[name], key, pq['forms_disagree']))
        else:
            notes.append('%s: **failed**: %s' % (PEER_NAMES[name], (p.get('error') or '').replace('\n', ' ')[:400]))
    if notes:
        out.append('Notes:')
        out.extend('* ' + n for n in notes)
        out.append('')
    out.append('Times are medians in seconds. Growloop: wall time of `POST /api/v1/query/{kind}` '
               'from a loopback client, after one warm-up request. Peers: the shared/bench/peers '
               'scripts (%d runs each, no separate warm-up; their own timers: clickhouse-client '
               '`--time`, psql `\\timing`, in-process timers for DuckDB and pandas). The peers ran '
               'after Growloop\'s server had stopped, one at a time, on the same file.' % report['args']['runs'])
    return '\n'.join(out)


def import_cell(imp):
    earlier = ' (earlier run)'
    return (fmt_s(imp.get('import_s')) + (earlier if imp.get('reused') else '') + ' + '
            + fmt_s(imp.get('compact_s')) + (earlier if imp.get('compact_reused') else ''))


def scale_markdown(report):
    out = header_lines(report, 'Query benchmark: Growloop time against data size')
    out.append('')
    keys = [q['key'] for q in report['questions']]
    titles = [q['title'] for q in report['questions']]
    out.append('| size | events | CSV GB | import + compact s | %s | peak RSS MiB | load avg |'
               % ' | '.join(t + ' s' for t in titles))
    out.append('|---|---|---|---|%s---|---|' % ('---|' * len(keys)))
    for s in report['sizes']:
        if s.get('skipped'):
            out.append('| %s | skipped: %s |' % (s['label'], s['skipped']))
            continue
        g = s.get('growloop') or {}
        cells = []
        for k in keys:
            q = (g.get('questions') or {}).get(k) or {}
            cells.append(fmt_s(q['median_s']) if q.get('median_s') is not None else (q.get('status') or '-'))
        out.append('| %s | %s | %.2f | %s | %s | %s | %s |' % (
            s['label'], format(s['data']['events'], ','), s['data']['bytes'] / 1e9,
            import_cell(g.get('import') or {}), ' | '.join(cells),
            (g.get('server') or {}).get('peak_rss_mb', '-'),
            '%.1f–%.1f' % (s['loadavg']['min'], s['loadavg']['max'])))
        if g.get('error'):
            out.append('| | **%s** |' % g['error'].replace('\n', ' ')[:300])
    growth = report.get('growth')
    if growth:
        out.append('')
        out.append('Growth of the median time from one size to the next (events ×%s):' % '/'.join(
            '%.1f' % x['events_factor'] for x in growth))
        out.append('')
        out.append('| step | %s |' % ' | '.join(titles))
        out.append('|---|%s' % ('---|' * len(keys)))
        for x in growth:
            out.append('| %s → %s | %s |' % (x['from'], x['to'], ' | '.join(
                '×%.2f' % x['time_factor'][k] if x['time_factor'].get(k) else '-' for k in keys)))
    out.append('')
    out.append('Wall time of `POST /api/v1/query/{kind}` (median of %d runs after one warm-up); '
               'the same 30 days, more persons.' % report['args']['runs'])
    return '\n'.join(out)


# ----------------------------------------------------------------------------- modes

def run_comparison(args, report, sampler):
    data = resolve_dataset(args)
    report['data'] = data
    qs = questions(args.start, args.last_day)
    if args.skip_growloop:
        report['growloop'] = dict(skipped=True, questions={})
    else:
        t0 = time.time()
        report['growloop'] = bench_growloop(args, data, qs)
        report['growloop']['loadavg_during'] = sampler.summary(t0, time.time())
    report['peers'] = {}
    for name in args.peer_list:
        t0 = time.time()
        r = run_peer(name, args, data)
        r['loadavg_during'] = sampler.summary(t0, time.time())
        report['peers'][name] = r
    return compare(report, qs)


def growth_steps(sizes, qs):
    """Median time of each question at one size over the one before (sizes that ran)."""
    done = [s for s in sizes if s.get('data') and s.get('growloop')]
    steps = []
    for a, b in zip(done, done[1:]):
        tf = {}
        for q in qs:
            qa = a['growloop']['questions'].get(q['key']) or {}
            qb = b['growloop']['questions'].get(q['key']) or {}
            if qa.get('median_s') and qb.get('median_s'):
                tf[q['key']] = round(qb['median_s'] / qa['median_s'], 2)
        steps.append(dict(time_factor=tf, events_factor=round(b['data']['events'] / a['data']['events'], 2),
                          **{'from': a['label'], 'to': b['label']}))
    return steps


def run_scale(args, report, sampler):
    qs = questions(args.start, args.last_day)
    report['questions'] = [dict(key=q['key'], title=q['title'], kind=q['kind'], body=q['body']) for q in qs]
    report['sizes'] = []
    code = 0
    for label in args.scale_sizes:
        users = SCALE_USERS[label]
        entry = dict(label=label, users=users)
        report['sizes'].append(entry)
        csv = os.path.join(dataset_dir(users, args.days, args.seed, args.start), 'events.csv')
        events = 28.8 * users * args.days / 30      # the generator: ~28.8 events per person-month
        need = events * STORE_BYTES_PER_EVENT + (0 if os.path.exists(csv) else events * CSV_BYTES_PER_EVENT)
        os.makedirs(SCRATCH, exist_ok=True)
        free = shutil.disk_usage(SCRATCH).free
        if free < need * 1.1:
            entry['skipped'] = 'needs about %.1f GB free in %s, %.1f GB free' % (need * 1.1 / 1e9, SCRATCH, free / 1e9)
            log('scale %s: skipped: %s' % (label, entry['skipped']))
            continue
        t0 = time.time()
        entry['data'] = resolve_dataset(args, users=users)
        entry['growloop'] = g = bench_growloop(args, entry['data'], qs)
        entry['loadavg'] = sampler.summary(t0, time.time())
        statuses = [q.get('status') for q in g['questions'].values()]
        if g.get('error') or 'error' in statuses:
            code = EXIT_MISMATCH
        elif statuses and all(s == 'not available' for s in statuses) and code == 0:
            code = EXIT_NOT_AVAILABLE
    report['growth'] = growth_steps(report['sizes'], qs)
    report['verdict'] = {0: 'ok', EXIT_MISMATCH: 'ERROR', EXIT_NOT_AVAILABLE: 'QUERY ENGINE NOT AVAILABLE'}[code]
    return code


def parse_args(argv=None):
    ap = argparse.ArgumentParser(
        description='Growloop query benchmark against ClickHouse, DuckDB, PostgreSQL and pandas',
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument('--growloop', default=os.path.join(REPO, 'build', 'release', 'growloop'),
                    help='the growloop binary')
    ap.add_argument('--growloop-config', help='TOML config passed to growloop serve')
    ap.add_argument('--project', default='default')
    ap.add_argument('--csv', help='event file (gen_events.py CSV); default $ANCHOR_CSV, the reference '
                    'file %s when present, or a generated one' % REFERENCE_CSV)
    ap.add_argument('--users', type=int, help='generate (once) and use a file of this many persons '
                    '(default %d, the reference size)' % FULL_USERS)
    ap.add_argument('--days', type=int, default=30)
    ap.add_argument('--seed', type=int, default=42)
    ap.add_argument('--start', default='2026-01-01', help='first day of the data (UTC)')
    ap.add_argument('--runs', type=int, default=3, help='timed runs per question (median reported)')
    ap.add_argument('--peers', default=','.join(PEERS), help='comma-separated subset of ' + ','.join(PEERS))
    ap.add_argument('--skip-peers', action='store_true', help='Growloop only')
    ap.add_argument('--skip-growloop', action='store_true', help='peers only')
    ap.add_argument('--reimport', action='store_true', help='import again even if the marker says done')
    ap.add_argument('--keep-peer-data', action='store_true',
                    help='keep the peers\' databases (ch/, pg/, duck/ under the work dir)')
    ap.add_argument('--query-timeout', type=int, default=600, help='seconds per Growloop request')
    ap.add_argument('--peer-timeout', type=int, default=7200, help='seconds per peer script')
    ap.add_argument('--timeout', type=int, default=3600, help='seconds for the import and the server start')
    ap.add_argument('--scale', action='store_true',
                    help='instead of the comparison: Growloop alone at --scale-sizes events')
    ap.add_argument('--scale-sizes', default='1M,10M,100M', help='subset of ' + ','.join(SCALE_USERS))
    ap.add_argument('--out', help='JSON results (default build/bench/query.json, query-scale.json with --scale)')
    ap.add_argument('--md', help='also write the Markdown table here')
    args = ap.parse_args(argv)
    args.growloop = os.path.abspath(args.growloop)
    args.last_day = (date.fromisoformat(args.start) + timedelta(days=args.days - 1)).isoformat()
    args.peer_list = [] if args.skip_peers else [p.strip() for p in args.peers.split(',') if p.strip()]
    for p in args.peer_list:
        if p not in PEERS:
            ap.error('unknown peer %r (one of %s)' % (p, ', '.join(PEERS)))
    args.scale_sizes = [s.strip() for s in args.scale_sizes.split(',') if s.strip()]
    for s in args.scale_sizes:
        if s not in SCALE_USERS:
            ap.error('unknown scale size %r (one of %s)' % (s, ', '.join(SCALE_USERS)))
    if args.runs < 1:
        ap.error('--runs must be at least 1')
    if args.out is None:
        args.out = os.path.join(REPO, 'build', 'bench', 'query-scale.json' if args.scale else 'query.json')
    return args


def main(argv=None):
    args = parse_args(argv)
    # A plain `kill` unwinds like Ctrl-C: the servers the run started are stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    report = dict(started=time.strftime('%Y-%m-%d %H:%M:%S %Z'), loadavg_start=loadavg(),
                  machine=machine_info(), args={k: v for k, v in vars(args).items()},
                  command=' '.join(shlex.quote(a) for a in [os.path.relpath(sys.argv[0], REPO)
                                                            if sys.argv[0].startswith(REPO) else sys.argv[0]]
                                   + sys.argv[1:]))
    os.makedirs(SCRATCH, exist_ok=True)
    with LoadSampler() as sampler:
        if args.scale:
            code = run_scale(args, report, sampler)
        else:
            code = run_comparison(args, report, sampler)
        report['loadavg_end'] = loadavg()
        report['finished'] = time.strftime('%Y-%m-%d %H:%M:%S %Z')
        report['loadavg_samples'] = [(round(t, 1), v) for t, v in sampler.samples]
    md = scale_markdown(report) if args.scale else markdown(report)
    print(md)
    for row in report.get('comparison', []):
        if row.get('answer_equal') is False:
            log('ANSWER MISMATCH in %s: %s' % (row['title'], row.get('answer_note') or
                                               json.dumps(row.get('answer_diff'), ensure_ascii=False)))
        if row.get('growloop_status') == 'error':
            log('QUERY FAILED: %s' % row['title'])
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, 'w') as f:
        json.dump(report, f, indent=1, default=str)
    if args.md:
        os.makedirs(os.path.dirname(os.path.abspath(args.md)), exist_ok=True)
        with open(args.md, 'w') as f:
            f.write(md + '\n')
    log('wrote %s%s; verdict: %s (exit %d)' % (args.out, ' and ' + args.md if args.md else '',
                                                report['verdict'], code))
    return code


if __name__ == '__main__':
    sys.exit(main())
