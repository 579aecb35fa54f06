#!/usr/bin/env node
// End-to-end test of the Growloop console, driving Debian's Chromium through playwright-core.
//
//   node web/e2e/console.e2e.mjs --base http://127.0.0.1:PORT --out ARTIFACT_DIR --write-key glw_...
//        [--chromium /usr/bin/chromium]
//
// BASE is `growloop serve`: the built console at / and the API at /api.
// The data set must be the demo data (growloop demo-data): the funnel uses its events, the person
// search its platform property.
// Writes a PNG per page and timing.json into ARTIFACT_DIR; exits non-zero naming every failed check.
// The test saves one dashboard through the UI and deletes it again at the end; it sets the shared
// KPI setting (console.kpi) of the project (also through the API, as another person editing at the
// same time) and leaves it unset; it creates one project
// (e2e_shop_<time>) and deletes it again through the Settings page; it imports a generated CSV
// (ARTIFACT_DIR/import-e2e.csv, 2,000 events with ids new every run) into the project through the
// Settings page, and these events stay. In the API keys panel it creates a secret key and a write
// key and revokes both again (they stay listed as revoked on the server), and tries to revoke the
// project's last secret key, which the server refuses.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const base = (arg('base', '') || '').replace(/\/+$/, '');
const out = resolve(arg('out', 'e2e-artifacts'));
const executablePath = arg('chromium', process.env.CHROMIUM || '/usr/bin/chromium');
const writeKey = arg('write-key', '');
if (!base || !writeKey) {
  console.error('usage: node console.e2e.mjs --base http://127.0.0.1:PORT --out ARTIFACT_DIR --write-key KEY');
  process.exit(2);
}
mkdirSync(out, { recursive: true });

const TIMEOUT = 20000;
const DEMO_FUNNEL = ['app_open', 'view_item', 'add_to_cart', 'purchase'];
const failures = [];
const notes = [];
const problems = []; // console errors, page errors, failed requests
let expectedErrors = []; // patterns of the errors the step running provokes on purpose
const settingWrites = []; // the browsers' PUT / DELETE of console.kpi: {method, status, ifMatch, ifNoneMatch}
let stepName = 'start';
let aborted = 0;
let stepsRun = 0;

class CheckFailed extends Error {}
function check(cond, message) {
  if (!cond) throw new CheckFailed(message);
}
function log(msg) {
  console.log(`  ${msg}`);
}

async function step(name, fn) {
  stepName = name;
  stepsRun += 1;
  const started = Date.now();
  const before = problems.length;
  try {
    await fn();
    expectedErrors = [];
    const fresh = problems.slice(before);
    if (fresh.length) throw new CheckFailed(`console errors or failed requests:\n      ${fresh.join('\n      ')}`);
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    expectedErrors = [];
    const msg = err instanceof CheckFailed ? err.message : `${err.name}: ${err.message.split('\n')[0]}`;
    failures.push(`${name}: ${msg}`);
    console.log(`FAIL ${name}: ${msg}`);
  }
}

async function api(path, body, method = body === undefined ? 'GET' : 'POST') {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new CheckFailed(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

const byTestId = (id) => `[data-testid="${id}"]`;

/** Waits until every chart in `root` has a canvas with painted pixels and its series hold values
 * (data-points, set by the chart wrapper); returns their ids. */
async function expectCharts(page, { root = 'main', expected = [] } = {}) {
  for (const id of expected) await page.waitForSelector(`${root} ${byTestId(id)} canvas`, { timeout: TIMEOUT });
  const report = await page
    .waitForFunction(
      (sel) => {
        const charts = [...document.querySelectorAll(`${sel} [data-chart]`)];
        const rows = charts.map((el) => {
          const c = el.querySelector('canvas');
          const points = Number(el.dataset.points || 0);
          if (!c || !c.width || !c.height) return { id: el.dataset.testid, painted: 0, points };
          const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let painted = 0;
          for (let i = 3; i < data.length; i += 4 * 5) if (data[i] > 0) painted += 1;
          return { id: el.dataset.testid, painted, points };
        });
        return rows.length && rows.every((r) => r.painted > 20 && r.points > 0) ? rows : false;
      },
      root,
      { timeout: TIMEOUT, polling: 100 },
    )
    .then((h) => h.jsonValue())
    .catch(async () => {
      const rows = await page.evaluate((sel) => [...document.querySelectorAll(`${sel} [data-chart]`)].map((el) => ({ id: el.dataset.testid, canvas: !!el.querySelector('canvas'), points: el.dataset.points })), root);
      throw new CheckFailed(`charts not painted or without values under ${root}: ${JSON.stringify(rows)}`);
    });
  const ids = report.map((r) => r.id);
  for (const id of expected) check(ids.includes(id), `chart ${id} missing (have ${ids.join(', ')})`);
  return ids;
}

async function shot(page, name) {
  await page.waitForTimeout(900); // let chart animations settle
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: false });
  log(`screenshot ${name}.png`);
}

async function gotoNav(page, id, pageTestId) {
  await page.click(byTestId(`nav-${id}`));
  await page.waitForSelector(byTestId(pageTestId), { timeout: TIMEOUT });
}

/** Waits until the insight of `kind` is answered (not the tab shown before). */
async function waitInsight(page, kind) {
  await page.waitForSelector(byTestId(`insight-form-${kind}`), { timeout: TIMEOUT });
  const status = await page
    .waitForFunction(
      (k) => {
        if (!document.querySelector(`[data-testid="insight-form-${k}"]`)) return false;
        const el = document.querySelector('[data-testid="insight-answer"]');
        return el && ['ready', 'error', 'invalid'].includes(el.dataset.status) ? el.dataset.status : false;
      },
      kind,
      { timeout: TIMEOUT },
    )
    .then((h) => h.jsonValue());
  if (status !== 'ready') {
    const err = await page.textContent(byTestId('insight-answer')).catch(() => '');
    throw new CheckFailed(`the ${kind} insight was not answered (status ${status}): ${err.slice(0, 300)}`);
  }
}

/** JSON with object keys sorted, so that two bodies compare whatever order their keys came in. */
function canonical(value) {
  const sort = (v) => (Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])])) : v);
  return JSON.stringify(sort(value));
}

const digits = (text) => Number(String(text).replace(/[^\d]/g, ''));

/** Builds a person search by property with clicks (event, one condition, id text, order) and runs it. */
async function searchPersons(page, { event, property, op = 'eq', value, idContains = '', order = 'last_seen' }) {
  await page.waitForSelector(byTestId('property-search-form'), { timeout: 5000 }).catch(() => {
    throw new CheckFailed('the Persons page has no search by property (property-search-form): is the console served built from this web/src?');
  });
  await page.selectOption(byTestId('property-search-event'), event);
  if (!(await page.$(byTestId('property-search-filters-property-0')))) await page.click(byTestId('property-search-filters-add'));
  await page.selectOption(byTestId('property-search-filters-property-0'), property);
  await page.selectOption(byTestId('property-search-filters-op-0'), op);
  await page.fill(byTestId('property-search-filters-value-0'), value);
  await page.fill(byTestId('property-search-id'), idContains);
  await page.click(byTestId(`property-search-order-${order}`));
  await page.click(byTestId('property-search-submit'));
}

/** Waits until the person search shows the answer to `body` (compared key order aside). */
async function waitPersonSearch(page, body) {
  const status = await page
    .waitForFunction(
      (want) => {
        const sort = (v) => (Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])])) : v);
        const el = document.querySelector('[data-testid="property-search-answer"]');
        if (!el) return false;
        if (el.dataset.status === 'error') return 'error';
        return el.dataset.status === 'ready' && el.dataset.body && JSON.stringify(sort(JSON.parse(el.dataset.body))) === want ? 'ready' : false;
      },
      canonical(body),
      { timeout: TIMEOUT },
    )
    .then((h) => h.jsonValue())
    .catch(async (err) => {
      const shown = await page.getAttribute(byTestId('property-search-answer'), 'data-body').catch(() => '');
      throw new CheckFailed(`the person search did not answer ${JSON.stringify(body)} (shown: ${shown || 'none'}): ${err.message.split('\n')[0]}`);
    });
  if (status !== 'ready') {
    const err = await page.textContent(byTestId('property-search-answer')).catch(() => '');
    throw new CheckFailed(`the person search failed: ${err.slice(0, 300)}`);
  }
}

/** What the person search shows: the counts and the rows (person, events). */
async function shownPersonSearch(page) {
  return page.evaluate(() => {
    const num = (el) => Number((el?.textContent || '').replace(/[^\d]/g, ''));
    return {
      persons: num(document.querySelector('[data-testid="property-search-persons"]')),
      events: num(document.querySelector('[data-testid="property-search-events"]')),
      rows: [...document.querySelectorAll('[data-testid="property-search-row"]')].map((tr) => ({
        person: tr.querySelector('[data-testid="property-search-person"]').textContent.trim(),
        events: num(tr.querySelector('[data-testid="property-search-row-events"]')),
      })),
      more: !!document.querySelector('[data-testid="property-search-more"]'),
    };
  });
}

/** Fails unless the person search shows what the API answers. */
function comparePersonSearch(shown, answer, limit) {
  check(shown.persons === answer.persons, `the console counts ${shown.persons} persons, the API ${answer.persons}`);
  check(shown.events === answer.events, `the console counts ${shown.events} matching events, the API ${answer.events}`);
  const want = answer.rows.map((r) => ({ person: r.person, events: r.events }));
  check(shown.rows.length === want.length, `the console lists ${shown.rows.length} persons, the API ${want.length}`);
  check(want.length === Math.min(limit, answer.persons), `the API lists ${want.length} rows of ${answer.persons} with limit ${limit}`);
  const diff = want.findIndex((r, i) => r.person !== shown.rows[i].person || r.events !== shown.rows[i].events);
  check(diff < 0, `row ${diff}: the console shows ${JSON.stringify(shown.rows[diff])}, the API ${JSON.stringify(want[diff])}`);
}

/** Fails fast, with a plain message, when BASE does not serve the console or the API. */
async function preflight() {
  let html = '';
  try {
    html = await (await fetch(`${base}/`)).text();
  } catch (err) {
    return `${base}/ cannot be reached: ${err.cause?.code || err.cause?.message || err.message}`;
  }
  if (!html.includes('id="root"')) return `${base}/ does not serve the console (no index.html of the build): ${html.slice(0, 120)}`;
  try {
    await api('/api/v1/projects');
  } catch (err) {
    return `${base}/api/v1/projects fails: ${err.message}`;
  }
  return null;
}

