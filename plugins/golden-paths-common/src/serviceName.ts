/**
 * The rules of a golden-path service name, in words: a Kubernetes Service
 * name (DNS-1035 label), for the form's ServiceName field and the
 * acme:validate-service action alike; the templates' JSON schema states
 * the same rule as `pattern`/`maxLength` (the API path).
 */
export const SERVICE_NAME_MAX_LENGTH = 63;

/** What is wrong with `name`, or undefined when it is a valid service name. */
export function serviceNameProblem(name: string): string | undefined {
  if (name.length === 0) {
    return 'Enter a name for the service.';
  }
  if (name.length > SERVICE_NAME_MAX_LENGTH) {
    return `Use at most ${SERVICE_NAME_MAX_LENGTH} characters (this name has ${name.length}).`;
  }
  if (!/^[a-z0-9-]+$/.test(name)) {
    return "Use lowercase letters, digits and '-' only; start with a letter.";
  }
  if (name.startsWith('-')) {
    return "Start with a letter, not '-'.";
  }
  if (!/^[a-z]/.test(name)) {
    return 'Start with a letter, not a digit.';
  }
  if (name.endsWith('-')) {
    return "End with a letter or a digit, not '-'.";
  }
  return undefined;
}
