// The one way the console talks to the Growloop HTTP API (same origin, relative URLs).
// Every non-2xx answer becomes an ApiError carrying the API's {code, message, field}.

const SECRET_KEY_STORAGE = 'growloop.secretKey';

export class ApiError extends Error {
  constructor(code, message, status = 0, field = undefined) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.field = field;
  }
}

export function getSecretKey() {
  try {
    return localStorage.getItem(SECRET_KEY_STORAGE) || '';
  } catch {
    return '';
  }
}

export function setSecretKey(key) {
  if (key) localStorage.setItem(SECRET_KEY_STORAGE, key);
  else localStorage.removeItem(SECRET_KEY_STORAGE);
}

export function isAbort(err) {
  return err && err.name === 'AbortError';
}

function buildUrl(path, query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function request(path, { method = 'GET', query, body, signal, headers } = {}) {
  const h = { Accept: 'application/json', ...headers };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const key = getSecretKey();
  if (key) h.Authorization = `Bearer ${key}`;

  let res;
  try {
    res = await fetch(buildUrl(path, query), {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new ApiError('network', err.message || 'network error');
  }

  const data = readAnswer(res.status, res.statusText, await res.text());
  if (data === undefined) throw new ApiError('bad_response', 'the answer is not JSON', res.status);
  return data;
}

/**
 * The body of an answer: its JSON (null when empty, undefined when not JSON) for a 2xx status;
 * for any other, throws the API's error (with the import summary some of them carry), or one
 * named after the status when the body holds none.
 */
function readAnswer(status, statusText, text) {
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (status < 200 || status >= 300) {
    const e = data && data.error;
    const err = e && e.code
      ? new ApiError(e.code, e.message || '', status, e.field)
      : new ApiError(`http_${status}`, (text || statusText || '').slice(0, 300), status);
    if (data && data.summary) err.summary = data.summary;
    throw err;
  }
  return data;
}

/**
 * Sends `file` (a File or Blob) as the raw body of a POST with XMLHttpRequest, because fetch
 * reports no upload progress. Same credentials and errors as `request`. Returns
 * `{promise, abort}`: `onProgress(loaded, total)` while the body goes out, `onSent()` once all of
 * it is sent (the server is then working); `abort()` rejects the promise with an AbortError.
 */
export function upload(path, { query, file, onProgress, onSent } = {}) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    xhr.open('POST', buildUrl(path, query));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    const key = getSecretKey();
    if (key) xhr.setRequestHeader('Authorization', `Bearer ${key}`);
    let sent = false;
    const done = () => {
      if (!sent) {
        sent = true;
        if (onSent) onSent();
      }
    };
    xhr.upload.onprogress = (e) => {
      if (onProgress) onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    };
    xhr.upload.onload = done;
    xhr.onabort = () => reject(new DOMException('the upload was cancelled', 'AbortError'));
    xhr.onerror = () => reject(new ApiError('network', 'network error'));
    xhr.onload = () => {
      let data;
      try {
        data = readAnswer(xhr.status, xhr.statusText, xhr.responseText || '');
      } catch (err) {
        reject(err);
        return;
      }
      if (data === undefined || data === null) {
        reject(new ApiError('bad_response', 'the answer is not JSON', xhr.status));
        return;
      }
      resolve(data);
    };
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}

const enc = encodeURIComponent;

/** The headers of a conditional write: If-Match "<revision>" for {revision}, If-None-Match * for {absent: true}. */
function precondition({ revision, absent } = {}) {
  if (revision !== undefined && revision !== null) return { 'If-Match': `"${revision}"` };
  if (absent) return { 'If-None-Match': '*' };
  return {};
}

/** Whether `err` is the 412 of a conditional write whose condition did not hold (someone else wrote first). */
export function isPreconditionFailed(err) {
  return !!err && err.status === 412;
}

export const api = {
  projects: (signal) => request('/api/v1/projects', { signal }),
  stats: (project, signal) => request('/api/v1/stats', { query: { project }, signal }),
  schema: (project, signal) => request('/api/v1/schema', { query: { project }, signal }),
  query: (project, kind, body, signal) =>
    request(`/api/v1/query/${enc(kind)}`, { method: 'POST', query: { project }, body, signal }),
  person: (project, id, { limit, before } = {}, signal) =>
    request(`/api/v1/persons/${enc(id)}`, { query: { project, limit, before }, signal }),
  costs: (project, { from, to } = {}, signal) =>
    request('/api/v1/costs', { query: { project, from, to }, signal }),
  tail: (project, { after, limit } = {}, signal) =>
    request('/api/v1/events/tail', { query: { project, after, limit }, signal }),
  dashboards: (project, signal) => request('/api/v1/dashboards', { query: { project }, signal }),
  dashboard: (project, id, signal) => request(`/api/v1/dashboards/${enc(id)}`, { query: { project }, signal }),
  createDashboard: (project, def) =>
    request('/api/v1/dashboards', { method: 'POST', query: { project }, body: def }),
  replaceDashboard: (project, id, def) =>
    request(`/api/v1/dashboards/${enc(id)}`, { method: 'PUT', query: { project }, body: def }),
  deleteDashboard: (project, id) =>
    request(`/api/v1/dashboards/${enc(id)}`, { method: 'DELETE', query: { project } }),
  /** POST /api/v1/import: a JSON Lines or CSV file (gzip or not) as the body; see `upload`. */
  importFile: (project, file, { format, onProgress, onSent } = {}) =>
    upload('/api/v1/import', { query: { project, format, name: file.name }, file, onProgress, onSent }),
  createProject: (body) => request('/api/v1/projects', { method: 'POST', body }),
  /** Deletes a project (operator only; never "default"): {deleted: {id, name, time_zone, created}}. */
  deleteProject: (project) => request(`/api/v1/projects/${enc(project)}`, { method: 'DELETE' }),
  /** The project's active API keys, oldest first: write keys whole (`key`), secret keys by `hint` only. */
  keys: (project, signal) => request('/api/v1/keys', { query: { project }, signal }),
  /** A new key ({kind: 'write'|'secret', label}); the one answer that carries a secret key whole. */
  createKey: (project, body) => request('/api/v1/keys', { method: 'POST', query: { project }, body }),
  revokeKey: (project, id) => request(`/api/v1/keys/${enc(id)}`, { method: 'DELETE', query: { project } }),
  /** Every setting of the project: {settings: [{name, value, updated, revision}]}. */
  settings: (project, signal) => request('/api/v1/settings', { query: { project }, signal }),
  /**
   * Stores a setting ({name, value, updated, revision}). `when` makes the write conditional:
   * {revision} only over that revision (If-Match), {absent: true} only when it is not set
   * (If-None-Match: *); otherwise the server answers 412 `failed_precondition` and stores nothing.
   */
  putSetting: (project, name, value, when) =>
    request(`/api/v1/settings/${enc(name)}`, { method: 'PUT', query: { project }, body: { value }, headers: precondition(when) }),
  /** Deletes a setting; `{revision}` only when it is still at that revision (412 otherwise). */
  deleteSetting: (project, name, when) =>
    request(`/api/v1/settings/${enc(name)}`, { method: 'DELETE', query: { project }, headers: precondition(when) }),
  dashboardResults: (project, id, { from, to, refresh } = {}, signal) =>
    request(`/api/v1/dashboards/${enc(id)}/results`, {
      query: { project, from, to, refresh: refresh ? 'true' : undefined },
      signal,
    }),
};
