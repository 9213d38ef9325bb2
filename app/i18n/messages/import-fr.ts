import { type importEn } from "~/i18n/messages/import-en";
import type { PluralMessage } from "~/i18n/messages/types";

/** Membres → Importer des soldes (ADR 0017), en français : les clés de import-en.ts. */
export const importFr: {
  [K in keyof typeof importEn]: (typeof importEn)[K] extends string
    ? string
    : PluralMessage;
} = {
  "ledger.kind.import": "Importé d’une autre application",
  "members.importBalances": "Importer des soldes",

  "import.title": "Importer des soldes",
  "import.intro":
    "Reprenez les points de vos membres depuis une autre application de fidélité. Le solde de chaque membre devient le chiffre du fichier ; importer à nouveau le même fichier ne change rien.",
  "import.columns":
    "Colonnes : identifiant client ou adresse e-mail, points et, au choix, anniversaire (AAAA-MM-JJ) et niveau VIP. Les exports de Smile.io et de LoyaltyLion (CSV, ou le fichier JSON Lines de son API) sont acceptés tels quels.",
  "import.file.label": "Fichier CSV",
  "import.file.action": "Ajouter un fichier",
  "import.file.hint": "ou déposez un fichier CSV ici (10 Mo au plus)",
  "import.file.chosen": "Fichier choisi : {file}",
  "import.check": "Vérifier le fichier",
  "import.apply": "Appliquer l’import",
  "import.applyConfirm.title": "Appliquer l’import ?",
  "import.applyConfirm.body":
    "Les soldes indiqués comme nouveaux membres et changements de solde prennent la valeur du fichier. Chaque changement est inscrit dans l’historique des membres.",
  "import.cancel": "Annuler",
  "import.preview.title": "Simulation : {file}",
  "import.preview.help":
    "Rien n’a encore changé. Vérifiez ce que fera chaque ligne, puis appliquez l’import.",
  "import.format.ours": "Format : export de cette application",
  "import.format.smile": "Format : export Smile.io",
  "import.format.loyaltylion": "Format : export LoyaltyLion",
  "import.format.other": "Format : CSV aux colonnes reconnues",
  "import.totals.newMembers": {
    one: "{count} nouveau membre",
    other: "{count} nouveaux membres",
  },
  "import.totals.balanceChanges": {
    one: "{count} changement de solde",
    other: "{count} changements de solde",
  },
  "import.totals.unchanged": {
    one: "{count} solde déjà juste",
    other: "{count} soldes déjà justes",
  },
  "import.totals.alreadyImported": {
    one: "{count} ligne déjà importée",
    other: "{count} lignes déjà importées",
  },
  "import.totals.unknownCustomers": {
    one: "{count} client inconnu",
    other: "{count} clients inconnus",
  },
  "import.totals.invalid": {
    one: "{count} ligne avec une valeur incorrecte",
    other: "{count} lignes avec une valeur incorrecte",
  },
  "import.totals.points": "Variation nette : {points}",
  "import.hiddenRows": {
    one: "{count} autre ligne, non listée",
    other: "{count} autres lignes, non listées",
  },
  "import.column.line": "Ligne",
  "import.column.customer": "Client",
  "import.column.outcome": "Ce qui se passera",
  "import.column.before": "Solde actuel",
  "import.column.after": "Solde après",
  "import.column.change": "Variation",
  "import.outcome.new_member": "Nouveau membre",
  "import.outcome.balance_change": "Changement de solde",
  "import.outcome.unchanged": "Aucun changement",
  "import.outcome.already_imported": "Déjà importée",
  "import.outcome.unknown_customer": "Client inconnu",
  "import.outcome.invalid": "Valeur incorrecte",
  "import.invalid.missing_customer": "Ni identifiant client ni adresse e-mail",
  "import.invalid.bad_customer_id":
    "Ce n’est pas un identifiant client Shopify : « {value} »",
  "import.invalid.bad_email": "Ce n’est pas une adresse e-mail : « {value} »",
  "import.invalid.bad_points":
    "Les points doivent être un nombre entier, 0 ou plus : « {value} »",
  "import.invalid.bad_birthday":
    "L’anniversaire s’écrit AAAA-MM-JJ ou MM-JJ : « {value} »",
  "import.invalid.duplicate_customer":
    "Client déjà présent ligne {firstLine} : « {value} »",
  "import.unknownTier": "Niveau VIP « {tier} » introuvable : importé sans lui",
  "import.error.noFile": "Choisissez un fichier CSV à importer.",
  "import.error.tooLarge":
    "Ce fichier dépasse 10 Mo. Découpez-le en fichiers plus petits et importez-les un par un.",
  "import.error.empty": "Ce fichier est vide.",
  "import.error.no_points_column":
    "Aucune colonne de points trouvée. Nommez-la « points » (ou « Points balance », « Points approved »).",
  "import.error.no_customer_column":
    "Aucune colonne client trouvée. Ajoutez « customer_id » ou « email ».",
  "import.error.unreadable": "Ce fichier n’est pas un CSV lisible.",
  "import.error.unreadableAt":
    "Ce fichier n’est pas un CSV lisible (un guillemet n’est pas fermé ; voir la ligne {line}).",
  "import.error.lookupFailed":
    "Shopify n’a pas pu être joint pour retrouver les clients. Réessayez dans un instant.",
  "import.error.notFound":
    "Vérifiez à nouveau le fichier avant de l’appliquer.",
  "import.error.alreadyApplied":
    "Ce fichier a déjà été importé : rien n’a changé.",
  "import.applied.title": "Soldes importés",
  "import.applied.toast": "Soldes importés",
};
