import { fakeChildProcess, loadModule } from "../harness.mjs";

async function withHost(modulePath, host) {
  const previous = process.env.HEALTHCHECK_HOST;
  process.env.HEALTHCHECK_HOST = host;
  try {
    const child = fakeChildProcess();
    const { healthcheck } = loadModule(modulePath, { fakes: { child_process: child.module } });
    const up = await healthcheck();
    return { up, programs: child.programs() };
  } finally {
    if (previous === undefined) delete process.env.HEALTHCHECK_HOST;
    else process.env.HEALTHCHECK_HOST = previous;
  }
}

/** The health check still pings the configured host; a host value with `;` starts nothing else. */
export async function check(modulePath) {
  const ok = await withHost(modulePath, "db.internal");
  const normal = ok.up === true && ok.programs.join() === "ping";
  const attack = await withHost(modulePath, "db.internal; shutdown -h now");
  const attackBlocked = attack.programs.every((program) => program === "ping");
  return { normal, attackBlocked };
}
