import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import * as z from "zod";
import { config as defaultConfig } from "../config";
import { toShanghaiIso } from "../functions/domain/calendar";
import { calendarWarnings } from "../functions/domain/calendar-service";
import { message } from "../functions/domain/messages";
import { channelsFromEnv } from "./channels";
import { createFileLog } from "./file-log";
import type { Fired } from "./scheduler";
import { startStack } from "./stack";

/**
 * `npm start [-- --clock virtual --now <ISO>] [--port 3000] [--data .duban] [--verbose|--quiet]`: the whole
 * system locally. Times are printed in Shanghai time.
 */
const { values } = parseArgs({
  options: {
    clock: { type: "string", default: "real" },
    now: { type: "string" },
    port: { type: "string", default: "3000" },
    "ses-port": { type: "string", default: "8005" },
    data: { type: "string", default: ".duban" },
    quiet: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
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
  verbose: z.boolean(),
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

const dataDir = resolve(args.data);
const fired: Fired[] = [];
const startedAt = Date.now();
const stack = await startStack({
  // DUBAN_SMS_PROVIDER, DUBAN_SMTP_URL, …: a mainland SMS provider or an SMTP mailbox (local/channels.ts).
  ...(await channelsFromEnv(process.env, defaultConfig.templates)),
  dataDir: args.data,
  clock: args.clock,
  ...(args.now ? { now: new Date(args.now) } : {}),
  httpPort: args.port,
  sesPort: args["ses-port"],
  demo: true,
  quiet: args.quiet,
  // JSON logs go to a file; the terminal shows one line per fire. --verbose (or --quiet) keeps them here.
  ...(args.verbose || args.quiet ? {} : { log: createFileLog(join(args.data, "duban.log")) }),
  onFired: (f) => {
    fired.push(f);
    if (!args.quiet) console.log(firedLine(f));
  },
});

function firedLine(f: Fired): string {
  return message(f.kind === "schedule" ? "cli.schedule_fired" : "cli.timer_fired", {
    at: toShanghaiIso(new Date(f.at)),
    name: f.name,
    workflow: f.workflow,
    phase: f.phase,
  });
}

const tokenCommand = `npx duban token --role anweiban --jurisdiction 530502 --data ${shellWord(dataDir)}`;
console.log(`
duban 已启动（${message(stack.clock.mode === "real" ? "cli.clock_real" : "cli.clock_virtual")}时钟，现在 ${toShanghaiIso(stack.clock.now())}）
  HTTP API        ${stack.urls.api}        (GET /healthz, GET /v1/openapi.json)
  控制台          ${stack.urls.api}/
  邮件查看        ${stack.urls.ses}/       (aws-ses-v2-local; JSON: /store)
  短信记录        ${stack.urls.api}/_local/sms
  时钟            ${stack.urls.api}/_local/clock${stack.clock.mode === "virtual" ? "   (POST {advanceTo} 拨动)" : ""}
  DynamoDB        ${stack.urls.dynamo}     (dynalite，数据在 ${dataDir}/)
  演示数据        ${stack.demoLoaded ? `已载入保山市 ${stack.demoLoaded} 家企业` : "数据库中已有数据"}
  补触发          ${stack.caughtUp.length} 次定时任务/计时器（停机期间到期）
  令牌            ${tokenCommand}
  日志            ${args.verbose || args.quiet ? "输出到终端" : join(dataDir, "duban.log")}
按 Ctrl-C 停止；数据保留在 ${dataDir}/。
`);
for (const f of stack.caughtUp) if (!args.quiet) console.log(firedLine(f));
for (const warning of calendarWarnings(stack.clock.now(), stack.deps.calendar.coveredYears())) {
  console.warn(`注意：${warning}`);
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // A second Ctrl-C while stopping does not wait any longer.
    if (stopping) process.exit(130);
    stopping = true;
    const now = stack.clock.now();
    stack.stop().then(
      () => {
        console.log(
          message("cli.stopped", {
            minutes: Math.max(0, Math.round((Date.now() - startedAt) / 60_000)),
            fired: fired.length,
            clock: message(stack.clock.mode === "real" ? "cli.clock_real" : "cli.clock_virtual"),
            now: toShanghaiIso(now),
            data: dataDir,
          }),
        );
        process.exit(0);
      },
      (error: unknown) => {
        console.error(message("cli.stop_failed", { error: String(error) }));
        process.exit(1);
      },
    );
  });
}

/** A path as one word for a POSIX shell (quoted only when it needs to be). */
function shellWord(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}
