/** The product's version, as package.json and the CHANGELOG's newest heading give it (test/unit/readme.test.ts checks). */
export const VERSION = '0.2.0';
