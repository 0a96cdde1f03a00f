/**
 * The files editors, version managers and Codespaces read (`.node-version`,
 * `.devcontainer/`, `.vscode/`) and the set-up commands in the README and
 * CONTRIBUTING.md agree with the one owner of each fact: `package.json`
 * (`engines`, `packageManager`) and each other.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');
const manifest = JSON.parse(read('package.json')) as { engines: { node: string }; packageManager: string };
const pnpmVersion = manifest.packageManager.replace(/^pnpm@/, '').split('+')[0] ?? '';
const devcontainer = JSON.parse(read('.devcontainer/devcontainer.json')) as {
  image: string;
  hostRequirements: { cpus: number };
  postCreateCommand: string;
  customizations: { vscode: { extensions: string[] } };
};

describe('conventions', () => {
  test('.node-version names a supported major, and the dev container runs it', () => {
    const major = Number(read('.node-version').trim());
    expect(Number.isInteger(major)).toBe(true);
    const oldest = Number(/>=\s*(\d+)/.exec(manifest.engines.node)?.[1]);
    expect(major).toBeGreaterThanOrEqual(oldest);
    expect(devcontainer.image).toMatch(new RegExp(`:${major}(-|$)`));
  });

  test('the dev container installs the pinned pnpm from package.json and has cores to measure with', () => {
    expect(devcontainer.postCreateCommand).toContain("require('./package.json').packageManager");
    expect(devcontainer.postCreateCommand).toMatch(/pnpm install$/);
    expect(devcontainer.hostRequirements.cpus).toBeGreaterThanOrEqual(4);
  });

  test('VS Code suggests the same extensions inside and outside the container', () => {
    const { recommendations } = JSON.parse(read('.vscode/extensions.json')) as { recommendations: string[] };
    expect(devcontainer.customizations.vscode.extensions).toEqual(recommendations);
  });

  test('the README and CONTRIBUTING.md install the pnpm of package.json', () => {
    for (const file of ['README.md', 'CONTRIBUTING.md']) {
      const named = [...read(file).matchAll(/pnpm@(\d+\.\d+\.\d+)/g)].map((match) => match[1]);
      expect(named.length, file).toBeGreaterThan(0);
      expect(new Set(named), file).toEqual(new Set([pnpmVersion]));
    }
  });

  test('package.json names the oldest supported Node, which pnpm enforces for the course itself', () => {
    expect(manifest.engines.node).toBe('>=20.19');
  });
});
