import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import {
  Box,
  Card,
  EmptyState,
  IndexTable,
  InlineGrid,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";

import { MemberLink } from "~/components/member-name";
import membersIllustration from "~/components/members-illustration.svg?url";
import { usePageLinks } from "~/components/use-page-links";
import { useTranslation } from "~/i18n/use-translation";
import { listMembers, type MemberSort } from "~/models/dashboard.server";
import { pendingPointsByMember } from "~/models/pending-awards.server";
import { authenticate } from "~/shopify.server";

const PAGE_SIZE = 25;
// In the order the sort menu offers them.
const MEMBER_SORTS = [
  "balance-desc",
  "balance-asc",
  "joined-desc",
  "joined-asc",
] as const satisfies readonly MemberSort[];
const DEFAULT_SORT: MemberSort = "balance-desc";
// How long typing must pause before the list is searched.
const SEARCH_DELAY_MS = 300;

// A hand-edited or stale URL shows the default list rather than an error.
const MembersQuerySchema = z.object({
  q: z.string().trim().max(200).catch(""),
  sort: z.enum(MEMBER_SORTS).catch(DEFAULT_SORT),
  page: z.coerce.number().int().min(1).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const query = MembersQuerySchema.parse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  const list = await listMembers(session.shop, {
    search: query.q,
    sort: query.sort,
    page: query.page,
    pageSize: PAGE_SIZE,
  });
  const pending = await pendingPointsByMember(
    session.shop,
    list.members.map((member) => member.id),
  );
  return {
    ...list,
    members: list.members.map((member) => ({
      ...member,
      pending: pending.get(member.id) ?? 0,
    })),
    search: query.q,
    sort: query.sort,
  };
}

const sortLabels = {
  "balance-desc": "members.sort.balanceDesc",
  "balance-asc": "members.sort.balanceAsc",
  "joined-desc": "members.sort.joinedDesc",
  "joined-asc": "members.sort.joinedAsc",
} as const satisfies Record<MemberSort, string>;

export default function Members() {
  const list = useLoaderData<typeof loader>();
  const { t, formatNumber, formatDate } = useTranslation();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const [search, setSearch] = useState(list.search);

  const listParams = {
    q: list.search,
    sort: list.sort === DEFAULT_SORT ? undefined : list.sort,
  };
  const pagination = usePageLinks(list.page, list.pageCount, listParams);

  const showList = (next: { q: string; sort: MemberSort }) => {
    const params = new URLSearchParams();
    if (next.q) params.set("q", next.q);
    if (next.sort !== DEFAULT_SORT) params.set("sort", next.sort);
    navigate(
      { search: `?${params.toString()}` },
      { replace: true, preventScrollReset: true },
    );
  };

  useEffect(() => {
    const wanted = search.trim();
    if (wanted === list.search) return;
    const timer = setTimeout(
      () => showList({ q: wanted, sort: list.sort }),
      SEARCH_DELAY_MS,
    );
    return () => clearTimeout(timer);
    // showList is rebuilt every render; the search text and the list shown are what matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search, list.search, list.sort]);

  return (
    <Page
      title={t("members.title")}
      subtitle={t("members.count", { count: list.total })}
      backAction={{ content: t("nav.home"), url: "/app" }}
      secondaryActions={[
        { content: t("members.importBalances"), url: "/app/members/import" },
      ]}
    >
      <Card padding="0">
        <Box padding="300">
          <InlineGrid
            columns={{ xs: 1, sm: "1fr auto" }}
            gap="300"
            alignItems="center"
          >
            <TextField
              label={t("members.search.label")}
              labelHidden
              placeholder={t("members.search.placeholder")}
              autoComplete="off"
              value={search}
              onChange={setSearch}
              clearButton
              onClearButtonClick={() => setSearch("")}
            />
            <Select
              label={t("members.sort.label")}
              labelInline
              options={MEMBER_SORTS.map((sort) => ({
                value: sort,
                label: t(sortLabels[sort]),
              }))}
              value={list.sort}
              onChange={(sort) =>
                showList({ q: search.trim(), sort: sort as MemberSort })
              }
            />
          </InlineGrid>
        </Box>
        <IndexTable
          selectable={false}
          loading={navigation.state === "loading"}
          itemCount={list.members.length}
          resourceName={{
            singular: t("members.resource.singular"),
            plural: t("members.resource.plural"),
          }}
          headings={[
            { title: t("members.column.member") },
            { title: t("members.column.email") },
            { title: t("members.column.balance"), alignment: "end" },
            { title: t("members.column.pending"), alignment: "end" },
            { title: t("members.column.joined") },
          ]}
          emptyState={
            <EmptyState
              heading={t("members.empty.heading")}
              image={membersIllustration}
            >
              <p>
                {list.search
                  ? t("members.empty.search")
                  : t("members.empty.none")}
              </p>
            </EmptyState>
          }
          pagination={list.pageCount > 1 ? pagination : undefined}
        >
          {list.members.map((member, index) => (
            <IndexTable.Row id={member.id} key={member.id} position={index}>
              <IndexTable.Cell>
                <MemberLink member={member} />
              </IndexTable.Cell>
              <IndexTable.Cell>
                {member.email ?? (
                  <Text as="span" tone="subdued">
                    {member.redacted
                      ? t("member.redacted")
                      : t("member.noEmail")}
                  </Text>
                )}
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {formatNumber(member.balance)}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text
                  as="span"
                  alignment="end"
                  numeric
                  tone={member.pending ? undefined : "subdued"}
                >
                  {formatNumber(member.pending)}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>{formatDate(member.joinedAt)}</IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </Card>
    </Page>
  );
}
