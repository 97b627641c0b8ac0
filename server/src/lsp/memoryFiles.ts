/**
 * Files held in memory, as a {@link HierarchyReader}: the browser server's copy of the workspace's configuration
 * files, which the client reads through `vscode.workspace.fs` and sends (protocol.ts). Folders are derived from the
 * file names; every operation is proportional to the depth of the path, not to the number of files.
 */
import type { HierarchyReader } from '../hierarchy/hierarchy';
import { dirName } from '../hierarchy/hierarchy';
import { baseName } from '../hierarchy/configFile';
import { trimEndChars } from '../util/strings';

export class MemoryFiles implements HierarchyReader {
  private readonly files = new Map<string, string>();
  /** Folder → its entries (name → is a folder). */
  private readonly folders = new Map<string, Map<string, boolean>>();

  get size(): number { return this.files.size; }

  readFile(path: string): string | undefined { return this.files.get(path); }

  listDirectory(path: string): ReadonlyArray<{ readonly name: string; readonly directory: boolean }> | undefined {
    const entries = this.folders.get(path) ?? this.folders.get(trimEndChars(path, '\\/'));
    return entries ? [...entries].map(([name, directory]) => ({ name, directory })) : undefined;
  }

  /** Add or replace a file. */
  set(path: string, text: string): void {
    this.files.set(path, text);
    let child = path, directory = false;
    for (let dir = dirName(child); dir !== child; child = dir, dir = dirName(dir), directory = true) {
      let entries = this.folders.get(dir);
      const existed = !!entries;
      if (!entries) this.folders.set(dir, (entries = new Map()));
      entries.set(baseName(child), directory);
      if (existed && directory) break; // the ancestors are known already
    }
  }

  /** Remove a file, or a folder with everything below it. Returns the files removed. */
  delete(path: string): string[] {
    const removed: string[] = [];
    if (this.files.delete(path)) removed.push(path);
    else if (this.folders.has(path)) {
      const stack = [path];
      while (stack.length) {
        const dir = stack.pop()!;
        for (const [name, directory] of this.folders.get(dir) ?? []) {
          const full = joinChild(dir, name);
          if (directory) stack.push(full);
          else if (this.files.delete(full)) removed.push(full);
        }
        this.folders.delete(dir);
      }
    } else return removed;
    // Drop the entry from its folder, and folders left empty.
    let child = path;
    for (let dir = dirName(child); dir !== child; child = dir, dir = dirName(dir)) {
      const entries = this.folders.get(dir);
      if (!entries) break;
      entries.delete(baseName(child));
      if (entries.size) break;
      this.folders.delete(dir);
    }
    return removed;
  }
}

function joinChild(dir: string, name: string): string {
  return /[\\/]$/.test(dir) ? dir + name : `${dir}/${name}`;
}
