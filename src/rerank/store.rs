//! The item store: embeddings (f32 or int8 with per-row scales) plus metadata — ids, category,
//! price, stock — validated once so ranking can trust it.

use super::hash::Map as HashMap;
use super::load::{self, LoadedMatrix, Values};
use crate::compute::aligned::Aligned;
use crate::compute::quant::quantize_rows;
use crate::compute::{kernels, Items, Matrix, QuantMatrix};
use crate::error::{Error, Result};
use crate::num::Num;
use std::fmt;

/// An item identifier as the page knows it: a number or a string.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(untagged)]
pub enum ItemId {
    /// A numeric id (e.g. a product number).
    Num(u32),
    /// A string id (e.g. a SKU).
    Str(String),
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemId::Num(n) => write!(f, "{n}"),
            ItemId::Str(s) => write!(f, "\"{s}\""),
        }
    }
}

impl From<u32> for ItemId {
    fn from(n: u32) -> Self {
        ItemId::Num(n)
    }
}

impl From<&str> for ItemId {
    fn from(s: &str) -> Self {
        ItemId::Str(s.to_string())
    }
}

impl From<String> for ItemId {
    fn from(s: String) -> Self {
        ItemId::Str(s)
    }
}

/// How the embeddings are held in memory: values on a cache-line boundary, so the speed of a scan
/// does not depend on where the allocator put them.
#[derive(Debug, Clone, PartialEq)]
enum Embeddings {
    F32(Aligned<f32>),
    I8 { q: Aligned<i8>, scales: Vec<f32> },
}

/// A catalog of item embeddings with metadata. Build it from a loader, then attach metadata with
/// the `with_*` methods (each validates length and values).
#[derive(Debug, Clone)]
pub struct ItemStore {
    n: usize,
    dim: usize,
    emb: Embeddings,
    norms: Vec<f32>,
    ids: Vec<ItemId>,
    index: HashMap<ItemId, u32>,
    categories: Option<Vec<u32>>,
    category_names: Vec<String>,
    prices: Option<Vec<f64>>,
    stock: Option<Vec<f64>>,
    /// Popularity prior per item, scaled so the largest is 1 (all 0 when every value is 0).
    popularity: Option<Vec<f64>>,
}

fn check_meta_len(arg: &str, got: usize, n: usize) -> Result<()> {
    if got == n {
        Ok(())
    } else {
        Err(Error::invalid(
            arg,
            format!("one value per item ({n})"),
            format!("{got} values"),
        ))
    }
}

impl ItemStore {
    /// A store from row-major f32 values with `dim` per item. Ids default to `0..n` (numbers).
    pub fn from_f32(values: Vec<f32>, dim: usize) -> Result<Self> {
        if dim == 0 || dim > load::MAX_DIM {
            return Err(Error::invalid(
                "dim",
                format!("an integer in 1..={}", load::MAX_DIM),
                dim,
            ));
        }
        if values.is_empty() || values.len() % dim != 0 {
            return Err(Error::invalid(
                "embeddings",
                format!("a non-empty multiple of dim = {dim} values"),
                format!("{} values", values.len()),
            ));
        }
        let n = values.len() / dim;
        Matrix::new("embeddings", &values, n, dim)?;
        super::score::check_magnitude("embeddings", &values)?;
        Self::build(n, dim, Embeddings::F32(Aligned::new(values)))
    }

    /// A store from int8 rows and one scale per row (value ≈ `scale · q`).
    pub fn from_i8(q: Vec<i8>, scales: Vec<f32>, dim: usize) -> Result<Self> {
        if dim == 0 || dim > load::MAX_DIM || q.is_empty() || q.len() % dim != 0 {
            return Err(Error::invalid(
                "embeddings",
                format!(
                    "a non-empty multiple of dim values, dim in 1..={}",
                    load::MAX_DIM
                ),
                format!("{} values with dim = {dim}", q.len()),
            ));
        }
        let n = q.len() / dim;
        QuantMatrix::new("embeddings", &q, &scales, n, dim)?;
        super::score::check_magnitude(
            "scales",
            &scales.iter().map(|s| s * 128.0).collect::<Vec<_>>(),
        )?;
        Self::build(
            n,
            dim,
            Embeddings::I8 {
                q: Aligned::new(q),
                scales,
            },
        )
    }

