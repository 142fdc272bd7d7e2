// A Store holding only what the worker touches (runs, leases, source state) in memory, shared by
// several in-process workers the way two processes share one SQLite file. Stand-in until
// src/store/sqlite.ts lands; everything else throws so a test relying on it fails loudly.
import type { Lease, RunRecord, SourceState, Store } from '../../src/store/types.js';

export function createMemoryStore(
  now: () => Date = () => new Date(),
): Store & { runs: RunRecord[]; closed: number } {
  const runs: RunRecord[] = [];
  const leases = new Map<string, Lease>();
  const sources = new Map<string, SourceState>();
  const saved = new Map<string, number>();
  const missing = (name: string) => () => Promise.reject(new Error(`memory store: ${name} not implemented`));
  return {
    name: 'memory',
    runs,
    closed: 0,
    saveArticle(article) {
      // Content-hash dedup, as the real store does.
      const known = saved.get(article.contentHash);
      if (known !== undefined)
        return Promise.resolve({ status: 'unchanged' as const, articleId: known, version: 1 });
      saved.set(article.contentHash, saved.size + 1);
      return Promise.resolve({ status: 'new' as const, articleId: saved.size, version: 1 });
    },
    listArticles: () => Promise.resolve([]),
    getArticle: () => Promise.resolve(null),
    listPositions: () => Promise.resolve([]),
    startRun(run) {
      const id = runs.length + 1;
      runs.push({
        id,
        kind: run.kind,
        listId: run.listId ?? null,
        scheduledFor: run.scheduledFor ?? null,
        startedAt: now().toISOString(),
        finishedAt: null,
        status: 'running',
        counts: {},
        error: null,
      });
      return Promise.resolve(id);
    },
    finishRun(id, result) {
      const run = runs.find((r) => r.id === id);
      if (run)
        Object.assign(run, {
          status: result.status,
          counts: result.counts ?? {},
          error: result.error ?? null,
          finishedAt: now().toISOString(),
        });
      return Promise.resolve();
    },
    listRuns(filter = {}) {
      const list = runs
        .filter(
          (r) =>
            (!filter.listId || r.listId === filter.listId) &&
            (!filter.kind || r.kind === filter.kind) &&
            (!filter.status || r.status === filter.status),
        )
        .sort((a, b) => b.id - a.id);
      return Promise.resolve(list.slice(0, filter.limit ?? list.length).map((r) => ({ ...r })));
    },
    getDelivery: () => Promise.resolve(null),
    recordDelivery: missing('recordDelivery'),
    listDeliveries: () => Promise.resolve([]),
    lastDeliveredUntil: () => Promise.resolve(null),
    addSuppression: missing('addSuppression'),
    isSuppressed: () => Promise.resolve(false),
    listSuppressions: () => Promise.resolve([]),
    getSourceState: (id) => Promise.resolve(sources.get(id) ?? null),
    putSourceState(state) {
      sources.set(state.sourceId, { ...state });
      return Promise.resolve();
    },
    acquireLease(name, holder, ttlMs) {
      const lease = leases.get(name);
      const t = Date.now();
      if (lease && lease.holder !== holder && Date.parse(lease.expiresAt) > t) return Promise.resolve(false);
      leases.set(name, { name, holder, expiresAt: new Date(t + ttlMs).toISOString() });
      return Promise.resolve(true);
    },
    releaseLease(name, holder) {
      if (leases.get(name)?.holder === holder) leases.delete(name);
      return Promise.resolve();
    },
    getLease: (name) => Promise.resolve(leases.get(name) ?? null),
    close() {
      this.closed++;
      return Promise.resolve();
    },
  };
}
