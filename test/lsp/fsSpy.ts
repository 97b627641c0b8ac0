/**
 * Test-only preload (`node --require fsSpy.js`, through NODE_OPTIONS): records
 * every file-system call that names a path, and every outgoing network
 * connection or DNS lookup, of the process it is loaded into, one JSON line
 * per call, to the file named by IIS_CONFIG_FS_SPY. security.test.ts starts
 * the real language server with it to check what the server touches.
 */
// The modules themselves (an `import * as` binding only has getters, which cannot be replaced).
const fs = require('fs') as typeof import('fs');
const net = require('net') as typeof import('net');
const dns = require('dns') as typeof import('dns');

const logFile = process.env.IIS_CONFIG_FS_SPY;
if (logFile) {
  // Opened before anything is wrapped, written with writeSync (never wrapped), so the spy does not record itself.
  const fd = fs.openSync(logFile, 'a');
  const writeSync = fs.writeSync.bind(fs);
  const append = (_file: string, line: string) => { writeSync(fd, line); };
  const record = (op: string, target: unknown) => {
    let p: string;
    if (typeof target === 'string') p = target;
    else if (target instanceof URL) p = target.href;
    else if (Buffer.isBuffer(target)) p = target.toString();
    else if (typeof target === 'number') p = `fd:${target}`;
    else p = JSON.stringify(target) ?? String(target);
    append(logFile, JSON.stringify({ op, path: p }) + '\n');
  };
  const wrap = (obj: Record<string, unknown>, names: readonly string[], prefix: string) => {
    for (const name of names) {
      const orig = obj[name];
      if (typeof orig !== 'function') continue;
      obj[name] = function (this: unknown, ...args: unknown[]) {
        record(`${prefix}${name}`, args[0]);
        return (orig as (...a: unknown[]) => unknown).apply(this, args);
      };
    }
  };
  const fsm = fs as unknown as Record<string, unknown>;
  wrap(fsm, ['readFileSync', 'readFile', 'openSync', 'open', 'existsSync', 'exists', 'statSync', 'stat', 'lstatSync', 'lstat', 'readdirSync', 'readdir',
    'createReadStream', 'accessSync', 'access', 'realpathSync', 'realpath', 'watch', 'watchFile', 'opendirSync', 'opendir'], 'read:');
  wrap(fsm, ['writeFileSync', 'writeFile', 'appendFile', 'createWriteStream', 'mkdirSync', 'mkdir', 'rmSync', 'rm', 'unlinkSync', 'unlink',
    'renameSync', 'rename', 'copyFileSync', 'copyFile', 'truncateSync', 'truncate', 'rmdirSync', 'rmdir', 'symlinkSync', 'chmodSync'], 'write:');
  wrap(fs.promises as unknown as Record<string, unknown>, ['readFile', 'open', 'stat', 'lstat', 'readdir', 'access', 'realpath'], 'read:promises.');
  wrap(fs.promises as unknown as Record<string, unknown>, ['writeFile', 'appendFile', 'mkdir', 'rm', 'unlink', 'rename', 'copyFile'], 'write:promises.');
  wrap(net.Socket.prototype as unknown as Record<string, unknown>, ['connect'], 'net:');
  wrap(dns as unknown as Record<string, unknown>, ['lookup', 'resolve'], 'net:dns.');
}
