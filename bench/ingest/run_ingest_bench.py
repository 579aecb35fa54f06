#!/usr/bin/env python3
"""Ingest benchmark: Growloop's bulk import against ClickHouse and DuckDB, in one run, on one file.

    python3 bench/ingest/run_ingest_bench.py --out /tmp/ingest.json [--growloop build/release/growloop]

Steps (each skipped with a message when its engine is not installed):
  1. make sure the event file exists (generated with $GROWLOOP_SHARED/bench/gen_events.py when
     missing) and read it once, which counts the events and puts the file in the page cache so
     every engine starts from the same warm file;
  2. `growloop import --data-dir DIR FILE`: wall time, events/s, MB/s, peak RSS, bytes on disk;
  3. ClickHouse (Debian's clickhouse-server, own server on 127.0.0.1, free port): CSV insert into
     a MergeTree ordered by (anonymous_id, ts) through a Null table + materialized view, then
     OPTIMIZE FINAL, as the peer baseline in shared/bench/peers/clickhouse does;
  4. DuckDB (libduckdb.so from the npm package @duckdb/node-api, driven with ctypes): CREATE TABLE
     AS read_csv with explicit types, then CHECKPOINT, as shared/bench/peers/duckdb does;
  5. recovery: about 1 GiB of WAL (`growloop import --no-flush`, or kill -9 during an import),
     then `growloop stats --data-dir DIR` (open + WAL replay) is timed;
  6. a Markdown table with the figures and the Growloop/peer ratios (stdout, --md) and JSON (--out).

Python 3 standard library only. Only 127.0.0.1 is contacted.
"""
import argparse
import ctypes
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get('GROWLOOP_SHARED', os.path.join(os.path.dirname(REPO), 'shared'))
GIB = 1 << 30
MIB = 1 << 20

# The event file every benchmark uses (shared/bench/README.md).
DEFAULT_CSV = os.environ.get('ANCHOR_CSV', '/tmp/anchors_data/events.csv')
REFERENCE_CSV_BYTES = 4151695262      # --users 1000000 --days 30 --seed 42 --start 2026-01-01
REFERENCE_EVENTS = 28758600

EVENT_NAMES = ('ad_click', 'app_open', 'signup', 'view_item', 'search', 'add_to_cart', 'checkout',
               'purchase', 'share', 'push_received', 'push_opened', 'support_ticket',
               'experiment_exposure', 'app_uninstall')
PLATFORMS = ('ios', 'android', 'web', 'miniprogram')
# CSV column order of gen_events.py; ts is handled separately by each engine.
STRING_COLUMNS_AFTER_TS = ('user_id', 'anonymous_id')
STRING_COLUMNS_TAIL = ('channel', 'campaign')
STRING_COLUMNS_LAST = ('city', 'item_id', 'category')


def log(msg):
    sys.stderr.write('[ingest-bench %s] %s\n' % (time.strftime('%H:%M:%S'), msg))
    sys.stderr.flush()


# ----------------------------------------------------------------------------- measurement helpers

def loadavg():
    with open('/proc/loadavg') as f:
        return [float(x) for x in f.read().split()[:3]]


class LoadSampler:
    """Samples the 1-minute load average every `period` s so each phase can report what else ran."""

    def __init__(self, period=2.0):
        self.samples = []
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, args=(period,), daemon=True)

    def _run(self, period):
        while not self._stop.is_set():
            self.samples.append((time.time(), loadavg()[0]))
            self._stop.wait(period)

    def start(self):
        self._t.start()
        return self

    def stop(self):
        self._stop.set()
        self._t.join()

    def summary(self, t0, t1):
        xs = [v for t, v in self.samples if t0 <= t <= t1] or [loadavg()[0]]
        return dict(min=min(xs), max=max(xs), mean=round(statistics.mean(xs), 2))


def busy_processes(exclude_pids=()):
    """Names of the processes running or runnable right now (state R), other than ours."""
    names = {}
    me = os.getpid()
    for pid in os.listdir('/proc'):
        if not pid.isdigit() or int(pid) in exclude_pids or int(pid) == me:
            continue
        try:
            with open('/proc/%s/stat' % pid) as f:
                s = f.read()
        except OSError:
            continue
        comm = s[s.index('(') + 1:s.rindex(')')]
        state = s[s.rindex(')') + 2]
        if state == 'R':
            names[comm] = names.get(comm, 0) + 1
    return names


def proc_status_kb(pid, field):
    try:
        with open('/proc/%d/status' % pid) as f:
            for line in f:
                if line.startswith(field + ':'):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def proc_cpu_s(pid):
    """utime + stime of a live process, in seconds."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            s = f.read()
    except OSError:
        return None
    fields = s[s.rindex(')') + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def tree_bytes(path, name_filter=None):
    """Allocated bytes (st_blocks * 512, like du) and apparent bytes of the files under path."""
    alloc = apparent = files = 0
    for root, _, fnames in os.walk(path):
        for fn in fnames:
            p = os.path.join(root, fn)
            if name_filter and not name_filter(os.path.relpath(p, path)):
                continue
            try:
                st = os.lstat(p)
            except OSError:
                continue
            alloc += st.st_blocks * 512
            apparent += st.st_size
            files += 1
    return dict(du_bytes=alloc, apparent_bytes=apparent, files=files)


def run_measured(cmd, stdin=None, env=None, timeout=None):
    """Runs cmd, returning wall time, exit code, peak RSS and CPU seconds of that process tree.

    Uses GNU time (-v -o FILE) when installed, else os.wait4's rusage of the child."""
    gnu_time = os.path.exists('/usr/bin/time')
    fd, tfile = tempfile.mkstemp(prefix='ingest_time_')
    os.close(fd)
    full = (['/usr/bin/time', '-v', '-o', tfile] + cmd) if gnu_time else cmd
    out_f = tempfile.TemporaryFile()
    err_f = tempfile.TemporaryFile()
    t0 = time.monotonic()
    # Own process group, so a timeout ends the measured command and not only GNU time.
    p = subprocess.Popen(full, stdin=stdin, stdout=out_f, stderr=err_f, env=env, start_new_session=True)
    try:
        if gnu_time:
            rc = p.wait(timeout=timeout)
            ru = None
        else:
            _, status, ru = os.wait4(p.pid, 0)
            rc = os.waitstatus_to_exitcode(status)
            p.returncode = rc
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        rc = 'timeout'
        ru = None
    wall = time.monotonic() - t0
    out_f.seek(0)
    err_f.seek(0)
    res = dict(cmd=cmd, wall_s=wall, rc=rc, stdout=out_f.read().decode('utf-8', 'replace'),
               stderr=err_f.read().decode('utf-8', 'replace'), max_rss_kb=None, user_s=None,
               sys_s=None)
    if gnu_time:
        with open(tfile) as f:
            tv = f.read()
        m = re.search(r'Maximum resident set size \(kbytes\): (\d+)', tv)
        res['max_rss_kb'] = int(m.group(1)) if m else None
        for key, label in (('user_s', 'User time'), ('sys_s', 'System time')):
            m = re.search(label + r' \(seconds\): ([\d.]+)', tv)
            res[key] = float(m.group(1)) if m else None
        m = re.search(r'Exit status: (\d+)', tv)
        if m and rc == 0:
            res['rc'] = int(m.group(1))
        m = re.search(r'Command terminated by signal (\d+)', tv)
        if m:
            res['rc'] = -int(m.group(1))
    elif ru is not None:
        res.update(max_rss_kb=ru.ru_maxrss, user_s=ru.ru_utime, sys_s=ru.ru_stime)
    os.unlink(tfile)
    return res


