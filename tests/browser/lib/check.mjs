// Assertions whose failure message says it all: no stack trace, no object dump.

/** An error whose stack is its message: node's reporter then prints the message alone. */
export function problem(message) {
  const err = new Error(message);
  err.stack = message;
  return err;
}

/** Fails the test with `header` and the list when the list is not empty. */
export function failWith(header, list) {
  if (list.length) throw problem(`${header}\n  ${list.join('\n  ')}`);
}

export function ok(cond, message) {
  if (!cond) throw problem(message);
}

export function eq(actual, expected, message) {
  if (actual !== expected) throw problem(`${message ? `${message}: ` : ''}got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}
