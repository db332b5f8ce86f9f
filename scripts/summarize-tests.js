#!/usr/bin/env node
// Prints per-runner counts and one closing "N passed, N failed" line from
// Jest's --json output and Playwright's JSON reporter output.
const fs = require('node:fs');

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

const [jestFile, playwrightFile] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

const jest = readJson(jestFile);
if (jest) {
  console.log(
    `jest: ${jest.numPassedTests} passed, ${jest.numFailedTests} failed, ${jest.numPendingTests} skipped (${jest.numTotalTestSuites} suites)`,
  );
  passed += jest.numPassedTests;
  failed += jest.numFailedTests + jest.numRuntimeErrorTestSuites;
  skipped += jest.numPendingTests;
} else {
  console.log('jest: no results (did the run start?)');
  failed += 1;
}

const playwright = readJson(playwrightFile);
if (playwright?.stats) {
  const { expected, unexpected, flaky, skipped: pwSkipped } = playwright.stats;
  console.log(
    `playwright: ${
      expected + flaky
    } passed, ${unexpected} failed, ${pwSkipped} skipped${
      flaky ? ` (${flaky} flaky)` : ''
    }`,
  );
  passed += expected + flaky;
  failed += unexpected;
  skipped += pwSkipped;
} else {
  console.log('playwright: no results (did the run start?)');
  failed += 1;
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
