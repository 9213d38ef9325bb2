import { Link, Text } from "@shopify/polaris";

import { useTranslation } from "~/i18n/use-translation";
import type { Translator } from "~/i18n/translate";

export interface MemberNameFields {
  id: string;
  customerId: string;
  name: string | null;
  email: string | null;
}

/** The name a merchant recognises: the customer's name, else their email, else "Customer #123". */
export function memberLabel(
  t: Translator["t"],
  member: MemberNameFields,
): string {
  return (
    member.name ??
    member.email ??
    t("member.customerFallback", { id: member.customerId })
  );
}

/** The member's name, linking to their page with their points history. */
export function MemberLink({ member }: { member: MemberNameFields }) {
  const { t } = useTranslation();
  return (
    <Link url={`/app/members/${member.id}`} monochrome removeUnderline>
      <Text as="span" fontWeight="semibold">
        {memberLabel(t, member)}
      </Text>
    </Link>
  );
}
