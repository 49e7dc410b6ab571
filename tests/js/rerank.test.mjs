// The rerank API as a web developer uses it: load a catalog, keep a shopper profile, rank,
// evaluate — and bad input (bad bytes, dimension mismatch, NaN, unknown ids, corrupt saved state)
// throws clear Errors or is reported back, after which the module keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEdgewise } from './load.mjs';
import { npy, safetensors } from './formats.mjs';

const ew = await loadEdgewise();

/** Brute-force top-k by f64 dot with the unit query (ties to the lower index). */
function bruteTopK(emb, dim, query, k) {
  const norm = Math.hypot(...query);
  const n = emb.length / dim;
  const scores = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += emb[i * dim + d] * (query[d] / norm);
    scores.push([s, i]);
  }
  scores.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return scores.slice(0, k);
}

function throwsMessage(fn, re) {
  assert.throws(fn, (e) => e instanceof Error && re.test(e.message), `expected ${re}`);
}

const cat = ew.synthCatalog(3000, 16, 8, 7);

test('synthCatalog is seeded and gives a store with metadata', () => {
  const again = ew.synthCatalog(3000, 16, 8, 7);
  assert.deepEqual(again.embeddings, cat.embeddings);
  assert.equal(cat.store.len, 3000);
  assert.equal(cat.store.dim, 16);
  assert.equal(cat.store.isInt8, false);
  assert.equal(cat.store.embeddingBytes, 3000 * 16 * 4);
  assert.equal(cat.categories.length, 3000);
  assert.equal(cat.store.category(5), cat.categories[5]);
  assert.ok(cat.embeddings instanceof Float32Array && cat.prices instanceof Float64Array);
  again.store.free();
});

test('exact top-k equals a brute-force reference in JS (f32, dot and cosine-free path)', () => {
  const query = new Float32Array(16).map((_, d) => Math.sin(d + 1));
  for (const k of [1, 10, 50, 3000, 5000]) {
    const out = ew.rank(cat.store, query, { k });
    const ref = bruteTopK(cat.embeddings, 16, query, k);
    assert.equal(out.indices.length, Math.min(k, 3000));
    assert.ok(out.indices instanceof Uint32Array && out.scores instanceof Float64Array);
    // Same order wherever the f32 scores are not near-tied.
    for (let r = 0; r < out.indices.length; r++) {
      assert.ok(Math.abs(out.scores[r] - ref[r][0]) < 1e-4, `score at rank ${r}`);
      if (Math.abs(ref[r][0] - (ref[r + 1]?.[0] ?? -Infinity)) > 1e-4 && Math.abs(ref[r][0] - (ref[r - 1]?.[0] ?? Infinity)) > 1e-4) {
        assert.equal(out.indices[r], ref[r][1], `index at rank ${r}`);
      }
    }
    assert.deepEqual(out.ids, Array.from(out.indices));
  }
});

test('int8 store: 4x smaller and top-50 recall vs f32 >= 0.98', () => {
  const q8 = cat.store.quantizeInt8();
  assert.equal(q8.isInt8, true);
  assert.equal(cat.store.isInt8, false, 'the f32 store is left as it is');
  assert.equal(q8.embeddingBytes, 3000 * (16 + 4), "int8 values plus one f32 scale per row");
  let hits = 0;
  for (let t = 0; t < 20; t++) {
    const query = cat.embeddings.slice(t * 97 * 16, t * 97 * 16 + 16);
    const a = new Set(ew.rank(cat.store, query, { k: 50 }).indices);
    for (const i of ew.rank(q8, query, { k: 50 }).indices) hits += a.has(i);
  }
  assert.ok(hits / (20 * 50) >= 0.98, `recall ${hits / 1000}`);
  q8.free();
});

test('explanations add up; rules, diversity, caps, supply and candidates work', () => {
  const query = cat.embeddings.slice(0, 16);
  const risk = new Float64Array(3000).fill(0);
  const top = ew.rank(cat.store, query, { k: 5 });
  risk[top.indices[0]] = 1;
  const out = ew.rank(cat.store, query, {
    k: 10,
    diversity: { lambda: 0.6 },
    categoryCap: 3,
    rules: { dropOutOfStock: true, boosts: [{ target: { category: 'c1' }, amount: 0.1 }, { target: { id: 999999 }, amount: 1 }], pins: [{ id: 42, slot: 2 }] },
    supply: { risk, strength: 10 },
  });
  assert.equal(out.indices.length, 10);
  assert.equal(out.indices[2], 42);
  assert.equal(out.parts.pinned[2], 1);
  assert.deepEqual(out.unknownIds, [999999]);
  assert.ok(!Array.from(out.indices).includes(top.indices[0]), 'risky item demoted');
  const counts = {};
  for (let r = 0; r < 10; r++) {
    if (!out.parts.pinned[r]) {
      const p = out.parts;
      assert.ok(Math.abs(p.local[r] + p.server[r] + p.ruleBoost[r] - p.supplyPenalty[r] - p.diversityPenalty[r] - out.scores[r]) < 1e-9);
      assert.ok(cat.stock[out.indices[r]] > 0);
    }
    const c = cat.categories[out.indices[r]];
    counts[c] = (counts[c] ?? 0) + 1;
  }
  assert.ok(out.filtered > 0);
  // Candidate mode blends the server score.
  const cands = ew.rank(cat.store, query, {
    k: 3, candidates: [{ id: 1, serverScore: 5 }, { id: 2, serverScore: 0 }, { id: 77777, serverScore: 1 }], blend: { local: 0, server: 1 },
  });
  assert.deepEqual(Array.from(cands.indices), [1, 2]);
  assert.deepEqual(cands.unknownIds, [77777]);
});