async function main() {
  const unusable = await preflight();
  if (unusable) {
    console.error(`console e2e FAILED: ${unusable}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  const contextOptions = { viewport: { width: 1280, height: 800 }, locale: 'en-US', deviceScaleFactor: 1 };
  /** A page whose console errors, page errors, failed requests and HTTP errors count against the step running. */
  const watch = (p) => {
    p.setDefaultTimeout(TIMEOUT);
    const report = (msg) => {
      if (!expectedErrors.some((re) => re.test(msg))) problems.push(`[${stepName}] ${msg}`);
    };
    p.on('console', (m) => {
      if (m.type() !== 'error') return;
      const url = m.location()?.url || '';
      report(`console: ${m.text()} ${url}`);
    });
    p.on('pageerror', (e) => report(`page error: ${e.message}`));
    p.on('requestfailed', (r) => {
      const why = r.failure()?.errorText || '';
      if (why.includes('ERR_ABORTED')) {
        aborted += 1; // superseded queries the console cancels on purpose
        return;
      }
      report(`request failed: ${r.method()} ${r.url()} ${why}`);
    });
    p.on('response', (r) => {
      const req = r.request();
      if (req.method() !== 'GET' && /\/api\/v1\/settings\/console\.kpi\b/.test(r.url())) {
        const h = req.headers();
        settingWrites.push({ method: req.method(), status: r.status(), ifMatch: h['if-match'] || null, ifNoneMatch: h['if-none-match'] || null });
      }
      if (r.status() < 400) return;
      report(`HTTP ${r.status()} ${req.method()} ${r.url()}`);
    });
    return p;
  };
  /** A page in a new browser context: nothing stored (no localStorage), as on another person's machine. */
  const freshPage = async () => {
    const ctx = await browser.newContext(contextOptions);
    return [ctx, watch(await ctx.newPage())];
  };
  const context = await browser.newContext(contextOptions);
  const page = watch(await context.newPage());

  /** The console's default range: the 30 days ending at the latest event's date, in the project's time zone. */
  const defaultRange = async () => {
    const { projects } = await api('/api/v1/projects');
    const timeZone = projects.find((p) => p.name === project)?.time_zone || 'UTC';
    const latest = schema.events.map((e) => e.last_seen).sort().pop();
    const to = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(latest));
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86400000).toISOString().slice(0, 10);
    return { from, to };
  };

  const timing = {};
  let project = 'default';
  let schema = null;
  let savedDashboard = null;
  let funnelBody = null;
  let createdProject = null; // the project the Settings form created

  console.log(`console e2e against ${base}, artifacts in ${out}`);

  // The test starts from the default KPI definitions and thresholds: a shared setting the project
  // already has is set aside before the browser opens and put back at the end.
  const listed = (await api('/api/v1/projects')).projects;
  const firstProject = (listed.find((p) => p.name === 'default') || listed[0]).name;
  const settingPath = (p) => `/api/v1/settings/console.kpi?project=${encodeURIComponent(p)}`;
  const setAside = (await api(`/api/v1/settings?project=${encodeURIComponent(firstProject)}`)).settings.find((x) => x.name === 'console.kpi');
  if (setAside) {
    await api(settingPath(firstProject), undefined, 'DELETE');
    console.log(`  console.kpi of ${firstProject} set aside during the test (put back at the end): ${JSON.stringify(setAside.value)}`);
  }

  /** Milliseconds from navigation start until every KPI card left its loading state. */
  const kpisFilled = () =>
    page
      .waitForFunction(
        () => {
          const cards = [...document.querySelectorAll('[data-testid^="kpi-"][data-status]')];
          return cards.length >= 6 && cards.every((c) => c.dataset.status !== 'loading') ? performance.now() : false;
        },
        null,
        { timeout: 30000, polling: 'raf' },
      )
      .then((h) => h.jsonValue());

  await step('overview renders its KPI cards and charts', async () => {
    // First load in a fresh browser (nothing cached), then a reload (HTTP and code caches warm).
    await page.goto(`${base}/#/`, { waitUntil: 'commit' });
    timing.overview_kpis_filled_ms = Math.round(await kpisFilled());
    await page.reload({ waitUntil: 'commit' });
    timing.overview_kpis_filled_reload_ms = Math.round(await kpisFilled());
    log(`KPI cards filled ${timing.overview_kpis_filled_ms} ms after navigation start (reload: ${timing.overview_kpis_filled_reload_ms} ms)`);
    const cards = await page.$$eval('[data-testid^="kpi-"][data-status]', (els) => els.map((e) => ({ id: e.dataset.testid, status: e.dataset.status, text: e.innerText.replace(/\s+/g, ' ').slice(0, 120) })));
    for (const c of cards) check(c.status === 'ready' || c.status === 'unavailable', `${c.id} is ${c.status}: ${c.text}`);
    for (const id of ['dau', 'new', 'conversion', 'revenue', 'd1', 'd7']) {
      const c = cards.find((x) => x.id === `kpi-${id}`);
      check(c && c.status === 'ready', `KPI ${id} not filled: ${JSON.stringify(c)}`);
      const value = (await page.textContent(byTestId(`kpi-value-${id}`))).trim();
      check(value && value !== '—', `KPI ${id} shows no value`);
    }
    log(`cards: ${cards.map((c) => `${c.id.slice(4)}=${c.status}`).join(' ')}`);
    project = await page.inputValue(byTestId('project-select'));
    await expectCharts(page, { expected: ['chart-dau', 'chart-revenue', 'kpi-spark-dau'] });
    await shot(page, 'overview');
  });

  schema = await api(`/api/v1/schema?project=${encodeURIComponent(project)}`);
  const names = schema.events.map((e) => e.name);
  const funnelEvents = DEMO_FUNNEL.every((e) => names.includes(e))
    ? DEMO_FUNNEL
    : [...schema.events].sort((a, b) => b.volume - a.volume).slice(0, 3).map((e) => e.name);

  /** Waits until the KPI dialogs are closed and `pg`'s conversion card is answered for these steps (its hint names them). */
  const conversionCardFor = (pg, events) =>
    pg.waitForFunction(
      (list) => {
        const c = document.querySelector('[data-testid="kpi-conversion"]');
        const hint = c?.querySelector('.kpi-label')?.title || '';
        const named = hint.startsWith(list.join(' → ')) && hint.split('→').length === list.length;
        const open = document.querySelector('[data-testid="kpi-defs-dialog"], [data-testid="thresholds-dialog"]');
        return !open && !!c && c.dataset.status === 'ready' && named;
      },
      events,
      { timeout: TIMEOUT },
    );
  /** The shared KPI setting as the API holds it now, or null when it is not set (404). */
  const kpiSetting = async () => {
    const res = await fetch(`${base}/api/v1/settings/console.kpi?project=${encodeURIComponent(project)}`);
    const text = await res.text();
    if (res.status === 404) return null;
    check(res.ok, `GET /api/v1/settings/console.kpi: HTTP ${res.status} ${text.slice(0, 200)}`);
    return JSON.parse(text).value;
  };
  /** The browsers' writes of console.kpi from index `since` on, once there are at least `count`. */
  const writesSince = async (since, count) => {
    for (let i = 0; i < 50 && settingWrites.length < since + count; i += 1) await new Promise((r) => setTimeout(r, 100));
    return settingWrites.slice(since);
  };
  const showWrites = (list) => list.map((w) => `${w.method} ${w.status} If-Match ${w.ifMatch} If-None-Match ${w.ifNoneMatch}`).join('; ');
  const legacyKeys = (pg) => pg.evaluate(() => Object.keys(localStorage).filter((k) => /^growloop\.(kpiDefinitions|thresholds)\./.test(k)));
  const kpiSteps = funnelEvents.slice(0, 3);
  const THRESHOLD = { red: 99, yellow: 99.5 }; // conversion: red below 99 %, which the demo funnel is
  let conversionBefore = null;
  let conversionShown = null;

  await step('KPI definitions: a three-step funnel drives the conversion card', async () => {
    conversionBefore = (await page.textContent(byTestId('kpi-value-conversion'))).trim();
    await page.click(byTestId('kpi-defs-open'));
    await page.waitForSelector(byTestId('kpi-defs-dialog'));
    check(await page.$(`${byTestId('kpi-defs-dialog')} ${byTestId('kpi-shared-hint')}`), 'the KPI definitions dialog does not say that they are shared (kpi-shared-hint)');
    let count = (await page.$$('[data-testid^="kpi-defs-step-remove-"]')).length;
    for (; count > 2; count -= 1) await page.click(byTestId(`kpi-defs-step-remove-${count - 1}`));
    for (; count < kpiSteps.length; count += 1) await page.click(byTestId('kpi-defs-add-step'));
    for (let i = 0; i < kpiSteps.length; i += 1) await page.selectOption(byTestId(`kpi-defs-step-${i}`), kpiSteps[i]);
    await page.fill(byTestId('kpi-defs-window-value'), '1');
    await page.selectOption(byTestId('kpi-defs-window-unit'), 'day');
    await shot(page, 'kpi-definitions');
    const since = settingWrites.length;
    await page.click(byTestId('kpi-defs-save'));
    await conversionCardFor(page, kpiSteps);
    conversionShown = (await page.textContent(byTestId('kpi-value-conversion'))).trim();
    // The setting was not set: the console stores it only while nobody else has (If-None-Match: *).
    const writes = await writesSince(since, 1);
    check(writes.length === 1 && writes[0].method === 'PUT' && writes[0].status === 200 && writes[0].ifNoneMatch === '*' && !writes[0].ifMatch, `saving the definitions over no setting sent: ${showWrites(writes)}`);

    // The same funnel asked directly over the console's default range, with a 1-day window.
    const { from, to } = await defaultRange();
    const answer = await api(`/api/v1/query/funnel?project=${encodeURIComponent(project)}`, { from, to, window_seconds: 86400, steps: kpiSteps.map((event) => ({ event })) });
    const rate = answer.steps[2].persons / answer.steps[0].persons;
    const expected = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rate);
    log(`conversion ${kpiSteps.join(' → ')} ${from}..${to}: card ${conversionShown}, API ${answer.steps[2].persons} / ${answer.steps[0].persons} = ${expected} (default funnel: ${conversionBefore})`);
    check(conversionShown === expected, `the conversion card shows ${conversionShown}, the API's step 3 over step 1 is ${expected}`);
    check(rate * 100 < THRESHOLD.red, `the three-step conversion ${expected} is not below ${THRESHOLD.red} %: not the demo data?`);
  });

  await step('KPI definitions and thresholds are the project\'s: stored on the server, shown in a new browser', async () => {
    // A threshold set in the dialog: the conversion card turns red.
    await page.click(byTestId('thresholds-open'));
    await page.waitForSelector(byTestId('thresholds-dialog'));
    check(await page.$(`${byTestId('thresholds-dialog')} ${byTestId('kpi-shared-hint')}`), 'the thresholds dialog does not say that they are shared (kpi-shared-hint)');
    await page.fill(byTestId('threshold-conversion-red'), String(THRESHOLD.red));
    await page.fill(byTestId('threshold-conversion-yellow'), String(THRESHOLD.yellow));

    // A write the server refuses: its message is shown and the dialog stays open with the values.
    const refusal = 'e2e: the server refused to change settings';
    const refuse = (route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ error: { code: 'permission_denied', message: refusal } }) })
        : route.continue();
    expectedErrors = [/HTTP 403 PUT .*\/api\/v1\/settings\/console\.kpi/, /status of 403/];
    await page.route('**/api/v1/settings/console.kpi*', refuse);
    await page.click(byTestId('thresholds-save'));
    await page.waitForSelector(`${byTestId('thresholds-dialog')} ${byTestId('kpi-save-error')}`);
    const shownError = await page.textContent(byTestId('kpi-save-error'));
    check(shownError.includes(refusal) && shownError.includes('permission_denied'), `a refused save shows ${shownError}`);
    check((await page.inputValue(byTestId('threshold-conversion-red'))) === String(THRESHOLD.red), 'a refused save lost the values entered');
    await page.unroute('**/api/v1/settings/console.kpi*', refuse);
    expectedErrors = [];
    log('a refused save shows the API\'s message and keeps the dialog open');

    await page.click(byTestId('thresholds-save'));
    await page.waitForSelector(byTestId('thresholds-dialog'), { state: 'detached' });
    await page.waitForSelector(`${byTestId('kpi-status-conversion')}[data-value="red"]`);

    // The API holds both parts (one dialog did not wipe the other), and this browser keeps neither.
    const value = await kpiSetting();
    check(value, 'GET /api/v1/settings/console.kpi: not set after saving both dialogs');
    log(`console.kpi: ${JSON.stringify(value)}`);
    check(value.version === 1, `console.kpi version ${value.version}`);
    check(JSON.stringify(value.definitions?.funnel) === JSON.stringify(kpiSteps) && value.definitions?.windowSeconds === 86400, `console.kpi definitions ${JSON.stringify(value.definitions)}`);
    const th = value.thresholds?.conversion;
    check(th && th.red === THRESHOLD.red && th.yellow === THRESHOLD.yellow, `console.kpi thresholds.conversion ${JSON.stringify(th)}`);
    const local = await legacyKeys(page);
    check(!local.length, `KPI settings still kept in localStorage: ${local.join(', ')}`);

    // Another browser (nothing in localStorage) shows the same definitions, value and threshold.
    const [ctx, other] = await freshPage();
    try {
      await other.goto(`${base}/#/`);
      await conversionCardFor(other, kpiSteps);
      const shown = (await other.textContent(byTestId('kpi-value-conversion'))).trim();
      check(shown === conversionShown, `a new browser's conversion card shows ${shown}, the first one ${conversionShown}`);
      const status = await other.getAttribute(byTestId('kpi-status-conversion'), 'data-value').catch(() => null);
      check(status === 'red', `a new browser's conversion card is ${status}, not red by the shared threshold`);
      await other.click(byTestId('thresholds-open'));
      await other.waitForSelector(byTestId('thresholds-dialog'));
      const inputs = [await other.inputValue(byTestId('threshold-conversion-red')), await other.inputValue(byTestId('threshold-conversion-yellow'))];
      check(JSON.stringify(inputs) === JSON.stringify([String(THRESHOLD.red), String(THRESHOLD.yellow)]), `a new browser's thresholds dialog shows ${inputs.join(' / ')}`);
      await shot(other, 'kpi-thresholds');
      await other.keyboard.press('Escape');
      await other.click(byTestId('kpi-defs-open'));
      await other.waitForSelector(byTestId('kpi-defs-dialog'));
      const steps = await other.$$eval('[data-testid^="kpi-defs-step-"]:not([data-testid*="remove"])', (els) => els.map((e) => e.value));
      check(JSON.stringify(steps) === JSON.stringify(kpiSteps), `a new browser's definitions dialog shows the steps ${JSON.stringify(steps)}`);
      await other.keyboard.press('Escape');
      log(`a new browser shows ${kpiSteps.join(' → ')} = ${shown}, red below ${THRESHOLD.red} %`);
    } finally {
      await ctx.close();
    }
  });

  await step('KPI thresholds: saving over another person\'s change (412) says so, shows theirs and stores nothing; saved again it stores what the dialog shows', async () => {
    const path = settingPath(project);
    /** The setting as the API holds it: {value, revision}, checking that the list, the single answer and its ETag agree. */
    const stored = async () => {
      const res = await fetch(`${base}${path}`);
      const body = await res.json();
      check(res.ok, `GET ${path}: HTTP ${res.status} ${JSON.stringify(body)}`);
      check(Number.isSafeInteger(body.revision) && res.headers.get('etag') === `"${body.revision}"`, `GET ${path}: revision ${body.revision}, ETag ${res.headers.get('etag')}`);
      const listed = (await api(`/api/v1/settings?project=${encodeURIComponent(project)}`)).settings.find((x) => x.name === 'console.kpi');
      check(listed?.revision === body.revision, `GET /api/v1/settings lists console.kpi at revision ${listed?.revision}, GET ${path} answers ${body.revision}`);
      return body;
    };
    /** Another person's save: a PUT over the revision they read (what a console sends). */
    const otherSaves = async (value, revision) => {
      const res = await fetch(`${base}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json', 'if-match': `"${revision}"` }, body: JSON.stringify({ value }) });
      const body = await res.json();
      check(res.status === 200 && body.revision > revision, `the other person's PUT over revision ${revision}: HTTP ${res.status} ${JSON.stringify(body)}`);
      return body;
    };
    const d1Hint = () => page.getAttribute(`${byTestId('kpi-d1')} .kpi-label`, 'title');
    const conversionStatus = () => page.getAttribute(byTestId('kpi-status-conversion'), 'data-value');
    const start = await stored();
    const mine = start.value; // the definitions and thresholds the later steps expect, put back at the end
    expectedErrors = [/HTTP 412 PUT .*\/api\/v1\/settings\/console\.kpi/, /status of 412/];

    // 1. While the thresholds dialog is open, another person changes the definitions only (the
    //    return event): saving the thresholds is refused (412), then stored over theirs, keeping both.
    const activity = names.includes('view_item') ? 'view_item' : funnelEvents[1];
    await page.click(byTestId('thresholds-open'));
    await page.waitForSelector(byTestId('thresholds-dialog'));
    await page.fill(byTestId('threshold-conversion-yellow'), '99.6');
    const theirDefs = await otherSaves({ ...mine, definitions: { ...mine.definitions, activity } }, start.revision);
    let since = settingWrites.length;
    await page.click(byTestId('thresholds-save'));
    await page.waitForSelector(byTestId('thresholds-dialog'), { state: 'detached' });
    let writes = await writesSince(since, 2);
    check(
      writes.length === 2 && writes[0].status === 412 && writes[0].ifMatch === `"${start.revision}"` && writes[1].status === 200 && writes[1].ifMatch === `"${theirDefs.revision}"`,
      `saving the thresholds over a change of the definitions sent: ${showWrites(writes)} (read at ${start.revision}, theirs ${theirDefs.revision})`,
    );
    const merged = await stored();
    check(merged.value.definitions?.activity === activity && merged.value.thresholds?.conversion?.yellow === 99.6, `after the other person changed the definitions and this browser the thresholds, console.kpi is ${JSON.stringify(merged.value)}`);
    await page.waitForFunction((event) => (document.querySelector('[data-testid="kpi-d1"] .kpi-label')?.title || '').includes(event), activity);
    log(`the other person's definitions (return event ${activity}) and this browser's thresholds are both stored (revision ${merged.revision})`);

    // 2. While the thresholds dialog is open, another person changes the thresholds (and puts the
    //    definitions back): saving is refused (412), the dialog says so and shows theirs, nothing is stored.
    await page.click(byTestId('thresholds-open'));
    await page.waitForSelector(byTestId('thresholds-dialog'));
    await page.fill(byTestId('threshold-conversion-red'), '95');
    const theirThresholds = { ...mine.thresholds, conversion: { red: 1, yellow: 2 } };
    const theirs = await otherSaves({ ...mine, thresholds: theirThresholds }, merged.revision);
    since = settingWrites.length;
    await page.click(byTestId('thresholds-save'));
    await page.waitForSelector(`${byTestId('thresholds-dialog')} ${byTestId('kpi-save-conflict')}`);
    writes = await writesSince(since, 1);
    check(writes.length === 1 && writes[0].status === 412 && writes[0].ifMatch === `"${merged.revision}"`, `saving over the other person's thresholds sent: ${showWrites(writes)} (read at ${merged.revision}, theirs ${theirs.revision})`);
    const message = (await page.textContent(byTestId('kpi-save-conflict'))).replace(/\s+/g, ' ');
    check(/someone else/i.test(message) && /thresholds/.test(message) && message.includes('failed_precondition'), `the conflict shows: ${message}`);
    check(!(await page.$(byTestId('kpi-save-error'))), 'the conflict is shown as a plain save error too');
    const afterConflict = await stored();
    check(afterConflict.revision === theirs.revision && canonical(afterConflict.value) === canonical(theirs.value), `after the refused save console.kpi is ${JSON.stringify(afterConflict)}, not the other person's ${JSON.stringify(theirs)}`);
    // The dialog shows theirs; the overview too (their thresholds turn the card green, their definitions are back).
    const shownRed = await page.inputValue(byTestId('threshold-conversion-red'));
    const shownYellow = await page.inputValue(byTestId('threshold-conversion-yellow'));
    check(shownRed === '1' && shownYellow === '2', `after the conflict the dialog shows conversion ${shownRed} / ${shownYellow}, not the other person's 1 / 2`);
    const rate = Number.parseFloat(conversionShown);
    await page.waitForFunction(() => document.querySelector('[data-testid="kpi-status-conversion"]')?.dataset.value === 'green').catch(async () => {
      throw new CheckFailed(`after the conflict the conversion card (${conversionShown}) is ${await conversionStatus()}, not green by the other person's threshold (red below 1 %, yellow below 2 %)`);
    });
    check(rate > 2, `the three-step conversion ${conversionShown} is not above 2 %: not the demo data?`);
    await page.waitForFunction((event) => !(document.querySelector('[data-testid="kpi-d1"] .kpi-label')?.title || '').includes(event), activity).catch(async () => {
      throw new CheckFailed(`after the conflict the D1 card still names the return event ${activity}: ${await d1Hint()}`);
    });
    await shot(page, 'kpi-thresholds-conflict');
    // The same in Chinese (the language is switched behind the dialog and back).
    await page.selectOption(byTestId('lang-select'), 'zh-CN', { force: true });
    await page.waitForFunction(() => /[\u4e00-\u9fff]/.test(document.querySelector('[data-testid="kpi-save-conflict"]')?.textContent || ''));
    const zh = (await page.textContent(byTestId('kpi-save-conflict'))).replace(/\s+/g, ' ');
    check(zh.includes('其他成员') && zh.includes('告警阈值'), `the conflict in Chinese shows: ${zh}`);
    await shot(page, 'kpi-thresholds-conflict-zh');
    await page.selectOption(byTestId('lang-select'), 'en', { force: true });
    await page.waitForFunction(() => /someone else/i.test(document.querySelector('[data-testid="kpi-save-conflict"]')?.textContent || ''));
    log(`a save over the other person's thresholds (revision ${merged.revision} read, ${theirs.revision} stored) is refused and shown: ${message.slice(0, 90)}…`);

    // 3. The change made again over theirs and saved: stored at their revision, as the dialog shows it.
    await page.fill(byTestId('threshold-conversion-red'), String(THRESHOLD.red));
    await page.fill(byTestId('threshold-conversion-yellow'), String(THRESHOLD.yellow));
    since = settingWrites.length;
    await page.click(byTestId('thresholds-save'));
    await page.waitForSelector(byTestId('thresholds-dialog'), { state: 'detached' });
    writes = await writesSince(since, 1);
    check(writes.length === 1 && writes[0].status === 200 && writes[0].ifMatch === `"${theirs.revision}"`, `saving again sent: ${showWrites(writes)} (theirs ${theirs.revision})`);
    await page.waitForSelector(`${byTestId('kpi-status-conversion')}[data-value="red"]`);
    const final = await stored();
    await page.click(byTestId('thresholds-open'));
    await page.waitForSelector(byTestId('thresholds-dialog'));
    const shown = {};
    for (const id of Object.keys(final.value.thresholds || {})) {
      shown[id] = { red: Number(await page.inputValue(byTestId(`threshold-${id}-red`))), yellow: Number(await page.inputValue(byTestId(`threshold-${id}-yellow`))) };
    }
    await page.keyboard.press('Escape');
    await page.waitForSelector(byTestId('thresholds-dialog'), { state: 'detached' });
    check(Object.keys(shown).length === 7 && canonical(shown) === canonical(final.value.thresholds), `the thresholds dialog shows ${JSON.stringify(shown)}, console.kpi holds ${JSON.stringify(final.value.thresholds)}`);
    // What the later steps expect: this test's funnel and conversion threshold, as before this step.
    check(canonical(final.value) === canonical(mine), `console.kpi is ${JSON.stringify(final.value)}, not ${JSON.stringify(mine)} as before this step`);
    log(`saved again over the other person's values: revision ${final.revision}, conversion red below ${THRESHOLD.red} %, as the dialog shows`);
  });

  await step('KPI definitions and thresholds: reset to defaults restores the cards and deletes the setting', async () => {
    await page.click(byTestId('kpi-defs-open'));
    await page.waitForSelector(byTestId('kpi-defs-dialog'));
    await page.click(byTestId('kpi-defs-reset'));
    const reset = (await page.$$('[data-testid^="kpi-defs-step-remove-"]')).length;
    check(reset === funnelEvents.length, `reset shows ${reset} funnel steps, not the default ${funnelEvents.length}`);
    await page.click(byTestId('kpi-defs-save'));
    await conversionCardFor(page, funnelEvents);
    const after = (await page.textContent(byTestId('kpi-value-conversion'))).trim();
    check(after === conversionBefore, `after the reset the conversion card shows ${after}, before the change ${conversionBefore}`);
    const value = await kpiSetting();
    check(value && !value.definitions, `after resetting the definitions console.kpi is ${JSON.stringify(value)}`);
    check(value.thresholds?.conversion?.red === THRESHOLD.red, `resetting the definitions changed the thresholds: ${JSON.stringify(value.thresholds)}`);

    await page.click(byTestId('thresholds-open'));
    await page.waitForSelector(byTestId('thresholds-dialog'));
    await page.click(byTestId('thresholds-reset'));
    await page.click(byTestId('thresholds-save'));
    await page.waitForSelector(byTestId('thresholds-dialog'), { state: 'detached' });
    const gone = await kpiSetting();
    check(gone === null, `with both parts back to their defaults console.kpi is still set: ${JSON.stringify(gone)}`);
    const local = await legacyKeys(page);
    check(!local.length, `KPI settings kept in localStorage: ${local.join(', ')}`);
    log('both parts reset: console.kpi deleted');
  });

  await step('KPI settings an earlier console kept in the browser are moved to the server once', async () => {
    const [ctx, other] = await freshPage();
    try {
      await other.goto(`${base}/#/settings`);
      await other.waitForSelector(byTestId('project-row'));
      const activity = names.includes('view_item') ? 'view_item' : funnelEvents[1];
      const legacy = { thresholds: { dau: { red: -50, yellow: -40 } }, definitions: { activity } };
      await other.evaluate(
        ({ p, l }) => {
          localStorage.setItem(`growloop.thresholds.${p}`, JSON.stringify(l.thresholds));
          localStorage.setItem(`growloop.kpiDefinitions.${p}`, JSON.stringify(l.definitions));
        },
        { p: project, l: legacy },
      );
      const since = settingWrites.length;
      await other.goto(`${base}/#/`);
      await other.reload();
      await other.waitForFunction(() => !Object.keys(localStorage).some((k) => /^growloop\.(kpiDefinitions|thresholds)\./.test(k)), null, { timeout: TIMEOUT });
      // Stored only while the server has none (If-None-Match: *), so that it never replaces a team's values.
      const moved = await writesSince(since, 1);
      check(moved.length === 1 && moved[0].method === 'PUT' && moved[0].status === 200 && moved[0].ifNoneMatch === '*' && !moved[0].ifMatch, `moving the browser's values to the server sent: ${showWrites(moved)}`);
      const value = await kpiSetting();
      log(`moved to the server: ${JSON.stringify(value)}`);
      check(value && value.version === 1, `console.kpi after the move: ${JSON.stringify(value)}`);
      check(value.definitions?.activity === activity, `console.kpi definitions ${JSON.stringify(value.definitions)}`);
      check(value.thresholds?.dau?.red === -50 && value.thresholds?.dau?.yellow === -40, `console.kpi thresholds ${JSON.stringify(value.thresholds)}`);
      await other.waitForFunction((event) => (document.querySelector('[data-testid="kpi-d1"] .kpi-label')?.title || '').includes(event), activity, { timeout: TIMEOUT });
    } finally {
      await ctx.close();
      await api(`/api/v1/settings/console.kpi?project=${encodeURIComponent(project)}`, undefined, 'DELETE').catch((e) => notes.push(`could not delete console.kpi: ${e.message}`));
    }
  });

  await step('events page shows the schema and the live tail', async () => {
    await gotoNav(page, 'events', 'page-events');
    await page.waitForSelector(byTestId('schema-row'));
    const rows = await page.$$(byTestId('schema-row'));
    check(rows.length === schema.events.length, `schema table has ${rows.length} rows, the API ${schema.events.length}`);
    await rows[0].click();
    await page.waitForSelector(byTestId('schema-properties'));
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="tail-panel"]');
      return el && el.dataset.status && el.dataset.status !== 'starting';
    });
    const tail = await page.getAttribute(byTestId('tail-panel'), 'data-status');
    check(tail === 'live', `live tail status ${tail}`);
    // An event sent now (as an SDK would, with the write key) appears in the tail. It is dated at
    // the data's latest event, so that the pages that follow keep their date range.
    const latest = schema.events.map((e) => e.last_seen).sort().pop();
    const send = async (who) => {
      const sent = await fetch(`${base}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${writeKey}` },
        body: JSON.stringify({ events: [{ event: 'app_open', distinct_id: who, timestamp: latest, properties: { channel: 'e2e' } }] }),
      });
      check(sent.ok, `POST /api/v1/events: HTTP ${sent.status} ${await sent.text()}`);
    };
    const shown = (who) => page.evaluate((id) => [...document.querySelectorAll('[data-testid="tail-row"]')].some((r) => r.textContent.includes(id)), who);
    const who = `e2e-tail-${Date.now()}`;
    await send(who);
    await page.waitForFunction(
      (id) => [...document.querySelectorAll('[data-testid="tail-row"]')].some((r) => r.textContent.includes(id)),
      who,
      { timeout: TIMEOUT },
    );
    // Paused, it asks nothing: an event sent meanwhile shows only after resuming.
    await page.click(byTestId('tail-pause'));
    check((await page.getAttribute(byTestId('tail-panel'), 'data-status')) === 'paused', 'pause did not pause the tail');
    const later = `${who}-paused`;
    await send(later);
    await page.waitForTimeout(4500); // two polling periods
    check(!(await shown(later)), 'the paused tail still showed a new event');
    await page.click(byTestId('tail-pause'));
    await page.waitForFunction(
      (id) => [...document.querySelectorAll('[data-testid="tail-row"]')].some((r) => r.textContent.includes(id)),
      later,
      { timeout: TIMEOUT },
    );
    log(`tail: ${tail}, the event of ${who} arrived`);
    await shot(page, 'events');
  });

  await step('insights: trends, retention and paths render', async () => {
    await gotoNav(page, 'insights', 'page-insights');
    await page.click(byTestId('insight-tab-trends'));
    await waitInsight(page, 'trends');
    await page.waitForSelector(byTestId('trends-table'));
    await expectCharts(page, { expected: ['chart-trends'] });
    await shot(page, 'insights-trends');
    await page.click(byTestId('insight-tab-retention'));
    await waitInsight(page, 'retention');
    await page.waitForSelector(byTestId('retention-table'));
    await expectCharts(page, { expected: ['chart-retention'] });
    await shot(page, 'insights-retention');
    await page.click(byTestId('insight-tab-paths'));
    await waitInsight(page, 'paths');
    await expectCharts(page, { expected: ['chart-paths'] });
    await shot(page, 'insights-paths');
  });

  await step('a funnel built by clicks matches POST /api/v1/query/funnel', async () => {
    await page.click(byTestId('insight-tab-funnel'));
    await page.waitForSelector(byTestId('funnel-step-event-0'));
    // Start from the steps shown, then shape the funnel: set, add, reorder and remove steps.
    let count = (await page.$$('[data-testid^="funnel-step-event-"]')).length;
    while (count > 1) {
      await page.click(byTestId(`funnel-step-remove-${count - 1}`));
      count -= 1;
    }
    await page.selectOption(byTestId('funnel-step-event-0'), funnelEvents[1]);
    await page.click(byTestId('funnel-add-step'));
    await page.selectOption(byTestId('funnel-step-event-1'), funnelEvents[0]);
    await page.click(byTestId('funnel-step-up-1')); // now [E0, E1]
    for (let i = 2; i < funnelEvents.length; i += 1) {
      await page.click(byTestId('funnel-add-step'));
      await page.selectOption(byTestId(`funnel-step-event-${i}`), funnelEvents[i]);
    }
    await page.click(byTestId('funnel-add-step')); // an extra step, removed again
    await page.selectOption(byTestId(`funnel-step-event-${funnelEvents.length}`), funnelEvents[0]);
    await page.click(byTestId(`funnel-step-remove-${funnelEvents.length}`));
    await page.fill(byTestId('funnel-window-value'), '1');
    await page.selectOption(byTestId('funnel-window-unit'), 'day');
    await page.selectOption(byTestId('funnel-order'), 'ordered');
    await page.click(byTestId('query-json-toggle'));
    const shown = JSON.parse(await page.textContent(byTestId('query-json')));
    check(JSON.stringify(shown.steps.map((s) => s.event)) === JSON.stringify(funnelEvents), `built steps ${JSON.stringify(shown.steps)}`);
    check(shown.window_seconds === 86400, `window_seconds ${shown.window_seconds}`);
    await page.waitForFunction(
      (body) => {
        const el = document.querySelector('[data-testid="insight-answer"]');
        return el && el.dataset.status === 'ready' && el.dataset.body === body;
      },
      JSON.stringify(shown),
      { timeout: TIMEOUT },
    );
    funnelBody = shown;
    const domCounts = [];
    for (let i = 0; i < funnelEvents.length; i += 1) {
      const text = await page.textContent(byTestId(`funnel-persons-${i}`));
      domCounts.push(Number(text.replace(/[^\d]/g, '')));
    }
    const answer = await api(`/api/v1/query/funnel?project=${encodeURIComponent(project)}`, shown);
    const apiCounts = answer.steps.map((s) => s.persons);
    log(`persons per step: console ${JSON.stringify(domCounts)}, API ${JSON.stringify(apiCounts)}`);
    check(JSON.stringify(domCounts) === JSON.stringify(apiCounts), `console shows ${JSON.stringify(domCounts)}, the API answers ${JSON.stringify(apiCounts)}`);
    check(apiCounts[0] > 0, 'the funnel is empty');
    await expectCharts(page, { expected: ['chart-funnel', 'chart-ttc'] });
    await shot(page, 'insights-funnel');
  });

  await step('saving the funnel to a new dashboard shows it on the Dashboards page', async () => {
    check(funnelBody, 'no funnel was built');
    const name = `E2E funnel ${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await page.click(byTestId('save-to-dashboard'));
    await page.waitForSelector(byTestId('save-dialog'));
    await page.check(byTestId('save-mode-new'));
    await page.fill(byTestId('save-new-name'), name);
    await page.fill(byTestId('save-title'), 'Purchase funnel (e2e)');
    await page.click(byTestId('save-confirm'));
    await page.waitForSelector(byTestId('save-success'));
    const list = await api(`/api/v1/dashboards?project=${encodeURIComponent(project)}`);
    savedDashboard = list.dashboards.find((d) => d.name === name);
    check(savedDashboard, `the API does not list the dashboard ${name}`);
    await page.keyboard.press('Escape');
    await gotoNav(page, 'dashboards', 'page-dashboards');
    await page.waitForSelector(`[data-testid="dashboard-row"][data-name="${name}"]`);
    await shot(page, 'dashboards');
    await page.click(`[data-testid="dashboard-row"][data-name="${name}"]`);
    await page.waitForSelector(byTestId('page-dashboard'));
    await page.waitForSelector(byTestId('dashboard-item'));
    const items = await page.$$eval(byTestId('dashboard-item'), (els) => els.map((e) => ({ status: e.dataset.status, text: e.innerText.slice(0, 80) })));
    check(items.length === 1 && items[0].status === 'ready', `dashboard items ${JSON.stringify(items)}`);
    check(items[0].text.includes('Purchase funnel (e2e)'), `item title missing: ${items[0].text}`);
    await expectCharts(page, { expected: ['chart-funnel'] });
  });

  await step('the saved demo dashboard shows every item', async () => {
    const list = await api(`/api/v1/dashboards?project=${encodeURIComponent(project)}`);
    const other = list.dashboards.find((d) => !savedDashboard || d.id !== savedDashboard.id);
    if (!other) {
      notes.push('no other dashboard stored: only the one saved by this test was opened');
      return;
    }
    await page.goto(`${base}/#/dashboards/${other.id}`);
    await page.waitForSelector(byTestId('dashboard-item'));
    const items = await page.$$eval(byTestId('dashboard-item'), (els) => els.map((e) => e.dataset.status));
    check(items.length === other.queries, `${items.length} items shown, ${other.queries} saved`);
    // The demo dashboard's queries all answer on the demo data.
    check(items.every((st) => st === 'ready'), `items not ready: ${items.join(', ')}`);
    log(`dashboard "${other.name}": ${items.length} items, all answered`);
    await expectCharts(page);
    await shot(page, 'dashboard-detail');
  });

  await step('a person looked up by id shows its timeline', async () => {
    const probe = await api(`/api/v1/query/funnel?project=${encodeURIComponent(project)}`, {
      ...(funnelBody || { steps: funnelEvents.map((event) => ({ event })) }),
      persons: { step: funnelEvents.length - 1, status: 'reached', limit: 1 },
    });
    const id = probe.persons?.distinct_ids?.[0];
    check(id, 'no person id found through the funnel persons list');
    await gotoNav(page, 'persons', 'page-persons');
    await page.fill(byTestId('person-search-input'), id);
    await page.click(byTestId('person-search-submit'));
    await page.waitForSelector(byTestId('person-view'));
    await page.waitForSelector(`${byTestId('person-timeline')} ${byTestId('timeline-event')}`);
    const n = await page.$$eval(byTestId('timeline-event'), (els) => els.length);
    const person = await api(`/api/v1/persons/${encodeURIComponent(id)}?project=${encodeURIComponent(project)}&limit=50`);
    check(n === person.timeline.length, `timeline shows ${n} events, the API ${person.timeline.length}`);
    const chips = await page.$$eval(`${byTestId('person-ids')} .chip`, (els) => els.map((e) => e.textContent.trim()));
    check(JSON.stringify([...chips].sort()) === JSON.stringify([...person.distinct_ids].sort()), `ids shown ${chips}, the API ${person.distinct_ids}`);
    log(`person ${id}: ${n} timeline events, ${person.distinct_ids.length} ids`);
    await expectCharts(page, { expected: ['chart-person-events'] });
    await shot(page, 'person');
  });

  await step('persons: a search by property built by clicks matches POST /api/v1/query/persons', async () => {
    const event = names.includes('app_open') ? 'app_open' : funnelEvents[0];
    const query = `/api/v1/query/persons?project=${encodeURIComponent(project)}`;
    await gotoNav(page, 'persons', 'page-persons');
    await searchPersons(page, { event, property: 'platform', value: 'ios' });
    check(await page.$(byTestId('top-customers')), 'the most valuable customers are gone from the Persons page');
    const range = await defaultRange();
    const body = { ...range, event: { event }, filters: { property: 'platform', op: 'eq', value: 'ios' }, order: 'last_seen', limit: 50 };
    await waitPersonSearch(page, body);
    const shown = await shownPersonSearch(page);
    const answer = await api(query, body);
    log(`${event} with platform = ios, ${range.from}..${range.to}: console ${shown.persons} persons / ${shown.events} events / ${shown.rows.length} rows, API ${answer.persons} / ${answer.events} / ${answer.rows.length} (more: ${answer.more})`);
    check(answer.persons > 0, 'no person matches platform = ios: not the demo data?');
    comparePersonSearch(shown, answer, 50);
    check(shown.more === answer.more, `"show more" is ${shown.more ? '' : 'not '}offered, the API's more is ${answer.more}`);
    await shot(page, 'persons-search');

    if (answer.more) {
      // "Show more" asks again with the next limit.
      await page.click(byTestId('property-search-more'));
      const more = { ...body, limit: 200 };
      await waitPersonSearch(page, more);
      comparePersonSearch(await shownPersonSearch(page), await api(query, more), 200);
      log(`show more: ${Math.min(200, answer.persons)} rows as the API's`);
    }

    // The "id contains" text is ANDed with the condition; the most active persons first.
    const fragment = answer.rows[0].person.slice(0, 2);
    await searchPersons(page, { event, property: 'platform', value: 'ios', idContains: fragment, order: 'events' });
    const byId = {
      ...range,
      event: { event },
      filters: { and: [{ property: 'platform', op: 'eq', value: 'ios' }, { property: '$distinct_id', op: 'contains', value: fragment }] },
      order: 'events',
      limit: 50,
    };
    await waitPersonSearch(page, byId);
    const shownById = await shownPersonSearch(page);
    const answerById = await api(query, byId);
    comparePersonSearch(shownById, answerById, 50);
    check(answerById.persons > 0 && answerById.persons <= answer.persons, `id contains "${fragment}" finds ${answerById.persons} of ${answer.persons} persons`);
    log(`with id contains "${fragment}", by events: ${shownById.persons} persons as the API's`);

    // A row opens the person's page; back again, the search is still there.
    const target = shownById.rows[0].person;
    await page.click(`[data-testid="property-search-row"][data-person="${target}"] [data-testid="property-search-row-events"]`);
    await page.waitForSelector(byTestId('person-view'));
    const hash = await page.evaluate(() => window.location.hash);
    check(hash === `#/persons/${encodeURIComponent(target)}`, `the row of ${target} opened ${hash}`);
    const ids = await page.$$eval(`${byTestId('person-ids')} .chip`, (els) => els.map((e) => e.textContent.trim()));
    check(ids.includes(target), `the page of ${target} shows the ids ${ids.join(', ')}`);
    const total = digits(await page.textContent(byTestId('person-events')));
    check(total >= shownById.rows[0].events, `the page of ${target} shows ${total} events, the search ${shownById.rows[0].events} matching ones`);
    await page.goBack();
    await waitPersonSearch(page, byId);
    const again = await shownPersonSearch(page);
    check(again.persons === answerById.persons && again.rows.length === answerById.rows.length, `back on the search: ${again.persons} persons, ${again.rows.length} rows`);
    log(`row ${target} opened its page (${total} events); back, the search is kept`);
  });

  await step('settings shows projects and store statistics', async () => {
    await gotoNav(page, 'settings', 'page-settings');
    await page.waitForSelector(byTestId('project-row'));
    await page.waitForSelector(`${byTestId('settings-stats')} dl`);
    await shot(page, 'settings');
  });

  await step('settings: a CSV imported through the panel shows the summary of POST /api/v1/import and adds its events', async () => {
    // ~2,000 rows in the demo CSV's columns, ids of their own (new every run), two bad rows.
    const header = 'event_id,ts,user_id,anonymous_id,event,channel,campaign,platform,city,item_id,category,amount,experiment,variant';
    const run = Date.now().toString(36);
    const latest = Date.parse(schema.events.map((e) => e.last_seen).sort().pop());
    const good = 2000;
    const lines = [header];
    for (let i = 0; i < good; i += 1) {
      const ts = new Date(latest - ((i * 7919) % (5 * 86400)) * 1000).toISOString();
      const user = `e2e-import-${run}-u${i % 150}`;
      const [event, item, amount] = i % 10 === 9 ? ['purchase', `i${1000 + i}`, (i % 97) + 0.5] : i % 3 ? ['view_item', `i${1000 + i}`, ''] : ['app_open', '', ''];
      lines.push(`e2e-import-${run}-${i},${ts},${user},,${event},organic,,web,Hangzhou,${item},${item ? 'home' : ''},${amount},,`);
      if (i === 10) lines.push(`e2e-import-${run}-bad-ts,not-a-time,${user},,app_open,organic,,web,Hangzhou,,,,,`);
      if (i === 1500) lines.push(`e2e-import-${run}-bad-id,${ts},,,app_open,organic,,web,Hangzhou,,,,,`);
    }
    const bad = 2;
    const file = join(out, 'import-e2e.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const before = (await api(`/api/v1/stats?project=${encodeURIComponent(project)}`)).events;

    await page.waitForSelector(byTestId('settings-import'));
    await page.$eval(byTestId('settings-import'), (el) => el.scrollIntoView({ block: 'start' }));
    /** Imports the file through the panel; returns [the API's answer, what the panel shows, whether the progress bar appeared]. */
    const importOnce = async () => {
      await page.setInputFiles(byTestId('import-file'), file);
      await page.waitForFunction(() => document.querySelector('[data-testid="import-panel"]')?.dataset.state === 'ready');
      const name = await page.textContent(byTestId('import-file-name'));
      check(name.includes('import-e2e.csv'), `the chosen file shown is "${name}"`);
      check((await page.inputValue(byTestId('import-format'))) === 'csv', 'a .csv file does not preselect the CSV format');
      // Whether the progress element is ever in the page, however fast the upload.
      // Chromium's inspector keeps no body of an XHR that uploads a File ("Request content was
      // evicted from inspector cache"), so the page keeps the answer's text for the test.
      await page.evaluate(() => {
        if (!window.__importAnswers) {
          window.__importAnswers = [];
          const send = XMLHttpRequest.prototype.send;
          XMLHttpRequest.prototype.send = function patched(body) {
            this.addEventListener('loadend', () => {
              if (String(this.responseURL).includes('/api/v1/import')) window.__importAnswers.push(this.responseText);
            });
            return send.call(this, body);
          };
        }
        window.__importProgress = [];
        const seen = () => {
          const el = document.querySelector('[data-testid="import-progress"]');
          if (el && !window.__importProgress.includes(el.dataset.phase)) window.__importProgress.push(el.dataset.phase);
        };
        window.__importObserver?.disconnect();
        window.__importObserver = new MutationObserver(seen);
        window.__importObserver.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase'] });
      });
      const answered = page.waitForResponse((r) => r.url().includes('/api/v1/import') && r.request().method() === 'POST', { timeout: 60000 });
      await page.click(byTestId('import-start'));
      const res = await answered;
      check(res.status() === 200, `POST /api/v1/import: HTTP ${res.status()}`);
      const req = res.request();
      check(req.headers()['content-type'] === 'application/octet-stream', `the upload's Content-Type is ${req.headers()['content-type']}`);
      const url = new URL(req.url());
      check(url.searchParams.get('project') === project && url.searchParams.get('name') === 'import-e2e.csv' && url.searchParams.get('format') === 'csv', `the upload's URL is ${req.url()}`);
      await page.waitForSelector(`${byTestId('import-panel')}[data-state="done"] ${byTestId('import-result')}`, { timeout: 60000 });
      const summary = await res.json().catch(async () => JSON.parse(await page.evaluate(() => window.__importAnswers.at(-1))));
      const shown = await page.$$eval('[data-testid="import-result"] [data-value]', (els) => Object.fromEntries(els.map((e) => [e.dataset.testid.replace('import-', ''), Number(e.dataset.value)])));
      const texts = await page.$$eval('[data-testid="import-result"] [data-value] .import-count-value', (els) => els.map((e) => e.textContent));
      const progress = await page.evaluate(() => {
        window.__importObserver?.disconnect();
        return window.__importProgress;
      });
      const flag = await page.getAttribute(byTestId('import-panel'), 'data-progress-shown');
      return { summary, shown, texts, progress, flag };
    };

    // First import: every good row accepted, the two bad ones rejected and listed.
    const first = await importOnce();
    const a = first.summary;
    log(`import 1: ${JSON.stringify({ rows_read: a.rows_read, accepted: a.accepted, duplicates: a.duplicates, rejected: a.rejected, by_reason: a.rejected_by_reason, seconds: a.seconds })}; progress seen: ${first.progress.join(' → ')}`);
    check(first.progress.includes('uploading') && first.flag === 'true', `the progress element never appeared during the upload (${JSON.stringify(first.progress)}, data-progress-shown=${first.flag})`);
    for (const k of ['accepted', 'duplicates', 'rejected', 'rows_read']) {
      check(first.shown[k] === a[k], `the panel shows ${k} = ${first.shown[k]}, the API answered ${a[k]}`);
    }
    check(first.texts.map(digits).join() === [a.accepted, a.duplicates, a.rejected, a.rows_read].join(), `the counts shown read ${first.texts.join(' / ')}`);
    check(a.rows_read === good + bad && a.accepted === good && a.duplicates === 0 && a.rejected === bad, `the file has ${good} good and ${bad} bad rows; the import answered ${JSON.stringify(a)}`);
    check(a.rejected_by_reason.bad_timestamp === 1 && a.rejected_by_reason.missing_distinct_id === 1, `rejected by reason: ${JSON.stringify(a.rejected_by_reason)}`);
    const rejLines = await page.$$eval('[data-testid="import-rejection"] td:first-child', (els) => els.map((e) => Number(e.textContent.replace(/[^\d]/g, ''))));
    check(rejLines.join() === a.first_rejections.map((r) => r.line).join() && rejLines.join() === '13,1504', `the rejections table lists lines ${rejLines.join(', ')}, the API ${a.first_rejections.map((r) => r.line).join(', ')}`);
    const after = (await api(`/api/v1/stats?project=${encodeURIComponent(project)}`)).events;
    check(after - before === a.accepted, `GET /api/v1/stats: ${before} events before, ${after} after, ${a.accepted} accepted`);
    // The store statistics on the page read again after the import.
    await page.waitForFunction((n) => {
      const dd = document.querySelector('[data-testid="settings-stats"] dl dd');
      return dd && Number(dd.textContent.replace(/[^\d]/g, '')) === n;
    }, after);
    await page.$eval(byTestId('settings-import'), (el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, 'settings-import');
    await page.selectOption(byTestId('lang-select'), 'zh-CN');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    const zhTitle = await page.textContent(`${byTestId('settings-import')} h3`);
    check(zhTitle.includes('导入数据'), `the import panel's Chinese title is "${zhTitle}"`);
    await shot(page, 'settings-import-zh');
    await page.selectOption(byTestId('lang-select'), 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');

    // The same file again: every good row a duplicate, nothing added.
    const second = await importOnce();
    const b = second.summary;
    log(`import 2: accepted ${b.accepted}, duplicates ${b.duplicates}, rejected ${b.rejected}`);
    for (const k of ['accepted', 'duplicates', 'rejected', 'rows_read']) {
      check(second.shown[k] === b[k], `second import: the panel shows ${k} = ${second.shown[k]}, the API answered ${b[k]}`);
    }
    check(b.accepted === 0 && b.duplicates === good && b.rejected === bad, `the same file again: ${JSON.stringify({ accepted: b.accepted, duplicates: b.duplicates, rejected: b.rejected })}`);
    const again = (await api(`/api/v1/stats?project=${encodeURIComponent(project)}`)).events;
    check(again === after, `GET /api/v1/stats: ${again} events after importing the same file again (was ${after})`);
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  await step('settings: API keys: a secret key created in the panel is shown once, works, and is refused once revoked; the last secret key stays', async () => {
    const keysPath = `/api/v1/keys?project=${encodeURIComponent(project)}`;
    const panel = byTestId('settings-keys');
    const hintOf = (key) => `${key.slice(0, 4)}…${key.slice(-4)}`;
    /** The status of GET /api/v1/stats with `key` as the bearer. */
    const statsWith = async (key) => (await fetch(`${base}/api/v1/stats?project=${encodeURIComponent(project)}`, { headers: { authorization: `Bearer ${key}` } })).status;
    /** The rows of the panel: id, kind, the whole key (write keys) or the hint (secret keys), label. */
    const shownKeys = () =>
      page.$$eval('[data-testid="key-row"]', (trs) =>
        trs.map((tr) => ({
          id: Number(tr.dataset.id),
          kind: tr.dataset.kind,
          key: tr.querySelector('[data-testid="key-value"]')?.textContent.trim() ?? null,
          hint: tr.querySelector('[data-testid="key-hint"]')?.textContent.trim() ?? null,
          label: tr.querySelector('[data-testid="key-label"]').textContent.trim(),
        })),
      );
    /** Fails unless the panel lists the keys the API lists, in its order, each as it should be shown. */
    const compareKeys = (shown, listed) => {
      check(shown.map((k) => k.id).join() === listed.map((k) => k.id).join(), `the panel lists the keys ${shown.map((k) => k.id).join(', ')}, the API ${listed.map((k) => k.id).join(', ')}`);
      listed.forEach((k, i) => {
        const s = shown[i];
        check(s.kind === k.kind, `key ${k.id}: the panel shows the kind ${s.kind}, the API ${k.kind}`);
        check(s.label === (k.label || '—'), `key ${k.id}: the panel shows the label "${s.label}", the API "${k.label}"`);
        if (k.kind === 'write') check(s.key === k.key && s.hint === null, `write key ${k.id}: the panel shows ${JSON.stringify(s)}, the API ${k.key}`);
        else check(s.hint === k.hint && s.key === null && !k.key, `secret key ${k.id}: the panel shows ${JSON.stringify(s)}, the API ${k.hint}`);
      });
    };
    const waitListed = (ids) =>
      page.waitForFunction((want) => {
        const el = document.querySelector('[data-testid="settings-keys"]');
        return el?.dataset.status === 'ready' && [...el.querySelectorAll('[data-testid="key-row"]')].map((tr) => tr.dataset.id).join() === want;
      }, ids.join());
    /** Revokes key `id` through its row and the confirmation; returns the DELETE's status. */
    const revokeInPanel = async (id, hint) => {
      await page.click(`[data-testid="key-row"][data-id="${id}"] [data-testid="key-revoke"]`);
      await page.waitForSelector(byTestId('key-revoke-dialog'));
      const what = await page.textContent(byTestId('key-revoke-what'));
      check(what.includes(hint) && what.includes(String(id)), `the confirmation names "${what}", not ${hint} (id ${id})`);
      const answered = page.waitForResponse((r) => r.url().includes(`/api/v1/keys/${id}?`) && r.request().method() === 'DELETE');
      await page.click(byTestId('key-revoke-confirm'));
      return (await answered).status();
    };

    await page
      .waitForSelector(`${panel}[data-status="ready"] ${byTestId('key-row')}`, { timeout: 5000 })
      .catch(() => {
        throw new CheckFailed('the Settings page has no API keys panel (settings-keys with key-row): is the console served built from this web/src?');
      });
    await page.$eval(panel, (el) => el.scrollIntoView({ block: 'start' }));
    const before = (await api(keysPath)).keys;
    compareKeys(await shownKeys(), before);
    check(before.some((k) => k.kind === 'write' && k.key === writeKey), `GET ${keysPath} does not list the test's write key whole`);
    const originals = before.filter((k) => k.kind === 'secret');
    check(originals.length >= 1, `the project has no secret key: ${JSON.stringify(before)}`);

    let created = null;
    try {
      // A secret key with a label: its whole key shown once, in the box that says so.
      const label = `e2e 测试 ${Date.now().toString(36)}`;
      await page.selectOption(byTestId('key-create-kind'), 'secret');
      await page.fill(byTestId('key-create-label'), label);
      const answered = page.waitForResponse((r) => r.url().includes('/api/v1/keys?') && r.request().method() === 'POST');
      await page.click(byTestId('key-create-submit'));
      const res = await answered;
      check(res.status() === 201, `POST /api/v1/keys: HTTP ${res.status()}`);
      check(canonical(res.request().postDataJSON()) === canonical({ kind: 'secret', label }), `the panel sent ${res.request().postData()}`);
      created = await res.json();
      await page.waitForSelector(`${byTestId('key-created')}[data-kind="secret"]`);
      const whole = (await page.textContent(byTestId('key-created-value'))).trim();
      const boxId = Number(await page.getAttribute(byTestId('key-created'), 'data-id'));
      check(/^gls_\w{16,}$/.test(whole), `the box shows "${whole}", not a secret key`);
      check(whole === created.key && boxId === created.id && created.label === label && created.kind === 'secret', `the box shows ${whole} (id ${boxId}), the API created ${JSON.stringify(created)}`);
      const boxText = await page.textContent(byTestId('key-created'));
      check(boxText.includes('will not be shown again'), `the box does not say that the key will not be shown again: ${boxText}`);
      // The copy button puts the key on the clipboard.
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
      await page.click(byTestId('key-created-copy'));
      await page.waitForSelector(`${byTestId('key-created-copy')}[data-state="copied"]`);
      const clip = await page.evaluate(() => navigator.clipboard.readText()).catch((e) => `(clipboard not readable: ${e.message})`);
      check(clip === whole, `the clipboard holds "${clip}" after copying`);

      // The key works: GET /api/v1/stats with it as the bearer.
      const okStatus = await statsWith(whole);
      check(okStatus === 200, `GET /api/v1/stats with the new secret key: HTTP ${okStatus}`);
      log(`secret key ${created.id} "${label}" created in the panel, shown once (${hintOf(whole)}), copied; GET /api/v1/stats with it: ${okStatus}`);

      // Listed at once (hint only), as the API lists it.
      const after = (await api(keysPath)).keys;
      const listedNew = after.find((k) => k.id === created.id);
      check(listedNew && !listedNew.key && listedNew.hint === hintOf(whole) && listedNew.label === label, `GET ${keysPath} lists the new key as ${JSON.stringify(listedNew)}`);
      await waitListed(after.map((k) => k.id));
      compareKeys(await shownKeys(), after);
      await page.$eval(panel, (el) => el.scrollIntoView({ block: 'start' }));
      await shot(page, 'settings-keys');

      // Dismissed, the whole key is nowhere in the page any more: only its hint.
      await page.click(byTestId('key-created-dismiss'));
      await page.waitForSelector(byTestId('key-created'), { state: 'detached' });
      check(!(await page.evaluate((k) => document.documentElement.outerHTML.includes(k), whole)), 'the whole secret key is still in the page after the box was dismissed');
      const row = (await shownKeys()).find((k) => k.id === created.id);
      check(row && row.hint === hintOf(whole) && row.key === null && row.label === label, `after dismissing, the row of key ${created.id} shows ${JSON.stringify(row)}`);
      await page.reload();
      await page.waitForSelector(`${panel}[data-status="ready"] [data-testid="key-row"][data-id="${created.id}"]`);
      check(!(await page.evaluate((k) => document.documentElement.outerHTML.includes(k), whole)), 'the whole secret key is in the page after a reload');

      // In Chinese.
      await page.selectOption(byTestId('lang-select'), 'zh-CN');
      await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
      const zh = await page.$eval(panel, (el) => ({ title: el.querySelector('h3').textContent, kinds: [...el.querySelectorAll('[data-testid="key-kind"]')].map((e) => e.textContent), revoke: el.querySelector('[data-testid="key-revoke"]').textContent }));
      check(zh.title.includes('密钥') && zh.kinds.includes('私密密钥') && zh.kinds.includes('写入密钥') && zh.revoke === '吊销', `the panel in Chinese: ${JSON.stringify(zh)}`);
      await page.$eval(panel, (el) => el.scrollIntoView({ block: 'start' }));
      await shot(page, 'settings-keys-zh');
      await page.selectOption(byTestId('lang-select'), 'en');
      await page.waitForFunction(() => document.documentElement.lang === 'en');

      // Revoked through the panel: gone from the list, and the key is refused.
      const status = await revokeInPanel(created.id, hintOf(whole));
      check(status === 200, `DELETE /api/v1/keys/${created.id}: HTTP ${status}`);
      await page.waitForSelector(byTestId('key-revoke-dialog'), { state: 'detached' });
      await page.waitForSelector(`${byTestId('key-revoked')}[data-id="${created.id}"]`);
      await waitListed(before.map((k) => k.id));
      check(!(await api(keysPath)).keys.some((k) => k.id === created.id), `GET ${keysPath} still lists the revoked key ${created.id}`);
      const refused = await statsWith(whole);
      check(refused === 401, `GET /api/v1/stats with the revoked key: HTTP ${refused}, not 401`);
      log(`key ${created.id} revoked in the panel; GET /api/v1/stats with it: ${refused}`);
      created = null;

      // The project's last secret key: the API refuses (409) and the dialog shows why; it stays.
      const secrets = (await api(keysPath)).keys.filter((k) => k.kind === 'secret');
      if (secrets.length !== 1) {
        notes.push(`the project has ${secrets.length} secret keys: revoking the last one was not tried`);
      } else {
        const last = secrets[0];
        expectedErrors = [/HTTP 409 DELETE .*\/api\/v1\/keys\//, /status of 409/];
        const refusal = await revokeInPanel(last.id, last.hint);
        check(refusal === 409, `DELETE /api/v1/keys/${last.id} (the last secret key): HTTP ${refusal}, not 409`);
        await page.waitForSelector(`${byTestId('key-revoke-dialog')} ${byTestId('key-revoke-error')}[data-code="failed_precondition"]`);
        const message = await page.innerText(byTestId('key-revoke-error'));
        check(message.includes('last secret key') && message.includes(String(last.id)), `the refusal shown reads "${message}"`);
        await page.$eval(panel, (el) => el.scrollIntoView({ block: 'start' }));
        await shot(page, 'settings-keys-refused');
        await page.click(byTestId('key-revoke-cancel'));
        await page.waitForSelector(byTestId('key-revoke-dialog'), { state: 'detached' });
        expectedErrors = [];
        check((await api(keysPath)).keys.some((k) => k.id === last.id), `the last secret key ${last.id} is gone after the refusal`);
        check((await shownKeys()).some((k) => k.id === last.id), `the panel no longer lists the last secret key ${last.id}`);
        log(`revoking the last secret key ${last.id}: ${refusal}, shown: ${message.replace(/\s+/g, ' ').trim()}`);
      }

      // A write key created and revoked in the panel comes and goes in the projects table too.
      await page.selectOption(byTestId('key-create-kind'), 'write');
      await page.fill(byTestId('key-create-label'), 'e2e write key');
      await page.click(byTestId('key-create-submit'));
      await page.waitForSelector(`${byTestId('key-created')}[data-kind="write"]`);
      created = { id: Number(await page.getAttribute(byTestId('key-created'), 'data-id')), kind: 'write' };
      await page.waitForSelector(`${panel}[data-status="ready"] [data-testid="key-row"][data-id="${created.id}"] ${byTestId('key-value')}`);
      const writeRow = (await shownKeys()).find((k) => k.id === created.id);
      check(writeRow?.key?.startsWith('glw_'), `the new write key's row shows ${JSON.stringify(writeRow)}`);
      const projectRow = `[data-testid="project-row"][data-name="${project}"]`;
      const inProjects = (key, present) => page.waitForFunction(({ sel, k, p }) => (document.querySelector(sel)?.textContent.includes(k) ?? false) === p, { sel: projectRow, k: key, p: present });
      await inProjects(writeRow.key, true);
      const writeStatus = await revokeInPanel(created.id, hintOf(writeRow.key));
      check(writeStatus === 200, `DELETE /api/v1/keys/${created.id} (write): HTTP ${writeStatus}`);
      created = null;
      await inProjects(writeRow.key, false);
      await inProjects(writeKey, true);
      await waitListed(before.map((k) => k.id));
      log(`write key ${writeRow.id} created and revoked in the panel; the projects table followed`);
    } finally {
      expectedErrors = [];
      // Never leave the project with a key of the test's, nor without a secret key.
      if (created?.id) await api(`/api/v1/keys/${created.id}?project=${encodeURIComponent(project)}`, undefined, 'DELETE').catch((e) => notes.push(`could not revoke the test's key ${created.id}: ${e.message}`));
      const left = (await api(keysPath)).keys;
      if (!left.some((k) => k.kind === 'secret')) {
        const spare = await api(keysPath, { kind: 'secret', label: 'made by the e2e test: the project had no secret key left' });
        notes.push(`the project had no secret key left; a new one was created: id ${spare.id}`);
        throw new CheckFailed(`the project ${project} was left without a secret key`);
      }
    }
  });

  await step('settings: a new project created in the form is listed, switched to, and shows its write key', async () => {
    const name = `e2e_shop_${Date.now().toString(36)}`;
    await page.waitForSelector(byTestId('project-create-form'));
    const zones = await page.$$eval(`${byTestId('project-create-zone')} option`, (els) => els.map((e) => e.value));
    check(zones[0] === 'Asia/Shanghai', `the first time zone offered is ${zones[0]}`);
    for (const z of ['UTC', 'Asia/Hong_Kong', 'Asia/Tokyo', 'Asia/Singapore', 'Europe/London', 'America/New_York', 'America/Los_Angeles']) check(zones.includes(z), `the time zone ${z} is not offered`);
    await page.fill(byTestId('project-create-name'), name);
    await page.selectOption(byTestId('project-create-zone'), 'Asia/Shanghai');
    await page.click(byTestId('project-create-submit'));
    await page.waitForSelector(`${byTestId('project-created')}[data-project="${name}"]`);
    const shownKey = (await page.textContent(byTestId('project-created-key'))).trim();
    const { projects } = await api('/api/v1/projects');
    const made = projects.find((p) => p.name === name);
    check(made, `GET /api/v1/projects does not list ${name}`);
    check(made.time_zone === 'Asia/Shanghai', `${name} has the time zone ${made.time_zone}`);
    check(made.write_keys?.length && made.write_keys.includes(shownKey), `the page shows the write key ${shownKey}, the API lists ${JSON.stringify(made.write_keys)}`);
    createdProject = made; // deleted through the UI by the next step
    check((await page.textContent(byTestId('sdk-snippet-code'))).includes(shownKey), 'the snippet does not carry the write key');
    // The console switched to it: the switcher lists and selects it, its row is the current one.
    await page.waitForFunction((n) => document.querySelector('[data-testid="project-select"]')?.value === n, name);
    const options = await page.$$eval(`${byTestId('project-select')} option`, (els) => els.map((e) => e.value));
    check(options.includes(name), `the project switcher lists ${options.join(', ')}`);
    const row = `[data-testid="project-row"][data-name="${name}"]`;
    await page.waitForSelector(row);
    check((await page.textContent(row)).includes(shownKey), `the projects table does not show ${shownKey} for ${name}`);
    await page.waitForSelector(`${byTestId('settings-stats')} dl`);
    log(`created ${name} (Asia/Shanghai), write key ${shownKey}; the console switched to it`);
    await page.$eval(byTestId('settings-new-project'), (el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, 'settings-new-project');

    // The name again: 409, shown with its code and field; nothing else changes.
    expectedErrors = [/HTTP 409 POST .*\/api\/v1\/projects/, /status of 409/];
    await page.fill(byTestId('project-create-name'), name);
    await page.click(byTestId('project-create-submit'));
    await page.waitForSelector(`${byTestId('project-create-error')}[data-code="already_exists"]`);
    const text = await page.textContent(byTestId('project-create-error'));
    check(text.includes('name'), `the 409 shown does not name the field: ${text}`);
    expectedErrors = [];

    // Back to the project with the data for the steps that follow.
    await page.selectOption(byTestId('project-select'), project);
    await page.waitForSelector(`[data-testid="project-row"][data-name="${project}"] .tag`);
    await page.waitForSelector(`${byTestId('settings-stats')} dl`);
  });

  await step('settings: a project deleted through its confirmation (exact name typed) leaves the API, the table and the switcher; its write key is refused; the console moves to default', async () => {
    // The project the form created (nothing after this step needs it), or a throwaway one.
    let target = createdProject;
    if (!target) {
      target = await api('/api/v1/projects', { name: `e2e_gone_${Date.now().toString(36)}`, time_zone: 'UTC' });
      notes.push(`the form created no project: ${target.name} was created through the API to be deleted`);
      await page.reload();
      await page.waitForSelector(byTestId('page-settings'));
    }
    const name = target.name;
    const enc = encodeURIComponent(name);
    const rowOf = (n) => `[data-testid="project-row"][data-name="${n}"]`;
    const listedNames = async () => (await api('/api/v1/projects')).projects.map((p) => p.name);
    const keyOf = (await api('/api/v1/projects')).projects.find((p) => p.name === name)?.write_keys?.[0];
    check(keyOf, `GET /api/v1/projects lists no write key of ${name}`);
    /** The status of a capture (POST /api/v1/events) sent with `key` as the bearer. */
    const capture = async (key) =>
      (
        await fetch(`${base}/api/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ event: 'app_open', distinct_id: 'e2e-deleted-project', properties: { platform: 'web' } }),
        })
      ).status;
    const sentBefore = await capture(keyOf);
    check(sentBefore >= 200 && sentBefore < 300, `before the deletion a capture with ${name}'s write key answers ${sentBefore}`);

    // The console shows the project to be deleted: afterwards it must leave it.
    await page.selectOption(byTestId('project-select'), name);
    await page.waitForSelector(`${rowOf(name)} .tag`);
    await page.waitForSelector(`${byTestId('settings-stats')} dl`);
    await page.waitForSelector(`${byTestId('settings-keys')}[data-status="ready"]`);
    await page.$eval(byTestId('settings-projects'), (el) => el.scrollIntoView({ block: 'start' }));

    // "default" offers no deletion, and the page says why.
    if (await page.$(rowOf('default'))) {
      check(await page.isDisabled(`${rowOf('default')} ${byTestId('project-delete')}`), 'the Delete button of "default" is enabled');
      const note = (await page.textContent(byTestId('project-delete-default-note'))).trim();
      check(/default project cannot be deleted/.test(note), `the note on "default" reads "${note}"`);
    }

    const dialog = byTestId('project-delete-dialog');
    const confirm = byTestId('project-delete-confirm');
    const openDialog = async () => {
      await page.click(`${rowOf(name)} ${byTestId('project-delete')}`);
      await page.waitForSelector(dialog);
      check((await page.inputValue(byTestId('project-delete-name'))) === '', 'the name field of the confirmation is not empty when it opens');
      check(await page.isDisabled(confirm), 'the Delete button is enabled before the name is typed');
    };
    const closeDialog = async () => {
      await page.click(byTestId('project-delete-cancel'));
      await page.waitForSelector(dialog, { state: 'detached' });
    };

    await openDialog();
    const what = await page.textContent(byTestId('project-delete-what'));
    check(what.includes(name) && what.includes(String(target.id)), `the confirmation asks "${what}", not about ${name} (id ${target.id})`);
    const warning = (await page.textContent(byTestId('project-delete-warning'))).toLowerCase();
    for (const w of ['events', 'persons', 'dashboards', 'settings', 'keys', 'write key', 'refused at once', 'cannot be undone']) check(warning.includes(w), `the warning does not say "${w}": ${warning}`);
    // Anything but the exact name leaves the button disabled.
    for (const wrong of [name.slice(0, -1), `${name}x`, name.toUpperCase(), ` ${name}`, `${name} `, 'default']) {
      await page.fill(byTestId('project-delete-name'), wrong);
      check(await page.isDisabled(confirm), `the Delete button is enabled with "${wrong}" typed`);
    }
    await page.fill(byTestId('project-delete-name'), name);
    check(await page.isEnabled(confirm), `the Delete button stays disabled with "${name}" typed`);
    await shot(page, 'project-delete-dialog');

    // Not the operator (the request carries a secret key): the server refuses (403), the dialog
    // shows its code and message and stays open, and the project stays.
    const secret = await api(`/api/v1/keys?project=${enc}`, { kind: 'secret', label: 'e2e: not the operator' });
    expectedErrors = [/HTTP 403 DELETE .*\/api\/v1\/projects\//, /status of 403/];
    await page.evaluate((k) => localStorage.setItem('growloop.secretKey', k), secret.key);
    const refused = page.waitForResponse((r) => r.url().endsWith(`/api/v1/projects/${enc}`) && r.request().method() === 'DELETE');
    await page.click(confirm);
    check((await refused).status() === 403, `DELETE /api/v1/projects/${name} with a secret key answers ${(await refused).status()}`);
    await page.waitForSelector(`${byTestId('project-delete-error')}[data-code="permission_denied"]`);
    await page.evaluate(() => localStorage.removeItem('growloop.secretKey'));
    const refusal = await page.textContent(`${dialog} .project-delete-error`);
    check(/operator/.test(refusal), `the refusal shown does not say who may delete: ${refusal}`);
    check(await page.isVisible(dialog), 'the dialog closed after the refusal');
    check((await listedNames()).includes(name), `${name} is gone after a refused deletion`);
    await shot(page, 'project-delete-refused');
    expectedErrors = [];
    await closeDialog();

    // The same dialog in Chinese.
    await page.selectOption(byTestId('lang-select'), 'zh-CN');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await openDialog();
    const zh = await page.textContent(dialog);
    for (const w of ['删除项目', '此操作无法撤销', '请输入项目名称以确认', '写入密钥']) check(zh.includes(w), `the Chinese confirmation lacks "${w}": ${zh}`);
    await page.fill(byTestId('project-delete-name'), name);
    await shot(page, 'project-delete-dialog-zh');
    await closeDialog();
    await page.selectOption(byTestId('lang-select'), 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');

    // Deleted: every request the console makes from then on is watched for the project's name.
    await openDialog();
    await page.fill(byTestId('project-delete-name'), name);
    const afterwards = [];
    let deletedAt = 0;
    const naming = (req) => {
      const url = req.url();
      if (deletedAt && (url.includes(`project=${enc}`) || url.includes(`/projects/${enc}`))) afterwards.push(`${req.method()} ${url}`);
    };
    page.on('request', naming);
    try {
      const answered = page.waitForResponse((r) => r.url().endsWith(`/api/v1/projects/${enc}`) && r.request().method() === 'DELETE');
      await page.click(confirm);
      const res = await answered;
      deletedAt = Date.now();
      check(res.status() === 200, `DELETE /api/v1/projects/${name} answers ${res.status()}`);
      const body = await res.json();
      check(body.deleted?.name === name && body.deleted?.id === target.id, `DELETE answers ${JSON.stringify(body)}`);
      await page.waitForSelector(dialog, { state: 'detached' });
      await page.waitForSelector(`${byTestId('project-deleted')}[data-name="${name}"]`);
      await page.waitForSelector(rowOf(name), { state: 'detached' });
      // The console is on "default" now (remembered), its row the current one.
      await page.waitForFunction(() => document.querySelector('[data-testid="project-select"]')?.value === 'default');
      await page.waitForSelector(`${rowOf('default')} .tag`);
      check((await page.evaluate(() => localStorage.getItem('growloop.project'))) === 'default', 'the console does not remember "default" as its project');
      const options = await page.$$eval(`${byTestId('project-select')} option`, (els) => els.map((e) => e.value));
      check(!options.includes(name), `the project switcher still offers ${name}: ${options.join(', ')}`);
      check(!(await page.$(`${byTestId('project-created')}[data-project="${name}"]`)), `the new project box still shows ${name}`);
      check(!(await page.$(`${byTestId('project-create-error')}[data-code="already_exists"]`)), `the form still says that ${name} exists`);
      await page.waitForSelector(`${byTestId('settings-stats')} dl`);
      await page.waitForSelector(`${byTestId('settings-keys')}[data-status="ready"]`);
      check((await page.textContent(byTestId('settings-stats'))).includes('default'), 'the store statistics are not those of "default"');
      await page.$eval(byTestId('settings-projects'), (el) => el.scrollIntoView({ block: 'start' }));
      await shot(page, 'project-deleted');

      // The API: not listed, its name answered 404, its write key refused.
      check(!(await listedNames()).includes(name), `GET /api/v1/projects still lists ${name}`);
      const schemaStatus = (await fetch(`${base}/api/v1/schema?project=${enc}`)).status;
      check(schemaStatus === 404, `GET /api/v1/schema?project=${name} answers ${schemaStatus}`);
      const sentAfter = await capture(keyOf);
      check(sentAfter === 401, `a capture with ${name}'s write key answers ${sentAfter} after the deletion`);
      log(`${name} (id ${target.id}) deleted in the dialog; its write key gets ${sentAfter}; the console is on default`);

      // The other pages, and a reload, go on with "default" and never ask for the deleted project.
      await gotoNav(page, 'overview', 'page-overview');
      await page.waitForFunction(() => {
        const cards = [...document.querySelectorAll('[data-testid^="kpi-"][data-status]')];
        return cards.length >= 6 && cards.every((c) => c.dataset.status !== 'loading');
      });
      await page.reload();
      await page.waitForSelector(byTestId('page-overview'));
      await page.waitForFunction(() => document.querySelector('[data-testid="project-select"]')?.value === 'default');
      await gotoNav(page, 'settings', 'page-settings');
      await page.waitForSelector(`${rowOf('default')} .tag`);
      check(!(await page.$(rowOf(name))), `${name} is listed again after a reload`);
      check(afterwards.length === 0, `the console asked for the deleted project:\n      ${afterwards.join('\n      ')}`);
    } finally {
      page.off('request', naming);
    }

    // Back to the project with the data, should it not be "default".
    if (project !== 'default') {
      await page.selectOption(byTestId('project-select'), project);
      await page.waitForSelector(`${rowOf(project)} .tag`);
    }
    await page.waitForSelector(`${byTestId('settings-stats')} dl`);
  });

  await step('switching the language changes the UI to Chinese and back', async () => {
    const before = (await page.textContent(byTestId('nav-overview'))).trim();
    check(before === 'Overview', `English nav label is "${before}"`);
    await page.selectOption(byTestId('lang-select'), 'zh-CN');
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-overview"]').textContent.trim() !== 'Overview');
    const labels = await page.$$eval('[data-testid^="nav-"]', (els) => els.map((e) => e.textContent.trim()));
    check(labels.every((l) => /[\u4e00-\u9fff]/.test(l)), `nav labels not Chinese: ${labels.join(', ')}`);
    check((await page.getAttribute('html', 'lang')) === 'zh-CN', 'html lang is not zh-CN');
    log(`zh-CN nav: ${labels.join(' ')}`);
    await shot(page, 'settings-zh');
    await gotoNav(page, 'overview', 'page-overview');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid^="kpi-"][data-status]')].every((c) => c.dataset.status !== 'loading'));
    await expectCharts(page, { expected: ['chart-dau'] });
    await shot(page, 'overview-zh');
    await page.click(byTestId('kpi-defs-open'));
    await page.waitForSelector(byTestId('kpi-defs-dialog'));
    await shot(page, 'kpi-definitions-zh');
    await page.keyboard.press('Escape');
    await page.goto(`${base}/#/insights/funnel`);
    await waitInsight(page, 'funnel');
    await expectCharts(page, { expected: ['chart-funnel'] });
    await shot(page, 'insights-funnel-zh');
    await gotoNav(page, 'persons', 'page-persons');
    await searchPersons(page, { event: names.includes('app_open') ? 'app_open' : funnelEvents[0], property: 'platform', value: 'ios' });
    await page.waitForSelector(`${byTestId('property-search-answer')}[data-status="ready"] ${byTestId('property-search-row')}`);
    await shot(page, 'persons-search-zh');
    await page.selectOption(byTestId('lang-select'), 'en');
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-overview"]').textContent.trim() === 'Overview');
    check((await page.textContent(byTestId('nav-dashboards'))).trim() === 'Dashboards', 'nav did not switch back to English');
  });

  if (setAside) {
    await api(settingPath(firstProject), { value: setAside.value }, 'PUT').catch((e) => notes.push(`could not put back console.kpi: ${e.message}; it was ${JSON.stringify(setAside.value)}`));
  }
  if (savedDashboard) {
    await api(`/api/v1/dashboards/${savedDashboard.id}?project=${encodeURIComponent(project)}`, undefined, 'DELETE').catch((e) => notes.push(`could not delete the test dashboard: ${e.message}`));
  }
  await browser.close();

  timing.aborted_requests = aborted;
  writeFileSync(join(out, 'timing.json'), `${JSON.stringify(timing, null, 2)}\n`);
  for (const n of notes) console.log(`note ${n}`);
  console.log(`overview KPI cards filled ${timing.overview_kpis_filled_ms} ms after navigation start (first load; reload ${timing.overview_kpis_filled_reload_ms} ms; timing.json)`);
  console.log(`${stepsRun - failures.length} passed, ${failures.length} failed`);
  if (failures.length) {
    console.error(`\nconsole e2e FAILED:\n- ${failures.join('\n- ')}`);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(`console e2e crashed: ${err.stack || err}`);
  process.exit(1);
});
