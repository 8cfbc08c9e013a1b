/**
 * The service under benchmark: `node --import tsx src/main.ts` as a child process with a fresh
 * temporary data directory, or an already running server given by URL. The child is killed on
 * every way out: a start that fails or times out, an error in the benchmark, Ctrl-C, exit.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const START_TIMEOUT_MS = 60_000;
/** A clean stop saves the HNSW indexes; a large one takes a while. */
const STOP_TIMEOUT_MS = 120_000;
const OUTPUT_TAIL = 64 * 1024;

export interface BenchServer {
  url: string;
  /** The bound gRPC port (the server logs it at start); undefined for a server given by URL. */
  grpcPort: number | undefined;
  /** The server's process id; undefined for a server given by URL. */
  pid: number | undefined;
  /** The started server's data directory (PERSISTENCE_DATA_PATH); undefined for a server given by URL. */
  dataPath: string | undefined;
  /** The server's last log output (empty for a server given by URL). */
  output(): string;
  /** Stops a started server (SIGTERM, then SIGKILL) and removes its data; no-op for a URL. */
  close(): Promise<void>;
}

interface Running {
  dataPath: string;
  exited: Promise<unknown>;
}

const running = new Map<ChildProcess, Running>();
let hooksInstalled = false;

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // Last resort: no child outlives the benchmark process (only synchronous work is possible here).
  process.on("exit", () => {
    for (const [child, { dataPath }] of running) {
      child.kill("SIGKILL");
      rmSync(dataPath, { recursive: true, force: true, maxRetries: 3 });
    }
  });
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.once(signal, () => {
      console.error(`${signal}: stopping the server`);
      const stopping = [...running].map(async ([child, { dataPath, exited }]) => {
        child.kill("SIGKILL");
        await exited;
        await rm(dataPath, { recursive: true, force: true });
      });
      void Promise.allSettled(stopping).then(() => process.exit(code));
    });
  }
}

/** Uses the server at `url`, or starts one (data in a new temp dir named after `prefix`). */
export async function openServer(url: string | undefined, prefix: string): Promise<BenchServer> {
  if (url) {
    return {
      url: url.replace(/\/+$/, ""),
      grpcPort: undefined,
      pid: undefined,
      dataPath: undefined,
      output: () => "",
      close: async () => {},
    };
  }
  return startServer(prefix);
}

export async function startServer(prefix: string): Promise<BenchServer> {
  installHooks();
  const dataPath = await mkdtemp(path.join(os.tmpdir(), prefix));
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    // As `npm start`: a fixed mmap threshold lets glibc hand closed indexes' memory back.
    env: {
      MALLOC_MMAP_THRESHOLD_: "131072",
      ...process.env,
      HOST: "127.0.0.1",
      PORT: "0",
      GRPC_PORT: "0",
      LOG_LEVEL: "info",
      PERSISTENCE_DATA_PATH: dataPath,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 2 * OUTPUT_TAIL) output = output.slice(-OUTPUT_TAIL);
  };
  child.stderr!.on("data", append);
  // Resolves once the process is gone, or was never there (spawn failed).
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
    child.once("error", () => {
      if (child.pid === undefined) resolve({ code: null, signal: null });
    });
  });
  running.set(child, { dataPath, exited });
  const stop = async () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataPath, { recursive: true, force: true });
    running.delete(child);
  };
  try {
    const ready = await new Promise<{ port: number; grpcPort: number }>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`server did not log "ready" within ${START_TIMEOUT_MS / 1000} s:\n${output}`)),
        START_TIMEOUT_MS,
      );
      let pending = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        append(chunk);
        pending += chunk.toString();
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) {
          if (!line.includes('"msg":"ready"')) continue;
          clearTimeout(timer);
          resolve(JSON.parse(line) as { port: number; grpcPort: number });
        }
      });
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(new Error(`could not start the server: ${error.message}`));
      });
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`server exited (code ${code}, signal ${signal}) before it was ready:\n${output}`));
      });
    });
    return {
      url: `http://127.0.0.1:${ready.port}`,
      grpcPort: ready.grpcPort,
      pid: child.pid,
      dataPath,
      output: () => output,
      close: stop,
    };
  } catch (error) {
    child.kill("SIGKILL");
    await stop();
    throw error;
  }
}

/** Peak resident set size (VmHWM) of a process, in bytes. */
export async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** Resident memory now (VmRSS) of a process, in bytes. */
export async function currentRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** Samples a process's RSS every 20 ms while `work` runs; returns the highest sample. */
export async function highestRssDuring(pid: number, work: () => Promise<void>): Promise<number> {
  let highest = await currentRss(pid);
  let running = true;
  const sampling = (async () => {
    while (running) {
      highest = Math.max(highest, await currentRss(pid).catch(() => 0));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    await work();
  } finally {
    running = false;
    await sampling;
  }
  return highest;
}

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU time (user + system) a process has used so far, in seconds, from /proc/<pid>/stat. */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // Fields after "(comm)": state is field 3, utime field 14, stime field 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / clockTicks();
}

/** CPU time a run used: the server's (undefined without its pid), this process's, and the run's wall time. */
export interface CpuUse {
  serverSeconds: number | undefined;
  clientSeconds: number;
  wallSeconds: number;
}

/** Runs `work`, reading the server's and this process's CPU time before and after it. */
export async function sampleCpu<T>(pid: number | undefined, work: () => Promise<T>): Promise<{ result: T; cpu: CpuUse }> {
  const serverBefore = pid === undefined ? undefined : await cpuSeconds(pid);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const wallSeconds = (performance.now() - started) / 1000;
  const clientUsage = process.cpuUsage(clientBefore);
  const serverAfter = pid === undefined ? undefined : await cpuSeconds(pid);
  return {
    result,
    cpu: {
      serverSeconds: serverBefore === undefined || serverAfter === undefined ? undefined : serverAfter - serverBefore,
      clientSeconds: (clientUsage.user + clientUsage.system) / 1e6,
      wallSeconds,
    },
  };
}

/**
 * Runs `measure` against a server opened as openServer does, then closes it; on a failure the
 * tail of the server's own output is printed first, since that is usually where the cause is.
 */
export async function measureOnServer<T>(url: string | undefined, prefix: string, measure: (server: BenchServer) => Promise<T>): Promise<T> {
  const server = await openServer(url, prefix);
  try {
    return await measure(server);
  } catch (error) {
    const output = server.output();
    if (output) console.error(`--- server output (tail) ---\n${output.slice(-4000)}\n---`);
    throw error;
  } finally {
    await server.close();
  }
}
