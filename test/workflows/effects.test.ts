import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { config } from "../../config";
import { createAccidentService } from "../../functions/domain/accident-service";
import { type Enterprise, type Official, officialId } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import { type FailpointName, installFailpointTrap } from "../../functions/domain/failpoints";
import type { Hazard } from "../../functions/domain/hazard";
import { createHazardService } from "../../functions/domain/hazard-service";
import type { Principal } from "../../functions/domain/principal";
import { reconcileEffects } from "../../functions/domain/reconciler";
import { ladderTimerId } from "../../functions/domain/supervision";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import { type Stack, startStack } from "../../local/stack";
import { createTableTimers } from "../../local/timers";

/**
 * Effects recorded with the change: a listing writes its ladder timers, its notice and its progress filing
 * into the hazard's own item, in the same conditional write; they are applied after it and cleared. A
 * crash in between (here: a trap at a failpoint throwing, as the use case would die) leaves the hazard in
 * the "effects behind" index; the reconciler — or the client's retry — completes it, sending nothing twice.
 */

const ENTERPRISES: Enterprise[] = generateEnterprises({ count: 6, seed: 3 });
const OFFICIALS: Official[] = generateOfficials();
const MINE = ENTERPRISES[0] as Enterprise;
const COUNTY = "530502";

function official(jurisdiction: string, role: Official["role"]): Principal {
  const found = OFFICIALS.find((o) => o.jurisdictionCode === jurisdiction && o.role === role);
  if (!found) throw new Error(`no ${role} in ${jurisdiction}`);
  return { sub: officialId(found), role, jurisdiction };
}
const INSPECTOR = official(COUNTY, "inspector");
const ANWEIBAN = official(COUNTY, "anweiban");
const OWNER: Principal = {
  sub: `user-${MINE.creditCode}`,
  role: "enterprise",
  jurisdiction: MINE.countyCode,
  enterprise: MINE.creditCode,
};

const LISTING = {
  level: "county",
  department: MINE.supervisingDepartment,
  documentNo: "隆应急督〔2026〕12号",
};
const MAJOR_STEPS = config.ladders.majorHazard.map((s) => s.id);

/** Makes the use case die at `name`, as a crashed process would: nothing after the point runs. */
function crashAt(name: FailpointName) {
  installFailpointTrap((reached) => {
    if (reached === name) throw new Error(`crashed at ${name}`);
  });
}
afterEach(() => installFailpointTrap(undefined));

async function plannedHazard(stack: Stack, title: string): Promise<Hazard> {
  const hazards = createHazardService(stack.deps);
  const registered = await hazards.register(OWNER, MINE.creditCode, {
    level: "major",
    title,
    description: "检查发现的重大事故隐患",
    foundAt: new Date(stack.clock.now().getTime() - 3_600_000).toISOString(),
    source: "department_inspection",
  });
  return hazards.plan(OWNER, registered.id, {
    objectives: "消除隐患",
    measures: "清理塌方体，钢拱架支护",
    responsible: { name: "赵建国", mobile: "13800001111" },
    funds: { amountYuan: 1_200_000, source: "企业自筹" },
    deadline: "2026-12-20",
    safetyMeasures: "设专人巡查",
    contingencyPlan: "专项应急预案",
  });
}

const listingSms = (stack: Stack, title: string) =>
  stack.sms.list().filter((s) => s.template === "SMS_DUBAN_MAJOR_LISTED" && s.text.includes(title));

async function timersOf(stack: Stack, id: string, version: number) {
  const found = await createTableTimers(stack.db, stack.table).byIds(
    MAJOR_STEPS.map((step) => ladderTimerId("hazard", id, version, step)),
  );
  return found.map((t) => t.id).sort();
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    clock: "virtual",
    now: new Date("2026-11-02T10:00:00+08:00"),
    demo: false,
    quiet: true,
  });
  await createCatalogueService(stack.deps).load(ENTERPRISES, OFFICIALS);
});
afterAll(() => stack.stop());

describe("a change and its effects", () => {
  it("listing sets every ladder timer, sends the listing notice once and leaves no effect behind", async () => {
    const h = await plannedHazard(stack, "排洪隧洞坍塌甲");

    const listed = await createHazardService(stack.deps).list(INSPECTOR, h.id, LISTING);
    const stored = await stack.deps.hazards.get(h.id);

    expect(listed.status).toBe("listed");
    expect(await timersOf(stack, h.id, 1)).toHaveLength(MAJOR_STEPS.length);
    expect(listingSms(stack, "排洪隧洞坍塌甲").length).toBeGreaterThan(0);
    expect(stored?.effects).toBeUndefined();
    expect(listed).not.toHaveProperty("effects");
  });
});

