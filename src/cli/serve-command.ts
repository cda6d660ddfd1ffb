// `ivs-conformance serve`: the embedded reference, in the foreground until SIGINT/SIGTERM.
import { startReference } from '../reference/index.ts';
import { mutantById } from '../reference/mutants.ts';
import { alternateById } from '../reference/alternates.ts';
import { EMBEDDED_CREDENTIALS } from '../reference/embedded.ts';
import type { Environment } from '../engine/context.ts';
import { UsageError, credentialsFrom } from './options.ts';

export interface ServeFlags {
  port: number;
  host: string;
  environment: Environment;
  profile: string;
  apiKey?: string;
  apiSecret?: string;
  signingKey?: string;
  rateLimit?: number;
  mutant?: string;
  deny?: string[];
  alternate?: string[];
}

export async function serveCommand(flags: ServeFlags): Promise<number> {
  const given = credentialsFrom(flags.apiKey, flags.apiSecret, '--api-key/--api-secret');
  if (flags.mutant && !mutantById(flags.mutant)) throw new UsageError(`unknown mutant "${flags.mutant}" (see: ivs-conformance list --mutants)`);
  for (const id of flags.alternate ?? []) {
    const found = alternateById(id);
    if (!found) throw new UsageError(`unknown alternate "${id}" (see: ivs-conformance list --alternates)`);
    if (found.profiles && !found.profiles.includes(flags.profile)) throw new UsageError(`alternate "${id}" holds only under the ${found.profiles.join(', ')} profile (add --profile ${found.profiles[0]})`);
  }
  const credentials = given ? [given] : EMBEDDED_CREDENTIALS;
  let server;
  try {
    server = await startReference({
      host: flags.host,
      port: flags.port,
      environment: flags.environment,
      profile: flags.profile,
      credentials,
      signingKey: flags.signingKey,
      mutant: flags.mutant,
      alternates: flags.alternate,
      deniedFeatures: flags.deny,
      ...(flags.rateLimit ? { rateLimit: { max: flags.rateLimit, windowMs: 3_600_000 } } : {}),
    });
  } catch (error) {
    throw new UsageError(`cannot listen on ${flags.host}:${flags.port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  process.stdout.write(`ivs-conformance reference listening on ${server.url} (${flags.environment}, profile ${flags.profile}${flags.mutant ? `, mutant ${flags.mutant}` : ''}${flags.alternate?.length ? `, alternates ${flags.alternate.join(',')}` : ''})\n`);
  // The embedded defaults are public test values; credentials a user passed are never printed.
  if (!given) process.stdout.write(`credentials: ${EMBEDDED_CREDENTIALS.map((c) => `${c.key} / ${c.secret}`).join(', ')}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  process.stdout.write('stopped\n');
  return 0;
}
