#!/usr/bin/env python3
"""The real SDKs against the real server: each of the Segment, RudderStack, PostHog, Mixpanel,
Amplitude and Sensors Data SDKs, as published on npm (pinned in tests/compat/package.json), is
driven by tests/compat/drive.js against a `growloop serve` started here. The SDK tracks events
anonymously, identifies (anonymous -> user) with person properties, aliases where it can,
updates person properties in its own syntax, updates a group where it has groups, and tracks as
the user. Then, through the HTTP API: both ids name one person with exactly the events sent (by
name and count), the user id as known id, the person properties folded from every update and
the groups the events named; every group's properties; the project's event totals; and no
message was rejected or taken for a duplicate.

Needs node 20 or later and the packages (`make compat-deps`); without such a node it is skipped.

Usage: test_sdk_clients.py --growloop PATH_TO_BINARY [--sdk NAME ...]
"""

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

from growloop_it import Server, fail, write_key

SDKS = ['segment', 'rudderstack', 'posthog', 'mixpanel', 'amplitude', 'sensors']
COMPAT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'compat')
DRIVER = os.path.join(COMPAT, 'drive.js')
DRIVER_TIMEOUT = 60  # seconds per SDK; the driver gives up on its own after 45
NODE_MAJOR = 20  # the oldest node the pinned SDKs declare they run on
MISSING = object()


class Checks:
    """Counts assertions; prints each failing one with what was expected and what came."""

    def __init__(self):
        self.passed = 0
        self.failed = []

    def eq(self, what, expected, actual):
        if actual is not MISSING and expected == actual:
            self.passed += 1
            return True
        self.failed.append(what)
        shown = '(not in the answer)' if actual is MISSING else json.dumps(actual, sort_keys=True)
        print('FAIL: %s\n  expected: %s\n  actual:   %s' % (what, json.dumps(expected, sort_keys=True), shown))
        if isinstance(expected, dict) and isinstance(actual, dict):
            for k in sorted(set(expected) | set(actual)):
                if expected.get(k, MISSING) != actual.get(k, MISSING):
                    print('    %s: expected %s, got %s' % (
                        k, 'nothing' if k not in expected else json.dumps(expected[k]),
                        'nothing' if k not in actual else json.dumps(actual[k])))
        return False

    def true(self, what, ok, detail=''):
        if ok:
            self.passed += 1
        else:
            self.failed.append(what)
            print('FAIL: %s%s' % (what, ('\n  ' + detail) if detail else ''))
        return ok


def check_node():
    node = shutil.which('node')
    if not node:
        print('SKIP: node is not installed; the SDK compatibility test needs node %d or later '
              'and `make compat-deps`' % NODE_MAJOR)
        sys.exit(0)
    version = subprocess.run([node, '--version'], capture_output=True, text=True).stdout.strip()
    m = re.match(r'v(\d+)', version)
    if not m or int(m.group(1)) < NODE_MAJOR:
        print('SKIP: node %s is older than %d, which the pinned SDKs (posthog-node, '
              '@segment/analytics-node) require' % (version or '(unknown version)', NODE_MAJOR))
        sys.exit(0)
    return node


def check_packages():
    """Every pinned SDK is installed in tests/compat/node_modules at its pinned version."""
    how = 'run `make compat-deps` (or `make test`, which runs it)'
    if not os.path.isdir(os.path.join(COMPAT, 'node_modules')):
        fail('tests/compat/node_modules is missing: the SDK packages are not installed; ' + how)
    with open(os.path.join(COMPAT, 'package.json')) as f:
        wanted = json.load(f)['dependencies']
    problems = []
    for name, version in sorted(wanted.items()):
        manifest = os.path.join(COMPAT, 'node_modules', name, 'package.json')
        try:
            with open(manifest) as f:
                have = json.load(f).get('version')
        except OSError:
            problems.append('%s is not installed' % name)
            continue
        if not version.startswith('file:') and have != version:
            problems.append('%s is %s, the lock pins %s' % (name, have, version))
    if problems:
        fail('the SDK packages in tests/compat/node_modules are missing or stale (%s); %s'
             % ('; '.join(problems), how))


