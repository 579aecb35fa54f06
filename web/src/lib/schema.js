// Helpers over the GET /api/v1/schema answer.

export function eventNames(schema) {
  return (schema?.events || []).map((e) => e.name);
}

export function hasEvent(schema, name) {
  return (schema?.events || []).some((e) => e.name === name);
}

/** Properties of one event, or of every event for '$all' / undefined: [{name, type}]. */
export function propertiesOf(schema, event) {
  const events = schema?.events || [];
  const chosen = !event || event === '$all' ? events : events.filter((e) => e.name === event);
  const byName = new Map();
  for (const e of chosen) {
    for (const p of e.properties || []) {
      if (!byName.has(p.name)) byName.set(p.name, new Set());
      byName.get(p.name).add(p.type);
    }
  }
  return [...byName.entries()]
    .map(([name, types]) => ({ name, types: [...types], type: types.size === 1 ? [...types][0] : 'mixed' }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function numericPropertiesOf(schema, event) {
  return propertiesOf(schema, event).filter((p) => p.types.includes('number'));
}

export function hasNumericProperty(schema, event, property) {
  return numericPropertiesOf(schema, event).some((p) => p.name === property);
}

export function propertyType(schema, name) {
  const p = propertiesOf(schema).find((x) => x.name === name);
  if (!p) return 'string';
  return p.types.includes('number') ? 'number' : p.types.includes('bool') ? 'bool' : 'string';
}
