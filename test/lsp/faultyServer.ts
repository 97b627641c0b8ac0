/**
 * Test-only entry point: the real language server plus one feature that adds
 * a rule which always throws (with configuration values in its message, as a
 * careless rule might). Used by robustness.test.ts to check that a failing
 * rule is logged once, without document content, and that the other rules
 * and the server go on working. Nothing in the product refers to it.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../../server/src/lsp/server';
import { nodePlatform } from '../../server/src/node/platform';
import { RULES } from '../../server/src/analysis/rules';
import { walkElements } from '../../server/src/syntax/xml';
import type { Rule } from '../../server/src/analysis/rules/rule';

export const FAILING_RULE_ID = 'test-always-fails';

const failingRule: Rule = {
  id: FAILING_RULE_ID,
  codes: ['test-always-fails'],
  check(ctx) {
    const values: string[] = [];
    walkElements(ctx.doc, (el) => { for (const a of el.attributes) values.push(a.value); });
    throw new Error(`cannot check ${values.join(' ')}`);
  },
};

const connection = createConnection(ProposedFeatures.all);
startServer(connection, nodePlatform(), {
  debounceMs: Number(process.env.IIS_CONFIG_DEBOUNCE_MS ?? 0),
  features: [{ name: 'fault-injection', register() { /* no handlers */ }, analysisContext: () => ({ rules: [failingRule, ...RULES] }) }],
});
