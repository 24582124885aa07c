/**
 * Documented projects and guides for the demo network and the benchmark: realistic French
 * write-ups (context, goals, numbered steps, resources, results, what we would change) of
 * the workshops school fablabs and media-library makerspaces actually run, linked to real
 * places, skills and tools. Deterministic for a given seed; bulk-inserted, with revision 1
 * (and sometimes 2) in the history like any saved document.
 */
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { bodyTextOf, type DocumentContent, emptyContent } from '../domains/documents/documents.content.ts';
import type { DocumentKind } from '../domains/documents/documents.schema.ts';
import {
  collectionDocuments,
  collections,
  documentLinks,
  documentMembers,
  documentRevisions,
  documents,
} from '../domains/documents/documents.schema.ts';
import { renderContent } from '../domains/documents/documents.service.ts';
import { indexWordsFromTable } from '../domains/search/search.service.ts';
import { aName } from '../lib/french.ts';
import { slugify } from '../lib/slug.ts';
import { articleFor, ofPlace, pick, pickSome, type Rng, schoolOf } from './factories.ts';

interface Activity {
  title: string;
  /** Indexes in AUDIENCES of the groups this activity is run with (one project per group in the demo). */
  audiences: readonly [number, number, number];
  summary: string;
  tools: string[];
  skills: string[];
  disciplines: string[];
  materials: string;
  budget: string;
  steps: Array<[string, string]>;
}

