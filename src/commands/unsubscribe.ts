// `stancewatch unsubscribe EMAIL [--list ID]`: stores a suppression. mailto: unsubscribes arrive in a
// mailbox, so an operator (or a mail hook) records them here; https one-click ones use the same store.
import { z } from 'zod';
import { UsageError } from '../errors.js';
import type { Logger } from '../log.js';
import { openContext } from '../pipeline/context.js';
import { selectLists } from '../pipeline/digest.js';

export interface UnsubscribeOptions {
  email: string;
  list?: string;
  reason?: string;
  config?: string;
  db?: string;
  logger: Logger;
  write: (chunk: string) => void;
}

export async function unsubscribeCommand(options: UnsubscribeOptions): Promise<void> {
  const email = options.email.trim();
  if (!z.email().safeParse(email).success)
    throw new UsageError(`invalid email address "${email}" (expected name@domain)`);
  const ctx = await openContext(options);
  try {
    if (options.list) selectLists(ctx.loaded.config.lists, [options.list]);
    await ctx.store.addSuppression({
      email,
      listId: options.list ?? null,
      reason: options.reason ?? 'unsubscribed by request',
    });
    options.write(
      `${email} will receive no more digests${options.list ? ` from list ${options.list}` : ''}.\n`,
    );
  } finally {
    await ctx.store.close();
  }
}
