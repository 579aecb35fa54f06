#!/usr/bin/env python3
"""Person and group properties over HTTP: each SDK's update syntax ends up in the person API's
`properties`; a merge that arrives later joins the properties of both ids; groups and Sensors
items are readable by type and key, listed and paged; retried updates change nothing; all of it
survives a restart.

Usage: test_properties.py --growloop PATH_TO_BINARY
"""

import argparse
import base64
import gzip
import json
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request

from growloop_it import Server, fail, write_key


def post(s, path, doc, headers=None):
    status, answer = s.request('POST', path, json.dumps(doc).encode(),
                               dict({'Content-Type': 'application/json'}, **(headers or {})))
    if status != 200:
        fail('POST %s: %d %s' % (path, status, answer))
    return answer


def get(s, path, **query):
    return s.get(path, project='default', **query)


def expect_equal(what, got, want):
    if got != want:
        fail('%s:\n  got  %s\n  want %s' % (what, json.dumps(got, sort_keys=True),
                                           json.dumps(want, sort_keys=True)))


def person(s, distinct_id):
    status, p = get(s, '/api/v1/persons/' + urllib.parse.quote(distinct_id, safe=''))
    if status != 200:
        fail('person %s: %d %s' % (distinct_id, status, p))
    return p


def mixpanel(s, path, message):
    data = base64.b64encode(json.dumps(message).encode()).decode()
    status, body = s.request('GET', path + '?' + urllib.parse.urlencode({'data': data, 'ip': 0}))
    if status != 200 or str(body) != '1':
        fail('mixpanel %s: %d %r' % (path, status, body))


def sensors(s, messages):
    data = base64.b64encode(gzip.compress(json.dumps(messages).encode())).decode()
    body = urllib.parse.urlencode({'data_list': data, 'gzip': 1}).encode()
    status, answer = s.request('POST', '/sa?project=default', body,
                               {'Content-Type': 'application/x-www-form-urlencoded'})
    if status != 200:
        fail('sensors: %d %s' % (status, answer))


