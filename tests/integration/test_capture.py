#!/usr/bin/env python3
"""Replays the requests the real SDKs sent (tests/data/compat/<sdk>/requests.jsonl) against
`growloop serve`, with the project's own write key put where each SDK sends its key, and checks:
each answer is what its SDK reads as success (Mixpanel's body "1", Amplitude's "code":200, ...);
every event arrives exactly once (SDK retries and re-sent batches are deduplicated by message id);
no key is stored as a property; wrong keys, malformed bodies and oversize requests get the
documented errors in each SDK's shape.

Usage: test_capture.py --growloop PATH_TO_BINARY
"""

import argparse
import base64
import gzip
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'data', 'compat')


def fail(msg):
    sys.exit('FAIL: ' + msg)


def send(base, method, path, query=None, headers=None, body=None):
    url = base + path + ('?' + urllib.parse.urlencode(query) if query else '')
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def captured(sdk):
    with open(os.path.join(DATA, sdk, 'requests.jsonl')) as f:
        return [json.loads(line) for line in f if line.strip()]


def basic(key):
    return 'Basic ' + base64.b64encode((key + ':').encode()).decode()


class Expect:
    """The ids of the events the replayed requests must store, computed from the payloads."""

    def __init__(self):
        self.ids = set()
        self.events = {}
        self.arrivals = 0

    def add(self, event_id, name):
        if event_id not in self.ids:
            self.ids.add(event_id)
            self.events[name] = self.events.get(name, 0) + 1


def replay_segment_like(base, sdk, key, expect):
    for r in captured(sdk):
        body = r['json']
        if 'writeKey' in body:
            body['writeKey'] = key
        data = json.dumps(body).encode()
        headers = {'Content-Type': r['headers'].get('content-type', 'application/json'),
                   'Authorization': basic(key)}
        if r['headers'].get('content-encoding') == 'gzip':
            data = gzip.compress(data)
            headers['Content-Encoding'] = 'gzip'
        status, _, text = send(base, 'POST', r['path'], headers=headers, body=data)
        if status != 200 or not json.loads(text).get('success'):
            fail('%s %s: %d %s' % (sdk, r['path'], status, text[:300]))
        for m in body['batch']:
            name = m['event'] if m['type'] == 'track' else '$' + m['type']
            expect.add(m['messageId'], name)


def replay_posthog(base, key, expect):
    for r in captured('posthog'):
        if r['path'] == '/flags/definitions':
            status, _, text = send(base, 'GET', r['path'], query=r['query'],
                                   headers={'Authorization': 'Bearer x'})
            if status != 200 or json.loads(text).get('flags') != []:
                fail('posthog definitions: %d %s' % (status, text))
            continue
        if r['path'].startswith('/flags'):
            status, _, text = send(base, 'POST', r['path'], query=r['query'],
                                   headers={'Content-Type': 'application/json'},
                                   body=json.dumps(r['json']).encode())
            if status != 200 or json.loads(text).get('flags') != {}:
                fail('posthog flags: %d %s' % (status, text))
            continue
        body = r['json']
        headers = {'Content-Type': 'application/json', 'Content-Encoding': 'gzip'}
        if 'authorization' in r['headers']:
            headers['Authorization'] = 'Bearer ' + key  # capture v1
        else:
            body['api_key'] = key
        data = gzip.compress(json.dumps(body).encode())
        status, _, text = send(base, 'POST', r['path'], body=data, headers=headers)
        if status != 200 or json.loads(text).get('status') != 1:
            fail('posthog %s: %d %s' % (r['path'], status, text[:300]))
        for m in body['batch']:
            expect.add(m['uuid'], m['event'])


def replay_mixpanel(base, key, expect):
    for r in captured('mixpanel'):
        payload = r['sdk_decoded']['mixpanel_data']
        messages = payload if isinstance(payload, list) else [payload]
        for m in messages:
            if 'properties' in m and 'token' in m['properties']:
                m['properties']['token'] = key
            if '$token' in m:
                m['$token'] = key
        text_json = json.dumps(payload)
        data = base64.b64encode(text_json.encode()).decode()
        query = {k: v for k, v in r['query'].items() if k not in ('data', 'api_key')}
        if r['method'] == 'GET':
            query['data'] = data
            status, _, text = send(base, 'GET', r['path'], query=query)
        else:
            status, _, text = send(base, 'POST', r['path'], query=query,
                                   headers={'Content-Type': 'application/x-www-form-urlencoded'},
                                   body=urllib.parse.urlencode({'data': data}).encode())
        verbose = query.get('verbose') == '1'
        ok = json.loads(text).get('status') == 1 if verbose else text == '1'
        if status != 200 or not ok:
            fail('mixpanel %s %s: %d %r' % (r['method'], r['path'], status, text[:300]))
        if r['path'] == '/groups':
            continue  # group updates, not events
        for i, m in enumerate(messages):
            props = m.get('properties', {})
            event_id = props.get('$insert_id')
            if event_id is None:
                # No $insert_id: every arrival is an event of its own, as on Mixpanel's servers.
                event_id = 'engage:%d:%s' % (expect.arrivals, json.dumps(m))
                expect.arrivals += 1
            expect.add(event_id, m.get('event', '$engage'))


def replay_amplitude(base, key, expect):
    for r in captured('amplitude'):
        body = r['json']
        body['api_key'] = key
        status, _, text = send(base, 'POST', r['path'], headers={'Content-Type': 'application/json'},
                               body=json.dumps(body).encode())
        answer = json.loads(text)
        if status != 200 or answer.get('code') != 200 or answer.get('events_ingested') != len(body['events']):
            fail('amplitude %s: %d %s' % (r['path'], status, text[:300]))
        for m in body['events']:
            expect.add(m['insert_id'], m['event_type'])


