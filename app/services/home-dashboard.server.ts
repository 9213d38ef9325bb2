import {
  bestPointsRate,
  pointsLiability,
  redemptionRate,
  type PointsRate,
  type RewardValue,
} from "~/loyalty/liability";
import { addDays } from "~/loyalty/calendar";
import { chartBuckets, type ChartPeriod } from "~/loyalty/report-period";
import {
  getHomeFigures,
  getPointsFlowByBucket,
  listValuedRewardConfigs,
  type HomeFigures,
  type PointsFlow,
} from "~/models/dashboard-figures.server";
import { getShopDisplaySettings } from "~/models/dashboard.server";

export interface HomeDashboard extends HomeFigures {
  period: ChartPeriod;
  currencyCode: string;
  /** Points redeemed per point issued over the period (0 to 1, or more when old points are spent). */
  redemptionRate: number;
  /** The outstanding points' worth at the best rate, in thousandths; null without a valued reward. */
  liability: { amount: number; rate: PointsRate; currencyCode: string } | null;
  chart: (PointsFlow & { start: Date })[];
}

/**
 * The home page's figures over a period ending today (shop's zone): flows and loyalty-code orders
 * over the chart's period, active members over 30 days, balances and owed points as they are now.
 */
export async function getHomeDashboard(
  shopDomain: string,
  period: ChartPeriod,
  now: Date,
): Promise<HomeDashboard> {
  const { timeZone, currencyCode } = await getShopDisplaySettings(shopDomain);
  const buckets = chartBuckets(period, now, timeZone);
  const since = buckets[0].start;
  const until = buckets[buckets.length - 1].end;
  const [figures, flows, configs] = await Promise.all([
    getHomeFigures(shopDomain, {
      since,
      until,
      activeSince: addDays(now, -30, timeZone),
    }),
    getPointsFlowByBucket(shopDomain, buckets),
    listValuedRewardConfigs(shopDomain),
  ]);
  const rate = bestPointsRate(
    configs.flatMap((config) => {
      try {
        return [JSON.parse(config) as RewardValue];
      } catch {
        return [];
      }
    }),
  );
  return {
    ...figures,
    period,
    currencyCode,
    redemptionRate: redemptionRate(figures.redeemed, figures.issued),
    liability: rate
      ? {
          amount: pointsLiability(figures.outstanding, rate),
          rate,
          currencyCode,
        }
      : null,
    chart: flows.map((flow, index) => ({
      ...flow,
      start: buckets[index].start,
    })),
  };
}