def tail(text, n=1500):
    return text[-n:] if text else ''


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


# ----------------------------------------------------------------------------- the event file

def writers_of(path):
    """PIDs that hold `path` open for writing (e.g. a generator still running)."""
    real = os.path.realpath(path)
    pids = []
    for pid in os.listdir('/proc'):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        fddir = '/proc/%s/fd' % pid
        try:
            fds = os.listdir(fddir)
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(os.path.join(fddir, fd)) != real:
                    continue
                with open('/proc/%s/fdinfo/%s' % (pid, fd)) as f:
                    flags = int(re.search(r'flags:\s+(\d+)', f.read()).group(1), 8)
            except (OSError, AttributeError):
                continue
            if flags & (os.O_WRONLY | os.O_RDWR):
                pids.append(int(pid))
    return pids


def ensure_data(args):
    """Generates the event file when missing; waits for a generator still writing it."""
    path = args.data
    info = dict(path=path, generated=False)
    for _ in range(3600):
        w = writers_of(path) if os.path.exists(path) else []
        if not w:
            break
        log('%s is still being written by pid %s; waiting' % (path, w))
        time.sleep(5)
    if not os.path.exists(path):
        gen = os.path.join(SHARED, 'bench', 'gen_events.py')
        if not os.path.exists(gen):
            sys.exit('event file %s is missing and the generator %s is not there (set GROWLOOP_SHARED)'
                     % (path, gen))
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        # gen_events.py writes straight into --out: write to a temporary name and rename, so an
        # interrupted run never leaves a truncated file that looks like the real one.
        tmp = path + '.partial'
        truth = args.truth or os.path.join(os.path.dirname(os.path.abspath(path)), 'truth.json')
        cmd = [sys.executable, gen, '--users', str(args.users), '--days', str(args.days),
               '--seed', str(args.seed), '--start', args.start, '--format', 'csv',
               '--out', tmp, '--truth', truth + '.partial']
        log('generating %s: %s' % (path, ' '.join(cmd)))
        la0 = loadavg()
        r = run_measured(cmd)
        if r['rc'] != 0:
            sys.exit('generator failed (%s): %s' % (r['rc'], tail(r['stderr'])))
        os.replace(tmp, path)
        os.replace(truth + '.partial', truth)
        info.update(generated=True, generate_s=round(r['wall_s'], 1),
                    generator_peak_rss_mb=round((r['max_rss_kb'] or 0) / 1024),
                    generator_cmd=cmd, loadavg_before=la0, loadavg_after=loadavg())
    size = os.path.getsize(path)
    if size == 0:
        sys.exit('event file %s is empty' % path)
    # One sequential read: counts the events and warms the page cache for every engine alike.
    t0 = time.monotonic()
    lines = 0
    last = b''
    with open(path, 'rb', buffering=0) as f:
        while True:
            b = f.read(16 * MIB)
            if not b:
                break
            lines += b.count(b'\n')
            last = b[-1:]
    read_s = time.monotonic() - t0
    if last != b'\n':
        sys.exit('event file %s does not end with a newline: truncated? (delete it to regenerate)'
                 % path)
    with open(path, 'rb') as f:
        header = f.readline().decode().strip()
    info.update(bytes=size, events=lines - 1, header=header, read_s=round(read_s, 2),
                read_mb_s=round(size / MIB / read_s, 1))
    if header.split(',')[:2] != ['event_id', 'ts']:
        sys.exit('%s does not look like gen_events.py CSV (header %r)' % (path, header))
    if size == REFERENCE_CSV_BYTES:
        info['reference_file'] = True
    log('event file %s: %d events, %.2f GB, read in %.1f s' % (path, lines - 1, size / 1e9, read_s))
    return info


def prefix_file(src, events, dst):
    """Writes the header and the first `events` events of src to dst."""
    with open(src, 'rb') as f, open(dst, 'wb') as o:
        o.write(f.readline())
        for _ in range(events):
            line = f.readline()
            if not line:
                break
            o.write(line)
    return dst


# ----------------------------------------------------------------------------- Growloop

# Files under a `wal/` directory (src/storage: DIR/wal/NNN.log); not SQLite's `*-wal` files.
WAL_RE = re.compile(r'(^|/)wal/', re.I)   # set from --wal-regex


def wal_filter(rel):
    return WAL_RE.search(rel) is not None


def growloop_available(args):
    if not os.path.isfile(args.growloop) or not os.access(args.growloop, os.X_OK):
        return 'Growloop binary %s not found (build it, or pass --growloop PATH)' % args.growloop
    return None


def parse_stats_events(text):
    """Event count printed by `growloop stats --json`."""
    try:
        doc = json.loads(text)
    except ValueError:
        return None
    return doc.get('events') if isinstance(doc, dict) and isinstance(doc.get('events'), int) else None