def drive(node, sdk, base, key, checks):
    """Runs the driver of `sdk`; the summary it printed, or None when there is none."""
    run = '%s-%s' % (sdk, secrets.token_hex(4))
    env = dict(os.environ, DRIVE_TIMEOUT_MS=str((DRIVER_TIMEOUT - 15) * 1000))
    try:
        p = subprocess.run([node, DRIVER, sdk, base, key, run], cwd=COMPAT, env=env,
                           capture_output=True, text=True, timeout=DRIVER_TIMEOUT)
    except subprocess.TimeoutExpired as e:
        err = e.stderr or b''  # bytes even in text mode
        checks.true('[%s] the driver finishes within %d s' % (sdk, DRIVER_TIMEOUT), False,
                    'stderr:\n' + (err.decode(errors='replace') if isinstance(err, bytes) else err)[-4000:])
        return None
    summary = None
    for line in reversed(p.stdout.splitlines()):
        if line.startswith('{'):
            try:
                summary = json.loads(line)
            except ValueError:
                pass
            break
    ok = p.returncode == 0 and summary is not None and summary.get('ok')
    detail = 'exit status %d; errors the SDK reported: %s\n  stderr:\n%s\n  stdout:\n%s' % (
        p.returncode, json.dumps(summary.get('errors') if summary else None, indent=2),
        p.stderr[-4000:], p.stdout[-2000:])
    checks.true('[%s] the SDK reports no error' % sdk, ok, detail)
    if summary is not None and 'person' not in summary:
        return None
    return summary


def person(server, distinct_id):
    return server.get('/api/v1/persons/%s?project=default&limit=1' % urllib.parse.quote(distinct_id, safe=''))


def check_sdk(server, s, checks):
    sdk = s['sdk']
    ids = s['ids']
    expected_ids = sorted(i for i in (ids['anonymous'], ids['user'], ids.get('alias')) if i)
    want = s['person']
    answers = {}
    for which in ('anonymous', 'user', 'alias'):
        i = ids.get(which)
        if not i:
            continue
        status, p = person(server, i)
        if not checks.eq('[%s] GET /api/v1/persons/%s: status' % (sdk, i), 200, status):
            print('  answer: %s' % p)
            continue
        answers[which] = p
        checks.eq('[%s] person of %s (%s id): distinct_ids' % (sdk, i, which), expected_ids,
                  sorted(p.get('distinct_ids', [])))
        checks.eq('[%s] person of %s: known_id' % (sdk, i), ids['user'], p.get('known_id', MISSING))
        checks.eq('[%s] person of %s: events' % (sdk, i), sum(want['event_counts'].values()),
                  p.get('events', MISSING))
        checks.eq('[%s] person of %s: event_counts' % (sdk, i), want['event_counts'],
                  p.get('event_counts', MISSING))
    person_ids = {json.dumps(p.get('person_id')) for p in answers.values()}
    checks.true('[%s] every id names the same person' % sdk,
                len(person_ids) == 1 and 'null' not in person_ids,
                'person_id per id: %s' % {w: p.get('person_id') for w, p in answers.items()})
    user = answers.get('user')
    if user is not None:
        checks.eq('[%s] person of %s: properties' % (sdk, ids['user']), want['properties'],
                  user.get('properties', MISSING))
        checks.eq('[%s] person of %s: groups' % (sdk, ids['user']), want['groups'],
                  user.get('groups', MISSING))
        for which, p in answers.items():
            if which != 'user':
                checks.eq('[%s] person of %s: the same properties as from the user id' % (sdk, ids[which]),
                          user.get('properties', MISSING), p.get('properties', MISSING))
    for other in s.get('more_persons', []):
        i = other['id']
        label = '[%s] %s (%s)' % (sdk, i, other['what'])
        status, p = person(server, i)
        if not checks.eq('%s: GET /api/v1/persons status' % label, 200, status):
            print('  answer: %s' % p)
            continue
        checks.eq('%s: distinct_ids' % label, [i], p.get('distinct_ids', MISSING))
        checks.eq('%s: events' % label, sum(other['event_counts'].values()), p.get('events', MISSING))
        checks.eq('%s: event_counts' % label, other['event_counts'], p.get('event_counts', MISSING))
        checks.eq('%s: properties' % label, other['properties'], p.get('properties', MISSING))
    for g in s['groups']:
        path = '/api/v1/groups/%s/%s?project=default' % (urllib.parse.quote(g['type'], safe=''),
                                                          urllib.parse.quote(g['key'], safe=''))
        status, answer = server.get(path)
        if not checks.eq('[%s] GET %s: status' % (sdk, path), 200, status):
            print('  answer: %s' % answer)
            continue
        checks.eq('[%s] group %s/%s: type and key' % (sdk, g['type'], g['key']),
                  [g['type'], g['key']], [answer.get('type'), answer.get('key')])
        checks.eq('[%s] group %s/%s: properties' % (sdk, g['type'], g['key']), g['properties'],
                  answer.get('properties', MISSING))


