import type { PolicyOverride } from "../../functions/domain/policy";

/**
 * 青岛市 "3+X" 重大事故隐患挂牌督办 (DOMAIN.md): the listing is filed with the city 安委办 within 3 working
 * days and published within 5; an extension is asked at least 20 working days before the deadline (earlier is
 * fine, later is refused naming this rule) and decided within 10 working days; the delisting is published
 * within 5 working days. Counted on the State Council's working-day calendar.
 */
export const qingdao: PolicyOverride = {
  listing: {
    filedWithinWorkingDays: 3,
    publishedWithinWorkingDays: 5,
    extensionRequestAtLeastWorkingDaysBefore: 20,
    extensionDecidedWithinWorkingDays: 10,
    delistingPublishedWithinWorkingDays: 5,
    source: "青岛市重大事故隐患“3+X”挂牌督办制度",
  },
};
