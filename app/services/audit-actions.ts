/** The admin actions the activity log knows; each has words in `audit.action.*`. */
export const AUDIT_ACTIONS = [
  "program.switched_on",
  "program.switched_off",
  "program.identity_saved",
  "program.icon_uploaded",
  "points.adjusted",
  "reward.gifted",
  "reward.saved",
  "reward.archived",
  "rule.saved",
  "rule.deleted",
  "campaign.saved",
  "campaign.deleted",
  "tiers.saved",
  "settings.saved",
  "retroactive.requested",
  "import.applied",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
