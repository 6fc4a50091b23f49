import { readFileSync } from "node:fs";

/**
 * Where a simulation's time and memory go, phase by phase: wall and CPU seconds, the simulator's resident
 * memory at the end of the phase and its peak during it, the in-memory store's process beside it (its own
 * RSS and CPU, from /proc), and the 1-minute load average — the machine is shared, and a timing means
 * little without the load it was taken under.
 */
export type Phase = {
  name: string;
  wallSeconds: number;
  cpuSeconds: number;
  rssMB: number;
  peakRssMB: number;
  store?: { rssMB: number; peakRssMB: number; cpuSeconds: number };
  loadAverage: number;
};

const MB = 2 ** 20;
const mb = (bytes: number) => Math.round(bytes / MB);
const round = (n: number) => Math.round(n * 10) / 10;

/** The 1-minute load average; 0 where /proc is missing. */
export function loadAverage(): number {
  try {
    return Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
  } catch {
    return 0;
  }
}

/** RSS and peak RSS (kB lines of /proc/<pid>/status) and CPU seconds (utime + stime of /proc/<pid>/stat). */
export function processFigures(pid: number): { rss: number; peak: number; cpu: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0) * 1024;
    // Fields 14 and 15 after the command (in parentheses, which may hold spaces), in clock ticks of 1/100 s.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cpu = (Number(fields[11]) + Number(fields[12])) / 100;
    return { rss: kb("VmRSS"), peak: kb("VmHWM"), cpu };
  } catch {
    return undefined;
  }
}

export function createPhaseMeter() {
  let storePid: number | undefined;
  const phases: Phase[] = [];
  let began = performance.now();
  let cpu = process.cpuUsage();
  let storeCpu = 0;
  let phasePeak = process.memoryUsage().rss;
  let peak = phasePeak;
  const sample = () => {
    const rss = process.memoryUsage().rss;
    phasePeak = Math.max(phasePeak, rss);
    peak = Math.max(peak, rss);
  };
  const sampler = setInterval(sample, 200);
  sampler.unref();
  return {
    /** From now on the store's own process is measured beside this one. */
    watchStore(pid: number | undefined) {
      storePid = pid;
      storeCpu = pid === undefined ? 0 : (processFigures(pid)?.cpu ?? 0);
    },
    /** Ends the phase in progress under `name` and starts the next. */
    end(name: string): Phase {
      sample();
      const used = process.cpuUsage(cpu);
      const store = storePid === undefined ? undefined : processFigures(storePid);
      const phase: Phase = {
        name,
        wallSeconds: round((performance.now() - began) / 1000),
        cpuSeconds: round((used.user + used.system) / 1e6),
        rssMB: mb(process.memoryUsage().rss),
        peakRssMB: mb(phasePeak),
        ...(store
          ? {
              store: {
                rssMB: mb(store.rss),
                peakRssMB: mb(store.peak),
                cpuSeconds: round(store.cpu - storeCpu),
              },
            }
          : {}),
        loadAverage: loadAverage(),
      };
      phases.push(phase);
      began = performance.now();
      cpu = process.cpuUsage();
      if (store) storeCpu = store.cpu;
      phasePeak = process.memoryUsage().rss;
      return phase;
    },
    phases,
    peakRssMB: () => mb(peak),
    stop: () => clearInterval(sampler),
  };
}

/** One line of a phase for the terminal. */
export function phaseLine(p: Phase): string {
  const store = p.store
    ? `; store RSS ${p.store.rssMB} MB (peak ${p.store.peakRssMB}), CPU ${p.store.cpuSeconds} s`
    : "";
  return `${p.name}: ${p.wallSeconds} s wall, ${p.cpuSeconds} s CPU, RSS ${p.rssMB} MB (peak ${p.peakRssMB})${store}, load ${p.loadAverage}`;
}
