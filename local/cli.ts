import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { message } from "../functions/domain/messages";
import { existingSecret, signToken } from "./auth";

/**
 * `npx duban token --role … --jurisdiction … [--enterprise …] [--sub …] [--hours 12] [--data .duban]`: signs
 * with the secret of the data folder `npm start` uses (the same `--data`). Loads no more than it needs, so
 * that it answers in about a second.
 */
const [command, ...rest] = process.argv.slice(2);
if (command !== "token") {
  console.error(message("cli.token_usage"));
  process.exit(2);
}
const { values } = parseArgs({
  args: rest,
  options: {
    role: { type: "string" },
    jurisdiction: { type: "string" },
    enterprise: { type: "string" },
    sub: { type: "string" },
    hours: { type: "string", default: "12" },
    data: { type: "string", default: ".duban" },
  },
});
const data = values.data ?? ".duban";
const secret = existingSecret(join(data, "secret"));
if (!secret) {
  console.error(`duban token：${message("cli.no_data_folder", { data: resolve(data) })}`);
  process.exit(2);
}
try {
  const token = await signToken(secret, {
    role: values.role as never,
    jurisdiction: values.jurisdiction ?? "",
    ...(values.enterprise ? { enterprise: values.enterprise } : {}),
    ...(values.sub ? { sub: values.sub } : {}),
    hours: Number(values.hours),
  });
  console.log(token);
} catch (error) {
  const issues = (error as { issues?: { path: unknown[]; message: string }[] }).issues;
  if (issues)
    for (const i of issues)
      console.error(
        message("cli.argument", {
          program: "duban token",
          argument: i.path.join(".") || "参数",
          problem: i.message,
        }),
      );
  else console.error(`duban token：${(error as Error).message}`);
  process.exit(2);
}
