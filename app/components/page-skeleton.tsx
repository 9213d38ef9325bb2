import {
  BlockStack,
  Card,
  Layout,
  SkeletonBodyText,
  SkeletonDisplayText,
  SkeletonPage,
} from "@shopify/polaris";

/**
 * What a page shows while its loader runs on a navigation inside the admin (Polaris's loading
 * pattern): the page's frame with grey lines where the content will be, instead of the previous
 * page staying on screen with nothing happening.
 */
export function PageSkeleton() {
  // SkeletonPage is a status named "Loading page" in the admin's language (Polaris's strings).
  return (
    <div aria-busy="true" data-page-skeleton>
      <SkeletonPage primaryAction>
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="300">
                  <SkeletonDisplayText size="small" />
                  <SkeletonBodyText lines={3} />
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <SkeletonDisplayText size="small" />
                  <SkeletonBodyText lines={6} />
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <Card>
              <SkeletonBodyText lines={4} />
            </Card>
          </Layout.Section>
        </Layout>
      </SkeletonPage>
    </div>
  );
}
