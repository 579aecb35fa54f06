#!/usr/bin/env python3
"""Marketing costs from the command line and over HTTP, and the ltv query that reads them.

`growloop import-costs` stores a CSV file; importing a corrected file replaces the spend of the
same (date, channel, campaign); a file with one bad row fails naming its line and stores
nothing. `growloop query ltv` and POST /api/v1/query/ltv then give the same, hand-computed
answer, and GET /api/v1/costs lists what was stored.

Usage: test_costs_ltv.py --growloop PATH_TO_BINARY
"""

import argparse
import json
import os
import subprocess
import tempfile

from growloop_it import Server, fail

EVENTS = [
    dict(event_id='e1', ts='2026-01-05T10:00:00Z', user_id='p1', event='app_open', channel='douyin'),
    dict(event_id='e2', ts='2026-01-06T10:00:00Z', user_id='p1', event='purchase', channel='douyin',
         amount=120),
    dict(event_id='e3', ts='2026-01-06T09:00:00Z', user_id='p2', event='app_open', channel='douyin'),
]
QUERY = {'from': '2026-01-05', 'to': '2026-01-31', 'period': 'week', 'curve_days': 3}


def run(cmd, expect=0, stdin=None):
    proc = subprocess.run(cmd, capture_output=True, text=True, input=stdin)
    if proc.returncode != expect:
        fail('%s exited %d, expected %d\n--- stdout\n%s\n--- stderr\n%s'
             % (' '.join(cmd), proc.returncode, expect, proc.stdout[-2000:], proc.stderr[-2000:]))
    return proc


def write(path, text):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


def check_answer(a, how):
    """Two persons acquired on douyin in week 2026-01-05, revenue 120 (p1 on day 1), spend
    140 + 50 = 190. LTV7 = 120 / 2 = 60 (both observable: the range ends 2026-02-01);
    LTV30 not observable (2026-01-05 + 30 days is past the end); CAC = 190 / 2 = 95;
    LTV7 / CAC = 60 / 95 = 0.631579; ROI = (120 - 190) / 190 = -0.368421.
    Curve: day 0 nothing, day 1 and 2: 60 per person."""
    if [c['channel'] for c in a['channels']] != ['douyin']:
        fail('%s: channels %s' % (how, a['channels']))
    d = a['channels'][0]
    want = {'persons': 2, 'revenue': 120, 'ltv7': 60, 'ltv7_persons': 2, 'ltv30': None,
            'ltv30_persons': 0, 'spend': 190, 'cac': 95, 'ltv7_cac': 0.631579, 'roi': -0.368421}
    for k, v in want.items():
        if d[k] != v:
            fail('%s: %s = %r, expected %r' % (how, k, d[k], v))
    if [c['cohort'] for c in d['cohorts']] != ['2026-01-05']:
        fail('%s: cohorts %s' % (how, d['cohorts']))
    if d['curve'] != {'persons': [2, 2, 2], 'revenue_per_person': [0, 60, 60]}:
        fail('%s: curve %s' % (how, d['curve']))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--growloop', required=True)
    g = ap.parse_args().growloop
    with tempfile.TemporaryDirectory(prefix='growloop_costs_') as tmp:
        data = os.path.join(tmp, 'data')
        events = os.path.join(tmp, 'events.jsonl')
        write(events, ''.join(json.dumps(e) + '\n' for e in EVENTS))
        run([g, 'import', events, '--data-dir', data, '--no-progress'])

        costs = os.path.join(tmp, 'costs.csv')
        write(costs, 'date,channel,campaign,spend,currency\n'
                     '2026-01-05,douyin,dy_kol_beauty,100,CNY\n'
                     '2026-01-06,douyin,dy_live_sale,50,CNY\n')
        out = run([g, 'import-costs', costs, '--data-dir', data]).stdout
        if '2 added, 0 replaced' not in out:
            fail('first import-costs: ' + out)
        # A corrected file: the same key with a new spend replaces it (no double counting).
        write(costs, 'date,channel,campaign,spend,currency\n'
                     '2026-01-05,douyin,dy_kol_beauty,140,CNY\n')
        out = run([g, 'import-costs', costs, '--data-dir', data, '--project', 'default']).stdout
        if '0 added, 1 replaced' not in out:
            fail('second import-costs: ' + out)
        # One bad row: the file is refused, naming the line and the field; nothing is stored.
        bad = os.path.join(tmp, 'bad.csv')
        write(bad, 'date,channel,campaign,spend\n'
                   '2026-01-07,douyin,dy_topview,10\n'
                   '2026-01-08,douyin,dy_topview,ten\n')
        err = run([g, 'import-costs', bad, '--data-dir', data], expect=1).stderr
        if 'bad.csv line 3: spend: must be a number' not in err:
            fail('bad file: ' + err)

        a = json.loads(run([g, 'query', 'ltv', '--data-dir', data, '--format', 'json'],
                           stdin=json.dumps(QUERY)).stdout)
        check_answer(a, 'growloop query')
        table = run([g, 'query', 'ltv', '--data-dir', data], stdin=json.dumps(QUERY)).stdout
        if 'douyin' not in table or 'total' not in table:
            fail('table output: ' + table)

        s = Server(g, data)
        try:
            status, listed = s.get('/api/v1/costs')
            if status != 200:
                fail('GET /api/v1/costs: %d %s' % (status, listed))
            got = [(c['date'], c['campaign'], c['spend']) for c in listed['costs']]
            if got != [('2026-01-05', 'dy_kol_beauty', 140), ('2026-01-06', 'dy_live_sale', 50)]:
                fail('costs listed: %s' % got)
            status, a = s.request('POST', '/api/v1/query/ltv', json.dumps(QUERY).encode(),
                                  {'Content-Type': 'application/json'})
            if status != 200:
                fail('POST /api/v1/query/ltv: %d %s' % (status, a))
            check_answer(a, 'HTTP')
        finally:
            s.stop()
    print('ok: costs import, replace, all-or-nothing, and the ltv query')


if __name__ == '__main__':
    main()
