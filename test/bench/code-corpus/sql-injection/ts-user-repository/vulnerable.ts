import Database from "better-sqlite3";

export interface User {
  id: number;
  name: string;
  role: string;
}

export class UserRepository {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
  }

  findByName(name: string): User | undefined {
    return this.db.prepare(`SELECT id, name, role FROM users WHERE name = '${name}'`).get() as User | undefined;
  }
}
