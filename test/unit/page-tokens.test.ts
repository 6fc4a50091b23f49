import { describe, expect, it } from "vitest";
import { createPageTokens, pageTokenKey } from "../../functions/adapters/page-tokens";
import type { Clock } from "../../functions/domain/ports";

/** A clock a test moves by hand. */
function handClock(start: string): Clock & { move(seconds: number): void } {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), move: (seconds) => (now += seconds * 1000) };
}

const clock = handClock("2026-11-03T09:00:00+08:00");
const key = pageTokenKey("a local secret of the deployment, 32+ bytes");
const tokens = createPageTokens(key, clock);
const opened = (position: string) => ({ ok: true, position });
const invalid = { ok: false, reason: "invalid" };
const position = Buffer.from(JSON.stringify({ pk: "HAZ#HZ-1", gsi1sk: "530521#HZ-1" })).toString("base64url");
const binding = JSON.stringify(["GET /v1/hazards", ["anweiban:530502", "anweiban", "530502", ""], []]);

describe("page tokens", () => {
  it("open to the position they sealed, for the same binding", () => {
    expect(tokens.open(tokens.seal(position, binding), binding)).toEqual(opened(position));
  });

  it("show no table key, no id and no jurisdiction to whoever decodes them", () => {
    const token = tokens.seal(position, binding);
    const decoded = Buffer.from(token, "base64url").toString("latin1");

    for (const secret of ["HAZ#", "HZ-1", "530521", "gsi1sk", "pk"]) expect(decoded).not.toContain(secret);
    expect(token).not.toContain(position);
  });

  it("do not open for another caller or another query", () => {
    const token = tokens.seal(position, binding);

    expect(tokens.open(token, binding.replace("530502", "530521"))).toEqual(invalid);
    expect(tokens.open(token, binding.replace("/v1/hazards", "/v1/accidents"))).toEqual(invalid);
  });

  it("do not open when changed in any byte, or when made with another key", () => {
    const token = tokens.seal(position, binding);
    const raw = Buffer.from(token, "base64url");
    for (let i = 0; i < raw.length; i++) {
      const changed = Buffer.from(raw);
      changed[i] = (changed[i] ?? 0) ^ 0x01;
      expect(tokens.open(changed.toString("base64url"), binding), `byte ${i}`).toEqual(invalid);
    }
    const other = createPageTokens(pageTokenKey("another deployment's secret, 32+ bytes"), clock);
    expect(other.open(token, binding)).toEqual(invalid);
  });

  it.each([
    "",
    "abc",
    "!!!!",
    Buffer.from('{"p":-1}').toString("base64url"),
    Buffer.from('{"s":"x"}').toString("base64url"),
    Buffer.from("[1]").toString("base64url"),
    Buffer.from("5").toString("base64url"),
    "A".repeat(5000),
  ])("a forged or malformed token %j does not open", (forged) => {
    expect(tokens.open(forged, binding)).toEqual(invalid);
  });

  it("open for 24 hours after they were issued, then are expired", () => {
    const moving = handClock("2026-11-03T09:00:00+08:00");
    const expiring = createPageTokens(key, moving);
    const token = expiring.seal(position, binding);

    moving.move(24 * 3600);
    const lastSecond = expiring.open(token, binding);
    moving.move(1);
    const after = expiring.open(token, binding);

    expect(lastSecond).toEqual(opened(position));
    expect(after).toEqual({ ok: false, reason: "expired" });
  });

  it("issued by a clock far ahead of this one are not taken", () => {
    const ahead = handClock("2026-11-04T09:00:00+08:00");
    const token = createPageTokens(key, ahead).seal(position, binding);

    expect(tokens.open(token, binding)).toEqual({ ok: false, reason: "expired" });
  });
});
