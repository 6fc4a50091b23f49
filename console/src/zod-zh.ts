import { z } from "zod";

// Checks the console runs with the API's own schemas report zod's built-in issues in Chinese.
z.config(z.locales.zhCN());
