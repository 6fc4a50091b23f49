import { fork } from "node:child_process";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { TABLE_INDEXES, TABLE_KEYS } from "../functions/adapters/dynamo/table";
import { installDynaliteFixes, lastCreatedStore } from "./dynalite-fixes";
import { installFrontDoor } from "./dynalite-front";

/** `pid`: the store's own process when it has one (not `inProcess`), for what it costs (the simulator's figures). */
export type RunningDynalite = { endpoint: string; pid?: number; stop(): Promise<void> };

/**
 * dynalite on loopback, in a child process of its own: its CPU (LevelDB, JSON, index upkeep — most of
 * an import's) then runs on the second core beside the caller's. With `path` its LevelDB files are there,
 * otherwise the store is in memory. The child exits with its parent (the IPC channel closes), so a kill -9
 * of the parent leaves no orphan holding the database lock; the child waits for a lock a previous child
 * still holds. `inProcess` keeps dynalite in this process (the store's own crash test kills it between
 * two of its writes).
 */
export async function startDynalite(options: {
  path?: string;
  port?: number;
  inProcess?: boolean;
}): Promise<RunningDynalite> {
  if (!options.inProcess) return startDynaliteProcess(options.path);
  // An item and its index entries in one LevelDB batch; iterators closed (see dynalite-fixes.ts).
  installDynaliteFixes();
  // Loaded after the fixes: dynalite's server module takes its actions when it loads.
  const { default: dynalite } = await import("dynalite");
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path ? { path: options.path } : {}),
  });
  installFrontDoor(server, lastCreatedStore() as Parameters<typeof installFrontDoor>[1]);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function startDynaliteProcess(path?: string): Promise<RunningDynalite> {
  const child = fork(join(import.meta.dirname, "dynalite-child.ts"), path ? [path] : [], {
    execPath: process.execPath,
    execArgv: ["--import", import.meta.resolve("tsx"), ...profiling()],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { port: number }).port));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`dynalite exited with ${code} before listening`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    ...(child.pid === undefined ? {} : { pid: child.pid }),
    // Asked to stop, the child closes the server and LevelDB (its last writes flushed), then exits.
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.send("stop");
      }),
  };
}

/** `DUBAN_STORE_CPU_PROF=<folder>`: the store's process writes a CPU profile there when it stops. */
function profiling(): string[] {
  const folder = process.env.DUBAN_STORE_CPU_PROF;
  return folder ? ["--cpu-prof", `--cpu-prof-dir=${folder}`] : [];
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type TableState = "missing" | "creating" | "active";

async function tableState(client: DynamoDBClient, tableName: string): Promise<TableState> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === "ACTIVE");
    return Table?.TableStatus === "ACTIVE" && indexesActive ? "active" : "creating";
  } catch (error) {
    if ((error as Error).name === "ResourceNotFoundException") return "missing";
    throw error;
  }
}

async function waitUntilActive(client: DynamoDBClient, tableName: string, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until; await pause(20)) {
    if ((await tableState(client, tableName)) === "active") return true;
  }
  return false;
}

/**
 * Creates the table from the same definition CDK deploys, unless it exists, and waits until it and its
 * indexes are ACTIVE (dynalite answers CreateTable while the table is still CREATING). A table left
 * CREATING by a process killed at that moment never held data; it is dropped and made again.
 */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    let state = await tableState(client, tableName);
    if (state === "creating" && !(await waitUntilActive(client, tableName, 2000))) {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      while ((await tableState(client, tableName)) !== "missing") await pause(20);
      state = "missing";
    }
    if (state === "missing") {
      await client.send(new CreateTableCommand(tableDefinition(tableName)));
      if (!(await waitUntilActive(client, tableName, 10_000))) {
        throw new Error(`table ${tableName} did not become ACTIVE`);
      }
    }
  } finally {
    client.destroy();
  }
}

function tableDefinition(tableName: string) {
  const attributes = new Set<string>([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey]);
  for (const index of TABLE_INDEXES) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST" as const,
    AttributeDefinitions: [...attributes].map((AttributeName) => ({
      AttributeName,
      AttributeType: "S" as const,
    })),
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: "HASH" as const },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: "RANGE" as const },
    ],
    GlobalSecondaryIndexes: TABLE_INDEXES.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: "HASH" as const },
        { AttributeName: index.sortKey, KeyType: "RANGE" as const },
      ],
      Projection: { ProjectionType: "ALL" as const },
    })),
  };
}
