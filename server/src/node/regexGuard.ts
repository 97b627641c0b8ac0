/**
 * Regular expressions from the user's rules run in this process (the URL
 * test, the redirect-loop check): a pattern such as `^(a|aa)+$` takes
 * exponential time on some inputs in a backtracking engine. V8 can switch a
 * regular expression to its linear-time engine once it backtracks too much;
 * this turns that on for the process (the results are the same, only the
 * time differs). Patterns the linear engine cannot run (back-references,
 * lookaheads) keep the backtracking engine. Imported for its effect by the
 * process entries (language server, CLI).
 */
import * as v8 from 'v8';

let done = false;

export function guardRegexBacktracking(): void {
  if (done) return;
  done = true;
  try { v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks'); } catch { /* an older V8: no guard */ }
}

guardRegexBacktracking();
