import { parseArgs } from "node:util";
import { z } from "zod";
import { calendarWarnings } from "../functions/domain/calendar-service";
import { message } from "../functions/domain/messages";
import { startStack } from "./stack";

/** `npm start [-- --clock virtual --now <ISO>] [--port 3000] [--data .duban]`: the whole system locally. */
const { values } = parseArgs({
  options: {
    clock: { type: "string", default: "real" },
    now: { type: "string" },
    port: { type: "string", default: "3000" },
    "ses-port": { type: "string", default: "8005" },
    data: { type: "string", default: ".duban" },
    quiet: { type: "boolean", default: false },
  },
});

const Args = z.object({
  clock: z.enum(["real", "virtual"], { error: message("cli.clock_option") }),
  now: z.iso
    .datetime({
      offset: true,
      error: message("cli.now_option"),
    })
    .optional(),
  port: z.coerce.number().int().min(0).max(65535),
  "ses-port": z.coerce.number().int().min(0).max(65535),
  data: z.string().min(1),
  quiet: z.boolean(),
});

const parsed = Args.safeParse(values);
if (!parsed.success) {
  for (const issue of parsed.error.issues)
    console.error(
      message("cli.argument", {
        program: "duban",
        argument: issue.path.join(".") || "参数",
        problem: issue.message,
      }),
    );
  process.exit(2);
}
const args = parsed.data;
if (args.now && args.clock !== "virtual") {
  console.error(`duban：${message("cli.now_needs_virtual")}`);
  process.exit(2);
}

const stack = await startStack({
  dataDir: args.data,
  clock: args.clock,
  ...(args.now ? { now: new Date(args.now) } : {}),
  httpPort: args.port,
  sesPort: args["ses-port"],
  demo: true,
  quiet: args.quiet,
});

console.log(`
duban is running (${stack.clock.mode} clock, now ${stack.clock.now().toISOString()})
  HTTP API        ${stack.urls.api}        (GET /healthz, GET /v1/openapi.json)
  email viewer    ${stack.urls.ses}/       (aws-ses-v2-local; JSON at /store)
  SMS sink        ${stack.urls.api}/_local/sms
  clock           ${stack.urls.api}/_local/clock${stack.clock.mode === "virtual" ? "   (POST {advanceTo} to move it)" : ""}
  DynamoDB        ${stack.urls.dynamo}     (dynalite, data in ${args.data}/)
  demo data       ${stack.demoLoaded ? `${stack.demoLoaded} enterprises of 保山市 loaded` : "store already holds data"}
  caught up       ${stack.caughtUp.length} schedule/timer fire(s) on start
  a token         npx duban token --role anweiban --jurisdiction 530502
Ctrl-C stops it; data stays in ${args.data}/.
`);
for (const warning of calendarWarnings(stack.clock.now(), stack.deps.calendar.coveredYears())) {
  console.warn(`注意：${warning}`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stack.stop().then(() => process.exit(0));
  });
}