test('string ids, prices and a plain-array store', () => {
  const store = ew.ItemStore.fromFloat32([1, 0, 0, 1, 0.7, 0.7], 2);
  store.setIds(['sku-a', 'sku-b', 'sku-c']);
  store.setPrices([10, 20, 30]);
  const out = ew.rank(store, [1, 0], { k: 3, rules: { priceMax: 25, exclude: ['sku-z'] } });
  assert.deepEqual(out.ids, ['sku-a', 'sku-b']);
  assert.deepEqual(out.unknownIds, ['sku-z']);
  assert.equal(store.indexOf('sku-c'), 2);
  assert.equal(store.indexOf('nope'), undefined);
  // A failed setter leaves the store as it was.
  throwsMessage(() => store.setIds(['a', 'a', 'b']), /`ids`: expected distinct ids, got "a" at positions 0 and 1/);
  throwsMessage(() => store.setPrices([1, 2]), /`prices`: expected one value per item \(3\), got 2 values/);
  assert.deepEqual(ew.rank(store, [1, 0], { k: 1 }).ids, ['sku-a']);
  store.setIds(new Uint32Array([7, 8, 9]));
  assert.deepEqual(ew.rank(store, [0, 1], { k: 1 }).ids, [8]);
  store.free();
});

test('npy and safetensors loaders, and corrupt bytes', () => {
  const values = new Float32Array([1, 2, 3, 4, 5, 6]);
  const s = ew.ItemStore.fromNpy(npy(values, 3, 2));
  assert.equal(s.len, 3);
  assert.deepEqual(Array.from(s.embedding(2)), [5, 6]);
  const st = safetensors({
    emb: ['I8', [3, 2], new Int8Array([127, 0, 0, 127, 64, 64])],
    scales: ['F32', [3], new Float32Array([0.5, 0.5, 1])],
    f: ['F32', [3, 2], values],
  });
  assert.deepEqual(ew.ItemStore.safetensorsNames(st).sort(), ['emb', 'f', 'scales']);
  const q = ew.ItemStore.fromSafetensors(st, 'emb', 'scales');
  assert.equal(q.isInt8, true);
  assert.deepEqual(Array.from(ew.ItemStore.fromSafetensors(st.buffer, 'f').embedding(1)), [3, 4]);
  const good = npy(values, 3, 2);
  throwsMessage(() => ew.ItemStore.fromNpy(good.slice(0, 20)), /npy/);
  throwsMessage(() => ew.ItemStore.fromNpy(good.slice(0, good.length - 4)), /npy/);
  const bad = good.slice(); bad[0] = 0;
  throwsMessage(() => ew.ItemStore.fromNpy(bad), /npy/);
  throwsMessage(() => ew.ItemStore.fromNpy('x'), /`bytes`: expected a Uint8Array or an ArrayBuffer, got a string/);
  throwsMessage(() => ew.ItemStore.fromSafetensors(st.slice(0, 12), 'emb', 'scales'), /safetensors/);
  const huge = st.slice(); new DataView(huge.buffer).setBigUint64(0, 1n << 40n, true);
  throwsMessage(() => ew.ItemStore.fromSafetensors(huge, 'f'), /safetensors/);
  throwsMessage(() => ew.ItemStore.fromSafetensors(st, 'nope'), /nope/);
  throwsMessage(() => ew.ItemStore.fromSafetensors(st, 'nope'), /invalid argument `tensorName`/);
  throwsMessage(() => ew.ItemStore.fromSafetensors(st, 'emb'), /`scalesName`: expected a per-row scale tensor for int8 embeddings, got none/);
});