def bench_growloop(args, data, workdir, run, wal=False):
    d = os.path.join(workdir, 'growloop%s-run%d' % ('-wal' if wal else '', run))
    shutil.rmtree(d, ignore_errors=True)
    cmd = [args.growloop, 'import'] + (['--wal'] if wal else []) + ['--data-dir', d, data['path']]
    log('growloop run %d: %s' % (run, ' '.join(cmd)))
    la0 = loadavg()
    busy = busy_processes()
    r = run_measured(cmd, timeout=args.timeout)
    res = dict(engine='growloop_wal' if wal else 'growloop', run=run, cmd=cmd, rc=r['rc'], loadavg_before=la0,
               loadavg_after=loadavg(), busy_at_start=busy)
    if r['rc'] != 0:
        res['error'] = 'growloop import exited %s: %s' % (r['rc'], tail(r['stderr']))
        log(res['error'])
        return res
    disk = tree_bytes(d)
    wal = tree_bytes(d, wal_filter)
    res.update(load_s=r['wall_s'], peak_rss_kb=r['max_rss_kb'], cpu_s=(r['user_s'] or 0) + (r['sys_s'] or 0),
               disk_bytes=disk['du_bytes'], disk_apparent_bytes=disk['apparent_bytes'],
               files=disk['files'], wal_bytes_after=wal['apparent_bytes'],
               stdout_tail=tail(r['stdout'], 600), stderr_tail=tail(r['stderr'], 600))
    # Open after a clean import: checks the count and gives the open time without WAL replay.
    s = run_measured([args.growloop, 'stats', '--json', '--data-dir', d], timeout=args.timeout)
    res.update(stats_rc=s['rc'], stats_open_s=s['wall_s'], stats_peak_rss_kb=s['max_rss_kb'],
               stats_stdout_tail=tail(s['stdout'], 600))
    n = parse_stats_events(s['stdout']) if s['rc'] == 0 else None
    res['rows'] = n if n is not None else data['events']
    res['rows_verified'] = n == data['events'] if n is not None else None
    if n is not None and n != data['events']:
        res.setdefault('warnings', []).append('growloop stats reports %d events, file has %d'
                                              % (n, data['events']))
    if not args.keep:
        shutil.rmtree(d, ignore_errors=True)
    return res


def bench_recovery(args, data, workdir):
    """About --recovery-wal-bytes of WAL, then `growloop stats` (open + replay) is timed."""
    res = dict(engine='growloop', target_wal_bytes=args.recovery_wal_bytes)
    d = os.path.join(workdir, 'growloop-recovery')
    mode = args.recovery
    if mode in ('auto', 'no-flush'):
        # Calibrate the WAL size of one event on a small prefix, then import just enough events.
        shutil.rmtree(d, ignore_errors=True)
        sample_n = min(args.recovery_sample_events, data['events'])
        sample = prefix_file(data['path'], sample_n, os.path.join(workdir, 'recovery-sample.csv'))
        r = run_measured([args.growloop, 'import', '--no-flush', '--data-dir', d, sample],
                         timeout=args.timeout)
        wal = tree_bytes(d, wal_filter)['apparent_bytes'] if os.path.isdir(d) else 0
        os.unlink(sample)
        if r['rc'] == 0 and wal > 0:
            mode = 'no-flush'
            per_event = wal / sample_n
            n = min(data['events'], int(math.ceil(args.recovery_wal_bytes / per_event)))
            res.update(calibration=dict(events=sample_n, wal_bytes=wal, wal_bytes_per_event=round(per_event, 1)))
            shutil.rmtree(d, ignore_errors=True)
            src = data['path'] if n >= data['events'] else prefix_file(
                data['path'], n, os.path.join(workdir, 'recovery-prefix.csv'))
            cmd = [args.growloop, 'import', '--no-flush', '--data-dir', d, src]
            log('recovery: %s (%d events, ~%.2f GiB of WAL expected)' % (' '.join(cmd), n, n * per_event / GIB))
            r = run_measured(cmd, timeout=args.timeout)
            if src != data['path']:
                os.unlink(src)
            if r['rc'] != 0:
                res['error'] = 'growloop import --no-flush exited %s: %s' % (r['rc'], tail(r['stderr']))
                return res
            res.update(events_in_wal=n, import_no_flush_s=r['wall_s'], import_peak_rss_kb=r['max_rss_kb'])
        elif args.recovery == 'no-flush':
            res['error'] = ('growloop import --no-flush failed or left no WAL (rc %s, %d WAL bytes): %s'
                            % (r['rc'], wal, tail(r['stderr'])))
            return res
        else:
            log('recovery: --no-flush not usable (rc %s, %d WAL bytes); falling back to kill -9'
                % (r['rc'], wal))
            res.setdefault('notes', []).append('--no-flush not usable (rc %s): %s'
                                               % (r['rc'], tail(r['stderr'], 300)))
            mode = 'kill'
    if mode == 'kill':
        shutil.rmtree(d, ignore_errors=True)
        cmd = [args.growloop, 'import', '--data-dir', d, data['path']]
        log('recovery: %s, kill -9 once the WAL holds %.2f GiB' % (' '.join(cmd), args.recovery_wal_bytes / GIB))
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        t0 = time.monotonic()
        max_wal = 0
        hwm = 0
        killed = False
        while p.poll() is None:
            wal = tree_bytes(d, wal_filter)['apparent_bytes'] if os.path.isdir(d) else 0
            max_wal = max(max_wal, wal)
            hwm = max(hwm, proc_status_kb(p.pid, 'VmHWM') or 0)
            if wal >= args.recovery_wal_bytes or time.monotonic() - t0 > args.timeout:
                os.kill(p.pid, signal.SIGKILL)
                killed = True
                break
            time.sleep(0.05)
        p.wait()
        res.update(killed=killed, killed_after_s=time.monotonic() - t0, max_wal_bytes_seen=max_wal,
                   import_peak_rss_kb=hwm or None)
        if not killed:
            res.setdefault('notes', []).append(
                'import finished (rc %s) before the WAL reached the target: at most %d WAL bytes seen; '
                'the store flushes the WAL to segments as it goes (use --no-flush)' % (p.returncode, max_wal))
    res['mode'] = mode
    wal = tree_bytes(d, wal_filter)
    res.update(wal_bytes=wal['apparent_bytes'], wal_files=wal['files'],
               dir_bytes_before=tree_bytes(d)['du_bytes'])
    la0 = loadavg()
    # `growloop recover` opens the store (loads the manifest, replays the WAL) and prints how
    # long the open took — the time until the store serves reads and writes again — then
    # flushes the replayed events to segments (timed separately).
    r = run_measured([args.growloop, 'recover', '--data-dir', d], timeout=args.timeout)
    res.update(process_s=r['wall_s'], rc=r['rc'], peak_rss_kb=r['max_rss_kb'],
               cpu_s=(r['user_s'] or 0) + (r['sys_s'] or 0), loadavg_before=la0, loadavg_after=loadavg(),
               recover_stdout_tail=tail(r['stdout'], 600))
    if r['rc'] != 0:
        res['error'] = 'growloop recover exited %s: %s' % (r['rc'], tail(r['stderr']))
        return res
    m = re.search(r'opened .* in ([0-9.]+) s: (\d+) events replayed', r['stdout'])
    f = re.search(r'flushed them to segments in ([0-9.]+) s', r['stdout'])
    if not m:
        res['error'] = 'no "opened ... in N s" line in: %s' % tail(r['stdout'])
        return res
    res['recovery_s'] = float(m.group(1))
    res['events_replayed'] = int(m.group(2))
    res['flush_after_recovery_s'] = float(f.group(1)) if f else None
    s2 = run_measured([args.growloop, 'stats', '--json', '--data-dir', d], timeout=args.timeout)
    n = parse_stats_events(s2['stdout'])
    res['events_recovered'] = n
    if res.get('events_in_wal') is not None and n is not None and n != res['events_in_wal']:
        res.setdefault('warnings', []).append('stats reports %d events after replay, %d were imported'
                                              % (n, res['events_in_wal']))
    if res['wal_bytes']:
        res['replay_mb_s'] = res['wal_bytes'] / 1e6 / res['recovery_s']
    if n:
        res['replay_events_s'] = n / res['recovery_s']
    res.update(second_open_s=s2['wall_s'], wal_bytes_after=tree_bytes(d, wal_filter)['apparent_bytes'],
               dir_bytes_after=tree_bytes(d)['du_bytes'])
    if not args.keep:
        shutil.rmtree(d, ignore_errors=True)
    return res


