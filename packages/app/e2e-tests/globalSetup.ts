import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// outside e2e-test-results/, which Playwright empties at the start of a run
const readyAtFile = path.join(os.tmpdir(), 'idp-e2e-portal-ready-at');

/**
 * Runs once the web servers answer (the portal reports ready): notes the
 * time, so that the on-call journey can prove search works within the first
 * minute after start, whichever test runs first.
 */
export default function globalSetup() {
  fs.writeFileSync(readyAtFile, String(Date.now()));
}

/** Milliseconds since the portal reported ready. */
export function sincePortalReady(): number {
  return Date.now() - Number(fs.readFileSync(readyAtFile, 'utf8'));
}
