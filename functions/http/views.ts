/**
 * What the API shows of a hazard or an accident case: the record without the store's bookkeeping — its
 * revision (`rev`, for conditional writes), the ladder plan's version and planning instant, and the steps
 * already fired — which the supervision needs and no caller may depend on; `upcoming` and `timeline` say
 * what comes next and what happened.
 */
export function publicView<T extends object>(
  subject: T,
): Omit<T, "rev" | "planVersion" | "plannedAt" | "firedSteps"> {
  const {
    rev: _rev,
    planVersion: _version,
    plannedAt: _at,
    firedSteps: _fired,
    ...shown
  } = subject as T & {
    rev?: unknown;
    planVersion?: unknown;
    plannedAt?: unknown;
    firedSteps?: unknown;
  };
  return shown;
}

/** A page of hazards or cases, each as `publicView` shows it. */
export function publicPage<T extends object>(page: { items: T[]; nextToken?: string }) {
  return { ...page, items: page.items.map(publicView) };
}