# ----------------------------------------------------------------------------- ClickHouse

def enum8(values):
    return 'Enum8(%s)' % ', '.join("'%s' = %d" % (v, i + 1) for i, v in enumerate(values))


def clickhouse_columns(ts_columns):
    """Column list of the events table; ts_columns are the definitions put after event_id."""
    cols = ['event_id String'] + list(ts_columns)
    cols += ['%s String' % c for c in STRING_COLUMNS_AFTER_TS]
    cols += ['event ' + enum8(EVENT_NAMES)]
    cols += ['%s String' % c for c in STRING_COLUMNS_TAIL]
    cols += ['platform ' + enum8(PLATFORMS)]
    cols += ['%s String' % c for c in STRING_COLUMNS_LAST]
    cols += ['amount Float64', 'experiment String', 'variant String']
    return ', '.join(cols)


# The peer's layout (shared/bench/peers/README.md): 18.16 has no DateTime64, so ts is kept as
# DateTime seconds + UInt16 milliseconds; the CSV lands in a Null table whose materialized view
# parses ts once and writes the MergeTree. An empty amount loads as 0.
CH_COPY_COLUMNS = ('event_id, parseDateTimeBestEffort(ts_text) AS ts, '
                   'toUInt16(substring(ts_text, 21, 3)) AS ms, user_id, anonymous_id, event, channel, '
                   'campaign, platform, city, item_id, category, amount, experiment, variant')
CH_SCHEMA = [
    'CREATE TABLE ingest_events (%s) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) '
    'ORDER BY (anonymous_id, ts)' % clickhouse_columns(['ts DateTime', 'ms UInt16']),
    'CREATE TABLE ingest_events_csv (%s) ENGINE = Null' % clickhouse_columns(['ts_text String']),
    'CREATE MATERIALIZED VIEW ingest_events_mv TO ingest_events AS SELECT %s FROM ingest_events_csv'
    % CH_COPY_COLUMNS,
]

CH_CONFIG = """<?xml version="1.0"?>
<yandex>
    <logger>
        <level>warning</level>
        <log>{dir}/log/server.log</log>
        <errorlog>{dir}/log/server.err.log</errorlog>
        <size>100M</size>
        <count>2</count>
    </logger>
    <listen_host>127.0.0.1</listen_host>
    <tcp_port>{port}</tcp_port>
    <path>{dir}/data/</path>
    <tmp_path>{dir}/data/tmp/</tmp_path>
    <user_files_path>{dir}/data/user_files/</user_files_path>
    <format_schema_path>{dir}/data/format_schemas/</format_schema_path>
    <users_config>users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>UTC</timezone>
    <mark_cache_size>5368709120</mark_cache_size>
    <uncompressed_cache_size>8589934592</uncompressed_cache_size>
    <max_concurrent_queries>100</max_concurrent_queries>
    <mlock_executable>false</mlock_executable>
</yandex>
"""
CH_USERS = """<?xml version="1.0"?>
<yandex>
    <profiles>
        <default>
            <max_memory_usage>10000000000</max_memory_usage>
            <max_threads>{threads}</max_threads>
            <use_uncompressed_cache>0</use_uncompressed_cache>
        </default>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks><ip>127.0.0.1</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas>
        <default>
            <interval>
                <duration>3600</duration>
                <queries>0</queries><errors>0</errors><result_rows>0</result_rows>
                <read_rows>0</read_rows><execution_time>0</execution_time>
            </interval>
        </default>
    </quotas>
</yandex>
"""


def find_exe(name, extra=()):
    p = shutil.which(name)
    if p:
        return p
    for c in extra:
        if os.access(c, os.X_OK):
            return c
    return None


