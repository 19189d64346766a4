/**
 * The Electron fuses electron-builder flips in packaged builds (electron-builder.yml `electronFuses`).
 * The file is read as text: the block is flat `key: boolean` lines.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

function fuses(): Record<string, boolean> {
  const yml = readFileSync(resolve(__dirname, '../../../electron-builder.yml'), 'utf8');
  const block = /^electronFuses:\n((?:[ ]{2}.*\n)+)/m.exec(yml)?.[1] ?? '';
  const entries = [...block.matchAll(/^ {2}(\w+):\s*(true|false)\s*$/gm)].map(
    (m) => [m[1]!, m[2] === 'true'] as const,
  );
  return Object.fromEntries(entries);
}

describe('electron-builder fuses', () => {
  it('are all set to their hardened value', () => {
    expect(fuses()).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      // Nothing is loaded from file:// (the renderer comes over app://), so file pages get no extra privileges.
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
