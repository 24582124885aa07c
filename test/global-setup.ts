import { prepareTemplate } from './template-db.ts';

/** Runs once before all test files: migrate the template database they clone. */
export default async function setup() {
  await prepareTemplate();
}
