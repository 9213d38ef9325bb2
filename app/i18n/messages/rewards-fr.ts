import type { rewardsEn } from "~/i18n/messages/rewards-en";
import type { PluralMessage } from "~/i18n/messages/types";

type RewardsDictionary = {
  [K in keyof typeof rewardsEn]: (typeof rewardsEn)[K] extends string
    ? string
    : PluralMessage;
};

/** The rewards pages in French (see rewards-en.ts). */
export const rewardsFr: RewardsDictionary = {
  "nav.rewards": "Récompenses",

  "rewards.title": "Récompenses",
  "rewards.create": "Créer une récompense",
  "rewards.resource.singular": "récompense",
  "rewards.resource.plural": "récompenses",
  "rewards.column.name": "Récompense",
  "rewards.column.type": "Type de récompense",
  "rewards.column.cost": "Coût",
  "rewards.column.stock": "Restantes",
  "rewards.column.status": "Statut",
  "rewards.column.redemptions": "Échanges",
  "rewards.cost.slider": "{points} pour {value}",
  "rewards.stock.unlimited": "Illimité",
  "rewards.stock.soldOut": "Épuisée",
  "rewards.stock.remaining": "{remaining} sur {total}",
  "rewards.status.active": "Activée",
  "rewards.status.inactive": "Désactivée",
  "rewards.status.archived": "Archivée",
  "rewards.empty.heading": "Aucune récompense pour le moment",
  "rewards.empty.body":
    "Créez la première récompense que vos clients pourront obtenir avec leurs points.",
  "rewards.showArchived": "Afficher les récompenses archivées",
  "rewards.hideArchived": "Masquer les récompenses archivées",
  "rewards.untitled": "Récompense sans nom",

  "reward.type.percentage_off": "Pourcentage de réduction sur la commande",
  "reward.type.fixed_amount_off": "Montant fixe de réduction sur la commande",
  "reward.type.free_shipping": "Livraison gratuite",
  "reward.type.free_product": "Produit offert",
  "reward.type.buy_x_get_y": "Achetez X, obtenez Y",
  "reward.type.gift_card": "Carte-cadeau",
  "reward.type.code_pool": "Code issu d’une liste importée",
  "reward.type.points_slider": "Curseur de points (réduction variable)",

  "rewardForm.newTitle": "Nouvelle récompense",
  "rewardForm.editTitle": "Modifier la récompense",
  "rewardForm.save": "Enregistrer",
  "rewardForm.saved": "Récompense enregistrée",
  "rewardForm.errorsBanner":
    "La récompense n’a pas été enregistrée. Corrigez les champs signalés ci-dessous.",
  "rewardForm.type.title": "Type de récompense",
  "rewardForm.type.label": "Choix du type",
  "rewardForm.type.locked":
    "Le type ne peut plus être modifié une fois la récompense créée. Créez plutôt une autre récompense.",
  "rewardForm.shopper.title": "Ce que voient les clients",
  "rewardForm.shopper.help":
    "Remplissez au moins une langue ; les clients qui naviguent dans l’autre langue verront celle-ci à la place.",
  "rewardForm.nameEn": "Nom (anglais)",
  "rewardForm.nameFr": "Nom (français)",
  "rewardForm.descriptionEn": "Description (anglais)",
  "rewardForm.descriptionFr": "Description (français)",
  "rewardForm.imageEn": "URL de l’image (anglais)",
  "rewardForm.imageFr": "URL de l’image (français)",
  "rewardForm.imageHelp":
    "Une adresse https://, par exemple depuis Contenu › Fichiers dans votre interface Shopify.",
  "rewardForm.value.title": "Valeur",
  "rewardForm.pointsCost": "Coût en points",
  "rewardForm.percentage": "Pourcentage de réduction",
  "rewardForm.amount": "Montant de la réduction",
  "rewardForm.giftCardAmount": "Valeur de la carte-cadeau",
  "rewardForm.maxShippingRate": "Frais d’expédition maximum",
  "rewardForm.maxShippingRateHelp":
    "Seuls les tarifs d’expédition jusqu’à ce prix deviennent gratuits. Laissez vide pour tous les tarifs.",
  "rewardForm.productId": "Produit",
  "rewardForm.variantId": "Variante (facultatif)",
  "rewardForm.idHelp":
    "ID du produit, ID gid://shopify/… ou URL du produit dans l’interface Shopify.",
  "rewardForm.maxDiscountAmount":
    "Réduction maximale (en général le prix du produit)",
  "rewardForm.maxDiscountAmountHelp":
    "Sans elle, un client qui ajoute plusieurs exemplaires les obtient tous gratuitement.",
  "rewardForm.buys.title": "Le client achète",
  "rewardForm.gets.title": "Le client obtient",
  "rewardForm.itemsKind": "Articles",
  "rewardForm.itemsKind.products": "Produits ou variantes spécifiques",
  "rewardForm.itemsKind.collections": "Collections spécifiques",
  "rewardForm.ids": "Identifiants",
  "rewardForm.idsHelp":
    "Un par ligne : un ID, un ID gid://shopify/… ou une URL de l’interface Shopify.",
  "rewardForm.buysQuantity": "Quantité minimale",
  "rewardForm.buysAmount": "Ou montant minimal",
  "rewardForm.getsQuantity": "Quantité",
  "rewardForm.getsPercentage": "Réduction sur ces articles (%)",
  "rewardForm.getsPercentageHelp": "100 les rend gratuits.",
  "rewardForm.usesPerOrderLimit": "Nombre maximal d’utilisations par commande",
  "rewardForm.poolHelp":
    "Chaque échange donne un code tiré des listes que vous importez sur la page des codes de la récompense.",
  "rewardForm.pointsStep": "Points par palier",
  "rewardForm.valuePerStep": "Réduction par palier",
  "rewardForm.minPoints": "Points minimum",
  "rewardForm.maxPoints": "Points maximum",
  "rewardForm.sliderHelp":
    "Les clients choisissent combien de points dépenser, par paliers, entre le minimum et le maximum.",
  "rewardForm.appliesTo.title": "S’applique à",
  "rewardForm.appliesTo.all": "Toute la commande",
  "rewardForm.appliesTo.products": "Produits ou variantes spécifiques",
  "rewardForm.appliesTo.collections": "Collections spécifiques",
  "rewardForm.conditions.title": "Conditions d’utilisation",
  "rewardForm.minimumSubtotal": "Sous-total minimum de la commande",
  "rewardForm.minimumSubtotalHelp": "Laissez vide pour aucun minimum.",
  "rewardForm.combinesWith": "Cumulable avec",
  "rewardForm.combinesOrder": "D’autres réductions sur la commande",
  "rewardForm.combinesProduct": "Les réductions sur les produits",
  "rewardForm.combinesShipping": "Les réductions sur l’expédition",
  "rewardForm.codes.title": "Codes et limites",
  "rewardForm.codeValidityDays": "Durée de validité du code (jours)",
  "rewardForm.codeValidityDaysHelp":
    "Laissez vide : le code reste valable jusqu’à son utilisation.",
  "rewardForm.refundPointsOnExpiry":
    "Rendre les points quand un code expire sans avoir été utilisé",
  "rewardForm.limitPerCustomer": "Limite par client",
  "rewardForm.limitPerCustomerHelp":
    "Laissez vide pour ne fixer aucune limite.",
  "rewardForm.stock": "Stock disponible",
  "rewardForm.stockHelp":
    "Nombre total de fois où cette récompense peut être obtenue. Laissez vide pour un stock illimité.",
  "rewardForm.tiers.title": "Niveaux VIP",
  "rewardForm.tiers.none":
    "Vous n’avez pas encore de niveau VIP : tous les membres voient cette récompense.",
  "rewardForm.tiers.visibility": "Qui voit cette récompense",
  "rewardForm.tiers.everyone": "Tous les membres",
  "rewardForm.tiers.some": "Seulement les membres des niveaux ci-dessous",
  "rewardForm.tiers.visible": "Visible par les membres du niveau {tier}",
  "rewardForm.tiers.cost": "Coût en points pour le niveau {tier}",
  "rewardForm.tiers.costHelp":
    "Laissez vide pour appliquer le coût par défaut.",
  "rewardForm.active": "Active : les clients peuvent obtenir cette récompense",

  "rewardPage.archive": "Archiver",
  "rewardPage.archiveConfirm":
    "Archiver cette récompense ? Les clients ne la verront plus. Les codes déjà attribués restent valables.",
  "rewardPage.delete": "Supprimer",
  "rewardPage.deleteConfirm":
    "Supprimer cette récompense ? Cette action est irréversible.",
  "rewardPage.restore": "Restaurer",
  "rewardPage.archivedBanner":
    "Cette récompense est archivée : les clients ne la voient pas. Restaurez-la pour la proposer à nouveau.",
  "rewardPage.snapshotNote":
    "Les modifications ne s’appliquent qu’aux prochains échanges. Les codes déjà attribués gardent leurs conditions d’origine.",
  "rewardPage.codes": "Gérer les codes",
  "rewardPage.notFound.heading": "Récompense introuvable",
  "rewardPage.notFound.body":
    "Cette récompense n’existe pas ou a été supprimée.",

  "codes.title": "Codes de {reward}",
  "codes.soldOut":
    "Plus aucun code disponible : les clients voient cette récompense comme épuisée jusqu’à ce que vous en importiez d’autres.",
  "codes.upload.title": "Importer des codes",
  "codes.upload.help":
    "Fichiers CSV ou texte avec un code par ligne. Une ligne d’en-tête, les lignes vides, les guillemets et les séparateurs en fin de ligne sont ignorés. Si un fichier contient une erreur, aucun de ses codes n’est importé : corrigez les lignes indiquées et importez-le à nouveau.",
  "codes.upload.label": "Fichiers à importer",
  "codes.upload.submit": "Importer",
  "codes.upload.noFile": "Choisissez au moins un fichier.",
  "codes.upload.imported": {
    one: "{count} code importé depuis {file}.",
    other: "{count} codes importés depuis {file}.",
  },
  "codes.upload.rejected":
    "{file} : rien n’a été importé. Corrigez ces lignes et importez à nouveau le fichier :",
  "codes.upload.tooLarge": "{file} dépasse 5 Mo.",
  "codes.upload.empty": "{file} ne contient aucun code.",
  "codes.error.duplicate_in_file":
    "Ligne {line} : {code} figure déjà à la ligne {firstLine}.",
  "codes.error.already_imported":
    "Ligne {line} : {code} figure déjà dans vos listes de codes.",
  "codes.error.too_long": "Ligne {line} : le code dépasse 255 caractères.",
  "codes.error.contains_space": "Ligne {line} : {code} contient une espace.",
  "codes.error.control_character":
    "Ligne {line} : le code contient un caractère invisible.",
  "codes.error.several_values":
    "Ligne {line} : plusieurs valeurs sur la même ligne.",
  "codes.error.unclosed_quote":
    "Ligne {line} : un guillemet est ouvert mais jamais fermé.",
  "codes.error.more": {
    one: "… et {count} autre ligne.",
    other: "… et {count} autres lignes.",
  },
  "codes.files.title": "Fichiers importés",
  "codes.files.empty": "Aucun fichier importé pour le moment.",
  "codes.files.column.file": "Fichier",
  "codes.files.column.imported": "Importé le",
  "codes.files.column.total": "Nombre total",
  "codes.files.column.assigned": "Attribués",
  "codes.files.column.remaining": "Restants",
  "codes.files.resource.singular": "fichier",
  "codes.files.resource.plural": "fichiers",
  "codes.deleteFile": "Supprimer les codes inutilisés",
  "codes.deleteFileConfirm":
    "Supprimer les codes inutilisés de {file} ? Les codes déjà attribués à des clients sont conservés.",
  "codes.deleteAll": "Supprimer tous les codes inutilisés",
  "codes.deleteAllConfirm":
    "Supprimer tous les codes inutilisés de cette récompense ? Les codes déjà attribués à des clients sont conservés.",
  "codes.deleted": {
    one: "{count} code inutilisé supprimé.",
    other: "{count} codes inutilisés supprimés.",
  },
  "codes.notPool": "Cette récompense n’utilise pas de codes importés.",

  "member.adjust.title": "Ajuster les points",
  "member.adjust.direction": "Opération",
  "member.adjust.add": "Ajouter des points",
  "member.adjust.deduct": "Retirer des points",
  "member.adjust.points": "Nombre de points",
  "member.adjust.description": "Motif",
  "member.adjust.descriptionHelp": "Le client voit ce motif dans son compte.",
  "member.adjust.submit": "Ajuster",
  "member.adjust.deductConfirm": "Retirer {points} à ce membre\u00a0?",
  "member.adjust.done": "Solde mis à jour.",
  "member.adjust.insufficient":
    "Le membre n’a que {balance} : un retrait ne peut pas rendre le solde négatif.",
  "adjustment.points.invalid":
    "Saisissez un nombre entier de points, au moins 1.",
  "adjustment.description.required": "Saisissez un motif, que le client verra.",
  "adjustment.description.tooLong":
    "Le motif est trop long (255 caractères au maximum).",
  "adjustment.direction.invalid":
    "Indiquez s’il faut ajouter ou retirer des points.",
  "adjustment.key.invalid":
    "Ce formulaire a expiré. Rechargez la page et réessayez.",

  "member.gift.title": "Offrir une récompense",
  "member.gift.help":
    "Une récompense offerte ici ne coûte aucun point au membre et n’envoie pas d’e-mail « récompense débloquée ».",
  "member.gift.reward": "Récompense à offrir",
  "member.gift.choose": "Choisissez une récompense",
  "member.gift.submit": "Offrir la récompense",
  "member.gift.oneOff": "Créer une récompense ponctuelle",
  "member.gift.none": "Vous n’avez pas encore de récompense active.",
  "member.gift.done":
    "Récompense offerte. Le code est en cours de création chez Shopify.",
  "member.gift.failed": "La récompense n’a pas pu être offerte : {reason}",
  "member.gift.unknownReward": "Choisissez l’une de vos récompenses.",
  "member.gift.pageTitle": "Récompense ponctuelle pour {member}",
  "member.gift.pageHelp":
    "Cette récompense est offerte à ce membre uniquement ; elle n’apparaît jamais dans votre liste de récompenses.",
  "member.rewards.title": "Récompenses obtenues",
  "member.rewards.empty":
    "Aucune récompense obtenue ou offerte pour le moment.",
  "member.rewards.gift": "Cadeau",
  "member.rewards.redeemed": "Échangée",
  "member.rewards.code": "Code de réduction {code}",
  "member.rewards.status.pending": "Code en cours de création",
  "member.rewards.status.active": "Prêt à être utilisé",
  "member.rewards.status.used": "Utilisé",
  "member.rewards.status.expired": "Expiré",
  "member.rewards.status.cancelled": "Annulé",
  "member.rewards.points": "{points} dépensés",
  "member.gift.failure.unknown_reward":
    "cette récompense n’est plus disponible.",
  "member.gift.failure.sold_out": "cette récompense est épuisée.",
  "member.gift.failure.invalid": "cette récompense n’est pas valide.",
  "member.gift.failure.invalid_amount":
    "choisissez entre {min} et {max} points, par paliers de {step}.",
  "member.gift.points": "Valeur du cadeau en points",
  "member.gift.pointsHelpOneOff":
    "Entre le minimum et le maximum du curseur, par paliers entiers. Le membre conserve ses points.",
  "member.gift.pointsHelp":
    "Entre {min} et {max} points, par paliers de {step}. Le membre conserve ses points.",
};
