#!/usr/bin/env python3
"""Identity over HTTP: anonymous -> known merges count every event of the merged ids as one
person, retroactively; merge protection (two user ids, blocked values) refuses and counts; the
person API lists ids, counts and a paged timeline; merges survive a restart and a kill -9.

Usage: test_identity.py --growloop PATH_TO_BINARY
"""

import argparse
import json
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request

from growloop_it import Server, fail, segment, write_key


def persons(server):
    status, stats = server.request('GET', '/api/v1/stats?project=default')
    return stats['persons'], stats['identity']


def person(server, distinct_id, **query):
    q = urllib.parse.urlencode(dict(project='default', **query))
    return server.request('GET', '/api/v1/persons/%s?%s' % (urllib.parse.quote(distinct_id), q))


def track(event, n, mid, **ids):
    return [dict(type='track', event=event, messageId='%s-%d' % (mid, i),
                 timestamp='2026-11-20T10:%02d:00Z' % i, **ids) for i in range(n)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--growloop', required=True)
    g = ap.parse_args().growloop
    with tempfile.TemporaryDirectory(prefix='growloop_identity_') as tmp:
        data = os.path.join(tmp, 'data')
        s = Server(g, data)
        try:
            key = write_key(g, data)
            # Events first, as two unrelated ids: two persons.
            segment(s, key, track('view_item', 3, 'a', anonymousId='anon-1'))
            segment(s, key, track('purchase', 2, 'u', userId='user-1'))
            if persons(s)[0] != 2:
                fail('before the merge: %s persons, expected 2' % persons(s)[0])
            status, p = person(s, 'anon-1')
            if status != 200 or p['events'] != 3 or p['distinct_ids'] != ['anon-1']:
                fail('anon-1 before the merge: %d %s' % (status, p))
            # The merge arrives after the events it merges: counts change retroactively.
            segment(s, key, [dict(type='identify', userId='user-1', anonymousId='anon-1',
                                  messageId='id-1', timestamp='2026-11-20T11:00:00Z',
                                  traits={'plan': 'pro'})])
            count, identity = persons(s)
            if count != 1 or identity['merged'] != 1:
                fail('after identify: %d persons, identity %s' % (count, identity))
            for pid in ('anon-1', 'user-1'):
                status, p = person(s, pid)
                if status != 200 or p['events'] != 6 or sorted(p['distinct_ids']) != ['anon-1', 'user-1'] \
                        or p['known_id'] != 'user-1' or p['event_counts'] != {'view_item': 3, 'purchase': 2, '$identify': 1}:
                    fail('person of %s after the merge: %d %s' % (pid, status, p))
            # Merge protection: a second user id is never merged into a person that has one.
            segment(s, key, [dict(type='identify', userId='user-2', anonymousId='anon-1',
                                  messageId='id-2', timestamp='2026-11-20T12:00:00Z')])
            segment(s, key, [dict(type='identify', userId='user-3', anonymousId='undefined',
                                  messageId='id-3', timestamp='2026-11-20T12:00:00Z')])
            count, identity = persons(s)
            if identity['refused_two_known_users'] != 1 or identity['refused_blocked_value'] != 1:
                fail('refused merges not counted: %s' % identity)
            status, p = person(s, 'user-2')
            if 'anon-1' in p['distinct_ids']:
                fail('user-2 was merged into user-1\'s person: %s' % p)
            # PostHog alias: another id joins the person.
            status, answer = s.request('POST', '/batch/', json.dumps({'api_key': key, 'batch': [
                {'event': '$create_alias', 'distinct_id': 'user-1', 'uuid': 'al-1',
                 'timestamp': '2026-11-20T13:00:00Z',
                 'properties': {'distinct_id': 'user-1', 'alias': 'device-9'}}]}).encode(),
                {'Content-Type': 'application/json'})
            status, p = person(s, 'device-9')
            if status != 404 and 'device-9' not in p.get('distinct_ids', []):
                fail('alias: %d %s' % (status, p))
            status, p = person(s, 'user-1')
            if sorted(p['distinct_ids']) != ['anon-1', 'device-9', 'user-1']:
                fail('alias did not join the person: %s' % p)
            # Timeline paging, newest first.
            status, page1 = person(s, 'user-1', limit=4)
            status, page2 = person(s, 'user-1', limit=4, before=page1['next_before'])
            times = [e['timestamp_us'] for e in page1['timeline'] + page2['timeline']]
            if len(page1['timeline']) != 4 or page2['next_before'] is not None or \
                    times != sorted(times, reverse=True) or len(times) != page1['events']:
                fail('timeline paging: %s / %s' % (page1['timeline'], page2))
            status, err = person(s, 'nobody')
            if status != 404 or err['error']['code'] != 'not_found':
                fail('unknown id: %d %s' % (status, err))
            status, err = person(s, 'user-1', limit='many')
            if status != 400 or 'limit' not in err['error']['message']:
                fail('bad limit: %d %s' % (status, err))
        finally:
            s.stop()
        # Merges survive a clean restart, and a kill -9 right after an identify.
        s = Server(g, data)
        try:
            status, p = person(s, 'anon-1')
            if sorted(p['distinct_ids']) != ['anon-1', 'device-9', 'user-1']:
                fail('after restart: %s' % p)
            segment(s, key, track('app_open', 1, 'b', anonymousId='anon-5'))
            segment(s, key, [dict(type='identify', userId='user-5', anonymousId='anon-5',
                                  messageId='id-5', timestamp='2026-11-20T14:00:00Z')])
        finally:
            s.stop(kill=True)
        s = Server(g, data)
        try:
            status, p = person(s, 'anon-5')
            if sorted(p['distinct_ids']) != ['anon-5', 'user-5'] or p['events'] != 2:
                fail('after kill -9: %s' % p)
            count, identity = persons(s)
            # Ids with events: {anon-1, user-1}, user-2, user-3, {anon-5, user-5} ("undefined"
            # was only an anonymous id, never an event's distinct id).
            if count != 4:
                fail('persons after restarts: %d' % count)
        finally:
            s.stop()
        # The cap on ids per person comes from the config file.
        data2 = os.path.join(tmp, 'data2')
        conf = os.path.join(tmp, 'growloop.toml')
        with open(conf, 'w') as f:
            f.write('[identity]\nmax_ids_per_person = 2\n')
        s = Server(g, data2, conf)
        try:
            key2 = write_key(g, data2)
            segment(s, key2, [dict(type='identify', userId='cap-user', anonymousId='cap-a%d' % i,
                                   messageId='cap-%d' % i, timestamp='2026-11-20T15:00:00Z')
                              for i in range(3)])
            count, identity = persons(s)
            status, p = person(s, 'cap-user')
            if identity['refused_cap'] != 2 or len(p['distinct_ids']) != 2:
                fail('identity.max_ids_per_person = 2: %s, %s' % (identity, p['distinct_ids']))
        finally:
            s.stop()
    print('ok: merges count retroactively, protection refuses and counts, person API pages, '
          'merges survive restart and kill -9, the cap comes from the config')


if __name__ == '__main__':
    main()