describe("a hazard written before a crash, its timers and notice missing", () => {
  let id: string;
  const title = "排洪隧洞坍塌乙";

  beforeAll(async () => {
    id = (await plannedHazard(stack, title)).id;
    crashAt("subject-written");
    await expect(createHazardService(stack.deps).list(INSPECTOR, id, LISTING)).rejects.toThrow(/crashed/);
    installFailpointTrap(undefined);
  });

  it("is listed, with its timers, notice and progress filing recorded as effects in the item", async () => {
    const stored = await stack.deps.hazards.get(id);

    expect(stored?.status).toBe("listed");
    expect(stored?.effects?.map((e) => e.kind).sort()).toEqual([
      "follow-up",
      "notice",
      ...MAJOR_STEPS.map(() => "timer"),
    ]);
    expect(await timersOf(stack, id, 1)).toEqual([]);
    expect(listingSms(stack, title)).toEqual([]);
  });

  it("is found through the effects index, and only once its effects are older than the cut-off", async () => {
    const old = await stack.deps.hazards.pageEffectsBehind("2026-11-02T01:00:00.000Z");
    const all = await stack.deps.hazards.pageEffectsBehind("9999");

    expect(old.items).toEqual([]);
    expect(all.items.map((i) => i.id)).toContain(id);
  });

  it("is completed by the reconciler: every timer set, the notice sent once, the effects cleared", async () => {
    const outcome = await reconcileEffects(stack.deps, new Date(stack.clock.now().getTime() + 1));
    const again = await reconcileEffects(stack.deps, new Date(stack.clock.now().getTime() + 1));

    expect(outcome.hazards).toMatchObject({ subjects: 1 });
    expect(again.hazards).toEqual({ subjects: 0, effects: 0 });
    expect(await timersOf(stack, id, 1)).toHaveLength(MAJOR_STEPS.length);
    const sms = listingSms(stack, title);
    expect(sms.length).toBeGreaterThan(0);
    expect(new Set(sms.map((s) => s.to)).size).toBe(sms.length);
    expect((await stack.deps.hazards.get(id))?.effects).toBeUndefined();
    expect(await stack.deps.hazards.pageEffectsBehind("9999")).toEqual({ items: [] });
  });
});

describe("a crash after some timers were set", () => {
  it("the reconciler sets the rest; the ones already set stay one each", async () => {
    const { id } = await plannedHazard(stack, "排洪隧洞坍塌丙");
    let reached = 0;
    installFailpointTrap((name) => {
      if (name === "timer-set" && ++reached === 3) throw new Error("crashed at timer-set");
    });
    await expect(createHazardService(stack.deps).list(INSPECTOR, id, LISTING)).rejects.toThrow(/crashed/);
    installFailpointTrap(undefined);
    const partial = await timersOf(stack, id, 1);

    await reconcileEffects(stack.deps, new Date(stack.clock.now().getTime() + 1));

    expect(partial).toHaveLength(3);
    expect(await timersOf(stack, id, 1)).toHaveLength(MAJOR_STEPS.length);
  });
});

describe("a client's retry of an action that already took effect", () => {
  it("a listing retried after a crash answers the listed hazard (not a 409) and completes its effects", async () => {
    const title = "排洪隧洞坍塌丁";
    const { id } = await plannedHazard(stack, title);
    crashAt("subject-written");
    await expect(createHazardService(stack.deps).list(INSPECTOR, id, LISTING)).rejects.toThrow(/crashed/);
    installFailpointTrap(undefined);

    const retried = await createHazardService(stack.deps).list(INSPECTOR, id, LISTING);
    const twice = await createHazardService(stack.deps).list(INSPECTOR, id, LISTING);

    expect(retried).toMatchObject({ id, status: "listed", planVersion: 1 });
    expect(twice.rev).toBe(retried.rev);
    expect(await timersOf(stack, id, 1)).toHaveLength(MAJOR_STEPS.length);
    const sms = listingSms(stack, title);
    expect(new Set(sms.map((s) => s.to)).size).toBe(sms.length);
    expect((await stack.deps.hazards.get(id))?.effects).toBeUndefined();
  });

  it("a different listing of a listed hazard is still a conflict naming the state", async () => {
    const { id } = await plannedHazard(stack, "排洪隧洞坍塌戊");
    await createHazardService(stack.deps).list(INSPECTOR, id, LISTING);

    await expect(
      createHazardService(stack.deps).list(INSPECTOR, id, { ...LISTING, documentNo: "隆应急督〔2026〕13号" }),
    ).rejects.toThrow(/当前为“挂牌督办中”/);
  });

  it("an accident evaluation retried answers the evaluated case and files it with the level above once", async () => {
    const accidents = createAccidentService(stack.deps);
    const reported = await accidents.create(ANWEIBAN, {
      jurisdiction: COUNTY,
      occurredAt: "2026-10-01T10:00:00+08:00",
      level: "general",
      deaths: 1,
      injuries: 0,
      directLossYuan: 800_000,
      summary: "坍塌事故",
    });
    await accidents.submitReport(ANWEIBAN, reported.id, {
      submittedAt: "2026-11-01T09:00:00+08:00",
      reportNo: "隆安调1号",
    });
    await accidents.close(ANWEIBAN, reported.id, {
      closedAt: "2026-11-01T10:00:00+08:00",
      reportNo: "隆安调1号",
    });
    const body = { completedAt: "2026-11-02T09:00:00+08:00", reportNo: "隆安评1号", findings: "整改到位" };

    const first = await accidents.recordEvaluation(ANWEIBAN, reported.id, body);
    const retried = await accidents.recordEvaluation(ANWEIBAN, reported.id, body);

    expect(retried).toMatchObject({ status: "evaluated", rev: first.rev });
    const filed = stack.sms.list().filter((s) => s.template === "SMS_DUBAN_EVALUATION_FILED");
    expect(filed.length).toBeGreaterThan(0);
    expect(new Set(filed.map((s) => s.to)).size).toBe(filed.length);
  });
});
