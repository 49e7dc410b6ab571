// What every fixture page does: load edgewise/rerank and rank a four-item catalog.
import init, { ItemStore, rank } from 'edgewise/rerank';

/** Ranks items a..d (2-d embeddings) for the query (1, 0.2): ids a, c, b. */
export async function rankDemo(initArg) {
  await init(initArg);
  const store = ItemStore.fromFloat32(new Float32Array([1, 0, 0, 1, 0.7, 0.7, -1, 0]), 2);
  store.setIds(['a', 'b', 'c', 'd']);
  const top = rank(store, new Float32Array([1, 0.2]), { k: 3 });
  return { ids: top.ids, scores: Array.from(top.scores) };
}

/** Runs `rankDemo` and puts its result (or error) on <body> for the test to read. */
export function report(promise) {
  promise.then(
    (result) => { document.body.dataset.result = JSON.stringify(result); },
    (err) => { document.body.dataset.error = String(err?.stack ?? err); },
  );
}
