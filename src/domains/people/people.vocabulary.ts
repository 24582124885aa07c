/** Roles people hold in the network (several allowed). */
export const NETWORK_ROLES = {
  animateur: { fr: 'Animateur·rice de tiers-lieu', en: 'Third-place facilitator' },
  concierge: { fr: 'Concierge', en: 'Concierge' },
  fabmanager: { fr: 'Fabmanager', en: 'Fab manager' },
  facilitateur: { fr: 'Facilitateur·rice', en: 'Facilitator' },
  enseignant: { fr: 'Enseignant·e', en: 'Teacher' },
  mediateur: { fr: 'Médiateur·rice', en: 'Mediator' },
  chercheur: { fr: 'Chercheur·e', en: 'Researcher' },
  partenaire: { fr: 'Partenaire', en: 'Partner' },
  elu: { fr: 'Élu·e', en: 'Elected official' },
  etudiant: { fr: 'Étudiant·e', en: 'Student' },
} as const;

export const TEACHING_LEVELS = {
  maternelle: { fr: 'Maternelle', en: 'Nursery school' },
  elementaire: { fr: 'Élémentaire', en: 'Primary school' },
  college: { fr: 'Collège', en: 'Lower secondary' },
  lycee: { fr: 'Lycée général et technologique', en: 'Upper secondary' },
  'lycee-pro': { fr: 'Lycée professionnel', en: 'Vocational school' },
  superieur: { fr: 'Enseignement supérieur', en: 'Higher education' },
} as const;

/** What a member says they are open to. */
export const OPEN_TO = {
  mentorat: { fr: 'Parrainer un·e nouvel·le venu·e', en: 'Mentoring a newcomer' },
  visites: { fr: 'Faire visiter mon lieu', en: 'Showing my place' },
  interventions: { fr: 'Intervenir (ateliers, conférences)', en: 'Speaking, running workshops' },
  questions: { fr: 'Répondre aux questions', en: 'Answering questions' },
} as const;

/** The role one has in a place one takes part in. */
export const PLACE_ROLES = {
  animation: { fr: 'Animation', en: 'Facilitation' },
  fabmanager: { fr: 'Fabmanager', en: 'Fab manager' },
  enseignement: { fr: 'Enseignant·e partenaire', en: 'Partner teacher' },
  benevole: { fr: 'Bénévole', en: 'Volunteer' },
  direction: { fr: 'Direction', en: 'Management' },
  usager: { fr: 'Usager·e', en: 'User' },
} as const;
