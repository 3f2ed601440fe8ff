// The bubble's words in English, apart from the rest: the launcher shows them without loading the player's
// catalogue, and the player does not carry them. Other languages have them in their one catalogue.
export const enBubble = {
  bubbleLabel: 'Video feedback',
  bubbleOpen: 'Open video feedback',
  close: 'Close',
  loading: 'Loading…',
  playerFailed: 'The video player could not be loaded. Check your connection and try again.',
};
