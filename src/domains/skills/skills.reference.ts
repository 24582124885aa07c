/**
 * The curated skills reference the network starts with, grouped in families, with the words
 * people use for them (synonyms make "laser" find "Découpe laser").
 */
export const SKILL_FAMILIES = {
  pedagogie: { fr: 'Pédagogie', en: 'Pedagogy' },
  fabrication: { fr: 'Fabrication numérique', en: 'Digital fabrication' },
  electronique: { fr: 'Électronique et programmation', en: 'Electronics and programming' },
  medias: { fr: 'Médias et création', en: 'Media and creation' },
  communaute: { fr: 'Animation et communauté', en: 'Facilitation and community' },
  projet: { fr: 'Projet, partenariats et financements', en: 'Projects, partnerships and funding' },
  documentation: { fr: 'Documentation, recherche et impact', en: 'Documentation, research and impact' },
} as const;
export type SkillFamily = keyof typeof SKILL_FAMILIES;

export interface ReferenceSkill {
  name: string;
  family: SkillFamily;
  synonyms: string[];
  description: string;
}

export const REFERENCE_SKILLS: ReferenceSkill[] = [
  {
    name: 'Pédagogie de projet',
    family: 'pedagogie',
    synonyms: ['apprentissage par projet', 'PBL', 'project based learning'],
    description: 'Faire apprendre en menant un projet réel, de l’idée au résultat.',
  },
  {
    name: 'Design thinking',
    family: 'pedagogie',
    synonyms: ['pensée design', 'design de service', 'conception centrée usager'],
    description: 'Méthode de conception partant des besoins des usagers, par itérations.',
  },
  {
    name: 'Pédagogie active',
    family: 'pedagogie',
    synonyms: ['classe inversée', 'apprentissage actif'],
    description: 'Rendre les apprenants acteurs : ateliers, défis, coopération.',
  },
  {
    name: 'Éducation aux médias',
    family: 'pedagogie',
    synonyms: ['EMI', 'éducation aux médias et à l’information', 'esprit critique'],
    description: 'Comprendre et produire l’information de façon critique.',
  },
  {
    name: 'Accompagnement de classes',
    family: 'pedagogie',
    synonyms: ['accueil de classes', 'ateliers scolaires'],
    description: 'Préparer et animer la venue d’une classe au tiers-lieu.',
  },
  {
    name: 'Inclusion et accessibilité',
    family: 'pedagogie',
    synonyms: ['handicap', 'FALC', 'accessibilité'],
    description: 'Adapter activités et lieux à tous les publics.',
  },
  {
    name: 'Découpe laser',
    family: 'fabrication',
    synonyms: ['laser', 'gravure laser', 'découpeuse laser', 'laser cutting'],
    description: 'Préparer des fichiers vectoriels et découper ou graver bois, carton, acrylique.',
  },
  {
    name: 'Impression 3D',
    family: 'fabrication',
    synonyms: ['imprimante 3D', 'FDM', 'trancheur', '3D printing'],
    description: 'Préparer, trancher et imprimer des pièces en plastique.',
  },
  {
    name: 'Modélisation 3D',
    family: 'fabrication',
    synonyms: ['CAO', 'FreeCAD', 'Tinkercad', 'Blender', 'conception 3D'],
    description: 'Concevoir des objets en trois dimensions.',
  },
  {
    name: 'Fraisage numérique',
    family: 'fabrication',
    synonyms: ['CNC', 'fraiseuse', 'usinage'],
    description: 'Usiner bois et métaux tendres avec une fraiseuse à commande numérique.',
  },
  {
    name: 'Découpe vinyle',
    family: 'fabrication',
    synonyms: ['plotter', 'vinyle', 'flocage'],
    description: 'Découper adhésifs et flex pour signalétique et textile.',
  },
  {
    name: 'Broderie numérique',
    family: 'fabrication',
    synonyms: ['brodeuse', 'textile numérique'],
    description: 'Numériser un motif et le broder à la machine.',
  },
  {
    name: 'Couture',
    family: 'fabrication',
    synonyms: ['machine à coudre', 'textile', 'patronage'],
    description: 'Coudre, réparer, créer des vêtements et objets textiles.',
  },
  {
    name: 'Travail du bois',
    family: 'fabrication',
    synonyms: ['menuiserie', 'ébénisterie', 'bois'],
    description: 'Outillage à main et machines à bois, en sécurité.',
  },
  {
    name: 'Réparation',
    family: 'fabrication',
    synonyms: ['repair café', 'réemploi', 'bricolage'],
    description: 'Diagnostiquer et réparer objets et appareils du quotidien.',
  },
  {
    name: 'Électronique',
    family: 'electronique',
    synonyms: ['soudure', 'circuits', 'composants électroniques'],
    description: 'Comprendre, souder et dépanner des circuits.',
  },
  {
    name: 'Arduino et microcontrôleurs',
    family: 'electronique',
    synonyms: ['arduino', 'micro:bit', 'ESP32', 'microcontrôleur', 'objets connectés'],
    description: 'Programmer des cartes pour capteurs, moteurs et objets connectés.',
  },
  {
    name: 'Programmation',
    family: 'electronique',
    synonyms: ['code', 'développement', 'Python', 'JavaScript', 'coder'],
    description: 'Écrire des programmes, du script au logiciel.',
  },
  {
    name: 'Programmation par blocs',
    family: 'electronique',
    synonyms: ['Scratch', 'MakeCode', 'Blockly'],
    description: 'Faire coder les plus jeunes avec des blocs visuels.',
  },
  {
    name: 'Robotique',
    family: 'electronique',
    synonyms: ['robots', 'Thymio', 'Lego Mindstorms'],
    description: 'Construire et programmer des robots éducatifs.',
  },
  {
    name: 'Logiciels libres',
    family: 'electronique',
    synonyms: ['open source', 'Linux', 'libre'],
    description: 'Choisir, installer et faire adopter des logiciels libres.',
  },
  {
    name: 'Administration système',
    family: 'electronique',
    synonyms: ['réseau', 'serveur', 'Nextcloud', 'informatique'],
    description: 'Installer et maintenir postes, réseaux et services.',
  },
  {
    name: 'Vidéo',
    family: 'medias',
    synonyms: ['tournage', 'montage vidéo', 'Kdenlive', 'fond vert'],
    description: 'Tourner, monter et diffuser des vidéos.',
  },
  {
    name: 'Son et podcast',
    family: 'medias',
    synonyms: ['podcast', 'radio', 'Audacity', 'prise de son'],
    description: 'Enregistrer, monter et diffuser du son.',
  },
  { name: 'Photographie', family: 'medias', synonyms: ['photo', 'retouche'], description: 'Prendre et retoucher des photos.' },
  {
    name: 'Graphisme',
    family: 'medias',
    synonyms: ['design graphique', 'Inkscape', 'mise en page', 'illustration'],
    description: 'Créer affiches, logos et supports visuels.',
  },
  {
    name: 'Jeu vidéo et création numérique',
    family: 'medias',
    synonyms: ['jeu vidéo', 'Godot', 'game design'],
    description: 'Concevoir des jeux et des œuvres numériques.',
  },
  {
    name: 'Animation de communauté',
    family: 'communaute',
    synonyms: ['community management', 'animation de réseau', 'animer une communauté'],
    description: 'Faire vivre un collectif : accueil, rituels, entraide.',
  },
  {
    name: 'Facilitation',
    family: 'communaute',
    synonyms: ['intelligence collective', 'animation de réunion', 'atelier participatif'],
    description: 'Animer des temps collectifs pour décider et créer ensemble.',
  },
  {
    name: 'Médiation numérique',
    family: 'communaute',
    synonyms: ['inclusion numérique', 'accompagnement numérique', 'e-inclusion'],
    description: 'Accompagner chacun vers les usages numériques.',
  },
  {
    name: 'Accueil des publics',
    family: 'communaute',
    synonyms: ['accueil', 'conciergerie', 'concierge'],
    description: 'Accueillir, orienter et mettre en relation les usagers du lieu.',
  },
  {
    name: 'Écoute des usagers',
    family: 'communaute',
    synonyms: ['enquête usagers', 'questionnaire', 'recueil des besoins'],
    description: 'Recueillir et analyser les besoins et avis des usagers.',
  },
  {
    name: 'Gestion de fablab',
    family: 'communaute',
    synonyms: ['fabmanager', 'fab manager', 'gestion d’atelier'],
    description: 'Organiser l’atelier, les machines, la sécurité et les créneaux.',
  },
  {
    name: 'Gestion de projet',
    family: 'projet',
    synonyms: ['conduite de projet', 'planification'],
    description: 'Organiser un projet : objectifs, étapes, ressources, suivi.',
  },
  {
    name: 'Recherche de financements',
    family: 'projet',
    synonyms: ['subventions', 'appels à projets', 'mécénat', 'financement participatif'],
    description: 'Trouver et obtenir des financements publics ou privés.',
  },
  {
    name: 'Montage de partenariats',
    family: 'projet',
    synonyms: ['partenariat', 'conventionnement', 'collectivités'],
    description: 'Nouer des partenariats avec collectivités, entreprises, associations.',
  },
  {
    name: 'Modèle économique',
    family: 'projet',
    synonyms: ['modèle économique de tiers-lieu', 'business model', 'budget'],
    description: 'Construire l’équilibre économique d’un lieu ou d’un projet.',
  },
  {
    name: 'Aménagement d’espace',
    family: 'projet',
    synonyms: ['design d’espace', 'aménagement', 'mobilier'],
    description: 'Concevoir un lieu qui donne envie d’apprendre et de faire.',
  },
  {
    name: 'Documentation',
    family: 'documentation',
    synonyms: ['documenter', 'wiki', 'tutoriel', 'fiche projet'],
    description: 'Documenter projets et savoir-faire pour qu’ils circulent.',
  },
  {
    name: 'Mesure d’impact',
    family: 'documentation',
    synonyms: ['évaluation', 'indicateurs', 'impact social'],
    description: 'Définir des indicateurs et mesurer les effets d’un lieu ou projet.',
  },
  {
    name: 'Recherche',
    family: 'documentation',
    synonyms: ['recherche-action', 'sciences de l’éducation', 'enquête'],
    description: 'Mener ou accompagner des travaux de recherche sur les tiers-lieux.',
  },
  {
    name: 'Propriété intellectuelle et licences libres',
    family: 'documentation',
    synonyms: ['licences', 'Creative Commons', 'droit d’auteur'],
    description: 'Choisir une licence et respecter les droits des œuvres.',
  },
];
