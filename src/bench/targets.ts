// The figures `npm run bench` holds the tool to (issue 24 item 7, issue 20 item 3): one place, read
// by the bench and by the tests that share a target (the self-test's request budget).
export const TARGETS = { wallMs: 20_000, requests: 2_500, cpuMs: 1_500, latencyWallMs: 60_000, score: 1, serveStartupMs: 1_000, startupMs: 300 };
