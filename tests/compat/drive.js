#!/usr/bin/env node
// Drives one real analytics SDK (as published on npm, pinned in package.json) against a
// running `growloop serve`, and prints one JSON line saying what it sent and what the server
// should now answer for it.
//
//   node drive.js SDK SERVER_URL WRITE_KEY RUN_ID
//
// SDK is one of segment, rudderstack, posthog, mixpanel, amplitude, sensors. Every SDK sends,
// for the ids anon-RUN and user-RUN (and device-RUN where the SDK has an alias call): events
// tracked anonymously, an identify that links the anonymous id to the user id with person
// properties, an alias, person-property updates in the SDK's own syntax, a group with group
// properties where the SDK has groups, and events tracked as the user. The calls are spaced a
// few milliseconds apart so that their timestamps order them as they were made.
//
// The printed line: {"sdk", "ok", "run", "ids": {"anonymous", "user", "alias"},
//   "person": {"event_counts", "properties", "groups"},  -- what GET /api/v1/persons/{id} answers
//   "groups": [{"type", "key", "properties"}],            -- what GET /api/v1/groups/{type}/{key} answers
//   "more_persons": [{"id", "what", "event_counts", "properties"}],  -- other ids, each its own person
//   "other_events": {name: count},   -- stored events that belong to no person of this run
//   "not_events": {what: count},     -- messages that update a group but are no events
//   "calls", "errors"}
// The exit status is 1 when the SDK reported any error (or the driver failed), else 0.

'use strict';

const DEFAULT_TIMEOUT_MS = 45000;
const CALL_SPACING_MS = 10;
const unhandled = [];  // promise rejections nobody handled: counted as SDK errors

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function errorText(e) {
  if (e == null) return 'unknown error';
  if (e instanceof Error) return e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e.message;
  if (typeof e === 'object') {
    try {
      return JSON.stringify(e, (k, v) => (k === 'ctx' ? undefined : v instanceof Error ? v.message : v));
    } catch (_) {
      return String(e);
    }
  }
  return String(e);
}

// The driver's deadline: every wait ends by then (set in main()).
let deadline = Infinity;

