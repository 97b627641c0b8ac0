#!/usr/bin/env node
// The measurement behind the choice of the SHA-1/SHA-256 library for certificate thumbprints (docs/PERFORMANCE.md,
// "Choosing the hash library"). The engine runs in browsers too, so Node's crypto is out, and the analysis is
// synchronous, so Web Crypto's `crypto.subtle.digest` (a promise) is out: the candidates are pure-JS libraries with a
// synchronous SHA-1 and SHA-256. For each, pinned, installed into a temporary folder from the npm registry:
//   - bundle size: an entry that imports SHA-1 and SHA-256 and returns upper-case hex, bundled and minified by esbuild
//     for the browser (what the web build would add), raw and gzip -9;
//   - correctness: digests equal to Node's crypto on RSA (2048, 4096) and EC (P-256, P-384) certificates made by
//     openssl, on the test fixtures, on the standard vectors ("", "abc", a million "a") and on every length 0..300
//     (the padding boundaries);
//   - speed: median of repeated SHA-1 + SHA-256 of a 1 KiB certificate, and of 1 MiB.
// Maintenance (downloads, dependencies, audit) is in the document, from the registry's metadata.
//
// usage: node scripts/bench/hash-choice.js            (needs the npm registry and the openssl CLI)
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const crypto = require('crypto');
const { execFileSync } = require('child_process');
const esbuild = require('esbuild');

const ROOT = path.join(__dirname, '..', '..');
const CANDIDATES = [
  { name: '@noble/hashes 2.4.0', install: ['@noble/hashes@2.4.0'],
    entry: `import { sha1 } from '@noble/hashes/legacy.js'; import { sha256 } from '@noble/hashes/sha2.js';
            const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('').toUpperCase();
            export const h1 = (b) => hex(sha1(b)), h256 = (b) => hex(sha256(b));` },
  { name: '@noble/hashes 1.8.0', install: ['@noble/hashes@1.8.0'],
    entry: `import { sha1 } from '@noble/hashes/legacy'; import { sha256 } from '@noble/hashes/sha2';
            const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('').toUpperCase();
            export const h1 = (b) => hex(sha1(b)), h256 = (b) => hex(sha256(b));` },
  { name: 'js-sha1 0.7.0 + js-sha256 1.0.0', install: ['js-sha1@0.7.0', 'js-sha256@1.0.0'],
    entry: `import { sha1 } from 'js-sha1'; import { sha256 } from 'js-sha256';
            export const h1 = (b) => sha1.hex(b).toUpperCase(), h256 = (b) => sha256.hex(b).toUpperCase();` },
  { name: 'hash.js 1.1.7', install: ['hash.js@1.1.7'],
    entry: `import hash from 'hash.js';
            export const h1 = (b) => hash.sha1().update(b).digest('hex').toUpperCase(), h256 = (b) => hash.sha256().update(b).digest('hex').toUpperCase();` },
  { name: 'crypto-js 4.2.0', install: ['crypto-js@4.2.0'], external: ['crypto'],
    entry: `import SHA1 from 'crypto-js/sha1'; import SHA256 from 'crypto-js/sha256'; import WordArray from 'crypto-js/lib-typedarrays';
            export const h1 = (b) => SHA1(WordArray.create(b)).toString().toUpperCase(), h256 = (b) => SHA256(WordArray.create(b)).toString().toUpperCase();` },
  { name: 'jshashes 1.0.8', install: ['jshashes@1.0.8'],
    entry: `import Hashes from 'jshashes';
            const bin = (b) => { let s = ''; for (const x of b) s += String.fromCharCode(x); return s; };
            const s1 = new Hashes.SHA1({ utf8: false }), s256 = new Hashes.SHA256({ utf8: false });
            export const h1 = (b) => s1.hex(bin(b)).toUpperCase(), h256 = (b) => s256.hex(bin(b)).toUpperCase();` },
];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-hash-choice-'));
const median = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
const node = (alg, b) => crypto.createHash(alg).update(b).digest('hex').toUpperCase();

