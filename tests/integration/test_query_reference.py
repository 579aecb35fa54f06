#!/usr/bin/env python3
"""Every query kind (trends, funnel, retention, rfm, persons) against an independent implementation.

Writes the deterministic demo data set (`growloop demo-data`, 3000 users over 20 days), imports
it, serves it, and asks `POST /api/v1/query/{kind}` a series of query variants covering the
options of docs/query-api.md: every trends math, interval and filter operator, breakdowns with
"$other" and "$none", formulas and compare; ordered, strict and any-order funnels with windows,
step windows and exclusions; first-time and recurring retention by day, week and month in both
modes; RFM with and without `as_of` and filters. Each answer is compared with the one computed
by query_reference.py from the raw CSV rows (persons are the components of ids linked by rows
carrying both a user id and an anonymous id): counts exactly, other numbers to 1e-9 relative,
money to the cent. Bad queries must get 400 `invalid_argument` naming the field at fault.

Usage: test_query_reference.py --growloop PATH_TO_BINARY [--only SUBSTRING]
Exits non-zero after printing, for every differing query, the query and both answers.
"""

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile

from growloop_it import Server, fail
import query_reference as ref

RANGE = {'from': '2026-01-01', 'to': '2026-01-20'}
ACTIVE = {'property': '$event', 'op': 'not_in', 'value': ['push_received', 'ad_click',
                                                         'app_uninstall']}

