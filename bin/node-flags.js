/**
 * The Node.js flags the server runs with. They must be given when Node starts (V8 reads them once),
 * so they are in three places that start it: `npm start` (package.json), the `barometer` command's
 * first line (bin/barometer.js, for `npx barometer serve`), and the servers the tests and
 * benchmarks start (tests/integration/support/server.ts). src/lib/server/node-flags.test.ts checks
 * the first two against this list. A deployment that runs `node bin/server.js` itself passes them
 * too (README, "The submission lane").
 *
 * --max-semi-space-size=32: V8's young generation, where each request's short-lived objects live,
 * is 16 MB per half by default. Under 200 concurrent submissions it filled every ~60 ms, and each
 * collection copied the in-flight requests' objects, pausing every request: 1.4 s of pauses in
 * 10 s of load. At 32 MB, 0.5 s (scratch measurement with --trace-gc, two 5-s tracker runs at 200
 * concurrent). It costs up to ~100 MB more memory at peak.
 */
export const serverNodeFlags = ['--max-semi-space-size=32'];
