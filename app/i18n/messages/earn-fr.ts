import { type earnEn } from "~/i18n/messages/earn-en";

/** Les pages « Gagner des points », en français : exactement les clés de earn-en.ts. */
export const earnFr: Record<keyof typeof earnEn, string> = {
  "nav.earn": "Gagner des points",
  "ledger.kind.earning_award": "Gagnés hors commande",

  "earn.title": "Gagner des points",
  "earn.subtitle":
    "Comment vos clients gagnent des points. Modifier ou supprimer une façon de gagner ne change jamais les points déjà attribués.",
  "earn.add": "Ajouter une façon de gagner",
  "earn.add.title": "Choisissez une façon de gagner",
  "earn.column.name": "Façon de gagner",
  "earn.column.type": "Catégorie",
  "earn.column.points": "Points attribués",
  "earn.column.status": "Statut",
  "earn.status.on": "Activée",
  "earn.status.off": "Désactivée",
  "earn.honourBased": "Sur l’honneur",
  "earn.honourBased.help":
    "Rien ne prouve que le client a suivi ou partagé\u00a0: les points sont accordés sur sa parole.",
  "earn.action.edit": "Modifier",
  "earn.action.switchOn": "Activer",
  "earn.action.switchOff": "Désactiver",
  "earn.action.delete": "Supprimer",
  "earn.delete.confirm":
    "Supprimer «\u00a0{name}\u00a0»\u00a0? Les points déjà attribués sont conservés.",
  "earn.points.order": "{points} par tranche de {amount}",
  "earn.points.timing.paid": "au paiement",
  "earn.points.timing.fulfilled": "à l’expédition",
  "earn.conflict":
    "Ces façons de gagner actives récompensent le même événement, seule la première attribue des points\u00a0: {names}.",
  "earn.empty.heading": "Aucune façon de gagner des points",
  "earn.empty.body":
    "Ajoutez la première façon dont vos clients peuvent gagner des points.",
  "earn.campaigns": "Campagnes",
  "earn.moderation": "Contenus à modérer ({count})",
  "earn.apiKey": "Clé d’API",

  "earn.type.place_order": "Passer une commande",
  "earn.type.create_account": "Créer un compte",
  "earn.type.birthday": "Anniversaire",
  "earn.type.newsletter_signup": "Inscription à la newsletter",
  "earn.type.social": "Suivre ou partager sur les réseaux sociaux",
  "earn.type.content_mission": "Mission de contenu",
  "earn.type.product_review": "Avis sur un produit",
  "earn.type.custom_action": "Action personnalisée (API)",

  "earn.editor.new": "Ajouter\u00a0: {type}",
  "earn.editor.edit": "Modifier\u00a0: {name}",
  "earn.invalid": "Vérifiez les champs signalés.",
  "earn.save": "Enregistrer",
  "earn.field.name": "Nom",
  "earn.field.nameHelp":
    "Laissez vide pour afficher le type de cette façon de gagner, dans la langue de chaque client.",
  "earn.field.nameFr": "Nom pour les clients francophones",
  "earn.field.nameEn": "Nom pour les clients anglophones",
  "earn.field.nameLanguageHelp":
    "Facultatif. Vide : les clients lisent le nom dans la langue principale de la boutique, sinon le nom ci-dessus.",
  "earn.field.points": "Points par attribution",
  "earn.field.enabled": "Activée",
  "earn.field.earnPoints": "Points gagnés",
  "earn.field.earnPerAmount":
    "Par tranche de (unités entières de la devise de la boutique)",
  "earn.field.rounding": "Arrondi",
  "earn.rounding.down": "À l’inférieur",
  "earn.rounding.nearest": "Au plus proche",
  "earn.rounding.up": "Au supérieur",
  "earn.field.earnOnShipping": "Les frais d’expédition rapportent des points",
  "earn.field.earnOnTaxes": "Les taxes rapportent des points",
  "earn.field.earnBeforeDiscounts": "Calculer sur les prix avant réductions",
  "earn.field.earnOnGiftCards": "L’achat de cartes-cadeaux rapporte des points",
  "earn.field.minimumSubtotal":
    "Sous-total minimum de la commande (vide\u00a0: aucun)",
  "earn.field.excludedProducts":
    "Produits exclus (identifiants séparés par des virgules)",
  "earn.field.excludedCollections":
    "Collections exclues (identifiants séparés par des virgules)",
  "earn.field.excludedTags":
    "Balises de produit exclues (séparées par des virgules)",
  "earn.field.bonusProducts":
    "Produits avec bonus (identifiants séparés par des virgules)",
  "earn.field.bonusCollections":
    "Collections avec bonus (identifiants séparés par des virgules)",
  "earn.field.bonusPoints":
    "Points bonus par article (vide\u00a0: aucun bonus)",
  "earn.section.exclusions": "Ce qui ne rapporte pas de points",
  "earn.section.bonus": "Points fixes par article",
  "earn.field.timing": "Quand les points sont attribués",
  "earn.timing.paid": "Au paiement de la commande",
  "earn.timing.fulfilled": "À l’expédition de la commande",
  "earn.timing.after_payment": "Après un délai suivant le paiement",
  "earn.timing.pendingHelp":
    "D’ici là, les points apparaissent en attente\u00a0: visibles, mais pas encore utilisables. Un remboursement ou une annulation avant cette date les annule.",
  "earn.field.delay": "Délai",
  "earn.field.delayUnit": "Unité",
  "earn.unit.hours": "heures",
  "earn.unit.days": "jours",
  "earn.field.network": "Réseau",
  "earn.field.socialAction": "Ce que fait le client",
  "earn.social.follow": "Suivre",
  "earn.social.share": "Partager",
  "earn.field.url": "Adresse du profil ou de la page",
  "earn.field.instructions": "Consignes pour les clients",
  "earn.field.submission": "Ce que les clients envoient",
  "earn.submission.photo_link": "Un lien vers une photo",
  "earn.submission.text": "Un texte",
  "earn.submission.url": "Une adresse web",
  "earn.field.actionKey": "Clé d’action (envoyée par votre automatisation)",
  "earn.limits": "Limites",
  "earn.limits.help":
    "Nombre maximal d’attributions par client et par période (vide\u00a0: sans limite).",
  "earn.limits.day": "Par jour",
  "earn.limits.week": "Par semaine",
  "earn.limits.month": "Par mois",
  "earn.limits.lifetime": "Au total",

  "earn.campaigns.title": "Campagnes",
  "earn.campaigns.help":
    "Multipliez les points pendant une période, par exemple des points doublés ce week-end. Si des campagnes se chevauchent, le multiplicateur le plus élevé l’emporte.",
  "earn.campaigns.name": "Nom de la campagne",
  "earn.campaigns.multiplier": "Multiplicateur",
  "earn.campaigns.startsAt": "Début",
  "earn.campaigns.endsAt": "Fin",
  "earn.campaigns.appliesTo": "S’applique à",
  "earn.campaigns.allRules": "Toutes les façons de gagner",
  "earn.campaigns.someRules":
    "Seulement les façons de gagner cochées ci-dessous",
  "earn.campaigns.create": "Créer la campagne",
  "earn.campaigns.empty": "Aucune campagne pour le moment.",
  "earn.campaigns.times": "×\u00a0{multiplier}",
  "earn.campaigns.running": "En cours",
  "earn.campaigns.scheduled": "Programmée",
  "earn.campaigns.ended": "Terminée",
  "earn.campaigns.period": "Du {start} au {end}",

  "earn.moderation.title": "Contenus à modérer",
  "earn.moderation.empty": "Rien à modérer.",
  "earn.moderation.customer": "Client",
  "earn.moderation.content": "Contenu envoyé",
  "earn.moderation.mission": "Mission de contenu",
  "earn.moderation.submittedAt": "Envoyé le",
  "earn.moderation.approve": "Approuver",
  "earn.moderation.reject": "Refuser",
  "earn.moderation.message": "Message au client (facultatif)",
  "earn.moderation.approved": "Approuvé\u00a0: points attribués.",
  "earn.moderation.rejected": "Refusé.",
  "earn.moderation.limit": "Ce client a atteint la limite de cette mission.",
  "earn.moderation.gone":
    "Ce contenu a déjà été modéré, ou sa mission a été supprimée.",

  "earn.birthday.set": "Date d’anniversaire",
  "earn.birthday.title": "Anniversaire de {name}",
  "earn.birthday.help":
    "Des points une fois par an ce jour-là, dans le fuseau horaire de la boutique. Un anniversaire dans moins de 30 jours ne compte qu’à partir de l’année suivante.",
  "earn.birthday.month": "Mois",
  "earn.birthday.day": "Jour",
  "earn.birthday.saved":
    "Enregistré. Prochains points d’anniversaire : {date}.",
  "earn.birthday.savedNoRule":
    "Enregistré. Ajoutez la façon de gagner « Anniversaire » pour attribuer des points ce jour-là.",
  "earn.birthday.invalid": "Cette date n’existe pas.",
  "earn.api.title": "Clé de l’API de gain de points",
  "earn.api.help":
    "Les applications d’avis et vos automatisations appellent POST /api/v1/reviews et /api/v1/actions avec l’en-tête «\u00a0Authorization: Bearer <clé>\u00a0» et un en-tête Idempotency-Key.",
  "earn.api.none": "Aucune clé pour le moment.",
  "earn.api.current": "Clé actuelle\u00a0: {prefix}…, créée le {date}",
  "earn.api.rotate": "Créer une nouvelle clé",
  "earn.api.rotateHelp": "L’ancienne clé cesse aussitôt de fonctionner.",
  "earn.api.newKey":
    "Copiez cette clé maintenant\u00a0: elle ne sera plus affichée.",
};