# (name, kind, body). Every body is complete: the reference reads the same body.
VARIANTS = [
    # --- trends: maths and intervals
    ('trends total per day', 'trends',
     dict(RANGE, interval='day', series=[{'event': 'purchase', 'math': 'total'}])),
    ('trends default math and interval, $all events', 'trends',
     dict(RANGE, series=[{}, {'event': '$all'}])),
    ('trends unique persons per week, range from a Thursday', 'trends',
     dict(RANGE, interval='week', series=[{'event': 'app_open', 'math': 'unique_persons'}])),
    ('trends sum per month over a range wider than the data', 'trends',
     {'from': '2025-12-20', 'to': '2026-02-10', 'interval': 'month',
      'series': [{'event': 'purchase', 'math': 'sum', 'property': 'amount'}]}),
    ('trends avg, min, max over the whole range', 'trends',
     dict(RANGE, interval='all', series=[
         {'event': 'purchase', 'math': 'avg', 'property': 'amount'},
         {'event': 'purchase', 'math': 'min', 'property': 'amount'},
         {'event': 'purchase', 'math': 'max', 'property': 'amount'}])),
    ('trends median and p90 per day', 'trends',
     dict(RANGE, interval='day', series=[
         {'event': 'purchase', 'math': 'median', 'property': 'amount'},
         {'event': 'purchase', 'math': 'p90', 'property': 'amount'}])),
    ('trends median and p90 per week', 'trends',
     dict(RANGE, interval='week', series=[
         {'event': 'purchase', 'math': 'median', 'property': 'amount'},
         {'event': 'purchase', 'math': 'p90', 'property': 'amount'}])),
    ('trends min/max/avg per hour with RFC 3339 bounds (empty hours are null)', 'trends',
     {'from': '2026-01-10T05:30:00Z', 'to': '2026-01-11T02:15:00Z', 'interval': 'hour',
      'series': [{'event': 'purchase', 'math': 'total'},
                 {'event': 'purchase', 'math': 'min', 'property': 'amount'},
                 {'event': 'purchase', 'math': 'max', 'property': 'amount'},
                 {'event': 'purchase', 'math': 'avg', 'property': 'amount'}]}),
    ('trends dau, wau, mau per day (windows reach before the range)', 'trends',
     {'from': '2026-01-08', 'to': '2026-01-20', 'interval': 'day', 'filters': ACTIVE,
      'series': [{'math': 'dau'}, {'math': 'wau'}, {'math': 'mau'}]}),
    ('trends wau and stickiness per week over whole weeks', 'trends',
     {'from': '2026-01-05', 'to': '2026-01-18', 'interval': 'week',
      'series': [{'event': 'app_open', 'math': 'wau'},
                 {'event': 'app_open', 'math': 'stickiness'}]}),
    ('trends dau per week (the day ending each bucket)', 'trends',
     {'from': '2026-01-05', 'to': '2026-01-18', 'interval': 'week',
      'series': [{'event': 'app_open', 'math': 'dau'}]}),
    ('trends stickiness per day', 'trends',
     {'from': '2026-01-10', 'to': '2026-01-20', 'filters': ACTIVE,
      'series': [{'math': 'stickiness'}]}),
    ('trends per day over partial days given with a zone offset', 'trends',
     {'from': '2026-01-10T08:00:00+08:00', 'to': '2026-01-12T17:45:10.5Z', 'interval': 'day',
      'series': [{'event': 'app_open', 'math': 'unique_persons'},
                 {'event': 'purchase', 'math': 'median', 'property': 'amount'}]}),
    ('trends over a range without events', 'trends',
     {'from': '2025-11-01', 'to': '2025-11-03',
      'series': [{'event': 'purchase'}, {'event': 'purchase', 'math': 'avg', 'property': 'amount'},
                 {'event': 'purchase', 'math': 'unique_persons'}]}),
    # --- trends: filters
    ('trends filters eq / neq (neq keeps rows without the property)', 'trends',
     dict(RANGE, series=[
         {'event': 'view_item', 'filters': {'property': 'campaign', 'op': 'eq',
                                            'value': 'dy_spring_haul'}},
         {'event': 'view_item', 'filters': {'property': 'campaign', 'op': 'neq',
                                            'value': 'dy_spring_haul'}}])),
    ('trends filters in / not_in', 'trends',
     dict(RANGE, interval='week', series=[
         {'event': 'add_to_cart', 'filters': {'property': 'category', 'op': 'in',
                                              'value': ['books', 'toys', 'nothing']}},
         {'filters': {'property': 'category', 'op': 'not_in', 'value': ['books', 'toys']}}])),
    ('trends filters contains / regex', 'trends',
     dict(RANGE, series=[
         {'filters': {'property': 'campaign', 'op': 'contains', 'value': 'feed'}},
         {'filters': {'property': 'city', 'op': 'regex', 'value': '^(Sh|Gu)an'}},
         {'filters': {'property': 'campaign', 'op': 'regex', 'value': 'terms$'}}])),
    ('trends filters gt / lt / gte / lte / between', 'trends',
     dict(RANGE, interval='week', series=[
         {'event': 'purchase', 'filters': {'property': 'amount', 'op': 'gt', 'value': 300}},
         {'event': 'purchase', 'filters': {'property': 'amount', 'op': 'lt', 'value': 100}},
         {'event': 'purchase', 'math': 'sum', 'property': 'amount',
          'filters': {'property': 'amount', 'op': 'gte', 'value': 199.9}},
         {'event': 'purchase', 'filters': {'property': 'amount', 'op': 'lte', 'value': 88.8}},
         {'filters': {'property': 'amount', 'op': 'between', 'value': [100, 250.5]}}])),
    ('trends filters on numbers: eq / neq / in, and a number op on a string property', 'trends',
     dict(RANGE, interval='all', series=[
         {'filters': {'property': 'amount', 'op': 'eq', 'value': 129.9}},
         {'event': 'purchase', 'filters': {'property': 'amount', 'op': 'neq', 'value': 129.9}},
         {'filters': {'property': 'amount', 'op': 'in', 'value': [59, 129.9, 'x']}},
         {'filters': {'property': 'city', 'op': 'gt', 'value': 0}}])),
    ('trends filters is_set / is_not_set', 'trends',
     dict(RANGE, series=[
         {'filters': {'property': 'item_id', 'op': 'is_set'}},
         {'filters': {'property': 'campaign', 'op': 'is_not_set'}},
         {'event': 'search', 'filters': {'property': 'nonexistent', 'op': 'is_not_set'}}])),
    ('trends filters and / or, $event and $distinct_id, global and series filters', 'trends',
     dict(RANGE, filters={'property': 'platform', 'op': 'neq', 'value': 'web'}, series=[
         {'filters': {'or': [
             {'and': [{'property': '$event', 'op': 'eq', 'value': 'purchase'},
                      {'property': 'amount', 'op': 'gt', 'value': 150}]},
             {'property': '$event', 'op': 'in', 'value': ['signup', 'share']}]}},
         {'math': 'unique_persons', 'filters': {'and': [
             {'property': 'channel', 'op': 'in', 'value': ['douyin', 'wechat', 'push']},
             {'property': 'city', 'op': 'neq', 'value': 'Beijing'}]}},
         {'filters': {'property': '$distinct_id', 'op': 'regex', 'value': '^u[0-9]*7$'}}])),
    # --- trends: breakdown, formula, compare
    ('trends breakdown by channel, limit 3, two series', 'trends',
     dict(RANGE, interval='week', series=[{'event': 'view_item'},
                                          {'event': 'purchase', 'math': 'unique_persons'}],
          breakdown={'property': 'channel', 'limit': 3})),
    ('trends breakdown by campaign ("$none" ranks with the values)', 'trends',
     dict(RANGE, series=[{'event': 'app_open'},
                         {'event': 'purchase', 'math': 'sum', 'property': 'amount'}],
          breakdown={'property': 'campaign', 'limit': 4})),
    ('trends breakdown by category, limit larger than the values (no "$other")', 'trends',
     dict(RANGE, interval='all', series=[{'event': 'search'}, {'event': 'view_item'}],
          breakdown={'property': 'category', 'limit': 50})),
    ('trends breakdown by city, default limit, p90', 'trends',
     dict(RANGE, interval='month', series=[
         {'event': 'purchase'}, {'event': 'purchase', 'math': 'p90', 'property': 'amount'}],
          breakdown={'property': 'city'})),
    ('trends formula A / B per day', 'trends',
     dict(RANGE, series=[{'event': 'purchase'}, {'event': 'checkout'}], formula='A / B')),
    ('trends formula with a breakdown', 'trends',
     dict(RANGE, interval='week', series=[{'event': 'purchase', 'math': 'unique_persons'},
                                          {'event': 'app_open', 'math': 'unique_persons'}],
          formula='A / B', breakdown={'property': 'platform', 'limit': 2})),
    ('trends formula with constants and parentheses', 'trends',
     dict(RANGE, interval='week', series=[{'event': 'checkout'}, {'event': 'purchase'}],
          formula='(A - B) * 100 / A')),
    ('trends compare with the previous period', 'trends',
     {'from': '2026-01-11', 'to': '2026-01-20', 'compare': True,
      'series': [{'event': 'purchase'},
                 {'event': 'purchase', 'math': 'sum', 'property': 'amount'}]}),
    # --- funnel
    ('funnel ordered, default window', 'funnel',
     dict(RANGE, steps=[{'event': 'app_open'}, {'event': 'view_item'},
                        {'event': 'add_to_cart'}, {'event': 'purchase'}])),
    ('funnel window_seconds and within_seconds', 'funnel',
     dict(RANGE, window_seconds=1800,
          steps=[{'event': 'app_open'}, {'event': 'view_item', 'within_seconds': 30},
                 {'event': 'add_to_cart', 'within_seconds': 120},
                 {'event': 'checkout'}, {'event': 'purchase', 'within_seconds': 60}])),
    ('funnel over days: ad click to purchase within a week', 'funnel',
     dict(RANGE, window_seconds=7 * 86400,
          steps=[{'event': 'ad_click'}, {'event': 'signup'}, {'event': 'purchase'}])),
    ('funnel ordered, one event per step when steps repeat', 'funnel',
     dict(RANGE, window_seconds=600,
          steps=[{'event': 'view_item'}, {'event': 'view_item'}, {'event': 'view_item'},
                 {'event': 'add_to_cart', 'within_seconds': 20}])),
    ('funnel strict order', 'funnel',
     dict(RANGE, order='strict',
          steps=[{'event': 'app_open'}, {'event': 'search'}, {'event': 'view_item'},
                 {'event': 'add_to_cart'}])),
    ('funnel strict order with a repeated step', 'funnel',
     dict(RANGE, order='strict', window_seconds=900,
          steps=[{'event': 'app_open'}, {'event': 'view_item'}, {'event': 'view_item'},
                 {'event': 'add_to_cart'}])),
    ('funnel any order', 'funnel',
     dict(RANGE, order='any', window_seconds=3600,
          steps=[{'event': 'search'}, {'event': 'share'}, {'event': 'add_to_cart'}])),
    ('funnel any order, two hours', 'funnel',
     dict(RANGE, order='any', window_seconds=7200,
          steps=[{'event': 'app_open'}, {'event': 'add_to_cart'}, {'event': 'share'}])),
    ('funnel breakdown, first touch', 'funnel',
     dict(RANGE, steps=[{'event': 'app_open'}, {'event': 'view_item'}, {'event': 'purchase'}],
          breakdown={'property': 'platform'})),
    ('funnel step filters and global filters', 'funnel',
     dict(RANGE, filters={'property': 'platform', 'op': 'in', 'value': ['ios', 'android']},
          steps=[{'event': 'view_item', 'filters': {'property': 'category', 'op': 'eq',
                                                    'value': 'electronics'}},
                 {'event': 'add_to_cart', 'filters': {'property': 'category', 'op': 'eq',
                                                      'value': 'electronics'}},
                 {'event': 'purchase', 'filters': {'property': 'amount', 'op': 'gt',
                                                   'value': 200}}])),
    ('funnel with an exclusion between adjacent steps', 'funnel',
     dict(RANGE, window_seconds=3600,
          steps=[{'event': 'app_open'}, {'event': 'add_to_cart'}, {'event': 'purchase'}],
          exclusions=[{'event': 'search', 'from_step': 0, 'to_step': 1}])),
    ('funnel over a range ending mid-day, $all as a step', 'funnel',
     {'from': '2026-01-12T08:00:00Z', 'to': '2026-01-14T13:30:00Z', 'window_seconds': 600,
      'steps': [{'event': 'push_opened'}, {'event': '$all', 'filters': {
          'property': '$event', 'op': 'eq', 'value': 'view_item'}}, {'event': 'add_to_cart'}]}),
    # --- retention
    ('retention first_time per day, same start and return event', 'retention',
     dict(RANGE, start_event={'event': 'app_open'}, return_event={'event': 'app_open'},
          period='day', periods=7)),
    ('retention first_time per week, return event purchase', 'retention',
     dict(RANGE, start_event={'event': 'signup'}, return_event={'event': 'purchase'},
          start='first_time', period='week', periods=4)),
    ('retention first_time counts the first start in the range', 'retention',
     {'from': '2026-01-06', 'to': '2026-01-16', 'start_event': {'event': 'purchase'},
      'return_event': {'event': 'purchase'}, 'period': 'day', 'periods': 12}),
    ('retention recurring per day, on_or_after, any return event', 'retention',
     dict(RANGE, start_event={'event': 'push_opened'}, start='recurring', mode='on_or_after',
          period='day', periods=10)),
    ('retention recurring per week, on, with filters', 'retention',
     dict(RANGE, filters={'property': 'platform', 'op': 'eq', 'value': 'miniprogram'},
          start_event={'event': 'view_item', 'filters': {'property': 'category', 'op': 'eq',
                                                         'value': 'apparel'}},
          return_event={'event': 'add_to_cart'}, start='recurring', mode='on', period='week',
          periods=3)),
    ('retention first_time per month, on_or_after', 'retention',
     {'from': '2025-12-15', 'to': '2026-02-05', 'start_event': {'event': 'signup'},
      'period': 'month', 'periods': 2, 'mode': 'on_or_after'}),
    # --- persons
    ('persons of any event, the latest active first', 'persons', dict(RANGE)),
    ('persons by a property of their events, most events first', 'persons',
     dict(RANGE, filters={'property': 'city', 'op': 'eq', 'value': 'Shanghai'}, order='events',
          limit=25)),
    ('persons with a purchase over 100 in a sub-range', 'persons',
     {'from': '2026-01-04T06:00:00Z', 'to': '2026-01-15T18:30:00Z', 'limit': 10,
      'event': {'event': 'purchase', 'filters': {'property': 'amount', 'op': 'gt', 'value': 100}}}),
    ('persons by an id fragment (anonymous ids count for their person)', 'persons',
     dict(RANGE, filters={'property': '$distinct_id', 'op': 'contains', 'value': 'a1'},
          limit=0)),
    # --- rfm
    ('rfm defaults', 'rfm', dict(RANGE)),
    ('retention revenue, purchases after the first app_open', 'retention',
     dict(RANGE, start_event={'event': 'app_open'}, return_event={'event': 'purchase'},
          period='day', periods=7, value={'math': 'sum', 'property': 'amount'})),
    ('retention revenue, recurring, on_or_after', 'retention',
     dict(RANGE, start_event={'event': 'view_item'}, return_event={'event': 'purchase'},
          start='recurring', mode='on_or_after', period='week', periods=2,
          value={'math': 'sum', 'property': 'amount'})),
    ('retention breakdown by platform', 'retention',
     dict(RANGE, start_event={'event': 'app_open'}, return_event={'event': 'app_open'},
          period='day', periods=5, breakdown={'property': 'platform'})),
    ('rfm as_of after the range, sub-range, filters', 'rfm',
     {'from': '2026-01-05', 'to': '2026-01-15', 'as_of': '2026-01-31', 'limit': 25,
      'filters': {'property': 'platform', 'op': 'eq', 'value': 'ios'}}),
    ('rfm other purchase event and amount property', 'rfm',
     dict(RANGE, as_of='2026-01-20', purchase_event='checkout', amount_property='amount',
          limit=0)),
]

