/** Data-driven rule tests: every folder under test/cases holds inputs and a case.json of expectations. */
import { describe, it } from 'node:test';
import { checkCase, loadCases } from '../helpers';

for (const group of loadCases()) {
  describe(`case ${group.name}`, () => {
    for (const c of group.cases) {
      it(c.description, () => checkCase(group.dir, c));
    }
  });
}
