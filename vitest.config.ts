import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start embedded servers on their own ports; a few files at a time keeps a
    // 2-core CI machine responsive.
    maxWorkers: 2,
    env: { TZ: "UTC" },
    // CI asks for a JSON report to print the plain "N passed, N failed" line it reads.
    reporters: process.env.DUBAN_TEST_REPORT
      ? ["default", ["json", { outputFile: process.env.DUBAN_TEST_REPORT }]]
      : ["default"],
  },
});
