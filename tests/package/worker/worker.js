// A module Web Worker: ranks with edgewise/rerank, and keeps a bandit's state in IndexedDB
// (a Worker has no localStorage) through edgewise/state, as the README shows.
import initRerank, { ItemStore, rank } from '../node_modules/edgewise/dist/rerank/edgewise.js';
import initBandit, { MultiArmedBandit } from '../node_modules/edgewise/dist/bandit/edgewise.js';
import { openStateStore } from '../node_modules/edgewise/state.js';

self.onmessage = async () => {
  try {
    await initRerank();
    const store = ItemStore.fromFloat32(new Float32Array([1, 0, 0, 1, 0.7, 0.7, -1, 0]), 2);
    store.setIds(['a', 'b', 'c', 'd']);
    const top = rank(store, new Float32Array([1, 0.2]), { k: 3 });

    await initBandit();
    const bandit = new MultiArmedBandit([0, 1, 2], { policy: 'thompson', seed: 42 });
    for (let i = 0; i < 20; i += 1) {
      const { decisionId, arm } = bandit.choose();
      bandit.reward(decisionId, arm === 2 ? 1 : 0);
    }
    const states = await openStateStore('edgewise-fixture');
    await states.save('bandit', bandit.exportState());
    states.close();

    // "Next page load": a fresh store connection and a fresh bandit restored from IndexedDB.
    const again = await openStateStore('edgewise-fixture');
    const saved = await again.load('bandit');
    again.close();
    const restored = new MultiArmedBandit([0, 1, 2], { policy: 'thompson', seed: 1 });
    restored.loadState(saved);
    const same = Array.from(restored.exportState()).join() === Array.from(bandit.exportState()).join();
    self.postMessage({ ids: top.ids, scores: Array.from(top.scores), stateBytes: saved.length, restoredSame: same });
  } catch (err) {
    self.postMessage({ error: String(err?.stack ?? err) });
  }
};