    /// A store from a [`LoadedMatrix`]; int8 matrices need `scales` (one per row), f32 ones must
    /// not have them.
    pub fn from_loaded(m: LoadedMatrix, scales: Option<Vec<f32>>) -> Result<Self> {
        match (m.values, scales) {
            (Values::F32(v), None) => Self::from_f32(v, m.cols),
            (Values::I8(q), Some(s)) => Self::from_i8(q, s, m.cols),
            (Values::I8(_), None) => Err(Error::invalid(
                "scales",
                "a per-row scale tensor for int8 embeddings",
                "none",
            )),
            (Values::F32(_), Some(_)) => Err(Error::invalid(
                "scales",
                "no scales for float embeddings",
                "a scale tensor",
            )),
        }
    }

    /// Loads a `.npy` file (2-D, C order, `<f4` or `<f2`).
    pub fn from_npy(bytes: &[u8]) -> Result<Self> {
        Self::from_loaded(load::load_npy(bytes)?, None)
    }

    /// Loads tensor `tensor` of a `.safetensors` file; `I8` tensors take their per-row scales
    /// from tensor `scales` (F32/F16, one value per row).
    pub fn from_safetensors(bytes: &[u8], tensor: &str, scales: Option<&str>) -> Result<Self> {
        let m = load::load_safetensors(bytes, tensor)?;
        let s = match scales {
            Some(name) => Some(load::safetensors::load_scales(bytes, name, m.rows)?),
            None => None,
        };
        Self::from_loaded(m, s)
    }

    /// Reads raw little-endian f32 bytes (a `Float32Array`'s buffer) with `dim` values per item.
    pub fn from_raw_f32(bytes: &[u8], dim: usize) -> Result<Self> {
        Self::from_loaded(load::load_raw_f32(bytes, dim)?, None)
    }

    fn build(n: usize, dim: usize, emb: Embeddings) -> Result<Self> {
        if n > crate::limits::MAX_ITEMS {
            return Err(Error::invalid(
                "embeddings",
                format!("at most {} items", crate::limits::MAX_ITEMS),
                format!("{n} items"),
            ));
        }
        let norms = match &emb {
            Embeddings::F32(v) => v
                .chunks_exact(dim)
                .map(|r| kernels::dot_f32(r, r).sqrt())
                .collect(),
            Embeddings::I8 { q, scales } => q
                .chunks_exact(dim)
                .zip(scales)
                .map(|(r, s)| s * (kernels::dot_i8(r, r) as f32).sqrt())
                .collect(),
        };
        let ids: Vec<ItemId> = (0..n as u32).map(ItemId::Num).collect();
        let index = ids.iter().cloned().zip(0u32..).collect();
        Ok(ItemStore {
            n,
            dim,
            emb,
            norms,
            ids,
            index,
            categories: None,
            category_names: Vec::new(),
            prices: None,
            stock: None,
            popularity: None,
        })
    }

    /// Quantizes f32 embeddings to int8 with per-row scales (4× less memory; a no-op when the
    /// store is already int8).
    pub fn quantize_int8(mut self) -> Self {
        if let Embeddings::F32(v) = &self.emb {
            let (q, scales) = quantize_rows(v, self.dim);
            self.norms = q
                .chunks_exact(self.dim)
                .zip(&scales)
                .map(|(r, s)| s * (kernels::dot_i8(r, r) as f32).sqrt())
                .collect();
            self.emb = Embeddings::I8 {
                q: Aligned::new(q),
                scales,
            };
        }
        self
    }

    /// Sets the item ids (one per item, all distinct).
    pub fn with_ids(mut self, ids: Vec<ItemId>) -> Result<Self> {
        self.set_ids(ids)?;
        Ok(self)
    }

    /// Sets one category name per item (used by category caps and category boosts).
    pub fn with_categories(mut self, categories: Vec<String>) -> Result<Self> {
        self.set_categories(categories)?;
        Ok(self)
    }

    /// Sets one price per item (finite, ≥ 0).
    pub fn with_prices(mut self, prices: Vec<f64>) -> Result<Self> {
        self.set_prices(prices)?;
        Ok(self)
    }