test('bad arguments throw Errors naming the argument; the module keeps working', () => {
  const q = new Float32Array(16).fill(1);
  const cases = [
    [() => ew.rank(cat.store, new Float32Array(3), {}), /invalid argument `query`: expected 16 values \(the item embedding dimension\), got 3 values/],
    [() => ew.rank(cat.store, q, { k: 0 }), /invalid argument `options.k`: expected a whole number in \[1, 100000\], got 0/],
    [() => ew.rank(cat.store, q, { k: '5' }), /invalid argument `options.k`: expected a whole number in \[1, 100000\], got a string/],
    [() => ew.rank(cat.store, q, { kk: 5 }), /invalid argument `options`: expected only the keys .*, got unknown key `kk`/],
    [() => ew.rank(cat.store, q, { rules: { dropOutOfStok: true } }), /`options.rules`: .*unknown key `dropOutOfStok`/],
    [() => ew.rank(cat.store, q, { diversity: { lambda: 0 } }), /`options.diversity.lambda`: expected a number in \(0, 1\], got 0/],
    [() => ew.rank(cat.store, q, { supply: { strength: 1 } }), /`options.supply`: expected exactly one of `risk` and `demand`, got neither/],
    [() => ew.rank(cat.store, q, { supply: { risk: [0.5], strength: 1 } }), /`options.supply.risk`: expected one value per catalog item \(3000\), got 1 values/],
    [() => ew.rank(cat.store, q, { rules: { suppressPurchased: true } }), /`options.rules.suppressPurchased`/],
    [() => ew.rank(cat.store, new Float32Array(16).fill(NaN)), /`query`: expected finite numbers, got NaN at row 0, column 0/],
    [() => ew.ItemStore.fromFloat32(new Float32Array([1, NaN, 3, 4]), 2), /`values`: expected finite numbers, got NaN at row 0, column 1/],
    [() => ew.ItemStore.fromFloat32(new Float32Array([1, 2, 3]), 2), /`values`: expected a non-empty multiple of dim = 2 values, got 3 values/],
    [() => ew.ItemStore.fromFloat32(new Float32Array([1, 2]), 0), /`dim`: expected a whole number in \[1, 65536\], got 0/],
    [() => ew.recallAtK([1, 2], [2], 0), /`k`: expected a whole number in \[1, 100000\], got 0/],
    [() => ew.synthCatalog(0, 4, 2, 1), /`n`: expected a whole number in \[1, 1000000\], got 0/],
  ];
  for (const [fn, re] of cases) throwsMessage(fn, re);
  assert.equal(ew.rank(cat.store, q, { k: 3 }).indices.length, 3);
});

