import type { InjectionKey, Ref } from 'vue';

/**
 * Which row of the list is open and which has the keyboard cursor, given by the mail page to the list's rows. Each row
 * compares them with its own UID, so moving the open message (j/k) re-renders the two rows whose mark changed,
 * not the list and every row in it.
 */
export interface RowMarks {
  open: Readonly<Ref<number | null>>;
  /** only while no message is open */
  cursor: Readonly<Ref<number | null>>;
}

export const ROW_MARKS: InjectionKey<RowMarks> = Symbol('row-marks');
