import { serviceNameProblem } from './serviceName';

describe('service name rules (what acme:validate-service and the form say)', () => {
  it.each([
    ['', 'Enter a name for the service.'],
    ['a'.repeat(64), 'Use at most 63 characters (this name has 64).'],
    [
      'Bad_Name',
      "Use lowercase letters, digits and '-' only; start with a letter.",
    ],
    ['-orders', "Start with a letter, not '-'."],
    ['1orders', 'Start with a letter, not a digit.'],
    ['orders-', "End with a letter or a digit, not '-'."],
    ['orders-api-2', undefined],
    ['a'.repeat(63), undefined],
  ])('%j: %s', (name, problem) => {
    expect(serviceNameProblem(name)).toBe(problem);
  });

  it("accepts exactly what the templates' pattern accepts", () => {
    const pattern = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
    for (const name of [
      'a',
      'a1',
      'a-b',
      'ab-',
      '-ab',
      '1a',
      'A',
      'a_b',
      'a.b',
    ]) {
      expect(serviceNameProblem(name) === undefined).toBe(pattern.test(name));
    }
  });
});
