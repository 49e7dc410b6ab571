// Worker-side embedding methods: order lines (customer, item, optional quantity) are read here,
// an `AlsTrainer` is trained one sweep per call (so the page can show progress and the loss), and
// the trained `ItemStore` ranks items for a customer with `rank`, the customer's own purchases
// excluded.
import Papa from '../vendor/papaparse.mjs';
import { importOrderLines } from '../order_lines.js';

let lines = null;
let trainer = null;
let store = null;
let gpu = null; // a GpuContext (WebGPU, or the CPU with the reason) while training with `gpu: true`
let context = null;

export const tasks = (edgewise) => {
  const reset = () => { trainer?.free(); store?.free(); trainer = null; store = null; };
  return {
    /** Reads order lines (bundled or uploaded text) and keeps them; a summary for the page. */
    embLoad: ({ text }) => {
      const read = importOrderLines(text, Papa);
      lines = read;
      reset();
      return {
        lines: read.customers.length,
        customers: new Set(read.customers).size,
        items: new Set(read.items).size,
        columns: read.columns,
        issues: read.issues,
      };
    },
    /**
     * A fresh trainer on the loaded lines with `options` (factors, regularization, alpha, seed);
     * with `gpu`, each sweep's two Gram matrices are computed by a `createGpuContext()` context
     * (WebGPU when the browser has it, else the CPU, with the reason).
     */
    embStart: async ({ options, gpu: onGpu }) => {
      if (!lines) throw new Error('load order lines first');
      reset();
      if (onGpu) context ??= await edgewise.createGpuContext();
      gpu = onGpu ? context : null;
      trainer = edgewise.AlsTrainer.fromOrders({ customers: lines.customers, items: lines.items, quantities: lines.quantities }, options);
      const users = trainer.userIds();
      return { customers: users, items: trainer.itemIds().length, factors: trainer.factors() };
    },
    /** One ALS sweep: the loss after it, the sweep count and where the Gram steps ran. */
    embStep: async () => {
      if (!trainer) throw new Error('start training first');
      const t = trainer;
      let loss;
      let backend = 'cpu';
      let fallbackReason = null;
      if (gpu) {
        for (const side of ['users', 'items']) {
          const { operand, dim } = t.gramOperand(side);
          const r = await gpu.scores(operand, operand, dim);
          if (t !== trainer) throw new Error('training was restarted');
          loss = t.solveHalf(side, r.scores);
          ({ backend, fallbackReason } = r);
        }
      } else {
        loss = t.step();
      }
      store?.free();
      store = null;
      return { loss, steps: t.steps(), backend, fallbackReason };
    },
    /**
     * The top `k` items for `customer` from the trained item store (their own purchases excluded),
     * with the items they bought, most often first.
     */
    embRank: ({ customer, k }) => {
      if (!trainer) throw new Error('train first');
      store ??= trainer.itemStore();
      const query = trainer.userVector(customer);
      if (!query) throw new Error(`customer ${customer} has no order lines`);
      const counts = new Map();
      lines.customers.forEach((c, j) => { if (c === customer) counts.set(lines.items[j], (counts.get(lines.items[j]) ?? 0) + lines.quantities[j]); });
      const bought = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      const ranking = edgewise.rank(store, query, { k, rules: { exclude: [...counts.keys()] } });
      return { ids: ranking.ids, scores: Array.from(ranking.scores), bought, npyBytes: trainer.itemNpy().length };
    },
    /** The trained item factors as .npy bytes (for download). */
    embNpy: () => {
      if (!trainer) throw new Error('train first');
      return trainer.itemNpy();
    },
  };
};
