import { describe, expect, it } from 'vitest';
import { userBars } from '../../../../src/renderer/src/lib/aggregate';
import {
  costDailyCsv,
  costMonthlyCsv,
  csvFileName,
  dailyAcusCsv,
  sessionsCsv,
  summaryCsv,
  usersCsv,
} from '../../../../src/renderer/src/lib/csv-exports';
import { makeCost, makeDashboard, makeSessions } from '../fake-api';

/** Minimal RFC 4180 reader, enough to check what the builders wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

const query = { from: '2025-06-01', to: '2025-06-07', orgId: null };

describe('summaryCsv', () => {
  it('lists each card with current, previous and change', () => {
    const rows = parseCsv(summaryCsv(makeDashboard(query), 2));
    expect(rows[0]).toEqual(['metric', 'current', 'previous', 'change_pct']);
    expect(rows.find((r) => r[0] === 'sessions')).toEqual(['sessions', '120', '100', '20']);
    expect(rows.find((r) => r[0] === 'cost_usd')).toEqual(['cost_usd', '600', '500', '20']);
  });

  it('leaves cost and change empty when there is no rate or no previous value', () => {
    const data = makeDashboard(query, {
      previous: { sessions: 0, acus: 0, activeUsers: { dau: null, wau: null, mau: null, source: 'metrics' } },
    });
    const rows = parseCsv(summaryCsv(data, null));
    expect(rows.find((r) => r[0] === 'cost_usd')).toEqual(['cost_usd', '', '', '']);
    expect(rows.find((r) => r[0] === 'sessions')?.[3]).toBe('');
  });
});

describe('dailyAcusCsv', () => {
  it('has one row per day with the total', () => {
    const data = makeDashboard(query);
    const rows = parseCsv(dailyAcusCsv(data, false));
    expect(rows[0]).toEqual(['date', 'total_acus']);
    expect(rows).toHaveLength(8);
    expect(rows[1]).toEqual(['2025-06-01', String(data.acusByDay[0]?.acus)]);
  });

  it('adds a column per organization when split', () => {
    const data = makeDashboard(query);
    const rows = parseCsv(dailyAcusCsv(data, true));
    expect(rows[0]).toEqual(['date', 'total_acus', 'Alpha acus', 'Beta acus']);
    const beta = data.acusByDayByOrg[1]?.points[2]?.acus;
    expect(rows[3]?.[3]).toBe(String(beta));
  });
});

describe('usersCsv', () => {
  it('writes the bars as shown, with no id for Others', () => {
    const acusByUser = Array.from({ length: 15 }, (_, i) => ({
      userId: `u${i}`,
      name: `User ${i}`,
      acus: 100 - i,
      sessions: 1,
    }));
    // Others: users 15 and 16 → 85 + 84 ACUs.
    const rows = parseCsv(usersCsv(userBars({ acusByUser, otherUsers: { users: 2, acus: 169, sessions: 2 } }), 0.5));
    expect(rows).toHaveLength(1 + 16);
    expect(rows[1]).toEqual(['User 0', 'u0', '100', '1', '50']);
    expect(rows[16]).toEqual(['Others (2)', '', '169', '2', '84.5']);
  });
});

describe('sessionsCsv', () => {
  it('quotes titles with commas and quotes and defuses formulas', () => {
    const [row] = makeSessions(1);
    if (!row) throw new Error('fixture');
    const rows = parseCsv(
      sessionsCsv(
        [
          { ...row, title: 'Fix "checkout", again' },
          { ...row, title: '=HYPERLINK("x")' },
        ],
        1,
      ),
    );
    expect(rows[0]).toEqual([
      'title',
      'user',
      'organization',
      'status',
      'created_at',
      'duration_seconds',
      'acus',
      'cost_usd',
      'url',
      'origin',
      'tags',
      'prs',
    ]);
    expect(rows[1]?.[0]).toBe('Fix "checkout", again');
    expect(rows[2]?.[0]?.startsWith("'=")).toBe(true);
    expect(rows[1]?.[4]).toBe(new Date(row.createdAt).toISOString());
    expect(rows[1]?.[8]).toBe(row.url);
  });

  it('adds origin, tags and each PR as "url (state)", a missing state as "none"', () => {
    const [row] = makeSessions(1);
    if (!row) throw new Error('fixture');
    const rows = parseCsv(
      sessionsCsv(
        [
          {
            ...row,
            origin: 'slack',
            tags: ['backend', 'ci'],
            prs: [
              { url: 'https://github.com/acme/web/pull/1', state: 'MERGED' },
              { url: 'https://github.com/acme/web/pull/2', state: null },
            ],
          },
          { ...row, origin: null, tags: [], prs: [] },
        ],
        null,
      ),
    );
    expect(rows[1]?.slice(9)).toEqual(['slack', 'backend, ci', 'https://github.com/acme/web/pull/1 (MERGED) https://github.com/acme/web/pull/2 (none)']);
    expect(rows[2]?.slice(9)).toEqual(['', '', '']);
  });

  it('rounds each cost to cents from the exact ACUs', () => {
    const [row] = makeSessions(1);
    if (!row) throw new Error('fixture');
    const rows = parseCsv(sessionsCsv([{ ...row, acus: 1.005 }], 2.5));
    expect(rows[1]?.[6]).toBe('1.005');
    expect(rows[1]?.[7]).toBe('2.51');
  });
});

describe('cost CSVs', () => {
  it('lists months per organization and the 30 daily points', () => {
    const cost = makeCost(null);
    const monthly = parseCsv(costMonthlyCsv(cost, 2));
    expect(monthly[0]).toEqual(['month', 'organization', 'org_id', 'acus', 'cost_usd']);
    expect(monthly).toContainEqual(['2025-05', 'Alpha', 'org-a', '400', '800']);
    const daily = parseCsv(costDailyCsv(cost, null));
    expect(daily).toHaveLength(31);
    expect(daily[1]?.[2]).toBe('');
  });
});

describe('csvFileName', () => {
  it('builds a name the save dialog accepts', () => {
    const name = csvFileName('daily acus/by org', { from: '2025-06-01', to: '2025-06-07' });
    expect(name).toMatch(/^[\w.-]{1,100}\.csv$/);
    expect(name).toContain('2025-06-01_2025-06-07');
  });
});
