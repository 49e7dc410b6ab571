//! A seeded generator of catalogs with realistic structure: clustered embeddings (clusters of
//! Zipf-distributed size, one category per cluster), power-law popularity that lengthens popular
//! items' vectors (as trained factor models do), log-normal prices and stock with some zeros.
//! Used by tests, benchmarks and the dashboard's bundled catalog.

use crate::error::{Error, Result};
use crate::rng::{seeded, Rng};
use rand::Rng as _;

/// A generated catalog (row-major embeddings plus metadata, item `i` everywhere at index `i`).
#[derive(Debug, Clone, PartialEq)]
pub struct SynthCatalog {
    /// Number of items.
    pub n: usize,
    /// Embedding dimension.
    pub dim: usize,
    /// `n × dim` embeddings.
    pub embeddings: Vec<f32>,
    /// Cluster of each item.
    pub cluster: Vec<u32>,
    /// Category name of each item (`c<cluster>`).
    pub categories: Vec<String>,
    /// Popularity share of each item (sums to 1, power law).
    pub popularity: Vec<f64>,
    /// Price of each item.
    pub prices: Vec<f64>,
    /// Units in stock (about 10% zero).
    pub stock: Vec<f64>,
}

/// One standard normal draw (Box–Muller).
pub fn normal(rng: &mut Rng) -> f64 {
    let u1: f64 = rng.random_range(f64::MIN_POSITIVE..1.0);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// Generates `n` items of dimension `dim` in `clusters` clusters from `seed`.
pub fn synth_catalog(n: usize, dim: usize, clusters: usize, seed: u64) -> Result<SynthCatalog> {
    use crate::limits::{check_count, MAX_CLUSTERS, MAX_SYNTH_ITEMS, MAX_SYNTH_VALUES};
    check_count("n", n, 1, MAX_SYNTH_ITEMS)?;
    check_count("dim", dim, 1, super::load::MAX_DIM)?;
    check_count("clusters", clusters, 1, MAX_CLUSTERS)?;
    if n.checked_mul(dim).is_none_or(|v| v > MAX_SYNTH_VALUES) {
        return Err(Error::invalid(
            "n",
            format!("a catalog of at most {MAX_SYNTH_VALUES} values (n × dim)"),
            format!("{n} × {dim}"),
        ));
    }
    let mut rng = seeded(seed);
    let sd = 1.0 / (dim as f64).sqrt();
    let centers: Vec<Vec<f64>> = (0..clusters)
        .map(|_| {
            let v: Vec<f64> = (0..dim).map(|_| normal(&mut rng)).collect();
            let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt().max(1e-12);
            v.into_iter().map(|x| x / norm).collect()
        })
        .collect();
    // Cluster sizes ~ Zipf(0.8): a few big categories, a long tail.
    let cw: Vec<f64> = (0..clusters)
        .map(|c| 1.0 / ((c + 1) as f64).powf(0.8))
        .collect();
    let ctot: f64 = cw.iter().sum();
    // Popularity ~ Zipf(1.1) over a random permutation of items.
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = rng.random_range(0..=i);
        order.swap(i, j);
    }
    let mut popularity = vec![0.0; n];
    for (rank, &i) in order.iter().enumerate() {
        popularity[i] = 1.0 / ((rank + 1) as f64).powf(1.1);
    }
    let ptot: f64 = popularity.iter().sum();
    let pmax = popularity.iter().cloned().fold(0.0, f64::max);
    popularity.iter_mut().for_each(|p| *p /= ptot);
    let pmax = pmax / ptot;

    let mut embeddings = Vec::with_capacity(n * dim);
    let mut cluster = Vec::with_capacity(n);
    let mut categories = Vec::with_capacity(n);
    let mut prices = Vec::with_capacity(n);
    let mut stock = Vec::with_capacity(n);
    for &pop in popularity.iter() {
        let mut u = rng.random::<f64>() * ctot;
        let mut c = clusters - 1;
        for (k, w) in cw.iter().enumerate() {
            if u < *w {
                c = k;
                break;
            }
            u -= w;
        }
        // Length 0.5 .. 1.5 growing with log popularity.
        let scale = 0.5 + (1.0 + 999.0 * pop / pmax).log10() / 3.0;
        for &x in &centers[c] {
            let v = (x + 0.6 * sd * normal(&mut rng)) * scale;
            embeddings.push(v as f32);
        }
        cluster.push(c as u32);
        categories.push(format!("c{c}"));
        prices.push((3.0 + 0.6 * normal(&mut rng)).exp().round() + 0.99);
        let s = if rng.random::<f64>() < 0.1 {
            0.0
        } else {
            (2.0 + normal(&mut rng)).exp().round()
        };
        stock.push(s);
    }
    Ok(SynthCatalog {
        n,
        dim,
        embeddings,
        cluster,
        categories,
        popularity,
        prices,
        stock,
    })
}

