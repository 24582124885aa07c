/** A cell starting with = + - @ gets a quote in front, so a spreadsheet does not run it as a formula. */
export const safeCell = (v: unknown) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