const ACTIVITIES: Activity[] = [
  {
    title: 'Fabriquer une station météo connectée',
    audiences: [0, 3, 2],
    summary:
      'Des capteurs de température, d’humidité et de pression reliés à une carte Arduino, et des données ouvertes publiées chaque jour.',
    tools: ['Arduino IDE', 'Arduino Uno', 'KiCad'],
    skills: ['Arduino et microcontrôleurs', 'Électronique', 'Programmation'],
    disciplines: ['technologie', 'sciences', 'mathematiques'],
    materials: 'Carte Arduino Uno, capteur BME280, plaque d’essai, fils Dupont, boîtier imprimé en 3D, câble USB.',
    budget: '100-500',
    steps: [
      [
        'Découvrir les capteurs',
        'Chaque binôme reçoit un capteur et cherche dans sa documentation ce qu’il mesure, avec quelle précision et comment il se branche.',
      ],
      [
        'Câbler sur la plaque d’essai',
        'On relie le capteur à la carte en suivant le schéma affiché au tableau ; un élève vérifie le câblage de l’autre avant de brancher le câble USB.',
      ],
      [
        'Programmer la lecture',
        'Le programme lit le capteur toutes les minutes et affiche les valeurs dans le moniteur série. Les élèves comparent leurs mesures avec le thermomètre de la classe.',
      ],
      [
        'Imprimer le boîtier',
        'Le boîtier ventilé est imprimé en PLA pendant la séance suivante ; on le modifie pour laisser passer le câble.',
      ],
      [
        'Publier les données',
        'Les mesures sont envoyées sur un tableur partagé et tracées en courbes ; la classe commente les variations de la semaine.',
      ],
    ],
  },
  {
    title: 'Graver des marque-pages à la découpeuse laser',
    audiences: [1, 4, 8],
    summary: 'Du dessin vectoriel à la gravure sur contreplaqué : un premier projet court pour apprendre la découpe laser en sécurité.',
    tools: ['Inkscape', 'LaserGRBL'],
    skills: ['Découpe laser', 'Graphisme'],
    disciplines: ['arts-plastiques', 'technologie'],
    materials: 'Contreplaqué de peuplier 3 mm, découpeuse laser, ordinateurs avec Inkscape, règle et gabarits.',
    budget: 'moins-100',
    steps: [
      [
        'Dessiner le motif',
        'Chacun dessine son motif dans Inkscape en distinguant les traits à découper (rouge) et les surfaces à graver (noir).',
      ],
      [
        'Préparer le fichier',
        'On vérifie que les contours sont des chemins fermés, on convertit le texte en chemins et on exporte en SVG.',
      ],
      [
        'Rappeler les règles de sécurité',
        'Capot fermé, aspiration en marche, extincteur à portée de main : un adulte reste à côté de la machine pendant toute la découpe.',
      ],
      ['Graver et découper', 'Les réglages de puissance et de vitesse sont testés sur une chute avant la pièce finale.'],
      ['Finir et partager', 'Les marque-pages sont poncés, huilés puis offerts à la médiathèque du quartier.'],
    ],
  },
  {
    title: 'Réaliser un podcast sur le quartier',
    audiences: [3, 4, 5],
    summary: 'Interviews d’habitants, prise de son, montage et mise en ligne d’une émission de vingt minutes sur l’histoire du quartier.',
    tools: ['Audacity', 'Peertube'],
    skills: ['Son et podcast', 'Éducation aux médias'],
    disciplines: ['francais', 'emc', 'histoire-geographie'],
    materials: 'Enregistreurs numériques, micros cravate, casques, ordinateurs avec Audacity.',
    budget: '100-500',
    steps: [
      [
        'Choisir les sujets',
        'La classe liste les lieux et les personnes qui racontent le quartier et se répartit en équipes de reportage.',
      ],
      ['Préparer les questions', 'Chaque équipe écrit ses questions ouvertes et s’entraîne en interviewant une autre équipe.'],
      ['Enregistrer', 'Les interviews sont enregistrées au calme, en demandant l’accord écrit de chaque personne.'],
      ['Monter l’émission', 'Dans Audacity, on coupe les hésitations, on ajoute un jingle libre de droits et on règle le volume.'],
      ['Diffuser', 'L’émission est publiée sur l’instance Peertube de l’académie et présentée aux familles.'],
    ],
  },
  {
    title: 'Programmer un jeu vidéo avec Scratch',
    audiences: [1, 2, 5],
    summary: 'Concevoir, programmer et faire tester un jeu de plateforme : variables, conditions et boucles sans écrire une ligne de code.',
    tools: ['Scratch', 'Snap!'],
    skills: ['Programmation par blocs', 'Jeu vidéo et création numérique'],
    disciplines: ['mathematiques', 'numerique', 'technologie'],
    materials: 'Ordinateurs ou tablettes avec Scratch, casques audio, fiches de conception imprimées.',
    budget: 'aucun',
    steps: [
      ['Imaginer le jeu', 'Sur une fiche, chaque équipe décrit le héros, le but du jeu, les obstacles et ce qui fait gagner ou perdre.'],
      ['Déplacer le héros', 'On programme les flèches du clavier, puis la gravité avec une variable de vitesse verticale.'],
      ['Ajouter les niveaux', 'Les décors changent quand le héros atteint le bord ; un compteur garde le score.'],
      ['Faire tester', 'Les équipes échangent leurs jeux, notent ce qui est trop difficile et corrigent les bugs trouvés.'],
      ['Publier', 'Les jeux sont partagés sur le studio de la classe avec un mode d’emploi écrit par les élèves.'],
    ],
  },
  {
    title: 'Imprimer en 3D les pièces d’un robot',
    audiences: [7, 2, 3],
    summary: 'Modéliser, trancher et imprimer les pièces d’un petit robot roulant, puis l’assembler et le faire suivre une ligne.',
    tools: ['FreeCAD', 'PrusaSlicer', 'Prusa i3 MK3S+', 'Thonny'],
    skills: ['Impression 3D', 'Modélisation 3D', 'Robotique'],
    disciplines: ['technologie', 'sciences'],
    materials: 'Imprimante 3D, bobines de PLA, moteurs à courant continu, carte micro:bit, capteurs de ligne, visserie M3.',
    budget: '100-500',
    steps: [
      [
        'Mesurer les composants',
        'Au pied à coulisse, les élèves relèvent les cotes des moteurs et de la carte pour dessiner les supports.',
      ],
      ['Modéliser le châssis', 'Dans FreeCAD, on esquisse le châssis, on l’extrude et on perce les trous de fixation.'],
      ['Trancher et imprimer', 'PrusaSlicer prépare l’impression ; on choisit un remplissage de 20 % pour gagner du temps.'],
      ['Assembler et câbler', 'Les moteurs et la carte sont vissés, puis câblés en suivant le schéma de la fiche.'],
      [
        'Programmer le suivi de ligne',
        'Le robot lit ses deux capteurs et corrige sa trajectoire ; on organise une course sur la piste tracée au sol.',
      ],
    ],
  },
  {
    title: 'Tourner un court métrage d’animation',
    audiences: [0, 4, 1],
    summary: 'Du scénario au montage : un film en stop motion de deux minutes avec des personnages en pâte à modeler.',
    tools: ['Kdenlive', 'GIMP', 'Audacity'],
    skills: ['Vidéo', 'Photographie'],
    disciplines: ['arts-plastiques', 'francais'],
    materials: 'Appareil photo ou tablette sur pied, pâte à modeler, décors en carton, lampes, ordinateur avec Kdenlive.',
    budget: 'moins-100',
    steps: [
      ['Écrire le scénario', 'La classe écrit une histoire courte en trois scènes et dessine le story-board case par case.'],
      ['Fabriquer personnages et décors', 'Chaque groupe façonne un personnage et construit un décor à l’échelle.'],
      [
        'Photographier image par image',
        'On déplace les personnages de quelques millimètres entre chaque photo : douze images font une seconde.',
      ],
      ['Monter et sonoriser', 'Dans Kdenlive, les photos deviennent une séquence ; les voix et les bruitages sont enregistrés à part.'],
      ['Projeter', 'Le film est projeté à la médiathèque lors d’une soirée ouverte aux familles.'],
    ],
  },
  {
    title: 'Concevoir un badge lumineux sur circuit imprimé',
    audiences: [0, 7, 6],
    summary: 'Dessiner son circuit, le faire fabriquer et souder soi-même un badge à LED qui clignote.',
    tools: ['KiCad', 'Inkscape'],
    skills: ['Électronique', 'Graphisme'],
    disciplines: ['technologie', 'numerique'],
    materials: 'Fers à souder, étain sans plomb, LED, résistances, piles bouton, circuits imprimés commandés en série.',
    budget: '100-500',
    steps: [
      ['Comprendre le schéma', 'On étudie le rôle de chaque composant et on calcule la résistance qui protège la LED.'],
      ['Dessiner le circuit', 'Dans KiCad, le schéma devient un circuit ; le contour du badge est importé depuis Inkscape.'],
      [
        'Apprendre à souder',
        'Chaque élève s’entraîne sur une plaque d’essai avant de souder son badge, lunettes de protection sur le nez.',
      ],
      ['Souder le badge', 'Les composants sont soudés du plus bas au plus haut ; on vérifie chaque soudure à la loupe.'],
      ['Tester et réparer', 'Les badges qui ne s’allument pas sont diagnostiqués ensemble : c’est souvent une LED montée à l’envers.'],
    ],
  },
  {
    title: 'Cartographier les îlots de chaleur de la cour',
    audiences: [0, 3, 1],
    summary: 'Mesurer la température de la cour à différents endroits et heures, cartographier les résultats et proposer des aménagements.',
    tools: ['QGIS', 'uMap', 'BBC micro:bit'],
    skills: ['Arduino et microcontrôleurs', 'Recherche'],
    disciplines: ['sciences', 'histoire-geographie', 'mathematiques'],
    materials: 'Cartes micro:bit avec capteur de température, plan de la cour, tablettes, tableur.',
    budget: 'moins-100',
    steps: [
      ['Poser la question', 'Pourquoi fait-il si chaud près du préau en juin ? La classe formule des hypothèses.'],
      ['Programmer les relevés', 'Les cartes micro:bit enregistrent la température toutes les cinq minutes.'],
      ['Mesurer sur le terrain', 'Les capteurs sont placés au soleil, à l’ombre, sur le bitume et sur la pelouse pendant une semaine.'],
      ['Cartographier', 'Les moyennes sont reportées sur une carte partagée avec des couleurs du bleu au rouge.'],
      ['Proposer des aménagements', 'Les élèves présentent au conseil d’école un projet de plantations et de voiles d’ombrage.'],
    ],
  },
  {
    title: 'Animer un repair café',
    audiences: [2, 8, 6],
    summary: 'Des élèves formés au diagnostic réparent, avec des bénévoles, les petits appareils apportés par les habitants.',
    tools: ['LibreOffice', 'Framadate'],
    skills: ['Réparation', 'Électronique', 'Accueil des publics'],
    disciplines: ['technologie', 'emc'],
    materials: 'Multimètres, tournevis, fers à souder, fiches de suivi, tables et rallonges.',
    budget: 'moins-100',
    steps: [
      ['Former l’équipe', 'Deux séances pour apprendre les règles de sécurité électrique et l’usage du multimètre.'],
      ['Organiser la journée', 'On choisit la date avec un sondage, on prépare l’affiche et on réserve la salle.'],
      ['Accueillir et diagnostiquer', 'Chaque objet a sa fiche : panne décrite, diagnostic, pièce à changer.'],
      ['Réparer ensemble', 'Les élèves réparent avec le propriétaire de l’objet, qui apprend à son tour.'],
      ['Faire le bilan', 'On compte les objets sauvés et les kilos de déchets évités, et on publie le bilan.'],
    ],
  },
  {
    title: 'Écrire et imprimer un fanzine',
    audiences: [3, 4, 6],
    summary: 'Un journal de 16 pages écrit, mis en page et imprimé par des adolescents de la médiathèque.',
    tools: ['LibreOffice', 'GIMP', 'Krita'],
    skills: ['Graphisme', 'Éducation aux médias'],
    disciplines: ['francais', 'documentation', 'arts-plastiques'],
    materials: 'Ordinateurs, scanner, imprimante, papier recyclé, agrafeuse à bras long.',
    budget: 'moins-100',
    steps: [
      ['Choisir la ligne éditoriale', 'Le groupe décide des rubriques et du ton, et répartit les articles.'],
      ['Écrire et relire', 'Chaque article passe par deux relecteurs avant la mise en page.'],
      ['Illustrer', 'Dessins scannés et retouchés dans GIMP, illustrations numériques faites avec Krita.'],
      ['Mettre en page', 'La maquette est faite en format livret ; on vérifie l’ordre des pages sur une maquette papier.'],
      ['Imprimer et diffuser', 'Cent exemplaires sont imprimés, pliés et déposés dans les lieux du quartier.'],
    ],
  },
  {
    title: 'Piloter des robots Thymio',
    audiences: [9, 1, 8],
    summary: 'Observer, prévoir et programmer les comportements d’un petit robot avec des enfants de grande section.',
    tools: ['Thymio'],
    skills: ['Robotique', 'Pédagogie active'],
    disciplines: ['sciences', 'pluridisciplinaire'],
    materials: 'Robots Thymio, tapis quadrillés, obstacles en carton, cartes des couleurs.',
    budget: 'aucun',
    steps: [
      ['Observer le robot', 'Les enfants découvrent les couleurs du robot et ce qu’elles veulent dire.'],
      ['Jouer aux comportements', 'Le robot suit la main, fuit l’obstacle ou suit une ligne : les enfants devinent le mode choisi.'],
      ['Construire un parcours', 'Les enfants construisent un labyrinthe et prévoient le chemin du robot.'],
      ['Raconter', 'La classe dicte à l’adulte le récit de l’aventure du robot.'],
    ],
  },
  {
    title: 'Modéliser et imprimer des pièces de jeu d’échecs',
    audiences: [6, 2, 7],
    summary: 'Chaque élève modélise une pièce dans OpenSCAD ; l’échiquier complet rejoint le foyer du lycée.',
    tools: ['OpenSCAD', 'Cura', 'Tinkercad'],
    skills: ['Modélisation 3D', 'Impression 3D', 'Programmation'],
    disciplines: ['mathematiques', 'numerique'],
    materials: 'Imprimante 3D, PLA de deux couleurs, ordinateurs avec OpenSCAD.',
    budget: 'moins-100',
    steps: [
      ['Décomposer une pièce', 'On décompose chaque pièce en volumes simples : cylindres, sphères, cônes.'],
      ['Programmer la forme', 'La pièce est décrite par des opérations d’union et de différence, avec des paramètres de taille.'],
      ['Imprimer un prototype', 'Un premier tirage à 50 % permet de vérifier la stabilité et les détails.'],
      ['Imprimer la série', 'Les pièces définitives sont imprimées en deux couleurs et contrôlées au pied à coulisse.'],
    ],
  },
];