impl SynthCatalog {
    /// The catalog as an [`super::ItemStore`] with ids `0..n`, categories, prices, stock and
    /// the popularity prior (so a cold start ranks by popularity).
    pub fn store(&self) -> Result<super::ItemStore> {
        super::ItemStore::from_f32(self.embeddings.clone(), self.dim)?
            .with_categories(self.categories.clone())?
            .with_prices(self.prices.clone())?
            .with_stock(self.stock.clone())?
            .with_popularity(self.popularity.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_and_structured() {
        let a = synth_catalog(2000, 16, 12, 5).unwrap();
        assert_eq!(a, synth_catalog(2000, 16, 12, 5).unwrap());
        assert_ne!(
            a.embeddings,
            synth_catalog(2000, 16, 12, 6).unwrap().embeddings
        );
        assert_eq!(a.embeddings.len(), 2000 * 16);
        assert!((a.popularity.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        // Zipf cluster sizes: cluster 0 is clearly the largest.
        let size = |c| a.cluster.iter().filter(|&&x| x == c).count();
        assert!(size(0) > 2 * size(11));
        // Items sit closer to their own cluster's mates than to others: mean cosine within
        // cluster 0 far above the mean cosine between clusters 0 and 1.
        let s = a.store().unwrap();
        let cl = &a.cluster;
        let members = |c| (0..2000usize).filter(move |&i| cl[i] == c).take(30);
        let cos = |i: usize, j: usize| {
            let (x, y) = (s.embedding(i), s.embedding(j));
            crate::compute::kernels::dot_f32(&x, &y) / (s.norm(i) * s.norm(j))
        };
        let within: f32 = members(0)
            .zip(members(0).skip(1))
            .map(|(i, j)| cos(i, j))
            .sum();
        let across: f32 = members(0).zip(members(1)).map(|(i, j)| cos(i, j)).sum();
        assert!(within > across + 10.0, "{within} vs {across}");
        let zeros = a.stock.iter().filter(|&&x| x == 0.0).count();
        assert!((100..350).contains(&zeros), "{zeros}");
        assert!(synth_catalog(0, 4, 1, 0).is_err());
        assert!(synth_catalog(usize::MAX, 4, 1, 0).is_err());
        // Bounded (issue #12): sizes a page could pass by mistake are refused before any work.
        for (n, dim, clusters) in [
            (4_294_967_295, 4, 3),
            (10_000_000, 4, 3),
            (1_000, 65_537, 3),
            (1_000, 4, 1_025),
            (1_000_000, 128, 3),
        ] {
            let e = synth_catalog(n, dim, clusters, 1).unwrap_err().to_string();
            assert!(e.contains("expected"), "{e}");
        }
        let e = synth_catalog(4_294_967_295, 4, 3, 1)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "invalid argument `n`: expected a whole number in [1, 1000000], got 4294967295"
        );
    }
}
