import { sql } from 'drizzle-orm';
import type { Deps } from '../deps.ts';
import * as accountsRepo from '../domains/accounts/accounts.repo.ts';
import { hashPassword } from '../domains/accounts/passwords.ts';
import * as placesRepo from '../domains/places/places.repo.ts';
import { PLACES_TOPIC, toColumns } from '../domains/places/places.service.ts';
import { indexWordsFromTable } from '../domains/search/search.service.ts';
import { randomToken } from '../lib/crypto.ts';
import { slugify } from '../lib/slug.ts';
import { buildPlace, buildUser, createRng, pick, pickSome } from './factories.ts';
import { TOWNS } from './towns.ts';

export const SIZES = {
  demo: { places: 48, members: 80, pending: 4 },
  large: { places: 5000, members: 50_000, pending: 50 },
} as const;
export type SeedSize = keyof typeof SIZES;

const BATCH = 500;

async function inBatches<T, R>(items: T[], fn: (batch: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += BATCH) {
    out.push(...(await fn(items.slice(i, i + BATCH))));
  }
  return out;
}

/**
 * Fill an empty database with a realistic network: members (a few moderators), places spread
 * over every region (a few awaiting moderation), each with a team. Demo members get random
 * passwords nobody knows; use `tisserin create-admin` to sign in.
 */
export async function seedNetwork(deps: Deps, size: SeedSize, seed = 2021): Promise<{ places: number; members: number }> {
  const spec = SIZES[size];
  const rng = createRng(seed);
  const passwordHash = await hashPassword(randomToken());
  const now = Date.now();
  const userRows = Array.from({ length: spec.members }, (_, i) => {
    const u = buildUser(rng, i + 1);
    return {
      email: u.email,
      displayName: u.displayName,
      passwordHash,
      role: i < Math.max(3, spec.members / 1000) ? ('moderator' as const) : ('member' as const),
      emailVerifiedAt: new Date(now - rng() * 400 * 86_400_000),
    };
  });
  const slugs = new Set<string>();
  const placeRows: Array<Parameters<typeof placesRepo.insertPlacesBulk>[1][number]> = [];
  for (let i = 0; i < spec.places; i++) {
    // The first places take each town in turn, so every region has some.
    const town = i < TOWNS.length ? (TOWNS[i] ?? pick(rng, TOWNS)) : pick(rng, TOWNS);
    const { data } = buildPlace(rng, {}, town);
    let slug = slugify(data.name, 70);
    for (let n = 2; slugs.has(slug); n++) {
      slug = `${slugify(data.name, 70)}-${n}`;
    }
    slugs.add(slug);
    const pending = i >= spec.places - spec.pending;
    const publishedAt = new Date(now - (spec.places - i) * 3_600_000);
    placeRows.push({
      ...(await toColumns(data)),
      slug,
      status: pending ? 'pending' : 'published',
      publishedAt: pending ? null : publishedAt,
    });
  }
  await deps.db.transaction(async (tx) => {
    const users = await inBatches(userRows, (b) => accountsRepo.insertUsersBulk(tx, b));
    const placesCreated = await inBatches(placeRows, (b) => placesRepo.insertPlacesBulk(tx, b));
    const managers = placesCreated.flatMap((p) => pickSome(rng, users, 1, 2).map((u) => ({ placeId: p.id, userId: u.id })));
    await inBatches(managers, async (b) => {
      await placesRepo.insertManagersBulk(tx, b);
      return [];
    });
    await indexWordsFromTable(tx, 'places', "name || ' ' || coalesce(commune, '') || ' ' || search_keywords || ' ' || description_md");
  });
  await analyze(deps);
  await deps.changes.publish(PLACES_TOPIC);
  return { places: spec.places, members: spec.members };
}

/**
 * Refresh the planner's statistics. PGlite runs no autovacuum, and without statistics the
 * planner picks sequential scans over 50,000 members (tens of milliseconds per page).
 */
export async function analyze(deps: Deps): Promise<void> {
  await deps.db.execute(sql`analyze`);
}

/** True when nothing was ever stored (first start). */
export async function isEmpty(deps: Deps): Promise<boolean> {
  return (await accountsRepo.countUsers(deps.db)) === 0 && (await placesRepo.countPlaces(deps.db)) === 0;
}
