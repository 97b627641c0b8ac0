import type { Rule } from './rule';

/** Well-formedness errors from the syntax layer, as `xml-syntax` diagnostics. */
export const xmlSyntaxRule: Rule = {
  id: 'xml-syntax',
  codes: ['xml-syntax'],
  check(ctx) {
    for (const e of ctx.doc.errors) {
      ctx.report({ code: 'xml-syntax', severity: e.severity === 'info' ? 'information' : 'error', message: e.message, start: e.start, end: e.end });
    }
    const root = ctx.doc.root;
    if (root && root.name !== 'configuration') {
      ctx.report({
        code: 'xml-syntax', severity: 'error', start: root.nameStart, end: root.nameEnd,
        message: `The root element of an IIS configuration file must be <configuration>, not <${root.name}>.`,
      });
    }
  },
};