def send_everything(s, key, engage=True):
    auth = {'Authorization': 'Basic ' + base64.b64encode((key + ':').encode()).decode()}
    # Segment: traits of identify calls set; a group call's traits are the group's.
    post(s, '/v1/batch', {'batch': [
        {'type': 'identify', 'anonymousId': 'seg-anon', 'messageId': 's1',
         'timestamp': '2026-11-20T10:00:00Z', 'traits': {'plan': 'free', 'city': 'Hangzhou'}},
        {'type': 'track', 'event': 'Signup', 'userId': 'seg-user', 'messageId': 's2',
         'timestamp': '2026-11-20T10:01:00Z'},
        {'type': 'identify', 'userId': 'seg-user', 'messageId': 's3',
         'timestamp': '2026-11-20T10:02:00Z', 'traits': {'plan': 'pro'}},
        {'type': 'group', 'userId': 'seg-user', 'groupId': 'org-1', 'messageId': 's4',
         'timestamp': '2026-11-20T10:03:00Z', 'traits': {'name': 'Acme', 'employees': 12}}]}, auth)
    # PostHog: $set / $set_once / $unset on any event, $groupidentify, $groups.
    post(s, '/batch/', {'api_key': key, 'batch': [
        {'event': '$identify', 'distinct_id': 'ph-user', 'uuid': 'p1',
         'timestamp': '2026-11-20T10:00:00Z',
         'properties': {'$anon_distinct_id': 'ph-anon', '$set': {'email': 'a@example.com', 'tmp': 1},
                        '$set_once': {'first_source': 'ads'}}},
        {'event': 'purchase', 'distinct_id': 'ph-user', 'uuid': 'p2',
         'timestamp': '2026-11-20T10:05:00Z',
         'properties': {'$set_once': {'first_source': 'never'}, '$unset': ['tmp'],
                        '$groups': {'company': 'acme'}}},
        {'event': '$groupidentify', 'distinct_id': '$company_acme', 'uuid': 'p3',
         'timestamp': '2026-11-20T10:06:00Z',
         'properties': {'$group_type': 'company', '$group_key': 'acme',
                        '$group_set': {'name': 'Acme', 'tier': 'gold'}}}]})
    # Mixpanel: /engage operations, one per request as the SDK sends them, and /groups. People
    # updates carry no id: each arrival counts (docs/capture.md), so a retry is not sent here.
    for op in [] if not engage else [{'$set': {'$email': 'm@example.com', 'plan': 'pro'}},
               {'$set_once': {'first': 'x'}},
               {'$add': {'logins': 1}},
               {'$add': {'logins': 2}},
               {'$append': {'tags': 'a'}},
               {'$union': {'tags': ['a', 'b']}},
               {'$unset': ['plan']}]:
        mixpanel(s, '/engage', dict({'$token': key, '$distinct_id': 'mp-user'}, **op))
    mixpanel(s, '/groups', {'$token': key, '$group_key': 'company', '$group_id': 'acme',
                            '$set': {'hq': 'Shanghai'}})
    # Amplitude: user_properties operations; $groupidentify with group_properties.
    post(s, '/2/httpapi', {'api_key': key, 'events': [
        {'event_type': '$identify', 'user_id': 'amp-user', 'device_id': 'amp-device',
         'insert_id': 'a1', 'time': 1795168800000,
         'user_properties': {'$set': {'plan': 'pro'}, '$setOnce': {'first': 'x'},
                             '$add': {'logins': 1}, '$append': {'tags': 'beta'},
                             '$unset': {'temp': '-'}}},
        {'event_type': '$groupidentify', 'user_id': 'amp-user', 'insert_id': 'a2',
         'time': 1795168801000, 'groups': {'company': 'acme'},
         'group_properties': {'$add': {'seats': 5}}}]})
    # Sensors: profile_* messages and item updates.
    t = 1795168800000
    profile = lambda kind, i, props: {'_track_id': 100 + i, 'type': kind, 'time': t + i * 1000,
                                      'distinct_id': 'sa-user', 'properties': props,
                                      'lib': {'$lib': 'Node', '$lib_version': '1.2.6'}}
    sensors(s, [profile('profile_set', 0, {'plan': 'pro', 'city': 'Beijing'}),
                profile('profile_set_once', 1, {'plan': 'no', 'first': 'x'}),
                profile('profile_increment', 2, {'logins': 2}),
                profile('profile_append', 3, {'tags': ['beta']}),
                profile('profile_unset', 4, {'city': True}),
                {'_track_id': 7, 'type': 'item_set', 'time': t + 5000, 'item_type': 'product',
                 'item_id': 'sku-1', 'properties': {'name': 'Widget', 'price': 9.5}},
                {'_track_id': 8, 'type': 'item_set', 'time': t + 6000, 'item_type': 'product',
                 'item_id': 'sku-2', 'properties': {'name': 'Gadget'}},
                {'_track_id': 9, 'type': 'item_delete', 'time': t + 7000, 'item_type': 'product',
                 'item_id': 'sku-2', 'properties': {}}])