// Rejects when `promise` takes longer than `ms`, or runs past the deadline.
function withTimeout(promise, ms, what) {
  ms = Math.max(0, Math.min(ms, deadline - Date.now()));
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Collects the SDK's errors and the promises of its calls' completion callbacks.
class Recorder {
  constructor() {
    this.errors = [];
    this.pending = [];
    this.calls = 0;
  }

  error(where, e) {
    this.errors.push(`${where}: ${errorText(e)}`);
  }

  // A node-style callback for call `name`; its completion is awaited by settle().
  callback(name) {
    this.calls += 1;
    let done;
    this.pending.push(new Promise((resolve) => (done = resolve)));
    return (err) => {
      if (err) this.error(name, err);
      done();
    };
  }

  async settle(timeoutMs, what) {
    try {
      await withTimeout(Promise.all(this.pending), timeoutMs, what);
    } catch (e) {
      this.error('settle', e);
    }
  }
}

function ids(run, withAlias) {
  return {
    anonymous: `anon-${run}`,
    user: `user-${run}`,
    alias: withAlias ? `device-${run}` : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Segment and RudderStack: the same call shapes (identify traits, alias, group, track).

async function driveSegmentLike(client, rec, id, group, flush) {
  const A = id.anonymous;
  const U = id.user;
  const D = id.alias;
  const G = group;
  const steps = [
    ['track', { anonymousId: A, event: 'view_item', properties: { item: 'sku-1', price: 9.5 } }],
    ['track', { anonymousId: A, event: 'view_item', properties: { item: 'sku-2', price: 20 } }],
    ['track', { anonymousId: D, event: 'app_open', properties: { platform: 'ios' } }],
    ['identify', { userId: U, anonymousId: A,
      traits: { email: `${U}@example.com`, name: 'Ada', plan: 'free', age: 36, newsletter: false } }],
    ['alias', { previousId: D, userId: U }],
    ['group', { userId: U, groupId: G, traits: { name: 'Acme', employees: 42 } }],
    ['identify', { userId: U, traits: { plan: 'pro', newsletter: true } }],
    ['group', { userId: U, groupId: G, traits: { employees: 50, industry: 'retail' } }],
    ['track', { userId: U, event: 'purchase', properties: { amount: 129.9, currency: 'EUR' } }],
    ['track', { userId: U, event: 'purchase', properties: { amount: 20, currency: 'EUR' } }],
  ];
  for (const [method, message] of steps) {
    client[method](message, rec.callback(method));
    await sleep(CALL_SPACING_MS);
  }
  await flush();
  return {
    person: {
      event_counts: { view_item: 2, app_open: 1, $identify: 2, $alias: 1, $group: 2, purchase: 2 },
      properties: { email: `${U}@example.com`, name: 'Ada', plan: 'pro', age: 36, newsletter: true },
      groups: { group: G },
    },
    groups: [{ type: 'group', key: G, properties: { name: 'Acme', employees: 50, industry: 'retail' } }],
    other_events: {},
    not_events: {},
  };
}

async function segment(url, key, run, rec, timeoutMs) {
  const { Analytics } = require('@segment/analytics-node');
  const client = new Analytics({ writeKey: key, host: url, maxRetries: 2, httpRequestTimeout: 10000 });
  client.on('error', (e) => rec.error('segment', e));
  client.on('http_response', (r) => {
    const status = r && r.status;
    if (!(status >= 200 && status < 300)) rec.error('segment http', `status ${status} from ${r && r.url}`);
  });
  const id = ids(run, true);
  const out = await driveSegmentLike(client, rec, id, `company-${run}`, async () => {
    await withTimeout(client.closeAndFlush({ timeout: timeoutMs }), timeoutMs, 'closeAndFlush');
    await rec.settle(timeoutMs, 'segment callbacks');
  });
  return { ids: id, ...out };
}

async function rudderstack(url, key, run, rec, timeoutMs) {
  const Analytics = require('@rudderstack/rudder-sdk-node');
  const client = new Analytics(key, {
    dataPlaneUrl: url,
    retryCount: 2,
    logLevel: 'error',
    errorHandler: (e) => rec.error('rudderstack', e),
  });
  const id = ids(run, true);
  const out = await driveSegmentLike(client, rec, id, `company-${run}`, async () => {
    // flush() sends at most flushAt messages; repeat until the queue is empty.
    for (let i = 0; i < 10 && client.queue.length > 0 && Date.now() < deadline; ++i) {
      await withTimeout(client.flush(), timeoutMs, 'flush').catch((e) => rec.error('flush', e));
    }
    await withTimeout(client.flush(), timeoutMs, 'flush').catch((e) => rec.error('flush', e));
    await rec.settle(timeoutMs, 'rudderstack callbacks');
  });
  return { ids: id, ...out };
}

// ---------------------------------------------------------------------------------------------
// PostHog: capture, identify ($set, $set_once, $anon_distinct_id), alias, $set events,
// groupIdentify, capture with groups.

async function posthog(url, key, run, rec, timeoutMs) {
  const { PostHog } = require('posthog-node');
  const client = new PostHog(key, {
    host: url,
    flushAt: 100,
    flushInterval: 0,
    fetchRetryCount: 1,
    fetchRetryDelay: 500,
    requestTimeout: 10000,
    enableLocalEvaluation: false,  // no personal key: no flag definitions are polled
  });
  client.on('error', (e) => rec.error('posthog', e));
  let sent = 0;
  client.on('flush', (messages) => (sent += messages.length));
  const id = ids(run, true);
  const A = id.anonymous;
  const U = id.user;
  const D = id.alias;
  const G = `company-${run}`;
  const steps = [
    () => client.capture({ distinctId: A, event: 'view_item', properties: { item: 'sku-1' } }),
    () => client.capture({ distinctId: A, event: 'view_item', properties: { item: 'sku-2' } }),
    () => client.capture({ distinctId: D, event: 'app_open', properties: { platform: 'ios' } }),
    () => client.identify({ distinctId: U, properties: {
      $set: { email: `${U}@example.com`, name: 'Ada', plan: 'free' },
      $set_once: { signup_source: 'ad', first_plan: 'free' },
      $anon_distinct_id: A,
    } }),
    () => client.alias({ distinctId: U, alias: D }),
    () => client.setPersonProperties({ distinctId: U, properties: { plan: 'pro', temp_flag: 'x' },
      propertiesOnce: { signup_source: 'organic' } }),
    () => client.unsetPersonProperties({ distinctId: U, properties: ['temp_flag'] }),
    () => client.capture({ distinctId: U, event: 'settings_changed',
      properties: { $set: { theme: 'dark' }, $set_once: { first_theme: 'dark' } } }),
    () => client.groupIdentify({ groupType: 'company', groupKey: G, properties: { name: 'Acme', employees: 42 } }),
    () => client.groupIdentify({ groupType: 'company', groupKey: G, properties: { employees: 50, industry: 'retail' } }),
    () => client.capture({ distinctId: U, event: 'purchase', properties: { amount: 129.9 }, groups: { company: G } }),
    () => client.capture({ distinctId: U, event: 'purchase', properties: { amount: 20 }, groups: { company: G } }),
  ];
  for (const step of steps) {
    step();
    rec.calls += 1;
    await sleep(CALL_SPACING_MS);
  }
  try {
    await withTimeout(client.flush(), timeoutMs, 'flush');
  } catch (e) {
    rec.error('flush', e);
  }
  await withTimeout(client.shutdown(timeoutMs), timeoutMs, 'shutdown').catch((e) => rec.error('shutdown', e));
  if (sent !== steps.length) rec.error('posthog', `${sent} of ${steps.length} messages were flushed`);
  return {
    ids: id,
    person: {
      event_counts: { view_item: 2, app_open: 1, $identify: 1, $create_alias: 1, $set: 2,
        settings_changed: 1, purchase: 2 },
      properties: { email: `${U}@example.com`, name: 'Ada', plan: 'pro', signup_source: 'ad',
        first_plan: 'free', theme: 'dark', first_theme: 'dark' },
      groups: { company: G },
    },
    groups: [{ type: 'company', key: G, properties: { name: 'Acme', employees: 50, industry: 'retail' } }],
    // $groupidentify is sent with the distinct id "$company_<key>", not the person's.
    other_events: { $groupidentify: 2 },
    not_events: {},
  };
}

// ---------------------------------------------------------------------------------------------
// Mixpanel: /track (with $device_id / $user_id), alias, people.* (/engage), groups.* (/groups).
// Every call is its own request; each is awaited before the next so that the server, which
// stamps the messages that carry no time, receives them in order.

async function mixpanel(url, key, run, rec, timeoutMs) {
  const Mixpanel = require('mixpanel');
  const u = new URL(url);
  const client = Mixpanel.init(key, { host: u.host, protocol: u.protocol.replace(':', '') });
  const id = ids(run, true);
  const A = id.anonymous;
  const U = id.user;
  const D = id.alias;
  const G = `company-${run}`;
  const R = `repeat-${run}`;
  const call = (name, fn) =>
    withTimeout(new Promise((resolve) => fn((err) => {
      if (err) rec.error(name, err);
      resolve();
    })), timeoutMs, name).catch((e) => rec.error(name, e));
  const steps = [
    ['track', (cb) => client.track('view_item', { distinct_id: `$device:${A}`, $device_id: A, item: 'sku-1' }, cb)],
    ['track', (cb) => client.track('view_item', { distinct_id: `$device:${A}`, $device_id: A, item: 'sku-2' }, cb)],
    ['track', (cb) => client.track('app_open', { distinct_id: D, platform: 'ios' }, cb)],
    ['track', (cb) => client.track('sign_up', { distinct_id: U, $user_id: U, $device_id: A }, cb)],
    ['alias', (cb) => client.alias(U, D, cb)],
    ['people.set', (cb) => client.people.set(U, { $email: `${U}@example.com`, $name: 'Ada', plan: 'free', temp_flag: 'x' }, cb)],
    ['people.set_once', (cb) => client.people.set_once(U, { signup_source: 'ad' }, cb)],
    ['people.set_once', (cb) => client.people.set_once(U, 'signup_source', 'organic', cb)],
    ['people.set', (cb) => client.people.set(U, 'plan', 'pro', cb)],
    ['people.increment', (cb) => client.people.increment(U, 'logins', 2, cb)],
    ['people.increment', (cb) => client.people.increment(U, { logins: 3, credits: 1.5 }, cb)],
    ['people.append', (cb) => client.people.append(U, 'tags', 'beta', cb)],
    ['people.append', (cb) => client.people.append(U, { tags: 'vip' }, cb)],
    ['people.union', (cb) => client.people.union(U, { tags: ['vip', 'early'] }, cb)],
    ['people.remove', (cb) => client.people.remove(U, { tags: 'beta' }, cb)],
    ['people.unset', (cb) => client.people.unset(U, 'temp_flag', cb)],
    ['groups.set', (cb) => client.groups.set('company', G, { name: 'Acme', employees: 42, temp: 'x' }, cb)],
    ['groups.set_once', (cb) => client.groups.set_once('company', G, { founded: 1999 }, cb)],
    ['groups.set_once', (cb) => client.groups.set_once('company', G, 'founded', 2001, cb)],
    ['groups.set', (cb) => client.groups.set('company', G, 'employees', 50, cb)],
    ['groups.union', (cb) => client.groups.union('company', G, { regions: ['eu', 'us'] }, cb)],
    ['groups.remove', (cb) => client.groups.remove('company', G, { regions: 'us' }, cb)],
    ['groups.unset', (cb) => client.groups.unset('company', G, 'temp', cb)],
    ['track', (cb) => client.track('purchase', { distinct_id: U, amount: 129.9 }, cb)],
    ['track', (cb) => client.track('purchase', { distinct_id: U, amount: 20 }, cb)],
    // The SDK gives messages no $insert_id and /track and /engage no time: the same call made
    // twice sends the same bytes twice, and Mixpanel counts both (it deduplicates only on
    // $insert_id).
    ['track', (cb) => client.track('login', { distinct_id: R }, cb)],
    ['track', (cb) => client.track('login', { distinct_id: R }, cb)],
    ['people.increment', (cb) => client.people.increment(R, 'logins', cb)],
    ['people.increment', (cb) => client.people.increment(R, 'logins', cb)],
  ];
  for (const [name, fn] of steps) {
    if (Date.now() >= deadline) break;
    rec.calls += 1;
    await call(name, fn);
    await sleep(CALL_SPACING_MS);
  }
  return {
    ids: id,
    person: {
      event_counts: { view_item: 2, app_open: 1, sign_up: 1, $create_alias: 1, $engage: 11, purchase: 2 },
      properties: { $email: `${U}@example.com`, $name: 'Ada', plan: 'pro', signup_source: 'ad',
        logins: 5, credits: 1.5, tags: ['vip', 'early'] },
      groups: {},  // Mixpanel events name no group membership
    },
    groups: [{ type: 'company', key: G, properties: { name: 'Acme', employees: 50, founded: 1999, regions: ['eu'] } }],
    more_persons: [{
      id: R,
      what: 'the same call made twice (no $insert_id, no time) is stored twice',
      event_counts: { login: 2, $engage: 2 },
      properties: { logins: 2 },
    }],
    other_events: {},
    // /groups messages update the group's properties and are no events.
    not_events: { 'mixpanel /groups': 7 },
  };
}

// ---------------------------------------------------------------------------------------------
// Amplitude: track with device_id, identify with an Identify object, setGroup, groupIdentify,
// track with user_id. Amplitude has no alias call.

async function amplitude(url, key, run, rec, timeoutMs) {
  const amp = require('@amplitude/analytics-node');
  const client = amp.createInstance();
  await withTimeout(client.init(key, {
    serverUrl: `${url}/2/httpapi`,
    flushMaxRetries: 2,
    logLevel: amp.Types.LogLevel.None,
  }).promise, timeoutMs, 'init');
  const id = ids(run, false);
  const A = id.anonymous;
  const U = id.user;
  const G = `company-${run}`;
  const Identify = amp.Identify;
  const results = [];
  const steps = [
    ['track', () => client.track('view_item', { item: 'sku-1' }, { device_id: A })],
    ['track', () => client.track('view_item', { item: 'sku-2' }, { device_id: A })],
    ['identify', () => client.identify(new Identify()
      .set('email', `${U}@example.com`).set('name', 'Ada').set('plan', 'free').set('temp_flag', 'x')
      .setOnce('signup_source', 'ad').add('logins', 2).append('tags', 'beta'),
    { user_id: U, device_id: A })],
    ['identify', () => client.identify(new Identify()
      .set('plan', 'pro').setOnce('signup_source', 'organic').add('logins', 3).append('tags', 'vip')
      .unset('temp_flag'),
    { user_id: U, device_id: A })],
    ['setGroup', () => client.setGroup('company', G, { user_id: U, device_id: A })],
    ['groupIdentify', () => client.groupIdentify('company', G,
      new Identify().set('name', 'Acme').set('employees', 42), { user_id: U })],
    ['groupIdentify', () => client.groupIdentify('company', G,
      new Identify().set('employees', 50).setOnce('founded', 1999).add('seats', 10), { user_id: U })],
    ['track', () => client.track('purchase', { amount: 129.9 }, { user_id: U })],
    ['track', () => client.track('purchase', { amount: 20 }, { user_id: U })],
  ];
  for (const [name, fn] of steps) {
    rec.calls += 1;
    results.push([name, fn().promise]);
    await sleep(CALL_SPACING_MS);
  }
  await withTimeout(client.flush().promise, timeoutMs, 'flush').catch((e) => rec.error('flush', e));
  for (const [name, promise] of results) {
    try {
      const r = await withTimeout(promise, timeoutMs, name);
      if (!r || r.code !== 200) rec.error(name, `code ${r && r.code}: ${r && r.message}`);
    } catch (e) {
      rec.error(name, e);
    }
  }
  return {
    ids: id,
    person: {
      event_counts: { view_item: 2, $identify: 3, $groupidentify: 2, purchase: 2 },
      properties: { email: `${U}@example.com`, name: 'Ada', plan: 'pro', signup_source: 'ad',
        logins: 5, tags: ['beta', 'vip'], company: G },
      groups: { company: G },
    },
    groups: [{ type: 'company', key: G, properties: { name: 'Acme', employees: 50, founded: 1999, seats: 10 } }],
    other_events: {},
    not_events: {},
  };
}

// ---------------------------------------------------------------------------------------------
// Sensors Data: track, trackSignup ($SignUp with original_id), profile* calls. One request per
// call, sent one after the other by the SDK's submitter.

async function sensors(url, key, run, rec, timeoutMs) {
  const SensorsAnalytics = require('sa-sdk-node');
  const sa = new SensorsAnalytics();
  const submitter = sa.submitTo({ url: `${url}/sa?project=default`, gzip: true, mode: 'track' });
  let succeeded = 0;
  submitter.subscribe(() => (succeeded += 1), (e) => rec.error('sensors', e), () => {});
  const id = ids(run, false);
  const A = id.anonymous;
  const U = id.user;
  const steps = [
    () => sa.track(A, 'view_item', { item: 'sku-1' }),
    () => sa.track(A, 'view_item', { item: 'sku-2' }),
    () => sa.trackSignup(U, A, { channel: 'ad' }),
    () => sa.profileSet(U, { email: `${U}@example.com`, name: 'Ada', plan: 'free', temp_flag: 'x' }),
    () => sa.profileSetOnce(U, { signup_source: 'ad' }),
    () => sa.profileSetOnce(U, { signup_source: 'organic' }),
    () => sa.profileSet(U, { plan: 'pro' }),
    () => sa.profileIncrement(U, { logins: 2 }),
    () => sa.profileIncrement(U, { logins: 3 }),
    () => sa.profileAppend(U, { tags: ['beta'] }),
    () => sa.profileAppend(U, { tags: ['vip', 'early'] }),
    () => sa.profileUnset(U, ['temp_flag']),
    () => sa.track(U, 'purchase', { amount: 129.9 }),
    () => sa.track(U, 'purchase', { amount: 20 }),
  ];
  for (const step of steps) {
    step();
    rec.calls += 1;
    await sleep(CALL_SPACING_MS);
  }
  const deadline = Date.now() + timeoutMs;
  while (succeeded < steps.length && rec.errors.length === 0 && Date.now() < deadline) await sleep(20);
  if (succeeded < steps.length && rec.errors.length === 0) {
    rec.error('sensors', `${succeeded} of ${steps.length} requests succeeded after ${timeoutMs} ms`);
  }
  return {
    ids: id,
    person: {
      event_counts: { view_item: 2, $SignUp: 1, $profile_set: 2, $profile_set_once: 2,
        $profile_increment: 2, $profile_append: 2, $profile_unset: 1, purchase: 2 },
      properties: { email: `${U}@example.com`, name: 'Ada', plan: 'pro', signup_source: 'ad',
        logins: 5, tags: ['beta', 'vip', 'early'] },
      groups: {},
    },
    groups: [],
    other_events: {},
    not_events: {},
  };
}

const DRIVERS = { segment, rudderstack, posthog, mixpanel, amplitude, sensors };

async function main() {
  const [sdk, url, key, run] = process.argv.slice(2);
  if (!DRIVERS[sdk] || !url || !key || !run) {
    process.stderr.write(`usage: node drive.js {${Object.keys(DRIVERS).join('|')}} SERVER_URL WRITE_KEY RUN_ID\n`);
    process.exit(2);
  }
  const timeoutMs = Number(process.env.DRIVE_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS;
  deadline = Date.now() + timeoutMs;
  const rec = new Recorder();
  const finish = (result) => {
    for (const e of unhandled) rec.error('unhandled rejection', e);
    const ok = rec.errors.length === 0;
    process.stdout.write(JSON.stringify({ sdk, ok, run, ...result, calls: rec.calls, errors: rec.errors }) + '\n');
    // Some SDKs keep sockets or timers open; the line above is the whole answer.
    process.exit(ok ? 0 : 1);
  };
  // Whatever an SDK does, the driver answers soon after its deadline.
  setTimeout(() => {
    rec.error('driver', `still running ${timeoutMs + 2000} ms after the start`);
    finish({});
  }, timeoutMs + 2000).unref();
  let result = {};
  try {
    result = await DRIVERS[sdk](url.replace(/\/+$/, ''), key, run, rec, timeoutMs);
  } catch (e) {
    rec.error('driver', e);
  }
  finish(result);
}

process.on('unhandledRejection', (e) => unhandled.push(e));

main();