    /// Sets the units in stock per item (finite; ≤ 0 means out of stock).
    pub fn with_stock(mut self, stock: Vec<f64>) -> Result<Self> {
        self.set_stock(stock)?;
        Ok(self)
    }

    /// Sets a popularity prior per item (finite, ≥ 0, any scale: sales, views, a share): the
    /// ranking of a cold start (a zero query, e.g. an empty session) follows it instead of the
    /// catalog order. Stored scaled so that the most popular item has 1.
    pub fn with_popularity(mut self, popularity: Vec<f64>) -> Result<Self> {
        self.set_popularity(popularity)?;
        Ok(self)
    }

    /// [`ItemStore::with_ids`] in place: validates everything first, so an error leaves the
    /// store as it was.
    pub fn set_ids(&mut self, ids: Vec<ItemId>) -> Result<()> {
        check_meta_len("ids", ids.len(), self.n)?;
        let mut index = HashMap::with_capacity_and_hasher(ids.len(), Default::default());
        for (i, id) in ids.iter().enumerate() {
            if let Some(prev) = index.insert(id.clone(), i as u32) {
                return Err(Error::invalid(
                    "ids",
                    "distinct ids",
                    format!("{id} at positions {prev} and {i}"),
                ));
            }
        }
        self.ids = ids;
        self.index = index;
        Ok(())
    }

    /// [`ItemStore::with_categories`] in place (an error leaves the store as it was).
    pub fn set_categories(&mut self, categories: Vec<String>) -> Result<()> {
        check_meta_len("categories", categories.len(), self.n)?;
        let mut codes: HashMap<String, u32> = HashMap::default();
        let mut names = Vec::new();
        let cats = categories
            .into_iter()
            .map(|c| {
                *codes.entry(c).or_insert_with_key(|k| {
                    names.push(k.clone());
                    names.len() as u32 - 1
                })
            })
            .collect();
        self.categories = Some(cats);
        self.category_names = names;
        Ok(())
    }

    /// [`ItemStore::with_prices`] in place (an error leaves the store as it was).
    pub fn set_prices(&mut self, prices: Vec<f64>) -> Result<()> {
        check_meta_len("prices", prices.len(), self.n)?;
        if let Some(i) = prices.iter().position(|p| !(p.is_finite() && *p >= 0.0)) {
            return Err(Error::invalid(
                "prices",
                "finite prices >= 0",
                format!("{} at index {i}", Num::from(prices[i])),
            ));
        }
        self.prices = Some(prices);
        Ok(())
    }

    /// [`ItemStore::with_stock`] in place (an error leaves the store as it was).
    pub fn set_stock(&mut self, stock: Vec<f64>) -> Result<()> {
        check_meta_len("stock", stock.len(), self.n)?;
        crate::error::check::finite("stock", &stock)?;
        self.stock = Some(stock);
        Ok(())
    }