class ClickHouseServer:
    """A private clickhouse-server on 127.0.0.1:<free port>, data under `root`."""

    def __init__(self, server_bin, client_bin, root, threads):
        self.server_bin, self.client_bin, self.root = server_bin, client_bin, root
        self.port = free_port()
        os.makedirs(os.path.join(root, 'log'), exist_ok=True)
        os.makedirs(os.path.join(root, 'data'), exist_ok=True)
        with open(os.path.join(root, 'config.xml'), 'w') as f:
            f.write(CH_CONFIG.format(dir=root, port=self.port))
        with open(os.path.join(root, 'users.xml'), 'w') as f:
            f.write(CH_USERS.format(threads=threads))
        self.proc = None

    def client(self):
        return [self.client_bin, '--host', '127.0.0.1', '--port', str(self.port)]

    def query(self, q, timeout=3600):
        p = subprocess.run(self.client() + ['--format', 'TSV', '-q', q], capture_output=True,
                           text=True, timeout=timeout)
        if p.returncode != 0:
            raise RuntimeError('clickhouse: %s\n%s' % (q[:120], tail(p.stderr)))
        return p.stdout.strip()

    def start(self):
        out = open(os.path.join(self.root, 'log', 'stdout.log'), 'ab')
        self.proc = subprocess.Popen([self.server_bin, '--config-file=' + os.path.join(self.root, 'config.xml')],
                                     stdout=out, stderr=out, cwd=self.root)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError('clickhouse-server exited with %s; see %s/log'
                                   % (self.proc.returncode, self.root))
            ok = subprocess.run(self.client() + ['-q', 'SELECT 1'], capture_output=True).returncode == 0
            if ok:
                return
            time.sleep(0.5)
        raise RuntimeError('clickhouse-server did not answer on 127.0.0.1:%d within 90 s' % self.port)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def bench_clickhouse(args, data, workdir, run):
    server_bin = find_exe('clickhouse-server', ('/usr/sbin/clickhouse-server', '/usr/bin/clickhouse-server'))
    client_bin = find_exe('clickhouse-client', ('/usr/bin/clickhouse-client',))
    if not server_bin or not client_bin:
        return dict(engine='clickhouse', skipped='clickhouse-server/clickhouse-client not installed '
                    '(Debian: apt-get install -y clickhouse-server clickhouse-client)')
    root = os.path.join(workdir, 'clickhouse-run%d' % run)
    shutil.rmtree(root, ignore_errors=True)
    srv = ClickHouseServer(server_bin, client_bin, root, args.threads)
    res = dict(engine='clickhouse', run=run)
    try:
        srv.start()
        res['version'] = srv.query('SELECT version()')
        res['server_rss_kb_idle'] = proc_status_kb(srv.proc.pid, 'VmRSS')
        for q in CH_SCHEMA:
            srv.query(q)
        res['schema'] = CH_SCHEMA
        log('clickhouse %s run %d: INSERT ... FORMAT CSVWithNames < %s (127.0.0.1:%d)'
            % (res['version'], run, data['path'], srv.port))
        la0 = loadavg()
        res['busy_at_start'] = busy_processes(exclude_pids=(srv.proc.pid,))
        cpu0 = proc_cpu_s(srv.proc.pid)
        with open(data['path'], 'rb') as f:
            r = run_measured(srv.client() + ['--query', 'INSERT INTO ingest_events_csv FORMAT CSVWithNames'],
                             stdin=f, timeout=args.timeout)
        cpu1 = proc_cpu_s(srv.proc.pid)
        if r['rc'] != 0:
            res['error'] = 'clickhouse-client INSERT exited %s: %s' % (r['rc'], tail(r['stderr']))
            return res
        parts = int(srv.query("SELECT count() FROM system.parts WHERE active AND database = currentDatabase() "
                              "AND table = 'ingest_events'"))
        t0 = time.monotonic()
        srv.query('OPTIMIZE TABLE ingest_events FINAL', timeout=args.timeout)
        optimize_s = time.monotonic() - t0
        cpu2 = proc_cpu_s(srv.proc.pid)
        row = srv.query("SELECT count(), sum(rows), sum(bytes_on_disk), sum(data_uncompressed_bytes) "
                        "FROM system.parts WHERE active AND database = currentDatabase() "
                        "AND table = 'ingest_events'").split('\t')
        rows = int(srv.query('SELECT count() FROM ingest_events'))
        table_dir = os.path.join(root, 'data', 'data', 'default', 'ingest_events')
        client_cpu = (r['user_s'] or 0) + (r['sys_s'] or 0)
        res.update(
            insert_s=r['wall_s'], optimize_final_s=optimize_s, load_s=r['wall_s'] + optimize_s,
            rows=rows, rows_verified=rows == data['events'], parts_after_insert=parts,
            parts_after_optimize=int(row[0]), disk_bytes=int(row[2]), uncompressed_bytes=int(row[3]),
            table_dir_du_bytes=tree_bytes(table_dir)['du_bytes'],
            server_peak_rss_kb=proc_status_kb(srv.proc.pid, 'VmHWM'), client_peak_rss_kb=r['max_rss_kb'],
            client_cpu_s=client_cpu, server_cpu_insert_s=(cpu1 - cpu0) if cpu0 is not None else None,
            server_cpu_optimize_s=(cpu2 - cpu1) if cpu1 is not None else None,
            loadavg_before=la0, loadavg_after=loadavg())
        res['cpu_s'] = client_cpu + (cpu2 - cpu0 if cpu0 is not None else 0)
        # Client and server run at the same time: the load's peak is at most the sum.
        res['peak_rss_kb'] = (res['server_peak_rss_kb'] or 0) + (res['client_peak_rss_kb'] or 0)
        if rows != data['events']:
            res.setdefault('warnings', []).append('ClickHouse holds %d rows, file has %d events' % (rows, data['events']))
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        res['error'] = str(e)
    finally:
        srv.stop()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return res


# ----------------------------------------------------------------------------- DuckDB

def duckdb_library(args):
    explicit = args.duckdb_lib or os.environ.get('DUCKDB_LIB')
    if explicit:
        return explicit if os.path.exists(explicit) else None
    cands = []
    rel = os.path.join('node_modules', '@duckdb', 'node-bindings-linux-x64', 'libduckdb.so')
    for base in (os.path.join(os.path.expanduser('~'), '.cache', 'growloop-bench', 'duckdb'),
                 os.path.join(HERE, '.duckdb'), '/tmp/duckdb_peer',
                 os.path.join(SHARED, 'bench', 'peers', 'duckdb')):
        cands.append(os.path.join(base, rel))
    cands += ['/usr/lib/libduckdb.so', '/usr/local/lib/libduckdb.so', '/usr/lib/x86_64-linux-gnu/libduckdb.so']
    for c in cands:
        if c and os.path.exists(c):
            return c
    return None


class _DuckResult(ctypes.Structure):
    # duckdb_result of the C API (duckdb.h, v1.x): deprecated fields kept for the struct's size.
    _fields_ = [('column_count', ctypes.c_uint64), ('row_count', ctypes.c_uint64),
                ('rows_changed', ctypes.c_uint64), ('columns', ctypes.c_void_p),
                ('error_message', ctypes.c_char_p), ('internal_data', ctypes.c_void_p)]


