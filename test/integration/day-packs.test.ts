/**
 * The day packs (cache/day-packs.ts) behind the users, orgs and monthly panels: the daily chart's split into the
 * largest orgs and one series for the rest, against the consumption rows; then the repair — packs that disagree
 * with their sources (sums off, a pack lost or extra, bytes damaged with their sums kept, a cache from before the
 * packs) are rebuilt at open or at the first read, and no answer ever shows the damaged figure.
 */
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { openCache, type Cache } from '../../src/main/services/cache';
import { mismatchedPackDays } from '../../src/main/services/cache/day-packs';
import { createLogger } from '../../src/main/services/logger';
import { addDaysTo, eachDay, type DayString } from '../../src/shared/billing-day';
import { OTHER_ORGS_ID, SPLIT_ORGS, type DashboardQuery } from '../../src/shared/dashboard';
import { makeFixture, SMALL_FIXTURE, type CacheFixture } from '../helpers/cache-fixtures';
import { fixtureCacheFile, handEditFile, readFile } from '../helpers/cache-file';
import { exactSum } from '../helpers/exact-decimal';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const AT = Date.UTC(2026, 10, 21) / 1000;
/** More orgs than the daily chart splits out, so the "other organizations" series has members. */
const MANY_ORGS = { ...SMALL_FIXTURE, orgs: SPLIT_ORGS + 5, seed: 21 };

const opened: Cache[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) c.close();
});

function open(file: string, warnings: string[] = []): Cache {
  const cache = openCache({ file, log: createLogger('cache', (line) => void warnings.push(line), 'warn') });
  opened.push(cache);
  return cache;
}

function loaded(options = SMALL_FIXTURE): { f: CacheFixture; file: string } {
  const f = makeFixture(options);
  return { f, file: fixtureCacheFile(tempDir('day-packs-'), f, AT) };
}

const edit = handEditFile;
const mismatches = (file: string): unknown[] => readFile(file, mismatchedPackDays);

/** Every panel the packs feed, for a few ranges and scopes. */
function answers(cache: Cache, f: CacheFixture): unknown[] {
  const queries: DashboardQuery[] = [
    { from: f.from, to: f.to, orgId: null },
    { from: addDaysTo(f.to, -29), to: f.to, orgId: null },
    // A few days read their day packs; longer ranges difference two snapshots.
    { from: addDaysTo(f.to, -2), to: f.to, orgId: null },
    { from: addDaysTo(f.to, -89), to: addDaysTo(f.to, -10), orgId: f.orgIds[1]! },
  ];
  return queries.flatMap((q) => {
    const d = cache.getDashboard(q);
    return [
      d.acusByUser,
      d.otherUsers,
      d.acusByOrg,
      d.acusByDayByOrg,
      d.unattributedAcus,
      cache.getUserAcus(q),
      cache.getCost({ orgId: q.orgId, today: q.to }).monthlyByOrg,
    ];
  });
}

describe('the daily chart by organization', () => {
  it(`splits out the ${SPLIT_ORGS} largest orgs of the range and sums the others into one series, day by day`, () => {
    const { f, file } = loaded(MANY_ORGS);
    const cache = open(file);
    const to = f.to;
    const from = addDaysTo(to, -44) as DayString;
    const d = cache.getDashboard({ from, to, orgId: null });

    const days = eachDay(from, to);
    const daily = (scope: string) => {
      const rows = new Map((f.consumption.get(scope) ?? []).map((r) => [r.date, r.acus]));
      return days.map((day) => rows.get(day) ?? 0);
    };
    const totals = f.orgIds
      .map((id) => ({ id, acus: exactSum(daily(id)) }))
      .filter((o) => o.acus > 0)
      .sort((a, b) => b.acus - a.acus || (a.id < b.id ? -1 : 1));
    expect(totals.length).toBeGreaterThan(SPLIT_ORGS);

    const split = totals.slice(0, SPLIT_ORGS);
    expect(d.acusByDayByOrg.map((s) => s.orgId)).toEqual([...split.map((o) => o.id), OTHER_ORGS_ID]);
    for (const o of split) {
      const series = d.acusByDayByOrg.find((s) => s.orgId === o.id)!;
      expect(series.points.map((p) => p.acus)).toEqual(daily(o.id));
    }
    const rest = totals.slice(SPLIT_ORGS).map((o) => daily(o.id));
    const others = d.acusByDayByOrg.at(-1)!;
    expect(others.name).toBe('Other organizations');
    expect(others.points.map((p) => p.date)).toEqual(days);
    expect(others.points.map((p) => p.acus)).toEqual(days.map((_, i) => exactSum(rest.map((r) => r[i]!))));
    // Every org with ACUs is still listed with its total.
    expect(d.acusByOrg.map((o) => [o.orgId, o.acus])).toEqual(totals.map((o) => [o.id, o.acus]));
  });
});

