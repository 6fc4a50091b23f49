import { createApp } from "vue";
import App from "./App.vue";
import { router } from "./router";
import { whenSignedOut } from "./session";
import "./style.css";

whenSignedOut((reason) => {
  router.push({ name: "sign-in", query: reason ? { reason } : {} });
});

createApp(App).use(router).mount("#app");
