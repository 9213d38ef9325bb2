import { Badge } from "@shopify/polaris";

import { useTranslation } from "~/i18n/use-translation";
import type { ProgramStatus } from "~/models/dashboard.server";

const tones = {
  active: "success",
  paused: "attention",
  not_set_up: "info",
} as const;
const labels = {
  active: "program.status.active",
  paused: "program.status.paused",
  not_set_up: "program.status.notSetUp",
} as const;

export function ProgramStatusBadge({ status }: { status: ProgramStatus }) {
  const { t } = useTranslation();
  return <Badge tone={tones[status]}>{t(labels[status])}</Badge>;
}
