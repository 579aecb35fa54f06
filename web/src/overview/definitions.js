import { eventNames, hasEvent, hasNumericProperty, propertiesOf } from '../lib/schema.js';

// KPI definitions ("指标口径"): which events and properties the overview's KPIs (and the Persons
// page's most valuable customers) are computed from. Per project, shared by its team (the
// `definitions` of the setting `console.kpi`, see kpiSetting.js); what is not stored is guessed
// from the project's schema, so the defaults follow the data.

const DEMO_FUNNEL = ['app_open', 'view_item', 'add_to_cart', 'purchase'];
const MONEY_NAMES = ['amount', 'revenue', 'price', 'value'];
export const MIN_STEPS = 2;
export const MAX_STEPS = 6;
export const MAX_WINDOW_SECONDS = 31622400;

// Fields stored together: a group differing from its defaults is stored whole, the others follow the schema.
const GROUPS = [['activity'], ['funnel', 'windowSeconds'], ['revenueEvent', 'revenueProperty', 'channel']];

/** The numeric property of `event` most likely to be money: amount, revenue, price, value, else none. */
export function guessAmountProperty(schema, event) {
  return MONEY_NAMES.find((name) => hasNumericProperty(schema, event, name)) || '';
}

/** `channel` when the event has it, else none. */
export function guessChannelProperty(schema, event) {
  return event && propertiesOf(schema, event).some((p) => p.name === 'channel') ? 'channel' : '';
}

function guessRevenue(schema) {
  if (hasNumericProperty(schema, 'purchase', 'amount')) return { revenueEvent: 'purchase', revenueProperty: 'amount' };
  for (const name of MONEY_NAMES) {
    const event = eventNames(schema).find((e) => hasNumericProperty(schema, e, name));
    if (event) return { revenueEvent: event, revenueProperty: name };
  }
  return { revenueEvent: '', revenueProperty: '' };
}

export function defaultDefinitions(schema) {
  const activity = hasEvent(schema, 'app_open') ? 'app_open' : '$all';
  const revenue = guessRevenue(schema);
  let funnel = [];
  if (DEMO_FUNNEL.every((e) => hasEvent(schema, e))) funnel = DEMO_FUNNEL;
  else if (activity !== '$all' && revenue.revenueEvent && revenue.revenueEvent !== activity) funnel = [activity, revenue.revenueEvent];
  return {
    activity,
    funnel,
    windowSeconds: 86400,
    ...revenue,
    channel: guessChannelProperty(schema, revenue.revenueEvent),
  };
}

const isName = (v) => typeof v === 'string';
/** No steps (conversion left out), or 2 to 6 steps each naming an event. */
const funnelOk = (steps) => !steps.length || (steps.length >= MIN_STEPS && steps.length <= MAX_STEPS && steps.every((e) => isName(e) && e));

/** The stored definitions (the `definitions` of the KPI setting) over the defaults, field by field (a malformed field keeps its default). */
export function loadDefinitions(stored, schema) {
  const out = defaultDefinitions(schema);
  const s = stored;
  if (!s || typeof s !== 'object') return out;
  if (isName(s.activity) && s.activity) out.activity = s.activity;
  if (Array.isArray(s.funnel) && funnelOk(s.funnel)) out.funnel = s.funnel;
  if (Number.isFinite(s.windowSeconds) && s.windowSeconds > 0 && s.windowSeconds <= MAX_WINDOW_SECONDS) out.windowSeconds = s.windowSeconds;
  if (isName(s.revenueEvent) && isName(s.revenueProperty) && !s.revenueEvent === !s.revenueProperty) {
    out.revenueEvent = s.revenueEvent;
    out.revenueProperty = s.revenueProperty;
  }
  if (isName(s.channel)) out.channel = s.channel;
  return out;
}

/** What to store: the groups of fields that differ from the defaults, or null when none does. */
export function storedDefinitions(defs, schema) {
  const defaults = defaultDefinitions(schema);
  const changed = GROUPS.filter((g) => g.some((f) => JSON.stringify(defs[f]) !== JSON.stringify(defaults[f]))).flat();
  return changed.length ? Object.fromEntries(changed.map((f) => [f, defs[f]])) : null;
}

/** The message key of what is wrong with definitions, or null. */
export function validateDefinitions(defs) {
  if (!funnelOk(defs.funnel)) return 'kpiDefs.invalid.steps';
  if (!(defs.windowSeconds > 0) || defs.windowSeconds > MAX_WINDOW_SECONDS) return 'funnel.badWindow';
  if (!!defs.revenueEvent !== !!defs.revenueProperty) return 'kpiDefs.invalid.revenue';
  return null;
}

/** What the definitions allow against the schema: which KPIs can be computed. */
export function definitionStatus(defs, schema) {
  const missingSteps = defs.funnel.filter((e) => !hasEvent(schema, e));
  const hasRevenue = !!defs.revenueEvent && hasNumericProperty(schema, defs.revenueEvent, defs.revenueProperty);
  const hasChannel = hasRevenue && !!defs.channel && propertiesOf(schema, defs.revenueEvent).some((p) => p.name === defs.channel);
  return { hasFunnel: defs.funnel.length >= MIN_STEPS && !missingSteps.length, missingSteps, hasRevenue, hasChannel };
}