def duckdb_load_sql(csv):
    types = dict(event_id='UUID', ts='TIMESTAMPTZ', amount='DECIMAL(12,2)')
    names = ['event_id', 'ts', 'user_id', 'anonymous_id', 'event', 'channel', 'campaign', 'platform',
             'city', 'item_id', 'category', 'amount', 'experiment', 'variant']
    cols = ', '.join("'%s': '%s'" % (n, types.get(n, 'VARCHAR')) for n in names)
    return ("CREATE TABLE events AS SELECT * FROM read_csv('%s', header = true, delim = ',', "
            "quote = '\"', columns = {%s})" % (csv.replace("'", "''"), cols))


def duckdb_child(lib_path, db_path, csv, threads):
    """Runs in a child process (so its peak RSS is DuckDB's): load, checkpoint, print JSON."""
    lib = ctypes.CDLL(lib_path)
    lib.duckdb_library_version.restype = ctypes.c_char_p
    lib.duckdb_result_error.restype = ctypes.c_char_p
    lib.duckdb_value_int64.restype = ctypes.c_int64
    lib.duckdb_value_int64.argtypes = [ctypes.POINTER(_DuckResult), ctypes.c_uint64, ctypes.c_uint64]
    db, con = ctypes.c_void_p(), ctypes.c_void_p()
    if lib.duckdb_open(db_path.encode(), ctypes.byref(db)) != 0:
        raise SystemExit('duckdb_open(%s) failed' % db_path)
    if lib.duckdb_connect(db, ctypes.byref(con)) != 0:
        raise SystemExit('duckdb_connect failed')

    def q(sql, scalar=False):
        r = _DuckResult()
        state = lib.duckdb_query(con, sql.encode(), ctypes.byref(r))
        try:
            if state != 0:
                raise SystemExit('duckdb: %s\n%s' % (sql[:120], lib.duckdb_result_error(ctypes.byref(r)).decode()))
            return lib.duckdb_value_int64(ctypes.byref(r), 0, 0) if scalar else None
        finally:
            lib.duckdb_destroy_result(ctypes.byref(r))

    out = dict(version=lib.duckdb_library_version().decode(), library=lib_path)
    q('SET threads = %d' % threads)
    q("SET TimeZone = 'UTC'")
    t0 = time.monotonic()
    q(duckdb_load_sql(csv))
    out['create_table_as_read_csv_s'] = time.monotonic() - t0
    t0 = time.monotonic()
    q('CHECKPOINT')
    out['checkpoint_s'] = time.monotonic() - t0
    out['rows'] = q('SELECT count(*) FROM events', scalar=True)
    out['vm_hwm_kb_after_load'] = proc_status_kb(os.getpid(), 'VmHWM')
    t0 = time.monotonic()
    lib.duckdb_disconnect(ctypes.byref(con))
    lib.duckdb_close(ctypes.byref(db))
    out['close_s'] = time.monotonic() - t0
    print(json.dumps(out))


def bench_duckdb(args, data, workdir, run):
    lib = duckdb_library(args)
    if not lib:
        return dict(engine='duckdb', skipped='libduckdb.so not found: run bench/ingest/setup_peers.sh '
                    '(npm @duckdb/node-api into ~/.cache/growloop-bench/duckdb) or pass --duckdb-lib')
    d = os.path.join(workdir, 'duckdb-run%d' % run)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    db = os.path.join(d, 'events.duckdb')
    cmd = [sys.executable, os.path.abspath(__file__), '--duckdb-child', lib, db, data['path'], str(args.threads)]
    log('duckdb run %d: CREATE TABLE AS read_csv + CHECKPOINT (%s)' % (run, lib))
    la0 = loadavg()
    busy = busy_processes()
    r = run_measured(cmd, timeout=args.timeout)
    res = dict(engine='duckdb', run=run, loadavg_before=la0, loadavg_after=loadavg(), busy_at_start=busy)
    if r['rc'] != 0:
        res['error'] = 'duckdb child exited %s: %s' % (r['rc'], tail(r['stderr']))
        return res
    child = json.loads(r['stdout'].strip().splitlines()[-1])
    disk = tree_bytes(d)
    res.update(version=child['version'], library=lib,
               create_table_as_read_csv_s=child['create_table_as_read_csv_s'],
               checkpoint_s=child['checkpoint_s'], close_s=child['close_s'],
               load_s=child['create_table_as_read_csv_s'] + child['checkpoint_s'], process_wall_s=r['wall_s'],
               rows=child['rows'], rows_verified=child['rows'] == data['events'],
               disk_bytes=disk['du_bytes'], disk_apparent_bytes=disk['apparent_bytes'],
               peak_rss_kb=r['max_rss_kb'], rss_kb_after_load=child['vm_hwm_kb_after_load'],
               cpu_s=(r['user_s'] or 0) + (r['sys_s'] or 0), threads=args.threads, sql=duckdb_load_sql(data['path']))
    if child['rows'] != data['events']:
        res.setdefault('warnings', []).append('DuckDB holds %d rows, file has %d events' % (child['rows'], data['events']))
    if not args.keep:
        shutil.rmtree(d, ignore_errors=True)
    return res


# ----------------------------------------------------------------------------- report

def derive(res, data):
    """Adds events/s, MB/s and bytes/event to one engine run."""
    if res.get('load_s'):
        res['events_per_s'] = res.get('rows', data['events']) / res['load_s']
        res['mb_per_s'] = data['bytes'] / 1e6 / res['load_s']
    if res.get('disk_bytes') is not None and res.get('rows'):
        res['bytes_per_event'] = res['disk_bytes'] / res['rows']
    return res