test('shopper profile: events, unknown ids, ranking, save and restore, corrupt state', () => {
  const p = new ew.ShopperProfile(16, { halfLifeMs: 60000 });
  const rep = p.observe(cat.store, [
    { item: 3, kind: 'view', timestampMs: 0 },
    { item: 5, kind: 'purchase', timestampMs: 1000 },
    { item: 123456, kind: 'cart', timestampMs: 2000 },
  ]);
  assert.deepEqual(rep, { applied: 2, unknownIds: [123456] });
  assert.equal(p.eventCount, 2);
  assert.equal(p.asOf, 1000);
  assert.deepEqual(p.purchased, [5]);
  const a = ew.rankProfile(cat.store, p, { k: 10, rules: { suppressPurchased: true } });
  assert.ok(!Array.from(a.indices).includes(5));
  // rankProfile equals rank on the profile's vector.
  const b = ew.rank(cat.store, p.vectorAt(), { k: 10, rules: { exclude: [5] } });
  assert.deepEqual(a.indices, b.indices);
  // Save / restore through JSON.stringify.
  const saved = JSON.stringify(p);
  const r = ew.ShopperProfile.fromJSON(saved);
  assert.deepEqual(ew.rankProfile(cat.store, r, { k: 10, nowMs: 5000 }).indices, ew.rankProfile(cat.store, p, { k: 10, nowMs: 5000 }).indices);
  assert.deepEqual(ew.ShopperProfile.fromJSON(JSON.parse(saved)).vectorAt(), p.vectorAt());
  // Corrupt state and bad events.
  throwsMessage(() => ew.ShopperProfile.fromJSON('{"version":1'), /corrupt shopper profile/);
  throwsMessage(() => ew.ShopperProfile.fromJSON(saved.replace('"version":1', '"version":9')), /corrupt shopper profile: version 9/);
  throwsMessage(() => ew.ShopperProfile.fromJSON(42), /`state`: expected a JSON string or object, got the number 42/);
  throwsMessage(() => p.observe(cat.store, [{ item: 1, kind: 'click', timestampMs: 0 }]), /`events\[0\].kind`: expected "view", "cart", "purchase" or "dismiss", got "click"/);
  throwsMessage(() => p.observe(cat.store, [{ item: 1, kind: 'view', timestampMs: NaN }]), /`events\[0\].timestampMs`: expected a finite time in milliseconds, got NaN/);
  throwsMessage(() => p.observe(cat.store, [{ item: 1, kind: 'view', timestamp: 0 }]), /`events\[0\]`: .*unknown key `timestamp`/);
  throwsMessage(() => p.observe(cat.store, 'view'), /`events`: expected an array/);
  const other = ew.synthCatalog(10, 8, 2, 1);
  throwsMessage(() => p.observe(other.store, [{ item: 1, kind: 'view', timestampMs: 0 }]), /`store`: expected items of dimension 16 \(the profile's\), got dimension 8/);
  throwsMessage(() => ew.rankProfile(other.store, p, {}), /`profile`: expected a profile of dimension 8/);
  throwsMessage(() => new ew.ShopperProfile(16, { halfLifeMs: -1 }), /`params.halfLifeMs`/);
  assert.equal(p.eventCount, 2, 'failed batches change nothing');
});

test('toJSON gives what JSON.parse of the saved document gives, member for member and bit for bit', () => {
  // Written by the serde_json-based export of earlier versions (as the Rust profile tests).
  const doc = '{"version":1,"params":{"view":1.0,"cart":3.0,"purchase":5.0,"dismiss":-1.0,"halfLifeMs":1800000.0,' +
    '"normalizeItems":true},"vector":[0.30000000000000004,-2.5e-7,1e-300],"asOf":5.0,"purchased":["a",7],' +
    '"dismissed":[],"events":3}';
  const p = ew.ShopperProfile.fromJSON(doc);
  assert.deepStrictEqual(p.toJSON(), JSON.parse(doc)); // numbers compared with Object.is
  assert.equal(JSON.stringify(p), JSON.stringify(JSON.parse(doc)));
  const fresh = new ew.ShopperProfile(2, { view: 0.1, normalizeItems: false });
  assert.equal(JSON.stringify(fresh), '{"version":1,"params":{"view":0.1,"cart":3,"purchase":5,"dismiss":-1,' +
    '"halfLifeMs":1800000,"normalizeItems":false},"vector":[0,0],"asOf":null,"purchased":[],"dismissed":[],"events":0}');
  const back = ew.ShopperProfile.fromJSON(JSON.stringify(fresh));
  assert.deepStrictEqual(back.toJSON(), fresh.toJSON());
  p.free(); fresh.free(); back.free();
});

test('cold start: an empty session ranks by the popularity prior, else the server or catalog order', () => {
  const store = ew.ItemStore.fromFloat32([1, 0, 0, 1, 0.7, 0.7, -1, 0], 2);
  store.setIds(['a', 'b', 'c', 'd']);
  const empty = new ew.ShopperProfile(2);
  // No prior: catalog order, all similarities 0, flagged.
  let r = ew.rankProfile(store, empty, { k: 3 });
  assert.equal(r.coldStart, true);
  assert.deepEqual(r.ids, ['a', 'b', 'c']);
  assert.deepEqual(Array.from(r.parts.similarity), [0, 0, 0]);
  // No prior, candidates: the server's order.
  const candidates = [{ id: 'a', serverScore: 0.1 }, { id: 'd', serverScore: 0.9 }, { id: 'c', serverScore: 0.5 }];
  assert.deepEqual(ew.rankProfile(store, empty, { k: 3, candidates }).ids, ['d', 'c', 'a']);
  // A popularity prior (any scale): most popular first, scaled so the top item has similarity 1.
  store.setPopularity([5, 20, 0, 10]);
  r = ew.rankProfile(store, empty, { k: 4 });
  assert.equal(r.coldStart, true);
  assert.deepEqual(r.ids, ['b', 'd', 'a', 'c']);
  assert.deepEqual(Array.from(r.parts.similarity), [1, 0.5, 0.25, 0]);
  assert.deepEqual(ew.rank(store, new Float32Array(2), { k: 2 }).ids, ['b', 'd']);
  // Rules still apply in a cold start.
  assert.deepEqual(ew.rankProfile(store, empty, { k: 2, rules: { exclude: ['b'] } }).ids, ['d', 'a']);
  // The first event switches the prior off: the shopper's similarity decides.
  empty.observe(store, [{ item: 'a', kind: 'view', timestampMs: 0 }]);
  r = ew.rankProfile(store, empty, { k: 2 });
  assert.equal(r.coldStart, false);
  assert.deepEqual(r.ids, ['a', 'c']);
  // Bad priors throw and leave the store as it was.
  throwsMessage(() => store.setPopularity([1, 2]), /`popularity`: expected one value per item \(4\), got 2 values/);
  throwsMessage(() => store.setPopularity([1, -1, 0, 0]), /`popularity`: expected finite values >= 0, got -1 at index 1/);
  throwsMessage(() => store.setPopularity('x'), /`popularity`/);
  assert.deepEqual(ew.rank(store, [0, 0], { k: 1 }).ids, ['b']);
  // The demo catalog carries its popularity: its cold start is the most popular item first.
  const demo = ew.synthCatalog(500, 8, 4, 3);
  const top = ew.rank(demo.store, new Float32Array(8), { k: 1 }).indices[0];
  assert.equal(demo.popularity[top], Math.max(...demo.popularity));
  store.free();
});

test('evaluation metrics', () => {
  assert.equal(ew.recallAtK([1, 2, 3], [3, 9], 3), 0.5);
  assert.equal(ew.ndcgAtK([1, 2], [1, 2], 2), 1);
  assert.ok(Math.abs(ew.ndcgAtK([2, 1], [1, 2], 2, [1, 0]) - 1 / Math.log2(3)) < 1e-12);
  assert.equal(ew.meanReciprocalRank([[1, 2], [5, 6]], [[2], [5]]), 0.75);
  assert.equal(ew.catalogCoverage([[0, 1], new Uint32Array([1, 2])], 6), 0.5);
  const d = ew.intraListDiversity(cat.store, [0, 1, 2]);
  assert.ok(d >= 0 && d <= 2);
  throwsMessage(() => ew.catalogCoverage([[0, 7]], 6), /`lists\[0\]\[1\]`: expected an item index below 6, got 7/);
  throwsMessage(() => ew.recallAtK([1.5], [1], 1), /`ranked\[0\]`: expected a whole number in \[0, 4294967295\], got 1.5/);
});

// ---- Issue #12: hostile input never traps, never poisons an object, and names the argument. ----

/** Asserts `fn` throws an Error (not a trap: `RuntimeError` is not an `Error` subclass we accept)
 * whose message names argument `arg` the way every edgewise message does. */
function rejects(fn, arg, extra) {
  let thrown;
  try { fn(); } catch (e) { thrown = e; }
  assert.ok(thrown !== undefined, `expected a throw naming \`${arg}\``);
  assert.ok(thrown instanceof Error && !(thrown instanceof WebAssembly.RuntimeError), `not a trap: ${thrown}`);
  assert.ok(thrown.message.startsWith(`invalid argument \`${arg}\``) || thrown.message.includes(`\`${arg}\``),
    `message names \`${arg}\`: ${thrown.message}`);
  if (extra) assert.match(thrown.message, extra);
  return thrown.message;
}

/** A 4-item, 2-dim store with every kind of metadata. */
function small() {
  const s = ew.ItemStore.fromFloat32([1, 0, 0, 1, 0.8, 0.6, -1, 0], 2);
  s.setIds(['a', 'b', 'c', 'd']);
  s.setCategories(['x', 'y', 'x', 'y']);
  s.setPrices([1, 2, 3, 4]);
  s.setStock([1, 1, 0, 1]);
  return s;
}

/** What `store` answers, to show that failed calls changed nothing. */
function snapshot(store) {
  return JSON.stringify({
    len: store.len, dim: store.dim, ids: [0, 1, 2, 3].map((i) => store.id(i)),
    cats: [0, 1, 2, 3].map((i) => store.category(i)),
    top: ew.rank(store, [1, 0], { k: 4, rules: { dropOutOfStock: true, priceMax: 3 } }).ids,
  });
}

const HOSTILE_COUNTS = [4294967295, 1e9, -1, NaN, Infinity, 1.5, '3', 3n, {}, null, Symbol('s')];
const ARRAY_LIKES = [{ length: 1e9 }, { length: -1 }, { length: 4294967295 }, Object.create(null), 'abc', 7, 7n];

test('issue #12 reproducers: hostile sizes are refused before any allocation', () => {
  rejects(() => new ew.ShopperProfile(4294967295), 'dim', /\[1, 65536\], got 4294967295/);
  rejects(() => ew.synthCatalog(4294967295, 4, 3, 1), 'n', /\[1, 1000000\], got 4294967295/);
  rejects(() => ew.synthCatalog(1e7, 4, 3, 1), 'n');
  rejects(() => ew.synthCatalog(1e6, 128, 3, 1), 'n', /n × dim/);
  rejects(() => ew.synthCatalog(10, 4, 4294967295, 1), 'clusters');
  rejects(() => ew.synthCatalog(10, 4, 3, 2 ** 53), 'seed');
  for (const v of HOSTILE_COUNTS) {
    rejects(() => new ew.ShopperProfile(v), 'dim');
    rejects(() => ew.synthCatalog(v, 4, 3, 1), 'n');
    rejects(() => ew.synthCatalog(10, v, 3, 1), 'dim');
    rejects(() => ew.synthCatalog(10, 4, v, 1), 'clusters');
    rejects(() => ew.ItemStore.fromFloat32([1, 2], v), 'dim');
    // In an options object `null` counts as left out (as in every option set: crate::options).
    if (v !== null) {
      rejects(() => ew.rank(cat.store, new Float32Array(16), { k: v }), 'options.k');
      rejects(() => ew.rank(cat.store, new Float32Array(16), { categoryCap: v }), 'options.categoryCap');
      rejects(() => ew.rank(cat.store, new Float32Array(16), { diversity: { pool: v } }), 'options.diversity.pool');
    }
    rejects(() => ew.rank(cat.store, new Float32Array(16), { rules: { pins: [{ id: 1, slot: v }] } }), 'options.rules.pins[0].slot');
    rejects(() => ew.recallAtK([1], [1], v), 'k');
    rejects(() => ew.ndcgAtK([1], [1], v), 'k');
    rejects(() => ew.catalogCoverage([[1]], v), 'catalogSize');
    rejects(() => cat.store.id(v), 'index');
    rejects(() => cat.store.embedding(v), 'index');
    rejects(() => cat.store.category(v), 'index');
  }
  assert.equal(ew.rank(cat.store, new Float32Array(16), { k: null, categoryCap: null }).ids.length, 10);
  rejects(() => cat.store.id(3000), 'index', /below 3000/);
  // Pairwise work is bounded too.
  rejects(() => ew.intraListDiversity(cat.store, new Uint32Array(10001)), 'list', /at most 10000 items/);
  assert.ok(ew.intraListDiversity(cat.store, new Uint32Array(2000).map((_, i) => i)) > 0);
  // A sparse Array(2 ** 27) fails at its first hole instead of being walked.
  const sparse = new Array(2 ** 27);
  const t0 = process.hrtime.bigint();
  rejects(() => cat.store.setIds(sparse), 'ids[0]');
  rejects(() => cat.store.setCategories(sparse), 'categories[0]');
  rejects(() => ew.rank(cat.store, sparse), 'query[0]');
  rejects(() => ew.rank(cat.store, new Float32Array(16), { candidates: sparse }), 'options.candidates[0]');
  rejects(() => ew.meanReciprocalRank(sparse, [[1]]), 'rankings[0]');
  rejects(() => new ew.ShopperProfile(16).observe(cat.store, sparse), 'events[0]');
  rejects(() => cat.store.setIds(new Array(2 ** 27 + 1)), 'ids', /at most 134217728 elements/);
  assert.ok(process.hrtime.bigint() - t0 < 2_000_000_000n, 'sparse arrays are refused at once');
  // A diversified ranking whose MMR work (k × pool) is beyond its budget is refused.
  rejects(() => ew.rank(cat.store, new Float32Array(16).fill(1), { k: 100000, diversity: { lambda: 0.5, pool: 3000 } }), 'options.diversity.pool');
});

test('issue #12 reproducers: strings, array-likes and typed arrays are checked, never trusted', () => {
  const st = new Uint8Array([1, 2, 3]);
  rejects(() => ew.ItemStore.fromSafetensors(st, 5), 'tensorName', /expected a string, got the number 5/);
  rejects(() => ew.ItemStore.fromSafetensors(st, 'e', 5), 'scalesName', /expected a string, got the number 5/);
  rejects(() => ew.ItemStore.fromSafetensors(st, undefined), 'tensorName');
  rejects(() => ew.ItemStore.fromSafetensors(st, { toString() { return 'e'; } }), 'tensorName');
  const s = small();
  const before = snapshot(s);
  for (const v of ARRAY_LIKES) {
    rejects(() => ew.ItemStore.fromFloat32(v, 2), 'values');
    rejects(() => ew.ItemStore.fromNpy(v), 'bytes');
    rejects(() => ew.ItemStore.safetensorsNames(v), 'bytes');
    rejects(() => s.setIds(v), 'ids');
    rejects(() => s.setCategories(v), 'categories');
    rejects(() => s.setPrices(v), 'prices');
    rejects(() => s.setStock(v), 'stock');
    rejects(() => s.setPopularity(v), 'popularity');
    rejects(() => ew.rank(s, v), 'query');
    rejects(() => ew.rank(s, [1, 0], { candidates: v }), 'options.candidates');
    rejects(() => ew.rank(s, [1, 0], { rules: { exclude: v } }), 'options.rules.exclude');
    rejects(() => ew.rank(s, [1, 0], { rules: { boosts: v } }), 'options.rules.boosts');
    rejects(() => ew.rank(s, [1, 0], { rules: { pins: v } }), 'options.rules.pins');
    rejects(() => ew.rank(s, [1, 0], { supply: { risk: v, strength: 1 } }), 'options.supply.risk');
    rejects(() => ew.recallAtK(v, [1], 1), 'ranked');
    rejects(() => ew.ndcgAtK([1], [1], 1, v), 'gains');
    rejects(() => ew.meanReciprocalRank(v, [[1]]), 'rankings');
    rejects(() => ew.catalogCoverage(v, 3), 'lists');
    rejects(() => ew.intraListDiversity(s, v), 'list');
    rejects(() => new ew.ShopperProfile(2).observe(s, v), 'events');
  }
  // "Cannot read properties of null (reading 'constructor')" is gone: null-prototype objects are
  // described, as arguments and as class arguments.
  rejects(() => ew.rank(s, Object.create(null)), 'query', /got an object$/);
  rejects(() => ew.rank(Object.create(null), [1, 0]), 'store', /expected an ItemStore, got an object$/);
  assert.equal(ew.rank(s, [1, 0], Object.assign(Object.create(null), { k: 1 })).ids.length, 1);
  // A message names the field that holds the bad value (present fields are checked before
  // missing required ones), by its JS path; the core's names are the JS ones.
  rejects(() => ew.rank(s, [1, 0], { candidates: [{ serverScore: 'x' }] }), 'options.candidates[0].serverScore');
  rejects(() => ew.rank(s, [1, 0], { candidates: [{ id: 'a' }] }), 'options.candidates[0].serverScore', /got undefined/);
  rejects(() => ew.rank(s, [1, 0], { supply: { risk: -1 } }), 'options.supply.risk');
  rejects(() => ew.rank(s, [1, 0], { supply: { risk: [0, 0, 0, 0] } }), 'options.supply.strength', /got undefined/);
  rejects(() => ew.rank(s, [1, 0], { rules: { pins: [{ slot: 3n }] } }), 'options.rules.pins[0].slot');
  rejects(() => ew.rank(s, [1, 0], { rules: { boosts: [{ amount: 'x' }] } }), 'options.rules.boosts[0].amount');
  rejects(() => ew.rank(s, [1, 0], { rules: { boosts: [{ target: { id: 'a', category: 'x' }, amount: 1 }] } }), 'options.rules.boosts[0].target', /got both/);
  rejects(() => ew.ItemStore.fromFloat32([1, NaN], 2), 'values');
  // BigInts are named, not "Cannot convert a BigInt value to a number".
  rejects(() => ew.rank(s, [1, 0], { k: 3n }), 'options.k', /got a BigInt/);
  rejects(() => ew.rank(s, [1n, 0n]), 'query[0]', /got a BigInt/);
  assert.equal(snapshot(s), before, 'the store is unchanged');
  s.free();
});

test('issue #12 reproducers: errors never poison an object, and a failed update changes nothing', () => {
  const s = small();
  const before = snapshot(s);
  // The reproducer: `store.setPrices(Object.create(null)); store.len` threw "recursive use".
  rejects(() => s.setPrices(Object.create(null)), 'prices');
  assert.equal(s.len, 4);
  // A detached typed array is refused by name, the store untouched.
  const prices = new Float64Array([9, 9, 9, 9]);
  structuredClone(prices.buffer, { transfer: [prices.buffer] });
  rejects(() => s.setPrices(prices), 'prices', /detached/);
  const q = new Float32Array([1, 0]);
  structuredClone(q.buffer, { transfer: [q.buffer] });
  rejects(() => ew.rank(s, q), 'query');
  // A user getter that throws inside setIds (and everywhere else a list or an object is read).
  const ids = ['p', 'q', 'r', 's'];
  Object.defineProperty(ids, 2, { get() { throw new Error('boom'); } });
  rejects(() => s.setIds(ids), 'ids[2]', /a getter that threw/);
  const boom = { get k() { throw new Error('boom'); } };
  rejects(() => ew.rank(s, [1, 0], boom), 'options.k', /a getter that threw/);
  const trap = new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { return []; } });
  rejects(() => ew.rank(s, [1, 0], trap), 'options.k', /a getter that threw/);
  const keyless = new Proxy({}, { ownKeys() { throw new Error('trap'); } });
  rejects(() => ew.rank(s, [1, 0], keyless), 'options', /ownKeys trap threw/);
  rejects(() => ew.rank(s, [1, 0], { rules: keyless }), 'options.rules', /ownKeys trap threw/);
  rejects(() => new ew.ShopperProfile(2, keyless), 'params', /ownKeys trap threw/);
  rejects(() => new ew.ShopperProfile(2).observe(s, [keyless]), 'events[0]', /ownKeys trap threw/);
  const evil = [{ item: 'a', kind: 'view', timestampMs: 0 }];
  Object.defineProperty(evil[0], 'kind', { get() { throw new Error('boom'); }, enumerable: true });
  const p = new ew.ShopperProfile(2);
  rejects(() => p.observe(s, evil), 'events[0].kind', /a getter that threw/);
  // ShopperProfile.observe: a batch with one bad event applies nothing; the profile keeps working.
  rejects(() => p.observe(s, [{ item: 'a', kind: 'view', timestampMs: 0 }, { item: 'b', kind: 'nope', timestampMs: 1 }]), 'events[1].kind');
  rejects(() => p.observe(s, [{ item: 'a', kind: 'view', timestampMs: 0 }, { item: 'b', kind: 'view', timestampMs: NaN }]), 'events[1].timestampMs');
  rejects(() => p.observe(cat.store, [{ item: 1, kind: 'view', timestampMs: 0 }]), 'store');
  rejects(() => p.observe(p, []), 'store', /expected an ItemStore, got a ShopperProfile/);
  assert.equal(p.eventCount, 0);
  assert.deepEqual(p.observe(s, [{ item: 'a', kind: 'view', timestampMs: 0 }]), { applied: 1, unknownIds: [] });
  assert.equal(p.eventCount, 1);
  // Weights that would push the profile out of range refuse the batch whole.
  const heavy = new ew.ShopperProfile(2, { view: 1e300, normalizeItems: false });
  rejects(() => heavy.observe(s, [{ item: 'a', kind: 'view', timestampMs: 0 }]), 'events');
  assert.equal(heavy.eventCount, 0);
  // Saved state is checked for meaning, not only for shape.
  const saved = p.toJSON();
  assert.throws(() => ew.ShopperProfile.fromJSON({ ...saved, vector: [1e300, 0] }), /corrupt shopper profile: vector value 0 is not finite or beyond/);
  assert.throws(() => ew.ShopperProfile.fromJSON({ ...saved, events: 2 ** 53 }), /corrupt shopper profile: the event count/);
  assert.equal(snapshot(s), before, 'the store is unchanged after every failed call');
  s.free();
});