function certificates() {
  const out = [];
  const dir = path.join(tmp, 'certs');
  fs.mkdirSync(dir);
  const make = (name, keyArgs) => {
    const key = path.join(dir, `${name}.key`), crt = path.join(dir, `${name}.der`);
    execFileSync('openssl', ['req', '-x509', '-new', '-nodes', ...keyArgs, '-keyout', key, '-subj', `/O=Hash Check/CN=${name}`,
      '-days', '30', '-outform', 'DER', '-out', crt], { stdio: 'ignore' });
    out.push({ name, der: fs.readFileSync(crt) });
  };
  make('rsa-2048', ['-newkey', 'rsa:2048']);
  make('rsa-4096', ['-newkey', 'rsa:4096']);
  make('ec-p256', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
  make('ec-p384', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384']);
  for (const f of fs.readdirSync(path.join(ROOT, 'test', 'fixtures', 'certs')).filter((n) => n.endsWith('.pem'))) {
    out.push({ name: `fixture ${f}`, der: new crypto.X509Certificate(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'certs', f))).raw });
  }
  return out;
}

(async () => {
  const certs = certificates();
  const inputs = [
    ...certs,
    { name: 'empty', der: Buffer.alloc(0) }, { name: 'abc', der: Buffer.from('abc') }, { name: 'a million a', der: Buffer.alloc(1e6, 'a') },
    ...Array.from({ length: 301 }, (_, n) => ({ name: `length ${n}`, der: crypto.randomBytes(n) })),
  ];
  const oneK = certs.find((c) => c.name === 'rsa-2048').der, oneM = crypto.randomBytes(1 << 20);
  const rows = [];
  for (const c of CANDIDATES) {
    // Each candidate in its own folder, so none resolves another's files.
    const dir = path.join(tmp, `candidate-${rows.length}`);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true }');
    execFileSync('npm', ['install', '--silent', '--no-audit', '--no-fund', ...c.install], { cwd: dir, stdio: 'inherit' });
    const entry = path.join(dir, 'entry.mjs');
    fs.writeFileSync(entry, c.entry);
    const outfile = path.join(dir, 'bundle.js');
    await esbuild.build({ entryPoints: [entry], bundle: true, minify: true, platform: 'browser', format: 'cjs', outfile,
      absWorkingDir: dir, external: c.external ?? [], logLevel: 'error', legalComments: 'none' });
    const code = fs.readFileSync(outfile);
    // Evaluated as a browser would: no `process`, no `require`, `global` and `Buffer` hidden (some libraries switch to
    // Node's crypto when they see Node).
    const mod = { exports: {} };
    new Function('module', 'exports', 'require', 'process', 'global', 'Buffer', code.toString())(mod, mod.exports, undefined, undefined, undefined, undefined);
    const lib = mod.exports;
    const wrong = inputs.filter((i) => lib.h1(new Uint8Array(i.der)) !== node('sha1', i.der) || lib.h256(new Uint8Array(i.der)) !== node('sha256', i.der));
    const time = (b, n) => median(Array.from({ length: n }, () => { const s = process.hrtime.bigint(); lib.h1(b); lib.h256(b); return Number(process.hrtime.bigint() - s) / 1e6; }));
    for (let i = 0; i < 50; i++) time(oneK, 1); // warm up
    rows.push({ name: c.name, bytes: code.length, gzip: zlib.gzipSync(code, { level: 9 }).length,
      wrong: wrong.map((w) => w.name), certOk: certs.every((x) => !wrong.includes(x)), t1k: time(oneK, 501), t1m: time(oneM, 11) });
  }
  console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0].model}), load ${os.loadavg()[0].toFixed(2)}; ${inputs.length} inputs (${certs.length} certificates)`);
  console.log('| library | bundle (minified) | gzip | RSA + EC certificates | all inputs | 1 KiB cert, SHA-1 + SHA-256 | 1 MiB |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(`| ${r.name} | ${(r.bytes / 1024).toFixed(1)} KiB | ${(r.gzip / 1024).toFixed(1)} KiB | ${r.certOk ? 'equal to Node' : 'WRONG'} | ${r.wrong.length ? `${r.wrong.length} wrong (${r.wrong.slice(0, 3).join(', ')}…)` : 'all equal'} | ${(r.t1k * 1000).toFixed(0)} µs | ${r.t1m.toFixed(1)} ms |`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
})().catch((e) => { console.error(e); fs.rmSync(tmp, { recursive: true, force: true }); process.exit(1); });
