/**
 * Whether an event came from the person at the keyboard. The overlays live in open shadow roots
 * on the CRM's (and Mojo's) pages, where any page script can reach in and `.click()` a button; a
 * click it makes is not trusted (`isTrusted` is false), and must never send data anywhere.
 * Takes a DOM event or React's wrapper of one.
 */
export function byPerson(event: Event | { nativeEvent: Event }): boolean {
  return ('nativeEvent' in event ? event.nativeEvent : event).isTrusted;
}
