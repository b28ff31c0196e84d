/**
 * The words every row of a list shows, translated once per list and locale (MessageList) instead of once per row:
 * a page of rows asked vue-i18n for the same few strings a few hundred times.
 */
export interface RowText {
  /** for the date and size */
  locale: string;
  select: string;
  star: string;
  unstar: string;
  noSubject: string;
  unknownSender: string;
  answered: string;
  attachment: string;
  draft: string;
  /** "To: …" for Sent and Drafts */
  to: (names: string) => string;
  /** a conversation row's message count, as its title */
  conversationCount: (count: number) => string;
  /** what a drag of `count` messages says as text */
  dragCount: (count: number) => string;
}
