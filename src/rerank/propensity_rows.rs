//! The feature rows a propensity model scores, for the page to train on what the ranker sees
//! (JS `propensityFeatures`).

use super::propensity::{Propensity, PropensityFeatures};
use super::score::check_magnitude;
use super::store::ItemStore;
use crate::error::{Error, Result};
use crate::limits::{MAX_ELEMENTS, MAX_TOP_K};

/// The features a propensity model on `features` scores for each of the store items `indices`,
/// row-major `indices.len() × dim`: train a logistic model on these rows (clicked 1, shown and
/// not clicked 0) and rank with it on the same `features`. `query` is the shopper's vector,
/// needed for [`PropensityFeatures::Interaction`] and otherwise only checked. Errors name the
/// JS arguments `indices`, `features` and `query`.
pub fn propensity_features(
    store: &ItemStore,
    indices: &[u32],
    features: PropensityFeatures,
    query: Option<&[f32]>,
) -> Result<Vec<f64>> {
    if indices.len() > MAX_TOP_K {
        return Err(Error::invalid(
            "indices",
            format!("at most {MAX_TOP_K} items"),
            format!("{} items", indices.len()),
        ));
    }
    let q = match (&features, query) {
        (PropensityFeatures::Interaction, None) => {
            return Err(Error::invalid(
                "query",
                "the shopper's vector for \"interaction\" features",
                "undefined",
            ))
        }
        (_, Some(q)) if q.len() != store.dim() => {
            return Err(Error::invalid(
                "query",
                format!("{} values (the store's dimension)", store.dim()),
                format!("{} values", q.len()),
            ))
        }
        (_, Some(q)) => {
            crate::compute::Matrix::new("query", q, 1, q.len())?;
            check_magnitude("query", q)?;
            q.to_vec()
        }
        (_, None) => vec![0.0; store.dim()],
    };
    // Only the features are checked here (there is no model yet): a zero model of their width.
    let mut p = Propensity {
        coef: Vec::new(),
        intercept: 0.0,
        weight: 0.0,
        features,
    };
    let dim = p.dim(store);
    p.coef = vec![0.0; dim];
    p.check(store)
        .map_err(|e| e.renamed(&[("propensity.features", "features")]))?;
    let n = indices.len().saturating_mul(dim);
    if n > MAX_ELEMENTS {
        return Err(Error::invalid(
            "indices",
            format!("at most {MAX_ELEMENTS} feature values in all ({dim} per item)"),
            format!("{} items", indices.len()),
        ));
    }
    let mut out = Vec::new();
    out.try_reserve_exact(n)
        .map_err(|_| Error::invalid("indices", "rows that fit in memory", format!("{n} values")))?;
    for (k, &i) in indices.iter().enumerate() {
        let row = p.features(store, &q, i as usize).ok_or_else(|| {
            Error::invalid(
                format!("indices[{k}]"),
                format!("a store index below {}", store.len()),
                i,
            )
        })?;
        out.extend(row);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_the_features_the_ranker_scores_and_bad_input_is_named() {
        let store = ItemStore::from_f32(vec![3.0, 4.0, 1.0, 0.0], 2).unwrap();
        let rows = |f, q: Option<&[f32]>, idx: &[u32]| propensity_features(&store, idx, f, q);
        assert_eq!(
            rows(PropensityFeatures::Embedding, None, &[1, 0]).unwrap(),
            vec![1.0, 0.0, 3.0, 4.0]
        );
        // Interaction: the unit query (0.6, 0.8) times the embedding.
        let r = rows(PropensityFeatures::Interaction, Some(&[3.0, 4.0]), &[0]).unwrap();
        assert!(
            (r[0] - 1.8).abs() < 1e-6 && (r[1] - 3.2).abs() < 1e-6,
            "{r:?}"
        );
        let items = PropensityFeatures::Items {
            values: vec![7.0, 8.0],
            dim: 1,
        };
        assert_eq!(rows(items, None, &[1]).unwrap(), vec![8.0]);
        let err = |f, q: Option<&[f32]>, idx: &[u32]| rows(f, q, idx).unwrap_err().to_string();
        assert!(err(PropensityFeatures::Interaction, None, &[0]).contains("`query`"));
        assert!(
            err(PropensityFeatures::Embedding, Some(&[f32::NAN, 0.0]), &[0])
                .contains("`query`: expected finite numbers")
        );
        assert!(err(PropensityFeatures::Embedding, None, &[2])
            .contains("`indices[0]`: expected a store index below 2"));
        let short = PropensityFeatures::Items {
            values: vec![1.0],
            dim: 1,
        };
        assert!(err(short, None, &[0]).contains("`features.values`"));
        assert!(
            err(PropensityFeatures::Embedding, None, &vec![0; MAX_TOP_K + 1]).contains("`indices`")
        );
    }
}