/** Who a project is run with, and the kinds of place such a project happens in. */
const AUDIENCES = [
  { text: 'avec une classe de 5e', levels: ['college'], audiences: ['eleves'], kinds: ['fablab', 'cdi'], school: 'college' },
  { text: 'avec des CM1-CM2', levels: ['elementaire'], audiences: ['eleves'], kinds: ['mediatheque', 'associatif'] },
  {
    text: 'en club du mercredi',
    levels: ['college', 'hors-temps-scolaire'],
    audiences: ['jeunes'],
    kinds: ['fablab', 'espace-jeunes', 'cdi'],
    school: 'college',
  },
  { text: 'avec des lycéens de seconde', levels: ['lycee'], audiences: ['eleves'], kinds: ['fablab', 'cdi'], school: 'lycee' },
  { text: 'avec les ados de la médiathèque', levels: ['hors-temps-scolaire'], audiences: ['jeunes'], kinds: ['mediatheque'] },
  {
    text: 'pendant les vacances scolaires',
    levels: ['hors-temps-scolaire'],
    audiences: ['jeunes', 'familles'],
    kinds: ['espace-jeunes', 'mediatheque', 'associatif'],
  },
  {
    text: 'avec un groupe d’adultes en formation',
    levels: ['adultes'],
    audiences: ['professionnels'],
    kinds: ['learning-lab', 'associatif'],
  },
  { text: 'en lycée professionnel', levels: ['lycee-pro'], audiences: ['eleves'], kinds: ['fablab'], school: 'lycee-pro' },
  { text: 'en atelier parents-enfants', levels: ['hors-temps-scolaire'], audiences: ['familles'], kinds: ['mediatheque', 'associatif'] },
  { text: 'en grande section de maternelle', levels: ['maternelle'], audiences: ['eleves'], kinds: ['mediatheque'] },
] as ReadonlyArray<{ text: string; levels: string[]; audiences: string[]; kinds: string[]; school?: string }>;

