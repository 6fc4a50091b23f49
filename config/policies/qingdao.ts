import type { Audience, LadderAnchor, LadderStep } from "../../functions/domain/config-schema";
import type { PolicyOverride } from "../../functions/domain/policy";

/** A 青岛 step: counted in the State Council's working days, at 09:00 Shanghai. */
function workingDays(
  id: string,
  anchor: LadderAnchor,
  days: number,
  template: string,
  audience: Audience[],
): LadderStep {
  return {
    id,
    anchor,
    offset: { days, unit: "working" },
    at: "09:00",
    audience,
    template,
    marksOverdue: false,
  };
}

/**
 * 青岛市 "3+X" 重大事故隐患挂牌督办 (DOMAIN.md): the listing is filed with the city 安委办 within 3 working
 * days and published within 5; an extension is asked at least 20 working days before the deadline (earlier is
 * fine, later is refused naming this rule) and decided within 10 working days; the delisting is published
 * within 5 working days. Counted on the State Council's working-day calendar.
 *
 * What a 青岛 official sees: on the last day of each 3+X duty the listing department is told that today is
 * the day (the listing's 3rd and 5th working day, the delisting's 5th); an undecided extension reminds the
 * listing department on its 8th working day, the department and its 安委办 on the 10th (the last), and the
 * leaders and the 安委办 one level up on the 11th. The default 3/5-day reminders of an undecided request
 * give way to these.
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
  ladders: {
    majorHazard: {
      steps: [
        workingDays("listing-filed", "listedOn", 3, "listing-filing-due", ["listing_inspectors"]),
        workingDays("listing-published", "listedOn", 5, "listing-publication-due", ["listing_inspectors"]),
      ],
    },
    delisting: {
      steps: [
        workingDays("delisting-published", "delistedOn", 5, "delisting-publication-due", [
          "listing_inspectors",
        ]),
      ],
    },
    extensionDecision: {
      omit: ["undecided-3", "undecided-5"],
      steps: [
        workingDays("undecided-8", "extensionRequested", 8, "extension-undecided-reminder", [
          "listing_inspectors",
        ]),
        workingDays("undecided-10", "extensionRequested", 10, "extension-undecided-reminder", [
          "listing_inspectors",
          "listing_anweiban",
        ]),
        workingDays("undecided-11", "extensionRequested", 11, "extension-undecided-escalation", [
          "listing_leaders",
          "parent_anweiban",
        ]),
      ],
    },
  },
};
