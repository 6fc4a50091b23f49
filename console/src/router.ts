import { createRouter, createWebHistory, type RouteRecordRaw } from "vue-router";
import { state } from "./session";

/** Every page but sign-in is loaded on demand, so the first download stays small. */
const routes: RouteRecordRaw[] = [
  {
    path: "/sign-in",
    name: "sign-in",
    component: () => import("./pages/SignIn.vue"),
    meta: { public: true },
  },
  {
    path: "/auth/callback",
    name: "auth-callback",
    component: () => import("./pages/AuthCallback.vue"),
    meta: { public: true },
  },
  {
    path: "/",
    component: () => import("./pages/Shell.vue"),
    children: [
      { path: "", name: "start", component: () => import("./pages/Start.vue") },
      {
        path: "home",
        name: "home",
        component: () => import("./pages/EnterpriseHome.vue"),
        meta: { title: "首页" },
      },
      {
        path: "report/:period?",
        name: "report",
        component: () => import("./pages/MonthlyReport.vue"),
        meta: { title: "自查自报月报" },
      },
      {
        path: "hazards",
        name: "hazards",
        component: () => import("./pages/Hazards.vue"),
        meta: { title: "隐患" },
      },
      {
        path: "hazards/:id",
        name: "hazard",
        component: () => import("./pages/HazardDetail.vue"),
        meta: { title: "隐患详情" },
      },
      {
        path: "messages",
        name: "messages",
        component: () => import("./pages/Notifications.vue"),
        meta: { title: "消息" },
      },
      {
        path: "dashboard",
        name: "dashboard",
        component: () => import("./pages/Dashboard.vue"),
        meta: { title: "工作台" },
      },
      {
        path: "enterprises",
        name: "enterprises",
        component: () => import("./pages/Enterprises.vue"),
        meta: { title: "监管对象" },
      },
      {
        path: "imports",
        name: "imports",
        component: () => import("./pages/Imports.vue"),
        meta: { title: "导入监管对象" },
      },
      {
        path: "enterprises/:creditCode",
        name: "enterprise",
        component: () => import("./pages/EnterpriseDetail.vue"),
        meta: { title: "企业" },
      },
      {
        path: "accidents",
        name: "accidents",
        component: () => import("./pages/Accidents.vue"),
        meta: { title: "事故" },
      },
      {
        path: "accidents/:id",
        name: "accident",
        component: () => import("./pages/AccidentDetail.vue"),
        meta: { title: "事故详情" },
      },
      {
        path: "reports",
        name: "reports",
        component: () => import("./pages/Reports.vue"),
        meta: { title: "月报" },
      },
      {
        path: "bulletins",
        name: "bulletins",
        component: () => import("./pages/Bulletins.vue"),
        meta: { title: "通报" },
      },
      {
        path: "bulletins/:id",
        name: "bulletin",
        component: () => import("./pages/BulletinDetail.vue"),
        meta: { title: "通报详情" },
      },
      {
        path: "notifications",
        name: "notifications",
        component: () => import("./pages/Notifications.vue"),
        meta: { title: "通知记录" },
      },
      {
        path: "holidays",
        name: "holidays",
        component: () => import("./pages/Holidays.vue"),
        meta: { title: "节假日" },
      },
    ],
  },
  {
    path: "/:rest(.*)*",
    name: "not-found",
    component: () => import("./pages/NotFound.vue"),
    meta: { public: true },
  },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach((to) => {
  if (!to.meta.public && !state.session) {
    return { name: "sign-in", query: to.fullPath !== "/" ? { next: to.fullPath } : {} };
  }
  return true;
});

router.afterEach((to) => {
  const title = to.meta.title as string | undefined;
  document.title = title ? `${title} · 督办` : "督办 · 安全生产监管";
});