# (kind, body, the field the error must name)
BAD = [
    ('funnel', dict(RANGE, order='any', steps=[{'event': 'app_open'},
                                               {'event': 'share', 'within_seconds': 60}]),
     'steps[1].within_seconds'),
    ('funnel', dict(RANGE, steps=[{'event': 'a'}, {'event': 'b'}],
                    breakdown={'property': 'channel', 'attribution': 'last'}),
     'breakdown.attribution'),
    ('funnel', dict(RANGE, steps=[{'event': 'a'}, {'event': 'b'}],
                    persons={'step': 0, 'status': 'dropped'}),
     'persons.step'),
    ('funnel', dict(RANGE, steps=[{'event': 'app_open'},
                                  {'event': 'view_item', 'within_seconds': -5}]),
     'steps[1].within_seconds'),
    ('funnel', dict(RANGE, steps=[{'event': 'app_open'}]), 'steps'),
    ('funnel', dict(RANGE, steps=[{'event': 'a', 'within_seconds': 5}, {'event': 'b'}]),
     'steps[0].within_seconds'),
    ('funnel', dict(RANGE, steps=[{'event': 'a'}, {'event': 'b'}, {'event': 'c'}],
                    exclusions=[{'event': 'd', 'from_step': 1, 'to_step': 1}]),
     'exclusions[0].to_step'),
    ('funnel', dict(RANGE, steps=[{'event': 'a'}, {'event': 'b'}], order='sideways'), 'order'),
    ('trends', dict(RANGE, series=[{'event': 'purchase', 'math': 'mode'}]), 'series[0].math'),
    ('trends', dict(RANGE), 'series'),
    ('trends', dict(RANGE, series=[{'math': 'sum'}]), 'series[0].property'),
    ('trends', {'from': '2026-13-01', 'to': '2026-01-20', 'series': [{}]}, 'from'),
    ('trends', {'from': '2026-01-01', 'to': 'next week', 'series': [{}]}, 'to'),
    ('trends', dict(RANGE, series=[{}], interval='fortnight'), 'interval'),
    ('trends', dict(RANGE, series=[{}], formula='A / C'), 'formula'),
    ('trends', dict(RANGE, series=[{}], breakdown={'property': 'city', 'limit': 0}),
     'breakdown.limit'),
    ('trends', dict(RANGE, series=[{'filters': {'property': 'city', 'op': 'like',
                                                'value': 'x'}}]), 'series[0].filters.op'),
    ('trends', dict(RANGE, series=[{}], filters={'property': 'city', 'op': 'in',
                                                 'value': 'Beijing'}), 'filters.value'),
    ('trends', dict(RANGE, series=[{'filters': {'and': [
        {'property': 'city', 'op': 'regex', 'value': '(unclosed'}]}}]),
     'series[0].filters.and[0].value'),
    ('retention', dict(RANGE, period='day'), 'start_event'),
    ('retention', dict(RANGE, start_event={'event': 'a'}, value={'math': 'avg', 'property': 'x'}),
     'value.math'),
    ('retention', dict(RANGE, start_event={'event': 'a'}, persons={'cohort': '2026-01-05'}),
     'persons.period'),
    ('retention', dict(RANGE, start_event={'event': 'a'}, periods=0), 'periods'),
    ('retention', dict(RANGE, start_event={'event': 'a'}, mode='before'), 'mode'),
    ('persons', dict(RANGE, order='newest'), 'order'),
    ('persons', dict(RANGE, limit=10001), 'limit'),
    ('persons', dict(RANGE, event={'event': 'purchase', 'when': 'now'}), 'event.when'),
    ('rfm', dict(RANGE, as_of='2026-02-30'), 'as_of'),
    ('rfm', dict(RANGE, timeout_ms=0), 'timeout_ms'),
]


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        fail('%s exited with %d:\n%s%s' % (' '.join(cmd), proc.returncode, proc.stdout[-2000:],
                                           proc.stderr[-2000:]))
    return proc.stdout