    /// [`ItemStore::with_popularity`] in place (an error leaves the store as it was).
    pub fn set_popularity(&mut self, popularity: Vec<f64>) -> Result<()> {
        check_meta_len("popularity", popularity.len(), self.n)?;
        if let Some(i) = popularity
            .iter()
            .position(|p| !(p.is_finite() && *p >= 0.0))
        {
            return Err(Error::invalid(
                "popularity",
                "finite values >= 0",
                format!("{} at index {i}", Num::from(popularity[i])),
            ));
        }
        let max = popularity.iter().copied().fold(0.0, f64::max);
        // Divide (not multiply by 1 / max, which is infinite for a subnormal max).
        self.popularity = Some(
            popularity
                .into_iter()
                .map(|p| if max > 0.0 { p / max } else { 0.0 })
                .collect(),
        );
        Ok(())
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True when the store holds no items (never, for a constructed store).
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Embedding dimension.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// True when embeddings are held as int8.
    pub fn is_int8(&self) -> bool {
        matches!(self.emb, Embeddings::I8 { .. })
    }

    /// Bytes used by the embeddings (values and scales).
    pub fn embedding_bytes(&self) -> usize {
        match &self.emb {
            Embeddings::F32(v) => v.len() * 4,
            Embeddings::I8 { q, scales } => q.len() + scales.len() * 4,
        }
    }

    /// A plain sum over every embedding value, reading each byte once: the memory-bandwidth
    /// reference of the benchmarks (int8 rows are summed in wrapping 16-lane `i16` chunks; only
    /// the reading matters).
    pub fn byte_sum(&self) -> f64 {
        match &self.emb {
            Embeddings::F32(v) => {
                let mut acc = [0f32; 16];
                let chunks = v.chunks_exact(16);
                let rest: f32 = chunks.remainder().iter().sum();
                for c in chunks {
                    for (a, x) in acc.iter_mut().zip(c) {
                        *a += x;
                    }
                }
                f64::from(acc.iter().sum::<f32>() + rest)
            }
            Embeddings::I8 { q, .. } => {
                let mut acc = [0i32; 16];
                let mut rest = 0i32;
                for row in q.chunks_exact(self.dim.max(1)) {
                    let chunks = row.chunks_exact(16);
                    rest =
                        rest.wrapping_add(chunks.remainder().iter().map(|&x| i32::from(x)).sum());
                    let mut lanes = [0i16; 16];
                    for c in chunks {
                        for (a, &x) in lanes.iter_mut().zip(c) {
                            *a = a.wrapping_add(i16::from(x));
                        }
                    }
                    for (a, l) in acc.iter_mut().zip(lanes) {
                        *a = a.wrapping_add(i32::from(l));
                    }
                }
                f64::from(
                    acc.iter()
                        .fold(0i32, |s, &a| s.wrapping_add(a))
                        .wrapping_add(rest),
                )
            }
        }
    }

    /// The embeddings as the compute backend takes them.
    pub fn items(&self) -> Items<'_> {
        match &self.emb {
            Embeddings::F32(v) => Items::F32(Matrix::trusted(v, self.n, self.dim)),
            Embeddings::I8 { q, scales } => {
                Items::I8(QuantMatrix::trusted(q, scales, self.n, self.dim))
            }
        }
    }

    /// Item `i`'s embedding as f32 (dequantized for int8 stores); empty when out of range.
    pub fn embedding(&self, i: usize) -> Vec<f32> {
        if i >= self.n {
            return Vec::new();
        }
        let r = i * self.dim..(i + 1) * self.dim;
        match &self.emb {
            Embeddings::F32(v) => v.get(r).map(<[f32]>::to_vec).unwrap_or_default(),
            Embeddings::I8 { q, scales } => match (q.get(r), scales.get(i)) {
                (Some(row), Some(&s)) => crate::compute::quant::dequantize_row(row, s),
                _ => Vec::new(),
            },
        }
    }

    /// L2 norm of item `i`'s embedding (0 when out of range).
    pub fn norm(&self, i: usize) -> f32 {
        self.norms.get(i).copied().unwrap_or(0.0)
    }

    /// Item `i`'s id.
    pub fn id(&self, i: usize) -> Option<&ItemId> {
        self.ids.get(i)
    }

    /// All ids in item order.
    pub fn ids(&self) -> &[ItemId] {
        &self.ids
    }

    /// Position of `id` in the store.
    pub fn index_of(&self, id: &ItemId) -> Option<usize> {
        self.index.get(id).map(|&i| i as usize)
    }

    /// Category code of item `i` (`None` without categories).
    pub fn category_code(&self, i: usize) -> Option<u32> {
        self.categories.as_ref().and_then(|c| c.get(i).copied())
    }

    /// Code of a category name, if some item has it.
    pub fn category_code_of(&self, name: &str) -> Option<u32> {
        self.category_names
            .iter()
            .position(|n| n == name)
            .map(|p| p as u32)
    }

    /// Category name of item `i`.
    pub fn category(&self, i: usize) -> Option<&str> {
        self.category_code(i)
            .and_then(|c| self.category_names.get(c as usize))
            .map(String::as_str)
    }

    /// True when categories were set.
    pub fn has_categories(&self) -> bool {
        self.categories.is_some()
    }

    /// Price of item `i`.
    pub fn price(&self, i: usize) -> Option<f64> {
        self.prices.as_ref().and_then(|p| p.get(i).copied())
    }

