// dynalite in its own process (local/dynamo.ts): the simulator, the tests and `npm start` then use both
// cores, and the store's memory is not the main process's. Argument: the LevelDB folder (none: in memory).
// It exits with its parent (the IPC channel closes), as a kill -9 of the parent would leave it otherwise.
import type { AddressInfo } from "node:net";
import { ClassicLevel } from "classic-level";
import { installDynaliteFixes, lastCreatedStore } from "./dynalite-fixes";
import { installFrontDoor } from "./dynalite-front";

const path = process.argv[2];

/**
 * A child of a parent that was just killed may still hold the folder's lock for a moment while it exits:
 * wait for it (up to 10 s) rather than fail the start.
 */
async function waitForLock(folder: string) {
  for (let attempt = 0; ; attempt++) {
    const db = new ClassicLevel(folder);
    try {
      await db.open();
      await db.close();
      return;
    } catch (error) {
      if (attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

if (path) await waitForLock(path);
// memory-level's iterators hold a snapshot of the whole tree: unclosed, a long simulation keeps them all;
// on disk an item and its index entries must be one LevelDB write (see dynalite-fixes.ts).
installDynaliteFixes();
// Loaded after the fixes: dynalite's server module takes its actions when it loads.
const { default: dynalite } = await import("dynalite");
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path ? { path } : {}) });
// Our adapter's batches straight to the batch actions, past dynalite's generic checks (dynalite-front.ts).
installFrontDoor(server, lastCreatedStore() as Parameters<typeof installFrontDoor>[1]);
server.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as AddressInfo).port }));
process.on("disconnect", () => process.exit(0));
// Ctrl-C and a SIGTERM to the process group reach this child too: the parent decides when the store
// stops (it still writes the clock's time on its way out) and tells it, or dies and disconnects.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => undefined);
process.on("message", (m) => {
  if (m === "stop") server.close(() => process.exit(0));
});
