import type { Locale } from './i18n.ts';

/**
 * An SPDX licence identifier as people read it: "GPL-3.0-or-later" → "GNU GPL 3 ou ultérieure",
 * "CC-BY-SA-4.0" → "Creative Commons BY-SA 4.0", "LicenseRef-proprietaire" → "propriétaire".
 * Unknown identifiers are shown as they are.
 */
export function licenceName(spdx: string, locale: Locale): string {
  const fr = locale === 'fr';
  const gnu = /^(A|L)?GPL-(\d(?:\.\d)?)-(only|or-later)$/.exec(spdx);
  if (gnu) {
    const name = `GNU ${gnu[1] ?? ''}GPL ${String(gnu[2]).replace(/\.0$/, '')}`;
    return gnu[3] === 'or-later' ? `${name} ${fr ? 'ou ultérieure' : 'or later'}` : `${name} ${fr ? 'seulement' : 'only'}`;
  }
  const cc = /^CC-(BY(?:-SA|-NC|-ND|-NC-SA|-NC-ND)?)-(\d\.\d)$/.exec(spdx);
  if (cc) {
    return `Creative Commons ${cc[1]} ${cc[2]}`;
  }
  const known: Record<string, [string, string]> = {
    MIT: ['licence MIT', 'MIT licence'],
    'Apache-2.0': ['Apache 2.0', 'Apache 2.0'],
    'BSD-3-Clause': ['BSD à 3 clauses', 'BSD 3-clause'],
    'BSD-2-Clause': ['BSD à 2 clauses', 'BSD 2-clause'],
    'MPL-2.0': ['Mozilla Public License 2.0', 'Mozilla Public License 2.0'],
    'CECILL-B': ['CeCILL-B', 'CeCILL-B'],
    'CECILL-2.1': ['CeCILL 2.1', 'CeCILL 2.1'],
    'CC0-1.0': ['CC0 (domaine public)', 'CC0 (public domain)'],
    'etalab-2.0': ['Licence ouverte Etalab 2.0', 'Etalab Open Licence 2.0'],
    'CERN-OHL-S-2.0': ['CERN OHL 2.0 (réciproque)', 'CERN OHL 2.0 (strongly reciprocal)'],
    'LicenseRef-proprietaire': ['propriétaire', 'proprietary'],
    'LicenseRef-GeoGebra-non-commercial': ['GeoGebra (usage non commercial)', 'GeoGebra (non-commercial use)'],
    'LicenseRef-micro-bit': ['micro:bit (conditions propres)', 'micro:bit (own terms)'],
  };
  const entry = known[spdx];
  if (entry) {
    return fr ? entry[0] : entry[1];
  }
  return spdx.replace(/^LicenseRef-/, '');
}
