// Every table, for drizzle-kit and for typed queries. Each domain owns its own schema file.
export * from '../domains/accounts/accounts.schema.ts';
export * from '../domains/attestations/attestations.schema.ts';
export * from '../domains/audit/audit.schema.ts';
export * from '../domains/badges/badges.schema.ts';
export * from '../domains/calls/calls.schema.ts';
export * from '../domains/communities/communities.schema.ts';
export * from '../domains/documents/documents.schema.ts';
export * from '../domains/events/events.schema.ts';
export * from '../domains/mail/mail.schema.ts';
export * from '../domains/people/people.schema.ts';
export * from '../domains/places/places.schema.ts';
export * from '../domains/recognition/recognition.schema.ts';
export * from '../domains/search/search.schema.ts';
export * from '../domains/skills/skills.schema.ts';
export * from '../domains/social/social.schema.ts';
export * from '../domains/tools/tools.schema.ts';
export * from '../ops/ops.schema.ts';
