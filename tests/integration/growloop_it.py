"""What the integration tests share: a `growloop serve` on a free port, stopped by the test
that started it, and the project's write key. Not a test itself (CTest runs test_*.py)."""

import base64
import json
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request


def fail(msg):
    sys.exit('FAIL: ' + msg)


def write_key(growloop, data):
    """The write key of the default project of the data directory `data`."""
    out = subprocess.run([growloop, 'keys', '--data-dir', data], check=True, capture_output=True,
                         text=True).stdout
    return re.search(r'write\s+(glw_\w+)', out).group(1)


def segment(server, key, calls):
    """Sends Segment calls to /v1/batch with the write key `key`; fails unless all are accepted."""
    auth = 'Basic ' + base64.b64encode((key + ':').encode()).decode()
    status, answer = server.request('POST', '/v1/batch', json.dumps({'batch': calls}).encode(),
                                    {'Authorization': auth, 'Content-Type': 'application/json'})
    if status != 200 or answer['rejected'] != 0:
        fail('segment batch: %d %s' % (status, answer))


class Server:
    """`growloop serve --port 0` on `data`; the URL is read from its first line of output."""

    def __init__(self, growloop, data, config=None):
        extra = ['--config', config] if config else []
        self.proc = subprocess.Popen([growloop, 'serve', '--data-dir', data, '--port', '0'] + extra,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        m = re.search(r'http://127\.0\.0\.1:(\d+)/', self.proc.stdout.readline())
        if not m:
            self.stop()
            fail('serve printed no URL: ' + self.proc.stderr.read()[-500:])
        self.base = 'http://127.0.0.1:' + m.group(1)

    def request(self, method, path, body=None, headers=None):
        """(status, the answer parsed as JSON, or its text when it is not JSON)."""
        req = urllib.request.Request(self.base + path, data=body, method=method,
                                     headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                status, raw = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, raw = e.code, e.read()
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, raw.decode(errors='replace')

    def get(self, path, **query):
        if query:
            path += ('&' if '?' in path else '?') + urllib.parse.urlencode(query)
        return self.request('GET', path)

    def stop(self, kill=False):
        if self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            fail('serve did not stop within 30 s of SIGTERM')
