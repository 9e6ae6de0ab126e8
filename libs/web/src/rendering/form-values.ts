/** A posted form's fields: a name sent once is a string, sent several times (ticked boxes) an array. */
export type FormFields = Record<string, string | string[] | undefined>;

/** One field's value, trimmed ('' when absent; the first when sent more than once). */
export const formText = (v: string | string[] | undefined): string => (Array.isArray(v) ? v[0] : (v ?? '')).trim();

/** Every value of a field sent any number of times (ticked checkboxes). */
export const formList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
