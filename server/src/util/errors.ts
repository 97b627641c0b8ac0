/**
 * Describing internal errors for logs without leaking configuration values.
 *
 * An error message may quote whatever the code that threw it had at hand — an
 * attribute value, a password, a connection string — so logs get the error's
 * type and its stack frames (code locations) only, never the message.
 */

function frames(error: Error): string[] {
  const stack = typeof error.stack === 'string' ? error.stack : '';
  return stack.split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 12).map((l) => l.trim());
}

function typeName(error: unknown): string {
  if (error instanceof Error) return error.name || error.constructor?.name || 'Error';
  return `non-Error value of type ${error === null ? 'null' : typeof error}`;
}

/** The error's type and stack frames, one per line; the message is withheld. */
export function describeError(error: unknown): string {
  const head = `${typeName(error)} (message withheld: it may contain configuration values)`;
  if (!(error instanceof Error)) return head;
  const f = frames(error);
  return f.length ? `${head}\n    ${f.join('\n    ')}` : head;
}

/** A key that identifies where an error comes from (type and first frame), for logging each failure once. */
export function errorKey(error: unknown): string {
  return error instanceof Error ? `${typeName(error)} ${frames(error)[0] ?? ''}` : typeName(error);
}
