// The person search by property: its form and the body of POST /api/v1/query/persons.

import { filtersToBody } from '../components/FilterEditor.jsx';

/** How many rows a search lists: the first, then each "show more". */
export const LIMITS = [50, 200, 1000];
export const ORDERS = ['last_seen', 'events'];

export function initialSearch() {
  return {
    event: '$all',
    filters: [{ property: '', op: 'eq', value: '' }],
    match: 'all', // 'all': every condition holds ({and}); 'any': one of them ({or})
    idContains: '',
    order: 'last_seen',
  };
}

/** Conditions that name a property but would not reach the query (no value yet). */
export function incompleteConditions(form, schema) {
  return (form.filters || []).filter((r) => r.property && !filtersToBody([r], schema)).length;
}

/** The property conditions (all or any of them) and the "id contains" text, ANDed. */
export function searchFilters(form, schema) {
  let cond = filtersToBody(form.filters, schema);
  if (cond && cond.and && form.match === 'any') cond = { or: cond.and };
  const id = (form.idContains || '').trim();
  if (!id) return cond;
  const byId = { property: '$distinct_id', op: 'contains', value: id };
  if (!cond) return byId;
  return { and: cond.and ? [...cond.and, byId] : [cond, byId] };
}

export function searchBody(form, range, limit, schema) {
  const body = { from: range.from, to: range.to };
  if (form.event && form.event !== '$all') body.event = { event: form.event };
  const filters = searchFilters(form, schema);
  if (filters) body.filters = filters;
  body.order = form.order;
  body.limit = limit;
  return body;
}

/** The next row limit after `limit`, or null at the last. */
export function nextLimit(limit) {
  const i = LIMITS.indexOf(limit);
  return i >= 0 && i + 1 < LIMITS.length ? LIMITS[i + 1] : null;
}
