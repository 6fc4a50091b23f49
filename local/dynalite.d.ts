declare module "dynalite" {
  import type { Server } from "node:http";
  /** dynalite's factory: an http.Server speaking the DynamoDB API (LevelDB at `path`, memory without). */
  export default function dynalite(options?: {
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
  }): Server;
}
