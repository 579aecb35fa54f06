#!/usr/bin/env python3
"""A merge that arrives after the events it merges changes query answers at once: a funnel from
an anonymous id's events to a user id's events completes only after the identify call, unique
persons fall from two to one, and both answers hold for events stored before the merge (in the
memory table and, after a restart, in segments).

Usage: test_query_merge.py --growloop PATH_TO_BINARY
"""

import argparse
import json
import os
import tempfile

from growloop_it import Server, fail, segment, write_key


def query(server, kind, body):
    status, answer = server.request('POST', '/api/v1/query/%s?project=default' % kind,
                                    json.dumps(body).encode(), {'Content-Type': 'application/json'})
    if status != 200:
        fail('query %s %s: %d %s' % (kind, body, status, answer))
    return answer


FUNNEL = {'from': '2026-11-20', 'to': '2026-11-20', 'window_seconds': 3600,
          'steps': [{'event': 'view_item'}, {'event': 'purchase'}]}
UNIQUE = {'from': '2026-11-20', 'to': '2026-11-20', 'interval': 'all',
          'series': [{'event': '$all', 'math': 'unique_persons'}]}


def check(server, steps, unique, when):
    f = query(server, 'funnel', FUNNEL)
    got = [s['persons'] for s in f['steps']]
    if got != steps:
        fail('%s: funnel %s, expected %s' % (when, got, steps))
    u = query(server, 'trends', UNIQUE)['series'][0]['total']
    if u != unique:
        fail('%s: unique persons %s, expected %s' % (when, u, unique))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--growloop', required=True)
    g = ap.parse_args().growloop
    with tempfile.TemporaryDirectory(prefix='growloop_query_merge_') as tmp:
        data = os.path.join(tmp, 'data')
        s = Server(g, data)
        try:
            key = write_key(g, data)
            segment(s, key, [dict(type='track', event='view_item', messageId='v1',
                                  anonymousId='anon-7', timestamp='2026-11-20T10:00:00Z')])
            segment(s, key, [dict(type='track', event='purchase', messageId='p1',
                                  userId='user-7', timestamp='2026-11-20T10:20:00Z')])
            check(s, [1, 0], 2, 'before the merge')
            # The identify call comes last, with a time after both events.
            segment(s, key, [dict(type='identify', messageId='i1', anonymousId='anon-7',
                                  userId='user-7', timestamp='2026-11-20T11:00:00Z')])
            check(s, [1, 1], 1, 'after the merge')
            s.stop()
            s = Server(g, data)
            check(s, [1, 1], 1, 'after a restart')
        finally:
            s.stop()
    print('ok: a late merge changes funnel and unique counts retroactively')


if __name__ == '__main__':
    main()
