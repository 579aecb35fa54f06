#!/usr/bin/env python3
"""Dashboards end to end: saved over HTTP and from the command line, all answers in one call.

On the project's own demo data: the example dashboard (examples/dashboard-daily.json) is saved
with `growloop dashboard save`; over HTTP its results equal the answers of the same queries
sent one by one to POST /api/v1/query/{kind}; a second call is answered from the cache; events
captured afterwards make the next call compute new answers that count them; the dashboard and
its answers survive a restart; `growloop dashboard run` prints the same answers.

Usage: test_dashboards.py --growloop PATH_TO_BINARY
"""

import argparse
import json
import os
import subprocess
import tempfile

from growloop_it import Server, fail, segment, write_key

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(REPO, 'examples', 'dashboard-daily.json')


def run(cmd, expect=0):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != expect:
        fail('%s exited %d, expected %d\n--- stdout\n%s\n--- stderr\n%s'
             % (' '.join(cmd), proc.returncode, expect, proc.stdout[-2000:], proc.stderr[-2000:]))
    return proc


def without_stats(answer):
    return {k: v for k, v in answer.items() if k not in ('stats', 'project')}


def check_results(server, board, results, how):
    if [r['title'] for r in results['results']] != [i['title'] for i in board['items']]:
        fail('%s: titles %s' % (how, [r['title'] for r in results['results']]))
    for item, got in zip(board['items'], results['results']):
        if 'answer' not in got:
            fail('%s: %s failed: %s' % (how, item['title'], got.get('error')))
        status, alone = server.request('POST', '/api/v1/query/' + item['kind'],
                                       json.dumps(item['query']).encode(),
                                       {'Content-Type': 'application/json',
                                        'Cache-Control': 'no-cache'})
        if status != 200:
            fail('%s: %s alone: %d %s' % (how, item['title'], status, alone))
        if without_stats(got['answer']) != without_stats(alone):
            fail('%s: %s differs from the query sent alone' % (how, item['title']))


def dau_total(results):
    return sum(results['results'][0]['answer']['series'][0]['values'])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--growloop', required=True)
    g = ap.parse_args().growloop
    with open(EXAMPLE, encoding='utf-8') as f:
        board = json.load(f)
    with tempfile.TemporaryDirectory(prefix='growloop_dashboards_') as tmp:
        data = os.path.join(tmp, 'data')
        events = os.path.join(tmp, 'demo.csv')
        run([g, 'demo-data', '--out', events, '--users', '3000', '--days', '30'])
        run([g, 'import', events, '--data-dir', data, '--no-progress'])
        out = run([g, 'dashboard', 'save', '--data-dir', data, '--file', EXAMPLE]).stdout
        if 'created dashboard Daily operations (id 1) with 5 queries' not in out:
            fail('dashboard save: ' + out)
        # A bad dashboard is refused naming the field, and stores nothing.
        bad = dict(board, name='Broken')
        bad['items'] = [dict(board['items'][2], query=dict(board['items'][2]['query'], order='up'))]
        bad_file = os.path.join(tmp, 'bad.json')
        with open(bad_file, 'w', encoding='utf-8') as f:
            json.dump(bad, f)
        err = run([g, 'dashboard', 'save', '--data-dir', data, '--file', bad_file], expect=1).stderr
        if 'items[0].query.order' not in err:
            fail('bad dashboard: ' + err)

        s = Server(g, data)
        try:
            status, listed = s.get('/api/v1/dashboards')
            if status != 200 or [d['name'] for d in listed['dashboards']] != ['Daily operations']:
                fail('GET /api/v1/dashboards: %d %s' % (status, listed))
            status, first = s.get('/api/v1/dashboards/1/results')
            if status != 200:
                fail('results: %d %s' % (status, first))
            if first['stats']['cached'] != 0 or first['stats']['failed'] != 0:
                fail('first results: %s' % first['stats'])
            check_results(s, board, first, 'first call')
            status, again = s.get('/api/v1/dashboards/Daily%20operations/results')
            if status != 200 or again['stats']['cached'] != 5:
                fail('second call not from the cache: %d %s' % (status, again.get('stats')))

            # New events on 2026-01-10 (inside every saved range): the next call recomputes.
            key = write_key(g, data)
            segment(s, key, [dict(type='track', event='app_open', userId='newcomer-%d' % i,
                                  messageId='dash-new-%d' % i, timestamp='2026-01-10T08:00:00Z')
                             for i in range(3)])
            status, after = s.get('/api/v1/dashboards/1/results')
            if status != 200 or after['stats']['cached'] != 0:
                fail('after new events: %d %s' % (status, after.get('stats')))
            if dau_total(after) != dau_total(first) + 3:
                fail('daily actives %s after 3 new persons, %s before'
                     % (dau_total(after), dau_total(first)))
            check_results(s, board, after, 'after new events')
        finally:
            s.stop()

        s = Server(g, data)
        try:
            status, restarted = s.get('/api/v1/dashboards/1/results')
            if status != 200:
                fail('after restart: %d %s' % (status, restarted))
            if [without_stats(r['answer']) for r in restarted['results']] != \
                    [without_stats(r['answer']) for r in after['results']]:
                fail('answers changed across a restart')
        finally:
            s.stop()

        cli = json.loads(run([g, 'dashboard', 'run', 'Daily operations', '--data-dir', data,
                              '--format', 'json']).stdout)
        if [without_stats(r['answer']) for r in cli['results']] != \
                [without_stats(r['answer']) for r in after['results']]:
            fail('growloop dashboard run differs from the HTTP answers')
        table = run([g, 'dashboard', 'run', '1', '--data-dir', data]).stdout
        if '== Purchase funnel (1 day) (funnel)' not in table:
            fail('table output: ' + table[:500])
    print('ok: dashboards saved, answered in one call, cached, recomputed after new events')


if __name__ == '__main__':
    main()