def capture_counters(server):
    """growloop_capture_events_total by its sdk_result label."""
    with urllib.request.urlopen(server.base + '/metrics', timeout=30) as r:
        text = r.read().decode()
    return {m.group(1): float(m.group(2)) for m in re.finditer(
        r'^growloop_capture_events_total\{sdk_result="([^"]+)"\} (\S+)$', text, re.M)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--growloop', required=True)
    ap.add_argument('--sdk', action='append', choices=SDKS, help='only these SDKs (default: all)')
    args = ap.parse_args()
    sdks = args.sdk or SDKS
    node = check_node()
    check_packages()
    checks = Checks()
    with tempfile.TemporaryDirectory(prefix='growloop_sdk_clients_') as tmp:
        data = os.path.join(tmp, 'data')
        server = Server(args.growloop, data)
        try:
            key = write_key(args.growloop, data)
            summaries = []
            for sdk in sdks:
                s = drive(node, sdk, server.base, key, checks)
                if s is not None:
                    summaries.append(s)
            for s in summaries:
                check_sdk(server, s, checks)

            status, answer = server.get('/api/v1/groups/company/never-seen-%s?project=default'
                                        % secrets.token_hex(4))
            checks.eq('GET /api/v1/groups of a group never seen: status', 404, status)

            # The project's totals are exactly what the drivers sent (the data dir is new).
            per_event = {}
            for s in summaries:
                more = [o['event_counts'] for o in s.get('more_persons', [])]
                for counts in [s['person']['event_counts'], s['other_events']] + more:
                    for name, n in counts.items():
                        per_event[name] = per_event.get(name, 0) + n
            status, stats = server.get('/api/v1/stats?project=default')
            if len(summaries) == len(sdks):
                checks.eq('GET /api/v1/stats: events', sum(per_event.values()), stats.get('events'))
                checks.eq('GET /api/v1/stats: per_event', per_event, stats.get('per_event'))

            # Nothing the SDKs sent was rejected, and nothing was taken for a retry.
            counters = capture_counters(server)
            bad = {k: v for k, v in counters.items()
                   if (k.endswith('/rejected') or k.endswith('/duplicate')) and v != 0}
            checks.eq('growloop_capture_events_total: rejected and duplicate messages', {}, bad)
        finally:
            server.stop()
    total = checks.passed + len(checks.failed)
    if checks.failed:
        print('sdk clients: %d of %d checks failed:' % (len(checks.failed), total))
        for what in checks.failed:
            print('  - ' + what)
        sys.exit(1)
    print('ok: %s: %d checks (one person per SDK with its events, properties and groups; '
          'group properties; project totals)' % (', '.join(sdks), total))


if __name__ == '__main__':
    main()
