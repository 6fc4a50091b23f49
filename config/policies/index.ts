import type { PolicyOverride } from "../../functions/domain/policy";
import { qingdao } from "./qingdao";

/**
 * Local rules shipped with duban, one override per jurisdiction (GB/T 2260 code), layered under what admins
 * store through `PUT /v1/policies/{jurisdiction}` (a stored layer of the same jurisdiction replaces the shipped
 * one). Only what differs from the national defaults is written; the schema is functions/domain/policy.ts.
 */
export const shippedPolicies: Record<string, PolicyOverride> = {
  "370200": qingdao,
};