const CONTEXTS = [
  '{Lelieu} ouvre ses portes aux classes du secteur depuis deux ans ; l’équipe cherchait un projet court pour accueillir de nouveaux groupes.',
  '{Acommune}, le collège et la médiathèque partagent un fablab installé dans une ancienne salle de classe.',
  'Le projet est né d’une demande des élèves eux-mêmes, après une visite {dulieu} lors de la fête de la science.',
  'Nous voulions un projet qui mêle plusieurs disciplines et qui se termine par un objet que chacun peut emporter.',
  'L’enseignante de technologie et l’animateur {dulieu} ont construit la séquence ensemble pendant une journée de préparation.',
  'Le groupe se retrouve une heure et demie par semaine ; certains élèves n’avaient jamais utilisé d’outil numérique de fabrication.',
];
const GOALS = [
  '- Découvrir une démarche de projet, de l’idée à l’objet fini\n- Apprendre à utiliser les machines en sécurité\n- Documenter son travail pour que d’autres puissent le refaire',
  '- Travailler en équipe et se répartir les rôles\n- Mobiliser des notions vues en classe dans un projet concret\n- Présenter son travail à un public',
  '- Comprendre comment fonctionne un objet du quotidien\n- Oser se tromper, tester et recommencer\n- Partager le résultat sous licence libre',
];
const RESOURCES = [
  'Les fichiers sources sont joints à ce projet. Nous nous sommes appuyés sur la documentation officielle de {outil} et sur les fiches du réseau.',
  'Fiche de sécurité des machines {dulieu}, tutoriels vidéo de {outil}, et le guide « Accueillir une classe au fablab ».',
  'Tout le matériel pédagogique (fiches élèves, grille d’évaluation, diaporama) est sous licence CC BY-SA : servez-vous.',
];
const RESULTS = [
  'Tous les groupes sont allés au bout. Les élèves ont présenté leur travail aux familles lors de la porte ouverte {dulieu}.',
  'Le projet a donné envie à trois autres classes de venir au fablab ; deux élèves sont devenus référents de la machine.',
  'Les productions sont exposées au CDI. Les élèves ont particulièrement aimé la phase de test, où tout peut encore changer.',
];
const OTHERWISE = [
  'Prévoir une séance de plus pour la finition : on a manqué de temps à la fin.',
  'Faire tourner les rôles plus souvent, pour que chacun passe par la machine.',
  'Commencer par un objet plus simple pour les groupes qui découvrent l’outil.',
];
const STEP_EXTRAS = [
  'Compter une séance d’une heure et demie.',
  'Les élèves notent ce qu’ils ont fait dans leur carnet de bord.',
  'Astuce : préparer à l’avance des exemples réussis et ratés à montrer.',
  'On prend des photos à chaque étape pour la documentation.',
  'Les plus rapides aident les autres groupes.',
  'Prévoir un temps de rangement de dix minutes : le fablab doit être prêt pour le groupe suivant.',
  'Si un groupe bloque, on lui propose de regarder comment un autre groupe s’y est pris avant de l’aider directement.',
  'L’enseignant·e circule entre les groupes et note les difficultés rencontrées pour la séance suivante.',
  'Garder une version imprimée des consignes sur chaque table : tout le monde n’a pas le même rythme.',
  'Les erreurs sont gardées et affichées : elles servent autant que les réussites.',
  'À la fin de la séance, chaque groupe dit en une phrase ce qu’il a appris et ce qui l’a surpris.',
];

