import { fileURLToPath, URL } from "node:url";
import { gzipSync } from "node:zlib";
import vue from "@vitejs/plugin-vue";
import AutoImport from "unplugin-auto-import/vite";
import { ElementPlusResolver } from "unplugin-vue-components/resolvers";
import Components from "unplugin-vue-components/vite";
import { defineConfig, type Plugin } from "vite";

/** What the browser downloads before the first page renders, gzipped; above this the build fails. */
const INITIAL_JS_BUDGET = 500 * 1024;

/**
 * Sums the entry chunk and every chunk it imports statically (lazy pages are not counted: the router loads
 * them on demand), prints the gzipped size and fails the build over budget.
 */
function initialJsBudget(): Plugin {
  return {
    name: "duban-initial-js-budget",
    apply: "build",
    generateBundle(_options, bundle) {
      const seen = new Set<string>();
      const visit = (file: string) => {
        const chunk = bundle[file];
        if (!chunk || chunk.type !== "chunk" || seen.has(file)) return;
        seen.add(file);
        for (const imported of chunk.imports) visit(imported);
      };
      for (const [file, chunk] of Object.entries(bundle)) {
        if (chunk.type === "chunk" && chunk.isEntry) visit(file);
      }
      let gzipped = 0;
      for (const file of seen) {
        const chunk = bundle[file];
        if (chunk?.type === "chunk") gzipped += gzipSync(chunk.code).length;
      }
      const kb = (gzipped / 1024).toFixed(1);
      console.log(`\nconsole: initial JS ${kb} KB gzipped in ${seen.size} chunk(s) (budget 500 KB)`);
      if (gzipped > INITIAL_JS_BUDGET) this.error(`initial JS is ${kb} KB gzipped, above the 500 KB budget`);
    },
  };
}

const api = process.env.DUBAN_API ?? "http://127.0.0.1:3000";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  plugins: [
    vue(),
    AutoImport({ resolvers: [ElementPlusResolver()], dts: false }),
    Components({ resolvers: [ElementPlusResolver()], dts: false }),
    initialJsBudget(),
  ],
  resolve: {
    // The API's zod schemas and domain rules, imported rather than copied (they are pure: zod only).
    alias: { "@functions": fileURLToPath(new URL("../functions", import.meta.url)) },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    host: "127.0.0.1",
    port: 5173,
    proxy: { "/v1": api, "/_local": api, "/healthz": api },
  },
});
