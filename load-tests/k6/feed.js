// feed: warm-timeline feed reads (load-tests' FeedSimulation). k6 run -e RATE=200 -e DURATION=30s feed.js
import http from 'k6/http';
import { authorized, logIn, openModel, pick, record, summaryTrendStats, thresholds, BASE } from './common.js';

export const options = {
  scenarios: { feed: openModel() },
  thresholds: thresholds(25, 35, 50, 200, 0),
  summaryTrendStats,
  discardResponseBodies: true,
};

export function setup() {
  return { readers: logIn() };
}

export default function (data) {
  record(http.get(`${BASE}/api/feed?limit=20`, authorized(pick(data.readers))), 200);
}
