#!/usr/bin/env node
// Test certificates for the client-certificate rules, made with the openssl CLI.
//
// Every certificate gets fixed validity dates (`openssl ca -startdate/-enddate`),
// so tests that pass a fixed "now" in the analysis context are deterministic
// whatever day they run. Keys are fresh each run (EC P-256, short base64), so
// the bytes differ between runs; nothing may depend on them.
//
// Used two ways:
//   - by the test suite at test time: require('./scripts/test-certificates').generate(dir)
//     (see test/certs.ts), for valid / expired / not-yet-valid / server-only / no-EKU certificates;
//   - once, by hand, to write the static certificates embedded in test/cases/*/*.config:
//       node scripts/test-certificates.js test/fixtures/certs
//     Those are valid from 2000-01-01 to 9999-12-31 (the largest X.509 date), so the
//     case files stay valid for any real "now". See test/fixtures/certs/README.md.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

/** name → subject, extensions section, validity (openssl ca date format). */
const TEST_SPECS = {
  client: { subject: '/O=IIS Config Tests/CN=alice', ext: 'client_ext', start: '20200101000000Z', end: '20400101000000Z' },
  client2: { subject: '/O=IIS Config Tests/CN=bob', ext: 'client_ext', start: '20200101000000Z', end: '20400101000000Z' },
  expired: { subject: '/O=IIS Config Tests/CN=expired', ext: 'client_ext', start: '20000101000000Z', end: '20010101000000Z' },
  notYetValid: { subject: '/O=IIS Config Tests/CN=future', ext: 'client_ext', start: '20900101000000Z', end: '20950101000000Z' },
  serverOnly: { subject: '/O=IIS Config Tests/CN=www.example.test', ext: 'server_ext', start: '20200101000000Z', end: '20400101000000Z' },
  noEku: { subject: '/O=IIS Config Tests/CN=any-purpose', ext: 'noeku_ext', start: '20200101000000Z', end: '20400101000000Z' },
};

/** The static certificates embedded in case files: valid for any real date. */
const FIXTURE_SPECS = {
  'client-a': { subject: '/O=IIS Config Tests/CN=client-a', ext: 'client_ext', start: '20000101000000Z', end: '99991231235959Z' },
  'client-b': { subject: '/O=IIS Config Tests/CN=client-b', ext: 'client_ext', start: '20000101000000Z', end: '99991231235959Z' },
  'client-c': { subject: '/O=IIS Config Tests/CN=client-c', ext: 'client_ext', start: '20000101000000Z', end: '99991231235959Z' },
};

const CA_CONFIG = `
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = .
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
[ policy_any ]
organizationName = optional
commonName = supplied
[ client_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
[ server_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
[ noeku_ext ]
basicConstraints = critical, CA:FALSE
`;

function openssl(args, cwd) {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Writes `<name>.pem` (certificate only, PEM) for every spec into `dir` and
 * returns name → PEM text. Private keys stay in a scratch folder that is removed.
 */
function generate(dir, specs = TEST_SPECS) {
  fs.mkdirSync(dir, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-config-ca-'));
  try {
    fs.writeFileSync(path.join(work, 'ca.cnf'), CA_CONFIG);
    fs.writeFileSync(path.join(work, 'index.txt'), '');
    fs.writeFileSync(path.join(work, 'serial'), '1000\n');
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem',
      '-subj', '/O=IIS Config Tests/CN=IIS Config Test CA', '-days', '3650'], work);
    const out = {};
    for (const [name, s] of Object.entries(specs)) {
      openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', s.subject], work);
      openssl(['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', `${name}.csr`, '-out', `${name}.crt`,
        '-startdate', s.start, '-enddate', s.end, '-extensions', s.ext, '-notext'], work);
      const pem = fs.readFileSync(path.join(work, `${name}.crt`), 'utf8');
      const only = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/.exec(pem);
      if (!only) throw new Error(`openssl wrote no certificate for ${name}`);
      fs.writeFileSync(path.join(dir, `${name}.pem`), only[0]);
      out[name] = only[0];
    }
    return out;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

module.exports = { generate, TEST_SPECS, FIXTURE_SPECS };

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/test-certificates.js OUTPUT_DIR');
    process.exit(2);
  }
  const certs = generate(dir, FIXTURE_SPECS);
  for (const [name, pem] of Object.entries(certs)) {
    const base64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');
    console.log(`${name}: ${base64}`);
  }
}
