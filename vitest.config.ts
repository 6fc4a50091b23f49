import { defineConfig } from "vitest/config";

/**
 * One project per test folder, so a developer runs the fast lane in seconds
 * (`npm run test:unit`, `npx vitest run --project workflows`) and CI runs them all.
 */
const shared = {
  testTimeout: 60_000,
  hookTimeout: 60_000,
  env: { TZ: "UTC" },
};

const project = (name: string, extra: Record<string, unknown> = {}) => ({
  extends: true as const,
  test: { name, include: [`test/${name}/**/*.test.ts`], ...shared, ...extra },
});

export default defineConfig({
  test: {
    // Integration tests start embedded servers on their own ports; a few files at a time keeps a
    // 2-core CI machine responsive.
    maxWorkers: 2,
    projects: [
      project("unit"),
      project("workflows"),
      project("integration"),
      // One synth bundles every function (some seventy esbuild runs): minutes when the machine is busy.
      project("infra", { hookTimeout: 600_000 }),
      // Chromium against the real local stack; one file at a time, the scenario's steps in order.
      project("browser", { fileParallelism: false, testTimeout: 120_000, hookTimeout: 240_000 }),
    ],
    // CI asks for a JSON report to print the plain "N passed, N failed" line it reads.
    reporters: process.env.DUBAN_TEST_REPORT
      ? ["default", ["json", { outputFile: process.env.DUBAN_TEST_REPORT }]]
      : ["default"],
  },
});