describe('packs that disagree with their sources are rebuilt, never shown', () => {
  const damages: [string, string][] = [
    [
      "a creators pack's sums are off",
      `UPDATE day_packs SET micro_acus = micro_acus + 1, sessions = sessions + 1
       WHERE rowid = (SELECT rowid FROM day_packs WHERE kind = 'creators' LIMIT 1 OFFSET 9)`,
    ],
    [
      'a creator snapshot counts a session too many',
      `UPDATE day_packs SET sessions = sessions + 1
       WHERE rowid = (SELECT rowid FROM day_packs WHERE kind = 'creators_cum' LIMIT 1 OFFSET 2)`,
    ],
    ['a creator snapshot is lost', `DELETE FROM day_packs WHERE rowid = (SELECT rowid FROM day_packs WHERE kind = 'creators_cum' LIMIT 1 OFFSET 1)`],
    [
      "an org month-end snapshot's ACUs are off",
      `UPDATE day_packs SET micro_acus = micro_acus + 1
       WHERE rowid = (SELECT rowid FROM day_packs WHERE kind = 'orgs_cum' LIMIT 1 OFFSET 1)`,
    ],
    ['an orgs pack is lost', `DELETE FROM day_packs WHERE rowid = (SELECT rowid FROM day_packs WHERE kind = 'orgs' LIMIT 1 OFFSET 4)`],
    [
      'a day with no figures has a pack',
      `INSERT INTO day_packs (kind, day, entries, sessions, micro_acus, data) VALUES ('orgs', '2001-01-01', 1, 0, 5, zeroblob(12))`,
    ],
    ['the packs are half built (an interrupted rebuild)', `DELETE FROM day_packs WHERE day > '2026-09-01'`],
  ];
  for (const [what, sql] of damages) {
    it(`${what}: found and rebuilt at open`, () => {
      const { f, file } = loaded();
      const before = answers(open(file), f);
      opened.pop()!.close();
      edit(file, sql);
      expect(mismatches(file).length).toBeGreaterThan(0);
      const warnings: string[] = [];
      const cache = open(file, warnings);
      expect(mismatches(file)).toEqual([]);
      expect(warnings.some((l) => l.includes('day packs disagreed with their rows'))).toBe(true);
      expect(answers(cache, f)).toEqual(before);
    });
  }

  for (const kind of ['creators', 'creators_cum'] as const) {
    it(`${kind} bytes damaged with their sums kept: the first read finds it, rebuilds every pack and answers right`, () => {
      const { f, file } = loaded();
      const before = answers(open(file), f);
      opened.pop()!.close();
      // Same length, same stored sums, other entries: the sums against the rows cannot see it; the read can. The
      // newest pack of its kind: every range up to the fixture's last day reads it.
      edit(
        file,
        `UPDATE day_packs SET data = zeroblob(length(data))
         WHERE rowid = (SELECT rowid FROM day_packs WHERE kind = '${kind}' ORDER BY day DESC LIMIT 1)`,
      );
      expect(mismatches(file)).toEqual([]);
      const warnings: string[] = [];
      const cache = open(file, warnings);
      expect(warnings.some((l) => l.includes('day packs disagreed'))).toBe(false);
      expect(answers(cache, f)).toEqual(before);
      expect(warnings.some((l) => l.includes('day packs disagreed') && l.includes('do not add up'))).toBe(true);
    });
  }

  it('a cache with month-end creator snapshots (v6) is migrated to daily dense ones, with every figure', () => {
    const { f, file } = loaded();
    const before = answers(open(file), f);
    opened.pop()!.close();
    // v6 kept a sparse creator snapshot (20 bytes an entry, like a creators pack) at each month end only.
    const db = new DatabaseSync(file);
    db.exec(`DELETE FROM day_packs WHERE kind = 'creators_cum';
      INSERT INTO day_packs (kind, day, entries, sessions, micro_acus, data)
        SELECT 'creators_cum', date(day, 'start of month', '+1 month', '-1 day'), entries, sessions, micro_acus, data
        FROM day_packs WHERE kind = 'creators' ORDER BY day LIMIT 1;
      PRAGMA user_version = 6;`);
    db.close();
    const warnings: string[] = [];
    const cache = open(file, warnings);
    expect(mismatches(file)).toEqual([]);
    expect(answers(cache, f)).toEqual(before);
    expect(warnings.some((l) => l.includes('day packs disagreed'))).toBe(false);
  });

  it('a cache from before the packs (v5) is migrated with every figure', () => {
    const { f, file } = loaded();
    const before = answers(open(file), f);
    opened.pop()!.close();
    const db = new DatabaseSync(file);
    db.exec('DROP TABLE day_packs; DROP TABLE pack_keys; DROP TABLE session_active_users; PRAGMA user_version = 5;');
    db.close();
    const cache = open(file);
    expect(mismatches(file)).toEqual([]);
    expect(answers(cache, f)).toEqual(before);
  });
});