const GUIDES: Array<{ title: string; summary: string; intro: string; steps: Array<[string, string]>; skills: string[]; tools: string[] }> =
  [
    {
      title: 'Accueillir une classe au fablab',
      summary: 'Préparer la venue, organiser l’espace et la séance, garder une trace : la méthode des lieux du réseau.',
      intro:
        'Une classe de trente élèves dans un fablab de quarante mètres carrés, ça se prépare. Voici ce que les animateurs du réseau ont appris.',
      steps: [
        ['Avant la venue', 'Un échange avec l’enseignant·e pour caler les objectifs, le niveau et ce que les élèves savent déjà faire.'],
        ['Organiser l’espace', 'Des îlots de quatre, une zone machine délimitée au sol, un coin pour ranger les sacs.'],
        [
          'Pendant la séance',
          'Consignes de sécurité d’abord, puis démonstration courte, puis travail en groupes avec des rôles tournants.',
        ],
        ['Après la séance', 'Photos, fichiers et carnet de bord rejoignent la documentation du projet.'],
      ],
      skills: ['Accompagnement de classes', 'Accueil des publics'],
      tools: ['Nextcloud'],
    },
    {
      title: 'Règles de sécurité à la découpeuse laser',
      summary: 'Les consignes à afficher près de la machine et à rappeler à chaque séance.',
      intro: 'La découpe laser est sûre quand quelques règles sont respectées à chaque fois, sans exception.',
      steps: [
        ['Matériaux autorisés', 'Bois, carton, papier, acrylique coulé. Jamais de PVC ni de vinyle : leurs fumées sont toxiques.'],
        ['Pendant la découpe', 'Capot fermé, aspiration en marche, une personne reste devant la machine du début à la fin.'],
        ['En cas de flamme', 'Arrêter le laser, garder le capot fermé, utiliser l’extincteur CO2 si la flamme persiste.'],
      ],
      skills: ['Découpe laser'],
      tools: ['LaserGRBL', 'Inkscape'],
    },
    {
      title: 'Documenter un projet en trente minutes',
      summary: 'Une méthode simple pour écrire la documentation d’un atelier juste après l’avoir animé.',
      intro: 'Seuls 10 % des projets des fablabs sont documentés. Trente minutes après la séance suffisent, si l’on s’y prend ainsi.',
      steps: [
        ['Pendant l’atelier', 'Une photo par étape, prise par un élève désigné photographe.'],
        ['Juste après', 'Remplir le modèle de projet : contexte, objectifs, déroulé ; les ressources et les résultats peuvent attendre.'],
        ['Une semaine plus tard', 'Ajouter ce qu’on referait autrement, et publier sous licence libre.'],
      ],
      skills: ['Documentation'],
      tools: ['Etherpad'],
    },
    {
      title: 'Organiser un repair café',
      summary: 'Trouver les bénévoles, le lieu, l’assurance et les outils pour une première édition.',
      intro: 'Un repair café réunit des habitants qui apportent des objets en panne et des bénévoles qui les aident à les réparer.',
      steps: [
        ['Réunir une équipe', 'Trois à cinq bénévoles bricoleurs et une personne à l’accueil suffisent pour commencer.'],
        ['Choisir le lieu et la date', 'Un samedi matin, dans une salle avec des prises et des tables solides.'],
        ['S’équiper', 'Une caisse à outils commune, des multimètres, un fer à souder et des fiches de suivi.'],
      ],
      skills: ['Réparation', 'Animation de communauté'],
      tools: ['Framadate', 'Mobilizon'],
    },
    {
      title: 'Choisir les licences de ses documentations',
      summary: 'CC BY-SA, CC BY, CC0, Licence Ouverte : ce que chacune permet, et pourquoi le réseau conseille CC BY-SA.',
      intro:
        'Une documentation sans licence ne peut pas être reprise légalement. Choisir une licence libre, c’est permettre aux autres lieux de s’en servir.',
      steps: [
        ['CC BY-SA 4.0', 'Chacun peut reprendre et modifier, à condition de citer les auteurs et de partager sous la même licence.'],
        ['CC BY 4.0 et Licence Ouverte', 'Reprise libre en citant les auteurs, sans obligation de partager à l’identique.'],
        ['CC0', 'Aucune condition : l’œuvre rejoint le domaine public.'],
      ],
      skills: ['Propriété intellectuelle et licences libres'],
      tools: [],
    },
    {
      title: 'Monter une radio scolaire',
      summary: 'Matériel, organisation des rédactions, droits et diffusion : démarrer une webradio en collège.',
      intro:
        'La webradio est un excellent outil d’éducation aux médias : les élèves écrivent, enregistrent et publient pour un vrai public.',
      steps: [
        ['Le matériel minimum', 'Deux micros, une carte son, un ordinateur avec Audacity et des casques fermés.'],
        ['La rédaction', 'Une conférence de rédaction chaque semaine, des rubriques tenues par des équipes fixes.'],
        ['Les droits', 'Autorisations parentales pour la voix, musiques sous licence libre uniquement.'],
      ],
      skills: ['Son et podcast', 'Éducation aux médias'],
      tools: ['Audacity', 'OBS Studio'],
    },
    {
      title: 'Financer son tiers-lieu éducatif',
      summary: 'Appels à projets, collectivités, mécénat de compétences : les sources de financement que les lieux du réseau ont obtenues.',
      intro: 'Peu de tiers-lieux éducatifs vivent d’une seule source : voici comment les lieux du réseau combinent les leurs.',
      steps: [
        [
          'Les appels à projets',
          'Régions et État lancent des appels dédiés aux tiers-lieux ; préparer un dossier type fait gagner du temps.',
        ],
        ['Les collectivités', 'Commune et département financent souvent l’animation plus volontiers que les machines.'],
        ['Les partenaires', 'Entreprises locales, fondations et mécénat de compétences complètent le budget.'],
      ],
      skills: ['Recherche de financements', 'Modèle économique'],
      tools: ['LibreOffice'],
    },
    {
      title: 'Aménager un makerspace en médiathèque',
      summary: 'Où placer les machines, comment gérer le bruit et la poussière, quel mobilier choisir.',
      intro: 'Un makerspace en médiathèque doit cohabiter avec la lecture et le calme : l’aménagement fait la différence.',
      steps: [
        ['Situer l’espace', 'Près d’une fenêtre qui s’ouvre, loin des espaces de lecture silencieuse.'],
        ['Zoner', 'Une zone propre (ordinateurs, couture), une zone sale (ponçage, laser), une zone d’exposition.'],
        ['Équiper', 'Des tables hautes sur roulettes, des rangements étiquetés, un tableau des réservations.'],
      ],
      skills: ['Aménagement d’espace', 'Gestion de fablab'],
      tools: [],
    },
  ];

