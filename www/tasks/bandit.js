// Worker-side bandit methods: called by name from the page through worker.js.
const OBD = new URL('../data/obd/', import.meta.url);
const text = async (name) => {
  const res = await fetch(new URL(name, OBD));
  if (!res.ok) throw new Error(`cannot load data/obd/${name}: HTTP ${res.status}`);
  return res.text();
};

export const tasks = (edgewise) => ({
  /** Cumulative regret of each policy on the same Bernoulli page: {name: Float64Array}. */
  simulateRegret: ({ rates, rounds, policies, envSeed }, progress) => {
    const curves = {};
    policies.forEach(({ name, options }, i) => {
      curves[name] = edgewise.simulateRegret(Float64Array.from(rates), rounds, { ...options, envSeed });
      progress(i + 1, policies.length);
    });
    return curves;
  },
  simulateLdpFleet: ({ truth, users, epsilon, options }) =>
    edgewise.simulateLdpFleet(Float64Array.from(truth), users, epsilon, options),
  /** Off-policy evaluation of the bundled Open Bandit Dataset sample (see www/data/obd/). */
  evaluateBundledLogs: async ({ options }) => {
    const [logCsv, itemCsv, actionDistCsv] = await Promise.all(
      ['random_all.csv', 'item_context.csv', 'bts_all_action_dist.csv'].map(text));
    return edgewise.evaluateOffPolicy(logCsv, itemCsv, { actionDistCsv, campaign: 'all' }, options);
  },
});