def query(server, kind, body):
    """(status, answer); status 0 with the reason when no answer came."""
    try:
        return server.request('POST', '/api/v1/query/%s?project=default' % kind,
                              json.dumps(body).encode(), {'Content-Type': 'application/json'})
    except (OSError, http.client.HTTPException) as e:
        died = server.proc.poll()
        if died is None:
            return 0, 'no answer: %r' % e
        fail('growloop serve exited with %d on POST /api/v1/query/%s %s\n%s'
             % (died, kind, json.dumps(body), server.proc.stderr.read()[-3000:]))


# ---------------------------------------------------------------------------------------------
# Comparison: each function appends the differences it finds, one message each, to `diffs`.

def same_number(want, got, cents=False):
    if want is None or got is None:
        return want is None and got is None
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        return False
    if cents:
        return abs(want - got) < 0.005
    return abs(want - got) <= 1e-9 * max(1.0, abs(want), abs(got))


def compare_numbers(where, want, got, diffs, cents=False):
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            diffs.append('%s: expected %d values %s, got %s' % (where, len(want), want, got))
            return
        bad = [i for i in range(len(want)) if not same_number(want[i], got[i], cents)]
        if bad:
            diffs.append('%s differ at %s:\n      expected %s\n      actual   %s'
                         % (where, bad[:10], want, got))
    elif not same_number(want, got, cents):
        diffs.append('%s: expected %r, actual %r' % (where, want, got))


