// mixed: 60% feed, 30% a user's photos, 10% new photos (load-tests' MixedSimulation).
import http from 'k6/http';
import encoding from 'k6/encoding';
import { accounts, authorized, logIn, openModel, pick, record, summaryTrendStats, thresholds, BASE } from './common.js';

export const options = {
  scenarios: { mixed: openModel() },
  thresholds: thresholds(50, 75, 150, 500, 0),
  summaryTrendStats,
  discardResponseBodies: true,
};

// a 1x1 PNG
const PHOTO = encoding.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==');

export function setup() {
  return { readers: logIn() };
}

export default function (data) {
  const reader = pick(data.readers);
  const dice = Math.random();
  if (dice < 0.6) {
    record(http.get(`${BASE}/api/feed?limit=20`, authorized(reader)), 200);
  } else if (dice < 0.9) {
    record(http.get(`${BASE}/api/users/${pick(accounts).id}/photos?limit=20`), 200);
  } else {
    const body = { file: http.file(PHOTO, 'bench.png', 'image/png'), caption: 'bench' };
    record(http.post(`${BASE}/api/photos`, body, authorized(reader)), 201);
  }
}
