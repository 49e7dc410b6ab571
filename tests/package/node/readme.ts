// The README's "Install and use" examples, type-checked against the installed package's
// declarations by tests/js/package.test.mjs (never run: IndexedDB and localStorage are the page's).
import init, { ItemStore, rank } from 'edgewise/rerank';
import initBandit, { MultiArmedBandit, PrivacyBudget } from 'edgewise/bandit';
import { ShopperProfile } from 'edgewise/rerank';
import { bytesToBase64, base64ToBytes, openStateStore } from 'edgewise/state';

export async function ranking(): Promise<unknown[]> {
  await init();
  const store = ItemStore.fromFloat32(new Float32Array([1, 0, 0, 1, 0.7, 0.7]), 2);
  store.setIds(['a', 'b', 'c']);
  return rank(store, new Float32Array([1, 0.2]), { k: 2 }).ids;
}

export async function saveAndRestore(): Promise<unknown[]> {
  await initBandit();
  const bandit = new MultiArmedBandit([0, 1, 2], { policy: 'thompson' });
  const budget = new PrivacyBudget(1.0);
  const profile = new ShopperProfile(64);

  const states = await openStateStore();
  await states.save('bandit', bandit.exportState());
  await states.save('budget', budget.exportState());
  await states.save('profile', JSON.stringify(profile));
  localStorage.setItem('bandit', bytesToBase64(bandit.exportState()));

  const savedBandit = await states.load('bandit') as Uint8Array | undefined;
  const bandit2 = savedBandit ? MultiArmedBandit.importState(savedBandit) : bandit;
  if (savedBandit) bandit.loadState(savedBandit);
  const savedBudget = await states.load('budget') as Uint8Array | undefined;
  const budget2 = savedBudget ? PrivacyBudget.importState(savedBudget) : budget;
  const savedProfile = await states.load('profile') as string | undefined;
  const profile2 = savedProfile ? ShopperProfile.fromJSON(savedProfile) : profile;
  const fromLocal = localStorage.getItem('bandit');
  const bandit3 = fromLocal ? MultiArmedBandit.importState(base64ToBytes(fromLocal)) : bandit;
  return [bandit2, budget2, profile2, bandit3];
}