def series_key(s):
    return '%s%s%s' % (s.get('name'),
                       ' [%s]' % s['breakdown_value'] if 'breakdown_value' in s else '',
                       ' (%s)' % s['compare'] if 'compare' in s else '')


def is_empty(series):
    return all(v in (0, None) for v in series['values'])


def compare_trends(want, got, diffs):
    # An empty "$other" group may be left out of the answer.
    got_other = any(s.get('breakdown_value') == '$other' for s in got.get('series', []))
    others = [s for s in want['series'] if s.get('breakdown_value') == '$other']
    if others and not got_other and all(is_empty(s) for s in others):
        want = dict(want, series=[s for s in want['series'] if s not in others])
    for field in ('buckets', 'previous_buckets'):
        if field in want and want[field] != got.get(field):
            diffs.append('%s: expected %s, actual %s' % (field, want[field], got.get(field)))
    want_keys = [series_key(s) for s in want['series']]
    got_keys = [series_key(s) for s in got.get('series', [])]
    if want_keys != got_keys:
        diffs.append('series: expected %s, actual %s' % (want_keys, got_keys))
    got_by_key = {series_key(s): s for s in got.get('series', [])}
    for w in want['series']:
        key = series_key(w)
        g = got_by_key.get(key)
        if g is None:
            continue
        for field in ('event', 'math', 'property'):
            if w.get(field) != g.get(field):
                diffs.append('series %s %s: expected %r, actual %r' % (key, field, w.get(field),
                                                                       g.get(field)))
        compare_numbers('series %s values' % key, w['values'], g.get('values'), diffs)
        if 'total' in w:
            compare_numbers('series %s total' % key, w['total'], g.get('total'), diffs)


