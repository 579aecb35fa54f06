"""An independent implementation of the query API (docs/query-api.md) over a flat CSV file of
events, for checking Growloop's answers. Plain Python, standard library only, written for
clarity rather than speed: every answer is computed from the raw rows, never from Growloop.

What it assumes about the data (the columns of `growloop demo-data`, docs/demo-data.md):

- `event_id`, `ts` (ISO-8601 UTC), `user_id`, `anonymous_id` and `event` are the event's own
  fields; every other non-empty cell is a property, `amount` a number, the rest strings.
- The distinct id of a row is its `user_id` when set, else its `anonymous_id`. A row with both
  links the two ids: a person is a connected component of linked ids (union-find).
- The project's time zone is UTC, so a local day is the UTC date.

Answers are returned in the shape Growloop uses, reduced to what the documentation defines:

- trends: `{"buckets": [...], "series": [{"name", "event", "math", "property"?,
  "breakdown_value"?, "compare"?, "values", "total"?}]}` (no `total` where the documentation
  does not say what it is: dau, wau, mau, stickiness). Bucket labels are `2026-01-05T13:00`
  (hour), `2026-01-05` (day; week: its Monday), `2026-01` (month), `all`. A breakdown always
  has a "$other" group, empty when every value has its own: whether an empty "$other" is listed
  is left to the comparison;
- funnel: `{"steps": [{"event", "persons", "conversion_from_first",
  "conversion_from_previous"}]}`;
- retention: `{"cohorts": [{"date", "persons", "values"}]}`, a cohort for every period of the
  range, dated like trends buckets;
- rfm: `{"persons", "sum_recency", "sum_frequency", "sum_monetary", "by_person"}`, where
  `by_person` maps a person's root id to `(recency, frequency, monetary)`;
- persons: `{"persons", "events", "by_person", "order"}`, where `by_person` maps a person's root
  id to `(events, first_us, last_us)` and `order` lists the persons' sort keys, first to last.
"""

import csv
import datetime
import re

US = 1_000_000
HOUR_US = 3600 * US
DAY_US = 86400 * US
EPOCH = datetime.date(1970, 1, 1)

FIXED_COLUMNS = ('event_id', 'ts', 'user_id', 'anonymous_id', 'event')
NUMBER_COLUMNS = ('amount',)

_TS = re.compile(r'^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?'
                 r'(Z|[+-]\d{2}:\d{2})$')


def parse_timestamp(text):
    """Microseconds since the epoch of an RFC 3339 timestamp."""
    m = _TS.match(text)
    if not m:
        raise ValueError('not an RFC 3339 timestamp: %r' % text)
    y, mo, d, h, mi, s = (int(m.group(i)) for i in range(1, 7))
    frac = int((m.group(7) or '0').ljust(6, '0'))
    days = (datetime.date(y, mo, d) - EPOCH).days
    us = ((days * 24 + h) * 60 + mi) * 60 * US + s * US + frac
    zone = m.group(8)
    if zone != 'Z':
        sign = 1 if zone[0] == '+' else -1
        us -= sign * (int(zone[1:3]) * 60 + int(zone[4:6])) * 60 * US
    return us


def date_of_day(day):
    return EPOCH + datetime.timedelta(days=day)


def day_of_date(date):
    return (date - EPOCH).days


def parse_date(text):
    return datetime.date(int(text[0:4]), int(text[5:7]), int(text[8:10]))


class Event:
    __slots__ = ('ts', 'day', 'distinct', 'person', 'name', 'props')

    def __init__(self, ts, distinct, name, props):
        self.ts = ts
        self.day = ts // DAY_US
        self.distinct = distinct
        self.person = None
        self.name = name
        self.props = props


class UnionFind:
    def __init__(self):
        self.parent = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class Dataset:
    """The events of a CSV file, in time order, each with its person."""

    def __init__(self, path):
        self.ids = UnionFind()
        self.events = []
        with open(path, newline='', encoding='utf-8') as f:
            for row in csv.DictReader(f):
                user, anon = row['user_id'], row['anonymous_id']
                distinct = user or anon
                self.ids.find(distinct)
                if user and anon:
                    self.ids.union(user, anon)
                props = {}
                for key, value in row.items():
                    if key in FIXED_COLUMNS or value == '':
                        continue
                    props[key] = float(value) if key in NUMBER_COLUMNS else value
                self.events.append(Event(parse_timestamp(row['ts']), distinct, row['event'], props))
        self.events.sort(key=lambda e: e.ts)
        for e in self.events:
            e.person = self.ids.find(e.distinct)

    def person_of(self, distinct_id):
        return self.ids.find(distinct_id)

    def persons_with_equal_times(self):
        """Persons having two events at the same instant (the funnel reference assumes none)."""
        seen, clash = set(), set()
        for e in self.events:
            key = (e.person, e.ts)
            if key in seen:
                clash.add(e.person)
            seen.add(key)
        return clash


