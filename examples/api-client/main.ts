// Try it against a running network:
//   npx tsx examples/api-client/main.ts http://localhost:3000 48.1173 -1.6778
import { tisserin } from './client.ts';

const [baseUrl = 'http://localhost:3000', lat = '48.1173', lng = '-1.6778'] = process.argv.slice(2);
const network = tisserin(baseUrl);

const places = await network.placesNear(Number(lat), Number(lng), 30);
console.log(`${places.length} place(s) within 30 km of ${lat}, ${lng}:`);
for (const p of places.slice(0, 10)) {
  console.log(`  ${p.km ?? '?'} km  ${p.name} (${p.commune ?? ''})`);
}

const [project] = await network.projects();
if (project) {
  const revisions = await network.projectRevisions(project.slug);
  console.log(`\n« ${project.title} »: ${revisions.length} revision(s)`);
  for (const r of revisions) {
    console.log(`  #${r.number}  ${r.createdAt.slice(0, 10)}  ${r.author ?? '(ancien membre)'}  ${r.summary}`);
  }
}
