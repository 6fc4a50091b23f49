// dynalite in its own process (in memory, or LevelDB in a folder given as argument): the simulator and the tests then use both cores,
// and the store's memory is not the main process's. It exits with its parent (the IPC channel closes).
import type { AddressInfo } from "node:net";
import dynalite from "dynalite";
import { installDynaliteFixes } from "./dynalite-fixes";

// memory-level's iterators hold a snapshot of the whole tree: unclosed, a long simulation keeps them all.
installDynaliteFixes();
// With a folder as argument, LevelDB files there (memory bounded by its cache, not by the table's size).
const path = process.argv[2];
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path ? { path } : {}) });
server.listen(0, "127.0.0.1", () => process.send?.({ port: (server.address() as AddressInfo).port }));
process.on("disconnect", () => process.exit(0));
