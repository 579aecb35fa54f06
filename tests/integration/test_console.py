#!/usr/bin/env python3
"""The web console end to end, in Debian's Chromium driven by playwright-core.

`growloop serve` on the project's demo data (with the example dashboard saved) serves the built
console at / (built by `make` into console/ beside the binary); web/e2e/console.e2e.mjs then
checks every page: it renders its charts without console errors or failed requests; an event
sent with the write key appears in the live tail; a funnel built by clicks shows the numbers of
POST /api/v1/query/funnel; an insight saved to a new dashboard appears there; a person looked up
by id shows its timeline; a person search by property built by clicks shows the counts and rows of
POST /api/v1/query/persons and its rows open their persons; KPI definitions and thresholds are
kept on the server (a fresh browser sees them), and a save over another user's change made
meanwhile is refused (412) and shows their values instead of overwriting them; a project
created in Settings appears with its write key, and deleted there (after its name is typed) it
is gone from the API and its write key is refused; a secret key created in Settings is shown whole once, opens the API, and is refused at
once after its revocation there (and the last secret key cannot be revoked); a CSV imported in
Settings (with upload progress) adds exactly the events the import summary accepted, and again
only duplicates; the language switches to Chinese and back. Screenshots of each page
and timing.json (the time until the overview's KPI cards are filled, reported, not asserted)
are written to test-artifacts/console/ beside the binary.

Skipped only when npm is not installed (then `make` cannot build the console); a console that
is not built, or a missing Chromium, fails.

Usage: test_console.py --growloop PATH_TO_BINARY
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

from growloop_it import Server, fail, write_key

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WEB = os.path.join(REPO, 'web')
EXAMPLE = os.path.join(REPO, 'examples', 'dashboard-daily.json')
CHROMIUM = '/usr/bin/chromium'


def run(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        fail('%s exited %d\n--- stdout\n%s\n--- stderr\n%s'
             % (' '.join(cmd), proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:]))
    return proc


def newer_sources(built):
    """A console source file newer than the built index.html (what `make console` checks), or None."""
    since = os.path.getmtime(built)
    roots = [os.path.join(WEB, 'src'), os.path.join(WEB, 'public'), os.path.join(WEB, 'index.html'),
             os.path.join(WEB, 'vite.config.js'), os.path.join(WEB, 'package-lock.json')]
    for root in roots:
        paths = [root] if os.path.isfile(root) else [
            os.path.join(d, f) for d, _, files in os.walk(root) for f in files]
        for path in paths:
            if os.path.getmtime(path) > since:
                return path
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--growloop', required=True)
    args = ap.parse_args()
    growloop = os.path.abspath(args.growloop)
    if not shutil.which('npm'):
        print('SKIP: npm is not installed, so the console is not built (make builds it with npm)')
        return
    node = shutil.which('node')
    built = os.path.join(os.path.dirname(growloop), 'console', 'index.html')
    if not os.path.exists(built):
        fail('%s is missing: the console is not built; run `make build` (or `make test`)' % built)
    if not os.path.exists(os.path.join(WEB, 'node_modules', 'playwright-core')):
        fail('web/node_modules/playwright-core is missing; run `make build`, which installs it')
    if not os.path.exists(CHROMIUM):
        fail('%s is missing; `make test` installs it (scripts/install-deps.sh --test)' % CHROMIUM)

    stale = newer_sources(built)
    if stale:
        print('NOTE: %s is older than %s: the console tested is not built from these sources; '
              '`make console` (or `make build`) rebuilds it' % (built, stale))

    artifacts = os.path.join(os.path.dirname(growloop), 'test-artifacts', 'console')
    shutil.rmtree(artifacts, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        events = os.path.join(tmp, 'events.csv')
        data = os.path.join(tmp, 'data')
        run([growloop, 'demo-data', '--out', events, '--users', '2000', '--days', '30'])
        run([growloop, 'import', '--data-dir', data, '--no-progress', events])
        run([growloop, 'dashboard', 'save', '--data-dir', data, '--file', EXAMPLE])
        key = write_key(growloop, data)
        server = Server(growloop, data)
        try:
            proc = subprocess.run(
                [node, os.path.join(WEB, 'e2e', 'console.e2e.mjs'), '--base', server.base,
                 '--out', artifacts, '--write-key', key, '--chromium', CHROMIUM],
                capture_output=True, text=True, timeout=600)
        finally:
            server.stop()
        sys.stdout.write(proc.stdout)
        if proc.returncode != 0:
            fail('the console end-to-end test failed (exit %d); screenshots in %s\n%s'
                 % (proc.returncode, artifacts, proc.stderr[-3000:]))
    print('PASS: the console end to end; screenshots and timing.json in %s' % artifacts)


if __name__ == '__main__':
    main()