    /// True when prices were set.
    pub fn has_prices(&self) -> bool {
        self.prices.is_some()
    }

    /// Units in stock of item `i`.
    pub fn stock(&self, i: usize) -> Option<f64> {
        self.stock.as_ref().and_then(|s| s.get(i).copied())
    }

    /// True when stock levels were set.
    pub fn has_stock(&self) -> bool {
        self.stock.is_some()
    }

    /// Popularity prior of item `i`, scaled to [0, 1] (the most popular item has 1).
    pub fn popularity(&self, i: usize) -> Option<f64> {
        self.popularity.as_ref().and_then(|p| p.get(i).copied())
    }

    /// True when a popularity prior was set.
    pub fn has_popularity(&self) -> bool {
        self.popularity.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_validates_and_quantizes() {
        let s = ItemStore::from_f32(vec![3.0, 4.0, 0.0, 1.0, -1.0, 0.0], 2).unwrap();
        assert_eq!((s.len(), s.dim(), s.is_int8()), (3, 2, false));
        assert_eq!(s.norm(0), 5.0);
        assert_eq!(s.embedding_bytes(), 24);
        assert_eq!(s.index_of(&ItemId::Num(2)), Some(2));
        let s = s
            .with_ids(vec!["a".into(), "b".into(), 7.into()])
            .unwrap()
            .with_categories(vec!["shoes".into(), "hats".into(), "shoes".into()])
            .unwrap()
            .with_prices(vec![10.0, 20.0, 0.0])
            .unwrap()
            .with_stock(vec![1.0, 0.0, -2.0])
            .unwrap();
        assert_eq!(s.index_of(&"b".into()), Some(1));
        assert_eq!(s.index_of(&7.into()), Some(2));
        assert_eq!(s.index_of(&"7".into()), None);
        assert_eq!(s.category(2), Some("shoes"));
        assert_eq!(s.category_code(2), s.category_code_of("shoes"));
        let q = s.clone().quantize_int8();
        assert!(q.is_int8());
        assert_eq!(q.embedding_bytes(), 6 + 12);
        assert!((q.norm(0) - 5.0).abs() < 0.05);
        assert_eq!(q.embedding(1), vec![0.0, 1.0]);
        assert!(q.embedding(9).is_empty());
        assert_eq!(q.id(0), Some(&ItemId::Str("a".into())));
    }

    #[test]
    fn bad_input_is_an_error() {
        let e = ItemStore::from_f32(vec![1.0, f32::NAN], 2)
            .unwrap_err()
            .to_string();
        assert!(e.contains("NaN at row 0, column 1"), "{e}");
        assert!(ItemStore::from_f32(vec![1.0, 2.0, 3.0], 2).is_err());
        assert!(ItemStore::from_f32(vec![], 2).is_err());
        assert!(ItemStore::from_f32(vec![1.0], 0).is_err());
        let e = ItemStore::from_f32(vec![1.0, -2e15], 1)
            .unwrap_err()
            .to_string();
        assert!(e.contains("-2000000000000000 at index 1"), "{e}");
        assert!(ItemStore::from_i8(vec![1, 2], vec![1e14], 2).is_err());
        assert!(ItemStore::from_i8(vec![1, 2], vec![], 2).is_err());
        assert!(ItemStore::from_i8(vec![1, 2], vec![-1.0], 2).is_err());
        let s = ItemStore::from_f32(vec![1.0, 2.0], 1).unwrap();
        let e = s
            .clone()
            .with_ids(vec![1.into(), 1.into()])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("distinct ids") && e.contains("positions 0 and 1"),
            "{e}"
        );
        assert!(s.clone().with_ids(vec![1.into()]).is_err());
        assert!(s.clone().with_prices(vec![1.0, -1.0]).is_err());
        assert!(s.clone().with_prices(vec![1.0, f64::NAN]).is_err());
        assert!(s.clone().with_stock(vec![1.0, f64::INFINITY]).is_err());
        assert!(s.clone().with_categories(vec!["a".into()]).is_err());
        let e = ItemStore::from_loaded(
            LoadedMatrix {
                rows: 1,
                cols: 2,
                values: Values::I8(vec![1, 2]),
            },
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("`scales`"), "{e}");
    }
}
