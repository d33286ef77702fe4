// celebrity: the most-followed seeded account posts every two seconds while feed load runs; followers poll
// their feeds until the photo shows, and post_to_visible is the delay (load-tests' CelebritySimulation).
import http from 'k6/http';
import { sleep } from 'k6';
import encoding from 'k6/encoding';
import { Counter, Trend } from 'k6/metrics';
import { accounts, authorized, logIn, openModel, pick, record, summaryTrendStats, thresholds, BASE, USERS } from './common.js';

const postToVisible = new Trend('post_to_visible', true);
const neverVisible = new Counter('never_visible');
const PHOTO = encoding.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==');

export const options = {
  scenarios: {
    feed: openModel(),
    posts: openModel(1, { timeUnit: '2s', exec: 'post', preAllocatedVUs: 2, maxVUs: 20 }),
  },
  thresholds: Object.assign(thresholds(25, 35, 50, 200, 0), { post_to_visible: ['p(99)<2000'] }),
  summaryTrendStats,
  discardResponseBodies: false,
};

export function setup() {
  const celebrity = accounts[0];
  const login = http.post(`${USERS}/api/auth/token`, JSON.stringify({ username: celebrity.username, password: celebrity.password }),
    { headers: { 'Content-Type': 'application/json' } });
  const readers = logIn();
  const watchers = readers.slice(0, 10);
  for (const w of watchers) http.put(`${BASE}/api/users/me/following/${celebrity.id}`, null, authorized(w));
  return { readers, watchers, celebrity: { auth: `Bearer ${login.json('accessToken')}` } };
}

export default function (data) {
  record(http.get(`${BASE}/api/feed?limit=20`, authorized(pick(data.readers))), 200);
}

export function post(data) {
  const sent = Date.now();
  const res = http.post(`${BASE}/api/photos`, { file: http.file(PHOTO, 'celebrity.png', 'image/png'), caption: 'celebrity post' },
    authorized(data.celebrity));
  if (!record(res, 201)) return;
  const id = res.json('id');
  const watcher = pick(data.watchers);
  while (Date.now() - sent < 30000) {
    const page = http.get(`${BASE}/api/feed?limit=20`, authorized(watcher));
    if (page.status === 200 && page.json('items').some((item) => item.id === id)) {
      postToVisible.add(Date.now() - sent);
      return;
    }
    sleep(0.025);
  }
  neverVisible.add(1);
}