def check_everything(s):
    expect_equal('segment person', person(s, 'seg-user')['properties'], {'plan': 'pro', 'city': 'Hangzhou'})
    expect_equal('segment groups', person(s, 'seg-user')['groups'], {'group': 'org-1'})
    p = person(s, 'ph-anon')
    expect_equal('posthog person', p['properties'],
                 {'email': 'a@example.com', 'first_source': 'ads'})
    expect_equal('posthog groups', p['groups'], {'company': 'acme'})
    expect_equal('mixpanel person', person(s, 'mp-user')['properties'],
                 {'$email': 'm@example.com', 'first': 'x', 'logins': 3, 'tags': ['a', 'b']})
    expect_equal('amplitude person', person(s, 'amp-device')['properties'],
                 {'plan': 'pro', 'first': 'x', 'logins': 1, 'tags': ['beta']})
    expect_equal('sensors person', person(s, 'sa-user')['properties'],
                 {'plan': 'pro', 'first': 'x', 'logins': 2, 'tags': ['beta']})
    # One group, updated by PostHog, Mixpanel and Amplitude in time order.
    status, g = get(s, '/api/v1/groups/company/acme')
    if status != 200:
        fail('group company/acme: %d %s' % (status, g))
    expect_equal('group company/acme', g['properties'],
                 {'name': 'Acme', 'tier': 'gold', 'hq': 'Shanghai', 'seats': 5})
    expect_equal('group company/acme updates', g['updates'], 3)
    status, g = get(s, '/api/v1/groups/group/org-1')
    expect_equal('segment group', (status, g.get('properties')),
                 (200, {'name': 'Acme', 'employees': 12}))
    status, item = get(s, '/api/v1/items/product/sku-1')
    expect_equal('item sku-1', (status, item.get('properties')), (200, {'name': 'Widget', 'price': 9.5}))
    status, item = get(s, '/api/v1/items/product/sku-2')
    expect_equal('deleted item sku-2', (status, item.get('properties')), (200, {}))
    status, err = get(s, '/api/v1/groups/company/nobody')
    if status != 404 or err['error']['code'] != 'not_found':
        fail('unknown group: %d %s' % (status, err))
    # Lists, paged by (type, key).
    status, page = get(s, '/api/v1/groups', limit=1)
    expect_equal('first page of groups', [(e['type'], e['key']) for e in page['groups']],
                 [('company', 'acme')])
    status, page2 = get(s, '/api/v1/groups', limit=1, after=page['next_after'])
    expect_equal('second page of groups', ([(e['type'], e['key']) for e in page2['groups']],
                                           page2['next_after']), ([('group', 'org-1')], None))
    status, page = get(s, '/api/v1/groups', type='group')
    expect_equal('groups of a type', [e['key'] for e in page['groups']], ['org-1'])
    status, items = get(s, '/api/v1/items')
    expect_equal('items', [e['key'] for e in items['items']], ['sku-1', 'sku-2'])
    # PostHog's $groupidentify comes under the distinct id "$company_acme": a group, not a person.
    status, stats = get(s, '/api/v1/stats')
    expect_equal('persons (groups are not persons)', stats['persons'], 5)
    status, err = get(s, '/api/v1/groups', after='no-slash')
    if status != 400 or 'after' not in err['error']['message']:
        fail('bad cursor: %d %s' % (status, err))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--growloop', required=True)
    g = ap.parse_args().growloop
    with tempfile.TemporaryDirectory(prefix='growloop_properties_') as tmp:
        data = os.path.join(tmp, 'data')
        s = Server(g, data)
        try:
            key = write_key(g, data)
            send_everything(s, key)
            # Before the merge, seg-anon is a person of its own with the first identify's traits.
            expect_equal('segment anonymous before the merge', person(s, 'seg-anon')['properties'],
                         {'plan': 'free', 'city': 'Hangzhou'})
            # The merge arrives later: the properties of both ids fold together, in time order.
            post(s, '/v1/batch', {'batch': [
                {'type': 'alias', 'previousId': 'seg-anon', 'userId': 'seg-user', 'messageId': 's5',
                 'timestamp': '2026-11-20T10:04:00Z'}]},
                   {'Authorization': 'Basic ' + base64.b64encode((key + ':').encode()).decode()})
            expect_equal('segment person after the merge', person(s, 'seg-anon')['properties'],
                         {'plan': 'pro', 'city': 'Hangzhou'})
            check_everything(s)
            # Retries (the SDKs resend on timeouts) change nothing.
            send_everything(s, key, engage=False)
            status, g2 = get(s, '/api/v1/groups/company/acme')
            expect_equal('group updates after a retry', g2['updates'], 3)
            s.stop()
            s = Server(g, data)
            check_everything(s)
            expect_equal('segment person after a restart', person(s, 'seg-anon')['properties'],
                         {'plan': 'pro', 'city': 'Hangzhou'})
        finally:
            s.stop()
    print('ok: person properties of every SDK, groups and items, merges, retries, restart')


if __name__ == '__main__':
    main()