def compare_funnel(want, got, diffs):
    gs = got.get('steps', [])
    if len(gs) != len(want['steps']):
        diffs.append('steps: expected %d, actual %d' % (len(want['steps']), len(gs)))
        return
    for k, (w, g) in enumerate(zip(want['steps'], gs)):
        if w['event'] != g.get('event'):
            diffs.append('steps[%d].event: expected %r, actual %r' % (k, w['event'],
                                                                     g.get('event')))
        for field in ('persons', 'conversion_from_first', 'conversion_from_previous'):
            compare_numbers('steps[%d].%s' % (k, field), w[field], g.get(field), diffs)
    if 'breakdown' in want:
        groups = {g['breakdown_value']: g['persons'] for g in got.get('breakdown', {}).get('groups', [])}
        if groups != want['breakdown']:
            diffs.append('breakdown: expected %s, actual %s' % (want['breakdown'], groups))


def compare_retention(want, got, diffs):
    wc, gc = want['cohorts'], got.get('cohorts', [])
    if [c['date'] for c in wc] != [c.get('date') for c in gc]:
        diffs.append('cohort dates: expected %s, actual %s' % ([c['date'] for c in wc],
                                                               [c.get('date') for c in gc]))
        return
    for w, g in zip(wc, gc):
        compare_numbers('cohort %s persons' % w['date'], w['persons'], g.get('persons'), diffs)
        compare_numbers('cohort %s values' % w['date'], w['values'], g.get('values'), diffs)
    if 'breakdown' in want:
        groups = {g['breakdown_value']: g['cohorts'] for g in got.get('breakdown', {}).get('groups', [])}
        if sorted(groups) != sorted(want['breakdown']):
            diffs.append('breakdown values: expected %s, actual %s' % (sorted(want['breakdown']),
                                                                     sorted(groups)))
            return
        for label, cohorts in want['breakdown'].items():
            compare_retention({'cohorts': cohorts}, {'cohorts': groups[label]}, diffs)


