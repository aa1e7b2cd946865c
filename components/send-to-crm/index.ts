/** Send to CRM: the buttons a content script puts on Mojo's contact sheet, inside a shadow root. */
export { SendToCrmButtons, type SendToCrmButtonsProps } from './SendToCrmButtons';
export { createSendStore, type SendState, type SendStore, type SendToCrmClient } from './store';
export { sendToCrmCss } from './styles';
export { openLinkText, safeRecordHref, sendButtonLabel, sendingText, sentText } from './words';
