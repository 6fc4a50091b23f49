import { join } from "node:path";
import { parseArgs } from "node:util";
import { message } from "../functions/domain/messages";
import { localSecret, signToken } from "./auth";

/** `npx duban token --role … --jurisdiction … [--enterprise …] [--sub …] [--hours 12] [--data .duban]` */
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
try {
  const token = await signToken(localSecret(join(values.data ?? ".duban", "secret")), {
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
