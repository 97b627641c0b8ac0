/**
 * The assertions of the VS Code suite, without Node's `assert` module: the same suite runs in the desktop extension
 * host (Node) and in the web-worker extension host (a browser), where there is no Node module to import.
 */
function show(v: unknown): string {
  try { return JSON.stringify(v); } catch { return String(v); }
}

export class AssertionError extends Error {
  override name = 'AssertionError';
}

function fail(message: string | undefined, detail: string): never {
  throw new AssertionError(message ? `${message} (${detail})` : detail);
}

export function ok(value: unknown, message?: string): asserts value {
  if (!value) fail(message, `expected a truthy value, got ${show(value)}`);
}

export function strictEqual<T>(actual: unknown, expected: T, message?: string): asserts actual is T {
  if (!Object.is(actual, expected)) fail(message, `expected ${show(expected)}, got ${show(actual)}`);
}

export function notStrictEqual(actual: unknown, expected: unknown, message?: string): void {
  if (Object.is(actual, expected)) fail(message, `expected anything but ${show(expected)}`);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function deepStrictEqual<T>(actual: unknown, expected: T, message?: string): asserts actual is T {
  if (!deepEqual(actual, expected)) fail(message, `expected ${show(expected)}, got ${show(actual)}`);
}

export function match(actual: string, re: RegExp, message?: string): void {
  if (typeof actual !== 'string' || !re.test(actual)) fail(message, `${show(actual)} does not match ${re}`);
}
