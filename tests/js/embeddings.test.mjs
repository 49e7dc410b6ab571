// Item embeddings trained in the module (implicit-feedback ALS): two taste groups are learned
// and ranked with the rerank functions, the step-at-a-time trainer equals the one-shot call,
// the .npy output loads back, and hostile input throws Errors that name the argument while the
// module and the trainer keep working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEdgewise } from './load.mjs';

const edgewise = await loadEdgewise();

/** Three taste groups: users g{g}u0..9 buy items g{g}i0..4, user u missing item u % 5 of their group. */
function groups() {
  const users = [];
  const items = [];
  const weights = [];
  for (let g = 0; g < 3; g++) {
    for (let u = 0; u < 10; u++) {
      for (let i = 0; i < 5; i++) {
        if (i === u % 5) continue;
        users.push(`g${g}u${u}`);
        items.push(`g${g}i${i}`);
        weights.push(1 + (i % 2));
      }
    }
  }
  return { users, items, weights };
}
const OPTS = { factors: 4, regularization: 0.1, alpha: 5, iterations: 8, seed: 3 };

test('trainEmbeddings learns the groups; rank with the store recommends the missing in-group item', () => {
  const { users, items, weights } = groups();
  const r = edgewise.trainEmbeddings(users, items, weights, OPTS);
  assert.equal(r.factors, 4);
  // First appearance: g0u0 buys i1..i4, g0u1 i0; then the next groups alike.
  assert.deepEqual(r.itemIds, [0, 1, 2].flatMap((g) => [1, 2, 3, 4, 0].map((i) => `g${g}i${i}`)));
  assert.equal(r.userIds.length, 30);
  assert.equal(r.store.len, 15);
  assert.equal(r.store.dim, 4);
  assert.ok(r.userFactors instanceof Float32Array && r.userFactors.length === 120);
  assert.ok(r.losses.length === 8 && r.losses.every((l, i) => Number.isFinite(l) && (i === 0 || l <= r.losses[i - 1] + 1e-12)));
  for (const id of r.userIds) {
    const [, g, u] = /^g(\d)u(\d+)$/.exec(id).map(Number);
    const row = r.userIds.indexOf(id);
    const query = r.userFactors.slice(row * 4, row * 4 + 4);
    const seen = items.filter((_, j) => users[j] === id);
    const top = edgewise.rank(r.store, query, { k: 1, rules: { exclude: seen } }).ids[0];
    assert.equal(top, `g${g}i${u % 5}`, `user ${id}`);
  }
  const back = edgewise.ItemStore.fromNpy(r.itemNpy);
  assert.deepEqual(Array.from(back.embedding(5)), Array.from(r.itemFactors.slice(20, 24)));
  assert.equal(edgewise.ItemStore.fromNpy(r.userNpy).len, 30);
  r.store.free();
  back.free();
});

test('AlsTrainer step by step equals trainEmbeddings; the same seed gives the same embeddings', () => {
  const { users, items, weights } = groups();
  const once = edgewise.trainEmbeddings(users, items, weights, OPTS);
  const t = new edgewise.AlsTrainer(users, items, weights, OPTS);
  assert.equal(t.steps(), 0);
  const losses = Array.from({ length: 8 }, () => t.step());
  assert.deepEqual(losses, Array.from(once.losses));
  assert.equal(t.steps(), 8);
  assert.equal(t.loss(), losses[7]);
  assert.deepEqual(t.itemFactors(), once.itemFactors);
  assert.deepEqual(t.userVector('g0u3'), once.userFactors.slice(3 * 4, 4 * 4));
  assert.equal(t.userVector('nobody'), undefined);
  assert.equal(t.userId(11), 'g1u1');
  const store = t.itemStore();
  assert.deepEqual(Array.from({ length: store.len }, (_, i) => store.id(i)), once.itemIds);
  // Conjugate gradient with as many steps as factors reaches the exact solves.
  const cg = edgewise.trainEmbeddings(users, items, weights, { ...OPTS, cgSteps: 4 });
  assert.ok(cg.itemFactors.every((v, i) => Math.abs(v - once.itemFactors[i]) < 1e-4));
  cg.store.free();
  const other = edgewise.trainEmbeddings(users, items, weights, { ...OPTS, seed: 4 });
  assert.notDeepEqual(other.itemFactors, once.itemFactors);
  store.free(); once.store.free(); other.store.free(); t.free();
});

test('trainEmbeddingsFromOrders: repeated lines and quantities add up', () => {
  const orders = { customers: [1, 1, 2, 2, 3], items: ['x', 'x', 'x', 'y', 'y'], quantities: [1, 2, 3, 1, 1] };
  const a = edgewise.trainEmbeddingsFromOrders(orders, { factors: 2, iterations: 3 });
  const b = edgewise.trainEmbeddings([1, 2, 2, 3], ['x', 'x', 'y', 'y'], [3, 3, 1, 1], { factors: 2, iterations: 3 });
  assert.deepEqual(a.itemFactors, b.itemFactors);
  assert.deepEqual(a.userIds, [1, 2, 3]);
  const t = edgewise.AlsTrainer.fromOrders({ customers: orders.customers, items: orders.items }, { factors: 2 });
  t.step();
  assert.equal(t.itemStore().len, 2);
  t.free();
});

