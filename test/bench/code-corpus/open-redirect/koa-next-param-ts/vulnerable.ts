// Koa's context, as far as these middlewares use it.
interface Context {
  state: { user?: string };
  url: string;
  query: Record<string, string | string[] | undefined>;
  redirect(url: string): void;
}
type Next = () => Promise<void>;

export async function requireLogin(ctx: Context, next: Next): Promise<void> {
  if (!ctx.state.user) {
    ctx.redirect(`/login?next=${encodeURIComponent(ctx.url)}`);
    return;
  }
  await next();
}

export function afterLogin(ctx: Context): void {
  ctx.redirect(String(ctx.query.next ?? "/"));
}
