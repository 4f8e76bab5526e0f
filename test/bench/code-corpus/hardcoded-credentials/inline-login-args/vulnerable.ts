interface SshClient {
  connect(options: { host: string; username: string }, password: string): void;
}

export function deploy(conn: SshClient, host: string): SshClient {
  conn.connect({ host, username: "deploy" }, "hunter2");
  return conn;
}