def compare_rfm(data, body, want, got, diffs):
    for field in ('persons', 'sum_recency', 'sum_frequency'):
        compare_numbers(field, want[field], got.get(field), diffs)
    compare_numbers('sum_monetary', want['sum_monetary'], got.get('sum_monetary'), diffs,
                    cents=True)
    rows = got.get('rows', [])
    limit = body.get('limit', 100)
    if len(rows) != min(limit, want['persons']):
        diffs.append('rows: expected %d, actual %d' % (min(limit, want['persons']), len(rows)))
    seen = set()
    for row in rows:
        person = data.person_of(row.get('person', ''))
        if person in seen:
            diffs.append('rows: person %s listed twice' % row.get('person'))
        seen.add(person)
        w = want['by_person'].get(person)
        if w is None:
            diffs.append('rows: %s has no event in the range' % row.get('person'))
            continue
        actual = (row.get('recency'), row.get('frequency'), row.get('monetary'))
        if (actual[0], actual[1]) != w[:2] or not same_number(w[2], actual[2], cents=True):
            diffs.append('row of %s (recency, frequency, monetary): expected %s, actual %s'
                         % (row.get('person'), w, actual))


def compare_persons(data, body, want, got, diffs):
    for field in ('persons', 'events'):
        compare_numbers(field, want[field], got.get(field), diffs)
    rows = got.get('rows', [])
    shown = min(body.get('limit', 100), want['persons'])
    if len(rows) != shown:
        diffs.append('rows: expected %d, actual %d' % (shown, len(rows)))
    if got.get('more') != (want['persons'] > len(rows)):
        diffs.append('more: %r with %d of %d persons shown' % (got.get('more'), len(rows),
                                                              want['persons']))
    seen, keys = set(), []
    for row in rows:
        person = data.person_of(row.get('person', ''))
        if person in seen:
            diffs.append('rows: person %s listed twice' % row.get('person'))
        seen.add(person)
        w = want['by_person'].get(person)
        if w is None:
            diffs.append('rows: %s has no such event in the range' % row.get('person'))
            continue
        actual = (row.get('events'), ref.parse_timestamp(row.get('first_seen', '')),
                  ref.parse_timestamp(row.get('last_seen', '')))
        if actual != w:
            diffs.append('row of %s (events, first, last): expected %s, actual %s'
                         % (row.get('person'), w, actual))
        keys.append((-w[0], -w[2]) if body.get('order') == 'events' else (-w[2], -w[0]))
    if keys != want['order'][:len(keys)]:
        diffs.append('rows are not the first %d persons in %s order' %
                     (len(keys), body.get('order', 'last_seen')))


