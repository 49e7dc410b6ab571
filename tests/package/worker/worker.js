// A module Web Worker: ranks with edgewise/rerank, and keeps a bandit's state in IndexedDB
// (a Worker has no localStorage) through edgewise/state, with a privacy budget and a shopper
// profile, as the README shows.
import initRerank, { ItemStore, ShopperProfile, rank } from '../node_modules/edgewise/dist/rerank/edgewise.js';
import initBandit, { MultiArmedBandit, PrivacyBudget } from '../node_modules/edgewise/dist/bandit/edgewise.js';
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
    const budget = new PrivacyBudget(1.0, { seed: 7 });
    budget.laplace(5, 0, 10, 0.25);
    const profile = new ShopperProfile(2);
    profile.observe(store, [{ item: 'c', kind: 'cart', timestampMs: 1000 }]);

    const states = await openStateStore('edgewise-fixture');
    await states.save('bandit', bandit.exportState());
    await states.save('budget', budget.exportState());
    await states.save('profile', JSON.stringify(profile));
    states.close();

    // "Next page load": a fresh store connection and a fresh bandit restored from IndexedDB.
    const again = await openStateStore('edgewise-fixture');
    const saved = await again.load('bandit');
    const savedBudget = await again.load('budget');
    const savedProfile = await again.load('profile');
    again.close();
    const restored = new MultiArmedBandit([0, 1, 2], { policy: 'thompson', seed: 1 });
    restored.loadState(saved);
    const bytes = (b) => Array.from(b).join();
    self.postMessage({
      ids: top.ids,
      scores: Array.from(top.scores),
      stateBytes: saved.length,
      restoredSame: bytes(restored.exportState()) === bytes(bandit.exportState()),
      budgetSame: bytes(PrivacyBudget.importState(savedBudget).exportState()) === bytes(budget.exportState()),
      profile: savedProfile,
      profileRestored: JSON.stringify(ShopperProfile.fromJSON(savedProfile)),
    });
  } catch (err) {
    self.postMessage({ error: String(err?.stack ?? err) });
  }
};
