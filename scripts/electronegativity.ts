/**
 * Security lint gate (`npm run security:scan`): runs Electronegativity over src/ with SARIF output and
 * fails on any finding not listed, with a justification, in .electronegativity-allow.json.
 *
 * Electronegativity is unmaintained and noisy offline ("Could not retrieve updated translations",
 * "No connectivity?" for its Electron release-list check): those lines are warnings, not failures.
 * A file it cannot parse is a failure, because a file it did not read is a file it did not check.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, posix, resolve } from 'node:path';
import { z } from 'zod';

const ROOT = resolve(__dirname, '..');
const INPUT = 'src';
const ALLOW_FILE = join(ROOT, '.electronegativity-allow.json');

const allowSchema = z.array(
  z
    .object({
      check: z.string().regex(/^[A-Z0-9_]+$/, 'an Electronegativity check id, e.g. OPEN_EXTERNAL_JS_CHECK'),
      file: z.string().min(1),
      justification: z.string().trim().min(20, 'say why this is safe, in a sentence'),
    })
    .strict(),
);
type Allowed = z.infer<typeof allowSchema>[number];

const sarifSchema = z.object({
  runs: z.array(
    z.object({
      results: z
        .array(
          z.object({
            ruleId: z.string(),
            message: z.object({ text: z.string() }),
            locations: z
              .array(
                z.object({
                  physicalLocation: z.object({
                    artifactLocation: z.object({ uri: z.string() }),
                    region: z.object({ startLine: z.number().optional() }).optional(),
                  }),
                }),
              )
              .default([]),
          }),
        )
        .default([]),
    }),
  ),
});

interface Finding {
  check: string;
  file: string;
  line: number | null;
  message: string;
}

interface RunResult {
  errors: { file: string; message: string; tolerable: boolean }[];
}
type Run = (options: Record<string, unknown>) => Promise<RunResult>;

function loadRunner(): Run {
  const mod = createRequire(join(ROOT, 'package.json'))('@doyensec/electronegativity') as Run | { default: Run };
  return typeof mod === 'function' ? mod : mod.default;
}

function electronVersion(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Electronegativity starts the SARIF write with a callback-style `fs.writeFile` and resolves without
 * waiting for it, so wait until the file is there and complete.
 */
async function readSarif(file: string, timeoutMs = 10_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function readFindings(sarifFile: string): Promise<Finding[]> {
  const sarif = sarifSchema.parse(await readSarif(sarifFile));
  return sarif.runs.flatMap((run) =>
    run.results.map((r) => {
      const loc = r.locations[0]?.physicalLocation;
      // SARIF paths are relative to the scanned folder; the allow-list uses repository paths.
      const file = loc ? posix.join(INPUT, loc.artifactLocation.uri.replaceAll('\\', '/')) : '(no file)';
      return { check: r.ruleId, file, line: loc?.region?.startLine ?? null, message: r.message.text };
    }),
  );
}

const matches = (a: Allowed, f: Finding) => a.check === f.check && a.file === f.file;

async function main(): Promise<number> {
  const allowed = allowSchema.parse(JSON.parse(readFileSync(ALLOW_FILE, 'utf8')));
  const dir = mkdtempSync(join(tmpdir(), 'electronegativity-'));
  const sarifFile = join(dir, 'report.sarif');
  try {
    const result = await loadRunner()({
      input: join(ROOT, INPUT),
      output: sarifFile,
      isSarif: true,
      isRelative: true,
      customScan: [],
      excludeFromScan: [],
      electronVersionOverride: electronVersion(),
    });
    const parseErrors = result.errors.filter((e) => !e.tolerable);
    const findings = await readFindings(sarifFile);
    const unexpected = findings.filter((f) => !allowed.some((a) => matches(a, f)));
    const stale = allowed.filter((a) => !findings.some((f) => matches(a, f)));

    for (const f of findings) {
      const tag = unexpected.includes(f) ? 'FAIL   ' : 'allowed';
      console.log(`${tag} ${f.check} ${f.file}${f.line ? `:${f.line}` : ''} — ${f.message}`);
    }
    for (const e of parseErrors) console.log(`FAIL    could not parse ${e.file}: ${e.message}`);
    for (const a of stale) console.log(`warning: allow-list entry matches nothing (remove it?): ${a.check} ${a.file}`);
    console.log(
      `electronegativity: ${findings.length} finding(s), ${unexpected.length} not allowed, ${parseErrors.length} unparsable file(s)`,
    );
    return unexpected.length === 0 && parseErrors.length === 0 ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('electronegativity gate failed to run:', err);
    process.exit(2);
  },
);
