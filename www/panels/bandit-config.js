// What the bandit panel simulates; shared with its end-to-end test (no browser-only imports here).

/** The policies the page compares, with the options passed to `simulateRegret`. */
export const POLICIES = {
  thompson: { label: 'Thompson', color: '#c50', options: { policy: 'thompson' } },
  ucb1: { label: 'UCB1', color: '#27a', options: { policy: 'ucb1' } },
  epsilonGreedy: { label: 'ε-greedy', color: '#7a4', options: { policy: 'epsilonGreedy', epsilon: 0.1 } },
  softmax: { label: 'softmax', color: '#95b', options: { policy: 'softmax', temperature: 0.02 } },
};
/** True category shares of the simulated fleet (e.g. favourite department). */
export const LDP_TRUTH = [0.35, 0.25, 0.15, 0.1, 0.08, 0.07];
export const LDP_LABELS = ['women', 'men', 'kids', 'shoes', 'bags', 'beauty'];