test('hostile input throws Errors naming the argument; the trainer stays usable and unchanged', () => {
  const { users, items, weights } = groups();
  const bad = (f, re) => assert.throws(f, (e) => e instanceof Error && re.test(e.message), String(re));
  for (const v of [2 ** 32 - 1, 1e9, -1, NaN, '3', 10n, 2.5]) {
    bad(() => edgewise.trainEmbeddings(users, items, weights, { factors: v }), /`options\.factors`/);
    bad(() => edgewise.trainEmbeddings(users, items, weights, { iterations: v }), /`options\.iterations`/);
  }
  bad(() => edgewise.trainEmbeddings(users, items, weights, { regularization: 0 }), /`options\.regularization`/);
  bad(() => edgewise.trainEmbeddings(users, items, weights, { cgSteps: 65 }), /`options\.cgSteps`/);
  bad(() => edgewise.trainEmbeddings(users, items, weights, { cgSteps: -1 }), /`options\.cgSteps`/);
  bad(() => edgewise.trainEmbeddings(users, items, weights, { alpha: -1 }), /`options\.alpha`/);
  bad(() => edgewise.trainEmbeddings(users, items, weights, { alpha: Infinity }), /`options\.alpha`/);
  bad(() => edgewise.trainEmbeddings(users, items, weights, { seed: -1 }), /`options\.seed`/);
  bad(() => edgewise.trainEmbeddings(users, items, weights, { factor: 3 }), /`options`/);
  bad(() => edgewise.trainEmbeddings(users, items, weights, 'fast'), /`options`/);
  bad(() => edgewise.trainEmbeddings({ length: 1e9 }, items, weights), /`users`/);
  bad(() => edgewise.trainEmbeddings({ length: -1 }, items, weights), /`users`/);
  bad(() => edgewise.trainEmbeddings(users, { length: 2 ** 32 - 1 }, weights), /`items`/);
  bad(() => edgewise.trainEmbeddings(users, items.slice(1), weights), /`items`/);
  bad(() => edgewise.trainEmbeddings(users, items, weights.slice(1)), /`weights`/);
  bad(() => edgewise.trainEmbeddings(users, items, [1, -1, ...weights.slice(2)]), /`weights\[1\]`/);
  bad(() => edgewise.trainEmbeddings(users, items, [NaN, ...weights.slice(1)]), /`weights\[0\]`/);
  bad(() => edgewise.trainEmbeddings(['a', {}], ['x', 'y']), /`users\[1\]`/);
  bad(() => edgewise.trainEmbeddings([], []), /`users\.length`/);
  bad(() => edgewise.trainEmbeddings(['a'], ['x'], [0]), /`weights`/);
  bad(() => edgewise.trainEmbeddingsFromOrders(null), /`orders`/);
  bad(() => edgewise.trainEmbeddingsFromOrders({ customers: [1], items: [2, 3] }), /`orders\.items`/);
  bad(() => edgewise.trainEmbeddingsFromOrders({ customers: [1], items: [2], quantities: [-2] }), /`orders\.quantities\[0\]`/);
  bad(() => edgewise.AlsTrainer.fromOrders({ customers: 5, items: [2] }), /`orders\.customers`/);

  const t = new edgewise.AlsTrainer(users, items, weights, OPTS);
  t.step();
  const before = t.itemFactors();
  bad(() => t.userVector({}), /`id`/);
  bad(() => t.userId(30), /`index`/);
  bad(() => t.userId(-1), /`index`/);
  assert.deepEqual(t.itemFactors(), before);
  assert.equal(t.steps(), 1);
  assert.ok(Number.isFinite(t.step()));
  const store = t.itemStore();
  assert.throws(() => Reflect.apply(edgewise.AlsTrainer.prototype.step, store, []), Error);
  assert.throws(() => Reflect.apply(edgewise.AlsTrainer.prototype.step, {}, []), Error);
  t.free();
  assert.throws(() => t.step(), /free\(\) was called/);
  t.free();
  // The module still works.
  assert.equal(edgewise.trainEmbeddings(users, items, weights, OPTS).store.len, 15);
  store.free();
});

test('the Gram steps through a compute context (gramOperand + solveHalf) equal step()', async () => {
  const { users, items, weights } = groups();
  const a = new edgewise.AlsTrainer(users, items, weights, OPTS);
  const b = new edgewise.AlsTrainer(users, items, weights, OPTS);
  const ctx = edgewise.createCpuContext();
  for (let s = 0; s < 3; s++) {
    const want = a.step();
    let got;
    for (const side of ['users', 'items']) {
      const { operand, dim } = b.gramOperand(side);
      assert.equal(operand.length, 4 * dim);
      const { scores } = await ctx.scores(operand, operand, dim);
      got = b.solveHalf(side, scores);
    }
    assert.equal(got, want);
  }
  assert.equal(b.steps(), 3);
  assert.deepEqual(b.itemFactors(), a.itemFactors());
  const before = b.userFactors();
  assert.throws(() => b.solveHalf('both', new Float32Array(16)), /`side`/);
  assert.throws(() => b.gramOperand(1), /`side`/);
  assert.throws(() => b.solveHalf('users', new Float32Array(15)), /`gram`/);
  assert.throws(() => b.solveHalf('users', { length: 1e9 }), /`gram`/);
  assert.throws(() => b.solveHalf('users', new Float32Array(16).fill(NaN)), /`gram`/);
  assert.deepEqual(b.userFactors(), before);
  assert.equal(b.steps(), 3);
  a.free(); b.free(); ctx.free();
});
