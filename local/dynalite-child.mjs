// dynalite in its own process (in-memory store only): the simulator and the tests then use both cores,
// and the store's memory is not the main process's. It exits with its parent (the IPC channel closes).
import dynalite from "dynalite";

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, "127.0.0.1", () => process.send?.({ port: server.address().port }));
process.on("disconnect", () => process.exit(0));
