import { readTogether } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import type { Viewer } from '../../lib/viewer.ts';
import { linkedDocumentsPart } from '../documents/documents.service.ts';
import { placePageParts, teamShown } from '../people/people.service.ts';
import { followStateOf, followStatePart } from '../social/social.service.ts';
import { toolsOfPlacePart } from '../tools/tools.service.ts';
import type { PlaceDetail } from './places.presenter.ts';
import { placeSections } from './places.sections.ts';
import { withTeamShown } from './places.team.service.ts';

/**
 * What a place's page shows besides the place itself — the team as the viewer may see it,
 * who takes part, followers, tools, projects — in one statement, each part written by the
 * domain it belongs to: with the place's own read, the page costs the database two statements.
 */
export async function placePageData(deps: Deps, viewer: Viewer | null, place: PlaceDetail) {
  const sections = placeSections();
  const rows = await readTogether(deps.db, {
    ...Object.fromEntries(sections.map((s) => [`section_${s.key}`, s.part(place.id)])),
    ...placePageParts(
      viewer,
      place.id,
      place.team.map((m) => m.userId),
    ),
    follow: followStatePart(viewer, 'place', place.id),
    tools: toolsOfPlacePart(place.id),
    projects: linkedDocumentsPart('place', place.id, 12),
  });
  return {
    place: withTeamShown(place, teamShown(viewer, rows.teamVisibility)),
    participants: rows.participants,
    follow: followStateOf(rows.follow),
    affiliation: rows.affiliation[0]?.role ?? null,
    tools: rows.tools,
    projects: rows.projects,
    sections: sections.map((s) => s.render((rows as unknown as Record<string, object[]>)[`section_${s.key}`] ?? [], place)),
  };
}
