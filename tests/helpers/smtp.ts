// A real SMTP server on 127.0.0.1 for end-to-end tests: it records every accepted message, parsed with
// mailparser, and lets a test hold or refuse the DATA of chosen recipients.
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMessage {
  /** Envelope recipients of this transaction. */
  to: string[];
  parsed: ParsedMail;
  raw: string;
}

export interface TestSmtp {
  port: number;
  messages: ReceivedMessage[];
  /** Called when a message's DATA starts; return a delay in ms to hold the reply (0 = accept now). */
  holdFor: (recipients: string[]) => number;
  /** Called when a message's DATA ends; return a promise to hold the reply until it settles (or null). */
  holdUntil: (recipients: string[], sessionId: string) => Promise<unknown> | null;
  /** Refuse a recipient at RCPT TO with this SMTP code (e.g. 451, 550), or accept it (null). */
  refuse: (address: string) => number | null;
  /** Recipients started (DATA begun), in order, including held or refused ones. */
  started: string[][];
  /** With `auth`: the user names that logged in (AUTH offered over plaintext, no STARTTLS). */
  logins: string[];
  /** Client connections opened, and those the server has seen end (a killed client's included). */
  sessionsOpened: number;
  sessionsClosed: number;
  /** Whether the server has seen this session end (e.g. its client was killed). */
  sessionClosed: (sessionId: string) => boolean;
  close(): Promise<void>;
}

export async function startTestSmtp(options: { auth?: boolean } = {}): Promise<TestSmtp> {
  const state: TestSmtp = {
    port: 0,
    messages: [],
    started: [],
    logins: [],
    sessionsOpened: 0,
    sessionsClosed: 0,
    holdFor: () => 0,
    holdUntil: () => null,
    refuse: () => null,
    sessionClosed: () => false,
    close: async () => {},
  };
  // A message whose client hung up before our reply was never acknowledged: the sender cannot know it
  // arrived, so (like a careful MTA) we drop it rather than count it as delivered.
  const closed = new Set<string>();
  state.sessionClosed = (id) => closed.has(id);
  const server = new SMTPServer({
    onRcptTo(address, _session, callback) {
      const code = state.refuse(address.address);
      if (code === null) return callback();
      const error = Object.assign(new Error(`${code === 550 ? 'mailbox unavailable' : 'try again later'}`), {
        responseCode: code,
      });
      callback(error);
    },
    onConnect(_session, callback) {
      state.sessionsOpened++;
      callback();
    },
    onClose(session) {
      closed.add(session.id);
      state.sessionsClosed++;
    },
    authOptional: true,
    // With `auth`, a server that takes a password without TLS (as many old relays do).
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: Boolean(options.auth),
    onAuth(auth, _session, callback) {
      state.logins.push(auth.username ?? '');
      callback(null, { user: auth.username });
    },
    logger: false,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address);
      state.started.push(to);
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const accept = () => {
          if (closed.has(session.id)) return callback(new Error('client went away'));
          simpleParser(raw).then(
            (parsed) => {
              state.messages.push({ to, parsed, raw });
              callback(null, `250 OK queued as ${state.messages.length}`);
            },
            (error: unknown) => callback(error as Error),
          );
        };
        const delay = state.holdFor(to);
        const gate = state.holdUntil(to, session.id);
        const afterDelay = () => (gate ? void gate.then(accept, accept) : accept());
        if (delay > 0) setTimeout(afterDelay, delay);
        else afterDelay();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.server.address() as AddressInfo).port;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

/** A TCP server on 127.0.0.1 that accepts connections and never says a word (a dead SMTP server). */
export async function startSilentServer(): Promise<{
  port: number;
  connections: number;
  close(): Promise<void>;
}> {
  const sockets = new Set<Socket>();
  const state = { port: 0, connections: 0, close: async () => {} };
  const server = createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}
