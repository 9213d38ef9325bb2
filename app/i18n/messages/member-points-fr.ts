import { type memberPointsEn } from "~/i18n/messages/member-points-en";
import type { PluralMessage } from "~/i18n/messages/types";

/** Points en attente et reprises limitées au solde, en français : les clés de member-points-en.ts. */
export const memberPointsFr: {
  [K in keyof typeof memberPointsEn]: (typeof memberPointsEn)[K] extends string
    ? string
    : PluralMessage;
} = {
  "members.column.pending": "En attente",
  "member.pending.title": "Points en attente",
  "member.pending.none": "Aucun point en attente.",
  "member.pending.total": "Pas encore utilisables : {points} au total.",
  "member.pending.onDate":
    "{points} de la commande {order}, utilisables le {date}",
  "member.pending.onFulfilment":
    "{points} de la commande {order}, utilisables une fois la commande expédiée",
  "member.owed.title": "Points dus par des commandes",
  "member.owed.help":
    "Ces commandes ont été remboursées ou annulées après que leurs points ont été dépensés : le solde n’a pas permis de tout reprendre. Le prochain remboursement ou la prochaine annulation de la même commande les reprend, dans la limite du solde ; vous pouvez aussi ajuster le solde.",
  "member.owed.line": "Commande {order} : {points} à reprendre",
  "member.history.notTaken":
    "impossible à reprendre (solde insuffisant) : {points}",
  "member.history.stillOwed": "la commande {order} doit encore {points}",
} as const;