# ---------------------------------------------------------------------------------------------
# Common fields: time range and filters.

def time_range(body):
    """[from_us, to_us): dates are whole UTC days (to inclusive), timestamps are instants."""
    def instant(text, end):
        if len(text) == 10:
            day = day_of_date(parse_date(text))
            return (day + 1 if end else day) * DAY_US
        return parse_timestamp(text)
    return instant(body['from'], False), instant(body['to'], True)


def property_value(event, name):
    if name == '$event':
        return event.name
    if name == '$distinct_id':
        return event.distinct
    return event.props.get(name)


def _equal(have, want):
    if isinstance(want, bool) or isinstance(have, bool):
        return isinstance(want, bool) and isinstance(have, bool) and have == want
    if isinstance(want, str):
        return isinstance(have, str) and have == want
    if isinstance(want, (int, float)):
        return isinstance(have, float) and have == float(want)
    return False


def _number(have):
    return isinstance(have, float) and not isinstance(have, bool)


def matches(flt, event):
    """Whether `event` satisfies the filter `flt` (None: no filter)."""
    if flt is None:
        return True
    if 'and' in flt:
        return all(matches(f, event) for f in flt['and'])
    if 'or' in flt:
        return any(matches(f, event) for f in flt['or'])
    op, want = flt['op'], flt.get('value')
    have = property_value(event, flt['property'])
    if op == 'eq':
        return have is not None and _equal(have, want)
    if op == 'neq':
        return not (have is not None and _equal(have, want))
    if op == 'in':
        return have is not None and any(_equal(have, w) for w in want)
    if op == 'not_in':
        return not (have is not None and any(_equal(have, w) for w in want))
    if op == 'contains':
        return isinstance(have, str) and want in have
    if op == 'regex':
        return isinstance(have, str) and re.search(want, have) is not None
    if op == 'is_set':
        return have is not None
    if op == 'is_not_set':
        return have is None
    if not _number(have):
        return False
    if op == 'gt':
        return have > want
    if op == 'lt':
        return have < want
    if op == 'gte':
        return have >= want
    if op == 'lte':
        return have <= want
    if op == 'between':
        return want[0] <= have <= want[1]
    raise ValueError('unknown op %r' % op)


def selects(selector, event):
    """An event selector: {"event": NAME or "$all" or missing, "filters": FILTER}."""
    name = (selector or {}).get('event')
    if name not in (None, '', '$all') and event.name != name:
        return False
    return matches((selector or {}).get('filters'), event)


def events_in(data, body, lo=None, hi=None):
    """The events of [lo, hi) (default: the body's range) that pass the body's filters."""
    if lo is None:
        lo, hi = time_range(body)
    flt = body.get('filters')
    return [e for e in data.events if lo <= e.ts < hi and matches(flt, e)]


# ---------------------------------------------------------------------------------------------
# Trends.

def _bucket_key(interval, ts):
    """The key of the bucket holding instant `ts`: an ordered value per interval."""
    if interval == 'hour':
        return ts // HOUR_US
    day = ts // DAY_US
    if interval == 'day':
        return day
    if interval == 'week':
        return day - date_of_day(day).weekday()  # Monday
    if interval == 'month':
        d = date_of_day(day)
        return d.year * 12 + d.month - 1
    return 0  # all


