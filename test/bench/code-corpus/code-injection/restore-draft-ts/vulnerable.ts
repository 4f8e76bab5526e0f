export interface Draft {
  title: string;
  body: string;
}

export function restoreDraft(saved: string): Draft {
  return new Function("return " + saved)() as Draft;
}
