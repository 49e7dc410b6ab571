//! Accuracy table for the rerank engine on seeded synthetic catalogs (clustered, power-law
//! popularity): int8 vs f32 top-50 recall, and what MMR's λ does to intra-list diversity and
//! relevance. Prints Markdown; `benches/results/rerank_accuracy.md` holds its output.
//! Run: `cargo run --release --example rerank_accuracy`.

use edgewise::rerank::synth::synth_catalog;
use edgewise::rerank::{
    eval, rank, Diversity, Event, EventKind, ItemId, Profile, ProfileParams, RankOptions,
};
use rand::Rng as _;

fn main() -> Result<(), edgewise::Error> {
    println!("## int8 (per-row scale) vs f32: top-50 recall, 200 shopper profiles per row\n");
    println!("| items | dim | clusters | seed | mean recall@50 | min recall@50 | int8 bytes / f32 bytes |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for &(n, dim, clusters, seed) in &[
        (20_000usize, 32usize, 40usize, 1u64),
        (100_000, 64, 64, 42),
        (100_000, 64, 256, 43),
        (100_000, 128, 64, 44),
    ] {
        let cat = synth_catalog(n, dim, clusters, seed)?;
        let f = cat.store()?;
        let q8 = f.clone().quantize_int8();
        let mut rng = edgewise::rng::seeded(seed + 1000);
        let (mut sum, mut min) = (0.0f64, 1.0f64);
        let queries = 200;
        for _ in 0..queries {
            let mut p = Profile::new(dim, ProfileParams::default())?;
            let events: Vec<Event> = (0..rng.random_range(1..8))
                .map(|t| Event {
                    item: ItemId::Num(rng.random_range(0..n as u32)),
                    kind: if rng.random::<f64>() < 0.2 {
                        EventKind::Cart
                    } else {
                        EventKind::View
                    },
                    timestamp_ms: f64::from(t) * 60_000.0,
                })
                .collect();
            p.observe(&f, &events)?;
            let q = p.vector_at(600_000.0)?;
            let o = RankOptions {
                k: 50,
                ..Default::default()
            };
            let a: Vec<u32> = rank(&f, &q, &o)?.items.iter().map(|i| i.index).collect();
            let b: Vec<u32> = rank(&q8, &q, &o)?.items.iter().map(|i| i.index).collect();
            let r = eval::recall_at_k(&b, &a, 50)?;
            sum += r;
            min = min.min(r);
        }
        println!(
            "| {n} | {dim} | {clusters} | {seed} | {:.4} | {:.2} | {:.3} |",
            sum / queries as f64,
            min,
            q8.embedding_bytes() as f64 / f.embedding_bytes() as f64
        );
    }

    println!(
        "\n## MMR λ on a 50k × 64 catalog (64 clusters, seed 7), top-20, pool 1000, 100 profiles\n"
    );
    println!("| λ | mean intra-list diversity | mean categories in list | mean relevance (sum) | catalog coverage |");
    println!("|---:|---:|---:|---:|---:|");
    let cat = synth_catalog(50_000, 64, 64, 7)?;
    let s = cat.store()?;
    let mut rng = edgewise::rng::seeded(77);
    let queries: Vec<Vec<f32>> = (0..100)
        .map(|_| s.embedding(rng.random_range(0..50_000)))
        .collect();
    for lambda in [1.0, 0.9, 0.7, 0.5, 0.3] {
        let (mut ild, mut cats, mut rel) = (0.0, 0.0, 0.0);
        let mut lists = Vec::new();
        for q in &queries {
            let o = RankOptions {
                k: 20,
                diversity: Some(Diversity { lambda, pool: 1000 }),
                ..Default::default()
            };
            let r = rank(&s, q, &o)?;
            let idx: Vec<u32> = r.items.iter().map(|i| i.index).collect();
            ild += eval::intra_list_diversity(&s, &idx)?;
            let c: std::collections::HashSet<_> =
                idx.iter().map(|&i| s.category(i as usize)).collect();
            cats += c.len() as f64;
            rel += r
                .items
                .iter()
                .map(|i| i.score + i.parts.diversity_penalty)
                .sum::<f64>();
            lists.push(idx);
        }
        let m = queries.len() as f64;
        println!(
            "| {lambda} | {:.3} | {:.1} | {:.2} | {:.4} |",
            ild / m,
            cats / m,
            rel / m,
            eval::catalog_coverage(&lists, s.len())?
        );
    }
    Ok(())
}