const fill = (text: string, vars: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');

interface Refs {
  authors: string[];
  /** Members who take part in each place: they write its projects. */
  authorsByPlace: Map<string, string[]>;
  places: Array<{ id: string; name: string; commune: string | null; regionCode: string | null; kind: string }>;
  skills: Map<string, string>;
  tools: Map<string, string>;
}

function buildProject(rng: Rng, refs: Refs, n: number) {
  const activity = ACTIVITIES[n % ACTIVITIES.length] as Activity;
  const round = Math.floor(n / ACTIVITIES.length);
  const audience = AUDIENCES[activity.audiences[round % 3] ?? 0] ?? AUDIENCES[0];
  if (!audience) {
    throw new Error('no audiences');
  }
  // A place of a fitting kind (a class project happens in a school's fablab or CDI, a family workshop in a library…).
  const fitting = refs.places.filter(
    (p) => audience.kinds.includes(p.kind) && (!audience.school || !schoolOf(p.name) || schoolOf(p.name)?.level === audience.school),
  );
  const place = pick(rng, fitting.length > 0 ? fitting : refs.places);
  const commune = place.commune ?? 'la commune';
  const le = articleFor(place.name);
  const vars = {
    lieu: place.name,
    Lelieu: `${le.charAt(0).toUpperCase()}${le.slice(1)}${place.name}`,
    dulieu: ofPlace(place.name),
    Acommune: `À${aName(commune).slice(1)}`,
    commune,
    outil: activity.tools[0] ?? 'l’outil',
  };
  const steps = activity.steps.map(([title, text]) => ({
    title,
    text: `${text}\n\n${pickSome(rng, STEP_EXTRAS, 2, 4).join(' ')}`,
    images: [],
  }));
  const content: DocumentContent = {
    ...emptyContent('project'),
    // Each activity is told once per group; past that (the benchmark's 20,000), the town tells them apart.
    title: `${activity.title} ${audience.text}${round >= 3 ? ` à ${place.commune ?? place.name}` : ''}`,
    summary: activity.summary,
    status: pick(rng, ['en-cours', 'termine', 'termine', 'termine', 'idee']),
    licence: pick(rng, ['CC-BY-SA-4.0', 'CC-BY-SA-4.0', 'CC-BY-SA-4.0', 'CC-BY-4.0', 'CC0-1.0', 'etalab-2.0', 'CC-BY-NC-SA-4.0']),
    sections: {
      contexte: pickSome(rng, CONTEXTS, 3, 5)
        .map((s) => fill(s, vars))
        .join(' '),
      objectifs: pick(rng, GOALS),
      ressources: pickSome(rng, RESOURCES, 1, 3)
        .map((r) => fill(r, vars))
        .join('\n\n'),
      resultats: pickSome(rng, RESULTS, 1, 3)
        .map((r) => fill(r, vars))
        .join(' '),
      autrement: pickSome(rng, OTHERWISE, 1, 2).join('\n\n'),
    },
    steps,
    levels: audience.levels,
    disciplines: activity.disciplines.slice(0, 1 + Math.floor(rng() * activity.disciplines.length)),
    audiences: audience.audiences,
    duration: pick(rng, ['4 séances de 1 h 30', '6 séances de 2 h', 'Une journée', '3 mercredis après-midi', '10 semaines']),
    groupSize: pick(rng, ['12 élèves', '24 élèves en demi-groupes', '8 jeunes', '15 participants']),
    materials: activity.materials,
    budget: activity.budget,
    placeIds: [place.id],
    skillIds: activity.skills.map((s) => refs.skills.get(s)).filter((id): id is string => !!id),
    toolIds: activity.tools.map((s) => refs.tools.get(s)).filter((id): id is string => !!id),
  };
  return { content, regionCodes: place.regionCode ? [place.regionCode] : [], placeId: place.id };
}

function buildGuide(rng: Rng, refs: Refs, n: number) {
  const g = GUIDES[n % GUIDES.length] as (typeof GUIDES)[number];
  const round = Math.floor(n / GUIDES.length);
  const place = pick(rng, refs.places);
  const content: DocumentContent = {
    ...emptyContent('guide'),
    title: round === 0 ? g.title : `${g.title} (retour d’expérience de ${place.commune ?? place.name})`,
    summary: g.summary,
    licence: 'CC-BY-SA-4.0',
    sections: {
      introduction: g.intro,
      prerequis: 'Aucun prérequis technique : ce guide s’adresse aux animateurs et enseignants qui débutent.',
      ressources: 'Les fiches à imprimer sont jointes. Ce guide est tenu à jour par les membres du réseau : améliorez-le.',
    },
    steps: g.steps.map(([title, text]) => ({ title, text, images: [] })),
    levels: [],
    audiences: ['enseignants', 'professionnels'],
    skillIds: g.skills.map((s) => refs.skills.get(s)).filter((id): id is string => !!id),
    toolIds: g.tools.map((s) => refs.tools.get(s)).filter((id): id is string => !!id),
  };
  return { content, regionCodes: [] as string[], placeId: null as string | null };
}

async function loadRefs(db: DbOrTx, authors: string[]): Promise<Refs> {
  const [places, skills, tools, affiliations] = await Promise.all([
    queryRows<{ id: string; name: string; commune: string | null; regionCode: string | null; kind: string }>(
      db,
      sql`select id, name, commune, region_code as "regionCode", kinds[1] as kind from places where status = 'published' order by published_at limit 3000`,
    ),
    queryRows<{ id: string; name: string }>(db, sql`select id, name from skills where status = 'accepted'`),
    queryRows<{ id: string; name: string }>(db, sql`select id, name from tools`),
    queryRows<{ placeId: string; userId: string }>(
      db,
      sql`select place_id as "placeId", user_id as "userId" from place_affiliations where role in ('fabmanager', 'animation', 'enseignement')`,
    ),
  ]);
  const authorsByPlace = new Map<string, string[]>();
  for (const a of affiliations) {
    authorsByPlace.set(a.placeId, [...(authorsByPlace.get(a.placeId) ?? []), a.userId]);
  }
  return {
    authors,
    authorsByPlace,
    places,
    skills: new Map(skills.map((s) => [s.name, s.id])),
    tools: new Map(tools.map((t) => [t.name, t.id])),
  };
}

const BATCH = 250;

/**
 * Insert `projects` projects and `guides` guides written by the given members, published over
 * the last two years; about one project in five has a second revision, one in twenty is an
 * adaptation of an earlier one. Guides are gathered in a few collections.
 */
export async function seedDocuments(deps: Deps, rng: Rng, authors: string[], counts: { projects: number; guides: number }) {
  const refs = await loadRefs(deps.db, authors);
  if (refs.places.length === 0 || authors.length === 0) {
    return { projects: 0, guides: 0 };
  }
  const taken = await queryRows<{ kind: DocumentKind; slug: string }>(deps.db, sql`select kind, slug from documents`);
  const slugs = { project: new Set<string>(['nouveau', 'collections']), guide: new Set<string>(['nouveau', 'collections']) };
  for (const t of taken) {
    slugs[t.kind].add(t.slug);
  }
  const now = Date.now();
  const specs: Array<{ kind: DocumentKind; n: number }> = [
    ...Array.from({ length: counts.guides }, (_, n) => ({ kind: 'guide' as const, n })),
    ...Array.from({ length: counts.projects }, (_, n) => ({ kind: 'project' as const, n })),
  ];
  const projectIds: string[] = [];
  const guideIds: string[] = [];
  await deps.db.transaction(async (tx) => {
    for (let i = 0; i < specs.length; i += BATCH) {
      const batch = specs.slice(i, i + BATCH);
      const built = await Promise.all(
        batch.map(async ({ kind, n }, j) => {
          const { content, regionCodes, placeId } = kind === 'project' ? buildProject(rng, refs, n) : buildGuide(rng, refs, n);
          const base = slugify(content.title, 70);
          let slug = base;
          for (let k = 2; slugs[kind].has(slug); k++) {
            slug = `${base}-${k}`;
          }
          slugs[kind].add(slug);
          const placeAuthors = placeId ? refs.authorsByPlace.get(placeId) : undefined;
          const author = pick(rng, placeAuthors && placeAuthors.length > 0 ? placeAuthors : authors);
          const created = new Date(now - (specs.length - i - j) * 40_000 - rng() * 86_400_000);
          const twoRevisions = rng() < 0.2;
          const adaptedFromId = kind === 'project' && projectIds.length > 10 && rng() < 0.05 ? pick(rng, projectIds) : null;
          return {
            kind,
            content,
            regionCodes,
            slug,
            author,
            created,
            twoRevisions,
            adaptedFromId,
            rendered: await renderContent(kind, content),
          };
        }),
      );
      const rows = await tx
        .insert(documents)
        .values(
          built.map((b) => ({
            kind: b.kind,
            slug: b.slug,
            title: b.content.title,
            summary: b.content.summary,
            status: b.content.status,
            licence: b.content.licence,
            levels: b.content.levels,
            disciplines: b.content.disciplines,
            audiences: b.content.audiences,
            regionCodes: b.regionCodes,
            content: b.content,
            rendered: b.rendered,
            bodyText: bodyTextOf(b.kind, b.content),
            revision: b.twoRevisions ? 2 : 1,
            adaptedFromId: b.adaptedFromId,
            createdBy: b.author,
            publishedAt: b.created,
            createdAt: b.created,
            updatedAt: b.created,
          })),
        )
        .returning({ id: documents.id });
      const withIds = built.map((b, k) => ({ ...b, id: rows[k]?.id ?? '' }));
      for (const b of withIds) {
        (b.kind === 'project' ? projectIds : guideIds).push(b.id);
      }
      await tx.insert(documentRevisions).values(
        withIds.flatMap((b) => {
          const { autrement: _later, ...earlier } = b.content.sections;
          const first = {
            documentId: b.id,
            number: 1,
            authorId: b.author,
            summary: '',
            content: b.twoRevisions ? { ...b.content, sections: earlier } : b.content,
            createdAt: b.created,
          };
          return b.twoRevisions
            ? [
                first,
                {
                  documentId: b.id,
                  number: 2,
                  authorId: pick(rng, authors),
                  summary: 'Ajout de « Ce qu’on referait autrement »',
                  content: b.content,
                  createdAt: b.created,
                },
              ]
            : [first];
        }),
      );
      await tx
        .insert(documentMembers)
        .values(withIds.map((b) => ({ documentId: b.id, userId: b.author })))
        .onConflictDoNothing();
      const links = withIds.flatMap((b) => [
        ...b.content.placeIds.map((id) => ({ documentId: b.id, targetType: 'place' as const, targetId: id })),
        ...b.content.skillIds.map((id) => ({ documentId: b.id, targetType: 'skill' as const, targetId: id })),
        ...b.content.toolIds.map((id) => ({ documentId: b.id, targetType: 'tool' as const, targetId: id })),
      ]);
      if (links.length > 0) {
        await tx.insert(documentLinks).values(links).onConflictDoNothing();
      }
    }
    // Collections: the guides, by theme.
    for (const [title, description, picks] of [
      ['Démarrer un tiers-lieu éducatif', 'Les guides à lire avant d’ouvrir : aménager, financer, accueillir.', [7, 6, 0]],
      ['Animer en sécurité et documenter', 'Les règles et les habitudes qui rendent un atelier sûr et reproductible.', [1, 2, 4]],
    ] as const) {
      const [collection] = await tx
        .insert(collections)
        .values({ slug: slugify(title, 70), title, description, createdBy: pick(rng, authors) })
        .onConflictDoNothing()
        .returning({ id: collections.id });
      const ids = picks.map((p) => guideIds[p]).filter((id): id is string => !!id);
      if (collection && ids.length > 0) {
        await tx
          .insert(collectionDocuments)
          .values(ids.map((documentId, position) => ({ collectionId: collection.id, documentId, position: position + 1 })));
      }
    }
    await indexWordsFromTable(tx, 'documents', "title || ' ' || summary || ' ' || left(body_text, 20000)");
  });
  return { projects: projectIds.length, guides: guideIds.length };
}