def replay_sensors(base, expect):
    for r in captured('sensors'):
        messages = r['sdk_decoded']['sensors_data_list']
        raw = json.dumps(messages).encode()
        gz = r['form'].get('gzip', '1') == '1'
        data = base64.b64encode(gzip.compress(raw) if gz else raw).decode()
        status, _, text = send(base, 'POST', r['path'], query={'project': 'default'},
                               headers={'Content-Type': 'application/x-www-form-urlencoded'},
                               body=urllib.parse.urlencode({'data_list': data, 'gzip': '1' if gz else '0'}).encode())
        if status != 200:
            fail('sensors: %d %s' % (status, text[:300]))
        for m in messages:
            if m['type'].startswith('item_'):
                continue
            name = m['event'] if m['type'] in ('track', 'track_signup') else '$' + m['type']
            expect.add('sa:%s:%s:%s' % (m['_track_id'], m['distinct_id'], m['time']), name)


def check_errors(base, key):
    batch = json.dumps({'batch': [{'type': 'track', 'event': 'x', 'userId': 'u', 'messageId': 'e1'}]}).encode()
    status, _, text = send(base, 'POST', '/v1/batch', headers={'Authorization': basic('glw_wrong')}, body=batch)
    if status != 401 or json.loads(text)['error']['code'] != 'unauthenticated':
        fail('segment wrong key: %d %s' % (status, text))
    status, _, text = send(base, 'POST', '/v1/batch', body=batch)
    if status != 401:
        fail('segment without a key: %d %s' % (status, text))
    status, _, text = send(base, 'GET', '/track', query={'data': base64.b64encode(b'{"event":"x","properties":{"token":"nope","distinct_id":"u"}}').decode()})
    if text != '0':
        fail('mixpanel wrong token must answer body 0, got %d %r' % (status, text))
    status, _, text = send(base, 'POST', '/2/httpapi', body=json.dumps({'api_key': 'nope', 'events': [{'event_type': 'x', 'user_id': 'u'}]}).encode())
    answer = json.loads(text)
    if answer.get('code') != 400 or 'Invalid API key' not in answer.get('error', ''):
        fail('amplitude wrong key: %d %s' % (status, text))
    status, _, text = send(base, 'POST', '/api/v1/events', headers={'Authorization': 'Bearer ' + key}, body=b'{"events": [')
    if status != 400 or json.loads(text)['error']['code'] != 'invalid_argument':
        fail('native malformed body: %d %s' % (status, text))
    # Per-event errors: the good event is stored, the bad one reported with its index.
    body = json.dumps({'events': [{'event': 'kept', 'distinct_id': 'u9', 'id': 'err-1'},
                                  {'distinct_id': 'u9', 'id': 'err-2'}]}).encode()
    status, _, text = send(base, 'POST', '/api/v1/events', headers={'Authorization': 'Bearer ' + key}, body=body)
    answer = json.loads(text)
    if status != 200 or answer['accepted'] != 1 or answer['errors'][0]['index'] != 1 or answer['errors'][0]['code'] != 'missing_event':
        fail('native per-event errors: %d %s' % (status, text))
    too_many = json.dumps({'events': [{'event': 'x', 'distinct_id': 'u'}] * 10001}).encode()
    status, _, text = send(base, 'POST', '/api/v1/events', headers={'Authorization': 'Bearer ' + key}, body=too_many)
    if status != 413 or json.loads(text)['error']['code'] != 'payload_too_large':
        fail('more events than limits.max_events_per_batch: %d %s' % (status, text[:200]))
    return 1  # the one event stored by the per-event error check


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--growloop', required=True)
    args = parser.parse_args()
    g = args.growloop
    with tempfile.TemporaryDirectory(prefix='growloop_capture_') as tmp:
        data = os.path.join(tmp, 'data')
        proc = subprocess.Popen([g, 'serve', '--data-dir', data, '--port', '0'],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            m = re.search(r'http://127\.0\.0\.1:(\d+)/', proc.stdout.readline())
            if not m:
                fail('serve printed no URL')
            base = 'http://127.0.0.1:%s' % m.group(1)
            keys = subprocess.run([g, 'keys', '--data-dir', data], check=True, capture_output=True,
                                  text=True).stdout
            key = re.search(r'write\s+(glw_\w+)', keys).group(1)
            expect = Expect()
            for _ in range(2):  # the second round is all duplicates, as SDK retries would be
                replay_segment_like(base, 'segment', key, expect)
                replay_segment_like(base, 'rudderstack', key, expect)
                replay_posthog(base, key, expect)
                replay_mixpanel(base, key, expect)
                replay_amplitude(base, key, expect)
                replay_sensors(base, expect)
            extra = check_errors(base, key)
            status, _, text = send(base, 'GET', '/api/v1/stats', query={'project': 'default'})
            stats = json.loads(text)
            want = len(expect.ids) + extra
            if stats['events'] != want:
                fail('stored %d events, expected %d distinct ones' % (stats['events'], want))
            for name, count in expect.events.items():
                if stats['per_event'].get(name) != count:
                    fail('event %r: stored %s, expected %d' % (name, stats['per_event'].get(name), count))
            status, _, text = send(base, 'GET', '/api/v1/schema', query={'project': 'default'})
            for secret in (key, 'api_key', 'writeKey', '"token"', '$token'):
                if secret in text:
                    fail('a key or key field reached the schema registry: %s' % secret)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
    print('ok: %d events from six SDKs\' captured requests stored once each; errors in each SDK\'s shape' % want)


if __name__ == '__main__':
    main()