def pick_median(runs):
    ok = [r for r in runs if r.get('load_s')]
    if not ok:
        return runs[-1] if runs else None
    ok.sort(key=lambda r: r['load_s'])
    return ok[(len(ok) - 1) // 2]


def fmt_int(x):
    return '{:,}'.format(int(round(x))) if x is not None else '—'


def fmt_f(x, nd=1):
    return ('{:,.%df}' % nd).format(x) if x is not None else '—'


def mib(kb):
    return '%s MiB' % fmt_int(kb / 1024) if kb else '—'


def markdown(report):
    data = report['data']
    eng = report['engines']
    out = []
    out.append('## Ingest benchmark — %s' % report['started'])
    out.append('')
    out.append('File `%s`: %s events, %s bytes (%.2f GB)%s. Machine: %d cores, %.1f GiB RAM. '
               'Load average at start %s, at end %s.' % (
                   data['path'], fmt_int(data['events']), fmt_int(data['bytes']), data['bytes'] / 1e9,
                   ' (the reference data set)' if data.get('reference_file') else '',
                   report['machine']['cpus'], report['machine']['mem_gib'],
                   ' / '.join('%.2f' % x for x in report['loadavg_start']),
                   ' / '.join('%.2f' % x for x in report['loadavg_end'])))
    out.append('')
    out.append('| engine | load s | events/s | MB/s | disk bytes | bytes/event | peak RSS | CPU s | load avg (min–max) |')
    out.append('|---|---|---|---|---|---|---|---|---|')
    for name in ('growloop', 'growloop_wal', 'clickhouse', 'duckdb'):
        e = eng.get(name)
        if not e:
            continue
        m = e.get('median')
        if e.get('skipped') or not m or not m.get('load_s'):
            why = e.get('skipped') or (m or {}).get('error') or 'failed'
            out.append('| %s | skipped: %s |  |  |  |  |  |  |  |' % (name, why.replace('|', '/').replace('\n', ' ')[:200]))
            continue
        rss = mib(m.get('peak_rss_kb'))
        if name == 'growloop':
            label = 'Growloop `import` (acknowledged after the final flush)'
        elif name == 'growloop_wal':
            label = 'Growloop `import --wal` (every batch through the WAL with fsync)'
        elif name == 'clickhouse':
            label = 'ClickHouse %s (INSERT %.1f s + OPTIMIZE FINAL %.1f s)' % (
                m.get('version', ''), m['insert_s'], m['optimize_final_s'])
            rss = 'server %s + client %s' % (mib(m['server_peak_rss_kb']), mib(m['client_peak_rss_kb']))
        else:
            label = 'DuckDB %s (read_csv %.1f s + CHECKPOINT %.1f s)' % (
                m.get('version', ''), m['create_table_as_read_csv_s'], m['checkpoint_s'])
        la = m.get('loadavg_during') or {}
        runs = '' if len(e['runs']) == 1 else ' (median of %d: %s)' % (
            len(e['runs']), ', '.join(fmt_f(r.get('load_s')) for r in e['runs']))
        out.append('| %s | %s%s | %s | %s | %s | %s | %s | %s | %s–%s |' % (
            label, fmt_f(m['load_s']), runs, fmt_int(m.get('events_per_s')), fmt_f(m.get('mb_per_s')),
            fmt_int(m.get('disk_bytes')), fmt_f(m.get('bytes_per_event')), rss, fmt_f(m.get('cpu_s')),
            fmt_f(la.get('min'), 2), fmt_f(la.get('max'), 2)))
    ch = (eng.get('clickhouse') or {}).get('median') or {}
    if ch.get('insert_s'):
        out.append('| ClickHouse INSERT only (queryable, %d parts) | %s | %s | %s | | | | | |' % (
            ch['parts_after_insert'], fmt_f(ch['insert_s']), fmt_int(ch['rows'] / ch['insert_s']),
            fmt_f(data['bytes'] / 1e6 / ch['insert_s'])))
    out.append('')
    out.append('MB = 10^6 bytes of CSV; disk bytes: Growloop and DuckDB allocated bytes of their files, '
               'ClickHouse `bytes_on_disk` of the active parts; CPU s = user + system.')
    out.append('')
    ratios = report.get('ratios') or {}
    if ratios:
        out.append('| Growloop ÷ peer | events/s | bytes/event | peak RSS |')
        out.append('|---|---|---|---|')
        for peer, r in ratios.items():
            out.append('| %s | %s× | %s× | %s× |' % (peer, fmt_f(r.get('events_per_s'), 2),
                                                   fmt_f(r.get('bytes_per_event'), 2), fmt_f(r.get('peak_rss'), 2)))
        out.append('')
        out.append('events/s above 1 = Growloop faster; bytes/event and RSS below 1 = Growloop smaller. '
                   'ClickHouse load includes OPTIMIZE FINAL (as in shared/bench/peers); '
                   '"ClickHouse INSERT only" is the ratio basis `clickhouse_insert_only`.')
        out.append('')
    rec = report.get('recovery')
    if rec:
        if rec.get('skipped') or rec.get('error'):
            out.append('Recovery: %s' % (rec.get('skipped') or rec.get('error')))
        else:
            out.append('| recovery (%s) | WAL bytes | events | open + replay s | replay MB/s | replay events/s | peak RSS | stats after s |'
                       % rec['mode'])
            out.append('|---|---|---|---|---|---|---|---|')
            out.append('| open + WAL replay | %s | %s | %s | %s | %s | %s | %s |' % (
                fmt_int(rec['wal_bytes']), fmt_int(rec.get('events_recovered') or rec.get('events_in_wal')),
                fmt_f(rec['recovery_s'], 2), fmt_f(rec.get('replay_mb_s')), fmt_int(rec.get('replay_events_s')),
                mib(rec.get('peak_rss_kb')), fmt_f(rec.get('second_open_s'), 2)))
        out.append('')
    notes = []
    for name, e in eng.items():
        for r in e.get('runs', []):
            for w in r.get('warnings', []):
                notes.append('%s: %s' % (name, w))
            if r.get('error'):
                notes.append('%s run %s: %s' % (name, r.get('run'), r['error'].replace('\n', ' ')[:300]))
    for w in (rec or {}).get('warnings', []) + (rec or {}).get('notes', []):
        notes.append('recovery: %s' % w)
    busy = []
    for name, e in eng.items():
        b = (e.get('median') or {}).get('busy_at_start')
        if b is not None:
            busy.append('%s: %s' % (name, ', '.join('%s×%d' % kv for kv in sorted(b.items())) or 'none'))
    if busy:
        notes.append('other processes running when each load started: ' + '; '.join(busy))
    if notes:
        out.append('Notes:')
        out += ['* ' + n for n in notes]
        out.append('')
    return '\n'.join(out)


def main():
    ap = argparse.ArgumentParser(description='Growloop bulk-import benchmark against ClickHouse and DuckDB')
    ap.add_argument('--data', default=DEFAULT_CSV, help='event CSV (generated when missing; default %(default)s)')
    ap.add_argument('--truth', help='truth file written when generating (default: truth.json beside --data)')
    ap.add_argument('--users', type=int, default=1000000)
    ap.add_argument('--days', type=int, default=30)
    ap.add_argument('--seed', type=int, default=42)
    ap.add_argument('--start', default='2026-01-01')
    ap.add_argument('--growloop', default=os.path.join(REPO, 'build', 'release', 'growloop'))
    ap.add_argument('--engines', default='growloop,growloop_wal,clickhouse,duckdb',
                    help='comma-separated subset of growloop,clickhouse,duckdb')
    ap.add_argument('--recovery', choices=('auto', 'no-flush', 'kill', 'off'), default='auto',
                    help='auto: import --no-flush, falling back to kill -9 during an import')
    ap.add_argument('--recovery-wal-bytes', type=int, default=GIB)
    ap.add_argument('--recovery-sample-events', type=int, default=200000,
                    help='events imported to measure WAL bytes per event')
    ap.add_argument('--wal-regex', default=r'(^|/)wal/',
                    help='files of the data dir whose relative path matches (case-insensitive) are the WAL')
    ap.add_argument('--runs', type=int, default=1, help='loads per engine (median reported)')
    ap.add_argument('--threads', type=int, default=os.cpu_count() or 2, help='ClickHouse max_threads, DuckDB threads')
    ap.add_argument('--duckdb-lib', help='libduckdb.so (default: found in the npm package, see setup_peers.sh)')
    ap.add_argument('--work-dir', default=os.path.join(tempfile.gettempdir(), 'growloop-ingest-bench'))
    ap.add_argument('--timeout', type=int, default=3600, help='seconds per load')
    ap.add_argument('--keep', action='store_true', help='keep the engines\' data directories')
    ap.add_argument('--out', required=True, help='JSON results')
    ap.add_argument('--md', help='also write the Markdown table here')
    args = ap.parse_args()
    args.growloop = os.path.abspath(args.growloop)
    global WAL_RE
    WAL_RE = re.compile(args.wal_regex, re.I)
    engines = [e.strip() for e in args.engines.split(',') if e.strip()]
    for e in engines:
        if e not in ('growloop', 'growloop_wal', 'clickhouse', 'duckdb'):
            ap.error('unknown engine %r' % e)
    os.makedirs(args.work_dir, exist_ok=True)

    sampler = LoadSampler().start()
    with open('/proc/meminfo') as f:
        mem_kb = int(f.readline().split()[1])
    report = dict(started=time.strftime('%Y-%m-%d %H:%M:%S %Z'), loadavg_start=loadavg(),
                  machine=dict(cpus=os.cpu_count(), mem_gib=round(mem_kb / 1024 / 1024, 1),
                               uname=' '.join(os.uname())),
                  engines={}, args=vars(args))
    data = ensure_data(args)
    report['data'] = data
    git = subprocess.run(['git', '-C', REPO, 'rev-parse', 'HEAD'], capture_output=True, text=True)
    report['growloop_commit'] = git.stdout.strip() if git.returncode == 0 else None
    if os.path.isfile(args.growloop):
        st = os.stat(args.growloop)
        report['growloop_binary'] = dict(path=args.growloop, bytes=st.st_size,
                                         mtime=time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(st.st_mtime)))

    bench = dict(growloop=bench_growloop,
                 growloop_wal=lambda *a: bench_growloop(*a, wal=True),
                 clickhouse=bench_clickhouse, duckdb=bench_duckdb)
    for name in engines:
        if name in ('growloop', 'growloop_wal'):
            why = growloop_available(args)
            if why:
                log('skipping Growloop: ' + why)
                report['engines'][name] = dict(skipped=why, runs=[])
                continue
        runs = []
        for run in range(1, args.runs + 1):
            t0 = time.time()
            r = bench[name](args, data, args.work_dir, run)
            r['loadavg_during'] = sampler.summary(t0, time.time())
            if r.get('skipped'):
                log('skipping %s: %s' % (name, r['skipped']))
                report['engines'][name] = dict(skipped=r['skipped'], runs=[])
                break
            runs.append(derive(r, data))
            if r.get('load_s'):
                log('%s run %d: %.1f s, %s events/s, %s bytes on disk, load avg %s' % (
                    name, run, r['load_s'], fmt_int(r.get('events_per_s')), fmt_int(r.get('disk_bytes')),
                    r['loadavg_during']))
        else:
            report['engines'][name] = dict(runs=runs, median=pick_median(runs))

    if 'growloop' in engines and args.recovery != 'off':
        why = growloop_available(args)
        if why:
            report['recovery'] = dict(skipped=why)
        else:
            t0 = time.time()
            rec = bench_recovery(args, data, args.work_dir)
            rec['loadavg_during'] = sampler.summary(t0, time.time())
            report['recovery'] = rec

    ratios = {}
    for mine in ('growloop', 'growloop_wal'):
        g = (report['engines'].get(mine) or {}).get('median') or {}
        if not g.get('events_per_s'):
            continue
        prefix = '' if mine == 'growloop' else 'import --wal ÷ '
        for peer in ('clickhouse', 'duckdb'):
            p = (report['engines'].get(peer) or {}).get('median') or {}
            if not p.get('events_per_s'):
                continue
            ratios[prefix + peer] = r = dict(
                events_per_s=g['events_per_s'] / p['events_per_s'],
                bytes_per_event=(g['bytes_per_event'] / p['bytes_per_event'])
                if g.get('bytes_per_event') and p.get('bytes_per_event') else None,
                peak_rss=(g['peak_rss_kb'] / p['peak_rss_kb'])
                if g.get('peak_rss_kb') and p.get('peak_rss_kb') else None)
            if peer == 'clickhouse' and p.get('insert_s'):
                ratios[prefix + 'clickhouse_insert_only'] = dict(
                    events_per_s=g['events_per_s'] / (p['rows'] / p['insert_s']),
                    bytes_per_event=r['bytes_per_event'], peak_rss=r['peak_rss'])
    report['ratios'] = ratios
    report['loadavg_end'] = loadavg()
    report['finished'] = time.strftime('%Y-%m-%d %H:%M:%S %Z')
    sampler.stop()
    report['loadavg_samples'] = [(round(t, 1), v) for t, v in sampler.samples]

    md = markdown(report)
    print(md)
    if args.md:
        with open(args.md, 'w') as f:
            f.write(md + '\n')
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, 'w') as f:
        json.dump(report, f, indent=1, default=str)
    log('wrote %s' % args.out)


if __name__ == '__main__':
    if len(sys.argv) == 6 and sys.argv[1] == '--duckdb-child':
        duckdb_child(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        main()
