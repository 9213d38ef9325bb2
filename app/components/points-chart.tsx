import { BlockStack, InlineStack, Text } from "@shopify/polaris";
import { curveMonotoneX, line } from "d3-shape";

import { useTranslation } from "~/i18n/use-translation";

export interface PointsChartBucket {
  /** ISO date: the bucket's first instant. */
  start: string;
  issued: number;
  redeemed: number;
  expired: number;
}

const SERIES = [
  {
    key: "issued",
    label: "home.chart.issued",
    color: "var(--p-color-icon-success)",
  },
  {
    key: "redeemed",
    label: "home.chart.redeemed",
    color: "var(--p-color-icon-info)",
  },
  {
    key: "expired",
    label: "home.chart.expired",
    color: "var(--p-color-icon-caution)",
  },
] as const;

// The drawing's own units; the SVG scales to the card's width with this aspect ratio, which the
// browser knows before it paints, so the page never shifts when the chart renders (CLS).
const WIDTH = 640;
const HEIGHT = 200;
const PAD = { top: 12, right: 8, bottom: 24, left: 48 };

/**
 * Points issued, redeemed and expired per day or month: an SVG drawn on the server with d3-shape
 * (paths only, no client-side chart runtime), labelled in the admin's language and zone.
 */
export function PointsChart({
  buckets,
  monthly,
}: {
  buckets: PointsChartBucket[];
  monthly: boolean;
}) {
  const { t, locale, timeZone, formatNumber } = useTranslation();
  const max = Math.max(
    1,
    ...buckets.flatMap((b) => [b.issued, b.redeemed, b.expired]),
  );
  const innerWidth = WIDTH - PAD.left - PAD.right;
  const innerHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (index: number) =>
    PAD.left +
    (buckets.length > 1 ? (index / (buckets.length - 1)) * innerWidth : 0);
  const y = (value: number) => PAD.top + innerHeight * (1 - value / max);
  const draw = (key: (typeof SERIES)[number]["key"]) =>
    line<PointsChartBucket>()
      .x((_, index) => x(index))
      .y((bucket) => y(bucket[key]))
      .curve(curveMonotoneX)(buckets) ?? "";
  const label = new Intl.DateTimeFormat(locale, {
    timeZone,
    ...(monthly
      ? { month: "short", year: "2-digit" }
      : { month: "short", day: "numeric" }),
  });
  const ticks =
    buckets.length > 2
      ? [0, Math.floor((buckets.length - 1) / 2), buckets.length - 1]
      : buckets.map((_, index) => index);
  const description = t("home.chart.description", {
    unit: t(monthly ? "home.chart.unit.month" : "home.chart.unit.day"),
  });

  return (
    <BlockStack gap="200">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        style={{ display: "block", width: "100%", height: "auto" }}
        role="img"
        aria-label={description}
        data-points-chart
      >
        {[0, 0.5, 1].map((share) => (
          <g key={share}>
            <line
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(max * share)}
              y2={y(max * share)}
              stroke="var(--p-color-border-secondary)"
              strokeWidth={1}
              vectorEffect="non-scaling-stroke"
            />
            <text
              x={PAD.left - 6}
              y={y(max * share) + 4}
              textAnchor="end"
              fontSize={11}
              fill="var(--p-color-text-secondary)"
            >
              {formatNumber(Math.round(max * share))}
            </text>
          </g>
        ))}
        {SERIES.map((series) => (
          <path
            key={series.key}
            d={draw(series.key)}
            fill="none"
            stroke={series.color}
            strokeWidth={2}
            vectorEffect="non-scaling-stroke"
            data-series={series.key}
          />
        ))}
        {ticks.map((index) => (
          <text
            key={index}
            x={x(index)}
            y={HEIGHT - 6}
            textAnchor={
              index === 0
                ? "start"
                : index === buckets.length - 1
                  ? "end"
                  : "middle"
            }
            fontSize={11}
            fill="var(--p-color-text-secondary)"
          >
            {label.format(new Date(buckets[index].start))}
          </text>
        ))}
      </svg>
      <InlineStack gap="400">
        {SERIES.map((series) => (
          <InlineStack key={series.key} gap="100" blockAlign="center">
            <span
              aria-hidden
              style={{
                display: "inline-block",
                width: 12,
                height: 3,
                background: series.color,
              }}
            />
            <Text as="span" variant="bodySm">
              {t(series.label)}
            </Text>
          </InlineStack>
        ))}
      </InlineStack>
    </BlockStack>
  );
}