test('issue #12: wrong `this`, freed objects and `new ItemStore()` give clear errors', () => {
  const s = small();
  const p = new ew.ShopperProfile(2);
  const proto = ew.ItemStore.prototype;
  const getter = (cls, name) => Object.getOwnPropertyDescriptor(cls.prototype, name).get;
  // Methods and getters of one class called on another class's object.
  for (const name of ['len', 'dim', 'isInt8', 'embeddingBytes']) {
    rejects(() => Reflect.apply(getter(ew.ItemStore, name), p, []), 'this', /expected an ItemStore .*got a ShopperProfile/);
  }
  for (const name of ['dim', 'eventCount', 'asOf', 'purchased']) {
    rejects(() => Reflect.apply(getter(ew.ShopperProfile, name), s, []), 'this', /expected a ShopperProfile .*got an ItemStore/);
  }
  rejects(() => proto.setPrices.call(p, [1, 2]), 'this');
  rejects(() => proto.setIds.call(p, ['a', 'b']), 'this');
  rejects(() => proto.quantizeInt8.call(p), 'this');
  rejects(() => proto.id.call(p, 0), 'this');
  rejects(() => proto.indexOf.call(p, 'a'), 'this');
  rejects(() => ew.ShopperProfile.prototype.observe.call(s, s, []), 'this');
  rejects(() => ew.ShopperProfile.prototype.vectorAt.call(s), 'this');
  rejects(() => ew.ShopperProfile.prototype.toJSON.call(s), 'this');
  // Both objects keep working.
  assert.equal(s.len, 4);
  assert.equal(p.dim, 2);
  // `new ItemStore()` (no constructor: built with a static `from*`) and freed objects.
  const bare = new ew.ItemStore();
  rejects(() => bare.len, 'this', /free\(\) was called|no edgewise constructor/);
  rejects(() => ew.rank(bare, [1, 0]), 'store');
  const gone = small();
  gone.free();
  gone.free(); // a second free() is a no-op
  rejects(() => gone.len, 'this', /free\(\) was called/);
  rejects(() => gone.setPrices([1, 2, 3, 4]), 'this', /free\(\) was called/);
  rejects(() => ew.rank(gone, [1, 0]), 'store', /free\(\) was called/);
  rejects(() => ew.rank(undefined, [1, 0]), 'store', /expected an ItemStore, got undefined/);
  const pf = new ew.ShopperProfile(2);
  pf.free();
  rejects(() => ew.rankProfile(s, pf), 'profile', /free\(\) was called/);
  rejects(() => p.observe(gone, []), 'store', /free\(\) was called/);
  assert.equal(ew.rank(s, [1, 0], { k: 1 }).ids[0], 'a');
  s.free();
  p.free();
});