def check_variant(server, data, kind, body):
    """A list of differences (empty when Growloop agrees with the reference)."""
    status, got = query(server, kind, body)
    if status != 200 or not isinstance(got, dict):
        return ['status %d: %s' % (status, got)]
    want = getattr(ref, kind)(data, body)
    diffs = []
    if got.get('kind') != kind:
        diffs.append('kind: expected %r, actual %r' % (kind, got.get('kind')))
    if kind == 'trends':
        compare_trends(want, got, diffs)
    elif kind == 'funnel':
        compare_funnel(want, got, diffs)
    elif kind == 'retention':
        compare_retention(want, got, diffs)
    elif kind == 'persons':
        compare_persons(data, body, want, got, diffs)
    else:
        compare_rfm(data, body, want, got, diffs)
    return diffs


def check_bad(server, kind, body, field):
    status, got = query(server, kind, body)
    err = got.get('error', {}) if isinstance(got, dict) else {}
    if status != 400 or err.get('code') != 'invalid_argument' or err.get('field') != field:
        return ['expected 400 invalid_argument naming %r, actual %d %s' % (field, status, got)]
    return []


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--growloop', required=True, help='path to the growloop binary')
    ap.add_argument('--only', default='', help='run the variants whose name holds this')
    args = ap.parse_args()
    g = args.growloop
    if not os.path.exists(g):
        fail('no growloop binary at %s' % g)

    with tempfile.TemporaryDirectory(prefix='growloop_query_reference_') as tmp:
        events_csv = os.path.join(tmp, 'events.csv')
        data_dir = os.path.join(tmp, 'data')
        run([g, 'demo-data', '--out', events_csv, '--users', '3000', '--days', '20'])
        run([g, 'import', '--data-dir', data_dir, events_csv])
        data = ref.Dataset(events_csv)
        clashes = data.persons_with_equal_times()
        if clashes:
            fail('%d persons have two events at one instant; the funnel reference assumes none'
                 % len(clashes))

        failures, passed, bad_passed = [], 0, 0
        server = Server(g, data_dir)
        try:
            for name, kind, body in VARIANTS:
                if args.only not in name:
                    continue
                diffs = check_variant(server, data, kind, body)
                if diffs:
                    failures.append((name, kind, body, diffs))
                else:
                    passed += 1
            for kind, body, field in [] if args.only else BAD:
                diffs = check_bad(server, kind, body, field)
                if diffs:
                    failures.append(('bad query naming ' + field, kind, body, diffs))
                else:
                    bad_passed += 1
        finally:
            server.stop()

    for name, kind, body, diffs in failures:
        print('MISMATCH: %s\n  POST /api/v1/query/%s %s' % (name, kind, json.dumps(body)))
        for d in diffs[:20]:
            print('  - ' + d)
        if len(diffs) > 20:
            print('  ... and %d more differences' % (len(diffs) - 20))
    summary = ('%d query variants agree with the reference; %d bad queries get 400 '
               'invalid_argument naming the field' % (passed, bad_passed))
    if failures:
        sys.exit('FAIL: %d cases differ (%s)' % (len(failures), summary))
    print('ok: ' + summary)


if __name__ == '__main__':
    main()
