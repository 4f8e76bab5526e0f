import { fakeChildProcess, loadModule } from "../harness.mjs";

/** The size is still read from `du`; a directory name with `$(…)` runs nothing else. */
export async function check(modulePath) {
  const child = fakeChildProcess("4.0K\t/var/log\n");
  const { diskUsage } = loadModule(modulePath, { fakes: { child_process: child.module } });
  const usage = diskUsage("/var/log");
  const normal = usage.size === "4.0K" && usage.path === "/var/log" && child.programs().join() === "du";
  diskUsage('/tmp/$(touch /tmp/pwned)"; reboot; echo "');
  const attackBlocked = child.programs().every((program) => program === "du");
  return { normal, attackBlocked };
}