test('issue #12: a thousand failing calls in a row leave the module fully working', () => {
  const s = small();
  const p = new ew.ShopperProfile(2);
  const bad = [
    () => new ew.ShopperProfile(4294967295),
    () => ew.synthCatalog(4294967295, 4, 3, 1),
    () => ew.ItemStore.fromSafetensors(new Uint8Array(4), 5),
    () => s.setPrices(Object.create(null)),
    () => s.setIds({ length: 1e9 }),
    () => ew.rank(s, { length: -1 }),
    () => Reflect.apply(getterOf('len'), p, []),
    () => p.observe(s, [{ item: 'a', kind: 'x', timestampMs: 0 }]),
  ];
  function getterOf(name) { return Object.getOwnPropertyDescriptor(ew.ItemStore.prototype, name).get; }
  for (let i = 0; i < 1000; i++) {
    assert.throws(bad[i % bad.length], (e) => e instanceof Error && !(e instanceof WebAssembly.RuntimeError));
  }
  assert.deepEqual(ew.rank(s, [1, 0], { k: 2 }).ids, ['a', 'c']);
  assert.equal(p.observe(s, [{ item: 'b', kind: 'cart', timestampMs: 5 }]).applied, 1);
  const fresh = ew.synthCatalog(200, 8, 4, 1);
  assert.equal(fresh.store.len, 200);
  fresh.store.free();
  s.free();
  p.free();
});
