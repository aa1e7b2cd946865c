/** How each fault run starts: Mojo and Zoho connected, the All Contacts view filled. */
import type { Page } from '@playwright/test';
import { connectBoth } from '../fixtures';
import type { Sandbox } from '../sandbox';
import { viewOf } from './figures';

/** Connect Mojo and Zoho, then make All Contacts hold exactly `count` generated contacts; their api ids. */
export async function connectWithView(popup: Page, sandbox: Sandbox, count: number): Promise<string[]> {
  await connectBoth(popup);
  return viewOf(sandbox, count);
}
