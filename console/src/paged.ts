import { reactive } from "vue";
import { ApiError } from "./api";

export type Page<T> = { items: T[]; nextToken?: string };

/**
 * A list that pages through the API's nextToken: the first page on load, the next on "加载更多", with the
 * loading and error states every list shows.
 */
export function paged<T>(fetchPage: (nextToken: string | undefined) => Promise<Page<T>>) {
  const list = reactive({
    items: [] as T[],
    nextToken: undefined as string | undefined,
    loading: false,
    loaded: false,
    error: undefined as string | undefined,
    async reload() {
      list.items = [];
      list.nextToken = undefined;
      list.loaded = false;
      await list.more();
    },
    async more() {
      list.loading = true;
      list.error = undefined;
      try {
        const page = await fetchPage(list.nextToken);
        list.items = [...list.items, ...page.items] as typeof list.items;
        list.nextToken = page.nextToken;
        list.loaded = true;
      } catch (error) {
        list.error = error instanceof ApiError ? error.message : "加载失败，请稍后重试";
      } finally {
        list.loading = false;
      }
    },
  });
  return list;
}

/** Every page of a listing (for figures that need the whole period: the filing rate, the chart). */
export async function all<T>(fetchPage: (nextToken: string | undefined) => Promise<Page<T>>, cap = 50) {
  const items: T[] = [];
  let token: string | undefined;
  for (let i = 0; i < cap; i++) {
    const page = await fetchPage(token);
    items.push(...page.items);
    token = page.nextToken;
    if (!token) break;
  }
  return items;
}