def _bucket_label(interval, key):
    if interval == 'hour':
        start = datetime.datetime(1970, 1, 1) + datetime.timedelta(hours=key)
        return start.strftime('%Y-%m-%dT%H:00')
    if interval in ('day', 'week'):
        return date_of_day(key).isoformat()
    if interval == 'month':
        return '%04d-%02d' % (key // 12, key % 12 + 1)
    return 'all'


def _bucket_keys(interval, lo, hi):
    first, last = _bucket_key(interval, lo), _bucket_key(interval, hi - 1)
    step = 7 if interval == 'week' else 1
    return list(range(first, last + 1, step))


def _bucket_days(interval, key, lo, hi):
    """The days of a bucket that lie in the range [lo, hi)."""
    first_day, last_day = lo // DAY_US, (hi - 1) // DAY_US
    if interval == 'day':
        days = [key]
    elif interval == 'week':
        days = list(range(key, key + 7))
    elif interval == 'month':
        days = [d for d in range(first_day, last_day + 1)
                if _bucket_key('month', d * DAY_US) == key]
    else:
        days = list(range(first_day, last_day + 1))
    return [d for d in days if first_day <= d <= last_day]


def quantile(values, q):
    """Linear interpolation between closest ranks (NumPy's default)."""
    v = sorted(values)
    pos = q * (len(v) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def _numbers(events, name):
    """The values of the numeric property `name` of the events having it."""
    return [e.props[name] for e in events if _number(e.props.get(name))]


def _statistic(math, values):
    """sum / avg / min / max / median / p90 of a list of numbers (None when undefined)."""
    if math == 'sum':
        return sum(values)
    if not values:
        return None
    if math == 'avg':
        return sum(values) / len(values)
    if math == 'min':
        return min(values)
    if math == 'max':
        return max(values)
    return quantile(values, 0.5 if math == 'median' else 0.9)


def _label(value):
    if value is None:
        return '$none'
    if isinstance(value, float):
        return str(int(value)) if value == int(value) else repr(value)
    return value


def _breakdown_groups(body, first_series_events):
    """The top `limit` breakdown labels by the first series' count of events (ties by label)."""
    bd = body['breakdown']
    limit = bd.get('limit', 10)
    counts = {}
    for e in first_series_events:
        label = _label(e.props.get(bd['property']))
        counts[label] = counts.get(label, 0) + 1
    ranked = sorted(counts, key=lambda label: (-counts[label], label))
    return ranked[:limit]


def _evaluate(formula, variables):
    """A formula over series letters with + - * / and parentheses; None on division by zero."""
    tokens = re.findall(r'[A-Z]|\d+(?:\.\d*)?|\.\d+|[-+*/()]', formula)
    pos = [0]

    def peek():
        return tokens[pos[0]] if pos[0] < len(tokens) else None

    def take():
        pos[0] += 1
        return tokens[pos[0] - 1]

    def primary():
        t = take()
        if t == '(':
            v = expr()
            take()
            return v
        if t == '-':
            v = primary()
            return None if v is None else -v
        if t.isalpha():
            return variables[ord(t) - ord('A')]
        return float(t)

    def product():
        v = primary()
        while peek() in ('*', '/'):
            op, r = take(), primary()
            if v is None or r is None or (op == '/' and r == 0):
                v = None
            else:
                v = v * r if op == '*' else v / r
        return v

    def expr():
        v = product()
        while peek() in ('+', '-'):
            op, r = take(), product()
            v = None if v is None or r is None else (v + r if op == '+' else v - r)
        return v

    return expr()


def _trends_period(data, body, lo, hi, compare_label):
    interval = body.get('interval', 'day')
    keys = _bucket_keys(interval, lo, hi)
    index = {k: i for i, k in enumerate(keys)}
    in_range = events_in(data, body, lo, hi)
    series = body['series']
    selected = [[e for e in in_range if selects(s, e)] for s in series]

    if 'breakdown' in body:
        prop = body['breakdown']['property']
        top = _breakdown_groups(body, selected[0])
        labels = top + ['$other']  # always, even when empty: see the module's docstring

        def group_of(e):
            label = _label(e.props.get(prop))
            return label if label in top else '$other'
    else:
        labels = [None]

        def group_of(e):
            return None

    out = []
    for label in labels:
        results = []
        for i, s in enumerate(series):
            math = s.get('math', 'total')
            mine = [e for e in selected[i] if group_of(e) == label]
            entry = {'name': chr(ord('A') + i), 'event': s.get('event') or '$all', 'math': math}
            if s.get('property'):
                entry['property'] = s['property']
            if label is not None:
                entry['breakdown_value'] = label
            if compare_label:
                entry['compare'] = compare_label
            per_bucket = [[] for _ in keys]
            for e in mine:
                per_bucket[index[_bucket_key(interval, e.ts)]].append(e)
            if math == 'total':
                entry['values'] = [float(len(b)) for b in per_bucket]
                entry['total'] = float(len(mine))
            elif math == 'unique_persons':
                entry['values'] = [float(len({e.person for e in b})) for b in per_bucket]
                entry['total'] = float(len({e.person for e in mine}))
            elif math in ('sum', 'avg', 'min', 'max', 'median', 'p90'):
                prop_name = s['property']
                entry['values'] = [_statistic(math, _numbers(b, prop_name)) for b in per_bucket]
                entry['total'] = _statistic(math, _numbers(mine, prop_name))
            else:
                entry['values'] = _active_persons(data, body, s, label, group_of, math, interval,
                                                  keys, lo, hi)
            results.append(entry)
        out.extend(results)
        if body.get('formula'):
            f = {'name': 'formula', 'formula': body['formula']}
            if label is not None:
                f['breakdown_value'] = label
            if compare_label:
                f['compare'] = compare_label
            f['values'] = [_evaluate(body['formula'], [r['values'][b] for r in results])
                           for b in range(len(keys))]
            f['total'] = _evaluate(body['formula'], [r.get('total') for r in results])
            out.append(f)
    return [_bucket_label(interval, k) for k in keys], out


def _active_persons(data, body, series, label, group_of, math, interval, keys, lo, hi):
    """wau / mau: persons active in the 7 or 30 days ending with each bucket's last day (the days
    before the range count too); dau: the mean over the bucket's days of the persons active
    that day; stickiness: the mean over the bucket's days of dau / mau."""
    window = {'dau': 1, 'wau': 7, 'mau': 30, 'stickiness': 30}[math]
    first_day = lo // DAY_US - 29
    earliest = first_day * DAY_US
    persons_on = {}
    for e in events_in(data, body, earliest, hi):
        if selects(series, e) and group_of(e) == label:
            persons_on.setdefault(e.day, set()).add(e.person)

    def active(day, width):
        persons = set()
        for d in range(day - width + 1, day + 1):
            persons |= persons_on.get(d, set())
        return len(persons)

    values = []
    for key in keys:
        days = _bucket_days(interval, key, lo, hi)
        if math == 'stickiness':
            ratios = [active(d, 1) / active(d, 30) if active(d, 30) else 0.0 for d in days]
            values.append(sum(ratios) / len(ratios))
        elif math == 'dau':
            values.append(sum(active(d, 1) for d in days) / len(days))
        else:
            values.append(float(active(days[-1], window)))
    return values


def trends(data, body):
    lo, hi = time_range(body)
    buckets, series = _trends_period(data, body, lo, hi, None)
    answer = {'buckets': buckets, 'series': series}
    if body.get('compare'):
        prev_buckets, prev = _trends_period(data, body, lo - (hi - lo), lo, 'previous')
        answer['previous_buckets'] = prev_buckets
        answer['series'] = series + prev
    return answer


# ---------------------------------------------------------------------------------------------
# Funnel.

def _persons_events(events):
    by_person = {}
    for e in events:
        by_person.setdefault(e.person, []).append(e)
    for evs in by_person.values():
        evs.sort(key=lambda e: e.ts)
    return by_person


def _deepest_ordered(evs, body, with_start=False):
    """The most steps any chain of this person's events reaches (0: none), by trying every
    chain: ordered (other events may come between steps) or strict (the next step must be the
    person's very next event). With with_start, also the index of the step-1 event of the best
    chain: of the deepest chains, the latest to start."""
    steps = body['steps']
    n = len(steps)
    window = body.get('window_seconds', 86400) * US
    strict = body.get('order') == 'strict'
    exclusions = body.get('exclusions', [])
    within = [s.get('within_seconds') for s in steps]
    step_of = [[selects(s, e) for s in steps] for e in evs]
    excluded = [[selects(x, e) for x in exclusions] for e in evs]

    def blocked(times, t):
        """The cap an exclusion puts on a chain reaching step len(times) at time t."""
        cap = n
        k = len(times)
        for x, ex in enumerate(exclusions):
            if ex.get('to_step', n - 1) != k:
                continue
            i = ex.get('from_step', 0)
            if any(excluded[j][x] and times[i] < evs[j].ts < t for j in range(len(evs))):
                cap = min(cap, i + 1)
        return cap

    memo = {}  # without exclusions a chain's future depends only on (pos, steps, start)

    def grow(pos, times, cap):
        """Best depth of chains continuing from evs[pos], which reached len(times) steps."""
        if exclusions:
            return _grow(pos, times, cap)
        key = (pos, len(times), times[0])
        if key not in memo:
            memo[key] = _grow(pos, times, cap)
        return memo[key]

    def _grow(pos, times, cap):
        k = len(times)
        best = min(k, cap)
        if k == n or best == cap:
            return best
        candidates = [pos + 1] if strict else range(pos + 1, len(evs))
        for j in candidates:
            if j >= len(evs):
                break
            t = evs[j].ts
            if t - times[0] > window:
                break
            if not step_of[j][k] or t < times[-1]:
                continue
            if within[k] is not None and t - times[-1] > within[k] * US:
                continue
            best = max(best, grow(j, times + [t], min(cap, blocked(times, t))))
            if best == cap:
                break
        return best

    deepest, start = 0, None
    for i, e in enumerate(evs):
        if step_of[i][0]:
            depth = grow(i, [e.ts], n)
            # The best chain: the deepest, of those the latest to start.
            if depth >= deepest:
                deepest, start = depth, i
    return (deepest, start) if with_start else deepest


def _deepest_any(evs, body):
    """Any order: a chain starts at an event of step 1, then takes the other steps in any order,
    each at a later event within the window of the start (and within its within_seconds of the
    chain's previous event). Returns the most steps reached."""
    steps = body['steps']
    n = len(steps)
    window = body.get('window_seconds', 86400) * US
    step_of = [[selects(s, e) for s in steps] for e in evs]

    memo = {}  # a chain's future depends only on (pos, start, steps done)

    def grow(pos, start, last, done):
        key = (pos, start, done)
        if key not in memo:
            memo[key] = _grow(pos, start, last, done)
        return memo[key]

    def _grow(pos, start, last, done):
        best = len(done)
        for j in range(pos + 1, len(evs)):
            t = evs[j].ts
            if t - start > window:
                break
            for k in range(1, n):
                if k in done or not step_of[j][k]:
                    continue
                w = steps[k].get('within_seconds')
                if w is not None and t - last > w * US:
                    continue
                best = max(best, grow(j, start, t, done | {k}))
                if best == n:
                    return best
        return best

    deepest = 0
    for i, e in enumerate(evs):
        if step_of[i][0]:
            deepest = max(deepest, grow(i, e.ts, e.ts, frozenset([0])))
            if deepest == n:
                break
    return deepest


def funnel(data, body):
    steps = body['steps']
    any_order = body.get('order') == 'any'
    strict = body.get('order') == 'strict'
    exclusions = body.get('exclusions', [])
    events = events_in(data, body)
    if not strict:
        # Only the events of a step or an exclusion matter outside strict order.
        events = [e for e in events
                  if any(selects(s, e) for s in steps) or any(selects(x, e) for x in exclusions)]
    reached = [0] * len(steps)
    breakdown = (body.get('breakdown') or {}).get('property')
    by_value = {}
    for evs in _persons_events(events).values():
        if breakdown:
            # First touch: the value on the step-1 event of the person's best chain.
            depth, start = _deepest_ordered(evs, body, with_start=True)
            if depth > 0:
                value = property_value(evs[start], breakdown)
                label = '$none' if value is None else str(value)
                counts = by_value.setdefault(label, [0] * len(steps))
                for k in range(depth):
                    counts[k] += 1
        else:
            depth = _deepest_any(evs, body) if any_order else _deepest_ordered(evs, body)
        for k in range(depth):
            reached[k] += 1
    out = []
    for k, s in enumerate(steps):
        out.append({'event': s.get('event') or '$all', 'persons': reached[k],
                    'conversion_from_first': reached[k] / reached[0] if reached[0] else 0.0,
                    'conversion_from_previous':
                        (reached[k] / reached[k - 1] if reached[k - 1] else 0.0) if k else 1.0})
    answer = {'steps': out}
    if breakdown:
        answer['breakdown'] = {label: counts for label, counts in by_value.items()}
    return answer


# ---------------------------------------------------------------------------------------------
# Retention.

def _period_key(period, day):
    if period == 'day':
        return day
    if period == 'week':
        return day - date_of_day(day).weekday()
    d = date_of_day(day)
    return d.year * 12 + d.month - 1


def _period_label(period, key):
    if period == 'month':
        return '%04d-%02d' % (key // 12, key % 12 + 1)
    return date_of_day(key).isoformat()


def retention(data, body):
    period = body.get('period', 'day')
    periods = body.get('periods', 14)
    on_or_after = body.get('mode') == 'on_or_after'
    lo, hi = time_range(body)
    first_key, last_key = _period_key(period, lo // DAY_US), _period_key(period, (hi - 1) // DAY_US)
    keys = sorted({_period_key(period, d) for d in range(lo // DAY_US, (hi - 1) // DAY_US + 1)})
    assert keys[0] == first_key and keys[-1] == last_key
    index = {k: i for i, k in enumerate(keys)}

    starts, returns = {}, {}  # person -> set of period indexes
    revenue = {}  # person -> period index -> sum of the value property (revenue retention)
    first_start = {}  # person -> its first start event (breakdown)
    value = (body.get('value') or {}).get('property')
    for e in events_in(data, body):
        p = index[_period_key(period, e.day)]
        if selects(body['start_event'], e):
            starts.setdefault(e.person, set()).add(p)
            if e.person not in first_start or e.ts < first_start[e.person].ts:
                first_start[e.person] = e
        if selects(body.get('return_event'), e):
            returns.setdefault(e.person, set()).add(p)
            v = property_value(e, value) if value else None
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                per = revenue.setdefault(e.person, {})
                per[p] = per.get(p, 0.0) + v

    def table(persons):
        cohorts = [set() for _ in keys]
        for person in persons:
            ps = starts[person]
            for p in ([min(ps)] if body.get('start', 'first_time') == 'first_time' else ps):
                cohorts[p].add(person)
        out = []
        for c, members in enumerate(cohorts):
            values = []
            for n in range(periods + 1):
                if c + n >= len(keys):
                    values.append(None)
                    continue
                if value:
                    total = 0.0
                    for person in members:
                        for r, v in revenue.get(person, {}).items():
                            if r == c + n or (on_or_after and r > c + n):
                                total += v
                    values.append(round(total, 2))
                    continue
                count = 0
                for person in members:
                    back = returns.get(person, ())
                    if any(r == c + n or (on_or_after and r > c + n) for r in back):
                        count += 1
                values.append(count)
            out.append({'date': _period_label(period, keys[c]), 'persons': len(members),
                        'values': values})
        return out

    answer = {'cohorts': table(starts)}
    breakdown = (body.get('breakdown') or {}).get('property')
    if breakdown:
        # Groups by the value on each person's first start event (no limit in these tests).
        by_label = {}
        for person, e in first_start.items():
            v = property_value(e, breakdown)
            by_label.setdefault('$none' if v is None else str(v), []).append(person)
        answer['breakdown'] = {label: table(persons) for label, persons in by_label.items()}
    return answer


# ---------------------------------------------------------------------------------------------
# RFM.

def rfm(data, body):
    lo, hi = time_range(body)
    as_of = day_of_date(parse_date(body['as_of'])) if body.get('as_of') else (hi - 1) // DAY_US
    purchase = body.get('purchase_event', 'purchase')
    amount = body.get('amount_property', 'amount')
    last_day, frequency, monetary = {}, {}, {}
    for e in events_in(data, body):
        last_day[e.person] = max(last_day.get(e.person, e.day), e.day)
        frequency.setdefault(e.person, 0)
        monetary.setdefault(e.person, 0.0)
        if e.name == purchase:
            frequency[e.person] += 1
            if _number(e.props.get(amount)):
                monetary[e.person] += e.props[amount]
    by_person = {p: (as_of - last_day[p], frequency[p], monetary[p]) for p in last_day}
    return {'persons': len(by_person),
            'sum_recency': sum(r for r, _, _ in by_person.values()),
            'sum_frequency': sum(f for _, f, _ in by_person.values()),
            'sum_monetary': sum(m for _, _, m in by_person.values()),
            'by_person': by_person}


# ---------------------------------------------------------------------------------------------
# Persons.

def persons(data, body):
    by_person = {}
    for e in events_in(data, body):
        if not selects(body.get('event'), e):
            continue
        n, first, last = by_person.get(e.person, (0, e.ts, e.ts))
        by_person[e.person] = (n + 1, min(first, e.ts), max(last, e.ts))
    if body.get('order') == 'events':
        key = lambda v: (-v[0], -v[2])
    else:
        key = lambda v: (-v[2], -v[0])
    return {'persons': len(by_person), 'events': sum(v[0] for v in by_person.values()),
            'by_person': by_person, 'order': sorted(key(v) for v in by_person.values())}
