/**
 * French contractions and elisions for names (places, towns, académies): "de" + "Orléans" is
 * "d’Orléans", "de" + "Le Mans" is "du Mans", "à" + "Le Mans" is "au Mans". An initial H is
 * treated as aspirated (no elision): "de Haguenau".
 */

const VOWEL = /^[AEIOUYÂÀÉÈÊËÎÏÔÖÛÙÜŒaeiouyâàéèêëîïôöûùüœ]/;

/** "de" before a name: "d’Orléans-Tours", "du Mans", "des Sables-d’Olonne", "de La Rochelle", "de Lyon". */
export function deName(name: string): string {
  if (/^Le /.test(name)) {
    return `du ${name.slice(3)}`;
  }
  if (/^Les /.test(name)) {
    return `des ${name.slice(4)}`;
  }
  return VOWEL.test(name) ? `d’${name}` : `de ${name}`;
}

/** "à" before a name: "au Mans", "aux Sables-d’Olonne", "à La Rochelle", "à Orléans". */
export function aName(name: string): string {
  if (/^Le /.test(name)) {
    return `au ${name.slice(3)}`;
  }
  if (/^Les /.test(name)) {
    return `aux ${name.slice(4)}`;
  }
  return `à ${name}`;
}

/** "de Rennes" / "d’Orléans" in French, "of Rennes" in English: after "à moins de 30 km". */
export function ofName(locale: 'fr' | 'en', name: string): string {
  return locale === 'fr' ? deName(name) : `of ${name}`;
}
